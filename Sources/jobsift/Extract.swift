import ArgumentParser
import Foundation
import JobSiftKit

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Show the posting records jobsift reads from files, folders, datasets and URLs.",
        discussion: """
            Nothing is classified: this shows exactly what was read (title, company, location, \
            workplace, salary, dates, language, the text) so that it can be checked first. \
            A folder is read recursively (.html, .htm, .json, .jsonl, .csv, .tsv, .txt, .md, also \
            gzipped). A CSV or JSON Lines file is a dataset with one posting per row; its columns \
            are detected from the header, or named with --title-column, --text-column and the like.

            Examples:
              jobsift extract saved-page.html
              jobsift extract pages/ --jsonl > postings.jsonl
              jobsift extract jobs.csv.gz --text-column "Job Description" --json
              curl -s https://example.com/job | jobsift extract -
            """
    )

    @Argument(help: "Posting files, folders, datasets (.csv, .jsonl), WARC files, http(s) URLs, or - for stdin.")
    var inputs: [String]

    @OptionGroup var inputOptions: InputOptions

    @Flag(name: .long, help: "Print one JSON array of the posting records.")
    var json = false

    @Flag(name: .long, help: "Print one JSON record per line, as it is read (for large inputs).")
    var jsonl = false

    @Option(name: .long, help: "How many lines of each posting's text to show (text output only).")
    var lines = 6

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("Give at least one posting: a file, a folder, a URL, or -.") }
        guard !(json && jsonl) else { throw ValidationError("Choose one of --json and --jsonl.") }
        try require("--lines", lines, in: 0...100_000)
    }

    func run() throws {
        let array = JSONArrayPrinter()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let summary = try forEachPosting(inputs, options: inputOptions, includeEmpty: true) { posting in
            if json {
                try array.print(posting)
            } else if jsonl {
                print(String(decoding: try encoder.encode(posting), as: UTF8.self))
            } else {
                printText(Self.render(posting, lines: lines))
            }
        }
        if json { array.finish() }
        try finish(summary)
    }

    static func render(_ posting: Posting, lines: Int) -> String {
        var output = [posting.source]
        func add(_ label: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            output.append("  " + label.padding(toLength: 12, withPad: " ", startingAt: 0) + value)
        }
        add("id", posting.id)
        add("status", posting.status == .ok ? nil : posting.status.rawValue)
        add("title", posting.title.map { "\($0)  (from \(posting.titleSource ?? "?"))" })
        add("company", posting.company)
        add("location", posting.location)
        add("workplace", posting.workplace == .unknown ? nil
            : "\(posting.workplace.rawValue)  (from \(posting.workplaceOrigin?.rawValue ?? "?"))")
        add("remote from", posting.applicantLocations.isEmpty ? nil : posting.applicantLocations.joined(separator: "; "))
        add("employment", posting.employmentType)
        add("posted", posting.datePosted)
        add("valid until", posting.validThrough)
        add("salary", posting.salary.map(describe))
        add("language", posting.language)
        add("charset", posting.charset)
        for note in posting.notes { add("note", note) }
        let textLines = posting.text.split(separator: "\n").prefix(lines)
        add("text", "\(posting.text.count) characters")
        output += textLines.map { "    | " + $0 }
        return output.joined(separator: "\n") + "\n"
    }

    private static func describe(_ salary: Salary) -> String {
        func amount(_ value: Double?) -> String? {
            value.map { $0 == $0.rounded() ? String(Int($0)) : String(format: "%.2f", $0) }
        }
        let range = [amount(salary.minimum), amount(salary.maximum)].compactMap { $0 }
        let figures = salary.minimum == salary.maximum ? range.first ?? "" : range.joined(separator: "–")
        var text = [salary.currency, figures].compactMap { $0 }.joined(separator: " ")
        if let period = salary.period { text += " per \(period.rawValue)" }
        if salary.minimum == nil { text = "up to " + text }
        if salary.maximum == nil { text = "from " + text }
        return text + "  (from \(salary.origin.rawValue))"
    }
}
