/// Settings for training a `TextClassifier`; all of them are stored in the model file.
public struct TrainingOptions: Sendable, Equatable, Codable {
    public var variant: NaiveBayesVariant = .complement
    /// Lidstone smoothing added to every feature count (1 is Laplace).
    public var alpha: Float = 0.3
    /// Weight of each field relative to one body occurrence; fields beyond the list weigh 1.
    public var fieldWeights: [Float] = [3, 1]
    /// A term must occur in at least this many training documents to become a feature.
    public var minDocumentFrequency: Int = 2
    public var includeBigrams: Bool = true

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
    }
    public struct Evidence: Sendable, Equatable, Codable {
        public var term: String
        public var weight: Double
    }
    public var ranked: [Score]
    /// The terms that pushed the document towards the winning class, strongest first.
    public var evidence: [Evidence]

    public var best: Score { ranked[0] }
}

/// TF-IDF features feeding naive Bayes, with the tokenizer it was trained with.
/// Knows nothing of job postings: documents are text fields, classes are strings.
public struct TextClassifier: Sendable {
    public let classes: [String]
    public let options: TrainingOptions
    public let tokenizer: Tokenizer
    public let vectorizer: TfidfVectorizer
    public let model: NaiveBayesModel

    init(classes: [String], options: TrainingOptions, tokenizer: Tokenizer,
         vectorizer: TfidfVectorizer, model: NaiveBayesModel) {
        self.classes = classes
        self.options = options
        self.tokenizer = tokenizer
        self.vectorizer = vectorizer
        self.model = model
    }

    /// Trains on `examples`. Deterministic: the same examples in the same order give a model file
    /// that is the same byte for byte.
    public static func train(
        _ examples: [LabelledText], options: TrainingOptions = TrainingOptions(),
        tokenizer: Tokenizer = Tokenizer()
    ) -> TextClassifier {
        let classes = Array(Set(examples.map(\.label))).sorted()
        let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let documents = examples.map { example in
            example.fields.map { tokenizer.terms($0, includeBigrams: options.includeBigrams) }
        }
        let vectorizer = TfidfVectorizer.fit(
            documents, fieldWeights: options.fieldWeights, minDocumentFrequency: options.minDocumentFrequency)
        let vectors = documents.map(vectorizer.transform)
        let model = NaiveBayesModel.fit(
            vectors, labels: examples.map { classIndex[$0.label]! }, classCount: classes.count,
            featureCount: vectorizer.vocabulary.count, variant: options.variant, alpha: options.alpha)
        return TextClassifier(classes: classes, options: options, tokenizer: tokenizer,
                              vectorizer: vectorizer, model: model)
    }

    /// The TF-IDF vector of a document given as text fields.
    public func vectorize(_ fields: [String]) -> SparseVector {
        vectorizer.transform(words: fields.map(tokenizer.tokens), includeBigrams: options.includeBigrams)
    }

    /// Probabilities for every class, best first, and the `evidenceCount` strongest evidence terms.
    public func predict(_ fields: [String], evidenceCount: Int = 8) -> Prediction {
        predict(vector: vectorize(fields), evidenceCount: evidenceCount)
    }

    /// The same for fields already tokenized with `tokenizer` (its stop words removed), so that a
    /// caller that needs the tokens anyway does not make them twice.
    public func predict(tokenizedFields fields: [[String]], evidenceCount: Int = 8) -> Prediction {
        predict(vector: vectorizer.transform(words: fields, includeBigrams: options.includeBigrams), evidenceCount: evidenceCount)
    }

    private func predict(vector: SparseVector, evidenceCount: Int) -> Prediction {
        let probabilities = model.predictProbabilities(vector)
        let order = probabilities.indices.sorted {
            probabilities[$0] != probabilities[$1] ? probabilities[$0] > probabilities[$1] : classes[$0] < classes[$1]
        }
        let ranked = order.map { Prediction.Score(label: classes[$0], probability: Double(probabilities[$0])) }
        let evidence = model.contributions(vector, towards: order[0])
            .filter { $0.weight > 0 }
            .sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.feature < $1.feature }
            .prefix(evidenceCount)
            .map { Prediction.Evidence(term: vectorizer.vocabulary.term(at: $0.feature), weight: Double($0.weight)) }
        return Prediction(ranked: ranked, evidence: Array(evidence))
    }
}
