import CLibXML2

/// What an HTML page yields before any interpretation: its main text and the raw signals
/// for a title and for structured data.
public struct ExtractedPage: Sendable, Equatable {
    /// The readable text of the page's main content, one block per line.
    public var text: String
    /// `<title>`, `og:title` and the first `<h1>`, each when present.
    public var htmlTitle: String?
    public var openGraphTitle: String?
    public var firstHeading: String?
    /// The first `<h2>`: page fragments (a job board's embedded card) may have no other title.
    public var firstSubheading: String?
    /// The first `<time datetime>` or `article:published_time`, for pages without structured data.
    public var pageDate: String?
    /// The contents of each `<script type="application/ld+json">` block, in page order.
    public var jsonLDBlocks: [String]
    /// Each microdata `JobPosting` item, in the JSON-LD shape.
    public var microdataItems: [JSONValue] = []
}

/// Pulls the main text out of an HTML page with libxml2, leaving out navigation, scripts,
/// cookie banners, forms, headers and footers, and link lists; block elements become line breaks.
///
/// Like trafilatura it prefers the page's own main container (`<main>`, `<article>`,
/// `role="main"`) and falls back to the pruned `<body>` when no container holds enough text.
public struct MainTextExtractor: Sendable {
    public init() {}

    /// Extracts `bytes` as HTML; `encoding` names a charset that is known from outside the page.
    /// `needsText` sees the structured-data blocks first and may say the page text is not needed
    /// (the page's own `JobPosting` brings a full description), which saves most of the work.
    public func extract(html bytes: [UInt8], encoding: String? = nil,
                        needsText: (_ jsonLD: [String], _ microdata: [JSONValue]) -> Bool = { _, _ in true }) -> ExtractedPage {
        guard let document = HTMLDocument(bytes: bytes, encoding: encoding) else {
            return ExtractedPage(text: "", jsonLDBlocks: [])
        }
        return document.withRoot { root in
            guard let root else { return ExtractedPage(text: "", jsonLDBlocks: []) }
            var signals = PageSignals()
            signals.collect(from: root)
            let text = needsText(signals.jsonLD, signals.microdata) ? mainText(root: root, candidates: signals.mainCandidates) : ""
            return ExtractedPage(
                text: text, htmlTitle: signals.htmlTitle, openGraphTitle: signals.openGraphTitle,
                firstHeading: signals.firstHeading, firstSubheading: signals.firstSubheading, pageDate: signals.pageDate,
                jsonLDBlocks: signals.jsonLD, microdataItems: signals.microdata)
        }
    }

    /// The text of an HTML fragment (such as a JSON-LD `description`), with the same layout rules.
    public func text(ofFragment html: String) -> String {
        let bytes = Array(("<html><body>" + html + "</body></html>").utf8)
        return extract(html: bytes, encoding: "UTF-8").text
    }

    /// A text field that may hold HTML (a dataset's description, a JSON posting's text): its text
    /// when it carries markup, the field unchanged when it is plain text.
    public func text(ofField field: String) -> String {
        let looksLikeHTML = field.containsBytes("</") || field.containsBytes("<br") || field.containsBytes("<p>")
        return looksLikeHTML ? text(ofFragment: field) : field
    }

    private func mainText(root: xmlNodePtr, candidates: [xmlNodePtr]) -> String {
        let stats = TextStats(root: root)
        // The richest main container wins when it carries a fair part of the page's text;
        // a tiny <article> teaser must not hide the real posting.
        let best = candidates
            .map { render($0, keepHeaders: true, stats: stats) }
            .max { $0.count < $1.count }
        if let best, best.count >= 200 { return best }
        let whole = render(root, keepHeaders: false, stats: stats)
        if let best, best.count * 2 >= whole.count { return best }
        return whole
    }

    private func render(_ node: xmlNodePtr, keepHeaders: Bool, stats: TextStats) -> String {
        var builder = TextBuilder()
        Renderer(keepHeaders: keepHeaders, stats: stats).render(node, into: &builder)
        return builder.finish()
    }
}

/// How much text, and how much of it inside links, each element holds: measured in one pass
/// so that judging a box by its links costs a lookup, not a walk of its subtree.
final class TextStats {
    struct Counts {
        /// Bytes of text that are not white space.
        var text = 0
        var linkText = 0
        var links = 0
    }

    private var counts: [xmlNodePtr: Counts] = [:]

    init(root: xmlNodePtr) {
        _ = measure(root, insideLink: false)
    }

    subscript(node: xmlNodePtr) -> Counts { counts[node] ?? Counts() }

