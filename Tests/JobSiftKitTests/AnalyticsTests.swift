import Foundation
import Testing
@testable import JobSiftKit

/// Trends and statistics on postings with known counts, against values worked out by hand.
@Suite struct AnalyticsTests {
    /// `count` postings in `date`'s period; the first `withA` demand "a", the first `withB` demand "b".
    static func postings(_ prefix: String, date: String?, count: Int, withA: Int, withB: Int = 0,
                         role: String = "ml-engineer", duplicate: Bool = false, origin: String = "board") -> [DemandData.Posting] {
        (0..<count).map { index in
            var skills = Set<String>()
            if index < withA { skills.insert("a") }
            if index < withB { skills.insert("b") }
            return DemandData.Posting(id: "\(prefix)-\(index)", date: date, role: role, isDuplicate: duplicate, skills: skills,
                                      origin: origin)
        }
    }

    /// Q1: 10 postings, a in 3, b in 5. Q2: 20 postings, a in 10, b in 5; plus 2 near-duplicates
    /// demanding a, and one posting without a date.
    static let twoQuarters = DemandData(
        postings: postings("q1", date: "2025-02-10", count: 10, withA: 3, withB: 5)
            + postings("q2", date: "2025-05-03", count: 20, withA: 10, withB: 5)
            + postings("dup", date: "2025-05-04", count: 2, withA: 2, duplicate: true)
            + postings("undated", date: nil, count: 1, withA: 1),
        skillNames: ["a": "Skill A", "b": "Skill B"], skillCategories: ["a": "tools", "b": "tools"])

    func query(minimum: Int = 5) -> TrendQuery {
        var query = TrendQuery()
        query.granularity = .quarter
        query.minimumPostings = minimum
        return query
    }

    @Test func sharesAreOfDeduplicatedDatedPostingsPerPeriod() throws {
        let report = TrendReport.build(Self.twoQuarters, query: query())
        #expect(report.periods == ["2025-Q1", "2025-Q2"])
        #expect(report.totals == [10, 20])
        #expect(report.undated == 1)
        let a = try #require(report.rows.first { $0.id == "a" })
        #expect(a.name == "Skill A")
        #expect(a.cells.map(\.count) == [3, 10])
        #expect(a.cells.map(\.share) == [0.3, 0.5])
        #expect(a.overall.count == 13)
        #expect(abs(a.changeFromPrevious! - 0.2) < 1e-12)
    }

    /// Years with nothing between (2023 and 2026, as two samples of one board give) are compared:
    /// the change is read against the latest earlier period with enough postings, which is named.
    @Test func changesAreReadAgainstTheLatestEarlierPeriodWithEnoughPostings() throws {
        let data = DemandData(postings: Self.postings("y23", date: "2023-03-01", count: 10, withA: 2)
            + Self.postings("thin", date: "2025-06-01", count: 2, withA: 2)
            + Self.postings("y26", date: "2026-04-01", count: 20, withA: 12))
        var yearly = query()
        yearly.granularity = .year
        let report = TrendReport.build(data, query: yearly)
        #expect(report.periods == ["2023", "2024", "2025", "2026"])
        #expect(report.current == "2026")
        #expect(report.previous == "2023")
        let a = try #require(report.rows.first { $0.id == "a" })
        #expect(abs(a.changeFromPrevious! - (0.6 - 0.2)) < 1e-12)
        #expect(a.changeFromYearEarlier == nil)
        #expect(TrendTable.render(report, colour: false).contains("changes are read at 2026 against 2023"))
    }

