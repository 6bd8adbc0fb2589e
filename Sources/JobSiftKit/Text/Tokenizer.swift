/// One word of a text as it was written, with its case-folded form.
public struct Token: Sendable, Equatable {
    /// The case-folded form, as `Tokenizer.tokens` gives it.
    public var text: String
    /// The word as written.
    public var surface: String
    /// The 0-based line the word is on.
    public var line: Int
    /// What separates the word from the one before: nothing, a clause break (`,` `:` brackets) or
    /// a sentence break (`.` `!` `?` `;`, a line end). No phrase runs across either.
    public var boundary: Boundary = .none

    public enum Boundary: UInt8, Sendable, Comparable {
        case none, clause, sentence

        public static func < (lhs: Boundary, rhs: Boundary) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public init(text: String, surface: String, line: Int, boundary: Boundary = .none) {
        self.text = text
        self.surface = surface
        self.line = line
        self.boundary = boundary
    }
}

/// Splits text into case-folded tokens that keep technical terms whole.
///
/// `C++`, `C#`, `.NET`, `Node.js`, `CI/CD`, `scikit-learn` and `go-to-market` each stay one token;
/// URLs and e-mail addresses are dropped; stop words are removed before n-grams are formed.
public struct Tokenizer: Sendable {
    /// Words left out of the token stream (compared after case folding).
    public var stopWords: Set<String>

    public init(stopWords: Set<String> = Tokenizer.englishStopWords) {
        self.stopWords = stopWords
    }

    /// The case-folded words of `text`, stop words removed, in order.
    public func tokens(_ text: String) -> [String] {
        var result: [String] = []
        result.reserveCapacity(text.utf8.count / 6)
        Self.forEachWord(of: text) { word, _, _ in
            let folded = Self.fold(word)
            if stopWords.isEmpty || !stopWords.contains(folded) { result.append(folded) }
        }
        return result
    }

    /// Tokens with their original spelling and line (0-based), stop words removed; for matchers
    /// that need case ("R" versus "r") or must say where a word was found.
    public func spans(_ text: String) -> [Token] {
        var result: [Token] = []
        result.reserveCapacity(text.utf8.count / 6)
        var pending = Token.Boundary.none
        Self.forEachWord(of: text) { word, line, boundary in
            let surface = String(decoding: word, as: UTF8.self)
            let folded = Self.isFolded(word) ? surface : Self.fold(word)
            // A stop word left out still passes its break on to the next word.
            pending = max(pending, boundary)
            if stopWords.isEmpty || !stopWords.contains(folded) {
                result.append(Token(text: folded, surface: surface, line: line, boundary: pending))
                pending = .none
            }
        }
        return result
    }

    /// Unigrams followed by bigrams (`"machine learning"`) of the tokens of `text`.
    public func terms(_ text: String, includeBigrams: Bool = true) -> [String] {
        terms(ofTokens: tokens(text), includeBigrams: includeBigrams)
    }

    /// The same from tokens already made (by a tokenizer with the same stop words).
    public func terms(ofTokens words: [String], includeBigrams: Bool = true) -> [String] {
        guard includeBigrams, words.count > 1 else { return words }
        var result = words
        result.reserveCapacity(words.count * 2 - 1)
        for index in 1..<words.count {
            result.append(words[index - 1] + " " + words[index])
        }
        return result
    }

    // MARK: - Splitting

