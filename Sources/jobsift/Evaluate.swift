import ArgumentParser
import Foundation
import JobSiftKit

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the role classifier and the skill matcher.",
        discussion: """
            Examples:
              jobsift evaluate                                  # 5-fold cross-validation on corpora/train
              jobsift evaluate dataset --data ../shared/data/postings.jsonl.gz --split test
              jobsift evaluate skills --gold corpora/gold/skills.yaml
            """,
        subcommands: [CrossValidate.self, Dataset.self, SkillsGold.self],
        defaultSubcommand: CrossValidate.self
    )
}

extension Evaluate {
    struct CrossValidate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "roles",
            abstract: "Stratified k-fold cross-validation of the role classifier on a labelled corpus.",
            discussion: "Prints accuracy, macro-F1, and precision, recall, F1 and support for every role."
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
            if json { return try printJSON(report) }
            print(ReportFormatter.text(report, title: "\(folds)-fold cross-validation on \(training.sourceDescription)"))
        }
    }

    struct Dataset: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dataset",
            abstract: "Score the shipped model on real postings labelled by their titles.",
            discussion: """
                Reads a JSON Lines dataset (gzipped or not), labels each row from its job title with
                jobsift's title rule (the roles' titlePatterns; see README), leaves out rows whose
                title gives no clear label, classifies the rest and prints accuracy, macro-F1 and
                per-role scores with support.
                """
        )

        @Option(name: .long, help: "The dataset: JSON Lines with title and text fields.")
        var data: String

        @Option(name: .long, help: "Only rows whose \"split\" field has this value (e.g. test).")
        var split: String?

        @Option(name: .long, help: "Score against this field of each row instead of the title rule (e.g. label).")
        var labelField: String?

        @OptionGroup var modelOptions: ModelOptions

        @Flag(name: .long, help: "Print the report as JSON.")
        var json = false

        func run() throws {
            let analyzer = try modelOptions.loadAnalyzer()
            let rows: [DatasetRow]
            do {
                let read = try DatasetReader().readAll(path: data)
                rows = read.rows
                if !read.skipped.isEmpty { printError("\(data): skipped \(read.skipped.count) lines that are not JSON objects") }
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
            let rule = TitleRule(taxonomy: analyzer.classifier.taxonomy)
            let selected = rows.filter { split == nil || $0.fields["split"] == split }
            var truth: [String] = []
            var predicted: [String] = []
            var agreeing = 0
            var withReference = 0
            for row in selected {
                let ruleLabel = rule.label(row.posting.title)
                guard let label = labelField.map({ row.fields[$0] }) ?? ruleLabel else { continue }
                truth.append(label)
                predicted.append(analyzer.classifier.classify(row.posting, evidence: 0).role)
                if let reference = row.fields["label"] {
                    withReference += 1
                    if reference == ruleLabel { agreeing += 1 }
                }
            }
            let report = ClassificationReport(trueLabels: truth, predictedLabels: predicted)
            if json { return try printJSON(report) }
            print(ReportFormatter.text(report, title: "\(data)\(split.map { " (split \($0))" } ?? ""): "
                + "\(selected.count) rows, \(truth.count) labelled by \(labelField.map { "field \($0)" } ?? "title rule"), "
                + "\(selected.count - truth.count) left out"))
            if withReference > 0 {
                print(String(format: "\ntitle rule agrees with the dataset's own label on %d of %d rows (%.1f%%)",
                             agreeing, withReference, Double(agreeing) / Double(withReference) * 100))
            }
        }
    }

    struct SkillsGold: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "skills",
            abstract: "Precision and recall of the skill matcher against a gold file.",
            discussion: "The gold file lists, for each posting, the skill ids it demands (see corpora/gold)."
        )

        @Option(name: .long, help: "The gold file.")
        var gold = "corpora/gold/skills.yaml"

        @Option(name: .long, help: "A taxonomy folder (default: models/taxonomy).")
        var taxonomy: String?

        @Flag(name: .long, help: "Print the report as JSON.")
        var json = false

        @Flag(name: .long, help: "List, per posting, the skills missed (-) and found wrongly (+).")
        var differences = false

        func run() throws {
            let loaded = try ModelOptions(model: nil, taxonomy: taxonomy).loadTaxonomy()
            let report: SkillGoldReport
            do {
                report = try SkillGoldReport.evaluate(goldFile: gold, taxonomy: loaded.skills)
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
            if json { return try printJSON(report) }
            print(report.text)
            if differences { print("\n" + report.differencesText) }
        }
    }
}