    /// The role mix shifts (80/20 to 20/80) while each role's share of skill a stays fixed (50% for
    /// one, 10% for the other): plain shares move from 42% to 18%, shares at the overall 50/50 role
    /// mix stay at 30% in both periods.
    @Test func holdingTheRoleMixFixedRemovesAShiftThatOnlyTheMixMade() throws {
        let data = DemandData(postings: Self.postings("p1a", date: "2025-02-01", count: 80, withA: 40, role: "data-scientist")
            + Self.postings("p1b", date: "2025-02-01", count: 20, withA: 2, role: "other")
            + Self.postings("p2a", date: "2025-05-01", count: 20, withA: 10, role: "data-scientist")
            + Self.postings("p2b", date: "2025-05-01", count: 80, withA: 8, role: "other"),
            skillNames: ["a": "Skill A"], skillCategories: ["a": "tools"])
        let plainReport = TrendReport.build(data, query: query())
        let plain = try #require(plainReport.rows.first { $0.id == "a" })
        #expect(plain.cells.map(\.share) == [0.42, 0.18])
        // Unadjusted, each period is flagged: its role mix is 60 points away from the other's.
        #expect(plainReport.mixShifts.map(\.period) == ["2025-Q1", "2025-Q2"])
        let shift = plainReport.mixShifts[1]
        #expect(shift.dimension == .role && shift.largest == "other")
        #expect(abs(shift.distance - 0.6) < 1e-12 && abs(shift.share - 0.8) < 1e-12 && abs(shift.shareElsewhere - 0.2) < 1e-12)
        #expect(TrendTable.render(plainReport).contains("2025-Q2: other 80% of postings (20% in the other periods)"))
        var adjusted = query()
        adjusted.adjustment = .role
        let report = TrendReport.build(data, query: adjusted)
        #expect(report.adjustedFor == "role")
        let a = try #require(report.rows.first { $0.id == "a" })
        #expect(a.cells.allSatisfy { abs($0.share - 0.30) < 1e-12 })
        #expect(abs(a.changeFromPrevious!) < 1e-12)
        // Raw counts stay; the interval is Wilson's at the effective size 1 / (0.25/80 + 0.25/20) = 64.
        #expect(a.cells.map(\.count) == [42, 18])
        let (lower, upper) = Wilson.interval(share: 0.3, total: 64)
        #expect(abs(a.cells[0].lower - lower) < 1e-12 && abs(a.cells[0].upper - upper) < 1e-12)
        #expect(TrendTable.render(report).contains("shares held at the overall role mix"))
        #expect(report.mixShifts.isEmpty)
    }

    /// The same with two boards instead of two roles: the source mix is flagged, and `--adjust
    /// source` holds it fixed; a store of one origin has no source flag.
    @Test func holdingTheSourceMixFixedRemovesAShiftThatOnlyTheSourcesMade() throws {
        let data = DemandData(postings: Self.postings("p1a", date: "2025-02-01", count: 80, withA: 40, origin: "hn")
            + Self.postings("p1b", date: "2025-02-01", count: 20, withA: 2, origin: "linkedin")
            + Self.postings("p2a", date: "2025-05-01", count: 20, withA: 10, origin: "hn")
            + Self.postings("p2b", date: "2025-05-01", count: 80, withA: 8, origin: "linkedin"),
            skillNames: ["a": "Skill A"])
        let plain = TrendReport.build(data, query: query())
        #expect(plain.mixShifts.map(\.dimension) == [.source, .source])
        #expect(plain.rows.first { $0.id == "a" }?.cells.map(\.share) == [0.42, 0.18])
        var adjusted = query()
        adjusted.adjustment = .source
        let report = TrendReport.build(data, query: adjusted)
        #expect(report.adjustedFor == "source" && report.mixShifts.isEmpty && report.unseparated == [])
        // Two boards that never overlap in time: the report says no reweighting can separate them.
        let disjoint = DemandData(postings: Self.postings("h", date: "2025-02-01", count: 30, withA: 10, origin: "hn")
            + Self.postings("l", date: "2025-05-01", count: 30, withA: 20, origin: "linkedin"))
        let separated = TrendReport.build(disjoint, query: adjusted)
        #expect(separated.unseparated == ["2025-Q1", "2025-Q2"])
        #expect(TrendTable.render(separated).contains("2025-Q1 and 2025-Q2 share no source"))
        #expect(TrendReport.build(disjoint, query: query()).unseparated == nil)
        #expect(try #require(report.rows.first { $0.id == "a" }).cells.allSatisfy { abs($0.share - 0.30) < 1e-12 })
        #expect(TrendReport.build(Self.twoQuarters, query: query()).mixShifts.isEmpty)
        // A crawl: every posting from a site of its own, each under 2% of all: no source shift.
        let crawl = DemandData(postings: (0..<120).map { index in
            DemandData.Posting(id: "c\(index)", date: "2025-0\(index / 40 * 3 + 1)-01", role: "ml-engineer", skills: [],
                               origin: "site\(index).example")
        })
        #expect(TrendReport.build(crawl, query: query()).mixShifts.isEmpty)
    }

