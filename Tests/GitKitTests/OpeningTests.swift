import Foundation
import GitFixtures
@testable import GitKit
import XCTest

final class OpeningTests: XCTestCase {
    func testDiscoversTheRepositoryFromASubdirectory() throws {
        let repo = try GitRepo(name: "work tree: with space")
        let head = try repo.commit("first", files: ["a/b/c.txt": "x\n"])

        let repository = try Repository.open(environment: [:], currentDirectory: repo.path + "/a/b")

        XCTAssertEqual(repository.gitDirectory, repo.path + "/.git")
        XCTAssertEqual(repository.commonDirectory, repo.path + "/.git")
        XCTAssertEqual(repository.workingDirectory, repo.path)
        XCTAssertFalse(repository.isBare)
        XCTAssertEqual(try repository.head()?.hex, head)
        XCTAssertEqual(try Repository.open(at: repo.path + "/a").gitDirectory, repo.path + "/.git")
    }

    func testOpensABareRepositoryFromInsideIt() throws {
        let repo = try GitRepo()
        let head = try repo.commit("first", files: ["f": "x\n"])
        let bare = repo.sandbox + "/server.git"
        try repo.git("clone", "--quiet", "--bare", repo.path, bare)

        let repository = try Repository.open(environment: [:], currentDirectory: bare + "/refs/heads")

        XCTAssertEqual(repository.gitDirectory, bare)
        XCTAssertTrue(repository.isBare)
        XCTAssertNil(repository.workingDirectory)
        XCTAssertEqual(try repository.head()?.hex, head)
        XCTAssertEqual(try repository.headBranch(), "refs/heads/main")
    }

    func testGitDirRelativeToTheCurrentDirectoryMakesItTheWorkTreeLikeGit() throws {
        let repo = try GitRepo()
        let head = try repo.commit("first", files: ["f": "x\n"])
        let elsewhere = try repo.makeDirectory("elsewhere")
        let env = ["GIT_DIR": "../repo/.git"]

        let repository = try Repository.open(environment: env, currentDirectory: elsewhere)

        XCTAssertEqual(repository.gitDirectory, repo.path + "/.git")
        XCTAssertEqual(try repository.head()?.hex, head)
        XCTAssertEqual(repository.workingDirectory, elsewhere)
        XCTAssertEqual(try repo.git("rev-parse", "--absolute-git-dir", "--show-toplevel", env: env, in: elsewhere),
                       repository.gitDirectory + "\n" + elsewhere)
    }

    func testGitDirOfABareRepositoryStaysBare() throws {
        let repo = try GitRepo.initBare(name: "srv.git")
        let repository = try Repository.open(environment: ["GIT_DIR": "."], currentDirectory: repo.path)
        XCTAssertTrue(repository.isBare)
        XCTAssertNil(repository.workingDirectory)
        XCTAssertNil(try repository.head())
    }

    func testGitWorkTreeSetsTheWorkingDirectory() throws {
        let repo = try GitRepo()
        let head = try repo.commit("first", files: ["f": "x\n"])
        let other = try repo.makeDirectory("other tree")
        let env = ["GIT_DIR": ".git", "GIT_WORK_TREE": "../other tree"]

        let repository = try Repository.open(environment: env, currentDirectory: repo.path)

        XCTAssertEqual(repository.workingDirectory, other)
        XCTAssertEqual(repository.gitDirectory, repo.path + "/.git")
        XCTAssertEqual(try repository.head()?.hex, head)
        XCTAssertEqual(try repo.git("rev-parse", "--show-toplevel", env: env), other)
    }

