import Foundation

/// A skill of an exported posting.
public struct ExportSkill: Sendable, Equatable, Codable {
    public var id: String
    public var category: String
    public var demand: SkillDemand
    public var mentions: Int
}

/// One stored posting with its labels and skills, flat, for other tools.
public struct ExportRecord: Sendable, Equatable, Codable {
    public var id: String
    public var source: String
    /// The site, dataset or folder the posting came from (see `PostingOrigin`).
    public var origin: String
    public var title: String?
    public var company: String?
    public var location: String?
    public var workplace: String
    public var employmentType: String?
    public var datePosted: String?
    public var validThrough: String?
    public var salaryMin: Double?
    public var salaryMax: Double?
    public var salaryCurrency: String?
    public var salaryPeriod: String?
    public var language: String?
    public var role: String
    public var roleProbability: Double
    /// The model was not sure: `role` is its leading guess.
    public var roleUncertain: Bool
    /// A second role when the posting reads as two jobs.
    public var secondRole: String?
    public var seniority: String
    public var yearsMin: Int?
    public var yearsMax: Int?
    public var duplicateOf: String?
    public var requiredSkills: [String]
    public var preferredSkills: [String]
    public var modelVersion: String
    public var taxonomyVersion: String
    public var text: String?
    /// Every role's probability.
    public var roleScores: [String: Double]?
    /// Each skill found, with its demand and how often it was mentioned.
    public var skills: [ExportSkill]?
    /// The posting's near-duplicate band keys (16 hex digits each), from `signature`.
    public var bandKeys: [String]?
    /// The MinHash signature: 128 little-endian `UInt32`, base64.
    public var signature: String?

    /// The keys of the JSON record, in snake_case like the CSV header.
    enum CodingKeys: String, CodingKey {
        case id, source, origin, title, company, location, workplace, language, role, seniority, text, skills, signature
        case employmentType = "employment_type", datePosted = "date_posted", validThrough = "valid_through"
        case salaryMin = "salary_min", salaryMax = "salary_max", salaryCurrency = "salary_currency"
        case salaryPeriod = "salary_period", roleProbability = "role_probability", roleUncertain = "role_uncertain"
        case secondRole = "second_role", yearsMin = "years_min", yearsMax = "years_max", duplicateOf = "duplicate_of"
        case requiredSkills = "required_skills", preferredSkills = "preferred_skills", modelVersion = "model_version"
        case taxonomyVersion = "taxonomy_version", roleScores = "role_scores", bandKeys = "band_keys"
    }

    /// The CSV header, in the column order of `csvFields`.
    public static let csvHeader = [
        "id", "source", "origin", "title", "company", "location", "workplace", "employment_type", "date_posted", "valid_through",
        "salary_min", "salary_max", "salary_currency", "salary_period", "language", "role", "role_probability",
        "role_uncertain", "second_role", "seniority", "years_min", "years_max", "duplicate_of", "required_skills", "preferred_skills",
        "model_version", "taxonomy_version", "text",
    ]

    /// The record as CSV fields; lists are joined with `;`, absent values are empty.
    public var csvFields: [String] {
        func number(_ value: Double?) -> String {
            guard let value else { return "" }
            return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        }
        return [
            id, source, origin, title ?? "", company ?? "", location ?? "", workplace, employmentType ?? "", datePosted ?? "",
            validThrough ?? "", number(salaryMin), number(salaryMax), salaryCurrency ?? "", salaryPeriod ?? "",
            language ?? "", role, String(format: "%.4f", roleProbability), roleUncertain ? "1" : "0", secondRole ?? "", seniority, yearsMin.map(String.init) ?? "",
            yearsMax.map(String.init) ?? "", duplicateOf ?? "", requiredSkills.joined(separator: ";"),
            preferredSkills.joined(separator: ";"), modelVersion, taxonomyVersion, text ?? "",
        ]
    }

    /// A CSV line (RFC 4180): fields with commas, quotes or line breaks are quoted, quotes doubled.
    /// A field a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`, a tab or
    /// carriage return first) is written with a `'` before it, as OWASP advises, unless it is a number.
    public static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            var field = field
            if let first = field.unicodeScalars.first, formulaStarts.contains(first), Double(field) == nil { field = "'" + field }
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }

    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
}

