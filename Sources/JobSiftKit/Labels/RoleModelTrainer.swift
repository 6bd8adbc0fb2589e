import Foundation

/// Trains the role model: naive Bayes views over title and body, then the way their scores,
/// the title rule's vote and the class frequencies are combined, calibrated and thresholded,
/// all fitted on predictions for postings the fold's model did not see.
public struct RoleModelTrainer: Sendable {
    public var options: TrainingOptions
    public var folds: Int
    public var thresholdTarget: ScoreCombination.ThresholdTarget
    /// Gives each posting's title rule vote; nil trains without it.
    public var titleRule: TitleRule?

    public init(options: TrainingOptions = TrainingOptions(), folds: Int = 5,
                thresholdTarget: ScoreCombination.ThresholdTarget = .init(), titleRule: TitleRule?) {
        self.options = options
        self.folds = folds
        self.thresholdTarget = thresholdTarget
        self.titleRule = titleRule
    }

    /// The trained model and its cross-validated predictions on the training postings.
    public struct Result: Sendable {
        public var classifier: TextClassifier
        /// For every training posting, in order: its held-out scores under the fitted combination.
        public var heldOut: [HeldOutPrediction]
    }

    /// A training posting as its fold's model, which did not see it, scored it.
    public struct HeldOutPrediction: Sendable {
        /// The posting's index in the training postings.
        public var index: Int
        public var label: String
        /// Every class with its calibrated probability, best first.
        public var ranked: [Prediction.Score]
        public var uncertain: Bool
    }

    /// Trains on `corpus`. Postings with the same `group` (reposts) stay in one fold. The weights
    /// are fitted on the held-out scores of postings read by the guide (a title-rule label would
    /// make the title look right by construction), the calibration on those of every real
    /// posting; with no real postings, on those written for the project.
    public func train(_ corpus: [LabelledPosting]) -> Result {
        let examples = corpus.map { LabelledText(fields: RoleClassifier.fields(of: $0.posting), label: $0.label) }
        let titleRoles = corpus.map { titleRule?.label($0.posting.title) }
        let full = TextClassifier.train(examples, options: options)
        let classes = full.classes
        let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })

        let assignment = CrossValidation.foldAssignments(labels: corpus.map(\.label), groups: corpus.map(\.group), folds: folds)
        var heldOut = [HeldOutScores?](repeating: nil, count: corpus.count)
        for fold in 0..<folds {
            let trainingIndices = corpus.indices.filter { assignment[$0] != fold }
            let heldIndices = corpus.indices.filter { assignment[$0] == fold }
            guard !trainingIndices.isEmpty, !heldIndices.isEmpty else { continue }
            let model = TextClassifier.train(trainingIndices.map { examples[$0] }, options: options)
            // A class missing from the fold's training part scores below every class it has.
            let foldClass = classes.map { model.classes.firstIndex(of: $0) }
            for index in heldIndices {
                let viewScores = model.viewScores(model.vectorize(examples[index].fields)).map { scores in
                    let floor = (scores.min() ?? 0) - 1
                    return foldClass.map { $0.map { scores[$0] } ?? floor }
                }
                heldOut[index] = HeldOutScores(
                    viewScores: viewScores, evidence: RoleClassifier.evidence(for: titleRoles[index], classes: classes),
                    label: classIndex[corpus[index].label]!)
            }
        }
        let scored = heldOut.enumerated().compactMap { index, scores in scores.map { (index, $0) } }
        func scores(from origins: [LabelOrigin]) -> [HeldOutScores] {
            let chosen = scored.filter { origins.contains(corpus[$0.0].origin) }.map(\.1)
            return chosen.isEmpty ? scored.map(\.1) : chosen
        }
        let combination = ScoreCombination.fitWeights(scores(from: [.readByGuide]), logClassFrequency: full.combination.logClassFrequency)
            .calibrated(on: scores(from: [.readByGuide, .titleRule]), target: thresholdTarget)
        let predictions = scored.map { index, example -> HeldOutPrediction in
            let probabilities = combination.probabilities(viewScores: example.viewScores, evidence: example.evidence)
            let ranked = probabilities.indices
                .sorted { probabilities[$0] != probabilities[$1] ? probabilities[$0] > probabilities[$1] : $0 < $1 }
                .map { Prediction.Score(label: classes[$0], probability: Double(probabilities[$0])) }
            return HeldOutPrediction(index: index, label: classes[example.label], ranked: ranked,
                                     uncertain: ranked[0].probability < Double(combination.threshold))
        }
        return Result(classifier: full.combined(with: combination), heldOut: predictions)
    }
}
