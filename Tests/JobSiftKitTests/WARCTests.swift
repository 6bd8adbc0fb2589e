import Foundation
import Testing
@testable import JobSiftKit

/// WARC files written here, record by record, the way crawlers write them.
enum WARCWriter {
    /// One record: version line, headers, block, and the two line ends that close it.
    static func record(type: String, uri: String?, date: String = "2025-06-01T10:00:00Z", block: [UInt8],
                       contentType: String = "application/http; msgtype=response") -> [UInt8] {
        var header = "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Record-ID: <urn:uuid:\(UUID())>\r\nWARC-Date: \(date)\r\n"
        if let uri { header += "WARC-Target-URI: \(uri)\r\n" }
        header += "Content-Type: \(contentType)\r\nContent-Length: \(block.count)\r\n\r\n"
        return Array(header.utf8) + block + Array("\r\n\r\n".utf8)
    }

    /// An HTTP response block.
    static func http(status: String = "200 OK", headers: [String] = ["Content-Type: text/html; charset=utf-8"],
                     body: [UInt8]) -> [UInt8] {
        Array(("HTTP/1.1 \(status)\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n").utf8) + body
    }

    /// A response record for `body` at `uri`.
    static func page(_ uri: String, _ body: [UInt8], date: String = "2025-06-01T10:00:00Z",
                     headers: [String] = ["Content-Type: text/html; charset=utf-8"]) -> [UInt8] {
        record(type: "response", uri: uri, date: date, block: http(headers: headers, body: body))
    }

    /// Records gzipped one member each, as Common Crawl writes them.
    static func gzipped(_ records: [[UInt8]]) throws -> [UInt8] {
        try records.flatMap { try gzip($0) }
    }
}

@Suite struct WARCTests {
    /// A JobPosting page that gives no date of its own.
    static let undatedPosting = Array("""
        <html><head><title>Data Engineer</title><script type="application/ld+json">
        {"@context": "https://schema.org", "@type": "JobPosting", "title": "Data Engineer, Pipelines",
         "hiringOrganization": {"@type": "Organization", "name": "Fernhill Freight"},
         "description": "You will build and run the batch and streaming pipelines that move shipment events from our \
        depots into the warehouse. You know Python and SQL well, have run Airflow in production, and care about data \
        quality checks that catch problems before the analysts do. Experience with Kafka is a plus."}
        </script></head><body><h1>Data Engineer</h1></body></html>
        """.utf8)
    static let blogPage = Array("""
        <html><head><title>Our blog</title></head><body><h1>Spring menu</h1><p>This week the kitchen team \
        tried a new recipe for pasta with wild garlic, and wrote down every step so that you can cook it at home \
        with the children on a rainy afternoon.</p></body></html>
        """.utf8)

    func crawl() throws -> [[UInt8]] {
        [
            WARCWriter.record(type: "warcinfo", uri: nil, block: Array("software: test\r\n".utf8),
                              contentType: "application/warc-fields"),
            WARCWriter.record(type: "request", uri: "https://jobs.example.com/1",
                              block: Array("GET /1 HTTP/1.1\r\nHost: jobs.example.com\r\n\r\n".utf8),
                              contentType: "application/http; msgtype=request"),
            WARCWriter.page("https://jobs.example.com/1", try Paths.fixtureBytes("pages/full-jsonld.html")),
            WARCWriter.page("https://jobs.example.com/2", Self.undatedPosting, date: "2025-06-02T08:30:00Z"),
            WARCWriter.page("https://blog.example.com/spring", Self.blogPage),
            WARCWriter.record(type: "response", uri: "https://jobs.example.com/old",
                              block: WARCWriter.http(status: "301 Moved Permanently", headers: ["Location: /1"], body: [])),
            WARCWriter.page("https://jobs.example.com/logo.png", [0x89, 0x50, 0x4E, 0x47], headers: ["Content-Type: image/png"]),
            WARCWriter.record(type: "metadata", uri: "https://jobs.example.com/1", block: Array("fetchTimeMs: 12\r\n".utf8),
                              contentType: "application/warc-fields"),
        ]
    }

