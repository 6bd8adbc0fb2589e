import Foundation

/// Why a store could not be used.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case newerSchema(path: String, found: Int, supported: Int)
    case notAStore(path: String)
    case sqlite(path: String, SQLiteError)
    /// Another process is writing the store (`holder` is its process id, when known).
    case busy(path: String, holder: Int32?)
    case lockUnavailable(path: String, reason: String)

    public var description: String {
        switch self {
        case .newerSchema(let path, let found, let supported):
            return "\(path): the store has schema version \(found), but this jobsift knows versions up to \(supported). "
                + "Use a newer jobsift, or give another file with --db."
        case .notAStore(let path):
            return "\(path): not a jobsift store (an SQLite file without jobsift's tables). Give another file with --db."
        case .sqlite(let path, let error) where error.isCannotOpen:
            return "\(path): cannot open or create the store (\(error.message)); check that its folder exists and can be "
                + "written, or give another file with --db."
        case .sqlite(let path, let error):
            return "\(path): \(error.message)"
        case .busy(let path, let holder):
            return "\(path): another jobsift run\(holder.map { " (process \($0))" } ?? "") is writing to this store. "
                + "Wait for it to finish (or add --wait to start when it does), or give another file with --db."
        case .lockUnavailable(let path, let reason):
            return "\(path): cannot create the lock file beside the store (\(reason)); check that its folder exists and "
                + "can be written, or give another file with --db."
        }
    }
}

/// Which model and taxonomy produced a result: every stored result names them.
public struct AnalysisVersions: Sendable, Equatable, Codable {
    public var model: String
    public var taxonomy: String

    public init(model: String, taxonomy: String) {
        self.model = model
        self.taxonomy = taxonomy
    }
}

