import Foundation

/// Settings for training a `TextClassifier`; all of them are stored in the model file.
public struct TrainingOptions: Sendable, Equatable, Codable {
    public var variant: NaiveBayesVariant = .complement
    /// Lidstone smoothing added to every feature count (1 is Laplace).
    public var alpha: Float = 0.3
    /// The views of a document: each view is its own TF-IDF vocabulary and naive Bayes model over
    /// the fields it reads, `views[v][field]` being the weight of a field's words in view `v`
    /// (0 leaves the field out, fields beyond the list weigh 0). The default reads the title
    /// (field 0) and the body (field 1) apart, so a title word is never drowned by the body.
    public var views: [[Float]] = [[1, 0], [0, 1]]
    /// A term must occur in at least this many training documents to become a feature.
    public var minDocumentFrequency: Int = 2
    /// At most this many features per view, those with the highest chi-square against the classes; nil keeps all.
    public var maximumFeatures: Int? = nil
    public var includeBigrams: Bool = true
    /// Fields whose words are labels rather than prose (e.g. ids of things found in the text):
    /// they are never paired into bigrams.
    public var unigramFields: [Int] = []
    /// The L2 penalty of the softmax regression that combines the views' scores (see
    /// `ScoreCombination.fit`); larger keeps the combination closer to weighing nothing.
    public var combinationPenalty: Double = 10
    /// How much more the combination's fit weighs an example of a rare class: by
    /// `(n_largest / n_class)^combinationClassBalance`; 0 weighs every example alike.
    public var combinationClassBalance: Double = 0
    /// The same for the combination of documents without a first field (a posting without a title).
    public var combinationClassBalanceWithoutFirstField: Double = 0

    /// Whether the words of field `index` are paired into bigrams.
    func pairsWords(ofField index: Int) -> Bool { includeBigrams && !unigramFields.contains(index) }

    public init() {}
}

/// One labelled training example: its text fields (e.g. title and body) and its class.
public struct LabelledText: Sendable {
    public var fields: [String]
    public var label: String

    public init(fields: [String], label: String) {
        self.fields = fields
        self.label = label
    }
}

/// The answer for one document: every class with its probability, best first.
public struct Prediction: Sendable, Equatable {
    public struct Score: Sendable, Equatable, Codable {
        public var label: String
        public var probability: Double

        public init(label: String, probability: Double) {
            self.label = label
            self.probability = probability
        }
    }
    public struct Evidence: Sendable, Equatable, Codable {
        public var term: String
        public var weight: Double
    }
    public var ranked: [Score]
    /// The terms that pushed the document towards the winning class, strongest first.
    public var evidence: [Evidence]
    /// True when the best probability is under the model's threshold: the model is not sure.
    public var isUncertain: Bool

    public var best: Score { ranked[0] }
}

/// One view of a document: a TF-IDF vectorizer over some of its fields and a naive Bayes model.
public struct ClassifierView: Sendable {
    public let vectorizer: TfidfVectorizer
    public let model: NaiveBayesModel
}

/// TF-IDF features feeding naive Bayes, one model per view, with the tokenizer it was trained
/// with. Knows nothing of job postings: documents are text fields, classes are strings.
///
/// A document's class scores combine its views' scores and any outside evidence, and its
/// probabilities are their softmax at a temperature (see `ScoreCombination`); the combination
/// is fitted on held-out predictions by `ScoreCombination.fit`.
public struct TextClassifier: Sendable {
    public let classes: [String]
    public let options: TrainingOptions
    public let tokenizer: Tokenizer
    public let views: [ClassifierView]
    public let combination: ScoreCombination
    /// The combination for documents whose first field is empty (a posting without a title),
    /// fitted apart because the other views must then carry the decision; nil uses `combination`.
    public let combinationWithoutFirstField: ScoreCombination?

    init(classes: [String], options: TrainingOptions, tokenizer: Tokenizer, views: [ClassifierView],
         combination: ScoreCombination, combinationWithoutFirstField: ScoreCombination?) {
        self.classes = classes
        self.options = options
        self.tokenizer = tokenizer
        self.views = views
        self.combination = combination
        self.combinationWithoutFirstField = combinationWithoutFirstField
    }

    /// Trains on `examples`, the views' scores summed and no calibration until `combined(with:)`
    /// is given a fitted combination. Deterministic: the same examples in the same order give a
    /// model file that is the same byte for byte.
    public static func train(
        _ examples: [LabelledText], options: TrainingOptions = TrainingOptions(),
        tokenizer: Tokenizer = Tokenizer()
    ) -> TextClassifier {
        train(tokenizedFields: examples.map { $0.fields.map(tokenizer.tokens) }, labels: examples.map(\.label),
              options: options, tokenizer: tokenizer)
    }

