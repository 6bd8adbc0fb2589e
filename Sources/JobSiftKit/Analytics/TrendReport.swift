import Foundation

/// A share of postings with its 95% Wilson score interval.
public struct ShareEstimate: Sendable, Codable, Equatable {
    public var count: Int
    public var total: Int
    public var share: Double
    public var lower: Double
    public var upper: Double
    /// The period has fewer postings than the minimum support: the share is not shown.
    public var isSuppressed: Bool

    public init(count: Int, total: Int, minimumTotal: Int = 1) {
        self.count = count
        self.total = total
        share = total > 0 ? Double(count) / Double(total) : 0
        (lower, upper) = Wilson.interval(count: count, total: total)
        isSuppressed = total < max(1, minimumTotal)
    }

    /// A share standardised to another mix (see `TrendQuery.adjustForRole`): `count` and `total`
    /// stay the raw ones, the interval is Wilson's at the effective sample size.
    init(count: Int, total: Int, minimumTotal: Int, adjustedShare: Double, effectiveTotal: Double) {
        self.init(count: count, total: total, minimumTotal: minimumTotal)
        share = adjustedShare
        (lower, upper) = Wilson.interval(share: adjustedShare, total: effectiveTotal)
    }
}

/// The Wilson score interval for a binomial proportion, which stays inside [0, 1] and behaves for
/// small counts where the normal approximation does not.
public enum Wilson {
    /// The two-sided 95% interval (z = 1.959964) of `count` successes in `total` trials.
    public static func interval(count: Int, total: Int, z: Double = 1.959964) -> (lower: Double, upper: Double) {
        guard total > 0 else { return (0, 0) }
        return interval(share: Double(count) / Double(total), total: Double(total), z: z)
    }

    /// The same for a share `p` observed on `total` trials, which may be an effective, fractional number.
    public static func interval(share p: Double, total n: Double, z: Double = 1.959964) -> (lower: Double, upper: Double) {
        guard n > 0 else { return (0, 0) }
        let z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z * ((p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()) / (1 + z2 / n)
        return (max(0, centre - half), min(1, centre + half))
    }
}

/// What `jobsift trends` asks.
public struct TrendQuery: Sendable {
    public var filter = PostingFilter()
    public var granularity = PeriodGranularity.quarter
    /// Below this many postings in a period, its cells are shown as too small.
    public var minimumPostings = 20
    /// Rows shown, by overall share.
    public var top = 15
    /// Rows are skills, or skill categories (a posting demands a category when it demands any of its skills).
    public var groupByCategory = false
    /// Only skills of this category.
    public var category: String?
    /// Hold the role mix fixed: each period's share is the average of its roles' shares weighted by
    /// the roles' shares of all dated postings (direct standardisation), so that a period with more
    /// postings of one role does not move every skill that role asks for.
    public var adjustForRole = false

    public init() {}
}

/// One skill (or category) over the periods.
public struct TrendRow: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var category: String
    /// Over all periods together.
    public var overall: ShareEstimate
    public var cells: [ShareEstimate]
    /// Share in the latest period with enough postings minus the latest period before it with
    /// enough postings (`TrendReport.previous`), in share units (0.05 = 5 points); nil when there is none.
    public var changeFromPrevious: Double?
    /// Share in that period minus the same period a year earlier.
    public var changeFromYearEarlier: Double?
}

/// Skill demand over time: the share of deduplicated postings demanding each skill, per period.
public struct TrendReport: Sendable, Codable, Equatable {
    public var granularity: PeriodGranularity
    public var periods: [String]
    /// Postings per period after the filter.
    public var totals: [Int]
    public var minimumPostings: Int
    public var rows: [TrendRow]
    /// Rows with the largest rise and fall from the previous period, among those with support.
    /// `current` is the period the changes are read at.
    public var gainers: [TrendRow]
    public var losers: [TrendRow]
    public var current: String?
    /// The period the changes from the previous period are read against: the latest before
    /// `current` with enough postings, so that empty or thin periods between do not hide a change.
    public var previous: String?
    /// Postings the filter kept but that carry no date, so no period.
    public var undated: Int
    /// "role" when the shares are standardised to the overall role mix; nil for plain shares.
    public var adjustedFor: String?

