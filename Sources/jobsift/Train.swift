import ArgumentParser
import Foundation
import JobSiftKit

/// Settings shared by the commands that train a classifier.
struct TrainingArguments: ParsableArguments {
    @Option(name: .long, help: "The labelled corpus: one folder per role id.")
    var corpus = "corpora/train"

    @Option(name: .long, help: "Also learn from this JSON Lines dataset, each row labelled by its title (jobsift's title rule).")
    var dataset: String?

    @Option(name: .long, help: "With --dataset: only rows whose \"split\" field has this value.")
    var datasetSplit = "train"

    @Option(name: .long, help: "A taxonomy folder whose roles label the dataset rows (default: models/taxonomy).")
    var taxonomy: String?

    @Option(name: .long, help: "Naive Bayes variant: complement or multinomial.")
    var variant: NaiveBayesVariant = .complement

    @Option(name: .long, help: "Lidstone smoothing added to each feature count.")
    var alpha: Float = 0.3

    @Option(name: .long, help: "How many times a title word counts relative to one body occurrence.")
    var titleWeight: Float = 3

    @Option(name: .long, help: "A term becomes a feature only if it occurs in at least this many postings.")
    var minDf = 2

    var options: TrainingOptions {
        var options = TrainingOptions()
        options.minDocumentFrequency = minDf
        options.variant = variant
        options.alpha = alpha
        options.fieldWeights = [titleWeight, 1]
        return options
    }

    func validate() throws {
        guard alpha > 0 else { throw ValidationError("--alpha must be greater than 0.") }
        guard titleWeight >= 0 else { throw ValidationError("--title-weight cannot be negative.") }
        guard minDf >= 1 else { throw ValidationError("--min-df must be at least 1.") }
    }

    /// What the training data is made of, for reports and the model's metadata.
    var sourceDescription: String {
        dataset.map { "\(corpus) + \($0) (split \(datasetSplit), labelled by title)" } ?? corpus
    }

    func loadCorpus() throws -> [LabelledPosting] {
        var postings: [LabelledPosting]
        do {
            postings = try LabelledCorpus.load(from: corpus)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        guard !postings.isEmpty else {
            printError("\(corpus) holds no postings; expected one folder per role id with posting files.")
            throw ExitCode(1)
        }
        if let dataset {
            let roles = try ModelOptions(model: nil, taxonomy: taxonomy).loadTaxonomy().roles
            do {
                postings += try LabelledCorpus.load(dataset: dataset, split: datasetSplit, rule: TitleRule(taxonomy: roles))
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
        }
        return postings
    }
}

extension NaiveBayesVariant: ExpressibleByArgument {}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Rebuild the role model from a labelled corpus.",
        discussion: """
            Reads every posting under the corpus folder (the folder name is the role id), trains
            TF-IDF + naive Bayes, and writes the model file. The same corpus and settings give the
            same file, byte for byte.

            Examples:
              jobsift train
              jobsift train --corpus corpora/train --output models/default/roles.jsm --alpha 0.3
            """
    )

    @OptionGroup var training: TrainingArguments

    @Option(name: .long, help: "Where to write the model (default: models/default/roles.jsm).")
    var output: String?

    func run() throws {
        let start = Date()
        let corpus = try training.loadCorpus()
        let classifier = RoleClassifier.train(corpus, options: training.options)
        let path = output ?? ModelLocations.defaultRoleModel
        do {
            try ModelFile.save(classifier, to: path, metadata: ["training data": training.sourceDescription, "postings": "\(corpus.count)"])
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print("trained on \(corpus.count) postings, \(classifier.classes.count) roles, "
            + "\(classifier.vectorizer.vocabulary.count) terms")
        print(String(format: "wrote %@ (%.1f KB) in %.2f s", path, Double(size) / 1000, Date().timeIntervalSince(start)))
    }
}
