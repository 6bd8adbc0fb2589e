import ArgumentParser
import Foundation
import JobSiftKit

@main
struct JobSift: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobsift",
        abstract: "Tell what AI/ML job postings are: role, seniority and the skills they demand.",
        discussion: """
            Examples:
              jobsift classify posting.html
              jobsift classify https://example.com/jobs/123 --json
              jobsift extract saved-pages/ --jsonl
              jobsift extract postings.csv --text-column "Job Description"
              jobsift skills posting.md
              jobsift taxonomy --check my-skills.yaml
              jobsift train
              jobsift evaluate --folds 5
              jobsift --version

            The model and taxonomy are found in $JOBSIFT_MODELS, ./models, PREFIX/share/jobsift beside an \
            installed PREFIX/bin/jobsift (scripts/install), or the checkout the binary was built in.
            Shell completions: jobsift --generate-completion-script bash|zsh|fish.

            Exit codes: 0 success; 1 some input could not be read or fetched, or held no posting; \
            3 the model or taxonomy could not be loaded; 4 the store could not be opened or written, \
            or another run is writing it; 64 wrong arguments.
            """,
        subcommands: [Classify.self, Extract.self, Analyze.self, Stream.self, Serve.self, Trends.self, Stats.self, Report.self, ExportCommand.self, Skills.self, TaxonomyCommand.self, Train.self, Evaluate.self, LabelsCommand.self]
    )

    @Flag(name: .long, help: "Print jobsift's version and the fingerprints and places of the default model and taxonomy.")
    var version = false

    func run() throws {
        guard version else { throw CleanExit.helpRequest(self) }
        let model = ModelLocations.defaultRoleModel
        let taxonomy = ModelLocations.defaultTaxonomy
        let versions = AnalysisVersions.of(modelFile: model, taxonomyFolder: taxonomy)
        func fingerprint(_ value: String, of path: String) -> String {
            FileManager.default.fileExists(atPath: path) ? value : "(not found)     "
        }
        print("jobsift \(JobSiftVersion.current)")
        print("model     \(fingerprint(versions.model, of: model))  \(model)")
        print("taxonomy  \(fingerprint(versions.taxonomy, of: taxonomy + "/roles.yaml"))  \(taxonomy)")
    }
}

/// Where the model and the taxonomy come from; shared by the commands that analyze postings.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "The model file (default: models/default/roles.jsm).")
    var model: String?

    @Option(name: .long, help: "A taxonomy folder with roles.yaml, skills.yaml, seniority.yaml (default: models/taxonomy).")
    var taxonomy: String?

    var modelPath: String { model ?? ModelLocations.defaultRoleModel }
    var taxonomyPath: String { taxonomy ?? ModelLocations.defaultTaxonomy }

    func loadTaxonomy() throws -> JobTaxonomy {
        try requireDefaultsFound()
        do {
            return try JobTaxonomy.load(from: taxonomyPath)
        } catch {
            printError("\(error)")
            throw ExitCode(3)
        }
    }

    func loadAnalyzer() throws -> PostingAnalyzer {
        try requireDefaultsFound()
        do {
            return try PostingAnalyzer.load(model: modelPath, taxonomy: taxonomyPath)
        } catch {
            printError("\(error)")
            throw ExitCode(3)
        }
    }

    /// Stops with where jobsift looked when no models were given and none were found.
    private func requireDefaultsFound() throws {
        for (path, given, what) in [(taxonomyPath, taxonomy, "taxonomy at \(taxonomyPath)"), (modelPath, model, "model at \(modelPath)")]
        where ModelLocations.isMissingDefault(path, given: given) {
            printError(ModelLocations.notFoundAdvice(missing: what))
            throw ExitCode(3)
        }
    }
}

extension ModelOptions {
    /// Options as if given on the command line, for commands that take only some of them.
    init(model: String?, taxonomy: String?) {
        self.init()
        self.model = model
        self.taxonomy = taxonomy
    }
}

/// How inputs are read; shared by the commands that take postings.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: "Seconds before a URL fetch gives up.")
    var timeout = 30

    @Option(name: .long, help: "Largest single posting, in MB: a posting file, stdin, a fetched page, or one dataset row.")
    var maxFileMb = 10

    @Option(name: .long, help: "The dataset column holding the title (default: detected from the header).")
    var titleColumn: String?

    @Option(name: .long, help: "The dataset column holding the posting text (default: detected).")
    var textColumn: String?

    @Option(name: .long, help: "The dataset column holding the posting date (default: detected).")
    var dateColumn: String?

    @Option(name: .long, help: "The dataset column holding the company (default: detected).")
    var companyColumn: String?

    @Option(name: .long, help: "The dataset column holding the location (default: detected).")
    var locationColumn: String?

    @Option(name: .long, help: "The dataset column naming the site or board a row came from (default: a column named source, site or board).")
    var sourceColumn: String?

    @Option(name: .long, help: ArgumentHelp(
        "Record every posting read as coming from this site or dataset, e.g. --origin news.ycombinator.com.",
        discussion: "By default a posting's origin is its URL's host, its dataset's source column or file name, or its folder. "
            + "trends flags periods whose mix of origins differs, and --adjust source holds it fixed."))
    var origin: String?

    @Flag(name: .long, help: "With WARC files, read every HTML page, not only those with a schema.org JobPosting.")
    var allPages = false

    func validate() throws {
        try require("--timeout", timeout, in: 1...86_400)
        try require("--max-file-mb", maxFileMb, in: 1...1_000)
    }

    var reader: PostingReader {
        var fetchOptions = FetchOptions()
        fetchOptions.totalTimeoutSeconds = timeout
        let columns = DatasetColumns(title: titleColumn, text: textColumn, date: dateColumn, company: companyColumn,
                                     location: locationColumn, origin: sourceColumn)
        var reader = PostingReader(fetcher: HTTPFetcher(options: fetchOptions),
                                   datasets: DatasetReader(columns: columns, maximumRowBytes: maxFileMb * 1_000_000),
                                   maximumFileBytes: maxFileMb * 1_000_000)
        reader.allWARCPages = allPages
        reader.origin = origin
        return reader
    }
}

