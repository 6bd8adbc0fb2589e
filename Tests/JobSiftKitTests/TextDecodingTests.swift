import Testing
@testable import JobSiftKit

@Suite struct TextDecodingTests {
    func decodeFixture(_ name: String, contentType: String? = nil) throws -> DecodedText {
        TextDecoding.decode(try Paths.fixtureBytes("charset/" + name), contentType: contentType, isHTML: true)
    }

    /// An HTML page whose body is the single byte 0xA4: € in ISO-8859-15, ¤ in Windows-1252.
    func latin9EuroPage(head: String) -> [UInt8] {
        Array(head.utf8) + Array("<p>".utf8) + [0xA4] + Array("</p>".utf8)
    }

    @Test func metaCharsetWindows1252DecodesDashesQuotesEuroAndAccents() throws {
        let decoded = try decodeFixture("windows-1252.html")
        #expect(decoded.charset == .windows1252)
        #expect(decoded.charsetSource == .metaTag)
        #expect(!decoded.hadInvalidBytes)
        for expected in ["<title>Senior Data Scientist – Zürich</title>", "“small models first”", "naïve Bayes",
                         "€110,000–€135,000", "café budget", "résumé"] {
            #expect(decoded.text.contains(expected), "missing \"\(expected)\"")
        }
    }

    @Test func undeclaredBytesThatAreNotUTF8AreReadAsWindows1252() throws {
        let decoded = try decodeFixture("latin1-no-declaration.html")
        #expect(decoded.charset == .windows1252)
        #expect(decoded.charsetSource == .fallback)
        #expect(!decoded.hadInvalidBytes)
        for expected in ["<title>Ingénieur Machine Learning – Genève</title>", "You’ll own", "CHF 140’000",
                         "€130,000", "Über-fast"] {
            #expect(decoded.text.contains(expected), "missing \"\(expected)\"")
        }
    }

    @Test(arguments: [
        ("utf8-bom.html", Charset.utf8),
        ("utf16le-bom.html", Charset.utf16LE),
        ("utf16be-bom.html", Charset.utf16BE),
    ])
    func byteOrderMarkChoosesTheCharsetAndIsRemoved(fixture: String, charset: Charset) throws {
        let decoded = try decodeFixture(fixture)
        #expect(decoded.charset == charset)
        #expect(decoded.charsetSource == .byteOrderMark)
        #expect(!decoded.hadInvalidBytes)
        #expect(decoded.text.hasPrefix("<!DOCTYPE html>\n<html lang="))
    }

    @Test(arguments: ["utf16le-bom.html", "utf16be-bom.html"])
    func utf16PagesKeepAccentsEuroAndCharactersBeyondTheBMP(fixture: String) throws {
        let text = try decodeFixture(fixture).text
        #expect(text.contains("<h1>Ingénieur ML</h1>"))
        #expect(text.contains("Salaire : 58\u{A0}000 € à 70\u{A0}000 € par an."))
        #expect(text.contains("Démarrage rapide 🚀"))
    }

    @Test func httpEquivMetaDeclaresISO8859_15() throws {
        let decoded = try decodeFixture("meta-http-equiv.html")
        #expect(decoded.charset == .iso8859_15)
        #expect(decoded.charsetSource == .metaTag)
        #expect(decoded.text.contains("Salaire : 55 000 € à 65 000 € selon expérience."))
        #expect(decoded.text.contains("Le cœur de notre métier"))
    }

    @Test func httpHeaderBeatsTheMetaTag() throws {
        let decoded = try decodeFixture("meta-http-equiv.html", contentType: "text/html; charset=windows-1252")
        #expect(decoded.charset == .windows1252)
        #expect(decoded.charsetSource == .httpHeader)
        #expect(decoded.text.contains("Salaire : 55 000 ¤ à 65 000 ¤"))
        #expect(decoded.text.contains("Le c½ur"))
    }

    @Test func byteOrderMarkBeatsTheHTTPHeader() throws {
        let decoded = try decodeFixture("utf8-bom.html", contentType: "text/html; charset=ISO-8859-1")
        #expect(decoded.charset == .utf8)
        #expect(decoded.charsetSource == .byteOrderMark)
        #expect(decoded.text.contains("<title>Data Engineer (m/w/d) – München</title>"))
    }

