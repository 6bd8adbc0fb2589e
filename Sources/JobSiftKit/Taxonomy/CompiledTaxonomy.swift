import Foundation

/// Why a compiled taxonomy file was not used. None of these is fatal: the loader reads the YAML
/// files instead, which gives the same taxonomy, only more slowly.
public enum CompiledTaxonomyError: Error, CustomStringConvertible, Equatable {
    case missing(path: String)
    case unreadable(path: String, reason: String)
    case notCompiledTaxonomy(path: String)
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    /// The YAML files changed since the file was compiled.
    case stale(path: String)
    case truncated(path: String, expected: Int, found: Int)
    case corrupted(path: String, reason: String)

    public var description: String {
        let (path, problem) = switch self {
        case .missing(let path): (path, "does not exist")
        case .unreadable(let path, let reason): (path, "cannot be read (\(reason))")
        case .notCompiledTaxonomy(let path): (path, "is not a compiled jobsift taxonomy (wrong magic bytes)")
        case .unsupportedVersion(let path, let found, let supported):
            (path, "has format version \(found), this jobsift reads version \(supported)")
        case .stale(let path): (path, "was compiled from other YAML than the folder holds now")
        case .truncated(let path, let expected, let found): (path, "is truncated: \(found) of \(expected) bytes")
        case .corrupted(let path, let reason): (path, "is corrupted (\(reason))")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return "\(path) \(problem); the YAML files are read instead. "
            + "Run `jobsift taxonomy --compile --taxonomy \(folder)` to write it."
    }
}

/// The taxonomy compiled to one binary file beside its YAML, so that start-up decodes it instead of
/// parsing 180 KB of YAML. It stands in for the YAML only while it matches it: its header holds a
/// hash of the three YAML files' bytes, and a file compiled from other bytes is not used.
///
/// Layout: magic `JSIFTTX\0` · UInt32 format version · UInt64 hash of the YAML files · UInt64
/// payload length · UInt64 FNV-1a checksum of the payload · payload. In the payload a string is
/// its UTF-8 length (UInt32) and bytes, a list its count (UInt32) and items, an `Int` 8 bytes: the
/// roles, the skill categories, the skills, the seniority levels, in file order. An alias is its
/// text, a byte of `AliasFields`, and the conditions that byte names.
public enum CompiledTaxonomy {
    public static let fileName = "compiled.jstx"
    /// Changes when the layout changes, and when what the YAML parser makes of a file does (a new
    /// field, a new default): a file compiled by another jobsift is then parsed again, not trusted.
    public static let formatVersion: UInt32 = 2
    static let magic: [UInt8] = Array("JSIFTTX\0".utf8)
    static let headerSize = 8 + 4 + 8 + 8 + 8

    /// The compiled file of a taxonomy folder.
    public static func path(inFolder folder: String) -> String {
        URL(fileURLWithPath: folder).appendingPathComponent(fileName).path
    }

    /// Parses the YAML files of `folder` and writes them compiled beside them, atomically (a reader
    /// never sees half a file). Returns the compiled file's path and size in bytes.
    @discardableResult
    public static func compile(folder: String) throws(TaxonomyError) -> (path: String, bytes: Int) {
        let sources = try TaxonomySources(folder: folder)
        let bytes = encode(try JobTaxonomy.parse(sources), sourceHash: sources.hash)
        let path = path(inFolder: folder)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .unwritable(path: path, reason: error.localizedDescription)
        }
        return (path, bytes.count)
    }

    /// Why the compiled file of `folder` would not be used to load it now, or nil when it would.
    public static func problem(inFolder folder: String) throws(TaxonomyError) -> CompiledTaxonomyError? {
        let sources = try TaxonomySources(folder: folder)
        guard case .failure(let problem) = read(folder: folder, sourceHash: sources.hash) else { return nil }
        return problem
    }

