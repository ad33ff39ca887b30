import GitFixtures
@testable import GitKit
import XCTest

/// The fast index reader agrees with libgit2's on every index version and entry kind, and leaves what
/// it does not handle to libgit2.
final class IndexFileTests: XCTestCase {
    private func populated() throws -> GitRepo {
        let repo = try GitRepo()
        var files: [String: String?] = [:]
        for number in 1...40 { files["veps/sig-a/\(number)-feature/vep.md"] = "# VEP #\(number)\n" }
        files["tool.sh"] = "#!/bin/sh\n"
        try repo.commit("base", files: files)
        // A path longer than the 12-bit length field (the index then stores 0xFFF and relies on the NUL).
        let long = "veps/" + Array(repeating: String(repeating: "d", count: 200), count: 22).joined(separator: "/") + "/vep.md"
        let blob = try repo.hashObject("long\n")
        try repo.git("update-index", "--add", "--cacheinfo", "100644,\(blob),\(long)")
        try repo.git("update-index", "--chmod=+x", "tool.sh")
        try repo.git("symbolic-ref", "HEAD", "refs/heads/main")
        try repo.write("new-intent.md", "later\n")
        try repo.git("add", "--intent-to-add", "new-intent.md")
        return repo
    }

    /// The entries as `git ls-files --stage` prints them: git itself is the reference.
    private func gitStage(_ repo: GitRepo) throws -> [String] {
        try repo.git("ls-files", "--stage").split(separator: "\n").map(String.init)
    }

    private func fastStage(_ repo: GitRepo) throws -> [IndexEntry] {
        let repository = try Repository.open(environment: [:], currentDirectory: repo.path)
        return try XCTUnwrap(IndexFile.entries(at: repository.indexPath), "the fast reader took this index")
    }

    private func render(_ entries: [IndexEntry]) -> [String] {
        entries.map { "\(String($0.mode, radix: 8)) \($0.id.hex) \($0.stage)\t\($0.path)" }
    }

    func testVersions2And3And4() throws {
        let repo = try populated()
        let repository = try Repository.open(environment: [:], currentDirectory: repo.path)
        // Version 3 (intent-to-add needs the extended flags): git and libgit2 agree with the reader.
        XCTAssertEqual(render(try fastStage(repo)), try gitStage(repo))
        XCTAssertEqual(try fastStage(repo), try repository.libgit2IndexEntries())
        XCTAssertEqual(try fastStage(repo).filter(\.isIntentToAdd).map(\.path), ["new-intent.md"])
        XCTAssertEqual(try fastStage(repo).first { $0.path == "tool.sh" }?.mode, 0o100755)
        try repo.git("update-index", "--index-version", "2")
        try repo.git("add", "--all")
        XCTAssertEqual(render(try fastStage(repo)), try gitStage(repo))
        XCTAssertEqual(try fastStage(repo), try repository.libgit2IndexEntries())
        // Version 4 (prefix-compressed paths), which libgit2 1.5 fails to read with a path this long.
        try repo.git("update-index", "--index-version", "4")
        XCTAssertEqual(render(try fastStage(repo)), try gitStage(repo))
        XCTAssertGreaterThan(try fastStage(repo).count, 40)
    }

    func testConflictStages() throws {
        let repo = try GitRepo()
        try repo.commit("base", files: ["veps/a.md": "base\n"])
        try repo.git("checkout", "--quiet", "-b", "side")
        try repo.commit("side", files: ["veps/a.md": "side\n"])
        try repo.git("checkout", "--quiet", "main")
        try repo.commit("main", files: ["veps/a.md": "main\n"])
        _ = try repo.gitResult(["merge", "--quiet", "side"])
        let repository = try Repository.open(environment: [:], currentDirectory: repo.path)
        let fast = try XCTUnwrap(IndexFile.entries(at: repository.indexPath))
        XCTAssertEqual(fast.map(\.stage), [1, 2, 3])
        XCTAssertEqual(fast, try repository.libgit2IndexEntries())
    }

    func testSplitIndexIsLeftToLibgit2AndMissingIsEmpty() throws {
        let repo = try populated()
        try repo.git("update-index", "--split-index")
        let repository = try Repository.open(environment: [:], currentDirectory: repo.path)
        XCTAssertNil(IndexFile.entries(at: repository.indexPath))
        XCTAssertEqual(IndexFile.entries(at: repo.sandbox + "/no-such-index"), [])
        XCTAssertNil(IndexFile.entries(at: repo.sandbox), "a folder is not an index")
        try Data("DIRC\u{0}\u{0}\u{0}\u{2}\u{0}\u{0}\u{0}\u{5}truncated".utf8).write(to: URL(fileURLWithPath: repo.sandbox + "/broken"))
        XCTAssertNil(IndexFile.entries(at: repo.sandbox + "/broken"))
    }
}