extension ExportRecord {
    /// The record of a posting just analysed (by `jobsift stream`): no store, so no duplicate is
    /// known. `analysis` should carry every role as an alternative, for `roleScores`.
    public init(posting: Posting, analysis: PostingAnalysis, versions: AnalysisVersions, includeText: Bool) {
        let salary = posting.salary
        self.init(id: posting.id, source: posting.source, origin: posting.origin ?? PostingOrigin.of(source: posting.source), title: posting.title, company: posting.company,
                  location: posting.location, workplace: posting.workplace.rawValue, employmentType: posting.employmentType,
                  datePosted: posting.datePosted, validThrough: posting.validThrough, salaryMin: salary?.minimum,
                  salaryMax: salary?.maximum, salaryCurrency: salary?.currency, salaryPeriod: salary?.period?.rawValue,
                  language: posting.language, role: analysis.role.role, roleProbability: analysis.role.probability,
                  roleUncertain: analysis.role.uncertain, secondRole: analysis.role.secondRole?.role,
                  seniority: analysis.seniority.level, yearsMin: analysis.seniority.years?.min,
                  yearsMax: analysis.seniority.years?.max, duplicateOf: nil,
                  requiredSkills: analysis.skills.filter { $0.demand == .required }.map(\.id).sorted(),
                  preferredSkills: analysis.skills.filter { $0.demand == .preferred }.map(\.id).sorted(),
                  modelVersion: versions.model, taxonomyVersion: versions.taxonomy, text: includeText ? posting.text : nil)
        let scores = [(analysis.role.role, analysis.role.probability)] + analysis.role.alternatives.map { ($0.role, $0.probability) }
        roleScores = Dictionary(scores, uniquingKeysWith: max)
        skills = analysis.skills.map { ExportSkill(id: $0.id, category: $0.category, demand: $0.demand, mentions: $0.mentions.count) }
            .sorted { $0.id < $1.id }
        setSignature(MinHashSignature(title: posting.title, company: posting.company, text: posting.text))
    }

    /// The banding of `analyze`'s near-duplicate index.
    private static let banding = NearDuplicateIndex().banding

    /// Sets `signature` and the band keys it gives.
    mutating func setSignature(_ signature: MinHashSignature) {
        self.signature = Data(signature.bytes).base64EncodedString()
        bandKeys = Self.banding.keys(of: signature).map { key in
            let hex = String(key, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
    }
}

extension PostingStore {
    /// Calls `body` with every stored posting in storage order; near-duplicates only when asked.
    public func forEachExportRecord(includeDuplicates: Bool = false, includeText: Bool = false,
                                    _ body: (ExportRecord) throws -> Void) throws(StoreError) {
        try withStoreErrors {
            // Each posting's skills and role scores are looked up as it is written, so memory
            // stays flat however large the store.
            let skillsOf = try connection.prepare("""
                SELECT skill, category, demand, mentions FROM posting_skills WHERE posting_id = ? ORDER BY skill
                """)
            let scoresOf = try connection.prepare("SELECT role, probability FROM role_scores WHERE posting_id = ?")
            let filter = includeDuplicates ? "" : "WHERE duplicate_of IS NULL"
            try connection.prepare("""
                SELECT id, source, title, company, location, workplace, employment_type, date_posted, valid_through,
                salary_min, salary_max, salary_currency, salary_period, language, role, role_probability, seniority,
                years_min, years_max, duplicate_of, model_version, taxonomy_version, \(includeText ? "text" : "NULL"),
                role_uncertain, second_role, signature, origin
                FROM postings \(filter) ORDER BY rowid
                """).query { row in
                let id = row.text(0) ?? ""
                var found: [ExportSkill] = []
                try skillsOf.query([.text(id)]) { skill in
                    found.append(ExportSkill(id: skill.text(0) ?? "", category: skill.text(1) ?? "",
                                             demand: SkillDemand(rawValue: skill.text(2) ?? "") ?? .notDemanded,
                                             mentions: Int(skill.integer(3) ?? 0)))
                }
                var scores: [String: Double] = [:]
                try scoresOf.query([.text(id)]) { score in scores[score.text(0) ?? ""] = score.real(1) ?? 0 }
                var record = ExportRecord(
                    id: id, source: row.text(1) ?? "", origin: row.text(26) ?? PostingOrigin.of(source: row.text(1) ?? ""),
                    title: row.text(2), company: row.text(3), location: row.text(4),
                    workplace: row.text(5) ?? "unknown", employmentType: row.text(6), datePosted: row.text(7),
                    validThrough: row.text(8), salaryMin: row.real(9), salaryMax: row.real(10), salaryCurrency: row.text(11),
                    salaryPeriod: row.text(12), language: row.text(13), role: row.text(14) ?? "",
                    roleProbability: row.real(15) ?? 0, roleUncertain: row.integer(23) == 1, secondRole: row.text(24),
                    seniority: row.text(16) ?? "", yearsMin: row.integer(17).map(Int.init),
                    yearsMax: row.integer(18).map(Int.init), duplicateOf: row.text(19),
                    requiredSkills: found.filter { $0.demand == .required }.map(\.id),
                    preferredSkills: found.filter { $0.demand == .preferred }.map(\.id),
                    modelVersion: row.text(20) ?? "", taxonomyVersion: row.text(21) ?? "", text: row.text(22),
                    roleScores: scores, skills: found)
                let signature = row.blob(25)
                if !signature.isEmpty { record.setSignature(MinHashSignature(bytes: signature)) }
                try body(record)
            }
        }
    }
}
