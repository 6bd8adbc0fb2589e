import Foundation
import Testing
@testable import JobSiftKit

/// The SQLite store and the batch run over it: resume, idempotence, duplicates, migrations, export.
@Suite struct StoreTests {
    static let taxonomy = try! JobTaxonomy.load(from: Paths.shippedTaxonomyFolder)
    static let analyzer = PostingAnalyzer(classifier: try! ModelFile.load(from: Paths.shippedModel), taxonomy: taxonomy)
    static let versions = AnalysisVersions(model: "model-a", taxonomy: "taxonomy-a")

    /// A fresh scratch folder; the caller removes it.
    func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-store-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The sample postings and the repost fixtures, copied so that each test owns its files.
    func sources(in folder: URL) throws -> String {
        let postings = folder.appendingPathComponent("postings")
        try FileManager.default.createDirectory(at: postings, withIntermediateDirectories: true)
        for (from, names) in [(Paths.samples, try FileManager.default.contentsOfDirectory(atPath: Paths.samples.path)),
                              (Paths.fixture("reposts"), try FileManager.default.contentsOfDirectory(atPath: Paths.fixture("reposts").path))] {
            for name in names {
                try FileManager.default.copyItem(at: from.appendingPathComponent(name), to: postings.appendingPathComponent(name))
            }
        }
        // The same text as a sample under another name: an exact duplicate.
        try FileManager.default.copyItem(at: Paths.samples.appendingPathComponent("mlops-platform.txt"),
                                         to: postings.appendingPathComponent("zz-copy-of-mlops.txt"))
        return postings.path
    }

    func analyze(_ source: String, into db: String, versions: AnalysisVersions = versions, analyzer: PostingAnalyzer = analyzer,
                 reader: PostingReader = PostingReader(), stopAfter: Int? = nil,
                 originalsInMemory: Int = BatchOptions().originalsInMemory,
                 failure: (ReadFailure) -> Void = { _ in }) throws -> BatchSummary {
        var options = BatchOptions()
        options.batchSize = 3
        options.stopAfter = stopAfter
        options.originalsInMemory = originalsInMemory
        let batch = BatchAnalyzer(store: try PostingStore(path: db), analyzer: analyzer, reader: reader,
                                  versions: versions, options: options)
        return try batch.run(try PostingInput.inputs(for: source).inputs, sources: [source], progress: { _ in }, failure: failure)
    }

    /// What the store says, in a form two stores can be compared by.
    func contents(of db: String) throws -> [String] {
        var rows: [String] = []
        try PostingStore(path: db).forEachExportRecord(includeDuplicates: true) { record in
            rows.append([record.id, record.role, record.seniority, record.duplicateOf ?? "-",
                         record.requiredSkills.joined(separator: ";")].joined(separator: "|"))
        }
        return rows.sorted()
    }

    @Test func anInterruptedRunCompletedLaterEqualsAnUninterruptedOne() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try sources(in: folder)
        let whole = folder.appendingPathComponent("whole.sqlite").path
        let resumed = folder.appendingPathComponent("resumed.sqlite").path

        let reference = try analyze(source, into: whole)
        let first = try analyze(source, into: resumed, stopAfter: 5)
        #expect(first.stoppedEarly)
        #expect(first.counts.read < reference.counts.read)
        let second = try analyze(source, into: resumed)

