import Foundation

/// One posting of a gold file: the role annotators gave it and every role they found defensible.
public struct GoldLabel: Sendable, Equatable, Codable {
    public var id: String
    public var title: String?
    public var role: String
    public var acceptable: [String]

    public init(id: String, title: String?, role: String, acceptable: [String]) {
        self.id = id
        self.title = title
        self.role = role
        self.acceptable = acceptable.isEmpty ? [role] : acceptable
    }
}

/// A model's answer for one gold posting: every role with its probability, best first.
public struct ScoredGold: Sendable {
    public var gold: GoldLabel
    public var ranked: [Prediction.Score]
    /// True when the model said "not sure" (its best probability is under its threshold).
    public var uncertain: Bool

    public init(gold: GoldLabel, ranked: [Prediction.Score], uncertain: Bool) {
        self.gold = gold
        self.ranked = ranked
        self.uncertain = uncertain
    }

    var predicted: String { ranked[0].label }
    var isCorrect: Bool { predicted == gold.role }
}

/// A lower and upper bound.
public struct Interval: Sendable, Equatable, Codable {
    public var low: Double
    public var high: Double
}

/// How a model does against gold labels: the figures of `jobsift evaluate gold`.
public struct RoleEvaluation: Sendable, Codable {
    public struct ConfusedPair: Sendable, Equatable, Codable {
        public var truth: String
        public var predicted: String
        public var count: Int
        public var exampleTitles: [String]
    }
    public struct CoveragePoint: Sendable, Equatable, Codable {
        public var threshold: Double
        /// The share of postings whose best probability reaches the threshold.
        public var coverage: Double
        /// Accuracy on those postings.
        public var accuracy: Double
    }
    public struct CalibrationBin: Sendable, Equatable, Codable {
        public var lower: Double
        public var count: Int
        public var meanProbability: Double
        public var accuracy: Double
    }

    public var count: Int
    public var accuracy: Double
    public var macroF1: Double
    /// The prediction is the gold role or one an annotator found defensible.
    public var acceptableAccuracy: Double
    /// The gold role is among the two most probable.
    public var top2Accuracy: Double
    public var intervals: [String: Interval]
    public var perClass: [ClassScore]
    public var confusion: [String: [String: Int]]
    public var mostConfused: [ConfusedPair]
    /// Mean |accuracy − confidence| over 10 equal-width bins of the best probability, weighted by size.
    public var expectedCalibrationError: Double
    public var calibration: [CalibrationBin]
    public var coverageCurve: [CoveragePoint]
    /// The model's own "not sure" threshold, the share it answers (is sure of) and how well.
    public var answered: CoveragePoint

    public init(_ scored: [ScoredGold], threshold: Double, bootstrapSamples: Int = 1000) {
        count = scored.count
        let report = ClassificationReport(trueLabels: scored.map(\.gold.role), predictedLabels: scored.map(\.predicted))
        accuracy = report.accuracy
        macroF1 = report.macroF1
        perClass = report.perClass
        confusion = report.confusion
        acceptableAccuracy = Self.acceptableAccuracy(scored)
        top2Accuracy = Self.share(scored) { item in item.ranked.prefix(2).contains { $0.label == item.gold.role } }
        intervals = [
            "accuracy": Self.bootstrap(scored, samples: bootstrapSamples) { Self.share($0, where: \.isCorrect) },
            "macroF1": Self.bootstrap(scored, samples: bootstrapSamples) { Self.macroF1($0) },
            "acceptableAccuracy": Self.bootstrap(scored, samples: bootstrapSamples, Self.acceptableAccuracy),
        ]
        mostConfused = Self.confusedPairs(scored)
        calibration = Self.calibrationBins(scored)
        expectedCalibrationError = Self.expectedCalibrationError(calibration, count: scored.count)
        coverageCurve = (0..<10).map { Self.coverage(scored, threshold: Double($0) / 10) }
        let sure = scored.filter { !$0.uncertain }
        answered = CoveragePoint(threshold: threshold, coverage: Self.share(scored) { !$0.uncertain },
                                 accuracy: Self.share(sure, where: \.isCorrect))
    }

    static func share(_ scored: [ScoredGold], where holds: (ScoredGold) -> Bool) -> Double {
        scored.isEmpty ? 0 : Double(scored.filter(holds).count) / Double(scored.count)
    }

