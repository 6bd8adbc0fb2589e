import Foundation
import Testing
@testable import JobSiftKit

/// A three-document example small enough to work out by hand (see the comments for the sums).
@Suite struct ClassifierTests {
    static let examples = [
        LabelledText(fields: ["apple apple banana"], label: "a"),
        LabelledText(fields: ["apple cherry"], label: "a"),
        LabelledText(fields: ["banana durian"], label: "b"),
    ]

    static func options(_ variant: NaiveBayesVariant) -> TrainingOptions {
        var options = TrainingOptions()
        options.variant = variant
        options.alpha = 1
        options.views = [[1]]
        options.minDocumentFrequency = 1
        options.includeBigrams = false
        return options
    }

    static func train(_ variant: NaiveBayesVariant) -> TextClassifier {
        TextClassifier.train(examples, options: options(variant), tokenizer: Tokenizer(stopWords: []))
    }

    func expectClose(_ actual: [Float], _ expected: [Double], tolerance: Double = 1e-5,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (a, e) in zip(actual, expected) {
            #expect(abs(Double(a) - e) < tolerance, "\(a) is not \(e)", sourceLocation: sourceLocation)
        }
    }

    @Test func idfIsSmoothed() {
        // n = 3; df(apple) = df(banana) = 2, df(cherry) = df(durian) = 1; idf = ln((1+n)/(1+df)) + 1
        let classifier = Self.train(.multinomial)
        #expect((0..<4).map(classifier.views[0].vectorizer.vocabulary.term(at:)) == ["apple", "banana", "cherry", "durian"])
        expectClose(classifier.views[0].vectorizer.idf, [1.287682, 1.287682, 1.693147, 1.693147])
    }

    @Test func tfIsSublinearAndVectorsAreL2Normalised() {
        // apple: (1 + ln 2) · 1.287682 = 2.180221; banana: 1 · 1.287682; norm 2.532092
        let vector = Self.train(.multinomial).vectorize(["apple apple banana"])[0]
        #expect(vector.indices == [0, 1])
        expectClose(vector.values, [0.861037, 0.508542])
    }

    @Test func titleFieldCountsWithItsWeight() {
        var options = Self.options(.multinomial)
        options.views = [[3, 1]]
        let classifier = TextClassifier.train(Self.examples, options: options, tokenizer: Tokenizer(stopWords: []))
        // apple: (3 · 1 + 1 · (1 + ln 2)) · 1.287682; cherry: 1 · 1.693147; then L2
        let vector = classifier.vectorize(["apple", "apple apple cherry"])[0]
        expectClose(vector.values, [0.962921, 0.269782])
    }

    @Test func multinomialWeightsAndProbabilitiesMatchHandComputation() {
        let classifier = Self.train(.multinomial)
        // class a sums: apple 1.466386, banana 0.508542, cherry 0.795961; total 2.770889
        // log((count + 1) / (total + 4))
        expectClose(classifier.views[0].model.featureLogProb.enumerated().filter { $0.offset % 2 == 0 }.map(\.element),
                    [-1.009879, -1.501488, -1.327092, -1.912632])
        expectClose(classifier.views[0].model.featureLogProb.enumerated().filter { $0.offset % 2 == 1 }.map(\.element),
                    [-1.686641, -1.213300, -1.686641, -1.101101])
        expectClose(classifier.views[0].model.logPrior, [log(2.0 / 3), log(1.0 / 3)])
        let prediction = classifier.predict(["cherry banana banana"])
        #expect(prediction.best.label == "a")
        #expect(abs(prediction.best.probability - 0.665091) < 1e-5)
        #expect(abs(prediction.ranked[1].probability - 0.334909) < 1e-5)
    }

    @Test func complementWeightsAndProbabilitiesMatchHandComputation() {
        let classifier = Self.train(.complement)
        // class a is scored with b's counts: −log((count_b + 1) / (total_b + 4)), and vice versa
        expectClose(classifier.views[0].model.featureLogProb.enumerated().filter { $0.offset % 2 == 0 }.map(\.element),
                    [1.686641, 1.213300, 1.686641, 1.101101])
        expectClose(classifier.views[0].model.logPrior, [0, 0])
        let prediction = classifier.predict(["cherry banana banana"])
        #expect(prediction.best.label == "b")
        #expect(abs(prediction.best.probability - 0.501770) < 1e-5)
    }