        #expect(try contents(of: resumed) == contents(of: whole))
        #expect(second.counts.alreadyStored == first.counts.read)
        #expect(first.counts.stored + second.counts.stored == reference.counts.stored)
        #expect(first.counts.read + second.counts.read - second.counts.alreadyStored == reference.counts.read)
    }

    /// A CSV with only a header (or nothing) among the postings ended the whole run: nothing was
    /// stored. It is one named failure now, and every other posting is stored.
    @Test(arguments: ["title,description\n", ""])
    func aDatasetThatCannotBeReadIsOneFailureNotTheEndOfTheRun(content: String) throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try sources(in: folder)
        let whole = try analyze(source, into: folder.appendingPathComponent("whole.sqlite").path)
        try Data(content.utf8).write(to: URL(fileURLWithPath: source + "/aa-header-only.csv"))
        var failures: [ReadFailure] = []
        let summary = try analyze(source, into: folder.appendingPathComponent("store.sqlite").path, failure: { failures.append($0) })
        #expect(summary.counts.stored == whole.counts.stored)
        #expect(summary.counts.failed == 1)
        #expect(failures.map(\.source) == [source + "/aa-header-only.csv"])
    }

    /// A file refused on one run (here too large) was marked done with no posting, so a run with a
    /// larger limit skipped it and said nothing. Files that fail are read, and named, every run.
    @Test func aFileThatFailedIsReadAgainOnTheNextRun() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try sources(in: folder)
        let large = try String(contentsOf: Paths.samples.appendingPathComponent("mlops-platform.txt"), encoding: .utf8)
            + String(repeating: "\nWe also value clear writing about Kubernetes and model serving.", count: 200)
        try large.write(toFile: source + "/large.txt", atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("store.sqlite").path
        let small = PostingReader(maximumFileBytes: large.utf8.count - 1)
        var failures: [[String]] = [[], [], []]
        for run in 0..<2 {
            _ = try analyze(source, into: db, reader: small, failure: { failures[run].append($0.source) })
        }
        let third = try analyze(source, into: db, failure: { failures[2].append($0.source) })
        #expect(failures[0] == [source + "/large.txt"])
        #expect(failures[1] == [source + "/large.txt"])
        #expect(failures[2].isEmpty)
        #expect(third.counts.stored == 1)
    }

    @Test func aSecondRunOverTheSameSourcesStoresNothingNew() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try sources(in: folder)
        let db = folder.appendingPathComponent("store.sqlite").path
        let first = try analyze(source, into: db)
        let before = try contents(of: db)
        let second = try analyze(source, into: db)
        #expect(second.counts.stored == 0)
        #expect(second.counts.alreadyStored == first.counts.read)
        #expect(try contents(of: db) == before)
    }

    /// With one original in memory, every repost is found through the store's band index.
    @Test(arguments: [BatchOptions().originalsInMemory, 1])
    func repostsAreNearDuplicatesAndACopyIsStoredOnce(originalsInMemory: Int) throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try sources(in: folder)
        let db = folder.appendingPathComponent("store.sqlite").path
        let summary = try analyze(source, into: db, originalsInMemory: originalsInMemory)
        var bySource: [String: ExportRecord] = [:]
        try PostingStore(path: db).forEachExportRecord(includeDuplicates: true) { bySource[($0.source as NSString).lastPathComponent] = $0 }

        // One posting in four versions: the first read (in path order, the agency's) is the original.
        let versions = ["ml-engineer-agency.txt", "ml-engineer-light-edit.txt", "ml-engineer-original.txt", "ml-engineer-repost.txt"]
        let first = try #require(bySource[versions[0]])
        #expect(first.duplicateOf == nil)
        for name in versions.dropFirst() {
            #expect(bySource[name]?.duplicateOf == first.id, "\(name)")
        }
        #expect(bySource["northwind-backend-engineer.txt"]?.duplicateOf == nil)
        #expect(bySource["northwind-data-analyst.txt"]?.duplicateOf == nil)
        #expect(bySource["zz-copy-of-mlops.txt"] == nil)
        #expect(summary.counts.exactDuplicates == 1)
        #expect(summary.counts.nearDuplicates == 3)
        #expect(summary.roles.values.reduce(0, +) == summary.counts.stored - 3)
    }

    /// The reposts come in a later run than their original. Without the band index (a store from
    /// schema 1, or a run killed before it indexed its originals), the later run first rebuilds it.
    @Test(arguments: [false, true])
    func repostsOfAPostingStoredByAnEarlierRunAreFound(bandIndexLost: Bool) throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try sources(in: folder)
        let firstFolder = folder.appendingPathComponent("first")
        try FileManager.default.createDirectory(at: firstFolder, withIntermediateDirectories: true)
        for name in ["ml-engineer-original.txt", "northwind-backend-engineer.txt"] {
            try FileManager.default.moveItem(atPath: source + "/" + name, toPath: firstFolder.appendingPathComponent(name).path)
        }
        let db = folder.appendingPathComponent("store.sqlite").path
        let first = try analyze(firstFolder.path, into: db)
        #expect(first.counts.stored == 2 && first.counts.nearDuplicates == 0)
        let bandRows = { () throws -> Int in
            var count = 0
            try SQLiteConnection(path: db).prepare("SELECT count(*) FROM near_duplicate_bands").query { count = Int($0.integer(0) ?? 0) }
            return count
        }
        #expect(try bandRows() == 2 * NearDuplicateIndex().bands)
        if bandIndexLost {
            try SQLiteConnection(path: db).execute(
                "DELETE FROM near_duplicate_bands; DELETE FROM meta WHERE key = 'near_duplicate_bands_through'")
        }

        let second = try analyze(source, into: db)
        var bySource: [String: ExportRecord] = [:]
        try PostingStore(path: db).forEachExportRecord(includeDuplicates: true) { bySource[($0.source as NSString).lastPathComponent] = $0 }
        let original = try #require(bySource["ml-engineer-original.txt"])
        #expect(original.duplicateOf == nil)
        for name in ["ml-engineer-agency.txt", "ml-engineer-light-edit.txt", "ml-engineer-repost.txt"] {
            #expect(bySource[name]?.duplicateOf == original.id, "\(name)")
        }
        #expect(second.counts.nearDuplicates == 3)
        #expect(try bandRows() == (first.counts.stored + second.counts.stored - 3) * NearDuplicateIndex().bands)
    }

    @Test func aStoreFromANewerJobsiftIsRefused() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("store.sqlite").path
        _ = try PostingStore(path: db)
        try SQLiteConnection(path: db).execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
        let error = #expect(throws: StoreError.self) { try PostingStore(path: db) }
        #expect(error == .newerSchema(path: db, found: 99, supported: PostingStore.schemaVersion))
        #expect(error?.description.contains("Use a newer jobsift") == true)

        let foreign = folder.appendingPathComponent("other.sqlite").path
        try SQLiteConnection(path: foreign).execute("CREATE TABLE notes (body TEXT)")
        #expect(throws: StoreError.notAStore(path: foreign)) { try PostingStore(path: foreign) }
    }

    @Test func aNewStoreIsBroughtToTheCurrentSchema() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("store.sqlite").path
        _ = try PostingStore(path: db)
        var version: String?
        try SQLiteConnection(path: db).prepare("SELECT value FROM meta WHERE key = 'schema_version'").query { version = $0.text(0) }
        #expect(version == String(PostingStore.schemaVersion))
    }

    /// A title such as `=HYPERLINK(...)` was written as it is, and a spreadsheet opening the export
    /// would run it; such fields start with `'` now, while numbers (even negative ones) stay numbers.
    @Test func csvFieldsASpreadsheetWouldRunAsFormulasAreNeutralised() {
        let line = ExportRecord.csvLine([#"=HYPERLINK("http://evil.example","click")"#, "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "-12.5", "Data, ML"])
        #expect(line == #""'=HYPERLINK(""http://evil.example"",""click"")",'+1+1,'-2+3,'@SUM(A1),'\#tcmd,-12.5,"Data, ML""#)
        #expect(ExportRecord.csvLine(["ML Engineer", "0.9000"]) == "ML Engineer,0.9000")
    }

    @Test func csvExportReadsBackToTheSameRecords() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("store.sqlite").path
        _ = try analyze(Paths.samples.path, into: db)
        var records: [ExportRecord] = []
        var csv = ExportRecord.csvLine(ExportRecord.csvHeader) + "\r\n"
        try PostingStore(path: db).forEachExportRecord(includeText: true) { record in
            records.append(record)
            csv += ExportRecord.csvLine(record.csvFields) + "\r\n"
        }
        var parser = CSVParser()
        var rows: [[String]] = []
        parser.feed(Array(csv.utf8)) { row, _ in rows.append(row) }
        #expect(rows.first == ExportRecord.csvHeader)
        #expect(rows.count == records.count + 1)
        for (row, record) in zip(rows.dropFirst(), records) {
            let fields = Dictionary(uniqueKeysWithValues: zip(ExportRecord.csvHeader, row))
            #expect(fields["id"] == record.id)
            #expect(fields["title"] == (record.title ?? ""))
            #expect(fields["role"] == record.role)
            #expect(fields["required_skills"]?.split(separator: ";").map(String.init) == record.requiredSkills)
            #expect(fields["text"] == record.text)
        }
        let json = try JSONEncoder().encode(records)
        #expect(try JSONDecoder().decode([ExportRecord].self, from: json) == records)
    }

    /// Each stored posting keeps its origin: a dataset's source column, else its file name, and
    /// `analyze --origin` (the reader's origin) names it for every posting of a run.
    @Test func postingsAreStoredWithTheirOrigin() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataset = folder.appendingPathComponent("rows.jsonl")
        try Data("""
            {"title": "ML Engineer", "text": "Train PyTorch models for ranking.", "source": "board-a"}
            {"title": "Data Engineer", "text": "Build Spark pipelines in Scala."}
            """.utf8).write(to: dataset)
        let db = folder.appendingPathComponent("store.sqlite").path
        _ = try analyze(dataset.path, into: db)
        var origins: [String: String] = [:]
        try PostingStore(path: db).forEachExportRecord { origins[$0.title ?? ""] = $0.origin }
        #expect(origins == ["ML Engineer": "board-a", "Data Engineer": "rows.jsonl"])
        #expect(Set(try PostingStore(path: db).demandData().postings.map(\.origin)) == ["board-a", "rows.jsonl"])
        var reader = PostingReader()
        reader.origin = "one-board"
        let other = folder.appendingPathComponent("other.sqlite").path
        _ = try analyze(dataset.path, into: other, reader: reader)
        var named: [String] = []
        try PostingStore(path: other).forEachExportRecord { named.append($0.origin) }
        #expect(named == ["one-board", "one-board"])
        // A posting stored before origins were kept (NULL) has the one its source tells.
        try SQLiteConnection(path: other).execute("UPDATE postings SET origin = NULL")
        #expect(Set(try PostingStore(path: other).demandData().postings.map(\.origin)) == ["rows.jsonl"])
    }

    @Test func aRecordsJSONLineIsWhatTheJSONEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var controls = ""
        for value in 0..<0x20 { controls.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
        let full = ExportRecord(
            id: "0a1b", source: "https://example.com/jobs/1?a=b&c=\"d\"", origin: "example.com", title: "ML Engineer \\ Ops\u{7F}", company: "Acme/Ünïcode 😀",
            location: "Berlin\u{2028}DE", workplace: "remote", employmentType: "FULL_TIME", datePosted: "2026-01-02",
            validThrough: "2026-02-03", salaryMin: 120000, salaryMax: 1.5e20, salaryCurrency: "EUR", salaryPeriod: "year",
            language: "en", role: "ml-engineer", roleProbability: 0.1, roleUncertain: true, secondRole: "mlops-engineer",
            seniority: "senior", yearsMin: 3, yearsMax: 5, duplicateOf: "ffee", requiredSkills: ["python", "c++"],
            preferredSkills: [], modelVersion: "m1", taxonomyVersion: "t1", text: controls + "\u{FFFE}end",
            roleScores: ["ml-engineer": 0.1, "mlops-engineer": 1.7e-05, "ai-engineer": 0, "other": -0.0],
            skills: [ExportSkill(id: "python", category: "language", demand: .required, mentions: 2),
                     ExportSkill(id: "rag", category: "technique", demand: .notDemanded, mentions: 1)],
            bandKeys: ["00ff", "0123456789abcdef"], signature: "AAEC+/==")
        let bare = ExportRecord(
            id: "1", source: "a.html", origin: ".", title: nil, company: nil, location: nil, workplace: "unknown", employmentType: nil,
            datePosted: nil, validThrough: nil, salaryMin: nil, salaryMax: nil, salaryCurrency: nil, salaryPeriod: nil,
            language: nil, role: "other", roleProbability: 1, roleUncertain: false, secondRole: nil, seniority: "unknown",
            yearsMin: nil, yearsMax: nil, duplicateOf: nil, requiredSkills: [], preferredSkills: [], modelVersion: "m",
            taxonomyVersion: "t", text: nil)
        for record in [full, bare] {
            #expect(record.jsonLine == String(decoding: try encoder.encode(record), as: UTF8.self))
        }
    }

    @Test func aModelThatIsNotSureIsStoredAndExportedSo() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("store.sqlite").path
        // The shipped model with a threshold no answer reaches: every posting is "not sure".
        var combination = Self.analyzer.classifier.classifier.combination
        combination.threshold = 1.01
        let doubtful = PostingAnalyzer(classifier: Self.analyzer.classifier.classifier.combined(with: combination), taxonomy: Self.taxonomy)
        _ = try analyze(Paths.samples.path, into: db, analyzer: doubtful)
        var records: [ExportRecord] = []
        try PostingStore(path: db).forEachExportRecord { records.append($0) }
        #expect(records.count == 8)
        #expect(records.allSatisfy { $0.roleUncertain })
        #expect(ExportRecord.csvLine(records[0].csvFields).contains(",1,"))
        // The sure model stores them as answered.
        let sureDB = folder.appendingPathComponent("sure.sqlite").path
        _ = try analyze(Paths.samples.path, into: sureDB)
        var sure: [ExportRecord] = []
        try PostingStore(path: sureDB).forEachExportRecord { sure.append($0) }
        #expect(sure.filter { $0.roleUncertain }.count < sure.count)
    }

    @Test func reclassifyRescoresStoredPostingsWithoutTheirSources() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try sources(in: folder)
        let db = folder.appendingPathComponent("store.sqlite").path
        let first = try analyze(source, into: db)
        try FileManager.default.removeItem(atPath: source)

        // A deliberately different model: trained on two roles only.
        let corpus = try LabelledCorpus.load(from: Paths.corpus).filter { ["nlp-engineer", "other"].contains($0.label) }
        let narrow = PostingAnalyzer(classifier: RoleModelTrainer(taxonomy: Self.taxonomy).train(corpus).classifier, taxonomy: Self.taxonomy)
        let newVersions = AnalysisVersions(model: "model-b", taxonomy: "taxonomy-a")
        var options = BatchOptions()
        options.batchSize = 4
        let batch = BatchAnalyzer(store: try PostingStore(path: db), analyzer: narrow, reader: PostingReader(),
                                  versions: newVersions, options: options)
        let summary = try batch.reclassify(progress: { _ in })
        #expect(summary.counts.stored == first.counts.stored)

        var roles = Set<String>()
        var modelVersions = Set<String>()
        try PostingStore(path: db).forEachExportRecord(includeDuplicates: true) {
            roles.insert($0.role)
            modelVersions.insert($0.modelVersion)
        }
        #expect(roles.isSubset(of: ["nlp-engineer", "other"]))
        #expect(modelVersions == ["model-b"])
    }
}

