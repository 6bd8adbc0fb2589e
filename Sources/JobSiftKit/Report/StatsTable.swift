import Foundation

/// The terminal rendering of `MarketStats`, at most 100 columns wide.
public enum StatsTable {
    /// Salary groups with fewer than `minimumSalaryCount` postings are counted but not listed.
    public static func render(_ stats: MarketStats, names: [String: String] = [:], minimumSalaryCount: Int = 3) -> String {
        func percent(_ share: Double) -> String { String(format: "%5.1f%%", share * 100) }
        func name(_ id: String) -> String { names[id] ?? id }
        var lines = ["\(stats.postings) postings" + (stats.duplicatesLeftOut > 0 ? " (\(stats.duplicatesLeftOut) near-duplicates left out)" : "")]

        let mixes = [("roles", stats.roles), ("seniority", stats.seniority), ("workplace", stats.workplace), ("sources", stats.sources)]
        for (title, buckets) in mixes where !(title == "sources" && buckets.count < 2) {
            lines.append("")
            lines.append(title)
            for bucket in buckets {
                lines.append("  " + TrendTable.pad(bucket.name, 28) + String(format: "%7d", bucket.count) + "  " + percent(bucket.share))
            }
        }
        if let remote = stats.remoteShareOfKnown {
            lines.append("  remote among postings that say where: " + percent(remote).trimmingCharacters(in: .whitespaces))
        }
        if let adjusted = stats.adjustedFor {
            lines.append("  shares held at the \(adjusted) mix of all dates (direct standardisation); counts as counted")
        }

        lines.append("")
        lines.append("salaries (midpoints; per role, currency and period, never mixed)")
        if stats.salaries.isEmpty { lines.append("  no posting states a salary") }
        let listed = stats.salaries.filter { $0.count >= minimumSalaryCount }
        for salary in listed {
            lines.append("  " + TrendTable.pad(salary.role, 28) + TrendTable.pad("\(salary.currency)/\(salary.period)", 10)
                         + String(format: "n=%-5d Q1 %10.0f  median %10.0f  Q3 %10.0f",
                                  salary.count, salary.lowerQuartile, salary.median, salary.upperQuartile))
        }
        if listed.count < stats.salaries.count {
            lines.append("  (\(stats.salaries.count - listed.count) smaller groups with under \(minimumSalaryCount) postings; see --json)")
        }

        if !stats.matrixSkills.isEmpty {
            lines.append("")
            lines.append("skills per role (share of the role's postings)")
            let columns = stats.matrixSkills.prefix(8)
            lines.append("  " + TrendTable.pad("role", 24) + columns.map { TrendTable.leftPad(String(name($0).prefix(8)), 9) }.joined())
            for row in stats.roleSkills {
                lines.append("  " + TrendTable.pad("\(row.role) (\(row.postings))", 24)
                             + row.shares.prefix(columns.count).map { TrendTable.leftPad(String(format: "%.0f%%", $0 * 100), 9) }.joined())
            }
        }

        if !stats.pairs.isEmpty {
            lines.append("")
            lines.append("skills that travel together (lift: times more often than chance)")
            for pair in stats.pairs {
                lines.append("  " + TrendTable.pad("\(name(pair.first)) + \(name(pair.second))", 60)
                             + String(format: "%6d postings  lift %5.1f", pair.count, pair.lift))
            }
        }
        return lines.joined(separator: "\n")
    }
}
