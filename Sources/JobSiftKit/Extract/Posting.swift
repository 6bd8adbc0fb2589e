import Foundation

/// Whether a posting's text could be had.
public enum ExtractionStatus: String, Sendable, Codable {
    case ok
    /// The page holds no posting text (a shell rendered by JavaScript, an expired ad).
    case noContent = "no-content"
}

/// One job posting as jobsift reads it, whatever form it came in.
public struct Posting: Sendable, Equatable, Codable {
    /// A stable hash of the normalised title, company and text: the same posting read twice,
    /// from anywhere, has the same id.
    public private(set) var id: String
    /// A path, URL, `-`, or `path:line` for a dataset row; `#n` marks the n-th posting of a page.
    public var source: String
    /// The site, dataset or folder the posting came from when the input named it (a dataset's
    /// source column, `analyze --origin`); otherwise `PostingOrigin.of(source:)` tells it.
    public var origin: String?
    public var title: String? { didSet { updateID() } }
    public var company: String? { didSet { updateID() } }
    public var location: String?
    /// Where the work is done; `workplaceOrigin` says whether structured data or the text said so.
    public var workplace: WorkplaceType = .unknown
    public var workplaceOrigin: FieldOrigin?
    /// Where remote applicants may live (`applicantLocationRequirements`), apart from the workplace.
    public var applicantLocations: [String] = []
    public var employmentType: String?
    /// `yyyy-mm-dd` when known.
    public var datePosted: String?
    public var validThrough: String?
    public var salary: Salary?
    /// The posting's readable text, without the page around it.
    public var text: String { didSet { updateID() } }
    /// ISO 639-1 code of the text's language, when it can be told.
    public var language: String?
    /// The charset the bytes were decoded with, when they came as bytes.
    public var charset: String?
    public var status: ExtractionStatus = .ok
    /// What a reader should know about how the posting was read ("invalid JSON-LD …").
    public var notes: [String] = []
    /// Where the title came from: `json-ld`, `microdata`, `og:title`, `h1`, `title`, `h2`, `front-matter`,
    /// `first-line`, `json`, `dataset`.
    public var titleSource: String?
    /// schema.org fields kept as the page gave them.
    public var identifier: String?
    public var experienceRequirements: String?
    public var educationRequirements: String?
    public var listedSkills: String?
    public var occupationalCategory: String?
    /// `json-ld` or `microdata` when the posting came from a schema.org `JobPosting` on its page.
    public var structuredData: String?

    public init(source: String, title: String? = nil, company: String? = nil, location: String? = nil,
                datePosted: String? = nil, employmentType: String? = nil, text: String, titleSource: String? = nil) {
        self.id = stableContentID(title: title, company: company, text: text)
        self.source = source
        self.title = title
        self.company = company
        self.location = location
        self.datePosted = datePosted
        self.employmentType = employmentType
        self.text = text
        self.titleSource = titleSource
    }

    private mutating func updateID() {
        id = stableContentID(title: title, company: company, text: text)
    }
}

/// Turns a source document (HTML, JSON, Markdown or text) into postings.
extension Posting {
    /// Takes escape sequences, NULs and other control characters (but not line feeds and tabs) out
    /// of every text field, so that no store, export or terminal receives them from a posting.
    mutating func removeControlCharacters() {
        let fields: [WritableKeyPath<Posting, String?>] = [\.title, \.company, \.location, \.employmentType,
                                                           \.datePosted, \.validThrough, \.identifier]
        for field in fields {
            if let value = self[keyPath: field], TerminalText.containsUnsafe(value) { self[keyPath: field] = TerminalText.safe(value) }
        }
        if TerminalText.containsUnsafe(text) { text = TerminalText.safe(text) }
    }
}

public struct PostingExtractor: Sendable {
    /// Below this many words a page is taken to hold no posting: what is left of a JavaScript shell
    /// is a cookie notice or a copyright line. Text and dataset postings only need some words.
    static let minimumWordsOnAPage = 30
    static let minimumWords = 3
    /// The largest of 83 saved job pages has 3,300 tags.
    static let maximumTagsOnAPage = 100_000

    public init() {}

    /// The first posting of `document`.
    public func extract(_ document: SourceDocument) -> Posting {
        extractAll(document)[0]
    }

