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
