import Foundation

/// The fields of a schema.org `JobPosting` found in a page's JSON-LD.
public struct StructuredJobPosting: Sendable, Equatable {
    public var title: String?
    public var company: String?
    public var location: String?
    public var datePosted: String?
    public var employmentType: String?
    /// The description as plain text (schema.org allows HTML in it; tags are removed).
    public var description: String?
}

/// The outcome of reading a page's JSON-LD blocks.
public struct JSONLDReading: Sendable, Equatable {
    public var postings: [StructuredJobPosting] = []
    /// Blocks that were not valid JSON; their data is lost and the page text must stand in.
    public var invalidBlocks = 0
}

/// Finds `JobPosting` objects in JSON-LD: top-level objects, arrays, and `@graph` lists.
public struct JobPostingJSONLDReader: Sendable {
    public init() {}

    public func read(_ blocks: [String]) -> JSONLDReading {
        var reading = JSONLDReading()
        for block in blocks {
            guard let data = block.data(using: .utf8),
                  let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                reading.invalidBlocks += 1
                continue
            }
            collect(json, into: &reading.postings)
        }
        return reading
    }

    private func collect(_ json: Any, into postings: inout [StructuredJobPosting]) {
        if let array = json as? [Any] {
            for element in array { collect(element, into: &postings) }
            return
        }
        guard let object = json as? [String: Any] else { return }
        if isJobPosting(object) {
            postings.append(posting(from: object))
        }
        if let graph = object["@graph"] {
            collect(graph, into: &postings)
        }
    }

    private func isJobPosting(_ object: [String: Any]) -> Bool {
        switch object["@type"] {
        case let type as String: return type == "JobPosting"
        case let types as [Any]: return types.contains { ($0 as? String) == "JobPosting" }
        default: return false
        }
    }

    private func posting(from object: [String: Any]) -> StructuredJobPosting {
        let description = string(object["description"]).map { MainTextExtractor().text(ofFragment: $0) }
        return StructuredJobPosting(
            title: string(object["title"]).map(decodeEntities),
            company: name(object["hiringOrganization"]),
            location: location(object["jobLocation"]),
            datePosted: string(object["datePosted"]),
            employmentType: string(object["employmentType"]) ?? (object["employmentType"] as? [Any])?
                .compactMap { $0 as? String }.joined(separator: ", "),
            description: description?.isEmpty == false ? description : nil)
    }

    private func string(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    private func name(_ value: Any?) -> String? {
        if let text = string(value) { return text }
        if let object = value as? [String: Any] { return string(object["name"]) }
        if let array = value as? [Any], let first = array.first { return name(first) }
        return nil
    }

    private func location(_ value: Any?) -> String? {
        if let array = value as? [Any] {
            let places = array.compactMap(location)
            return places.isEmpty ? nil : places.joined(separator: "; ")
        }
        if let text = string(value) { return text }
        guard let object = value as? [String: Any] else { return nil }
        if let address = object["address"] as? [String: Any] {
            let parts = ["addressLocality", "addressRegion", "addressCountry"].compactMap { key in
                string(address[key]) ?? name(address[key])
            }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        }
        return string(object["address"]) ?? string(object["name"])
    }

    /// Titles in JSON-LD sometimes carry HTML entities ("R&amp;D"); the extractor decodes them.
    private func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return MainTextExtractor().text(ofFragment: text)
    }
}
