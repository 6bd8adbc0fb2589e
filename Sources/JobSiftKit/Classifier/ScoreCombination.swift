import Foundation

/// How a `TextClassifier` turns its views' raw scores into calibrated probabilities:
/// `score_c = Σ_v viewWeights[v] · view_v(c) + evidenceWeight · evidence(c) + priorWeight · logClassFrequency(c) + classBias(c)`,
/// probabilities `softmax(score / temperature)`, the best one then mapped through an isotonic
/// confidence curve (the others share the rest in proportion), and "not sure" below `threshold`.
public struct ScoreCombination: Sendable, Equatable, Codable {
    public var viewWeights: [Float]
    /// Weight of outside evidence per class (e.g. a title rule's vote); 0 ignores it.
    public var evidenceWeight: Float = 0
    /// Weight of the training set's class frequencies, the prior complement naive Bayes lacks.
    public var priorWeight: Float = 0
    public var logClassFrequency: [Float]
    /// Added to each class's score, fitted for macro-F1: it lifts the classes a model trained
    /// on few examples of them calls too rarely. Empty adds nothing.
    public var classBias: [Float] = []
    /// Divides the scores before the softmax; fitted so probabilities match held-out accuracy.
    public var temperature: Float = 1
    /// The isotonic confidence curve: the best probability at `confidenceKnots` becomes
    /// `confidenceValues`, linearly in between, flat beyond; empty leaves it as it is.
    public var confidenceKnots: [Float] = []
    public var confidenceValues: [Float] = []
    /// A best probability under this is reported as uncertain.
    public var threshold: Float = 0

    public init(viewWeights: [Float], evidenceWeight: Float = 0, priorWeight: Float = 0, logClassFrequency: [Float],
                temperature: Float = 1, threshold: Float = 0) {
        self.viewWeights = viewWeights
        self.evidenceWeight = evidenceWeight
        self.priorWeight = priorWeight
        self.logClassFrequency = logClassFrequency
        self.temperature = temperature
        self.threshold = threshold
    }

    /// The combined, uncalibrated score of every class.
    public func scores(viewScores: [[Float]], evidence: [Float]?) -> [Float] {
        var total = [Float](repeating: 0, count: logClassFrequency.count)
        for (weight, scores) in zip(viewWeights, viewScores) where weight != 0 {
            for c in total.indices { total[c] += weight * scores[c] }
        }
        for c in total.indices {
            total[c] += priorWeight * logClassFrequency[c]
            if let evidence { total[c] += evidenceWeight * evidence[c] }
            if !classBias.isEmpty { total[c] += classBias[c] }
        }
        return total
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

    /// Fits the weights to held-out scores by coordinate ascent on macro-F1, over a grid scaled
    /// to each view's spread; the calibration is left for `calibrated(on:target:)`.
    public static func fitWeights(_ heldOut: [HeldOutScores], logClassFrequency: [Float]) -> ScoreCombination {
        let viewCount = heldOut.first?.viewScores.count ?? 0
        let spreads = (0..<viewCount).map { view in
            median(heldOut.map { ($0.viewScores[view].max() ?? 0) - ($0.viewScores[view].min() ?? 0) })
        }
        let steps: [Float] = [0, 0.125, 0.25, 0.5, 1, 2, 4, 8]
        // Parameters in spread units: one per view, then evidence, then prior.
        var parameters = [Float](repeating: 1, count: viewCount) + [0, 0]
        func combination(_ p: [Float]) -> ScoreCombination {
            ScoreCombination(
                viewWeights: (0..<viewCount).map { spreads[$0] > 0 ? p[$0] / spreads[$0] : 0 },
                evidenceWeight: p[viewCount], priorWeight: p[viewCount + 1], logClassFrequency: logClassFrequency)
        }
        var best = objective(combination(parameters), heldOut, classCount: logClassFrequency.count)
        for _ in 0..<3 {
            var improved = false
            for index in parameters.indices {
                for step in steps where step != parameters[index] {
                    var candidate = parameters
                    candidate[index] = step
                    let value = objective(combination(candidate), heldOut, classCount: logClassFrequency.count)
                    if value > best {
                        best = value
                        parameters = candidate
                        improved = true
                    }
                }
            }
            if !improved { break }
        }
        var fitted = combination(parameters)
        // Then a bias per class, by the same ascent, in units of the combined scores' spread.
        let spread = median(heldOut.map { example in
            let scores = fitted.scores(viewScores: example.viewScores, evidence: example.evidence)
            return (scores.max() ?? 0) - (scores.min() ?? 0)
        })
        let biasSteps: [Float] = [-0.2, -0.1, -0.05, 0, 0.05, 0.1, 0.2, 0.3, 0.4]
        fitted.classBias = [Float](repeating: 0, count: logClassFrequency.count)
        var bestWithBias = objective(fitted, heldOut, classCount: logClassFrequency.count)
        for _ in 0..<2 {
            for c in fitted.classBias.indices {
                for step in biasSteps where step * spread != fitted.classBias[c] {
                    var candidate = fitted
                    candidate.classBias[c] = step * spread
                    let value = objective(candidate, heldOut, classCount: logClassFrequency.count)
                    if value > bestWithBias {
                        bestWithBias = value
                        fitted = candidate
                    }
                }
            }
        }
        return fitted
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

    /// Macro-F1 of the argmax, with accuracy as a small tie-breaker.
    static func objective(_ combination: ScoreCombination, _ heldOut: [HeldOutScores], classCount: Int) -> Double {
        var truePositive = [Int](repeating: 0, count: classCount)
        var predicted = [Int](repeating: 0, count: classCount)
        var support = [Int](repeating: 0, count: classCount)
        for example in heldOut {
            let scores = combination.scores(viewScores: example.viewScores, evidence: example.evidence)
            let best = scores.indices.max { scores[$0] < scores[$1] }!
            predicted[best] += 1
            support[example.label] += 1
            if best == example.label { truePositive[best] += 1 }
        }
        var f1Sum = 0.0
        var classes = 0
        for c in 0..<classCount where support[c] > 0 {
            classes += 1
            let precision = predicted[c] > 0 ? Double(truePositive[c]) / Double(predicted[c]) : 0
            let recall = Double(truePositive[c]) / Double(support[c])
            if precision + recall > 0 { f1Sum += 2 * precision * recall / (precision + recall) }
        }
        let accuracy = Double(truePositive.reduce(0, +)) / Double(max(heldOut.count, 1))
        return (classes > 0 ? f1Sum / Double(classes) : 0) + accuracy * 1e-3
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

    private static func median(_ values: [Float]) -> Float {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
