import Foundation

/// A file read in chunks, expanded on the fly when it is gzipped, so that datasets of any size
/// are read in bounded memory.
final class ByteStream {
    private let handle: FileHandle
    private let path: String
    private let inflater: Inflater?
    private var pending: [[UInt8]] = []
    private var finished = false
    static let chunkSize = 1 << 20
    /// Compressed bytes read at once: deflate expands at most about 1,032 times, so one read of a
    /// gzip bomb becomes at most about 17 MB before the reader sees it.
    static let compressedChunkSize = 1 << 14
    /// Text compresses tens of times at most; a stream that expands past this ratio (and past
    /// `expansionFloor` bytes) is a gzip bomb, and reading stops there.
    static let maximumExpansionRatio = 1_000
    static let expansionFloor = 100_000_000
    private var compressedBytes = 0
    private var expandedBytes = 0

    init(path: String) throws(IngestError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FileManager.default.fileExists(atPath: path)
                ? .unreadableFile(path: path, reason: "permission denied") : .fileNotFound(path: path)
        }
        self.handle = handle
        self.path = path
        let head = (try? handle.read(upToCount: 2)).map { Array($0) } ?? []
        try? handle.seek(toOffset: 0)
        do {
            inflater = Gzip.isCompressed(head) ? try Inflater(source: path) : nil
        } catch {
            throw .unreadableFile(path: path, reason: error.reason)
        }
    }

    deinit { try? handle.close() }

    /// The next chunk of (expanded) bytes, or nil at the end of the file.
    func next() throws(IngestError) -> [UInt8]? {
        while pending.isEmpty && !finished {
            let data: Data
            do {
                data = try handle.read(upToCount: inflater == nil ? Self.chunkSize : Self.compressedChunkSize) ?? Data()
            } catch {
                throw .unreadableFile(path: path, reason: error.localizedDescription)
            }
            if data.isEmpty { finished = true }
            guard let inflater else {
                if !data.isEmpty { pending.append(Array(data)) }
                continue
            }
            do {
                try inflater.inflate(Array(data), isLast: data.isEmpty) { chunk in
                    pending.append(chunk)
                    expandedBytes += chunk.count
                }
            } catch {
                throw .unreadableFile(path: path, reason: error.reason)
            }
            compressedBytes += data.count
            if expandedBytes > Self.expansionFloor, expandedBytes / max(compressedBytes, 1) > Self.maximumExpansionRatio {
                throw .unreadableFile(path: path, reason: "it expands more than \(Self.maximumExpansionRatio) times its gzipped size "
                                      + "(\(expandedBytes / 1_000_000) MB from \(compressedBytes / 1000) KB), as only a gzip bomb does; "
                                      + "it was not read further")
            }
        }
        return pending.isEmpty ? nil : pending.removeFirst()
    }

    /// Calls `body` with each line (without its `\n` or `\r\n`) and its 1-based number.
    func forEachLine(maximumLineBytes: Int = .max, tooLong: (Int) -> Void = { _ in },
                     _ body: (ArraySlice<UInt8>, Int) throws -> Void) throws {
        var carry: [UInt8] = []
        var number = 0
        // A line past the limit is not held: its bytes are dropped up to its end, and it is named.
        var skipping = false
        while let chunk = try next() {
            var start = chunk.startIndex
            while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
                number += 1
                if skipping || carry.count + (newline - start) > maximumLineBytes {
                    tooLong(number)
                } else if carry.isEmpty {
                    try body(trimCR(chunk[start..<newline]), number)
                } else {
                    carry.append(contentsOf: chunk[start..<newline])
                    try body(trimCR(carry[...]), number)
                }
                carry.removeAll(keepingCapacity: true)
                skipping = false
                start = newline + 1
            }
            if !skipping && carry.count + (chunk.endIndex - start) > maximumLineBytes {
                skipping = true
                carry = []
            }
            if !skipping { carry.append(contentsOf: chunk[start...]) }
        }
        if skipping {
            tooLong(number + 1)
        } else if !carry.isEmpty {
            try body(trimCR(carry[...]), number + 1)
        }
    }

    private func trimCR(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        line.last == UInt8(ascii: "\r") ? line.dropLast() : line
    }
}
