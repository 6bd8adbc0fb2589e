import Foundation

/// Locations the tests read from: fixtures, the checkout, and the built binary.
enum Paths {
    /// The repository root (this file is Tests/JobSiftKitTests/Support/Paths.swift).
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    static func fixtureBytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixture(name)))
    }

    static var corpus: String { repository.appendingPathComponent("corpora/train").path }
    static var samples: URL { repository.appendingPathComponent("corpora/samples") }
    static var shippedModel: String { repository.appendingPathComponent("models/default/roles.jsm").path }
    static var shippedTaxonomy: String { repository.appendingPathComponent("models/taxonomy/roles.yaml").path }
    static var shippedTaxonomyFolder: String { repository.appendingPathComponent("models/taxonomy").path }
    static var shippedSkills: String { repository.appendingPathComponent("models/taxonomy/skills.yaml").path }
    static var shippedSeniority: String { repository.appendingPathComponent("models/taxonomy/seniority.yaml").path }

    /// The evaluation data beside the checkout (`../shared/data`); tests that read it are skipped without it.
    static var sharedData: URL { repository.deletingLastPathComponent().appendingPathComponent("shared/data") }
    static var hasSharedData: Bool { FileManager.default.fileExists(atPath: sharedData.appendingPathComponent("README.md").path) }

    /// The `jobsift` executable that `swift test` built next to the test bundle.
    static var executable: URL {
        let testBinaryFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let besideTests = testBinaryFolder.appendingPathComponent("jobsift")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
        return Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("jobsift")
    }
}
