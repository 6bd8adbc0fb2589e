/// Reads the pay a posting states in its free text: "$120k–$150k", "60.000 € per year", "up to £25/hr".
public enum SalaryText {
    /// The first salary stated in `text`, or nil.
    /// A number counts only with a currency beside it, so years, head counts, versions and phone numbers are never pay.
    public static func find(in text: String) -> Salary? {
        // A salary is stated within one line, and a line without a currency cannot hold one:
        // only those lines are tokenized, which keeps long postings cheap.
        var found: Salary?
        TextLines.forEach(in: text) { _, line in
            guard found == nil, mayHoldCurrency(line) else { return }
            let tokens = SalaryTokenizer.tokens(of: String(decoding: line, as: UTF8.self))
            // Each start looks at a handful of tokens, so the whole scan stays linear in the text.
            found = tokens.indices.lazy.compactMap { salary(startingAt: $0, in: tokens) }.first
        }
        return found
    }

    /// True when the bytes hold a currency sign or a currency code in capitals standing alone.
    private static func mayHoldCurrency(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case 0x24: return true  // $
            case 0xC2:  // £ ¥
                if index + 1 < bytes.endIndex, bytes[index + 1] == 0xA3 || bytes[index + 1] == 0xA5 { return true }
            case 0xE2:  // € ₹
                if index + 2 < bytes.endIndex, bytes[index + 1] == 0x82, bytes[index + 2] == 0xAC || bytes[index + 2] == 0xB9 {
                    return true
                }
            case 0x41...0x5A:
                // A capital that starts a word: is the word a currency code?
                if index == bytes.startIndex || !bytes[index - 1].isASCIILetter {
                    var end = index
                    while end < bytes.endIndex, bytes[end].isASCIILetter { end += 1 }
                    if end - index == 3, SalaryTokenizer.isoCodeBytes.contains(where: { $0.elementsEqual(bytes[index..<end]) }) { return true }
                    index = end
                    continue
                }
            default: break
            }
            index += 1
        }
        return false
    }

    /// One amount as written: a currency before or after, an optional "k", an optional "+" ("$120k+").
    private struct Amount {
        var value: Double
        var currency: SalaryToken.Currency?
        var hasThousandsSuffix: Bool
        var isFloor: Bool
        var end: Int
    }

    private static func salary(startingAt start: Int, in tokens: [SalaryToken]) -> Salary? {
        guard let first = amount(at: start, in: tokens) else { return nil }
        var low = first.value
        var high: Double?
        var end = first.end
        var currencies = [first.currency]
        // "$60/hr – $80/hr" states the period on both ends; the range goes on after the first one.
        let periodOfFirst = period(after: end, in: tokens)
        let separator = periodOfFirst.map(\.end) ?? end
        let afterBetween = tokens.word(at: start - 1) == "between"
        if separator < tokens.count, tokens[separator].isRangeSeparator(afterBetween: afterBetween),
           let second = amount(at: separator + 1, in: tokens), let bounds = rangeBounds(first, second) {
            (low, high) = bounds
            end = second.end
            currencies.append(second.currency)
        }
        let known = currencies.compactMap { $0 }
        // "$" and "¥" are shared by several currencies; a code such as "CAD" next to the amount says which.
        guard let currency = known.first(where: \.isSpecific) ?? known.first, low > 0 else { return nil }

        let context = Context(before: start, in: tokens)
        let stated = high == nil ? periodOfFirst : period(after: end, in: tokens) ?? periodOfFirst
        if context.mentionsOtherMoney || mentionsOtherMoney(after: max(stated?.end ?? end, end), in: tokens) {
            return nil
        }

        var salary = Salary(currency: currency.code, period: stated?.period ?? context.period, origin: .text)
        if let high {
            salary.minimum = low
            salary.maximum = high
        } else if first.isFloor || context.direction == .floor {
            salary.minimum = low
        } else if context.direction == .ceiling {
            salary.maximum = low
        } else {
            salary.minimum = low
            salary.maximum = low
        }
        // Hourly rates and monthly pay stay below this, so only a year is a safe guess; small amounts stay unlabelled.
        if salary.period == nil, let reference = salary.minimum ?? salary.maximum, reference >= 10_000 {
            salary.period = .year
        }
        return salary
    }

    private static func amount(at start: Int, in tokens: [SalaryToken]) -> Amount? {
        guard start < tokens.count else { return nil }
        var index = start
        var currency: SalaryToken.Currency?
        if case .currency(let leading) = tokens[index].kind {
            currency = leading
            index += 1
        }
        guard index < tokens.count, case .number(var value) = tokens[index].kind else { return nil }
        // A number glued to a word is part of a name: "H100", "ES2015", "A100".
        if currency == nil, tokens[index].isJoined, tokens.word(at: index - 1) != nil { return nil }
        index += 1
        var hasThousandsSuffix = false
        if index < tokens.count, tokens[index].isJoined, let suffix = tokens.word(at: index) {
            // Only "k" scales pay; "$10M", "$2B", "5G" and "3rd" are something else.
            guard suffix == "k" else { return nil }
            value *= 1000
            hasThousandsSuffix = true
            index += 1
        }
        if let next = tokens.word(at: index), magnitudeWords.contains(next) { return nil }
        if index < tokens.count, tokens[index].isMark("%") { return nil }
        var isFloor = false
        if index < tokens.count, tokens[index].isJoined, tokens[index].isMark("+") {
            isFloor = true
            index += 1
        }
        if index < tokens.count, case .currency(let trailing) = tokens[index].kind,
           currency == nil || (currency?.isSpecific == false && trailing.isSpecific) {
            currency = trailing
            index += 1
        }
        return Amount(value: value, currency: currency, hasThousandsSuffix: hasThousandsSuffix, isFloor: isFloor,
                      end: index)
    }

    /// The two ends of a range, with a "k" written once applied to both ("120-150k"); nil when the second
    /// number cannot be an upper bound ("$120k - 3 weeks of leave").
    private static func rangeBounds(_ first: Amount, _ second: Amount) -> (Double, Double)? {
        var low = first.value
        var high = second.value
        if second.hasThousandsSuffix && !first.hasThousandsSuffix && low < 1000 { low *= 1000 }
        if first.hasThousandsSuffix && !second.hasThousandsSuffix && high < 1000 { high *= 1000 }
        return high >= low ? (low, high) : nil
    }

    /// The period written after the amount: "/hr", "per annum", "a year", "p.a.", "monthly".
    private static func period(after end: Int, in tokens: [SalaryToken]) -> (period: SalaryPeriod, end: Int)? {
        var index = end
        while index < end + 2, let word = tokens.word(at: index), amountQualifiers.contains(word) { index += 1 }
        if index < tokens.count, tokens[index].isMark("(") { index += 1 }
        guard index < tokens.count else { return nil }
        if tokens[index].isMark("/"), let unit = tokens.word(at: index + 1), let period = SalaryPeriod(unitText: unit) {
            return (period, index + 2)
        }
        guard let word = tokens.word(at: index) else { return nil }
        if word == "per", let unit = tokens.word(at: index + 1), let period = SalaryPeriod(unitText: unit) {
            return (period, index + 2)
        }
        if word == "a" || word == "an", let unit = tokens.word(at: index + 1), periodNouns.contains(unit) {
            return SalaryPeriod(unitText: unit).map { ($0, index + 2) }
        }
        if word == "p", index + 2 < tokens.count, tokens[index + 1].isMark("."), tokens.word(at: index + 2) == "a" {
            let dot = index + 3 < tokens.count && tokens[index + 3].isMark(".")
            return (.year, index + (dot ? 4 : 3))
        }
        if periodAdverbs.contains(word) { return SalaryPeriod(unitText: word).map { ($0, index + 1) } }
        return nil
    }

    /// Whether the words right after the amount say it is a budget, a stipend or a company figure:
    /// "€5,000 learning budget", "$1,500 home office stipend". A conjunction starts other news ("$150k and equity").
    private static func mentionsOtherMoney(after end: Int, in tokens: [SalaryToken]) -> Bool {
        var index = end
        while index < end + 3, let word = tokens.word(at: index), !conjunctions.contains(word) {
            if otherMoneyWords.contains(word) || notPayWordsAfter.contains(word) { return true }
            index += 1
        }
        return false
    }

    /// What the words before an amount say about it, within its clause.
    private struct Context {
        enum Direction { case floor, ceiling }

        var direction: Direction?
        var period: SalaryPeriod?
        var mentionsOtherMoney = false

        init(before start: Int, in tokens: [SalaryToken]) {
            var words: [String] = []
            var index = start - 1
            while index >= 0, words.count < 4 {
                let token = tokens[index]
                if let word = tokens.word(at: index) {
                    words.append(word)
                } else if token.isClauseEnd {
                    break
                } else if token.isMark("."), !SalaryText.abbreviations.contains(tokens.word(at: index - 1) ?? "") {
                    // A full stop ends the sentence, but not "Max. $50k".
                    break
                }
                index -= 1
            }
            mentionsOtherMoney = words.contains(where: SalaryText.otherMoneyWords.contains)
            // "Hourly: …", "Annual salary: …", "Day rate: …"; `words` runs backwards, the later word first.
            if let nearest = words.first, SalaryText.periodAdverbs.contains(nearest) {
                period = SalaryPeriod(unitText: nearest)
            }
            for (later, word) in zip(words, words.dropFirst())
            where period == nil && SalaryText.payNouns.contains(later)
                && (SalaryText.periodAdverbs.contains(word) || SalaryText.periodNouns.contains(word)) {
                period = SalaryPeriod(unitText: word)
            }
            guard let last = words.first else { return }
            switch (words.dropFirst().first, last) {
            case ("up", "to"), (_, "upto"), (_, "max"), (_, "maximum"): direction = .ceiling
            case (_, "from"), ("starting", "at"), ("starts", "at"), ("at", "least"), (_, "minimum"), (_, "min"),
                 ("upwards", "of"):
                direction = .floor
            default: break
            }
        }
    }

    /// Words that scale a number past the units salaries are read in ("$50 million", "₹12 lakh");
    /// such amounts are skipped.
    private static let magnitudeWords: Set<String> = [
        "m", "mm", "mn", "million", "millions", "b", "bn", "billion", "billions", "t", "tn", "trillion",
        "lakh", "lakhs", "lac", "lacs", "lpa", "crore", "crores", "cr",
    ]
    /// Money near these words is not pay: perks, bonuses and company finances.
    private static let otherMoneyWords: Set<String> = [
        "budget", "budgets", "stipend", "stipends", "allowance", "allowances", "reimbursement", "reimbursed",
        "bonus", "bonuses", "signing", "grant", "grants", "credit", "credits", "voucher", "vouchers", "relocation",
        "equity", "match", "matching", "perk", "perks", "subsidy", "subsidised", "subsidized", "contribution",
        "donation", "donations", "prize", "fee", "fees", "raised", "funding", "revenue", "valuation", "investment",
    ]
    /// Named after an amount, these make it a company figure or a perk's purpose ("a $2,000,000,000 market",
    /// "$2,000/year for learning"); before it they often just introduce the company or the role
    /// ("a Series B startup paying $150k", "Machine learning engineer, $150k").
    private static let notPayWordsAfter: Set<String> = [
        "series", "market", "round", "seed", "arr", "learning", "training", "education", "conferences",
        "development", "wellness", "wellbeing", "equipment", "gym", "fitness", "commuting",
    ]
    private static let abbreviations: Set<String> = ["max", "min", "approx", "ca", "c"]
    private static let payNouns: Set<String> = ["salary", "rate", "pay", "wage", "compensation", "base", "income"]
    private static let conjunctions: Set<String> = ["and", "or", "plus", "with", "including", "incl"]
    /// Words that may sit between an amount and its period: "€60,000 gross per year".
    private static let amountQualifiers: Set<String> = ["gross", "net", "base", "brutto", "salary", "pay"]
    private static let periodNouns: Set<String> = ["hour", "day", "week", "month", "year"]
    /// Period words that may also stand alone after an amount ("$120k annually").
    private static let periodAdverbs: Set<String> = [
        "hourly", "daily", "weekly", "monthly", "yearly", "annually", "annual", "pa",
    ]
}

