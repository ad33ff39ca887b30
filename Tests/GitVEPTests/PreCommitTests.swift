import Foundation
import GitFixtures
import XCTest

/// The pre-commit hook as git runs it: installed by `git vep install`, driven by real `git commit`.
///
/// `vep-pre-commit` is reached through a wrapper on PATH that hashes the index git names, the work tree
/// and the git directory before and after the real binary runs, and logs `unchanged <status>` or
/// `CHANGED <status>`: the hook's own writes, if any, show there, whatever git itself does around it.
final class PreCommitTests: XCTestCase {
    static let path42 = "veps/sig-network/42-faster-links/vep.md"

    static func vep(_ number: Int, _ title: String = "Faster links", status: String = "provisional", body: String = "",
                    alpha: String? = nil, reviewers: [String] = ["TBD"], approvers: [String] = ["TBD"]) -> String {
        Documents.frontMatter(number: number, title: title, status: status, alpha: alpha, reviewers: reviewers, approvers: approvers) + body
    }

    static let implementable42 = vep(42, status: "implementable", alpha: "v1.10", reviewers: ["@tomas"], approvers: ["@lee"])
    /// provisional → implemented skips implementable.
    static let skipped42 = vep(42, status: "implemented", alpha: "v1.10", reviewers: ["@tomas"], approvers: ["@lee"])

    var repo: GitRepo!
    var log: String { repo.sandbox + "/hook.log" }

    /// A repository with VEP 42 (provisional) committed and the hook installed, PATH reaching the wrapper.
    override func setUpWithError() throws {
        repo = try GitRepo()
        try repo.commit("Base", files: [".vep.yaml": LintTests.configuration, Self.path42: Self.vep(42)])
        try installWrapper()
        let install = try repo.vep("install", env: env)
        XCTAssertEqual(install.status, 0, install.stderr)
        XCTAssertEqual(install.output, "installed the pre-commit hook: .git/hooks/pre-commit\n"
                       + "installed the pre-merge-commit hook: .git/hooks/pre-merge-commit")
    }

    override func tearDown() { repo = nil }

    func installWrapper() throws {
        let bin = try repo.makeDirectory("bin")
        let wrapper = """
        #!/bin/sh
        state() {
          { sha1sum "$GIT_INDEX_FILE"; cd "$(git rev-parse --show-toplevel)" && find . -name .git -prune -o -type f -print | LC_ALL=C sort | xargs sha1sum;
            cd "$(git rev-parse --git-common-dir)" && find . -type f -print | LC_ALL=C sort | xargs sha1sum; } 2>&1 | sha1sum
        }
        before=$(state)
        \(Binary.path("vep-pre-commit")) "$@"
        status=$?
        after=$(state)
        if [ "$before" = "$after" ]; then echo "unchanged $status" >> \(log); else echo "CHANGED $status" >> \(log); fi
        exit $status

        """
        try repo.write(bin + "/vep-pre-commit", wrapper)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/vep-pre-commit")
        // git-vep itself from the build folder; the wrapper comes first.
        try FileManager.default.createSymbolicLink(atPath: bin + "/git-vep", withDestinationPath: Binary.path("git-vep"))
    }