final class CacheTreeTests: XCTestCase {
    func testRecordedTreeIdsAndInvalidation() throws {
        let repo = try GitRepo()
        try repo.commit("base", files: ["veps/sig-a/1-x/vep.md": "one\n", "veps/sig-a/2-y/vep.md": "two\n",
                                        "veps/sig-b/3-z/vep.md": "three\n", "README.md": "hi\n"])
        try repo.git("read-tree", "HEAD")  // a fully valid cache-tree
        let directories = ["", "veps", "veps/sig-a", "veps/sig-a/1-x", "veps/sig-a/2-y", "veps/sig-b", "veps/sig-b/3-z"]
        var cached = try Repository.open(environment: [:], currentDirectory: repo.path).index().cachedTrees
        XCTAssertEqual(cached.keys.sorted(), directories)
        for directory in directories {
            XCTAssertEqual(cached[directory]?.hex, try repo.git("rev-parse", "HEAD:" + directory), directory)
        }
        // Staging a change invalidates the file's directory and its ancestors, nothing else.
        try repo.write("veps/sig-a/1-x/vep.md", "changed\n")
        try repo.git("add", "veps/sig-a/1-x/vep.md")
        cached = try Repository.open(environment: [:], currentDirectory: repo.path).index().cachedTrees
        XCTAssertEqual(cached.keys.sorted(), ["veps/sig-a/2-y", "veps/sig-b", "veps/sig-b/3-z"])
        XCTAssertEqual(cached["veps/sig-b"]?.hex, try repo.git("rev-parse", "HEAD:veps/sig-b"))
    }
}

final class HandMadeIndexTests: XCTestCase {
    /// A version 2 index file with the given paths (all the same blob), in the given order.
    private func indexFile(_ paths: [String]) -> Data {
        var bytes: [UInt8] = Array("DIRC".utf8) + [0, 0, 0, 2] + [0, 0, 0, UInt8(paths.count)]
        let blob = ObjectID(hex: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")!
        for path in paths {
            var entry = [UInt8](repeating: 0, count: 24) + [0, 0, 0x81, 0xA4] + [UInt8](repeating: 0, count: 12)
            entry += blob.bytes
            entry += [0, UInt8(path.utf8.count)]
            entry += Array(path.utf8)
            let padding = 8 - (entry.count % 8)
            entry += [UInt8](repeating: 0, count: padding)
            bytes += entry
        }
        return Data(bytes + [UInt8](repeating: 0, count: 20))
    }

    func testOrderIsCheckedAndPathsAreExact() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sorted = folder.appendingPathComponent("sorted"), unsorted = folder.appendingPathComponent("unsorted")
        try indexFile(["veps/a.md", "veps/b/vep.md", "veps/b0.md"]).write(to: sorted)
        try indexFile(["veps/b.md", "veps/a.md"]).write(to: unsorted)
        XCTAssertEqual(IndexFile.entries(at: sorted.path)?.map(\.path), ["veps/a.md", "veps/b/vep.md", "veps/b0.md"])
        XCTAssertEqual(IndexFile.entries(at: sorted.path)?.map(\.mode), [0o100644, 0o100644, 0o100644])
        XCTAssertNil(IndexFile.entries(at: unsorted.path), "out of order: left to libgit2")
    }
}

final class IndexPreloadTests: XCTestCase {
    func testPreloadedIndexIsTheRepositorysAndOnlyThatOne() throws {
        let repo = try GitRepo()
        try repo.commit("base", files: ["veps/a.md": "a\n", "veps/b.md": "b\n"])
        try repo.write("veps/a.md", "staged\n")
        try repo.git("add", "veps/a.md")
        let env = ["GIT_INDEX_FILE": ".git/index"]
        let preload = try XCTUnwrap(IndexPreload.start(environment: env, currentDirectory: repo.path))
        XCTAssertEqual(preload.path, repo.path + "/.git/index")
        let repository = try Repository.open(environment: env, currentDirectory: repo.path)
        XCTAssertEqual(try preload.index(for: repository)?.entries, try repository.index().entries)
        XCTAssertEqual(try preload.index(for: repository)?.entry(path: "veps/a.md")?.id.hex, try repo.git("rev-parse", ":veps/a.md"))
        // Another index than the repository's: not used.
        let other = try Repository.open(environment: [:], currentDirectory: repo.path)
        let elsewhere = try XCTUnwrap(IndexPreload.start(environment: ["GIT_INDEX_FILE": repo.sandbox + "/other-index"], currentDirectory: repo.path))
        XCTAssertNil(try elsewhere.index(for: other))
        XCTAssertNil(IndexPreload.start(environment: [:], currentDirectory: repo.path))
    }
}