    static func acceptableAccuracy(_ scored: [ScoredGold]) -> Double {
        share(scored) { $0.gold.acceptable.contains($0.predicted) }
    }

    static func macroF1(_ scored: [ScoredGold]) -> Double {
        ClassificationReport(trueLabels: scored.map(\.gold.role), predictedLabels: scored.map(\.predicted)).macroF1
    }

    /// The most frequent (gold, predicted) disagreements, with up to three titles each.
    static func confusedPairs(_ scored: [ScoredGold], limit: Int = 8) -> [ConfusedPair] {
        var pairs: [String: ConfusedPair] = [:]
        for item in scored where !item.isCorrect {
            let key = item.gold.role + "\u{0}" + item.predicted
            var pair = pairs[key] ?? ConfusedPair(truth: item.gold.role, predicted: item.predicted, count: 0, exampleTitles: [])
            pair.count += 1
            if pair.exampleTitles.count < 3, let title = item.gold.title { pair.exampleTitles.append(title) }
            pairs[key] = pair
        }
        return pairs.values.sorted {
            $0.count != $1.count ? $0.count > $1.count : ($0.truth, $0.predicted) < ($1.truth, $1.predicted)
        }.prefix(limit).map { $0 }
    }

    /// Ten equal-width bins of the best probability; empty bins are left out.
    static func calibrationBins(_ scored: [ScoredGold]) -> [CalibrationBin] {
        var bins = [(count: Int, probability: Double, correct: Int)](repeating: (0, 0, 0), count: 10)
        for item in scored {
            let probability = item.ranked[0].probability
            let bin = min(Int(probability * 10), 9)
            bins[bin].count += 1
            bins[bin].probability += probability
            if item.isCorrect { bins[bin].correct += 1 }
        }
        return bins.enumerated().filter { $0.element.count > 0 }.map { index, bin in
            CalibrationBin(lower: Double(index) / 10, count: bin.count, meanProbability: bin.probability / Double(bin.count),
                           accuracy: Double(bin.correct) / Double(bin.count))
        }
    }

    static func expectedCalibrationError(_ bins: [CalibrationBin], count: Int) -> Double {
        guard count > 0 else { return 0 }
        return bins.reduce(0) { $0 + Double($1.count) * abs($1.accuracy - $1.meanProbability) } / Double(count)
    }

    static func coverage(_ scored: [ScoredGold], threshold: Double) -> CoveragePoint {
        let answered = scored.filter { $0.ranked[0].probability >= threshold }
        return CoveragePoint(threshold: threshold, coverage: share(scored) { $0.ranked[0].probability >= threshold },
                             accuracy: share(answered, where: \.isCorrect))
    }

    /// The 2.5th and 97.5th percentiles of `metric` over resamples with replacement (fixed seed).
    static func bootstrap(_ scored: [ScoredGold], samples: Int, _ metric: ([ScoredGold]) -> Double) -> Interval {
        guard !scored.isEmpty, samples > 0 else { return Interval(low: 0, high: 0) }
        var generator = SplitMix64(seed: 7)
        let values = (0..<samples).map { _ in
            metric((0..<scored.count).map { _ in scored[Int(generator.next() % UInt64(scored.count))] })
        }.sorted()
        return Interval(low: values[Int(0.025 * Double(samples))], high: values[Int(0.975 * Double(samples)) - 1])
    }
}

/// Two models on the same gold postings: how much B differs from A, with bootstrap intervals
/// over the same resamples for both (a paired comparison).
public struct PairedComparison: Sendable, Codable {
    public var macroF1Difference: Double
    public var macroF1DifferenceInterval: Interval
    public var accuracyDifference: Double
    public var accuracyDifferenceInterval: Interval
    /// Postings only A gets right, and only B.
    public var onlyFirstCorrect: Int
    public var onlySecondCorrect: Int
    /// The share of resamples in which B's macro-F1 is not above A's.
    public var shareNotBetter: Double