/// Two runs writing one store at once each missed the other's originals and counted a posting
/// twice; a second writer is refused now, or waits with --wait.
@Suite struct StoreWriteLockTests {
    let store = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID()).sqlite").path

    @Test func aSecondWriterIsRefusedNamingTheFirstUntilItIsDone() throws {
        defer { try? FileManager.default.removeItem(atPath: store + "-lock") }
        var first: StoreWriteLock? = try StoreWriteLock(storePath: store)
        #expect(throws: StoreError.busy(path: store, holder: getpid())) { try StoreWriteLock(storePath: store) }
        #expect(first != nil)
        first = nil
        #expect(throws: Never.self) { try StoreWriteLock(storePath: store) }
    }

    @Test func aWaitingWriterStartsWhenTheFirstIsDone() throws {
        defer { try? FileManager.default.removeItem(atPath: store + "-lock") }
        let taken = DispatchSemaphore(value: 0)
        let released = Date().addingTimeInterval(0.3)
        Thread.detachNewThread { [store] in
            let first = try? StoreWriteLock(storePath: store)
            taken.signal()
            Thread.sleep(forTimeInterval: 0.3)
            withExtendedLifetime(first) {}
        }
        taken.wait()
        var waitedFor: Int32?
        _ = try StoreWriteLock(storePath: store, wait: true, waiting: { waitedFor = $0 })
        #expect(waitedFor == getpid())
        #expect(Date() >= released)
    }
}
