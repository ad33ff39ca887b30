import GitFixtures
import GitKit
import XCTest

final class RevisionTests: XCTestCase {
    func testResolvesRevisionSyntaxToCommits() throws {
        let repo = try GitRepo()
        let first = try repo.commit("first", files: ["f": "1\n"])
        let second = try repo.commit("second", files: ["f": "2\n"])
        try repo.git("tag", "light", first)
        try repo.git("tag", "-a", "-m", "annotated", "v1", second)
        try repo.git("branch", "side", first)
        let repository = try repo.open()

        XCTAssertEqual(try repository.resolveCommit("HEAD").hex, second)
        XCTAssertEqual(try repository.resolveCommit("HEAD~1").hex, first)
        XCTAssertEqual(try repository.resolveCommit("main^").hex, first)
        XCTAssertEqual(try repository.resolveCommit("side").hex, first)
        XCTAssertEqual(try repository.resolveCommit("light").hex, first)
        XCTAssertEqual(try repository.resolveCommit("v1").hex, second, "annotated tags peel to their commit")
        XCTAssertEqual(try repository.resolveCommit(String(second.prefix(10))).hex, second)
        XCTAssertEqual(try repository.resolveTree("v1").hex, try repo.revParse("HEAD^{tree}"))
        XCTAssertEqual(try repository.resolveTree("HEAD:").hex, try repo.revParse("HEAD^{tree}"))
    }

    func testBadRevisionErrorNamesIt() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["f": "1\n"])
        let repository = try repo.open()

        let missing = assertGitError(try repository.resolveCommit("no-such-branch"))
        XCTAssertEqual(missing?.message, "unknown revision 'no-such-branch'")
        XCTAssertEqual(missing?.operation, "resolveCommit(no-such-branch)")
        XCTAssertTrue(missing?.isNotFound ?? false)
        XCTAssertEqual(assertGitError(try repository.resolveCommit("HEAD~5"))?.message.contains("'HEAD~5'"), true)
        XCTAssertEqual(assertGitError(try repository.resolveCommit("HEAD^{tree}"))?.message,
                       "revision 'HEAD^{tree}' names a tree, not a commit")
        XCTAssertEqual(assertGitError(try repository.resolveTree("HEAD:f"))?.message, "revision 'HEAD:f' names a blob, not a tree")
    }

    func testTagOnATreeResolvesAsTreeButNotCommit() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["d/f": "1\n"])
        let tree = try repo.revParse("HEAD:d")
        try repo.git("tag", "-a", "-m", "a tree", "tree-tag", tree)
        let repository = try repo.open()

        XCTAssertEqual(try repository.resolveTree("tree-tag").hex, tree)
        XCTAssertEqual(assertGitError(try repository.resolveCommit("tree-tag"))?.message, "revision 'tree-tag' names a tag, not a commit")
    }

    /// An entry of a tree by name, files and folders alike; a path below it is no name of the tree.
    func testEntryIDNamesAnEntryOfTheTreeItself() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["d/f": "1\n", ".vep.yaml": "layout: {}\n"])
        let repository = try repo.open()
        let tree = try repo.id("HEAD^{tree}")
        XCTAssertEqual(try repository.entryID(named: ".vep.yaml", inTree: tree)?.hex, try repo.revParse("HEAD:.vep.yaml"))
        XCTAssertEqual(try repository.entryID(named: "d", inTree: tree)?.hex, try repo.revParse("HEAD:d"))
        XCTAssertNil(try repository.entryID(named: "d/f", inTree: tree))
        XCTAssertNil(try repository.entryID(named: "missing", inTree: tree))
    }

    func testUnbornHead() throws {
        let repo = try GitRepo(initialBranch: "trunk")
        let repository = try repo.open()
        XCTAssertNil(try repository.head())
        XCTAssertEqual(try repository.headBranch(), "refs/heads/trunk")
        XCTAssertEqual(try repository.references(matching: "refs/*").map(\.name), [])
    }

    func testDetachedHead() throws {
        let repo = try GitRepo()
        let first = try repo.commit("first")
        try repo.commit("second")
        try repo.git("checkout", "--quiet", "--detach", first)
        let repository = try repo.open()
        XCTAssertNil(try repository.headBranch())
        XCTAssertEqual(try repository.head()?.hex, first)
    }

    /// Symbolic refs as git reads them: written by `git symbolic-ref`, or by hand with `ref:` and no space or a tab
    /// (which libgit2 alone does not read), found by a glob at any depth, `*` included; a direct ref or a file
    /// that only starts like one is none.
    func testSymbolicRefsAsGitReadsThem() throws {
        let repo = try GitRepo()
        try repo.commit("first")
        try repo.git("branch", "scratch")
        try repo.git("symbolic-ref", "refs/heads/alias", "refs/heads/main")
        try repo.write(".git/refs/heads/release-1.9", "ref:refs/heads/scratch\n")
        try repo.write(".git/refs/heads/team/old", "ref:\trefs/heads/alias\n")
        try repo.write(".git/refs/heads/broken", "reference\n")
        XCTAssertEqual(try repo.git("symbolic-ref", "refs/heads/team/old"), "refs/heads/main", "git reads it so, and follows it on")
        let repository = try repo.open()
        XCTAssertEqual(repository.symbolicChain("refs/heads/release-1.9"), ["refs/heads/scratch"])
        XCTAssertEqual(repository.symbolicChain("refs/heads/team/old"), ["refs/heads/alias", "refs/heads/main"])
        XCTAssertEqual(repository.symbolicChain("refs/heads/scratch"), [])
        XCTAssertEqual(repository.symbolicChain("refs/heads/broken"), [])
        let all = ["refs/heads/alias", "refs/heads/release-1.9", "refs/heads/team/old"]
        XCTAssertEqual(try repository.symbolicReferenceNames(matching: "refs/heads/*"), all)
        XCTAssertEqual(try repository.symbolicReferenceNames(matching: "*"), all)
        XCTAssertEqual(try repository.symbolicReferenceNames(matching: "refs/heads/release-*"), ["refs/heads/release-1.9"])
    }
}

