import Foundation

/// Everything jobsift says about one posting.
public struct PostingAnalysis: Sendable, Equatable, Codable {
    public var source: String
    public var title: String?
    public var company: String?
    public var datePosted: String?
    public var role: RoleClassification
    public var seniority: SeniorityEstimate
    public var skills: [PostingSkill]
}

/// Classifies a posting's role, reads its seniority and finds the skills it demands.
public struct PostingAnalyzer: Sendable {
    public let classifier: RoleClassifier
    public let skills: SkillExtractor
    public let seniority: SeniorityDetector

    public init(classifier: TextClassifier, taxonomy: JobTaxonomy) {
        self.classifier = RoleClassifier(classifier: classifier, taxonomy: taxonomy)
        skills = self.classifier.features.skills
        seniority = SeniorityDetector(taxonomy: taxonomy.seniority)
    }

    /// Loads the model file at `modelPath` and the taxonomy folder `taxonomyFolder` and builds the analyzer.
    /// The model is read on another thread while the taxonomy is loaded and its skill matcher built:
    /// the two take about as long, and a command that classifies one posting waits for both.
    public static func load(model modelPath: String, taxonomy taxonomyFolder: String) throws(AnalyzerLoadError) -> PostingAnalyzer {
        let model = BackgroundResult { () throws(ModelFileError) in try ModelFile.load(from: modelPath) }
        let taxonomy: JobTaxonomy
        do {
            taxonomy = try JobTaxonomy.load(from: taxonomyFolder)
        } catch {
            throw .taxonomy(error)
        }
        let features = RoleFeatures(taxonomy: taxonomy)
        let seniority = SeniorityDetector(taxonomy: taxonomy.seniority)
        let classifier: TextClassifier
        do {
            classifier = try model.value()
        } catch {
            throw .model(error)
        }
        return PostingAnalyzer(classifier: RoleClassifier(classifier: classifier, taxonomy: taxonomy.roles, features: features),
                               skills: features.skills, seniority: seniority)
    }

    private init(classifier: RoleClassifier, skills: SkillExtractor, seniority: SeniorityDetector) {
        self.classifier = classifier
        self.skills = skills
        self.seniority = seniority
    }

    /// `alternatives` runners-up are kept with the role (all of them for a store's role scores).
    public func analyze(_ posting: Posting, alternatives: Int = 2, evidence: Int = 8) -> PostingAnalysis {
        let sections = PostingSections(text: posting.text)
        // One tokenization of the text serves the classifier and the skill matcher.
        let spans = Tokenizer(stopWords: []).spans(posting.text)
        let found = skills.skills(title: posting.title, textSpans: spans, sections: sections)
        return PostingAnalysis(
            source: posting.source, title: posting.title, company: posting.company, datePosted: posting.datePosted,
            role: classifier.classify(posting, textSpans: spans, sections: sections, skills: found,
                                      alternatives: alternatives, evidence: evidence),
            seniority: seniority.estimate(title: posting.title, text: posting.text, sections: sections, textSpans: spans),
            skills: found)
    }
}

/// Why `PostingAnalyzer.load` could not build an analyzer: the model or the taxonomy could not be used.
public enum AnalyzerLoadError: Error, CustomStringConvertible, Equatable {
    case model(ModelFileError)
    case taxonomy(TaxonomyError)

    public var description: String {
        switch self {
        case .model(let error): error.description
        case .taxonomy(let error): error.description
        }
    }
}

/// A value computed on another thread, waited for when it is needed.
private final class BackgroundResult<Value: Sendable, Failure: Error>: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Written once by the worker before `done` is left, read only after waiting for `done`.
    private var result: Result<Value, Failure>?

    init(_ work: @escaping @Sendable () throws(Failure) -> Value) {
        done.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            result = Result(catching: work)
            done.leave()
        }
    }

    func value() throws(Failure) -> Value {
        done.wait()
        return try result!.get()
    }
}
