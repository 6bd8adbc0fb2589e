import Foundation

/// Terminal and CSV renderings of trend reports: aligned, at most 100 columns wide, a sparkline per
/// row, colour only when asked for.
public enum TrendTable {
    public static let width = 100
    static let nameWidth = 24
    static let cellWidth = 8
    static let sparkWidth = 16
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The table: the last periods that fit as share columns, a sparkline over all periods, and the
    /// changes from the previous period and from a year earlier.
    public static func render(_ report: TrendReport, showIntervals: Bool = false, colour: Bool = false) -> String {
        let fixed = nameWidth + 1 + sparkWidth + 2 + 2 * cellWidth
        let columnWidth = showIntervals ? 14 : cellWidth
        let shown = max(1, min(report.periods.count, (width - fixed) / columnWidth))
        let first = report.periods.count - shown
        var lines: [String] = []

        // A period whose mix shifted is marked "!" in the header and explained below the table.
        let shifted = Set(report.mixShifts.map(\.period))
        var header = pad("skill", nameWidth) + " "
        for period in report.periods[first...] { header += leftPad(shifted.contains(period) ? "!" + period : period, columnWidth) }
        header += "  " + pad("trend", sparkWidth) + leftPad("Δprev", cellWidth) + leftPad("Δyear", cellWidth)
        lines.append(style(header, bold: true, colour: colour))
        var totals = pad("postings", nameWidth) + " "
        for total in report.totals[first...] { totals += leftPad(String(total), columnWidth) }
        lines.append(style(totals, dim: true, colour: colour))

        for row in report.rows {
            var line = pad(row.name, nameWidth) + " "
            for cell in row.cells[first...] {
                line += leftPad(cellText(cell, showInterval: showIntervals), columnWidth)
            }
            line += "  " + pad(sparkline(row.cells, width: sparkWidth), sparkWidth)
            line += leftPad(change(row.changeFromPrevious, colour: colour), cellWidth, visible: changeText(row.changeFromPrevious))
            line += leftPad(change(row.changeFromYearEarlier, colour: colour), cellWidth, visible: changeText(row.changeFromYearEarlier))
            lines.append(line)
        }
        lines.append("")
        lines.append("share of \(report.granularity.rawValue)ly postings demanding each skill (required or preferred); "
                     + "· = under \(report.minimumPostings) postings")
        if let adjusted = report.adjustedFor {
            lines.append("shares held at the overall \(adjusted) mix (direct standardisation; intervals at the effective size)")
            if let pair = report.unseparated, pair.count == 2 {
                lines.append("but \(pair[0]) and \(pair[1]) share no \(adjusted): reweighting cannot tell \(adjusted) from time")
            }
        }
        lines += mixShiftNotes(report.mixShifts)
        if let current = report.current, let previous = report.previous,
           current != report.periods.last || report.periods.firstIndex(of: previous) != report.periods.firstIndex(of: current).map({ $0 - 1 }) {
            lines.append("changes are read at \(current) against \(previous), the latest periods with enough postings")
        }
        if report.undated > 0 { lines.append("\(report.undated) postings without a date are not in any period") }
        for (label, rows) in [("rising: ", report.gainers), ("falling:", report.losers)] where !rows.isEmpty {
            lines += wrap(rows.map { "\($0.name) \(changeText($0.changeFromPrevious))" }, first: label + " ", rest: "         ")
        }
        return lines.map { clip($0) }.joined(separator: "\n")
    }

    /// The lines that explain the "!" periods: what grew in each, and how to hold the mix fixed.
    static func mixShiftNotes(_ shifts: [MixShift]) -> [String] {
        var lines: [String] = []
        for dimension in MixDimension.allCases {
            let these = shifts.filter { $0.dimension == dimension }
            guard !these.isEmpty else { continue }
            lines.append("! \(dimension.rawValue) mix unlike the other periods' (shares move with it; "
                         + "--adjust \(dimension.rawValue) holds it fixed):")
            for shift in these {
                lines.append("  \(shift.period): \(shift.largest) " + percent(shift.share) + " of postings ("
                             + percent(shift.shareElsewhere) + " in the other periods); mix distance " + percent(shift.distance))
            }
        }
        return lines
    }

    static func percent(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }

