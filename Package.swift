// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Kadry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kadry", targets: ["kadry"]),
        .library(name: "KadryCore", targets: ["KadryCore"]),
        .library(name: "KadryMatcher", targets: ["KadryMatcher"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // Model, catalogue, instance/result coding and validation, rules, scoring. Pure: no I/O.
        .target(name: "KadryCore"),
        // The solver: eligible routes, optimisation, bounds, reasons. Depends on the core only.
        .target(name: "KadryMatcher", dependencies: ["KadryCore"]),
        // The register's data as people keep it: spreadsheet (CSV) reading and writing,
        // records in the spec's shapes, the quarterly report. Pure: no I/O.
        .target(name: "KadryRegister", dependencies: ["KadryCore"]),
        // (accounts hash passwords with bcrypt, from hummingbird-auth)
        // The register on disk: SQLite through GRDB (system libsqlite3; Debian: libsqlite3-dev),
        // migrations, imports, match runs, decisions, hires, audit log.
        .target(
            name: "KadryStore",
            dependencies: [
                "KadryCore", "KadryMatcher", "KadryRegister",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ]
        ),
        // The HTTP service (Hummingbird 2): the register over a JSON API with roles.
        .target(
            name: "KadryServer",
            dependencies: [
                "KadryCore", "KadryMatcher", "KadryRegister", "KadryStore",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // The web pages' templates and their style sheet, shipped inside the program.
            resources: [.copy("Pages/Templates"), .copy("Pages/Static")]
        ),
        // zlib from the system (Debian: zlib1g-dev), to read .json.gz instances.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The catalogue files of Catalog/, shipped inside the program.
        .target(
            name: "KadryCatalog",
            path: "Catalog",
            exclude: ["samples", "places.md"],
            sources: ["BundledCatalog.swift"],
            resources: [.copy("services.json"), .copy("credentials.json"), .copy("places.csv"), .copy("demo")]
        ),
        // The command-line tool: thin commands over the libraries.
        .executableTarget(
            name: "kadry",
            dependencies: [
                "KadryCore",
                "KadryMatcher",
                "KadryRegister",
                "KadryStore",
                "KadryServer",
                "KadryCatalog",
                "CZlib",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fixtures shared by the test targets: the catalogue, the shared examples, instance builders.
        .target(name: "KadryTestSupport", dependencies: ["KadryCore"], path: "Tests/KadryTestSupport"),
        .testTarget(name: "KadryCoreTests", dependencies: ["KadryCore", "KadryTestSupport"]),
        .testTarget(name: "KadryMatcherTests", dependencies: ["KadryCore", "KadryMatcher", "KadryTestSupport"]),
        .testTarget(name: "KadryRegisterTests", dependencies: ["KadryCore", "KadryMatcher", "KadryRegister", "KadryTestSupport"]),
        .testTarget(
            name: "KadryStoreTests",
            dependencies: ["KadryCore", "KadryRegister", "KadryStore", "KadryTestSupport"]
        ),
        .testTarget(
            name: "KadryServerTests",
            dependencies: [
                "KadryCore", "KadryRegister", "KadryStore", "KadryServer", "KadryTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
