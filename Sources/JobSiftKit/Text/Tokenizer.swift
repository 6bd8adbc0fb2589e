/// One word of a text as it was written, with its case-folded form.
public struct Token: Sendable, Equatable {
    /// The case-folded form, as `Tokenizer.tokens` gives it.
    public var text: String
    /// The word as written.
    public var surface: String
    /// The 0-based line the word is on.
    public var line: Int
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
        forEachChunk(of: text) { chunk, _ in
            for token in Self.normalize(chunk) {
                let folded = Self.fold(token)
                if !stopWords.contains(folded) { result.append(folded) }
            }
        }
        return result
    }

    /// Tokens with their original spelling and line (0-based), stop words removed; for matchers
    /// that need case ("R" versus "r") or must say where a word was found.
    public func spans(_ text: String) -> [Token] {
        var result: [Token] = []
        forEachChunk(of: text) { chunk, line in
            for token in Self.normalize(chunk) {
                let folded = Self.fold(token)
                if !stopWords.contains(folded) { result.append(Token(text: folded, surface: token, line: line)) }
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

    /// Calls `body` with each chunk of token characters and its line. Whitespace separates runs;
    /// a run that is a URL or an e-mail address is skipped whole, others split at punctuation.
    private func forEachChunk(of text: String, _ body: (String, Int) -> Void) {
        // Scalars and UTF-8 bytes in plain arrays: appending to a `String.UnicodeScalarView` one
        // scalar at a time costs a range replacement each, and this loop sees every character.
        var run: [Unicode.Scalar] = []
        var chunk: [UInt8] = []
        var line = 0

        func flushChunk() {
            if !chunk.isEmpty {
                body(String(decoding: chunk, as: UTF8.self), line)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        func flushRun() {
            guard !run.isEmpty else { return }
            if !Self.looksLikeLink(run) {
                for scalar in run {
                    if Self.isTokenScalar(scalar) {
                        UTF8.encode(scalar == "\u{2019}" ? "'" : scalar) { chunk.append($0) }
                    } else {
                        flushChunk()
                    }
                }
                flushChunk()
            }
            run.removeAll(keepingCapacity: true)
        }

        for scalar in text.unicodeScalars {
            if scalar.isSpaceLike || scalar == "\u{200B}" {
                flushRun()
                if scalar == "\n" { line += 1 }
            } else {
                run.append(scalar)
            }
        }
        flushRun()
    }

    /// Lower-cases a token; ASCII, the common case, without a round trip through Unicode tables.
    static func fold(_ token: String) -> String {
        if token.utf8.allSatisfy({ $0 < 0x41 || ($0 > 0x5A && $0 < 0x80) }) { return token }
        return token.lowercased()
    }

    private static func looksLikeLink(_ run: [Unicode.Scalar]) -> Bool {
        // Most words hold none of ':', '@' or a leading "www."; they skip the string work below.
        let first = run.first
        guard run.contains(where: { $0 == ":" || $0 == "@" }) || first == "w" || first == "W" else { return false }
        let text = String(String.UnicodeScalarView(run)).lowercased()
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

    /// Letters, digits and the joiners that appear inside technical terms.
    private static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            switch scalar.value {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
            case 0x2B, 0x23, 0x2E, 0x2D, 0x2F, 0x5F, 0x27, 0x26: return true  // + # . - / _ ' &
            default: return false
            }
        }
        if scalar == "\u{2019}" { return true }  // typographic apostrophe
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
    }

    // MARK: - Normalising one chunk

    /// Trims joiners that only punctuate (a sentence's full stop, quotes, dashes) while keeping
    /// the ones that belong to a term: a leading dot before letters (`.net`), trailing `+`/`#`
    /// after a letter (`c++`, `c#`), inner dots, hyphens and short slash pairs (`ci/cd`).
    /// A chunk is usually one token; a long slash pair ("python/sql") becomes two.
    static func normalize(_ raw: String) -> [String] {
        if raw.unicodeScalars.contains("/") {
            // Each side is cleaned on its own ("C/C++" is "c" and "c++"); a short pair stays one
            // token ("ci/cd", "a/b"), anything longer becomes separate words.
            let parts = raw.split(separator: "/").flatMap { normalizeWord(String($0)) }
            if parts.count == 2 && parts.allSatisfy({ $0.count <= 3 }) { return [parts.joined(separator: "/")] }
            return parts
        }
        return normalizeWord(raw)
    }

    private static func normalizeWord(_ raw: String) -> [String] {
        var scalars = Array(raw.unicodeScalars)

        while let first = scalars.first, "+#-_'&".unicodeScalars.contains(first)
            || (first == "." && !(scalars.count > 1 && isLetter(scalars[1]))) {
            scalars.removeFirst()
        }
        while let last = scalars.last {
            if last == "." || last == "-" || last == "_" || last == "'" || last == "&" {
                scalars.removeLast()
            } else if last == "+" || last == "#" {
                // Keep c++ / c# / f#, drop a stray '+' or '#' that follows a space-less word end.
                let base = scalars.prefix { $0 != "+" && $0 != "#" }
                let tail = scalars[base.count...]
                if base.count >= 1 && base.count <= 3 && tail.allSatisfy({ $0 == last }) && tail.count <= 2
                    && base.allSatisfy({ isLetter($0) || isDigit($0) }) {
                    break
                }
                scalars.removeLast()
            } else {
                break
            }
        }
        guard !scalars.isEmpty else { return [] }

        // Possessive: "company's" -> "company"
        if scalars.count > 2, scalars[scalars.count - 1] == "s" || scalars[scalars.count - 1] == "S",
           scalars[scalars.count - 2] == "'" {
            scalars.removeLast(2)
        }
        guard scalars.contains(where: { isLetter($0) || isDigit($0) }) else { return [] }

        return [String(String.UnicodeScalarView(scalars))]
    }

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
