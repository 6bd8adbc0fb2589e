import Foundation
import Testing
@testable import JobSiftKit

/// The 83 real saved pages in ../shared/data/html, read in place (they never enter the project).
@Suite(.enabled(if: Paths.hasSharedData, "../shared/data is absent; the real-page checks are skipped"))
struct SharedPagesTests {
    struct Page {
        var file: String
        var title: String
        var hasJobPosting: Bool
        var jsonLDValid: Bool?
        var quirks: String
        var postings: [Posting]
    }

    /// Every page of the index with what jobsift read from it; read once for all tests.
    static let pages: [Page] = {
        let folder = Paths.sharedData.appendingPathComponent("html")
        let index = (try? String(contentsOf: folder.appendingPathComponent("index.jsonl"), encoding: .utf8)) ?? ""
        return index.split(separator: "\n").compactMap { line -> Page? in
            guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let file = entry["file"] as? String else { return nil }
            let path = folder.appendingPathComponent(file).path
            var postings: [Posting] = []
            try? PostingReader().read(.file(path: path), posting: { postings.append($0) }, failure: { _ in })
            return Page(file: file, title: entry["title"] as? String ?? "", hasJobPosting: entry["has_jsonld_jobposting"] as? Bool ?? false,
                        jsonLDValid: entry["jsonld_valid"] as? Bool, quirks: entry["quirks"] as? String ?? "", postings: postings)
        }
    }()

    @Test func everyPageIsRead() {
        #expect(Self.pages.count == 83)
        #expect(Self.pages.allSatisfy { !$0.postings.isEmpty })
    }

    @Test func everyValidJobPostingIsReadWithItsFields() {
        let structured = Self.pages.filter { $0.hasJobPosting && $0.jsonLDValid == true }
        #expect(structured.count == 61)
        for page in structured {
            let posting = page.postings[0]
            #expect(posting.title == page.title, "\(page.file)")
            #expect(posting.titleSource == "json-ld", "\(page.file)")
            #expect(posting.status == .ok, "\(page.file)")
            #expect(posting.company != nil, "\(page.file) has no company")
            #expect(posting.datePosted != nil, "\(page.file) has no date")
        }
    }

    /// The two pages whose JSON-LD is not strict JSON (raw line breaks inside strings) are read
    /// from it all the same, as browsers and search engines read them: a crawl that keeps only
    /// pages with a JobPosting lost them before.
    @Test func jsonLDWithRawLineBreaksInStringsIsStillRead() {
        let invalid = Self.pages.filter { $0.hasJobPosting && $0.jsonLDValid == false }
        #expect(invalid.count == 2)
        for page in invalid {
            let posting = page.postings[0]
            #expect(posting.status == .ok, "\(page.file)")
            #expect(posting.structuredData == "json-ld", "\(page.file)")
            #expect(posting.title == page.title, "\(page.file)")
            #expect(!posting.notes.contains { $0.contains("not valid JSON") }, "\(page.file)")
            // Their descriptions are HTML escaped twice; the text holds no markup.
            #expect(posting.text.split(separator: " ").count > 50, "\(page.file)")
            #expect(!posting.text.contains("<div>") && !posting.text.contains("&lt;"), "\(page.file)")
        }
    }

    @Test func javaScriptShellsAreReportedAsNoContentAndNothingElseIs() {
        let shells = Self.pages.filter { $0.quirks.contains("loaded by JavaScript") || $0.quirks.contains("SPA") }
        let empty = Self.pages.filter { $0.postings[0].status == .noContent }
        #expect(shells.count == 6)
        #expect(empty.map(\.file) == shells.map(\.file))
    }

    @Test func mainTextHasNoCookieBannersOrOtherPostings() {
        for page in Self.pages {
            for posting in page.postings where posting.status == .ok {
                let lines = posting.text.lowercased().split(separator: "\n")
                #expect(!lines.contains { $0.contains("cookie") }, "\(page.file) keeps a cookie notice")
                #expect(!lines.contains { $0.contains("similar remote jobs") || $0.contains("similar jobs") },
                        "\(page.file) keeps a list of other jobs")
                #expect(!lines.contains { $0.hasPrefix("back to remote jobs") }, "\(page.file) keeps navigation")
            }
        }
    }
}
