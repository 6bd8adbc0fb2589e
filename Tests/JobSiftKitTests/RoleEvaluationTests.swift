import Foundation
import Testing
@testable import JobSiftKit

/// The figures of `jobsift evaluate gold`, on cases small enough to work out by hand.
@Suite struct RoleEvaluationTests {
    static func scored(_ role: String, acceptable: [String] = [], _ ranked: [(String, Double)], title: String = "t")
        -> ScoredGold {
        ScoredGold(gold: GoldLabel(id: UUID().uuidString, title: title, role: role, acceptable: acceptable),
                   ranked: ranked.map { Prediction.Score(label: $0.0, probability: $0.1) }, uncertain: false)
    }

    /// Four postings: right (0.9), wrong but acceptable and second (0.6), right (0.8), wrong (0.3).
    static let four = [
        scored("a", [("a", 0.9), ("b", 0.1)]),
        scored("b", acceptable: ["b", "a"], [("a", 0.6), ("b", 0.3)], title: "B posting"),
        scored("b", [("b", 0.8), ("a", 0.2)]),
        scored("c", [("a", 0.3), ("c", 0.25), ("b", 0.2)], title: "C posting"),
    ]

    @Test func accuracyAcceptableAndTopTwo() {
        let evaluation = RoleEvaluation(Self.four, threshold: 0.5, bootstrapSamples: 0)
        #expect(evaluation.accuracy == 0.5)
        #expect(evaluation.acceptableAccuracy == 0.75)
        #expect(evaluation.top2Accuracy == 1)
        // F1: a: precision 1/3, recall 1 -> 0.5; b: precision 1, recall 1/2 -> 2/3; c: 0.
        #expect(abs(evaluation.macroF1 - (0.5 + 2.0 / 3 + 0) / 3) < 1e-12)
        #expect(evaluation.perClass.first { $0.label == "b" }?.support == 2)
    }

    @Test func confusedPairsCarryTheirTitles() {
        let evaluation = RoleEvaluation(Self.four, threshold: 0.5, bootstrapSamples: 0)
        #expect(evaluation.mostConfused.count == 2)
        #expect(evaluation.mostConfused[0] == .init(truth: "b", predicted: "a", count: 1, exampleTitles: ["B posting"]))
        #expect(evaluation.confusion["c"]?["a"] == 1)
    }

    @Test func expectedCalibrationErrorIsTheWeightedGapPerBin() {
        // Bins: 0.9 (right), 0.6 (wrong), 0.8 (right), 0.3 (wrong), one posting each:
        // |1 − 0.9| + |0 − 0.6| + |1 − 0.8| + |0 − 0.3| = 1.2, over 4 postings.
        let evaluation = RoleEvaluation(Self.four, threshold: 0.5, bootstrapSamples: 0)
        #expect(abs(evaluation.expectedCalibrationError - 0.3) < 1e-12)
        #expect(evaluation.calibration.map(\.count) == [1, 1, 1, 1])
    }

    @Test func coverageCountsOnlyPostingsAtOrAboveTheThreshold() {
        // The model was not sure of the two postings under its threshold of 0.7.
        let marked = Self.four.map { item in
            var item = item
            item.uncertain = item.ranked[0].probability < 0.7
            return item
        }
        let evaluation = RoleEvaluation(marked, threshold: 0.7, bootstrapSamples: 0)
        #expect(evaluation.answered == .init(threshold: 0.7, coverage: 0.5, accuracy: 1))
        #expect(evaluation.coverageCurve.count == 10)
        #expect(evaluation.coverageCurve[0].coverage == 1 && evaluation.coverageCurve[0].accuracy == 0.5)
        #expect(evaluation.coverageCurve[6].coverage == 0.75)
    }

    @Test func bootstrapIntervalsHoldTheEstimateAndRepeat() {
        let many = (0..<50).flatMap { _ in Self.four }
        let first = RoleEvaluation(many, threshold: 0.5, bootstrapSamples: 200)
        let second = RoleEvaluation(many, threshold: 0.5, bootstrapSamples: 200)
        let interval = first.intervals["accuracy"]!
        #expect(interval.low < 0.5 && 0.5 < interval.high)
        #expect(interval.high - interval.low < 0.2)
        #expect(first.intervals == second.intervals)
    }

    @Test func pairedComparisonOfAModelWithItselfShowsNoDifference() {
        let same = PairedComparison(Self.four, Self.four, samples: 100)
        #expect(same.macroF1Difference == 0 && same.accuracyDifference == 0)
        #expect(same.onlyFirstCorrect == 0 && same.onlySecondCorrect == 0)
        #expect(same.shareNotBetter == 1)
        // A second model that gets the fourth posting right is better on it alone.
        var better = Self.four
        better[3] = Self.scored("c", [("c", 0.5), ("a", 0.3)])
        let comparison = PairedComparison(Self.four, better, samples: 100)
        #expect(comparison.accuracyDifference == 0.25)
        #expect(comparison.onlySecondCorrect == 1 && comparison.onlyFirstCorrect == 0)
        #expect(comparison.macroF1Difference > 0)
    }
}
