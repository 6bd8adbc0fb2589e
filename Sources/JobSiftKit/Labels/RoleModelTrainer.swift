/// Trains the role model: naive Bayes views over the fields of `RoleFeatures`, then the way
/// their scores and the votes of the title and the opening are combined, calibrated and thresholded, all fitted
/// on predictions for postings the fold's model did not see; and the same again for postings
/// without a title.
public struct RoleModelTrainer: Sendable {
    /// One view per field of `RoleFeatures`: title, text, the taxonomy's terms, the text's opening.
    public static let separateViews: [[Float]] = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]

    public var options: TrainingOptions
    public var folds: Int
    public var thresholdTarget: ScoreCombination.ThresholdTarget
    public var features: RoleFeatures
    /// Whether the title rule's vote is part of the model.
    public var usesTitleRule: Bool

    public init(taxonomy: JobTaxonomy, options: TrainingOptions = RoleModelTrainer.defaultOptions, folds: Int = 5,
                thresholdTarget: ScoreCombination.ThresholdTarget = .init(), usesTitleRule: Bool = true) {
        self.options = options
        self.folds = folds
        self.thresholdTarget = thresholdTarget
        features = RoleFeatures(taxonomy: taxonomy)
        self.usesTitleRule = usesTitleRule
    }

    /// The settings of the shipped model, chosen by cross-validation on the training labels.
    public static var defaultOptions: TrainingOptions {
        var options = TrainingOptions()
        options.views = separateViews
        options.unigramFields = [RoleFeatures.taxonomyField]
        options.alpha = 0.1
        options.minDocumentFrequency = 3
        options.maximumFeatures = 8000
        options.combinationClassBalanceWithoutFirstField = 0.25
        return options
    }

    /// The trained model and its cross-validated predictions on the training postings.
    public struct Result: Sendable {
        public var classifier: TextClassifier
        /// For every training posting, in order: its held-out scores under a combination fitted
        /// on the other folds' postings.
        public var heldOut: [HeldOutPrediction]
        /// The same for the postings as if they had no title, read as `evaluate gold --text-only`
        /// reads them: a short first line of the text reads as the title.
        public var heldOutWithoutTitle: [HeldOutPrediction]
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

    /// Trains on `corpus`. Postings with the same `group` (reposts) stay in one fold.
    public func train(_ corpus: [LabelledPosting]) -> Result {
        let tokenizer = Tokenizer()
        let readings = corpus.map { labelled in
            var reading = features.read(labelled.posting, tokenizer: tokenizer)
            if !usesTitleRule { reading.titleRole = nil }
            return reading
        }
        let fields = readings.map(\.fields)
        // The postings as `evaluate gold --text-only` reads them: no title, so a first line that
        // reads as one stands in.
        let textOnlyReadings = zip(readings, corpus).map { reading, labelled in
            var textOnly = features.textOnly(reading, of: labelled.posting, tokenizer: tokenizer)
            if !usesTitleRule { textOnly.titleRole = nil }
            return textOnly
        }
        let labels = corpus.map(\.label)
        let full = TextClassifier.train(tokenizedFields: fields, labels: labels, options: options, tokenizer: tokenizer)
        let classes = full.classes
        let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })

        let assignment = CrossValidation.foldAssignments(labels: labels, groups: corpus.map(\.group), folds: folds)
        var titled = [HeldOutScores?](repeating: nil, count: corpus.count)
        var untitled = [HeldOutScores?](repeating: nil, count: corpus.count)
        var textOnly = [HeldOutScores?](repeating: nil, count: corpus.count)
        for fold in 0..<folds {
            let trainingIndices = corpus.indices.filter { assignment[$0] != fold }
            let heldIndices = corpus.indices.filter { assignment[$0] == fold }
            guard !trainingIndices.isEmpty, !heldIndices.isEmpty else { continue }
            let model = TextClassifier.train(tokenizedFields: trainingIndices.map { fields[$0] },
                                             labels: trainingIndices.map { labels[$0] }, options: options, tokenizer: tokenizer)
            // A class missing from the fold's training part scores below every class it has.
            let foldClass = classes.map { model.classes.firstIndex(of: $0) }
            func scores(_ documentFields: [[String]]) -> [[Float]] {
                model.viewScores(model.vectorize(tokenizedFields: documentFields)).map { scores in
                    let floor = (scores.min() ?? 0) - 1
                    return foldClass.map { $0.map { scores[$0] } ?? floor }
                }
            }
            for index in heldIndices {
                let label = classIndex[labels[index]]!
                let weight = corpus[index].calibrationWeight
                let withoutTitle = readings[index].withoutTitle
                titled[index] = HeldOutScores(viewScores: scores(fields[index]), evidence: readings[index].evidence(classes: classes),
                                              label: label, weight: weight)
                untitled[index] = HeldOutScores(viewScores: scores(withoutTitle.fields), evidence: withoutTitle.evidence(classes: classes),
                                                label: label, weight: weight)
                textOnly[index] = HeldOutScores(viewScores: scores(textOnlyReadings[index].fields),
                                                evidence: textOnlyReadings[index].evidence(classes: classes), label: label, weight: weight)
            }
        }
        let combination = fit(titled, corpus: corpus, classCount: classes.count, classBalance: options.combinationClassBalance)
        let withoutTitle = fit(untitled, corpus: corpus, classCount: classes.count,
                               classBalance: options.combinationClassBalanceWithoutFirstField)
        // Each fold's postings are scored by combinations fitted on the other folds' held-out
        // scores, so the figures reported are not those of a combination tuned on them.
        let foldCombinations = (0..<folds).map { fold in
            func others(_ scores: [HeldOutScores?]) -> [HeldOutScores?] {
                scores.indices.map { assignment[$0] == fold ? nil : scores[$0] }
            }
            return (withTitle: fit(others(titled), corpus: corpus, classCount: classes.count,
                                   classBalance: options.combinationClassBalance),
                    withoutTitle: fit(others(untitled), corpus: corpus, classCount: classes.count,
                                      classBalance: options.combinationClassBalanceWithoutFirstField))
        }
        // As in `TextClassifier.predict`, a posting with a title (or a first line read as one) is
        // scored by the combination for titles, one without by the other.
        func predictions(_ heldOut: [HeldOutScores?], hasTitle: (Int) -> Bool) -> [HeldOutPrediction] {
            var predictions: [HeldOutPrediction] = []
            for (fold, combinations) in foldCombinations.enumerated() {
                for (index, example) in heldOut.enumerated() where assignment[index] == fold {
                    guard let example else { continue }
                    let combination = hasTitle(index) ? combinations.withTitle : combinations.withoutTitle
                    let probabilities = combination.probabilities(viewScores: example.viewScores, evidence: example.evidence)
                    let ranked = probabilities.indices
                        .sorted { probabilities[$0] != probabilities[$1] ? probabilities[$0] > probabilities[$1] : $0 < $1 }
                        .map { Prediction.Score(label: classes[$0], probability: Double(probabilities[$0])) }
                    predictions.append(HeldOutPrediction(index: index, label: classes[example.label], ranked: ranked,
                                                         uncertain: ranked[0].probability < Double(combination.threshold)))
                }
            }
            return predictions.sorted { $0.index < $1.index }
        }
        return Result(classifier: full.combined(with: combination, withoutFirstField: withoutTitle),
                      heldOut: predictions(titled) { !fields[$0][0].isEmpty },
                      heldOutWithoutTitle: predictions(textOnly) { !textOnlyReadings[$0].fields[0].isEmpty })
    }

    /// The combination fitted on postings read by the guide (a title-rule label would make the
    /// title look right by construction), the calibration on every real posting by its
    /// calibration weight; with no real postings, both on those written for the project.
    private func fit(_ heldOut: [HeldOutScores?], corpus: [LabelledPosting], classCount: Int,
                     classBalance: Double) -> ScoreCombination {
        let scored = heldOut.enumerated().compactMap { index, scores in scores.map { (corpus[index].origin, $0) } }
        func scores(from origins: [LabelOrigin]) -> [HeldOutScores] {
            let chosen = scored.filter { origins.contains($0.0) }.map(\.1)
            return chosen.isEmpty ? scored.map(\.1) : chosen
        }
        return ScoreCombination.fit(scores(from: [.readByGuide]), viewCount: options.views.count, classCount: classCount,
                                    evidenceBlocks: RoleFeatures.Reading.evidenceBlocks, l2: options.combinationPenalty, classBalance: classBalance)
            .calibrated(on: scores(from: [.readByGuide, .titleRule]), target: thresholdTarget)
    }
}
