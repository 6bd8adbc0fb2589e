import Foundation

/// How postings are grouped in time.
public enum PeriodGranularity: String, Sendable, Codable, CaseIterable {
    case month, quarter, year

    /// The period a `yyyy-mm-dd` date falls in: `2025-03`, `2025-Q1` or `2025`; nil for a malformed date.
    public func period(of date: String) -> String? {
        let parts = date.split(separator: "-")
        guard parts.count >= 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        switch self {
        case .month: return String(format: "%04d-%02d", year, month)
        case .quarter: return "\(year)-Q\((month - 1) / 3 + 1)"
        case .year: return String(year)
        }
    }

    /// Every period from `first` to `last`, so that a period without postings still has its column.
    public func periods(from first: String, to last: String) -> [String] {
        guard let start = index(of: first), let end = index(of: last), start <= end else { return [] }
        return (start...end).map(label(ofIndex:))
    }

    /// The same period a year earlier.
    public func yearEarlier(_ period: String) -> String? {
        guard let index = index(of: period) else { return nil }
        return label(ofIndex: index - perYear)
    }

    private var perYear: Int {
        switch self {
        case .month: return 12
        case .quarter: return 4
        case .year: return 1
        }
    }

    /// Periods counted from year 0, so that neighbours differ by one.
    private func index(of period: String) -> Int? {
        let parts = period.split(separator: "-")
        guard let year = parts.first.flatMap({ Int($0) }) else { return nil }
        switch self {
        case .year: return parts.count == 1 ? year : nil
        case .month:
            guard parts.count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return nil }
            return year * 12 + month - 1
        case .quarter:
            guard parts.count == 2, parts[1].hasPrefix("Q"), let quarter = Int(parts[1].dropFirst()), (1...4).contains(quarter) else { return nil }
            return year * 4 + quarter - 1
        }
    }

    private func label(ofIndex index: Int) -> String {
        switch self {
        case .year: return String(index)
        case .month: return String(format: "%04d-%02d", index / 12, index % 12 + 1)
        case .quarter: return "\(index / 4)-Q\(index % 4 + 1)"
        }
    }
}

/// Which stored postings a statistic is about.
public struct PostingFilter: Sendable, Equatable {
    /// Inclusive bounds on the posting date, `yyyy-mm-dd` or a prefix (`2025`, `2025-03`).
    public var since: String?
    public var until: String?
    public var roles: Set<String> = []
    public var seniorities: Set<String> = []
    public var workplaces: Set<String> = []
    /// Near-duplicates are left out unless this is set.
    public var includeDuplicates = false

    public init() {}

    public func accepts(_ posting: DemandData.Posting) -> Bool {
        if !includeDuplicates && posting.isDuplicate { return false }
        if !roles.isEmpty && !roles.contains(posting.role) { return false }
        if !seniorities.isEmpty && !seniorities.contains(posting.seniority) { return false }
        if !workplaces.isEmpty && !workplaces.contains(posting.workplace) { return false }
        if let since, let date = posting.date, date < since { return false }
        if let until, let date = posting.date, !(date <= until || date.hasPrefix(until)) { return false }
        if (since != nil || until != nil) && posting.date == nil { return false }
        return true
    }
}

/// The stored postings as statistics need them: labels, dates, salary and demanded skills, no text.
public struct DemandData: Sendable {
    public struct Posting: Sendable, Equatable {
        public var id: String
        public var title: String?
        public var company: String?
        public var date: String?
        public var role: String
        public var seniority: String
        public var workplace: String
        public var isDuplicate: Bool
        public var salaryMin: Double?
        public var salaryMax: Double?
        public var salaryCurrency: String?
        public var salaryPeriod: String?
        /// Skills the posting demands (required or preferred), by id.
        public var skills: Set<String>
        /// The site, dataset or folder it came from (`PostingOrigin`).
        public var origin: String

        public init(id: String, title: String? = nil, company: String? = nil, date: String?, role: String,
                    seniority: String = "unspecified", workplace: String = "unknown",
                    isDuplicate: Bool = false, salaryMin: Double? = nil, salaryMax: Double? = nil,
                    salaryCurrency: String? = nil, salaryPeriod: String? = nil, skills: Set<String>, origin: String = "") {
            self.id = id
            self.title = title
            self.company = company
            self.date = date
            self.role = role
            self.seniority = seniority
            self.workplace = workplace
            self.isDuplicate = isDuplicate
            self.salaryMin = salaryMin
            self.salaryMax = salaryMax
            self.salaryCurrency = salaryCurrency
            self.salaryPeriod = salaryPeriod
            self.skills = skills
            self.origin = origin
        }
    }

    public var postings: [Posting]
    /// Skill id to its name and category, for display and grouping.
    public var skillNames: [String: String]
    public var skillCategories: [String: String]

    public init(postings: [Posting], skillNames: [String: String] = [:], skillCategories: [String: String] = [:]) {
        self.postings = postings
        self.skillNames = skillNames
        self.skillCategories = skillCategories
    }

    public func name(ofSkill id: String) -> String { skillNames[id] ?? id }
}

extension PostingStore {
    /// Every stored posting with its demanded skills; skill names come from `taxonomy` when given.
    public func demandData(taxonomy: SkillTaxonomy? = nil) throws(StoreError) -> DemandData {
        try withStoreErrors {
            var skills: [String: Set<String>] = [:]
            var categories: [String: String] = [:]
            try connection.prepare("SELECT posting_id, skill, category FROM posting_skills WHERE demand IN ('required', 'preferred')")
                .query { row in
                    let skill = row.text(1) ?? ""
                    skills[row.text(0) ?? "", default: []].insert(skill)
                    categories[skill] = row.text(2) ?? ""
                }
            var postings: [DemandData.Posting] = []
            try connection.prepare("""
                SELECT id, date_posted, role, seniority, workplace, duplicate_of, salary_min, salary_max, salary_currency,
                salary_period, title, company, origin, source FROM postings ORDER BY rowid
                """).query { row in
                let id = row.text(0) ?? ""
                postings.append(DemandData.Posting(
                    id: id, title: row.text(10), company: row.text(11), date: row.text(1), role: row.text(2) ?? "", seniority: row.text(3) ?? "unspecified",
                    workplace: row.text(4) ?? "unknown", isDuplicate: !row.isNull(5), salaryMin: row.real(6),
                    salaryMax: row.real(7), salaryCurrency: row.text(8), salaryPeriod: row.text(9), skills: skills[id] ?? [],
                    origin: row.text(12) ?? PostingOrigin.of(source: row.text(13) ?? "")))
            }
            var names: [String: String] = [:]
            for skill in taxonomy?.skills ?? [] {
                names[skill.id] = skill.name
                categories[skill.id] = skill.category
            }
            return DemandData(postings: postings, skillNames: names, skillCategories: categories)
        }
    }
}
