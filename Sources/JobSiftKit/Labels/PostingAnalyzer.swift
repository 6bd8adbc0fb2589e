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
            seniority: seniority.estimate(title: posting.title, text: posting.text, sections: sections),
            skills: found)
    }
}
