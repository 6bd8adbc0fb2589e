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
    public static func inputs(for argument: String) throws(IngestError) -> (inputs: PostingInputList, ignored: Int) {
        if argument == "-" { return (PostingInputList([.standardInput]), 0) }
        if HTTPFetcher.isURL(argument) { return (PostingInputList([.url(argument)]), 0) }
        var info = stat()
        guard stat(argument, &info) == 0 else {
            throw errno == ENOENT || errno == ENOTDIR ? .fileNotFound(path: argument)
                : .unreadableFile(path: argument, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { return (PostingInputList([input(forFile: argument)]), 0) }

        // Paths are built from the argument so that reports name files the way the user does.
        let root = argument.count > 1 && argument.hasSuffix("/") ? String(argument.dropLast()) : argument
        var paths: [String] = []
        var ignored = 0
        try walk(folder: root) { path in
            if DatasetReader.format(ofPath: path) != nil || postingExtensions.contains(Self.extensionOf(path)) {
                paths.append(path)
            } else {
                ignored += 1
            }
        }
        return (PostingInputList(paths.sorted().lazy.map(input(forFile:))), ignored)
    }

    /// Calls `file` with the path of every regular file below `folder`, hidden ones left out.
    /// Links to files are followed; links to folders are not, so a link cycle cannot trap the walk.
    private static func walk(folder: String, _ file: (String) -> Void) throws(IngestError) {
        guard let directory = opendir(folder) else {
            throw .unreadableFile(path: folder, reason: "the folder cannot be listed (\(String(cString: strerror(errno))))")
        }
        defer { closedir(directory) }
        var subfolders: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard !name.hasPrefix(".") else { continue }
            let path = folder == "/" ? "/" + name : folder + "/" + name
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): file(path)
            case Int32(DT_DIR): subfolders.append(path)
            case Int32(DT_LNK), Int32(DT_UNKNOWN):
                var info = stat()
                if stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG {
                    file(path)
                } else if entry.pointee.d_type == DT_UNKNOWN, info.st_mode & S_IFMT == S_IFDIR {
                    subfolders.append(path)
                }
            default: continue
            }
        }
        for subfolder in subfolders {
            // A sub-folder that cannot be listed is skipped; the rest of the walk goes on.
            try? walk(folder: subfolder, file)
        }
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
