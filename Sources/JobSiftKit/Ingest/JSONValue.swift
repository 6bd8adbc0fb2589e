/// A JSON value (RFC 8259), parsed straight from UTF-8 bytes into Swift values.
///
/// jobsift reads JSON-LD blocks, JSON postings and JSON Lines datasets with it; Foundation's
/// `JSONSerialization` hands back bridged objects whose every cast copies, which made reading
/// structured data one of the costliest steps of a page.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number as written (`50000`, `4.5`, `1e3`), so that identifiers keep their digits.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members by name; when a name repeats, the last value wins.
    case object([String: JSONValue])

    /// Parses one JSON text: any value, with white space around it and nothing else.
    public init(parsing text: String) throws(JSONSyntaxError) {
        var text = text
        self = try text.withUTF8(Self.parse).get()
    }

    /// The same from UTF-8 bytes; invalid UTF-8 inside strings is replaced, not refused.
    public init<Bytes: Collection<UInt8>>(parsing bytes: Bytes) throws(JSONSyntaxError) {
        self = try (bytes.withContiguousStorageIfAvailable(Self.parse) ?? Array(bytes).withUnsafeBufferPointer(Self.parse)).get()
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONSyntaxError> {
        var parser = JSONParser(bytes: bytes)
        return Result { () throws(JSONSyntaxError) in try parser.document() }
    }

    /// The text of a string, or the digits of a number as written.
    public var scalarText: String? {
        switch self {
        case .string(let text), .number(let text): text
        default: nil
        }
    }

    public var numberValue: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The member `key` of an object; nil for anything else.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

/// Why a text is not JSON, with the byte offset where reading stopped.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var reason: String

    public var description: String { "not valid JSON at byte \(offset): \(reason)" }
}

/// A recursive-descent reader over the bytes; nesting is limited so that hostile input cannot
/// exhaust the stack.
private struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var depth = 0
    static let maximumDepth = 128

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func document() throws(JSONSyntaxError) -> JSONValue {
        skipWhiteSpace()
        let value = try self.value()
        skipWhiteSpace()
        guard position == bytes.count else { throw fail("text after the end of the value") }
        return value
    }

    private func fail(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: position, reason: reason)
    }

    private mutating func skipWhiteSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard position < bytes.count else { throw fail("the text ends where a value should be") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw fail("unexpected character")
        }
    }

    private mutating func nested<T>(_ body: (inout JSONParser) throws(JSONSyntaxError) -> T) throws(JSONSyntaxError) -> T {
        depth += 1
        guard depth <= Self.maximumDepth else { throw fail("nested more than \(Self.maximumDepth) levels deep") }
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        try nested { parser throws(JSONSyntaxError) in
            parser.position += 1
            // Gathered in order and made a dictionary once its size is known, not grown member by member.
            var members: [(String, JSONValue)] = []
            func object() -> JSONValue { .object(Dictionary(members, uniquingKeysWith: { _, last in last })) }
            parser.skipWhiteSpace()
            if parser.consume(UInt8(ascii: "}")) { return object() }
            while true {
                parser.skipWhiteSpace()
                guard parser.position < parser.bytes.count, parser.bytes[parser.position] == UInt8(ascii: "\"") else {
                    throw parser.fail("a member name must be a string")
                }
                let name = try parser.string()
                parser.skipWhiteSpace()
                guard parser.consume(UInt8(ascii: ":")) else { throw parser.fail("':' must follow a member name") }
                parser.skipWhiteSpace()
                members.append((name, try parser.value()))
                parser.skipWhiteSpace()
                if parser.consume(UInt8(ascii: "}")) { return object() }
                guard parser.consume(UInt8(ascii: ",")) else { throw parser.fail("',' or '}' must follow a member") }
            }
        }
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        try nested { parser throws(JSONSyntaxError) in
            parser.position += 1
            var elements: [JSONValue] = []
            parser.skipWhiteSpace()
            if parser.consume(UInt8(ascii: "]")) { return .array(elements) }
            while true {
                parser.skipWhiteSpace()
                elements.append(try parser.value())
                parser.skipWhiteSpace()
                if parser.consume(UInt8(ascii: "]")) { return .array(elements) }
                guard parser.consume(UInt8(ascii: ",")) else { throw parser.fail("',' or ']' must follow an element") }
            }
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
              UnsafeBufferPointer(rebasing: bytes[position..<(position + count)])
                .elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: count)) else {
            throw fail("unexpected character")
        }
        position += count
    }

    private mutating func number() throws(JSONSyntaxError) -> String {
        let start = position
        _ = consume(UInt8(ascii: "-"))
        guard position < bytes.count, isDigit(bytes[position]) else { throw fail("a digit must start a number") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            skipDigits()
        }
        if consume(UInt8(ascii: ".")) {
            guard position < bytes.count, isDigit(bytes[position]) else { throw fail("a digit must follow a decimal point") }
            skipDigits()
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard position < bytes.count, isDigit(bytes[position]) else { throw fail("a digit must follow an exponent") }
            skipDigits()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private mutating func skipDigits() {
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }

    /// A string whose opening quote is at `position`; leaves `position` after the closing quote.
    private mutating func string() throws(JSONSyntaxError) -> String {
        position += 1
        let start = position
        // Most strings hold no escape: they are one slice of the input. Those that do are copied
        // a run of plain bytes at a time.
        var unescaped: [UInt8] = []
        var hasEscapes = false
        var runStart = start
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                defer { position += 1 }
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<position])
                guard hasEscapes else { return String(decoding: run, as: UTF8.self) }
                unescaped.append(contentsOf: run)
                return String(decoding: unescaped, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                hasEscapes = true
                position += 1
                try escape(into: &unescaped)
                runStart = position
                continue
            }
            guard byte >= 0x20 else { throw fail("a control character must be escaped inside a string") }
            position += 1
        }
        throw fail("a string is not closed")
    }

    /// Reads the escape after a backslash and appends what it stands for.
    private mutating func escape(into output: inout [UInt8]) throws(JSONSyntaxError) {
        guard position < bytes.count else { throw fail("a string is not closed") }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(byte)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var value = try hexQuad()
            if (0xD800..<0xDC00).contains(value), position + 1 < bytes.count,
               bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                let saved = position
                position += 2
                let low = try hexQuad()
                if (0xDC00..<0xE000).contains(low) {
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    position = saved
                }
            }
            // A lone surrogate cannot be written in UTF-8; it becomes the replacement character.
            UTF8.encode(Unicode.Scalar(value) ?? "\u{FFFD}") { output.append($0) }
        default:
            position -= 1
            throw fail("unknown escape")
        }
    }

    private mutating func hexQuad() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("\\u needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - 0x30
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - 0x61 + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - 0x41 + 10
            default: throw fail("\\u needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