    /// Every posting of `document`: a page may carry several `JobPosting`s; other documents hold one.
    public func extractAll(_ document: SourceDocument) -> [Posting] {
        let decoded = TextDecoding.decode(document.bytes, contentType: document.contentType, isHTML: document.kind == .html)
        var postings: [Posting]
        switch document.kind {
        case .html: postings = fromHTML(document, decoded: decoded)
        case .json: postings = fromJSON(document, text: decoded.text) ?? [Posting(source: document.source, text: "")]
        case .text, .markdown: postings = [fromText(document, text: decoded.text)]
        }
        for index in postings.indices {
            postings[index].charset = decoded.charset.rawValue
            if decoded.hadInvalidBytes {
                postings[index].notes.append("some bytes were not valid \(decoded.charset.rawValue) and were replaced")
            }
            completeFromText(&postings[index], isPage: document.kind == .html)
        }
        return postings
    }

    /// Fills what structured data left open from the text, and judges whether there is a posting at
    /// all; control characters are taken out of every field first. Dataset rows go through it too.
    func completeFromText(_ posting: inout Posting, isPage: Bool) {
        posting.removeControlCharacters()
        cutOverlongText(&posting)
        dropImplausibleSalary(&posting)
        if posting.salary == nil {
            posting.salary = SalaryText.find(in: posting.text)
            dropImplausibleSalary(&posting)
        }
        if posting.workplace == .unknown {
            posting.workplace = WorkplaceText.detect(title: posting.title, text: posting.text)
            posting.workplaceOrigin = posting.workplace == .unknown ? nil : .text
        }
        posting.language = LanguageDetector.detect(posting.text)?.code
        let words = Self.wordCount(posting.text)
        if words < (isPage ? Self.minimumWordsOnAPage : Self.minimumWords) {
            posting.status = .noContent
            posting.notes.append(isPage ? "the page holds no posting text; it may be rendered by JavaScript or expired"
                                        : "there is no posting text")
        }
    }

    /// No posting's text is this long (the longest of 8,430 real ones is 15 KB). Past it the text is
    /// cut, so that analysis and the store stay within a bounded memory whatever a file holds.
    static let maximumTextBytes = 200_000

    /// Cuts a text longer than `maximumTextBytes` near the limit, with a note.
    private func cutOverlongText(_ posting: inout Posting) {
        let utf8 = posting.text.utf8
        guard utf8.count > Self.maximumTextBytes else { return }
        var end = utf8.index(utf8.startIndex, offsetBy: Self.maximumTextBytes)
        // At a line end in the last tenth before the limit, else a space, else a character's start.
        let lastTenth = utf8.index(end, offsetBy: -Self.maximumTextBytes / 10)
        if let boundary = utf8[lastTenth..<end].lastIndex(of: UInt8(ascii: "\n"))
            ?? utf8[lastTenth..<end].lastIndex(of: UInt8(ascii: " ")) {
            end = boundary
        } else {
            while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        }
        posting.notes.append(String(format: "the text (%.1f MB) was cut to its first %d KB: no posting is that long",
                                    Double(utf8.count) / 1_000_000, Self.maximumTextBytes / 1000))
        posting.text = String(decoding: utf8[..<end], as: UTF8.self)
    }

    /// A salary no job pays (infinite, negative, beyond `Salary.largestAmount`) is dropped with a
    /// note: stored, it would break every statistic and export that reads it.
    private func dropImplausibleSalary(_ posting: inout Posting) {
        guard let salary = posting.salary, !salary.isPlausible else { return }
        posting.notes.append("a salary of \(salary.quoted) \(salary.currency ?? "") was dropped: no job pays that")
        posting.salary = nil
    }

    static func letterCount(_ text: String) -> Int {
        text.unicodeScalars.lazy.filter(\.isLetterLike).count
    }

