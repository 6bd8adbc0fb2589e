import Foundation

/// How a `TextClassifier` turns its views' raw scores into calibrated probabilities. The
/// features of a document are each view's class scores less their mean, then blocks of outside
/// evidence per class (for a posting: the title rule's vote, the roles its opening names; zeros
/// when there is none); a class's score is
/// `bias(c) + Σ_f weights(c, f) · feature(f)`, a softmax regression fitted on held-out scores,
/// so that a view can count for more on one role than on another. Probabilities are the
/// softmax of the scores at a temperature, the best one then mapped through an isotonic
/// confidence curve (the others share the rest in proportion), and "not sure" below `threshold`.
public struct ScoreCombination: Sendable, Equatable, Codable {
    public var viewCount: Int
    /// How many blocks of `classCount` evidence values follow the views' scores.
    public var evidenceBlocks: Int
    public var classCount: Int
    /// `weights[c * featureCount + f]`, the features being `viewCount` blocks of class scores
    /// and then `evidenceBlocks` blocks of evidence.
    public var weights: [Float]
    public var bias: [Float]
    /// Divides the scores before the softmax; fitted so probabilities match held-out accuracy.
    public var temperature: Float = 1
    /// The isotonic confidence curve: the best probability at `confidenceKnots` becomes
    /// `confidenceValues`, linearly in between, flat beyond; empty leaves it as it is.
    public var confidenceKnots: [Float] = []
    public var confidenceValues: [Float] = []
    /// A best probability under this is reported as uncertain.
    public var threshold: Float = 0

    public var featureCount: Int { (viewCount + evidenceBlocks) * classCount }

    /// The combination before any fitting: a class's score is the sum of its views' scores
    /// (each less its mean), the evidence ignored.
    public static func sum(viewCount: Int, classCount: Int, evidenceBlocks: Int = 1) -> ScoreCombination {
        let featureCount = (viewCount + evidenceBlocks) * classCount
        var weights = [Float](repeating: 0, count: classCount * featureCount)
        for c in 0..<classCount {
            for view in 0..<viewCount { weights[c * featureCount + view * classCount + c] = 1 }
        }
        return ScoreCombination(viewCount: viewCount, evidenceBlocks: evidenceBlocks, classCount: classCount,
                                weights: weights, bias: [Float](repeating: 0, count: classCount))
    }

    /// The features a combination weighs: each view's scores less their mean, then the evidence,
    /// cut or padded with zeros to `evidenceBlocks` blocks.
    static func features(viewScores: [[Float]], evidence: [Float]?, classCount: Int, evidenceBlocks: Int) -> [Float] {
        var features: [Float] = []
        features.reserveCapacity((viewScores.count + evidenceBlocks) * classCount)
        for scores in viewScores {
            let mean = scores.reduce(0, +) / Float(max(scores.count, 1))
            features += scores.map { $0 - mean }
        }
        let evidenceCount = evidenceBlocks * classCount
        let given = (evidence ?? []).prefix(evidenceCount)
        features += given
        features += [Float](repeating: 0, count: evidenceCount - given.count)
        return features
    }

    /// The combined, uncalibrated score of every class.
    public func scores(viewScores: [[Float]], evidence: [Float]?) -> [Float] {
        let features = Self.features(viewScores: viewScores, evidence: evidence, classCount: classCount,
                                     evidenceBlocks: evidenceBlocks)
        let featureCount = featureCount
        return (0..<classCount).map { c in
            var score = bias[c]
            for f in 0..<featureCount { score += weights[c * featureCount + f] * features[f] }
            return score
        }
    }

    /// How much each class score of view `view` raises `target`'s combined score above the mean
    /// of all classes' combined scores: what makes a term evidence for `target`.
    public func influence(ofView view: Int, on target: Int) -> [Float] {
        (0..<classCount).map { k in
            let f = view * classCount + k
            let mean = (0..<classCount).reduce(Float(0)) { $0 + weights[$1 * featureCount + f] } / Float(classCount)
            return weights[target * featureCount + f] - mean
        }
    }

