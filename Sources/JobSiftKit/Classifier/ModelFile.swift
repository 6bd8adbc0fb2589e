import Foundation

/// Why a model file could not be read or written.
public enum ModelFileError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case notAModel(path: String)
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    case truncated(path: String, expected: Int, found: Int)
    case corrupted(path: String, reason: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read model file \(path): \(reason). Check the path, or rebuild it with `jobsift train`."
        case .notAModel(let path):
            return "\(path) is not a jobsift model file (wrong magic bytes). Rebuild it with `jobsift train`."
        case .unsupportedVersion(let path, let found, let supported):
            return "model file \(path) has format version \(found), this jobsift reads version \(supported). "
                + "Rebuild it with `jobsift train`."
        case .truncated(let path, let expected, let found):
            return "model file \(path) is truncated: \(found) of \(expected) bytes. Rebuild it with `jobsift train`."
        case .corrupted(let path, let reason):
            return "model file \(path) is corrupted (\(reason)). Rebuild it with `jobsift train`."
        case .unwritable(let path, let reason):
            return "cannot write model file \(path): \(reason)."
        }
    }
}

/// The binary model format: a fixed header, a small JSON block of settings, then each view's
/// arrays (vocabulary, idf, priors, weights) as little-endian raw values, so loading is a copy,
/// not a parse.
///
/// Layout: magic `JSIFTNB\0` · UInt32 format version · UInt64 payload length · UInt64 FNV-1a
/// checksum of the payload · payload. The payload: UInt32 JSON length · JSON (classes, options,
/// score combination, stop words, metadata) · UInt32 view count · for each view: UInt32 term
/// count · UInt32 term offsets (count + 1) · term bytes · padding to 4 · Float32 idf · Float32
/// log priors · Float32 feature weights (feature-major).
public enum ModelFile {
    public static let formatVersion: UInt32 = 4
    static let magic: [UInt8] = Array("JSIFTNB\0".utf8)
    static let headerSize = 8 + 4 + 8 + 8

