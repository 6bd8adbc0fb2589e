import Foundation
import Testing
@testable import JobSiftKit

/// The `jobsift` executable run as a user would, with a real HTTP server on 127.0.0.1.
@Suite struct CommandLineTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    func jobsift(_ arguments: [String], standardInput: [UInt8]? = nil) throws -> Run {
        try run(Paths.executable, arguments, standardInput: standardInput)
    }

    /// Runs `executable` in `directory` (the checkout unless given) with `JOBSIFT_MODELS` unset.
    func run(_ executable: URL, _ arguments: [String], in directory: URL = Paths.repository,
             standardInput: [UInt8]? = nil) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "JOBSIFT_MODELS" }
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        if standardInput != nil { process.standardInput = input }
        try process.run()
        if let standardInput {
            // Written from another thread: jobsift may stop reading (and exit) before the end.
            let writer = input.fileHandleForWriting
            Thread.detachNewThread {
                signal(SIGPIPE, SIG_IGN)
                try? writer.write(contentsOf: Data(standardInput))
                try? writer.close()
            }
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                   errors: String(decoding: errorData, as: UTF8.self))
    }

    /// Numbers beyond what the code's types hold used to overflow (a crash with SIGILL); each is a
    /// usage error now, naming the option and its range.
    @Test(arguments: [
        ["analyze", "corpora/samples", "--db", "/nonexistent/s.db", "--batch-size", "9223372036854775807"],
        ["analyze", "corpora/samples", "--db", "/nonexistent/s.db", "--max-file-mb", "9223372036854775807"],
        ["analyze", "corpora/samples", "--db", "/nonexistent/s.db", "--workers", "100000"],
        ["classify", "corpora/samples", "--timeout", "9223372036854775807"],
        ["classify", "corpora/samples", "--evidence", "100000"],
        ["extract", "corpora/samples", "--lines", "9223372036854775807"],
        ["train", "--corpus", "none", "--title-weight", "1e300"],
        ["train", "--corpus", "none", "--alpha", "nan"],
        ["trends", "--db", "/nonexistent/s.db", "--top", "9223372036854775807"],
    ])
    func hugeNumbersOnTheCommandLineAreUsageErrors(arguments: [String]) throws {
        let run = try jobsift(arguments)
        let option = arguments[arguments.count - 2]
        #expect(run.status == 64, "\(run.errors)")
        #expect(run.errors.contains("\(option) must be between"), "\(run.errors)")
    }

    /// Standard input had no size cap (2 GB of zeros took 24 GB) and no binary check (random
    /// bytes became a posting with exit 0); it is read as a posting file is now.
    @Test func standardInputIsCappedAndMustBeText() throws {
        let large = try jobsift(["classify", "--max-file-mb", "1", "-"],
                                standardInput: [UInt8](repeating: UInt8(ascii: "a"), count: 3_000_000))
        #expect(large.status == 1)
        #expect(large.errors.contains("-: larger than the 1.0 MB limit for one posting"), "\(large.errors)")
        var generator = SystemRandomNumberGenerator()
        let random = try jobsift(["classify", "-"], standardInput: (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        #expect(random.status == 1)
        #expect(random.errors.contains("-: this is binary data, not a posting"), "\(random.errors)")
        let text = try jobsift(["classify", "--json", "-"], standardInput: Array("Senior ML Engineer\nTrain and serve PyTorch ranking models.".utf8))
        #expect(text.status == 0, "\(text.errors)")
        #expect(text.output.contains("\"ml-engineer\""))
    }

    /// Titles and file names with terminal escape sequences were printed raw by classify and extract.
    @Test func escapeSequencesInTitlesAndFileNamesAreNotPrinted() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-escapes-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("Senior ML Engineer \u{1B}]0;owned\u{07}\u{1B}[2J\nTrain and serve PyTorch ranking models.\n".utf8)
            .write(to: folder.appendingPathComponent("\u{1B}[31mred.txt"))
        try Data([0x00, 0x01]).write(to: folder.appendingPathComponent("\u{1B}[32mbinary.txt"))
        for command in ["classify", "extract"] {
            let run = try jobsift([command, folder.path])
            #expect(run.output.contains("Senior ML Engineer ]0;owned[2J"), "\(run.output)")
            #expect(run.output.contains("[31mred.txt"))
            #expect(run.errors.contains("[32mbinary.txt: this is binary data"))
            #expect(!(run.output + run.errors).unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" })
        }
    }

    /// A URL that serves an image became a "posting" with exit 0.
    @Test func aURLServingAnImageIsRefusedAsNotText() throws {
        var png = [UInt8]([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52])
        png += [UInt8](repeating: 0, count: 2_000)
        let server = try TestHTTPServer(routes: ["/logo.png": .init(headers: ["Content-Type": "image/png"], body: png)])
        let run = try jobsift(["classify", server.baseURL + "/logo.png"])
        #expect(run.status == 1)
        #expect(run.errors.contains("/logo.png: this is binary data, not a posting"), "\(run.errors)")
    }

    @Test func classifiesAPostingServedOverHTTP() throws {
        let page = try String(contentsOf: Paths.samples.appendingPathComponent("ml-engineer-fraud.html"), encoding: .utf8)
        let server = try TestHTTPServer(routes: ["/jobs/42": .html(page)])
        let run = try jobsift(["classify", server.baseURL + "/jobs/42"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("role       ML Engineer (ml-engineer)"))
        #expect(run.output.contains("next       "))
        #expect(run.output.contains("evidence   "))
    }

    @Test func jsonOutputCarriesRoleProbabilityAlternativesAndEvidence() throws {
        let run = try jobsift(["classify", "--json", Paths.samples.appendingPathComponent("llm-engineer-finetuning.md").path])
        #expect(run.status == 0, "\(run.errors)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        let result = try #require(results.first)
        let role = try #require(result["role"] as? [String: Any])
        #expect(role["role"] as? String == "llm-engineer")
        #expect(role["roleName"] as? String == "LLM Engineer")
        let probability = try #require(role["probability"] as? Double)
        #expect(probability > 0 && probability <= 1)
        #expect((role["alternatives"] as? [Any])?.count == 2)
        #expect(((role["evidence"] as? [Any])?.count ?? 0) > 0)
        let skills = try #require(result["skills"] as? [[String: Any]])
        let required = Set(skills.filter { $0["demand"] as? String == "required" }.compactMap { $0["id"] as? String })
        #expect(required.isSuperset(of: ["lora", "qlora", "vllm"]))
        #expect((result["seniority"] as? [String: Any])?["level"] != nil)
    }

    @Test(arguments: ["classify", "extract", "skills"])
    func jsonOfAFolderIsOneArrayWithAnElementPerPostingInPathOrder(command: String) throws {
        let run = try jobsift([command, "--json", Paths.samples.path])
        #expect(run.status == 0, "\(run.errors)")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        let files = try FileManager.default.contentsOfDirectory(atPath: Paths.samples.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(results.compactMap { ($0["source"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } } == files)
    }

    @Test func jsonOfNothingReadIsAnEmptyArray() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try jobsift(["classify", "--json", folder.path])
        #expect(run.output.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    @Test func skillsCommandSaysWhereEachSkillWasFound() throws {
        let run = try jobsift(["skills", Paths.samples.appendingPathComponent("mlops-platform.txt").path])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("MLflow"))
        #expect(run.output.range(of: #"line \d+, (required|preferred)"#, options: .regularExpression) != nil)
    }

    @Test func taxonomyCheckReportsTheLineOfAProblem() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("skills-\(UUID()).yaml").path
        try Data("formatVersion: 1\ncategories: [{id: t, name: T}]\nskills:\n  - {id: a, name: A, category: x, aliases: [A]}\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try jobsift(["taxonomy", "--check", path])
        #expect(run.status == 1)
        #expect(run.errors.contains("\(path):4: skill a has category \"x\""))
        let shipped = try jobsift(["taxonomy", "--check", "models/taxonomy/skills.yaml"])
        #expect(shipped.status == 0)
        #expect(shipped.output.contains("valid"))
    }

    @Test func taxonomyCompileWritesTheCompiledFileAndTheListingSaysWhetherItIsCurrent() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-taxonomy-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["roles.yaml", "skills.yaml", "seniority.yaml"] {
            try FileManager.default.copyItem(atPath: Paths.shippedTaxonomyFolder + "/" + name, toPath: folder.path + "/" + name)
        }
        let before = try jobsift(["taxonomy", "--taxonomy", folder.path])
        #expect(before.status == 0, "\(before.errors)")
        #expect(before.output.contains("does not exist; the YAML files are read instead"))

        let compile = try jobsift(["taxonomy", "--compile", "--taxonomy", folder.path])
        #expect(compile.status == 0, "\(compile.errors)")
        #expect(compile.output.hasPrefix("wrote \(folder.path)/compiled.jstx"))
        let after = try jobsift(["taxonomy", "--taxonomy", folder.path])
        #expect(after.output.contains("compiled.jstx is up to date"))
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1/job.html"])
    func nonHTTPURLIsRefusedWithAClearMessage(url: String) throws {
        let run = try jobsift(["classify", url])
        #expect(run.status == 1)
        #expect(run.errors.contains("only http:// and https:// URLs can be fetched"))
        #expect(run.errors.contains(url))
    }

    @Test func unreachablePortNamesTheURLAndFails() throws {
        let url = "http://127.0.0.1:\(TestHTTPServer.unusedPort())/job"
        let run = try jobsift(["classify", url])
        #expect(run.status == 1)
        #expect(run.errors.contains(url))
        #expect(run.errors.contains("connection refused"))
    }

    @Test func oneBadInputIsReportedAndTheOthersStillClassified() throws {
        let good = Paths.samples.appendingPathComponent("mlops-platform.txt").path
        let run = try jobsift(["classify", "/nonexistent/posting.html", good])
        #expect(run.status == 1)
        #expect(run.errors.contains("/nonexistent/posting.html: no such file"))
        #expect(run.output.contains("MLOps Engineer (mlops-engineer)"))
    }

    @Test func extractPrintsOneRecordPerLineAndNamesTheFilesItCouldNotRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-extract-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let samples = try FileManager.default.contentsOfDirectory(atPath: Paths.samples.path)
        for name in samples {
            try FileManager.default.copyItem(at: Paths.samples.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        try Data().write(to: folder.appendingPathComponent("empty.txt"))
        try Data([0x00, 0x01, 0x02, 0xFF]).write(to: folder.appendingPathComponent("image.html"))

        let run = try jobsift(["extract", folder.path, "--jsonl"])
        #expect(run.status == 1)
        let records = run.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(records.count == samples.count)
        #expect(records.allSatisfy { ($0["id"] as? String)?.count == 16 && $0["status"] as? String == "ok" })
        #expect(run.errors.contains("empty.txt: the file is empty"))
        #expect(run.errors.contains("image.html: this is binary data, not a posting"))
        #expect(run.errors.contains("\(samples.count) postings read, 2 could not be read"))
    }

    @Test func aJavaScriptShellIsReportedAsNoContentNotClassified() throws {
        let run = try jobsift(["classify", Paths.fixture("pages/js-shell.html").path])
        #expect(run.status == 1)
        #expect(run.errors.contains("js-shell.html: no content"))
        #expect(run.output.isEmpty)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "needs the sqlite3 shell"))
    func aReaderDuringAnalyzeAlwaysSeesWholeBatches() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-reader-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("store.sqlite").path
        let process = Process()
        process.executableURL = Paths.executable
        process.arguments = ["analyze", Paths.corpus + "/ml-engineer", Paths.corpus + "/data-scientist", "--db", db,
                             "--batch-size", "2", "--quiet"]
        process.currentDirectoryURL = Paths.repository
        process.standardOutput = FileHandle.nullDevice
        try process.run()

        // Each snapshot must show whole batches: postings, their role scores and the run's count agree.
        var snapshots: [[Int]] = []
        repeat {
            let reader = Process()
            reader.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            reader.arguments = ["-readonly", db, "SELECT (SELECT count(*) FROM postings), (SELECT coalesce(sum(stored), 0) FROM runs), "
                                + "(SELECT count(*) FROM role_scores) FROM meta WHERE key = 'schema_version'"]
            let output = Pipe()
            reader.standardOutput = output
            reader.standardError = FileHandle.nullDevice
            try reader.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            reader.waitUntilExit()
            let numbers = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").compactMap { Int($0) }
            if numbers.count == 3 { snapshots.append(numbers) }
        } while process.isRunning
        process.waitUntilExit()

        #expect(process.terminationStatus == 0)
        #expect(snapshots.contains { $0[0] > 0 && $0[0] < 80 }, "no snapshot caught the run half-way")
        for snapshot in snapshots {
            #expect(snapshot[0] == snapshot[1], "postings and the run's stored count disagree: \(snapshot)")
            #expect(snapshot[2] == snapshot[0] * 13, "role scores of a half-written batch: \(snapshot)")
        }
    }

    /// A real SIGKILL part-way through a run, then the same command again: the store ends up as an
    /// uninterrupted run leaves it, with each posting stored once and the near-duplicate index whole.
    @Test func aRunKilledPartWayIsCompletedByRunningItAgain() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-kill-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sources = [Paths.corpus + "/ml-engineer", Paths.corpus + "/data-scientist", Paths.fixture("reposts").path]
        let whole = folder.appendingPathComponent("whole.sqlite").path
        let killed = folder.appendingPathComponent("killed.sqlite").path
        #expect(try jobsift(["analyze"] + sources + ["--db", whole, "--quiet"]).status == 0)

        func count(_ sql: String, in db: String) throws -> Int {
            var value = 0
            try SQLiteConnection(path: db).prepare(sql).query { value = Int($0.integer(0) ?? 0) }
            return value
        }
        let process = Process()
        process.executableURL = Paths.executable
        process.arguments = ["analyze"] + sources + ["--db", killed, "--batch-size", "2", "--quiet"]
        process.currentDirectoryURL = Paths.repository
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var storedWhenKilled = 0
        while process.isRunning {
            if FileManager.default.fileExists(atPath: killed),
               let stored = try? count("SELECT count(*) FROM postings", in: killed), stored >= 10 {
                kill(process.processIdentifier, SIGKILL)
                storedWhenKilled = stored
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the run ended before it could be killed")
        #expect(storedWhenKilled > 0)

        let again = try jobsift(["analyze"] + sources + ["--db", killed, "--quiet"])
        #expect(again.status == 0, "\(again.errors)")
        func exported(_ db: String) throws -> [String] {
            try jobsift(["export", "--db", db, "--format", "jsonl", "--include-duplicates"]).output
                .split(separator: "\n").map(String.init).sorted()
        }
        let expected = try exported(whole)
        #expect(expected.count > 80)
        #expect(try exported(killed) == expected)
        let storedByRuns = "SELECT sum(stored) FROM runs"
        #expect(try count(storedByRuns, in: killed) == count(storedByRuns, in: whole))
        let bandRows = "SELECT count(*) FROM near_duplicate_bands"
        #expect(try count(bandRows, in: killed) == count(bandRows, in: whole))
    }

    @Test func analyzeThenTrendsStatsExportAndReportReadTheStore() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-trends-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("store.sqlite").path
        let analyze = try jobsift(["analyze", Paths.corpus + "/llm-engineer", Paths.corpus + "/nlp-engineer", "--db", db, "--json"])
        #expect(analyze.status == 0)
        let summary = try JSONSerialization.jsonObject(with: Data(analyze.output.utf8)) as? [String: Any]
        #expect((summary?["counts"] as? [String: Any])?["stored"] as? Int == 80)

        let trends = try jobsift(["trends", "--db", db, "--by", "year", "--min-postings", "5"])
        #expect(trends.status == 0)
        #expect(trends.output.hasPrefix("skill"))
        #expect(trends.output.contains("Large language models"))
        #expect(trends.output.split(separator: "\n").allSatisfy { $0.count <= 100 })
        #expect(!trends.output.contains("\u{1B}"))

        let stats = try jobsift(["stats", "--db", db, "--json"])
        let roles = (try JSONSerialization.jsonObject(with: Data(stats.output.utf8)) as? [String: Any])?["roles"] as? [[String: Any]]
        #expect(roles?.map { $0["count"] as? Int ?? 0 }.reduce(0, +) == 80)

        let csv = try jobsift(["export", "--db", db, "--format", "csv"])
        #expect(csv.output.split(separator: "\r\n").count == 81)

        let page = folder.appendingPathComponent("report.html").path
        #expect(try jobsift(["report", "--db", db, "--html", page]).status == 0)
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("<svg"))

        let missing = try jobsift(["trends", "--db", folder.appendingPathComponent("none.sqlite").path])
        #expect(missing.status == 4)
        #expect(missing.errors.contains("no such store"))
    }

    /// A store that could not be opened exited 3 (the model's code) and printed its path twice.
    @Test func aStoreThatCannotBeOpenedExits4NamingItOnce() throws {
        let db = "/nonexistent-\(UUID())/jobs.sqlite"
        let run = try jobsift(["analyze", Paths.samples.appendingPathComponent("mlops-platform.txt").path, "--db", db, "--quiet"])
        #expect(run.status == 4)
        #expect(run.errors.components(separatedBy: db).count == 2, "\(run.errors)")
        #expect(run.errors.contains("check that its folder exists and can be written"))
    }

    /// A second analyze on a store another run is writing did not see its originals and counted
    /// near-duplicates twice; it stops now, exit 4, naming the store and the other process.
    @Test func aSecondAnalyzeOnAStoreBeingWrittenStopsAndSaysWhatToDo() throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("busy-\(UUID()).sqlite").path
        defer { for suffix in ["", "-lock", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) } }
        let held = try StoreWriteLock(storePath: db)
        let run = try jobsift(["analyze", Paths.samples.path, "--db", db, "--quiet"])
        #expect(run.status == 4)
        #expect(run.errors.contains("\(db): another jobsift run (process \(getpid())) is writing to this store"), "\(run.errors)")
        #expect(run.errors.contains("--wait"))
        #expect(!FileManager.default.fileExists(atPath: db))
        withExtendedLifetime(held) {}
    }

    @Test func corruptModelExitsWith3AndSaysHowToFixIt() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).jsm").path
        try Data("JSIFTNB\0garbage".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try jobsift(["classify", "--model", path, Paths.samples.appendingPathComponent("mlops-platform.txt").path])
        #expect(run.status == 3)
        #expect(run.errors.contains("jobsift train"))
    }

    @Test func theVersionNamesTheDefaultModelAndTaxonomyByFingerprint() throws {
        let run = try jobsift(["--version"])
        #expect(run.status == 0, "\(run.errors)")
        let versions = AnalysisVersions.of(modelFile: Paths.shippedModel, taxonomyFolder: Paths.shippedTaxonomyFolder)
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "jobsift \(JobSiftVersion.current)")
        #expect(lines.contains { $0.hasPrefix("model ") && $0.contains(versions.model) && $0.hasSuffix(Paths.shippedModel) })
        #expect(lines.contains { $0.hasPrefix("taxonomy ") && $0.contains(versions.taxonomy) && $0.hasSuffix(Paths.shippedTaxonomyFolder) })
    }

    /// `scripts/install PREFIX` puts the binary in PREFIX/bin and the models in PREFIX/share/jobsift,
    /// where the binary finds them from any folder; a copy with no models beside it says where it
    /// looked and what to do.
    @Test func anInstalledBinaryFindsItsModelsFromAnyFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-install-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let prefix = folder.appendingPathComponent("prefix")
        let install = Process()
        install.executableURL = Paths.repository.appendingPathComponent("scripts/install")
        install.arguments = [prefix.path]
        install.environment = ProcessInfo.processInfo.environment.merging(["JOBSIFT_BIN": Paths.executable.path]) { $1 }
        install.standardOutput = Pipe()
        try install.run()
        install.waitUntilExit()
        #expect(install.terminationStatus == 0)
        let completions = prefix.appendingPathComponent("share/bash-completion/completions/jobsift").path
        #expect((try? String(contentsOfFile: completions, encoding: .utf8))?.contains("classify") == true)

        let elsewhere = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let sample = Paths.samples.appendingPathComponent("mlops-platform.txt").path
        let installed = prefix.appendingPathComponent("bin/jobsift")
        let classified = try run(installed, ["classify", "--json", sample], in: elsewhere)
        #expect(classified.status == 0, "\(classified.errors)")
        #expect(classified.output == (try jobsift(["classify", "--json", sample])).output)
        let version = try run(installed, ["--version"], in: elsewhere)
        #expect(version.output.contains(prefix.appendingPathComponent("share/jobsift/default/roles.jsm").path))

        let bare = folder.appendingPathComponent("bare/jobsift")
        try FileManager.default.createDirectory(at: bare.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Paths.executable, to: bare)
        let lost = try run(bare, ["classify", sample], in: elsewhere)
        #expect(lost.status == 3)
        #expect(lost.errors.contains("no taxonomy at \(elsewhere.path)/models/taxonomy"), "\(lost.errors)")
        #expect(lost.errors.contains(folder.appendingPathComponent("share/jobsift").path) && lost.errors.contains("scripts/install"))
    }
}

