import ArgumentParser
import Foundation
import JobSiftKit

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the role classifier and the skill matcher.",
        discussion: """
            Examples:
              jobsift evaluate                                  # cross-validation on corpora/train
              jobsift evaluate gold --gold ../shared/data/gold/roles-test.jsonl --data ../shared/data/postings.jsonl.gz
              jobsift evaluate gold --gold G --data D --compare /tmp/other.jsm --json
              jobsift evaluate dataset --data ../shared/data/postings.jsonl.gz --split test
              jobsift evaluate skills --gold corpora/gold/skills.yaml
            """,
        subcommands: [CrossValidate.self, Gold.self, Dataset.self, SkillsGold.self],
        defaultSubcommand: CrossValidate.self
    )
}

extension Evaluate {
    struct CrossValidate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "roles",
            abstract: "Cross-validation of the role classifier on its training postings.",
            discussion: """
                Trains as `jobsift train` does and scores every training posting with the model of \
                the fold that did not see it (reposts stay in one fold), under the fitted weights, \
                calibration and threshold. Prints accuracy, macro-F1, per-role scores with support, \
                calibration and coverage, over the postings read by the guide (a title-rule label \
                agrees with the title by construction), then a line for all of them. Each fold's \
                postings are scored with a combination fitted on the other folds' held-out scores. \
                Acceptable-accuracy also counts the reader's second choice, where they gave one.

                Examples:
                  jobsift evaluate roles
                  jobsift evaluate roles --dataset ../shared/data/postings.jsonl.gz --dataset ../shared/data/postings-extra.jsonl.gz
                """
        )

        @OptionGroup var training: TrainingArguments

        @Flag(name: .long, help: "Print the report as JSON.")
        var json = false

        func run() throws {
            let corpus = try training.loadCorpus()
            let result = training.trainer(taxonomy: try training.loadTaxonomy()).train(corpus)
            func evaluation(_ heldOut: [RoleModelTrainer.HeldOutPrediction], readOnly: Bool, samples: Int = 1000) -> RoleEvaluation {
                // Postings read by the guide are the honest measure: a title-rule label agrees with
                // the title by construction, and the project's own postings are easier than real ones.
                let chosen = heldOut.filter { !readOnly || corpus[$0.index].origin == .readByGuide }
                let scored = (chosen.isEmpty ? heldOut : chosen).map { heldOut in
                    let posting = corpus[heldOut.index].posting
                    let acceptable = [heldOut.label] + (corpus[heldOut.index].alternative.map { [$0] } ?? [])
                    return ScoredGold(gold: GoldLabel(id: posting.id, title: posting.title, role: heldOut.label, acceptable: acceptable),
                                      ranked: heldOut.ranked, uncertain: heldOut.uncertain)
                }
                return RoleEvaluation(scored, threshold: Double(result.classifier.combination.threshold), bootstrapSamples: samples)
            }
            let report = evaluation(result.heldOut, readOnly: true)
            if json { return try printJSON(report) }
            print(report.text(title: "\(training.folds)-fold cross-validation on \(training.sourceDescription); "
                + "the \(report.count) postings read by the guide (all postings when none was read)"))
            let all = evaluation(result.heldOut, readOnly: false, samples: 0)
            let untitled = evaluation(result.heldOutWithoutTitle, readOnly: true)
            print(String(format: "\nthe same postings without their titles: accuracy %.3f, macro-F1 %.3f, ECE %.3f",
                         untitled.accuracy, untitled.macroF1, untitled.expectedCalibrationError))
            print(String(format: "all %d training postings (with title-rule labels, which agree with the title by construction): "
                         + "accuracy %.3f, macro-F1 %.3f, ECE %.3f", all.count, all.accuracy, all.macroF1, all.expectedCalibrationError))
        }
    }

    struct Gold: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score a model against blind gold labels.",
            discussion: """
                The gold file is JSON Lines with id, role and optionally title and acceptable (every \
                role an annotator found defensible); each id is looked up in --data for the posting's \
                title and text. Prints accuracy, macro-F1 over the gold roles, acceptable-accuracy, \
                top-2, per-role precision, recall, F1 and support, the most confused pairs with \
                example titles, expected calibration error, coverage against accuracy over thresholds, \
                and 95% bootstrap intervals. --compare scores a second model on the same postings \
                and gives the paired differences.

                Examples:
                  jobsift evaluate gold --gold ../shared/data/gold/roles-test.jsonl --data ../shared/data/postings.jsonl.gz
                  jobsift evaluate gold --gold G --data D --text-only
                  jobsift evaluate gold --gold G --data D --title-rule
                  jobsift evaluate gold --gold G --data D --model new.jsm --compare models/default/roles.jsm --json
                """
        )

        @Option(name: .long, help: "The gold labels: JSON Lines with id, role, acceptable.")
        var gold: String

        @Option(name: .long, help: "The dataset holding the gold postings' title and text, by id (JSON Lines).")
        var data: String

        @OptionGroup var modelOptions: ModelOptions

        @Option(name: .long, help: "A second model file to compare with the first on the same postings.")
        var compare: String?

        @Flag(name: .long, help: "Classify from the text alone, as if the postings had no title (a short first line of the text still reads as one).")
        var textOnly = false

        @Flag(name: .long, help: "Score the title rule alone (the role the title's patterns name, else other), not a model.")
        var titleRule = false

        @Flag(name: .long, help: "Print the report as JSON.")
        var json = false

        struct Output: Encodable {
            var model: String
            var evaluation: RoleEvaluation
            var compared: Compared?
            var missing: [String]
        }
        struct Compared: Encodable {
            var model: String
            var evaluation: RoleEvaluation
            /// The second model minus the first.
            var difference: PairedComparison
        }

        func run() throws {
            let labels: [GoldLabel]
            let postings: [String: Posting]
            do {
                labels = try GoldLabel.load(from: gold)
                postings = try TrainingLabels.rowsByID(datasetAt: data).mapValues(\.posting)
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
            let missing = labels.filter { postings[$0.id] == nil }.map(\.id)
            if !missing.isEmpty { printError("\(missing.count) gold ids are not in \(data); they are left out") }
            let found = labels.compactMap { label in
                postings[label.id].map { posting in
                    var posting = posting
                    if textOnly { posting.title = nil }
                    return (label, posting)
                }
            }
            let taxonomy = try modelOptions.loadTaxonomy()

            func score(modelPath: String) throws -> (scored: [ScoredGold], threshold: Double) {
                if titleRule {
                    let features = RoleFeatures(taxonomy: taxonomy)
                    return (found.map { label, posting in
                        let role = features.titleRule.label(features.title(of: posting)) ?? RoleTaxonomy.otherRoleID
                        return ScoredGold(gold: label, ranked: [.init(label: role, probability: 1)],
                                   uncertain: false)
                    }, 0)
                }
                let classifier: RoleClassifier
                do {
                    classifier = RoleClassifier(classifier: try ModelFile.load(from: modelPath), taxonomy: taxonomy)
                } catch {
                    printError("\(error)")
                    throw ExitCode(3)
                }
                let scored = found.map { label, posting in
                    let result = classifier.classify(posting, alternatives: Int.max, evidence: 0)
                    let ranked = [Prediction.Score(label: result.role, probability: result.probability)]
                        + result.alternatives.map { Prediction.Score(label: $0.role, probability: $0.probability) }
                    return ScoredGold(gold: label, ranked: ranked, uncertain: result.uncertain)
                }
                return (scored, Double(classifier.classifier.combination.threshold))
            }

            let first = try score(modelPath: modelOptions.modelPath)
            let name = titleRule ? "the title rule" : modelOptions.modelPath
            var output = Output(model: name, evaluation: RoleEvaluation(first.scored, threshold: first.threshold),
                                compared: nil, missing: missing)
            if let compare {
                let second = try score(modelPath: compare)
                output.compared = Compared(model: compare, evaluation: RoleEvaluation(second.scored, threshold: second.threshold),
                                           difference: PairedComparison(first.scored, second.scored))
            }
            if json { return try printJSON(output) }
            let mode = textOnly ? ", text only" : ""
            print(output.evaluation.text(title: "\(name) on \(gold)\(mode)"))
            if let compared = output.compared {
                print("\n" + compared.evaluation.text(title: "\(compared.model) on \(gold)\(mode)"))
                let d = compared.difference
                print(String(format: "\n%@ minus %@: macro-F1 %+.3f [%+.3f, %+.3f], accuracy %+.3f [%+.3f, %+.3f]; "
                             + "only the first right on %d, only the second on %d; not better in %.1f%% of resamples",
                             compared.model, name, d.macroF1Difference, d.macroF1DifferenceInterval.low,
                             d.macroF1DifferenceInterval.high, d.accuracyDifference, d.accuracyDifferenceInterval.low,
                             d.accuracyDifferenceInterval.high, d.onlyFirstCorrect, d.onlySecondCorrect, d.shareNotBetter * 100))
            }
        }
    }

    struct Dataset: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dataset",
            abstract: "Score the shipped model on real postings labelled by their titles.",
            discussion: """
                Reads a JSON Lines dataset (gzipped or not), labels each row from its job title with \
                jobsift's title rule (the roles' titlePatterns; see README), leaves out rows whose \
                title gives no clear label, classifies the rest and prints accuracy, macro-F1 and \
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
            abstract: "Precision and recall of the skill matcher against a gold file or human span annotations.",
            discussion: """
                The gold file lists, for each posting, the skill ids it demands (see corpora/gold). With --spans, \
                the matcher is scored on a folder of ads annotated with skill and knowledge spans (a gold.jsonl \
                beside a postings/ folder, as ../shared/data/skills-skillspan-train): precision of its required \
                and preferred mentions, recall of the KNOWLEDGE spans and of those naming an O*NET technology.

                Examples:
                  jobsift evaluate skills --gold corpora/gold/skills-holdout.yaml
                  jobsift evaluate skills --spans ../shared/data/skills-skillspan-train
                """
        )

        @Option(name: .long, help: "The gold file.")
        var gold = "corpora/gold/skills.yaml"

        @Option(name: .long, help: "A folder of span-annotated ads (gold.jsonl and postings/) to score on instead.")
        var spans: String?

        @Option(name: .long, help: "O*NET's Technology Skills list, to tell technology spans (with --spans).")
        var onet = "../shared/data/skills/onet_Technology_Skills.txt.gz"

        @Option(name: .long, help: "A taxonomy folder (default: models/taxonomy).")
        var taxonomy: String?

        @Flag(name: .long, help: "Print the report as JSON.")
        var json = false

        @Flag(name: .long, help: "List, per posting, the skills missed (-) and found wrongly (+); with --spans, each with its line.")
        var differences = false

        func run() throws {
            let loaded = try ModelOptions(model: nil, taxonomy: taxonomy).loadTaxonomy()
            if let spans {
                let report: SkillSpanReport
                do {
                    let technologies = FileManager.default.fileExists(atPath: onet) ? try OnetTechnologies(path: onet) : nil
                    if technologies == nil { printError("\(onet): not found; technology recall is left out (give --onet)") }
                    report = try SkillSpanReport.evaluate(folder: spans, taxonomy: loaded.skills, technologies: technologies)
                } catch {
                    printError("\(error)")
                    throw ExitCode(1)
                }
                if json { return try printJSON(report) }
                print(report.text)
                if differences { print("\n" + report.differences.joined(separator: "\n")) }
                return
            }
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