    /// A fitted value that is not finite is written as a string, which JSON numbers cannot say,
    /// rather than failing the whole file.
    static let nonFiniteFloats = (
        encoding: JSONEncoder.NonConformingFloatEncodingStrategy.convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan"),
        decoding: JSONDecoder.NonConformingFloatDecodingStrategy.convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan"))

    struct Settings: Codable {
        var classes: [String]
        var options: TrainingOptions
        var combination: ScoreCombination
        var combinationWithoutFirstField: ScoreCombination?
        var stopWords: [String]
        var metadata: [String: String]
    }

    /// Encodes `classifier` with free-form `metadata` (e.g. the corpus it came from).
    public static func encode(_ classifier: TextClassifier, metadata: [String: String] = [:]) -> [UInt8] {
        let settings = Settings(
            classes: classifier.classes, options: classifier.options, combination: classifier.combination,
            combinationWithoutFirstField: classifier.combinationWithoutFirstField, stopWords: classifier.tokenizer.stopWords.sorted(), metadata: metadata)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = nonFiniteFloats.encoding
        let json = Array(try! encoder.encode(settings))

        var payload = ByteWriter()
        payload.append(UInt32(json.count))
        payload.append(json)
        payload.append(UInt32(classifier.views.count))
        for view in classifier.views {
            let vocabulary = view.vectorizer.vocabulary
            payload.append(UInt32(vocabulary.count))
            for offset in vocabulary.offsets { payload.append(offset) }
            payload.append(vocabulary.bytes)
            payload.padToMultiple(of: 4)
            for value in view.vectorizer.idf { payload.append(value) }
            for value in view.model.logPrior { payload.append(value) }
            for value in view.model.featureLogProb { payload.append(value) }
        }

        var file = ByteWriter()
        file.append(magic)
        file.append(formatVersion)
        file.append(UInt64(payload.bytes.count))
        file.append(FNV1a.hash(payload.bytes))
        file.append(payload.bytes)
        return file.bytes
    }

    /// Decodes a model file's bytes; `path` only names the file in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws(ModelFileError) -> TextClassifier {
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw .notAModel(path: path)
        }
        guard bytes.count >= headerSize else {
            throw .truncated(path: path, expected: headerSize, found: bytes.count)
        }
        var header = ByteReader(bytes: bytes, position: magic.count)
        let version = header.readUInt32()!
        guard version == formatVersion else {
            throw .unsupportedVersion(path: path, found: version, supported: formatVersion)
        }
        let payloadLength = header.readUInt64()!
        let checksum = header.readUInt64()!
        let available = UInt64(bytes.count - headerSize)
        guard payloadLength <= available else {
            // A length no file could have (from damage, or made up) is named as such, never added up.
            let (expected, overflow) = payloadLength.addingReportingOverflow(UInt64(headerSize))
            throw .truncated(path: path, expected: overflow ? .max : Int(exactly: expected) ?? .max, found: bytes.count)
        }
        guard payloadLength == available else {
            throw .corrupted(path: path, reason: "\(available - payloadLength) bytes past the end")
        }
        guard FNV1a.hash(bytes[headerSize...]) == checksum else {
            throw .corrupted(path: path, reason: "checksum mismatch")
        }
        return try decodePayload(of: bytes, path: path)
    }

    /// Decodes the payload, which follows the header in `bytes`; read in place, not copied out.
    private static func decodePayload(of bytes: [UInt8], path: String) throws(ModelFileError) -> TextClassifier {
        var reader = ByteReader(bytes: bytes, position: headerSize)
        func fail(_ reason: String) -> ModelFileError { .corrupted(path: path, reason: reason) }

        guard let jsonLength = reader.readUInt32(), let json = reader.readBytes(Int(jsonLength)) else {
            throw fail("settings block")
        }
        let settings: Settings
        do {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = nonFiniteFloats.decoding
            settings = try decoder.decode(Settings.self, from: Data(json))
        } catch {
            throw fail("settings block: \(error)")
        }
        let classCount = settings.classes.count
        let options = settings.options
        guard let viewCount = reader.readUInt32().map(Int.init), viewCount == options.views.count,
              ([settings.combination] + (settings.combinationWithoutFirstField.map { [$0] } ?? [])).allSatisfy({
                  $0.viewCount == viewCount && $0.classCount == classCount && $0.bias.count == classCount && $0.evidenceBlocks >= 0
                      && $0.weights.count == classCount * $0.featureCount && $0.confidenceKnots.count == $0.confidenceValues.count
              })
        else { throw fail("views") }
        var views: [ClassifierView] = []
        for fieldWeights in options.views {
            guard let termCount = reader.readUInt32().map(Int.init),
                  let offsets = reader.readArray(UInt32.self, count: termCount + 1),
                  offsets.first == 0, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }),
                  let termBytes = reader.readBytes(Int(offsets.last!))
            else { throw fail("vocabulary") }
            reader.skipPadding(to: 4)
            guard let idf = reader.readArray(Float.self, count: termCount),
                  let logPrior = reader.readArray(Float.self, count: classCount),
                  let weights = reader.readArray(Float.self, count: termCount * classCount)
            else { throw fail("weights") }
            let vocabulary = Vocabulary(bytes: termBytes, offsets: offsets)
            views.append(ClassifierView(
                vectorizer: TfidfVectorizer(vocabulary: vocabulary, idf: idf, fieldWeights: fieldWeights),
                model: NaiveBayesModel(variant: options.variant, alpha: options.alpha, classCount: classCount,
                                       featureCount: termCount, logPrior: logPrior, featureLogProb: weights)))
        }
        guard reader.isAtEnd else { throw fail("bytes after the last view") }
        return TextClassifier(classes: settings.classes, options: options, tokenizer: Tokenizer(stopWords: Set(settings.stopWords)),
                              views: views, combination: settings.combination,
                              combinationWithoutFirstField: settings.combinationWithoutFirstField)
    }

    /// The free-form metadata stored with a model (empty when the file cannot be read).
    public static func metadata(ofModelAt path: String) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), data.count > headerSize + 4 else { return [:] }
        var reader = ByteReader(bytes: Array(data), position: headerSize)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = nonFiniteFloats.decoding
        guard let length = reader.readUInt32(), let json = reader.readBytes(Int(length)),
              let settings = try? decoder.decode(Settings.self, from: Data(json)) else { return [:] }
        return settings.metadata
    }

    /// Reads and decodes the model at `path`.
    public static func load(from path: String) throws(ModelFileError) -> TextClassifier {
        let bytes: [UInt8]
        do throws(IngestError) {
            bytes = try LocalSource.readBytes(path: path)
        } catch {
            guard case .emptyInput = error else { throw .unreadable(path: path, reason: error.reason) }
            bytes = []
        }
        return try decode(bytes, path: path)
    }

    /// Writes `classifier` to `path` atomically (a reader never sees half a file).
    public static func save(_ classifier: TextClassifier, to path: String, metadata: [String: String] = [:])
        throws(ModelFileError) {
        do {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(encode(classifier, metadata: metadata)).write(to: url, options: .atomic)
        } catch {
            throw .unwritable(path: path, reason: error.localizedDescription)
        }
    }
}