extension AnalysisVersions {
    /// The versions of a model file and a taxonomy folder: a hash of their bytes, so that any change
    /// to either gives a new version.
    public static func of(modelFile: String, taxonomyFolder: String) -> AnalysisVersions {
        func fingerprint(_ paths: [String]) -> String {
            let bytes = paths.flatMap { path in FileManager.default.contents(atPath: path).map(Array.init) ?? [] }
            let hex = String(FNV1a.hash(bytes), radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
        let folder = URL(fileURLWithPath: taxonomyFolder)
        let names = JobTaxonomy.fileNames
        return AnalysisVersions(
            model: fingerprint([modelFile]),
            taxonomy: fingerprint([names.roles, names.skills, names.seniority].map { folder.appendingPathComponent($0).path }))
    }
}

/// One analysed posting as the store keeps it.
public struct StoredPosting: Sendable {
    public var posting: Posting
    public var analysis: PostingAnalysis
    /// Every role's probability, best first.
    public var roleScores: [RoleClassification.Candidate]
    public var signature: MinHashSignature
    public var duplicateOf: String?
    public var similarity: Double?

    public init(posting: Posting, analysis: PostingAnalysis, roleScores: [RoleClassification.Candidate],
                signature: MinHashSignature, duplicateOf: String? = nil, similarity: Double? = nil) {
        self.posting = posting
        self.analysis = analysis
        self.roleScores = roleScores
        self.signature = signature
        self.duplicateOf = duplicateOf
        self.similarity = similarity
    }
}

/// Counts of one `analyze` run, kept in the `runs` table.
public struct RunCounts: Sendable, Equatable, Codable {
    /// Postings read from the sources, including those already stored.
    public var read = 0
    /// New or re-analysed postings written.
    public var stored = 0
    /// Postings already stored with the same model and taxonomy.
    public var alreadyStored = 0
    /// Postings whose content id was already stored (the same text from another source).
    public var exactDuplicates = 0
    /// Postings stored but marked as a near-duplicate of an earlier one.
    public var nearDuplicates = 0
    public var failed = 0
    public var noContent = 0

    public init() {}
}

/// A file whose postings are all stored, as it was when read; a re-run skips it unless it changed.
struct FileMark: Sendable, Equatable {
    var path: String
    var size: Int64
    var modified: Double
    var postings: Int
}

/// The SQLite store of analysed postings: one file, schema-versioned, written in transactions.
///
/// Tables: `postings` (fields, role, seniority, duplicate mark, the versions that produced them),
/// `role_scores`, `posting_skills`, `posting_sources` (every source that yielded a posting, also
/// exact duplicates), `files` (files read whole), `near_duplicate_bands` (the LSH index over
/// originals), `runs`, and `meta` (the schema version, how far the band index reaches).
public final class PostingStore {
    /// The schema this jobsift writes; `migrations[n]` brings a store from version n to n + 1.
    public static let schemaVersion = 4
    static let migrations: [String] = [
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,
            model_version TEXT NOT NULL, taxonomy_version TEXT NOT NULL, sources TEXT NOT NULL,
            read INTEGER NOT NULL DEFAULT 0, stored INTEGER NOT NULL DEFAULT 0,
            already_stored INTEGER NOT NULL DEFAULT 0, exact_duplicates INTEGER NOT NULL DEFAULT 0,
            near_duplicates INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0,
            no_content INTEGER NOT NULL DEFAULT 0, completed INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE postings (
            id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT, company TEXT, location TEXT,
            workplace TEXT NOT NULL, workplace_origin TEXT, employment_type TEXT,
            date_posted TEXT, valid_through TEXT,
            salary_min REAL, salary_max REAL, salary_currency TEXT, salary_period TEXT, salary_origin TEXT,
            language TEXT, text TEXT NOT NULL,
            role TEXT NOT NULL, role_probability REAL NOT NULL,
            seniority TEXT NOT NULL, years_min INTEGER, years_max INTEGER,
            duplicate_of TEXT, similarity REAL, signature BLOB NOT NULL,
            model_version TEXT NOT NULL, taxonomy_version TEXT NOT NULL,
            run_id INTEGER NOT NULL REFERENCES runs(id));
        CREATE INDEX postings_role ON postings(role);
        CREATE INDEX postings_date ON postings(date_posted);
        CREATE TABLE role_scores (
            posting_id TEXT NOT NULL REFERENCES postings(id) ON DELETE CASCADE,
            role TEXT NOT NULL, probability REAL NOT NULL,
            PRIMARY KEY (posting_id, role)) WITHOUT ROWID;
        CREATE TABLE posting_skills (
            posting_id TEXT NOT NULL REFERENCES postings(id) ON DELETE CASCADE,
            skill TEXT NOT NULL, category TEXT NOT NULL, demand TEXT NOT NULL, mentions INTEGER NOT NULL,
            PRIMARY KEY (posting_id, skill)) WITHOUT ROWID;
        CREATE INDEX posting_skills_skill ON posting_skills(skill);
        CREATE TABLE posting_sources (
            source TEXT PRIMARY KEY, posting_id TEXT NOT NULL, run_id INTEGER NOT NULL);
        CREATE TABLE files (
            path TEXT PRIMARY KEY, size INTEGER NOT NULL, modified REAL NOT NULL, postings INTEGER NOT NULL);
        """,
        // The near-duplicate index moves from memory to the store, so memory stays flat as the store grows.
        // Existing originals are indexed by the next run (see `indexNewOriginals`).
        """
        CREATE TABLE near_duplicate_bands (
            band_key INTEGER NOT NULL, posting_id TEXT NOT NULL,
            PRIMARY KEY (band_key, posting_id)) WITHOUT ROWID;
        """,
        // The model says when it is not sure (the role is then its leading guess, the runner-up in
        // role_scores), and names a second role when a posting reads as two jobs.
        """
        ALTER TABLE postings ADD COLUMN role_uncertain INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE postings ADD COLUMN second_role TEXT;
        """,
        // Each posting's origin (site, dataset or folder), so that trends can see and hold fixed the
        // source mix. Postings stored before have none: `PostingOrigin.of(source:)` tells it on reading.
        """
        ALTER TABLE postings ADD COLUMN origin TEXT;
        """,
    ]

    public let path: String
    let connection: SQLiteConnection
    /// The rows of a band-index pass (a band key, an index into the pass's ids), kept between passes
    /// so that every pass reuses one buffer.
    var bandRows: [(key: Int64, posting: Int32)] = []

    /// Opens the store at `path`, creating it or bringing its schema up to date; a store written by
    /// a newer jobsift is refused.
    public init(path: String) throws(StoreError) {
        self.path = path
        do {
            connection = try SQLiteConnection(path: path)
            // WAL lets a reader (a `sqlite3` shell, `jobsift trends`) see the last committed batch
            // while analyze writes the next.
            try connection.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
        } catch {
            throw .sqlite(path: path, error)
        }
        try migrate()
    }

    private func migrate() throws(StoreError) {
        do {
            let version = try currentSchemaVersion()
            guard version <= Self.schemaVersion else {
                throw StoreError.newerSchema(path: path, found: version, supported: Self.schemaVersion)
            }
            for next in version..<Self.schemaVersion {
                try connection.transaction {
                    try connection.execute(Self.migrations[next])
                    try connection.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)")
                        .run([.text(String(next + 1))])
                }
            }
        } catch let error as StoreError {
            throw error
        } catch let error as SQLiteError {
            throw .sqlite(path: path, error)
        } catch {
            throw .sqlite(path: path, SQLiteError(code: -1, message: "\(error)"))
        }
    }

    /// 0 for a new, empty file; a file with other tables but no `meta` is not ours.
    private func currentSchemaVersion() throws -> Int {
        var tables: [String] = []
        try connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").query { tables.append($0.text(0) ?? "") }
        if tables.isEmpty {
            try connection.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            return 0
        }
        guard tables.contains("meta") else { throw StoreError.notAStore(path: path) }
        var version: Int?
        try connection.prepare("SELECT value FROM meta WHERE key = 'schema_version'").query { version = Int($0.text(0) ?? "") }
        return version ?? 0
    }

    /// Runs `body` with SQLite errors named after this store.
    func withStoreErrors<T>(_ body: () throws -> T) throws(StoreError) -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw .sqlite(path: path, error)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .sqlite(path: path, SQLiteError(code: -1, message: "\(error)"))
        }
    }

    // MARK: - Runs

    /// Records the start of a run and returns its id.
    public func beginRun(versions: AnalysisVersions, sources: [String]) throws(StoreError) -> Int64 {
        try withStoreErrors {
            try connection.prepare("INSERT INTO runs (started_at, model_version, taxonomy_version, sources) VALUES (?, ?, ?, ?)")
                .run([.text(Self.timestamp()), .text(versions.model), .text(versions.taxonomy), .text(sources.joined(separator: "\n"))])
            var id: Int64 = 0
            try connection.prepare("SELECT last_insert_rowid()").query { id = $0.integer(0) ?? 0 }
            return id
        }
    }

    /// Marks a run finished with its final counts.
    public func finishRun(_ id: Int64, counts: RunCounts) throws(StoreError) {
        try withStoreErrors {
            try connection.transaction {
                try updateRun(id, counts: counts)
                try connection.prepare("UPDATE runs SET finished_at = ?, completed = 1 WHERE id = ?").run([.text(Self.timestamp()), .integer(id)])
            }
        }
    }

    private func updateRun(_ id: Int64, counts: RunCounts) throws {
        try connection.prepare("""
            UPDATE runs SET read = ?, stored = ?, already_stored = ?, exact_duplicates = ?, near_duplicates = ?,
            failed = ?, no_content = ? WHERE id = ?
            """).run([
                .integer(Int64(counts.read)), .integer(Int64(counts.stored)), .integer(Int64(counts.alreadyStored)),
                .integer(Int64(counts.exactDuplicates)), .integer(Int64(counts.nearDuplicates)),
                .integer(Int64(counts.failed)), .integer(Int64(counts.noContent)), .integer(id),
            ])
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }

    // MARK: - Writing

    /// The values of a `postings` row, in the column order of the insert.
    private static func postingRow(_ stored: StoredPosting, versions: AnalysisVersions, run: Int64) -> [SQLiteStatement.Value] {
        let posting = stored.posting
        let analysis = stored.analysis
        let salary = posting.salary
        var row: [SQLiteStatement.Value] = [
            .text(posting.id), .text(posting.source), .optional(posting.title), .optional(posting.company),
            .optional(posting.location), .text(posting.workplace.rawValue), .optional(posting.workplaceOrigin?.rawValue),
            .optional(posting.employmentType), .optional(posting.datePosted), .optional(posting.validThrough),
        ]
        row += [
            .optional(salary?.minimum), .optional(salary?.maximum), .optional(salary?.currency),
            .optional(salary?.period?.rawValue), .optional(salary?.origin.rawValue),
        ]
        row += [
            .optional(posting.language), .text(posting.text),
            .text(analysis.role.role), .real(analysis.role.probability), .text(analysis.seniority.level),
            .optional(analysis.seniority.years?.min), .optional(analysis.seniority.years?.max),
            .integer(analysis.role.uncertain ? 1 : 0), .optional(analysis.role.secondRole?.role),
        ]
        row += [
            .optional(stored.duplicateOf), .optional(stored.similarity), .blob(stored.signature.bytes),
            .text(versions.model), .text(versions.taxonomy), .integer(run),
            .text(posting.origin ?? PostingOrigin.of(source: posting.source)),
        ]
        return row
    }

    /// Writes one batch in a single transaction: the postings (replacing earlier analyses of the same
    /// ids), the sources that yielded them or their exact duplicates, the files now read whole, and
    /// the run's counts so far. After a crash the store holds whole batches only.
    func write(postings: [StoredPosting], sources: [(source: String, postingID: String)], files: [FileMark],
               run: Int64, counts: RunCounts, versions: AnalysisVersions) throws(StoreError) {
        try withStoreErrors {
            try connection.transaction {
                let labels = try LabelWriter(connection)
                let insertPosting = try connection.prepare("""
                    INSERT OR REPLACE INTO postings (id, source, title, company, location, workplace, workplace_origin,
                    employment_type, date_posted, valid_through, salary_min, salary_max, salary_currency, salary_period,
                    salary_origin, language, text, role, role_probability, seniority, years_min, years_max,
                    role_uncertain, second_role, duplicate_of, similarity, signature, model_version, taxonomy_version, run_id,
                    origin)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for stored in postings {
                    try insertPosting.run(Self.postingRow(stored, versions: versions, run: run))
                    try labels.replace(id: stored.posting.id, scores: stored.roleScores, skills: stored.analysis.skills)
                }
                let insertSource = try connection.prepare(
                    "INSERT OR REPLACE INTO posting_sources (source, posting_id, run_id) VALUES (?, ?, ?)")
                for (source, postingID) in sources {
                    try insertSource.run([.text(source), .text(postingID), .integer(run)])
                }
                let insertFile = try connection.prepare(
                    "INSERT OR REPLACE INTO files (path, size, modified, postings) VALUES (?, ?, ?, ?)")
                for file in files {
                    try insertFile.run([.text(file.path), .integer(file.size), .real(file.modified), .integer(Int64(file.postings))])
                }
                try updateRun(run, counts: counts)
            }
        }
    }
}

