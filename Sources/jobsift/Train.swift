import ArgumentParser
import Foundation
import JobSiftKit

/// How the title and the body are shown to the classifier.
enum ViewLayout: String, ExpressibleByArgument, CaseIterable {
    /// Title and body as two models whose scores are combined with fitted weights.
    case separate
    /// One bag of words, a title word counting --title-weight times a word of the text.
    case combined
}

/// Settings shared by the commands that train a classifier.
struct TrainingArguments: ParsableArguments {
    @Option(name: .long, help: "Postings written for this project: one folder per role id (\"none\" leaves them out).")
    var corpus = "corpora/train"

    @Option(name: .long, help: "Real postings to learn from, labelled by --labels: JSON Lines datasets (repeatable).")
    var dataset: [String] = []

    @Option(name: .long, help: "The labels of the datasets' rows: JSON Lines of id, dataset, role, method.")
    var labels = "corpora/labels/roles.jsonl"

    @Option(name: .long, help: "The reading sample (strata of the postings read), which weighs each real posting in calibration.")
    var readingSample = "corpora/labels/reading-sample.jsonl"

    @Option(name: .long, help: "A taxonomy folder whose title patterns give the title rule's vote (default: models/taxonomy).")
    var taxonomy: String?

    @Option(name: .long, help: "Naive Bayes variant: complement or multinomial.")
    var variant: NaiveBayesVariant = .complement

    @Option(name: .long, help: "Lidstone smoothing added to each feature count.")
    var alpha: Float = RoleModelTrainer.defaultOptions.alpha

    @Option(name: .long, help: "separate: title, text, the taxonomy's terms and the text's opening as four models, their combination fitted; combined: one bag of words.")
    var views: ViewLayout = .separate

    @Option(name: .long, help: "With --views combined: how many times a title word counts relative to one body occurrence.")
    var titleWeight: Float = 3

    @Option(name: .long, help: "A term becomes a feature only if it occurs in at least this many postings.")
    var minDf = RoleModelTrainer.defaultOptions.minDocumentFrequency

    @Option(name: .long, help: "Keep at most this many features per view, by chi-square against the roles (0 keeps all).")
    var maxFeatures = RoleModelTrainer.defaultOptions.maximumFeatures ?? 0

    @Flag(name: .long, help: "Leave out the title rule's vote.")
    var noTitleRule = false

    @Option(name: .long, help: "The L2 penalty of the softmax regression that combines the views' scores and the title rule's vote.")
    var combinationPenalty = RoleModelTrainer.defaultOptions.combinationPenalty

    @Option(name: .long, help: "How much more the combination's fit weighs a posting of a rare role: (largest role's count / its role's count) to this power.")
    var combinationClassBalance = RoleModelTrainer.defaultOptions.combinationClassBalance

    @Option(name: .long, help: "The same for the combination used for postings without a title.")
    var untitledClassBalance = RoleModelTrainer.defaultOptions.combinationClassBalanceWithoutFirstField

    @Option(name: .long, help: "Folds of the cross-validation that fits the combination, calibration and threshold.")
    var folds = 5

    var options: TrainingOptions {
        var options = RoleModelTrainer.defaultOptions
        options.minDocumentFrequency = minDf
        options.variant = variant
        options.alpha = alpha
        options.maximumFeatures = maxFeatures > 0 ? maxFeatures : nil
        options.views = views == .separate ? RoleModelTrainer.separateViews : [[titleWeight, 1, 1]]
        options.combinationPenalty = combinationPenalty
        options.combinationClassBalance = combinationClassBalance
        options.combinationClassBalanceWithoutFirstField = untitledClassBalance
        return options
    }

    func validate() throws {
        try require("--alpha", alpha, in: 0.0001...1000)
        try require("--title-weight", titleWeight, in: 0...1000)
        try require("--min-df", minDf, in: 1...1_000_000)
        try require("--combination-penalty", combinationPenalty, in: 0.0001...1_000_000)
        try require("--combination-class-balance", combinationClassBalance, in: 0...4)
        try require("--untitled-class-balance", untitledClassBalance, in: 0...4)
        try require("--folds", folds, in: 2...100)
        try require("--max-features", maxFeatures, in: 0...10_000_000)
    }

    /// What the training data is made of, for reports and the model's metadata.
    var sourceDescription: String {
        var parts: [String] = []
        if corpus != "none" { parts.append(corpus) }
        if !dataset.isEmpty { parts.append("\(dataset.joined(separator: " + ")) labelled by \(labels)") }
        return parts.joined(separator: " + ")
    }

    func loadTaxonomy() throws -> JobTaxonomy {
        try ModelOptions(model: nil, taxonomy: taxonomy).loadTaxonomy()
    }

    func trainer(taxonomy: JobTaxonomy) -> RoleModelTrainer {
        RoleModelTrainer(taxonomy: taxonomy, options: options, folds: folds, usesTitleRule: !noTitleRule)
    }

    func loadCorpus() throws -> [LabelledPosting] {
        var postings: [LabelledPosting] = []
        do {
            if corpus != "none" { postings = try LabelledCorpus.load(from: corpus) }
            if !dataset.isEmpty {
                let weights = FileManager.default.fileExists(atPath: readingSample)
                    ? try TrainingLabels.calibrationWeights(sampleAt: readingSample) : [:]
                let joined = try TrainingLabels.postings(for: TrainingLabels.load(from: labels), labelsPath: labels, datasets: dataset,
                                                         calibrationWeights: weights)
                if joined.missing > 0 { printError("\(labels): \(joined.missing) labelled rows are not in the datasets given") }
                postings += joined.postings.map(\.posting)
            }
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        guard !postings.isEmpty else {
            printError("no postings to learn from: give --corpus a folder with one sub-folder per role id, or --dataset with --labels.")
            throw ExitCode(1)
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
            Reads every posting under the corpus folder (the folder name is the role id) and the \
            datasets' rows named in the labels file, trains TF-IDF + naive Bayes on the title and \
            the body, fits how their scores and the title rule's vote combine, the calibration \
            and the "not sure" threshold by cross-validation, and writes the model file. The same \
            postings and settings give the same file, byte for byte.

            Examples:
              scripts/train-model                       # the shipped model
              jobsift train --dataset ../shared/data/postings.jsonl.gz --dataset ../shared/data/postings-extra.jsonl.gz
              jobsift train --corpus corpora/train --output /tmp/roles.jsm --alpha 0.3
            """
    )

    @OptionGroup var training: TrainingArguments

    @Option(name: .long, help: "Where to write the model (default: models/default/roles.jsm).")
    var output: String?

    func run() throws {
        let start = Date()
        let corpus = try training.loadCorpus()
        let classifier = training.trainer(taxonomy: try training.loadTaxonomy()).train(corpus).classifier
        let path = output ?? ModelLocations.defaultRoleModel
        do {
            try ModelFile.save(classifier, to: path, metadata: ["training data": training.sourceDescription, "postings": "\(corpus.count)"])
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print("trained on \(corpus.count) postings, \(classifier.classes.count) roles, "
            + classifier.views.map { "\($0.vectorizer.vocabulary.count)" }.joined(separator: " + ") + " terms")
        let combination = classifier.combination
        print(String(format: "fitted: how %d views and the title rule combine, temperature %.3g, not-sure threshold %.2f",
                     combination.viewCount, combination.temperature, combination.threshold))
        print(String(format: "wrote %@ (%.1f KB) in %.2f s", path, Double(size) / 1000, Date().timeIntervalSince(start)))
    }
}
