import ArgumentParser
import Foundation
import JobSiftKit

struct Stream: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Analyze the inputs named on stdin, one per line, and write one JSON record per posting.",
        discussion: """
            The worker mode for pipelines and cluster jobs (see spark/): no store, nothing kept \
            between inputs, and the same inputs always give the same output, in input order. Each \
            line of stdin names a file, a folder, a CSV/TSV/JSON Lines dataset, a WARC file \
            (.warc or .warc.gz) or an http(s) URL.

            Each posting is one line of stdout: the record of `jobsift export --format jsonl`, with \
            duplicate_of always null (no store, so no duplicate is known), plus role_scores (every \
            role's probability), skills (id, category, demand, mentions), signature (the MinHash \
            signature, base64) and band_keys (its near-duplicate band keys), so that a job spread over \
            many machines can remove exact duplicates by id and near-duplicates by band key. The \
            schema is docs/stream-record.md.

            Everything else goes to stderr as JSON lines: {"failed": source, "reason": text} for \
            each input, row, record or page that could not be read or held no posting text, and \
            {"warc": path, "summary": {...}} with what each WARC file held. Exit status: 0 when \
            every input was read, 1 when something could not be, 64 on a usage error.

            Examples:
              echo corpora/samples | jobsift stream > postings.jsonl
              ls crawl/*.warc.gz | jobsift stream | jq -r '.role' | sort | uniq -c
              printf '%s\\n' jobs.csv https://example.com/job/7 | jobsift stream --text
            """
    )

    @OptionGroup var modelOptions: ModelOptions

    @Flag(name: .long, help: "Include each posting's text in its record.")
    var text = false

    @OptionGroup var inputOptions: InputOptions

    func run() throws {
        let analyzer = try modelOptions.loadAnalyzer()
        let versions = AnalysisVersions.of(modelFile: modelOptions.modelPath, taxonomyFolder: modelOptions.taxonomyPath)
        let reader = inputOptions.reader
        let reportEncoder = snakeCaseEncoder()
        var failed = false
        let output = BufferedOutput()
        defer { output.flush() }

        func writeLineToStandardError(_ value: some Encodable) {
            guard let json = try? reportEncoder.encode(value) else { return }
            FileHandle.standardError.write(json + Data("\n".utf8))
        }
        func report(_ object: [String: String]) {
            failed = true
            writeLineToStandardError(object)
        }
        func emit(_ posting: Posting) throws {
            guard posting.status == .ok else {
                return report(["failed": posting.source, "reason": "no content: " + (posting.notes.last ?? "no posting text")])
            }
            let analysis = analyzer.analyze(posting, alternatives: Int.max, evidence: 0)
            output.write(ExportRecord(posting: posting, analysis: analysis, versions: versions, includeText: text).jsonLine)
        }

        while let line = readLine(strippingNewline: true) {
            let argument = line.trimmingCharacters(in: .whitespaces)
            guard !argument.isEmpty else { continue }
            let found: (inputs: PostingInputList, ignored: Int, skipped: [ReadFailure])
            do {
                found = try PostingInput.inputs(for: argument)
            } catch {
                report(["failed": argument, "reason": error.reason])
                continue
            }
            for skipped in found.skipped { report(["failed": skipped.source, "reason": skipped.reason]) }
            for input in found.inputs {
                try reader.read(input, posting: emit, failure: { report(["failed": $0.source, "reason": $0.reason]) },
                                warc: { writeLineToStandardError(WARCReport(warc: input.description, summary: $0)) })
            }
            // Each input's records are out before the next input is read: a worker feeding one
            // path at a time sees its results without waiting for the end of stdin.
            output.flush()
        }
        if failed { throw ExitCode(1) }
    }
}

/// What a WARC file held, as `stream` reports it on stderr.
private struct WARCReport: Encodable {
    var warc: String
    var summary: WARCSummary
}

/// Lines written to stdout in large writes rather than one system call each.
private final class BufferedOutput {
    private var buffer = Data()

    func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