    @Test func evidenceNamesTheTermsThatFavouredTheWinner() {
        let prediction = Self.train(.multinomial).predict(["apple durian apple"], evidenceCount: 5)
        #expect(prediction.best.label == "a")
        #expect(prediction.evidence.map(\.term) == ["apple"])
    }

    @Test func unknownWordsGiveThePriorAndNoEvidence() {
        let prediction = Self.train(.multinomial).predict(["zucchini"])
        #expect(prediction.best.label == "a")
        #expect(abs(prediction.best.probability - 2.0 / 3) < 1e-6)
        #expect(prediction.evidence.isEmpty)
    }

    @Test func vocabularyLooksUpEveryTermAndNothingElse() {
        let terms = ["a", "ab", "b", "c++", "machine learning", "z", "ü"].sorted {
            Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8))
        }
        let vocabulary = Vocabulary(sortedTerms: terms)
        for (index, term) in terms.enumerated() {
            #expect(vocabulary.index(of: term) == index)
            #expect(vocabulary.term(at: index) == term)
        }
        #expect(vocabulary.index(of: "aa") == nil)
        #expect(vocabulary.index(of: "") == nil)
        #expect(Vocabulary(sortedTerms: []).index(of: "a") == nil)
        // A bigram is found from its two words without joining them.
        #expect(vocabulary.index(of: "machine", "learning") == vocabulary.index(of: "machine learning"))
        #expect(vocabulary.index(of: "machine", "learnin") == nil)
        #expect(vocabulary.index(of: "machin", "elearning") == nil)
    }

    @Test func wordsWithBigramsGiveTheVectorOfTheirTerms() {
        var options = Self.options(.complement)
        options.includeBigrams = true
        options.views = [[3, 1]]
        let examples = [
            LabelledText(fields: ["machine learning engineer", "train machine learning models in python"], label: "ml"),
            LabelledText(fields: ["data engineer", "build python data pipelines, data models"], label: "data"),
        ]
        let tokenizer = Tokenizer(stopWords: [])
        let vectorizer = TextClassifier.train(examples, options: options, tokenizer: tokenizer).views[0].vectorizer
        let fields = ["machine learning engineer", "machine learning models and data pipelines in python, python"]
        let words = fields.map(tokenizer.tokens)
        let fromWords = vectorizer.transform(words: words, includeBigrams: true)
        #expect(fromWords == vectorizer.transform(words.map { tokenizer.terms(ofTokens: $0) }))
        #expect(fromWords.indices.contains(Int32(vectorizer.vocabulary.index(of: "machine learning")!)))
    }
}

@Suite struct ModelFileTests {
    let classifier = ClassifierTests.train(.complement)

    @Test func roundTripKeepsEveryPrediction() throws {
        let bytes = ModelFile.encode(classifier, metadata: ["corpus": "tiny"])
        let loaded = try ModelFile.decode(bytes, path: "tiny.jsm")
        #expect(loaded.classes == classifier.classes)
        #expect(loaded.options == classifier.options)
        #expect(loaded.views[0].vectorizer.vocabulary == classifier.views[0].vectorizer.vocabulary)
        #expect(loaded.views[0].vectorizer.idf == classifier.views[0].vectorizer.idf)
        #expect(loaded.views[0].model == classifier.views[0].model)
        #expect(loaded.tokenizer.stopWords == classifier.tokenizer.stopWords)
        for text in ["apple", "banana durian", "cherry cherry apple"] {
            #expect(loaded.predict([text]) == classifier.predict([text]))
        }
    }

