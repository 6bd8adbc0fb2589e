/// Finds alias phrases in a token stream in one left-to-right pass over a trie of their words.
/// At each position the longest phrase whose conditions hold wins, and matching resumes after it.
///
/// Conditions (`SkillAlias`): exact capitalisation, a corroborating word nearby, no excluding word
/// nearby, and words that must not come right before or after.
public struct PhraseMatcher<Payload: Sendable>: Sendable {
    /// One phrase found: the payload of its alias and the token range it covers.
    public struct Match: Sendable {
        public var payload: Payload
        public var alias: String
        public var range: Range<Int>
    }

    private struct Entry: Sendable {
        var payload: Payload
        var alias: SkillAlias
        /// The alias's words as written, for case-sensitive comparison.
        var surfaces: [String]
        /// The alias's words case-folded but not singularised.
        var words: [String]
        var context: [[String]]
        var notContext: [[String]]
        var notNext: [[String]]
        var notPrevious: [[String]]
    }

    private struct TrieNode: Sendable {
        var entries: [Entry] = []
    }

    private var nodes = [TrieNode()]
    private var edges = TrieEdges()
    /// The strongest break a phrase may run across: none for skills ("…we use Oracle⏎Database
    /// migrations…" is not Oracle Database); titles and role names keep their commas
    /// ("Software Engineer, Machine Learning").
    public var breaksInside: Token.Boundary = .sentence
    private static var tokenizer: Tokenizer { Tokenizer(stopWords: []) }

    public init(_ aliases: [(alias: SkillAlias, payload: Payload)]) {
        // Condition phrases repeat across aliases (3,500 in skills.yaml, 1,500 different); each
        // is tokenized once, which takes a fifth off building the matcher at every start.
        var phraseKeys: [String: [String]] = [:]
        func phrases(_ list: [String]) -> [[String]] {
            list.compactMap { phrase in
                let keys: [String]
                if let known = phraseKeys[phrase] {
                    keys = known
                } else {
                    keys = Self.tokenizer.tokens(phrase).map(matchKey)
                    phraseKeys[phrase] = keys
                }
                return keys.isEmpty ? nil : keys
            }
        }
        for (alias, payload) in aliases {
            let words = Self.tokenizer.spans(alias.text)
            guard !words.isEmpty else { continue }
            var node = 0
            for word in words {
                let key = matchKey(word.text)
                if let next = edges.child(of: node, key) {
                    node = next
                } else {
                    nodes.append(TrieNode())
                    edges.add(from: node, key, to: nodes.count - 1)
                    node = nodes.count - 1
                }
            }
            nodes[node].entries.append(Entry(
                payload: payload, alias: alias, surfaces: words.map(\.surface), words: words.map(\.text), context: phrases(alias.context),
                notContext: phrases(alias.notContext), notNext: phrases(alias.notNext),
                notPrevious: phrases(alias.notPrevious)))
        }
    }

    /// The tokens of `text` prepared for matching: stop words kept, attached suffixes split off,
    /// and `text` replaced by its match key (singular: "platforms" matches "platform").
    public func prepare(_ text: String) -> [Token] {
        prepare(spans: Self.tokenizer.spans(text))
    }

    /// The same from spans already made by a tokenizer without stop words.
    public func prepare(spans: some Sequence<Token>) -> [Token] {
        var result: [Token] = []
        result.reserveCapacity(spans.underestimatedCount)
        for token in spans {
            let key = matchKey(token.text)
            guard edges.child(of: 0, key) == nil, let parts = split(token) else {
                result.append(Token(text: key, surface: token.surface, line: token.line, boundary: token.boundary))
                continue
            }
            for (index, part) in parts.enumerated() {
                result.append(Token(text: matchKey(part.text), surface: part.surface, line: part.line,
                                    boundary: index == 0 ? token.boundary : .none))
            }
        }
        return result
    }

    /// Every phrase in `tokens`, in order, non-overlapping, none across a break stronger than `breaksInside`.
    /// Where `listsSkills` says a token stands in a list of what the job needs, a case-sensitive
    /// alias written as such inside a sentence ("Some Go for internal tooling") needs no
    /// corroborating word: the capital and the place say enough.
    public func matches(in tokens: [Token], listsSkills: (Int) -> Bool = { _ in false }) -> [Match] {
        var result: [Match] = []
        var position = 0
        while position < tokens.count {
            var node = 0
            var candidates: [(end: Int, node: Int)] = []
            var cursor = position
            while cursor < tokens.count, cursor == position || tokens[cursor].boundary <= breaksInside,
                  let next = edges.child(of: node, tokens[cursor].text) {
                node = next
                cursor += 1
                if !nodes[node].entries.isEmpty { candidates.append((cursor, node)) }
            }
            var matched: Match?
            for candidate in candidates.reversed() {
                let range = position..<candidate.end
                // An alias spelt exactly as the text ("LLM", with its rules) goes before one that only
                // shares the singular form ("LLMs"), so a plural alias cannot bypass the rules.
                let written = tokens[range].map { Tokenizer.fold($0.surface) }
                let entries = nodes[candidate.node].entries
                let exact = entries.filter { $0.words == written }
                if let entry = (exact.isEmpty ? entries : exact).first(where: {
                    holds($0, at: range, in: tokens, needsContext: !(tokens[range.lowerBound].boundary == .none
                        && range.lowerBound > 0 && listsSkills(range.lowerBound)))
                }) {
                    matched = Match(payload: entry.payload, alias: entry.alias.text, range: range)
                    break
                }
            }
            if let matched {
                result.append(matched)
                position = matched.range.upperBound
            } else {
                position += 1
            }
        }
        return result
    }