    /// Builds the report over `data`.
    public static func build(_ data: DemandData, query: TrendQuery) -> TrendReport {
        let postings = data.postings.filter { query.filter.accepts($0) }
        var dated: [(period: String, role: String, items: Set<String>)] = []
        var undated = 0
        for posting in postings {
            guard let date = posting.date, let period = query.granularity.period(of: date) else {
                undated += 1
                continue
            }
            var items = posting.skills
            if let category = query.category { items = items.filter { data.skillCategories[$0] == category } }
            if query.groupByCategory { items = Set(items.compactMap { data.skillCategories[$0] }) }
            dated.append((period, posting.role, items))
        }
        let present = Set(dated.map(\.period))
        guard let first = present.min(), let last = present.max() else {
            return TrendReport(granularity: query.granularity, periods: [], totals: [], minimumPostings: query.minimumPostings,
                               rows: [], gainers: [], losers: [], current: nil, previous: nil, undated: undated,
                               adjustedFor: query.adjustForRole ? "role" : nil)
        }
        let periods = query.granularity.periods(from: first, to: last)
        let column = Dictionary(uniqueKeysWithValues: periods.enumerated().map { ($1, $0) })
        var totals = Array(repeating: 0, count: periods.count)
        var counts: [String: [Int]] = [:]
        // Per role too, for the standardised shares: postings and counts by role and period.
        let roles = Array(Set(dated.map(\.role))).sorted()
        let roleIndex = Dictionary(uniqueKeysWithValues: roles.enumerated().map { ($1, $0) })
        var roleTotals = Array(repeating: Array(repeating: 0, count: periods.count), count: roles.count)
        var roleCounts: [String: [[Int]]] = [:]
        for (period, role, items) in dated {
            let index = column[period]!
            let stratum = roleIndex[role]!
            totals[index] += 1
            roleTotals[stratum][index] += 1
            for item in items {
                counts[item, default: Array(repeating: 0, count: periods.count)][index] += 1
                if query.adjustForRole {
                    roleCounts[item, default: Array(repeating: Array(repeating: 0, count: periods.count), count: roles.count)][stratum][index] += 1
                }
            }
        }
        let roleWeights = roleTotals.map { Double($0.reduce(0, +)) / Double(max(dated.count, 1)) }
        /// The share of `item` in period `index` at the overall role mix, and its effective sample
        /// size; roles without postings in the period leave the others' weights renormalised.
        func standardised(_ item: String, at index: Int) -> (share: Double, effectiveTotal: Double) {
            let present = roles.indices.filter { roleTotals[$0][index] > 0 }
            let weightSum = present.reduce(0) { $0 + roleWeights[$1] }
            guard weightSum > 0 else { return (0, 0) }
            var share = 0.0
            var variance = 0.0
            for stratum in present {
                let weight = roleWeights[stratum] / weightSum
                let n = Double(roleTotals[stratum][index])
                share += weight * Double(roleCounts[item]?[stratum][index] ?? 0) / n
                variance += weight * weight / n
            }
            return (share, 1 / variance)
        }
        let allDated = dated.count
        let minimum = query.minimumPostings
        // Changes are read at the latest period with enough postings: a month just begun says little.
        let current = totals.lastIndex { $0 >= max(1, minimum) }
        let previous = current.flatMap { current in totals[..<current].lastIndex { $0 >= max(1, minimum) } }
        func row(_ id: String, _ perPeriod: [Int]) -> TrendRow {
            let cells = perPeriod.indices.map { index in
                guard query.adjustForRole else { return ShareEstimate(count: perPeriod[index], total: totals[index], minimumTotal: minimum) }
                let (share, effectiveTotal) = standardised(id, at: index)
                return ShareEstimate(count: perPeriod[index], total: totals[index], minimumTotal: minimum,
                                     adjustedShare: share, effectiveTotal: effectiveTotal)
            }
            func change(from index: Int?) -> Double? {
                guard let current, let index, index >= 0, index < current,
                      !cells[current].isSuppressed, !cells[index].isSuppressed else { return nil }
                return cells[current].share - cells[index].share
            }
            let yearEarlier = current.flatMap { query.granularity.yearEarlier(periods[$0]) }.flatMap { column[$0] }
            return TrendRow(
                id: id, name: query.groupByCategory ? id : data.name(ofSkill: id),
                category: query.groupByCategory ? id : data.skillCategories[id] ?? "",
                overall: ShareEstimate(count: perPeriod.reduce(0, +), total: allDated, minimumTotal: minimum),
                cells: cells, changeFromPrevious: change(from: previous),
                changeFromYearEarlier: change(from: yearEarlier))
        }
        let allRows = counts.map { row($0.key, $0.value) }
            .sorted { $0.overall.count != $1.overall.count ? $0.overall.count > $1.overall.count : $0.id < $1.id }
        let moving = allRows.filter { $0.changeFromPrevious != nil }
        let listed = max(3, min(5, query.top))
        return TrendReport(
            granularity: query.granularity, periods: periods, totals: totals, minimumPostings: minimum,
            rows: Array(allRows.prefix(query.top)),
            gainers: Array(moving.filter { $0.changeFromPrevious! > 0 }
                .sorted { $0.changeFromPrevious! != $1.changeFromPrevious! ? $0.changeFromPrevious! > $1.changeFromPrevious! : $0.id < $1.id }
                .prefix(listed)),
            losers: Array(moving.filter { $0.changeFromPrevious! < 0 }
                .sorted { $0.changeFromPrevious! != $1.changeFromPrevious! ? $0.changeFromPrevious! < $1.changeFromPrevious! : $0.id < $1.id }
                .prefix(listed)),
            current: current.map { periods[$0] }, previous: previous.map { periods[$0] }, undated: undated,
            adjustedFor: query.adjustForRole ? "role" : nil)
    }
}
