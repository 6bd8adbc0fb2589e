// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "jobsift",
    products: [
        .executable(name: "jobsift", targets: ["jobsift"]),
        .library(name: "JobSiftKit", targets: ["JobSiftKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // libcurl's headers only: the library is opened with dlopen on the first fetch (see
        // shim.h), so neither the module map nor pkg-config may add -lcurl to the link.
        .systemLibrary(name: "CCurl"),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(name: "CMalloc"),
        .target(
            name: "JobSiftKit",
            dependencies: ["CLibXML2", "CCurl", "CZlib", "CSQLite", "CMalloc", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "jobsift",
            dependencies: [
                "JobSiftKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "JobSiftKitTests",
            dependencies: ["JobSiftKit"],
            resources: [.copy("Fixtures")]
        ),
    ]
)

// The libFuzzer targets, only for scripts/fuzz, which builds them with -sanitize=fuzzer,address.
if ProcessInfo.processInfo.environment["JOBSIFT_FUZZ"] != nil {
    package.targets.append(.executableTarget(name: "jobsift-fuzz", dependencies: ["JobSiftKit"], path: "Tests/Fuzz"))
}
