// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "evidence-ledger",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "evidence-ledger", targets: ["evidence-ledger"]),
        .library(name: "Postgres", targets: ["Postgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Without its default traits: the web interface reads no swift-configuration files.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl"])]
        ),
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LedgerModel",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "Sanctions",
            dependencies: ["LedgerModel"]
        ),
        .target(
            name: "Transparency",
            dependencies: [
                "CLibCrypto",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Dossier",
            dependencies: [
                "LedgerModel",
                "Sanctions",
                "Transparency",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "LedgerStore",
            dependencies: [
                "Postgres",
                "LedgerModel",
                "Dossier",
                "Sanctions",
                "Transparency",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LedgerWeb",
            dependencies: [
                "Postgres",
                "LedgerModel",
                "LedgerStore",
                "Dossier",
                "Transparency",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "EvidenceLedgerCLI",
            dependencies: [
                "Postgres",
                "LedgerModel",
                "Transparency",
                "LedgerStore",
                "LedgerWeb",
                "Dossier",
                "Sanctions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "evidence-ledger",
            dependencies: ["EvidenceLedgerCLI", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "ledger-bench",
            dependencies: [
                "Postgres",
                "LedgerStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "LedgerTestSupport",
            dependencies: ["Postgres", "LedgerStore"],
            path: "Tests/LedgerTestSupport"
        ),
        .testTarget(
            name: "LedgerModelTests",
            dependencies: ["LedgerModel", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "SanctionsTests",
            dependencies: ["Sanctions", "LedgerModel"]
        ),
        .testTarget(
            name: "TransparencyTests",
            dependencies: ["Transparency", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Vectors")]
        ),
        .testTarget(
            name: "DossierTests",
            dependencies: ["Dossier", "Transparency"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "PostgresTests",
            dependencies: ["Postgres", "LedgerTestSupport"]
        ),
        .testTarget(
            name: "LedgerStoreTests",
            dependencies: ["LedgerStore", "LedgerModel", "Transparency", "Postgres", "LedgerTestSupport"]
        ),
        .testTarget(
            name: "LedgerWebTests",
            dependencies: ["LedgerWeb", "LedgerStore", "Postgres", "LedgerTestSupport", "Dossier", "Transparency"]
        ),
        .testTarget(
            name: "EvidenceLedgerCLITests",
            dependencies: ["EvidenceLedgerCLI", "evidence-ledger", "LedgerTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