// MARK: - Re-scoring

extension PostingStore {
    /// Up to `limit` stored postings after `rowid`, rebuilt from their stored fields, with their rowids.
    func postings(after rowid: Int64, limit: Int) throws(StoreError)
        -> [(rowid: Int64, id: String, posting: Posting, isDuplicate: Bool)] {
        try withStoreErrors {
            var result: [(rowid: Int64, id: String, posting: Posting, isDuplicate: Bool)] = []
            try connection.prepare("""
                SELECT rowid, source, title, company, location, date_posted, text, duplicate_of, id
                FROM postings WHERE rowid > ? ORDER BY rowid LIMIT ?
                """).query([.integer(rowid), .integer(Int64(limit))]) { row in
                let posting = Posting(source: row.text(1) ?? "", title: row.text(2), company: row.text(3),
                                      location: row.text(4), datePosted: row.text(5), text: row.text(6) ?? "")
                result.append((row.integer(0) ?? 0, row.text(8) ?? posting.id, posting, !row.isNull(7)))
            }
            return result
        }
    }

    /// Replaces the role, seniority and skills of stored postings, keeping everything else.
    func updateAnalyses(_ analyses: [(id: String, analysis: PostingAnalysis, scores: [RoleClassification.Candidate])],
                        versions: AnalysisVersions) throws(StoreError) {
        try withStoreErrors {
            try connection.transaction {
                let update = try connection.prepare("""
                    UPDATE postings SET role = ?, role_probability = ?, seniority = ?, years_min = ?, years_max = ?,
                    role_uncertain = ?, second_role = ?, model_version = ?, taxonomy_version = ? WHERE id = ?
                    """)
                let labels = try LabelWriter(connection)
                for (id, analysis, scores) in analyses {
                    try update.run([
                        .text(analysis.role.role), .real(analysis.role.probability), .text(analysis.seniority.level),
                        .optional(analysis.seniority.years?.min), .optional(analysis.seniority.years?.max),
                        .integer(analysis.role.uncertain ? 1 : 0), .optional(analysis.role.secondRole?.role),
                        .text(versions.model), .text(versions.taxonomy), .text(id),
                    ])
                    try labels.replace(id: id, scores: scores, skills: analysis.skills)
                }
            }
        }
    }
}

