import Foundation

/// The skill matcher against human span annotations of job ads nobody here wrote (SkillSpan's
/// `gold.jsonl` beside a `postings/` folder: one ad per file, one sentence per line, line 1 the title).
///
/// - Precision: the share of required and preferred mentions that overlap an annotated span (of
///   any type) on the same line; the title line is left out (titles are not annotated), and also
///   reported with it.
/// - Recall: the share of annotated KNOWLEDGE spans that a mention overlaps (any mention: a
///   skill in a company blurb is still found), for all of them and for those naming an O*NET
///   technology. SKILL spans (long verb phrases) are left out of recall.
public struct SkillSpanReport: Sendable, Codable {
    /// A share with the counts it comes from.
    public struct Share: Sendable, Codable, Equatable {
        public var hits: Int
        public var total: Int
        public var value: Double { total > 0 ? Double(hits) / Double(total) : 0 }

        public init(hits: Int, total: Int) {
            self.hits = hits
            self.total = total
        }
    }

    public var postings: Int
    public var precision: Share
    public var precisionWithTitle: Share
    public var knowledgeRecall: Share
    /// Nil when no O*NET list was given.
    public var technologyRecall: Share?
    /// The technology spans most often missed, "text (count)".
    public var missedTechnologies: [String]
    /// The demanded mentions most often outside every span, "surface (count)".
    public var unannotatedMentions: [String]
    /// Every demanded mention outside the spans (`+`) and technology span missed (`-`), as
    /// "file:line  ± words  | the line around them".
    public var differences: [String] = []

    struct Span {
        var type: String
        var text: String
        var line: Int
        var columns: Range<Int>
    }

    /// One phrase the matcher found, with the skills it names (one, or more when it implies others).
    struct Found {
        var line: Int
        var surface: String
        var demanded: Bool
        var columns: Range<Int>?
    }

