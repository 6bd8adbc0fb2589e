import ArgumentParser
import Foundation
import JobSiftKit

/// The store and the filters shared by `trends`, `stats` and `report`.
struct StoreQueryOptions: ParsableArguments {
    @Option(name: .long, help: "The store written by `jobsift analyze`.")
    var db = "jobsift.sqlite"

    @Option(name: .long, help: "Only postings dated on or after this (yyyy, yyyy-mm or yyyy-mm-dd).")
    var since: String?

    @Option(name: .long, help: "Only postings dated on or before this (yyyy, yyyy-mm or yyyy-mm-dd).")
    var until: String?

    @Option(name: .long, help: "Only this role (repeatable), e.g. --role llm-engineer.")
    var role: [String] = []

    @Option(name: .long, help: "Only this seniority (repeatable): intern, junior, mid, senior, staff, principal, unspecified.")
    var seniority: [String] = []

    @Option(name: .long, help: "Only this workplace (repeatable): remote, hybrid, onsite, unknown.")
    var workplace: [String] = []

    @Flag(name: .long, help: "Count near-duplicates too (they are left out by default).")
    var includeDuplicates = false

    @Option(name: .long, help: "A taxonomy folder, for skill names (default: models/taxonomy).")
    var taxonomy: String?

    var filter: PostingFilter {
        var filter = PostingFilter()
        filter.since = since
        filter.until = until
        filter.roles = Set(role)
        filter.seniorities = Set(seniority)
        filter.workplaces = Set(workplace)
        filter.includeDuplicates = includeDuplicates
        return filter
    }

    /// The filters in words, for a report's header: "roles llm-engineer, since 2025".
    var scope: [String] {
        var parts: [String] = []
        if !role.isEmpty { parts.append("role " + role.joined(separator: " or ")) }
        if !seniority.isEmpty { parts.append("seniority " + seniority.joined(separator: " or ")) }
        if !workplace.isEmpty { parts.append("workplace " + workplace.joined(separator: " or ")) }
        if let since { parts.append("since " + since) }
        if let until { parts.append("until " + until) }
        if includeDuplicates { parts.append("near-duplicates included") }
        return parts
    }

    func loadData() throws -> (store: PostingStore, data: DemandData, taxonomy: JobTaxonomy) {
        let taxonomy = try ModelOptions(model: nil, taxonomy: self.taxonomy).loadTaxonomy()
        let store = try openStore(db)
        return (store, try store.demandData(taxonomy: taxonomy.skills), taxonomy)
    }
}

struct Trends: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trends",
        abstract: "Skill demand over time: the share of postings demanding each skill, per period.",
        discussion: """
            Each cell is the share of the period's deduplicated postings that demand the skill \
            (required or preferred), with its count; --ci adds the 95% Wilson interval. A period \
            with fewer than --min-postings postings is shown as "·" (too small to say). The change \
            columns compare the latest period with enough postings with the latest one before it \
            with enough, and with the same period a year earlier, in percentage points. A period marked "!" has a role or source mix unlike the \
            other periods', so its shares move with the mix; --adjust role or --adjust source holds \
            it fixed.

            Examples:
              jobsift trends
              jobsift trends --by year --role llm-engineer --top 10
              jobsift trends --group category --since 2024 --csv > categories.csv
              jobsift trends --emerging --by year          # rising technologies outside the taxonomy
              jobsift trends --emerging --yaml >> new-skills.yaml
              jobsift trends --by year --adjust role     # shares at a fixed role mix
            """
    )

    @OptionGroup var query: StoreQueryOptions

    @Option(name: .long, help: "month, quarter or year.")
    var by: PeriodGranularity = .quarter

    @Option(name: .long, help: "Rows to show, by overall share.")
    var top = 15

    @Option(name: .long, help: "Periods with fewer postings are shown as too small.")
    var minPostings = 20

    @Option(name: .long, help: "skill or category: one row per skill, or per skill category.")
    var group: Grouping = .skill

    @Option(name: .long, help: "Only skills of this category (see `jobsift taxonomy --skills`).")
    var category: String?

    @Flag(name: .long, help: "Show each share's 95% Wilson interval.")
    var ci = false

    @Option(name: .long, help: "role or source: hold that mix fixed, each period weighted to the overall mix (direct standardisation).")
    var adjust: MixDimension?

    @Flag(name: .long, help: "List technologies outside the taxonomy whose share is rising: candidates for new skills.")
    var emerging = false

    @Option(name: .long, help: "With --emerging: how many of the latest periods count as recent.")
    var recentPeriods = 2

    @Option(name: .long, help: "With --emerging: distinct companies a candidate must be seen at.")
    var minCompanies = 5

    @Flag(name: .long, help: "With --emerging: print each candidate as a skills.yaml entry, ready to paste.")
    var yaml = false

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Flag(name: .long, help: "Print CSV: one row per skill and period.")
    var csv = false

    enum Grouping: String, ExpressibleByArgument, CaseIterable {
        case skill, category
    }

    func validate() throws {
        try require("--top", top, in: 1...10_000)
        try require("--min-postings", minPostings, in: 1...Int(Int32.max))
        try require("--recent-periods", recentPeriods, in: 1...1_000)
        try require("--min-companies", minCompanies, in: 1...1_000_000)
        guard [json, csv, yaml].filter({ $0 }).count <= 1 else { throw ValidationError("Choose one of --json, --csv and --yaml.") }
        guard !yaml || emerging else { throw ValidationError("--yaml prints emerging skills; add --emerging.") }
        guard !(csv && emerging) else { throw ValidationError("--csv prints the trend table; with --emerging use --json or --yaml.") }
    }

    func run() throws {
        if emerging { return try runEmerging() }
        let (_, data, _) = try query.loadData()
        var trendQuery = TrendQuery()
        trendQuery.filter = query.filter
        trendQuery.granularity = by
        trendQuery.minimumPostings = minPostings
        trendQuery.top = top
        trendQuery.groupByCategory = group == .category
        trendQuery.category = category
        trendQuery.adjustment = adjust
        let report = TrendReport.build(data, query: trendQuery)
        if json { return try printJSON(report) }
        if csv { return print(TrendTable.csv(report), terminator: "") }
        guard !report.periods.isEmpty else {
            printError("no dated postings match; analyze some postings first, or widen --since/--until/--role.")
            throw ExitCode(1)
        }
        print(TrendTable.render(report, showIntervals: ci, colour: TerminalStyle.useColour))
    }

    /// `--emerging`: reads the postings' texts, not their skills.
    private func runEmerging() throws {
        let models = ModelOptions(model: nil, taxonomy: query.taxonomy)
        var finder = EmergingTermFinder(
            taxonomy: try models.loadTaxonomy().skills,
            technologies: EmergingTermFinder.loadTechnologies(path: models.taxonomyPath + "/technologies.txt"))
        finder.granularity = by
        finder.top = top
        finder.recentPeriods = recentPeriods
        finder.minimumCompanies = minCompanies
        let found = finder.find(in: try openStore(query.db).emergingTermPostings(filter: query.filter))
        if json { return try printJSON(found) }
        if yaml { return print(TrendTable.emergingYAML(found)) }
        print(TrendTable.emerging(found))
    }
}

extension PeriodGranularity: ExpressibleByArgument {}
extension MixDimension: ExpressibleByArgument {}