    /// Encodes `taxonomy`, parsed from YAML files whose `TaxonomySources.hash` is `sourceHash`.
    static func encode(_ taxonomy: JobTaxonomy, sourceHash: UInt64) -> [UInt8] {
        var payload = ByteWriter()
        payload.append(UInt32(taxonomy.roles.roles.count))
        for role in taxonomy.roles.roles {
            payload.append(role.id)
            payload.append(role.name)
            payload.append(role.description)
            payload.append(role.titlePatterns)
            payload.append(role.typicalSkills)
            payload.append(UInt32(role.occupationCodes.count))
            for code in role.occupationCodes {
                payload.append(code.system)
                payload.append(code.code)
                payload.append(code.title)
            }
        }
        payload.append(UInt32(taxonomy.skills.categories.count))
        for category in taxonomy.skills.categories {
            payload.append(category.id)
            payload.append(category.name)
        }
        payload.append(UInt32(taxonomy.skills.skills.count))
        for skill in taxonomy.skills.skills {
            payload.append(skill.id)
            payload.append(skill.name)
            payload.append(skill.category)
            append(skill.aliases, to: &payload)
        }
        payload.append(UInt32(taxonomy.seniority.levels.count))
        for level in taxonomy.seniority.levels {
            payload.append(level.id)
            payload.append(level.name)
            payload.append(level.minYears)
            append(level.titleWords, to: &payload)
            append(level.workPhrases, to: &payload)
        }

        var file = ByteWriter()
        file.append(magic)
        file.append(formatVersion)
        file.append(sourceHash)
        file.append(UInt64(payload.bytes.count))
        file.append(FNV1a.hash(payload.bytes))
        file.append(payload.bytes)
        return file.bytes
    }

    /// Which of an alias's conditions follow its text. Most aliases have none, and then take their
    /// text and one byte.
    private struct AliasFields: OptionSet {
        let rawValue: UInt8
        static let caseSensitive = AliasFields(rawValue: 1 << 0)
        static let context = AliasFields(rawValue: 1 << 1)
        static let notContext = AliasFields(rawValue: 1 << 2)
        static let notNext = AliasFields(rawValue: 1 << 3)
        static let notPrevious = AliasFields(rawValue: 1 << 4)
        static let window = AliasFields(rawValue: 1 << 5)
        static let implies = AliasFields(rawValue: 1 << 6)
        static let all: AliasFields = [.caseSensitive, .context, .notContext, .notNext, .notPrevious, .window, .implies]

        /// The lists in the order they are written, with the field each is present under.
        static let lists: [(field: AliasFields, list: WritableKeyPath<SkillAlias, [String]> & Sendable)] = [
            (.context, \.context), (.notContext, \.notContext), (.notNext, \.notNext), (.notPrevious, \.notPrevious),
        ]
    }

    private static func append(_ aliases: [SkillAlias], to writer: inout ByteWriter) {
        writer.append(UInt32(aliases.count))
        for alias in aliases {
            var fields: AliasFields = alias.caseSensitive ? .caseSensitive : []
            for (field, list) in AliasFields.lists where !alias[keyPath: list].isEmpty { fields.insert(field) }
            if alias.window != SkillAlias.defaultWindow { fields.insert(.window) }
            if !alias.implies.isEmpty { fields.insert(.implies) }
            writer.append(alias.text)
            writer.append(fields.rawValue)
            for (field, list) in AliasFields.lists where fields.contains(field) { writer.append(alias[keyPath: list]) }
            if fields.contains(.window) { writer.append(alias.window) }
            if fields.contains(.implies) { writer.append(alias.implies) }
        }
    }

    /// Decodes a compiled file's bytes when they were compiled from YAML whose hash is `sourceHash`;
    /// `path` only names the file in errors.
    static func decode(_ bytes: [UInt8], sourceHash: UInt64, path: String) throws(CompiledTaxonomyError) -> JobTaxonomy {
        guard bytes.count >= headerSize else { throw .truncated(path: path, expected: headerSize, found: bytes.count) }
        guard bytes.starts(with: magic) else { throw .notCompiledTaxonomy(path: path) }
        var header = ByteReader(bytes: bytes, position: magic.count)
        let version = header.readUInt32()!
        guard version == formatVersion else {
            throw .unsupportedVersion(path: path, found: version, supported: formatVersion)
        }
        guard header.readUInt64()! == sourceHash else { throw .stale(path: path) }
        let payloadLength = header.readUInt64()!
        let checksum = header.readUInt64()!
        let available = UInt64(bytes.count - headerSize)
        guard payloadLength <= available else {
            let expected = Int(exactly: UInt64(headerSize) + payloadLength) ?? .max
            throw .truncated(path: path, expected: expected, found: bytes.count)
        }
        guard payloadLength == available else {
            throw .corrupted(path: path, reason: "\(available - payloadLength) bytes past the end")
        }
        guard FNV1a.hash(bytes[headerSize...]) == checksum else { throw .corrupted(path: path, reason: "checksum mismatch") }

        var reader = ByteReader(bytes: bytes, position: headerSize)
        guard let taxonomy = readTaxonomy(&reader), reader.isAtEnd else {
            throw .corrupted(path: path, reason: "the payload does not hold a whole taxonomy")
        }
        return taxonomy
    }

