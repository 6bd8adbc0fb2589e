/// How strongly a posting asks for a skill.
public enum SkillDemand: String, Sendable, Codable, Comparable {
    case required, preferred
    /// Found only where it says nothing of the candidate: the company blurb, the benefits.
    case notDemanded = "not-demanded"

    public static func < (lhs: SkillDemand, rhs: SkillDemand) -> Bool {
        let order: [SkillDemand] = [.required, .preferred, .notDemanded]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// One place a skill was found.
public struct SkillMention: Sendable, Equatable, Codable {
    public var skill: String
    /// The words as the posting wrote them.
    public var surface: String
    public var section: SectionKind
    /// 1-based line in the posting's text (0 for the title).
    public var line: Int
    public var demand: SkillDemand
}

/// A skill a posting asks for, with its strongest demand and every mention.
public struct PostingSkill: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var category: String
    public var demand: SkillDemand
    public var mentions: [SkillMention]
}

/// Finds the skills of a posting, section-aware: required, preferred, or mentioned without demand.
public struct SkillExtractor: Sendable {
    public let taxonomy: SkillTaxonomy
    /// The payload of an alias is its skill's index followed by those of the skills it implies.
    private var matcher: PhraseMatcher<[Int]>
    /// Each skill's index in the taxonomy, by id.
    private let skillIndex: [String: Int]

    public init(taxonomy: SkillTaxonomy) {
        self.taxonomy = taxonomy
        let index = Dictionary(uniqueKeysWithValues: taxonomy.skills.enumerated().map { ($1.id, $0) })
        skillIndex = index
        matcher = PhraseMatcher(taxonomy.skills.enumerated().flatMap { skillIndex, skill in
            // The aliases of a skill share one payload array unless they imply other skills.
            let own = [skillIndex]
            return skill.aliases.map { alias in
                (alias: alias, payload: alias.implies.isEmpty ? own : own + alias.implies.compactMap { index[$0] })
            }
        })
        matcher.breaksInside = .none
    }

    /// Every mention in the title and text, in order.
    public func mentions(title: String?, text: String, sections: PostingSections) -> [SkillMention] {
        mentions(title: title, textSpans: Tokenizer(stopWords: []).spans(text), sections: sections)
    }

    /// The same from the text's tokens, made with no stop words removed.
    public func mentions(title: String?, textSpans: [Token], sections: PostingSections) -> [SkillMention] {
        var result: [SkillMention] = []
        if let title {
            let tokens = matcher.prepare(title)
            for match in matcher.matches(in: tokens) {
                result += mentions(match, tokens: tokens, section: .title, line: 0, demand: .required)
            }
        }
        let tokens = matcher.prepare(spans: textSpans)
        let sentences = Self.sentences(tokens)
        let optional = Self.optionalTokens(tokens, sentences: sentences)
        let byLanguage = Self.sectionsByLanguage(tokens, sentences: sentences, sections: sections)
        let listsSkills = { (index: Int) in [.requirements, .preferred].contains(sections.kind(ofLine: tokens[index].line)) }
        for match in matcher.matches(in: tokens, listsSkills: listsSkills) {
            let line = tokens[match.range.lowerBound].line
            let section = byLanguage[match.range.lowerBound] ?? sections.kind(ofLine: line)
            let demand: SkillDemand
            if !section.countsAsDemand || namesOtherPeople(after: match.range.upperBound, in: tokens)
                || Self.followsRoleLabel(match.range.lowerBound, in: tokens) {
                demand = .notDemanded
            } else if section == .preferred || optional[match.range.lowerBound] {
                demand = .preferred
            } else {
                demand = .required
            }
            result += mentions(match, tokens: tokens, section: section, line: line + 1, demand: demand)
        }
        return result
    }

    /// The skills of a posting, one entry per skill, in order of first mention.
    public func skills(title: String?, text: String, sections: PostingSections) -> [PostingSkill] {
        skills(title: title, textSpans: Tokenizer(stopWords: []).spans(text), sections: sections)
    }

