/// Precision, recall and F1 of one class.
public struct ClassScore: Sendable, Equatable, Codable {
    public var label: String
    public var precision: Double
    public var recall: Double
    public var f1: Double
    /// How many true examples of the class were scored.
    public var support: Int
}

/// Scores of predicted labels against true ones.
public struct ClassificationReport: Sendable, Equatable, Codable {
    public var accuracy: Double
    /// The unweighted mean F1 over classes with support (classes never seen are left out).
    public var macroF1: Double
    public var perClass: [ClassScore]
    /// `confusion[trueLabel][predictedLabel]` counts.
    public var confusion: [String: [String: Int]]
    public var count: Int

    public init(trueLabels: [String], predictedLabels: [String]) {
        precondition(trueLabels.count == predictedLabels.count, "one prediction per example")
        let labels = Set(trueLabels).union(predictedLabels).sorted()
        var confusion: [String: [String: Int]] = [:]
        var correct = 0
        for (truth, predicted) in zip(trueLabels, predictedLabels) {
            confusion[truth, default: [:]][predicted, default: 0] += 1
            if truth == predicted { correct += 1 }
        }
        perClass = labels.map { label in
            let truePositives = confusion[label]?[label] ?? 0
            let support = confusion[label]?.values.reduce(0, +) ?? 0
            let predictedCount = confusion.values.reduce(0) { $0 + ($1[label] ?? 0) }
            let precision = predictedCount > 0 ? Double(truePositives) / Double(predictedCount) : 0
            let recall = support > 0 ? Double(truePositives) / Double(support) : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            return ClassScore(label: label, precision: precision, recall: recall, f1: f1, support: support)
        }
        let supported = perClass.filter { $0.support > 0 }
        macroF1 = supported.isEmpty ? 0 : supported.map(\.f1).reduce(0, +) / Double(supported.count)
        accuracy = trueLabels.isEmpty ? 0 : Double(correct) / Double(trueLabels.count)
        self.confusion = confusion
        count = trueLabels.count
    }
}

/// k-fold cross-validation, stratified so each fold holds about 1/k of every class.
public enum CrossValidation {
    /// The fold (0 ..< folds) of each example: within each class, examples go round-robin in
    /// their given order, so the split is deterministic. An example whose group was seen before
    /// goes to that group's fold, so reposts never sit on both sides.
    public static func foldAssignments(labels: [String], groups: [String?]? = nil, folds: Int) -> [Int] {
        var seenPerClass: [String: Int] = [:]
        var groupFold: [String: Int] = [:]
        return labels.indices.map { index in
            let group = groups?[index]
            if let group, let fold = groupFold[group] { return fold }
            let fold = seenPerClass[labels[index], default: 0] % folds
            seenPerClass[labels[index], default: 0] += 1
            if let group { groupFold[group] = fold }
            return fold
        }
    }
}
