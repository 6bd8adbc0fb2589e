import Foundation

/// Something that could not be read, named so that a user can find it.
public struct ReadFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// A path, URL, or `path:line` of a dataset row.
    public var source: String
    public var reason: String

    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }

    public var description: String { "\(source): \(reason)" }
}

/// Reads the postings of any input: files of every kind, datasets, URLs and standard input.
/// Nothing in one input stops the others: each failure is handed back with its source.
public struct PostingReader: Sendable {
    public var fetcher: HTTPFetcher
    public var datasets: DatasetReader
    /// One posting file (not a dataset) larger than this is refused rather than held in memory.
    public var maximumFileBytes: Int

    public init(fetcher: HTTPFetcher = HTTPFetcher(), datasets: DatasetReader = DatasetReader(),
                maximumFileBytes: Int = 10_000_000) {
        self.fetcher = fetcher
        self.datasets = datasets
        self.maximumFileBytes = maximumFileBytes
    }

    /// Calls `posting` for each posting in `input` and `failure` for each file, row or URL that
    /// could not be read. Only an error thrown by `posting` itself ends the reading.
    public func read(_ input: PostingInput, posting: (Posting) throws -> Void,
                     failure: (ReadFailure) -> Void) throws {
        switch input {
        case .dataset(let path, let format):
            do {
                try datasets.read(path: path, format: format, row: { try posting($0.posting) },
                                  skipped: { line, reason in failure(ReadFailure(source: "\(path):\(line)", reason: reason)) })
            } catch let error as IngestError {
                failure(ReadFailure(source: path, reason: error.reason))
            }
        case .file(let path):
            switch document(atPath: path) {
            case .success(let document): try extract(document, posting: posting)
            case .failure(let error): failure(error)
            }
        case .url(let url):
            let fetched: SourceDocument
            do {
                fetched = try fetcher.fetch(url)
            } catch {
                // The message starts with the URL already.
                return failure(ReadFailure(source: url, reason: String(error.description.dropFirst(url.count + 2))))
            }
            switch checked(fetched.bytes, source: url, name: URL(string: url)?.path ?? url, contentType: fetched.contentType) {
            case .success(let document): try extract(document, posting: posting)
            case .failure(let error): failure(error)
            }
        case .standardInput:
            do {
                let bytes = try LocalSource.readStandardInput(maximumBytes: maximumFileBytes)
                switch checked(bytes, source: "-", name: "") {
                case .success(let document): try extract(document, posting: posting)
                case .failure(let error): failure(error)
                }
            } catch let error as IngestError {
                failure(ReadFailure(source: "-", reason: error.reason))
            }
        }
    }

    /// The bytes of one posting file, expanded when gzipped, or why they cannot be used.
    func document(atPath path: String) -> Result<SourceDocument, ReadFailure> {
        do {
            return checked(try LocalSource.readBytes(path: path, maximumBytes: maximumFileBytes), source: path, name: path)
        } catch {
            return .failure(ReadFailure(source: path, reason: error.reason))
        }
    }

    /// One posting's bytes, from a file, standard input or a URL, made a document: expanded when
    /// gzipped (within the size limit), refused when they are not text or not the JSON they claim.
    /// `name` (a file name or URL) says the kind; `source` names the input in errors.
    func checked(_ bytes: [UInt8], source: String, name: String, contentType: String? = nil) -> Result<SourceDocument, ReadFailure> {
        func fail(_ reason: String) -> Result<SourceDocument, ReadFailure> { .failure(ReadFailure(source: source, reason: reason)) }
        var bytes = bytes
        if Gzip.isCompressed(bytes) {
            do {
                bytes = try Gzip.decompress(bytes, source: source, limit: maximumFileBytes)
            } catch {
                return fail(error.description.replacingOccurrences(of: "\(source): ", with: ""))
            }
            guard !bytes.isEmpty else { return fail("the file is empty once expanded") }
        }
        if Self.looksBinary(bytes) {
            return fail("this is binary data, not a posting (it holds NUL or control bytes)")
        }
        var name = name
        if name.lowercased().hasSuffix(".gz") { name.removeLast(3) }
        let kind = SourceDocument.kind(forName: name, bytes: bytes, contentType: contentType)
        if Self.isUndeclaredLegacyText(bytes, contentType: contentType, isHTML: kind == .html) {
            return fail("the text is not UTF-8, names no charset and is mostly not ASCII, so it cannot be read "
                        + "(random bytes, or a legacy encoding such as Shift_JIS or windows-1251); convert it to UTF-8")
        }
        if kind == .json {
            do {
                _ = try JSONValue(parsing: bytes)
            } catch {
                // Only an error where the text runs out hints at a truncated file; deep nesting does not.
                let atTheEnd = error.offset >= bytes.count || error.reason == "a string is not closed"
                return fail(error.description + (atTheEnd ? " (is the file truncated?)" : ""))
            }
        }
        return .success(SourceDocument(source: source, bytes: bytes, kind: kind, contentType: contentType))
    }

    private func extract(_ document: SourceDocument, posting: (Posting) throws -> Void) throws {
        for item in PostingExtractor().extractAll(document) {
            try posting(item)
        }
    }

    /// Bytes that are not UTF-8, declare no charset, and are mostly not ASCII: read as Windows-1252
    /// (the fallback) they would be a posting of garbage. Latin-1 text is mostly ASCII letters.
    static func isUndeclaredLegacyText(_ bytes: [UInt8], contentType: String?, isHTML: Bool) -> Bool {
        // The first 8 KB, cut back to the start of a character so that a valid UTF-8 sequence is not split.
        var head = bytes.prefix(8192)
        if head.count < bytes.count {
            while let last = head.last, last & 0xC0 == 0x80 { head.removeLast() }
            if let last = head.last, last >= 0xC0 { head.removeLast() }
        }
        let nonASCII = head.count { $0 >= 0x80 }
        guard nonASCII * 2 > head.count else { return false }
        return TextDecoding.decode(Array(head), contentType: contentType, isHTML: isHTML).charsetSource == .fallback
    }

    /// Text in any charset we read has no NUL bytes and few other control bytes; UTF-16 (which has
    /// NULs) announces itself with a byte order mark.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(8192)
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return false }
        var control = 0
        for byte in head {
            if byte == 0 { return true }
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C { control += 1 }
        }
        return control * 20 > head.count
    }
}
