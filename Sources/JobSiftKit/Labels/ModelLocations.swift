import Foundation

/// jobsift's version, as `jobsift --version` and the HTTP API report it.
public enum JobSiftVersion {
    public static let current = "0.19.0"
}

/// Where the shipped models and taxonomy live when no path is given.
public enum ModelLocations {
    /// The `models/` folder, the first of these that holds a taxonomy:
    /// 1. `$JOBSIFT_MODELS`, when set (used whether or not it holds one, so a wrong path is named);
    /// 2. `./models`;
    /// 3. `PREFIX/share/jobsift` beside an installed `PREFIX/bin/jobsift` (`scripts/install`);
    /// 4. the `models/` of the checkout the running binary was built in (`<repo>/.build/<config>/jobsift`).
    /// Without any, `./models`, which the error about the missing file then names.
    public static func modelsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let configured = environment["JOBSIFT_MODELS"], !configured.isEmpty { return configured }
        return searchedDirectories().first(where: holdsTaxonomy) ?? localDirectory
    }

    /// The folders searched after `$JOBSIFT_MODELS`, in order.
    public static func searchedDirectories() -> [String] {
        var folders = [localDirectory]
        if let executable = executableURL {
            let binFolder = executable.deletingLastPathComponent()
            folders.append(binFolder.deletingLastPathComponent().appendingPathComponent("share/jobsift").path)
            var folder = binFolder
            for _ in 0..<4 {
                folders.append(folder.appendingPathComponent("models").path)
                folder.deleteLastPathComponent()
            }
        }
        var seen = Set<String>()
        return folders.filter { seen.insert($0).inserted }
    }

    /// True when `path` is the default location and holds no taxonomy: jobsift found no models.
    public static func isMissingDefault(_ path: String, given: String?) -> Bool {
        given == nil && !FileManager.default.fileExists(atPath: path)
    }

    /// What to tell a user whose default model or taxonomy (`missing`) was not found: where jobsift
    /// looked, and what to do.
    public static func notFoundAdvice(missing: String) -> String {
        var places = ProcessInfo.processInfo.environment["JOBSIFT_MODELS"].map { ["$JOBSIFT_MODELS (\($0))"] } ?? []
        places += searchedDirectories()
        return "no \(missing); jobsift looks for a models folder in " + places.joined(separator: ", ")
            + ". Install jobsift with `scripts/install PREFIX` from its checkout (the models go to PREFIX/share/jobsift), "
            + "set JOBSIFT_MODELS to a models folder, or pass --model and --taxonomy."
    }

    public static var defaultRoleModel: String { modelsDirectory() + "/default/roles.jsm" }
    public static var defaultTaxonomy: String { modelsDirectory() + "/taxonomy" }

    private static var localDirectory: String { FileManager.default.currentDirectoryPath + "/models" }

    private static func holdsTaxonomy(_ folder: String) -> Bool {
        FileManager.default.fileExists(atPath: folder + "/taxonomy")
    }

    /// The running binary, resolved through links: invoked from the PATH, its first argument is a
    /// bare name that says nothing of where it lives.
    private static var executableURL: URL? {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: path)
        }
        #endif
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }
}