    /// One row per row and period: id, name, period, count, total, share, lower, upper, suppressed.
    public static func csv(_ report: TrendReport) -> String {
        var lines = [ExportRecord.csvLine(["id", "name", "period", "count", "total", "share", "lower", "upper", "suppressed"])]
        for row in report.rows {
            for (period, cell) in zip(report.periods, row.cells) {
                lines.append(ExportRecord.csvLine([
                    row.id, row.name, period, String(cell.count), String(cell.total),
                    String(format: "%.4f", cell.share), String(format: "%.4f", cell.lower), String(format: "%.4f", cell.upper),
                    cell.isSuppressed ? "true" : "false",
                ]))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The emerging-skills list: each candidate with its counts, rise, companies and evidence, and
    /// an example of how postings write it.
    public static func emerging(_ report: EmergingReport) -> String {
        guard !report.terms.isEmpty else {
            return "no rising technologies outside the taxonomy (too few dated postings in "
                + "\(report.recentPeriods.joined(separator: ", ")), or nothing new at enough companies)"
        }
        var lines = [pad("candidate", 26) + leftPad("recent", 13) + leftPad("before", 13) + leftPad("rise", 7)
                     + leftPad("firms", 6) + "  " + "why"]
        for term in report.terms {
            lines.append(pad(term.name, 26)
                         + leftPad(String(format: "%d (%.1f%%)", term.recentCount, term.recentShare * 100), 13)
                         + leftPad(String(format: "%d (%.1f%%)", term.earlierCount, term.earlierShare * 100), 13)
                         + leftPad(String(format: "×%.1f", term.rise), 7) + leftPad(String(term.companies), 6)
                         + "  " + term.evidence)
            if let example = term.examples.first {
                lines.append("    e.g. \"…\(example.snippet)…\"" + (example.company.map { " (\($0))" } ?? ""))
            }
        }
        lines.append("")
        lines.append("technologies no skill alias covers, rising in \(report.recentPeriods.joined(separator: ", ")) "
                     + "(\(report.recentPostings) postings) against before (\(report.earlierPostings))")
        lines.append("text repeated word for word across postings (a template) is left out")
        if report.comparedWithin.isEmpty {
            lines.append("no source spans both windows with enough postings: a rise may be a change of source")
        } else {
            lines.append("rises are read within " + report.comparedWithin.joined(separator: ", "))
        }
        lines.append("--yaml prints them as skills.yaml entries")
        return lines.map { clip($0) }.joined(separator: "\n")
    }

    /// The candidates as `skills.yaml` entries, with what was seen as a comment.
    public static func emergingYAML(_ report: EmergingReport) -> String {
        guard !report.terms.isEmpty else { return "# no rising technologies outside the taxonomy" }
        return report.terms.map { term in
            String(format: "  # %d recent postings (%.1f%%), %d companies, ×%.1f; ", term.recentCount, term.recentShare * 100,
                   term.companies, term.rise) + term.evidence + "; check the category and aliases\n" + term.yamlEntry
        }.joined(separator: "\n\n")
    }

    /// Eight levels from the row's smallest to largest shown share; a gap for periods too small to say.
    public static func sparkline(_ cells: [ShareEstimate], width: Int) -> String {
        let recent = cells.suffix(width)
        let values = recent.filter { !$0.isSuppressed }.map(\.share)
        guard let low = values.min(), let high = values.max() else { return String(repeating: " ", count: recent.count) }
        return String(recent.map { cell -> Character in
            guard !cell.isSuppressed else { return " " }
            guard high > low else { return bars[3] }
            return bars[min(7, Int((cell.share - low) / (high - low) * 7.999))]
        })
    }

    static func cellText(_ cell: ShareEstimate, showInterval: Bool) -> String {
        guard !cell.isSuppressed else { return "·" }
        if showInterval {
            return String(format: "%.0f%% %.0f–%.0f", cell.share * 100, cell.lower * 100, cell.upper * 100)
        }
        return String(format: "%.1f%%", cell.share * 100)
    }

    static func changeText(_ change: Double?) -> String {
        guard let change else { return "–" }
        return String(format: "%+.1f", change * 100)
    }

    private static func change(_ value: Double?, colour: Bool) -> String {
        let text = changeText(value)
        guard colour, let value, abs(value) >= 0.005 else { return text }
        return (value > 0 ? "\u{1B}[32m" : "\u{1B}[31m") + text + "\u{1B}[0m"
    }

    private static func style(_ text: String, bold: Bool = false, dim: Bool = false, colour: Bool) -> String {
        guard colour else { return text }
        return (bold ? "\u{1B}[1m" : "\u{1B}[2m") + text + "\u{1B}[0m"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count > width ? String(text.prefix(width - 1)) + "…" : text + String(repeating: " ", count: width - text.count)
    }

    /// Right-aligns `text`; `visible` is its printed form when `text` carries colour codes.
    static func leftPad(_ text: String, _ width: Int, visible: String? = nil) -> String {
        let length = (visible ?? text).count
        return length >= width ? " " + text : String(repeating: " ", count: width - length) + text
    }

    /// Items joined with ", " over as many lines as the width needs.
    static func wrap(_ items: [String], first: String, rest: String) -> [String] {
        var lines: [String] = []
        var line = first
        for (index, item) in items.enumerated() {
            let piece = item + (index < items.count - 1 ? "," : "")
            if line.count + piece.count + 1 > width && line != first && line != rest {
                lines.append(line)
                line = rest
            }
            line += (line == first || line == rest ? "" : " ") + piece
        }
        lines.append(line)
        return lines
    }

    /// Cuts a line without colour codes to the table width.
    private static func clip(_ line: String) -> String {
        guard !line.contains("\u{1B}"), line.count > width else { return line }
        return String(line.prefix(width))
    }
}
