import GitFixtures
import GitKit
import XCTest

final class IndexTests: XCTestCase {
    /// HEAD has "one", the index "two", the work tree "three".
    private func partiallyStaged() throws -> (GitRepo, head: ObjectID, staged: ObjectID) {
        let repo = try GitRepo()
        try repo.commit("first", files: ["veps/a.md": "one\n", "README": "r\n"])
        try repo.write("veps/a.md", "two\n")
        try repo.git("add", "veps/a.md")
        try repo.write("veps/a.md", "three\n")
        let head = try repo.id("HEAD:veps/a.md")
        let staged = try XCTUnwrap(ObjectID(hex: try repo.git("hash-object", "--stdin", input: "two\n")))
        return (repo, head, staged)
    }

    func testRelativeIndexFileReadsStagedContentNotHeadNorWorkTree() throws {
        let (repo, head, staged) = try partiallyStaged()
        let repository = try Repository.open(environment: ["GIT_INDEX_FILE": ".git/index"], currentDirectory: repo.path)

        let entry = try XCTUnwrap(repository.index().entry(path: "veps/a.md"))

        XCTAssertEqual(entry.id, staged)
        XCTAssertNotEqual(entry.id, head)
        XCTAssertEqual(entry.mode, 0o100644)
        XCTAssertEqual(entry.stage, 0)
        XCTAssertEqual(try repository.readText(entry.id, limit: 1024), "two\n")
    }

    func testIndexFileIsRelativeToTheGivenCurrentDirectory() throws {
        let (repo, _, staged) = try partiallyStaged()
        let repository = try Repository.open(environment: ["GIT_INDEX_FILE": "../.git/index"], currentDirectory: repo.path + "/veps")
        XCTAssertEqual(repository.indexPath, repo.path + "/veps/../.git/index")
        XCTAssertEqual(try repository.index().entry(path: "veps/a.md")?.id, staged)
    }

    func testAbsoluteTemporaryIndexLikeCommitWithPaths() throws {
        let (repo, head, staged) = try partiallyStaged()
        let temporary = repo.path + "/.git/next-index-123.lock"
        let env = ["GIT_INDEX_FILE": temporary]
        try repo.git("read-tree", "HEAD", env: env)
        let blob = try repo.hashObject("new\n")
        try repo.git("update-index", "--add", "--cacheinfo", "100755,\(blob),veps/b.md", env: env)

        let repository = try Repository.open(environment: env, currentDirectory: repo.path)
        let index = try repository.index()

        XCTAssertEqual(index.entries.map(\.path), ["README", "veps/a.md", "veps/b.md"])
        XCTAssertEqual(index.entry(path: "veps/a.md")?.id, head)
        XCTAssertEqual(index.entry(path: "veps/b.md")?.mode, 0o100755)
        XCTAssertEqual(index.entry(path: "veps/b.md")?.id.hex, blob)
        XCTAssertEqual(try repo.open().index().entry(path: "veps/a.md")?.id, staged, "the repository's own index is untouched")
        XCTAssertNil(try repo.open().index().entry(path: "veps/b.md"))
    }

