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

    /// A posting's origin is the site, dataset or folder it came from: a dataset's source column
    /// (a URL there gives its host), else what its source says.
    @Test func originsAreSitesDatasetsOrFolders() throws {
        #expect(PostingOrigin.of(source: "https://www.example.com/jobs/1?x=y") == "example.com")
        #expect(PostingOrigin.of(source: "HTTP://Jobs.Example.org:8080/a") == "jobs.example.org")
        #expect(PostingOrigin.of(source: "data/all.jsonl.gz:12") == "all.jsonl.gz")
        #expect(PostingOrigin.of(source: "crawl/pages/a.html#2") == "crawl/pages")
        #expect(PostingOrigin.of(source: "a.html") == ".")
        #expect(PostingOrigin.of(source: "-") == "stdin")
        let lines = """
            {"title": "ML Engineer", "text": "Build models.", "source": "hn-whoishiring"}
            {"title": "ML Engineer", "text": "Build models.", "source": "https://www.linkedin.com/jobs/view/1"}
            {"title": "ML Engineer", "text": "Build models."}
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("origins-\(UUID()).jsonl").path
        try Data(lines.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rows = try DatasetReader().readAll(path: path).rows
        #expect(rows.map(\.posting.origin) == ["hn-whoishiring", "linkedin.com", nil])
        var reader = PostingReader()
        reader.origin = "boards"
        var origins: [String?] = []
        try reader.read(.dataset(path: path, format: .jsonLines), posting: { origins.append($0.origin) }, failure: { _ in })
        #expect(origins == ["boards", "boards", "boards"])
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

extension DatasetMessageTests {
    func write(_ content: String, named name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID())-\(name)").path
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A JSON Lines file with nothing but blank lines was read without a word, exit 0.
    @Test(arguments: ["", "\n\n  \n\r\n"])
    func aJSONLinesFileWithoutRowsIsAnErrorNamingTheFile(content: String) throws {
        let path = try write(content, named: "rows.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: IngestError.unreadableFile(
            path: path, reason: "the dataset has no rows, only blank lines or nothing; there is no posting to read")) {
            try DatasetReader().readAll(path: path)
        }
    }

    /// Rows got no salary, workplace or language from their text (a page or a text file did), and
    /// a NUL in a cell cut the text short where libxml2 read it.
    @Test func rowsGetSalaryWorkplaceAndLanguageAndKeepTextPastAControlCharacter() throws {
        let path = try write("title,description\nML Engineer \u{1B}[31m,\"Build and ship PyTorch ranking models for the search team.\u{0} "
                             + "You will own the training pipelines and work with the product managers on what the "
                             + "models should learn. Salary: $150,000 - $180,000 per year. This role is fully remote.\"\n", named: "rows.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let posting = try #require(try DatasetReader().readAll(path: path).rows.first?.posting)
        #expect(posting.title == "ML Engineer [31m")
        #expect(posting.text.hasSuffix("This role is fully remote."))
        #expect(posting.salary?.minimum == 150_000 && posting.salary?.maximum == 180_000 && posting.salary?.period == .year)
        #expect(posting.workplace == .remote)
        #expect(posting.language == "en")
    }
}

extension DatasetMessageTests {
    /// A gzip bomb named .jsonl.gz was expanded to its end (2 GB of zeros took 5 s on every run);
    /// reading stops once a stream expands more than any text does, with the rows before it kept.
    @Test func aGzipBombStopsBeingReadOnceItExpandsPastWhatTextDoes() throws {
        let row = Array("{\"title\": \"ML Engineer\", \"description\": \"Train and serve PyTorch models for search.\"}\n".utf8)
        let bomb = row + [UInt8](repeating: 0x20, count: 150_000_000)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bomb-\(UUID()).jsonl.gz").path
        try Data(try gzip(bomb)).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var titles: [String?] = []
        #expect {
            try DatasetReader().read(path: path, format: .jsonLines, row: { titles.append($0.posting.title) }, skipped: { _, _ in })
        } throws: { error in
            guard case .unreadableFile(path, let reason) = error as? IngestError else { return false }
            return reason.hasPrefix("it expands more than 1000 times its gzipped size") && reason.hasSuffix("it was not read further")
        }
        #expect(titles == ["ML Engineer"])
    }
}
