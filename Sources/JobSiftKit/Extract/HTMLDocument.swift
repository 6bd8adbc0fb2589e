import CLibXML2

/// A parsed HTML document: a thin owner of libxml2's tree that frees it when released.
/// The pointers it hands out are valid only inside `withRoot`.
final class HTMLDocument {
    private let document: htmlDocPtr

    /// Parses `bytes` leniently (libxml2 recovers from broken markup, never touches the network
    /// and prints nothing). `encoding` is passed only when it is known, e.g. from a BOM or header.
    init?(bytes: [UInt8], url: String? = nil, encoding: String? = nil) {
        guard !bytes.isEmpty, bytes.count <= Int(Int32.max) else { return nil }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                htmlReadMemory(pointer, Int32(buffer.count), url, encoding, options)
            }
        }
        guard let parsed else { return nil }
        document = parsed
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// Sets up libxml2's global state; called once before documents are parsed on several threads.
    static func prepareForThreads() {
        xmlInitParser()
    }

    func withRoot<Result>(_ body: (xmlNodePtr?) -> Result) -> Result {
        body(xmlDocGetRootElement(document))
    }
}

/// Read-only helpers over libxml2 nodes.
enum HTMLNode {
    static func isElement(_ node: xmlNodePtr) -> Bool { node.pointee.type == XML_ELEMENT_NODE }

    static func isText(_ node: xmlNodePtr) -> Bool {
        node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE
    }

    /// The element's tag name, lower-case as the HTML parser stores it.
    static func name(_ node: xmlNodePtr) -> String {
        guard let name = node.pointee.name else { return "" }
        return String(cString: name)
    }

    /// True when the element's tag name is `name` (lower-case), without making a String.
    static func hasName(_ node: xmlNodePtr, _ name: StaticString) -> Bool {
        guard let own = node.pointee.name else { return false }
        return xmlStrEqual(own, name.utf8Start) != 0
    }

    /// Bytes of a text node that are not ASCII white space, read in place.
    static func visibleLength(_ node: xmlNodePtr) -> Int {
        guard var byte = node.pointee.content else { return 0 }
        var count = 0
        while byte.pointee != 0 {
            let value = byte.pointee
            if value != 0x20 && value != 0x0A && value != 0x09 && value != 0x0D { count += 1 }
            byte += 1
        }
        return count
    }

    /// The text of a text or CDATA node.
    static func content(_ node: xmlNodePtr) -> String {
        guard let content = node.pointee.content else { return "" }
        return String(cString: content)
    }

    static func attribute(_ node: xmlNodePtr, _ name: String) -> String? {
        guard let value = xmlGetProp(node, name) else { return nil }
        defer { jobsift_xmlFree(value) }
        return String(cString: value)
    }

    /// Calls `body` with each child node in document order.
    static func forEachChild(_ node: xmlNodePtr, _ body: (xmlNodePtr) -> Void) {
        var child = node.pointee.children
        while let current = child {
            body(current)
            child = current.pointee.next
        }
    }

    /// Every text below `node`, concatenated without any layout.
    static func rawText(_ node: xmlNodePtr) -> String {
        if isText(node) { return content(node) }
        var result = ""
        forEachChild(node) { result += rawText($0) }
        return result
    }

    /// The markup inside `node`, serialised again (for a microdata description that is rich HTML).
    static func innerHTML(_ node: xmlNodePtr) -> String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        forEachChild(node) { child in _ = htmlNodeDump(buffer, node.pointee.doc, child) }
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: content)
    }
}
