import Foundation
import Yams

/// One seniority level: its id, the title words that signal it, and the years that imply it.
public struct SeniorityLevel: Sendable, Equatable {
    public var id: String
    public var name: String
    public var minYears: Int
    public var titleWords: [SkillAlias]
    /// How the work of this level is described ("under mentor guidance", "designs production
    /// pipelines", "defines the strategy for the team"): the evidence when title and years are silent.
    public var workPhrases: [SkillAlias] = []
}

/// The seniority ladder from `seniority.yaml`, lowest first; the last level is the fallback (`unspecified`).
public struct SeniorityTaxonomy: Sendable, Equatable, TaxonomyFile {
    public static let formatVersion = 1
    public static let unspecifiedID = "unspecified"

    public var levels: [SeniorityLevel]

    public static func parse(_ text: String, path: String) throws(TaxonomyError) -> SeniorityTaxonomy {
        let reader = YAMLReader(path: path)
        let (root, _, entries) = try reader.document(text, version: formatVersion, list: "levels")
        var levels: [SeniorityLevel] = []
        for node in entries {
            let fields = try reader.mapping(node, "a level")
            try reader.expectOnlyKeys(fields, ["id", "name", "minYears", "titleWords", "workPhrases"], "a level")
            let id = try reader.requiredString(fields, "id", in: node, "a level")
            guard !levels.contains(where: { $0.id == id }) else { throw reader.fail(node, "level id \"\(id)\" appears twice") }
            func aliases(_ key: String) throws(TaxonomyError) -> [SkillAlias] {
                guard let list = fields[key] else { return [] }
                var result: [SkillAlias] = []
                for wordNode in try reader.sequence(list, "\(key) of level \(id)") {
                    result.append(try SkillTaxonomy.parseAlias(wordNode, owner: "level \(id)", reader: reader))
                }
                return result
            }
            levels.append(SeniorityLevel(
                id: id, name: try reader.requiredString(fields, "name", in: node, "level \(id)"),
                minYears: try reader.optionalInt(fields, "minYears", "level \(id)") ?? 0, titleWords: try aliases("titleWords"),
                workPhrases: try aliases("workPhrases")))
        }
        guard levels.contains(where: { $0.id == unspecifiedID }) else {
            throw reader.fail(root, "the levels must include \"\(unspecifiedID)\"")
        }
        return SeniorityTaxonomy(levels: levels)
    }
}

/// Years of experience a posting asks for: "5+ years" is 5 to nil, "3-5 years" is 3 to 5.
public struct YearsOfExperience: Sendable, Equatable, Codable {
    public var min: Int
    public var max: Int?
}

/// A posting's seniority and where it came from.
public struct SeniorityEstimate: Sendable, Equatable, Codable {
    public enum Evidence: String, Sendable, Codable { case title, years, responsibilities, none }

    public var level: String
    public var name: String
    public var evidence: Evidence
    public var years: YearsOfExperience?
    /// The words of the posting that decided the level, when the responsibilities did.
    public var signal: String?
}

/// Reads seniority from the title first, then from "N+ years" requirements, then from how the
/// work is described.
public struct SeniorityDetector: Sendable {
    let taxonomy: SeniorityTaxonomy
    private let matcher: PhraseMatcher<Int>
    private var workMatcher: PhraseMatcher<Int>

    public init(taxonomy: SeniorityTaxonomy) {
        self.taxonomy = taxonomy
        matcher = PhraseMatcher(groups: taxonomy.levels.map(\.titleWords))
        workMatcher = PhraseMatcher(groups: taxonomy.levels.map(\.workPhrases))
        workMatcher.breaksInside = .clause
    }

