import Foundation

/// A word or phrase outside the skill taxonomy whose share of postings is rising and that reads
/// like a technology: a candidate skill, with its evidence and an entry ready for `skills.yaml`.
public struct EmergingTerm: Sendable, Codable, Equatable {
    /// The case-folded term, and its most common spelling as written.
    public var term: String
    public var name: String
    /// Postings holding the term in the recent periods (outside repeated template text), and their share.
    public var recentCount: Int
    public var recentShare: Double
    /// The same before the recent periods.
    public var earlierCount: Int
    public var earlierShare: Double
    /// recentShare / earlierShare, with one posting's worth of smoothing so that new terms stay finite.
    public var rise: Double
    /// Distinct companies among the recent postings that hold it.
    public var companies: Int
    /// Why it reads as a technology: `known technology` (the O*NET list), `versioned name`,
    /// `written as a name` (capitalised or mixed case mid-sentence, beside known skills).
    public var evidence: String
    /// The category most of the known skills beside it belong to: a guess for its entry.
    public var suggestedCategory: String
    public var examples: [EmergingExample]

    /// The entry to paste into `skills.yaml`.
    public var yamlEntry: String {
        let id = term.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        return """
              - id: \(id)
                name: \(Self.yamlScalar(name))
                category: \(suggestedCategory)
                aliases: [\(Self.yamlScalar(name))]
            """
    }

    /// A YAML plain scalar when safe, else double-quoted.
    static func yamlScalar(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || " .-_".contains($0) } && text.first?.isLetter == true
        return plain ? text : "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// A posting an emerging term was seen in, with the words around it.
public struct EmergingExample: Sendable, Codable, Equatable {
    public var id: String
    public var title: String?
    public var company: String?
    public var snippet: String
}

/// What `trends --emerging` found, and over what.
public struct EmergingReport: Sendable, Codable, Equatable {
    public var granularity: PeriodGranularity
    /// The periods counted as recent, and the postings in them and before.
    public var recentPeriods: [String]
    public var recentPostings: Int
    public var earlierPostings: Int
    /// Origins with enough postings both before and in the recent periods: a rise is read within
    /// them. Empty when no origin spans both, so that a rise may be a change of source.
    public var comparedWithin: [String]
    public var terms: [EmergingTerm]
}

/// Finds emerging skills: terms no skill alias covers, that read as technologies, appear at many
/// companies, and whose share rose in the last periods by more than chance, within each source.
///
/// Text repeated word for word across postings (a job board's footer, a recruiter's template) is
/// left out before counting: an occurrence whose seven words around it recur in
/// `templatePostings` or more postings is template, not demand. Job-ad vocabulary (apply, visa,
/// remote, senior, salary…), places, URLs and the posting's own company never qualify.
public struct EmergingTermFinder: Sendable {
    /// A posting as the finder reads it.
    public struct Posting: Sendable {
        public var id: String
        public var title: String?
        public var company: String?
        public var date: String?
        public var origin: String
        public var text: String

        public init(id: String, title: String? = nil, company: String? = nil, date: String?, origin: String = "", text: String) {
            self.id = id
            self.title = title
            self.company = company
            self.date = date
            self.origin = origin
            self.text = text
        }
    }

    public var granularity = PeriodGranularity.quarter
    /// How many of the latest periods count as recent.
    public var recentPeriods = 2
    /// A term must appear in at least this many recent postings…
    public var minimumPostings = 8
    /// …of at least this many companies…
    public var minimumCompanies = 5
    /// …and its share must have grown at least this much.
    public var minimumRise = 2.0
    /// Seven words recurring in this many postings are a template.
    public var templatePostings = 4
    /// An origin needs this many postings in each window for a rise to be read within it.
    public var minimumOriginPostings = 20
    public var top = 20

