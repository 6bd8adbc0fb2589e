import Foundation

/// Which naive Bayes estimate to use; both follow scikit-learn's definitions.
public enum NaiveBayesVariant: String, Sendable, Codable, CaseIterable {
    /// `MultinomialNB`: per-class feature probabilities plus a class prior.
    case multinomial
    /// `ComplementNB` (Rennie et al. 2003): weights from every *other* class's counts, no prior;
    /// steadier than multinomial when classes differ in size.
    case complement
}

/// Naive Bayes over non-negative feature vectors (TF-IDF here) with Lidstone smoothing `alpha`.
public struct NaiveBayesModel: Sendable, Equatable {
    public let variant: NaiveBayesVariant
    public let alpha: Float
    public let classCount: Int
    public let featureCount: Int
    /// Log prior per class (all zero for the complement variant, which has none).
    let logPrior: [Float]
    /// Feature weights laid out feature-major, `featureLogProb[feature * classCount + class]`,
    /// so that scoring a sparse vector reads adjacent memory.
    let featureLogProb: [Float]

    init(variant: NaiveBayesVariant, alpha: Float, classCount: Int, featureCount: Int,
         logPrior: [Float], featureLogProb: [Float]) {
        self.variant = variant
        self.alpha = alpha
        self.classCount = classCount
        self.featureCount = featureCount
        self.logPrior = logPrior
        self.featureLogProb = featureLogProb
    }

    /// Estimates the model from vectors and their class indices (`0 ..< classCount`).
    public static func fit(
        _ vectors: [SparseVector], labels: [Int], classCount: Int, featureCount: Int,
        variant: NaiveBayesVariant, alpha: Float
    ) -> NaiveBayesModel {
        precondition(vectors.count == labels.count, "one label per vector")
        // Accumulate in Double so the result does not depend on summation order effects in Float.
        var counts = [Double](repeating: 0, count: featureCount * classCount)
        var classDocuments = [Int](repeating: 0, count: classCount)
        for (vector, label) in zip(vectors, labels) {
            classDocuments[label] += 1
            for (index, value) in zip(vector.indices, vector.values) {
                counts[Int(index) * classCount + label] += Double(value)
            }
        }
        let smoothing = Double(alpha)
        var featureLogProb = [Float](repeating: 0, count: featureCount * classCount)
        var logPrior = [Float](repeating: 0, count: classCount)

        switch variant {
        case .multinomial:
            var classTotals = [Double](repeating: 0, count: classCount)
            for feature in 0..<featureCount {
                for c in 0..<classCount { classTotals[c] += counts[feature * classCount + c] }
            }
            for feature in 0..<featureCount {
                for c in 0..<classCount {
                    let numerator = counts[feature * classCount + c] + smoothing
                    let denominator = classTotals[c] + smoothing * Double(featureCount)
                    featureLogProb[feature * classCount + c] = Float(log(numerator / denominator))
                }
            }
            let total = Double(vectors.count)
            for c in 0..<classCount {
                logPrior[c] = classDocuments[c] > 0 ? Float(log(Double(classDocuments[c]) / total)) : -.infinity
            }
        case .complement:
            var featureTotals = [Double](repeating: 0, count: featureCount)
            for feature in 0..<featureCount {
                for c in 0..<classCount { featureTotals[feature] += counts[feature * classCount + c] }
            }
            var complementTotals = [Double](repeating: 0, count: classCount)
            for feature in 0..<featureCount {
                for c in 0..<classCount {
                    complementTotals[c] += featureTotals[feature] - counts[feature * classCount + c] + smoothing
                }
            }
            for feature in 0..<featureCount {
                for c in 0..<classCount {
                    let complement = featureTotals[feature] - counts[feature * classCount + c] + smoothing
                    featureLogProb[feature * classCount + c] = Float(-log(complement / complementTotals[c]))
                }
            }
        }
        return NaiveBayesModel(variant: variant, alpha: alpha, classCount: classCount, featureCount: featureCount,
                               logPrior: logPrior, featureLogProb: featureLogProb)
    }

    /// Unnormalised log score per class: `logPrior + Σ x_i · featureLogProb_i`.
    public func jointLogLikelihood(_ vector: SparseVector) -> [Float] {
        var scores = logPrior
        featureLogProb.withUnsafeBufferPointer { weights in
            for (index, value) in zip(vector.indices, vector.values) {
                let row = Int(index) * classCount
                for c in 0..<classCount { scores[c] += value * weights[row + c] }
            }
        }
        return scores
    }

    /// Class probabilities: the softmax of the joint log likelihood.
    public func predictProbabilities(_ vector: SparseVector) -> [Float] {
        Self.softmax(jointLogLikelihood(vector))
    }

    /// How much each feature of `vector` moves `Σ_c classWeights[c] · score(c)`, each class's
    /// score taken less the mean of all classes': `x_i · Σ_c classWeights[c] · (w_i,c − mean_k w_i,k)`.
    public func contributions(_ vector: SparseVector, weighing classWeights: [Float]) -> [(feature: Int, weight: Float)] {
        zip(vector.indices, vector.values).map { index, value in
            let row = Int(index) * classCount
            var mean: Float = 0
            for c in 0..<classCount { mean += featureLogProb[row + c] }
            mean /= Float(max(classCount, 1))
            var weight: Float = 0
            for c in 0..<classCount { weight += classWeights[c] * (featureLogProb[row + c] - mean) }
            return (Int(index), value * weight)
        }
    }

    static func softmax(_ scores: [Float]) -> [Float] {
        guard let top = scores.max(), top.isFinite else {
            return [Float](repeating: 1 / Float(max(scores.count, 1)), count: scores.count)
        }
        let exps = scores.map { exp($0 - top) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }
}