    private func measure(_ node: xmlNodePtr, insideLink: Bool) -> Counts {
        if HTMLNode.isText(node) {
            let length = HTMLNode.visibleLength(node)
            return Counts(text: length, linkText: insideLink ? length : 0, links: 0)
        }
        guard HTMLNode.isElement(node) else { return Counts() }
        let isLink = HTMLNode.hasName(node, "a")
        var total = Counts(links: isLink ? 1 : 0)
        var child = node.pointee.children
        while let current = child {
            let inner = measure(current, insideLink: insideLink || isLink)
            total.text += inner.text
            total.linkText += inner.linkText
            total.links += inner.links
            child = current.pointee.next
        }
        counts[node] = total
        return total
    }
}

/// Walks the tree once to find the title signals, JSON-LD blocks and main-content candidates.
private struct PageSignals {
    var htmlTitle: String?
    var openGraphTitle: String?
    var firstHeading: String?
    var firstSubheading: String?
    var pageDate: String?
    var jsonLD: [String] = []
    var microdata: [JSONValue] = []
    var mainCandidates: [xmlNodePtr] = []

    mutating func collect(from node: xmlNodePtr) {
        guard HTMLNode.isElement(node) else { return }
        let name = HTMLNode.name(node)
        if Microdata.isJobPosting(node) {
            microdata.append(Microdata.item(node))
        }
        switch name {
        case "title" where htmlTitle == nil:
            htmlTitle = clean(HTMLNode.rawText(node))
        case "meta":
            let property = HTMLNode.attribute(node, "property")?.lowercased() ?? HTMLNode.attribute(node, "name")?.lowercased()
            if property == "og:title", openGraphTitle == nil {
                openGraphTitle = clean(HTMLNode.attribute(node, "content") ?? "")
            } else if property == "article:published_time", pageDate == nil {
                pageDate = HTMLNode.attribute(node, "content")
            }
        case "time" where pageDate == nil:
            pageDate = HTMLNode.attribute(node, "datetime")
        case "h1" where firstHeading == nil:
            firstHeading = clean(HTMLNode.rawText(node))
        case "h2" where firstSubheading == nil:
            firstSubheading = clean(HTMLNode.rawText(node))
        case "script":
            if HTMLNode.attribute(node, "type")?.lowercased().hasPrefix("application/ld+json") == true {
                jsonLD.append(HTMLNode.rawText(node))
            }
            return
        case "main", "article":
            mainCandidates.append(node)
        default:
            if HTMLNode.attribute(node, "role")?.lowercased() == "main" {
                mainCandidates.append(node)
            }
        }
        HTMLNode.forEachChild(node) { collect(from: $0) }
    }

    private func clean(_ text: String) -> String? {
        let collapsed = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return collapsed.isEmpty ? nil : collapsed
    }
}

/// Decides what to keep and where lines break.
private struct Renderer {
    /// Inside a chosen main container a `<header>` usually holds the job title, so it stays.
    let keepHeaders: Bool
    let stats: TextStats

    static let dropped: Set<String> = [
        "script", "style", "noscript", "template", "svg", "iframe", "nav", "aside", "form", "button",
        "select", "option", "input", "textarea", "head", "object", "embed", "canvas", "dialog", "footer",
        "menu", "link", "meta",
    ]
    static let blocks: Set<String> = [
        "address", "article", "blockquote", "body", "dd", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section", "table",
        "tr", "ul", "details", "summary", "caption", "tbody", "thead",
    ]
    static let droppedRoles: Set<String> = [
        "navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search", "menu", "menubar",
    ]
    /// Words in class or id names that mark page furniture rather than content: a name part must
    /// equal one of `furnitureWords` or start with one of `furniturePrefixes` ("cookie-banner",
    /// "site-footer", "newsletterSignup"), so "shared-layout" does not count as "share".
    static let furnitureWords: Set<String> = [
        "share", "sharing", "social", "menu", "footer", "related", "skip", "breadcrumbs", "ads",
    ]
    static let furniturePrefixes = [
        "cookie", "consent", "gdpr", "breadcrumb", "newsletter", "sidebar", "navbar", "popup", "modal", "advert",
        "subscribe",
    ]

    func render(_ node: xmlNodePtr, into builder: inout TextBuilder) {
        if HTMLNode.isText(node) {
            builder.appendInline(HTMLNode.content(node))
            return
        }
        guard HTMLNode.isElement(node) else { return }
        let name = HTMLNode.name(node)
        if isFurniture(node, name: name) { return }
        if name == "br" {
            builder.breakLine()
            return
        }
        let isBlock = Self.blocks.contains(name)
        if isBlock { builder.breakLine() }
        if name == "li" { builder.appendInline("- ") }
        if name == "td" || name == "th" { builder.appendInline(" ") }
        HTMLNode.forEachChild(node) { render($0, into: &builder) }
        if isBlock { builder.breakLine() }
    }

