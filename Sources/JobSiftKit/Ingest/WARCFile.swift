import Foundation

/// One record of a WARC file: its headers and its block, the bytes its `Content-Length` counts.
public struct WARCRecord: Sendable {
    /// 1-based position of the record in its file.
    public var number: Int
    /// Header names lower-cased; a repeated header keeps its last value.
    public var headers: [String: String]
    public var block: [UInt8]

    /// `WARC-Type`, lower-cased: `response`, `request`, `metadata`, `warcinfo`, `revisit`, …
    public var type: String { headers["warc-type"]?.lowercased() ?? "" }
    public var targetURI: String? { headers["warc-target-uri"] }
    public var date: String? { headers["warc-date"] }
}

/// Why a WARC file could not be read on from some record.
public enum WARCError: Error, Sendable, Equatable, CustomStringConvertible {
    case notWARC(record: Int)
    case badHeader(record: Int, reason: String)
    case truncated(record: Int, expected: Int, found: Int)

    public var description: String {
        switch self {
        case .notWARC(let record):
            record == 1 ? "this is not a WARC file (it does not start with WARC/1.0 or WARC/1.1)"
                : "record \(record) does not start with WARC/1.0 or WARC/1.1; the file was not read past it"
        case .badHeader(let record, let reason): "record \(record) has a broken header (\(reason)); the file was not read past it"
        case .truncated(let record, let expected, let found):
            "record \(record) is truncated: its block has \(found) of \(expected) bytes (was the file cut short?)"
        }
    }
}

/// Reads the records of a WARC 1.0 or 1.1 file, plain or gzipped (one gzip member per record, as
/// Common Crawl writes them, or the whole file), one record at a time: memory holds one block.
public enum WARCFile {
    /// A `.warc` or `.warc.gz` file name.
    public static func isWARC(path: String) -> Bool {
        let name = path.lowercased()
        return name.hasSuffix(".warc") || name.hasSuffix(".warc.gz")
    }

    /// Calls `record` with each record in file order. A block larger than `maximumBlockBytes` is
    /// passed over, not held, and named through `oversize` (its record number and size). A file
    /// that ends inside a record, or holds something that is not a record, throws `WARCError`
    /// after the records before it were handed on.
    public static func forEachRecord(path: String, maximumBlockBytes: Int, record: (WARCRecord) throws -> Void,
                                     oversize: (Int, Int) -> Void = { _, _ in }) throws {
        let input = BufferedStream(try ByteStream(path: path))
        var number = 0
        while true {
            // Records end with two line ends; more blank lines between records are tolerated.
            var versionLine: ArraySlice<UInt8>?
            repeat {
                versionLine = try input.line(maximumBytes: 1024)
            } while versionLine?.isEmpty == true
            guard let version = versionLine else { return }
            number += 1
            guard version.starts(with: Array("WARC/1.".utf8)) else { throw WARCError.notWARC(record: number) }
            var headers: [String: String] = [:]
            var lastName: String?
            var headerLines = 0
            while true {
                headerLines += 1
                // Real records have a dozen header lines; endless ones would only fill memory.
                guard headerLines <= 1_000 else { throw WARCError.badHeader(record: number, reason: "over 1,000 header lines") }
                guard let line = try input.line(maximumBytes: 65_536) else {
                    throw WARCError.badHeader(record: number, reason: "the file ends inside the header")
                }
                if line.isEmpty { break }
                if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t"), let name = lastName {
                    headers[name, default: ""] += " " + String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                    continue
                }
                guard let (name, value) = headerField(line) else {
                    throw WARCError.badHeader(record: number, reason: "a header line without a colon")
                }
                headers[name] = value
                lastName = name
            }
            guard let lengthText = headers["content-length"], let length = Int(lengthText), length >= 0 else {
                throw WARCError.badHeader(record: number, reason: "no valid Content-Length")
            }
            if length > maximumBlockBytes {
                let skipped = try input.skip(length)
                guard skipped == length else { throw WARCError.truncated(record: number, expected: length, found: skipped) }
                oversize(number, length)
                continue
            }
            let block = try input.bytes(length)
            guard block.count == length else { throw WARCError.truncated(record: number, expected: length, found: block.count) }
            try record(WARCRecord(number: number, headers: headers, block: block))
        }
    }
}

