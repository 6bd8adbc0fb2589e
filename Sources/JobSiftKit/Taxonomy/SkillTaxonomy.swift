import Foundation
import Yams

/// A way of writing a skill, with the conditions under which it counts when the words are ambiguous.
public struct SkillAlias: Sendable, Equatable {
    public var text: String
    /// The words must appear with exactly this capitalisation ("R", not "r").
    public var caseSensitive = false
    /// At least one of these must occur within `window` words (a corroborating skill or word).
    public var context: [String] = []
    /// None of these may occur within `window` words.
    public var notContext: [String] = []
    /// The word right after the match must not be one of these ("spark joy").
    public var notNext: [String] = []
    /// The word right before the match must not be one of these ("your CV").
    public var notPrevious: [String] = []
    public var window = SkillAlias.defaultWindow
    /// Other skills this wording names as well: "LLM inference" is inference optimisation and LLMs.
    public var implies: [String] = []

    /// The `window` of an alias that does not set one.
    public static let defaultWindow = 12

    public init(text: String) {
        self.text = text
    }

    /// True when the alias carries any condition beyond its words.
    public var isConditional: Bool {
        caseSensitive || !context.isEmpty || !notContext.isEmpty || !notNext.isEmpty || !notPrevious.isEmpty
    }
}

/// A canonical skill: PyTorch, LoRA, Kubernetes.
public struct Skill: Sendable, Equatable {
    public var id: String
    public var name: String
    public var category: String
    public var aliases: [SkillAlias]
}

public struct SkillCategory: Sendable, Equatable {
    public var id: String
    public var name: String
}

/// The skills jobsift recognises, loaded from `skills.yaml`.
public struct SkillTaxonomy: Sendable, Equatable, TaxonomyFile {
    public static let formatVersion = 1

    public var categories: [SkillCategory]
    public var skills: [Skill]

    public func skill(id: String) -> Skill? {
        skills.first { $0.id == id }
    }

    /// Parses the YAML text of a skills file, checking ids, categories and aliases;
    /// `path` names it in errors.
    public static func parse(_ text: String, path: String) throws(TaxonomyError) -> SkillTaxonomy {
        let reader = YAMLReader(path: path)
        let (root, top, entries) = try reader.document(text, version: formatVersion, list: "skills")

        var categories: [SkillCategory] = []
        for node in try reader.sequence(try reader.required(top, "categories", in: root, "the file"), "categories") {
            let fields = try reader.mapping(node, "a category")
            try reader.expectOnlyKeys(fields, ["id", "name"], "a category")
            categories.append(SkillCategory(
                id: try reader.requiredString(fields, "id", in: node, "a category"),
                name: try reader.requiredString(fields, "name", in: node, "a category")))
        }
        let categoryIDs = Set(categories.map(\.id))

        var skills: [Skill] = []
        var skillIDs = Set<String>()
        var aliasOwners: [String: String] = [:]
        var implications: [(id: String, node: Node)] = []
        for node in entries {
            let fields = try reader.mapping(node, "a skill")
            try reader.expectOnlyKeys(fields, ["id", "name", "category", "aliases"], "a skill")
            let id = try reader.requiredString(fields, "id", in: node, "a skill")
            guard skillIDs.insert(id).inserted else { throw reader.fail(node, "skill id \"\(id)\" appears twice") }
            let category = try reader.requiredString(fields, "category", in: node, "skill \(id)")
            guard categoryIDs.contains(category) else {
                throw reader.fail(fields["category"], "skill \(id) has category \"\(category)\", which is not among the categories")
            }
            var aliases: [SkillAlias] = []
            for aliasNode in try reader.sequence(try reader.required(fields, "aliases", in: node, "skill \(id)"),
                                                 "aliases of skill \(id)") {
                let alias = try parseAlias(aliasNode, owner: "skill \(id)", reader: reader)
                let key = alias.text.lowercased()
                if let owner = aliasOwners[key], owner != id {
                    throw reader.fail(aliasNode, "alias \"\(alias.text)\" of skill \(id) is already an alias of skill \(owner)")
                }
                aliasOwners[key] = id
                aliases.append(alias)
                implications += alias.implies.map { (id: $0, node: aliasNode) }
            }
            guard !aliases.isEmpty else { throw reader.fail(node, "skill \(id) has no aliases") }
            skills.append(Skill(
                id: id, name: try reader.requiredString(fields, "name", in: node, "skill \(id)"),
                category: category, aliases: aliases))
        }
        if let unknown = implications.first(where: { !skillIDs.contains($0.id) }) {
            throw reader.fail(unknown.node, "an alias implies skill \"\(unknown.id)\", which is not in the file")
        }
        return SkillTaxonomy(categories: categories, skills: skills)
    }

    /// An alias is a plain string, or a mapping with `text` and the conditions under which it counts.
    static func parseAlias(_ node: Node, owner: String, reader: YAMLReader) throws(TaxonomyError) -> SkillAlias {
        let what = "an alias of \(owner)"
        if node.scalar != nil {
            let text = try reader.string(node, what)
            guard Tokenizer(stopWords: []).tokens(text).count > 0 else {
                throw reader.fail(node, "\(what), \"\(text)\", has no letters or digits to match")
            }
            return SkillAlias(text: text)
        }
        let fields = try reader.mapping(node, what)
        try reader.expectOnlyKeys(
            fields, ["text", "caseSensitive", "context", "notContext", "notNext", "notPrevious", "window", "implies"], what)
        var alias = SkillAlias(text: try reader.requiredString(fields, "text", in: node, what))
        alias.caseSensitive = try reader.optionalBool(fields, "caseSensitive", what) ?? false
        alias.context = try reader.stringList(fields, "context", what)
        alias.notContext = try reader.stringList(fields, "notContext", what)
        alias.notNext = try reader.stringList(fields, "notNext", what)
        alias.notPrevious = try reader.stringList(fields, "notPrevious", what)
        alias.window = try reader.optionalInt(fields, "window", what) ?? SkillAlias.defaultWindow
        alias.implies = try reader.stringList(fields, "implies", what)
        guard alias.window > 0 else { throw reader.fail(fields["window"], "window of \(what) must be above 0") }
        guard Tokenizer(stopWords: []).tokens(alias.text).count > 0 else {
            throw reader.fail(node, "\(what), \"\(alias.text)\", has no letters or digits to match")
        }
        return alias
    }
}