    /// The same from each example's fields already split into words by `tokenizer`.
    public static func train(tokenizedFields examples: [[[String]]], labels names: [String],
                             options: TrainingOptions = TrainingOptions(), tokenizer: Tokenizer = Tokenizer()) -> TextClassifier {
        let classes = Array(Set(names)).sorted()
        let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let labels = names.map { classIndex[$0]! }
        let documents = examples.map { fields in
            fields.enumerated().map { tokenizer.terms(ofTokens: $1, includeBigrams: options.pairsWords(ofField: $0)) }
        }
        let views = options.views.map { fieldWeights in
            var vectorizer = TfidfVectorizer.fit(
                documents, fieldWeights: fieldWeights, minDocumentFrequency: options.minDocumentFrequency)
            var vectors = documents.map(vectorizer.transform)
            if let limit = options.maximumFeatures, vectorizer.vocabulary.count > limit {
                let scores = chiSquare(vectors, labels: labels, classCount: classes.count, featureCount: vectorizer.vocabulary.count)
                vectorizer = vectorizer.keeping(features: scores.indices.sorted {
                    scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1
                }.prefix(limit).sorted())
                vectors = documents.map(vectorizer.transform)
            }
            let model = NaiveBayesModel.fit(
                vectors, labels: labels, classCount: classes.count,
                featureCount: vectorizer.vocabulary.count, variant: options.variant, alpha: options.alpha)
            return ClassifierView(vectorizer: vectorizer, model: model)
        }
        return TextClassifier(classes: classes, options: options, tokenizer: tokenizer, views: views,
                              combination: .sum(viewCount: views.count, classCount: classes.count),
                              combinationWithoutFirstField: nil)
    }

    /// Each feature's chi-square statistic against the classes, as scikit-learn's `chi2`: the
    /// feature's summed values per class against what the class's share of documents would give.
    static func chiSquare(_ vectors: [SparseVector], labels: [Int], classCount: Int, featureCount: Int) -> [Double] {
        var observed = [Double](repeating: 0, count: featureCount * classCount)
        var classDocuments = [Double](repeating: 0, count: classCount)
        for (vector, label) in zip(vectors, labels) {
            classDocuments[label] += 1
            for (index, value) in zip(vector.indices, vector.values) { observed[Int(index) * classCount + label] += Double(value) }
        }
        let total = Double(max(labels.count, 1))
        return (0..<featureCount).map { feature in
            let row = observed[feature * classCount..<(feature + 1) * classCount]
            let sum = row.reduce(0, +)
            var statistic = 0.0
            for c in 0..<classCount {
                let expected = sum * classDocuments[c] / total
                if expected > 0 { statistic += (row[feature * classCount + c] - expected) * (row[feature * classCount + c] - expected) / expected }
            }
            return statistic
        }
    }

    /// The same model with other ways of combining its views' scores.
    public func combined(with combination: ScoreCombination, withoutFirstField: ScoreCombination? = nil) -> TextClassifier {
        TextClassifier(classes: classes, options: options, tokenizer: tokenizer, views: views, combination: combination,
                       combinationWithoutFirstField: withoutFirstField)
    }

    /// The combination that scores a document whose first field has `firstFieldWords` words.
    public func combination(firstFieldWords: Int) -> ScoreCombination {
        firstFieldWords == 0 ? combinationWithoutFirstField ?? combination : combination
    }

    /// Each view's TF-IDF vector of a document given as text fields.
    public func vectorize(_ fields: [String]) -> [SparseVector] {
        vectorize(tokenizedFields: fields.map(tokenizer.tokens))
    }

    /// The same for fields already tokenized with `tokenizer` (its stop words removed).
    public func vectorize(tokenizedFields fields: [[String]]) -> [SparseVector] {
        views.map { $0.vectorizer.transform(words: fields, includeBigrams: options.pairsWords(ofField:)) }
    }

    /// Each view's raw naive Bayes scores (joint log likelihoods) of a document's vectors.
    public func viewScores(_ vectors: [SparseVector]) -> [[Float]] {
        zip(views, vectors).map { $0.model.jointLogLikelihood($1) }
    }

    /// Probabilities for every class, best first, and the `evidenceCount` strongest evidence terms.
    /// `evidence` is outside knowledge per class in the combination's blocks (e.g. a title rule's
    /// vote, 1 for the class it names).
    public func predict(_ fields: [String], evidence: [Float]? = nil, evidenceCount: Int = 8) -> Prediction {
        predict(tokenizedFields: fields.map(tokenizer.tokens), evidence: evidence, evidenceCount: evidenceCount)
    }

    /// The same for fields already tokenized with `tokenizer` (its stop words removed), so that a
    /// caller that needs the tokens anyway does not make them twice.
    public func predict(tokenizedFields fields: [[String]], evidence: [Float]? = nil, evidenceCount: Int = 8) -> Prediction {
        let vectors = vectorize(tokenizedFields: fields)
        let combination = combination(firstFieldWords: fields.first?.count ?? 0)
        let probabilities = combination.probabilities(viewScores: viewScores(vectors), evidence: evidence)
        let order = probabilities.indices.sorted {
            probabilities[$0] != probabilities[$1] ? probabilities[$0] > probabilities[$1] : classes[$0] < classes[$1]
        }
        let ranked = order.map { Prediction.Score(label: classes[$0], probability: Double(probabilities[$0])) }
        return Prediction(ranked: ranked, evidence: evidenceTerms(vectors, towards: order[0], count: evidenceCount,
                                                                  combination: combination),
                          isUncertain: probabilities[order[0]] < combination.threshold)
    }

    /// The terms that raised `target`'s combined score the most above the mean of all classes'.
    private func evidenceTerms(_ vectors: [SparseVector], towards target: Int, count: Int,
                               combination: ScoreCombination) -> [Prediction.Evidence] {
        guard count > 0 else { return [] }
        var weights: [String: Float] = [:]
        for (view, (classifierView, vector)) in zip(views, vectors).enumerated() {
            let influence = combination.influence(ofView: view, on: target)
            for contribution in classifierView.model.contributions(vector, weighing: influence) where contribution.weight > 0 {
                weights[classifierView.vectorizer.vocabulary.term(at: contribution.feature), default: 0] += contribution.weight
            }
        }
        return weights.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .prefix(count)
            .map { Prediction.Evidence(term: $0.key, weight: Double($0.value)) }
    }
}
