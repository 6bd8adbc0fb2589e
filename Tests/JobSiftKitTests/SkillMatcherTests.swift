import Testing
@testable import JobSiftKit

/// The matching mechanics on a small taxonomy written here, so each rule is seen in isolation.
@Suite struct SkillMatcherTests {
    static let yaml = """
        formatVersion: 1
        categories:
          - {id: tool, name: Tools}
        skills:
          - id: kubernetes
            name: Kubernetes
            category: tool
            aliases: [Kubernetes, k8s]
          - id: hugging-face
            name: Hugging Face Transformers
            category: tool
            aliases: [Hugging Face, HuggingFace, HF Transformers]
          - id: spark
            name: Apache Spark
            category: tool
            aliases: [Apache Spark, PySpark]
          - id: spark-streaming
            name: Spark Streaming
            category: tool
            aliases: [Spark Streaming, Apache Spark Streaming]
          - id: pytorch
            name: PyTorch
            category: tool
            aliases: [PyTorch, {text: PyTorch Lightning, implies: [lightning]}]
          - id: lightning
            name: Lightning
            category: tool
            aliases: [Lightning AI]
          - id: cpp
            name: C++
            category: tool
            aliases: ["C++"]
          - id: c
            name: C
            category: tool
            aliases:
              - text: C
                caseSensitive: true
                context: [embedded, firmware, "C++"]
          - id: data-quality
            name: Data quality
            category: tool
            aliases: [data quality]
          - id: tokenization
            name: Tokenization
            category: tool
            aliases: [tokenization, tokenizer]
        """
    static let extractor = SkillExtractor(taxonomy: try! SkillTaxonomy.parse(yaml, path: "test.yaml"))

    func skills(_ text: String, title: String? = nil) -> [PostingSkill] {
        Self.extractor.skills(title: title, text: text, sections: PostingSections(text: text))
    }

    func ids(_ text: String) -> [String] { skills(text).map(\.id) }

    @Test func aliasesAndSpellingsMapToOneSkill() {
        #expect(ids("We run k8s clusters.") == ["kubernetes"])
        #expect(ids("Experience with HuggingFace or HF Transformers and Hugging Face hub") == ["hugging-face"])
        #expect(skills("HuggingFace, Hugging Face").first?.mentions.map(\.surface) == ["HuggingFace", "Hugging Face"])
    }

    /// "…we use Apache⏎Spark jobs…" matched Apache Spark across the line end; no phrase runs
    /// across a line, sentence or clause break now, while one word on either side still counts.
    @Test func aPhraseNeverRunsAcrossALineSentenceOrClauseBreak() {
        #expect(ids("We host it with Apache\nSpark Streaming jobs run nightly") == ["spark-streaming"])
        #expect(ids("Our stack is Apache. Spark comes later") == [])
        #expect(ids("Hugging Face, Spark Streaming") == ["hugging-face", "spark-streaming"])
        #expect(ids("Hugging; Face models") == [])
        #expect(ids("Apache (Spark)") == [])
        #expect(ids("Apache Spark and PyTorch Lightning") == ["spark", "pytorch", "lightning"])
    }

    /// "Python and SQL, with R as a bonus" made all three optional: the marker counted for its
    /// whole line. It counts for its clause, or its sentence, now.
    @Test(arguments: [
        ("Kubernetes and PyTorch, with Apache Spark as a bonus.", ["kubernetes": SkillDemand.required, "pytorch": .required, "spark": .preferred]),
        ("Kubernetes, PySpark or PyTorch is a plus.", ["kubernetes": .preferred, "spark": .preferred, "pytorch": .preferred]),
        ("Bonus: Kubernetes and PyTorch", ["kubernetes": .preferred, "pytorch": .preferred]),
        ("Kubernetes is a must. PyTorch would be a plus; Apache Spark is needed", ["kubernetes": .required, "pytorch": .preferred, "spark": .required]),
        ("Ideally, you know Kubernetes and PyTorch", ["kubernetes": .preferred, "pytorch": .preferred]),
    ])
    func optionalWordsCountForTheirClauseOrSentence(text: String, expected: [String: SkillDemand]) {
        #expect(Dictionary(uniqueKeysWithValues: skills(text).map { ($0.id, $0.demand) }) == expected)
    }

