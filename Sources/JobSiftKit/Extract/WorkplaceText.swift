/// Reads from a posting's wording whether the work is remote, hybrid or on-site.
public enum WorkplaceText {
    /// The workplace the title states, else the one the text states, else `.unknown`.
    /// Hybrid wording wins over remote and on-site cues; "not remote" or "on-site only" wins over a remote cue.
    public static func detect(title: String?, text: String) -> WorkplaceType {
        if let title {
            let fromTitle = WorkplaceCues(in: title, isTitle: true).workplace
            if fromTitle != .unknown { return fromTitle }
        }
        return WorkplaceCues(in: text, isTitle: false).workplace
    }
}

/// The workplace cues found in one piece of text, by token position.
private struct WorkplaceCues {
    var firstRemote: Int?
    var firstOnsite: Int?
    var hasHybrid = false
    /// "not remote", "on-site only": said to rule remote work out, so it outweighs a remote cue elsewhere.
    var rulesOutRemote = false

    var workplace: WorkplaceType {
        if hasHybrid { return .hybrid }
        if rulesOutRemote { return .onsite }
        switch (firstRemote, firstOnsite) {
        // Postings state the arrangement first and mention the exception later ("Remote. Office in Berlin.").
        case let (remote?, onsite?): return remote < onsite ? .remote : .onsite
        case (_?, nil): return .remote
        case (nil, _?): return .onsite
        case (nil, nil): return .unknown
        }
    }

    init(in text: String, isTitle: Bool) {
        let tokens = WorkplaceToken.tokens(of: isTitle ? text : Self.linesWithCues(in: text))
        // A title is a label, so a cue word there counts without the sentence around it.
        func counts(_ range: ClosedRange<Int>) -> Bool { isTitle || tokens.isWorkplaceContext(around: range) }
        for index in tokens.indices where tokens[index].isWord {
            let word = tokens[index].text
            let previous = tokens.word(at: index - 1)
            switch word {
            case "remote":
                if let next = tokens.word(at: index + 1), Self.remoteVeto.contains(next) { continue }
                // "Is this job not remote?" asks; it states nothing about the job.
                if tokens.isInQuestion(index) { continue }
                if tokens.isNegated(index...index) {
                    rulesOutRemote = true
                } else if let previous, Self.partly.contains(previous) {
                    hasHybrid = true
                } else if counts(index...index) {
                    noteRemote(at: index)
                }
            case "remotely":
                // "work remotely" is a cue; "remotely operated vehicles" is not.
                guard let previous, Self.remotelyVerbs.contains(previous) else { continue }
                if tokens.isNegated(index...index) { rulesOutRemote = true } else { noteRemote(at: index) }
            case "wfh", "work", "working":
                let end = word == "wfh" ? index : index + 2
                guard word == "wfh" || (tokens.word(at: index + 1) == "from"
                    && ["home", "anywhere"].contains(tokens.word(at: index + 2))) else { continue }
                if tokens.isNegated(index...end) { rulesOutRemote = true } else { noteRemote(at: index) }
            case "hybrid":
                if let next = tokens.word(at: index + 1), Self.hybridVeto.contains(next) { continue }
                if !tokens.isNegated(index...index), counts(index...index) { hasHybrid = true }
            case "day", "days":
                readDaysPattern(at: index, in: tokens)
            default:
                guard let end = Self.onsitePhraseEnd(at: index, in: tokens), !tokens.isInQuestion(index) else { continue }
                let next = tokens.word(at: end + 1)
                if let next, Self.onsiteVeto.contains(next) { continue }
                if let previous, Self.occasional.contains(previous) { continue }
                if next == "only" || previous.map(Self.wholly.contains) == true {
                    rulesOutRemote = true
                    noteOnsite(at: index)
                } else if counts(index...end) {
                    noteOnsite(at: index)
                }
            }
        }
    }

    /// The lines of `text` that hold a word every cue needs, joined as they were. A cue is read within
    /// its line, and the order of what is kept does not change, so the other lines can be left out
    /// before the costly tokenization.
    private static func linesWithCues(in text: String) -> String {
        var kept: [UInt8] = []
        TextLines.forEach(in: text) { _, line in
            guard cueStems.contains(where: line.containsIgnoringASCIICase) else { return }
            if !kept.isEmpty { kept.append(0x0A) }
            kept.append(contentsOf: line)
        }
        return String(decoding: kept, as: UTF8.self)
    }

    /// Every cue word holds one of these: "remote", "wfh", "work from home/anywhere", "hybrid", "N days",
    /// "onsite", "on site", "in office", "in person", "office based".
    private static let cueStems = ["remote", "wfh", "home", "anywhere", "hybrid", "day", "site", "office", "person"]
        .map { Array($0.utf8) }

    private mutating func noteRemote(at index: Int) {
        if firstRemote == nil { firstRemote = index }
    }

    private mutating func noteOnsite(at index: Int) {
        if firstOnsite == nil { firstOnsite = index }
    }

