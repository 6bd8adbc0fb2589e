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
                var hash = TermHash()
                hash.add(UnsafeBufferPointer(rebasing: table[Int(offsets[term])..<Int(offsets[term + 1])]))
                var slot = hash.value & (size - 1)
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
        var hash = TermHash()
        hash.add(key)
        return find(hash: hash.value, length: key.count) { $0.elementsEqual(key) }
    }

    /// The index of the bigram `first second` (joined by one space), without joining them.
    public func index(of first: String, _ second: String) -> Int? {
        var first = first
        var second = second
        return first.withUTF8 { head in
            second.withUTF8 { tail in
                var hash = TermHash()
                hash.add(head)
                hash.add(0x20)
                hash.add(tail)
                return find(hash: hash.value, length: head.count + 1 + tail.count) { term in
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

/// FNV-1a over UTF-8 bytes, fed in pieces so that a bigram hashes like its joined form.
private struct TermHash {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes { add(byte) }
    }

    mutating func add(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x100_0000_01b3
    }

    var value: Int { Int(truncatingIfNeeded: state ^ (state >> 29)) }
}
