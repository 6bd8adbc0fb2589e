import Foundation

/// The three taxonomy files together: roles, skills and seniority levels, from one folder.
public struct JobTaxonomy: Sendable {
    public var roles: RoleTaxonomy
    public var skills: SkillTaxonomy
    public var seniority: SeniorityTaxonomy

    public static let fileNames = (roles: "roles.yaml", skills: "skills.yaml", seniority: "seniority.yaml")

    /// Loads `roles.yaml`, `skills.yaml` and `seniority.yaml` from `folder`, and checks that the
    /// roles' typical skills exist among the skills.
    public static func load(from folder: String) throws(TaxonomyError) -> JobTaxonomy {
        let base = URL(fileURLWithPath: folder)
        let rolesPath = base.appendingPathComponent(fileNames.roles).path
        let taxonomy = JobTaxonomy(
            roles: try RoleTaxonomy.load(from: rolesPath),
            skills: try SkillTaxonomy.load(from: base.appendingPathComponent(fileNames.skills).path),
            seniority: try SeniorityTaxonomy.load(from: base.appendingPathComponent(fileNames.seniority).path))
        let skillIDs = Set(taxonomy.skills.skills.map(\.id))
        for role in taxonomy.roles.roles {
            if let unknown = role.typicalSkills.first(where: { !skillIDs.contains($0) }) {
                throw .invalid(path: rolesPath, line: nil,
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