    /// "2 days a week in the office", "in office 5 days", "3 days from home": fewer than five days in one
    /// place is hybrid. "1 day a month on site" is a visit, not an arrangement, and is skipped.
    private mutating func readDaysPattern(at index: Int, in tokens: [WorkplaceToken]) {
        guard let countWord = tokens.word(at: index - 1), let count = Self.dayCounts[countWord] else { return }
        let after = tokens.clause(from: index + 1, limit: 8)
        let isOccasional = zip(after, after.dropFirst()).contains {
            Self.frequencyWords.contains($0) && Self.longerPeriods.contains($1)
        }
        if isOccasional { return }
        let before = tokens.clause(from: index - 2, limit: 4, backwards: true)
        guard let place = (after + before).first(where: Self.places.contains) else { return }
        switch (Self.officePlaces.contains(place), count) {
        case (_, 1...4): hasHybrid = true
        case (true, _): noteOnsite(at: index)
        case (false, _): noteRemote(at: index)
        }
    }

    /// The last token of an on-site phrase starting here: "onsite", "on-site", "in-office", "in person",
    /// "office-based".
    private static func onsitePhraseEnd(at index: Int, in tokens: [WorkplaceToken]) -> Int? {
        let word = tokens[index].text
        if word == "onsite" { return index }
        guard let next = tokens.word(at: index + 1) else { return nil }
        switch (word, next) {
        case ("on", "site"), ("in", "office"), ("in", "person"), ("office", "based"): return index + 1
        default: return nil
        }
    }

    private static let dayCounts = [
        "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    ]
    private static let frequencyWords: Set<String> = ["a", "per", "each", "every", "/"]
    private static let longerPeriods: Set<String> = ["month", "quarter", "year"]
    private static let officePlaces: Set<String> = ["office", "onsite", "site", "person"]
    private static let homePlaces: Set<String> = ["home", "remote", "remotely", "wfh"]
    private static let places = officePlaces.union(homePlaces)
    private static let remotelyVerbs: Set<String> = ["work", "works", "working", "performed", "done", "based"]
    private static let partly: Set<String> = ["partially", "partly", "semi"]
    private static let wholly: Set<String> = ["fully", "100%", "entirely", "exclusively"]
    /// On-site visits now and then happen in remote jobs too.
    private static let occasional: Set<String> = [
        "occasional", "occasionally", "periodic", "periodically", "quarterly", "annual", "annually", "monthly",
        "sometimes", "rare", "rarely", "optional", "travel", "trips",
    ]
    /// Things that are remote without the job being so: technology, places, other people.
    private static let remoteVeto: Set<String> = [
        "sensing", "sensor", "sensors", "control", "controls", "controlled", "controller", "controllers",
        "monitoring", "monitor", "patient", "patients", "procedure", "procedures", "call", "calls", "access",
        "desktop", "desktops", "server", "servers", "device", "devices", "host", "hosts", "shell", "storage",
        "execution", "code", "repository", "operation", "operations", "operated", "support", "assistance",
        "diagnostics", "management", "learning", "site", "sites", "area", "areas", "location", "locations",
        "community", "communities", "region", "regions", "village", "villages", "island", "islands",
        "team", "teams", "colleague", "colleagues", "teammates", "chance", "possibility",
    ]
    /// Hybrid as a technical or product term.
    private static let hybridVeto: Set<String> = [
        "cloud", "clouds", "multi", "search", "retrieval", "ranking", "recommender", "rag", "dense", "sparse",
        "model", "models", "modeling", "modelling", "method", "methods", "algorithm", "algorithms", "approach",
        "approaches", "architecture", "architectures", "system", "systems", "infrastructure", "environment",
        "environments", "deployment", "deployments", "network", "networks", "integration", "solution",
        "solutions", "app", "apps", "mobile", "database", "databases", "storage", "transactional", "quantum",
        "vehicle", "vehicles", "car", "cars", "electric", "engine", "engines", "event", "events", "meeting",
        "meetings",
    ]
    /// On-site perks and events, which say nothing about where the work happens.
    private static let onsiteVeto: Set<String> = [
        "gym", "gyms", "fitness", "cafeteria", "canteen", "cafe", "kitchen", "restaurant", "meal", "meals",
        "lunch", "lunches", "parking", "childcare", "daycare", "clinic", "doctor", "health", "massage",
        "amenities", "perks", "interview", "interviews", "visit", "visits", "event", "events", "meetups",
        "offsites", "gatherings", "meeting", "meetings", "training", "reliability", "hours",
    ]
}

/// A lowercased word or a single punctuation mark; a newline is the mark "\n".
private struct WorkplaceToken {
    var text: String
    var isWord: Bool