    func write(_ bytes: [UInt8], name: String = "crawl.warc.gz") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-warc-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func read(_ path: String, allPages: Bool = false) throws -> (postings: [Posting], failures: [ReadFailure], summary: WARCSummary) {
        var reader = PostingReader()
        reader.allWARCPages = allPages
        var postings: [Posting] = []
        var failures: [ReadFailure] = []
        var summary = WARCSummary()
        let input = try #require(PostingInput.inputs(for: path).inputs.first { _ in true })
        #expect(input == .warc(path: path))
        try reader.read(input, posting: { postings.append($0) }, failure: { failures.append($0) }, warc: { summary = $0 })
        return (postings, failures, summary)
    }

    @Test func pagesWithAJobPostingBecomePostingsAndEverythingElseIsCounted() throws {
        let path = try write(try WARCWriter.gzipped(crawl()))
        let (postings, failures, summary) = try read(path)
        #expect(failures.isEmpty)
        #expect(postings.map(\.source) == ["https://jobs.example.com/1", "https://jobs.example.com/2"])
        #expect(postings.map(\.title) == ["Senior Machine Learning Engineer, Forecasting", "Data Engineer, Pipelines"])
        // The page's own date wins; a page without one is dated by its capture.
        #expect(postings.map(\.datePosted) == ["2025-03-04", "2025-06-02"])
        #expect(summary.records == 8)
        #expect(summary.pages == 3)
        #expect(summary.pagesWithPostings == 2)
        #expect(summary.postings == 2)
        #expect(summary.otherRecords == ["warcinfo": 1, "request": 1, "metadata": 1])
        #expect(summary.redirects == 1)
        #expect(summary.notHTML == 1)
        #expect(summary.line.contains("1 page without a JobPosting"))
    }

    /// Pages are only parsed when their bytes name a JobPosting, in JSON-LD or microdata, as a
    /// word of its own: a name that only contains it (LinkedIn's `decoratedJobPostingId`) is no type.
    @Test func theJobPostingPrefilterFindsTheTypeNameAnywhere() {
        #expect(PostingReader.namesJobPosting(Array(#"{"@type": "JobPosting"}"#.utf8)))
        #expect(PostingReader.namesJobPosting(Array(#"<div itemtype="https://schema.org/JobPosting">"#.utf8)))
        #expect(PostingReader.namesJobPosting(Array(#"{"@type":"schema:JobPosting"}"#.utf8)))
        #expect(PostingReader.namesJobPosting(Array("JobPosting".utf8)))
        #expect(PostingReader.namesJobPosting(Array(#"J"JobPosting""#.utf8)))
        #expect(!PostingReader.namesJobPosting(Array("Job Posting JobPostin jobposting".utf8)))
        #expect(!PostingReader.namesJobPosting(Array(#"<code id="decoratedJobPostingId">"#.utf8)))
        #expect(!PostingReader.namesJobPosting(Array("JobPostings JobPosting_2 JJobPosting".utf8)))
        #expect(!PostingReader.namesJobPosting([]))
    }