    private func isFurniture(_ node: xmlNodePtr, name: String) -> Bool {
        if Self.dropped.contains(name) { return true }
        if name == "header" && !keepHeaders { return true }
        // One walk over the element's attributes instead of a lookup (and a String) per name.
        var attribute = node.pointee.properties
        while let current = attribute {
            attribute = current.pointee.next
            guard let key = current.pointee.name else { continue }
            if xmlStrEqual(key, "hidden") != 0 { return true }
            let content = current.pointee.children?.pointee.content
            if xmlStrEqual(key, "style") != 0 {
                if let content, Self.hidesElement(style: content) { return true }
                continue
            }
            let isLabel = xmlStrEqual(key, "class") != 0 || xmlStrEqual(key, "id") != 0
            let isAriaHidden = !isLabel && xmlStrEqual(key, "aria-hidden") != 0
            let isRole = !isLabel && !isAriaHidden && xmlStrEqual(key, "role") != 0
            // Only these attributes are read; an href or a data attribute is not made into a String.
            guard isLabel || isAriaHidden || isRole else { continue }
            let value = content.map { String(cString: $0) } ?? ""
            if isAriaHidden, value == "true" { return true }
            if isRole, Self.droppedRoles.contains(value.lowercased()) { return true }
            if isLabel, isFurnitureLabel(value) { return true }
        }
        return isLinkList(node, name: name) || isOtherJobsBox(node, name: name)
    }

    /// True when an inline style says `display: none` (in any case, spaces anywhere).
    private static func hidesElement(style: UnsafePointer<xmlChar>) -> Bool {
        let target = Array("display:none".utf8)
        var matched = 0
        var index = 0
        while style[index] != 0 {
            var byte = style[index]
            index += 1
            if byte == 0x20 { continue }
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            if byte == target[matched] {
                matched += 1
                if matched == target.count { return true }
            } else {
                // No byte of the target repeats its first, so a mismatch restarts at this byte.
                matched = byte == target[0] ? 1 : 0
            }
        }
        return false
    }

    /// A box headed "Similar jobs", "More remote jobs", "People also viewed": other postings,
    /// whose text would be read as this one's.
    private func isOtherJobsBox(_ node: xmlNodePtr, name: String) -> Bool {
        guard name == "div" || name == "section" || name == "ul" else { return false }
        var child = node.pointee.children
        while let current = child, !HTMLNode.isElement(current) { child = current.pointee.next }
        guard let heading = child, stats[heading].text > 0, stats[heading].text < 80 else { return false }
        let text = HTMLNode.rawText(heading).lowercased()
        // Letters as scalars: splitting the heading into Characters cost more than the check.
        let words = text.unicodeScalars.split { !$0.isLetterLike }
        guard let first = words.first, let last = words.last else { return false }
        return (Self.otherJobsOpeners.contains(String(first)) && Self.postingsWords.contains(String(last)))
            || text.containsBytes("people also viewed") || text.containsBytes("similar searches")
    }

    static let otherJobsOpeners: Set<String> = ["similar", "related", "more", "other", "recommended", "latest", "featured"]
    static let postingsWords: Set<String> = ["jobs", "positions", "roles", "openings", "vacancies", "postings"]

    private func isFurnitureLabel(_ label: String) -> Bool {
        guard !label.isEmpty else { return false }
        let parts = label.lowercased().utf8.split { !($0.isASCIILetter || ($0 >= 0x30 && $0 <= 0x39) || $0 >= 0x80) }
        return parts.contains { bytes in
            let part = String(decoding: bytes, as: UTF8.self)
            return Self.furnitureWords.contains(part) || Self.furniturePrefixes.contains { part.hasPrefix($0) }
        }
    }

    /// A list or box whose text is mostly links (a menu, "similar jobs", a tag cloud).
    private func isLinkList(_ node: xmlNodePtr, name: String) -> Bool {
        guard name == "ul" || name == "ol" || name == "div" || name == "section" || name == "table" else { return false }
        let counts = stats[node]
        return counts.links >= 3 && counts.text > 0 && Double(counts.linkText) / Double(counts.text) > 0.7
    }
}

/// Accumulates inline text with collapsed whitespace and turns block boundaries into line breaks.
struct TextBuilder {
    private var lines: [String] = []
    /// The line being built, as UTF-8: appending bytes is far cheaper than appending Characters.
    private var current: [UInt8] = []
    private var pendingSpace = false

    mutating func appendInline(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let (scalar, width) = UTF8Scalars.decode(bytes, at: index)
                if scalar.isSpaceLike {
                    pendingSpace = !current.isEmpty
                } else {
                    if pendingSpace {
                        current.append(0x20)
                        pendingSpace = false
                    }
                    current.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + width)]))
                }
                index += width
            }
        }
    }

    mutating func breakLine() {
        if !current.isEmpty {
            lines.append(String(decoding: current, as: UTF8.self))
        }
        current.removeAll(keepingCapacity: true)
        pendingSpace = false
    }

    mutating func finish() -> String {
        breakLine()
        return lines.joined(separator: "\n")
    }
}