    private let known: Set<String>
    /// Single-word aliases of known skills, with the skill's category.
    private let knownCategories: [String: String]
    private let technologies: Set<String>
    /// Stop words are kept, so that contexts and snippets are the words as written; they are
    /// never candidates themselves.
    private let tokenizer = Tokenizer(stopWords: [])

    /// `taxonomy`'s aliases and names are the terms already known, and are never proposed;
    /// `technologies` are lower-cased product names (see `loadTechnologies`).
    public init(taxonomy: SkillTaxonomy, technologies: Set<String> = []) {
        var known = Set<String>()
        var categories: [String: String] = [:]
        let plain = Tokenizer(stopWords: [])
        for skill in taxonomy.skills {
            for text in [skill.name, skill.id.replacingOccurrences(of: "-", with: " ")] + skill.aliases.map(\.text) {
                let words = plain.tokens(text)
                known.insert(words.joined(separator: " "))
                if words.count == 1 { categories[words[0]] = skill.category }
            }
        }
        self.known = known
        knownCategories = categories
        self.technologies = technologies
    }

    /// The names of a technology list file: one per line, `#` comments.
    public static func loadTechnologies(path: String) -> Set<String> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
    }

    // MARK: - Finding

    /// One occurrence of a candidate term in a posting.
    private struct Occurrence {
        var term: String
        var surface: String
        var context: UInt64
        var atSentenceStart: Bool
        /// Named in a list of customers, investors or employers ("used by Google, Stripe, Meta").
        var asOrganisation: Bool
        var nearKnown: [String]
        /// Where it is in the posting's words, for an example's snippet.
        var position: Int32
        var length: Int8
    }

    /// What is known about one term over all postings.
    private struct Evidence {
        var recent = 0, earlier = 0
        var recentByOrigin: [String: Int] = [:], earlierByOrigin: [String: Int] = [:]
        var companies = Set<String>()
        var spellings: [String: Int] = [:]
        var midSentence = 0, writtenAsName = 0, besideKnown = 0, asOrganisation = 0, occurrences = 0
        var categories: [String: Int] = [:]
        /// Up to three examples (a posting of the pass, the occurrence's words), those beside known
        /// skills and not in a list of companies first; their snippets are made only for the terms shown.
        var examples: [(posting: Int, position: Int32, length: Int8, telling: Bool)] = []
    }

