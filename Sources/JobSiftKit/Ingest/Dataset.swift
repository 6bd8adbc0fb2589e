import Foundation

/// One row of a dataset file: the posting it holds and the row's fields as text.
public struct DatasetRow: Sendable {
    public var posting: Posting
    /// Every string, number or boolean field of the row, by name, for callers that need
    /// dataset-specific columns (a split, a reference label).
    public var fields: [String: String]
}

/// Which column holds each posting field. A nil column is looked for among common names.
public struct DatasetColumns: Sendable, Equatable {
    public var title: String?
    public var text: String?
    public var date: String?
    public var company: String?
    public var location: String?
    /// The site or board a row came from, recorded as the posting's origin.
    public var origin: String?

    public init(title: String? = nil, text: String? = nil, date: String? = nil, company: String? = nil,
                location: String? = nil, origin: String? = nil) {
        self.title = title
        self.text = text
        self.date = date
        self.company = company
        self.location = location
        self.origin = origin
    }

    /// Names tried, in order, when a column is not given; compared without case, spaces or underscores.
    static var candidates: [WritableKeyPath<DatasetColumns, String?>: [String]] { [
        \.title: ["title", "jobtitle", "position", "positiontitle", "role"],
        \.text: ["text", "description", "jobdescription", "descriptiontext", "body", "content", "html"],
        \.date: ["date", "dateposted", "posted", "publishedat", "postedat", "postingdate", "created", "createdat"],
        \.company: ["company", "companyname", "employer", "organization", "hiringorganization"],
        \.location: ["location", "joblocation", "city", "place"],
        \.origin: ["source", "site", "board", "jobboard", "origin", "dataset"],
    ] }

    /// The column for each field among `header`, from the names given or from the candidates;
    /// a named column missing from the header is an error.
    func resolved(against header: [String], source: String) throws(IngestError) -> DatasetColumns {
        func key(_ name: String) -> String {
            name.lowercased().filter { $0.isLetter || $0.isNumber }
        }
        let byKey = Dictionary(header.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        var result = DatasetColumns()
        for (field, names) in Self.candidates {
            if let given = self[keyPath: field] {
                guard header.contains(given) else {
                    throw .unreadableFile(path: source, reason: "there is no column \"\(given)\"; the columns are "
                                          + header.map { "\"\($0)\"" }.joined(separator: ", "))
                }
                result[keyPath: field] = given
            } else {
                result[keyPath: field] = names.lazy.compactMap { byKey[$0] }.first
            }
        }
        guard result.text != nil else {
            throw .unreadableFile(path: source, reason: "no column looks like the posting text; name it with "
                                  + "--text-column (the columns are " + Self.quoted(header) + ")")
        }
        return result
    }

    /// Column names as a message shows them: at most 20, each cut at 60 characters, so that a
    /// header of one huge line cannot flood the terminal.
    static func quoted(_ header: [String]) -> String {
        let shown = header.prefix(20).map { name in "\"" + (name.count > 60 ? name.prefix(60) + "…" : name) + "\"" }
        return shown.joined(separator: ", ") + (header.count > 20 ? " and \(header.count - 20) more" : "")
    }
}

/// Reads dataset files, CSV (or TSV) and JSON Lines, gzipped or not, one posting per row,
/// streaming so that a file of any size is read in bounded memory.
public struct DatasetReader: Sendable {
    public var columns: DatasetColumns
    /// One row larger than this is left out (and named) rather than held in memory.
    public var maximumRowBytes: Int

    public init(columns: DatasetColumns = DatasetColumns(), maximumRowBytes: Int = 10_000_000) {
        self.columns = columns
        self.maximumRowBytes = maximumRowBytes
    }

    private var rowTooLarge: String {
        String(format: "the row is larger than the %.1f MB limit for one posting (--max-file-mb raises it); it was left out",
               Double(maximumRowBytes) / 1_000_000)
    }

    /// The dataset format a file name implies (`.csv`, `.tsv`, `.jsonl`, `.ndjson`, also gzipped), or nil.
    public static func format(ofPath path: String) -> Format? {
        var name = (path as NSString).lastPathComponent.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        switch (name as NSString).pathExtension {
        case "csv": return .csv
        case "tsv": return .tsv
        case "jsonl", "ndjson": return .jsonLines
        default: return nil
        }
    }

    public enum Format: Sendable {
        case csv, tsv, jsonLines
    }

    /// Calls `row` for each row that holds a posting and `skipped` with the line of each row that
    /// could not be read (not JSON, no text); a file that cannot be read at all throws.
    public func read(path: String, format: Format, row: (DatasetRow) throws -> Void,
                     skipped: (_ line: Int, _ reason: String) -> Void) throws {
        let stream = try ByteStream(path: path)
        switch format {
        case .jsonLines:
            try readJSONLines(stream, path: path, row: row, skipped: skipped)
        case .csv, .tsv:
            try readCSV(stream, path: path, separator: UInt8(ascii: format == .csv ? "," : "\t"), row: row, skipped: skipped)
        }
    }

    /// Every row of a dataset whose format its name implies, with the lines of rows left out.
    public func readAll(path: String) throws -> (rows: [DatasetRow], skipped: [Int]) {
        guard let format = Self.format(ofPath: path) else {
            throw IngestError.unreadableFile(path: path, reason: "not a dataset; name it .csv, .tsv or .jsonl (optionally .gz)")
        }
        var rows: [DatasetRow] = []
        var skipped: [Int] = []
        try read(path: path, format: format, row: { rows.append($0) }, skipped: { line, _ in skipped.append(line) })
        return (rows, skipped)
    }

