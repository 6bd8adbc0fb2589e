import Foundation

/// One thing postings are read from, as found from what a user named.
public enum PostingInput: Sendable, Equatable, CustomStringConvertible {
    /// A file holding one posting, or one page of them: HTML, JSON, text or Markdown, maybe gzipped.
    case file(path: String)
    /// A CSV, TSV or JSON Lines file with one posting per row.
    case dataset(path: String, format: DatasetReader.Format)
    /// A WARC file (a web crawl's archive): the HTML pages of its response records.
    case warc(path: String)
    case url(String)
    case standardInput

    public var description: String {
        switch self {
        case .file(let path), .dataset(let path, _), .warc(let path): return path
        case .url(let url): return url
        case .standardInput: return "-"
        }
    }

    /// Extensions read when a folder is walked, also with `.gz` after them.
    static let postingExtensions: Set<String> = ["html", "htm", "xhtml", "json", "jsonld", "txt", "text", "md", "markdown"]

    /// The inputs an argument names: a URL, `-`, a file, or every posting and dataset file below a
    /// folder (recursively, in path order, hidden files left out). `ignored` counts the folder's
    /// files of other kinds; `skipped` names what is in the folder but cannot be read (a sub-folder
    /// that cannot be listed, a link to a folder or to nothing, a name that is not UTF-8).
    public static func inputs(for argument: String) throws(IngestError)
        -> (inputs: PostingInputList, ignored: Int, skipped: [ReadFailure]) {
        if argument == "-" { return (PostingInputList([.standardInput]), 0, []) }
        if HTTPFetcher.isURL(argument) { return (PostingInputList([.url(argument)]), 0, []) }
        var info = stat()
        guard stat(argument, &info) == 0 else {
            throw errno == ENOENT || errno == ENOTDIR ? .fileNotFound(path: argument)
                : .unreadableFile(path: argument, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { return (PostingInputList([input(forFile: argument)]), 0, []) }

        // Paths are built from the argument so that reports name files the way the user does.
        let root = argument.count > 1 && argument.hasSuffix("/") ? String(argument.dropLast()) : argument
        var paths: [String] = []
        var ignored = 0
        var skipped: [ReadFailure] = []
        try walk(folder: root, file: { path in
            if DatasetReader.format(ofPath: path) != nil || postingExtensions.contains(Self.extensionOf(path))
                || WARCFile.isWARC(path: path) {
                paths.append(path)
            } else {
                ignored += 1
            }
        }, skipped: { skipped.append($0) })
        return (PostingInputList(paths.sorted().lazy.map(input(forFile:))), ignored, skipped.sorted { $0.source < $1.source })
    }

    /// Calls `file` with the path of every regular file below `folder`, hidden ones left out, and
    /// `skipped` for every entry that cannot be read, with the reason. Links to files are followed;
    /// links to folders are not, so a link cycle cannot trap the walk.
    private static func walk(folder: String, file: (String) -> Void, skipped: (ReadFailure) -> Void) throws(IngestError) {
        guard let directory = opendir(folder) else {
            throw .unreadableFile(path: folder, reason: "the folder cannot be listed (\(String(cString: strerror(errno))))")
        }
        defer { closedir(directory) }
        var subfolders: [String] = []
        while let entry = readdir(directory) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            guard bytes.first != UInt8(ascii: ".") else { continue }
            guard let name = String(validating: bytes, as: UTF8.self) else {
                let shown = String(decoding: bytes, as: UTF8.self)
                skipped(ReadFailure(source: folder + "/" + shown, reason: "the file name is not valid UTF-8; rename the file to read it"))
                continue
            }
            let path = folder == "/" ? "/" + name : folder + "/" + name
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): file(path)
            case Int32(DT_DIR): subfolders.append(path)
            case Int32(DT_LNK), Int32(DT_UNKNOWN):
                var info = stat()
                if stat(path, &info) != 0 {
                    skipped(ReadFailure(source: path, reason: "a link to nothing (\(String(cString: strerror(errno))))"))
                } else if info.st_mode & S_IFMT == S_IFREG {
                    file(path)
                } else if info.st_mode & S_IFMT == S_IFDIR {
                    if entry.pointee.d_type == DT_UNKNOWN {
                        subfolders.append(path)
                    } else {
                        skipped(ReadFailure(source: path, reason: "a link to a folder, which is not followed (so that a "
                                            + "link cycle cannot trap the walk); give the folder itself to read it"))
                    }
                }
            default: continue
            }
        }
        for subfolder in subfolders {
            // A sub-folder that cannot be listed is named; the rest of the walk goes on.
            do {
                try walk(folder: subfolder, file: file, skipped: skipped)
            } catch {
                skipped(ReadFailure(source: subfolder, reason: error.reason))
            }
        }
    }

    private static func input(forFile path: String) -> PostingInput {
        if WARCFile.isWARC(path: path) { return .warc(path: path) }
        return DatasetReader.format(ofPath: path).map { .dataset(path: path, format: $0) } ?? .file(path: path)
    }

    /// The extension that says what a file holds, looking through a `.gz`.
    static func extensionOf(_ path: String) -> String {
        var name = (path as NSString).lastPathComponent.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        return (name as NSString).pathExtension
    }
}
