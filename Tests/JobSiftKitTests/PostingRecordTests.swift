import Foundation
import Testing
@testable import JobSiftKit

/// The posting record built from pages: schema.org fields from JSON-LD and microdata, several
/// postings on one page, fields read from the text, and pages without content.
@Suite struct PostingRecordTests {
    func postings(_ fixture: String) throws -> [Posting] {
        let bytes = try Paths.fixtureBytes(fixture)
        let kind = SourceDocument.kind(forName: fixture, bytes: bytes)
        return PostingExtractor().extractAll(SourceDocument(source: fixture, bytes: bytes, kind: kind))
    }

    @Test func everyJobPostingFieldIsReadFromJSONLD() throws {
        let found = try postings("pages/full-jsonld.html")
        #expect(found.count == 1)
        let posting = found[0]
        #expect(posting.title == "Senior Machine Learning Engineer, Forecasting")
        #expect(posting.titleSource == "json-ld")
        #expect(posting.company == "Larchwood Foods")
        #expect(posting.location == "Denver, CO, US; Toronto, ON, CA")
        #expect(posting.workplace == .remote)
        #expect(posting.workplaceOrigin == .structuredData)
        #expect(posting.applicantLocations == ["United States", "Canada"])
        #expect(posting.salary == Salary(minimum: 150_000, maximum: 190_000, currency: "USD", period: .year,
                                         origin: .structuredData))
        #expect(posting.employmentType == "FULL_TIME, CONTRACTOR")
        #expect(posting.datePosted == "2025-03-04")
        #expect(posting.validThrough == "2025-05-01")
        #expect(posting.identifier == "MLE-2291")
        #expect(posting.experienceRequirements == "60 months of experience")
        #expect(posting.educationRequirements == "bachelor degree")
        #expect(posting.listedSkills == "PyTorch, Kubernetes, Airflow")
        #expect(posting.occupationalCategory == "15-2051.00 Data Scientists")
        #expect(posting.language == "en")
        #expect(posting.status == .ok)
        #expect(posting.notes.isEmpty)
    }

    @Test func htmlInsideTheDescriptionBecomesText() throws {
        let reading = JobPostingJSONLDReader().read([
            #"{"@type": "JobPosting", "description": "<p>Run models on Kubernetes &amp; Airflow</p><ul><li>PyTorch</li></ul>"}"#,
        ])
        #expect(reading.postings.first?.description == "Run models on Kubernetes & Airflow\n- PyTorch")
    }

    @Test func theMainTextOfAStructuredPageLeavesOutItsNavigationAndFooter() throws {
        let text = try postings("pages/full-jsonld.html")[0].text
        #expect(text.hasPrefix("Senior Machine Learning Engineer, Forecasting\nLarchwood plans deliveries"))
        #expect(!text.contains("All jobs"))
        #expect(!text.contains("Privacy"))
    }

    @Test func severalPostingsOnOnePageBecomeSeveralRecords() throws {
        let found = try postings("pages/two-postings.html")
        #expect(found.map(\.title) == ["NLP Engineer", "Data Analyst"])
        #expect(found.map(\.source) == ["pages/two-postings.html#1", "pages/two-postings.html#2"])
        #expect(found.map(\.datePosted) == ["2024-11-02", "2024-11-05"])
        #expect(found[0].text.hasPrefix("Build the entity extraction"))
        #expect(found[1].text.contains("Looker"))
        #expect(found[0].id != found[1].id)
    }

    @Test func microdataIsReadWhenThereIsNoJSONLD() throws {
        let found = try postings("pages/microdata.html")
        #expect(found.count == 1)
        let posting = found[0]
        #expect(posting.title == "Computer Vision Engineer")
        #expect(posting.titleSource == "microdata")
        #expect(posting.company == "Tidewater Robotics")
        #expect(posting.location == "Gothenburg, SE")
        #expect(posting.employmentType == "FULL_TIME")
        #expect(posting.datePosted == "2025-09-15")
        #expect(posting.salary == Salary(minimum: 55_000, maximum: 70_000, currency: "SEK", period: .month,
                                         origin: .structuredData))
        #expect(posting.text.contains("Train object detection models in PyTorch"))
    }

    @Test func aPageWithoutStructuredDataGetsSalaryAndWorkplaceFromItsText() throws {
        let posting = try postings("pages/text-salary-hybrid.html")[0]
        #expect(posting.title == "Data Scientist (Pricing)")
        #expect(posting.titleSource == "h1")
        #expect(posting.datePosted == "2025-06-02")
        #expect(posting.salary == Salary(minimum: 60_000, maximum: 75_000, currency: "EUR", period: .year, origin: .text))
        #expect(posting.workplace == .hybrid)
        #expect(posting.workplaceOrigin == .text)
    }

    @Test func aJavaScriptShellIsReportedAsNoContent() throws {
        let posting = try postings("pages/js-shell.html")[0]
        #expect(posting.status == .noContent)
        #expect(posting.notes.contains { $0.contains("JavaScript") })
    }

    @Test func invalidJSONLDFallsBackToThePageTextAndSaysSo() throws {
        let posting = try postings("broken-jsonld.html")[0]
        #expect(posting.status == .ok)
        #expect(posting.titleSource == "h1")
        #expect(posting.notes == ["1 JSON-LD block is not valid JSON; the posting was read from the page text"])
    }

    @Test func theIDDependsOnTheContentNotOnWhereItWasRead() {
        let first = Posting(source: "a.txt", title: "ML Engineer", company: "Acme", text: "Build  models.\nShip them.")
        let second = Posting(source: "https://x.example/1", title: "ml engineer", company: "ACME", text: "Build models. Ship them.")
        var edited = first
        edited.text = "Build models. Ship them today."
        #expect(first.id == second.id)
        #expect(first.id != edited.id)
        #expect(first.id.count == 16)
    }
}
