// swift-tools-version:6.0
import PackageDescription

/// mimalloc (Debian's libmimalloc-dev) replaces the C allocator in the executables: libgit2 sets up an inflate
/// stream (about 40 KB of allocations) for every object and delta it reads, and glibc's malloc spent a fifth of a
/// history walk's time on those from several threads (cold `git vep log` on 100,000 commits: median 4.45 -> 3.72 s).
/// Linux only; elsewhere the system allocator stays.
let allocator: [LinkerSetting] = [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]

let package = Package(
    name: "git-vep",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "git-vep", targets: ["git-vep"]),
        .executable(name: "vep-pre-commit", targets: ["vep-pre-commit"]),
        .executable(name: "vep-pre-receive", targets: ["vep-pre-receive"]),
        .library(name: "VEPCore", targets: ["VEPCore"]),
        .library(name: "GitKit", targets: ["GitKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // libgit2 as a system library.
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        // cmark-gfm and its GFM extensions (the extensions library ships no .pc file).
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // glibc's malloc.h, for tuning how freed memory goes back to the system.
        .systemLibrary(name: "CMalloc"),
        // libgit2's allocator with a per-thread ceiling: blobs are read without first walking their delta chains.
        .target(name: "GitAllocation", dependencies: ["CGit2"]),
        // A check before libgit2 1.5 reads a loose object: a truncated or mislabelled file makes it loop forever
        // or write past its buffer.
        .target(name: "GitLooseObjects", dependencies: ["CGit2", "GitAllocation"], linkerSettings: [.linkedLibrary("z")]),
        // Owning Swift types over libgit2. Knows nothing of VEPs.
        .target(name: "GitKit", dependencies: ["CGit2", "GitAllocation", "GitLooseObjects"]),
        // The VEP domain: model, parsing, discovery, rules. Never touches libgit2.
        // Yams for the libyaml it bundles (CYaml): front matter is read from libyaml's events.
        .target(
            name: "VEPCore",
            dependencies: ["CCmarkGFM", .product(name: "Yams", package: "Yams")]
        ),
        // Adapters: GitKit trees, the index and commits seen as VEPCore sources.
        .target(name: "VEPGit", dependencies: ["GitKit", "VEPCore", "CMalloc"]),
        .executableTarget(
            name: "git-vep",
            dependencies: [
                "VEPGit", "VEPCore", "GitKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: allocator
        ),
        // The pre-commit hook: the staged VEPs against HEAD.
        .executableTarget(name: "vep-pre-commit", dependencies: ["VEPGit", "VEPCore", "GitKit"], linkerSettings: allocator),
        // The pre-receive hook: every commit entering an enforced ref, with ownership.
        .executableTarget(name: "vep-pre-receive", dependencies: ["VEPGit", "GitKit"], linkerSettings: allocator),
        // Real git repositories in temporary folders, for the test suites.
        .target(name: "GitFixtures", path: "Tests/GitFixtures"),
        .testTarget(name: "GitKitTests", dependencies: ["GitKit", "GitFixtures"]),
        // Yams for the test oracle: the Node-based front matter reader the event reader replaced.
        .testTarget(name: "VEPCoreTests", dependencies: ["VEPCore", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "GitVEPTests", dependencies: ["VEPGit", "VEPCore", "GitKit", "GitFixtures"]),
    ]
)
