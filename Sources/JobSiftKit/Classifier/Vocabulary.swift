/// A sorted set of terms kept as one UTF-8 byte table (the form the model file stores), with an
/// open-addressing hash index over it built on load, so that a lookup hashes the key once.
public struct Vocabulary: Sendable, Equatable {
    /// UTF-8 bytes of every term, in byte order, back to back.
    let bytes: [UInt8]
    /// `offsets[i] ..< offsets[i + 1]` is term `i` in `bytes`; `count + 1` entries.
    let offsets: [UInt32]
    /// Term index + 1 at each hash slot, 0 for an empty slot; a power of two in size, at most half full.
    private let slots: [UInt32]

    /// Builds the table from terms already sorted by their UTF-8 bytes, without duplicates.
    public init(sortedTerms: [String]) {
        var bytes: [UInt8] = []
        var offsets: [UInt32] = [0]
        offsets.reserveCapacity(sortedTerms.count + 1)
        for term in sortedTerms {
            bytes.append(contentsOf: term.utf8)
            offsets.append(UInt32(bytes.count))
        }
        self.init(bytes: bytes, offsets: offsets)
    }

    init(bytes: [UInt8], offsets: [UInt32]) {
        self.bytes = bytes
        self.offsets = offsets
        var size = 16
        while size < (offsets.count - 1) * 2 { size *= 2 }
        var slots = [UInt32](repeating: 0, count: size)
        bytes.withUnsafeBufferPointer { table in
            for term in 0..<(offsets.count - 1) {
                let hash = TermHash.of(UnsafeBufferPointer(rebasing: table[Int(offsets[term])..<Int(offsets[term + 1])]))
                var slot = hash & (size - 1)
                while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
                slots[slot] = UInt32(term + 1)
            }
        }
        self.slots = slots
    }

    public var count: Int { offsets.count - 1 }

    /// The term at `index`.
    public func term(at index: Int) -> String {
        String(decoding: bytes[Int(offsets[index])..<Int(offsets[index + 1])], as: UTF8.self)
    }

    /// The index of `term`, or nil when it is not in the vocabulary.
    public func index(of term: String) -> Int? {
        var term = term
        return term.withUTF8(index(ofBytes:))
    }

    /// The index of the term spelt by these UTF-8 bytes.
    public func index(ofBytes key: UnsafeBufferPointer<UInt8>) -> Int? {
        find(hash: TermHash.of(key), length: key.count) { $0.elementsEqual(key) }
    }

    /// The index of a word hashed beforehand, for a word looked up more than once.
    public func index(of word: HashedWord) -> Int? {
        var text = word.text
        return text.withUTF8 { key in find(hash: TermHash.value(word.state), length: key.count) { $0.elementsEqual(key) } }
    }

    /// The index of the bigram `first second` (joined by one space), without joining them.
    public func index(of first: String, _ second: String) -> Int? {
        index(of: HashedWord(first), HashedWord(second))
    }

    /// The same for words hashed beforehand: the pair's hash is made from theirs.
    public func index(of first: HashedWord, _ second: HashedWord) -> Int? {
        var head = first.text
        var tail = second.text
        return head.withUTF8 { head in
            tail.withUTF8 { tail in
                find(hash: TermHash.value(TermHash.pair(first.state, second.state)), length: head.count + 1 + tail.count) { term in
                    term[head.count] == 0x20 && term.prefix(head.count).elementsEqual(head)
                        && term.suffix(tail.count).elementsEqual(tail)
                }
            }
        }
    }

    /// Probes the slots from `hash` for a term of `length` bytes that `matches`.
    private func find(hash: Int, length: Int, matches: (UnsafeBufferPointer<UInt8>) -> Bool) -> Int? {
        bytes.withUnsafeBufferPointer { table in
            let mask = slots.count - 1
            var slot = hash & mask
            while slots[slot] != 0 {
                let term = Int(slots[slot]) - 1
                let start = Int(offsets[term])
                let end = Int(offsets[term + 1])
                if end - start == length && matches(UnsafeBufferPointer(rebasing: table[start..<end])) { return term }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }
}

/// A word with its hash state, made once so that a word looked up alone and in two bigrams is
/// hashed once.
public struct HashedWord: Sendable {
    public let text: String
    let state: UInt64

    public init(_ text: String) {
        self.text = text
        var bytes = text
        state = bytes.withUTF8(TermHash.state)
    }
}

/// FNV-1a over a word's UTF-8 bytes; a term of two words joined by a space ("machine learning")
/// hashes as the pair of its words' states, so that a bigram is looked up from its words' hashes
/// without hashing its bytes again. (Words never hold a space: the tokenizer splits on them.)
private enum TermHash {
    static func state(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var state: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { state = (state ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return state
    }

    static func pair(_ first: UInt64, _ second: UInt64) -> UInt64 {
        (first &* 0x9E37_79B9_7F4A_7C15) ^ ((second << 31) | (second >> 33)) ^ 0x20
    }

    /// The hash of a term: its word's state, or the pair of its two words' states.
    static func of(_ term: UnsafeBufferPointer<UInt8>) -> Int {
        guard let space = term.firstIndex(of: 0x20) else { return value(state(term)) }
        return value(pair(state(UnsafeBufferPointer(rebasing: term[..<space])),
                          state(UnsafeBufferPointer(rebasing: term[(space + 1)...]))))
    }

    /// A state mixed so that its low bits, which pick the slot, depend on all of it.
    static func value(_ state: UInt64) -> Int {
        let mixed = (state ^ (state >> 29)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: mixed ^ (mixed >> 32))
    }
}
