import Foundation

/// One thing postings are read from, as found from what a user named.
public enum PostingInput: Sendable, Equatable, CustomStringConvertible {
    /// A file holding one posting, or one page of them: HTML, JSON, text or Markdown, maybe gzipped.
    case file(path: String)
    /// A CSV, TSV or JSON Lines file with one posting per row.
    case dataset(path: String, format: DatasetReader.Format)
    case url(String)
    case standardInput

    public var description: String {
        switch self {
        case .file(let path), .dataset(let path, _): return path
        case .url(let url): return url
        case .standardInput: return "-"
        }
    }

    /// Extensions read when a folder is walked, also with `.gz` after them.
    static let postingExtensions: Set<String> = ["html", "htm", "xhtml", "json", "jsonld", "txt", "text", "md", "markdown"]

    /// The inputs an argument names: a URL, `-`, a file, or every posting and dataset file below a
    /// folder (recursively, in path order, hidden files left out). `ignored` counts the folder's
    /// files of other kinds.
    public static func inputs(for argument: String) throws(IngestError) -> (inputs: [PostingInput], ignored: Int) {
        if argument == "-" { return ([.standardInput], 0) }
        if HTTPFetcher.isURL(argument) { return ([.url(argument)], 0) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: argument)
        }
        guard isDirectory.boolValue else { return ([input(forFile: argument)], 0) }

        guard let walker = FileManager.default.enumerator(
            at: URL(fileURLWithPath: argument), includingPropertiesForKeys: [.isRegularFileKey],
            options: [.skipsHiddenFiles]) else {
            throw .unreadableFile(path: argument, reason: "the folder cannot be listed")
        }
        var paths: [String] = []
        var ignored = 0
        let root = argument.hasSuffix("/") ? String(argument.dropLast()) : argument
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            // Paths are built from the argument so that reports name files the way the user does.
            let relative = url.path.hasPrefix(URL(fileURLWithPath: root).path + "/")
                ? String(url.path.dropFirst(URL(fileURLWithPath: root).path.count + 1)) : url.lastPathComponent
            let path = root + "/" + relative
            if DatasetReader.format(ofPath: path) != nil || postingExtensions.contains(Self.extensionOf(path)) {
                paths.append(path)
            } else {
                ignored += 1
            }
        }
        return (paths.sorted().map(input(forFile:)), ignored)
    }

    private static func input(forFile path: String) -> PostingInput {
        DatasetReader.format(ofPath: path).map { .dataset(path: path, format: $0) } ?? .file(path: path)
    }

    /// The extension that says what a file holds, looking through a `.gz`.
    static func extensionOf(_ path: String) -> String {
        var name = (path as NSString).lastPathComponent.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        return (name as NSString).pathExtension
    }
}
