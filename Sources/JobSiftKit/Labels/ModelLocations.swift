import Foundation

/// Where the shipped models and taxonomy live when no path is given.
public enum ModelLocations {
    /// The `models/` folder: `$JOBSIFT_MODELS` if set, else `./models` if present, else the one
    /// beside the checkout the running binary was built in (`<repo>/.build/<config>/jobsift`).
    public static func modelsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let configured = environment["JOBSIFT_MODELS"], !configured.isEmpty { return configured }
        let local = FileManager.default.currentDirectoryPath + "/models"
        if FileManager.default.fileExists(atPath: local + "/taxonomy") { return local }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("models")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("taxonomy").path) {
                return candidate.path
            }
            folder.deleteLastPathComponent()
        }
        return local
    }

    public static var defaultRoleModel: String { modelsDirectory() + "/default/roles.jsm" }
    public static var defaultTaxonomy: String { modelsDirectory() + "/taxonomy" }
}
