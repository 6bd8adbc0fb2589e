import Foundation

/// A sparse vector: feature indices in ascending order with their values.
public struct SparseVector: Sendable, Equatable {
    public var indices: [Int32]
    public var values: [Float]

    public init(indices: [Int32] = [], values: [Float] = []) {
        self.indices = indices
        self.values = values
    }
}

/// Turns weighted term lists into TF-IDF vectors, in the manner of scikit-learn's
/// `TfidfVectorizer(sublinear_tf=True, smooth_idf=True, norm="l2")`.
///
/// A document has several fields (for a posting: title and body). Each field's term counts are
/// scaled sublinearly (`1 + ln(count)`) and multiplied by the field's weight before they are added,
/// so a title word counts `weight` times as much as one occurrence in the body. scikit-learn has
/// no fields; with one field of weight 1 the two agree.
public struct TfidfVectorizer: Sendable {
    public let vocabulary: Vocabulary
    /// Smoothed inverse document frequency per feature: `ln((1 + n) / (1 + df)) + 1`.
    public let idf: [Float]
    public let fieldWeights: [Float]

    public init(vocabulary: Vocabulary, idf: [Float], fieldWeights: [Float]) {
        precondition(vocabulary.count == idf.count, "one idf value per vocabulary term")
        self.vocabulary = vocabulary
        self.idf = idf
        self.fieldWeights = fieldWeights
    }

    /// Learns the vocabulary (terms in at least `minDocumentFrequency` documents) and the idf.
    public static func fit(
        _ documents: [[[String]]], fieldWeights: [Float], minDocumentFrequency: Int = 2
    ) -> TfidfVectorizer {
        var documentFrequency: [String: Int] = [:]
        for fields in documents {
            var seen = Set<String>()
            for terms in fields { seen.formUnion(terms) }
            for term in seen { documentFrequency[term, default: 0] += 1 }
        }
        let kept = documentFrequency.filter { $0.value >= minDocumentFrequency }.keys.sorted {
            Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
        }
        let vocabulary = Vocabulary(sortedTerms: kept)
        let n = Float(documents.count)
        let idf = kept.map { term in
            log((1 + n) / (1 + Float(documentFrequency[term]!))) + 1
        }
        return TfidfVectorizer(vocabulary: vocabulary, idf: idf, fieldWeights: fieldWeights)
    }

    /// The L2-normalised TF-IDF vector of a document given as one term list per field.
    public func transform(_ fields: [[String]]) -> SparseVector {
        var weights: [Int32: Float] = [:]
        for (fieldIndex, terms) in fields.enumerated() {
            let fieldWeight = fieldIndex < fieldWeights.count ? fieldWeights[fieldIndex] : 1
            var counts: [Int32: Int] = [:]
            for term in terms {
                if let index = vocabulary.index(of: term) {
                    counts[Int32(index), default: 0] += 1
                }
            }
            for (index, count) in counts {
                weights[index, default: 0] += fieldWeight * (1 + log(Float(count)))
            }
        }
        let indices = weights.keys.sorted()
        var values = indices.map { weights[$0]! * idf[Int($0)] }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 {
            for i in values.indices { values[i] /= norm }
        }
        return SparseVector(indices: indices, values: values)
    }
}
