/// The language a text is probably written in.
public struct LanguageGuess: Sendable, Equatable {
    /// An ISO 639-1 code such as `"en"`, `"de"` or `"ja"`.
    public var code: String
    /// From 0 to 1. For a non-Latin script, the share of words written in it; for a Latin-script
    /// language, its share of all the stop words found.
    public var confidence: Double
}

/// Tells which language a posting is in, from its writing system and its commonest function words.
///
/// Only function words count, so tech vocabulary ("PyTorch", "Kubernetes") pulls no text towards English.
public enum LanguageDetector {
    /// The first words read; a posting's language shows long before this.
    private static let wordLimit = 2_000
    /// Shorter texts are undetermined: a title or a list of skills says too little.
    private static let minimumWords = 20
    /// A non-Latin script names the language once this share of the words is written in it; tech terms
    /// in Latin letters never make up most of a Russian or Japanese posting.
    private static let minimumScriptShare = 1.0 / 3.0
    /// Kana mark Japanese, but a Chinese text may hold a Japanese brand name, so a few are tolerated.
    private static let minimumKanaShare = 0.05
    /// The winning stop-word list needs this many hits, at least this share of the Latin words, and this
    /// many times the runner-up's hits; else the text is in no listed language, or in several.
    private static let minimumHits = 3.0
    private static let minimumHitRate = 0.05
    private static let minimumLead = 1.5

    /// The language of `text`, or nil ("und") when it is under about 20 words or no language is clearly ahead.
    /// Scripts written without spaces (Chinese, Japanese, Thai) count each letter as a word.
    public static func detect(_ text: String) -> LanguageGuess? {
        let sample = WordSample(text, limit: wordLimit)
        guard sample.wordCount >= minimumWords else { return nil }
        return scriptGuess(sample) ?? stopWordGuess(sample)
    }

    private static func scriptGuess(_ sample: WordSample) -> LanguageGuess? {
        var words = sample.wordsByScript
        // Japanese mixes Han and kana, so the two compete as one script and are told apart afterwards.
        let han = words.removeValue(forKey: .han) ?? 0
        let kana = words.removeValue(forKey: .kana) ?? 0
        words[.han] = han + kana
        words[.latin] = nil
        words[.other] = nil
        guard let (script, count) = words.max(by: { $0.value < $1.value }),
              Double(count) >= minimumScriptShare * Double(sample.wordCount)
        else { return nil }

        let code: String
        switch script {
        case .cyrillic: code = sample.ukrainianLetters > sample.russianLetters ? "uk" : "ru"
        case .han: code = Double(kana) >= minimumKanaShare * Double(han + kana) ? "ja" : "zh"
        case .hangul: code = "ko"
        case .arabic: code = "ar"
        case .hebrew: code = "he"
        case .greek: code = "el"
        case .devanagari: code = "hi"
        case .thai: code = "th"
        case .latin, .kana, .other: return nil
        }
        return LanguageGuess(code: code, confidence: Double(count) / Double(sample.wordCount))
    }

    private static func stopWordGuess(_ sample: WordSample) -> LanguageGuess? {
        let hits = sample.stopWordHits.indices.compactMap { index in
            sample.stopWordHits[index] > 0 ? (key: stopWordLanguages[index], value: sample.stopWordHits[index]) : nil
        }
        let ranked = hits.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        guard let best = ranked.first else { return nil }
        let runnerUp = ranked.dropFirst().first?.value ?? 0
        let latinWords = Double(sample.wordsByScript[.latin] ?? 0)
        guard best.value >= minimumHits, best.value >= minimumHitRate * latinWords,
              best.value >= minimumLead * runnerUp
        else { return nil }
        let total = ranked.reduce(0) { $0 + $1.value }
        return LanguageGuess(code: best.key, confidence: best.value / total)
    }