extension CommandLineTests {
    @Test func evaluateGoldScoresTheShippedModelAndExportGivesTheRowsForScikitLearn() throws {
        let folder = try TrainingLabelsTests.Folder()
        defer { try? FileManager.default.removeItem(at: folder.url) }
        try """
            {"id": "a", "title": "Generative AI Engineer", "role": "ai-engineer", "acceptable": ["ai-engineer"]}
            {"id": "b", "title": "ML Engineer", "role": "llm-engineer", "acceptable": ["llm-engineer", "ml-engineer"]}
            {"id": "c", "title": "Staff Accountant", "role": "other"}
            {"id": "missing", "role": "other"}
            """.write(toFile: folder.file("gold.jsonl"), atomically: true, encoding: .utf8)
        let run = try jobsift(["evaluate", "gold", "--gold", folder.file("gold.jsonl"), "--data", folder.file("jobs.jsonl"), "--json"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.errors.contains("1 gold ids are not in"))
        struct Output: Decodable {
            struct Evaluation: Decodable {
                var count: Int
                var accuracy: Double
                var macroF1: Double
                var acceptableAccuracy: Double
            }
            var evaluation: Evaluation
            var missing: [String]
        }
        let output = try JSONDecoder().decode(Output.self, from: Data(run.output.utf8))
        #expect(output.missing == ["missing"])
        #expect(output.evaluation.count == 3)
        #expect(output.evaluation.accuracy == 1 && output.evaluation.macroF1 == 1 && output.evaluation.acceptableAccuracy == 1)

        try TrainingLabels.encode([TrainingLabel(id: "a", dataset: "jobs", role: "ai-engineer", method: .readByGuide)])
            .write(toFile: folder.file("labels.jsonl"), atomically: true, encoding: .utf8)
        let export = try jobsift(["labels", "export", "--dataset", folder.file("jobs.jsonl"), "--labels", folder.file("labels.jsonl"),
                                  "--gold", folder.file("gold.jsonl"), "--gold-data", folder.file("jobs.jsonl"),
                                  "--output", folder.file("export.jsonl")])
        #expect(export.status == 0, "\(export.errors)")
        let rows = try String(contentsOfFile: folder.file("export.jsonl"), encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
        #expect(rows.map { $0["id"] } == ["a", "a", "b", "c"])
        #expect(rows.map { $0["split"] } == ["train", "test", "test", "test"])
        #expect(rows.map { $0["label"] } == ["ai-engineer", "ai-engineer", "llm-engineer", "other"])
        #expect(rows[0]["text"]?.contains("retrieval-augmented generation") == true)
    }

    /// `stream` gives each posting the record `export --format jsonl` gives it after `analyze`, with
    /// its signature and band keys, and reports what it could not read as JSON on stderr.
    @Test func streamWritesTheExportRecordOfEachPostingWithoutAStore() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("jobsift-stream-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let crawl = folder.appendingPathComponent("crawl.warc.gz").path
        try Data(try WARCWriter.gzipped(WARCTests().crawl())).write(to: URL(fileURLWithPath: crawl))
        let missing = folder.appendingPathComponent("missing.html").path
        let inputs = [crawl, "corpora/samples/ml-engineer-fraud.html", missing].joined(separator: "\n") + "\n"

        let streamed = try jobsift(["stream"], standardInput: Array(inputs.utf8))
        #expect(streamed.status == 1)
        let records = streamed.output.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(records.map { $0["source"] as? String } == ["https://jobs.example.com/1", "https://jobs.example.com/2",
                                                            "corpora/samples/ml-engineer-fraud.html"])
        #expect(records.allSatisfy { ($0["band_keys"] as? [String])?.count == 21 && ($0["role_scores"] as? [String: Double])?.count == 13 })
        let errors = streamed.errors.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(errors.compactMap { $0["failed"] as? String } == [missing])
        #expect((errors.first { $0["warc"] != nil }?["summary"] as? [String: Any])?["pages_with_postings"] as? Int == 2)

        let store = folder.appendingPathComponent("s.sqlite").path
        #expect(try jobsift(["analyze", crawl, "corpora/samples/ml-engineer-fraud.html", "--db", store, "--quiet"]).status == 0)
        let exported = try jobsift(["export", "--format", "jsonl", "--db", store])
        // The same lines, byte for byte: the stream knows no store, and a store here has no duplicate.
        #expect(exported.output == streamed.output)
        // The same input gives the same output.
        #expect(try jobsift(["stream"], standardInput: Array(inputs.utf8)).output == streamed.output)
    }
}