    @Test func saveAndLoadThroughAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-\(UUID()).jsm").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFile.save(classifier, to: path, metadata: ["corpus": "tiny"])
        #expect(try ModelFile.load(from: path).predict(["durian"]) == classifier.predict(["durian"]))
        #expect(ModelFile.metadata(ofModelAt: path) == ["corpus": "tiny"])
    }

    @Test func truncatedFileIsRefusedWithBothSizes() {
        let bytes = ModelFile.encode(classifier)
        let cut = Array(bytes.prefix(bytes.count - 10))
        #expect(throws: ModelFileError.truncated(path: "m.jsm", expected: bytes.count, found: bytes.count - 10)) {
            try ModelFile.decode(cut, path: "m.jsm")
        }
        #expect(throws: ModelFileError.truncated(path: "m.jsm", expected: ModelFile.headerSize, found: 12)) {
            try ModelFile.decode(Array(bytes.prefix(12)), path: "m.jsm")
        }
    }

    @Test func aLengthFieldNoFileCouldHaveIsRefusedWithoutOverflow() {
        var bytes = ModelFile.encode(classifier)
        // The payload length follows the magic bytes and the version: 2^64 - 1, then 2^63.
        for (index, byte) in [UInt8](repeating: 0xFF, count: 8).enumerated() { bytes[12 + index] = byte }
        #expect(throws: ModelFileError.truncated(path: "m.jsm", expected: .max, found: bytes.count)) {
            try ModelFile.decode(bytes, path: "m.jsm")
        }
        bytes[19] = 0x80
        for index in 12..<19 { bytes[index] = 0 }
        #expect(throws: ModelFileError.truncated(path: "m.jsm", expected: .max, found: bytes.count)) {
            try ModelFile.decode(bytes, path: "m.jsm")
        }
    }

    @Test func flippedByteIsCaughtByTheChecksum() {
        var bytes = ModelFile.encode(classifier)
        bytes[bytes.count - 3] ^= 0x40
        #expect(throws: ModelFileError.corrupted(path: "m.jsm", reason: "checksum mismatch")) {
            try ModelFile.decode(bytes, path: "m.jsm")
        }
    }

    @Test func otherFormatVersionIsRefused() {
        var bytes = ModelFile.encode(classifier)
        bytes[8] = 9  // the version follows the 8 magic bytes, little-endian
        #expect(throws: ModelFileError.unsupportedVersion(path: "m.jsm", found: 9, supported: ModelFile.formatVersion)) {
            try ModelFile.decode(bytes, path: "m.jsm")
        }
    }

    @Test func fileOfAnotherKindIsRefused() {
        #expect(throws: ModelFileError.notAModel(path: "m.jsm")) {
            try ModelFile.decode(Array("<html>not a model</html>".utf8), path: "m.jsm")
        }
    }

    @Test func missingFileErrorSaysWhatToDo() {
        #expect(throws: ModelFileError.unreadable(path: "/nonexistent/roles.jsm", reason: "no such file")) {
            try ModelFile.load(from: "/nonexistent/roles.jsm")
        }
        #expect(ModelFileError.unreadable(path: "x", reason: "no such file").description.contains("jobsift train"))
    }
}

@Suite struct MetricsTests {
    @Test func reportCountsPrecisionRecallAndMacroF1() {
        let report = ClassificationReport(
            trueLabels: ["a", "a", "a", "b", "b", "c"], predictedLabels: ["a", "a", "b", "b", "c", "c"])
        #expect(report.accuracy == 4.0 / 6)
        let a = report.perClass.first { $0.label == "a" }!
        #expect(a.precision == 1 && abs(a.recall - 2.0 / 3) < 1e-12 && a.support == 3)
        let b = report.perClass.first { $0.label == "b" }!
        #expect(b.precision == 0.5 && b.recall == 0.5)
        // F1: a 0.8, b 0.5, c 2/3
        #expect(abs(report.macroF1 - (0.8 + 0.5 + 2.0 / 3) / 3) < 1e-12)
        #expect(report.confusion["a"]?["b"] == 1)
    }

    @Test func foldsAreStratifiedRoundRobin() {
        let folds = CrossValidation.foldAssignments(labels: ["x", "x", "y", "x", "y", "y", "x"], folds: 3)
        #expect(folds == [0, 1, 0, 2, 1, 2, 0])
    }
}

@Suite struct FoldGroupTests {
    @Test func repostsOfOneGroupShareAFold() {
        let folds = CrossValidation.foldAssignments(
            labels: ["x", "x", "x", "x"], groups: ["g", nil, "g", nil], folds: 2)
        // The third posting joins the first's fold although round-robin would give it fold 0... then 1.
        #expect(folds == [0, 1, 0, 0])
    }
}

