import Foundation

/// A standard occupation code a role corresponds to (US SOC 2018, O*NET-SOC).
public struct OccupationCode: Sendable, Equatable, Codable {
    public var system: String
    public var code: String
    public var title: String
}

/// One class of the role taxonomy.
public struct Role: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var description: String
    /// Phrases that name the role in a job title ("machine learning engineer").
    public var titlePatterns: [String] = []
    /// Skill ids the role usually asks for.
    public var typicalSkills: [String] = []
    public var occupationCodes: [OccupationCode] = []
}

/// The AI/ML roles jobsift classifies postings into, plus `other`.
public struct RoleTaxonomy: Sendable, Equatable, TaxonomyFile {
    public static let formatVersion = 1
    /// The id of the class for postings that are not AI/ML roles.
    public static let otherRoleID = "other"

    public var roles: [Role]

    public init(roles: [Role]) {
        self.roles = roles
    }

    /// The role with `id`, or nil.
    public func role(id: String) -> Role? {
        roles.first { $0.id == id }
    }

    /// The display name for `id`, falling back to the id itself.
    public func name(of id: String) -> String {
        role(id: id)?.name ?? id
    }

    /// Parses the YAML text of a roles file; `path` names it in errors.
    public static func parse(_ text: String, path: String) throws(TaxonomyError) -> RoleTaxonomy {
        let reader = YAMLReader(path: path)
        let (root, _, entries) = try reader.document(text, version: formatVersion, list: "roles")
        var roles: [Role] = []
        var seen = Set<String>()
        for node in entries {
            let fields = try reader.mapping(node, "a role")
            try reader.expectOnlyKeys(
                fields, ["id", "name", "description", "titlePatterns", "typicalSkills", "occupationCodes"], "a role")
            let id = try reader.requiredString(fields, "id", in: node, "a role")
            let what = "role \(id)"
            guard seen.insert(id).inserted else { throw reader.fail(node, "role id \"\(id)\" appears twice") }
            var codes: [OccupationCode] = []
            if let list = fields["occupationCodes"] {
                for codeNode in try reader.sequence(list, "occupationCodes of \(what)") {
                    let code = try reader.mapping(codeNode, "an occupation code of \(what)")
                    codes.append(OccupationCode(
                        system: try reader.requiredString(code, "system", in: codeNode, "an occupation code"),
                        code: try reader.requiredString(code, "code", in: codeNode, "an occupation code"),
                        title: try reader.requiredString(code, "title", in: codeNode, "an occupation code")))
                }
            }
            roles.append(Role(
                id: id, name: try reader.requiredString(fields, "name", in: node, what),
                description: try reader.optionalString(fields, "description", what) ?? "",
                titlePatterns: try reader.stringList(fields, "titlePatterns", what),
                typicalSkills: try reader.stringList(fields, "typicalSkills", what),
                occupationCodes: codes))
        }
        guard !roles.isEmpty else { throw reader.fail(root, "the file lists no roles") }
        return RoleTaxonomy(roles: roles)
    }
}