    /// `stats --since 2025 --adjust role`: 2025's mixes at the store's 50/50 role mix. Data
    /// scientists work remotely half the time and others a tenth, in both years; 2025 has more
    /// others, so its plain remote share is 18% and its standardised one 30%, as in 2024.
    @Test func statsHoldTheMixAtTheStoresOverallMix() throws {
        func postings(_ prefix: String, year: Int, role: String, count: Int, remote: Int) -> [DemandData.Posting] {
            (0..<count).map { index in
                DemandData.Posting(id: "\(prefix)\(index)", date: "\(year)-03-01", role: role,
                                   workplace: index < remote ? "remote" : "onsite", skills: [], origin: "\(prefix)-board")
            }
        }
        let data = DemandData(postings: postings("a", year: 2024, role: "data-scientist", count: 80, remote: 40)
            + postings("b", year: 2024, role: "other", count: 20, remote: 2)
            + postings("c", year: 2025, role: "data-scientist", count: 20, remote: 10)
            + postings("d", year: 2025, role: "other", count: 80, remote: 8))
        var recent = PostingFilter()
        recent.since = "2025"
        let plain = MarketStats.build(data, filter: recent)
        #expect(plain.remoteShareOfKnown == 0.18 && plain.adjustedFor == nil)
        #expect(plain.sources.map(\.name) == ["d-board", "c-board"])
        let adjusted = MarketStats.build(data, filter: recent, adjustment: .role)
        #expect(adjusted.adjustedFor == "role")
        #expect(abs(adjusted.remoteShareOfKnown! - 0.30) < 1e-12)
        #expect(adjusted.roles.allSatisfy { abs($0.share - 0.5) < 1e-12 } && adjusted.roles.map(\.count) == [80, 20])
        #expect(abs(adjusted.workplace.first { $0.name == "remote" }!.share - 0.30) < 1e-12)
        var earlier = PostingFilter()
        earlier.until = "2024"
        #expect(abs(MarketStats.build(data, filter: earlier, adjustment: .role).remoteShareOfKnown! - 0.30) < 1e-12)
        #expect(StatsTable.render(adjusted).contains("shares held at the role mix of all dates"))
    }

    @Test func duplicatesCountOnlyWhenAskedFor() throws {
        var withDuplicates = query()
        withDuplicates.filter.includeDuplicates = true
        let report = TrendReport.build(Self.twoQuarters, query: withDuplicates)
        #expect(report.totals == [10, 22])
        #expect(report.rows.first { $0.id == "a" }?.cells.map(\.count) == [3, 12])
    }

    @Test func wilsonIntervalMatchesTheWorkedExample() {
        // 3 of 10: p = 0.3, z = 1.959964; centre (0.3 + z²/20) / (1 + z²/10) = 0.355509,
        // half-width z·sqrt(0.021 + z²/400) / (1 + z²/10) = 0.247715.
        let (lower, upper) = Wilson.interval(count: 3, total: 10)
        #expect(abs(lower - 0.107794) < 1e-5)
        #expect(abs(upper - 0.603224) < 1e-5)
        let none = Wilson.interval(count: 0, total: 20)
        #expect(none.lower == 0)
        #expect(abs(none.upper - 0.161125) < 1e-5)
    }

    @Test func periodsBelowTheMinimumAreSuppressedAndHaveNoChange() throws {
        let report = TrendReport.build(Self.twoQuarters, query: query(minimum: 15))
        let a = try #require(report.rows.first { $0.id == "a" })
        #expect(a.cells.map(\.isSuppressed) == [true, false])
        #expect(a.changeFromPrevious == nil)
        #expect(report.gainers.isEmpty)
        #expect(TrendTable.render(report).contains("·"))
    }

