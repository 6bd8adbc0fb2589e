import Foundation

/// The three taxonomy files together: roles, skills and seniority levels, from one folder.
public struct JobTaxonomy: Sendable, Equatable {
    public var roles: RoleTaxonomy
    public var skills: SkillTaxonomy
    public var seniority: SeniorityTaxonomy

    public static let fileNames = (roles: "roles.yaml", skills: "skills.yaml", seniority: "seniority.yaml")

    /// Loads `roles.yaml`, `skills.yaml` and `seniority.yaml` from `folder`, and checks that the
    /// roles' typical skills exist among the skills.
    ///
    /// The folder's compiled file (`CompiledTaxonomy`) is decoded instead of the YAML when it was
    /// compiled from exactly the YAML bytes the folder holds now; any other compiled file is passed over.
    public static func load(from folder: String) throws(TaxonomyError) -> JobTaxonomy {
        let sources = try TaxonomySources(folder: folder)
        if case .success(let compiled) = CompiledTaxonomy.read(folder: folder, sourceHash: sources.hash) {
            return compiled
        }
        return try parse(sources)
    }

    /// Parses and checks the YAML files, never the compiled file.
    static func parse(_ sources: TaxonomySources) throws(TaxonomyError) -> JobTaxonomy {
        let taxonomy = JobTaxonomy(
            roles: try RoleTaxonomy.parse(sources.roles.text, path: sources.roles.path),
            skills: try SkillTaxonomy.parse(sources.skills.text, path: sources.skills.path),
            seniority: try SeniorityTaxonomy.parse(sources.seniority.text, path: sources.seniority.path))
        let skillIDs = Set(taxonomy.skills.skills.map(\.id))
        for role in taxonomy.roles.roles {
            if let unknown = role.typicalSkills.first(where: { !skillIDs.contains($0) }) {
                throw .invalid(path: sources.roles.path, line: nil,
                               reason: "role \(role.id) lists typical skill \"\(unknown)\", which is not in \(fileNames.skills)")
            }
        }
        return taxonomy
    }

    /// Validates one taxonomy file of any of the three kinds, told apart by their top-level key.
    /// Returns a one-line summary of what the file holds.
    public static func check(file path: String) throws(TaxonomyError) -> String {
        let text = try YAMLReader.text(ofFile: path)
        let reader = YAMLReader(path: path)
        let root = try reader.mapping(try reader.root(of: text), "the file")
        if root["roles"] != nil {
            return "\(path): \(try RoleTaxonomy.parse(text, path: path).roles.count) roles, valid"
        }
        if root["skills"] != nil {
            let skills = try SkillTaxonomy.parse(text, path: path)
            let aliases = skills.skills.reduce(0) { $0 + $1.aliases.count }
            return "\(path): \(skills.skills.count) skills in \(skills.categories.count) categories, \(aliases) aliases, valid"
        }
        if root["levels"] != nil {
            return "\(path): \(try SeniorityTaxonomy.parse(text, path: path).levels.count) seniority levels, valid"
        }
        throw .invalid(path: path, line: 1, reason: "not a taxonomy file: expected a top-level roles, skills or levels key")
    }
}

/// The bytes of a folder's three YAML files, read once: hashed to find a compiled file made from
/// them, and parsed when there is none.
struct TaxonomySources {
    struct File {
        let path: String
        let bytes: [UInt8]

        init(folder: URL, name: String) throws(TaxonomyError) {
            path = folder.appendingPathComponent(name).path
            bytes = try YAMLReader.bytes(ofFile: path)
        }

        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    let roles: File
    let skills: File
    let seniority: File

    init(folder: String) throws(TaxonomyError) {
        let url = URL(fileURLWithPath: folder)
        let names = JobTaxonomy.fileNames
        roles = try File(folder: url, name: names.roles)
        skills = try File(folder: url, name: names.skills)
        seniority = try File(folder: url, name: names.seniority)
    }

    /// FNV-1a over each file's length and bytes: hashing is cheap next to parsing, and with the
    /// lengths in, bytes moved from the end of one file to the start of the next change it too.
    var hash: UInt64 {
        var hash = FNV1a()
        for file in [roles, skills, seniority] {
            hash.add(UInt64(file.bytes.count))
            hash.add(file.bytes)
        }
        return hash.value
    }
}
