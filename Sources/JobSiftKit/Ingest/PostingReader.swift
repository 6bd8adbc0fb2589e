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
    /// WARC pages without a schema.org `JobPosting` are passed over unless this is set (for crawls
    /// of known job sites, whose pages carry no structured data).
    public var allWARCPages = false
    /// Recorded as the origin of every posting read (`analyze --origin`), in place of the one the
    /// input tells (see `PostingOrigin`).
    public var origin: String?

    public init(fetcher: HTTPFetcher = HTTPFetcher(), datasets: DatasetReader = DatasetReader(),
                maximumFileBytes: Int = 10_000_000) {
        self.fetcher = fetcher
        self.datasets = datasets
        self.maximumFileBytes = maximumFileBytes
    }

    /// Calls `posting` for each posting in `input` and `failure` for each file, row, record or URL
    /// that could not be read, and `warc` with what a WARC file held. Only an error thrown by
    /// `posting` itself ends the reading.
    public func read(_ input: PostingInput, posting: (Posting) throws -> Void,
                     failure: (ReadFailure) -> Void, warc: (WARCSummary) -> Void = { _ in }) throws {
        if let origin {
            var plain = self
            plain.origin = nil
            return try plain.read(input, posting: { item in
                var item = item
                item.origin = origin
                try posting(item)
            }, failure: failure, warc: warc)
        }
        switch input {
        case .warc(let path):
            var pagesWithPostings = 0
            var count = 0
            var summary = try forEachWARCPage(path: path, page: { page in
                let found = postings(of: page)
                for item in found { try posting(item) }
                let readable = found.count { $0.status == .ok }
                if readable > 0 { pagesWithPostings += 1 }
                count += readable
            }, failure: failure)
            summary.pagesWithPostings = pagesWithPostings
            summary.postings = count
            warc(summary)
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
            try read(bytes: fetched.bytes, source: url, name: Self.name(ofURL: url), contentType: fetched.contentType,
                     posting: posting, failure: failure)
        case .standardInput:
            do {
                let bytes = try LocalSource.readStandardInput(maximumBytes: maximumFileBytes)
                try read(bytes: bytes, source: "-", name: "", contentType: nil, posting: posting, failure: failure)
            } catch let error as IngestError {
                failure(ReadFailure(source: "-", reason: error.reason))
            }
        }
    }

    /// Calls `page` with the HTML page of each `response` record of the WARC file at `path`, in
    /// file order. Other records are counted by type, redirects and other statuses, non-HTML
    /// bodies and unreadable pages by what they were; a file that stops being WARC, or ends
    /// inside a record, is one failure after the records before it. The caller counts the pages
    /// that gave postings and the postings.
    public func forEachWARCPage(path: String, page: (WARCPage) throws -> Void,
                                failure: (ReadFailure) -> Void) throws -> WARCSummary {
        var summary = WARCSummary()
        do {
            try WARCFile.forEachRecord(path: path, maximumBlockBytes: maximumFileBytes, record: { record in
                summary.records += 1
                guard record.type == "response" else {
                    summary.otherRecords[record.type.isEmpty ? "untyped" : record.type, default: 0] += 1
                    return
                }
                let source = record.targetURI ?? "\(path)#record-\(record.number)"
                guard let response = HTTPResponseBlock(record.block) else {
                    summary.unreadable += 1
                    return failure(ReadFailure(source: source, reason: "record \(record.number) of \(path) holds no HTTP response"))
                }
                guard (200..<300).contains(response.status) else {
                    if (300..<400).contains(response.status) { summary.redirects += 1 } else { summary.otherStatuses += 1 }
                    return
                }
                let contentType = response.headers["content-type"]
                guard contentType.map(Self.isHTMLType) ?? true else {
                    summary.notHTML += 1
                    return
                }
                var body = response.body
                if response.headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
                    guard let joined = HTTPResponseBlock.dechunked(body) else {
                        summary.unreadable += 1
                        return failure(ReadFailure(source: source, reason: "record \(record.number) of \(path): the chunked body is cut short"))
                    }
                    body = joined
                }
                if let encoding = response.headers["content-encoding"]?.lowercased(), encoding != "identity" {
                    guard encoding == "gzip" || encoding == "x-gzip" else {
                        summary.unreadable += 1
                        return failure(ReadFailure(source: source, reason: "record \(record.number) of \(path) is \(encoding)-encoded, "
                                                   + "which jobsift does not expand"))
                    }
                }
                switch checked(body, source: source, name: URL(string: source)?.path ?? "", contentType: contentType ?? "text/html") {
                case .success(var document):
                    document.kind = .html
                    summary.pages += 1
                    try page(WARCPage(document: document, date: record.date.flatMap(PostingDate.normalize)))
                case .failure(let problem):
                    summary.unreadable += 1
                    failure(problem)
                }
            }, oversize: { number, size in
                summary.records += 1
                summary.unreadable += 1
                failure(ReadFailure(source: "\(path)#record-\(number)", reason: "the record's block is \(size / 1_000_000) MB, "
                                    + "over the \(maximumFileBytes / 1_000_000) MB limit (--max-file-mb); it was passed over"))
            })
        } catch let error as WARCError {
            failure(ReadFailure(source: path, reason: error.description))
        } catch let error as IngestError {
            failure(ReadFailure(source: path, reason: error.reason))
        }
        return summary
    }

    /// The postings of a WARC page: those from a schema.org `JobPosting` (all with
    /// `allWARCPages`), dated by the capture when the page gives no date.
    public func postings(of page: WARCPage) -> [Posting] {
        // Most pages of a crawl hold no JobPosting: a page whose bytes never name one (as JSON-LD
        // `@type` or a microdata `itemtype`) is passed over without being parsed.
        guard allWARCPages || Self.namesJobPosting(page.document.bytes) else { return [] }
        var found = PostingExtractor().extractAll(page.document)
        if !allWARCPages { found.removeAll { $0.structuredData == nil } }
        for index in found.indices where found[index].datePosted == nil {
            found[index].datePosted = page.date
        }
        return found
    }

    private static let jobPostingBytes = Array("JobPosting".utf8)

    /// True when the bytes hold "JobPosting" as a word of its own, as a type is written
    /// (`"@type":"JobPosting"`, `itemtype="https://schema.org/JobPosting"`), not inside a name
    /// such as LinkedIn's `decoratedJobPostingId`. Each "J" is found with `memchr`, so the search
    /// runs at memory speed over the page.
    static func namesJobPosting(_ bytes: [UInt8]) -> Bool {
        func isNamePart(_ byte: UInt8) -> Bool {
            byte.isASCIILetter || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "_")
        }
        return bytes.withUnsafeBufferPointer { page in
            jobPostingBytes.withUnsafeBufferPointer { name in
                occurs(name, in: page) { offset in
                    let end = offset + name.count
                    return (offset == 0 || !isNamePart(page[offset - 1])) && (end == page.count || !isNamePart(page[end]))
                }
            }
        }
    }

    private static func isHTMLType(_ contentType: String) -> Bool {
        let type = contentType.lowercased()
        return type.contains("text/html") || type.contains("application/xhtml")
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
                return fail(error.reason)
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

    /// The name a fetched URL's kind is told by: its path ("/jobs/7.json").
    public static func name(ofURL url: String) -> String {
        URL(string: url)?.path ?? url
    }

    /// Reads a posting received whole (an HTTP request's body, a page fetched by the caller) as
    /// standard input (`name` "") or a fetched URL (`name` its path) is read: refused when it is
    /// binary or not the JSON it claims, else each of its postings given to `posting`.
    public func read(bytes: [UInt8], source: String, name: String, contentType: String?,
                     posting: (Posting) throws -> Void, failure: (ReadFailure) -> Void) throws {
        switch checked(bytes, source: source, name: name, contentType: contentType) {
        case .success(let document): try extract(document, posting: posting)
        case .failure(let error): failure(error)
        }
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

/// The HTML page of a WARC `response` record, with the capture's date.
public struct WARCPage: Sendable {
    public var document: SourceDocument
    /// `WARC-Date` as `yyyy-mm-dd`.
    public var date: String?
}

/// What a WARC file held, record by record.
public struct WARCSummary: Sendable, Equatable, Codable {
    public var records = 0
    /// HTML pages read from `response` records with a 2xx status.
    public var pages = 0
    /// Pages that gave at least one posting (with a `JobPosting`, or any page with `--all-pages`).
    public var pagesWithPostings = 0
    public var postings = 0
    /// Records that are not responses, by `WARC-Type` (request, metadata, warcinfo, revisit…).
    public var otherRecords: [String: Int] = [:]
    public var redirects = 0
    public var otherStatuses = 0
    public var notHTML = 0
    /// Records that could not be read (each also reported as a failure).
    public var unreadable = 0

    public init() {}

    /// Adds another file's counts.
    public mutating func add(_ other: WARCSummary) {
        records += other.records
        pages += other.pages
        pagesWithPostings += other.pagesWithPostings
        postings += other.postings
        otherRecords.merge(other.otherRecords, uniquingKeysWith: +)
        redirects += other.redirects
        otherStatuses += other.otherStatuses
        notHTML += other.notHTML
        unreadable += other.unreadable
    }

    /// These counts with another file's added.
    public func adding(_ other: WARCSummary) -> WARCSummary {
        var sum = self
        sum.add(other)
        return sum
    }

    /// One line for a report: "WARC: 120 records, 40 HTML pages, 12 with a posting; passed over …".
    public var line: String {
        var passed = otherRecords.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
        if redirects > 0 { passed.append("\(redirects) redirect\(redirects == 1 ? "" : "s")") }
        if otherStatuses > 0 { passed.append("\(otherStatuses) other status\(otherStatuses == 1 ? "" : "es")") }
        if notHTML > 0 { passed.append("\(notHTML) not HTML") }
        if unreadable > 0 { passed.append("\(unreadable) unreadable") }
        let withoutPostings = pages - pagesWithPostings
        if withoutPostings > 0 { passed.append("\(withoutPostings) page\(withoutPostings == 1 ? "" : "s") without a JobPosting") }
        var text = "WARC: \(records) record\(records == 1 ? "" : "s"), \(pages) HTML page\(pages == 1 ? "" : "s"), "
            + "\(pagesWithPostings) with a posting"
        if !passed.isEmpty { text += "; passed over: " + passed.joined(separator: ", ") }
        return text
    }
}