    @Test func gainersAndLosersComeFromTheChangeSinceThePreviousPeriod() {
        let report = TrendReport.build(Self.twoQuarters, query: query())
        #expect(report.gainers.map(\.id) == ["a"])
        #expect(report.losers.map(\.id) == ["b"])
        #expect(abs(report.losers[0].changeFromPrevious! + 0.25) < 1e-12)
    }

    @Test func changeFromAYearEarlierComparesTheSamePeriod() throws {
        let data = DemandData(postings: Self.postings("old", date: "2024-05-01", count: 10, withA: 2)
            + Self.postings("mid", date: "2025-01-15", count: 10, withA: 4)
            + Self.postings("new", date: "2025-04-20", count: 10, withA: 7))
        let report = TrendReport.build(data, query: query())
        #expect(report.periods.first == "2024-Q2")
        #expect(report.periods.last == "2025-Q2")
        #expect(report.periods.count == 5)
        let a = try #require(report.rows.first)
        #expect(abs(a.changeFromYearEarlier! - 0.5) < 1e-12)
        #expect(abs(a.changeFromPrevious! - 0.3) < 1e-12)
        // The quarters between hold no postings: too small to say, not zero.
        #expect(a.cells[1].isSuppressed && a.cells[1].total == 0)
    }

    @Test func liftIsHowMuchMoreOftenTwoSkillsMeetThanByChance() throws {
        // 100 postings: a in 20, b in 25, both in 10. Lift = 10·100 / (20·25) = 2.
        var postings = Self.postings("both", date: "2025-01-01", count: 10, withA: 10, withB: 10)
        postings += Self.postings("a", date: "2025-01-01", count: 10, withA: 10)
        postings += Self.postings("b", date: "2025-01-01", count: 15, withA: 0, withB: 15)
        postings += Self.postings("none", date: "2025-01-01", count: 65, withA: 0)
        let stats = MarketStats.build(DemandData(postings: postings), minimumPairCount: 5)
        let pair = try #require(stats.pairs.first)
        #expect([pair.first, pair.second] == ["a", "b"])
        #expect(pair.count == 10)
        #expect(abs(pair.lift - 2.0) < 1e-12)
    }

    @Test func salariesAreSummarisedPerCurrencyAndNeverMixed() {
        func paid(_ id: String, _ low: Double, _ high: Double, _ currency: String) -> DemandData.Posting {
            DemandData.Posting(id: id, date: nil, role: "data-scientist", salaryMin: low, salaryMax: high,
                               salaryCurrency: currency, salaryPeriod: "year", skills: [])
        }
        let data = DemandData(postings: [
            paid("u1", 90_000, 110_000, "USD"), paid("u2", 110_000, 130_000, "USD"), paid("u3", 130_000, 150_000, "USD"),
            paid("e1", 50_000, 50_000, "EUR"), paid("e2", 60_000, 60_000, "EUR"),
        ])
        let stats = MarketStats.build(data)
        #expect(stats.salaries.map(\.currency) == ["EUR", "USD"])
        #expect(stats.salaries.map(\.median) == [55_000, 120_000])
        #expect(stats.salaries.map(\.lowerQuartile) == [52_500, 110_000])
        #expect(stats.salaries.map(\.count) == [2, 3])
    }

    @Test func statsLeaveNearDuplicatesOutOfTheMix() {
        let stats = MarketStats.build(Self.twoQuarters)
        #expect(stats.postings == 31)
        #expect(stats.duplicatesLeftOut == 2)
        #expect(stats.roles == [Bucket(name: "ml-engineer", count: 31, share: 1)])
    }

    @Test func periodsAreLabelledAndFilledIn() {
        #expect(PeriodGranularity.month.period(of: "2025-03-09") == "2025-03")
        #expect(PeriodGranularity.quarter.period(of: "2025-12-31") == "2025-Q4")
        #expect(PeriodGranularity.year.period(of: "2025-01-01") == "2025")
        #expect(PeriodGranularity.quarter.periods(from: "2024-Q4", to: "2025-Q2") == ["2024-Q4", "2025-Q1", "2025-Q2"])
        #expect(PeriodGranularity.month.yearEarlier("2025-03") == "2024-03")
    }

