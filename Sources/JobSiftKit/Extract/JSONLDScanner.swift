import Foundation

/// Finds a page's `<script type="application/ld+json">` blocks by scanning its markup, without
/// building a DOM. Most job pages carry their whole posting as JSON-LD; for them the page need not
/// be parsed at all, which is most of the cost of reading one.
///
/// The scan follows the tokenizing rules libxml2's HTML parser applies to the same markup: tags
/// with quoted or bare attribute values, comments, and the raw text of `<script>` and `<style>`,
/// which ends at the first `</script` or `</style`. Where a page leaves room for the two to differ
/// (an unterminated comment, tag or script, an entity in a `type`, a control character in a
/// block), or carries microdata that only the DOM can read, it answers nil and the page is parsed.
enum JSONLDScanner {
    /// The contents of the page's JSON-LD blocks in page order, or nil when the page must be parsed.
    static func blocks(in html: String) -> [String]? {
        var html = html
        html.makeContiguousUTF8()
        return html.utf8.withContiguousStorageIfAvailable { bytes -> [String]? in
            var scanner = Cursor(bytes: bytes)
            return scanner.jsonLDBlocks()
        } ?? nil
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        mutating func jsonLDBlocks() -> [String]? {
            var blocks: [String] = []
            while let open = next(0x3C, from: position) {  // "<"
                position = open + 1
                guard position < bytes.count else { break }
                let byte = bytes[position]
                if startsWith("!--", at: position) {  // a comment
                    guard let end = find("-->", from: position + 3) else { return nil }
                    position = end + 3
                } else if byte == 0x21 || byte == 0x3F {  // "<!" a declaration, "<?" a processing instruction
                    guard let end = next(0x3E, from: position) else { return nil }
                    position = end + 1
                } else if byte.isASCIILetter || (byte == 0x2F && position + 1 < bytes.count && bytes[position + 1].isASCIILetter) {
                    guard let tag = readTag() else { return nil }
                    if tag.hasMicrodata { return nil }
                    if let closing = tag.rawTextEnd {
                        guard let end = find(closing, from: position, ignoringCase: true) else { return nil }
                        if let type = tag.type, type.lowercased().hasPrefix("application/ld+json") {
                            guard let block = text(from: position, to: end) else { return nil }
                            blocks.append(block)
                        }
                        position = end + closing.utf8.count
                    }
                }
            }
            return blocks
        }

        /// What the scan needs of a start or end tag.
        struct Tag {
            /// For a `<script>` or `<style>` start tag, the end tag that closes its raw text.
            var rawTextEnd: String?
            /// A script's `type`.
            var type: String?
            var hasMicrodata = false
        }

        /// Reads a tag from just after its "<" to just after its ">"; nil when it never ends.
        mutating func readTag() -> Tag? {
            var tag = Tag()
            let isEnd = bytes[position] == 0x2F
            if isEnd { position += 1 }
            let nameStart = position
            while position < bytes.count, !isTagNameEnd(bytes[position]) { position += 1 }
            let isScript = !isEnd && equalsIgnoringCase(nameStart..<position, "script")
            if isScript {
                tag.rawTextEnd = "</script"
            } else if !isEnd && equalsIgnoringCase(nameStart..<position, "style") {
                tag.rawTextEnd = "</style"
            }
            while position < bytes.count {
                let byte = bytes[position]
                if byte == 0x3E {  // ">"
                    position += 1
                    return tag
                }
                if isSpace(byte) || byte == 0x2F {
                    position += 1
                    continue
                }
                // An attribute: a name, then "=" and a quoted or bare value, or no value.
                let attributeStart = position
                while position < bytes.count, !isSpace(bytes[position]), bytes[position] != 0x3E, bytes[position] != 0x3D {
                    position += 1
                }
                let name = attributeStart..<position
                if equalsIgnoringCase(name, "itemscope") || equalsIgnoringCase(name, "itemprop") || equalsIgnoringCase(name, "itemtype") {
                    tag.hasMicrodata = true
                }
                while position < bytes.count, isSpace(bytes[position]) { position += 1 }
                guard position < bytes.count, bytes[position] == 0x3D else { continue }  // "="
                position += 1
                while position < bytes.count, isSpace(bytes[position]) { position += 1 }
                guard position < bytes.count else { return nil }
                let value: Range<Int>
                let quote = bytes[position]
                if quote == 0x22 || quote == 0x27 {
                    guard let end = next(quote, from: position + 1) else { return nil }
                    value = (position + 1)..<end
                    position = end + 1
                } else {
                    let valueStart = position
                    while position < bytes.count, !isSpace(bytes[position]), bytes[position] != 0x3E { position += 1 }
                    value = valueStart..<position
                }
                if isScript, tag.type == nil, equalsIgnoringCase(name, "type") {
                    // An entity would be decoded by the parser; leave such a page to it.
                    guard !bytes[value].contains(0x26), let type = text(from: value.lowerBound, to: value.upperBound) else { return nil }
                    tag.type = type
                }
            }
            return nil
        }

        func equalsIgnoringCase(_ range: Range<Int>, _ literal: String) -> Bool {
            range.count == literal.utf8.count && startsWith(literal, at: range.lowerBound, ignoringCase: true)
        }

        /// The text between two offsets; nil when it holds a character the parser would drop or change.
        func text(from start: Int, to end: Int) -> String? {
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
            for (offset, byte) in slice.enumerated() {
                if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { return nil }
                // U+FFFE and U+FFFF are not XML characters.
                if byte == 0xEF, offset + 2 < slice.count, slice[offset + 1] == 0xBF, slice[offset + 2] >= 0xBE { return nil }
            }
            return String(decoding: slice, as: UTF8.self)
        }

        func next(_ byte: UInt8, from start: Int) -> Int? {
            guard start < bytes.count, let base = bytes.baseAddress,
                  let found = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }

        func startsWith(_ literal: String, at start: Int, ignoringCase: Bool = false) -> Bool {
            let literal = literal.utf8
            guard start + literal.count <= bytes.count else { return false }
            for (offset, expected) in literal.enumerated() {
                let byte = bytes[start + offset]
                if byte != expected && !(ignoringCase && byte.isASCIILetter && byte | 0x20 == expected | 0x20) { return false }
            }
            return true
        }

        func find(_ literal: String, from start: Int, ignoringCase: Bool = false) -> Int? {
            var candidate = start
            while let match = next(literal.utf8.first!, from: candidate) {
                if startsWith(literal, at: match, ignoringCase: ignoringCase) { return match }
                candidate = match + 1
            }
            return nil
        }

        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }

        func isTagNameEnd(_ byte: UInt8) -> Bool { isSpace(byte) || byte == 0x3E || byte == 0x2F }
    }
}
