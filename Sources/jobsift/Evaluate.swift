import ArgumentParser
import Foundation
import JobSiftKit

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the role classifier with stratified k-fold cross-validation on a corpus.",
        discussion: """
            Prints accuracy, macro-F1, and precision, recall, F1 and support for every role.

            Examples:
              jobsift evaluate
              jobsift evaluate --folds 10 --variant multinomial --json
            """
    )

    @OptionGroup var training: TrainingArguments

    @Option(name: .long, help: "Number of folds.")
    var folds = 5

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2.") }
    }

    func run() throws {
        let corpus = try training.loadCorpus()
        let report = CrossValidation.evaluate(corpus, folds: folds, options: training.options)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        print(ReportFormatter.text(report, title: "\(folds)-fold cross-validation on \(training.corpus)"))
    }
}
