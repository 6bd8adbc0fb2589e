import Foundation
import Testing
@testable import JobSiftKit

/// Where postings come from: folders, CSV and JSON Lines datasets, gzipped files, and files that
/// cannot be read, each reported by name while the rest are read.
@Suite struct SourceTests {
    /// A fresh folder with the given files; the caller removes it.
    func folder(_ files: [String: [UInt8]]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-sources-\(UUID())")
        for (name, bytes) in files {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return root.path
    }

    func readAll(_ argument: String, reader: PostingReader = PostingReader()) throws
        -> (postings: [Posting], failures: [ReadFailure], ignored: Int) {
        let found = try PostingInput.inputs(for: argument)
        var postings: [Posting] = []
        var failures: [ReadFailure] = []
        for input in found.inputs {
            try reader.read(input, posting: { postings.append($0) }, failure: { failures.append($0) })
        }
        return (postings, failures, found.ignored)
    }

    static let posting = Array("---\ntitle: ML Engineer\n---\nTrain and ship PyTorch models for our search ranking team. You will own feature pipelines, offline evaluation and online experiments.\n".utf8)

    @Test func anInputListGivesBackEveryInputInOrder() {
        let first: [PostingInput] = [.file(path: "pages/a.html"), .url("https://example.org/jobs/1"), .file(path: "pages/é ü.md"),
                                     .standardInput, .file(path: "")]
        let second: [PostingInput] = [.dataset(path: "rows.csv", format: .csv), .file(path: "more/b.txt")]
        var list = PostingInputList(first)
        #expect(Array(list) == first)
        list.append(contentsOf: PostingInputList(second))
        #expect(Array(list) == first + second)
        list.append(.file(path: "last.json"))
        #expect(list.count == 8 && list.last == .file(path: "last.json"))
    }

    @Test func csvFieldsMayHoldQuotesCommasAndLineBreaks() {
        var parser = CSVParser()
        var records: [[String]] = []
        let input = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nlast,,\n"
        // Fed in pieces of three bytes, so records and quotes straddle chunks.
        let bytes = Array(input.utf8)
        for start in stride(from: 0, to: bytes.count, by: 3) {
            parser.feed(bytes[start..<min(start + 3, bytes.count)]) { record, _ in records.append(record) }
        }
        parser.finish { record, _ in records.append(record) }
        #expect(records == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["last", "", ""]])
    }

    /// A quote inside an unquoted field (`27" monitor`) opened a quoted field that swallowed every
    /// row after it; it is a character of the field now, and the rows after it are read.
    @Test func aStrayQuoteInAnUnquotedFieldKeepsTheRowsAfterIt() {
        var parser = CSVParser()
        var records: [[String]] = []
        let input = "title,text\nML Engineer,we ship you a 27\" monitor\nData Scientist,\"quoted, fine\"\nNLP Engineer,plain\n"
        parser.feed(Array(input.utf8)) { record, _ in records.append(record) }
        parser.finish { record, _ in records.append(record) }
        #expect(records == [["title", "text"], ["ML Engineer", "we ship you a 27\" monitor"], ["Data Scientist", "quoted, fine"],
                            ["NLP Engineer", "plain"]])
        #expect(!parser.isInsideQuotes)
    }

    /// A Latin-1 CSV (as older spreadsheets save it) was read as mojibake.
    @Test func aLatin1CSVFieldIsReadAsWindows1252() {
        var parser = CSVParser()
        var records: [[String]] = []
        parser.feed([UInt8]("title,text\nData Engineer,Caf".utf8) + [0xE9] + Array(" in M".utf8) + [0xFC] + Array("nchen,\u{20AC}\n".utf8)) {
            record, _ in records.append(record)
        }
        #expect(records == [["title", "text"], ["Data Engineer", "Café in München", "€"]])
    }

    @Test func csvDatasetColumnsAreDetectedFromItsHeader() throws {
        let csv = "\u{FEFF}\"Job Title\",\"Company Name\",\"Job Description\",\"publishedAt\"\n"
            + "\"Data Scientist\",\"Acme\",\"Build churn models.\nWork with SQL.\",\"2024-05-03\"\n"
            + "\"Empty\",\"Acme\",\"\",\"2024-05-04\"\n"
        let root = try folder(["jobs.csv": Array(csv.utf8)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let read = try readAll(root + "/jobs.csv")
        #expect(read.postings.count == 1)
        #expect(read.postings[0].title == "Data Scientist")
        #expect(read.postings[0].company == "Acme")
        #expect(read.postings[0].text == "Build churn models.\nWork with SQL.")
        #expect(read.postings[0].datePosted == "2024-05-03")
        #expect(read.postings[0].source == root + "/jobs.csv:2")
        #expect(read.failures == [ReadFailure(source: root + "/jobs.csv:4", reason: "the text column is empty")])
    }

    @Test func namedColumnsOverrideDetectionAndAMissingOneIsReported() throws {
        let csv = "heading,body,when\nNLP Engineer,Fine-tune encoders.,2025-01\n"
        let root = try folder(["jobs.csv": Array(csv.utf8)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let named = PostingReader(datasets: DatasetReader(columns: DatasetColumns(title: "heading", text: "body", date: "when")))
        let read = try readAll(root + "/jobs.csv", reader: named)
        #expect(read.postings.map(\.title) == ["NLP Engineer"])
        #expect(read.postings.map(\.datePosted) == ["2025-01-01"])

        let wrong = PostingReader(datasets: DatasetReader(columns: DatasetColumns(text: "description")))
        let failed = try readAll(root + "/jobs.csv", reader: wrong)
        #expect(failed.postings.isEmpty)
        #expect(failed.failures.first?.reason.hasPrefix("there is no column \"description\"") == true)
    }

    @Test func gzippedJSONLinesAreStreamedAcrossChunks() throws {
        // Enough rows that the expanded file spans several read and inflate chunks.
        var lines = ""
        for index in 0..<4000 {
            lines += #"{"title": "Role \#(index)", "description": "Posting number \#(index) with enough words to be text.", "date": "2025-02-03"}"# + "\n"
        }
        lines += "{broken\n"
        let root = try folder(["rows.jsonl.gz": try gzip(Array(lines.utf8))])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let read = try readAll(root)
        #expect(read.postings.count == 4000)
        #expect(read.postings.last?.title == "Role 3999")
        #expect(read.failures == [ReadFailure(source: root + "/rows.jsonl.gz:4001", reason: "not a JSON object")])
    }

    @Test func aFolderIsWalkedRecursivelyInPathOrderAndOtherFilesArePassedOver() throws {
        let root = try folder([
            "b/second.md": Self.posting, "a/first.txt": Self.posting, "c/third.html.gz": try gzip(Array(
                "<html><body><h1>Prompt Engineer</h1><p>Write and test prompts for our claims assistant, measure them with evals, and keep a library of prompt templates.</p></body></html>".utf8)),
            "notes.pdf": [0x25, 0x50, 0x44, 0x46], ".hidden.txt": Self.posting,
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A link to a file is read; a link back to a folder above is not followed, so the walk ends.
        try FileManager.default.createSymbolicLink(atPath: root + "/b/linked.txt", withDestinationPath: root + "/a/first.txt")
        try FileManager.default.createSymbolicLink(atPath: root + "/c/loop", withDestinationPath: root)
        let read = try readAll(root)
        #expect(read.postings.map(\.source) == [root + "/a/first.txt", root + "/b/linked.txt", root + "/b/second.md", root + "/c/third.html.gz"])
        #expect(read.postings[3].title == "Prompt Engineer")
        #expect(read.ignored == 1)
        #expect(read.failures.isEmpty)
    }

    /// A linked sub-folder, a broken link and a file name that is not UTF-8 were skipped without a
    /// word; each is named with its reason now, and the rest of the folder is read.
    @Test func whatAFolderWalkCannotReadIsNamed() throws {
        let root = try folder(["a.txt": Self.posting, "sub/b.txt": Self.posting])
        let outside = try folder(["c.txt": Self.posting])
        defer {
            try? FileManager.default.removeItem(atPath: root)
            try? FileManager.default.removeItem(atPath: outside)
        }
        #expect(symlink(outside, root + "/linked") == 0)
        #expect(symlink("nowhere.txt", root + "/broken.txt") == 0)
        var badName = Array((root + "/bad").utf8) + [0xFF] + Array(".txt".utf8) + [0]
        let descriptor = badName.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { open($0, O_CREAT | O_WRONLY, 0o644) }
        }
        #expect(descriptor >= 0)
        close(descriptor)
        let found = try PostingInput.inputs(for: root)
        #expect(found.inputs.map(\.description) == [root + "/a.txt", root + "/sub/b.txt"])
        #expect(found.skipped.map { String($0.source.dropFirst(root.count + 1)) } == ["bad\u{FFFD}.txt", "broken.txt", "linked"])
        #expect(found.skipped[0].reason.contains("not valid UTF-8"))
        #expect(found.skipped[1].reason.hasPrefix("a link to nothing"))
        #expect(found.skipped[2].reason.contains("a link to a folder, which is not followed"))
    }

    @Test func badFilesAreReportedByNameAndTheRestAreRead() throws {
        let html = Array("<html><body><main><h1>Data Engineer</h1><p>Build Spark and Airflow pipelines that feed our feature store and training sets; own data quality checks.</p></main></body></html>".utf8)
        let gzipped = try gzip(html)
        let root = try folder([
            "good.txt": Self.posting,
            "good.html": html,
            "truncated.html.gz": Array(gzipped.prefix(gzipped.count / 2)),
            "truncated.json": Array(#"{"@type": "JobPosting", "title": "ML Eng"#.utf8),
            "binary.txt": [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D],
            "empty.md": [],
            "large.txt": [UInt8](repeating: UInt8(ascii: "a"), count: 2_000_001),
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let read = try readAll(root, reader: PostingReader(maximumFileBytes: 2_000_000))
        #expect(read.postings.map(\.source) == [root + "/good.html", root + "/good.txt"])
        let reasons = Dictionary(uniqueKeysWithValues: read.failures.map {
            (String($0.source.dropFirst(root.count + 1)), $0.reason)
        })
        #expect(reasons.keys.sorted() == ["binary.txt", "empty.md", "large.txt", "truncated.html.gz", "truncated.json"])
        #expect(reasons["binary.txt"]?.contains("binary data, not a posting") == true)
        #expect(reasons["empty.md"] == "the file is empty")
        #expect(reasons["large.txt"]?.hasPrefix("larger than the 2.0 MB limit for one posting (--max-file-mb raises it)") == true)
        #expect(reasons["truncated.html.gz"]?.contains("damaged or truncated") == true)
        #expect(reasons["truncated.json"]?.hasSuffix(": a string is not closed (is the file truncated?)") == true)
    }

    @Test func datesAreNormalisedOrLeftOut() {
        #expect(PostingDate.normalize("2024-05-03T10:00:00Z") == "2024-05-03")
        #expect(PostingDate.normalize("2024/05/03") == "2024-05-03")
        #expect(PostingDate.normalize("2024-05") == "2024-05-01")
        #expect(PostingDate.normalize("3 days ago") == nil)
        // A day the month does not have was stored as a date.
        #expect(PostingDate.normalize("2026-02-30") == nil)
        #expect(PostingDate.normalize("2026-04-31") == nil)
        #expect(PostingDate.normalize("2024-02-29") == "2024-02-29")
        #expect(PostingDate.normalize("2100-02-29") == nil)
        #expect(PostingDate.normalize("2024-13-01") == nil)
    }
}

extension SourceTests {
    /// A file of bytes 0x80-0xFF that names no charset was read as Windows-1252 and stored as a
    /// posting of garbage; it is refused now, while Latin-1 text (mostly ASCII) is still read.
    @Test func undeclaredBytesThatAreMostlyNotASCIIAreRefusedAndLatin1IsRead() throws {
        let highBytes = (0..<6000).map { UInt8(0x80 + ($0 * 37) % 128) }
        let latin1 = Array("Senior Data Scientist in Zürich\nBuild forecasting models for our café chain; send your résumé.\n"
            .data(using: .isoLatin1)!)
        let root = try folder(["garbage.txt": highBytes, "latin1.txt": latin1])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let read = try readAll(root)
        #expect(read.postings.map(\.title) == ["Senior Data Scientist in Zürich"])
        #expect(read.failures.map(\.source) == [root + "/garbage.txt"])
        #expect(read.failures.first?.reason.contains("is mostly not ASCII") == true)
        #expect(read.failures.first?.reason.hasSuffix("convert it to UTF-8") == true)
    }
}

extension SourceTests {
    /// JSON nested past the parser's limit was called truncated; the message names the nesting now.
    @Test func deeplyNestedJSONIsNamedAsSuchNotAsTruncated() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let root = try folder(["deep.json": Array(deep.utf8)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let read = try readAll(root)
        #expect(read.failures.map(\.reason) == ["not valid JSON at byte 128: nested more than 128 levels deep"])
    }
}