/// A piece of text as the salary reader sees it.
private struct SalaryToken {
    struct Currency {
        var code: String
        /// False for symbols several currencies share ("$", "¥").
        var isSpecific: Bool
    }

    enum Kind {
        case number(Double)
        case currency(Currency)
        /// Lowercased.
        case word(String)
        case mark(Unicode.Scalar)
        case lineBreak
    }

    var kind: Kind
    /// No space before this token: "10M" and "$120" are joined, "10 M" is not.
    var isJoined: Bool

    func isMark(_ scalar: Unicode.Scalar) -> Bool {
        if case .mark(let mark) = kind { return mark == scalar }
        return false
    }

    /// Where a clause ends, for reading the words that lead up to an amount.
    var isClauseEnd: Bool {
        switch kind {
        case .lineBreak: return true
        case .mark(let mark): return ";!?,•".unicodeScalars.contains(mark)
        default: return false
        }
    }

    /// "-", "–", "—", "to", and "and" when the range opened with "between".
    func isRangeSeparator(afterBetween: Bool) -> Bool {
        switch kind {
        case .mark(let mark): return "-‐‒–—−".unicodeScalars.contains(mark)
        case .word(let word): return word == "to" || (afterBetween && word == "and")
        default: return false
        }
    }
}

private extension Array where Element == SalaryToken {
    func word(at index: Int) -> String? {
        guard indices.contains(index), case .word(let word) = self[index].kind else { return nil }
        return word
    }
}

