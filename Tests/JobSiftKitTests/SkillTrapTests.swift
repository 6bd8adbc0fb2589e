import Testing
@testable import JobSiftKit

/// The traps real postings set, checked against the shipped `skills.yaml`: each case fails if the
/// alias rule that handles it is removed from the file.
@Suite struct SkillTrapTests {
    static let extractor = SkillExtractor(taxonomy: try! SkillTaxonomy.load(from: Paths.shippedSkills))

    func found(_ text: String) -> Set<String> {
        Set(Self.extractor.skills(title: nil, text: text, sections: PostingSections(text: text)).map(\.id))
    }

    @Test(arguments: [
        ("We invest heavily in R&D across three labs.", "r"),
        ("Own the go-to-market plan for our new product.", "go"),
        ("Go ahead and apply today; we review every application.", "go"),
        ("Events that spark joy and spark curiosity in every guest.", "apache-spark"),
        ("Associate attorney. LLM degree in tax law preferred; admitted to the bar.", "large-language-models"),
        ("LL.M. required, JD from an accredited law school.", "large-language-models"),
        ("Report RAG status to the steering committee every week.", "rag"),
        ("Please send your CV and cover letter to our recruiters.", "computer-vision"),
    ])
    func trapIsNotASkill(text: String, skill: String) {
        #expect(!found(text).contains(skill), "\"\(text)\" counted \(skill)")
    }

    @Test(arguments: [
        ("Strong Python, R and SQL for statistical analysis.", "r"),
        ("Backend services in Go and Rust, deployed on Kubernetes.", "go"),
        ("Build ETL pipelines with Spark and Databricks.", "apache-spark"),
        ("Fine-tune LLMs with LoRA and evaluate them.", "large-language-models"),
        ("Build RAG pipelines over embeddings and a vector store.", "rag"),
        ("Train CV models for image segmentation and detection.", "computer-vision"),
    ])
    func realUseIsASkill(text: String, skill: String) {
        #expect(found(text).contains(skill), "\"\(text)\" missed \(skill)")
    }

    @Test func spellingsOfOneSkillAreOneSkill() {
        #expect(found("k8s") == found("Kubernetes"))
        #expect(found("HuggingFace, Hugging Face and HF Transformers") == ["hugging-face-transformers"])
    }
}
