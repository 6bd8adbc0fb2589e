import ArgumentParser
import Foundation
import JobSiftKit

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "The market at a glance: role, seniority and remote mix, salaries, skills per role, skill pairs.",
        discussion: """
            Salaries are summarised per role, currency and period (never converted or mixed) from \
            each posting's midpoint. Skill pairs are ranked by lift: how much more often two skills \
            are demanded together than if they were independent.

            Examples:
              jobsift stats
              jobsift stats --role ml-engineer --since 2025 --json
              jobsift stats --since 2026 --adjust source       # 2026 at the store's mix of sources
            """
    )

    @OptionGroup var query: StoreQueryOptions

    @Option(name: .long, help: "Skills in the role × skill matrix.")
    var topSkills = 8

    @Option(name: .long, help: "Postings a pair of skills needs before its lift is shown.")
    var minPairCount = 5

    @Option(name: .long, help: ArgumentHelp(
        "role or source: hold that mix at its share over all dates (direct standardisation).",
        discussion: "With --since/--until, the mixes of the period are shown as they would be at the role (or source) mix of the "
            + "whole store, so that two periods compare like with like."))
    var adjust: MixDimension?

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        try require("--top-skills", topSkills, in: 1...10_000)
        try require("--min-pair-count", minPairCount, in: 1...Int(Int32.max))
    }

    func run() throws {
        let (_, data, _) = try query.loadData()
        let stats = MarketStats.build(data, filter: query.filter, topSkills: topSkills, minimumPairCount: minPairCount,
                                      adjustment: adjust)
        if json { return try printJSON(stats) }
        print(StatsTable.render(stats, names: data.skillNames))
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report with charts: skill trends, role mix, role × skill, salaries.",
        discussion: """
            One file with inline SVG: no network, no scripts, no external fonts. Every string that \
            comes from a posting is escaped.

            Examples:
              jobsift report --html report.html
              jobsift report --html llm.html --role llm-engineer --by year
            """
    )

    @OptionGroup var query: StoreQueryOptions

    @Option(name: .long, help: "The HTML file to write.")
    var html: String

    @Option(name: .long, help: "month, quarter or year.")
    var by: PeriodGranularity = .quarter

    @Option(name: .long, help: "Skills in the trend chart and the heat map.")
    var top = 8

    @Option(name: .long, help: "Periods with fewer postings are left out of the trend chart.")
    var minPostings = 20

    @Option(name: .long, help: "role or source: hold that mix fixed in the trend chart (direct standardisation).")
    var adjust: MixDimension?

    func validate() throws {
        try require("--top", top, in: 1...10_000)
        try require("--min-postings", minPostings, in: 1...Int(Int32.max))
    }

    func run() throws {
        let (_, data, _) = try query.loadData()
        var trendQuery = TrendQuery()
        trendQuery.filter = query.filter
        trendQuery.granularity = by
        trendQuery.top = top
        trendQuery.minimumPostings = minPostings
        trendQuery.adjustment = adjust
        let page = HTMLReport.render(
            trends: TrendReport.build(data, query: trendQuery),
            stats: MarketStats.build(data, filter: query.filter, topSkills: top),
            roleMix: RoleMixTrend.build(data, filter: query.filter, granularity: by),
            skillNames: data.skillNames,
            recent: Array(data.postings.filter { query.filter.accepts($0) && $0.date != nil }
                .sorted { ($0.date!, $0.id) > ($1.date!, $1.id) }.prefix(20)),
            title: "jobsift report — \(query.db)", scope: query.scope)
        do {
            try Data(page.utf8).write(to: URL(fileURLWithPath: html))
        } catch {
            printError("\(html): cannot write the report (\(error.localizedDescription)).")
            throw ExitCode(1)
        }
        printError("wrote \(html) (\(page.utf8.count / 1024) KB)")
    }
}

/// Whether output may carry colour: only on a terminal, and never when NO_COLOR is set.
enum TerminalStyle {
    static var useColour: Bool {
        isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}
