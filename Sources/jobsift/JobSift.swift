import ArgumentParser
import Foundation
import JobSiftKit

@main
struct JobSift: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobsift",
        abstract: "Tell what AI/ML job postings are: role, seniority and the skills they demand.",
        discussion: """
            Examples:
              jobsift classify posting.html
              jobsift classify https://example.com/jobs/123 --json
              jobsift skills posting.md
              jobsift taxonomy --check my-skills.yaml
              jobsift train
              jobsift evaluate --folds 5

            Exit codes: 0 success; 1 some input could not be read or fetched; \
            3 the model or taxonomy could not be loaded; 64 wrong arguments.
            """,
        subcommands: [Classify.self, Skills.self, TaxonomyCommand.self, Train.self, Evaluate.self]
    )
}

/// Where the model and the taxonomy come from; shared by the commands that analyze postings.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "The model file (default: models/default/roles.jsm).")
    var model: String?

    @Option(name: .long, help: "A taxonomy folder with roles.yaml, skills.yaml, seniority.yaml (default: models/taxonomy).")
    var taxonomy: String?

    func loadTaxonomy() throws -> JobTaxonomy {
        do {
            return try JobTaxonomy.load(from: taxonomy ?? ModelLocations.defaultTaxonomy)
        } catch {
            printError("\(error)")
            throw ExitCode(3)
        }
    }

    func loadAnalyzer() throws -> PostingAnalyzer {
        let taxonomy = try loadTaxonomy()
        do {
            return PostingAnalyzer(classifier: try ModelFile.load(from: model ?? ModelLocations.defaultRoleModel),
                                   taxonomy: taxonomy)
        } catch {
            printError("\(error)")
            throw ExitCode(3)
        }
    }
}

extension ModelOptions {
    /// Options as if given on the command line, for commands that take only some of them.
    init(model: String?, taxonomy: String?) {
        self.init()
        self.model = model
        self.taxonomy = taxonomy
    }
}

/// Reads each input, hands it to `body`, and reports unreadable ones on stderr; exits 1 if any failed.
func forEachPosting(_ inputs: [String], timeout: Int, _ body: (Posting) throws -> Void) throws {
    var fetchOptions = FetchOptions()
    fetchOptions.totalTimeoutSeconds = timeout
    let fetcher = HTTPFetcher(options: fetchOptions)
    let extractor = PostingExtractor()
    var failures = 0
    for input in inputs {
        do {
            try body(extractor.extract(try InputSource.read(input, fetcher: fetcher)))
        } catch {
            failures += 1
            printError("\(error)")
        }
    }
    if failures > 0 { throw ExitCode(1) }
}

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("jobsift: \(message)\n".utf8))
}
