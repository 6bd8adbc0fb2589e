/// A sorted set of terms kept as one UTF-8 byte table, so that a model loads without
/// building a hash table: lookups are a binary search over the bytes.
public struct Vocabulary: Sendable, Equatable {
    /// UTF-8 bytes of every term, in byte order, back to back.
    let bytes: [UInt8]
    /// `offsets[i] ..< offsets[i + 1]` is term `i` in `bytes`; `count + 1` entries.
    let offsets: [UInt32]

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
    }

    public var count: Int { offsets.count - 1 }

    /// The term at `index`.
    public func term(at index: Int) -> String {
        String(decoding: bytes[Int(offsets[index])..<Int(offsets[index + 1])], as: UTF8.self)
    }

    /// The index of `term`, or nil when it is not in the vocabulary.
    public func index(of term: String) -> Int? {
        var term = term
        return term.withUTF8 { key in
            bytes.withUnsafeBufferPointer { table in
                var low = 0
                var high = count - 1
                while low <= high {
                    let middle = (low + high) / 2
                    let start = Int(offsets[middle])
                    let end = Int(offsets[middle + 1])
                    let order = Self.compare(UnsafeBufferPointer(rebasing: table[start..<end]), key)
                    if order == 0 { return middle }
                    if order < 0 { low = middle + 1 } else { high = middle - 1 }
                }
                return nil
            }
        }
    }

    private static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let shared = min(a.count, b.count)
        for i in 0..<shared where a[i] != b[i] {
            return a[i] < b[i] ? -1 : 1
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
