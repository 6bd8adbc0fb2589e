import Testing
@testable import JobSiftKit

@Suite struct ExtractTests {
    func posting(_ fixture: String) throws -> Posting {
        let bytes = try Paths.fixtureBytes(fixture)
        let kind = SourceDocument.kind(forName: fixture, bytes: bytes)
        return PostingExtractor().extract(SourceDocument(source: fixture, bytes: bytes, kind: kind))
    }

    /// A salary beyond what any job pays (here infinite once parsed, or 10^41) used to be stored
    /// and broke JSON export, stats and the report; it is dropped with a note, the rest kept.
    @Test(arguments: [
        ("page.html", #"<html><head><script type="application/ld+json">{"@type":"JobPosting","title":"ML Engineer","description":"Build and ship PyTorch ranking models for search with a small team of engineers and scientists. You will own training pipelines, offline evaluation, online experiments and the serving path, and you will work with product managers to decide what the models should learn next.","baseSalary":{"@type":"MonetaryAmount","currency":"USD","value":{"@type":"QuantitativeValue","minValue":1e400,"maxValue":99999999999999999999999999999,"unitText":"YEAR"}}}</script></head><body></body></html>"#),
        ("posting.txt", "Senior ML Engineer\nBuild and ship PyTorch ranking models for search with a small team.\nWe pay $99999999999999999999999999999999999999999 per year."),
        // The same figure as a string was read as 1400 (its digits without the exponent).
        ("string.html", #"<html><head><script type="application/ld+json">{"@type":"JobPosting","title":"ML Engineer","description":"Build and ship PyTorch ranking models for search with a small team of engineers and scientists. You will own training pipelines, offline evaluation, online experiments and the serving path, and you will work with product managers to decide what the models should learn next.","baseSalary":{"@type":"MonetaryAmount","currency":"USD","value":{"@type":"QuantitativeValue","minValue":"1e400","maxValue":"1e400","unitText":"YEAR"}}}</script></head><body></body></html>"#),
    ])
    func aSalaryNoJobPaysIsDroppedWithANote(name: String, content: String) throws {
        let bytes = Array(content.utf8)
        let posting = PostingExtractor().extract(
            SourceDocument(source: name, bytes: bytes, kind: SourceDocument.kind(forName: name, bytes: bytes)))
        #expect(posting.salary == nil)
        #expect(posting.notes.contains { $0.hasPrefix("a salary of") && $0.hasSuffix("was dropped: no job pays that") })
        #expect(posting.title == "ML Engineer" || posting.title == "Senior ML Engineer")
        #expect(posting.status == .ok)
    }

    /// HTML nested deeper than libxml2's parser goes lost its text, and the note blamed JavaScript.
    @Test(arguments: [300, 100_000])
    func textNestedDeeperThanTheParserGoesIsReadFromTheMarkup(depth: Int) {
        let body = "<h1>Senior ML Engineer</h1><p>Train &amp; serve PyTorch ranking models for search with a small team of "
            + "engineers.</p><script>var hidden = 1;</script><!-- a comment --><p>You will own training pipelines, offline "
            + "evaluation and the serving path of the models behind our product search.</p>"
        let html = "<html><body>" + String(repeating: "<div>", count: depth) + body + String(repeating: "</div>", count: depth)
            + "</body></html>"
        let posting = PostingExtractor().extract(SourceDocument(source: "deep.html", bytes: Array(html.utf8), kind: .html))
        #expect(posting.status == .ok)
        #expect(posting.text.hasPrefix("Senior ML Engineer\nTrain & serve PyTorch ranking models"))
        #expect(!posting.text.contains("hidden") && !posting.text.contains("comment"))
        // 100,000 levels are 200,000 tags, past the tag limit too: read the same way, named by that limit.
        let limit = depth * 2 > PostingExtractor.maximumTagsOnAPage ? "more than 100000 tags" : "nested more than 255 levels deep"
        #expect(posting.notes.contains { $0.contains(limit) })
        #expect(!posting.notes.contains { $0.contains("JavaScript") })
    }

    /// Escape sequences in a title were stored as they were and reached the CSV export raw.
    @Test func controlCharactersAreTakenOutOfEveryField() {
        let content = "Senior \u{1B}[2J\u{1B}[1;31mML Engineer\u{07}\nBuild and ship PyTorch ranking models\u{9B}31m for "
            + "search with a small team.\u{202E}\n"
        let posting = PostingExtractor().extract(SourceDocument(source: "t.txt", bytes: Array(content.utf8), kind: .text))
        #expect(posting.title == "Senior [2J[1;31mML Engineer")
        #expect(posting.text.hasSuffix("ranking models31m for search with a small team."))
        #expect(!posting.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    /// A 10 MB posting file took about 290 MB: its whole text was tokenized and stored. Text past
    /// 200 KB (no real posting comes near) is cut at a line end, with a note.
    @Test func aTextLongerThanAnyPostingIsCutAtALineEnd() {
        let line = "Train and serve PyTorch ranking models for search with a small team of engineers.\n"
        let content = "Senior ML Engineer\n" + String(repeating: line, count: 4000)
        let posting = PostingExtractor().extract(SourceDocument(source: "long.txt", bytes: Array(content.utf8), kind: .text))
        #expect(posting.text.utf8.count <= PostingExtractor.maximumTextBytes)
        #expect(posting.text.utf8.count > PostingExtractor.maximumTextBytes - line.utf8.count)
        #expect(posting.text.hasSuffix("engineers."))
        #expect(posting.notes == ["the text (0.3 MB) was cut to its first 200 KB: no posting is that long"])
    }

    /// Markup of millions of tags made a libxml2 tree of hundreds of MB (576 MB for 10 MB of
    /// `<b>x</b>`); past 100,000 tags a page is read as a stream of text instead.
    @Test func aPageOfMoreTagsThanAnyPostingPageIsReadWithoutATree() {
        let html = "<html><body><h1>ML Engineer</h1>" + String(repeating: "<span>pytorch</span> <i>models</i>\n", count: 60_000)
            + "</body></html>"
        let posting = PostingExtractor().extract(SourceDocument(source: "tags.html", bytes: Array(html.utf8), kind: .html))
        #expect(posting.status == .ok)
        #expect(posting.text.hasPrefix("ML Engineer\npytorch models pytorch models"))
        #expect(posting.notes.first?.hasPrefix("the page has more than 100000 tags") == true)
    }

    @Test func plausibleSalariesAreKept() {
        #expect(Salary(minimum: 120_000, maximum: 180_000, origin: .text).isPlausible)
        #expect(Salary(minimum: 500_000_000, origin: .text).isPlausible)  // a year in dong
        #expect(!Salary(minimum: .infinity, origin: .text).isPlausible)
        #expect(!Salary(maximum: .nan, origin: .text).isPlausible)
        #expect(!Salary(minimum: -5, origin: .text).isPlausible)
        #expect(!Salary(maximum: 2e10, origin: .text).isPlausible)
    }

    @Test func mainTextLeavesOutScriptsNavigationBannersFormsAndFooters() throws {
        let text = try posting("noisy-page.html").text
        for noise in ["tracking-code", "footer-script", "cookies", "Company header", "Blog", "Similar jobs",
                      "Copyright", "Apply now", "Share on LinkedIn", "color: #123"] {
            #expect(!text.contains(noise), "main text still holds \"\(noise)\"")
        }
    }

    @Test func mainTextKeepsBlocksAsLinesAndCollapsesSpaces() throws {
        let text = try posting("noisy-page.html").text
        #expect(text == """
            Senior ML Engineer (Search)
            We build the ranking models behind our product search.
            What you will do
            - Train and ship learning-to-rank models with PyTorch.
            - Own feature pipelines in Spark and Kafka.
            Requirements
            5+ years of Python
            Experience with C++ and Node.js services.
            """)
    }

    @Test func titleComesFromJSONLDFirst() throws {
        let page = try posting("noisy-page.html")
        #expect(page.title == "Senior Machine Learning Engineer, Search & Ranking")
        #expect(page.titleSource == "json-ld")
        #expect(page.company == "Quillfeather Labs")
        #expect(page.location == "Leeds, GB")
        #expect(page.datePosted == "2025-04-02")
        #expect(page.employmentType == "FULL_TIME")
    }

    @Test(arguments: [
        ("og-title.html", "Data Scientist, Growth", "og:title"),
        ("h1-title.html", "Prompt Engineer", "h1"),
        ("title-only.html", "NLP Engineer at Corvid Systems", "title"),
        ("broken-jsonld.html", "MLOps Engineer", "h1"),
    ])
    func titleFallsBackInOrder(fixture: String, title: String, source: String) throws {
        let page = try posting(fixture)
        #expect(page.title == title)
        #expect(page.titleSource == source)
    }

    @Test func jobPostingInsideGraphIsFoundAndItsHTMLDescriptionBecomesText() throws {
        let page = try posting("graph-jsonld.html")
        #expect(page.title == "Computer Vision Engineer")
        #expect(page.company == "Heronsgate")
        #expect(page.datePosted == "2024-07-19")
        // The page body is an empty JavaScript shell, so the JSON-LD description stands in.
        #expect(page.text == "About the role\n- Build detection models with OpenCV\n- Deploy on NVIDIA Jetson")
    }

    @Test func invalidJSONLDIsCountedNotFatal() {
        let reading = JobPostingJSONLDReader().read(["{\"@type\": \"JobPosting\", ", "{\"@type\": \"JobPosting\", \"title\": \"X\"}"])
        #expect(reading.invalidBlocks == 1)
        #expect(reading.postings.map(\.title) == ["X"])
    }

    @Test func markdownFrontMatterGivesFieldsAndMarkersAreRemoved() throws {
        let page = try posting("posting.md")
        #expect(page.title == "LLM Engineer, Fine-tuning")
        #expect(page.company == "Marram Analytics")
        #expect(page.location == "Bristol, UK (hybrid)")
        #expect(page.datePosted == "2025-10-07")
        #expect(page.text == """
            About the role
            We adapt open-weight models to legal text.

            Requirements
            - LoRA and QLoRA fine-tuning
            - Serving with vLLM
            """)
    }

    @Test func plainTextWithoutFrontMatterTakesItsFirstLineAsTitle() throws {
        let page = try posting("plain.txt")
        #expect(page.title == "AI Trainer (Chemistry)")
        #expect(page.titleSource == "first-line")
    }

    @Test func brokenAndEmptyMarkupNeverCrashes() {
        let extractor = MainTextExtractor()
        #expect(extractor.extract(html: []).text == "")
        #expect(extractor.extract(html: Array("<div><p>unclosed <b>bold</span></td>".utf8)).text == "unclosed bold")
        #expect(extractor.extract(html: [0xFF, 0xFE, 0x00, 0x01]).text.count < 10)
    }
}
