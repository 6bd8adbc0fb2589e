import Foundation
import Testing
@testable import JobSiftKit

/// Training labels by id, their join with a dataset, the reading sample's weights, and the
/// commands that make and score them.
@Suite struct TrainingLabelsTests {
    /// A folder with a three-row dataset made from the role fixtures, a labels file and a gold file.
    struct Folder {
        let url: URL
        var path: String { url.path }
        func file(_ name: String) -> String { url.appendingPathComponent(name).path }

        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-labels-\(UUID())")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            var rows: [String] = []
            for (id, name) in [("a", "generative-ai-engineer-rag.md"), ("b", "ml-engineer-finetune-llama.md")] {
                let text = try String(contentsOf: Paths.fixture("roles/" + name), encoding: .utf8)
                let title = String(text.split(separator: "\n")[0].dropFirst(2))
                let row: [String: String] = ["id": id, "title": title, "text": text, "split": "train", "near_dup_group": "g-\(id)"]
                rows.append(String(decoding: try JSONEncoder().encode(row), as: UTF8.self))
            }
            rows.append(#"{"id": "c", "title": "Staff Accountant", "text": "Close the books each month and reconcile the ledgers in NetSuite.", "split": "test"}"#)
            try rows.joined(separator: "\n").write(toFile: url.appendingPathComponent("jobs.jsonl").path, atomically: true, encoding: .utf8)
        }
    }

    @Test func labelsRoundTripAndJoinTheirRowsById() throws {
        let folder = try Folder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let labels = [
            TrainingLabel(id: "b", dataset: "jobs", role: "llm-engineer", method: .readByGuide, alternative: "ml-engineer"),
            TrainingLabel(id: "a", dataset: "jobs", role: "ai-engineer", method: .titleRule),
            TrainingLabel(id: "gone", dataset: "jobs", role: "other", method: .titleRule),
        ]
        try TrainingLabels.encode(labels).write(toFile: folder.file("labels.jsonl"), atomically: true, encoding: .utf8)
        let loaded = try TrainingLabels.load(from: folder.file("labels.jsonl"))
        #expect(loaded == labels)
        let joined = try TrainingLabels.postings(for: loaded, labelsPath: "labels.jsonl", datasets: [folder.file("jobs.jsonl")],
                                                 calibrationWeights: ["jobs\u{0}b": 2.5])
        #expect(joined.missing == 1)
        #expect(joined.postings.map(\.label) == Array(labels.prefix(2)))
        let postings = joined.postings.map(\.posting)
        #expect(postings.map(\.label) == ["llm-engineer", "ai-engineer"])
        #expect(postings.map(\.origin) == [.readByGuide, .titleRule])
        #expect(postings.map(\.group) == ["g-b", "g-a"])
        #expect(postings.map(\.calibrationWeight) == [2.5, 1])
        #expect(postings.map(\.alternative) == ["ml-engineer", nil])
        #expect(postings[0].posting.title == "ML Engineer — fine-tune and serve Llama with vLLM")
    }

    @Test func aLabelOfADatasetNotGivenSaysWhichToPass() throws {
        let labels = [TrainingLabel(id: "a", dataset: "postings-extra", role: "other", method: .titleRule)]
        #expect(throws: TrainingLabelsError.unknownDataset(path: "l.jsonl", dataset: "postings-extra", given: [])) {
            try TrainingLabels.postings(for: labels, labelsPath: "l.jsonl", datasets: [])
        }
        #expect(TrainingLabels.datasetName(ofPath: "../shared/data/postings-extra.jsonl.gz") == "postings-extra")
    }

    @Test func aReadingStandsForItsStratumAndAnUnreadMemberForNone() throws {
        let folder = try Folder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        // Stratum s: 4 postings, 1 read; stratum t: 2 postings, both read.
        let members = [("1", "s", true), ("2", "s", false), ("3", "s", false), ("4", "s", false), ("5", "t", true), ("6", "t", true)]
        try members.map { #"{"id": "\#($0.0)", "dataset": "d", "stratum": "\#($0.1)", "read": \#($0.2)}"# }
            .joined(separator: "\n").write(toFile: folder.file("sample.jsonl"), atomically: true, encoding: .utf8)
        let weights = try TrainingLabels.calibrationWeights(sampleAt: folder.file("sample.jsonl"))
        #expect(weights["d\u{0}1"] == 4 && weights["d\u{0}2"] == 0 && weights["d\u{0}5"] == 1)
    }

    @Test func theTitleRuleLabelsOnlyWhenTheTextAgrees() throws {
        let taxonomy = try JobTaxonomy.load(from: Paths.shippedTaxonomyFolder)
        let rule = TitleRule(taxonomy: taxonomy.roles)
        let skills = SkillExtractor(taxonomy: taxonomy.skills)
        let text = try String(contentsOf: Paths.fixture("roles/generative-ai-engineer-rag.md"), encoding: .utf8)
        func label(_ title: String, _ text: String) -> String? {
            TrainingLabels.titleRuleLabel(Posting(source: "t", title: title, text: text), rule: rule, taxonomy: taxonomy, skills: skills)
        }
        #expect(label("Generative AI Engineer", text) == "ai-engineer")
        // A generic title over LLM work is left to be read, not labelled other.
        #expect(label("Software Engineer", text) == nil)
        #expect(label("Staff Accountant", "Close the books and reconcile the ledgers.") == "other")
        // An AI title over a text that names no AI work is left to be read.
        #expect(label("AI Engineer", "Join our friendly team in Berlin. Great benefits.") == nil)
    }
}

/// The shipped labels against the shared data: no posting that is only ever scored is labelled.
@Suite(.enabled(if: Paths.hasSharedData, "../shared/data is absent; the check of the shipped labels is skipped"))
struct ShippedLabelsTests {
    @Test func noTrainingLabelNamesATestOrGoldPosting() throws {
        let gold = Set(try GoldLabel.load(from: Paths.sharedData.appendingPathComponent("gold/roles-test.jsonl").path).map(\.id))
        let test = Set(try TrainingLabels.rowsByID(datasetAt: Paths.sharedData.appendingPathComponent("postings.jsonl.gz").path)
            .filter { $0.value.fields["split"] == "test" }.keys)
        #expect(gold.count == 167 && gold.isSubset(of: test))
        for file in ["roles.jsonl", "read-by-guide.jsonl"] {
            let labels = try TrainingLabels.load(from: Paths.repository.appendingPathComponent("corpora/labels/" + file).path)
            #expect(labels.count > 4000, "\(file)")
            let named = Set(labels.map(\.id))
            #expect(named.isDisjoint(with: test), "\(file) names test rows: \(named.intersection(test).sorted().prefix(3))")
        }
    }
}