    public func find(in postings: [Posting]) -> EmergingReport {
        let dated = postings.compactMap { posting in posting.date.flatMap(granularity.period(of:)).map { ($0, posting) } }
        var report = EmergingReport(granularity: granularity, recentPeriods: [], recentPostings: 0, earlierPostings: 0,
                                    comparedWithin: [], terms: [])
        guard let last = dated.map(\.0).max(), let first = dated.map(\.0).min() else { return report }
        let periods = granularity.periods(from: first, to: last)
        guard periods.count > recentPeriods else { return report }
        let recent = Set(periods.suffix(recentPeriods))
        report.recentPeriods = Array(periods.suffix(recentPeriods))

        // Pass 1: candidate occurrences per posting, and how many postings share each context.
        var found: [(isRecent: Bool, posting: Posting, occurrences: [Occurrence])] = []
        var contextPostings: [UInt64: Int] = [:]
        var recentTotals: [String: Int] = [:], earlierTotals: [String: Int] = [:]
        for (period, posting) in dated {
            let occurrences = candidates(in: posting)
            for context in Set(occurrences.map(\.context)) { contextPostings[context, default: 0] += 1 }
            let isRecent = recent.contains(period)
            if isRecent { recentTotals[posting.origin, default: 0] += 1 } else { earlierTotals[posting.origin, default: 0] += 1 }
            found.append((isRecent, posting, occurrences))
        }
        report.recentPostings = recentTotals.values.reduce(0, +)
        report.earlierPostings = earlierTotals.values.reduce(0, +)
        guard report.recentPostings > 0, report.earlierPostings > 0 else { return report }
        let within = recentTotals.keys.filter {
            recentTotals[$0]! >= minimumOriginPostings && (earlierTotals[$0] ?? 0) >= minimumOriginPostings
        }.sorted()
        report.comparedWithin = within

        // Pass 2: evidence per term from the occurrences outside templates. Entries are updated in
        // place: a copy of one would copy its sets at every occurrence.
        var evidence: [String: Evidence] = [:]
        func add(_ occurrence: Occurrence, firstInPosting: Bool, of postingIndex: Int, isRecent: Bool, to item: inout Evidence) {
            let posting = found[postingIndex].posting
            item.occurrences += 1
            item.spellings[occurrence.surface, default: 0] += 1
            if !occurrence.atSentenceStart {
                item.midSentence += 1
                if Self.isWrittenAsName(occurrence.surface) { item.writtenAsName += 1 }
            }
            if !occurrence.nearKnown.isEmpty { item.besideKnown += 1 }
            if occurrence.asOrganisation { item.asOrganisation += 1 }
            for category in occurrence.nearKnown { item.categories[category, default: 0] += 1 }
            guard firstInPosting else { return }
            if isRecent {
                item.recent += 1
                item.recentByOrigin[posting.origin, default: 0] += 1
                item.companies.insert(Self.company(of: posting).map(Self.companyKey) ?? "#" + posting.id)
                let telling = !occurrence.nearKnown.isEmpty && !occurrence.asOrganisation
                let example = (postingIndex, occurrence.position, occurrence.length, telling)
                if item.examples.count < 3 {
                    item.examples.append(example)
                } else if telling, let weak = item.examples.firstIndex(where: { !$0.telling }) {
                    item.examples[weak] = example
                }
            } else {
                item.earlier += 1
                item.earlierByOrigin[posting.origin, default: 0] += 1
            }
        }
        for (postingIndex, (isRecent, _, occurrences)) in found.enumerated() {
            var seen = Set<String>()
            for occurrence in occurrences where contextPostings[occurrence.context, default: 0] < templatePostings {
                add(occurrence, firstInPosting: seen.insert(occurrence.term).inserted, of: postingIndex, isRecent: isRecent,
                    to: &evidence[occurrence.term, default: Evidence()])
            }
        }
        /// An example's posting and the words around the occurrence, as written.
        func example(_ reference: (posting: Int, position: Int32, length: Int8, telling: Bool)) -> EmergingExample {
            let posting = found[reference.posting].posting
            let words = tokenizer.spans(posting.text)
            let start = Int(reference.position), end = start + Int(reference.length)
            let snippet = words[max(0, start - 7)..<min(words.count, end + 7)].map(\.surface).joined(separator: " ")
            return EmergingExample(id: posting.id, title: posting.title, company: posting.company, snippet: snippet)
        }

        let recentTotal = report.recentPostings, earlierTotal = report.earlierPostings
        report.terms = evidence.compactMap { term, item -> (term: EmergingTerm, examples: [(Int, Int32, Int8, Bool)])? in
            guard item.recent >= minimumPostings, item.companies.count >= minimumCompanies,
                  let reason = technologyEvidence(term, item) else { return nil }
            // Within the origins that span both windows when there are any; pooled otherwise.
            let (count, total, earlier, before) = within.isEmpty
                ? (item.recent, recentTotal, item.earlier, earlierTotal)
                : within.reduce((0, 0, 0, 0)) { sum, origin in
                    (sum.0 + (item.recentByOrigin[origin] ?? 0), sum.1 + recentTotals[origin]!,
                     sum.2 + (item.earlierByOrigin[origin] ?? 0), sum.3 + earlierTotals[origin]!)
                }
            guard count > 0 else { return nil }
            let rise = (Double(count) / Double(total)) / ((Double(earlier) + 1) / Double(before + 1))
            // More than chance: the recent share's 95% interval lies wholly above the earlier one's…
            guard rise >= minimumRise,
                  Wilson.interval(count: count, total: total).lower > Wilson.interval(count: earlier, total: before).upper,
                  // …and it falls in no origin that spans both windows.
                  within.allSatisfy({ origin in
                      Double(item.recentByOrigin[origin] ?? 0) / Double(recentTotals[origin]!)
                          >= Double(item.earlierByOrigin[origin] ?? 0) / Double(earlierTotals[origin]!)
                  })
            else { return nil }
            let name = item.spellings.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? term
            let category = item.categories.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "practice"
            return (EmergingTerm(term: term, name: name, recentCount: item.recent, recentShare: Double(item.recent) / Double(recentTotal),
                                 earlierCount: item.earlier, earlierShare: Double(item.earlier) / Double(earlierTotal), rise: rise,
                                 companies: item.companies.count, evidence: reason, suggestedCategory: category, examples: []),
                    item.examples.filter(\.telling) + item.examples.filter { !$0.telling })
        }
        .sorted { ($0.term.rise, $0.term.recentCount, $1.term.term) > ($1.term.rise, $1.term.recentCount, $0.term.term) }
        .prefix(top).map { candidate in
            var term = candidate.term
            term.examples = candidate.examples.map(example)
            return term
        }
        return report
    }

