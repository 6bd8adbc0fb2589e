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
/// so a title word counts `weight` times as much as one occurrence in the body; a field of
/// weight 0 (or beyond the list) is not read at all, not even for the vocabulary. scikit-learn has
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
            for (index, terms) in fields.enumerated() where Self.weight(ofField: index, in: fieldWeights) > 0 {
                seen.formUnion(terms)
            }
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

    /// The same vectorizer with only the features at `indices` (ascending), for feature selection.
    func keeping(features indices: [Int]) -> TfidfVectorizer {
        TfidfVectorizer(vocabulary: Vocabulary(sortedTerms: indices.map(vocabulary.term(at:))),
                        idf: indices.map { idf[$0] }, fieldWeights: fieldWeights)
    }

    /// The L2-normalised TF-IDF vector of a document given as one term list per field.
    public func transform(_ fields: [[String]]) -> SparseVector {
        vector(features: fields.enumerated().map { index, terms in
            Self.weight(ofField: index, in: fieldWeights) > 0 ? terms.compactMap { vocabulary.index(of: $0).map(Int32.init) } : []
        })
    }

    /// The same from each field's words, its bigrams ("machine learning") looked up without
    /// being made; equal to `transform` of `Tokenizer.terms(ofTokens:)`.
    public func transform(words fields: [[String]], includeBigrams: Bool) -> SparseVector {
        transform(words: fields) { _ in includeBigrams }
    }

    /// The same, pairing the words of only the fields `includeBigrams` says.
    public func transform(words fields: [[String]], includeBigrams: (Int) -> Bool) -> SparseVector {
        vector(features: fields.enumerated().map { index, words in
            // A field this view does not read is not looked up: `vector` would drop its features.
            guard Self.weight(ofField: index, in: fieldWeights) > 0 else { return [] }
            // Each word is hashed once for its own lookup and both bigrams it is part of.
            let hashed = words.map(HashedWord.init)
            var features = hashed.compactMap { vocabulary.index(of: $0).map(Int32.init) }
            if includeBigrams(index) && hashed.count > 1 {
                for index in 1..<hashed.count {
                    if let feature = vocabulary.index(of: hashed[index - 1], hashed[index]) { features.append(Int32(feature)) }
                }
            }
            return features
        })
    }

    /// A field's weight; fields beyond the list weigh 0.
    static func weight(ofField index: Int, in fieldWeights: [Float]) -> Float {
        index < fieldWeights.count ? fieldWeights[index] : 0
    }

    /// The vector of each field's feature occurrences: sublinear counts weighted by field, times idf.
    private func vector(features fields: [[Int32]]) -> SparseVector {
        var weighted: [(feature: Int32, field: Int, weight: Float)] = []
        for (fieldIndex, features) in fields.enumerated() {
            let fieldWeight = Self.weight(ofField: fieldIndex, in: fieldWeights)
            guard fieldWeight > 0 else { continue }
            let sorted = features.sorted()
            var start = 0
            while start < sorted.count {
                var end = start + 1
                while end < sorted.count && sorted[end] == sorted[start] { end += 1 }
                weighted.append((sorted[start], fieldIndex, fieldWeight * (1 + log(Float(end - start)))))
                start = end
            }
        }
        weighted.sort { ($0.feature, $0.field) < ($1.feature, $1.field) }
        var indices: [Int32] = []
        var sums: [Float] = []
        for entry in weighted {
            if indices.last == entry.feature {
                sums[sums.count - 1] += entry.weight
            } else {
                indices.append(entry.feature)
                sums.append(entry.weight)
            }
        }
        var values = zip(indices, sums).map { $1 * idf[Int($0)] }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 0 {
            for i in values.indices { values[i] /= norm }
        }
        return SparseVector(indices: indices, values: values)
    }
}