    public static func evaluate(folder: String, taxonomy: SkillTaxonomy, technologies: OnetTechnologies?) throws -> SkillSpanReport {
        let goldPath = (folder as NSString).appendingPathComponent("gold.jsonl")
        let extractor = SkillExtractor(taxonomy: taxonomy)
        var report = SkillSpanReport(postings: 0, precision: Share(hits: 0, total: 0), precisionWithTitle: Share(hits: 0, total: 0),
                                     knowledgeRecall: Share(hits: 0, total: 0),
                                     technologyRecall: technologies.map { _ in Share(hits: 0, total: 0) },
                                     missedTechnologies: [], unannotatedMentions: [])
        var missed: [String: Int] = [:]
        var unannotated: [String: Int] = [:]
        try ByteStream(path: goldPath).forEachLine { row, number in
            guard let object = (try? JSONValue(parsing: row))?.objectValue, let file = object["file"]?.scalarText else {
                throw IngestError.unreadableFile(path: goldPath, reason: "line \(number) is not a gold row with a \"file\"")
            }
            let spans = (object["spans"]?.arrayValue ?? []).compactMap(span)
            let text = String(decoding: try LocalSource.readBytes(path: (folder as NSString).appendingPathComponent(file)),
                              as: UTF8.self)
            let found = locate(extractor.mentions(title: nil, text: text, sections: PostingSections(text: text)), in: text)
            report.postings += 1
            func overlaps(_ found: Found, _ span: Span) -> Bool {
                guard found.line == span.line, let columns = found.columns else { return false }
                return columns.overlaps(span.columns)
            }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            func around(_ line: Int, _ columns: Range<Int>?) -> String {
                guard line >= 1, line <= lines.count else { return "" }
                let scalars = Array(lines[line - 1].unicodeScalars)
                let columns = columns ?? 0..<0
                let from = max(0, columns.lowerBound - 60), to = min(scalars.count, columns.upperBound + 40)
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[from..<max(from, to)])
                return String(view)
            }
            for item in found where item.demanded {
                let hit = spans.contains { overlaps(item, $0) }
                if !hit && item.line != 1 {
                    report.differences.append("\(file):\(item.line)  + \(item.surface)  | \(around(item.line, item.columns))")
                }
                report.precisionWithTitle.total += 1
                report.precisionWithTitle.hits += hit ? 1 : 0
                guard item.line != 1 else { continue }
                report.precision.total += 1
                report.precision.hits += hit ? 1 : 0
                if !hit { unannotated[item.surface, default: 0] += 1 }
            }
            for span in spans where span.type == "KNOWLEDGE" {
                let hit = found.contains { overlaps($0, span) }
                report.knowledgeRecall.total += 1
                report.knowledgeRecall.hits += hit ? 1 : 0
                if let technologies, technologies.names(span.text) {
                    report.technologyRecall!.total += 1
                    report.technologyRecall!.hits += hit ? 1 : 0
                    if !hit {
                        missed[span.text.lowercased(), default: 0] += 1
                        report.differences.append("\(file):\(span.line)  - \(span.text)  | \(around(span.line, span.columns))")
                    }
                }
            }
        }
        func mostFrequent(_ counts: [String: Int]) -> [String] {
            counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(20).map { "\($0.key) (\($0.value))" }
        }
        report.missedTechnologies = mostFrequent(missed)
        report.unannotatedMentions = mostFrequent(unannotated)
        return report
    }

    private static func span(_ value: JSONValue) -> Span? {
        guard let object = value.objectValue, let type = object["type"]?.scalarText, let text = object["text"]?.scalarText,
              let line = object["line"]?.numberValue, let start = object["col_start"]?.numberValue,
              let end = object["col_end"]?.numberValue, start <= end else { return nil }
        return Span(type: type, text: text, line: Int(line), columns: Int(start)..<Int(end))
    }

    /// Where on its line each mention stands, in Unicode scalars as the spans count. Mentions come
    /// in text order, so each is looked for after the one before on its line; the mentions a
    /// phrase adds for the skills it implies share its place.
    static func locate(_ mentions: [SkillMention], in text: String) -> [Found] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var cursors: [Int: String.Index] = [:]
        var result: [Found] = []
        var previous: SkillMention?
        for mention in mentions {
            defer { previous = mention }
            let demanded = mention.demand != .notDemanded
            if let previous, previous.line == mention.line, previous.surface == mention.surface, previous.skill != mention.skill {
                result[result.count - 1].demanded = result[result.count - 1].demanded || demanded
                continue
            }
            var found = Found(line: mention.line, surface: mention.surface, demanded: demanded, columns: nil)
            if mention.line >= 1, mention.line <= lines.count {
                let line = lines[mention.line - 1]
                let from = cursors[mention.line] ?? line.startIndex
                // The surface is the matched words joined by single spaces; the first word alone if
                // the text spaced them otherwise.
                let firstWord = String(mention.surface.split(separator: " ").first ?? "")
                if let range = Self.word(mention.surface, in: line, from: from) ?? Self.word(firstWord, in: line, from: from) {
                    let start = line.unicodeScalars.distance(from: line.startIndex, to: range.lowerBound)
                    let end = line.unicodeScalars.distance(from: line.startIndex, to: range.upperBound)
                    found.columns = start..<end
                    cursors[mention.line] = range.upperBound
                }
            }
            result.append(found)
        }
        return result
    }

    /// The first place from `from` where `word` stands as a whole word ("Go", not the start of "Google").
    private static func word(_ word: String, in line: Substring, from: String.Index) -> Range<String.Index>? {
        var start = from
        while let range = line.range(of: word, range: start..<line.endIndex) {
            let before = range.lowerBound > line.startIndex ? line[line.index(before: range.lowerBound)] : " "
            let after = range.upperBound < line.endIndex ? line[range.upperBound] : " "
            if !before.isLetter && !before.isNumber && !after.isLetter && !after.isNumber { return range }
            start = line.index(after: range.lowerBound)
        }
        return nil
    }

    public var text: String {
        func share(_ share: Share) -> String {
            String(format: "%.3f (%d of %d)", share.value, share.hits, share.total)
        }
        var lines = [
            "skill matcher on \(postings) annotated ads",
            "precision \(share(precision)) of required and preferred mentions, title lines left out; \(share(precisionWithTitle)) with them",
            "recall of KNOWLEDGE spans \(share(knowledgeRecall))",
        ]
        if let technologyRecall {
            lines.append("recall of KNOWLEDGE spans naming an O*NET technology \(share(technologyRecall))")
            lines.append("technologies most missed: \(missedTechnologies.joined(separator: ", "))")
        }
        lines.append("mentions most often outside every span: \(unannotatedMentions.joined(separator: ", "))")
        return lines.joined(separator: "\n")
    }
}
