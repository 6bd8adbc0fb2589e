import CZlib

/// Why compressed bytes could not be expanded.
public enum GzipError: Error, CustomStringConvertible, Equatable {
    case corrupt(source: String, reason: String)
    case tooLarge(source: String, limit: Int)

    public var description: String {
        switch self {
        case .corrupt(let source, let reason):
            return "\(source): the gzip data is damaged or truncated (\(reason))."
        case .tooLarge(let source, let limit):
            return "\(source): expands to more than \(limit / 1_000_000) MB; refused."
        }
    }
}

/// gzip (and zlib) decompression with zlib.
public enum Gzip {
    /// True when `bytes` start with the gzip magic number.
    public static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Expands `bytes`; `limit` bounds the output so a small bomb cannot exhaust memory.
    public static func decompress(_ bytes: [UInt8], source: String, limit: Int = 1 << 31) throws(GzipError) -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 32: detect gzip or zlib headers automatically.
        guard jobsift_inflateInit2(&stream, 15 + 32) == Z_OK else {
            throw .corrupt(source: source, reason: "zlib could not start")
        }
        defer { inflateEnd(&stream) }

        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status: Int32 = Z_OK
        var input = bytes
        try input.withUnsafeMutableBufferPointer { (inputBuffer) throws(GzipError) in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { chunkBuffer -> Int in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = uInt(chunkBuffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return chunkBuffer.count - Int(stream.avail_out)
                }
                guard status == Z_OK || status == Z_STREAM_END || (status == Z_BUF_ERROR && produced > 0) else {
                    throw .corrupt(source: source, reason: stream.msg.map { String(cString: $0) } ?? "zlib status \(status)")
                }
                output.append(contentsOf: chunk[0..<produced])
                guard output.count <= limit else { throw .tooLarge(source: source, limit: limit) }
                // Concatenated gzip members (as `cat a.gz b.gz` makes) continue after a stream end.
                if status == Z_STREAM_END && stream.avail_in > 0 {
                    guard inflateReset(&stream) == Z_OK else { break }
                    status = Z_OK
                }
                if produced == 0 && stream.avail_in == 0 && status != Z_STREAM_END {
                    throw .corrupt(source: source, reason: "unexpected end of data")
                }
            } while status != Z_STREAM_END
        }
        return output
    }
}
