/// The role of one posting, with the runners-up and the words that decided it.
public struct RoleClassification: Sendable, Equatable, Codable {
    public struct Candidate: Sendable, Equatable, Codable {
        public var role: String
        public var name: String
        public var probability: Double
    }

    public var source: String
    public var title: String?
    public var role: String
    public var roleName: String
    public var probability: Double
    /// The next most likely roles, best first.
    public var alternatives: [Candidate]
    public var evidence: [Prediction.Evidence]
}

/// Classifies postings onto the role taxonomy with a trained `TextClassifier`.
/// A posting is shown to the classifier as two fields, title and body, in that order.
public struct RoleClassifier: Sendable {
    public let classifier: TextClassifier
    public let taxonomy: RoleTaxonomy

    public init(classifier: TextClassifier, taxonomy: RoleTaxonomy) {
        self.classifier = classifier
        self.taxonomy = taxonomy
    }

    /// The classifier's input fields for a posting.
    public static func fields(of posting: Posting) -> [String] {
        [posting.title ?? "", posting.text]
    }

    /// Trains a classifier on labelled postings.
    public static func train(_ corpus: [LabelledPosting], options: TrainingOptions = TrainingOptions()) -> TextClassifier {
        TextClassifier.train(corpus.map { LabelledText(fields: fields(of: $0.posting), label: $0.label) }, options: options)
    }

    /// `textSpans` are the posting text's tokens with no stop word removed, when the caller has them.
    public func classify(_ posting: Posting, textSpans: [Token]? = nil, alternatives: Int = 2,
                         evidence: Int = 8) -> RoleClassification {
        let prediction: Prediction
        if let textSpans {
            let stopWords = classifier.tokenizer.stopWords
            let body = textSpans.lazy.map(\.text).filter { !stopWords.contains($0) }
            prediction = classifier.predict(tokenizedFields: [classifier.tokenizer.tokens(posting.title ?? ""), Array(body)],
                                            evidenceCount: evidence)
        } else {
            prediction = classifier.predict(Self.fields(of: posting), evidenceCount: evidence)
        }
        let candidates = prediction.ranked.map {
            RoleClassification.Candidate(role: $0.label, name: taxonomy.name(of: $0.label), probability: $0.probability)
        }
        return RoleClassification(
            source: posting.source, title: posting.title, role: candidates[0].role, roleName: candidates[0].name,
            probability: candidates[0].probability, alternatives: Array(candidates.dropFirst().prefix(alternatives)),
            evidence: prediction.evidence)
    }
}