    /// Why `term` reads as a technology, or nil: a known product name, a versioned name, or a name
    /// mostly written capitalised or in mixed case mid-sentence and often beside known skills.
    private func technologyEvidence(_ term: String, _ item: Evidence) -> String? {
        // Mostly a customer, investor or former employer: a company, whatever it sells.
        if 2 * item.asOrganisation >= item.occurrences { return nil }
        if technologies.contains(term) { return "known technology" }
        if Self.isVersioned(term) { return "versioned name" }
        guard item.midSentence >= 3, Double(item.writtenAsName) >= 0.6 * Double(item.midSentence),
              Double(item.besideKnown) >= 0.3 * Double(item.occurrences) else { return nil }
        return "written as a name"
    }

    /// The candidate occurrences of a posting: unigrams and bigrams (not across a break) that no
    /// alias covers, that are not job-ad vocabulary, places, URLs or the posting's own company.
    private func candidates(in posting: Posting) -> [Occurrence] {
        let tokens = tokenizer.spans(posting.text)
        guard !tokens.isEmpty else { return [] }
        let companyWords = Set(tokenizer.tokens(Self.company(of: posting) ?? ""))
        // What each word is, looked up once: windows (in words as written, stop words included)
        // then read these arrays.
        let hashes = tokens.map { token in
            var hasher = FNV1a()
            hasher.add(Array(token.text.utf8))
            return hasher.value
        }
        let categories = tokens.map { knownCategories[$0.text] }
        let cues = tokens.map { JobAdVocabulary.organisationCues.contains($0.text) || $0.text.hasPrefix("ex-") }
        let employers = tokens.map { JobAdVocabulary.employers.contains($0.text) }
        let eligible = tokens.map { isCandidateWord($0.text) && !companyWords.contains($0.text) }
        var result: [Occurrence] = []
        func context(_ start: Int, _ end: Int) -> UInt64 {
            var hasher = FNV1a()
            for index in max(0, start - 3)..<min(tokens.count, end + 3) { hasher.add(hashes[index]) }
            return hasher.value
        }
        func nearKnown(_ start: Int, _ end: Int) -> [String] {
            (max(0, start - 8)..<min(tokens.count, end + 8)).compactMap { index in
                index >= start && index < end ? nil : categories[index]
            }
        }
        /// Whether a word introducing organisations ("customers", "backed", "ex-…") comes up to
        /// ten words before in the same sentence, or a well-known employer up to four words
        /// either side ("from Google, Meta and Uber").
        func asOrganisation(_ start: Int) -> Bool {
            var index = start
            while index > 0, start - index < 10, tokens[index].boundary != .sentence {
                index -= 1
                if cues[index] || (start - index <= 4 && employers[index]) { return true }
            }
            var after = start + 1
            while after < tokens.count, after - start <= 4, tokens[after].boundary != .sentence {
                if employers[after] { return true }
                after += 1
            }
            return false
        }
        for index in tokens.indices where eligible[index] {
            let word = tokens[index].text
            let isKnown = known.contains(word)
            // A word that is part of a known name with its neighbour ("Hugging" of "Hugging Face") is that name.
            let inKnownPair = (index > 0 && known.contains(tokens[index - 1].text + " " + word))
                || (index + 1 < tokens.count && known.contains(word + " " + tokens[index + 1].text))
            if !isKnown && !inKnownPair {
                result.append(Occurrence(term: word, surface: tokens[index].surface, context: context(index, index + 1),
                                         atSentenceStart: index == 0 || tokens[index].boundary == .sentence,
                                         asOrganisation: asOrganisation(index),
                                         nearKnown: nearKnown(index, index + 1), position: Int32(index), length: 1))
            }
            // A bigram of two candidate words, neither of them a known skill on its own.
            guard index + 1 < tokens.count, tokens[index + 1].boundary == .none, eligible[index + 1], !isKnown,
                  !known.contains(tokens[index + 1].text) else { continue }
            let bigram = word + " " + tokens[index + 1].text
            guard !known.contains(bigram) else { continue }
            result.append(Occurrence(term: bigram, surface: tokens[index].surface + " " + tokens[index + 1].surface,
                                     context: context(index, index + 2),
                                     atSentenceStart: index == 0 || tokens[index].boundary == .sentence,
                                     asOrganisation: asOrganisation(index),
                                     nearKnown: nearKnown(index, index + 2), position: Int32(index), length: 2))
        }
        return result
    }