    @Test func allPagesReadsPagesWithoutAJobPostingToo() throws {
        let path = try write(try WARCWriter.gzipped(crawl()))
        let (postings, _, summary) = try read(path, allPages: true)
        #expect(postings.map(\.source) == ["https://jobs.example.com/1", "https://jobs.example.com/2",
                                           "https://blog.example.com/spring"])
        #expect(summary.pagesWithPostings == 3)
    }

    /// An uncompressed WARC, and a whole file gzipped as one member, read the same.
    @Test(arguments: ["plain", "one member"])
    func plainAndWholeFileGzipReadTheSame(form: String) throws {
        let bytes = try crawl().flatMap { $0 }
        let path = try write(form == "plain" ? bytes : try gzip(bytes), name: form == "plain" ? "crawl.warc" : "crawl.warc.gz")
        let (postings, failures, _) = try read(path)
        #expect(failures.isEmpty)
        #expect(postings.map(\.source) == ["https://jobs.example.com/1", "https://jobs.example.com/2"])
    }

    @Test func chunkedAndGzipEncodedBodiesAreDecoded() throws {
        let html = Self.undatedPosting
        var chunked: [UInt8] = []
        for start in stride(from: 0, to: html.count, by: 100) {
            let chunk = html[start..<min(start + 100, html.count)]
            chunked += Array((String(chunk.count, radix: 16) + "\r\n").utf8) + chunk + Array("\r\n".utf8)
        }
        chunked += Array("0\r\n\r\n".utf8)
        let records = [
            WARCWriter.page("https://jobs.example.com/chunked", chunked,
                            headers: ["Content-Type: text/html", "Transfer-Encoding: chunked"]),
            WARCWriter.page("https://jobs.example.com/gzip", try gzip(html),
                            headers: ["Content-Type: text/html", "Content-Encoding: gzip"]),
            WARCWriter.page("https://jobs.example.com/br", html, headers: ["Content-Type: text/html", "Content-Encoding: br"]),
        ]
        let (postings, failures, summary) = try read(try write(try WARCWriter.gzipped(records)))
        #expect(postings.map(\.title) == ["Data Engineer, Pipelines", "Data Engineer, Pipelines"])
        #expect(failures.map(\.source) == ["https://jobs.example.com/br"])
        #expect(failures.first?.reason.contains("br-encoded") == true)
        #expect(summary.unreadable == 1)
    }

    /// A crawl cut short keeps what came before the cut and names the record that was cut.
    @Test func aTruncatedRecordIsNamedAndTheRecordsBeforeItAreRead() throws {
        var records = try crawl()
        records[4] = Array(records[4].prefix(records[4].count - 40))  // the blog page, cut inside its block
        let path = try write(records.prefix(5).flatMap { $0 }, name: "cut.warc")
        let (postings, failures, _) = try read(path)
        #expect(postings.count == 2)
        #expect(failures.count == 1)
        #expect(failures.first?.source == path)
        #expect(failures.first?.reason.contains("record 5 is truncated") == true)
    }

    @Test func aFileThatIsNotWARCIsRefusedByName() throws {
        let path = try write(Array("<html>not a crawl</html>".utf8), name: "page.warc")
        let (postings, failures, _) = try read(path)
        #expect(postings.isEmpty)
        #expect(failures.first?.reason.contains("not a WARC file") == true)
    }

    /// `analyze` stores a crawl's postings once: a second run finds them all stored. With batches
    /// of one page, batches are committed while the file is still being read.
    @Test(arguments: [BatchOptions().batchSize, 1])
    func analyzeStoresACrawlOnceAcrossRuns(batchSize: Int) throws {
        let path = try write(try WARCWriter.gzipped(crawl()))
        let analyzer = try PostingAnalyzer.load(model: Paths.shippedModel, taxonomy: Paths.shippedTaxonomyFolder)
        let storePath = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-warc-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: storePath) }
        let versions = AnalysisVersions(model: "m", taxonomy: "t")
        var summaries: [BatchSummary] = []
        for _ in 0..<2 {
            let store = try PostingStore(path: storePath)
            var options = BatchOptions()
            options.batchSize = batchSize
            let batch = BatchAnalyzer(store: store, analyzer: analyzer, reader: PostingReader(), versions: versions,
                                      options: options)
            summaries.append(try batch.run(PostingInput.inputs(for: path).inputs, sources: [path], progress: { _ in },
                                           failure: { Issue.record("\($0)") }))
        }
        #expect(summaries[0].counts.stored == 2)
        #expect(summaries[0].warc?.pagesWithPostings == 2)
        #expect(summaries[0].warc?.otherRecords == ["warcinfo": 1, "request": 1, "metadata": 1])
        #expect(summaries[1].counts.stored == 0)
        #expect(summaries[1].counts.alreadyStored == 2)
    }
}
