import Foundation

/// One class of the role taxonomy.
public struct Role: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var description: String
}

/// Why a taxonomy file could not be used.
public enum TaxonomyError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String)
    case invalid(path: String, reason: String)
    case unsupportedVersion(path: String, found: Int, supported: Int)

    public var description: String {
        switch self {
        case .unreadable(let path):
            return "cannot read taxonomy file \(path). Check the path given to --taxonomy."
        case .invalid(let path, let reason):
            return "taxonomy file \(path) is not valid: \(reason)"
        case .unsupportedVersion(let path, let found, let supported):
            return "taxonomy file \(path) has formatVersion \(found); this jobsift reads version \(supported)."
        }
    }
}

/// The AI/ML roles jobsift classifies postings into, plus `other`.
public struct RoleTaxonomy: Sendable, Equatable, Codable {
    public static let formatVersion = 1
    /// The id of the class for postings that are not AI/ML roles.
    public static let otherRoleID = "other"

    public var formatVersion: Int
    public var roles: [Role]

    /// The role with `id`, or nil.
    public func role(id: String) -> Role? {
        roles.first { $0.id == id }
    }

    /// The display name for `id`, falling back to the id itself.
    public func name(of id: String) -> String {
        role(id: id)?.name ?? id
    }

    public static func load(from path: String) throws(TaxonomyError) -> RoleTaxonomy {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        let taxonomy: RoleTaxonomy
        do {
            taxonomy = try JSONDecoder().decode(RoleTaxonomy.self, from: data)
        } catch {
            throw .invalid(path: path, reason: describe(error))
        }
        guard taxonomy.formatVersion == formatVersion else {
            throw .unsupportedVersion(path: path, found: taxonomy.formatVersion, supported: formatVersion)
        }
        var seen = Set<String>()
        for role in taxonomy.roles {
            guard !role.id.isEmpty else { throw .invalid(path: path, reason: "a role has an empty id") }
            guard seen.insert(role.id).inserted else {
                throw .invalid(path: path, reason: "role id \"\(role.id)\" appears twice")
            }
        }
        return taxonomy
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing key \"\(key.stringValue)\" at \(path(context))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(context.debugDescription) at \(path(context))"
        case DecodingError.dataCorrupted(let context):
            return "not valid JSON (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))"
        default:
            return "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let components = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }
        return components.isEmpty ? "the top level" : components.joined()
    }
}
