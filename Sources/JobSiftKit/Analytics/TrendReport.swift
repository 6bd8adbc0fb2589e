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
    /// Hold the role or source mix fixed: each period's share is the average of its roles' (or
    /// origins') shares weighted by their shares of all dated postings (direct standardisation), so
    /// that a period with more postings of one role or one site does not move every skill it asks for.
    public var adjustment: MixDimension?

    public init() {}
}

/// What a period's mix is read by: the postings' roles, or their origins (`PostingOrigin`).
public enum MixDimension: String, Sendable, Codable, CaseIterable {
    case role, source

    func stratum(of posting: DemandData.Posting) -> String {
        switch self {
        case .role: return posting.role
        case .source: return posting.origin
        }
    }
}

/// A period whose role or source mix differs strongly from the other periods' together: its
/// shares move with the mix, whatever the market does.
public struct MixShift: Sendable, Codable, Equatable {
    public var period: String
    public var dimension: MixDimension
    /// The total variation distance between the period's mix and the other periods' pooled mix:
    /// the share of postings that would have to change role (or source) to make them equal.
    public var distance: Double
    /// The stratum whose share grew most in the period, with its share there and elsewhere.
    public var largest: String
    public var share: Double
    public var shareElsewhere: Double

    /// From this distance a mix counts as shifted.
    public static let threshold = 0.25
    /// Strata with less than this share of all postings are pooled as "(small)".
    static let smallStratum = 0.02

    /// The shifts among `periods` (with their postings' strata), for periods with at least
    /// `minimumPostings`; none when only one stratum or one such period is present.
    static func find(_ counted: [[String: Int]], periods: [String], dimension: MixDimension, minimumPostings: Int) -> [MixShift] {
        var all: [String: Int] = [:]
        for period in counted { all.merge(period, uniquingKeysWith: +) }
        let total = all.values.reduce(0, +)
        // Strata under 2% of all postings are read as one, "(small)": a crawl of a thousand sites
        // would otherwise differ in every period by chance alone.
        let small = Set(all.filter { Double($0.value) < smallStratum * Double(total) }.keys)
        let strata = counted.map { period in
            Dictionary(period.map { (small.contains($0.key) ? "(small)" : $0.key, $0.value) }, uniquingKeysWith: +)
        }
        var pooled: [String: Int] = [:]
        for period in strata { pooled.merge(period, uniquingKeysWith: +) }
        let supported = strata.indices.filter { strata[$0].values.reduce(0, +) >= max(1, minimumPostings) }
        guard pooled.count > 1, supported.count > 1 else { return [] }
        return supported.compactMap { index in
            let inPeriod = strata[index]
            let periodTotal = inPeriod.values.reduce(0, +)
            let otherTotal = total - periodTotal
            guard otherTotal > 0 else { return nil }
            var distance = 0.0
            var largest: (name: String, rise: Double, share: Double, elsewhere: Double)?
            for name in pooled.keys.sorted() {
                let share = Double(inPeriod[name] ?? 0) / Double(periodTotal)
                let elsewhere = Double((pooled[name] ?? 0) - (inPeriod[name] ?? 0)) / Double(otherTotal)
                distance += abs(share - elsewhere) / 2
                if share - elsewhere > (largest?.rise ?? 0) { largest = (name, share - elsewhere, share, elsewhere) }
            }
            guard distance >= threshold, let largest else { return nil }
            return MixShift(period: periods[index], dimension: dimension, distance: distance, largest: largest.name,
                            share: largest.share, shareElsewhere: largest.elsewhere)
        }
    }
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
    /// "role" or "source" when the shares are standardised to that overall mix; nil for plain shares.
    public var adjustedFor: String?
    /// Periods whose role or source mix differs strongly from the others' (not the mix adjusted for).
    public var mixShifts: [MixShift]
    /// With an adjustment: two periods with enough postings that have no role (or source) in
    /// common, so that no reweighting can tell the mix from the time. Nil without an adjustment.
    public var unseparated: [String]?