    /// Letters (not a number, not one or two characters, not a contraction or a stop word), not
    /// job-ad vocabulary, a place or a web address.
    private func isCandidateWord(_ word: String) -> Bool {
        // Checked on scalars and bytes: this runs for every word of every posting.
        guard word.unicodeScalars.count > 2, word.unicodeScalars.first?.properties.isAlphabetic == true,
              !word.unicodeScalars.contains(where: { $0 == "'" || $0 == "\u{2019}" }), !Tokenizer.englishStopWords.contains(word),
              !JobAdVocabulary.words.contains(word), !JobAdVocabulary.places.contains(word) else { return false }
        return !JobAdVocabulary.webSuffixes.contains { word.hasSuffix($0) } && !word.hasPrefix("www")
            && !JobAdVocabulary.describingSuffixes.contains { word.hasSuffix($0) }
    }

    /// Letters then digits, as versions are written: `gpt-4o`, `llama3`, `claude-3.5` (not `401k`, `h1b`).
    static func isVersioned(_ term: String) -> Bool {
        guard !term.contains(" ") else { return false }
        let letters = term.prefix { $0.isLetter }
        guard letters.count >= 3 else { return false }
        let rest = term.dropFirst(letters.count).drop { $0 == "-" || $0 == "." }
        return rest.first?.isNumber == true
    }

    /// Capitalised or in mixed case (`Cursor`, `LangGraph`, `vLLM`), or with a technical mark (`.js`, `#`, `+`).
    static func isWrittenAsName(_ surface: String) -> Bool {
        surface.split(separator: " ").allSatisfy { word in
            word.first?.isUppercase == true || word.dropFirst().contains(where: \.isUppercase) || word.contains { "#+.".contains($0) }
        }
    }

    /// The company, or the first part of a title written `Company | Role | Place`, as "Who is
    /// hiring?" posts and many boards write it.
    static func company(of posting: Posting) -> String? {
        if let company = posting.company { return company }
        guard let title = posting.title, title.contains(" | ") else { return nil }
        return title.components(separatedBy: " | ").first
    }

    static func companyKey(_ company: String) -> String {
        company.lowercased().filter { $0.isLetter || $0.isNumber }
    }
}

