import ArgumentParser
import Foundation
import JobSiftKit

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyze every posting of the sources into the SQLite store: role, seniority, skills, duplicates.",
        discussion: """
            Reads files, folders, datasets (.csv, .jsonl), WARC crawl files and URLs on all cores and commits the \
            results in batches. Running it again skips what is already stored with the same model \
            and taxonomy, so an interrupted run is finished by running the same command again. \
            Exact duplicates (the same text) are stored once; near-duplicates (reposts, agency \
            copies) are stored with duplicate_of set and left out of statistics.

            Examples:
              jobsift analyze corpora/train
              jobsift analyze pages/ jobs.csv --db market.sqlite
              jobsift analyze CC-MAIN-*.warc.gz --db crawl.sqlite
              jobsift analyze --reclassify --model new.jsm
              sqlite3 jobsift.sqlite 'select role, count(*) from postings group by role'
            """
    )

    @Argument(help: "Posting files, folders, datasets (.csv, .jsonl), WARC files, http(s) URLs, or -.")
    var inputs: [String] = []

    @Option(name: .long, help: "The store (an SQLite file; created when missing).")
    var db = "jobsift.sqlite"

    @OptionGroup var modelOptions: ModelOptions

    @OptionGroup var inputOptions: InputOptions

    @Option(name: .long, help: "Threads that read and analyse at once (default: all cores).")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .long, help: "Postings committed per transaction.")
    var batchSize = 256

    @Option(name: .long, help: "Similarity (0-1) from which a posting is a near-duplicate of an earlier one.")
    var duplicateThreshold = 0.7

    @Option(name: .long, help: ArgumentHelp("Stop after this many postings (to try a large source).", visibility: .hidden))
    var stopAfter: Int?

    @Flag(name: .long, help: "Re-score the stored postings with the current model and taxonomy, without reading sources.")
    var reclassify = false

    @Flag(name: .long, help: "When another run is writing to the store, wait for it to finish instead of stopping.")
    var wait = false

    @Flag(name: .long, help: "Print the summary as JSON.")
    var json = false

    @Flag(name: .long, help: "No progress display.")
    var quiet = false

    func validate() throws {
        guard !inputs.isEmpty || reclassify else {
            throw ValidationError("Give at least one source (a file, folder, dataset or URL), or --reclassify.")
        }
        try require("--workers", workers, in: 1...256)
        try require("--batch-size", batchSize, in: 1...100_000)
        try require("--duplicate-threshold", duplicateThreshold, in: 0...1)
        if let stopAfter { try require("--stop-after", stopAfter, in: 1...Int(Int32.max)) }
    }

    func run() throws {
        let analyzer = try modelOptions.loadAnalyzer()
        let versions = AnalysisVersions.of(modelFile: modelOptions.modelPath, taxonomyFolder: modelOptions.taxonomyPath)
        // One writer at a time: two runs would each miss the other's originals and count a posting twice.
        let lock: StoreWriteLock
        do {
            lock = try StoreWriteLock(storePath: db, wait: wait, waiting: { holder in
                printError("\(db): waiting for jobsift run\(holder.map { " (process \($0))" } ?? "") to finish writing to this store")
            })
        } catch {
            printError("\(error)")
            throw ExitCode(storeExitCode)
        }
        defer { withExtendedLifetime(lock) {} }
        let store = try openStore(db, mustExist: false)
        var options = BatchOptions()
        options.workers = workers
        options.batchSize = batchSize
        options.nearDuplicateThreshold = duplicateThreshold
        options.stopAfter = stopAfter
        let batch = BatchAnalyzer(store: store, analyzer: analyzer, reader: inputOptions.reader, versions: versions, options: options)
        let display = ProgressDisplay(enabled: !quiet)

        if reclassify {
            let summary = try batch.reclassify(progress: display.show)
            display.finish()
            if json { return try printJSON(summary) }
            print("re-scored \(summary.counts.stored) postings in \(db) with model \(versions.model) "
                  + String(format: "in %.1f s", summary.seconds))
            print(Self.roleTable(summary.roles))
            return
        }

        var inputsFound = PostingInputList()
        var failures = 0
        for argument in inputs {
            do {
                let found = try PostingInput.inputs(for: argument)
                inputsFound.append(contentsOf: found.inputs)
                for skipped in found.skipped {
                    failures += 1
                    printError(skipped.description)
                }
            } catch {
                failures += 1
                printError("\(error)")
            }
        }
        let summary: BatchSummary
        do {
            summary = try batch.run(inputsFound, sources: inputs, progress: display.show, failure: { failure in
                display.interrupt { printError(failure.description) }
            })
        } catch let error as StoreError {
            display.finish()
            printError("\(error)")
            throw ExitCode(storeExitCode)
        }
        display.finish()
        if json {
            try printJSON(summary)
        } else {
            print(Self.describe(summary, db: db))
        }
        if failures + summary.counts.failed + summary.counts.noContent > 0 { throw ExitCode(1) }
    }

    static func describe(_ summary: BatchSummary, db: String) -> String {
        let counts = summary.counts
        var lines = [
            String(format: "%@: run %lld, %d postings read in %.1f s (%.0f/s)", db, summary.run, counts.read,
                   summary.seconds, Double(counts.read) / max(summary.seconds, 0.001)),
            "  stored \(counts.stored), already stored \(counts.alreadyStored), exact duplicates \(counts.exactDuplicates), "
                + "near-duplicates \(counts.nearDuplicates), no content \(counts.noContent), failed \(counts.failed)",
        ]
        if let warc = summary.warc { lines.append("  " + warc.line) }
        if summary.stoppedEarly { lines.append("  stopped early as asked; run the same command again to go on") }
        if !summary.roles.isEmpty { lines.append(roleTable(summary.roles)) }
        return lines.joined(separator: "\n")
    }

    static func roleTable(_ roles: [String: Int]) -> String {
        roles.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "  " + $0.key.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: "%6d", $0.value) }
            .joined(separator: "\n")
    }
}

/// A progress bar on a terminal; a plain line every few seconds otherwise; nothing when quiet.
final class ProgressDisplay {
    private let enabled: Bool
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private var lastLine = Date.distantPast
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(_ progress: BatchProgress) {
        guard enabled else { return }
        let rate = Double(progress.postings) / max(progress.elapsed, 0.001)
        var text = String(format: "%d postings, %.0f/s", progress.postings, rate)
        if let expected = progress.expected, expected > 0 {
            let share = min(1, Double(progress.postings) / Double(expected))
            let remaining = rate > 0 ? Double(expected - progress.postings) / rate : 0
            let width = 30
            let filled = Int(share * Double(width))
            let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
            text = String(format: "[%@] %3.0f%% %d/%d postings, %.0f/s, ETA %@", bar, share * 100, progress.postings,
                          expected, rate, Self.clock(remaining))
        }
        text += ", \(progress.counts.failed) failed"
        if isTerminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
            drawn = true
        } else if Date().timeIntervalSince(lastLine) >= 5 {
            FileHandle.standardError.write(Data(("jobsift: " + text + "\n").utf8))
            lastLine = Date()
        }
    }

    /// Clears the bar so that a message can be printed on its own line.
    func interrupt(_ print: () -> Void) {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        print()
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    private static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d", total / 60, total % 60)
    }
}