    /// Builds the report over `data`.
    public static func build(_ data: DemandData, query: TrendQuery) -> TrendReport {
        let postings = data.postings.filter { query.filter.accepts($0) }
        var dated: [(period: String, posting: DemandData.Posting, items: Set<String>)] = []
        var undated = 0
        for posting in postings {
            guard let date = posting.date, let period = query.granularity.period(of: date) else {
                undated += 1
                continue
            }
            var items = posting.skills
            if let category = query.category { items = items.filter { data.skillCategories[$0] == category } }
            if query.groupByCategory { items = Set(items.compactMap { data.skillCategories[$0] }) }
            dated.append((period, posting, items))
        }
        let present = Set(dated.map(\.period))
        guard let first = present.min(), let last = present.max() else {
            return TrendReport(granularity: query.granularity, periods: [], totals: [], minimumPostings: query.minimumPostings,
                               rows: [], gainers: [], losers: [], current: nil, previous: nil, undated: undated,
                               adjustedFor: query.adjustment?.rawValue, mixShifts: [], unseparated: nil)
        }
        let periods = query.granularity.periods(from: first, to: last)
        let column = Dictionary(uniqueKeysWithValues: periods.enumerated().map { ($1, $0) })
        var totals = Array(repeating: 0, count: periods.count)
        var counts: [String: [Int]] = [:]
        // Per stratum (role or origin) too, for the standardised shares and the mix checks.
        var mixes = Dictionary(uniqueKeysWithValues: MixDimension.allCases.map {
            ($0, Array(repeating: [String: Int](), count: periods.count))
        })
        let adjustment = query.adjustment
        let strata = adjustment.map { dimension in Array(Set(dated.map { dimension.stratum(of: $0.posting) })).sorted() } ?? []
        let stratumIndex = Dictionary(uniqueKeysWithValues: strata.enumerated().map { ($1, $0) })
        var stratumTotals = Array(repeating: Array(repeating: 0, count: periods.count), count: strata.count)
        var stratumCounts: [String: [[Int]]] = [:]
        for (period, posting, items) in dated {
            let index = column[period]!
            totals[index] += 1
            for dimension in MixDimension.allCases { mixes[dimension]![index][dimension.stratum(of: posting), default: 0] += 1 }
            let stratum = adjustment.map { stratumIndex[$0.stratum(of: posting)]! }
            if let stratum { stratumTotals[stratum][index] += 1 }
            for item in items {
                counts[item, default: Array(repeating: 0, count: periods.count)][index] += 1
                if let stratum {
                    stratumCounts[item, default: Array(repeating: Array(repeating: 0, count: periods.count), count: strata.count)][stratum][index] += 1
                }
            }
        }
        let weights = stratumTotals.map { Double($0.reduce(0, +)) / Double(max(dated.count, 1)) }
        /// The share of `item` in period `index` at the overall mix, and its effective sample size;
        /// strata without postings in the period leave the others' weights renormalised.
        func standardised(_ item: String, at index: Int) -> (share: Double, effectiveTotal: Double) {
            let present = strata.indices.filter { stratumTotals[$0][index] > 0 }
            let weightSum = present.reduce(0) { $0 + weights[$1] }
            guard weightSum > 0 else { return (0, 0) }
            var share = 0.0
            var variance = 0.0
            for stratum in present {
                let weight = weights[stratum] / weightSum
                let n = Double(stratumTotals[stratum][index])
                share += weight * Double(stratumCounts[item]?[stratum][index] ?? 0) / n
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
                guard adjustment != nil else { return ShareEstimate(count: perPeriod[index], total: totals[index], minimumTotal: minimum) }
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
            adjustedFor: adjustment?.rawValue,
            mixShifts: MixDimension.allCases.filter { $0 != adjustment }.flatMap { dimension in
                MixShift.find(mixes[dimension]!, periods: periods, dimension: dimension, minimumPostings: minimum)
            },
            unseparated: adjustment.map { _ in
                let supported = totals.indices.filter { totals[$0] >= max(1, minimum) }
                let present = supported.map { index in Set(strata.indices.filter { stratumTotals[$0][index] > 0 }) }
                for (a, first) in present.enumerated() {
                    for (b, second) in present.enumerated() where b > a && first.isDisjoint(with: second) {
                        return [periods[supported[a]], periods[supported[b]]]
                    }
                }
                return []
            })
    }
}
