/// Labels a posting from its job title alone, for measuring the classifier on real postings
/// whose role nobody annotated.
///
/// The rule: every role's `titlePatterns` are looked for as whole words in the title; the longest
/// phrase found wins (ties go to the role listed first). A header that lists several jobs
/// ("Acme | ML Engineer, Data Scientist | Remote") is read part by part between its `|`, and the
/// first part that names a role gives it, as the role guide says for postings of several jobs.
/// An ML engineer title that names language models ("ML Engineer, LLM") gets no label: the guide
/// decides it by the work.
/// A title with no pattern and no AI word is `other` when it names a job ("engineer", "manager",
/// "nurse"); generic science titles ("Research Scientist", "Statistician") and everything else
/// get no label.
public struct TitleRule: Sendable {
    private let matcher: PhraseMatcher<Int>
    private let roles: [String]

    /// Words that make a title AI-related even when no role pattern matched.
    static let aiWords: Set<String> = [
        "ai", "a.i", "ml", "machine", "learning", "llm", "llms", "genai", "gen", "generative", "deep", "nlp", "vision",
        "neural", "artificial", "intelligence", "mlops", "gpt", "chatbot", "rlhf", "annotation", "annotator",
        "prompt", "perception",
    ]
    /// Words that tie an ML title to large language models. The guide sends such a title to the
    /// LLM engineer, the AI engineer or the ML engineer by the work, so the title alone says nothing.
    static let languageModelWords: Set<String> = [
        "llm", "llms", "genai", "generative", "gpt", "llama", "vllm", "fine-tune", "fine-tuning", "finetuning", "rag",
        "agents", "agentic",
    ]
    /// Titles with these words are too vague to call `other`: the science may or may not be AI.
    static let ambiguousWords: Set<String> = [
        "scientist", "scientists", "researcher", "research", "statistician", "quantitative", "quant",
    ]
    /// Words that show the title names a job at all.
    static let jobWords: Set<String> = [
        "engineer", "engineering", "developer", "programmer", "architect", "administrator", "manager", "director",
        "consultant", "designer", "analyst", "specialist", "coordinator", "officer", "technician", "associate",
        "assistant", "accountant", "nurse", "teacher", "writer", "editor", "recruiter", "representative", "executive",
        "lead", "intern", "sales", "marketing", "devops", "sre", "qa", "tester", "driver", "chef", "lawyer",
        "attorney", "paralegal", "pharmacist", "operator", "clerk", "advisor", "adviser", "planner", "supervisor",
        "agent", "head", "vp", "president", "controller", "auditor", "electrician", "mechanic", "producer",
    ]

    private let names: [String: String]

    public init(taxonomy: RoleTaxonomy) {
        roles = taxonomy.roles.map(\.id)
        names = Dictionary(uniqueKeysWithValues: taxonomy.roles.map { ($0.id, $0.name) })
        matcher = PhraseMatcher(groups: taxonomy.roles.map { $0.titlePatterns.map(SkillAlias.init(text:)) })
    }

    /// The display name of role `id`.
    func roleName(_ id: String) -> String? { names[id] }

    /// The role of every title pattern found in a text, in order (a posting's text often names
    /// its role); `spans` are the text's tokens with no stop word removed.
    public func roleMentions(inSpans spans: some Sequence<Token>) -> [String] {
        matcher.matches(in: matcher.prepare(spans: spans)).map { roles[$0.payload] }
    }

    /// The role id for `title`, `other`, or nil when the title does not say clearly.
    public func label(_ title: String?) -> String? {
        guard let title, !title.isEmpty else { return nil }
        for part in title.split(separator: "|") {
            let tokens = matcher.prepare(String(part))
            let matches = matcher.matches(in: tokens)
            if let best = matches.max(by: { ($0.range.count, -$0.payload) < ($1.range.count, -$1.payload) }) {
                let role = roles[best.payload]
                if role == "ml-engineer" && tokens.contains(where: { Self.languageModelWords.contains($0.text) }) { return nil }
                return role
            }
        }
        let words = Set(matcher.prepare(title).map(\.text))
        if !words.isDisjoint(with: Self.aiWords) || !words.isDisjoint(with: Self.ambiguousWords) { return nil }
        return words.isDisjoint(with: Self.jobWords) ? nil : RoleTaxonomy.otherRoleID
    }
}