    /// Earlier: 40 postings a quarter naming PyTorch. Recent: postings at 12 companies that use
    /// "Zorblet" beside Python (a technology), mention rising "quorum ledgers" in lower case (not
    /// written as a name), and carry one board footer word for word ("Apply via Bookface Startup
    /// Directory…", a template); "Visa" sponsorship, which is job-ad vocabulary; and a customer,
    /// "Quillion", a company however it is written.
    static func emergingPostings(recentOrigin: String = "board") -> [EmergingTermFinder.Posting] {
        var postings: [EmergingTermFinder.Posting] = []
        for index in 0..<40 {
            postings.append(.init(id: "e\(index)", company: "Old \(index % 20)", date: "2025-0\(index % 6 + 1)-10", origin: "board",
                                  text: "We build ranking models in PyTorch for our marketplace team. Remote."))
        }
        for index in 0..<12 {
            postings.append(.init(
                id: "r\(index)", title: "Firm \(index) | Engineer | Remote", date: "2025-1\(index % 3)-10", origin: recentOrigin,
                text: "Our stack \(index): Python, Zorblet and Kubernetes for storage \(index). We build quorum ledgers for "
                    + "customers \(index). Our \(index) customers include Quillion, Python shops and Kubernetes teams. "
                    + "Visa sponsorship offered to all of our new colleagues. Apply via Bookface with your Python and Go profile, "
                    + "Startup Directory, Launch Library today."))
        }
        return postings
    }

    @Test func emergingSkillsAreTechnologiesAtManyCompaniesNotTemplatesOrVocabulary() throws {
        var finder = EmergingTermFinder(taxonomy: try SkillTaxonomy.load(from: Paths.shippedSkills))
        finder.recentPeriods = 1
        let report = finder.find(in: Self.emergingPostings())
        #expect(report.recentPostings == 12 && report.earlierPostings == 40)
        #expect(report.comparedWithin.isEmpty)
        #expect(report.terms.map(\.term) == ["zorblet"])
        let zorblet = try #require(report.terms.first)
        #expect(zorblet.name == "Zorblet" && zorblet.recentCount == 12 && zorblet.earlierCount == 0 && zorblet.companies == 12)
        #expect(zorblet.evidence == "written as a name" && zorblet.examples.count == 3)
        #expect(zorblet.examples[0].snippet.contains("Python , Zorblet") || zorblet.examples[0].snippet.contains("Python Zorblet"))
        #expect(zorblet.suggestedCategory == "programming-language" || zorblet.suggestedCategory == "devops")
        #expect(zorblet.yamlEntry.contains("- id: zorblet\n") && zorblet.yamlEntry.contains("aliases: [Zorblet]"))
        // The footer's "Bookface", capitalised beside Python at 12 companies, is left out only as a template.
        finder.templatePostings = 1_000
        #expect(finder.find(in: Self.emergingPostings()).terms.contains { $0.term == "bookface" })
        finder.templatePostings = 4
        // With fewer companies than asked for, nothing qualifies.
        finder.minimumCompanies = 13
        #expect(finder.find(in: Self.emergingPostings()).terms.isEmpty)
    }

    /// When one source spans both windows and the term's share falls there, a rise made by adding
    /// another source is not a rise.
    @Test func anEmergingSkillMustRiseWithinEachSourceThatSpansBothWindows() throws {
        var finder = EmergingTermFinder(taxonomy: try SkillTaxonomy.load(from: Paths.shippedSkills))
        finder.recentPeriods = 1
        var postings = Self.emergingPostings(recentOrigin: "new-board")
        // The old board: Zorblet in 4 of its 40 earlier postings (10%) and 1 of its 20 recent ones (5%);
        // pooled with the new board (12 of 12) the recent share is 13 of 32.
        for index in 0..<4 { postings[index].text = "Python, Zorblet and Kubernetes at firm \(index) for storage." }
        for index in 0..<20 {
            postings.append(.init(id: "o\(index)", company: "Old \(index)", date: "2025-11-10", origin: "board",
                                  text: index < 1 ? "Python, Zorblet and Docker at old firm \(index)." : "Go and Rust at old firm \(index)."))
        }
        finder.minimumOriginPostings = 1_000
        let pooled = finder.find(in: postings)
        #expect(pooled.comparedWithin.isEmpty && pooled.terms.map(\.term) == ["zorblet"])
        finder.minimumOriginPostings = 10
        let report = finder.find(in: postings)
        #expect(report.comparedWithin == ["board"])
        #expect(!report.terms.contains { $0.term == "zorblet" })
    }

