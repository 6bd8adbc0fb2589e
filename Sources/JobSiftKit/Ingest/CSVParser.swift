/// An RFC 4180 CSV parser fed in chunks: quoted fields may hold commas, doubled quotes and line
/// breaks, and a record may span chunks. Fields are decoded as UTF-8, or as Windows-1252 (Latin-1)
/// when they are not valid UTF-8, as spreadsheets on older systems write them.
struct CSVParser {
    let separator: UInt8
    private var field: [UInt8] = []
    private var record: [String] = []
    private var inQuotes = false
    private var quoteSeen = false
    /// Whether the current field opened with a quote; a quote anywhere else in a field that did
    /// not is a character of it (RFC 4180 quotes whole fields only), so a stray `5" screen` in an
    /// unquoted field cannot swallow the rows after it.
    private var fieldIsQuoted = false
    private var line = 1
    /// The line the current record started on, for messages about it.
    private(set) var recordLine = 1
    /// A record of more bytes than this is not held: it is parsed to its end and reported.
    let maximumRecordBytes: Int
    private var recordBytes = 0

    init(separator: UInt8 = UInt8(ascii: ","), maximumRecordBytes: Int = .max) {
        self.separator = separator
        self.maximumRecordBytes = maximumRecordBytes
    }

    /// Parses `bytes`, calling `emit` with each complete record and the line it started on, and
    /// `tooLarge` with the line of each record over `maximumRecordBytes` instead.
    mutating func feed(_ bytes: some Sequence<UInt8>, emit: ([String], Int) throws -> Void,
                       tooLarge: (Int) -> Void = { _ in }) rethrows {
        for byte in bytes {
            recordBytes += 1
            if recordBytes > maximumRecordBytes {
                // Past the limit only the quoting is followed, to find where the record ends.
                field.removeAll(keepingCapacity: true)
                record.removeAll(keepingCapacity: true)
            }
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    inQuotes = false
                    quoteSeen = true
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                if quoteSeen {
                    // A quote right after a closing quote is an escaped quote inside the field.
                    field.append(byte)
                    inQuotes = true
                } else if field.isEmpty && !fieldIsQuoted {
                    inQuotes = true
                    fieldIsQuoted = true
                } else {
                    field.append(byte)
                }
                quoteSeen = false
            case separator:
                endField()
            case UInt8(ascii: "\n"):
                endField()
                if recordBytes > maximumRecordBytes { tooLarge(recordLine) } else { try emit(record, recordLine) }
                record.removeAll(keepingCapacity: true)
                recordBytes = 0
                line += 1
                recordLine = line
            case UInt8(ascii: "\r"):
                quoteSeen = false
            default:
                quoteSeen = false
                field.append(byte)
            }
        }
    }

    /// Emits the last record when the input does not end with a line break.
    mutating func finish(emit: ([String], Int) throws -> Void, tooLarge: (Int) -> Void = { _ in }) rethrows {
        if recordBytes > maximumRecordBytes {
            tooLarge(recordLine)
        } else if !field.isEmpty || !record.isEmpty {
            endField()
            try emit(record, recordLine)
        }
        record.removeAll()
        recordBytes = 0
    }

    /// True when the input ended inside a quoted field: the file is truncated or malformed.
    var isInsideQuotes: Bool { inQuotes }

    private mutating func endField() {
        record.append(TextDecoding.utf8OrWindows1252(field))
        field.removeAll(keepingCapacity: true)
        quoteSeen = false
        fieldIsQuoted = false
    }
}