    /// The same from the text's tokens, made with no stop words removed.
    public func skills(title: String?, textSpans: [Token], sections: PostingSections) -> [PostingSkill] {
        var order: [String] = []
        var grouped: [String: [SkillMention]] = [:]
        for mention in mentions(title: title, textSpans: textSpans, sections: sections) {
            if grouped[mention.skill] == nil { order.append(mention.skill) }
            grouped[mention.skill, default: []].append(mention)
        }
        return order.map { id in
            let skill = taxonomy.skills[skillIndex[id]!]
            let mentions = grouped[id]!
            return PostingSkill(id: id, name: skill.name, category: skill.category,
                                demand: mentions.map(\.demand).min()!, mentions: mentions)
        }
    }

    /// Words after a skill that make it the name of a group or a role ("the DevOps team", "with Data
    /// Engineers", "our Agile squad", "a Python Developer", "Scrum Master"): the job works beside
    /// them, or the text names the role again, and annotators do not read a skill asked for there.
    /// (Compared as match keys, so "engineer" and "engineers" are one word.)
    static let groupNouns: Set<String> = keySet(["team", "teams", "engineers", "developers", "department", "squad",
                                                 "squads", "guild", "community", "colleagues", "specialists", "experts",
                                                 "administrators", "architects", "consultants", "master"])
    /// Words that may stand between the skill and the noun of a role's name ("Android Software
    /// Engineer", "DevOps System Administrator", "SAP Cloud Solution Specialist").
    static let roleQualifiers: Set<String> = keySet(["software", "system", "systems", "mobile", "platform", "cloud",
                                                     "solution", "solutions", "backend", "frontend", "full-stack",
                                                     "web", "application", "infrastructure", "embedded", "test"])

    private static func keySet(_ words: [String]) -> Set<String> {
        Set(words.map(matchKey))
    }

    private func namesOtherPeople(after end: Int, in tokens: [Token]) -> Bool {
        var index = end
        while index < min(tokens.count, end + 2), tokens[index].boundary == .none,
              Self.roleQualifiers.contains(tokens[index].text) {
            index += 1
        }
        return index < tokens.count && tokens[index].boundary == .none && Self.groupNouns.contains(tokens[index].text)
    }

    /// A job board's header field that names the job ("Role: DevOps", "Position: Data Engineer"),
    /// capitalised as a label is ("in this role, Kubernetes…" is not one).
    static let roleLabels: Set<String> = ["Role", "Position"]

    private static func followsRoleLabel(_ start: Int, in tokens: [Token]) -> Bool {
        start > 0 && tokens[start].boundary == .clause && roleLabels.contains(tokens[start - 1].surface)
    }

    /// Phrases that make a sentence of general text company text or benefits, as match keys.
    static let companyNotes = keys(["equal opportunity", "equal employment", "regardless of race", "without regard to",
                                    "to apply", "send your cv", "send your resume", "apply now", "application process",
                                    "reasonable accommodation", "founded in", "headquartered in", "backed by"])
    static let benefitNotes = keys(["we offer", "perks", "health insurance", "paid time off", "401k", "401(k)",
                                    "stock options", "parental leave", "vacation days", "gym membership", "free lunch",
                                    "laptop", "laptops", "macbook"])
    /// Words that speak to the reader or of the job: a sentence with one is about the role.
    static let roleWords = keys(["you", "your", "you'll", "you're", "looking for", "hiring", "seeking", "join", "role",
                                 "position", "candidate", "we need", "responsible"])
    static let companyVoice = keys(["we", "our", "we're", "we've", "us"])

    private static func keys(_ phrases: [String]) -> [[String]] {
        phrases.map { Tokenizer(stopWords: []).tokens($0).map(matchKey) }
    }

    /// True when one of `phrases` (as match keys) starts at `index` and ends before `end`.
    private static func startsPhrase(of phrases: [[String]], at index: Int, in tokens: [Token], before end: Int) -> Bool {
        phrases.contains { phrase in
            index + phrase.count <= end && phrase.indices.allSatisfy { tokens[index + $0].text == phrase[$0] }
        }
    }

