import ArgumentParser
import Foundation
import JobSiftKit

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify postings (files, URLs, or - for stdin) onto the AI/ML role taxonomy.",
        discussion: """
            Prints each posting's role with its probability, the next two roles, and the words
            that pushed the posting towards its role.

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

    @Option(name: .long, help: "Seconds before a URL fetch gives up.")
    var timeout = 30

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("Give at least one posting: a file, a URL, or -.") }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds.") }
    }

    func run() throws {
        let classifier = try modelOptions.loadClassifier()
        var fetchOptions = FetchOptions()
        fetchOptions.totalTimeoutSeconds = timeout
        let fetcher = HTTPFetcher(options: fetchOptions)
        let extractor = PostingExtractor()

        var results: [RoleClassification] = []
        var failures = 0
        for input in inputs {
            do {
                let document: SourceDocument
                if input == "-" {
                    document = try LocalSource.readStandardInput()
                } else if HTTPFetcher.isURL(input) {
                    document = try fetcher.fetch(input)
                } else {
                    document = try LocalSource.read(path: input)
                }
                let result = classifier.classify(extractor.extract(document), evidence: evidence)
                results.append(result)
                if !json { print(Self.render(result)) }
            } catch {
                failures += 1
                printError("\(error)")
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        }
        if failures > 0 { throw ExitCode(1) }
    }

    static func render(_ result: RoleClassification) -> String {
        func percent(_ p: Double) -> String { String(format: "%.1f%%", p * 100) }
        var lines = [result.source]
        if let title = result.title { lines.append("  title     \(title)") }
        lines.append("  role      \(result.roleName) (\(result.role))  \(percent(result.probability))")
        if !result.alternatives.isEmpty {
            let next = result.alternatives.map { "\($0.name) \(percent($0.probability))" }.joined(separator: ", ")
            lines.append("  next      \(next)")
        }
        if !result.evidence.isEmpty {
            lines.append("  evidence  \(result.evidence.map(\.term).joined(separator: ", "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
