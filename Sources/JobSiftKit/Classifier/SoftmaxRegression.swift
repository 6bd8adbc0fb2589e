import Foundation

/// Multinomial logistic regression with an L2 penalty, for a few dense features: here it learns
/// how each naive Bayes view's class scores and the title rule's vote make a role's score, a
/// weight for every (role, feature) pair. Fitted by L-BFGS in `Double`, in a fixed order, so the
/// same rows always give the same weights.
public struct SoftmaxRegression: Sendable, Equatable {
    public let classCount: Int
    public let featureCount: Int
    /// `weights[c * featureCount + f]`: how much feature `f` adds to class `c`'s score.
    public var weights: [Double]
    public var bias: [Double]

    /// Every class's score for the features `x`.
    public func scores(_ x: [Double]) -> [Double] {
        (0..<classCount).map { c in
            var score = bias[c]
            for f in 0..<featureCount { score += weights[c * featureCount + f] * x[f] }
            return score
        }
    }

    /// Minimises `Σ rowWeight · −log p(label | x) + l2/2 · ‖W‖²` over the rows (the bias is not
    /// penalised; every row weighs 1 without `rowWeights`, and a row weighing 2 counts as the row
    /// twice). The penalty applies to the weights of features scaled to unit (weighted) standard
    /// deviation, so one `l2` suits features of any scale; the weights returned are for the
    /// features as given.
    public static func fit(_ rows: [[Double]], labels: [Int], rowWeights: [Double]? = nil, classCount: Int, l2: Double,
                           iterations: Int = 300) -> SoftmaxRegression {
        let rowWeights = rowWeights ?? [Double](repeating: 1, count: rows.count)
        let featureCount = rows.first?.count ?? 0
        let totalWeight = max(rowWeights.reduce(0, +), .leastNonzeroMagnitude)
        let scale = (0..<featureCount).map { f -> Double in
            let mean = zip(rows, rowWeights).reduce(0) { $0 + $1.1 * $1.0[f] } / totalWeight
            let variance = zip(rows, rowWeights).reduce(0) { $0 + $1.1 * ($1.0[f] - mean) * ($1.0[f] - mean) } / totalWeight
            return variance > 1e-12 ? 1 / variance.squareRoot() : 1
        }
        let scaled = rows.map { row in (0..<featureCount).map { row[$0] * scale[$0] } }
        let weightCount = classCount * featureCount

        // Parameters: the weights, then the biases.
        func lossAndGradient(_ parameters: [Double]) -> (Double, [Double]) {
            var loss = 0.0
            var gradient = [Double](repeating: 0, count: parameters.count)
            var z = [Double](repeating: 0, count: classCount)
            for ((x, label), rowWeight) in zip(zip(scaled, labels), rowWeights) {
                for c in 0..<classCount {
                    var score = parameters[weightCount + c]
                    let row = c * featureCount
                    for f in 0..<featureCount { score += parameters[row + f] * x[f] }
                    z[c] = score
                }
                let top = z.max() ?? 0
                var sum = 0.0
                for c in 0..<classCount { z[c] = exp(z[c] - top); sum += z[c] }
                loss -= rowWeight * log(max(z[label] / sum, 1e-300))
                for c in 0..<classCount {
                    let residual = rowWeight * (z[c] / sum - (c == label ? 1 : 0))
                    let row = c * featureCount
                    for f in 0..<featureCount { gradient[row + f] += residual * x[f] }
                    gradient[weightCount + c] += residual
                }
            }
            for index in 0..<weightCount {
                loss += 0.5 * l2 * parameters[index] * parameters[index]
                gradient[index] += l2 * parameters[index]
            }
            return (loss, gradient)
        }
        let fitted = LBFGS.minimize(start: [Double](repeating: 0, count: weightCount + classCount),
                                    iterations: iterations, lossAndGradient)
        return SoftmaxRegression(
            classCount: classCount, featureCount: featureCount,
            weights: (0..<weightCount).map { fitted[$0] * scale[$0 % max(featureCount, 1)] },
            bias: Array(fitted[weightCount...]))
    }
}

/// Limited-memory BFGS (Nocedal & Wright, algorithm 7.4) with a backtracking line search, for
/// smooth convex losses of a few thousand parameters.
enum LBFGS {
    static func minimize(start: [Double], iterations: Int, memory: Int = 10, tolerance: Double = 1e-7,
                         _ lossAndGradient: ([Double]) -> (Double, [Double])) -> [Double] {
        var x = start
        var (loss, gradient) = lossAndGradient(x)
        var steps: [(s: [Double], y: [Double], rho: Double)] = []
        for iteration in 0..<iterations {
            // The two-loop recursion: the direction −H·g from the remembered steps.
            var direction = gradient.map { -$0 }
            var alphas: [Double] = []
            for step in steps.reversed() {
                let alpha = step.rho * dot(step.s, direction)
                alphas.append(alpha)
                for i in direction.indices { direction[i] -= alpha * step.y[i] }
            }
            if let last = steps.last {
                let gamma = dot(last.s, last.y) / dot(last.y, last.y)
                for i in direction.indices { direction[i] *= gamma }
            } else {
                let norm = dot(gradient, gradient).squareRoot()
                for i in direction.indices { direction[i] /= max(norm, 1) }
            }
            for (step, alpha) in zip(steps, alphas.reversed()) {
                let beta = step.rho * dot(step.y, direction)
                for i in direction.indices { direction[i] += (alpha - beta) * step.s[i] }
            }
            let slope = dot(gradient, direction)
            guard slope < 0 else { break }
            // Backtrack until the loss falls enough (Armijo).
            var stepSize = 1.0
            var candidate = x
            var next = (loss, gradient)
            while stepSize > 1e-12 {
                for i in x.indices { candidate[i] = x[i] + stepSize * direction[i] }
                next = lossAndGradient(candidate)
                if next.0 <= loss + 1e-4 * stepSize * slope { break }
                stepSize /= 2
            }
            guard stepSize > 1e-12 else { break }
            let s = zip(candidate, x).map { $0 - $1 }
            let y = zip(next.1, gradient).map { $0 - $1 }
            let improvement = loss - next.0
            x = candidate
            (loss, gradient) = next
            let curvature = dot(s, y)
            if curvature > 1e-12 {
                steps.append((s, y, 1 / curvature))
                if steps.count > memory { steps.removeFirst() }
            }
            if improvement <= tolerance * max(abs(loss), 1) && iteration > 0 { break }
        }
        return x
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }
}
