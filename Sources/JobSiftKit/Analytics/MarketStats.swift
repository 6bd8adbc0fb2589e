import Foundation

/// A count and its share of the postings considered.
public struct Bucket: Sendable, Codable, Equatable {
    public var name: String
    public var count: Int
    public var share: Double
}

/// Pay for one role in one currency and period: never mixed across currencies or periods.
public struct SalarySummary: Sendable, Codable, Equatable {
    public var role: String
    public var currency: String
    public var period: String
    /// Postings stating a salary in this currency and period.
    public var count: Int
    /// Quartiles of each posting's midpoint (the mean of its minimum and maximum, or the one stated).
    public var lowerQuartile: Double
    public var median: Double
    public var upperQuartile: Double
}

/// Two skills demanded together, and how much more often than chance.
public struct SkillPair: Sendable, Codable, Equatable {
    public var first: String
    public var second: String
    public var count: Int
    /// P(both) / (P(first) · P(second)): above 1 the skills travel together.
    public var lift: Double
}

/// The shares of skills within one role.
public struct RoleSkills: Sendable, Codable, Equatable {
    public var role: String
    public var postings: Int
    /// Share of the role's postings demanding each of the matrix's skills, in `MarketStats.matrixSkills` order.
    public var shares: [Double]
}

/// The market at a glance: role, seniority and workplace mix, salaries, skills per role, and skill pairs.
public struct MarketStats: Sendable, Codable, Equatable {
    public var postings: Int
    public var duplicatesLeftOut: Int
    public var roles: [Bucket]
    public var seniority: [Bucket]
    public var workplace: [Bucket]
    /// The origins (sites, datasets, folders) the postings came from.
    public var sources: [Bucket]
    /// Remote postings among those whose workplace is known.
    public var remoteShareOfKnown: Double?
    public var salaries: [SalarySummary]
    public var matrixSkills: [String]
    public var roleSkills: [RoleSkills]
    public var pairs: [SkillPair]
    /// "role" or "source" when the mixes' shares are held at the store's overall mix of that
    /// (see `build`); nil for plain shares.
    public var adjustedFor: String?