    @Test func invalidBytesInDeclaredUTF8AreReplacedAndFlagged() {
        let bytes = Array("Caf".utf8) + [0xE9] + Array(" Data Engineer, 100 ".utf8) + [0x80]
        let decoded = TextDecoding.decode(bytes, contentType: "text/html; charset=utf-8")
        #expect(decoded.charset == .utf8)
        #expect(decoded.charsetSource == .httpHeader)
        #expect(decoded.hadInvalidBytes)
        #expect(decoded.text == "Caf\u{FFFD} Data Engineer, 100 \u{FFFD}")
    }

    @Test func undeclaredValidUTF8IsReadAsUTF8() {
        let decoded = TextDecoding.decode(Array("Zürich – 100 €".utf8), isHTML: true)
        #expect(decoded == DecodedText(text: "Zürich – 100 €", charset: .utf8, charsetSource: .validUTF8))
    }

    @Test(arguments: [
        ([0xFF, 0xFE, 0x41, 0x00, 0x42], "A\u{FFFD}"),
        ([0xFE, 0xFF, 0x00, 0x41, 0x42], "A\u{FFFD}"),
        ([0xFF, 0xFE, 0x00], "\u{FFFD}"),
    ] as [([UInt8], String)])
    func oddLengthUTF16EndsWithOneReplacementCharacter(bytes: [UInt8], expected: String) {
        let decoded = TextDecoding.decode(bytes)
        #expect(decoded.text == expected)
        #expect(decoded.hadInvalidBytes)
    }

