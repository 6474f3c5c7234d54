// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "public-data-registry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "registry", targets: ["registry"]),
        .library(name: "RegistryCore", targets: ["RegistryCore"]),
        .library(name: "RegistryServer", targets: ["RegistryServer"]),
        .library(name: "RegistryWeb", targets: ["RegistryWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.30.0"),
        // AES-256-GCM, HKDF and HMAC for the encrypted backups (A35.1), SHA-256 of idempotent requests. Already in the
        // graph through swift-certificates (3.12.3..<6.0.0), so the range adds no second copy; 3.x and 4.x share the API.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // The web workspace (issue 18): logic-less templates from web/templates, bcrypt for sign-in passwords.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        // The connection pools run as services of the server's service group (already in the graph through Hummingbird).
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
    ],
    targets: [
        // C bridges
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),

        // Libraries
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Markdown",
            dependencies: ["CCmark"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RegistryCore",
            dependencies: [
                "Postgres",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The demo registry and the province-sized synthetic one, with their pinned clocks: the CLI's `seed`, never the server.
        .target(
            name: "RegistrySeeds",
            dependencies: ["RegistryCore", "Postgres", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Reports",
            dependencies: ["RegistryCore", "Postgres", "Markdown"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Backup",
            dependencies: [
                "Postgres",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RegistryServer",
            dependencies: [
                "Postgres",
                "RegistryCore",
                "Reports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // SHA-256 of a request sent with an Idempotency-Key.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.json")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RegistryWeb",
            dependencies: [
                "RegistryCore",
                // IdempotencyMiddleware: a form sent twice creates one record.
                "RegistryServer",
                "Reports",
                "Markdown",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "registry",
            dependencies: [
                "Backup",
                "RegistryCore",
                "RegistrySeeds",
                "Reports",
                "RegistryServer",
                "RegistryWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // Tests
        .target(
            name: "TestSupport",
            dependencies: ["Postgres", "RegistryCore"],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PostgresTests",
            dependencies: ["Postgres", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BackupTests",
            dependencies: ["Backup"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MarkdownTests",
            dependencies: ["Markdown"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "RegistryCore", "Postgres", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RegistryCoreTests",
            dependencies: ["RegistryCore", "Postgres", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RegistryCLITests",
            dependencies: ["registry", "RegistryCore", "TestSupport", "Postgres"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RegistryServerTests",
            dependencies: [
                "RegistryServer",
                "RegistryCore",
                "Postgres",
                "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            // Read by RouteMatrixTests from beside its source (#filePath), not bundled.
            exclude: ["RouteMatrix.txt"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RegistryWebTests",
            dependencies: [
                "RegistryWeb",
                "RegistryServer",
                "RegistryCore",
                "Postgres",
                "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