    /// Calibrated probabilities of every class. The best keeps its place: no other class is
    /// given more than it.
    public func probabilities(viewScores: [[Float]], evidence: [Float]?) -> [Float] {
        var probabilities = NaiveBayesModel.softmax(scores(viewScores: viewScores, evidence: evidence).map { $0 / temperature })
        guard !confidenceKnots.isEmpty, let best = probabilities.indices.max(by: { probabilities[$0] < probabilities[$1] })
        else { return probabilities }
        let confidence = Self.interpolate(probabilities[best], knots: confidenceKnots, values: confidenceValues)
        let rest = 1 - probabilities[best]
        for c in probabilities.indices where c != best {
            probabilities[c] = rest > 0 ? min(probabilities[c] * (1 - confidence) / rest, confidence) : 0
        }
        probabilities[best] = confidence
        return probabilities
    }

    static func interpolate(_ x: Float, knots: [Float], values: [Float]) -> Float {
        if x <= knots[0] { return values[0] }
        guard let upper = knots.firstIndex(where: { $0 >= x }) else { return values[values.count - 1] }
        let lower = upper - 1
        let span = knots[upper] - knots[lower]
        return span > 0 ? values[lower] + (values[upper] - values[lower]) * (x - knots[lower]) / span : values[upper]
    }
}

/// A document's raw view scores and outside evidence, scored by a model that did not see it.
public struct HeldOutScores: Sendable {
    public var viewScores: [[Float]]
    public var evidence: [Float]?
    public var label: Int
    /// How many documents this one stands for when calibrating (a sampled document, more than one).
    public var weight: Double

    public init(viewScores: [[Float]], evidence: [Float]?, label: Int, weight: Double = 1) {
        self.viewScores = viewScores
        self.evidence = evidence
        self.label = label
        self.weight = weight
    }
}

/// The best probability a model gave a document, whether that class was right, and how many
/// documents it stands for.
public struct ScoredAnswer: Sendable, Equatable {
    public var probability: Float
    public var correct: Bool
    public var weight: Double

    public init(probability: Float, correct: Bool, weight: Double = 1) {
        self.probability = probability
        self.correct = correct
        self.weight = weight
    }
}

extension ScoreCombination {
    /// What `fit` aims the "not sure" threshold at.
    public struct ThresholdTarget: Sendable, Equatable {
        /// The accuracy wanted on the postings that are answered.
        public var accuracy: Double = 0.95
        /// The share of postings that must still be answered, whatever the accuracy.
        public var coverage: Double = 0.8
        public init() {}
    }

    /// Fits the weights to held-out scores: a softmax regression with penalty `l2` (see
    /// `SoftmaxRegression.fit`), each example weighing `(n_largest class / n_its class)^classBalance`
    /// so that rare classes count for more (0 weighs all alike); the calibration is left for
    /// `calibrated(on:target:)`.
    public static func fit(_ heldOut: [HeldOutScores], viewCount: Int, classCount: Int, evidenceBlocks: Int = 1, l2: Double,
                           classBalance: Double = 0) -> ScoreCombination {
        let rows = heldOut.map { example in
            features(viewScores: example.viewScores, evidence: example.evidence, classCount: classCount,
                     evidenceBlocks: evidenceBlocks).map(Double.init)
        }
        var counts = [Double](repeating: 0, count: classCount)
        for example in heldOut { counts[example.label] += 1 }
        let largest = counts.max() ?? 1
        let rowWeights = heldOut.map { pow(largest / counts[$0.label], classBalance) }
        let regression = SoftmaxRegression.fit(rows, labels: heldOut.map(\.label), rowWeights: rowWeights,
                                               classCount: classCount, l2: l2)
        var combination = sum(viewCount: viewCount, classCount: classCount, evidenceBlocks: evidenceBlocks)
        combination.weights = regression.weights.map(Float.init)
        combination.bias = regression.bias.map(Float.init)
        return combination
    }

