import Foundation
import Testing
@testable import JobSiftKit

/// The role classifier on the project's own corpus and shipped model.
@Suite struct RoleClassifierTests {
    static let corpus: [LabelledPosting] = (try? LabelledCorpus.load(from: Paths.corpus)) ?? []
    static let taxonomy = try! JobTaxonomy.load(from: Paths.shippedTaxonomyFolder)
    static let shipped = RoleClassifier(classifier: try! ModelFile.load(from: Paths.shippedModel), taxonomy: taxonomy)

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
        let trainer = RoleModelTrainer(taxonomy: Self.taxonomy, usesTitleRule: false)
        let classifier = RoleClassifier(classifier: trainer.train(training).classifier, taxonomy: Self.taxonomy)
        let predicted = held.map { classifier.classify($0.posting).role }
        let report = ClassificationReport(trueLabels: held.map(\.label), predictedLabels: predicted)
        #expect(held.count >= 13 * 5)
        #expect(report.accuracy >= 0.85, "held-back accuracy \(report.accuracy)")
    }

    @Test func trainingTwiceGivesTheSameModelFile() {
        let sample = Array(Self.corpus.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
        let first = ModelFile.encode(RoleModelTrainer(taxonomy: Self.taxonomy).train(sample).classifier)
        let second = ModelFile.encode(RoleModelTrainer(taxonomy: Self.taxonomy).train(sample).classifier)
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
        let classifier = Self.shipped
        let document = try LocalSource.read(path: Paths.samples.appendingPathComponent(file).path)
        let posting = PostingExtractor().extract(document)
        let result = classifier.classify(posting)
        #expect(result.role == role, "\(file): \(result.role) \(result.probability)")
        #expect(result.alternatives.count == 2)
        #expect(!result.evidence.isEmpty)
        // The batch path hands over tokens, sections and skills it has already made; the answer must not change.
        let analysis = PostingAnalyzer(classifier: classifier.classifier, taxonomy: Self.taxonomy).analyze(posting)
        #expect(analysis.role == result)
    }

    @Test(arguments: [
        ("generative-ai-engineer-rag.md", "ai-engineer"),
        ("ml-engineer-finetune-llama.md", "llm-engineer"),
    ])
    func theWorkDecidesBetweenAIAndLLMEngineer(file: String, role: String) throws {
        let document = try LocalSource.read(path: Paths.fixture("roles/" + file).path)
        let result = Self.shipped.classify(PostingExtractor().extract(document))
        #expect(result.role == role, "\(file): \(result.role) \(result.probability), then \(result.alternatives)")
    }

    @Test func belowTheThresholdTheAnswerIsUncertainWithTheTwoLeadingRoles() throws {
        let document = try LocalSource.read(path: Paths.samples.appendingPathComponent("data-scientist-retail.txt").path)
        let posting = PostingExtractor().extract(document)
        let sure = Self.shipped.classify(posting)
        #expect(!sure.uncertain && sure.decision == "data-scientist")

        var combination = Self.shipped.classifier.combination
        combination.threshold = 1.01
        let doubtful = RoleClassifier(classifier: Self.shipped.classifier.combined(with: combination), taxonomy: Self.taxonomy)
            .classify(posting)
        #expect(doubtful.uncertain && doubtful.decision == RoleClassification.uncertainDecision)
        // The leading role and the runner-up are still told, in the same order.
        #expect(doubtful.role == sure.role && doubtful.alternatives.first == sure.alternatives.first)
    }

    @Test func aTitleThatNamesNoRoleLeavesTheDecisionToTheText() {
        let rule = TitleRule(taxonomy: Self.taxonomy.roles)
        #expect(rule.label("Senior ML Engineer, LLM Inference") == nil)
        #expect(rule.label("Senior Machine Learning Engineer") == "ml-engineer")
        // A header listing several jobs takes the first that names a role.
        #expect(rule.label("Acme | Backend Engineer, Data Scientist, ML Engineer | Remote") == "data-scientist")
        #expect(rule.label("Acme | Staff Accountant | Berlin") == "other")
    }

    @Test func theOpeningsRolesAreEvidenceBesideTheTitlesVote() {
        let features = RoleFeatures(taxonomy: Self.taxonomy)
        let filler = Array(repeating: "Our platform serves customers in many countries.", count: 60).joined(separator: " ")
        let posting = Posting(source: "t", title: "Engineer",
                              text: "We are hiring an NLP engineer to build entity extraction. \(filler) You will work with a data scientist.")
        let reading = features.read(posting, tokenizer: Tokenizer())
        // The data scientist is named after the opening's 200 words: the text's field has it, the vote does not.
        #expect(reading.openingRoles == ["nlp-engineer"])
        #expect(reading.fields[RoleFeatures.taxonomyField].contains("role_data_scientist"))
        let classes = ["data-scientist", "nlp-engineer", "other"]
        #expect(reading.evidence(classes: classes) == [0, 0, 1, 0, 1, 0])
        #expect(reading.withoutTitle.evidence(classes: classes) == [0, 0, 0, 0, 1, 0])
        #expect(reading.withoutTitle.fields[0].isEmpty)
    }

    @Test func withoutATitleTheFirstLineIsTheTitleOnlyWhenItNamesAJob() {
        let features = RoleFeatures(taxonomy: Self.taxonomy)
        func title(_ text: String) -> String { features.title(of: Posting(source: "t", text: text)) }
        #expect(title("Senior NLP Engineer\nWe build search.") == "Senior NLP Engineer")
        #expect(title("Acme | Staff Accountant | Berlin\nJoin us.") == "Acme | Staff Accountant | Berlin")
        #expect(title("About the company\nWe are hiring an NLP engineer.") == "")
        #expect(title("We hope you are staying safe.\nWe are hiring.") == "")
        // A title the posting has is kept whatever it says.
        #expect(features.title(of: Posting(source: "t", title: "Wizard of Light", text: "Senior NLP Engineer")) == "Wizard of Light")
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
