import Foundation
import Testing
@testable import JobSiftKit

/// The scan that finds JSON-LD blocks without parsing a page must find exactly what libxml2's
/// parse finds, or decline the page.
@Suite struct JSONLDScannerTests {
    /// The blocks libxml2's parse finds: what the scan must agree with.
    func parsedBlocks(_ html: String) -> [String] {
        MainTextExtractor().extract(html: Array(html.utf8), encoding: "UTF-8").jsonLDBlocks
    }

    func page(_ fixture: String) throws -> String {
        TextDecoding.decode(try Paths.fixtureBytes(fixture), isHTML: true).text
    }

    @Test(arguments: ["pages/full-jsonld.html", "pages/two-postings.html", "graph-jsonld.html", "broken-jsonld.html",
                      "noisy-page.html", "h1-title.html", "og-title.html", "pages/js-shell.html"])
    func theScanFindsWhatTheParserFinds(fixture: String) throws {
        let html = try page(fixture)
        let scanned = try #require(JSONLDScanner.blocks(in: html))
        #expect(scanned == parsedBlocks(html))
    }

    /// Raw line breaks and stray backslashes inside strings (We Work Remotely's pages have them) made the block
    /// invalid and the page lost its structured fields; they are read as escaped now, while a
    /// block broken otherwise is still counted invalid.
    @Test func rawLineBreaksInsideStringsAreReadAsEscaped() {
        let block = "{\"@type\": \"JobPosting\", \"title\": \"Data\tEngineer\",\n \"description\": \"Line one\nLine two with \\\"quotes\\\"\"}"
        let reading = JobPostingJSONLDReader().read([block])
        #expect(reading.invalidBlocks == 0)
        #expect(reading.postings.first?.title == "Data Engineer")
        #expect(reading.postings.first?.description?.contains("Line two with \"quotes\"") == true)
        #expect(JobPostingJSONLDReader().read(["{\"@type\": \"JobPosting\", \"title\": \"x\n\""]).invalidBlocks == 1)
        // A backslash before a character that cannot be escaped stands for itself.
        let shrug = JobPostingJSONLDReader().read([#"{"@type": "JobPosting", "title": "Crypto ¯\_(ツ)_/¯ Engineer"}"#])
        #expect(shrug.postings.first?.title == #"Crypto ¯\_(ツ)_/¯ Engineer"#)
    }

    @Test func markupThatOnlyLooksLikeJSONLDIsNotABlock() {
        let html = """
            <html><head>
            <!-- <script type="application/ld+json">{"commented": true}</script> -->
            <style>p::before { content: "<script type='application/ld+json'>"; }</style>
            <script>var s = "<script type='application/ld+json'>{}";</script>
            <meta name="x" content='<script type="application/ld+json">{"in": "attribute"}</script>'>
            <SCRIPT TYPE="Application/LD+JSON; charset=utf-8">{"real": 1}</SCRIPT>
            <script type=application/ld+json>{"bare": "type"}</script >
            </head><body><p>a < b</p></body></html>
            """
        #expect(JSONLDScanner.blocks(in: html) == [#"{"real": 1}"#, #"{"bare": "type"}"#])
        #expect(parsedBlocks(html) == [#"{"real": 1}"#, #"{"bare": "type"}"#])
        // A quote left open swallows the markup up to the next quote, for the parser as for the scan.
        let openQuote = #"<html><body><div class="open><script type="application/ld+json">{}</script></div></body></html>"#
        #expect(JSONLDScanner.blocks(in: openQuote) == [])
        #expect(parsedBlocks(openQuote) == [])
    }

    @Test(arguments: [
        #"<html><body><!-- never closed <script type="application/ld+json">{}</script>"#,
        #"<html><body><script type="application/ld+json">{"never": "closed"}"#,
        #"<html><body><script type="application/ld&#43;json">{}</script>"#,
        #"<html><body><div itemscope itemtype="https://schema.org/JobPosting"></div><script type="application/ld+json">{}</script>"#,
        "<html><body><script type=\"application/ld+json\">{\"a\": \"\u{1}\"}</script>",
        #"<html><body><script type="application/ld+json">{}</script><div class="never closed>"#,
    ])
    func pagesTheScanCannotVouchForAreLeftToTheParser(html: String) {
        #expect(JSONLDScanner.blocks(in: html) == nil)
    }

    /// The same page read without parsing (its whole posting is JSON-LD) and with parsing (a
    /// microdata attribute rules the shortcut out, though it adds no item): the same posting.
    @Test func aPageReadWithoutParsingGivesThePostingParsingGives() throws {
        let html = try page("pages/full-jsonld.html")
        #expect(JSONLDScanner.blocks(in: html) != nil)
        let parsedHTML = html.replacingOccurrences(of: "<body>", with: "<body><span itemprop=\"note\"></span>")
        #expect(parsedHTML != html && JSONLDScanner.blocks(in: parsedHTML) == nil)
        func posting(_ html: String) -> [Posting] {
            PostingExtractor().extractAll(SourceDocument(source: "page.html", bytes: Array(html.utf8), kind: .html))
        }
        let direct = posting(html)
        #expect(direct.count == 1 && direct.first?.title == "Senior Machine Learning Engineer, Forecasting")
        #expect(direct == posting(parsedHTML))
    }

    @Test(.enabled(if: Paths.hasSharedData, "../shared/data is absent"))
    func theScanAgreesWithTheParserOnRealPages() throws {
        let folder = Paths.sharedData.appendingPathComponent("html/pages")
        var scannedPages = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(name)))
            let html = TextDecoding.decode(bytes, isHTML: true).text
            guard let scanned = JSONLDScanner.blocks(in: html) else { continue }
            scannedPages += 1
            #expect(scanned == parsedBlocks(html), "\(name)")
        }
        #expect(scannedPages >= 60)
    }
}