    /// Runs of non-space scalars that hold a letter.
    static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        var hasLetter = false
        for scalar in text.unicodeScalars {
            if scalar.isSpaceLike {
                if inWord && hasLetter { count += 1 }
                inWord = false
                hasLetter = false
            } else {
                inWord = true
                hasLetter = hasLetter || scalar.isLetterLike
            }
        }
        return inWord && hasLetter ? count + 1 : count
    }

    /// The title is taken from JSON-LD `JobPosting.title`, then microdata, `og:title`, `<h1>`, `<title>`, `<h2>`.
    private func fromHTML(_ document: SourceDocument, decoded: DecodedText) -> [Posting] {
        // A page whose JSON-LD holds every posting whole, with its title, needs no parsing: the
        // page text and title would not be used. Microdata, which only the DOM reads, rules this out.
        let scanned = JSONLDScanner.blocks(in: decoded.text).map { JobPostingJSONLDReader().read($0) }
        if let scanned, scanned.invalidBlocks == 0, !scanned.postings.isEmpty,
           scanned.postings.allSatisfy({ $0.title != nil && Self.isFullDescription($0.description) }) {
            return postings(scanned.postings.map { ($0, "json-ld") }, pageText: "", pageTitle: nil, notes: [], source: document.source)
        }
        let bytes = Array(decoded.text.utf8)
        // libxml2 spends some 250 bytes on each node, so a tree of millions of tags would take
        // gigabytes; markup with more tags than any page has is read as a stream of text instead.
        // Every tag takes at least three bytes, so only a page of that many bytes needs counting.
        if bytes.count > Self.maximumTagsOnAPage * 3, DeepHTML.tagCount(of: bytes) > Self.maximumTagsOnAPage {
            let notes = ["the page has more than \(Self.maximumTagsOnAPage) tags, far more than a posting page; its text was "
                         + "read without the page's structure"]
            let text = DeepHTML.text(of: bytes)
            if let found = scanned?.postings, !found.isEmpty {
                return postings(found.map { ($0, "json-ld") }, pageText: text, pageTitle: nil, notes: notes, source: document.source)
            }
            var posting = Posting(source: document.source, text: text)
            posting.notes = notes
            return [posting]
        }
        var jsonLD = JSONLDReading()
        var microdata = JSONLDReading()
        let page = MainTextExtractor().extract(html: bytes, encoding: "UTF-8") { blocks, items in
            jsonLD = scanned ?? JobPostingJSONLDReader().read(blocks)
            microdata = JobPostingJSONLDReader().read(values: items)
            let postings = jsonLD.postings + microdata.postings
            // Every posting brings a full description, which is preferred to the page text below.
            return postings.isEmpty || !postings.allSatisfy { Self.isFullDescription($0.description) }
        }
        let structured = jsonLD.postings.map { ($0, "json-ld") } + microdata.postings.map { ($0, "microdata") }
        var notes: [String] = []
        if jsonLD.invalidBlocks > 0 {
            notes.append("\(jsonLD.invalidBlocks) JSON-LD block\(jsonLD.invalidBlocks == 1 ? " is" : "s are") not valid JSON; "
                         + "the posting was read from the page text")
        }
        let pageTitle: (String?, String)? = [
            (page.openGraphTitle, "og:title"), (page.firstHeading, "h1"), (page.htmlTitle, "title"),
            (page.firstSubheading, "h2"),
        ].first { $0.0?.isEmpty == false }
        guard !structured.isEmpty else {
            var text = page.text
            // Deeper than the parser goes, the page's content is lost from the tree: read its text
            // from the markup instead, and say so (it is not a JavaScript shell).
            if Self.wordCount(text) < Self.minimumWordsOnAPage, DeepHTML.depth(of: bytes) > DeepHTML.parserDepthLimit {
                text = DeepHTML.text(of: bytes)
                notes.append("the page's HTML is nested more than \(DeepHTML.parserDepthLimit) levels deep, beyond what the "
                             + "HTML parser reads; its text was read without the page's structure")
            }
            var posting = Posting(source: document.source, title: pageTitle?.0, datePosted: page.pageDate.flatMap(PostingDate.normalize),
                                  text: text, titleSource: pageTitle?.1)
            posting.notes = notes
            return [posting]
        }
        return postings(structured, pageText: page.text, pageTitle: pageTitle, notes: notes, source: document.source)
    }

    /// A description long enough to be the whole posting (200 letters or more).
    private static func isFullDescription(_ description: String?) -> Bool {
        guard let description else { return false }
        // Counted only as far as the answer needs: descriptions run to thousands of letters.
        var letters = 0
        for scalar in description.unicodeScalars where scalar.isLetterLike {
            letters += 1
            if letters == 200 { return true }
        }
        return false
    }

    /// The postings of a page from its structured data, with the page's text and title where those lack.
    private func postings(_ structured: [(StructuredJobPosting, String)], pageText: String, pageTitle: (String?, String)?,
                          notes: [String], source: String) -> [Posting] {
        // Microdata often repeats the JSON-LD posting of the same page; one of them is enough.
        var distinct: [(fields: StructuredJobPosting, origin: String)] = []
        for item in structured where item.1 == "json-ld" || !distinct.contains(where: { $0.fields.title == item.0.title }) {
            distinct.append((item.0, item.1))
        }
        return distinct.enumerated().map { index, item in
            let (fields, origin) = item
            // A full description is the posting without the site around it ("apply", "similar jobs");
            // a page listing several postings only has their descriptions to tell them apart; a
            // JavaScript shell has only the description. A teaser description leaves the page text.
            var text = pageText
            if let description = fields.description,
               distinct.count > 1 || description.count > text.count || Self.isFullDescription(description) {
                text = description
            }
            let title = fields.title.map { ($0, origin) } ?? pageTitle.map { ($0.0, $0.1) }
            var posting = Posting(
                source: distinct.count > 1 ? "\(source)#\(index + 1)" : source,
                title: title?.0, company: fields.company, location: fields.location,
                datePosted: fields.datePosted, employmentType: fields.employmentType, text: text, titleSource: title?.1)
            posting.apply(fields)
            posting.structuredData = origin
            posting.notes = notes
            return posting
        }
    }

    /// A JSON document is a JSON-LD `JobPosting` (or several), or flat objects with title and text
    /// fields; nil when it holds neither.
    private func fromJSON(_ document: SourceDocument, text json: String) -> [Posting]? {
        let structured = JobPostingJSONLDReader().read([json]).postings
        if !structured.isEmpty {
            return structured.enumerated().map { index, fields in
                var posting = Posting(
                    source: structured.count > 1 ? "\(document.source)#\(index + 1)" : document.source,
                    title: fields.title, company: fields.company, location: fields.location,
                    datePosted: fields.datePosted, employmentType: fields.employmentType,
                    text: fields.description ?? "", titleSource: "json-ld")
                posting.apply(fields)
                posting.structuredData = "json-ld"
                return posting
            }
        }
        guard let json = try? JSONValue(parsing: json) else { return nil }
        // A flat posting object, or a list of them at the top or under one key ({"jobs": [...]}).
        func objectList(_ value: JSONValue) -> [[String: JSONValue]]? {
            guard let list = value.arrayValue else { return nil }
            let objects = list.compactMap(\.objectValue)
            return objects.count == list.count ? objects : nil
        }
        let objects: [[String: JSONValue]]
        if let object = json.objectValue, !(object.values.contains { objectList($0) != nil }) {
            objects = [object]
        } else if let list = objectList(json) {
            objects = list
        } else if let object = json.objectValue {
            objects = object.values.compactMap(objectList).max { $0.count < $1.count } ?? []
        } else {
            objects = []
        }
        let postings = objects.compactMap { object -> Posting? in
            func field(_ keys: String...) -> String? {
                keys.lazy.compactMap { key -> String? in
                    guard case .string(let text)? = object[key] else { return nil }
                    return text
                }.first { !$0.isEmpty }
            }
            guard let text = field("text", "description", "body", "content") else { return nil }
            return Posting(
                source: document.source, title: field("title", "job_title", "jobTitle"),
                company: field("company", "companyName", "company_name"), location: field("location"),
                datePosted: field("date", "datePosted", "date_posted", "publishedAt").flatMap(PostingDate.normalize),
                text: MainTextExtractor().text(ofField: text), titleSource: "json")
        }
        guard postings.count > 1 else { return postings.isEmpty ? nil : postings }
        return postings.enumerated().map { index, posting in
            var numbered = posting
            numbered.source += "#\(index + 1)"
            return numbered
        }
    }

    /// Plain text or Markdown, optionally opening with a `---` front-matter block of `key: value` lines.
    private func fromText(_ document: SourceDocument, text raw: String) -> Posting {
        let (fields, body) = FrontMatter.split(raw.unicodeScalars.contains("\r") ? raw.replacingOccurrences(of: "\r\n", with: "\n") : raw)
        var text = body.trimmed
        if document.kind == .markdown { text = Markdown.plainText(text) }
        var title = fields["title"]
        var titleSource = title == nil ? nil : "front-matter"
        if title == nil, !text.isEmpty {
            title = text.prefix { $0 != "\n" }.trimmed
            titleSource = "first-line"
        }
        return Posting(
            source: document.source, title: title, company: fields["company"], location: fields["location"],
            datePosted: (fields["date"] ?? fields["dateposted"]).flatMap(PostingDate.normalize),
            employmentType: fields["employment_type"], text: text, titleSource: titleSource)
    }
}

extension Posting {
    /// Takes the structured fields that the initializer does not.
    mutating func apply(_ fields: StructuredJobPosting) {
        if fields.isTelecommute {
            workplace = .remote
            workplaceOrigin = .structuredData
        }
        applicantLocations = fields.applicantLocations
        validThrough = fields.validThrough
        salary = fields.salary
        identifier = fields.identifier
        experienceRequirements = fields.experienceRequirements
        educationRequirements = fields.educationRequirements
        listedSkills = fields.skills
        occupationalCategory = fields.occupationalCategory
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
