/// A character encoding jobsift decodes, with the name the WHATWG Encoding Standard gives it.
public enum Charset: String, Sendable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1252 = "windows-1252"
    case iso8859_15 = "iso-8859-15"

    /// The charset a label such as `"Latin1"` or `" utf8 "` names, or nil when it names none of these.
    /// As in browsers, ISO-8859-1 and US-ASCII labels mean Windows-1252 and `"utf-16"` means UTF-16LE.
    public init?(label: String) {
        switch TextDecoding.trimmed(label, where: TextDecoding.isASCIIWhitespace).lowercased() {
        case "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8":
            self = .utf8
        case "csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le":
            self = .utf16LE
        case "unicodefffe", "utf-16be":
            self = .utf16BE
        case "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
             "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252",
             "x-cp1252":
            self = .windows1252
        case "csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9":
            self = .iso8859_15
        default:
            return nil
        }
    }
}

/// Where the charset of a decoded text came from, strongest first.
public enum CharsetSource: String, Sendable {
    case byteOrderMark, httpHeader, xmlDeclaration, metaTag, validUTF8, fallback
}

/// A document's text and how its bytes were read.
public struct DecodedText: Sendable, Equatable {
    public var text: String
    public var charset: Charset
    public var charsetSource: CharsetSource
    /// True when bytes were invalid in the chosen charset and were replaced by U+FFFD.
    public var hadInvalidBytes = false
    /// A declared label that was skipped because it names no supported charset, e.g. `"shift_jis"`.
    public var unsupportedLabel: String?
}

/// Turns a document's bytes into text, choosing the charset the way browsers do.
public enum TextDecoding {
    /// How far into a page `<meta>` and XML declarations are looked for. Browsers stop at 1024 bytes;
    /// generated pages often put long `<head>` boilerplate first, so we look further.
    private static let prescanLength = 4096

    /// Decodes `bytes`, taking the charset from, in order: a byte order mark, `contentType`'s `charset`
    /// parameter, an XML declaration at the start, a `<meta>` tag (only when `isHTML`), and last the bytes
    /// themselves (UTF-8 when valid, else Windows-1252). Unsupported labels are skipped, never trusted.
    public static func decode(_ bytes: [UInt8], contentType: String? = nil, isHTML: Bool = false) -> DecodedText {
        if let (charset, length) = byteOrderMark(of: bytes) {
            return decode(bytes.dropFirst(length), as: charset, source: .byteOrderMark, unsupportedLabel: nil)
        }

        var unsupportedLabel: String?
        if let label = contentType.flatMap(charsetLabel(inContentType:)) {
            if let charset = Charset(label: label) {
                return decode(bytes[...], as: charset, source: .httpHeader, unsupportedLabel: nil)
            }
            unsupportedLabel = label
        }

        let head = Array(bytes.prefix(prescanLength))
        var declarations: [(label: String, source: CharsetSource)] = []
        if let label = xmlDeclarationLabel(in: head) { declarations.append((label, .xmlDeclaration)) }
        if isHTML { declarations += metaCharsetLabels(in: head).map { ($0, .metaTag) } }
        for (label, source) in declarations {
            guard let charset = Charset(label: label) else {
                unsupportedLabel = unsupportedLabel ?? label
                continue
            }
            // The declaration was just read as ASCII, so the bytes cannot be UTF-16 (a WHATWG rule).
            let readable = charset == .utf16LE || charset == .utf16BE ? Charset.utf8 : charset
            return decode(bytes[...], as: readable, source: source, unsupportedLabel: unsupportedLabel)
        }

        if let text = String(validating: bytes, as: UTF8.self) {
            return DecodedText(text: text, charset: .utf8, charsetSource: .validUTF8, unsupportedLabel: unsupportedLabel)
        }
        return DecodedText(text: decodeSingleByte(bytes[...], upperHalf: windows1252UpperHalf), charset: .windows1252,
                           charsetSource: .fallback, unsupportedLabel: unsupportedLabel)
    }

