import Testing
@testable import JobSiftKit

/// Seniority from the shipped `seniority.yaml`: title words first, then years of experience.
@Suite struct SeniorityTests {
    static let detector = SeniorityDetector(taxonomy: try! SeniorityTaxonomy.load(from: Paths.shippedSeniority))

    func level(_ title: String, text: String = "") -> String {
        Self.detector.estimate(title: title, text: text, sections: PostingSections(text: text)).level
    }

    @Test(arguments: [
        ("Machine Learning Intern", "intern"),
        ("Junior Data Scientist", "junior"),
        ("Data Scientist I", "junior"),
        ("ML Engineer II", "mid"),
        ("Senior Data Scientist", "senior"),
        ("Sr. NLP Engineer", "senior"),
        ("Staff Machine Learning Engineer", "staff"),
        ("Lead Data Scientist", "staff"),
        ("Engineering Lead, LLM Platform", "staff"),
        ("Principal Research Scientist", "principal"),
        ("Senior Staff Engineer, ML Infrastructure", "staff"),
        ("Associate Data Scientist", "junior"),
    ])
    func titleWordsGiveTheLevel(title: String, expected: String) {
        #expect(level(title) == expected)
    }

    @Test(arguments: [
        "Member of Technical Staff",
        "Member of Technical Staff, Pretraining",
        "Lead Generation Specialist",
        "Sales Manager, Middle East",
        "Associate Professor of Computer Science",
    ])
    func trapsAreNotSeniorityWords(title: String) {
        #expect(level(title) == "unspecified", "\(title)")
    }

    @Test func yearsDecideWhenTheTitleIsSilent() {
        let estimate = Self.detector.estimate(
            title: "Machine Learning Engineer", text: "Requirements\n- 6+ years of experience with Python",
            sections: PostingSections(text: "Requirements\n- 6+ years of experience with Python"))
        #expect(estimate.level == "senior")
        #expect(estimate.evidence == .years)
        #expect(estimate.years == YearsOfExperience(min: 6, max: nil))
    }

    @Test func titleWinsOverYears() {
        let text = "You have 8+ years of professional experience."
        let estimate = Self.detector.estimate(title: "Junior ML Engineer", text: text, sections: PostingSections(text: text))
        #expect(estimate.level == "junior")
        #expect(estimate.years?.min == 8)
    }

    @Test(arguments: [
        ("3-5 years of experience in machine learning", YearsOfExperience(min: 3, max: 5)),
        ("3–5 yrs experience", YearsOfExperience(min: 3, max: 5)),
        ("At least two years of industry experience", YearsOfExperience(min: 2, max: nil)),
        ("Minimum 4 years working with Spark", YearsOfExperience(min: 4, max: nil)),
        ("5 to 7 years of hands-on experience", YearsOfExperience(min: 5, max: 7)),
    ])
    func yearsAreRead(line: String, expected: YearsOfExperience) {
        #expect(SeniorityDetector.yearsOfExperience(in: line, sections: PostingSections(text: line)) == expected)
    }

    @Test func yearsOutsideRequirementsAreIgnored() {
        let text = "About us\nFounded 10 years ago, we have grown for 12 years of steady work.\nBenefits\n4 years of vesting"
        #expect(SeniorityDetector.yearsOfExperience(in: text, sections: PostingSections(text: text)) == nil)
        #expect(SeniorityDetector.yearsOfExperience(in: "The company was founded 10 years ago.",
                                                    sections: PostingSections(text: "")) == nil)
    }
}

@Suite struct SectionTests {
    @Test func headingsSplitAPostingIntoSections() {
        let text = """
            Acme builds robots.
            What you'll do
            - Train models
            Requirements:
            - Python
            Nice to have
            - Rust
            About Acme
            We are a team.
            Benefits
            - Health cover
            """
        let sections = PostingSections(text: text)
        #expect(sections.lineKinds == [.intro, .responsibilities, .responsibilities, .requirements, .requirements,
                                       .preferred, .preferred, .company, .company, .benefits, .benefits])
    }

    @Test(arguments: [
        ("## Preferred Qualifications", SectionKind.preferred),
        ("**Minimum qualifications**", .requirements),
        ("About the role", .responsibilities),
        ("About you", .requirements),
        ("Perks & benefits", .benefits),
        ("Requirements: Python, SQL and dbt", .requirements),
    ])
    func headingKinds(line: String, kind: SectionKind) {
        #expect(PostingSections.headingKind(line) == kind)
    }

    @Test func sentencesAreNotHeadings() {
        #expect(PostingSections.headingKind("You will build the benefits engine for our customers every day.") == nil)
        #expect(PostingSections.headingKind("- Python and SQL") == nil)
    }
}

extension SeniorityTests {
    func estimate(_ text: String, title: String = "Machine Learning Engineer") -> SeniorityEstimate {
        Self.detector.estimate(title: title, text: text, sections: PostingSections(text: text))
    }

    /// With neither a title word nor years, the level was unspecified; how the work is described
    /// tells it now, and the estimate says which words did.
    @Test(arguments: [
        ("You will run fine-tuning of small models under mentor guidance and learn from senior engineers.", "junior", "under mentor guidance"),
        ("You will independently conduct fine-tuning with LoRA and evaluate it on held-out data.", "mid", "independently conduct"),
        ("You will design production fine-tuning pipelines and mentor junior engineers.", "senior", "design production"),
        ("You will define the fine-tuning strategy for the team and establish best practices for data preparation.", "staff", "strategy for the team"),
        ("You will shape the organisation's fine-tuning platform and set the vision for model versioning.", "principal", "shape the organisation"),
    ])
    func theWorkDescribedGivesTheLevelWhenTitleAndYearsAreSilent(text: String, expected: String, signal: String) {
        let estimate = estimate(text)
        #expect(estimate.level == expected)
        #expect(estimate.evidence == .responsibilities)
        #expect(estimate.signal == signal)
    }

    @Test func theTitleAndYearsStillComeFirstAndTheCompanyBlurbDoesNotCount() {
        let text = "You will design production pipelines and mentor junior engineers."
        #expect(estimate(text, title: "Junior ML Engineer").level == "junior")
        #expect(estimate(text + "\nYou have 2+ years of experience with PyTorch.").evidence == .years)
        #expect(estimate("About us:\nOur founders shape the organisation of European logistics.\n").evidence == .none)
        // More phrases of one level outweigh one of a higher level.
        #expect(estimate("Under mentor guidance you will learn from senior engineers. You will design production code.").level == "junior")
    }
}