    /// The sentences of `tokens` as ranges: a sentence break, or a new line, starts one.
    static func sentences(_ tokens: [Token]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        while start < tokens.count {
            var end = start + 1
            while end < tokens.count, tokens[end].boundary != .sentence { end += 1 }
            result.append(start..<end)
            start = end
        }
        return result
    }

    /// What a sentence of general text is by its language, for each token (nil: what its line's
    /// section says). Equal-opportunity and application notes are company text, perks benefits;
    /// and the opening sentences in the company's own voice ("We are a leading provider of…"),
    /// up to the first that speaks of the job or the reader, are company text too, so a skill
    /// there is not demanded while "you will join our PyTorch team" still is.
    static func sectionsByLanguage(_ tokens: [Token], sentences: [Range<Int>], sections: PostingSections) -> [SectionKind?] {
        var result = [SectionKind?](repeating: nil, count: tokens.count)
        var opening = true
        for sentence in sentences {
            guard sections.kind(ofLine: tokens[sentence.lowerBound].line) == .intro else {
                opening = false
                continue
            }
            // Past this many words the "sentence" is text whose punctuation was lost (a page's
            // sections run together), and a phrase in it says nothing of the rest.
            guard sentence.count <= 60 else { continue }
            func says(_ phrases: [[String]]) -> Bool {
                sentence.contains { startsPhrase(of: phrases, at: $0, in: tokens, before: sentence.upperBound) }
            }
            var kind: SectionKind?
            if says(companyNotes) {
                kind = .company
            } else if says(benefitNotes) {
                kind = .benefits
            } else if opening, sentence.count >= 8 {
                // A title or a heading-like line neither opens nor closes the opening.
                if says(companyVoice) && !says(roleWords) { kind = .company } else { opening = false }
            }
            if let kind { for index in sentence { result[index] = kind } }
        }
        return result
    }

    /// Words ("a plus", "nice to have", "ideally", …) that make what they speak of optional, as
    /// match keys.
    static let optionalMarkers = keys(PostingSections.preferredMarkers)
    /// Words that open a clause of its own: in "Python and SQL, with R as a bonus" only R is optional.
    static let clauseOpeners: Set<String> = ["with", "and", "plus", "but", "while", "ideally", "preferably", "also", "or"]

    /// Which tokens an optional marker governs. A marker that opens its sentence ("Bonus: Kafka",
    /// "Ideally, Go") governs the sentence; one in a clause of its own ("…, with R as a bonus")
    /// governs that clause and those after it; any other ("Kafka, Flink or Spark is a plus") the
    /// whole sentence.
    static func optionalTokens(_ tokens: [Token], sentences: [Range<Int>]) -> [Bool] {
        var optional = [Bool](repeating: false, count: tokens.count)
        for sentence in sentences {
            let (sentenceStart, sentenceEnd) = (sentence.lowerBound, sentence.upperBound)
            var clauseStart = sentenceStart
            for index in sentenceStart..<sentenceEnd {
                if index > sentenceStart, tokens[index].boundary == .clause { clauseStart = index }
                guard startsPhrase(of: optionalMarkers, at: index, in: tokens, before: sentenceEnd) else { continue }
                let opensSentence = clauseStart == sentenceStart && index - sentenceStart < 4
                let from = !opensSentence && clauseStart > sentenceStart && clauseOpeners.contains(tokens[clauseStart].text)
                    ? clauseStart : sentenceStart
                for governed in from..<sentenceEnd { optional[governed] = true }
                break
            }
        }
        return optional
    }

    private func mentions(_ match: PhraseMatcher<[Int]>.Match, tokens: [Token], section: SectionKind, line: Int,
                          demand: SkillDemand) -> [SkillMention] {
        let surface = tokens[match.range].map(\.surface).joined(separator: " ")
        return match.payload.map {
            SkillMention(skill: taxonomy.skills[$0].id, surface: surface, section: section, line: line, demand: demand)
        }
    }
}