/// Replaces the role scores and skills of one posting; prepared once per transaction.
private struct LabelWriter {
    let deleteScores, deleteSkills, insertScore, insertSkill: SQLiteStatement

    init(_ connection: SQLiteConnection) throws(SQLiteError) {
        deleteScores = try connection.prepare("DELETE FROM role_scores WHERE posting_id = ?")
        deleteSkills = try connection.prepare("DELETE FROM posting_skills WHERE posting_id = ?")
        insertScore = try connection.prepare("INSERT INTO role_scores (posting_id, role, probability) VALUES (?, ?, ?)")
        insertSkill = try connection.prepare(
            "INSERT INTO posting_skills (posting_id, skill, category, demand, mentions) VALUES (?, ?, ?, ?, ?)")
    }

    func replace(id: String, scores: [RoleClassification.Candidate], skills: [PostingSkill]) throws(SQLiteError) {
        try deleteScores.run([.text(id)])
        try deleteSkills.run([.text(id)])
        for score in scores { try insertScore.run([.text(id), .text(score.role), .real(score.probability)]) }
        for skill in skills {
            try insertSkill.run([.text(id), .text(skill.id), .text(skill.category),
                                 .text(skill.demand.rawValue), .integer(Int64(skill.mentions.count))])
        }
    }
}