final class ObjectTests: XCTestCase {
    func testCommitFields() throws {
        let repo = try GitRepo()
        repo.timezone = "-0430"
        let first = try repo.commit("first")
        let second = try repo.commit("Subject line\n\nBody line one.\nBody line two.")
        let repository = try repo.open()

        let commit = try repository.commit(try XCTUnwrap(ObjectID(hex: second)))

        XCTAssertEqual(commit.id.hex, second)
        XCTAssertEqual(commit.treeID.hex, try repo.revParse("HEAD^{tree}"))
        XCTAssertEqual(commit.parentIDs.map(\.hex), [first])
        XCTAssertEqual(commit.message, "Subject line\n\nBody line one.\nBody line two.\n")
        XCTAssertEqual(commit.summary, "Subject line")
        XCTAssertEqual(commit.author.name, GitRepo.authorName)
        XCTAssertEqual(commit.author.email, GitRepo.authorEmail)
        XCTAssertEqual(commit.committer.name, GitRepo.committerName)
        XCTAssertEqual(commit.committer.email, GitRepo.committerEmail)
        XCTAssertEqual(commit.committer.offsetMinutes, -270)
        XCTAssertEqual(commit.committer.iso8601, try repo.git("log", "-1", "--format=%cI", second))
        XCTAssertEqual(commit.author.iso8601, try repo.git("log", "-1", "--format=%aI", second))
        XCTAssertEqual(try repository.parents(of: commit.id).map(\.hex), [first])
        XCTAssertEqual(try repository.commit(try XCTUnwrap(ObjectID(hex: first))).parentIDs, [])
    }

    func testFirstCommitDateMatchesTheFixtureClock() throws {
        let repo = try GitRepo()
        let id = try repo.commit("first")
        XCTAssertEqual(try repo.open().commit(try XCTUnwrap(ObjectID(hex: id))).author.iso8601, "2026-06-24T10:00:00+02:00")
    }

