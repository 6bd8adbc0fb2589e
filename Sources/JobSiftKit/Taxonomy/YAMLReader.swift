import Foundation
import Yams

/// Why a taxonomy file could not be used; messages name the file and, where known, the line.
public enum TaxonomyError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String)
    case invalid(path: String, line: Int?, reason: String)
    case unsupportedVersion(path: String, found: Int, supported: Int)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path):
            return "cannot read taxonomy file \(path). Check the path given to --taxonomy."
        case .invalid(let path, let line, let reason):
            return "\(path)\(line.map { ":\($0)" } ?? ""): \(reason)"
        case .unsupportedVersion(let path, let found, let supported):
            return "\(path): formatVersion \(found) is not supported; this jobsift reads version \(supported)."
        case .unwritable(let path, let reason):
            return "cannot write \(path): \(reason). Check that the taxonomy folder is writable."
        }
    }
}

/// Reads typed values out of a YAML tree, turning every mismatch into a `TaxonomyError` that
/// points at the line of the offending node.
struct YAMLReader {
    let path: String

    /// Only the tags our files use: every scalar is tried against each rule's regular expression,
    /// and the default set (floats, timestamps, merge keys) tripled the load time of `skills.yaml`.
    private static let resolver = Resolver.basic.appending(.bool).appending(.int).appending(.null)

    /// Parses `text` into its root node; a syntax error names its line.
    func root(of text: String) throws(TaxonomyError) -> Node {
        do {
            guard let node = try Yams.compose(yaml: text, Self.resolver) else { throw fail(nil, "the file is empty") }
            return node
        } catch let error as TaxonomyError {
            throw error
        } catch let error as YamlError {
            throw syntaxError(error)
        } catch {
            throw fail(nil, "\(error)")
        }
    }

    func fail(_ node: Node?, _ reason: String) -> TaxonomyError {
        .invalid(path: path, line: node?.mark?.line, reason: reason)
    }

    func mapping(_ node: Node, _ what: String) throws(TaxonomyError) -> Node.Mapping {
        guard let mapping = node.mapping else { throw fail(node, "\(what) must be a mapping of key: value lines") }
        return mapping
    }

    func sequence(_ node: Node, _ what: String) throws(TaxonomyError) -> [Node] {
        guard let sequence = node.sequence else { throw fail(node, "\(what) must be a list") }
        return Array(sequence)
    }

    func string(_ node: Node, _ what: String) throws(TaxonomyError) -> String {
        guard let scalar = node.scalar else { throw fail(node, "\(what) must be a single value, not a list or mapping") }
        return scalar.string
    }

    /// The value under `key`, failing with the owner's line when it is missing.
    func required(_ mapping: Node.Mapping, _ key: String, in owner: Node, _ what: String) throws(TaxonomyError) -> Node {
        guard let value = mapping[key] else { throw fail(owner, "\(what) has no \"\(key)\"") }
        return value
    }

    func requiredString(_ mapping: Node.Mapping, _ key: String, in owner: Node, _ what: String) throws(TaxonomyError) -> String {
        let value = try string(try required(mapping, key, in: owner, what), "\(key) of \(what)")
        guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail(owner, "\(what) has an empty \"\(key)\"")
        }
        return value
    }

    func optionalString(_ mapping: Node.Mapping, _ key: String, _ what: String) throws(TaxonomyError) -> String? {
        guard let value = mapping[key] else { return nil }
        return try string(value, "\(key) of \(what)")
    }

    func stringList(_ mapping: Node.Mapping, _ key: String, _ what: String) throws(TaxonomyError) -> [String] {
        guard let value = mapping[key] else { return [] }
        var result: [String] = []
        for item in try sequence(value, "\(key) of \(what)") {
            result.append(try string(item, "an entry of \(key) of \(what)"))
        }
        return result
    }

    func optionalInt(_ mapping: Node.Mapping, _ key: String, _ what: String) throws(TaxonomyError) -> Int? {
        guard let value = mapping[key] else { return nil }
        guard let number = value.int else { throw fail(value, "\(key) of \(what) must be a whole number") }
        return number
    }

    func optionalBool(_ mapping: Node.Mapping, _ key: String, _ what: String) throws(TaxonomyError) -> Bool? {
        guard let value = mapping[key] else { return nil }
        guard let flag = value.bool else { throw fail(value, "\(key) of \(what) must be true or false") }
        return flag
    }

    /// Refuses keys the schema does not know, so a misspelt key is not silently ignored.
    func expectOnlyKeys(_ mapping: Node.Mapping, _ allowed: Set<String>, _ what: String) throws(TaxonomyError) {
        for (key, _) in mapping {
            guard let name = key.string, allowed.contains(name) else {
                throw fail(key, "\(what) has an unknown key \"\(key.string ?? "?")\"; "
                    + "known keys: \(allowed.sorted().joined(separator: ", "))")
            }
        }
    }

    /// Checks `formatVersion` at the top of a file.
    func checkVersion(_ mapping: Node.Mapping, in root: Node, supported: Int) throws(TaxonomyError) {
        let node = try required(mapping, "formatVersion", in: root, "the file")
        guard let version = node.int else { throw fail(node, "formatVersion must be a whole number") }
        guard version == supported else {
            throw .unsupportedVersion(path: path, found: version, supported: supported)
        }
    }

    private func syntaxError(_ error: YamlError) -> TaxonomyError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return .invalid(path: path, line: mark.line, reason: "YAML syntax: \(problem) (column \(mark.column))")
        default:
            return .invalid(path: path, line: nil, reason: "YAML: \(error)")
        }
    }
}

/// A taxonomy file kind: parsed from YAML text, loaded from a path.
public protocol TaxonomyFile {
    /// Parses the file's YAML text; `path` names it in errors.
    static func parse(_ text: String, path: String) throws(TaxonomyError) -> Self
}

extension TaxonomyFile {
    /// Reads and parses the file at `path`.
    public static func load(from path: String) throws(TaxonomyError) -> Self {
        try parse(YAMLReader.text(ofFile: path), path: path)
    }
}

extension YAMLReader {
    /// Parses a taxonomy file's text: its top mapping, with `formatVersion` checked, and the
    /// entries of its main list (`roles`, `skills`, `levels`).
    func document(_ text: String, version: Int, list key: String) throws(TaxonomyError)
        -> (root: Node, top: Node.Mapping, entries: [Node]) {
        let root = try root(of: text)
        let top = try mapping(root, "the file")
        try checkVersion(top, in: root, supported: version)
        return (root, top, try sequence(try required(top, key, in: root, "the file"), key))
    }

    /// Reads a file's text, or fails naming it.
    static func text(ofFile path: String) throws(TaxonomyError) -> String {
        String(decoding: try bytes(ofFile: path), as: UTF8.self)
    }

    /// Reads a file's bytes, or fails naming it; an empty file is no bytes, which the parser
    /// then reports as empty.
    static func bytes(ofFile path: String) throws(TaxonomyError) -> [UInt8] {
        do throws(IngestError) {
            return try LocalSource.readBytes(path: path)
        } catch {
            if case .emptyInput = error { return [] }
            throw .unreadable(path: path)
        }
    }
}
