import ArgumentParser
import Foundation
import JobSiftKit

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify postings (files, URLs, or - for stdin): role, seniority, skills.",
        discussion: """
            Prints each posting's role with its calibrated probability, the next two roles, the words \
            that pushed it towards its role, its seniority and years of experience, and the skills it \
            requires and prefers. When the model is not sure (its probability is under the threshold \
            fitted when it was trained) it says so and names the two leading roles; when a posting \
            reads as two jobs it names the second. --json carries "uncertain" and "secondRole".

            Examples:
              jobsift classify corpora/samples/*
              jobsift classify https://example.com/careers/ml-engineer
              curl -s https://example.com/job | jobsift classify - --json
            """
    )

    @Argument(help: "Posting files (HTML, JSON, Markdown, text), http(s) URLs, or - for stdin.")
    var inputs: [String]

    @OptionGroup var modelOptions: ModelOptions

    @Flag(name: .long, help: "Print JSON: one object per posting, in an array.")
    var json = false

    @Option(name: .long, help: "How many evidence terms to show.")
    var evidence = 8

    @OptionGroup var inputOptions: InputOptions

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("Give at least one posting: a file, a URL, or -.") }
        try require("--evidence", evidence, in: 0...1_000)
    }

    func run() throws {
        let analyzer = try modelOptions.loadAnalyzer()
        let array = JSONArrayPrinter()
        let summary = try forEachPosting(inputs, options: inputOptions) { posting in
            let analysis = analyzer.analyze(posting, evidence: evidence)
            if json { try array.print(analysis) } else { printText(Self.render(analysis)) }
        }
        if json { array.finish() }
        try finish(summary)
    }

    static func render(_ analysis: PostingAnalysis) -> String {
        func percent(_ p: Double) -> String { String(format: "%.1f%%", p * 100) }
        let role = analysis.role
        var lines = [analysis.source]
        if let title = analysis.title { lines.append("  title      \(title)") }
        if role.uncertain, let runnerUp = role.alternatives.first {
            lines.append("  role       not sure: \(role.roleName) (\(role.role)) \(percent(role.probability)) "
                + "or \(runnerUp.name) (\(runnerUp.role)) \(percent(runnerUp.probability))")
        } else {
            lines.append("  role       \(role.roleName) (\(role.role))  \(percent(role.probability))")
        }
        if let second = role.secondRole, !role.uncertain {
            lines.append("  also       \(second.name) (\(second.role))  \(percent(second.probability)): the posting reads as two jobs")
        }
        if !role.alternatives.isEmpty {
            lines.append("  next       " + role.alternatives.map { "\($0.name) \(percent($0.probability))" }
                .joined(separator: ", "))
        }
        if !role.evidence.isEmpty {
            lines.append("  evidence   \(role.evidence.map(\.term).joined(separator: ", "))")
        }
        var seniority = "  seniority  \(analysis.seniority.name)"
        if analysis.seniority.evidence != .none { seniority += " (from the \(analysis.seniority.evidence.rawValue))" }
        if let signal = analysis.seniority.signal { seniority += ": \"\(TerminalText.safe(signal))\"" }
        if let years = analysis.seniority.years {
            seniority += years.max.map { ", \(years.min)-\($0) years" } ?? ", \(years.min)+ years"
        }
        lines.append(seniority)
        for (label, demand) in [("required", SkillDemand.required), ("preferred", .preferred)] {
            let names = analysis.skills.filter { $0.demand == demand }.map(\.name)
            if !names.isEmpty { lines.append("  \(label.padding(toLength: 10, withPad: " ", startingAt: 0)) \(names.joined(separator: ", "))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