    private func holds(_ entry: Entry, at range: Range<Int>, in tokens: [Token], needsContext: Bool) -> Bool {
        if entry.alias.caseSensitive && !zip(tokens[range], entry.surfaces).allSatisfy({ $0.surface == $1 }) {
            return false
        }
        if entry.notNext.contains(where: { phrase($0, startsAt: range.upperBound, in: tokens) }) { return false }
        if entry.notPrevious.contains(where: { phrase($0, endsAt: range.lowerBound, in: tokens) }) { return false }
        let window = entry.alias.window
        let lower = max(0, range.lowerBound - window)
        let upper = min(tokens.count, range.upperBound + window)
        func near(_ phrase: [String]) -> Bool {
            (lower..<upper).contains { start in
                (start + phrase.count <= range.lowerBound || start >= range.upperBound)
                    && self.phrase(phrase, startsAt: start, in: tokens) && start + phrase.count <= upper
            }
        }
        if entry.notContext.contains(where: near) { return false }
        if !entry.context.isEmpty && !entry.context.contains(where: near) {
            return !needsContext && entry.alias.caseSensitive
        }
        return true
    }

    private func phrase(_ words: [String], startsAt start: Int, in tokens: [Token]) -> Bool {
        guard start >= 0, start + words.count <= tokens.count else { return false }
        return words.indices.allSatisfy { tokens[start + $0].text == words[$0] }
    }

    private func phrase(_ words: [String], endsAt end: Int, in tokens: [Token]) -> Bool {
        phrase(words, startsAt: end - words.count, in: tokens)
    }

    /// A token the trie does not know whole may still hold a known word: "c/c++" is "c" and "c++",
    /// "PyTorch-based" is "PyTorch". Nil when the token stays whole.
    private func split(_ token: Token) -> [Token]? {
        var hasSlash = false
        var hasHyphen = false
        for byte in token.text.utf8 {
            if byte == UInt8(ascii: "/") { hasSlash = true } else if byte == UInt8(ascii: "-") { hasHyphen = true }
        }
        if hasSlash {
            return zip(token.text.split(separator: "/"), token.surface.split(separator: "/")).map {
                Token(text: String($0), surface: String($1), line: token.line)
            }
        }
        guard hasHyphen else { return nil }
        for suffix in attachedSuffixes where token.text.hasSuffix(suffix) && token.text.count > suffix.count {
            return [Token(text: String(token.text.dropLast(suffix.count)),
                          surface: String(token.surface.dropLast(suffix.count)), line: token.line)]
        }
        // "HIPAA-compliant", "8-GPU", "data-quality instincts": the parts count as words when
        // they hold an alias that needs no condition. The parts of "go-to-market" or "R-squared"
        // hold only conditional ones (Go, R), so those stay one word.
        func parts(_ word: String) -> [String] {
            word.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        }
        let texts = parts(token.text)
        let surfaces = parts(token.surface)
        guard texts.count > 1, texts.count == surfaces.count, !texts.contains(where: \.isEmpty),
              holdsPlainAlias(texts.map(matchKey)) else { return nil }
        return zip(texts, surfaces).map { Token(text: $0, surface: $1, line: token.line) }
    }

    /// True when an alias without conditions starts at one of `keys` and lies within them.
    private func holdsPlainAlias(_ keys: [String]) -> Bool {
        keys.indices.contains { start in
            var node = 0
            for key in keys[start...] {
                guard let next = edges.child(of: node, key) else { return false }
                node = next
                if nodes[node].entries.contains(where: { !$0.alias.isConditional }) { return true }
            }
            return false
        }
    }
}

/// The edges of a trie of words, (node, word) → child, in one open-addressing table hashed with
/// FNV-1a: matching looks a word up at every token of every posting, and a dictionary per node,
/// with its seeded SipHash, took several times as long.
private struct TrieEdges: Sendable {
    /// Edge index + 1 at each slot, 0 when empty; a power of two in size, at most half full.
    private var slots = [Int32](repeating: 0, count: 64)
    private var parents: [Int32] = []
    private var words: [String] = []
    private var children: [Int32] = []

