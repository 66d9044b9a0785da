// swift-tools-version: 6.0
import Foundation
import PackageDescription

// The CPU the engine (GPT2) is compiled for: LORABOOK_TARGET_CPU, an x86-64 level as glibc names it, x86-64-v3
// (AVX2, FMA, BMI2: compiled as `haswell`, which has exactly those) or x86-64-v4 (AVX-512 F/BW/CD/DQ/VL:
// `skylake-avx512`, which adds a few instructions Swift code does not use); the compiler takes CPU names, not levels.
// Unset or empty: the toolchain's baseline x86-64, which runs on every x86-64 machine. `make` sets the highest level
// the building machine runs (see the Makefile), so a binary never holds an instruction its machine lacks.
// The engine computes the same bits either way (bench/RESULTS.md); still, the EngineDigest plugin digests the value
// with the engine's sources, so cached cells never cross builds.
let targetCPUs = ["x86-64-v3": "haswell", "x86-64-v4": "skylake-avx512"]
let targetLevel = ProcessInfo.processInfo.environment["LORABOOK_TARGET_CPU"] ?? ""
guard targetLevel.isEmpty || targetCPUs[targetLevel] != nil else {
    fatalError("LORABOOK_TARGET_CPU must be x86-64-v3, x86-64-v4 or empty, not '\(targetLevel)'")
}
let engineSettings: [SwiftSetting] = targetCPUs[targetLevel].map { [.unsafeFlags(["-target-cpu", $0])] } ?? []

let package = Package(
    name: "lorabook",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lorabook", targets: ["lorabook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Seeded, shrinking generators for the parser and reader property tests.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // Front matter and --params files.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The HTTP server behind `lorabook watch` (small, no other dependencies).
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        // SHA-256 for the data check, the cell cache and the engine digest.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // System libraries: shims only.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas"),
        .systemLibrary(name: "CCmarkGFM", path: "Sources/CCmarkGFM"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c"),

        // Engine and data modules, each usable alone.
        .target(name: "DataStore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Seeded random generators (SplitMix64 and xoshiro256**): every shuffle and every draw of the engine.
        .target(name: "SeededRandom"),
        // Files and folders written under a temporary name and renamed into place.
        .target(name: "AtomicWrite"),
        // GPT-2's fixed token ids (end-of-text, the blank line, the vocabulary size).
        .target(name: "GPT2TokenIDs"),
        .target(name: "Tokenizer", dependencies: ["GPT2TokenIDs"]),
        .target(name: "E2E", dependencies: ["Tokenizer", "GPT2TokenIDs", "SeededRandom"]),
        .target(name: "GPT2", dependencies: ["CBLAS", "GPT2TokenIDs", "SeededRandom", "AtomicWrite"],
                swiftSettings: engineSettings),
        .target(name: "Metrics", dependencies: ["CZlib", "AtomicWrite"]),

        // Processes of one run under mpirun (Open MPI); one process and no MPI call without it.
        .target(name: "Distributed", dependencies: ["CMPI"]),

        // Notebook runner.
        .target(name: "Notebook", dependencies: ["CCmarkGFM", .product(name: "Yams", package: "Yams")]),
        .target(name: "Script"),
        // The report page's stylesheet and script: real .css/.js files in assets/, embedded into the binary at
        // build time and inlined into every page, so a page loads nothing from outside.
        .target(name: "ReportAssets", path: "assets", exclude: ["README.md"], sources: ["ReportAssets.swift"],
                resources: [.embedInCode("report.css"), .embedInCode("report.js")]),
        .target(name: "Report", dependencies: ["ReportAssets", "AtomicWrite"]),
        .target(name: "Runner", dependencies: ["DataStore", "Notebook", "Script", "Report", "AtomicWrite"]),
        // `lorabook watch`: serves the report on localhost and pushes a reload to the page on every new run.
        .target(name: "LivePreview", dependencies: ["Report", .product(name: "FlyingFox", package: "FlyingFox")]),
        .target(name: "NotebookAPI", dependencies: ["Runner", "Script", "Report", "DataStore", "E2E", "Tokenizer", "GPT2", "Metrics", "GPT2TokenIDs", "SeededRandom", "AtomicWrite"]),

        // The digest of the engine's sources, made at build time; the cell cache keys on it.
        .executableTarget(name: "engine-digest", dependencies: ["DataStore"]),
        .plugin(name: "EngineDigest", capability: .buildTool(), dependencies: ["engine-digest"]),
        .target(name: "BuildInfo", plugins: ["EngineDigest"]),

        .executableTarget(
            name: "lorabook",
            dependencies: [
                "DataStore", "Tokenizer", "E2E", "GPT2", "Metrics", "Notebook", "Script", "Report", "Runner", "NotebookAPI", "BuildInfo", "Distributed",
                "GPT2TokenIDs", "SeededRandom", "AtomicWrite",
                "LivePreview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Fuzz targets: libFuzzer entry points when built with -sanitize=fuzzer -DFUZZING (make fuzz), else
        // programs that replay a committed corpus through the same harness (make test).
        .target(name: "FuzzDriver", path: "Fuzz/Sources/FuzzDriver"),
        .executableTarget(name: "fuzz-cell", dependencies: ["Script", "FuzzDriver"], path: "Fuzz/Sources/fuzz-cell"),
        .executableTarget(name: "fuzz-notebook", dependencies: ["Notebook", "FuzzDriver"], path: "Fuzz/Sources/fuzz-notebook"),
        .executableTarget(name: "fuzz-csv", dependencies: ["E2E", "FuzzDriver"], path: "Fuzz/Sources/fuzz-csv"),
        .executableTarget(name: "fuzz-safetensors", dependencies: ["GPT2", "FuzzDriver"], path: "Fuzz/Sources/fuzz-safetensors"),

        .testTarget(name: "DataStoreTests", dependencies: ["DataStore"]),
        .testTarget(name: "SeededRandomTests", dependencies: ["SeededRandom"]),
        .testTarget(name: "AtomicWriteTests", dependencies: ["AtomicWrite"]),
        .testTarget(name: "RunnerTests", dependencies: ["Runner", "AtomicWrite", "Script", "Report", "Notebook", "BuildInfo", "DataStore"], resources: [.copy("Corpus")]),
        .testTarget(name: "GPT2Tests", dependencies: ["GPT2", "SeededRandom", .product(name: "PropertyBased", package: "swift-property-based")], resources: [.copy("Fixtures")]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "LivePreviewTests", dependencies: ["LivePreview"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "ReportAssets"]),
        .testTarget(name: "ScriptTests", dependencies: ["Script", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer", "GPT2TokenIDs", "DataStore", .product(name: "PropertyBased", package: "swift-property-based")], resources: [.copy("Fixtures")]),
        .testTarget(name: "E2ETests", dependencies: ["E2E", "SeededRandom", "Tokenizer", "DataStore", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "NotebookAPITests", dependencies: ["NotebookAPI", "Runner", "Notebook", "DataStore", "Metrics", "E2E"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "DataStore", "SeededRandom"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DistributedTests", dependencies: ["Distributed"]),
        .testTarget(name: "BenchTests", dependencies: ["lorabook", "GPT2", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    ],
    swiftLanguageModes: [.v6]
)