/// What reading the inputs came to.
struct ReadSummary {
    var postings = 0
    var failures = 0
    var noContent = 0
    var ignoredFiles = 0
    /// What the WARC files among the inputs held, when there were any.
    var warc: WARCSummary?

    var line: String {
        var parts = ["\(postings) posting\(postings == 1 ? "" : "s") read"]
        if noContent > 0 { parts.append("\(noContent) with no content") }
        if failures > 0 { parts.append("\(failures) could not be read") }
        if ignoredFiles > 0 { parts.append("\(ignoredFiles) files of other kinds passed over") }
        return parts.joined(separator: ", ")
    }
}

/// Reads every posting the arguments name (files, folders, datasets, URLs, `-`) and hands each to
/// `body`; what cannot be read, and pages without posting text, are reported on stderr by name.
/// `includeEmpty` also hands over postings with no content (for `extract`, which shows them).
@discardableResult
func forEachPosting(_ arguments: [String], options: InputOptions, includeEmpty: Bool = false,
                    _ body: (Posting) throws -> Void) throws -> ReadSummary {
    let reader = options.reader
    var summary = ReadSummary()
    for argument in arguments {
        let found: (inputs: PostingInputList, ignored: Int, skipped: [ReadFailure])
        do {
            found = try PostingInput.inputs(for: argument)
        } catch {
            summary.failures += 1
            printError("\(error)")
            continue
        }
        summary.ignoredFiles += found.ignored
        for skipped in found.skipped {
            summary.failures += 1
            printError(skipped.description)
        }
        for input in found.inputs {
            try reader.read(input, posting: { posting in
                if posting.status == .noContent {
                    summary.noContent += 1
                    printError("\(posting.source): no content: \(posting.notes.last ?? "the page holds no posting text")")
                    if !includeEmpty { return }
                } else {
                    summary.postings += 1
                }
                try body(posting)
            }, failure: { failure in
                summary.failures += 1
                printError(failure.description)
            }, warc: { summary.warc = (summary.warc ?? WARCSummary()).adding($0) })
        }
    }
    return summary
}

/// Prints the summary on stderr when there was more than one thing to read, and exits 1 when
/// anything could not be read or held no posting.
func finish(_ summary: ReadSummary) throws {
    if let warc = summary.warc { printError(warc.line) }
    if summary.postings + summary.failures + summary.noContent > 1 { printError(summary.line) }
    if summary.failures + summary.noContent > 0 { throw ExitCode(1) }
}

/// The exit code of a store that cannot be opened, created or written.
let storeExitCode: Int32 = 4

/// Opens the store at `path`; exits 4 with a message when it cannot be used, or when it must
/// exist and does not.
func openStore(_ path: String, mustExist: Bool = true) throws -> PostingStore {
    guard !mustExist || FileManager.default.fileExists(atPath: path) else {
        printError("\(path): no such store. Run `jobsift analyze <sources> --db \(path)` first.")
        throw ExitCode(storeExitCode)
    }
    do {
        return try PostingStore(path: path)
    } catch {
        printError("\(error)")
        throw ExitCode(storeExitCode)
    }
}

func printJSON<T: Encodable>(_ value: T) throws {
    print(String(decoding: try prettyJSONEncoder().encode(value), as: UTF8.self))
}

/// The encoder of one-line JSON reports (`stream`'s failures and WARC summaries): keys sorted and
/// in snake_case like the records' (`ExportRecord.jsonLine`), slashes as they are.
func snakeCaseEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
}

/// The encoder of every `--json` output: indented, keys sorted, slashes as they are.
func prettyJSONEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return encoder
}

/// Prints a JSON array one element at a time, as `printJSON` would print the whole array, so that
/// a folder of any size is printed without holding its results.
final class JSONArrayPrinter {
    private let encoder = prettyJSONEncoder()
    private var printed = 0
    private let write: (String) -> Void

    /// `write` takes each piece of the text; by default it goes to standard output.
    init(write: @escaping (String) -> Void = { Swift.print($0, terminator: "") }) {
        self.write = write
    }

    func print<T: Encodable>(_ element: T) throws {
        let lines = String(decoding: try encoder.encode(element), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        write((printed == 0 ? "[\n" : ",\n") + lines.map { "  " + $0 }.joined(separator: "\n"))
        printed += 1
    }

    /// Closes the array; an empty one is printed as `[]`.
    func finish() {
        write(printed == 0 ? "[]\n" : "\n]\n")
    }

    /// The array of `elements` as `--json` prints it.
    static func text<T: Encodable>(of elements: [T]) throws -> String {
        var text = ""
        let printer = JSONArrayPrinter { text += $0 }
        for element in elements { try printer.print(element) }
        printer.finish()
        return text
    }
}

/// Prints text meant for a person, with what a terminal would obey left out (see `TerminalText`).
func printText(_ text: String) {
    print(TerminalText.safe(text))
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("jobsift: \(TerminalText.safe(message))\n".utf8))
}

/// A usage error (exit 64) unless `value` lies in `range`: every number given on the command line
/// is checked, so that a huge one is refused with a message rather than overflowing later.
func require<T: Comparable>(_ option: String, _ value: T, in range: ClosedRange<T>) throws {
    guard range.contains(value) else {
        throw ValidationError("\(option) must be between \(range.lowerBound) and \(range.upperBound); \(value) was given.")
    }
}