/// Fitting the combination of views, the calibration and the "not sure" threshold.
@Suite struct CalibrationTests {
    @Test func temperatureMatchesTheRateOfBeingRight() {
        // Every example scores [2, 0]; the first class is right 3 times in 4. The likelihood is
        // best when softmax(2 / T) gives 0.75 to it: T = 2 / ln 3.
        let scores = [[Float]](repeating: [2, 0], count: 4)
        let temperature = ScoreCombination.fitTemperature(scores: scores, labels: [0, 0, 0, 1])
        #expect(abs(Double(temperature) - 2 / log(3.0)) < 1e-3)
    }

    @Test func isotonicCurvePoolsViolatorsIntoMeans() {
        // Sorted by probability the outcomes are right, wrong, right, right: the first two pool
        // (mean probability 0.3, right half the time), and so do the last two (equal rates pool).
        let curve = ScoreCombination.isotonicCurve([
            ScoredAnswer(probability: 0.9, correct: true), ScoredAnswer(probability: 0.2, correct: true),
            ScoredAnswer(probability: 0.4, correct: false), ScoredAnswer(probability: 0.8, correct: true),
        ])
        #expect(curve.values == [0.5, 1])
        #expect(abs(curve.knots[0] - 0.3) < 1e-6 && abs(curve.knots[1] - 0.85) < 1e-6)
        #expect(ScoreCombination.interpolate(0.575, knots: curve.knots, values: curve.values) == 0.75)
    }

    @Test func calibratedConfidenceFollowsHeldOutAccuracyAndKeepsTheBestFirst() {
        // A model that always gives its best class 0.95 but is right half the time.
        var heldOut: [HeldOutScores] = []
        for index in 0..<200 {
            heldOut.append(HeldOutScores(viewScores: [[3, 0, 0]], evidence: nil, label: index % 2 == 0 ? 0 : 1 + index % 4 / 2))
        }
        let fitted = ScoreCombination.sum(viewCount: 1, classCount: 3).calibrated(on: heldOut)
        let probabilities = fitted.probabilities(viewScores: [[3, 0, 0]], evidence: nil)
        #expect(abs(Double(probabilities[0]) - 0.5) < 0.01)
        #expect(probabilities[1] <= probabilities[0] && probabilities[2] <= probabilities[0])
        #expect(abs(Double(probabilities.reduce(0, +)) - 1) < 1e-4)
    }

    @Test func thresholdIsTheLowestThatReachesTheTargetAccuracy() {
        var target = ScoreCombination.ThresholdTarget()
        target.accuracy = 0.75
        target.coverage = 0.5
        // Best first: 0.9 right, 0.8 right, 0.7 wrong, 0.6 right, 0.5 wrong. All five: 3/5; without
        // 0.5: 3/4 reaches 0.75, so answers from 0.6 up are given.
        let answers = [(0.5, false), (0.9, true), (0.7, false), (0.6, true), (0.8, true)].map {
            ScoredAnswer(probability: $0.0, correct: $0.1)
        }
        #expect(ScoreCombination.threshold(answers, target: target) == Float(0.5).nextUp)
        // Wanting all right would drop three of five, beyond the coverage floor of half: it stops at 0.7.
        target.accuracy = 1
        #expect(ScoreCombination.threshold(answers, target: target) == Float(0.6).nextUp)
        // Everything right already: no threshold.
        let allRight = [ScoredAnswer(probability: 0.3, correct: true), ScoredAnswer(probability: 0.9, correct: true)]
        #expect(ScoreCombination.threshold(allRight, target: target) == 0)
        // Weights count as that many answers: the wrong 0.7 standing for ten is dropped only with
        // the coverage floor low enough.
        var weighted = answers
        weighted[2].weight = 10
        target.accuracy = 0.75
        target.coverage = 0.5
        #expect(ScoreCombination.threshold(weighted, target: target) == Float(0.6).nextUp)
        target.coverage = 0.1
        #expect(ScoreCombination.threshold(weighted, target: target) == Float(0.7).nextUp)
    }

    @Test func combinationLearnsToFollowTheEvidenceWhenTheViewCannotTell() {
        // The view cannot tell the classes apart; the outside vote always names the right class.
        let heldOut = (0..<40).map { index in
            HeldOutScores(viewScores: [[1, 1]], evidence: index % 2 == 0 ? [1, 0] : [0, 1], label: index % 2)
        }
        let fitted = ScoreCombination.fit(heldOut, viewCount: 1, classCount: 2, l2: 1)
        for example in heldOut {
            let scores = fitted.scores(viewScores: example.viewScores, evidence: example.evidence)
            #expect(scores[example.label] > scores[1 - example.label])
        }
    }