    @Test func loneSurrogatesInUTF16BecomeReplacementCharacters() {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00, 0x00, 0xDC, 0x3D, 0xD8, 0x80, 0xDE]
        let decoded = TextDecoding.decode(bytes)
        #expect(decoded.text == "\u{FFFD}A\u{FFFD}🚀")
        #expect(decoded.hadInvalidBytes)
    }

    @Test func windows1252MapsTheWholeC1RangeLikeWHATWG() {
        let decoded = TextDecoding.decode(Array(0x80...0x9F), contentType: "text/plain; charset=windows-1252")
        #expect(decoded.text == "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}Ž\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}žŸ")
        #expect(!decoded.hadInvalidBytes)
    }

    @Test func iso8859_15DiffersFromLatin1AtEightBytes() {
        let bytes: [UInt8] = [0xA4, 0xA6, 0xA8, 0xB4, 0xB8, 0xBC, 0xBD, 0xBE, 0xE9]
        let latin9 = TextDecoding.decode(bytes, contentType: "text/plain; charset=iso-8859-15")
        let latin1 = TextDecoding.decode(bytes, contentType: "text/plain; charset=iso-8859-1")
        #expect(latin9.text == "€ŠšŽžŒœŸé")
        #expect(latin1.text == "¤¦¨´¸¼½¾é")
        #expect(latin1.charset == .windows1252)
    }

    @Test(arguments: [
        ("iso-8859-1", Charset.windows1252), ("Latin1", .windows1252), ("US-ASCII", .windows1252),
        ("ascii", .windows1252), ("windows-1252", .windows1252), ("cp1252", .windows1252),
        ("x-cp1252", .windows1252), (" utf8\t", .utf8), ("UTF-8", .utf8), ("utf-16", .utf16LE),
        ("utf-16le", .utf16LE), ("UTF-16BE", .utf16BE), ("ISO-8859-15", .iso8859_15), ("l9", .iso8859_15),
        ("shift_jis", nil), ("iso-8859-2", nil), ("utf-7", nil), ("", nil),
    ] as [(String, Charset?)])
    func labelsNameCharsetsAsWHATWGDoes(label: String, charset: Charset?) {
        #expect(Charset(label: label) == charset)
    }

    @Test(arguments: [
        ("text/html; charset=ISO-8859-1", "iso-8859-1"),
        ("text/html;charset=\"UTF-8\"", "utf-8"),
        ("text/html; format=\"a;charset=koi8-r\"; charset=windows-1252", "windows-1252"),
        ("text/html; charset=utf-8; charset=latin1", "utf-8"),
        ("text/html; CHARSET=Latin1 ", "latin1"),
        ("text/html; charset=", nil),
        ("text/html", nil),
        ("charset=utf-8", nil),
    ] as [(String, String?)])
    func charsetLabelIsReadFromContentType(contentType: String, label: String?) {
        #expect(TextDecoding.charsetLabel(inContentType: contentType) == label)
    }

    @Test(arguments: [
        "<META CHARSET=ISO-8859-15>",
        "<meta content='text/html; Charset=\"ISO-8859-15\"' http-equiv='Content-Type'>",
        "<meta name=\"description\" content=\"Jobs\"><meta charset = 'l9' />",
        "<link rel=\"stylesheet\" href=\"a>b.css\"><meta charset=\"iso-8859-15\">",
        "<meta charset=\"shift_jis\"><meta charset=\"iso-8859-15\">",
    ])
    func metaTagsAreFoundWhateverTheirCaseQuotingAndOrder(head: String) {
        let decoded = TextDecoding.decode(latin9EuroPage(head: head), isHTML: true)
        #expect(decoded.charset == .iso8859_15)
        #expect(decoded.charsetSource == .metaTag)
        #expect(decoded.text.hasSuffix("<p>€</p>"))
    }

    @Test(arguments: [
        "<meta content=\"text/html; charset=iso-8859-15\">",
        "<!--[if IE]><meta charset=\"iso-8859-15\"><![endif]-->",
        "<p title='<meta charset=\"iso-8859-15\">'>",
        String(repeating: " ", count: 4096) + "<meta charset=\"iso-8859-15\">",
    ])
    func metaCharsetsOutsideRealTagsOrBeyond4096BytesAreIgnored(head: String) {
        let decoded = TextDecoding.decode(latin9EuroPage(head: head), isHTML: true)
        #expect(decoded.charsetSource == .fallback)
        #expect(decoded.text.hasSuffix("<p>¤</p>"))
    }

    @Test func metaTagsCountOnlyInHTML() {
        let decoded = TextDecoding.decode(latin9EuroPage(head: "<meta charset=\"iso-8859-15\">"), isHTML: false)
        #expect(decoded.charsetSource == .fallback)
        #expect(decoded.text.hasSuffix("<p>¤</p>"))
    }

    @Test func metaDeclaringUTF16InAPageWithoutBOMMeansUTF8() {
        let decoded = TextDecoding.decode(Array("<meta charset=\"utf-16\"><p>Zürich</p>".utf8), isHTML: true)
        #expect(decoded.charset == .utf8)
        #expect(decoded.charsetSource == .metaTag)
        #expect(decoded.text == "<meta charset=\"utf-16\"><p>Zürich</p>")
    }

    @Test func xmlDeclarationAtTheStartNamesTheCharset() {
        let bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><salary>".utf8) + [0xA4]
        let decoded = TextDecoding.decode(bytes)
        #expect(decoded.charset == .iso8859_15)
        #expect(decoded.charsetSource == .xmlDeclaration)
        #expect(decoded.text.hasSuffix("<salary>€"))
    }

    @Test func unsupportedHeaderLabelFallsThroughAndIsReported() {
        let decoded = TextDecoding.decode(Array("Zürich".utf8), contentType: "text/html; charset=x-klingon")
        #expect(decoded == DecodedText(text: "Zürich", charset: .utf8, charsetSource: .validUTF8,
                                       unsupportedLabel: "x-klingon"))
    }

    @Test func unsupportedMetaLabelFallsThroughAndIsReported() {
        let decoded = TextDecoding.decode(latin9EuroPage(head: "<meta charset=\"Shift_JIS\">"), isHTML: true)
        #expect(decoded.charset == .windows1252)
        #expect(decoded.charsetSource == .fallback)
        #expect(decoded.unsupportedLabel == "shift_jis")
    }

    @Test(arguments: [
        "<meta charset=\"iso-8859-15",
        "<meta http-equiv=\"content-type\" content=\"text/html; charset=",
        "<!-- <meta charset=\"iso-8859-15\">",
        "<?xml version=\"1.0\" encoding=\"iso-8859-15\"",
        "<",
        "",
    ])
    func truncatedDeclarationsAreReadAsPlainText(page: String) {
        let decoded = TextDecoding.decode(Array(page.utf8), isHTML: true)
        #expect(decoded == DecodedText(text: page, charset: .utf8, charsetSource: .validUTF8))
    }
}