    /// About 40 of the commonest function words of each language, lowercase. Single letters are kept
    /// where they are real words (Polish "w", Spanish "y"); French and Italian elisions ("l'", "d'")
    /// are split at the apostrophe, so their letters are listed too.
    private static let stopWords: [String: [String]] = [
        "en": ["the", "and", "of", "to", "a", "in", "is", "for", "with", "you", "we", "our", "will", "are", "on",
               "as", "be", "this", "that", "your", "an", "or", "have", "from", "by", "at", "it", "who", "can",
               "us", "which", "their", "they", "has", "not", "what", "about", "into"],
        "de": ["der", "die", "und", "das", "in", "zu", "den", "mit", "von", "für", "ist", "auf", "im", "dem", "des",
               "ein", "eine", "einen", "einer", "sich", "nicht", "auch", "als", "bei", "wir", "sie", "du", "dich",
               "deine", "uns", "unser", "unsere", "oder", "werden", "wird", "sind", "über", "zur", "zum", "sowie"],
        "fr": ["le", "la", "les", "de", "des", "du", "et", "un", "une", "en", "est", "pour", "dans", "qui", "que",
               "sur", "au", "aux", "avec", "par", "vous", "nous", "notre", "nos", "votre", "vos", "pas", "ce",
               "cette", "sont", "être", "son", "ses", "il", "plus", "ou", "l", "d", "qu"],
        "es": ["el", "la", "los", "las", "de", "del", "y", "a", "en", "un", "una", "que", "por", "para", "con", "es",
               "se", "al", "lo", "su", "sus", "como", "más", "nuestro", "nuestra", "nuestros", "tu", "tus", "te",
               "muy", "o", "son", "está", "pero", "entre", "sobre", "desde", "también"],
        "it": ["il", "lo", "la", "i", "gli", "le", "l", "di", "del", "della", "dei", "delle", "e", "è", "a", "un",
               "una", "che", "per", "con", "in", "non", "sono", "al", "alla", "nel", "nella", "anche", "come",
               "più", "nostro", "nostra", "ti", "si", "da", "dal", "ed", "su", "questo"],
        "nl": ["de", "het", "een", "en", "van", "in", "is", "op", "te", "dat", "die", "voor", "met", "zijn", "niet",
               "aan", "er", "ook", "als", "bij", "je", "jij", "jouw", "wij", "we", "ons", "onze", "naar", "of",
               "wordt", "worden", "om", "dit", "tot", "uit", "door", "hebt", "kun"],
        "pt": ["o", "a", "os", "as", "de", "do", "da", "dos", "das", "e", "em", "um", "uma", "que", "para", "com",
               "por", "no", "na", "nos", "nas", "não", "se", "é", "ao", "mais", "como", "ou", "seu", "sua", "você",
               "nosso", "nossa", "são", "pelo", "pela", "também"],
        "sv": ["och", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har", "de", "inte",
               "om", "ett", "vi", "du", "dig", "din", "ditt", "oss", "vår", "våra", "kommer", "hos", "eller",
               "kan", "sig", "så", "från", "också", "där", "ska", "vara"],
        "pl": ["i", "w", "z", "na", "do", "się", "nie", "że", "jest", "o", "od", "po", "jak", "dla", "oraz", "ale",
               "lub", "przy", "ze", "czy", "są", "być", "ich", "nas", "nasz", "nasza", "naszego", "jako", "które",
               "który", "która", "będzie", "będziesz", "tym", "przez"],
        "cs": ["a", "v", "se", "na", "je", "že", "s", "z", "do", "to", "jsou", "pro", "jako", "nebo", "ale", "by",
               "jsme", "jste", "také", "které", "který", "která", "bude", "budeš", "náš", "naše", "našeho", "vás",
               "nás", "při", "od", "už", "jak", "tak", "zkušenosti", "práce", "práci", "hledáme", "nabízíme"],
        "sk": ["a", "v", "sa", "na", "je", "že", "s", "z", "do", "to", "sú", "pre", "ako", "alebo", "ale", "by",
               "sme", "ste", "tiež", "ktoré", "ktorý", "ktorá", "bude", "budeš", "náš", "naše", "vás", "nás",
               "pri", "od", "už", "tak", "skúsenosti", "práca", "prácu", "hľadáme", "ponúkame"],
    ]

    /// Each stop word with the languages that list it.
    /// Bytes in the longest stop word: a longer word needs no lookup.
    fileprivate static let longestStopWord = stopWords.values.joined().map(\.utf8.count).max() ?? 0

    /// The codes of the languages with stop words, in code order; `languages(ofStopWord:)` gives indices into it.
    fileprivate static let stopWordLanguages = stopWords.keys.sorted()

    /// The languages (indices into `stopWordLanguages`) that list a word (UTF-8 bytes, lower-cased
    /// in place) as a stop word.
    fileprivate static func languages(ofStopWord word: inout [UInt8]) -> [Int]? {
        let index: Int?
        if word.allSatisfy({ $0 < 0x80 }) {
            for position in word.indices where word[position] >= 0x41 && word[position] <= 0x5A { word[position] |= 0x20 }
            index = word.withUnsafeBufferPointer(stopWordTable.words.index(ofBytes:))
        } else {
            index = stopWordTable.words.index(of: String(decoding: word, as: UTF8.self).lowercased())
        }
        return index.map { stopWordTable.languages[$0] }
    }