    /// Calls `body` with the UTF-8 bytes of each word of `text` as written (before case folding),
    /// its line, and the strongest break since the word before. Whitespace separates runs; a run
    /// that is a URL or an e-mail address is skipped whole, others split into chunks at
    /// punctuation, and each chunk is trimmed by `normalize`.
    /// Works on the bytes: this loop sees every character of every posting.
    static func forEachWord(of text: String, _ body: (UnsafeBufferPointer<UInt8>, Int, Token.Boundary) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            guard !bytes.isEmpty else { return }
            // A chunk is never longer than the text; the typographic apostrophe shrinks to one byte.
            let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
            defer { chunk.deallocate() }
            var line = 0
            var boundary = Token.Boundary.none
            func emit(_ word: UnsafeBufferPointer<UInt8>, _ line: Int) {
                body(word, line, boundary)
                boundary = .none
            }
            func flush(_ length: Int) {
                let words = UnsafeBufferPointer(rebasing: chunk[0..<length])
                normalize(words, line: line, emit)
                // A chunk's full stop, trimmed from its word ("Oracle."), ends the sentence.
                if let last = words.last, last == UInt8(ascii: "."), length > 1 { boundary = .sentence }
            }

            func flushRun(_ run: Range<Int>) {
                guard !run.isEmpty, !looksLikeLink(UnsafeBufferPointer(rebasing: bytes[run])) else { return }
                var length = 0
                var index = run.lowerBound
                while index < run.upperBound {
                    let (scalar, width) = UTF8Scalars.decode(bytes, at: index)
                    if scalar == "\u{2019}" {
                        chunk[length] = UInt8(ascii: "'")
                        length += 1
                    } else if isTokenScalar(scalar) {
                        for offset in 0..<width { chunk[length + offset] = bytes[index + offset] }
                        length += width
                    } else {
                        if length > 0 {
                            flush(length)
                            length = 0
                        }
                        boundary = max(boundary, Self.boundary(after: scalar))
                    }
                    index += width
                }
                if length > 0 { flush(length) }
            }

            var runStart = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                        flushRun(runStart..<index)
                        if byte == 0x0A {
                            line += 1
                            boundary = .sentence
                        }
                        runStart = index + 1
                    }
                    index += 1
                } else {
                    let (scalar, width) = UTF8Scalars.decode(bytes, at: index)
                    if scalar.isSpaceLike || scalar == "\u{200B}" {
                        flushRun(runStart..<index)
                        runStart = index + width
                    }
                    index += width
                }
            }
            flushRun(runStart..<bytes.count)
        }
    }

    /// Lower-cases a token; ASCII, the common case, without a round trip through Unicode tables.
    static func fold(_ token: String) -> String {
        if token.utf8.allSatisfy(isFoldedByte) { return token }
        return token.lowercased()
    }

    /// The case-folded form of a word given as UTF-8 bytes.
    static func fold(_ word: UnsafeBufferPointer<UInt8>) -> String {
        if isFolded(word) { return String(decoding: word, as: UTF8.self) }
        if word.allSatisfy({ $0 < 0x80 }) {
            return String(unsafeUninitializedCapacity: word.count) { buffer in
                for (index, byte) in word.enumerated() {
                    buffer[index] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                }
                return word.count
            }
        }
        return String(decoding: word, as: UTF8.self).lowercased()
    }

    /// True when the word is ASCII without capitals, so folding leaves it as it is.
    private static func isFolded(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        word.allSatisfy(isFoldedByte)
    }

    /// An ASCII byte that is not a capital: case folding leaves it as it is.
    private static func isFoldedByte(_ byte: UInt8) -> Bool {
        byte < 0x41 || (byte > 0x5A && byte < 0x80)
    }

    private static func looksLikeLink(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
        // Most words hold none of ':', '@' or a leading "www."; they skip the string work below.
        let startsWithWWW = run.count >= 4 && run[3] == UInt8(ascii: ".")
            && run.prefix(3).allSatisfy { $0 | 0x20 == UInt8(ascii: "w") }
        guard startsWithWWW || run.contains(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "@") }) else { return false }
        let text = String(decoding: run, as: UTF8.self).lowercased()
        if text.contains("://") || text.hasPrefix("www.") || text.hasPrefix("mailto:") {
            return true
        }
        // An e-mail address: something@something.something
        if let at = text.firstIndex(of: "@"), at != text.startIndex {
            let domain = text[text.index(after: at)...]
            return domain.unicodeScalars.contains(".") && !domain.hasPrefix(".")
        }
        return false
    }

    /// The break a punctuation mark outside a word makes.
    private static func boundary(after scalar: Unicode.Scalar) -> Token.Boundary {
        switch scalar {
        case "!", "?", ";", "\u{2022}", "\u{00B7}": .sentence  // a bullet starts a new item
        case ",", ":", "(", ")", "[", "]", "\"", "\u{201C}", "\u{201D}", "|", "\u{2013}", "\u{2014}": .clause
        default: .none
        }
    }

    /// Letters, digits and the joiners that appear inside technical terms.
    private static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            switch scalar.value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
            case 0x2B, 0x23, 0x2E, 0x2D, 0x2F, 0x5F, 0x27, 0x26: return true  // + # . - / _ ' &
            default: return false
            }
        }
        return isTokenScalarBeyondASCII(scalar)
    }

    /// Kept out of `isTokenScalar`: a function that touches `numericType` or `generalCategory`
    /// looks up their type metadata and sizes its stack frame at run time on every call, which
    /// made the ASCII path above a seventh of building the skill matcher.
    @inline(never)
    private static func isTokenScalarBeyondASCII(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
    }

    // MARK: - Normalising one chunk

    /// Trims joiners that only punctuate (a sentence's full stop, quotes, dashes) while keeping
    /// the ones that belong to a term: a leading dot before letters (`.net`), trailing `+`/`#`
    /// after a letter (`c++`, `c#`), inner dots, hyphens and short slash pairs (`ci/cd`).
    /// A chunk is usually one word; a long slash pair ("python/sql") becomes two.
    private static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, line: Int,
                                  _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        guard bytes.contains(UInt8(ascii: "/")) else {
            if let word = trimmedWord(bytes, 0..<bytes.count) { body(UnsafeBufferPointer(rebasing: bytes[word]), line) }
            return
        }
        // Each side is cleaned on its own ("C/C++" is "c" and "c++"); a short pair stays one
        // word ("ci/cd", "a/b"), anything longer becomes separate words.
        var parts: [Range<Int>] = []
        var partStart = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
            if index > partStart, let word = trimmedWord(bytes, partStart..<index) { parts.append(word) }
            partStart = index + 1
        }
        if parts.count == 2 && parts.allSatisfy({ UTF8Scalars.count(bytes, $0) <= 3 }) {
            let joined = Array(bytes[parts[0]]) + [UInt8(ascii: "/")] + Array(bytes[parts[1]])
            joined.withUnsafeBufferPointer { body($0, line) }
            return
        }
        for part in parts { body(UnsafeBufferPointer(rebasing: bytes[part]), line) }
    }

    /// The part of `range` that is a word once punctuation is trimmed, or nil when nothing is left.
    private static func trimmedWord(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int>? {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end {
            let first = bytes[start]
            if Self.leadingJoiners.contains(first) {
                start += 1
            } else if first == UInt8(ascii: ".") && !(end - start > 1 && UTF8Scalars.decode(bytes, at: start + 1).0.isLetterLike) {
                start += 1
            } else {
                break
            }
        }
        while start < end {
            let last = bytes[end - 1]
            if Self.trailingPunctuation.contains(last) {
                end -= 1
            } else if last == UInt8(ascii: "+") || last == UInt8(ascii: "#") {
                // Keep c++ / c# / f#, drop a stray '+' or '#' that follows a space-less word end.
                var baseEnd = start
                while baseEnd < end && bytes[baseEnd] != UInt8(ascii: "+") && bytes[baseEnd] != UInt8(ascii: "#") { baseEnd += 1 }
                let baseLength = UTF8Scalars.count(bytes, start..<baseEnd)
                if baseLength >= 1 && baseLength <= 3 && end - baseEnd <= 2 && bytes[baseEnd..<end].allSatisfy({ $0 == last })
                    && UTF8Scalars.allSatisfy(bytes, start..<baseEnd, { isLetter($0) || isDigit($0) }) {
                    break
                }
                end -= 1
            } else {
                break
            }
        }
        guard start < end else { return nil }

        // Possessive: "company's" -> "company"
        if end - start > 2, bytes[end - 1] | 0x20 == UInt8(ascii: "s"), bytes[end - 2] == UInt8(ascii: "'") {
            end -= 2
        }
        guard !UTF8Scalars.allSatisfy(bytes, start..<end, { !isLetter($0) && !isDigit($0) }) else { return nil }
        return start..<end
    }

    private static let leadingJoiners: [UInt8] = Array("+#-_'&".utf8)
    private static let trailingPunctuation: [UInt8] = Array(".-_'&".utf8)

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isLetterLike
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? ("0"..."9").contains(scalar) : scalar.properties.numericType != nil
    }

    /// A short English stop-word list: function words that carry no signal about a role.
    public static let englishStopWords: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
        "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "down", "during", "each", "etc", "few", "for", "from",
        "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i",
        "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "no", "nor",
        "not", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own",
        "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
        "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
        "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
        "will", "with", "would", "you", "your", "yours", "you'll", "you're", "we're", "we'll", "it's",
        "us", "via", "within", "across",
    ]
}
