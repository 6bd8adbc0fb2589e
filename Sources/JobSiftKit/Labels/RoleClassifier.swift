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
    /// True when the probability is under the model's threshold: `role` is then only the
    /// leading guess, and the first alternative the second.
    public var uncertain: Bool
    /// A second role when the posting reads as two jobs about equally (the runner-up holds at
    /// least half the leader's probability).
    public var secondRole: Candidate?
    /// The next most likely roles, best first.
    public var alternatives: [Candidate]
    public var evidence: [Prediction.Evidence]
    /// The role the title alone names by the taxonomy's title patterns, when it names one.
    public var titleRole: String?

    /// `uncertain` in place of the role when the model is not sure, else the role.
    public var decision: String { uncertain ? RoleClassification.uncertainDecision : role }
    public static let uncertainDecision = "uncertain"
}

/// Classifies postings onto the role taxonomy with a trained `TextClassifier`.
/// A posting is shown to the classifier as the three fields of `RoleFeatures` (title, text, the
/// taxonomy's terms), and the title rule's vote (the role the title's patterns name) as outside
/// evidence.
public struct RoleClassifier: Sendable {
    public let classifier: TextClassifier
    public let taxonomy: RoleTaxonomy
    public let features: RoleFeatures

    public init(classifier: TextClassifier, taxonomy: JobTaxonomy) {
        self.init(classifier: classifier, taxonomy: taxonomy.roles, features: RoleFeatures(taxonomy: taxonomy))
    }

    /// The same with the features already built (they hold the skill matcher, which takes a while).
    public init(classifier: TextClassifier, taxonomy: RoleTaxonomy, features: RoleFeatures) {
        self.classifier = classifier
        self.taxonomy = taxonomy
        self.features = features
    }

    /// `textSpans` (the text's tokens with no stop word removed), `sections` and `skills` are used
    /// when the caller has them, so that the batch path does not make them twice.
    public func classify(_ posting: Posting, textSpans: [Token]? = nil, sections: PostingSections? = nil,
                         skills: [PostingSkill]? = nil, alternatives: Int = 2, evidence: Int = 8) -> RoleClassification {
        let reading = features.read(posting, tokenizer: classifier.tokenizer, spans: textSpans, sections: sections,
                                    skills: skills)
        let prediction = classifier.predict(tokenizedFields: reading.fields, evidence: reading.evidence(classes: classifier.classes),
                                            evidenceCount: evidence)
        let candidates = prediction.ranked.map {
            RoleClassification.Candidate(role: $0.label, name: taxonomy.name(of: $0.label), probability: $0.probability)
        }
        let runnerUp = candidates.count > 1 ? candidates[1] : nil
        return RoleClassification(
            source: posting.source, title: posting.title, role: candidates[0].role, roleName: candidates[0].name,
            probability: candidates[0].probability, uncertain: prediction.isUncertain,
            secondRole: runnerUp.flatMap { $0.probability >= candidates[0].probability / 2 ? $0 : nil },
            alternatives: Array(candidates.dropFirst().prefix(alternatives)),
            evidence: prediction.evidence.map { Prediction.Evidence(term: features.readable($0.term), weight: $0.weight) },
            titleRole: reading.titleRole)
    }
}