/// An HTTP response as a WARC `response` record holds it.
public struct HTTPResponseBlock: Sendable {
    public var status: Int
    /// Header names lower-cased; repeated headers joined with ", ".
    public var headers: [String: String]
    public var body: [UInt8]

    /// The status line, headers and body of `block`; nil when it does not start with an HTTP status line.
    public init?(_ block: [UInt8]) {
        guard block.starts(with: Array("HTTP/".utf8)) else { return nil }
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var bodyStart: Int?
        var index = 0
        while index < block.count {
            if block[index] == UInt8(ascii: "\n") {
                var line = block[start..<index]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                if line.isEmpty {
                    bodyStart = index + 1
                    break
                }
                lines.append(line)
                start = index + 1
            }
            index += 1
        }
        guard let statusLine = lines.first else { return nil }
        let parts = String(decoding: statusLine, as: UTF8.self).split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        self.status = status
        var headers: [String: String] = [:]
        for case let (name, value)? in lines.dropFirst().map(headerField) {
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        self.headers = headers
        body = bodyStart.map { Array(block[$0...]) } ?? []
    }

    /// The body without chunked transfer coding: the chunks' data joined; nil when the chunk sizes
    /// do not add up (a body cut short).
    static func dechunked(_ body: [UInt8]) -> [UInt8]? {
        var result: [UInt8] = []
        var index = 0
        while index < body.count {
            guard let lineEnd = body[index...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            let sizeText = String(decoding: body[index..<lineEnd], as: UTF8.self)
                .split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { return nil }
            if size == 0 { return result }
            let start = lineEnd + 1
            guard start + size <= body.count else { return nil }
            result.append(contentsOf: body[start..<(start + size)])
            index = start + size
            // The chunk's own line end.
            if index < body.count, body[index] == UInt8(ascii: "\r") { index += 1 }
            if index < body.count, body[index] == UInt8(ascii: "\n") { index += 1 }
        }
        return result
    }
}

/// A `Name: value` line of a WARC or HTTP header, the name lower-cased; nil without a colon.
private func headerField(_ line: ArraySlice<UInt8>) -> (name: String, value: String)? {
    guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
    // Trimmed as bytes: Foundation's trimming took more time than the rest of the header.
    func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
    return (trimmed(line[..<colon]).lowercased(), trimmed(line[(colon + 1)...]))
}

/// Bytes of a `ByteStream` read as lines or counted runs, with a buffer of one chunk or so.
private final class BufferedStream {
    private let stream: ByteStream
    private var buffer: [UInt8] = []
    private var position = 0
    private var ended = false

    init(_ stream: ByteStream) {
        self.stream = stream
    }

    /// Adds the next chunk; false at the end of the stream.
    private func fill() throws -> Bool {
        guard !ended else { return false }
        guard let chunk = try stream.next() else {
            ended = true
            return false
        }
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        buffer.append(contentsOf: chunk)
        return true
    }

    /// The next line without its line end; nil at the end of the stream. A line longer than
    /// `maximumBytes` is cut there (a WARC header line is never that long).
    func line(maximumBytes: Int) throws -> ArraySlice<UInt8>? {
        // Bytes after `position` already searched; `fill` may move `position`, not this count.
        var searched = 0
        while true {
            if let newline = buffer[(position + searched)...].firstIndex(of: UInt8(ascii: "\n")) {
                var line = buffer[position..<newline]
                position = newline + 1
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                return line
            }
            if buffer.count - position > maximumBytes {
                let line = buffer[position..<(position + maximumBytes)]
                position += maximumBytes
                return line
            }
            searched = buffer.count - position
            guard try fill() else {
                guard position < buffer.count else { return nil }
                let line = buffer[position...]
                position = buffer.count
                return line
            }
        }
    }

    /// The next `count` bytes, or fewer when the stream ends first.
    func bytes(_ count: Int) throws -> [UInt8] {
        while buffer.count - position < count, try fill() {}
        let end = min(buffer.count, position + count)
        let result = Array(buffer[position..<end])
        position = end
        return result
    }

    /// Passes over the next `count` bytes without holding them; returns how many there were.
    func skip(_ count: Int) throws -> Int {
        var skipped = 0
        while skipped < count {
            if position == buffer.count {
                guard try fill() else { break }
            }
            let step = min(count - skipped, buffer.count - position)
            position += step
            skipped += step
        }
        return skipped
    }
}
