import CLibXML2

/// schema.org microdata (`itemscope`, `itemtype`, `itemprop`) turned into the JSON-LD shape, so that
/// one reader serves both.
enum Microdata {
    /// True when `node` starts a `JobPosting` item.
    static func isJobPosting(_ node: xmlNodePtr) -> Bool {
        HTMLNode.attribute(node, "itemscope") != nil
            && HTMLNode.attribute(node, "itemtype")?.hasSuffix("/JobPosting") == true
    }

    /// The item rooted at `node` in the JSON-LD shape.
    static func item(_ node: xmlNodePtr) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        if let type = HTMLNode.attribute(node, "itemtype")?.split(separator: "/").last {
            properties["@type"] = .string(String(type))
        }
        func visit(_ child: xmlNodePtr) {
            guard HTMLNode.isElement(child) else { return }
            let isItem = HTMLNode.attribute(child, "itemscope") != nil
            if let names = HTMLNode.attribute(child, "itemprop") {
                let value: JSONValue = isItem ? item(child) : .string(self.value(of: child))
                for name in names.split(separator: " ").map(String.init) {
                    switch properties[name] {
                    case nil: properties[name] = value
                    case .array(let list)?: properties[name] = .array(list + [value])
                    case let single?: properties[name] = .array([single, value])
                    }
                }
            }
            // A nested item's properties are its own, not this item's.
            if !isItem { HTMLNode.forEachChild(child, visit) }
        }
        HTMLNode.forEachChild(node, visit)
        return .object(properties)
    }

    /// A property's value as the microdata rules read it: an attribute for some elements, else the text.
    private static func value(of node: xmlNodePtr) -> String {
        let attribute: String? = switch HTMLNode.name(node) {
        case "meta": "content"
        case "a", "link", "area": "href"
        case "img", "audio", "video", "source", "iframe", "embed": "src"
        case "time": "datetime"
        case "data", "meter": "value"
        default: nil
        }
        if let attribute, let value = HTMLNode.attribute(node, attribute) { return value }
        if HTMLNode.name(node) == "div" || HTMLNode.name(node) == "section" || HTMLNode.name(node) == "span" {
            // A description is often rich HTML: keep its block structure for the text extractor.
            return HTMLNode.innerHTML(node)
        }
        return HTMLNode.rawText(node)
    }
}