    /// Bytes that should be UTF-8 but may come from an older system: as UTF-8 when they are valid,
    /// else as Windows-1252 (which covers Latin-1), rather than with replacement characters.
    static func utf8OrWindows1252(_ bytes: [UInt8]) -> String {
        String(validating: bytes, as: UTF8.self) ?? decodeSingleByte(bytes[...], upperHalf: windows1252UpperHalf)
    }

    /// The charset label in a Content-Type value, lowercased, or nil.
    /// `text/html; charset="ISO-8859-1"` gives `"iso-8859-1"`; a `;` inside a quoted parameter is skipped.
    public static func charsetLabel(inContentType contentType: String) -> String? {
        guard let semicolon = contentType.firstIndex(of: ";") else { return nil }
        var rest = contentType[contentType.index(after: semicolon)...]
        while !rest.isEmpty {
            rest = rest.drop(while: \.isWhitespace)
            let name = rest.prefix { $0 != "=" && $0 != ";" }
            rest = rest[name.endIndex...]
            var value = ""
            if rest.first == "=" {
                rest = rest.dropFirst()
                if rest.first == "\"" {
                    rest = rest.dropFirst()
                    while let character = rest.popFirst(), character != "\"" {
                        // In an HTTP quoted-string a backslash escapes the character after it.
                        value.append(character == "\\" ? rest.popFirst() ?? character : character)
                    }
                } else {
                    value = trimmed(rest.prefix { $0 != ";" }, where: \.isWhitespace)
                }
                rest = rest.drop { $0 != ";" }
            }
            rest = rest.dropFirst()
            if name.lowercased() == "charset", !value.isEmpty { return value.lowercased() }
        }
        return nil
    }

    // MARK: - Decoding in a known charset

    private static func decode(_ bytes: ArraySlice<UInt8>, as charset: Charset, source: CharsetSource,
                               unsupportedLabel: String?) -> DecodedText {
        let text: String
        var hadInvalidBytes = false
        switch charset {
        case .utf8:
            if let valid = String(validating: bytes, as: UTF8.self) {
                text = valid
            } else {
                text = String(decoding: bytes, as: UTF8.self)
                hadInvalidBytes = true
            }
        case .utf16LE, .utf16BE:
            (text, hadInvalidBytes) = decodeUTF16(bytes, bigEndian: charset == .utf16BE)
        case .windows1252:
            text = decodeSingleByte(bytes, upperHalf: windows1252UpperHalf)
        case .iso8859_15:
            text = decodeSingleByte(bytes, upperHalf: iso8859_15UpperHalf)
        }
        return DecodedText(text: text, charset: charset, charsetSource: source, hadInvalidBytes: hadInvalidBytes,
                           unsupportedLabel: unsupportedLabel)
    }

    private static func byteOrderMark(of bytes: [UInt8]) -> (Charset, Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
        return nil
    }

    /// UTF-16 written straight to UTF-8: the standard library's generic transcoding is several times slower
    /// on large pages, and would need a second pass to repair invalid input.
    private static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> (String, Bool) {
        bytes.withUnsafeBufferPointer { input in
            var utf8Count = 0
            let hadInvalidBytes = forEachScalar(inUTF16: input, bigEndian: bigEndian) { utf8Count += UTF8.width($0) }
            let text = String(unsafeUninitializedCapacity: utf8Count) { output in
                var index = 0
                forEachScalar(inUTF16: input, bigEndian: bigEndian) { scalar in
                    UTF8.encode(scalar) { unit in
                        output[index] = unit
                        index += 1
                    }
                }
                return index
            }
            return (text, hadInvalidBytes)
        }
    }

