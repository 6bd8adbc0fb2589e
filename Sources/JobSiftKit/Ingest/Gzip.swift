import CZlib

/// Why compressed bytes could not be expanded.
public enum GzipError: Error, CustomStringConvertible, Equatable {
    case corrupt(source: String, reason: String)
    case tooLarge(source: String, limit: Int)

    public var description: String {
        switch self {
        case .corrupt(let source, _), .tooLarge(let source, _): "\(source): \(reason)"
        }
    }

    /// What is wrong, without the source.
    public var reason: String {
        switch self {
        case .corrupt(_, let reason): "the gzip data is damaged or truncated (\(reason))."
        case .tooLarge(_, let limit): "expands to more than \(limit / 1_000_000) MB; refused."
        }
    }
}

/// gzip (and zlib) decompression with zlib.
public enum Gzip {
    /// True when `bytes` start with the gzip magic number.
    public static func isCompressed(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        return iterator.next() == 0x1F && iterator.next() == 0x8B
    }

    /// Expands `bytes`; `limit` bounds the output so a small bomb cannot exhaust memory.
    public static func decompress(_ bytes: [UInt8], source: String, limit: Int = 1 << 31) throws(GzipError) -> [UInt8] {
        let inflater = try Inflater(source: source)
        var output: [UInt8] = []
        try inflater.inflate(bytes, isLast: true) { (chunk) throws(GzipError) in
            output.append(contentsOf: chunk)
            guard output.count <= limit else { throw .tooLarge(source: source, limit: limit) }
        }
        return output
    }
}

/// Incremental gzip decompression: compressed chunks in, expanded chunks out, so a large
/// dataset file never has to be held whole.
final class Inflater {
    private var stream = z_stream()
    private let source: String
    private var ended = false
    private var output = [UInt8](repeating: 0, count: 1 << 16)

    init(source: String) throws(GzipError) {
        self.source = source
        // 15 window bits + 32: detect gzip or zlib headers automatically.
        guard jobsift_inflateInit2(&stream, 15 + 32) == Z_OK else {
            throw .corrupt(source: source, reason: "zlib could not start")
        }
    }

    deinit { inflateEnd(&stream) }

    /// Expands `input`, handing each produced chunk to `body`; `isLast` says no more input follows,
    /// so a stream that has not ended by then is truncated.
    func inflate(_ input: [UInt8], isLast: Bool, _ body: ([UInt8]) throws(GzipError) -> Void) throws(GzipError) {
        var input = input
        var status: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { (inputBuffer) throws(GzipError) in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            while stream.avail_in > 0 {
                // Concatenated gzip members (as `cat a.gz b.gz` makes) continue after a stream end.
                if ended {
                    guard inflateReset(&stream) == Z_OK else { throw .corrupt(source: source, reason: "bad member") }
                    ended = false
                }
                let produced = output.withUnsafeMutableBufferPointer { outputBuffer -> Int in
                    stream.next_out = outputBuffer.baseAddress
                    stream.avail_out = uInt(outputBuffer.count)
                    status = zlibInflate(&stream, Z_NO_FLUSH)
                    return outputBuffer.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END || (status == Z_BUF_ERROR && produced > 0) else {
                    throw .corrupt(source: source, reason: stream.msg.map { String(cString: $0) } ?? "zlib status \(status)")
                }
                if status == Z_STREAM_END { ended = true }
                if produced > 0 { try body(Array(output[0..<produced])) }
                if produced == 0 && status != Z_STREAM_END && stream.avail_in > 0 {
                    throw .corrupt(source: source, reason: "zlib made no progress")
                }
            }
            // Input is used up, but zlib may still hold output that did not fit the buffer.
            while !ended && stream.avail_out == 0 {
                let produced = output.withUnsafeMutableBufferPointer { outputBuffer -> Int in
                    stream.next_out = outputBuffer.baseAddress
                    stream.avail_out = uInt(outputBuffer.count)
                    status = zlibInflate(&stream, Z_NO_FLUSH)
                    return outputBuffer.count - Int(stream.avail_out)
                }
                if status == Z_STREAM_END { ended = true }
                guard produced > 0 else { break }
                try body(Array(output[0..<produced]))
            }
        }
        if isLast && !ended { throw .corrupt(source: source, reason: "unexpected end of data") }
    }
}

/// zlib's `inflate`, named apart from the method above.
private func zlibInflate(_ stream: inout z_stream, _ flush: Int32) -> Int32 {
    inflate(&stream, flush)
}
