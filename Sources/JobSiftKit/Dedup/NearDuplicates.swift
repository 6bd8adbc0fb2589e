import Foundation

// Near-duplicate postings (reposts, agency copies, the same posting in several cities) are found
// in three steps: a posting becomes a set of 64-bit feature hashes (word shingles plus its title
// and company), the set becomes a MinHash signature, and an LSH index over signature bands finds
// the earlier postings worth comparing. Every hash that reaches an id or a signature is written out
// here with fixed constants, never Swift's `Hasher`, whose seed changes per process: ids and
// signatures must match across runs and machines.

// MARK: - Content id

/// A stable id of a posting's content: 16 hex digits of a 64-bit hash of its normalised words.
/// Case, diacritics, whitespace and punctuation do not change it; any changed word or number does.
public func stableContentID(title: String?, company: String?, text: String) -> String {
    var state = FNV1a64.offsetBasis
    // A separator per field keeps "title: A B, text: C" apart from "title: A, text: B C".
    for (separator, field) in [(UInt64(1), title ?? ""), (2, company ?? ""), (3, text)] {
        state = mix64(state &+ separator)
        NormalisedWords.forEach(in: field, collapsingDigits: false) { state = mix64(state &+ $0) }
    }
    let hex = String(state, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}

// MARK: - Shingles

/// Turns a posting into the 64-bit hashes of its features: word shingles of the text plus its title and company.
/// The title weighs a share of the text's shingle count, so its weight does not fade in long postings.
public struct Shingler: Sendable, Equatable {
    /// Words per shingle; texts with fewer words use one shingle of all of them.
    public var k: Int
    /// The title's weight as a share of the text's shingle count. Two roles at one company can share
    /// most of their text (about us, benefits, equal opportunity) but not the title. The company is
    /// a single feature: an agency repost names itself or no one, and must still match.
    public var titleShare: Double

    public init(k: Int = 5, titleShare: Double = 1.0 / 16) {
        precondition(k > 0, "a shingle holds at least one word")
        self.k = k
        self.titleShare = titleShare
    }

    /// The feature hashes of a posting: its text's shingles in order (a repeated shingle repeats), then title and company.
    public func features(title: String?, company: String?, text: String) -> [UInt64] {
        var words: [UInt64] = []
        words.reserveCapacity(text.utf8.count / 5)
        NormalisedWords.forEach(in: text, collapsingDigits: true) { words.append($0) }

        var result = Self.shingles(of: words, size: min(k, words.count))
        let titleCopies = max(1, Int((Double(result.count) * titleShare).rounded()))
        for (field, copies, tag) in [(title, titleCopies, Self.titleTag), (company, 1, Self.companyTag)] {
            guard let field else { continue }
            var fieldHash = tag
            var hasWords = false
            NormalisedWords.forEach(in: field, collapsingDigits: true) {
                fieldHash = mix64(fieldHash ^ $0)
                hasWords = true
            }
            guard hasWords else { continue }
            // Copies of one hash under different salts act as a weight in a set-based Jaccard.
            for copy in 0..<copies {
                result.append(mix64(fieldHash &+ UInt64(copy) &* Self.rollingBase))
            }
        }
        return result
    }

    /// Hashes of each run of `size` consecutive words, rolled so no shingle is built as a string:
    /// a polynomial in the word hashes, updated per word, then mixed.
    private static func shingles(of words: [UInt64], size: Int) -> [UInt64] {
        guard size > 0 else { return [] }
        var result: [UInt64] = []
        result.reserveCapacity(words.count - size + 1 + words.count / 8)
        var outgoingFactor: UInt64 = 1  // rollingBase^(size - 1), the weight of the word leaving the window
        for _ in 1..<size { outgoingFactor = outgoingFactor &* rollingBase }
        var window: UInt64 = 0
        for (position, word) in words.enumerated() {
            if position >= size { window = window &- words[position - size] &* outgoingFactor }
            window = window &* rollingBase &+ word
            if position >= size - 1 { result.append(mix64(window ^ textTag)) }
        }
        return result
    }

    private static let rollingBase: UInt64 = 0x9E37_79B9_7F4A_7C15
    // Distinct tags keep a title or company hash from ever standing for a text shingle.
    private static let textTag: UInt64 = 0x5445_5854_0000_0001
    private static let titleTag: UInt64 = 0x5449_544C_0000_0002
    private static let companyTag: UInt64 = 0x434F_4D50_0000_0003
}

// MARK: - MinHash

/// A MinHash signature: per hash function, the least hash over a posting's features.
/// The share of equal positions between two signatures estimates the Jaccard similarity of the feature sets.
public struct MinHashSignature: Sendable, Hashable {
    /// One minimum per hash function; `UInt32.max` everywhere for a posting without features.
    public let values: [UInt32]

    /// A signature kept earlier (in the store) as its values.
    public init(values: [UInt32]) {
        self.values = values
    }

    /// The signature as little-endian bytes, for storing; `init(bytes:)` reads them back.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(values.count * 4)
        for value in values {
            for shift in stride(from: 0, to: 32, by: 8) { result.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
        }
        return result
    }

    public init(bytes: [UInt8]) {
        values = stride(from: 0, to: bytes.count - 3, by: 4).map { offset in
            UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        }
    }

    /// The signature of a feature set; `hashCount` functions, the same ones on every run and machine.
    public init(features: [UInt64], hashCount: Int = 128) {
        precondition(hashCount > 0, "a signature needs at least one hash function")
        var seed = Self.seed
        values = features.withUnsafeBufferPointer { features in
            (0..<hashCount).map { _ in
                // Row i hashes with a*x+b (mod 2^64, a odd) and keeps the high 32 bits: multiply-shift
                // universal hashing. The features are already well mixed, so this cheap family suffices.
                let a = splitMix64(&seed) | 1
                let b = splitMix64(&seed)
                var minimum = UInt64.max
                for feature in features { minimum = min(minimum, a &* feature &+ b) }
                return UInt32(truncatingIfNeeded: minimum >> 32)
            }
        }
    }

    /// The signature of a posting's features under `shingler`.
    public init(title: String?, company: String?, text: String, shingler: Shingler = Shingler(), hashCount: Int = 128) {
        self.init(features: shingler.features(title: title, company: company, text: text), hashCount: hashCount)
    }

    /// The estimated Jaccard similarity of the two feature sets, in steps of 1 / `values.count`.
    public func estimatedJaccard(with other: MinHashSignature) -> Double {
        Self.estimatedJaccard(values[...], other.values)
    }

    /// The same estimate for two signatures given as their values.
    static func estimatedJaccard(_ first: ArraySlice<UInt32>, _ second: [UInt32]) -> Double {
        precondition(first.count == second.count, "signatures of different lengths cannot be compared")
        var equal = 0
        for (value, other) in zip(first, second) where value == other { equal += 1 }
        return Double(equal) / Double(first.count)
    }

    /// The first 64 bits of the fractional part of √2: a constant with nothing up its sleeve.
    private static let seed: UInt64 = 0x6A09_E667_F3BC_C908
}

// MARK: - LSH index

/// Finds postings whose signatures are close to a new one, by LSH banding over MinHash signatures.
///
/// A signature is cut into `bands` bands of `rowsPerBand` values; two postings become candidates
/// when any band matches, which happens with probability 1 - (1 - s^r)^b at Jaccard s. The default
/// 21 × 6 (126 of 128 values) gives 0.28 at s = 0.5, 0.998 at s = 0.8 and > 0.99999 at s = 0.9:
/// a repost at the 0.8 threshold is almost never missed, and few unrelated postings need checking.
/// 32 × 4 would make 87% of pairs at s = 0.5 candidates; 16 × 8 would miss 5% of pairs at s = 0.8.
public struct NearDuplicateIndex: Sendable {
    /// How signatures are cut into bands; a copy of it computes band keys without this index.
    public let banding: LSHBanding
    public var bands: Int { banding.bands }
    public var rowsPerBand: Int { banding.rowsPerBand }

    // Entries live in flat arrays, and ids are copied in: a batch run keeps thousands of entries
    // while it allocates and frees far more for each posting, and entries made of small blocks
    // allocated on the worker threads would pin pages of their heaps. With a capacity, the storage
    // is allocated and touched at once, so the index's memory does not depend on how full it is.
    private var ids: [String] = []
    /// The signatures, one after another, `signatureLength` values each.
    private var signatureValues: [UInt32] = []
    private var signatureLength = 0
    private var entryByID: [String: Int] = [:]
    /// The latest slot per band key. A slot is `entry * bands + band`, one per band of each entry.
    private var bucketHeads = BandBuckets(capacity: 0)
    /// Per slot, the slot inserted before it under the same band key, or -1. Chaining through one
    /// flat array costs 4 bytes per band instead of an array allocation per bucket.
    private var previousSlot: [Int32] = []

    /// An empty index; `capacity` entries (of 128-value signatures) fit without growing its storage.
    public init(bands: Int = 21, rowsPerBand: Int = 6, capacity: Int = 0) {
        banding = LSHBanding(bands: bands, rowsPerBand: rowsPerBand)
        reserve(capacity)
    }

    /// The number of postings in the index.
    public var count: Int { ids.count }

    /// Adds a posting's signature; like `Set.insert`, an id already present is left as it was.
    @discardableResult
    public mutating func insert(id: String, signature: MinHashSignature) -> Bool {
        banding.checkLength(of: signature)
        guard entryByID[id] == nil else { return false }
        if ids.isEmpty { signatureLength = signature.values.count }
        precondition(signature.values.count == signatureLength, "signatures of different lengths cannot be compared")
        let entry = ids.count
        let ownID = String(decoding: Array(id.utf8), as: UTF8.self)
        ids.append(ownID)
        signatureValues.append(contentsOf: signature.values)
        entryByID[ownID] = entry
        for band in 0..<bands {
            let key = banding.key(signature.values, band: band)
            previousSlot.append(bucketHeads.replaceHead(of: key, with: Int32(entry * bands + band)))
        }
        return true
    }

    /// Forgets every entry and keeps the storage, so that refilling the index allocates nothing.
    public mutating func removeAll() {
        ids.removeAll(keepingCapacity: true)
        signatureValues.removeAll(keepingCapacity: true)
        entryByID.removeAll(keepingCapacity: true)
        bucketHeads.removeAll()
        previousSlot.removeAll(keepingCapacity: true)
    }

    private mutating func reserve(_ capacity: Int) {
        guard capacity > 0 else { return }
        ids.reserveResident(capacity, filler: "")
        signatureValues.reserveResident(capacity * 128, filler: 0)
        previousSlot.reserveResident(capacity * bands, filler: 0)
        entryByID.reserveCapacity(capacity)
        bucketHeads = BandBuckets(capacity: capacity * bands)
    }

    /// The ids sharing at least one band with `signature`, sorted; they still need verifying.
    public func candidates(for signature: MinHashSignature) -> [String] {
        candidateEntries(for: signature).map { ids[$0] }.sorted()
    }

    /// The indexed posting most similar to `signature` at or above `threshold`, by estimated Jaccard;
    /// ties go to the smallest id, so the answer does not depend on insertion order.
    public func firstDuplicate(of signature: MinHashSignature, threshold: Double = 0.8) -> (id: String, similarity: Double)? {
        var best: (id: String, similarity: Double)?
        for entry in candidateEntries(for: signature) {
            let start = entry * signatureLength
            let match = (id: ids[entry], similarity: MinHashSignature.estimatedJaccard(
                signatureValues[start..<(start + signatureLength)], signature.values))
            if match.similarity >= threshold, best.map({ Self.prefers(match, over: $0) }) ?? true { best = match }
        }
        return best
    }

    /// Whether one match is preferred to another: the more similar, then the smaller id.
    public static func prefers(_ match: (id: String, similarity: Double), over other: (id: String, similarity: Double)) -> Bool {
        match.similarity > other.similarity || (match.similarity == other.similarity && match.id < other.id)
    }

    /// The entries sharing a band with `signature`, each once, in insertion order.
    private func candidateEntries(for signature: MinHashSignature) -> [Int] {
        banding.checkLength(of: signature)
        var entries = Set<Int>()
        for band in 0..<bands {
            var slot = bucketHeads.head(of: banding.key(signature.values, band: band))
            while slot >= 0 {
                entries.insert(Int(slot) / bands)
                slot = previousSlot[Int(slot)]
            }
        }
        // Sorted, so nothing downstream can depend on Set's per-process iteration order.
        return entries.sorted()
    }
}

/// How an LSH index cuts a signature into `bands` bands of `rowsPerBand` values, and the key of each.
public struct LSHBanding: Sendable {
    public let bands: Int
    public let rowsPerBand: Int

    public init(bands: Int, rowsPerBand: Int) {
        precondition(bands > 0 && rowsPerBand > 0, "an index needs at least one band of one row")
        self.bands = bands
        self.rowsPerBand = rowsPerBand
    }

    /// The key of each band of `signature`; postings that share any key are candidates.
    public func keys(of signature: MinHashSignature) -> [UInt64] {
        checkLength(of: signature)
        return (0..<bands).map { key(signature.values, band: $0) }
    }

    /// A hash of one band's values with the band number, so equal values in different bands differ.
    func key(_ values: [UInt32], band: Int) -> UInt64 {
        var key = mix64(UInt64(band) &+ 0x4241_4E44_0000_0000)
        for value in values[(band * rowsPerBand)..<((band + 1) * rowsPerBand)] {
            key = mix64(key ^ UInt64(value))
        }
        return key
    }

    func checkLength(of signature: MinHashSignature) {
        precondition(signature.values.count >= bands * rowsPerBand,
                     "a signature of \(signature.values.count) values cannot fill \(bands) bands of \(rowsPerBand) rows")
    }
}

/// The latest slot of each band key: an open-addressing table with linear probing in two flat
/// arrays, kept at most three quarters full.
private struct BandBuckets: Sendable {
    private var keys: [UInt64]
    /// The slot per position, or -1 where the position is empty.
    private var heads: [Int32]
    private var count = 0

    init(capacity: Int) {
        var size = 16
        while 3 * size < 4 * capacity { size *= 2 }
        keys = Array(repeating: 0, count: size)
        heads = Array(repeating: -1, count: size)
    }

    /// The latest slot under `key`, or -1.
    func head(of key: UInt64) -> Int32 {
        heads[position(of: key)]
    }

    /// Makes `slot` the latest under `key` and returns the one it replaces, or -1.
    mutating func replaceHead(of key: UInt64, with slot: Int32) -> Int32 {
        if 4 * (count + 1) > 3 * heads.count { grow() }
        let position = position(of: key)
        let previous = heads[position]
        if previous < 0 { count += 1 }
        keys[position] = key
        heads[position] = slot
        return previous
    }

    mutating func removeAll() {
        for index in heads.indices { heads[index] = -1 }
        count = 0
    }

    /// Where `key` is, or the empty position where it would go.
    private func position(of key: UInt64) -> Int {
        let mask = heads.count - 1
        var position = Int(truncatingIfNeeded: key) & mask
        while heads[position] >= 0 && keys[position] != key { position = (position + 1) & mask }
        return position
    }

    private mutating func grow() {
        var larger = BandBuckets(capacity: heads.count * 3 / 2)
        for (key, head) in zip(keys, heads) where head >= 0 { _ = larger.replaceHead(of: key, with: head) }
        self = larger
    }
}

extension Array {
    /// Makes room for `capacity` elements in memory that is already resident: the storage is written
    /// once with `filler`, then emptied, keeping its capacity.
    mutating func reserveResident(_ capacity: Int, filler: Element) {
        guard capacity > self.capacity else { return }
        self = Array(repeating: filler, count: capacity)
        removeAll(keepingCapacity: true)
    }
}

// MARK: - Normalised words and hashing

/// Splits text into the hashes of its normalised words: case-folded, diacritics stripped, apostrophes
/// dropped, any other punctuation a word break. Ideographs are words on their own, as CJK text has no spaces.
///
/// It walks UTF-8 bytes so an ASCII word costs no allocation. Other scalars go through Foundation's
/// case, diacritic and width folding once per distinct scalar in the text, which keeps a German or
/// Cyrillic posting about as fast as an English one.
enum NormalisedWords {
    /// Calls `body` with the FNV-1a hash of each word; with `collapsingDigits`, each run of digits
    /// reads as "0", so a changed date or salary changes no more than punctuation does.
    static func forEach(in text: String, collapsingDigits: Bool, _ body: (UInt64) -> Void) {
        var text = text
        text.makeContiguousUTF8()
        var foldings: [UInt32: Folding] = [:]
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var word = WordHash(collapsingDigits: collapsingDigits)
            func endWord() {
                if let hash = word.finish() { body(hash) }
            }
            var position = 0
            while position < bytes.count {
                let byte = bytes[position]
                if byte < 0x80 {
                    switch byte {
                    case 0x41...0x5A: word.addLetter(byte | 0x20)
                    case 0x61...0x7A: word.addLetter(byte)
                    case 0x30...0x39: word.addDigit(byte)
                    case 0x27: break  // an apostrophe joins: "don't" is "dont"
                    default: endWord()
                    }
                    position += 1
                    continue
                }
                let (scalar, length) = decodeScalar(bytes, at: position)
                position += length
                let folding: Folding
                if let known = foldings[scalar.value] {
                    folding = known
                } else {
                    folding = Folding(scalar)
                    foldings[scalar.value] = folding
                }
                switch folding.kind {
                case .letter:
                    for byte in folding.bytes { word.addLetter(byte) }
                case .digit:
                    if collapsingDigits {
                        word.addDigit(0x30)
                    } else {
                        for byte in folding.bytes { word.addDigit(byte) }
                    }
                case .ideograph:
                    endWord()
                    for byte in folding.bytes { word.addLetter(byte) }
                    endWord()
                case .separator:
                    endWord()
                }
            }
            endWord()
        }
    }

    /// What one non-ASCII scalar contributes to a word: its folded UTF-8 bytes, or a word break.
    private struct Folding {
        enum Kind { case letter, digit, ideograph, separator }
        var kind: Kind
        var bytes: [UInt8] = []

        init(_ scalar: Unicode.Scalar) {
            let properties = scalar.properties
            if properties.isIdeographic {
                kind = .ideograph
                bytes = Array(scalar.utf8)
                return
            }
            // Typographic apostrophes join like "'". A combining mark is a diacritic of decomposed text
            // ("e" + U+0301): it adds nothing, as folding leaves nothing of it in a precomposed "é".
            if Self.isCombining(scalar) || scalar == "\u{2019}" || scalar == "\u{02BC}" {
                kind = .letter
                return
            }
            if properties.numericType != nil {
                kind = .digit
            } else if properties.isAlphabetic || properties.generalCategory == .spacingMark {
                kind = .letter
            } else {
                kind = .separator
                return
            }
            // "ß" folds to "ss", "É" to "e", a full-width "Ｆ" to "f".
            let folded = String(Character(scalar))
                .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            for foldedScalar in folded.unicodeScalars where !Self.isCombining(foldedScalar) {
                bytes.append(contentsOf: foldedScalar.utf8)
            }
        }

        private static func isCombining(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: true
            default: false
            }
        }
    }

    /// The FNV-1a hash of the word being read, with the digit-run state.
    private struct WordHash {
        let collapsingDigits: Bool
        private var hash = FNV1a64()
        private var isEmpty = true
        private var previousWasDigit = false

        init(collapsingDigits: Bool) {
            self.collapsingDigits = collapsingDigits
        }

        mutating func addLetter(_ byte: UInt8) {
            hash.add(byte)
            isEmpty = false
            previousWasDigit = false
        }

        mutating func addDigit(_ byte: UInt8) {
            if !collapsingDigits {
                hash.add(byte)
            } else if !previousWasDigit {
                hash.add(0x30)
            }
            isEmpty = false
            previousWasDigit = true
        }

        /// The word's hash, or nil when it held nothing but apostrophes and marks; starts the next word.
        mutating func finish() -> UInt64? {
            defer { self = WordHash(collapsingDigits: collapsingDigits) }
            return isEmpty ? nil : hash.value
        }
    }

    /// The scalar starting at `position` and its length in bytes; `bytes` is valid UTF-8, as every Swift string is.
    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let lead = UInt32(bytes[position])
        let length = lead < 0xE0 ? 2 : (lead < 0xF0 ? 3 : 4)
        var value = lead & (0x7F >> UInt32(length))
        for offset in 1..<length { value = value << 6 | UInt32(bytes[position + offset] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
}

/// 64-bit FNV-1a, a published byte hash with fixed constants (http://www.isthe.com/chongo/tech/comp/fnv/).
struct FNV1a64 {
    static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    private(set) var value = offsetBasis

    mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* Self.prime
    }
}

/// The SplitMix64 finaliser: spreads every input bit over the whole output, which FNV alone does not.
func mix64(_ input: UInt64) -> UInt64 {
    var z = input
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// The next value of a SplitMix64 sequence: fixed, well-spread hash coefficients from one seed.
private func splitMix64(_ state: inout UInt64) -> UInt64 {
    state = state &+ 0x9E37_79B9_7F4A_7C15
    return mix64(state)
}
