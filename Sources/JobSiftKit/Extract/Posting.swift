import Foundation

/// One job posting as jobsift reads it, whatever form it came in.
public struct Posting: Sendable, Equatable, Codable {
    /// A path, URL or `-`.
    public var source: String
    public var title: String?
    public var company: String?
    public var location: String?
    /// `yyyy-mm-dd` when known.
    public var datePosted: String?
    public var employmentType: String?
    /// The posting's readable text, without the page around it.
    public var text: String
    /// Where the title came from: `json-ld`, `og:title`, `h1`, `title`, `front-matter`, `first-line`.
    public var titleSource: String?

    public init(source: String, title: String? = nil, company: String? = nil, location: String? = nil,
                datePosted: String? = nil, employmentType: String? = nil, text: String, titleSource: String? = nil) {
        self.source = source
        self.title = title
        self.company = company
        self.location = location
        self.datePosted = datePosted
        self.employmentType = employmentType
        self.text = text
        self.titleSource = titleSource
    }
}

/// Turns a source document (HTML, JSON, Markdown or text) into a `Posting`.
public struct PostingExtractor: Sendable {
    public init() {}

    public func extract(_ document: SourceDocument) -> Posting {
        switch document.kind {
        case .html: return fromHTML(document)
        case .json: return fromJSON(document) ?? fromText(document)
        case .text, .markdown: return fromText(document)
        }
    }

    /// The title is taken from JSON-LD `JobPosting.title`, then `og:title`, then `<h1>`, then `<title>`.
    private func fromHTML(_ document: SourceDocument) -> Posting {
        let page = MainTextExtractor().extract(html: document.bytes, encoding: charset(of: document.contentType))
        let structured = JobPostingJSONLDReader().read(page.jsonLDBlocks).postings.first
        let candidates: [(String?, String)] = [
            (structured?.title, "json-ld"), (page.openGraphTitle, "og:title"),
            (page.firstHeading, "h1"), (page.htmlTitle, "title"),
        ]
        let chosen = candidates.first { $0.0?.isEmpty == false }
        // A page rendered by JavaScript may carry its posting only in JSON-LD.
        var text = page.text
        if let description = structured?.description, description.count > text.count {
            text = description
        }
        return Posting(
            source: document.source, title: chosen?.0, company: structured?.company, location: structured?.location,
            datePosted: structured?.datePosted.map { String($0.prefix(10)) }, employmentType: structured?.employmentType,
            text: text, titleSource: chosen?.1)
    }

    /// A JSON posting is either a JSON-LD `JobPosting` or a flat object with title and text fields.
    private func fromJSON(_ document: SourceDocument) -> Posting? {
        let json = String(decoding: document.bytes, as: UTF8.self)
        if let structured = JobPostingJSONLDReader().read([json]).postings.first {
            return Posting(
                source: document.source, title: structured.title, company: structured.company,
                location: structured.location, datePosted: structured.datePosted.map { String($0.prefix(10)) },
                employmentType: structured.employmentType, text: structured.description ?? "", titleSource: "json-ld")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(document.bytes)) as? [String: Any] else {
            return nil
        }
        func field(_ keys: String...) -> String? {
            keys.lazy.compactMap { object[$0] as? String }.first { !$0.isEmpty }
        }
        guard let text = field("text", "description", "body") else { return nil }
        return Posting(
            source: document.source, title: field("title", "job_title"), company: field("company", "companyName"),
            location: field("location"), datePosted: field("date", "datePosted", "date_posted"),
            text: MainTextExtractor().text(ofField: text), titleSource: "json")
    }

    /// Plain text or Markdown, optionally opening with a `---` front-matter block of `key: value` lines.
    private func fromText(_ document: SourceDocument) -> Posting {
        let raw = String(decoding: document.bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        let (fields, body) = FrontMatter.split(raw)
        var text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if document.kind == .markdown { text = Markdown.plainText(text) }
        var title = fields["title"]
        var titleSource = title == nil ? nil : "front-matter"
        if title == nil, let firstLine = text.split(separator: "\n").first {
            title = firstLine.trimmingCharacters(in: .whitespaces)
            titleSource = "first-line"
        }
        return Posting(
            source: document.source, title: title, company: fields["company"], location: fields["location"],
            datePosted: fields["date"] ?? fields["dateposted"], employmentType: fields["employment_type"],
            text: text, titleSource: titleSource)
    }

    private func charset(of contentType: String?) -> String? {
        guard let contentType, let range = contentType.range(of: "charset=", options: .caseInsensitive) else {
            return nil
        }
        let value = contentType[range.upperBound...].prefix { $0 != ";" && !$0.isWhitespace }
        return value.isEmpty ? nil : value.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    }
}

/// The `---`-delimited `key: value` block some Markdown and text postings open with.
enum FrontMatter {
    static func split(_ text: String) -> (fields: [String: String], body: String) {
        let trimmed = text.drop { $0 == "\u{FEFF}" || $0 == "\n" || $0 == " " }
        guard trimmed.hasPrefix("---\n") else { return ([:], text) }
        let afterOpening = trimmed.dropFirst(4)
        guard let closing = afterOpening.range(of: "\n---") else { return ([:], text) }
        var fields: [String: String] = [:]
        for line in afterOpening[..<closing.lowerBound].split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if !key.isEmpty && !value.isEmpty { fields[key] = value }
        }
        let rest = afterOpening[closing.upperBound...].drop { $0 != "\n" }
        return (fields, String(rest))
    }
}

/// Just enough Markdown handling for postings: markers that are not words are removed.
enum Markdown {
    static func plainText(_ markdown: String) -> String {
        markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var line = line.trimmingCharacters(in: .whitespaces)
            while line.hasPrefix("#") { line.removeFirst() }
            if line.hasPrefix("* ") || line.hasPrefix("+ ") { line = "- " + line.dropFirst(2) }
            return line.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