    private func readJSONLines(_ stream: ByteStream, path: String, row: (DatasetRow) throws -> Void,
                               skipped: (Int, String) -> Void) throws {
        var rows = 0
        try stream.forEachLine(maximumLineBytes: maximumRowBytes, tooLong: { rows += 1; skipped($0, rowTooLarge) }) { line, number in
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
            rows += 1
            guard let object = (try? JSONValue(parsing: line))?.objectValue else {
                return skipped(number, "not a JSON object")
            }
            var fields: [String: String] = [:]
            for (key, value) in object {
                switch value {
                case .string(let text), .number(let text): fields[key] = text
                case .bool(let flag): fields[key] = flag ? "true" : "false"
                default: break
                }
            }
            // Rows of one file may name their fields differently, so each row is resolved on its own.
            let resolved: DatasetColumns
            do {
                resolved = try columns.resolved(against: Array(object.keys).sorted(), source: path)
            } catch {
                return skipped(number, (error as? IngestError)?.reason ?? "\(error)")
            }
            try emit(fields, columns: resolved, source: "\(path):\(number)", line: number, row: row, skipped: skipped)
        }
        if rows == 0 {
            throw IngestError.unreadableFile(path: path, reason: "the dataset has no rows, only blank lines or nothing; there is no posting to read")
        }
    }

    private func readCSV(_ stream: ByteStream, path: String, separator: UInt8, row: (DatasetRow) throws -> Void,
                         skipped: (Int, String) -> Void) throws {
        var parser = CSVParser(separator: separator, maximumRecordBytes: maximumRowBytes)
        var header: [String]?
        var resolved: DatasetColumns?
        var rows = 0
        let handle: ([String], Int) throws -> Void = { record, line in
            guard let names = header else {
                // A byte order mark before the first column name is not part of the name.
                header = record.enumerated().map { $0 == 0 ? String($1.drop { $0 == "\u{FEFF}" }) : $1 }
                resolved = try columns.resolved(against: header!, source: path)
                return
            }
            guard record.count > 1 || record.first?.isEmpty == false else { return }
            rows += 1
            var fields: [String: String] = [:]
            for (name, value) in zip(names, record) { fields[name] = value }
            try emit(fields, columns: resolved!, source: "\(path):\(line)", line: line, row: row, skipped: skipped)
        }
        while let chunk = try stream.next() {
            try parser.feed(chunk, emit: handle, tooLarge: { skipped($0, rowTooLarge) })
        }
        if parser.isInsideQuotes {
            skipped(parser.recordLine, "the file ends inside a quoted field (truncated?)")
            return
        }
        try parser.finish(emit: handle, tooLarge: { skipped($0, rowTooLarge) })
        if header == nil { throw IngestError.emptyInput(source: path) }
        if rows == 0 {
            throw IngestError.unreadableFile(path: path, reason: "the dataset has a header but no rows; there is no posting to read")
        }
    }

    private func emit(_ fields: [String: String], columns: DatasetColumns, source: String, line: Int,
                      row: (DatasetRow) throws -> Void, skipped: (Int, String) -> Void) throws {
        // Control characters are taken out first: a NUL would end the text where libxml2 reads it.
        func value(_ column: String?) -> String? {
            guard let column, let text = fields[column].map(TerminalText.safe)?.trimmed,
                  !text.isEmpty else { return nil }
            return text
        }
        guard let rawText = value(columns.text) else { return skipped(line, "the text column is empty") }
        let text = MainTextExtractor().text(ofField: rawText)
        guard !text.isEmpty else { return skipped(line, "the text column holds no readable text") }
        var posting = Posting(
            source: source, title: value(columns.title), company: value(columns.company),
            location: value(columns.location), datePosted: value(columns.date).flatMap(PostingDate.normalize),
            text: text, titleSource: "dataset")
        posting.origin = value(columns.origin).map(PostingOrigin.of(datasetValue:))
        // Salary, workplace and language from the text, as for a page or a text file.
        PostingExtractor().completeFromText(&posting, isPage: false)
        try row(DatasetRow(posting: posting, fields: fields))
    }
}

/// Dates as postings write them, brought to `yyyy-mm-dd`.
enum PostingDate {
    /// `2024-05-03`, `2024-05-03T10:00:00Z`, `2024/05/03` and `2024-05` (first of the month) are read;
    /// anything else, and a day the month does not have, is nil rather than a guess.
    static func normalize(_ text: String) -> String? {
        let digits = text.prefix(10).map { $0 == "/" ? "-" : $0 }
        let candidate = String(digits)
        let parts = candidate.split(separator: "-")
        guard parts.count >= 2, parts[0].count == 4, let year = Int(parts[0]), (1990...2100).contains(year),
              parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        if parts.count == 2 { return "\(parts[0])-\(parts[1])-01" }
        guard parts[2].count == 2, let day = Int(parts[2]), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        return "\(parts[0])-\(parts[1])-\(parts[2])"
    }

    /// The days of `month` (1-12) in `year`, leap years counted: 2026-02-30 is no date.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
