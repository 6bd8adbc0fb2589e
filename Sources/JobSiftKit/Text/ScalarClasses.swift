import Foundation

/// Letter and space tests with an ASCII fast path: `Unicode.Scalar.Properties` looks each scalar up
/// in a table, which dominated the time of every scan over posting text.
extension Unicode.Scalar {
    /// Alphabetic, as `properties.isAlphabetic`.
    @inline(__always) var isLetterLike: Bool {
        if value < 0x80 { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A }
        return properties.isAlphabetic
    }

    /// White space, as `properties.isWhitespace`.
    @inline(__always) var isSpaceLike: Bool {
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        return properties.isWhitespace
    }
}

extension StringProtocol {
    /// The text without white space at either end; Foundation's `trimmingCharacters` bridges the
    /// whole string through `NSString`, which is slow on long postings.
    var trimmed: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpaceLike }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isSpaceLike })!
        return String(self[first...last])
    }
}

extension StringProtocol {
    /// True when `needle` occurs in the text, compared as UTF-8 bytes.
    func containsBytes(_ needle: String) -> Bool {
        // Searched in place: a description is tens of kilobytes, and copying it took longer than the search.
        let found = utf8.withContiguousStorageIfAvailable { haystack in
            needle.utf8.withContiguousStorageIfAvailable { pattern in pattern.isEmpty || occurs(pattern, in: haystack) }
        }
        return (found ?? nil) ?? Array(utf8).containsBytes(Array(needle.utf8))
    }
}

/// True when `pattern` (not empty, not longer) occurs in `haystack` at an offset `accept` agrees to;
/// each candidate start is found with `memchr`, so the search runs at memory speed.
func occurs(_ pattern: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>,
            where accept: (Int) -> Bool = { _ in true }) -> Bool {
    guard let base = haystack.baseAddress, let needle = pattern.baseAddress, haystack.count >= pattern.count else { return false }
    let last = haystack.count - pattern.count
    var offset = 0
    while offset <= last {
        guard let found = memchr(base + offset, Int32(needle.pointee), last - offset + 1) else { return false }
        offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        if memcmp(base + offset, needle, pattern.count) == 0 && accept(offset) { return true }
        offset += 1
    }
    return false
}

extension Array where Element == UInt8 {
    /// True when `pattern` occurs in these bytes.
    func containsBytes(_ pattern: [UInt8]) -> Bool {
        guard let first = pattern.first else { return true }
        guard count >= pattern.count else { return false }
        for start in 0...(count - pattern.count) where self[start] == first {
            if self[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
        }
        return false
    }
}

extension UInt8 {
    var isASCIILetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// True when `pattern` (ASCII, lower-case) occurs in these bytes, ignoring the case of ASCII letters.
    func containsIgnoringASCIICase(_ pattern: [UInt8]) -> Bool {
        guard let first = pattern.first else { return true }
        guard count >= pattern.count else { return false }
        for start in 0...(count - pattern.count) where self[start] | 0x20 == first | 0x20 {
            var offset = 1
            while offset < pattern.count {
                let byte = self[start + offset]
                if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != pattern[offset] { break }
                offset += 1
            }
            if offset == pattern.count { return true }
        }
        return false
    }
}

/// The lines of a text, split at each line feed, as the tokenizer numbers them.
enum TextLines {
    /// Calls `body` with each line's 0-based number and its UTF-8 bytes (without the line feed).
    static func forEach(in text: String, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var number = 0
            var start = 0
            for end in 0...bytes.count where end == bytes.count || bytes[end] == 0x0A {
                body(number, UnsafeBufferPointer(rebasing: bytes[start..<end]))
                number += 1
                start = end + 1
            }
        }
    }
}

/// Reading scalars straight from valid UTF-8 (a Swift string's bytes), without making strings.
enum UTF8Scalars {
    /// The scalar that starts at `index` and its width in bytes.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
        if lead < 0xE0 {
            let value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
            return (Unicode.Scalar(value) ?? "\u{FFFD}", 2)
        }
        if lead < 0xF0 {
            let value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
            return (Unicode.Scalar(value) ?? "\u{FFFD}", 3)
        }
        let value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
            | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
        return (Unicode.Scalar(value) ?? "\u{FFFD}", 4)
    }

    /// How many scalars the bytes in `range` hold.
    static func count(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        bytes[range].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// True when every scalar in `range` satisfies `predicate`.
    static func allSatisfy(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                           _ predicate: (Unicode.Scalar) -> Bool) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound {
            let (scalar, width) = decode(bytes, at: index)
            if !predicate(scalar) { return false }
            index += width
        }
        return true
    }
}