    @Test func theTableFitsInOneHundredColumnsAndHasNoColourUnlessAsked() {
        var postings: [DemandData.Posting] = []
        for month in 1...12 {
            postings += Self.postings("m\(month)", date: String(format: "2025-%02d-01", month), count: 30, withA: month, withB: 30 - month)
        }
        var monthly = query()
        monthly.granularity = .month
        let report = TrendReport.build(DemandData(postings: postings, skillNames: ["a": String(repeating: "Long skill name ", count: 4)]),
                                       query: monthly)
        let plain = TrendTable.render(report, colour: false)
        #expect(plain.split(separator: "\n").allSatisfy { $0.count <= 100 })
        #expect(!plain.contains("\u{1B}"))
        #expect(TrendTable.render(report, colour: true).contains("\u{1B}["))
        #expect(TrendTable.sparkline(report.rows.first { $0.id == "a" }!.cells, width: 12) == "▁▁▂▃▃▄▅▆▆▇██")
    }

    /// The report names its filter and adjustment, marks a shifted period, and draws a period
    /// with no supported neighbour as a dot rather than joining it across the thin periods between.
    @Test func theHTMLReportSaysWhatItShowsAndJoinsNoLineAcrossThinPeriods() {
        let data = DemandData(postings: Self.postings("a", date: "2023-02-01", count: 30, withA: 10, role: "data-scientist")
            + Self.postings("b", date: "2024-05-01", count: 3, withA: 3)
            + Self.postings("c", date: "2026-02-01", count: 30, withA: 20),
            skillNames: ["a": "Skill A"])
        var yearly = query()
        yearly.granularity = .year
        yearly.adjustment = .source
        let trends = TrendReport.build(data, query: yearly)
        let page = HTMLReport.render(trends: trends, stats: MarketStats.build(data), roleMix: RoleMixTrend.build(data),
                                     skillNames: data.skillNames, title: "r", scope: ["role ml-engineer", "since 2023"])
        #expect(page.contains("Filtered to role ml-engineer; since 2023."))
        #expect(page.contains("held at the overall source mix"))
        #expect(page.contains(">!2026</text>") && page.contains("2026, role: ml-engineer 100% of postings"))
        // 2023 and 2026 have support, 2024 and 2025 do not: two dots, no line.
        #expect(page.components(separatedBy: "<circle").count - 1 == 2)
        #expect(!page.contains("<polyline"))
    }

    @Test func theHTMLReportEscapesPostingTextAndLoadsNothing() {
        let hostile = "<script>alert('x')</script>"
        let data = DemandData(
            postings: Self.postings("p", date: "2025-02-01", count: 25, withA: 10, role: hostile),
            skillNames: ["a": "C++ & <b>Rust</b>"])
        var trendQuery = query()
        trendQuery.top = 5
        let page = HTMLReport.render(
            trends: TrendReport.build(data, query: trendQuery), stats: MarketStats.build(data),
            roleMix: RoleMixTrend.build(data), skillNames: data.skillNames,
            recent: [DemandData.Posting(id: "x", title: "\(hostile) Engineer", company: "A & B", date: "2025-02-01", role: "other", skills: [])],
            title: "Report \(hostile)")
        #expect(!page.contains("<script"))
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(page.contains("C++ &amp; &lt;b&gt;Rust&lt;/b&gt;"))
        #expect(page.contains("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Engineer</td><td>A &amp; B</td>"))
        for external in ["src=", "<link", "@import", "url(", "https://"] {
            #expect(!page.contains(external), "the page refers to \(external)")
        }
        #expect(!page.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http://"))
        // Skill trend, role mix and heat map; no posting states a salary, so that chart is a note.
        #expect(page.components(separatedBy: "<svg").count - 1 == 3)
        #expect(page.contains("No posting states a salary."))
    }
}