    public init(_ first: [ScoredGold], _ second: [ScoredGold], samples: Int = 1000) {
        precondition(first.count == second.count, "the same gold postings for both models")
        macroF1Difference = RoleEvaluation.macroF1(second) - RoleEvaluation.macroF1(first)
        accuracyDifference = RoleEvaluation.share(second, where: \.isCorrect) - RoleEvaluation.share(first, where: \.isCorrect)
        onlyFirstCorrect = zip(first, second).filter { $0.isCorrect && !$1.isCorrect }.count
        onlySecondCorrect = zip(first, second).filter { !$0.isCorrect && $1.isCorrect }.count
        var generator = SplitMix64(seed: 7)
        var f1Differences: [Double] = []
        var accuracyDifferences: [Double] = []
        for _ in 0..<samples {
            let picks = (0..<first.count).map { _ in Int(generator.next() % UInt64(max(first.count, 1))) }
            let a = picks.map { first[$0] }
            let b = picks.map { second[$0] }
            f1Differences.append(RoleEvaluation.macroF1(b) - RoleEvaluation.macroF1(a))
            accuracyDifferences.append(RoleEvaluation.share(b, where: \.isCorrect) - RoleEvaluation.share(a, where: \.isCorrect))
        }
        func interval(_ values: [Double]) -> Interval {
            let sorted = values.sorted()
            return Interval(low: sorted[Int(0.025 * Double(samples))], high: sorted[Int(0.975 * Double(samples)) - 1])
        }
        macroF1DifferenceInterval = interval(f1Differences)
        accuracyDifferenceInterval = interval(accuracyDifferences)
        shareNotBetter = Double(f1Differences.filter { $0 <= 0 }.count) / Double(samples)
    }
}

/// A small, fast, seedable generator (Steele et al.'s SplitMix64), so bootstrap figures repeat.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension GoldLabel {
    private struct Line: Decodable {
        var id: String
        var title: String?
        var role: String
        var acceptable: [String]?
    }

    /// Reads a gold file: JSON Lines with `id`, `role`, and optionally `title` and `acceptable`.
    public static func load(from path: String) throws(TrainingLabelsError) -> [GoldLabel] {
        try TrainingLabels.decodeLines(Line.self, path: path, what: "a gold label with id and role").map {
            GoldLabel(id: $0.id, title: $0.title, role: $0.role, acceptable: $0.acceptable ?? [])
        }
    }
}

extension RoleEvaluation {
    /// The figures as plain text, `title` first.
    public func text(title: String) -> String {
        func interval(_ key: String) -> String {
            intervals[key].map { String(format: " [%.3f, %.3f]", $0.low, $0.high) } ?? ""
        }
        var lines = [
            title,
            String(format: "postings %d   accuracy %.3f", count, accuracy) + interval("accuracy")
                + String(format: "   macro-F1 %.3f", macroF1) + interval("macroF1"),
            String(format: "acceptable %.3f", acceptableAccuracy) + interval("acceptableAccuracy")
                + String(format: "   top-2 %.3f   ECE %.3f", top2Accuracy, expectedCalibrationError)
                + "   (95% bootstrap intervals)",
            String(format: "not-sure threshold %.2f: %.1f%% answered, accuracy %.3f on those",
                   answered.threshold, answered.coverage * 100, answered.accuracy),
            "",
        ] + ReportFormatter.perClassTable(perClass)
        lines += ["", "confusion (rows: gold, columns: predicted, in the order of the rows)"]
        let labels = perClass.map(\.label)
        for truth in labels {
            let counts = labels.map { confusion[truth]?[$0] ?? 0 }
            lines.append(truth.padding(toLength: 28, withPad: " ", startingAt: 0)
                + counts.map { $0 == 0 ? "   ." : String(format: "%4d", $0) }.joined())
        }
        if !mostConfused.isEmpty {
            lines += ["", "most confused (gold -> predicted)"]
            for pair in mostConfused {
                let examples = pair.exampleTitles.map { "\"\($0.count > 60 ? String($0.prefix(57)) + "..." : $0)\"" }
                lines.append("  \(pair.count)  \(pair.truth) -> \(pair.predicted)   " + examples.joined(separator: ", "))
            }
        }
        lines += ["", "calibration (best probability bin: postings, mean probability, accuracy)"]
        for bin in calibration {
            lines.append(String(format: "  %.1f-%.1f  %4d  %.3f  %.3f", bin.lower, bin.lower + 0.1, bin.count,
                                bin.meanProbability, bin.accuracy))
        }
        lines += ["", "coverage vs accuracy (answer only when the best probability reaches the threshold)"]
        for point in coverageCurve {
            lines.append(String(format: "  >= %.1f  answered %5.1f%%  accuracy %.3f", point.threshold,
                                point.coverage * 100, point.accuracy))
        }
        return lines.joined(separator: "\n")
    }
}
