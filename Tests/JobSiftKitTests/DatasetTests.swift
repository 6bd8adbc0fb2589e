import Foundation
import Testing
@testable import JobSiftKit

@Suite struct DatasetTests {
    @Test func gzipRoundTripsThroughTheSystemTool() throws {
        let text = Array(String(repeating: "PyTorch and Kubernetes. ", count: 5000).utf8)
        let compressed = try gzip(text)
        #expect(Gzip.isCompressed(compressed))
        #expect(try Gzip.decompress(compressed, source: "t.gz") == text)
    }

    @Test func truncatedGzipIsAnErrorNamingTheSource() throws {
        let compressed = try gzip(Array(String(repeating: "abc", count: 10_000).utf8))
        #expect(throws: GzipError.self) { try Gzip.decompress(Array(compressed.prefix(compressed.count / 2)), source: "cut.gz") }
        let error = #expect(throws: GzipError.self) { try Gzip.decompress(compressed, source: "big.gz", limit: 100) }
        #expect(error == .tooLarge(source: "big.gz", limit: 100))
    }

    @Test func jsonLinesRowsBecomePostingsAndBadLinesAreSkipped() throws {
        let lines = """
            {"title": "ML Engineer", "text": "Build models.", "date": "2024-05-01T00:00:00", "split": "train", "n": 3}
            not json
            {"job_title": "Data Analyst", "description": "<p>SQL and <b>Excel</b></p>", "companyName": "Acme"}
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rows-\(UUID()).jsonl.gz").path
        try Data(try gzip(Array(lines.utf8))).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try DatasetReader().readAll(path: path)
        #expect(read.skipped == [2])
        #expect(read.rows.count == 2)
        #expect(read.rows[0].posting.title == "ML Engineer")
        #expect(read.rows[0].posting.datePosted == "2024-05-01")
        #expect(read.rows[0].fields["split"] == "train")
        #expect(read.rows[0].fields["n"] == "3")
        #expect(read.rows[1].posting.title == "Data Analyst")
        #expect(read.rows[1].posting.company == "Acme")
        #expect(read.rows[1].posting.text == "SQL and Excel")
        #expect(read.rows[1].posting.source == "\(path):3")
    }
}

/// The title rule that labels real postings for evaluation.
@Suite struct TitleRuleTests {
    static let rule = TitleRule(taxonomy: try! RoleTaxonomy.load(from: Paths.shippedTaxonomy))

    @Test(arguments: [
        ("Senior Machine Learning Engineer", "ml-engineer"),
        ("Software Engineer, Machine Learning", "ml-engineer"),
        ("Machine Learning Engineer, NLP", "nlp-engineer"),  // its longer, specialised pattern wins
        ("NLP Engineer", "nlp-engineer"),
        ("Staff Data Scientist", "data-scientist"),
        ("MLOps Engineer", "mlops-engineer"),
        ("Generative AI Engineer", "ai-engineer"),
        ("AI Tutor - Mathematics", "ai-trainer"),
        ("Registered Nurse", "other"),
        ("Data Analyst", "other"),
        ("Senior Backend Engineer (Go)", "other"),
    ])
    func titlesGetTheirRole(title: String, label: String) {
        #expect(Self.rule.label(title) == label)
    }

    @Test(arguments: ["Research Scientist", "Statistician", "Head of AI Strategy", "", "Acme Corp"])
    func unclearTitlesAreLeftOut(title: String) {
        #expect(Self.rule.label(title) == nil)
    }
}

@Suite struct DatasetMessageTests {
    /// A header of one huge line was echoed whole in the error (a 1 GiB header, a 1 GiB message).
    @Test func theColumnsAnErrorNamesAreCutShort() {
        let header = ["title", String(repeating: "x", count: 100_000)] + (1...28).map { "c\($0)" }
        let shown = DatasetColumns.quoted(header)
        #expect(shown.count < 1_000)
        #expect(shown.hasPrefix("\"title\", \"" + String(repeating: "x", count: 60) + "…\""))
        #expect(shown.hasSuffix("and 10 more"))
    }
}

extension DatasetMessageTests {
    /// A CSV with a header and no rows was read without a word, exit 0.
    @Test func aHeaderWithoutRowsIsAnErrorNamingTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("header-only-\(UUID()).csv").path
        try Data("title,description\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: IngestError.unreadableFile(path: path, reason: "the dataset has a header but no rows; there is no posting to read")) {
            try DatasetReader().readAll(path: path)
        }
    }
}

extension DatasetMessageTests {
    /// One huge row of a dataset was held whole (gigabytes for a gzip bomb); it is left out and
    /// named now, and the rows around it are read.
    @Test(arguments: ["rows.jsonl", "rows.csv"])
    func aRowOverTheLimitIsLeftOutAndTheOthersRead(name: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rows-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = "Train and serve PyTorch ranking models for search."
        let huge = String(repeating: "word ", count: 600_000)
        let content = name.hasSuffix(".jsonl")
            ? "{\"title\": \"A\", \"description\": \"\(text)\"}\n{\"title\": \"B\", \"description\": \"\(huge)\"}\n"
                + "{\"title\": \"C\", \"description\": \"\(text)\"}\n"
            : "title,description\nA,\(text)\nB,\"\(huge)\nstill B\"\nC,\(text)\n"
        let path = folder.appendingPathComponent(name).path
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        var titles: [String] = []
        var skipped: [(Int, String)] = []
        try DatasetReader(maximumRowBytes: 1_000_000).read(
            path: path, format: DatasetReader.format(ofPath: path)!, row: { titles.append($0.posting.title ?? "") },
            skipped: { skipped.append(($0, $1)) })
        #expect(titles == ["A", "C"])
        #expect(skipped.map(\.0) == [name.hasSuffix(".jsonl") ? 2 : 3])
        #expect(skipped.first?.1.hasPrefix("the row is larger than the 1.0 MB limit for one posting") == true)
    }
}