private enum SalaryTokenizer {
    static func tokens(of text: String) -> [SalaryToken] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [SalaryToken] = []
        var index = 0
        var isJoined = false
        while index < scalars.count {
            let scalar = scalars[index]
            if "\n\r\u{2028}\u{2029}".unicodeScalars.contains(scalar) {
                tokens.append(SalaryToken(kind: .lineBreak, isJoined: false))
                isJoined = false
                index += 1
                continue
            }
            if scalar.isSpaceLike {
                isJoined = false
                index += 1
                continue
            }
            let kind: SalaryToken.Kind
            if isDigit(scalar) {
                let (value, end) = number(in: scalars, from: index)
                kind = .number(value)
                index = end
            } else if scalar.isLetterLike {
                var end = index
                while end < scalars.count, scalars[end].isLetterLike { end += 1 }
                var word = ""
                word.unicodeScalars.append(contentsOf: scalars[index..<end])
                if end < scalars.count, scalars[end] == "$", let code = dollarPrefixes[word] {
                    kind = .currency(.init(code: code, isSpecific: true))
                    end += 1
                } else if isoCodes.contains(word) {
                    kind = .currency(.init(code: word, isSpecific: true))
                } else {
                    kind = .word(word.lowercased())
                }
                index = end
            } else if let currency = symbols[scalar] {
                kind = .currency(currency)
                index += 1
            } else {
                kind = .mark(scalar)
                index += 1
            }
            tokens.append(SalaryToken(kind: kind, isJoined: isJoined))
            isJoined = true
        }
        return tokens
    }

    /// Reads "120,000", "60.000", "60 000", "120'000", Indian "18,00,000", and decimals "25.50" or "25,50".
    /// A separator followed by exactly three digits groups thousands; one or two digits after "." or "," are cents.
    private static func number(in scalars: [Unicode.Scalar], from start: Int) -> (Double, Int) {
        var index = start
        while index < scalars.count, isDigit(scalars[index]) { index += 1 }
        let leadingGroup = index - start
        var digits = ""
        digits.unicodeScalars.append(contentsOf: scalars[start..<index])
        var fraction = ""
        var groupSeparator: Unicode.Scalar?
        while index < scalars.count, groupSeparators.contains(scalars[index]) {
            let separator = scalars[index]
            let run = digitRun(in: scalars, from: index + 1)
            let isGroup = run == 3 && leadingGroup <= 3 && (groupSeparator == nil || groupSeparator == separator)
            let next = index + 1 + run
            // Lakh grouping puts two-digit groups before the last three.
            let isLakhGroup = separator == "," && run == 2 && leadingGroup <= 2 && next < scalars.count
                && scalars[next] == "," && digitRun(in: scalars, from: next + 1) >= 2
            if isGroup || isLakhGroup {
                groupSeparator = separator
                digits.unicodeScalars.append(contentsOf: scalars[(index + 1)..<next])
                index = next
                continue
            }
            if separator == "." || separator == ",", separator != groupSeparator, (1...2).contains(run) {
                fraction.unicodeScalars.append(contentsOf: scalars[(index + 1)..<next])
                index = next
            }
            break
        }
        let value = Double(fraction.isEmpty ? digits : digits + "." + fraction) ?? 0
        return (value, index)
    }

    private static func digitRun(in scalars: [Unicode.Scalar], from start: Int) -> Int {
        var end = start
        while end < scalars.count, isDigit(scalars[end]) { end += 1 }
        return end - start
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// Comma, dot, apostrophe (Swiss), and the spaces French and Nordic typography groups with.
    private static let groupSeparators: Set<Unicode.Scalar> = [
        ",", ".", "'", "’", " ", "\u{00A0}", "\u{202F}", "\u{2009}",
    ]
    private static let symbols: [Unicode.Scalar: SalaryToken.Currency] = [
        "$": .init(code: "USD", isSpecific: false), "€": .init(code: "EUR", isSpecific: true),
        "£": .init(code: "GBP", isSpecific: true), "¥": .init(code: "JPY", isSpecific: false),
        "₹": .init(code: "INR", isSpecific: true),
    ]
    /// Written in capitals only, so "a cad" or "nok" in running text are not currencies.
    private static let isoCodes: Set<String> = [
        "USD", "EUR", "GBP", "CAD", "AUD", "CHF", "SEK", "NOK", "DKK", "PLN", "INR", "JPY", "SGD",
    ]
    static let isoCodeBytes = isoCodes.map { Array($0.utf8) }
    private static let dollarPrefixes = ["US": "USD", "CA": "CAD", "C": "CAD", "A": "AUD", "AU": "AUD", "S": "SGD"]
}