    var env: [String: String] {
        ["PATH": repo.sandbox + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
    }

    @discardableResult
    func commit(_ args: String..., in directory: String? = nil, extraEnv: [String: String] = [:]) throws -> ProcessResult {
        try? FileManager.default.removeItem(atPath: log)
        return try repo.gitResult(["commit", "--quiet"] + args, env: env.merging(extraEnv) { $1 }, in: directory)
    }

    var hookLog: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// Staged entries and the work tree, to show a refused commit left both as they were.
    func state() throws -> String {
        try repo.git("ls-files", "--stage") + "\n" + repo.git("status", "--porcelain", "--untracked-files=all")
            + "\n" + workTreeHash()
    }

    func workTreeHash() throws -> String {
        let manager = FileManager.default
        var lines: [String] = []
        let enumerator = manager.enumerator(atPath: repo.path)!
        for case let path as String in enumerator where !path.hasPrefix(".git") {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: repo.path + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            lines.append(path + " " + (manager.contents(atPath: repo.path + "/" + path).map { String($0.hashValue) } ?? "-"))
        }
        return lines.sorted().joined(separator: "\n")
    }

    /// Commits with the hook (from `directory` when given), which must refuse, leaving HEAD, the index and the work tree
    /// as they were.
    @discardableResult
    func commitRefused(_ args: String..., in directory: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> ProcessResult {
        let head = try repo.git("rev-parse", "HEAD"), before = try state()
        try? FileManager.default.removeItem(atPath: log)
        let result = try repo.gitResult(["commit", "--quiet"] + args, env: env, in: directory)
        try assertRefused(result, head: head, before: before, file: file, line: line)
        return result
    }

    func assertRefused(_ result: ProcessResult, head: String, before: String, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(result.status, 1, result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.contains("vep-pre-commit: commit refused:"), result.stderr, file: file, line: line)
        XCTAssertTrue(result.stderr.contains("`git commit --no-verify` skips this check."), result.stderr, file: file, line: line)
        XCTAssertEqual(try repo.git("rev-parse", "HEAD"), head, "nothing committed", file: file, line: line)
        XCTAssertEqual(try state(), before, "index and work tree as they were", file: file, line: line)
        XCTAssertEqual(hookLog, "unchanged 1\n", file: file, line: line)
    }

    // MARK: What is judged

    func testRefusesAStagedSkippedStatusAndLeavesEverythingAsItWas() throws {
        try repo.write(Self.path42, Self.skipped42)
        try repo.git("add", Self.path42)
        let result = try commitRefused("-m", "Implement")
        XCTAssertTrue(result.stderr.contains("error[status-transition]"), result.stderr)
        XCTAssertTrue(result.stderr.contains("1 error in the staged VEPs against HEAD."), result.stderr)
    }

    func testMovingTheLayoutAwayDoesNotHideTheStagedVEPsFromTheirChecks() throws {
        // `layout` pointed at an empty folder would leave no VEP to check: the change is read in HEAD's layout.
        try repo.write(Self.path42, Self.skipped42)
        try repo.write(".vep.yaml", "layout:\n  root: nowhere\n")
        try repo.git("add", Self.path42, ".vep.yaml")
        let result = try commitRefused("-m", "Implement, elsewhere")
        XCTAssertTrue(result.stderr.contains("error[status-transition]"), result.stderr)
        XCTAssertTrue(result.stderr.contains("warning[layout-change]: `layout` differs from the base's (VEPs under `veps/`)"), result.stderr)
    }

    /// A new VEP committed as a link to a draft elsewhere: git-vep reads no document there, and says so.
    func testAStagedVEPDocumentThatIsASymbolicLinkIsRefused() throws {
        let path = "veps/sig-network/43-slow-links/vep.md"
        try repo.write("drafts/slow-links.md", Self.vep(43, "Slow links"))
        try FileManager.default.createDirectory(atPath: repo.path + "/veps/sig-network/43-slow-links", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/" + path, withDestinationPath: "../../../drafts/slow-links.md")
        try repo.git("add", path, "drafts/slow-links.md")
        let result = try commitRefused("-m", "Propose VEP 43")
        XCTAssertTrue(result.stderr.contains("error[document-symlink]: this VEP document is a symbolic link to `../../../drafts/slow-links.md`, "
                                             + "which git-vep does not follow"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--> \(path):1:1"), result.stderr)
        XCTAssertTrue(result.stderr.contains("help: put the file itself in its place: `cp --remove-destination \"$(realpath \(path))\" \(path)`"),
                      result.stderr)

        // The working tree says the same; with the file in place of the link, the commit goes in.
        let lint = try repo.vep("lint", env: env)
        XCTAssertEqual(lint.status, 1, lint.stderr)
        XCTAssertTrue(lint.output.contains("error[document-symlink]"), lint.output)
        try repo.git("rm", "--quiet", "--cached", path)
        try repo.remove(path)
        try repo.write(path, Self.vep(43, "Slow links"))
        try repo.git("add", path)
        let fixed = try commit("-m", "Propose VEP 43")
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
    }

    /// A document renamed so that git-vep finds no VEP in its folder would drop the VEP from every list and timeline unseen.
    func testADocumentRenamedOutOfSightIsRefused() throws {
        let renamed = "veps/sig-network/42-faster-links/vep.markdown"
        try repo.git("mv", Self.path42, renamed)
        let result = try commitRefused("-m", "Rename")
        XCTAssertTrue(result.stderr.contains("error[vep-document-missing]: VEP folder `veps/sig-network/42-faster-links` holds no Markdown "
                                             + "document, so VEP 42 is neither listed nor tracked\n --> \(renamed):1:1"), result.stderr)
        XCTAssertTrue(result.stderr.contains("help: rename `\(renamed)` to `\(Self.path42)`"), result.stderr)

        // Named back, the commit goes in.
        try repo.git("mv", renamed, Self.path42)
        let fixed = try commit("--allow-empty", "-m", "Keep")
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
    }

    /// Upstream VEPs 19, 24 and 207 are headed without a number at HEAD: a typo fix there is not refused for it.
    func testAnErrorTheVEPAlreadyHadWarnsButANewOneRefuses() throws {
        let path = "veps/sig-compute/19-secure-guests/vep.md"
        try repo.write(path, Documents.secureOverview)
        try repo.git("add", path)
        try repo.git("commit", "--quiet", "--no-verify", "-m", "Add VEP 19 as upstream has it")
        try repo.write(path, Documents.secureOverview + "\nA typo fixed.\n")
        try repo.git("add", path)
        let fixed = try commit("-m", "Fix a typo")
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertTrue(fixed.stderr.contains("warning[vep-title]: the first heading `Overview` is not the VEP title (so at HEAD already)"), fixed.stderr)
        // A new error of the same VEP still refuses.
        try repo.write(path, Documents.secureOverview.replacingOccurrences(of: "GA for version: v1.9", with: "GA for version: soon"))
        try repo.git("add", path)
        let broken = try commitRefused("-m", "Retarget")
        XCTAssertTrue(broken.stderr.contains("error[release-unrecognized]"), broken.stderr)
    }

    /// A VEP moved with an old error keeps it as a warning: the same VEP, the same file name.
    func testAVEPMovedWithAnOldErrorIsNotRefusedForIt() throws {
        let path = "veps/sig-compute/19-secure-guests/vep.md"
        try repo.write(path, Documents.secureOverview)
        try repo.git("add", path)
        try repo.git("commit", "--quiet", "--no-verify", "-m", "Add VEP 19 as upstream has it")
        try repo.git("mv", "veps/sig-compute/19-secure-guests", "veps/sig-compute/19-secure-execution")
        let moved = try commit("-m", "Rename the folder")
        XCTAssertEqual(moved.status, 0, moved.stderr)
        XCTAssertTrue(moved.stderr.contains("warning[vep-title]: the first heading `Overview` is not the VEP title (so at HEAD already)"), moved.stderr)
    }

    /// Renaming the document to `vep.md`, as `vep-document-name` asks, keeps its old errors warnings: the VEP's main
    /// document is known by its number, whatever its name (upstream's #339 was refused for VEPs 19, 24 and 207).
    func testRenamingTheDocumentToVepMdKeepsItsOldErrorsWarnings() throws {
        let folder = "veps/sig-compute/19-secure-guests"
        try repo.write(folder + "/secure-execution.md", Documents.secureOverview)
        try repo.git("add", folder)
        try repo.git("commit", "--quiet", "--no-verify", "-m", "Add VEP 19 as upstream has it")
        try repo.git("mv", folder + "/secure-execution.md", folder + "/vep.md")
        let renamed = try commit("-m", "Name the document vep.md")
        XCTAssertEqual(renamed.status, 0, renamed.stderr)
        XCTAssertTrue(renamed.stderr.contains("warning[vep-title]: the first heading `Overview` is not the VEP title (so at HEAD already)"), renamed.stderr)
        XCTAssertFalse(renamed.stderr.contains("error["), renamed.stderr)
    }

    /// A copy of a document with an old error answers for it: the error a path had stays a warning at that path, and
    /// the copy, another document of the same VEP in the folder, has it as its own (it was excused, and the original
    /// blamed).
    func testACopyOfADocumentWithAnOldErrorAnswersForItTheOriginalDoesNot() throws {
        let folder = "veps/sig-compute/19-secure-guests"
        // Numbered by its front matter, headed as a section.
        let document = "---\ntitle: Secure guests\nvep-number: 19\nstatus: provisional\n---\n\n# Overview\n\nText.\n"
        try repo.write(folder + "/secure-execution.md", document)
        try repo.git("add", folder)
        try repo.git("commit", "--quiet", "--no-verify", "-m", "Add VEP 19")
        try repo.write(folder + "/a-copy.md", document)
        try repo.git("add", folder)
        let copied = try commitRefused("-m", "Copy it")
        let titles = copied.stderr.split(separator: "\n").filter { $0.contains("[vep-title]") }.map(String.init)
        XCTAssertEqual(titles, ["error[vep-title]: the first heading `Overview` is not the VEP title",
                                "warning[vep-title]: the first heading `Overview` is not the VEP title (so at HEAD already)"], copied.stderr)
        let lines = copied.stderr.split(separator: "\n").map(String.init)
        let places = lines.indices.filter { lines[$0].contains("[vep-title]") }.map { lines[$0 + 1].trimmingCharacters(in: .whitespaces) }
        XCTAssertEqual(places, ["--> \(folder)/a-copy.md:7:1", "--> \(folder)/secure-execution.md:7:1"], copied.stderr)
    }

    /// A document already over the size limit at HEAD keeps that error a warning when an edit changes its size: the
    /// byte count in the message is no new finding.
    func testAnEditOfADocumentAlreadyTooLargeIsNotRefusedForItsSize() throws {
        let huge = Self.vep(42) + String(repeating: "Design text that goes on.\n", count: 45_000)
        try repo.write(Self.path42, huge)
        try repo.git("add", Self.path42)
        try repo.git("commit", "--quiet", "--no-verify", "-m", "A long design")
        try repo.write(Self.path42, huge + "A typo fixed.\n")
        try repo.git("add", Self.path42)
        let fixed = try commit("-m", "Fix a typo")
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
        XCTAssertTrue(fixed.stderr.contains("warning[document-unreadable]: file is \(huge.utf8.count + 14) bytes, larger than the 1048576-byte limit "
                                            + "for a VEP document (so at HEAD already)"), fixed.stderr)
    }

    /// The freeze day is the UTC day of the committer date git records, as `lint --rev` judges it, however git was given
    /// it: at 23:30 in New York on the freeze day it is already the day after in UTC; at 03:30 the day after in Karachi
    /// it is still the freeze day. (The first ten characters were taken, the local day.)
    func testTheFreezeDayIsTheUTCDayOfTheCommitterDate() throws {
        // v1.9 freezes on 2026-06-20 (LintTests.configuration); VEP 42 becomes implementable for v1.9.
        try repo.write(Self.path42, Self.vep(42, status: "implementable", alpha: "v1.9", reviewers: ["@tomas"], approvers: ["@lee"]))
        try repo.git("add", Self.path42)
        for late in ["2026-06-20T23:30:00-05:00", "2026-06-20 23:30:00 -0500", "Sat, 20 Jun 2026 23:30:00 -0500", "@1782016200 -0500"] {
            let result = try commit("-m", "Implementable", extraEnv: ["GIT_COMMITTER_DATE": late])
            XCTAssertEqual(result.status, 1, "\(late): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("error[vep-freeze]"), "\(late): \(result.stderr)")
        }
        let inTime = try commit("-m", "Implementable", extraEnv: ["GIT_COMMITTER_DATE": "2026-06-21T03:30:00+05:00"])
        XCTAssertEqual(inTime.status, 0, inTime.stderr)
    }

    /// A new VEP where an unnumbered draft was answers for itself (found by review).
    func testANewVEPWhereADraftWasIsNotExcusedByTheDraftsErrors() throws {
        let draft = "veps/sig-network/draft/vep.md"
        try repo.write(draft, "# Draft\n\nIdeas.\n")
        try repo.git("add", draft)
        try repo.git("commit", "--quiet", "--no-verify", "-m", "A draft")
        try repo.write(draft, Self.vep(400, "Drafted"))
        try repo.git("add", draft)
        let result = try commitRefused("-m", "Propose VEP 400")
        XCTAssertTrue(result.stderr.contains("error[vep-dir-name]"), result.stderr)
    }

    /// The same words again are counted: one bad handle at HEAD does not excuse a second one.
    func testAnErrorRepeatedByTheChangeStillRefuses() throws {
        let bad = Self.vep(42).replacingOccurrences(of: "authors:\n  - \"@mira\"", with: "authors:\n  - mira")
        XCTAssertNotEqual(bad, Self.vep(42))
        try repo.write(Self.path42, bad)
        try repo.git("add", Self.path42)
        try repo.git("commit", "--quiet", "--no-verify", "-m", "A bad handle")
        try repo.write(Self.path42, bad.replacingOccurrences(of: "authors:\n  - mira", with: "authors:\n  - mira\n  - mira"))
        try repo.git("add", Self.path42)
        let result = try commitRefused("-m", "Another bad handle")
        XCTAssertEqual(result.stderr.components(separatedBy: "error[handle-format]").count, 2, result.stderr)
        XCTAssertEqual(result.stderr.components(separatedBy: "warning[handle-format]").count, 2, result.stderr)
    }

    /// The server refuses a broken OWNERS file; the pre-commit hook says so before the push.
    func testABrokenOwnersFileIsRefusedBeforeItIsPushed() throws {
        for path in ["OWNERS", "veps/sig-network/OWNERS"] {
            try repo.write(path, "approvers:\n  - mira\n - broken: [\n")
            try repo.git("add", path)
            let result = try commitRefused("-m", "Edit \(path)")
            XCTAssertTrue(result.stderr.contains("error[owners-yaml]: `\(path)` is not valid YAML"), result.stderr)
            XCTAssertTrue(result.stderr.contains("--> \(path):3:2"), result.stderr)
            try repo.write(path, "approvers:\n  - mira\n")
            try repo.git("add", path)
            let fixed = try commit("-m", "Edit \(path)")
            XCTAssertEqual(fixed.status, 0, fixed.stderr)
        }
    }

    func testAcceptsAValidStagedChange() throws {
        try repo.write(Self.path42, Self.implementable42)
        try repo.git("add", Self.path42)
        let head = try repo.git("rev-parse", "HEAD")
        let tree = try repo.git("write-tree")
        let result = try commit("-m", "Implementable")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(hookLog, "unchanged 0\n")
        XCTAssertEqual(try repo.git("rev-parse", "HEAD^"), head)
        XCTAssertEqual(try repo.git("rev-parse", "HEAD^{tree}"), tree)
    }

    func testNoVerifySkipsTheHook() throws {
        try repo.write(Self.path42, Self.skipped42)
        try repo.git("add", Self.path42)
        let result = try commit("--no-verify", "-m", "Skip")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(hookLog, "")
    }

    func testCommitAllJudgesTheWorkTreeChangeGitStages() throws {
        try repo.write(Self.path42, Self.skipped42)
        try commitRefused("-a", "-m", "All")
        try repo.write(Self.path42, Self.implementable42)
        XCTAssertEqual(try commit("-a", "-m", "All").status, 0)
        XCTAssertEqual(hookLog, "unchanged 0\n")
    }

    func testCommitPathsJudgesThosePathsNotTheRestOfTheIndex() throws {
        // The index holds a bad VEP 43; `commit <path42>` commits only VEP 42's work tree version.
        try repo.write("veps/sig-network/43-other/vep.md", Self.vep(43, "Other", status: "implemented"))
        try repo.git("add", "veps/sig-network/43-other/vep.md")
        try repo.write(Self.path42, Self.implementable42)
        let result = try commit("-m", "Only 42", "--", Self.path42)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(hookLog, "unchanged 0\n")
        XCTAssertEqual(try repo.git("diff", "--cached", "--name-only"), "veps/sig-network/43-other/vep.md")

        try repo.write(Self.path42, Self.vep(42, status: "provisional"))
        try commitRefused("-m", "Back", "--", Self.path42)
    }

    func testPartialStagingJudgesTheIndexNotTheWorkTree() throws {
        // Staged: the skip. Work tree: the valid step.
        try repo.write(Self.path42, Self.skipped42)
        try repo.git("add", Self.path42)
        try repo.write(Self.path42, Self.implementable42)
        try commitRefused("-m", "Partial")

        // And the other way round: a valid index commits although the work tree is broken.
        try repo.git("add", Self.path42)
        try repo.write(Self.path42, Self.skipped42)
        XCTAssertEqual(try commit("-m", "Partial").status, 0)
        XCTAssertEqual(try repo.git("show", "HEAD:" + Self.path42) + "\n", Self.implementable42)
    }

    func testAmendIsJudgedAgainstTheParentOfTheAmendedCommit() throws {
        try repo.write(Self.path42, Self.implementable42)
        try repo.git("add", Self.path42)
        XCTAssertEqual(try commit("-m", "Implementable").status, 0)
        // implementable → implemented is a valid step from HEAD, but the amended commit replaces HEAD:
        // from its parent (provisional) it skips a status.
        try repo.write(Self.path42, Self.skipped42)
        try repo.git("add", Self.path42)
        let result = try commitRefused("--amend", "-m", "Implemented")
        XCTAssertTrue(result.stderr.contains("against HEAD^ (the parent of the amended commit)"), result.stderr)
        // A plain commit of the same content is a valid step from HEAD.
        XCTAssertEqual(try commit("-m", "Implemented").status, 0)
        // Amending a body edit onto it is fine.
        try repo.write(Self.path42, Self.skipped42 + "\nMore.\n")
        try repo.git("add", Self.path42)
        XCTAssertEqual(try commit("--amend", "--no-edit").status, 0, "HEAD^ is implementable: the amended commit is a valid step")
        XCTAssertEqual(hookLog, "unchanged 0\n")
    }

    func testFirstCommitHasNoBase() throws {
        let fresh = try GitRepo(name: "fresh")
        let install = try fresh.vep("install", env: env)
        XCTAssertEqual(install.status, 0, install.stderr)
        // The folder says 42, the document 43.
        try fresh.write(Self.path42, Self.vep(43))
        try fresh.git("add", "--all")
        let refused = try fresh.gitResult(["commit", "-m", "First"], env: env)
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("error[vep-number-mismatch]"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("1 error in the staged VEPs.\n"), refused.stderr)
        XCTAssertNil(try? fresh.revParse("HEAD"))
        try fresh.write(Self.path42, Self.vep(42))
        try fresh.git("add", "--all")
        let accepted = try fresh.gitResult(["commit", "-m", "First"], env: env)
        XCTAssertEqual(accepted.status, 0, accepted.stderr)
        XCTAssertNotNil(try? fresh.revParse("HEAD"))
    }

    func testConcludingAConflictedMergeJudgesTheResolution() throws {
        try repo.git("checkout", "--quiet", "-b", "side")
        try repo.commit("Side", files: [Self.path42: Self.vep(42, body: "\nSide.\n")])
        try repo.git("checkout", "--quiet", "main")
        try repo.commit("Main", files: [Self.path42: Self.vep(42, body: "\nMain.\n")])
        XCTAssertNotEqual(try repo.gitResult(["merge", "--no-edit", "side"], env: env).status, 0)
        try repo.write(Self.path42, Self.skipped42)
        try repo.git("add", Self.path42)
        try commitRefused("--no-edit")
        try repo.write(Self.path42, Self.vep(42, body: "\nBoth.\n"))
        try repo.git("add", Self.path42)
        XCTAssertEqual(try commit("--no-edit").status, 0)
        XCTAssertEqual(try repo.git("rev-parse", "HEAD^2"), try repo.git("rev-parse", "side"))
    }

    /// main steps VEP 42 to implemented over two commits, each accepted; a feature branch that edited its overview
    /// merges main, resolving the conflict. The resolution takes main's status: not a skip of this commit's doing.
    func testConcludingAMergeOfMainDoesNotAnswerForWhatMainDid() throws {
        try repo.git("checkout", "--quiet", "-b", "feature")
        try repo.commit("Feature", files: [Self.path42: Self.vep(42, body: "\nFeature.\n")])
        try repo.git("checkout", "--quiet", "main")
        try repo.write(Self.path42, Self.implementable42)
        try repo.git("add", Self.path42)
        XCTAssertEqual(try commit("-m", "Implementable").status, 0)
        let implemented = Self.vep(42, status: "implemented", alpha: "v1.10", reviewers: ["@tomas"], approvers: ["@lee"])
        try repo.write(Self.path42, implemented + "\nMain.\n")
        try repo.git("add", Self.path42)
        XCTAssertEqual(try commit("-m", "Implemented").status, 0)
        try repo.git("checkout", "--quiet", "feature")
        XCTAssertNotEqual(try repo.gitResult(["merge", "--no-edit", "main"], env: env).status, 0)
        try repo.write(Self.path42, implemented + "\nFeature and main.\n")
        try repo.git("add", Self.path42)
        let merged = try commit("--no-edit")
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertEqual(hookLog, "unchanged 0\n")
        XCTAssertEqual(try repo.git("rev-parse", "HEAD^2"), try repo.git("rev-parse", "main"))
        // Rewording the merge keeps its parents, and its verdict (an amend was judged against HEAD^ alone).
        let reworded = try commit("--amend", "-m", "Merge main into feature")
        XCTAssertEqual(reworded.status, 0, reworded.stderr)
        XCTAssertEqual(try repo.git("rev-parse", "HEAD^2"), try repo.git("rev-parse", "main"))
        // What the resolution gets wrong itself is still refused; main's status, which it also takes, is not.
        try repo.git("reset", "--quiet", "--hard", "HEAD~1")
        XCTAssertNotEqual(try repo.gitResult(["merge", "--no-edit", "main"], env: env).status, 0)
        try repo.write(Self.path42, implemented.replacingOccurrences(of: "alpha: \"v1.10\"", with: "alpha: \"someday\"") + "\nBoth.\n")
        try repo.git("add", Self.path42)
        let wrong = try commit("--no-edit")
        XCTAssertEqual(wrong.status, 1, wrong.stderr)
        XCTAssertTrue(wrong.stderr.contains("error[release-unrecognized]: `milestone.alpha` is `someday`, not a release"), wrong.stderr)
        XCTAssertFalse(wrong.stderr.contains("status-transition"), wrong.stderr)
        XCTAssertTrue(wrong.stderr.contains("commit refused: 1 error in the staged VEPs against HEAD and the merged commit."), wrong.stderr)
    }

    /// A merge git commits itself runs pre-merge-commit, not pre-commit: two branches that each add a VEP 43, each
    /// commit fine alone, merge without a conflict. The merge is refused, and left for `git commit` to conclude.
    func testAMergeGitCommitsItselfIsJudged() throws {
        let other43 = "veps/sig-network/43-other/vep.md"
        try repo.git("checkout", "--quiet", "-b", "side")
        try repo.write("veps/sig-network/43-faster-disks/vep.md", Self.vep(43, "Faster disks"))
        try repo.git("add", "--all")
        XCTAssertEqual(try commit("-m", "Side").status, 0)
        try repo.git("checkout", "--quiet", "main")
        try repo.write(other43, Self.vep(43, "Other"))
        try repo.git("add", "--all")
        XCTAssertEqual(try commit("-m", "Main").status, 0)
        let head = try repo.git("rev-parse", "HEAD")
        try? FileManager.default.removeItem(atPath: log)
        let merge = try repo.gitResult(["merge", "--no-edit", "side"], env: env)
        XCTAssertEqual(merge.status, 1, merge.stderr)
        XCTAssertTrue(merge.stderr.contains("error[vep-number-duplicate]"), merge.stderr)
        XCTAssertTrue(merge.stderr.contains("vep-pre-commit: merge refused: 1 error in the merged VEPs against HEAD and the merged commit.\n"
                                            + "The merge is left uncommitted: fix it, stage the fix with `git add`, and `git commit` to conclude "
                                            + "the merge, or `git merge --abort`; `git merge --no-verify` skips this check.\n"), merge.stderr)
        XCTAssertEqual(hookLog, "unchanged 1\n")
        XCTAssertEqual(try repo.git("rev-parse", "HEAD"), head, "no merge commit")
        XCTAssertEqual(try repo.git("rev-parse", "MERGE_HEAD"), try repo.git("rev-parse", "side"))
        // Concluding it with `git commit` is judged by pre-commit, against HEAD and MERGE_HEAD: still refused.
        try commitRefused("--no-edit")
        // Renumbered, the merge concludes.
        try repo.git("mv", "veps/sig-network/43-other", "veps/sig-network/44-other")
        try repo.write("veps/sig-network/44-other/vep.md", Self.vep(44, "Other"))
        try repo.git("add", "--all")
        let concluded = try commit("--no-edit")
        XCTAssertEqual(concluded.status, 0, concluded.stderr)
        XCTAssertEqual(try repo.git("rev-parse", "HEAD^2"), try repo.git("rev-parse", "side"))
    }

    /// main steps VEP 42 to implemented over two commits; a feature branch that changed something else pulls main, and
    /// git commits the merge itself. The merge takes main's status: no skip of its doing.
    func testAPullGitCommitsItselfDoesNotAnswerForWhatMainDid() throws {
        let origin = repo.sandbox + "/origin.git"
        try repo.git("init", "--quiet", "--bare", origin)
        try repo.git("remote", "add", "origin", origin)
        try repo.git("checkout", "--quiet", "-b", "feature")
        try repo.write("veps/sig-network/7-other/vep.md", Self.vep(7, "Other"))
        try repo.git("add", "--all")
        XCTAssertEqual(try commit("-m", "Feature").status, 0)
        try repo.git("checkout", "--quiet", "main")
        try repo.write(Self.path42, Self.implementable42)
        try repo.git("add", Self.path42)
        XCTAssertEqual(try commit("-m", "Implementable").status, 0)
        try repo.write(Self.path42, Self.skipped42)
        try repo.git("add", Self.path42)
        XCTAssertEqual(try commit("-m", "Implemented").status, 0)
        try repo.git("push", "--quiet", "origin", "main")
        try repo.git("checkout", "--quiet", "feature")
        try? FileManager.default.removeItem(atPath: log)
        let pull = try repo.gitResult(["pull", "--quiet", "--no-rebase", "--no-edit", "origin", "main"], env: env)
        XCTAssertEqual(pull.status, 0, pull.stderr)
        XCTAssertEqual(hookLog, "unchanged 0\n", "pre-merge-commit ran and passed")
        XCTAssertEqual(try repo.git("rev-parse", "HEAD^2"), try repo.git("rev-parse", "main"))
        // Without the merged commit to judge against, the same index is a skip from HEAD.
        try repo.git("reset", "--quiet", "--hard", "HEAD~1")
        try repo.git("merge", "--quiet", "--no-commit", "--no-ff", "main")
        try FileManager.default.removeItem(atPath: repo.path + "/.git/MERGE_HEAD")
        let skipped = try commitRefused("-m", "Not a merge")
        XCTAssertTrue(skipped.stderr.contains("error[status-transition]: status cannot move from provisional to implemented"), skipped.stderr)
    }

    /// git names merged commits in `GITHEAD_<id>` to pre-merge-commit only; the same variable on a plain commit excuses nothing.
    func testAStrayGitheadVariableOnAPlainCommitExcusesNothing() throws {
        try repo.write(Self.path42, Self.skipped42)
        try repo.git("add", Self.path42)
        let skipped = try repo.git("commit-tree", "-m", "Skipped", try repo.git("write-tree"))
        let head = try repo.git("rev-parse", "HEAD")
        let result = try commit("-m", "Implemented", extraEnv: ["GITHEAD_\(skipped)": "main"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("error[status-transition]"), result.stderr)
        XCTAssertTrue(result.stderr.contains("vep-pre-commit: commit refused: 1 error in the staged VEPs against HEAD.\n"
                                             + "Fix it, stage the fix with `git add`, and commit again; `git commit --no-verify` skips this check.\n"),
                      result.stderr)
        XCTAssertEqual(try repo.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(hookLog, "unchanged 1\n")
    }

    /// `git sparse-checkout --sparse-index`: folders outside the cone are one index entry each; the staged VEPs are judged.
    func testInASparseIndexCheckout() throws {
        try repo.commit("More", files: ["docs/guide.md": "Guide\n", "veps/sig-compute/7-other/vep.md": Self.vep(7, "Other")])
        try repo.git("sparse-checkout", "set", "--cone", "--sparse-index", "veps/sig-network")
        XCTAssertTrue(try repo.git("ls-files", "--sparse").contains("veps/sig-compute/\n"))
        try repo.write(Self.path42, Self.skipped42)
        try repo.git("add", Self.path42)
        let refused = try commit("-m", "Skip")
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("error[status-transition]: status cannot move from provisional to implemented"), refused.stderr)
        try repo.write(Self.path42, Self.implementable42)
        try repo.git("add", Self.path42)
        let accepted = try commit("-m", "Implementable")
        XCTAssertEqual(accepted.status, 0, accepted.stderr)
        XCTAssertEqual(hookLog, "unchanged 0\n")
    }

    func testFromASubdirectory() throws {
        try repo.write(Self.path42, Self.skipped42)
        try repo.git("add", Self.path42)
        try commitRefused("-m", "Sub", in: repo.path + "/veps/sig-network")
    }

    func testInALinkedWorktree() throws {
        let other = repo.sandbox + "/linked"
        try repo.git("worktree", "add", "--quiet", "-b", "linked", other)
        try repo.write(other + "/" + Self.path42, Self.skipped42)
        try repo.git("add", Self.path42, in: other)
        let head = try repo.git("rev-parse", "HEAD", in: other)
        let result = try commit("-m", "Linked", in: other)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("error[status-transition]"), result.stderr)
        XCTAssertEqual(hookLog, "unchanged 1\n")
        XCTAssertEqual(try repo.git("rev-parse", "HEAD", in: other), head)
        try repo.write(other + "/" + Self.path42, Self.implementable42)
        try repo.git("add", Self.path42, in: other)
        XCTAssertEqual(try commit("-m", "Linked", in: other).status, 0)
    }

    func testWithWorkTreeGivenOnTheCommandLine() throws {
        try repo.write(Self.path42, Self.skipped42)
        try repo.git("add", Self.path42)
        let head = try repo.git("rev-parse", "HEAD"), before = try state()
        let result = try repo.gitResult(["--git-dir=" + repo.gitDirectory, "--work-tree=" + repo.path, "commit", "-m", "Outside"],
                                        env: env, in: repo.sandbox)
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("error[status-transition]"), result.stderr)
        XCTAssertEqual(try repo.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try state(), before)
    }

    // MARK: Failing closed

    func testACorruptStagedConfigurationIsRefused() throws {
        try repo.write(".vep.yaml", "releases: [unclosed\n")
        try repo.git("add", ".vep.yaml")
        let result = try commitRefused("-m", "Config")
        XCTAssertTrue(result.stderr.contains("error[config-yaml]"), result.stderr)
    }

    func testACorruptConfigurationAtHeadRefusesWithAMessage() throws {
        try repo.commit("Break the config", files: [".vep.yaml": "releases: [unclosed\n"])
        try repo.write(Self.path42, Self.vep(42, body: "\nEdit.\n"))
        try repo.git("add", Self.path42)
        let head = try repo.git("rev-parse", "HEAD"), before = try state()
        let result = try commit("-m", "Edit")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("vep-pre-commit: commit refused: `.vep.yaml` in HEAD cannot be read: line 1: `.vep.yaml` is not valid YAML"), result.stderr)
        XCTAssertTrue(result.stderr.contains("`git commit --no-verify` skips this check."), result.stderr)
        XCTAssertEqual(try repo.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try state(), before)
        XCTAssertEqual(hookLog, "unchanged 2\n")
        // A commit that repairs the configuration is judged.
        try repo.write(".vep.yaml", LintTests.configuration)
        try repo.git("add", ".vep.yaml")
        XCTAssertEqual(try commit("-m", "Repair").status, 0)
    }

    func testAnUnreadableStagedObjectRefuses() throws {
        // An index entry naming a blob that is not in the object database.
        try repo.git("update-index", "--add", "--cacheinfo", "100644,1111111111111111111111111111111111111111,veps/sig-network/44-ghost/vep.md")
        let head = try repo.git("rev-parse", "HEAD")
        let result = try repo.gitResult(["commit", "-m", "Ghost"], env: env)
        XCTAssertNotEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try repo.git("rev-parse", "HEAD"), head)
    }

    func testMissingBinaryRefusesWithAMessage() throws {
        try repo.remove(repo.sandbox + "/bin/vep-pre-commit")
        try repo.remove(repo.sandbox + "/bin/git-vep")
        let result = try repo.gitResult(["commit", "--allow-empty", "-m", "Empty"], env: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("pre-commit: vep-pre-commit was not found on PATH nor next to git-vep;"), result.stderr)
        XCTAssertTrue(result.stderr.contains("'git commit --no-verify' skips the hook."), result.stderr)
    }
}