    /// `textSpans`, the text's tokens without stop words removed, are used when the caller has them.
    public func estimate(title: String?, text: String, sections: PostingSections, textSpans: [Token]? = nil) -> SeniorityEstimate {
        let years = Self.yearsOfExperience(in: text, sections: sections)
        if let title {
            let votes = matcher.matches(in: matcher.prepare(title)).map(\.payload)
            if let highest = votes.max() {
                let level = taxonomy.levels[highest]
                return SeniorityEstimate(level: level.id, name: level.name, evidence: .title, years: years)
            }
        }
        if let years {
            let ranked = taxonomy.levels.enumerated().filter {
                $0.element.id != SeniorityTaxonomy.unspecifiedID && !$0.element.titleWords.isEmpty
                    && $0.element.minYears <= years.min
            }
            if let level = ranked.max(by: { ($0.element.minYears, $0.offset) < ($1.element.minYears, $1.offset) })?.element,
               level.minYears > 0 || years.min <= 1 {
                return SeniorityEstimate(level: level.id, name: level.name, evidence: .years, years: years)
            }
        }
        if let (level, signal) = levelFromWork(textSpans ?? Tokenizer(stopWords: []).spans(text), sections: sections) {
            return SeniorityEstimate(level: level.id, name: level.name, evidence: .responsibilities, years: years, signal: signal)
        }
        let unspecified = taxonomy.levels.first { $0.id == SeniorityTaxonomy.unspecifiedID }!
        return SeniorityEstimate(level: unspecified.id, name: unspecified.name, evidence: .none, years: years)
    }

    /// The level whose work phrases the job's own text uses most (not the company blurb or the
    /// benefits), the higher on a tie, with the first phrase of it found.
    func levelFromWork(_ spans: [Token], sections: PostingSections) -> (SeniorityLevel, String)? {
        let tokens = workMatcher.prepare(spans: spans)
        var votes: [Int: (count: Int, first: String)] = [:]
        for match in workMatcher.matches(in: tokens) where sections.kind(ofLine: tokens[match.range.lowerBound].line).countsAsDemand {
            let surface = tokens[match.range].map(\.surface).joined(separator: " ")
            votes[match.payload, default: (0, surface)].count += 1
        }
        guard let best = votes.max(by: { ($0.value.count, $0.key) < ($1.value.count, $1.key) }) else { return nil }
        return (taxonomy.levels[best.key], best.value.first)
    }

    private static let numberWords = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    ]
    private static let number = #"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"#
    /// "5+ years", "3-5 years", "3 to 5 yrs", "at least 4 years", "minimum of two years"; the word
    /// "experience" (or "of" leading to it) must follow within the sentence, so "founded 10 years ago" is not read.
    private static let pattern = try! NSRegularExpression(
        pattern: number + #"\s*(\+|plus)?\s*(?:(?:-|–|—|to)\s*"# + number + #"\s*\+?)?\s*(?:years?|yrs?)\b[^.;\n]{0,60}?\b(experience|exp\b|background|industry|professional|working|hands-on|in\b|of\b|with\b|building|developing)"#,
        options: [.caseInsensitive])

    /// The first years requirement outside the company and benefits sections.
    static func yearsOfExperience(in text: String, sections: PostingSections) -> YearsOfExperience? {
        var found: YearsOfExperience?
        TextLines.forEach(in: text) { index, bytes in
            // The regular expression is costly; a line without "year" or "yr" cannot match it.
            guard found == nil, sections.kind(ofLine: index).countsAsDemand,
                  bytes.containsIgnoringASCIICase(year) || bytes.containsIgnoringASCIICase(yr) else { return }
            let line = String(decoding: bytes, as: UTF8.self)
            let range = NSRange(line.startIndex..., in: line)
            guard let match = pattern.firstMatch(in: line, range: range) else { return }
            func value(_ group: Int) -> Int? {
                guard let groupRange = Range(match.range(at: group), in: line) else { return nil }
                let word = line[groupRange].lowercased()
                return Int(word) ?? numberWords[word]
            }
            guard let low = value(1), low <= 30 else { return }
            let high = value(3)
            found = YearsOfExperience(min: low, max: high.flatMap { $0 >= low && $0 <= 40 ? $0 : nil })
        }
        return found
    }

    private static let year = Array("year".utf8)
    private static let yr = Array("yr".utf8)
}
