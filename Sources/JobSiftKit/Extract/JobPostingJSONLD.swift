import Foundation

/// The fields of a schema.org `JobPosting`, from JSON-LD or microdata.
public struct StructuredJobPosting: Sendable, Equatable {
    public var title: String?
    public var company: String?
    public var location: String?
    /// `jobLocationType: TELECOMMUTE` says the job is remote.
    public var isTelecommute = false
    /// `applicantLocationRequirements`: where remote applicants may live.
    public var applicantLocations: [String] = []
    public var salary: Salary?
    public var employmentType: String?
    public var datePosted: String?
    public var validThrough: String?
    /// The description as plain text (schema.org allows HTML in it; tags are removed).
    public var description: String?
    public var identifier: String?
    public var experienceRequirements: String?
    public var educationRequirements: String?
    public var skills: String?
    public var occupationalCategory: String?
}

/// The outcome of reading a page's structured-data blocks.
public struct JSONLDReading: Sendable, Equatable {
    public var postings: [StructuredJobPosting] = []
    /// Blocks that were not valid JSON; their data is lost and the page text must stand in.
    public var invalidBlocks = 0
}

/// Finds `JobPosting` objects in JSON-LD: top-level objects, arrays, and `@graph` lists.
public struct JobPostingJSONLDReader: Sendable {
    public init() {}

    /// Reads JSON-LD blocks as the page holds them; a block that is not JSON is counted, not read.
    public func read(_ blocks: [String]) -> JSONLDReading {
        var reading = JSONLDReading()
        for block in blocks {
            // Pages often put raw line breaks or stray backslashes inside JSON-LD strings; search
            // engines read such a block, and so does jobsift, mended.
            guard let json = (try? JSONValue(parsing: block))
                    ?? Self.mendingStrings(block).flatMap({ try? JSONValue(parsing: $0) }) else {
                reading.invalidBlocks += 1
                continue
            }
            collect(json, into: &reading.postings)
        }
        return reading
    }

