import Foundation
import Testing
@testable import JobSiftKit

/// Scoring the skill matcher on span-annotated ads: which spans name a technology, where a
/// mention stands on its line, and the shares counted.
@Suite struct SkillSpanTests {
    @Test func productNamesVendorsAcronymsAndExpansionsNameTechnologiesButToolKindsDoNot() {
        let list = OnetTechnologies(names: ["Oracle Java", "Oracle Database", "Oracle Cloud", "Python",
                                            "Amazon Web Services AWS software", "Network monitoring software", "Jenkins CI",
                                            "Microsoft SQL Server", "Microsoft Excel", "Microsoft Azure software",
                                            "IBM Cloud", "IBM Db2", "IBM Notes", "Fuze cloud communications software"])
        for span in ["Python", "java", "amazon-web-services", "AWS", "Jenkins", "SQL Server", "sql-server", "Excel", "Azure"] {
            #expect(list.names(span), "\(span)")
        }
        for span in ["monitoring", "network monitoring", "agile", "English", "Oracle Java Script", "cloud"] {
            #expect(!list.names(span), "\(span)")
        }
    }
}

extension SkillSpanTests {
    static let taxonomy = try! SkillTaxonomy.parse("""
        formatVersion: 1
        categories:
          - {id: tool, name: Tools}
        skills:
          - {id: python, name: Python, category: tool, aliases: [Python]}
          - {id: kubernetes, name: Kubernetes, category: tool, aliases: [Kubernetes]}
          - {id: rust, name: Rust, category: tool, aliases: [Rust]}
          - {id: java, name: Java, category: tool, aliases: [Java]}
          - id: pytorch
            name: PyTorch
            category: tool
            aliases: [PyTorch]
          - id: llm
            name: LLMs
            category: tool
            aliases: [LLM, {text: PyTorch LLM, implies: [pytorch]}]
        """, path: "spans.yaml")

    /// One ad, written here: the title line, an annotated line, a preferred line with one span
    /// missed, and a company line whose mention is not demanded.
    @Test func precisionLeavesOutTitlesAndBlurbsAndRecallCountsKnowledgeSpans() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spans-\(UUID())")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("postings"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ad = """
            Senior Python Engineer
            You will build search with Python and Kubernetes and train a PyTorch LLM .
            Nice to have : Rust and Haskell .
            About us : our coffee machine runs on Java beans .
            """
        try ad.write(to: folder.appendingPathComponent("postings/ad.txt"), atomically: true, encoding: .utf8)
        func span(_ type: String, _ text: String, line: Int) -> String {
            let lineText = String(ad.split(separator: "\n")[line - 1])
            let column = lineText.unicodeScalars.distance(from: lineText.startIndex, to: lineText.range(of: text)!.lowerBound)
            return #"{"type": "\#(type)", "text": "\#(text)", "line": \#(line), "col_start": \#(column), "col_end": \#(column + text.count)}"#
        }
        let spans = [span("KNOWLEDGE", "Python", line: 2), span("KNOWLEDGE", "Kubernetes", line: 2),
                     span("SKILL", "build search", line: 2), span("KNOWLEDGE", "Rust", line: 3), span("KNOWLEDGE", "Haskell", line: 3)]
        try Data((#"{"file": "postings/ad.txt", "spans": ["# + spans.joined(separator: ", ") + "]}\n").utf8)
            .write(to: folder.appendingPathComponent("gold.jsonl"))

        let report = try SkillSpanReport.evaluate(folder: folder.path, taxonomy: Self.taxonomy,
                                                  technologies: OnetTechnologies(names: ["Python", "Rust", "Haskell"]))
        // Python, Kubernetes, "PyTorch LLM" (one phrase for two skills) and Rust; Java is company text.
        #expect(report.precision == .init(hits: 3, total: 4))
        // The title's "Python Engineer" names a role, which is no demand either.
        #expect(report.precisionWithTitle == .init(hits: 3, total: 4))
        #expect(report.knowledgeRecall == .init(hits: 3, total: 4))
        #expect(report.technologyRecall == .init(hits: 2, total: 3))
        #expect(report.missedTechnologies == ["haskell (1)"])
        #expect(report.unannotatedMentions == ["PyTorch LLM (1)"])
    }
}