/// Words of job ads that are never a skill however they trend: applying, contact, visas, pay and
/// perks, seniority and job type, workplaces and time, and the places postings name.
enum JobAdVocabulary {
    static let words: Set<String> = [
        // Applying and contact.
        "apply", "applying", "application", "applications", "applicant", "applicants", "email", "e-mail", "contact",
        "resume", "resumes", "cv", "cover", "letter", "portfolio", "linkedin", "reach", "dm", "message", "interview",
        "interviews", "hiring", "hire", "hires", "recruiter", "recruiting", "recruitment", "referral", "mention", "subject",
        "link", "url", "website", "site", "page", "click", "menu", "login", "log", "sign", "signup", "newsletter", "directory",
        "blog", "faq", "careers", "career", "jobs", "job", "openings", "opening", "posting", "postings", "listing",
        // Visas and location rules.
        "visa", "visas", "sponsorship", "sponsor", "sponsors", "sponsoring", "relocation", "relocate", "citizen", "citizens",
        "citizenship", "authorization", "authorized", "clearance", "h1b", "h-1b", "opt", "green", "card",
        // Pay and perks.
        "salary", "salaries", "compensation", "equity", "stock", "options", "bonus", "benefits", "benefit", "401k", "401(k)",
        "pto", "vacation", "holidays", "insurance", "dental", "vision", "medical", "health", "healthcare", "parental", "leave",
        "stipend", "perks", "usd", "eur", "gbp", "cad", "aud", "inr", "k", "per", "annum", "hourly", "annual", "range",
        // Seniority, job type and roles.
        "intern", "interns", "internship", "junior", "mid", "senior", "sr", "jr", "staff", "principal", "lead", "leads",
        "head", "director", "vp", "chief", "founding", "founder", "founders", "cofounder", "co-founder", "cto", "ceo",
        "manager", "managers", "engineer", "engineers", "engineering", "developer", "developers", "scientist", "scientists",
        "designer", "designers", "analyst", "analysts", "architect", "architects", "researcher", "researchers", "specialist",
        "full-time", "fulltime", "part-time", "parttime", "full", "time", "contract", "contractor", "contractors", "freelance",
        "permanent", "temporary", "temp", "role", "roles", "position", "positions", "team", "teams", "opportunity",
        "swe", "swes", "sde", "mle", "eng", "engs", "fullstack", "full-stack", "account", "executive", "executives", "sales", "marketing",
        "customer", "success", "support", "operations", "ops", "generalist", "generalists", "member", "members",
        // Workplaces and time.
        "remote", "remotely", "onsite", "on-site", "hybrid", "office", "offices", "in-person", "wfh", "timezone", "timezones",
        "est", "pst", "pt", "et", "cet", "utc", "gmt", "hours", "week", "weeks", "days", "monday", "tuesday", "wednesday",
        "thursday", "friday", "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "today", "now", "asap", "immediately",
        // Companies in general and funding.
        "startup", "startups", "company", "companies", "investors", "investor", "funded", "funding", "raised", "seed",
        "series", "backed", "yc", "combinator", "hackernews", "ycombinator", "inc", "llc", "ltd", "gmbh", "corp", "corporation", "hn", "hacker", "news",
        "who", "hiring?", "ask",
    ]

