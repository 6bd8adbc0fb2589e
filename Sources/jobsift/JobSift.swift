import ArgumentParser
import Foundation
import JobSiftKit

@main
struct JobSift: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobsift",
        abstract: "Tell what AI/ML job postings are: their role, and the words that show it.",
        discussion: """
            Examples:
              jobsift classify posting.html
              jobsift classify https://example.com/jobs/123 --json
              jobsift train
              jobsift evaluate --folds 5

            Exit codes: 0 success; 1 some input could not be read or fetched; \
            3 the model or taxonomy could not be loaded; 64 wrong arguments.
            """,
        subcommands: [Classify.self, Train.self, Evaluate.self]
    )
}

/// Where the model and the taxonomy come from; shared by the commands that classify.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "The model file (default: models/default/roles.jsm).")
    var model: String?

    @Option(name: .long, help: "The role taxonomy file (default: models/taxonomy/roles.yaml).")
    var taxonomy: String?

    func loadClassifier() throws -> RoleClassifier {
        do {
            let taxonomy = try RoleTaxonomy.load(from: taxonomy ?? ModelLocations.defaultRoleTaxonomy)
            let classifier = try ModelFile.load(from: model ?? ModelLocations.defaultRoleModel)
            return RoleClassifier(classifier: classifier, taxonomy: taxonomy)
        } catch {
            printError("\(error)")
            throw ExitCode(3)
        }
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("jobsift: \(message)\n".utf8))
}
