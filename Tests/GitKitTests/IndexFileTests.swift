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