    /// An opening paragraph without a heading ("About the company" never written) yielded
    /// required skills from the company's own description; the company's voice, up to the first
    /// sentence about the job or the reader, is company text now, and so are equal-opportunity notes.
    @Test func theCompanysOpeningWithoutAHeadingIsNotDemand() {
        let text = """
            Acme Health
            We are a small team that runs Kubernetes clusters for hospitals across the region and we love Apache Spark.
            We are looking for an engineer who will build PyTorch models with us.
            Our stack also includes Hugging Face models.
            We are an equal opportunity employer and nobody here minds C++ at all.
            """
        let demand = Dictionary(uniqueKeysWithValues: skills(text).map { ($0.id, $0.demand) })
        #expect(demand == ["kubernetes": .notDemanded, "spark": .notDemanded, "pytorch": .required,
                           "hugging-face": .required, "cpp": .notDemanded])
        // A laptop, whatever it runs, is a perk.
        #expect(skills("You will train PyTorch models. You get a new laptop with Kubernetes preinstalled.")
            .map(\.demand) == [.required, .notDemanded])
        // Addressed to the reader, the same opening is about the job.
        #expect(skills("You will join our small team that runs Kubernetes clusters for hospitals across the region.")
            .map(\.demand) == [.required])
    }

    /// "Some Go for internal tooling" under "Nice to have" was missed: the Go alias wants another
    /// language nearby. In a list of what the job needs, a case-sensitive alias written so inside a
    /// sentence needs no corroborating word; elsewhere, or opening a sentence, it still does.
    @Test func aCapitalisedAliasInAListOfNeedsNeedsNoCorroboratingWord() {
        #expect(skills("Nice to have:\n- Some C for the drivers").map(\.demand) == [.preferred])
        #expect(ids("Plan C for the launch is ready") == [])
        #expect(ids("Requirements:\n- C for the drivers") == [])
        #expect(ids("Requirements:\n- Some c for the drivers") == [])
    }

    /// "Work with our Kubernetes team" named the team, not a skill asked of the candidate.
    @Test func aSkillThatNamesATeamOrOtherPeopleIsNotDemand() {
        #expect(skills("You will work closely with the Kubernetes team and our PyTorch engineers.").map(\.demand)
            == [.notDemanded, .notDemanded])
        #expect(skills("You know Kubernetes, and the team knows PyTorch.").map(\.demand) == [.required, .required])
    }

    /// "Android Software Engineer" and "Scrum Master" name the job again, with words between the
    /// skill and the role's noun; a skill followed by other words is still asked for.
    @Test func aSkillInTheNameOfARoleIsNotDemand() {
        #expect(skills("We are hiring an experienced Kubernetes Platform Engineer.").map(\.demand) == [.notDemanded])
        #expect(skills("Our PyTorch Software Architects review designs.").map(\.demand) == [.notDemanded])
        #expect(skills("Experience with Kubernetes platform upgrades.").map(\.demand) == [.required])
        // A job board's header field names the job.
        #expect(skills("Job type: Full-time Role: Kubernetes Industry: Health").map(\.demand) == [.notDemanded])
        #expect(skills("In this role, Kubernetes is daily work").map(\.demand) == [.required])
    }

    /// "HIPAA-compliant", "8-GPU", "data-quality instincts" were missed: a hyphenated word the
    /// trie does not know whole is read as its parts when they hold an alias without conditions,
    /// and never when only a conditional alias lies inside ("C-level", like "go-to-market").
    @Test func aHyphenatedWordCountsAsItsPartsWhenTheyHoldAPlainAlias() {
        #expect(ids("Strong data-quality instincts") == ["data-quality"])
        #expect(ids("Run k8s-hosted jobs") == ["kubernetes"])
        #expect(ids("Report to C-level embedded firmware leads") == [])
        #expect(ids("Strong data-driven instincts") == [])
    }

    /// British spellings match American aliases and the other way round ("tokenisation",
    /// "tokeniser"), plurals their singulars; a word that only looks alike keeps its form, and
    /// a field ("robotics") is not the plural of an adjective ("robotic intonation").
    @Test func matchKeysJoinPluralsAndSpellingsButKeepFieldNames() {
        #expect(ids("Build tokenisation pipelines and a custom tokeniser") == ["tokenization"])
        #expect(matchKey("optimisation") == matchKey("optimization"))
        #expect(matchKey("analysed") == matchKey("analyzed"))
        #expect(matchKey("summarised") == "summarized")
        #expect(matchKey("noise") == "noise")
        #expect(matchKey("analysis") == "analysis")
        #expect(matchKey("pipelines") == "pipeline")
        #expect(matchKey("metrics") == "metric")
        #expect(matchKey("robotics") == "robotics")
        #expect(matchKey("ethics") != matchKey("ethic"))
    }

    @Test func longestMatchWins() {
        #expect(ids("Apache Spark Streaming jobs") == ["spark-streaming"])
        #expect(ids("Apache Spark jobs") == ["spark"])
    }

    @Test func anAliasThatImpliesASkillCountsBoth() {
        let found = skills("Models trained with PyTorch Lightning")
        #expect(found.map(\.id) == ["pytorch", "lightning"])
        #expect(found.map { $0.mentions[0].surface } == ["PyTorch Lightning", "PyTorch Lightning"])
    }

    @Test func attachedWordsAndSlashPairsAreSeenThrough() {
        #expect(ids("PyTorch-based training on Kubernetes-native infrastructure") == ["pytorch", "kubernetes"])
        #expect(ids("Embedded C/C++ firmware") == ["c", "cpp"])
    }

    @Test func caseSensitiveAliasNeedsItsCapitalsAndContext() {
        #expect(ids("embedded C firmware") == ["c"])
        #expect(ids("embedded c firmware") == [])
        #expect(ids("Grade C in a course") == [])
    }

    @Test func requirementsAreRequiredAndNiceToHaveIsPreferred() {
        let found = skills("""
            Requirements
            - PyTorch
            Nice to have
            - Kubernetes
            - HuggingFace
            """)
        #expect(found.map(\.demand) == [.required, .preferred, .preferred])
    }

    @Test func aPlusOnTheLineMakesASkillPreferred() {
        let found = skills("Requirements\n- PyTorch\n- Kubernetes experience is a plus")
        #expect(found.map(\.demand) == [.required, .preferred])
    }

    @Test func companyBlurbAndBenefitsAreNotDemand() {
        let found = skills("About us\nWe maintain PyTorch tooling.\nBenefits\nFree k8s training\nRequirements\n- HF Transformers")
        #expect(found.map(\.id) == ["pytorch", "kubernetes", "hugging-face"])
        #expect(found.map(\.demand) == [.notDemanded, .notDemanded, .required])
        #expect(found[0].mentions[0].section == .company)
        #expect(found[0].mentions[0].line == 2)
    }

    @Test func aSkillMentionedTwiceTakesItsStrongestDemand() {
        let found = skills("Nice to have\n- PyTorch", title: "PyTorch Engineer")
        #expect(found.count == 1)
        #expect(found[0].demand == .required)
        #expect(found[0].mentions.map(\.section) == [.title, .preferred])
    }
}

