import Foundation

/// A word or phrase outside the skill taxonomy whose share of postings is rising: a candidate skill.
public struct EmergingTerm: Sendable, Codable, Equatable {
    public var term: String
    /// Postings holding the term in the recent periods, and their share of the recent postings.
    public var recentCount: Int
    public var recentShare: Double
    /// The same before the recent periods.
    public var earlierCount: Int
    public var earlierShare: Double
    /// recentShare / earlierShare, with one posting's worth of smoothing so that new terms stay finite.
    public var rise: Double
}

/// Finds emerging terms: unigrams and bigrams of the posting texts that no skill alias covers,
/// that appear in enough postings, and whose share rose in the last periods by more than chance.
public struct EmergingTermFinder: Sendable {
    public var granularity = PeriodGranularity.quarter
    /// How many of the latest periods count as recent.
    public var recentPeriods = 2
    /// A term must appear in at least this many recent postings.
    public var minimumPostings = 8
    /// And its share must have grown at least this much.
    public var minimumRise = 2.0
    public var top = 20

    private let known: Set<String>
    private let tokenizer = Tokenizer()

    /// `taxonomy`'s aliases and names are the terms already known, and are never proposed.
    public init(taxonomy: SkillTaxonomy) {
        var known = Set<String>()
        for skill in taxonomy.skills {
            for text in [skill.name, skill.id.replacingOccurrences(of: "-", with: " ")] + skill.aliases.map(\.text) {
                known.insert(Tokenizer(stopWords: []).tokens(text).joined(separator: " "))
            }
        }
        self.known = known
    }

    /// `postings` are (date, text) pairs of the deduplicated postings to consider.
    public func find(in postings: [(date: String?, text: String)]) -> [EmergingTerm] {
        let dated = postings.compactMap { posting in posting.date.flatMap(granularity.period(of:)).map { ($0, posting.text) } }
        guard let last = dated.map(\.0).max(), let first = dated.map(\.0).min() else { return [] }
        let periods = granularity.periods(from: first, to: last)
        guard periods.count > recentPeriods else { return [] }
        let recent = Set(periods.suffix(recentPeriods))
        var recentTotal = 0
        var earlierTotal = 0
        var recentCounts: [String: Int] = [:]
        var earlierCounts: [String: Int] = [:]
        for (period, text) in dated {
            let terms = Set(tokenizer.terms(text, includeBigrams: true).filter(isCandidate))
            if recent.contains(period) {
                recentTotal += 1
                for term in terms { recentCounts[term, default: 0] += 1 }
            } else {
                earlierTotal += 1
                for term in terms { earlierCounts[term, default: 0] += 1 }
            }
        }
        guard recentTotal > 0, earlierTotal > 0 else { return [] }
        return recentCounts.compactMap { term, count -> EmergingTerm? in
            guard count >= minimumPostings else { return nil }
            let earlier = earlierCounts[term] ?? 0
            let recentShare = Double(count) / Double(recentTotal)
            let earlierShare = Double(earlier) / Double(earlierTotal)
            let rise = recentShare / ((Double(earlier) + 1) / Double(earlierTotal + 1))
            // A rise must be more than chance: the recent share's 95% interval lies wholly above the earlier one's.
            guard rise >= minimumRise,
                  Wilson.interval(count: count, total: recentTotal).lower > Wilson.interval(count: earlier, total: earlierTotal).upper
            else { return nil }
            return EmergingTerm(term: term, recentCount: count, recentShare: recentShare, earlierCount: earlier,
                                earlierShare: earlierShare, rise: rise)
        }
        .sorted { $0.rise != $1.rise ? $0.rise > $1.rise : $0.term < $1.term }
        .prefix(top).map { $0 }
    }

    /// Terms of letters (not numbers, not single characters), not known to the taxonomy, and not a
    /// bigram that merely contains a known skill.
    private func isCandidate(_ term: String) -> Bool {
        guard term.count > 2, term.contains(where: \.isLetter), !known.contains(term) else { return false }
        let words = term.split(separator: " ")
        if words.contains(where: { $0.allSatisfy { $0.isNumber || $0 == "." } }) { return false }
        return words.count == 1 || !words.contains { known.contains(String($0)) }
    }
}

extension PostingStore {
    /// The date and text of each stored posting that is not a near-duplicate.
    public func datedTexts(filter: PostingFilter = PostingFilter()) throws(StoreError) -> [(date: String?, text: String)] {
        try withStoreErrors {
            var result: [(date: String?, text: String)] = []
            try connection.prepare("""
                SELECT date_posted, text, role, seniority, workplace, duplicate_of, id FROM postings ORDER BY rowid
                """).query { row in
                let posting = DemandData.Posting(id: row.text(6) ?? "", date: row.text(0), role: row.text(2) ?? "",
                                                 seniority: row.text(3) ?? "", workplace: row.text(4) ?? "",
                                                 isDuplicate: !row.isNull(5), skills: [])
                if filter.accepts(posting) { result.append((row.text(0), row.text(1) ?? "")) }
            }
            return result
        }
    }
}