    /// Every stop word, and the languages listing each one.
    private static let stopWordTable: (words: Vocabulary, languages: [[Int]]) = {
        var index: [String: [Int]] = [:]
        for (language, code) in stopWordLanguages.enumerated() {
            for word in stopWords[code]! { index[word, default: []].append(language) }
        }
        let sorted = index.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return (Vocabulary(sortedTerms: sorted), sorted.map { index[$0]! })
    }()
}

/// The writing systems the detector tells apart; `other` holds letters of any script not listed.
private enum Script: Int, Hashable, CaseIterable {
    case latin, cyrillic, greek, arabic, hebrew, devanagari, thai, hangul, kana, han, other

    /// The script of a letter, or nil when `scalar` is not a letter.
    init?(_ scalar: Unicode.Scalar) {
        guard scalar.isLetterLike else { return nil }
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0xAA, 0xBA, 0xC0...0x24F, 0x1E00...0x1EFF, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
            self = .latin
        case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: self = .cyrillic
        case 0x370...0x3FF, 0x1F00...0x1FFF: self = .greek
        case 0x600...0x6FF, 0x750...0x77F, 0x8A0...0x8FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: self = .arabic
        case 0x590...0x5FF, 0xFB1D...0xFB4F: self = .hebrew
        case 0x900...0x97F, 0xA8E0...0xA8FF: self = .devanagari
        case 0xE00...0xE7F: self = .thai
        case 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xAC00...0xD7FF: self = .hangul
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9D: self = .kana
        case 0x3005, 0x3007, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F: self = .han
        default: self = .other
        }
    }

    /// Scripts that put no spaces between words, so each letter is counted as a word.
    var isWrittenWithoutSpaces: Bool { self == .han || self == .kana || self == .thai }
}

/// The first words of a text, counted by script, with the stop-word hits of each language.
private struct WordSample {
    var wordCount = 0
    /// Words per script, indexed by `Script.rawValue`.
    private var scriptCounts = [Int](repeating: 0, count: Script.allCases.count)
    var wordsByScript: [Script: Int] {
        Dictionary(uniqueKeysWithValues: Script.allCases.compactMap { scriptCounts[$0.rawValue] > 0 ? ($0, scriptCounts[$0.rawValue]) : nil })
    }
    /// Letters only Ukrainian uses (і ї є ґ) and letters only Russian uses (ы э ъ ё).
    var ukrainianLetters = 0
    var russianLetters = 0
    /// A word listed by k languages gives each of them 1/k, so "de" or "in" decides nothing alone.
    /// Indexed like `LanguageDetector.stopWordLanguages`.
    var stopWordHits = [Double](repeating: 0, count: LanguageDetector.stopWordLanguages.count)

    init(_ text: String, limit: Int) {
        // The word as UTF-8 bytes: appending to a String.UnicodeScalarView costs far more.
        var word: [UInt8] = []
        var wordScript: Script?
        for scalar in text.unicodeScalars {
            guard wordCount < limit else { break }
            // Combining accents and vowel signs belong to the word they sit on.
            if !scalar.isASCII, !scalar.properties.isAlphabetic, scalar.properties.generalCategory.isMark {
                if wordScript != nil { UTF8.encode(scalar) { word.append($0) } }
                continue
            }
            guard let script = Script(scalar) else {
                endWord(&word, script: &wordScript)
                continue
            }
            if script.isWrittenWithoutSpaces {
                endWord(&word, script: &wordScript)
                count(script)
                continue
            }
            switch scalar.value {
            case 0x406, 0x407, 0x404, 0x490, 0x456, 0x457, 0x454, 0x491: ukrainianLetters += 1
            case 0x42B, 0x42D, 0x42A, 0x401, 0x44B, 0x44D, 0x44A, 0x451: russianLetters += 1
            default: break
            }
            // "Python과" is an English word and a Korean particle.
            if wordScript != script { endWord(&word, script: &wordScript) }
            wordScript = script
            UTF8.encode(scalar) { word.append($0) }
        }
        if wordCount < limit { endWord(&word, script: &wordScript) }
    }

    private mutating func count(_ script: Script) {
        wordCount += 1
        scriptCounts[script.rawValue] += 1
    }

    private mutating func endWord(_ word: inout [UInt8], script: inout Script?) {
        guard let wordScript = script else { return }
        count(wordScript)
        // Stop words are short; longer words need no lookup.
        if wordScript == .latin, word.count <= LanguageDetector.longestStopWord,
           let languages = LanguageDetector.languages(ofStopWord: &word) {
            for language in languages { stopWordHits[language] += 1 / Double(languages.count) }
        }
        word.removeAll(keepingCapacity: true)
        script = nil
    }

}

private extension Unicode.GeneralCategory {
    var isMark: Bool { self == .nonspacingMark || self == .spacingMark || self == .enclosingMark }
}