    /// Calls `body` with each scalar of UTF-16 `bytes` and returns whether any were invalid. A lone surrogate
    /// becomes U+FFFD, and so does a last odd byte, as WHATWG's decoder does.
    @discardableResult
    private static func forEachScalar(inUTF16 bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool,
                                      _ body: (Unicode.Scalar) -> Void) -> Bool {
        func unit(at offset: Int) -> UInt32 {
            let first = UInt32(bytes[offset]), second = UInt32(bytes[offset + 1])
            return bigEndian ? first << 8 | second : second << 8 | first
        }
        var hadInvalidBytes = false
        var offset = 0
        while offset + 1 < bytes.count {
            let lead = unit(at: offset)
            offset += 2
            if let scalar = Unicode.Scalar(lead) {
                body(scalar)
            } else if lead < 0xDC00, offset + 1 < bytes.count, case let trail = unit(at: offset),
                      (0xDC00..<0xE000).contains(trail) {
                offset += 2
                body(Unicode.Scalar(0x10000 + ((lead - 0xD800) << 10) + (trail - 0xDC00)) ?? "\u{FFFD}")
            } else {
                body("\u{FFFD}")
                hadInvalidBytes = true
            }
        }
        if offset < bytes.count {
            body("\u{FFFD}")
            hadInvalidBytes = true
        }
        return hadInvalidBytes
    }