    /// `topSkills` columns in the role × skill matrix; pairs need `minimumPairCount` postings.
    ///
    /// With `adjustment`, the shares of the role, seniority, workplace and source mixes (and the
    /// remote share) are those the filtered postings would have at the role (or source) mix of all
    /// postings the filter accepts whatever their date (direct standardisation): `stats --since 2026
    /// --adjust source` and `stats --until 2024 --adjust source` then compare like with like.
    /// Counts stay as counted; salaries, the role × skill matrix and pairs are within a role or a
    /// pair already and are not reweighted.
    public static func build(_ data: DemandData, filter: PostingFilter = PostingFilter(), topSkills: Int = 12,
                             minimumPairCount: Int = 5, topPairs: Int = 15, adjustment: MixDimension? = nil) -> MarketStats {
        let postings = data.postings.filter { filter.accepts($0) }
        let duplicates = filter.includeDuplicates ? 0 : data.postings.filter { $0.isDuplicate }.count
        let total = postings.count
        // Each posting's weight: 1/total plainly; standardised, its stratum's overall share over the
        // stratum's postings here (strata absent here leave the others' shares renormalised).
        var weight: (DemandData.Posting) -> Double = { _ in total > 0 ? 1 / Double(total) : 0 }
        if let adjustment {
            var undated = filter
            undated.since = nil
            undated.until = nil
            let standard = Dictionary(grouping: data.postings.filter { undated.accepts($0) }, by: adjustment.stratum(of:))
                .mapValues(\.count)
            let here = Dictionary(grouping: postings, by: adjustment.stratum(of:)).mapValues(\.count)
            let present = here.keys.reduce(0) { $0 + (standard[$1] ?? 0) }
            weight = { posting in
                let stratum = adjustment.stratum(of: posting)
                return Double(standard[stratum] ?? 0) / Double(max(present, 1)) / Double(here[stratum]!)
            }
        }

        func buckets(_ key: (DemandData.Posting) -> String) -> [Bucket] {
            Dictionary(grouping: postings, by: key)
                .map { name, group in
                    let share = adjustment == nil ? (total > 0 ? Double(group.count) / Double(total) : 0)
                        : group.reduce(0) { $0 + weight($1) }
                    return Bucket(name: name, count: group.count, share: share)
                }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
        }
        let workplace = buckets(\.workplace)
        // Counted plainly, weighted when standardised.
        let amount: (Bucket) -> Double = { adjustment == nil ? Double($0.count) : $0.share }
        let known = workplace.filter { $0.name != WorkplaceType.unknown.rawValue }.reduce(0) { $0 + amount($1) }
        let remote = workplace.first { $0.name == WorkplaceType.remote.rawValue }.map(amount) ?? 0

        var salaries: [SalarySummary] = []
        let paid = postings.filter { ($0.salaryMin ?? $0.salaryMax) != nil && $0.salaryCurrency != nil && $0.salaryPeriod != nil }
        for (key, group) in Dictionary(grouping: paid, by: { [$0.role, $0.salaryCurrency!, $0.salaryPeriod!] }) {
            let midpoints = group.map { posting -> Double in
                switch (posting.salaryMin, posting.salaryMax) {
                case let (low?, high?): return (low + high) / 2
                case let (low?, nil): return low
                case let (nil, high?): return high
                case (nil, nil): return 0
                }
            }.sorted()
            salaries.append(SalarySummary(
                role: key[0], currency: key[1], period: key[2], count: midpoints.count,
                lowerQuartile: Self.quantile(midpoints, 0.25), median: Self.quantile(midpoints, 0.5),
                upperQuartile: Self.quantile(midpoints, 0.75)))
        }
        salaries.sort { ($0.role, $0.currency, $0.period) < ($1.role, $1.currency, $1.period) }

        var skillCounts: [String: Int] = [:]
        for posting in postings { for skill in posting.skills { skillCounts[skill, default: 0] += 1 } }
        let ranked = skillCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        let columns = Array(ranked.prefix(topSkills))
        let roleSkills = Dictionary(grouping: postings, by: \.role)
            .map { role, group in
                RoleSkills(role: role, postings: group.count, shares: columns.map { skill in
                    Double(group.filter { $0.skills.contains(skill) }.count) / Double(group.count)
                })
            }
            .sorted { $0.postings != $1.postings ? $0.postings > $1.postings : $0.role < $1.role }

        // Pairs among the more common skills: rare skills give huge, meaningless lifts.
        let candidates = Array(ranked.prefix(60)).filter { skillCounts[$0]! >= minimumPairCount }
        var pairCounts: [String: Int] = [:]
        let candidateSet = Set(candidates)
        for posting in postings {
            let present = posting.skills.filter(candidateSet.contains).sorted()
            for (index, first) in present.enumerated() {
                for second in present[(index + 1)...] { pairCounts[first + "\u{0}" + second, default: 0] += 1 }
            }
        }
        let pairs = pairCounts.compactMap { key, count -> SkillPair? in
            guard count >= minimumPairCount else { return nil }
            let parts = key.split(separator: "\u{0}").map(String.init)
            let lift = Double(count) * Double(total) / (Double(skillCounts[parts[0]]!) * Double(skillCounts[parts[1]]!))
            return SkillPair(first: parts[0], second: parts[1], count: count, lift: lift)
        }
        .sorted { $0.lift != $1.lift ? $0.lift > $1.lift : ($0.first, $0.second) < ($1.first, $1.second) }

        return MarketStats(
            postings: total, duplicatesLeftOut: duplicates, roles: buckets(\.role), seniority: buckets(\.seniority),
            workplace: workplace, sources: buckets(\.origin), remoteShareOfKnown: known > 0 ? remote / known : nil,
            salaries: salaries, matrixSkills: columns, roleSkills: roleSkills, pairs: Array(pairs.prefix(topPairs)),
            adjustedFor: adjustment?.rawValue)
    }

    /// Linear interpolation between closest ranks (the default of numpy and R type 7).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}

/// How the role mix moves: the share of each role per period.
public struct RoleMixTrend: Sendable, Codable, Equatable {
    public var periods: [String]
    public var totals: [Int]
    /// Role to its share in each period.
    public var shares: [String: [Double]]

    public static func build(_ data: DemandData, filter: PostingFilter = PostingFilter(),
                             granularity: PeriodGranularity = .quarter) -> RoleMixTrend {
        let dated = data.postings.filter { filter.accepts($0) }
            .compactMap { posting in posting.date.flatMap(granularity.period(of:)).map { ($0, posting.role) } }
        guard let first = dated.map(\.0).min(), let last = dated.map(\.0).max() else {
            return RoleMixTrend(periods: [], totals: [], shares: [:])
        }
        let periods = granularity.periods(from: first, to: last)
        let column = Dictionary(uniqueKeysWithValues: periods.enumerated().map { ($1, $0) })
        var totals = Array(repeating: 0, count: periods.count)
        var counts: [String: [Int]] = [:]
        for (period, role) in dated {
            totals[column[period]!] += 1
            counts[role, default: Array(repeating: 0, count: periods.count)][column[period]!] += 1
        }
        let shares = counts.mapValues { perPeriod in
            zip(perPeriod, totals).map { $1 > 0 ? Double($0) / Double($1) : 0 }
        }
        return RoleMixTrend(periods: periods, totals: totals, shares: shares)
    }
}