    func testObjectKinds() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["d/f": "1\n"])
        try repo.git("tag", "-a", "-m", "tag", "v1")
        let repository = try repo.open()

        XCTAssertEqual(try repository.objectKind(try repo.id("HEAD")), .commit)
        XCTAssertEqual(try repository.objectKind(try repo.id("HEAD:d")), .tree)
        XCTAssertEqual(try repository.objectKind(try repo.id("HEAD:d/f")), .blob)
        XCTAssertEqual(try repository.objectKind(try repo.id("refs/tags/v1")), .tag)
        let missing = try XCTUnwrap(ObjectID(hex: "1234567890123456789012345678901234567890"))
        XCTAssertNil(try repository.objectKind(missing))
        XCTAssertFalse(repository.contains(missing))
        XCTAssertTrue(repository.contains(try repo.id("HEAD")))
        XCTAssertEqual(assertGitError(try repository.commit(missing))?.isNotFound, true)
    }

    func testTreeEntriesCopyNameKindModeAndId() throws {
        let repo = try GitRepo()
        try repo.write("script.sh", "#!/bin/sh\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.path + "/script.sh")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/link", withDestinationPath: "script.sh")
        try repo.commit("files", files: ["dir/a.md": "a\n", "z.txt": "z\n"])
        let submodule = try repo.revParse("HEAD")
        try repo.git("update-index", "--add", "--cacheinfo", "160000,\(submodule),vendor")
        try repo.git("commit", "--quiet", "-m", "submodule")
        let repository = try repo.open()
        let rootID = try repo.id("HEAD^{tree}")

        let tree = try repository.tree(rootID)

        XCTAssertEqual(tree.id, rootID)
        XCTAssertEqual(tree.entries.map(\.name), ["dir", "link", "script.sh", "vendor", "z.txt"])
        XCTAssertEqual(tree.entries.map(\.kind), [.tree, .blob, .blob, .commit, .blob])
        XCTAssertEqual(tree.entries.map(\.mode), [0o040000, 0o120000, 0o100755, 0o160000, 0o100644])
        XCTAssertEqual(tree.entry(named: "dir")?.id, try repo.id("HEAD:dir"))
        XCTAssertEqual(tree.entry(named: "vendor")?.id.hex, submodule)
        XCTAssertEqual(tree.entry(named: "link")?.isSymlink, true)
        XCTAssertNil(tree.entry(named: "missing"))
        XCTAssertEqual(try repository.tree(try repo.id("HEAD")).id, rootID, "a commit id peels to its tree")
    }

    func testTreeAtPath() throws {
        let repo = try GitRepo()
        try repo.commit("files", files: ["veps/sig-x/1-a/vep.md": "a\n", "README": "r\n"])
        let repository = try repo.open()
        let root = try repo.id("HEAD^{tree}")

        XCTAssertEqual(try repository.tree(at: "veps/sig-x", in: root),
                       TreeEntry(name: "sig-x", id: try repo.id("HEAD:veps/sig-x"), kind: .tree, mode: 0o040000))
        XCTAssertEqual(try repository.tree(at: "/veps/sig-x/1-a/vep.md", in: root),
                       TreeEntry(name: "vep.md", id: try repo.id("HEAD:veps/sig-x/1-a/vep.md"), kind: .blob, mode: 0o100644))
        XCTAssertNil(try repository.tree(at: "veps/sig-y", in: root))
        XCTAssertNil(try repository.tree(at: "README/x", in: root))
        XCTAssertEqual(try repository.tree(at: "", in: root)?.id, root)
        XCTAssertEqual(try repository.tree(at: "veps", in: try repo.id("HEAD"))?.id, try repo.id("HEAD:veps"))
    }

    func testEntryNamesMatchingSeesEveryNameAndCopiesOnlyMatches() throws {
        let repo = try GitRepo()
        try repo.commit("files", files: ["g/12-a/vep.md": "a\n", "g/0012-b/vep.md": "b\n", "g/123-c/vep.md": "c\n",
                                         "g/12.md": "d\n", "g/é12-e/x": "e\n"])
        let repository = try repo.open()
        let group = try repo.id("HEAD:g")
        var seen: [String] = []
        let twelve = try repository.entryNames(in: group) { bytes in
            seen.append(String(decoding: bytes, as: UTF8.self))
            return bytes.starts(with: Array("12".utf8))
        }

        XCTAssertEqual(twelve, ["12-a", "12.md", "123-c"])
        XCTAssertEqual(seen, ["0012-b", "12-a", "12.md", "123-c", "é12-e"], "every name, in tree order, as UTF-8")
        XCTAssertEqual(try repository.entryNames(in: group) { _ in false }, [])
        XCTAssertEqual(try repository.entryNames(in: try repo.id("HEAD")) { _ in true }, ["g"], "a commit peels to its tree")
        XCTAssertEqual(assertGitError(try repository.entryNames(in: try repo.id("HEAD:g/12.md")) { _ in true })?.message,
                       "object \(try repo.revParse("HEAD:g/12.md")) is a blob, not a tree")
    }

    func testBlobSizeAndLimitedReads() throws {
        let repo = try GitRepo()
        try repo.commit("files", files: ["small": "12345", "empty": ""])
        let repository = try repo.open()
        let small = try repo.id("HEAD:small")

        XCTAssertEqual(try repository.blobSize(small), 5)
        XCTAssertEqual(try repository.readBlob(small, limit: 5), .data(Data("12345".utf8)))
        XCTAssertEqual(try repository.readBlob(small, limit: 4), .tooLarge(size: 5))
        XCTAssertEqual(try repository.readText(small, limit: 4), nil)
        XCTAssertEqual(try repository.readBlob(try repo.id("HEAD:empty"), limit: 0), .data(Data()))
        XCTAssertEqual(assertGitError(try repository.readBlob(try repo.id("HEAD"), limit: 100))?.message,
                       "object \(try repo.revParse("HEAD")) is a commit, not a blob")
    }

    func testSmallBlobBuiltOnALargeDeltaBaseIsReadAndTheLargeOneIsNot() throws {
        let repo = try GitRepo()
        // 1.1 MB of lines unlike each other, so that only the small blob can be a short delta (git deltas an
        // object only on a base at most 32 times its size: the small one is 40 KB).
        let large = (0..<61_200).map { String(format: "%06d %010d\n", $0, ($0 &* 2_654_435_761) % 4_294_967_291) }.joined()
        try repo.commit("large", files: ["doc.md": large])
        try repo.commit("small", files: ["doc.md": String(large.prefix(40_000))])
        // git makes the larger object the base: the small blob is a delta on the large one.
        try repo.git("repack", "-a", "-d", "-f", "--quiet", "--window=10", "--depth=10")
        let small = try repo.revParse("HEAD:doc.md"), big = try repo.revParse("HEAD~1:doc.md")
        let pack = try repo.git("rev-parse", "--git-path", "objects/pack")
        let index = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: repo.path + "/" + pack).first { $0.hasSuffix(".idx") })
        let entries = try repo.git("verify-pack", "-v", pack + "/" + index).split(separator: "\n")
        XCTAssertEqual(entries.first { $0.hasPrefix(small) }?.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init), big,
                       "precondition: the small blob is stored as a delta on the large one")
        let repository = try repo.open()

        XCTAssertEqual(try repository.readBlob(try XCTUnwrap(ObjectID(hex: small)), limit: 1 << 20), .data(Data(large.prefix(40_000).utf8)))
        XCTAssertEqual(try repository.readBlob(try XCTUnwrap(ObjectID(hex: big)), limit: 1 << 20), .tooLarge(size: large.utf8.count))
        XCTAssertEqual(try repository.readBlob(try XCTUnwrap(ObjectID(hex: big)), limit: large.utf8.count), .data(Data(large.utf8)))
    }

    func testSmallBlobBuiltOnAHugeBaseIsRefusedWithoutBuildingIt() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["README": "x\n"])
        let ids = try repo.storeAsDeltaOnLargeBase("---\ntitle: Bomb\n---\n# VEP #1: Bomb\n", baseSize: 64 << 20)
        let repository = try repo.open()
        let small = try XCTUnwrap(ObjectID(hex: ids.small)), base = try XCTUnwrap(ObjectID(hex: ids.base))
        XCTAssertEqual(try repository.blobSize(small), 35)

        let error = assertGitError(try repository.readBlob(small, limit: 1 << 20))

        XCTAssertEqual(error?.message, "object \(ids.small) (35 bytes) is stored as a delta on an object larger than 32 MiB, "
                       + "which git-vep does not build; repack the repository (`git repack -adf`)")
        XCTAssertEqual(try repository.readBlob(base, limit: 1 << 20), .tooLarge(size: 64 << 20))
        // Within the ceiling for delta bases it is read.
        let moderate = try repo.storeAsDeltaOnLargeBase("---\ntitle: Fine\n---\n", baseSize: 8 << 20)
        XCTAssertEqual(try repository.readBlob(try XCTUnwrap(ObjectID(hex: moderate.small)), limit: 1 << 20),
                       .data(Data("---\ntitle: Fine\n---\n".utf8)))
    }

    func testFilesUnderAPrefix() throws {
        let repo = try GitRepo()
        try repo.commit("files", files: ["veps/b/2.md": "2", "veps/a.md": "1", "veps.md": "x", "veps-old/c": "3", "README": "r"])
        let repository = try repo.open()
        let root = try repo.id("HEAD^{tree}")

        XCTAssertEqual(try repository.files(in: root, under: "veps").map(\.path), ["veps/a.md", "veps/b/2.md"])
        XCTAssertEqual(try repository.files(in: root, under: "").map(\.path), ["README", "veps-old/c", "veps.md", "veps/a.md", "veps/b/2.md"])
        XCTAssertEqual(try repository.files(in: root, under: "veps/b/").map(\.entry.name), ["2.md"])
        XCTAssertEqual(try repository.files(in: root, under: "veps/a.md").map(\.entry.id), [try repo.id("HEAD:veps/a.md")])
        XCTAssertEqual(try repository.files(in: root, under: "nothing").count, 0)
    }

    func testReferencesPeeledToCommitsWherePossible() throws {
        let repo = try GitRepo()
        let first = try repo.commit("first", files: ["d/f": "1\n"])
        let second = try repo.commit("second")
        try repo.git("branch", "feature", first)
        try repo.git("tag", "-a", "-m", "annotated", "v1", first)
        try repo.git("tag", "light", second)
        try repo.git("tag", "tree-tag", try repo.revParse("HEAD:d"))
        try repo.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/heads/main")
        let repository = try repo.open()

        let tags = try repository.references(matching: "refs/tags/*")
        XCTAssertEqual(tags.map(\.name), ["refs/tags/light", "refs/tags/tree-tag", "refs/tags/v1"])
        XCTAssertEqual(tags.map(\.target.hex), [second, try repo.revParse("HEAD:d"), first])
        XCTAssertEqual(try repository.references(matching: "refs/heads/*").map(\.name), ["refs/heads/feature", "refs/heads/main"])
        XCTAssertEqual(try repository.references(matching: "refs/remotes/*").map(\.target.hex), [second])
        XCTAssertEqual(try repository.reference("refs/tags/v1")?.hex, first)
        XCTAssertNil(try repository.reference("refs/heads/nope"))
    }

    func testConfigString() throws {
        let repo = try GitRepo()
        try repo.git("config", "vep.root", "proposals")
        let repository = try repo.open()
        XCTAssertEqual(repository.configString("vep.root"), "proposals")
        XCTAssertEqual(repository.configString("core.bare"), "false")
        XCTAssertNil(repository.configString("vep.missing"))
        XCTAssertEqual(repository.configBool("core.bare"), false)
    }

    func testConfigurationFilesNamedByGitsEnvironment() throws {
        let repo = try GitRepo()
        try repo.git("config", "vep.local", "repository")
        let home = repo.sandbox + "/.home/.gitconfig"
        let other = repo.sandbox + "/other.gitconfig"
        try "[vep]\n\troot = from-home\n\tlocal = from-home\n".write(toFile: home, atomically: true, encoding: .utf8)
        try "[vep]\n\troot = from-other\n".write(toFile: other, atomically: true, encoding: .utf8)
        let system = repo.sandbox + "/system.gitconfig"
        try "[vep]\n\tsystem = yes\n\troot = from-system\n".write(toFile: system, atomically: true, encoding: .utf8)

        for env in [["GIT_CONFIG_GLOBAL": other, "GIT_CONFIG_NOSYSTEM": "1"],
                    ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": system, "GIT_CONFIG_NOSYSTEM": "0"],
                    ["GIT_CONFIG_GLOBAL": other, "GIT_CONFIG_SYSTEM": system, "GIT_CONFIG_NOSYSTEM": "false"]] {
            let repository = try Repository.open(environment: env, currentDirectory: repo.path)
            for key in ["vep.root", "vep.local", "vep.system"] {
                let git = try repo.gitResult(["config", key], env: env)
                XCTAssertEqual(repository.configString(key), git.status == 0 ? git.stdout.trimmingCharacters(in: .newlines) : nil, "\(key) with \(env)")
            }
        }
        XCTAssertEqual(try Repository.open(environment: ["GIT_CONFIG_GLOBAL": other, "GIT_CONFIG_NOSYSTEM": "1"], currentDirectory: repo.path)
            .configString("vep.root"), "from-other")
    }

    func testCommandLineConfigurationWinsLikeGit() throws {
        let repo = try GitRepo()
        try repo.git("config", "vep.root", "file")
        try repo.git("config", "vep.Sig.owner", "file")
        let env = ["GIT_CONFIG_COUNT": "2", "GIT_CONFIG_KEY_0": "VEP.ROOT", "GIT_CONFIG_VALUE_0": "count",
                   "GIT_CONFIG_KEY_1": "vep.flag", "GIT_CONFIG_VALUE_1": "yes",
                   "GIT_CONFIG_PARAMETERS": "'vep.Sig.OWNER'='it'\\''s me' 'vep.bare'"]

        let repository = try Repository.open(environment: env, currentDirectory: repo.path)

        XCTAssertEqual(repository.configString("vep.root"), "count")
        XCTAssertEqual(repository.configString("vep.Sig.owner"), "it's me")
        XCTAssertEqual(repository.configString("vep.sig.owner"), nil, "subsections are case-sensitive")
        XCTAssertEqual(repository.configBool("vep.flag"), true)
        XCTAssertEqual(repository.configBool("vep.bare"), true)
        for key in ["vep.root", "vep.Sig.owner", "vep.flag"] {
            XCTAssertEqual(repository.configString(key), try repo.git("config", key, env: env), key)
        }
    }

    func testMergeBaseAndAncestry() throws {
        let repo = try GitRepo()
        let base = try repo.commit("base")
        try repo.git("checkout", "--quiet", "-b", "side")
        let side = try repo.commit("side")
        try repo.git("checkout", "--quiet", "main")
        let main = try repo.commit("main")
        let repository = try repo.open()
        let ids = try [base, side, main].map { try XCTUnwrap(ObjectID(hex: $0)) }

        XCTAssertEqual(try repository.mergeBase(ids[1], ids[2]), ids[0])
        XCTAssertEqual(try repository.mergeBases(ids[1], ids[2]), [ids[0]])
        XCTAssertTrue(try repository.isAncestor(ids[0], of: ids[2]))
        XCTAssertFalse(try repository.isAncestor(ids[1], of: ids[2]))
        XCTAssertFalse(try repository.isAncestor(ids[2], of: ids[2]))
    }
}

final class FirstParentStepTests: XCTestCase {
    func testTreeAndFirstParentMatchGit() throws {
        let repo = try GitRepo()
        try repo.commit("root", files: ["a": "1"])
        try repo.git("checkout", "--quiet", "-b", "side")
        try repo.commit("side", files: ["b": "2"])
        try repo.git("checkout", "--quiet", "main")
        try repo.commit("main", files: ["c": "3"])
        try repo.git("merge", "--quiet", "--no-ff", "-m", "merge", "side")
        let repository = try repo.open()
        for revision in ["HEAD", "HEAD^1", "HEAD^2", "HEAD~2"] {
            let step = try repository.treeAndFirstParent(of: try repo.id(revision))
            XCTAssertEqual(step.tree.hex, try repo.git("rev-parse", "\(revision)^{tree}"), revision)
            let parent = try repo.gitResult(["rev-parse", "--verify", "--quiet", "\(revision)^1"]).output
            XCTAssertEqual(step.firstParent?.hex, parent.isEmpty ? nil : parent, revision)
        }
        XCTAssertNotNil(assertGitError(try repository.treeAndFirstParent(of: try repo.id("HEAD^{tree}"))))
    }
}