    func testGitWorkTreeAloneStillDiscoversTheRepository() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["sub/f": "x\n"])
        let other = try repo.makeDirectory("other")

        let repository = try Repository.open(environment: ["GIT_WORK_TREE": other], currentDirectory: repo.path + "/sub")

        XCTAssertEqual(repository.gitDirectory, repo.path + "/.git")
        XCTAssertEqual(repository.workingDirectory, other)
    }

    func testLinkedWorktreeIsDiscoveredWithItsOwnHeadAndIndex() throws {
        let repo = try GitRepo()
        let mainHead = try repo.commit("first", files: ["f": "main\n"])
        let worktree = repo.sandbox + "/wt"
        try repo.git("worktree", "add", "--quiet", "-b", "feature", worktree)
        try repo.write(worktree + "/f", "feature\n")
        try repo.git("commit", "--quiet", "-am", "feature work", in: worktree)
        let featureHead = try repo.git("rev-parse", "HEAD", in: worktree)
        try FileManager.default.createDirectory(atPath: worktree + "/sub", withIntermediateDirectories: true)

        let repository = try Repository.open(environment: [:], currentDirectory: worktree + "/sub")

        XCTAssertEqual(repository.gitDirectory, repo.path + "/.git/worktrees/wt")
        XCTAssertEqual(repository.commonDirectory, repo.path + "/.git")
        XCTAssertEqual(repository.workingDirectory, worktree)
        XCTAssertEqual(try repository.headBranch(), "refs/heads/feature")
        XCTAssertEqual(try repository.head()?.hex, featureHead)
        XCTAssertEqual(try repository.resolveCommit("main").hex, mainHead)
        let staged = try XCTUnwrap(repository.index().entry(path: "f"))
        XCTAssertEqual(try repository.readText(staged.id, limit: 100), "feature\n")
    }

    func testGitCommonDirDoesNotPreventOpening() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["f": "main\n"])
        let worktree = repo.sandbox + "/wt"
        try repo.git("worktree", "add", "--quiet", "-b", "feature", worktree)
        let featureHead = try repo.commit("more on main", files: ["g": "g\n"])
        _ = featureHead
        let env = ["GIT_DIR": repo.path + "/.git/worktrees/wt", "GIT_COMMON_DIR": repo.path + "/.git", "GIT_WORK_TREE": worktree]

        let repository = try Repository.open(environment: env, currentDirectory: worktree)

        XCTAssertEqual(repository.gitDirectory, repo.path + "/.git/worktrees/wt")
        XCTAssertEqual(repository.workingDirectory, worktree)
        XCTAssertEqual(try repository.headBranch(), "refs/heads/feature")
        XCTAssertEqual(try repository.head()?.hex, try repo.git("rev-parse", "HEAD", env: env, in: worktree))
        XCTAssertEqual(repository.location.objectDirectories, [], "the common dir is the repository's own")
    }

    func testMissingRepositoryFailsLikeGit() throws {
        let repo = try GitRepo()
        let empty = try repo.makeDirectory("not a repo")
        let env = ["GIT_CEILING_DIRECTORIES": repo.sandbox]

        let error = assertGitError(try Repository.open(environment: env, currentDirectory: empty))

        XCTAssertEqual(error?.operation, "open")
        XCTAssertEqual(error?.code, -3)
        XCTAssertEqual(error?.message, "not a git repository (or any of the parent directories): \(empty)")
        XCTAssertNotEqual(try repo.gitResult(["rev-parse", "--git-dir"], env: env, in: empty).status, 0)
    }

    func testCeilingDirectoriesStopDiscoveryWhereGitStops() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["sub/f": "x\n"])
        let env = ["GIT_CEILING_DIRECTORIES": repo.path]

        assertGitError(try Repository.open(environment: env, currentDirectory: repo.path + "/sub"))
        XCTAssertNotEqual(try repo.gitResult(["rev-parse", "--git-dir"], env: env, in: repo.path + "/sub").status, 0)
        XCTAssertEqual(try Repository.open(environment: env, currentDirectory: repo.path).gitDirectory, repo.path + "/.git")
    }

    func testGitDirThatIsNoRepositoryNamesIt() throws {
        let repo = try GitRepo()
        let error = assertGitError(try Repository.open(environment: ["GIT_DIR": "nowhere"], currentDirectory: repo.path))
        XCTAssertEqual(error?.message, "not a git repository: 'nowhere'")
    }

    func testSHA256RepositoryIsNamedAsUnreadableNotAsMissing() throws {
        let repo = try GitRepo()
        try repo.git("init", "--quiet", "--object-format=sha256", "s256")

        let error = assertGitError(try Repository.open(environment: [:], currentDirectory: repo.path + "/s256"))

        XCTAssertEqual(error?.message, "this repository uses extensions.objectformat, which git-vep cannot read (libgit2 1.5.1 does not support it)")
    }

    func testRepositoryOfAnotherUserIsReportedLikeGitWithTheWayToTrustIt() throws {
        guard getuid() == 0 else { throw XCTSkip("giving the repository to another user needs root") }
        let repo = try GitRepo()
        try repo.commit("first", files: ["sub/f": "x\n"])
        XCTAssertEqual(chown(repo.path, 65534, 65534), 0)
        XCTAssertEqual(chown(repo.path + "/.git", 65534, 65534), 0)
        let git = try repo.gitResult(["status"], in: repo.path + "/sub")
        XCTAssertTrue(git.stderr.hasPrefix("fatal: detected dubious ownership in repository at '\(repo.path)'"), git.stderr)

        let error = assertGitError(try Repository.open(environment: [:], currentDirectory: repo.path + "/sub"))

        XCTAssertEqual(error?.message, "detected dubious ownership in repository at '\(repo.path)' (it belongs to another user); "
                       + "if you trust it, run: git config --global --add safe.directory \(repo.path)")
        assertGitError(try Repository.open(environment: [:], currentDirectory: repo.path))
        // git checks only a repository it discovers, not one GIT_DIR names.
        XCTAssertEqual(try repo.gitResult(["rev-parse", "--git-dir"], env: ["GIT_DIR": ".git"]).status, 0)
        XCTAssertEqual(try Repository.open(environment: ["GIT_DIR": ".git"], currentDirectory: repo.path).gitDirectory, repo.gitDirectory)
        // An entry without value empties the list (libgit2 1.5's own check crashed on it), a later `*` trusts all;
        // paths are compared as written, as git compares them.
        func opens(_ parameters: String) throws -> Bool {
            let env = ["GIT_CONFIG_PARAMETERS": parameters, "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"]
            let git = try repo.gitResult(["rev-parse", "--git-dir"], env: env, in: repo.path + "/sub").status == 0
            let ours = (try? Repository.open(environment: env, currentDirectory: repo.path + "/sub")) != nil
            XCTAssertEqual(ours, git, parameters)
            return ours
        }
        XCTAssertTrue(try opens("'safe.directory'='*'"))
        XCTAssertFalse(try opens("'safe.directory'='*' 'safe.directory'"))
        XCTAssertFalse(try opens("'safe.directory'='*' 'safe.directory'=''"))
        XCTAssertTrue(try opens("'safe.directory'='' 'safe.directory'='*'"))
        XCTAssertTrue(try opens("'safe.directory'='\(repo.path)'"))
        XCTAssertFalse(try opens("'safe.directory'='\(repo.path)/'"))
        XCTAssertFalse(try opens("'safe.directory'='/\(repo.path)'"))
        XCTAssertFalse(try opens("'safe.directory'='\(repo.path)/sub'"))
    }

    func testSafeDirectoryExpandsTildeAndTildeUserLikeGit() throws {
        guard getuid() == 0, let entry = getpwnam("root"), let rootHome = entry.pointee.pw_dir.map({ String(cString: $0) }) else {
            throw XCTSkip("giving the repository to another user needs root")
        }
        // A repository in root's home directory, belonging to another user.
        let name = "git-vep-safe-\(UUID().uuidString)"
        let path = rootHome + "/" + name
        defer { try? FileManager.default.removeItem(atPath: path) }
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        environment["GIT_CONFIG_GLOBAL"] = "/dev/null"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        XCTAssertEqual(try ProcessRunner.run("git", ["init", "--quiet", path], environment: environment).status, 0)
        XCTAssertEqual(chown(path, 65534, 65534), 0)
        XCTAssertEqual(chown(path + "/.git", 65534, 65534), 0)
        func opens(_ value: String, home: String?) throws -> Bool {
            var env = environment
            env["HOME"] = home
            env["GIT_CONFIG_PARAMETERS"] = "'safe.directory'='\(value)'"
            let git = try ProcessRunner.run("git", ["rev-parse", "--git-dir"], environment: env, currentDirectory: path).status == 0
            let ours = (try? Repository.open(environment: env, currentDirectory: path)) != nil
            XCTAssertEqual(ours, git, "\(value) with HOME \(home ?? "unset")")
            return ours
        }
        XCTAssertTrue(try opens("~root/\(name)", home: "/nowhere"))
        XCTAssertTrue(try opens("~/\(name)", home: rootHome))
        XCTAssertFalse(try opens("~/\(name)", home: "/nowhere"))
        XCTAssertFalse(try opens("~/\(name)", home: nil))
        XCTAssertFalse(try opens("~root", home: rootHome))
        XCTAssertFalse(try opens("~no-such-user-of-git-vep/\(name)", home: rootHome))
        XCTAssertEqual(Repository.expandingUserDirectory("~root/x", home: nil), rootHome + "/x")
        XCTAssertEqual(Repository.expandingUserDirectory("~/x", home: "/h"), "/h/x")
        XCTAssertEqual(Repository.expandingUserDirectory("~", home: "/h"), "/h")
        XCTAssertEqual(Repository.expandingUserDirectory("/a/~b", home: "/h"), "/a/~b")
        XCTAssertNil(Repository.expandingUserDirectory("~no-such-user-of-git-vep", home: "/h"))
    }

    func testOwnershipAdviceNamesThePathGitTrusts() throws {
        guard getuid() == 0 else { throw XCTSkip("giving the repository to another user needs root") }
        // A quote in the path, and only the git directory belonging to someone else: git trusts the work tree's path.
        let repo = try GitRepo(name: "it's mine")
        try repo.commit("first", files: ["f": "x\n"])
        XCTAssertEqual(chown(repo.gitDirectory, 65534, 65534), 0)
        // Quoted for the shell the way git quotes it.
        let quoted = "'" + repo.path.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
        let advice = "detected dubious ownership in repository at '\(repo.path)' (it belongs to another user); "
            + "if you trust it, run: git config --global --add safe.directory \(quoted)"

        XCTAssertEqual(assertGitError(try Repository.open(environment: [:], currentDirectory: repo.path))?.message, advice)
        let git = try repo.gitResult(["status"])
        XCTAssertTrue(git.stderr.contains("git config --global --add safe.directory \(quoted)\n"), git.stderr)
    }

    func testWorktreeConfigurationIsReadAboveTheRepositorysLikeGit() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["veps/a.md": "x\n", "docs/b.md": "y\n"])
        try repo.git("config", "vep.root", "from-repository")
        try repo.git("config", "vep.only", "repository")
        // Sparse checkout turns on extensions.worktreeConfig (which libgit2 1.5 does not know) and writes config.worktree.
        try repo.git("sparse-checkout", "set", "veps")
        try repo.git("config", "--worktree", "vep.root", "from-worktree")
        XCTAssertEqual(try repo.git("config", "extensions.worktreeConfig"), "true")
        // Format version 1 makes extensions binding: libgit2 1.5 alone refuses to open it.
        try repo.git("config", "core.repositoryFormatVersion", "1")

        let repository = try repo.open()

        XCTAssertEqual(repository.configString("vep.root"), "from-worktree")
        XCTAssertEqual(repository.configString("vep.root"), try repo.git("config", "vep.root"))
        XCTAssertEqual(repository.configString("vep.only"), "repository")
        XCTAssertEqual(repository.configBool("core.sparsecheckout"), true)
        let env = ["GIT_CONFIG_PARAMETERS": "'vep.root'='from-command-line'"]
        XCTAssertEqual(try Repository.open(environment: env, currentDirectory: repo.path).configString("vep.root"), "from-command-line")
    }

    func testReopenKeepsEnvironmentDerivedSettings() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["f": "x\n"])
        let other = try repo.makeDirectory("other")
        let env = ["GIT_DIR": ".git", "GIT_WORK_TREE": other, "GIT_INDEX_FILE": ".git/alt-index",
                   "GIT_ALTERNATE_OBJECT_DIRECTORIES": other + "/objects"]
        let repository = try Repository.open(environment: env, currentDirectory: repo.path)

        let again = try repository.reopen()

        XCTAssertEqual(again.location, repository.location)
        XCTAssertEqual(again.workingDirectory, other)
        XCTAssertEqual(again.indexPath, repo.path + "/.git/alt-index")
        XCTAssertEqual(again.location.objectDirectories, [other + "/objects"])
    }

    func testOneHandlePerThreadFromASentLocation() throws {
        let repo = try GitRepo()
        var commits: [String] = []
        for number in 0..<8 { commits.append(try repo.commit("c\(number)", files: ["f": "\(number)\n"])) }
        let location = try repo.open().location
        let expected = commits.compactMap(ObjectID.init(hex:))
        let results = Results(count: 8)

        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            let answer = try? Repository.open(location).commit(expected[worker]).message
            results.set(worker, answer)
        }

        XCTAssertEqual(results.values, (0..<8).map { "c\($0)\n" })
    }
}

/// Collects one answer per worker thread.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String?]
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: String?) { lock.withLock { storage[index] = value } }
    var values: [String?] { lock.withLock { storage } }
}