    func testReadingNeverWritesTheIndex() throws {
        let (repo, _, _) = try partiallyStaged()
        let before = try Data(contentsOf: URL(fileURLWithPath: repo.path + "/.git/index"))
        _ = try repo.open().index()
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: repo.path + "/.git/index")), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/.git/index.lock"))
    }

    func testMissingIndexFileReadsAsEmpty() throws {
        let repo = try GitRepo()
        let repository = try Repository.open(environment: ["GIT_INDEX_FILE": "no-such-index"], currentDirectory: repo.path)
        XCTAssertEqual(try repository.index().entries, [])
    }

    func testEntriesUnderAPrefixAreADirectoryMatch() throws {
        let repo = try GitRepo()
        try repo.commit("files", files: ["veps-old/x": "1", "veps/a/b.md": "2", "veps/c.md": "3",
                                          "veps.md": "4", "veps2/d": "5", "a": "6"])
        let index = try repo.open().index()

        XCTAssertEqual(index.entries(under: "veps").map(\.path), ["veps/a/b.md", "veps/c.md"])
        XCTAssertEqual(index.entries(under: "veps/").map(\.path), ["veps/a/b.md", "veps/c.md"])
        XCTAssertEqual(index.entries(under: "veps/c.md").map(\.path), ["veps/c.md"])
        XCTAssertEqual(index.entries(under: "").count, 6)
        XCTAssertEqual(index.entries(under: "nothing"), [])
        XCTAssertFalse(index.hasConflicts)
    }

    func testASplitIndexSaysHowToMakeItWhole() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["veps/a.md": "a\n", "docs/b.md": "b\n"])
        try repo.git("update-index", "--split-index")
        let split = assertGitError(try repo.open().index())
        XCTAssertEqual(split?.message, "the index is split (core.splitIndex), which libgit2 1.5 cannot read; "
                       + "make it whole with `git update-index --no-split-index` (and `git config core.splitIndex false`)")
        try repo.git("update-index", "--no-split-index")
        XCTAssertEqual(try repo.open().index().entries.map(\.path), ["docs/b.md", "veps/a.md"])

    }

    /// A sparse index folds each folder outside the cone into one entry naming its tree: read, it lists the files
    /// git would list without folding, in git's order, with their ids and modes.
    func testASparseIndexListsTheFilesOfItsFoldedFolders() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["veps/a.md": "a\n", "docs/b.md": "b\n", "docs/deep/c.md": "c\n", "docs-old/d.md": "d\n",
                                          "docs0/e.md": "e\n", "z.md": "z\n"])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.path + "/docs/deep/c.md")
        try repo.git("add", "docs/deep/c.md")
        try repo.git("commit", "--quiet", "-m", "executable")
        let whole = try repo.open().index().entries
        XCTAssertEqual(whole.map(\.path), ["docs-old/d.md", "docs/b.md", "docs/deep/c.md", "docs0/e.md", "veps/a.md", "z.md"])
        try repo.git("sparse-checkout", "set", "--cone", "--sparse-index", "veps")
        let folded = try repo.git("ls-files", "--sparse")
        XCTAssertEqual(folded, "docs-old/\ndocs/\ndocs0/\nveps/a.md\nz.md")
        // (libgit2 1.5 cannot read a sparse index: these come from git-vep's own reader.)
        XCTAssertEqual(try repo.open().index().entries, whole)
    }

    func testAnIndexFileThatIsNoIndexIsNamedWithHowToReplaceIt() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["veps/a.md": "a\n"])
        let garbage = repo.path + "/.git/not-an-index"
        try Data(String(repeating: "not an index, just text\n", count: 4).utf8).write(to: URL(fileURLWithPath: garbage))
        let error = assertGitError(try Repository.open(environment: ["GIT_INDEX_FILE": garbage], currentDirectory: repo.path).index())
        XCTAssertEqual(error?.message, "the index file \(garbage) cannot be read (invalid data in index - incorrect header signature); "
                       + "if GIT_INDEX_FILE names it, check that variable, else `git reset` writes a new index from HEAD "
                       + "(what was staged is unstaged, the working tree is kept)")
    }

    func testConflictStages() throws {
        let repo = try GitRepo()
        try repo.commit("base", files: ["f": "base\n"])
        try repo.git("checkout", "--quiet", "-b", "other")
        try repo.commit("theirs", files: ["f": "theirs\n"])
        try repo.git("checkout", "--quiet", "main")
        try repo.commit("ours", files: ["f": "ours\n"])
        XCTAssertNotEqual(try repo.gitResult(["merge", "--quiet", "other"]).status, 0)

        let index = try repo.open().index()

        XCTAssertTrue(index.hasConflicts)
        XCTAssertEqual(index.entries.map(\.stage), [1, 2, 3])
        XCTAssertNil(index.entry(path: "f"))
        XCTAssertEqual(index.entry(path: "f", stage: 2)?.id, try repo.id("main:f"))
        XCTAssertEqual(index.entry(path: "f", stage: 3)?.id, try repo.id("other:f"))
        XCTAssertEqual(index.entries(under: "f").count, 3)
    }

    func testIntentToAdd() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["a": "a\n"])
        try repo.write("b", "b\n")
        try repo.git("add", "--intent-to-add", "b")
        let index = try repo.open().index()
        XCTAssertEqual(index.entry(path: "b")?.isIntentToAdd, true)
        XCTAssertEqual(index.entry(path: "a")?.isIntentToAdd, false)
    }
}