/// Broken taxonomy files are refused with the file, the line and the problem.
@Suite struct TaxonomyFileTests {
    @Test func yamlSyntaxErrorNamesFileAndLine() {
        let text = "formatVersion: 1\ncategories:\n  - {id: a, name: A\nskills: []\n"
        let error = #expect(throws: TaxonomyError.self) { try SkillTaxonomy.parse(text, path: "my.yaml") }
        guard case .invalid(let path, let line, let reason) = error else { Issue.record("wrong error \(String(describing: error))"); return }
        #expect(path == "my.yaml")
        #expect(line != nil)
        #expect(reason.contains("YAML syntax"))
    }

    @Test func unknownCategoryIsReportedAtItsLine() {
        let text = """
            formatVersion: 1
            categories:
              - {id: tool, name: Tools}
            skills:
              - id: x
                name: X
                category: toolz
                aliases: [X]
            """
        #expect(throws: TaxonomyError.invalid(
            path: "s.yaml", line: 7, reason: "skill x has category \"toolz\", which is not among the categories")) {
            try SkillTaxonomy.parse(text, path: "s.yaml")
        }
    }

    @Test func aliasSharedByTwoSkillsIsRefused() {
        let text = """
            formatVersion: 1
            categories: [{id: t, name: T}]
            skills:
              - {id: a, name: A, category: t, aliases: [Torch]}
              - {id: b, name: B, category: t, aliases: [torch]}
            """
        let error = #expect(throws: TaxonomyError.self) { try SkillTaxonomy.parse(text, path: "s.yaml") }
        #expect(error?.description == "s.yaml:5: alias \"torch\" of skill b is already an alias of skill a")
    }

    @Test func impliedSkillMustExist() {
        let text = "formatVersion: 1\ncategories: [{id: t, name: T}]\nskills:\n  - {id: a, name: A, category: t,\n     aliases: [{text: A B, implies: [b]}]}\n"
        let error = #expect(throws: TaxonomyError.self) { try SkillTaxonomy.parse(text, path: "s.yaml") }
        #expect(error?.description == "s.yaml:5: an alias implies skill \"b\", which is not in the file")
    }

    @Test func misspeltKeyIsRefusedNotIgnored() {
        let text = "formatVersion: 1\ncategories: [{id: t, name: T}]\nskills:\n  - {id: a, name: A, category: t, aliasses: [A]}\n"
        let error = #expect(throws: TaxonomyError.self) { try SkillTaxonomy.parse(text, path: "s.yaml") }
        #expect(error?.description.hasPrefix("s.yaml:4: a skill has an unknown key \"aliasses\"") == true)
    }

    @Test func otherFormatVersionIsRefused() {
        #expect(throws: TaxonomyError.unsupportedVersion(path: "r.yaml", found: 2, supported: 1)) {
            try RoleTaxonomy.parse("formatVersion: 2\nroles: []\n", path: "r.yaml")
        }
    }

    @Test func shippedTaxonomyLoadsAndHangsTogether() throws {
        let taxonomy = try JobTaxonomy.load(from: Paths.shippedTaxonomyFolder)
        #expect(taxonomy.roles.roles.count == 13)
        #expect(taxonomy.skills.skills.count >= 250)
        #expect(taxonomy.seniority.levels.map(\.id) == ["intern", "junior", "mid", "senior", "staff", "principal", "unspecified"])
        #expect(taxonomy.roles.roles.filter { $0.id != "other" }.allSatisfy { !$0.occupationCodes.isEmpty })
    }
}