    private static func readTaxonomy(_ reader: inout ByteReader) -> JobTaxonomy? {
        guard let roleCount = reader.readCount(minimumSize: 24) else { return nil }
        var roles: [Role] = []
        roles.reserveCapacity(roleCount)
        for _ in 0..<roleCount {
            guard let id = reader.readString(), let name = reader.readString(), let description = reader.readString(),
                  let titlePatterns = reader.readStrings(), let typicalSkills = reader.readStrings(),
                  let codeCount = reader.readCount(minimumSize: 12)
            else { return nil }
            var codes: [OccupationCode] = []
            for _ in 0..<codeCount {
                guard let system = reader.readString(), let code = reader.readString(), let title = reader.readString()
                else { return nil }
                codes.append(OccupationCode(system: system, code: code, title: title))
            }
            roles.append(Role(id: id, name: name, description: description, titlePatterns: titlePatterns,
                              typicalSkills: typicalSkills, occupationCodes: codes))
        }

        guard let categoryCount = reader.readCount(minimumSize: 8) else { return nil }
        var categories: [SkillCategory] = []
        categories.reserveCapacity(categoryCount)
        for _ in 0..<categoryCount {
            guard let id = reader.readString(), let name = reader.readString() else { return nil }
            categories.append(SkillCategory(id: id, name: name))
        }

        guard let skillCount = reader.readCount(minimumSize: 16) else { return nil }
        var skills: [Skill] = []
        skills.reserveCapacity(skillCount)
        for _ in 0..<skillCount {
            guard let id = reader.readString(), let name = reader.readString(), let category = reader.readString(),
                  let aliases = readAliases(&reader)
            else { return nil }
            skills.append(Skill(id: id, name: name, category: category, aliases: aliases))
        }

        guard let levelCount = reader.readCount(minimumSize: 20) else { return nil }
        var levels: [SeniorityLevel] = []
        levels.reserveCapacity(levelCount)
        for _ in 0..<levelCount {
            guard let id = reader.readString(), let name = reader.readString(), let minYears = reader.readInt(),
                  let titleWords = readAliases(&reader), let workPhrases = readAliases(&reader)
            else { return nil }
            levels.append(SeniorityLevel(id: id, name: name, minYears: minYears, titleWords: titleWords, workPhrases: workPhrases))
        }
        return JobTaxonomy(roles: RoleTaxonomy(roles: roles), skills: SkillTaxonomy(categories: categories, skills: skills),
                           seniority: SeniorityTaxonomy(levels: levels))
    }

    private static func readAliases(_ reader: inout ByteReader) -> [SkillAlias]? {
        guard let count = reader.readCount(minimumSize: 5) else { return nil }
        var aliases: [SkillAlias] = []
        aliases.reserveCapacity(count)
        for _ in 0..<count {
            guard let text = reader.readString(), let raw = reader.readUInt8(),
                  case let fields = AliasFields(rawValue: raw), AliasFields.all.isSuperset(of: fields)
            else { return nil }
            var alias = SkillAlias(text: text)
            alias.caseSensitive = fields.contains(.caseSensitive)
            for (field, list) in AliasFields.lists where fields.contains(field) {
                guard let strings = reader.readStrings() else { return nil }
                alias[keyPath: list] = strings
            }
            if fields.contains(.window) {
                guard let window = reader.readInt() else { return nil }
                alias.window = window
            }
            if fields.contains(.implies) {
                guard let implies = reader.readStrings() else { return nil }
                alias.implies = implies
            }
            aliases.append(alias)
        }
        return aliases
    }

    /// The taxonomy in the compiled file of `folder`, when it was compiled from YAML whose hash is `sourceHash`.
    static func read(folder: String, sourceHash: UInt64) -> Result<JobTaxonomy, CompiledTaxonomyError> {
        let path = path(inFolder: folder)
        let bytes: [UInt8]
        do throws(IngestError) {
            bytes = try LocalSource.readBytes(path: path)
        } catch {
            switch error {
            case .fileNotFound: return .failure(.missing(path: path))
            case .emptyInput: bytes = []
            default: return .failure(.unreadable(path: path, reason: error.reason))
            }
        }
        return Result { () throws(CompiledTaxonomyError) in try decode(bytes, sourceHash: sourceHash, path: path) }
    }
}
