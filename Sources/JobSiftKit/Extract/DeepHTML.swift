/// Pages nested deeper than libxml2's HTML parser goes (it stops at 256 levels, which also keeps
/// the recursive tree walks here within the stack): their text, read without the page's structure.
enum DeepHTML {
    /// How deep libxml2's HTML parser builds the tree; below that it drops the content.
    static let parserDepthLimit = 255

    /// Elements that never hold content, so they open no level.
    private static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]
    /// Elements whose start or end begins a new line of text.
    private static let blockElements: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header", "footer", "main",
        "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "dl", "blockquote", "pre",
    ]

    /// How many tags (and comments and declarations) `html` has: each `<` before a letter, `/` or `!`.
    static func tagCount(of html: [UInt8]) -> Int {
        var count = 0
        var index = html.startIndex
        while let open = html[index...].firstIndex(of: UInt8(ascii: "<")) {
            index = open + 1
            guard index < html.endIndex else { break }
            let next = html[index] | 0x20
            if (next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z")) || html[index] == UInt8(ascii: "/")
                || html[index] == UInt8(ascii: "!") {
                count += 1
            }
        }
        return count
    }

    /// The deepest element nesting of `html`, counted from its tags alone (an estimate: end tags a
    /// page leaves out make it deeper than the parser would find).
    static func depth(of html: [UInt8]) -> Int {
        var depth = 0
        var deepest = 0
        forEachTag(in: html) { name, isEnd, selfClosing in
            if isEnd { depth = max(depth - 1, 0) } else if !selfClosing && !voidElements.contains(name) {
                depth += 1
                deepest = max(deepest, depth)
            }
            return true
        } text: { _ in }
        return deepest
    }

    /// The text of `html`: tags left out, a line break at each block, scripts, styles and
    /// comments dropped, the common character references decoded, spaces collapsed.
    static func text(of html: [UInt8]) -> String {
        var lines: [String] = []
        var line: [UInt8] = []
        func endLine() {
            let text = decodeReferences(String(decoding: line, as: UTF8.self))
                .split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !text.isEmpty { lines.append(text) }
            line.removeAll(keepingCapacity: true)
        }
        forEachTag(in: html) { name, _, _ in
            if blockElements.contains(name) { endLine() } else { line.append(0x20) }
            return true
        } text: { bytes in
            line.append(contentsOf: bytes)
        }
        endLine()
        return lines.joined(separator: "\n")
    }

    /// Walks `html` once, without recursion: `tag` for each tag (its lowercased name, whether it
    /// ends an element, whether it closes itself), `text` for the bytes between tags. The content
    /// of `script` and `style` and comments are skipped.
    private static func forEachTag(in html: [UInt8], tag: (String, Bool, Bool) -> Bool, text: (ArraySlice<UInt8>) -> Void) {
        var index = 0
        let count = html.count
        while index < count {
            guard let open = html[index...].firstIndex(of: UInt8(ascii: "<")) else {
                text(html[index...])
                return
            }
            if open > index { text(html[index..<open]) }
            if html[open...].starts(with: Array("<!--".utf8)) {
                index = TextDecoding.firstIndex(of: Array("-->".utf8), in: html[...], from: open + 4).map { $0 + 3 } ?? count
                continue
            }
            guard let close = html[open...].firstIndex(of: UInt8(ascii: ">")) else { return }
            var nameStart = open + 1
            let isEnd = nameStart < close && html[nameStart] == UInt8(ascii: "/")
            if isEnd { nameStart += 1 }
            var nameEnd = nameStart
            while nameEnd < close, isNameByte(html[nameEnd]) { nameEnd += 1 }
            let name = String(decoding: html[nameStart..<nameEnd], as: UTF8.self).lowercased()
            index = close + 1
            guard !name.isEmpty else { continue }
            _ = tag(name, isEnd, html[close - 1] == UInt8(ascii: "/"))
            if !isEnd && (name == "script" || name == "style") {
                index = TextDecoding.firstIndex(of: Array("</\(name)".utf8), in: html[...], from: index) ?? count
            }
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
    }

    private static func decodeReferences(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = text
        for (reference, character) in [("&nbsp;", " "), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"),
                                       ("&amp;", "&")] {
            result = result.replacingOccurrences(of: reference, with: character)
        }
        return result
    }
}