    static func tokens(of text: String) -> [WorkplaceToken] {
        let scalars = Array(text.lowercased().unicodeScalars)
        var tokens: [WorkplaceToken] = []
        var word = ""
        func isWordScalar(_ index: Int) -> Bool {
            index >= 0 && index < scalars.count && (scalars[index].isLetterLike
                || ("0"..."9").contains(scalars[index]) || scalars[index] == "%")
        }
        for (index, scalar) in scalars.enumerated() {
            if isWordScalar(index) {
                word.unicodeScalars.append(scalar)
                continue
            }
            // Keep "can't" whole; a quote around a word is not part of it.
            if "'’".unicodeScalars.contains(scalar), !word.isEmpty, isWordScalar(index + 1) {
                word.unicodeScalars.append("'")
                continue
            }
            if !word.isEmpty {
                tokens.append(WorkplaceToken(text: word, isWord: true))
                word = ""
            }
            // A hyphen inside a compound only separates its words: "remote-first", "on-site", "non-remote".
            if "-‐‑".unicodeScalars.contains(scalar), isWordScalar(index - 1), isWordScalar(index + 1) { continue }
            if !scalar.isSpaceLike || scalar == "\n" {
                tokens.append(WorkplaceToken(text: String(scalar), isWord: false))
            }
        }
        if !word.isEmpty { tokens.append(WorkplaceToken(text: word, isWord: true)) }
        return tokens
    }

    var endsSentence: Bool { !isWord && ".!?;\n".contains(text) }
}

private extension Array where Element == WorkplaceToken {
    func word(at index: Int) -> String? {
        indices.contains(index) && self[index].isWord ? self[index].text : nil
    }

    /// A cue word speaks of the job when it stands apart ("Location: Remote", "(Hybrid)") or next to a
    /// word about working ("fully remote", "remote role", "is on-site").
    func isWorkplaceContext(around range: ClosedRange<Int>) -> Bool {
        guard let previous = word(at: range.lowerBound - 1), let next = word(at: range.upperBound + 1) else {
            return true
        }
        return Self.qualifiersBefore.contains(previous) || Self.workWordsAfter.contains(next)
    }

    /// "no remote", "this is not a remote role", "unable to offer remote work", "remote work is not possible",
    /// "Remote: no". Only words that keep the statement going may sit between the negation and the cue.
    func isNegated(_ range: ClosedRange<Int>) -> Bool {
        var index = range.lowerBound - 1
        while index >= 0, range.lowerBound - index <= 4, let word = word(at: index) {
            if Self.negatorsBefore.contains(word) { return true }
            guard Self.fillersBefore.contains(word) else { break }
            index -= 1
        }
        index = range.upperBound + 1
        while index < count, index - range.upperBound <= 4 {
            if self[index].text == ":" {
                index += 1
                continue
            }
            guard let word = word(at: index) else { break }
            if Self.negatorsAfter.contains(word) || (word == "no" && self[index - 1].text == ":") { return true }
            guard Self.fillersAfter.contains(word) else { break }
            index += 1
        }
        return false
    }

    /// True when the sentence holding `index` ends with a question mark.
    func isInQuestion(_ index: Int) -> Bool {
        var end = index
        while end < count, !self[end].endsSentence { end += 1 }
        return end < count && self[end].text == "?"
    }

    /// Up to `limit` words from `start`, stopping at the end of the sentence.
    func clause(from start: Int, limit: Int, backwards: Bool = false) -> [String] {
        var words: [String] = []
        var index = start
        while indices.contains(index), words.count < limit, !self[index].endsSentence {
            words.append(self[index].text)
            index += backwards ? -1 : 1
        }
        return words
    }

    private static let qualifiersBefore: Set<String> = [
        "fully", "100%", "completely", "entirely", "primarily", "mostly", "permanently", "exclusively",
        "is", "are", "be", "being", "go", "work", "works", "working", "role", "position", "job", "location",
        "workplace", "type", "or", "also",
    ]
    private static let workWordsAfter: Set<String> = [
        "work", "working", "worker", "workers", "role", "roles", "position", "positions", "job", "jobs",
        "opportunity", "opportunities", "first", "friendly", "only", "option", "options", "eligible", "ok",
        "okay", "possible", "allowed", "available", "employment", "candidates", "applicants", "setup",
        "arrangement", "arrangements", "basis", "schedule", "schedules", "policy", "company", "contract",
        "or", "in", "from", "within", "across", "worldwide", "anywhere", "global", "globally",
    ]
    private static let negatorsBefore: Set<String> = [
        "no", "not", "non", "cannot", "can't", "cant", "don't", "dont", "doesn't", "doesnt", "won't", "isn't",
        "never", "unable",
    ]
    private static let fillersBefore: Set<String> = [
        "a", "an", "the", "fully", "100%", "offer", "offering", "support", "supporting", "allow", "allowing",
        "provide", "providing", "consider", "considering", "accept", "accepting", "open", "to", "be", "for",
        "hire", "hiring", "work", "working", "this", "is", "role", "position", "job", "currently", "able", "do",
    ]
    private static let negatorsAfter: Set<String> = [
        "not", "isn't", "aren't", "won't", "cannot", "can't", "unavailable", "impossible",
    ]
    private static let fillersAfter: Set<String> = [
        "work", "working", "is", "are", "will", "would", "be", "option", "options", "role", "roles", "position",
        "positions", "job", "jobs", "candidates", "applicants", "arrangements", "here", "currently",
        "unfortunately", "also", "for", "this",
    ]
}
