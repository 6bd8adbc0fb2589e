import Foundation

/// One self-contained HTML page with inline SVG charts: no scripts, no network, no external fonts.
/// Every string that comes from a posting or the store is escaped.
public enum HTMLReport {
    static let palette = ["#2f6fb3", "#d9822b", "#3a9a5b", "#c43d3d", "#7b5ea7", "#8c6d31", "#d16ba5", "#5f6b73",
                          "#1aa3a3", "#b8a22b", "#4d4dbf", "#a35a1a", "#6a8f2e"]

    /// `recent` postings are listed at the end with their titles, companies and roles; `scope`
    /// says which postings the report is about ("roles: llm-engineer", "since 2025"), under the title.
    public static func render(trends: TrendReport, stats: MarketStats, roleMix: RoleMixTrend,
                              skillNames: [String: String], recent: [DemandData.Posting] = [], title: String,
                              scope: [String] = []) -> String {
        var body = ""
        body += "<h1>\(escape(title))</h1>\n"
        if !scope.isEmpty { body += "<p class=\"meta\">Filtered to \(escape(scope.joined(separator: "; "))).</p>\n" }
        body += "<p class=\"meta\">\(stats.postings) postings"
        if stats.duplicatesLeftOut > 0 { body += ", \(stats.duplicatesLeftOut) near-duplicates left out" }
        body += ". Shares are of deduplicated postings per \(escape(trends.granularity.rawValue)); "
            + "periods with fewer than \(trends.minimumPostings) postings are left out of the lines"
        if let adjusted = trends.adjustedFor {
            body += ". Shares are held at the overall \(escape(adjusted)) mix (direct standardisation)"
            if let pair = trends.unseparated, pair.count == 2 {
                body += ", but \(escape(pair[0])) and \(escape(pair[1])) share no \(escape(adjusted)), so no reweighting can "
                    + "tell it from time there"
            }
        }
        body += ".</p>\n"
        body += section("Skill share over time", skillChart(trends) + mixShiftNote(trends.mixShifts))
        body += section("Role mix over time", roleMixChart(roleMix))
        body += section("Skills per role", heatMap(stats, skillNames: skillNames))
        body += section("Salary by role", salaryChart(stats))
        if !recent.isEmpty { body += section("Latest postings", postingTable(recent)) }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(escape(title))</title>
            <style>
            body { font-family: sans-serif; margin: 2em auto; max-width: 960px; color: #222; background: #fff; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; }
            .meta, .note { color: #555; font-size: 0.9em; }
            svg { display: block; margin: 0.5em 0; }
            svg text { font-family: sans-serif; font-size: 11px; fill: #333; }
            table { border-collapse: collapse; font-size: 0.9em; }
            td, th { text-align: left; padding: 2px 10px 2px 0; border-bottom: 1px solid #eee; }
            </style>
            </head>
            <body>
            \(body)
            </body>
            </html>

            """
    }

    /// Text for HTML content and attribute values: `&`, `<`, `>`, `"` and `'` become entities.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    private static func section(_ heading: String, _ content: String) -> String {
        "<h2>\(escape(heading))</h2>\n\(content)\n"
    }

    private static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    static func postingTable(_ postings: [DemandData.Posting]) -> String {
        var html = "<table>\n<tr><th>date</th><th>title</th><th>company</th><th>role</th></tr>\n"
        for posting in postings {
            html += "<tr><td>\(escape(posting.date ?? ""))</td><td>\(escape(posting.title ?? ""))</td>"
                + "<td>\(escape(posting.company ?? ""))</td><td>\(escape(posting.role))</td></tr>\n"
        }
        return html + "</table>"
    }

    /// What the periods marked "!" on the chart are: periods whose role or source mix differs.
    static func mixShiftNote(_ shifts: [MixShift]) -> String {
        guard !shifts.isEmpty else { return "" }
        var html = "<p class=\"note\">Periods marked ! have a mix unlike the other periods', so their shares move with it "
            + "(<code>--adjust role</code> or <code>--adjust source</code> holds it fixed):</p>\n<ul class=\"note\">\n"
        for shift in shifts {
            html += "<li>\(escape(shift.period)), \(shift.dimension.rawValue): \(escape(shift.largest)) "
                + "\(Int((shift.share * 100).rounded()))% of postings (\(Int((shift.shareElsewhere * 100).rounded()))% in the other "
                + "periods)</li>\n"
        }
        return html + "</ul>"
    }

    /// A line per top skill across the periods; cells too small to say break the line, and a point
    /// with no neighbour to join is drawn as a dot.
    static func skillChart(_ report: TrendReport) -> String {
        guard report.periods.count > 0, !report.rows.isEmpty else { return "<p class=\"note\">No dated postings.</p>" }
        let width = 900.0, height = 320.0, left = 50.0, right = 200.0, top = 10.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let maximum = max(0.05, report.rows.flatMap { $0.cells.filter { !$0.isSuppressed }.map(\.share) }.max() ?? 0.05)
        func x(_ index: Int) -> Double {
            report.periods.count == 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(report.periods.count - 1)
        }
        func y(_ share: Double) -> Double { top + plotHeight * (1 - share / maximum) }
        var svg = svgOpen(width: width, height: height, label: "Skill share over time")
        svg += axes(left: left, top: top, width: plotWidth, height: plotHeight, maximum: maximum)
        let shifted = Set(report.mixShifts.map(\.period))
        for (index, period) in report.periods.enumerated() where report.periods.count <= 12 || index % ((report.periods.count + 11) / 12) == 0 {
            let label = shifted.contains(period) ? "!" + period : period
            svg += "<text x=\"\(number(x(index)))\" y=\"\(number(height - bottom + 16))\" text-anchor=\"middle\">\(escape(label))</text>\n"
        }
        for (rowIndex, row) in report.rows.enumerated() {
            let colour = palette[rowIndex % palette.count]
            var segments: [[String]] = [[]]
            for (index, cell) in row.cells.enumerated() {
                if cell.isSuppressed {
                    if !(segments.last?.isEmpty ?? true) { segments.append([]) }
                    continue
                }
                segments[segments.count - 1].append("\(number(x(index))),\(number(y(cell.share)))")
            }
            for points in segments where points.count == 1 {
                let xy = points[0].split(separator: ",")
                svg += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"3\" fill=\"\(colour)\"/>\n"
            }
            for points in segments where points.count > 1 {
                svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n"
            }
            let legendY = top + 14 * Double(rowIndex) + 8
            svg += "<rect x=\"\(number(width - right + 12))\" y=\"\(number(legendY - 8))\" width=\"10\" height=\"10\" fill=\"\(colour)\"/>"
            svg += "<text x=\"\(number(width - right + 28))\" y=\"\(number(legendY + 1))\">\(escape(row.name))</text>\n"
        }
        return svg + "</svg>"
    }

    /// Stacked bars: each period's postings split by role.
    static func roleMixChart(_ mix: RoleMixTrend) -> String {
        guard !mix.periods.isEmpty else { return "<p class=\"note\">No dated postings.</p>" }
        let width = 900.0, height = 300.0, left = 50.0, right = 200.0, top = 10.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let roles = mix.shares.keys.sorted { (mix.shares[$0]!.reduce(0, +), $1) > (mix.shares[$1]!.reduce(0, +), $0) }
        let slot = plotWidth / Double(mix.periods.count)
        var svg = svgOpen(width: width, height: height, label: "Role mix over time")
        svg += axes(left: left, top: top, width: plotWidth, height: plotHeight, maximum: 1)
        for (index, period) in mix.periods.enumerated() {
            var base = 0.0
            for (roleIndex, role) in roles.enumerated() {
                let share = mix.shares[role]![index]
                guard share > 0 else { continue }
                let barHeight = plotHeight * share
                svg += "<rect x=\"\(number(left + slot * Double(index) + slot * 0.1))\" y=\"\(number(top + plotHeight - base - barHeight))\" "
                    + "width=\"\(number(slot * 0.8))\" height=\"\(number(barHeight))\" fill=\"\(palette[roleIndex % palette.count])\">"
                    + "<title>\(escape(role)) \(escape(period)): \(number(share * 100))%</title></rect>\n"
                base += barHeight
            }
            if mix.periods.count <= 12 || index % ((mix.periods.count + 11) / 12) == 0 {
                svg += "<text x=\"\(number(left + slot * (Double(index) + 0.5)))\" y=\"\(number(height - bottom + 16))\" "
                    + "text-anchor=\"middle\">\(escape(period))</text>\n"
            }
        }
        for (roleIndex, role) in roles.enumerated() {
            let legendY = top + 14 * Double(roleIndex) + 8
            svg += "<rect x=\"\(number(width - right + 12))\" y=\"\(number(legendY - 8))\" width=\"10\" height=\"10\" "
                + "fill=\"\(palette[roleIndex % palette.count])\"/><text x=\"\(number(width - right + 28))\" y=\"\(number(legendY + 1))\">"
                + "\(escape(role))</text>\n"
        }
        return svg + "</svg>"
    }

    /// Roles down, skills across; the darker the cell, the larger the share of the role's postings.
    static func heatMap(_ stats: MarketStats, skillNames: [String: String]) -> String {
        guard !stats.roleSkills.isEmpty, !stats.matrixSkills.isEmpty else { return "<p class=\"note\">No skills found.</p>" }
        let cell = 60.0, left = 210.0, top = 110.0
        // Room on the right for the last column's slanted label.
        let width = left + cell * Double(stats.matrixSkills.count) + 90
        let height = top + 24 * Double(stats.roleSkills.count) + 10
        var svg = svgOpen(width: width, height: height, label: "Skills per role")
        for (column, skill) in stats.matrixSkills.enumerated() {
            let x = left + cell * (Double(column) + 0.5)
            svg += "<text transform=\"translate(\(number(x)),\(number(top - 6))) rotate(-40)\">\(escape(skillNames[skill] ?? skill))</text>\n"
        }
        for (rowIndex, row) in stats.roleSkills.enumerated() {
            let y = top + 24 * Double(rowIndex)
            svg += "<text x=\"\(number(left - 8))\" y=\"\(number(y + 16))\" text-anchor=\"end\">\(escape(row.role)) (\(row.postings))</text>\n"
            for (column, share) in row.shares.enumerated() {
                let shade = Int(255 - share * 200)
                svg += "<rect x=\"\(number(left + cell * Double(column)))\" y=\"\(number(y))\" width=\"\(number(cell - 2))\" height=\"22\" "
                    + "fill=\"rgb(\(shade),\(shade),255)\"><title>\(escape(row.role)) · \(escape(skillNames[stats.matrixSkills[column]] ?? stats.matrixSkills[column])): "
                    + "\(number(share * 100))%</title></rect>"
                let ink = share > 0.55 ? " style=\"fill:#fff\"" : ""
                svg += "<text x=\"\(number(left + cell * Double(column) + cell / 2 - 1))\" y=\"\(number(y + 15))\" text-anchor=\"middle\"\(ink)>"
                    + "\(Int((share * 100).rounded()))%</text>\n"
            }
        }
        return svg + "</svg>"
    }

    /// A box per role, currency and period: quartiles as the box, the median as a line. Roles with
    /// fewer than `minimumCount` salaries in a currency are counted in a note, not drawn.
    static func salaryChart(_ stats: MarketStats, minimumCount: Int = 3) -> String {
        guard !stats.salaries.isEmpty else { return "<p class=\"note\">No posting states a salary.</p>" }
        let drawn = stats.salaries.filter { $0.count >= minimumCount }
        var html = drawn.count < stats.salaries.count
            ? "<p class=\"note\">\(stats.salaries.count - drawn.count) role and currency groups with fewer than \(minimumCount) "
                + "salaries are not drawn.</p>\n"
            : ""
        for (group, salaries) in Dictionary(grouping: drawn, by: { "\($0.currency) per \($0.period)" }).sorted(by: { $0.key < $1.key }) {
            let maximum = max(1, salaries.map(\.upperQuartile).max() ?? 1)
            let left = 220.0, plot = 560.0, rowHeight = 24.0
            let height = 30 + rowHeight * Double(salaries.count)
            var svg = svgOpen(width: left + plot + 120, height: height, label: "Salary by role, \(group)")
            svg += "<text x=\"0\" y=\"14\">\(escape(group))</text>\n"
            for (index, salary) in salaries.enumerated() {
                let y = 24 + rowHeight * Double(index)
                func x(_ value: Double) -> Double { left + plot * value / maximum }
                svg += "<text x=\"\(number(left - 8))\" y=\"\(number(y + 14))\" text-anchor=\"end\">\(escape(salary.role)) (n=\(salary.count))</text>"
                svg += "<rect x=\"\(number(x(salary.lowerQuartile)))\" y=\"\(number(y + 2))\" "
                    + "width=\"\(number(max(2, x(salary.upperQuartile) - x(salary.lowerQuartile))))\" height=\"16\" fill=\"#9fc3e8\"/>"
                svg += "<line x1=\"\(number(x(salary.median)))\" x2=\"\(number(x(salary.median)))\" y1=\"\(number(y))\" "
                    + "y2=\"\(number(y + 20))\" stroke=\"#1f4e79\" stroke-width=\"2\"/>"
                svg += "<text x=\"\(number(x(salary.upperQuartile) + 6))\" y=\"\(number(y + 14))\">\(Int(salary.median))</text>\n"
            }
            html += svg + "</svg>\n"
        }
        return html
    }

    private static func svgOpen(width: Double, height: Double, label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(number(width))\" height=\"\(number(height))\" "
            + "viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(escape(label))\">\n"
    }

    private static func axes(left: Double, top: Double, width: Double, height: Double, maximum: Double) -> String {
        var svg = "<line x1=\"\(number(left))\" y1=\"\(number(top + height))\" x2=\"\(number(left + width))\" "
            + "y2=\"\(number(top + height))\" stroke=\"#888\"/>\n"
        for step in 0...4 {
            let value = maximum * Double(step) / 4
            let y = top + height * (1 - Double(step) / 4)
            svg += "<line x1=\"\(number(left))\" y1=\"\(number(y))\" x2=\"\(number(left + width))\" y2=\"\(number(y))\" stroke=\"#eee\"/>"
            svg += "<text x=\"\(number(left - 6))\" y=\"\(number(y + 4))\" text-anchor=\"end\">\(Int((value * 100).rounded()))%</text>\n"
        }
        return svg
    }
}