    /// Decodes a charset that is ASCII below 0x80 and `upperHalf[byte - 0x80]` above.
    private static func decodeSingleByte(_ bytes: ArraySlice<UInt8>, upperHalf: [Unicode.Scalar]) -> String {
        // Measuring first lets the string be allocated once, at its final size, even for very large inputs.
        var utf8Count = 0
        for byte in bytes {
            utf8Count += byte < 0x80 ? 1 : UTF8.width(upperHalf[Int(byte) - 0x80])
        }
        if utf8Count == bytes.count { return String(decoding: bytes, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: utf8Count) { buffer in
            var index = 0
            for byte in bytes {
                if byte < 0x80 {
                    buffer[index] = byte
                    index += 1
                } else {
                    UTF8.encode(upperHalf[Int(byte) - 0x80]) { unit in
                        buffer[index] = unit
                        index += 1
                    }
                }
            }
            return index
        }
    }

    /// Windows-1252 from 0x80; the five bytes Windows leaves undefined keep their C1 code points, as in WHATWG.
    private static let windows1252UpperHalf: [Unicode.Scalar] = [
        "\u{20AC}", "\u{0081}", "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",  // € - ‚ ƒ „ … † ‡
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", "\u{008D}", "\u{017D}", "\u{008F}",  // ˆ ‰ Š ‹ Œ - Ž -
        "\u{0090}", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",  // - ‘ ’ “ ” • – —
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", "\u{009D}", "\u{017E}", "\u{0178}",  // ˜ ™ š › œ - ž Ÿ
    ] + (0xA0...0xFF).map { Unicode.Scalar(UInt8($0)) }

    /// ISO-8859-15 from 0x80: Latin-1 with eight letters and the euro sign put in place of rarely used symbols.
    private static let iso8859_15UpperHalf: [Unicode.Scalar] = {
        let replaced: [UInt8: Unicode.Scalar] = [
            0xA4: "\u{20AC}", 0xA6: "\u{0160}", 0xA8: "\u{0161}", 0xB4: "\u{017D}",  // € Š š Ž
            0xB8: "\u{017E}", 0xBC: "\u{0152}", 0xBD: "\u{0153}", 0xBE: "\u{0178}",  // ž Œ œ Ÿ
        ]
        return (0x80...0xFF).map { replaced[UInt8($0)] ?? Unicode.Scalar(UInt8($0)) }
    }()

    // MARK: - Declarations inside the document

    /// The `encoding` of an XML declaration at the very first byte, e.g. `<?xml version="1.0" encoding="UTF-8"?>`.
    private static func xmlDeclarationLabel(in head: [UInt8]) -> String? {
        guard head.starts(with: "<?xml".utf8), head.count > 5, isASCIIWhitespace(head[5]),
              let end = firstIndex(of: Array("?>".utf8), in: head[...], from: 5),
              let name = firstIndex(of: Array("encoding".utf8), in: head[..<end], from: 5)
        else { return nil }
        var position = name + "encoding".utf8.count
        func skipWhitespace() { while position < end, isASCIIWhitespace(head[position]) { position += 1 } }
        skipWhitespace()
        guard position < end, head[position] == UInt8(ascii: "=") else { return nil }
        position += 1
        skipWhitespace()
        guard position < end, head[position] == UInt8(ascii: "\"") || head[position] == UInt8(ascii: "'"),
              let closing = head[(position + 1)..<end].firstIndex(of: head[position])
        else { return nil }
        return String(decoding: head[(position + 1)..<closing], as: UTF8.self)
    }

    /// The charset labels of a page's `<meta>` tags, in order, found by WHATWG's prescan: comments and the
    /// attributes of other tags are skipped, and `content` counts only beside `http-equiv="content-type"`.
    private static func metaCharsetLabels(in head: [UInt8]) -> [String] {
        var cursor = TagCursor(bytes: head)
        var labels: [String] = []
        while cursor.position < head.count {
            // Only a '<' starts anything; the text between tags is skipped in one search.
            guard head[cursor.position] == 0x3C else {
                cursor.position = head[cursor.position...].firstIndex(of: 0x3C) ?? head.count
                continue
            }
            if cursor.matches("<!--") {
                // The dashes of "<!--" may close it too: "<!-->" is a complete comment.
                cursor.position = firstIndex(of: Array("-->".utf8), in: head[...], from: cursor.position + 2)
                    .map { $0 + 2 } ?? head.count
            } else if cursor.matches("<meta"), cursor.byte(at: 5).map({ isASCIIWhitespace($0) || $0 == 0x2F }) ?? false {
                cursor.position += 5
                if let label = cursor.metaCharsetLabel() { labels.append(label) }
            } else if cursor.matches("<"), let next = cursor.byte(at: 1),
                      isASCIILetter(next) || next == 0x2F && cursor.byte(at: 2).map(isASCIILetter) ?? false {
                // Another tag: its attribute values may hold '<' or '>' that must not start or end anything.
                while let byte = cursor.byte(at: 0), !isASCIIWhitespace(byte), byte != 0x3E { cursor.position += 1 }
                while cursor.nextAttribute() != nil {}
            } else if cursor.matches("<!") || cursor.matches("</") || cursor.matches("<?") {
                cursor.position = head[cursor.position...].firstIndex(of: 0x3E) ?? head.count
            }
            cursor.position += 1
        }
        return labels
    }

    /// WHATWG's "extracting a character encoding from a meta element": the label after `charset=` in a
    /// `content` value, quoted or not. `content` is lowercase already, as `TagCursor` reads values.
    fileprivate static func charsetLabel(inMetaContent content: [UInt8]) -> String? {
        let name = Array("charset".utf8)
        var position = 0
        while let found = firstIndex(of: name, in: content[...], from: position) {
            position = found + name.count
            while position < content.count, isASCIIWhitespace(content[position]) { position += 1 }
            guard position < content.count, content[position] == UInt8(ascii: "=") else { continue }
            position += 1
            while position < content.count, isASCIIWhitespace(content[position]) { position += 1 }
            guard position < content.count else { return nil }
            let first = content[position]
            if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
                guard let closing = content[(position + 1)...].firstIndex(of: first) else { return nil }
                return String(decoding: content[(position + 1)..<closing], as: UTF8.self)
            }
            let end = content[position...].firstIndex { isASCIIWhitespace($0) || $0 == UInt8(ascii: ";") }
            return String(decoding: content[position..<(end ?? content.count)], as: UTF8.self)
        }
        return nil
    }

    // MARK: - Bytes