    /// Countries, regions, states and the cities postings name most.
    static let places: Set<String> = [
        "usa", "us", "u.s", "america", "americas", "united", "states", "kingdom", "uk", "canada", "mexico", "brazil",
        "argentina", "colombia", "chile", "europe", "european", "eu", "emea", "apac", "latam", "asia", "africa",
        "germany", "france", "spain", "portugal", "italy", "netherlands", "belgium", "switzerland", "austria", "ireland",
        "sweden", "norway", "denmark", "finland", "poland", "ukraine", "romania", "greece", "israel", "india", "china",
        "japan", "korea", "singapore", "australia", "zealand", "vietnam", "philippines", "indonesia", "pakistan", "nigeria",
        "kenya", "egypt", "uae", "dubai", "california", "texas", "florida", "washington", "oregon", "colorado", "utah",
        "arizona", "georgia", "illinois", "massachusetts", "virginia", "carolina", "ohio", "michigan", "pennsylvania",
        "jersey", "york", "nyc", "ny", "sf", "bay", "area", "san", "francisco", "jose", "diego", "los", "angeles", "la",
        "seattle", "boston", "chicago", "austin", "denver", "atlanta", "miami", "portland", "toronto", "vancouver",
        "montreal", "london", "berlin", "munich", "paris", "amsterdam", "dublin", "madrid", "barcelona", "lisbon", "zurich",
        "stockholm", "copenhagen", "warsaw", "tel", "aviv", "bangalore", "bengaluru", "hyderabad", "pune", "delhi",
        "mumbai", "tokyo", "sydney", "melbourne", "palo", "alto", "mountain", "view", "menlo", "park", "cambridge",
        "brooklyn", "manhattan", "north", "south", "east", "west", "central", "pacific", "eastern", "western", "region",
    ]

    /// Words that introduce organisations rather than tools: customers, investors, employers.
    static let organisationCues: Set<String> = [
        "customers", "customer", "clients", "client", "companies", "partners", "investors", "backed", "trusted",
        "used", "alumni", "former", "formerly", "acquired", "acquisition", "leaders", "researchers", "founders",
        "cited", "platforms", "brands", "enterprises", "organizations", "organisations", "logos", "employers",
        "builders", "angels", "partnership", "pioneers", "veterans",
    ]

    /// Employers postings name as pedigree or customers, beside whom a name is a company too.
    static let employers: Set<String> = [
        "google", "amazon", "apple", "microsoft", "meta", "facebook", "netflix", "uber", "airbnb", "stripe", "twitter",
        "openai", "anthropic", "nvidia", "tesla", "palantir", "linkedin", "salesforce", "ibm", "intel", "oracle", "spotify",
        "shopify", "coinbase", "dropbox", "lyft", "doordash", "instacart", "pinterest", "snap", "tiktok", "bytedance",
        "deepmind", "waymo", "spacex", "citadel", "jane", "mckinsey", "goldman", "jpmorgan", "adobe", "cisco", "vmware",
    ]

    /// Endings of compounds that describe a product rather than name a skill: "AI-powered", "data-driven".
    static let describingSuffixes = ["-driven", "-powered", "-based", "-enabled", "-focused", "-oriented", "-related",
                                     "-centric", "-friendly", "-ready", "-backed", "-funded", "-led", "-first", "-like"]

    /// Endings of web addresses the tokenizer did not take for one.
    static let webSuffixes = [".com", ".org", ".net", ".co", ".io", ".ai", ".dev", ".jobs", ".app", ".html"]
}

extension PostingStore {
    /// The stored postings the filter accepts, with their text, as the emerging-term finder reads them.
    public func emergingTermPostings(filter: PostingFilter = PostingFilter()) throws(StoreError) -> [EmergingTermFinder.Posting] {
        try withStoreErrors {
            var result: [EmergingTermFinder.Posting] = []
            try connection.prepare("""
                SELECT id, title, company, date_posted, origin, source, text, role, seniority, workplace, duplicate_of
                FROM postings ORDER BY rowid
                """).query { row in
                let id = row.text(0) ?? ""
                let labels = DemandData.Posting(id: id, date: row.text(3), role: row.text(7) ?? "", seniority: row.text(8) ?? "",
                                                workplace: row.text(9) ?? "", isDuplicate: !row.isNull(10), skills: [])
                guard filter.accepts(labels) else { return }
                result.append(EmergingTermFinder.Posting(
                    id: id, title: row.text(1), company: row.text(2), date: row.text(3),
                    origin: row.text(4) ?? PostingOrigin.of(source: row.text(5) ?? ""), text: row.text(6) ?? ""))
            }
            return result
        }
    }
}