    /// The same weights calibrated on held-out scores: the temperature by minimum negative log
    /// likelihood, the isotonic confidence curve of the best probability against being right,
    /// then the lowest threshold whose answered postings reach `target.accuracy`, held to
    /// answering at least `target.coverage` of them.
    public func calibrated(on heldOut: [HeldOutScores], target: ThresholdTarget = ThresholdTarget()) -> ScoreCombination {
        var fitted = self
        fitted.confidenceKnots = []
        fitted.confidenceValues = []
        let combined = heldOut.map { self.scores(viewScores: $0.viewScores, evidence: $0.evidence) }
        fitted.temperature = Self.fitTemperature(scores: combined, labels: heldOut.map(\.label), weights: heldOut.map(\.weight))
        let top = zip(combined, heldOut).map { row, example in
            let probabilities = NaiveBayesModel.softmax(row.map { $0 / fitted.temperature })
            let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
            return ScoredAnswer(probability: probabilities[best], correct: best == example.label, weight: example.weight)
        }
        (fitted.confidenceKnots, fitted.confidenceValues) = Self.isotonicCurve(top)
        let calibratedTop = top.map { answer in
            ScoredAnswer(probability: Self.interpolate(answer.probability, knots: fitted.confidenceKnots, values: fitted.confidenceValues),
                         correct: answer.correct, weight: answer.weight)
        }
        fitted.threshold = Self.threshold(calibratedTop, target: target)
        return fitted
    }

    /// Pool-adjacent-violators: the non-decreasing step curve of being right against the
    /// probability, as one knot per pooled block (its mean probability and its accuracy), weighted.
    static func isotonicCurve(_ answers: [ScoredAnswer]) -> (knots: [Float], values: [Float]) {
        var blocks: [(probabilitySum: Double, correct: Double, weight: Double)] = []
        for answer in answers.sorted(by: { $0.probability < $1.probability }) where answer.weight > 0 {
            blocks.append((Double(answer.probability) * answer.weight, answer.correct ? answer.weight : 0, answer.weight))
            while blocks.count > 1,
                  blocks[blocks.count - 2].correct / blocks[blocks.count - 2].weight
                    >= blocks[blocks.count - 1].correct / blocks[blocks.count - 1].weight {
                let last = blocks.removeLast()
                blocks[blocks.count - 1].probabilitySum += last.probabilitySum
                blocks[blocks.count - 1].correct += last.correct
                blocks[blocks.count - 1].weight += last.weight
            }
        }
        return (blocks.map { Float($0.probabilitySum / $0.weight) }, blocks.map { Float($0.correct / $0.weight) })
    }

    /// The temperature minimising the weighted mean negative log likelihood of the true classes
    /// (golden-section search on its logarithm, which the likelihood is unimodal in).
    public static func fitTemperature(scores: [[Float]], labels: [Int], weights: [Double]? = nil) -> Float {
        let weights = weights ?? [Double](repeating: 1, count: labels.count)
        let totalWeight = max(weights.reduce(0, +), .leastNonzeroMagnitude)
        func loss(_ logTemperature: Double) -> Double {
            let temperature = Float(exp(logTemperature))
            var total = 0.0
            for ((row, label), weight) in zip(zip(scores, labels), weights) where weight > 0 {
                let probability = NaiveBayesModel.softmax(row.map { $0 / temperature })[label]
                total -= weight * log(max(Double(probability), 1e-12))
            }
            return total / totalWeight
        }
        var low = -8.0
        var high = 8.0
        let ratio = (sqrt(5.0) - 1) / 2
        for _ in 0..<60 {
            let a = high - ratio * (high - low)
            let b = low + ratio * (high - low)
            if loss(a) < loss(b) { high = b } else { low = a }
        }
        return Float(exp((low + high) / 2))
    }

    /// The lowest best-probability threshold whose answered examples reach `target.accuracy`,
    /// raised no further than answering `target.coverage` of them (all by weight).
    public static func threshold(_ answers: [ScoredAnswer], target: ThresholdTarget) -> Float {
        let sorted = answers.filter { $0.weight > 0 }.sorted { $0.probability > $1.probability }
        guard !sorted.isEmpty else { return 0 }
        let totalWeight = sorted.reduce(0) { $0 + $1.weight }
        var answeredWeight = totalWeight
        var correctWeight = sorted.reduce(0) { $0 + ($1.correct ? $1.weight : 0) }
        var answered = sorted.count
        // Drop the least sure answers one by one until the rest are accurate enough.
        while answered > 0 && correctWeight / answeredWeight < target.accuracy
                && (answeredWeight - sorted[answered - 1].weight) / totalWeight >= target.coverage {
            answered -= 1
            answeredWeight -= sorted[answered].weight
            if sorted[answered].correct { correctWeight -= sorted[answered].weight }
        }
        return answered == sorted.count ? 0 : sorted[answered].probability.nextUp
    }
}
