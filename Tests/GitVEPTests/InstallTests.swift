import Foundation
import GitFixtures
import VEPGit
import XCTest

/// `git vep install` / `uninstall`: where the hook goes, and that no hook of the user's is ever lost.
final class InstallTests: XCTestCase {
    static let userHook = "#!/bin/sh\necho user hook ran >> \"$USER_HOOK_LOG\"\nexit ${USER_HOOK_STATUS:-0}\n"

    var repo: GitRepo!
    var hooks: String { repo.gitDirectory + "/hooks" }
    var env: [String: String] {
        ["PATH": Binary.directory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
         "USER_HOOK_LOG": repo.sandbox + "/user.log"]
    }

    override func setUpWithError() throws {
        repo = try GitRepo()
        try repo.commit("Base", files: [".vep.yaml": LintTests.configuration, PreCommitTests.path42: PreCommitTests.vep(42)])
    }

    override func tearDown() { repo = nil }

    func writeUserHook(_ path: String) throws {
        try repo.write(path, Self.userHook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    var userLog: String { contents(repo.sandbox + "/user.log") ?? "" }

    func testTheHookScriptInTheSourceTreeIsTheEmbeddedOne() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        XCTAssertEqual(contents(root.appendingPathComponent("hooks/pre-commit").path), HookScript.text)
        // pre-merge-commit is the same script (a link to it).
        XCTAssertEqual(contents(root.appendingPathComponent("hooks/pre-merge-commit").path), HookScript.text)
    }

    func testInstallIsIdempotentAndUninstallRemovesIt() throws {
        XCTAssertEqual(try repo.vep("install", env: env).output, "installed the pre-commit hook: .git/hooks/pre-commit\n"
                       + "installed the pre-merge-commit hook: .git/hooks/pre-merge-commit")
        XCTAssertEqual(contents(hooks + "/pre-commit"), HookScript.text)
        XCTAssertEqual(contents(hooks + "/pre-merge-commit"), HookScript.text)
        XCTAssertEqual(try repo.vep("install", env: env).output, "the pre-commit hook is already installed: .git/hooks/pre-commit\n"
                       + "the pre-merge-commit hook is already installed: .git/hooks/pre-merge-commit")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: hooks).filter { $0.hasPrefix("pre-") && !$0.hasSuffix(".sample") }.sorted(),
                       ["pre-commit", "pre-merge-commit"])
        XCTAssertEqual(try repo.vep("uninstall", env: env).output, "removed the pre-commit hook: .git/hooks/pre-commit\n"
                       + "removed the pre-merge-commit hook: .git/hooks/pre-merge-commit")
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/pre-commit"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/pre-merge-commit"))
        XCTAssertEqual(try repo.vep("uninstall", env: env).output, "no git-vep pre-commit hook is installed: .git/hooks/pre-commit\n"
                       + "no git-vep pre-merge-commit hook is installed: .git/hooks/pre-merge-commit")
    }

    func testAnExistingHookIsChainedStillRunsAndIsRestored() throws {
        try writeUserHook(hooks + "/pre-commit")
        let install = try repo.vep("install", env: env)
        XCTAssertEqual(install.output, "installed the pre-commit hook: .git/hooks/pre-commit; your previous hook is kept as pre-commit.local and still runs first\n"
                       + "installed the pre-merge-commit hook: .git/hooks/pre-merge-commit")
        XCTAssertEqual(contents(hooks + "/pre-commit.local"), Self.userHook)

        // Both run: the user's hook, then the VEP check.
        try repo.write(PreCommitTests.path42, PreCommitTests.skipped42)
        try repo.git("add", PreCommitTests.path42)
        let refused = try repo.gitResult(["commit", "-m", "Skip"], env: env)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("error[status-transition]"), refused.stderr)
        XCTAssertEqual(userLog, "user hook ran\n")

        // A failing user hook refuses a commit the VEP check would accept.
        try repo.write(PreCommitTests.path42, PreCommitTests.implementable42)
        try repo.git("add", PreCommitTests.path42)
        let head = try repo.git("rev-parse", "HEAD")
        XCTAssertEqual(try repo.gitResult(["commit", "-m", "Valid"], env: env.merging(["USER_HOOK_STATUS": "3"]) { $1 }).status, 1)
        XCTAssertEqual(try repo.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try repo.gitResult(["commit", "-m", "Valid"], env: env).status, 0)
        XCTAssertEqual(userLog, "user hook ran\nuser hook ran\nuser hook ran\n")

        XCTAssertEqual(try repo.vep("install", env: env).output, "the pre-commit hook is already installed: .git/hooks/pre-commit\n"
                       + "the pre-merge-commit hook is already installed: .git/hooks/pre-merge-commit")
        XCTAssertEqual(try repo.vep("uninstall", env: env).output, "removed the pre-commit hook and restored yours: .git/hooks/pre-commit\n"
                       + "removed the pre-merge-commit hook: .git/hooks/pre-merge-commit")
        XCTAssertEqual(contents(hooks + "/pre-commit"), Self.userHook)
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/pre-commit.local"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/pre-merge-commit"))
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: hooks + "/pre-commit")[.posixPermissions] as? Int, 0o755)
    }

    /// A hook that tells which hook it is by its own name (husky 9's `h`, overcommit) still sees `pre-commit` once kept as
    /// pre-commit.local, whether sh or bash runs it: it used to look for `pre-commit.local` work, find none, and pass.
    func testAKeptHookThatReadsItsOwnNameStillSeesIt() throws {
        for shebang in ["#!/usr/bin/env sh", "#!/bin/bash"] {
            try? FileManager.default.removeItem(atPath: hooks + "/pre-commit")
            try? FileManager.default.removeItem(atPath: hooks + "/pre-commit.local")
            try? FileManager.default.removeItem(atPath: hooks + "/pre-merge-commit")
            try repo.write(hooks + "/pre-commit", shebang + "\nn=$(basename \"$0\")\necho \"$n $# $(dirname \"$0\")\" >> \"$USER_HOOK_LOG\"\n"
                           + "[ \"$n\" = pre-commit ] || exit 0\nexit 7\n")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hooks + "/pre-commit")
            XCTAssertEqual(try repo.vep("install", env: env).status, 0)
            try? FileManager.default.removeItem(atPath: repo.sandbox + "/user.log")
            try repo.write("notes.txt", shebang)
            try repo.git("add", "notes.txt")
            let refused = try repo.gitResult(["commit", "-m", "Notes"], env: env)
            XCTAssertEqual(refused.status, 1, shebang)
            XCTAssertEqual(userLog, "pre-commit 0 .git/hooks\n", shebang)
        }
    }

    func testForceSetsTheExistingHookAsideWhereItDoesNotRun() throws {
        try writeUserHook(hooks + "/pre-commit")
        XCTAssertEqual(try repo.vep("install", "--force", env: env).output,
                       "installed the pre-commit hook: .git/hooks/pre-commit; your previous hook is set aside as pre-commit.replaced and no longer runs\n"
                       + "installed the pre-merge-commit hook: .git/hooks/pre-merge-commit")
        XCTAssertEqual(try repo.gitResult(["commit", "--allow-empty", "-m", "Empty"], env: env).status, 0)
        XCTAssertEqual(userLog, "")
        XCTAssertEqual(try repo.vep("uninstall", env: env).output, "removed the pre-commit hook and restored yours: .git/hooks/pre-commit\n"
                       + "removed the pre-merge-commit hook: .git/hooks/pre-merge-commit")
        XCTAssertEqual(contents(hooks + "/pre-commit"), Self.userHook)
    }

    /// A hook whose kept copy is in the way stops the whole install before anything is written.
    func testInstallWritesEveryHookOrNone() throws {
        try writeUserHook(hooks + "/pre-merge-commit")
        try writeUserHook(hooks + "/pre-merge-commit.local")
        let install = try repo.vep("install", env: env)
        XCTAssertEqual(install.status, 128)
        XCTAssertEqual(install.stdout, "")
        XCTAssertEqual(install.stderr, "fatal: \(hooks)/pre-merge-commit.local already exists; move it away first, so that no hook of yours is lost\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/pre-commit"))
        XCTAssertEqual(contents(hooks + "/pre-merge-commit"), Self.userHook)
    }

    /// The hooks run the first vep-pre-commit on PATH: install says so when that is not the one beside this git-vep.
    func testInstallWarnsWhenAnotherVepPreCommitComesFirstOnPath() throws {
        let quiet = try repo.vep("install", env: env)
        XCTAssertEqual(quiet.status, 0)
        XCTAssertEqual(quiet.stderr, "")
        let other = try repo.makeDirectory("other-bin")
        try writeUserHook(other + "/vep-pre-commit")
        let warned = try repo.vep("install", env: env.merging(["PATH": other + ":" + env["PATH"]!]) { $1 })
        XCTAssertEqual(warned.status, 0)
        let sibling = Binary.directory.resolvingSymlinksInPath().path
        XCTAssertEqual(warned.stderr, "warning: the hooks run \(other)/vep-pre-commit, the first vep-pre-commit on PATH, not \(sibling)/vep-pre-commit "
                       + "installed with this git-vep; put \(sibling) first on PATH, or install both again (scripts/setup)\n")
    }

    func testARelativeHooksPathIsRespected() throws {
        try repo.git("config", "core.hooksPath", "tools/hooks")
        let sub = repo.path + "/veps"
        let install = try repo.vep("install", env: env, in: sub)
        XCTAssertEqual(install.output, "installed the pre-commit hook: \(repo.path)/tools/hooks/pre-commit\n"
                       + "installed the pre-merge-commit hook: \(repo.path)/tools/hooks/pre-merge-commit", install.stderr)
        XCTAssertEqual(contents(repo.path + "/tools/hooks/pre-commit"), HookScript.text)
        XCTAssertEqual(contents(repo.path + "/tools/hooks/pre-merge-commit"), HookScript.text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/pre-commit"))
        try repo.write(PreCommitTests.path42, PreCommitTests.skipped42)
        try repo.git("add", PreCommitTests.path42)
        let refused = try repo.gitResult(["commit", "-m", "Skip"], env: env)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("error[status-transition]"), refused.stderr)
    }

    /// A core.hooksPath git reads from an `includeIf "hasconfig:remote.*.url:…"` include (which libgit2 1.5 skips) is
    /// where the hooks go: install asks git. They went to .git/hooks, which git then never ran.
    func testAHooksPathFromAnIncludeOnlyGitReadsIsRespected() throws {
        let team = repo.sandbox + "/team-hooks"
        try repo.write(repo.sandbox + "/hooks.inc", "[core]\n\thooksPath = \(team)\n")
        try repo.git("remote", "add", "origin", "https://github.com/kubevirt/enhancements.git")
        try repo.git("config", "includeIf.hasconfig:remote.*.url:https://github.com/kubevirt/**.path", repo.sandbox + "/hooks.inc")
        XCTAssertEqual(try repo.git("config", "core.hooksPath"), team)
        let install = try repo.vep("install", env: env)
        XCTAssertEqual(install.output, "installed the pre-commit hook: \(team)/pre-commit\n"
                       + "installed the pre-merge-commit hook: \(team)/pre-merge-commit", install.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: hooks + "/pre-commit"))
        try repo.write(PreCommitTests.path42, PreCommitTests.skipped42)
        try repo.git("add", PreCommitTests.path42)
        let refused = try repo.gitResult(["commit", "-m", "Skip"], env: env)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("error[status-transition]"), refused.stderr)
    }

    /// A team's hooks folder kept in the repository: install would rewrite a shared file, and commit -a would carry it.
    func testAHookTrackedInTheRepositoryIsNotRewritten() throws {
        try writeUserHook(repo.path + "/.githooks/pre-commit")
        try repo.git("add", ".githooks/pre-commit")
        try repo.git("commit", "--quiet", "-m", "Team hooks")
        try repo.git("config", "core.hooksPath", ".githooks")
        let install = try repo.vep("install", env: env)
        XCTAssertEqual(install.status, 128)
        XCTAssertEqual(install.stderr, "fatal: .githooks/pre-commit is a hook tracked in this repository (core.hooksPath points into the work tree): "
                       + "installing would rewrite a file your team shares and leave theirs behind. Run the VEP check from it instead, "
                       + "with a line `vep-pre-commit || exit $?` in .githooks/pre-commit, or point core.hooksPath at a folder of your own\n")
        XCTAssertEqual(contents(repo.path + "/.githooks/pre-commit"), Self.userHook)
        XCTAssertEqual(try repo.git("status", "--porcelain"), "")
        // The team's pre-merge-commit alone stops the install too, before any hook is written.
        try repo.git("mv", ".githooks/pre-commit", ".githooks/pre-merge-commit")
        try repo.git("commit", "--quiet", "-m", "Team merge hook")
        let merge = try repo.vep("install", env: env)
        XCTAssertEqual(merge.status, 128)
        XCTAssertTrue(merge.stderr.hasPrefix("fatal: .githooks/pre-merge-commit is a hook tracked in this repository"), merge.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/.githooks/pre-commit"))
        XCTAssertEqual(try repo.git("status", "--porcelain"), "")
        try repo.git("mv", ".githooks/pre-merge-commit", ".githooks/pre-commit")
        try repo.git("commit", "--quiet", "-m", "Team hook back")
        // A hook that only links to the tracked one is moved aside; the tracked file stays as it is.
        try repo.git("config", "--unset", "core.hooksPath")
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: hooks + "/pre-commit", withDestinationPath: repo.path + "/.githooks/pre-commit")
        XCTAssertEqual(try repo.vep("install", env: env).status, 0)
        XCTAssertEqual(contents(repo.path + "/.githooks/pre-commit"), Self.userHook)
        XCTAssertEqual(contents(hooks + "/pre-commit"), HookScript.text)
    }

    func testAHooksFolderThatIsNotAFolderIsNamed() throws {
        try repo.git("config", "core.hooksPath", "/dev/null")
        let devNull = try repo.vep("install", env: env)
        XCTAssertEqual(devNull.status, 128)
        XCTAssertEqual(devNull.stderr, "fatal: cannot install the hook: /dev/null, where git looks for hooks, is not a folder "
                       + "(see core.hooksPath: `git config --show-origin core.hooksPath`)\n")
        try repo.git("config", "--unset", "core.hooksPath")
        try FileManager.default.removeItem(atPath: hooks)
        try Data("not a folder\n".utf8).write(to: URL(fileURLWithPath: hooks))
        let file = try repo.vep("install", env: env)
        XCTAssertEqual(file.stderr, "fatal: cannot install the hook: \(hooks), where git looks for hooks, is not a folder "
                       + "(see core.hooksPath: `git config --show-origin core.hooksPath`)\n")
        // A folder that cannot be written: the system's reason, not Foundation's error code.
        try FileManager.default.removeItem(atPath: hooks)
        try FileManager.default.createDirectory(atPath: repo.path + "/locked", withIntermediateDirectories: true)
        try repo.git("config", "core.hooksPath", repo.path + "/locked/hooks")
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: repo.path + "/locked")
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.path + "/locked") }
        guard getuid() != 0 else { return }  // root writes anyway
        let locked = try repo.vep("install", env: env)
        XCTAssertEqual(locked.stderr, "fatal: cannot create the hooks folder \(repo.path)/locked/hooks: Permission denied\n")
    }

    /// git turns `git vep --help` into `man git-vep`: scripts/setup installs the page scripts/man-page makes.
    func testGitVepHelpOpensTheManualPage() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/man-page").path
        let page = try ProcessRunner.run(script, [Binary.path("git-vep")], environment: env)
        XCTAssertEqual(page.status, 0, page.stderr)
        XCTAssertTrue(page.stdout.hasPrefix(".TH GIT-VEP 1 \"\" \"git-vep 0.1.0\" \"Git Manual\"\n.SH NAME\ngit-vep \\- Track KubeVirt"), page.stdout)
        try FileManager.default.createDirectory(atPath: repo.sandbox + "/man/man1", withIntermediateDirectories: true)
        try Data(page.stdout.utf8).write(to: URL(fileURLWithPath: repo.sandbox + "/man/man1/git-vep.1"))
        let help = try repo.gitResult(["vep", "--help"], env: env.merging(["MANPATH": repo.sandbox + "/man", "MANPAGER": "cat", "PAGER": "cat",
                                                                            "MANWIDTH": "100", "MAN_KEEP_FORMATTING": ""]) { $1 })
        XCTAssertEqual(help.status, 0, help.stderr)
        let text = help.stdout.replacingOccurrences(of: "\u{8}.", with: "", options: .regularExpression)
        for command in ["list", "show", "log", "lint", "explain", "install", "uninstall", "new", "migrate", "report"] {
            XCTAssertTrue(text.contains("git vep \(command)\n"), "no section for \(command):\n\(text)")
        }
        XCTAssertTrue(text.contains("USAGE: git-vep log [<options>] [<vep-or-revision> ...]"), text)
    }

    func testServerInstallsThePreReceiveHookOfABareRepository() throws {
        let bare = try GitRepo.initBare()
        try writeUserHook(bare.path + "/hooks/pre-receive")
        let install = try repo.vep("install", "--server", bare.path, env: env)
        XCTAssertEqual(install.output, "installed the pre-receive hook: \(bare.path)/hooks/pre-receive; your previous hook is kept as pre-receive.local and still runs first",
                       install.stderr)
        XCTAssertEqual(contents(bare.path + "/hooks/pre-receive"), HookScript.text)
        XCTAssertEqual(contents(bare.path + "/hooks/pre-receive.local"), Self.userHook)
        XCTAssertEqual(try repo.vep("uninstall", "--server", bare.path, env: env).output,
                       "removed the pre-receive hook and restored yours: \(bare.path)/hooks/pre-receive")
        XCTAssertEqual(contents(bare.path + "/hooks/pre-receive"), Self.userHook)
    }
}
