extension ExportRecord {
    /// The record as one line of JSON, keys sorted and absent values left out: byte for byte what
    /// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` writes, in a fraction of the
    /// time (`stream` writes one record per posting, and the encoder took a tenth of its time).
    public var jsonLine: String {
        var json = JSONLineWriter()
        json.bytes.reserveCapacity(2048 + (text?.utf8.count ?? 0))
        json.bytes.append(UInt8(ascii: "{"))
        if let bandKeys { json.member("band_keys") { $0.array(bandKeys) { $0.string($1) } } }
        json.member("company", company)
        json.member("date_posted", datePosted)
        json.member("duplicate_of", duplicateOf)
        json.member("employment_type", employmentType)
        json.member("id", id)
        json.member("language", language)
        json.member("location", location)
        json.member("model_version", modelVersion)
        json.member("origin", origin)
        json.member("preferred_skills") { $0.array(preferredSkills) { $0.string($1) } }
        json.member("required_skills") { $0.array(requiredSkills) { $0.string($1) } }
        json.member("role", role)
        json.member("role_probability") { $0.number(roleProbability) }
        if let roleScores {
            json.member("role_scores") { json in
                json.bytes.append(UInt8(ascii: "{"))
                for (role, probability) in roleScores.sorted(by: { $0.key < $1.key }) {
                    json.member(role) { $0.number(probability) }
                }
                json.bytes.append(UInt8(ascii: "}"))
            }
        }
        json.member("role_uncertain") { $0.bool(roleUncertain) }
        json.member("salary_currency", salaryCurrency)
        if let salaryMax { json.member("salary_max") { $0.number(salaryMax) } }
        if let salaryMin { json.member("salary_min") { $0.number(salaryMin) } }
        json.member("salary_period", salaryPeriod)
        json.member("second_role", secondRole)
        json.member("seniority", seniority)
        json.member("signature", signature)
        if let skills {
            json.member("skills") {
                $0.array(skills) { json, skill in
                    json.bytes.append(UInt8(ascii: "{"))
                    json.member("category", skill.category)
                    json.member("demand", skill.demand.rawValue)
                    json.member("id", skill.id)
                    json.member("mentions") { $0.integer(skill.mentions) }
                    json.bytes.append(UInt8(ascii: "}"))
                }
            }
        }
        json.member("source", source)
        json.member("taxonomy_version", taxonomyVersion)
        json.member("text", text)
        json.member("title", title)
        json.member("valid_through", validThrough)
        json.member("workplace", workplace)
        if let yearsMax { json.member("years_max") { $0.integer(yearsMax) } }
        if let yearsMin { json.member("years_min") { $0.integer(yearsMin) } }
        json.bytes.append(UInt8(ascii: "}"))
        return String(decoding: json.bytes, as: UTF8.self)
    }
}

/// Writes JSON as UTF-8 bytes the way `JSONEncoder` does without pretty printing.
private struct JSONLineWriter {
    var bytes: [UInt8] = []

    /// `"key":` and the value `write` adds, after a comma unless it is the first member.
    mutating func member(_ key: String, _ write: (inout JSONLineWriter) -> Void) {
        if let last = bytes.last, last != UInt8(ascii: "{") { bytes.append(UInt8(ascii: ",")) }
        string(key)
        bytes.append(UInt8(ascii: ":"))
        write(&self)
    }

    /// A string member, left out when the value is nil.
    mutating func member(_ key: String, _ value: String?) {
        guard let value else { return }
        member(key) { $0.string(value) }
    }

    mutating func array<Element>(_ elements: [Element], _ write: (inout JSONLineWriter, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(&self, element)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// As the encoder writes a `Double`: its shortest form, without a trailing ".0". A value
    /// JSON cannot hold (infinite, not a number) is written as null.
    mutating func number(_ value: Double) {
        guard value.isFinite else { return bytes.append(contentsOf: "null".utf8) }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func bool(_ value: Bool) {
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }
}
