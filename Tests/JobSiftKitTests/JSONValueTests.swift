import Testing
@testable import JobSiftKit

/// The JSON reader behind JSON-LD, JSON postings and JSON Lines datasets: strict RFC 8259, with
/// numbers kept as written and hostile input refused without a crash.
@Suite struct JSONValueTests {
    @Test func readsNestedValuesAndKeepsNumbersAsWritten() throws {
        let value = try JSONValue(parsing: #" {"@type": ["JobPosting"], "baseSalary": {"value": {"minValue": 50000, "maxValue": -1.5e3}},"#
            + #" "remote": true, "end": null, "id": 7.5E+0} "#)
        #expect(value["@type"] == .array([.string("JobPosting")]))
        #expect(value["baseSalary"]?["value"]?["minValue"] == .number("50000"))
        #expect(value["baseSalary"]?["value"]?["maxValue"]?.numberValue == -1500)
        #expect(value["remote"] == .bool(true))
        #expect(value["end"] == .null)
        #expect(value["id"]?.scalarText == "7.5E+0")
        #expect(try JSONValue(parsing: "42") == .number("42"))
    }

    @Test func unescapesStringsAndSurrogatePairs() throws {
        let value = try JSONValue(parsing: #"["R\u0026D \u00e9t\u00E9", "line\nbreak\t\"quoted\" \/ \\", "\ud83d\ude00", "\ud800 alone"]"#)
        #expect(value == .array([.string("R&D été"), .string("line\nbreak\t\"quoted\" / \\"), .string("😀"), .string("\u{FFFD} alone")]))
    }

    @Test func aRepeatedMemberNameKeepsTheLastValue() throws {
        #expect(try JSONValue(parsing: #"{"title": "first", "title": "second"}"#)["title"] == .string("second"))
    }

    @Test(arguments: [
        (#"{"title": "ML Engineer",}"#, 24, "a member name must be a string"),
        (#"{title: "x"}"#, 1, "a member name must be a string"),
        (#"{"a": 1} {"b": 2}"#, 9, "text after the end of the value"),
        ("{\"a\": \"two\nlines\"}", 10, "a control character must be escaped inside a string"),
        (#"{"a": "open"#, 11, "a string is not closed"),
        (#"[01]"#, 2, "',' or ']' must follow an element"),
        (#"[1.]"#, 3, "a digit must follow a decimal point"),
        (#"["\x"]"#, 3, "unknown escape"),
        (#"[tru]"#, 1, "unexpected character"),
        ("", 0, "the text ends where a value should be"),
    ])
    func malformedTextIsRefusedWithWhereAndWhy(text: String, offset: Int, reason: String) {
        #expect(throws: JSONSyntaxError(offset: offset, reason: reason)) { try JSONValue(parsing: text) }
    }

    @Test func deepNestingIsRefusedInsteadOfExhaustingTheStack() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: deep) }
        let allowed = String(repeating: "[", count: 120) + String(repeating: "]", count: 120)
        #expect(try JSONValue(parsing: allowed).arrayValue?.count == 1)
    }

    @Test func invalidUTF8InsideAStringIsReplacedNotRefused() throws {
        let bytes: [UInt8] = Array(#"{"t": "caf"#.utf8) + [0xE9] + Array(#""}"#.utf8)
        #expect(try JSONValue(parsing: bytes)["t"] == .string("caf\u{FFFD}"))
        let fromSlice = try JSONValue(parsing: bytes[...])
        #expect(fromSlice == .object(["t": .string("caf\u{FFFD}")]))
    }
}
