import Foundation
import Testing
@testable import JobSiftKit

/// The role classifier on the project's own corpus and shipped model.
@Suite struct RoleClassifierTests {
    static let corpus: [LabelledPosting] = (try? LabelledCorpus.load(from: Paths.corpus)) ?? []

    @Test func corpusHoldsEveryRoleOfTheTaxonomyWithAtLeast25Postings() throws {
        let taxonomy = try RoleTaxonomy.load(from: Paths.shippedTaxonomy)
        #expect(taxonomy.roles.count == 13)
        let counts = Dictionary(grouping: Self.corpus, by: \.label).mapValues(\.count)
        for role in taxonomy.roles {
            #expect((counts[role.id] ?? 0) >= 25, "\(role.id) has \(counts[role.id] ?? 0) postings")
        }
        #expect(Set(counts.keys) == Set(taxonomy.roles.map(\.id)))
    }

    @Test func heldBackPostingsAreClassifiedWell() {
        // Train on four fifths of every class, score the fifth it never saw.
        let folds = CrossValidation.foldAssignments(labels: Self.corpus.map(\.label), folds: 5)
        let training = zip(Self.corpus, folds).filter { $0.1 != 0 }.map(\.0)
        let held = zip(Self.corpus, folds).filter { $0.1 == 0 }.map(\.0)
        let classifier = RoleClassifier(classifier: RoleClassifier.train(training), taxonomy: RoleTaxonomy(roles: []))
        let predicted = held.map { classifier.classify($0.posting).role }
        let report = ClassificationReport(trueLabels: held.map(\.label), predictedLabels: predicted)
        #expect(held.count >= 13 * 5)
        #expect(report.accuracy >= 0.85, "held-back accuracy \(report.accuracy)")
    }

    @Test func trainingTwiceGivesTheSameModelFile() {
        let sample = Array(Self.corpus.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
        let first = ModelFile.encode(RoleClassifier.train(sample))
        let second = ModelFile.encode(RoleClassifier.train(sample))
        #expect(first == second)
    }

    @Test(arguments: [
        ("ml-engineer-fraud.html", "ml-engineer"),
        ("data-scientist-retail.txt", "data-scientist"),
        ("llm-engineer-finetuning.md", "llm-engineer"),
        ("ai-engineer-agents.md", "ai-engineer"),
        ("mlops-platform.txt", "mlops-engineer"),
        ("cv-engineer-robotics.html", "cv-engineer"),
        ("marketing-manager-ai-tools.txt", "other"),
        ("ai-trainer-math.json", "ai-trainer"),
    ])
    func shippedModelClassifiesTheSamples(file: String, role: String) throws {
        let classifier = RoleClassifier(
            classifier: try ModelFile.load(from: Paths.shippedModel),
            taxonomy: try RoleTaxonomy.load(from: Paths.shippedTaxonomy))
        let document = try LocalSource.read(path: Paths.samples.appendingPathComponent(file).path)
        let posting = PostingExtractor().extract(document)
        let result = classifier.classify(posting)
        #expect(result.role == role, "\(file): \(result.role) \(result.probability)")
        #expect(result.alternatives.count == 2)
        #expect(!result.evidence.isEmpty)
        // The batch path hands over tokens it has already made; the answer must not change.
        let fromSpans = classifier.classify(posting, textSpans: Tokenizer(stopWords: []).spans(posting.text))
        #expect(fromSpans == result)
    }

    @Test func analyzerLoadedOnTwoThreadsAnalyzesAsOneBuiltFromItsParts() throws {
        let loaded = try PostingAnalyzer.load(model: Paths.shippedModel, taxonomy: Paths.shippedTaxonomyFolder)
        let built = PostingAnalyzer(classifier: try ModelFile.load(from: Paths.shippedModel),
                                    taxonomy: try JobTaxonomy.load(from: Paths.shippedTaxonomyFolder))
        for file in try FileManager.default.contentsOfDirectory(atPath: Paths.samples.path).sorted() {
            let posting = PostingExtractor().extract(try LocalSource.read(path: Paths.samples.appendingPathComponent(file).path))
            #expect(loaded.analyze(posting) == built.analyze(posting), "\(file)")
        }
    }

    @Test func analyzerLoadNamesWhatCouldNotBeLoaded() {
        #expect(throws: AnalyzerLoadError.model(.unreadable(path: "/nonexistent/roles.jsm", reason: "no such file"))) {
            try PostingAnalyzer.load(model: "/nonexistent/roles.jsm", taxonomy: Paths.shippedTaxonomyFolder)
        }
        #expect(throws: AnalyzerLoadError.taxonomy(.unreadable(path: "/nonexistent/roles.yaml"))) {
            try PostingAnalyzer.load(model: Paths.shippedModel, taxonomy: "/nonexistent")
        }
    }
}