    fileprivate static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D || byte == 0x20
    }

    fileprivate static func isASCIIWhitespace(_ character: Character) -> Bool {
        character.asciiValue.map(isASCIIWhitespace) ?? false
    }

    fileprivate static func isASCIILetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    fileprivate static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }

    fileprivate static func trimmed(_ text: some StringProtocol, where isTrimmed: (Character) -> Bool) -> String {
        guard let first = text.firstIndex(where: { !isTrimmed($0) }),
              let last = text.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        return String(text[first...last])
    }

    static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>, from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.endIndex - needle.count >= start else { return nil }
        for position in start...(haystack.endIndex - needle.count) {
            var matched = true
            for (offset, expected) in needle.enumerated() {
                if haystack[position + offset] != expected {
                    matched = false
                    break
                }
            }
            if matched { return position }
        }
        return nil
    }
}

/// A position in the first bytes of a page, moved the way WHATWG's prescan moves it.
private struct TagCursor {
    let bytes: [UInt8]
    var position = 0

    func byte(at offset: Int) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    /// True when the bytes at the cursor spell `ascii`, ignoring ASCII case; `ascii` is lowercase.
    func matches(_ ascii: String) -> Bool {
        var offset = 0
        for expected in ascii.utf8 {
            guard let actual = byte(at: offset), TextDecoding.asciiLowercased(actual) == expected else { return false }
            offset += 1
        }
        return true
    }

    /// Reads the attributes of a `<meta` tag whose name the cursor is past, and returns the charset label it
    /// declares, if any. Leaves the cursor on the tag's `>`.
    mutating func metaCharsetLabel() -> String? {
        var seen: Set<[UInt8]> = []
        var gotPragma = false
        var needsPragma: Bool?
        var label: String?
        while let (name, value) = nextAttribute() {
            guard seen.insert(name).inserted else { continue }
            switch String(decoding: name, as: UTF8.self) {
            case "http-equiv":
                if value == Array("content-type".utf8) { gotPragma = true }
            case "content":
                if label == nil, let found = TextDecoding.charsetLabel(inMetaContent: value) {
                    label = found
                    needsPragma = true
                }
            case "charset":
                if label == nil {
                    label = String(decoding: value, as: UTF8.self)
                    needsPragma = false
                }
            default:
                break
            }
        }
        guard let label, let needsPragma, gotPragma || !needsPragma else { return nil }
        return label
    }

    /// WHATWG's "get an attribute": the next name and value, both ASCII-lowercased, or nil at `>` or at the end.
    mutating func nextAttribute() -> (name: [UInt8], value: [UInt8])? {
        while let byte = byte(at: 0), TextDecoding.isASCIIWhitespace(byte) || byte == 0x2F { position += 1 }
        guard let start = byte(at: 0), start != 0x3E else { return nil }

        var name: [UInt8] = []
        while true {
            guard let byte = byte(at: 0) else { return nil }
            if byte == 0x3D, !name.isEmpty { break }
            if TextDecoding.isASCIIWhitespace(byte) {
                while let space = self.byte(at: 0), TextDecoding.isASCIIWhitespace(space) { position += 1 }
                guard self.byte(at: 0) == 0x3D else { return (name, []) }
                break
            }
            if byte == 0x2F || byte == 0x3E { return (name, []) }
            name.append(TextDecoding.asciiLowercased(byte))
            position += 1
        }
        position += 1  // past '='
        while let byte = byte(at: 0), TextDecoding.isASCIIWhitespace(byte) { position += 1 }

        guard let first = byte(at: 0) else { return nil }
        var value: [UInt8] = []
        if first == 0x22 || first == 0x27 {
            position += 1
            while let byte = byte(at: 0) {
                position += 1
                if byte == first { return (name, value) }
                value.append(TextDecoding.asciiLowercased(byte))
            }
            return nil
        }
        if first == 0x3E { return (name, []) }
        while let byte = byte(at: 0), !TextDecoding.isASCIIWhitespace(byte), byte != 0x3E {
            value.append(TextDecoding.asciiLowercased(byte))
            position += 1
        }
        return byte(at: 0) == nil ? nil : (name, value)
    }
}