    func child(of node: Int, _ word: String) -> Int? {
        let mask = slots.count - 1
        var slot = Self.hash(node, word) & mask
        while slots[slot] != 0 {
            let edge = Int(slots[slot]) - 1
            if parents[edge] == node && words[edge] == word { return Int(children[edge]) }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Adds an edge that is not there yet.
    mutating func add(from node: Int, _ word: String, to child: Int) {
        parents.append(Int32(node))
        words.append(word)
        children.append(Int32(child))
        if parents.count * 2 > slots.count {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            for edge in parents.indices { place(edge) }
        } else {
            place(parents.count - 1)
        }
    }

    private mutating func place(_ edge: Int) {
        let mask = slots.count - 1
        var slot = Self.hash(Int(parents[edge]), words[edge]) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(edge + 1)
    }

    private static func hash(_ node: Int, _ word: String) -> Int {
        var word = word
        return word.withUTF8 { bytes in
            var state: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: node &* 0x9E37_79B9)
            for byte in bytes { state = (state ^ UInt64(byte)) &* 0x100_0000_01b3 }
            return Int(truncatingIfNeeded: state ^ (state >> 29))
        }
    }
}

/// Word endings that attach a skill to an adjective ("PyTorch-based"); the part before counts alone.
private let attachedSuffixes = [
    "-based", "-powered", "-native", "-driven", "-first", "-centric", "-enabled", "-focused", "-heavy",
    "-savvy", "-certified", "-like", "-style", "-compatible", "-specific", "-related",
]

/// The form a word is compared in: a plain English plural loses its "s" ("models", "pipelines"),
/// so an alias matches both numbers, and a British "-ise" spelling takes its "-ize" form
/// ("tokenisation", "optimiser", "analysed"), so it matches either spelling. Short words and
/// "-ss", "-us", "-is" endings are kept ("aws", "class", "status", "analysis").
func matchKey(_ word: String) -> String {
    // Most words end in neither a plural "s" nor a British ending; they are the key as they are.
    var word = word
    let mayChange = word.withUTF8 { bytes -> Bool in
        guard let last = bytes.last else { return false }
        switch last {
        case UInt8(ascii: "s"): return bytes.count > 3
        case UInt8(ascii: "e"), UInt8(ascii: "n"), UInt8(ascii: "g"), UInt8(ascii: "d"), UInt8(ascii: "r"): return bytes.count >= 7
        default: return false
        }
    }
    return mayChange ? americanSpelling(singular(word)) : word
}

/// British endings and their American forms, longest first.
private let britishEndings: [(british: String, american: String)] = [
    ("isation", "ization"), ("ising", "izing"), ("ysing", "yzing"), ("ised", "ized"), ("ysed", "yzed"),
    ("iser", "izer"), ("ise", "ize"), ("yse", "yze"),
]

private func americanSpelling(_ word: String) -> String {
    let bytes = word.utf8
    // Four letters at least before the ending: "wise", "noise" and "praise" keep theirs.
    guard bytes.count >= 7 else { return word }
    switch bytes.last {
    case UInt8(ascii: "e"), UInt8(ascii: "n"), UInt8(ascii: "g"), UInt8(ascii: "d"), UInt8(ascii: "r"): break
    default: return word
    }
    // Every ending has its "is" or "ys" two to six bytes from the end; most words have none there.
    let tail = bytes.suffix(7)
    guard zip(tail, tail.dropFirst()).contains(where: { ($0 == UInt8(ascii: "i") || $0 == UInt8(ascii: "y")) && $1 == UInt8(ascii: "s") })
    else { return word }
    for (british, american) in britishEndings where bytes.count >= british.utf8.count + 4
        && bytes.suffix(british.utf8.count).elementsEqual(british.utf8) {
        return String(word.dropLast(british.count)) + american
    }
    return word
}

private func singular(_ word: String) -> String {
    // Compared as bytes: this runs on every word of every posting.
    let bytes = word.utf8
    guard bytes.count > 3, bytes.last == UInt8(ascii: "s") else { return word }
    switch bytes[bytes.index(bytes.endIndex, offsetBy: -2)] {
    case UInt8(ascii: "s"), UInt8(ascii: "u"), UInt8(ascii: "i"), UInt8(ascii: "'"): return word
    case UInt8(ascii: "c") where fieldsEndingInICS.contains(word): return word
    default: break
    }
    // More than three letters; only a word with non-ASCII bytes needs its characters counted.
    guard bytes.allSatisfy({ $0 < 0x80 }) || word.count > 3 else { return word }
    return String(word.dropLast())
}

/// Names of fields that end like a plural but are not one: "robotics" is not "robotic" (a voice
/// that sounds robotic), nor "ethics" a "work ethic".
private let fieldsEndingInICS: Set<String> = [
    "analytics", "statistics", "robotics", "dynamics", "ethics", "linguistics", "econometrics", "physics", "mathematics",
    "economics", "graphics", "genomics", "logistics", "electronics", "optics", "informatics", "bioinformatics",
    "mechanics", "semantics", "ergonomics", "kinematics", "haptics", "photonics", "forensics", "proteomics",
]

extension PhraseMatcher where Payload == Int {
    /// A matcher whose payload is the index of the group an alias came from (a skill, a level, a role).
    public init(groups: [[SkillAlias]]) {
        self.init(groups.enumerated().flatMap { index, aliases in aliases.map { (alias: $0, payload: index) } })
    }
}
