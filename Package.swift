// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "lorabook",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lorabook", targets: ["lorabook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries: shims only.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas"),
        .systemLibrary(name: "CCmarkGFM", path: "Sources/CCmarkGFM"),

        // Engine and data modules, each usable alone.
        .target(name: "DataStore"),
        .target(name: "Tokenizer"),
        .target(name: "E2E", dependencies: ["Tokenizer"]),
        .target(name: "GPT2", dependencies: ["CBLAS"]),
        .target(name: "Metrics"),

        // Notebook runner.
        .target(name: "Notebook", dependencies: ["CCmarkGFM"]),
        .target(name: "Script"),
        .target(name: "Report"),
        .target(name: "Runner", dependencies: ["DataStore"]),

        .executableTarget(
            name: "lorabook",
            dependencies: [
                "DataStore", "Tokenizer", "E2E", "GPT2", "Metrics", "Notebook", "Script", "Report", "Runner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "DataStoreTests", dependencies: ["DataStore"]),
        .testTarget(name: "RunnerTests", dependencies: ["Runner"]),
        .testTarget(name: "GPT2Tests", dependencies: ["GPT2"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer", "DataStore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "E2ETests", dependencies: ["E2E", "Tokenizer", "DataStore"]),
    ],
    swiftLanguageModes: [.v6]
)
