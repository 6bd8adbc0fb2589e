import Foundation

/// Plain-text rendering of a classification report.
public enum ReportFormatter {
    public static func text(_ report: ClassificationReport, title: String) -> String {
        var lines = [
            title,
            String(format: "postings %d   accuracy %.3f   macro-F1 %.3f", report.count, report.accuracy, report.macroF1),
            "",
        ]
        lines += perClassTable(report.perClass)
        return lines.joined(separator: "\n")
    }

    /// Precision, recall, F1 and support, a line per class under a header line.
    static func perClassTable(_ scores: [ClassScore]) -> [String] {
        ["role".padding(toLength: 28, withPad: " ", startingAt: 0) + " precision  recall     F1  support"]
            + scores.map { score in
                score.label.padding(toLength: 28, withPad: " ", startingAt: 0)
                    + String(format: " %9.3f %7.3f %6.3f %8d", score.precision, score.recall, score.f1, score.support)
            }
    }
}
