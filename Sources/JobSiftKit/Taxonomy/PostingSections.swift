import Foundation

/// The parts a posting is usually written in.
public enum SectionKind: String, Sendable, Codable, CaseIterable {
    case title, intro, responsibilities, requirements, preferred, company, benefits

    /// Skills in the company blurb, the benefits or the application notes are not demanded of the candidate.
    public var countsAsDemand: Bool { self != .company && self != .benefits }
}

/// Assigns each line of a posting's text to a section, from the headings the posting uses.
///
/// A heading is a short line without a closing full stop ("Requirements", "## Nice to have",
/// "What you'll do:"), or the label before a colon that opens a line ("Requirements: Python, SQL").
/// Lines before the first recognised heading are the intro.
public struct PostingSections: Sendable {
    /// The section of each line of the text, by 0-based line number.
    public let lineKinds: [SectionKind]

    public init(text: String) {
        var kinds: [SectionKind] = []
        var current = SectionKind.intro
        TextLines.forEach(in: text) { number, line in
            // Most lines are sentences: too long to be a heading or its label, whatever they hold.
            if line.count <= Self.longestHeadingLine {
                let line = String(decoding: line, as: UTF8.self)
                if let kind = Self.headingKind(line) {
                    current = kind
                } else if Self.isMarkedHeading(line) {
                    // A heading jobsift cannot name ("How we work") still ends the section before it;
                    // what follows is general text, which counts as demand.
                    current = .intro
                }
            }
            kinds.append(current)
        }
        lineKinds = kinds
    }

    /// Bytes in the longest line that may be a heading or open with one's label.
    static let longestHeadingLine = 200

    public func kind(ofLine line: Int) -> SectionKind {
        line < lineKinds.count ? lineKinds[line] : .intro
    }

    /// Phrases that open each kind of section, checked in this order: "Preferred qualifications"
    /// is preferred before it is requirements; "About you" is requirements before "about" is company.
    static let headingPhrases: [(SectionKind, [String])] = [
        (.preferred, ["nice to have", "nice-to-have", "preferred", "bonus", "plus", "desirable", "good to have",
                      "extra credit", "would be great", "added advantage", "optional", "ideally"]),
        (.requirements, ["about you", "requirement", "qualification", "what you bring", "what you'll bring",
                         "what you will bring", "looking for", "must have", "must-have", "you have", "who you are",
                         "what you need", "what you'll need", "what you will need", "skills", "experience",
                         "you are", "you bring", "your profile", "profile", "competenc", "expertise",
                         "your background", "minimum", "basic", "essential", "what we need", "need to succeed"]),
        (.responsibilities, ["about the role", "about this role", "about the job", "about the position",
                             "about the opportunity", "responsibilit", "what you'll do", "what you will do",
                             "you will", "you'll", "the role", "your role", "duties", "day to day", "day-to-day",
                             "key tasks", "the job", "the work", "in this role", "the opportunity", "the position",
                             "what the job involves", "your mission", "your impact", "the challenge", "tasks",
                             "look like", "first 90 days", "first six months", "first year", "how we work", "our stack",
                             "tech stack", "tools we use", "what success"]),
        (.benefits, ["benefit", "perks", "what we offer", "we offer", "compensation", "salary", "pay", "why you'll love",
                     "why join", "what's in it", "rewards", "package", "what you get", "what you'll get"]),
        (.company, ["about", "who we are", "our mission", "our story", "company", "equal opportunity", "eeo",
                    "diversity", "how to apply", "application process", "to apply", "our team", "the team", "why us",
                    "our values", "culture"]),
    ]

    static func headingKind(_ rawLine: String) -> SectionKind? {
        guard rawLine.utf8.count <= longestHeadingLine else { return nil }
        var line = rawLine.trimmed
        while line.hasPrefix("#") || line.hasPrefix("*") || line.hasPrefix("_") { line.removeFirst() }
        if line.utf8.contains(UInt8(ascii: "*")) { line = line.replacingOccurrences(of: "**", with: "") }
        line = line.trimmed
        guard !line.isEmpty, !line.hasPrefix("- ") else { return nil }

        // Lengths and words are counted in bytes first: most lines are settled without counting characters.
        var heading = line
        if let colon = line.utf8.firstIndex(of: UInt8(ascii: ":")) {
            let label = String(line[..<colon])
            guard label.utf8.count <= 40 || label.count <= 40 else { return nil }
            heading = label
        } else {
            guard line.utf8.count <= 60 || line.count <= 60, line.utf8.last != UInt8(ascii: "."),
                  line.utf8.split(separator: UInt8(ascii: " ")).count <= 8 else { return nil }
        }
        var lowered = heading.lowercased()
        if lowered.unicodeScalars.contains("’") { lowered = lowered.replacingOccurrences(of: "’", with: "'") }
        let bytes = Array(lowered.utf8)
        for (kind, phrases) in headingPhraseBytes where phrases.contains(where: { Self.contains(bytes, phrase: $0) }) {
            return kind
        }
        return nil
    }

    /// A line written as a heading by its markup: a Markdown `#` heading, or a short line wholly in bold.
    static func isMarkedHeading(_ rawLine: String) -> Bool {
        guard rawLine.utf8.count <= longestHeadingLine else { return false }
        let line = rawLine.trimmed
        if line.hasPrefix("#") { return true }
        return line.count <= 64 && line.hasPrefix("**") && (line.hasSuffix("**") || line.hasSuffix("**:"))
    }

    private static let headingPhraseBytes = headingPhrases.map { kind, phrases in (kind, phrases.map { Array($0.utf8) }) }

    /// Whole-word containment ("plus" in "a plus", not in "surplus").
    private static func contains(_ text: [UInt8], phrase: [UInt8]) -> Bool {
        guard text.count >= phrase.count else { return false }
        // A phrase may be a word start ("responsibilit" covers "responsibilities"), so only the
        // byte before it must not be a letter (any non-ASCII byte counts as one).
        for start in 0...(text.count - phrase.count) where text[start] == phrase[0] {
            if start > 0 && (text[start - 1].isASCIILetter || text[start - 1] >= 0x80) { continue }
            if text[start..<(start + phrase.count)].elementsEqual(phrase) { return true }
        }
        return false
    }

    /// Words that make a skill optional even outside a "nice to have" section (`SkillExtractor`
    /// decides which words of the sentence they govern).
    static let preferredMarkers = [
        "nice to have", "nice-to-have", "a plus", "is a plus", "bonus", "preferred", "ideally", "desirable",
        "would be great", "good to have", "not required", "optional", "advantageous", "an advantage", "beneficial",
    ]
}