    /// `text` with what strict JSON refuses inside string literals made valid: control characters
    /// escaped (a line break as backslash and n), and a backslash before a character that cannot
    /// be escaped ("¯\\_(ツ)_/¯") taken as the backslash itself; nil when there is nothing to mend.
    static func mendingStrings(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 16)
        var inString = false
        var changed = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            guard inString else {
                if byte == UInt8(ascii: "\"") { inString = true }
                result.append(byte)
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = false
                result.append(byte)
            case UInt8(ascii: "\\"):
                if index < bytes.count, Self.escapable.contains(bytes[index]) {
                    result += [byte, bytes[index]]
                    index += 1
                } else {
                    result += [byte, byte]
                    changed = true
                }
            case 0..<0x20:
                changed = true
                switch byte {
                case 0x0A: result += Array("\\n".utf8)
                case 0x0D: result += Array("\\r".utf8)
                case 0x09: result += Array("\\t".utf8)
                default: result += Array(String(format: "\\u%04x", byte).utf8)
                }
            default:
                result.append(byte)
            }
        }
        return changed ? String(decoding: result, as: UTF8.self) : nil
    }

    /// The characters JSON allows after a backslash.
    private static let escapable: Set<UInt8> = Set("\"\\/bfnrtu".utf8)

    /// Reads values already parsed (microdata items in the JSON-LD shape).
    public func read(values: [JSONValue]) -> JSONLDReading {
        var reading = JSONLDReading()
        for value in values { collect(value, into: &reading.postings) }
        return reading
    }

    private func collect(_ json: JSONValue, into postings: inout [StructuredJobPosting]) {
        if let array = json.arrayValue {
            for element in array { collect(element, into: &postings) }
            return
        }
        guard let object = json.objectValue else { return }
        if isJobPosting(object) {
            postings.append(posting(from: object))
        }
        if let graph = object["@graph"] {
            collect(graph, into: &postings)
        }
    }

    private func isJobPosting(_ object: [String: JSONValue]) -> Bool {
        func named(_ type: JSONValue) -> Bool {
            guard case .string(let type) = type else { return false }
            return type == "JobPosting" || type.hasSuffix("/JobPosting")
        }
        switch object["@type"] {
        case .array(let types)?: return types.contains(where: named)
        case let type?: return named(type)
        default: return false
        }
    }

    private func posting(from object: [String: JSONValue]) -> StructuredJobPosting {
        var posting = StructuredJobPosting()
        posting.title = (text(object["title"]) ?? text(object["name"])).map(singleLine)
        posting.company = name(object["hiringOrganization"]).map(singleLine)
        posting.location = location(object["jobLocation"])
        posting.isTelecommute = strings(object["jobLocationType"]).contains { $0.uppercased().contains("TELECOMMUTE") }
        posting.applicantLocations = list(object["applicantLocationRequirements"]).compactMap(name)
        posting.salary = salary(object["baseSalary"]) ?? salary(object["estimatedSalary"])
        let employment = strings(object["employmentType"])
        posting.employmentType = employment.isEmpty ? nil : employment.joined(separator: ", ")
        posting.datePosted = string(object["datePosted"]).flatMap(PostingDate.normalize)
        posting.validThrough = string(object["validThrough"]).flatMap(PostingDate.normalize)
        posting.description = text(object["description"])
        posting.identifier = identifier(object["identifier"])
        posting.experienceRequirements = requirement(object["experienceRequirements"])
        posting.educationRequirements = requirement(object["educationRequirements"])
        posting.skills = text(object["skills"]) ?? { let all = strings(object["skills"]); return all.isEmpty ? nil : all.joined(separator: ", ") }()
        posting.occupationalCategory = text(object["occupationalCategory"]) ?? name(object["occupationalCategory"])
        return posting
    }

    /// A string or number, trimmed; nil when empty or anything else.
    private func string(_ value: JSONValue?) -> String? {
        guard let trimmed = value?.scalarText?.trimmed, !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// A string that may carry HTML or entities ("R&amp;D", "<p>…</p>"), as plain text.
    private func text(_ value: JSONValue?) -> String? {
        guard let raw = string(value) else { return nil }
        var plain = raw.utf8.contains { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "&") }
            ? MainTextExtractor().text(ofFragment: raw) : raw
        // Some sites escape the description's HTML twice ("&lt;div&gt;…"): once read, it is still markup.
        if plain.containsBytes("</") || plain.containsBytes("<br") { plain = MainTextExtractor().text(ofFragment: plain) }
        return plain.isEmpty ? nil : plain
    }

    private func singleLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    private func list(_ value: JSONValue?) -> [JSONValue] {
        guard let value else { return [] }
        return value.arrayValue ?? [value]
    }

    private func strings(_ value: JSONValue?) -> [String] {
        list(value).compactMap(string)
    }

    /// A name: a string, or an object's `name`, or the first of a list.
    private func name(_ value: JSONValue?) -> String? {
        switch value {
        case .object(let object)?: return text(object["name"])
        case .array(let array)?: return array.lazy.compactMap(name).first
        default: return text(value)
        }
    }

    private func location(_ value: JSONValue?) -> String? {
        if let array = value?.arrayValue {
            var places: [String] = []
            for place in array.compactMap(location) where !places.contains(place) { places.append(place) }
            return places.isEmpty ? nil : places.joined(separator: "; ")
        }
        guard let object = value?.objectValue else { return text(value) }
        if let address = object["address"]?.objectValue {
            var parts: [String] = []
            for key in ["addressLocality", "addressRegion", "addressCountry"] {
                if let part = text(address[key]) ?? name(address[key]), !parts.contains(part) { parts.append(part) }
            }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        }
        return text(object["address"]) ?? text(object["name"])
    }

    /// `baseSalary` is a `MonetaryAmount` whose `value` is a number or a `QuantitativeValue`
    /// with `value`, `minValue`, `maxValue` and `unitText`.
    private func salary(_ value: JSONValue?) -> Salary? {
        guard let amount = value?.objectValue else { return nil }
        var salary = Salary(currency: string(amount["currency"])?.uppercased(), origin: .structuredData)
        func number(_ any: JSONValue?) -> Double? {
            if let number = any?.numberValue { return number }
            guard let text = string(any) else { return nil }
            // A number written as a string ("1e400" too: it is then refused as implausible, not read
            // as 1400), else the digits of a figure such as "$120,000.00".
            return Double(text.trimmed) ?? Double(text.filter { $0.isNumber || $0 == "." })
        }
        var unit = string(amount["unitText"])
        if let quantity = amount["value"]?.objectValue {
            salary.minimum = number(quantity["minValue"]) ?? number(quantity["value"])
            salary.maximum = number(quantity["maxValue"]) ?? number(quantity["value"])
            unit = string(quantity["unitText"]) ?? unit
        } else {
            salary.minimum = number(amount["minValue"]) ?? number(amount["value"])
            salary.maximum = number(amount["maxValue"]) ?? number(amount["value"])
        }
        salary.period = unit.flatMap(SalaryPeriod.init(unitText:))
        // Sites fill the block with zeros when they have no figure.
        if salary.minimum == 0 { salary.minimum = nil }
        if salary.maximum == 0 { salary.maximum = nil }
        return salary.minimum == nil && salary.maximum == nil ? nil : salary
    }

    private func identifier(_ value: JSONValue?) -> String? {
        if let object = value?.objectValue { return string(object["value"]) ?? string(object["name"]) }
        return string(value)
    }

    /// A requirement is text, or an `OccupationalExperienceRequirements` (months of experience)
    /// or an `EducationalOccupationalCredential` (credential category).
    private func requirement(_ value: JSONValue?) -> String? {
        if let text = text(value) { return text }
        if let array = value?.arrayValue {
            let parts = array.compactMap(requirement)
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        }
        guard let object = value?.objectValue else { return nil }
        if let months = string(object["monthsOfExperience"]) { return "\(months) months of experience" }
        return text(object["credentialCategory"]) ?? text(object["description"]) ?? text(object["name"])
    }
}