    @Test func combinationLearnsToDiscountAViewThatAlwaysSaysTheSame() {
        // View 0 names the right class; view 1 always says class 1, louder. Summed, every posting
        // is class 1; fitted, the combination learns that view 1 tells nothing.
        let heldOut = (0..<100).map { index in
            let label = index % 2
            return HeldOutScores(viewScores: [label == 0 ? [2, 0] : [0, 2], [0, 4]], evidence: nil, label: label)
        }
        let summed = ScoreCombination.sum(viewCount: 2, classCount: 2)
        let fitted = ScoreCombination.fit(heldOut, viewCount: 2, classCount: 2, l2: 0.1)
        func accuracy(_ combination: ScoreCombination) -> Double {
            Double(heldOut.filter { example in
                let scores = combination.scores(viewScores: example.viewScores, evidence: nil)
                return scores[example.label] > scores[1 - example.label]
            }.count) / Double(heldOut.count)
        }
        #expect(accuracy(summed) < 0.8)
        #expect(accuracy(fitted) == 1)
    }
}

@Suite struct SoftmaxRegressionTests {
    @Test func fitsTheProbabilitiesTheDataShow() {
        // At x = 1 three of four rows are class 0, at x = −1 three of four are class 1: with
        // almost no penalty the fitted model gives p(class 0 | x = 1) = 3/4 and the mirror at −1.
        let rows: [[Double]] = [[1], [1], [1], [1], [-1], [-1], [-1], [-1]]
        let labels = [0, 0, 0, 1, 1, 1, 1, 0]
        let model = SoftmaxRegression.fit(rows, labels: labels, classCount: 2, l2: 1e-6)
        func probability(ofFirstClassAt x: Double) -> Double {
            let scores = model.scores([x])
            return 1 / (1 + exp(scores[1] - scores[0]))
        }
        #expect(abs(probability(ofFirstClassAt: 1) - 0.75) < 1e-3)
        #expect(abs(probability(ofFirstClassAt: -1) - 0.25) < 1e-3)
    }

    @Test func aLargerPenaltyShrinksTheWeights() {
        let rows: [[Double]] = (0..<20).map { [Double($0 % 2 == 0 ? 1 : -1)] }
        let labels = (0..<20).map { $0 % 2 }
        let loose = SoftmaxRegression.fit(rows, labels: labels, classCount: 2, l2: 0.1)
        let tight = SoftmaxRegression.fit(rows, labels: labels, classCount: 2, l2: 10)
        #expect(abs(tight.weights[0] - tight.weights[1]) < abs(loose.weights[0] - loose.weights[1]))
        // Both still separate the classes.
        #expect(tight.scores([1])[0] > tight.scores([1])[1] && tight.scores([-1])[1] > tight.scores([-1])[0])
    }

    @Test func aRowWeighingTwoCountsAsTheRowTwice() {
        let rows: [[Double]] = [[1, 0], [0, 1], [1, 1], [0.5, -1]]
        let labels = [0, 1, 1, 0]
        let weighted = SoftmaxRegression.fit(rows, labels: labels, rowWeights: [2, 1, 1, 1], classCount: 2, l2: 1)
        let repeated = SoftmaxRegression.fit([rows[0]] + rows, labels: [0] + labels, classCount: 2, l2: 1)
        let plain = SoftmaxRegression.fit(rows, labels: labels, classCount: 2, l2: 1)
        func probability(_ model: SoftmaxRegression, _ x: [Double]) -> Double {
            let scores = model.scores(x)
            return 1 / (1 + exp(scores[1] - scores[0]))
        }
        #expect(probability(weighted, rows[0]) > probability(plain, rows[0]))
        for x in rows { #expect(abs(probability(weighted, x) - probability(repeated, x)) < 1e-4) }
    }

    @Test func theSameRowsGiveTheSameWeights() {
        let rows: [[Double]] = (0..<50).map { [sin(Double($0)), cos(Double($0) * 0.7), Double($0 % 3)] }
        let labels = (0..<50).map { $0 % 3 }
        #expect(SoftmaxRegression.fit(rows, labels: labels, classCount: 3, l2: 1)
                == SoftmaxRegression.fit(rows, labels: labels, classCount: 3, l2: 1))
    }
}
