import ArgumentParser
import Foundation
import JobSiftKit

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the stored postings with their role, seniority and skills as CSV, JSON Lines or JSON.",
        discussion: """
            Near-duplicates are left out unless --include-duplicates is given, as in the statistics. \
            Skills are the ids of the taxonomy; in CSV they are joined with ';'.

            Examples:
              jobsift export --format csv --output postings.csv
              jobsift export --format jsonl --db market.sqlite | jq .role
              python3 -c "import pandas; print(pandas.read_csv('postings.csv').role.value_counts())"
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, jsonl, json
    }

    @Option(name: .long, help: "csv, jsonl or json.")
    var format: Format = .csv

    @Option(name: .long, help: "The store to read.")
    var db = "jobsift.sqlite"

    @Option(name: .long, help: "Write to this file instead of standard output.")
    var output: String?

    @Flag(name: .long, help: "Also export postings marked as near-duplicates.")
    var includeDuplicates = false

    @Flag(name: .long, help: "Also export each posting's text.")
    var withText = false

    func run() throws {
        let store = try openStore(db)
        let sink: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil), let handle = FileHandle(forWritingAtPath: output) else {
                printError("\(output): cannot write here.")
                throw ExitCode(1)
            }
            sink = handle
        } else {
            sink = FileHandle.standardOutput
        }
        defer { if output != nil { try? sink.close() } }

        var buffer = Data()
        func write(_ text: String) {
            buffer.append(contentsOf: text.utf8)
            if buffer.count > 1 << 20 { sink.write(buffer); buffer.removeAll(keepingCapacity: true) }
        }
        var count = 0
        switch format {
        case .csv: write(ExportRecord.csvLine(withText ? ExportRecord.csvHeader : ExportRecord.csvHeader.dropLast()) + "\r\n")
        case .json: write("[")
        case .jsonl: break
        }
        try store.forEachExportRecord(includeDuplicates: includeDuplicates, includeText: withText) { record in
            switch format {
            case .csv:
                let fields = record.csvFields
                write(ExportRecord.csvLine(withText ? fields : fields.dropLast()) + "\r\n")
            case .jsonl:
                write(record.jsonLine + "\n")
            case .json:
                write((count == 0 ? "\n" : ",\n") + record.jsonLine)
            }
            count += 1
        }
        if format == .json { write("\n]\n") }
        sink.write(buffer)
        if let output { printError("wrote \(count) postings to \(output)") }
    }
}
