import Foundation

/// The raw bytes of one posting as they came, and where from.
public struct SourceDocument: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case html, json, text, markdown
    }

    /// A path, a URL, or `-` for standard input.
    public var source: String
    public var bytes: [UInt8]
    public var kind: Kind
    /// The HTTP `Content-Type` header, when the document came over HTTP.
    public var contentType: String?

    public init(source: String, bytes: [UInt8], kind: Kind, contentType: String? = nil) {
        self.source = source
        self.bytes = bytes
        self.kind = kind
        self.contentType = contentType
    }

    /// The kind implied by a file name's extension, or by the first bytes when the name says nothing.
    public static func kind(forName name: String, bytes: [UInt8], contentType: String? = nil) -> Kind {
        if let contentType = contentType?.lowercased() {
            if contentType.contains("html") { return .html }
            if contentType.contains("json") { return .json }
            if contentType.contains("markdown") { return .markdown }
        }
        switch (name as NSString).pathExtension.lowercased() {
        case "html", "htm", "xhtml": return .html
        case "json", "jsonld": return .json
        case "md", "markdown": return .markdown
        case "txt", "text": return .text
        default: return sniff(bytes)
        }
    }

    private static func sniff(_ bytes: [UInt8]) -> Kind {
        let head = String(decoding: bytes.prefix(512), as: UTF8.self)
            .trimmed.lowercased()
        if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || head.contains("<body") { return .html }
        if head.hasPrefix("{") { return .json }
        return .text
    }
}

/// Why a posting's bytes could not be had.
public enum IngestError: Error, CustomStringConvertible, Equatable {
    case fileNotFound(path: String)
    case unreadableFile(path: String, reason: String)
    case emptyInput(source: String)
    /// A file over the size limit for one posting file.
    case tooLarge(path: String, size: Int, limit: Int)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such file. Give a path to an HTML, JSON, Markdown or text posting, a URL, or - for stdin."
        case .unreadableFile(let path, let reason):
            return "\(path): cannot read the file (\(reason))."
        case .emptyInput(let source):
            return "\(source): the input is empty; there is no posting to read."
        case .tooLarge(let path, _, _):
            return "\(path): \(reason)."
        }
    }

    /// The description without the path it starts with.
    public var reason: String {
        switch self {
        case .fileNotFound: return "no such file"
        case .unreadableFile(_, let reason): return reason
        case .emptyInput: return "the file is empty"
        case .tooLarge(_, _, let limit):
            return "larger than the \(megabytes(limit)) limit for one posting (--max-file-mb raises it); "
                + "a dataset of many postings should be a .csv or .jsonl file, which is streamed"
        }
    }

    private func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}

/// Reads postings from files and standard input.
public enum LocalSource {
    /// Reads one file; a directory or a missing file is an error that names the path.
    public static func read(path: String) throws(IngestError) -> SourceDocument {
        let bytes = try readBytes(path: path)
        return SourceDocument(source: path, bytes: bytes, kind: SourceDocument.kind(forName: path, bytes: bytes))
    }

    /// The bytes of one file, refused when there are more than `maximumBytes` of them. Plain POSIX
    /// calls: one `open`, one `fstat` and the reads, straight into the array.
    public static func readBytes(path: String, maximumBytes: Int = .max) throws(IngestError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(errno, path: path) }
        defer { close(descriptor) }
        return try readBytes(descriptor: descriptor, name: path, maximumBytes: maximumBytes)
    }

    private static func failure(_ code: Int32, path: String) -> IngestError {
        switch code {
        case ENOENT, ENOTDIR: .fileNotFound(path: path)
        case EACCES, EPERM: .unreadableFile(path: path, reason: "permission denied")
        default: .unreadableFile(path: path, reason: String(cString: strerror(code)))
        }
    }

    /// The bytes of an open file or pipe, `name` naming it in errors; reading stops, and the input
    /// is refused, as soon as there are more than `maximumBytes`.
    static func readBytes(descriptor: Int32, name path: String, maximumBytes: Int) throws(IngestError) -> [UInt8] {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure(errno, path: path) }
        if info.st_mode & S_IFMT == S_IFDIR {
            throw .unreadableFile(path: path, reason: "it is a directory; give the files inside it")
        }
        let size = Int(info.st_size)
        guard size <= maximumBytes else { throw .tooLarge(path: path, size: size, limit: maximumBytes) }
        // The size is a hint: a file may change while it is read, and pipes have none.
        var bytes = [UInt8](repeating: 0, count: max(size, 1) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let read = bytes.withUnsafeMutableBytes { buffer in
                Glibc.read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if read < 0 {
                if errno == EINTR { continue }
                throw failure(errno, path: path)
            }
            if read == 0 { break }
            count += read
            guard count <= maximumBytes else { throw .tooLarge(path: path, size: count, limit: maximumBytes) }
        }
        bytes.removeLast(bytes.count - count)
        guard !bytes.isEmpty else { throw .emptyInput(source: path) }
        return bytes
    }

    /// Reads standard input to its end, refused past `maximumBytes` (as a posting file is).
    public static func readStandardInput(maximumBytes: Int = .max) throws(IngestError) -> [UInt8] {
        try readBytes(descriptor: STDIN_FILENO, name: "-", maximumBytes: maximumBytes)
    }
}
