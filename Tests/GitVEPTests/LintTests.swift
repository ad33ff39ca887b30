import Foundation
import GitFixtures
import VEPCore
import XCTest

/// `git vep lint` on real repositories: what is linted in each mode, where findings point, formats, exit codes.
final class LintTests: XCTestCase {
    /// Freeze of v1.9 before the fixture clock (2026-06-24), v1.10 after; the template sections are not checked.
    static let configuration = """
    releases:
      v1.9:
        vep-freeze: 2026-06-20
      v1.10:
        vep-freeze: 2026-10-14
    rules:
      vep-sections: off

    """

    static func vep(_ number: Int, _ title: String, status: String = "provisional", stage: String? = nil, sig: String = "sig-network",
                    alpha: String? = nil, reviewers: [String] = ["TBD"], approvers: [String] = ["TBD"]) -> String {
        Documents.frontMatter(number: number, title: title, status: status, stage: stage, sig: sig, alpha: alpha,
                              reviewers: reviewers, approvers: approvers)
    }

    static let legacy70 = """
    # VEP #70: Older habits

    ## VEP Status Metadata

    ### Target releases

    - This VEP targets alpha for version: v1.10

    ## Overview

    """

    /// `rule path:line:column` of each finding in a JSON report.
    private func places(_ result: ProcessResult) throws -> [String] {
        let objects = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], result.stderr)
        return objects.map { "\($0["rule"]!) \($0["path"]!):\($0["line"]!):\($0["column"]!)" }
    }

    // MARK: CI mode

    func testAPathThatMatchesNothingIsAnError() throws {
        let repo = try GitRepo()
        try repo.commit("VEP 12", files: ["veps/sig-network/12-fast-links/vep.md": Documents.frontMatter(number: 12, title: "Fast links")])
        let result = try repo.vep("lint", "veps/sig-netwrk")
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "fatal: 'veps/sig-netwrk' matches no file lint checks in the working tree (the VEPs under veps/, and .vep.yaml)\n")
        XCTAssertEqual(try repo.vep("lint", "veps/sig-network").status, 0)
        XCTAssertEqual(try repo.vep("lint", "--rev", "HEAD", "veps/sig-network/12-fast-links/vep.md").status, 0)
    }

    /// A folder named like the document: the advice is to make it the file, not to rename the document to the folder's name.
    func testAFolderNamedVepMdIsNamedAsAFolder() throws {
        let repo = try GitRepo()
        try repo.commit("VEP 13", files: ["veps/sig-network/13-dir-doc/vep.md/README.md": Documents.frontMatter(number: 13, title: "Dir doc")])
        let result = try repo.vep("lint", "--rev", "HEAD")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stdout.contains("error[vep-document-name]: `veps/sig-network/13-dir-doc/vep.md` is a folder, not the VEP's document\n"
                                             + " --> veps/sig-network/13-dir-doc/vep.md/README.md:1:1\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("= help: move `veps/sig-network/13-dir-doc/vep.md/README.md` out of that folder, "
                                             + "then in its place as the file `veps/sig-network/13-dir-doc/vep.md`\n"), result.stdout)
    }

    /// A missing document object is named with the document, as git names it.
    func testAMissingDocumentObjectIsNamedWithItsPath() throws {
        let repo = try GitRepo()
        let path = "veps/sig-network/12-fast-links/vep.md"
        try repo.commit("VEP 12", files: [path: Documents.frontMatter(number: 12, title: "Fast links")])
        let blob = try repo.git("rev-parse", "HEAD:\(path)")
        try FileManager.default.removeItem(atPath: repo.gitDirectory + "/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        let expected = "fatal: reading HEAD: \(path): object \(blob) is missing: the repository is incomplete or damaged (`git fsck` lists what is missing)\n"
        for arguments in [["lint", "--rev", "HEAD"], ["list", "--rev", "HEAD"]] {
            let result = try repo.vepArguments(arguments)
            XCTAssertNotEqual(result.status, 0, arguments.joined(separator: " "))
            XCTAssertEqual(result.stderr, expected, arguments.joined(separator: " "))
        }
    }

    /// A HEAD commit libgit2 cannot parse (an empty author line) is named, with what shows the damage.
    func testAnUnreadableHeadCommitSaysWhatToRun() throws {
        let repo = try GitRepo()
        try repo.commit("VEP 12", files: ["veps/sig-network/12-fast-links/vep.md": Documents.frontMatter(number: 12, title: "Fast links")])
        let bad = try repo.writeUnparsableCommit(tree: try repo.git("rev-parse", "HEAD^{tree}"))
        try repo.git("update-ref", "refs/heads/main", bad)
        let list = try repo.vep("list")
        XCTAssertEqual(list.status, 128)
        XCTAssertEqual(list.stderr, "fatal: bad revision 'HEAD': failed to parse signature - expected prefix doesn't match actual "
                       + "(the object it names cannot be read; `git fsck` says what is wrong with it)\n")
        let lint = try repo.vep("lint")
        XCTAssertEqual(lint.status, 2, "lint's status when it cannot check")
        XCTAssertEqual(lint.stderr, "fatal: reading commit \(bad.prefix(12)): commit \(bad) cannot be read: failed to parse signature - "
                       + "expected prefix doesn't match actual; `git fsck` says what is wrong with it\n")
    }

    /// A stage on a meta-VEP stays once written; the finding says how one written by mistake comes out.
    func testAStageDroppedFromAMetaVEPSaysHowItComesOut() throws {
        let repo = try GitRepo()
        let path = "veps/meta-VEPs/20-process/vep.md"
        let withStage = Documents.frontMatter(number: 20, title: "Process").replacingOccurrences(of: "status: provisional\n", with: "status: provisional\nstage: alpha\n")
        XCTAssertTrue(withStage.contains("stage: alpha\n"))
        try repo.commit("Process", files: [path: withStage])
        try repo.commit("Drop the stage", files: [path: Documents.frontMatter(number: 20, title: "Process")])
        let result = try repo.vep("lint", "--rev", "HEAD")
        XCTAssertTrue(result.stdout.contains("error[metadata-removed]: `stage: alpha` is removed\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("= help: put back `stage: alpha`; a stage only moves forward; on a meta-VEP a stage written by mistake "
                                             + "comes out only in a change the root approvers allow with `rules: {metadata-removed: off}` in "
                                             + "`.vep.yaml`, set in a change of its own first\n"), result.stdout)
    }

    func testADateThatDoesNotExistIsRefused() throws {
        let repo = try GitRepo()
        try repo.commit("VEP 12", files: ["veps/sig-network/12-fast-links/vep.md": Documents.frontMatter(number: 12, title: "Fast links")])
        let result = try repo.vep("lint", "--date", "2026-02-30")
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.hasPrefix("Error: '2026-02-30' is not a date like 2026-06-24\n"), result.stderr)
        XCTAssertEqual(try repo.vep("lint", "--date", "2028-02-29").status, 0)
    }

    func testARangeMovingTheLayoutIsStillCheckedWhereTheBaseFindsVEPs() throws {
        let path = "veps/sig-network/12-fast-links/vep.md"
        let repo = try GitRepo()
        try repo.commit("VEP 12", files: [path: Documents.frontMatter(number: 12, title: "Fast links", status: "deferred")])
        try repo.git("checkout", "--quiet", "-b", "feature")
        try repo.commit("Implement", files: [path: Documents.frontMatter(number: 12, title: "Fast links", status: "implemented")])
        func findings(_ result: ProcessResult) throws -> Set<String> {
            let list = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            return Set(list.map { "\($0["rule"]!) \($0["path"]!):\($0["line"]!)" })
        }
        let before = try repo.vep("lint", "--range", "main..feature", "--format", "json")
        XCTAssertEqual(before.status, 1)
        let checked = try findings(before)
        XCTAssertTrue(checked.contains("status-transition \(path):5"), "\(checked)")
        // Pointing `layout` at an empty folder (or a group pattern nothing matches) would leave nothing to check.
        for configuration in ["layout:\n  root: nowhere\n", "layout:\n  group-pattern: '^nothing$'\n"] {
            try repo.commit("Hide", files: [".vep.yaml": configuration])

            let result = try repo.vep("lint", "--range", "main..feature", "--format", "json")

            XCTAssertEqual(result.status, 1, result.stdout)
            XCTAssertEqual(try findings(result), checked.union(["layout-change .vep.yaml:1"]), configuration)
            XCTAssertEqual(try repo.vep("lint", "--rev", "feature", "--format", "json").status, 0, "the hiding commit alone changes no VEP")
        }
    }

    func testRangeReportsOnlyTheChangedVEPsAtTheirLinesJudgedAgainstTheMergeBase() throws {
        let repo = try GitRepo()
        try repo.commit("Base", files: [
            ".vep.yaml": Self.configuration,
            "veps/sig-network/42-faster-links/vep.md": Self.vep(42, "Faster links", alpha: "v1.10"),
            "veps/sig-compute/50-cpu-pinning/vep.md": Self.vep(50, "CPU pinning", status: "implementable", stage: "alpha", sig: "sig-compute",
                                                                alpha: "v1.9", reviewers: ["@tomas"], approvers: ["@lee"]),
            "veps/sig-compute/10-dra-devices/vep.md": Documents.gpuLegacy,
        ])
        try repo.git("checkout", "--quiet", "-b", "feature")
        try repo.commit("Change several VEPs", files: [
            // Valid: provisional → implementable with named people, for a release whose freeze is ahead.
            "veps/sig-network/42-faster-links/vep.md": Self.vep(42, "Faster links", status: "implementable", alpha: "v1.10",
                                                                reviewers: ["@tomas"], approvers: ["@lee"]),
            // Stage skips beta (line 15: `stage: ga`).
            "veps/sig-compute/50-cpu-pinning/vep.md": Self.vep(50, "CPU pinning", status: "implementable", stage: "ga", sig: "sig-compute",
                                                                alpha: "v1.9", reviewers: ["@tomas"], approvers: ["@lee"]),
            // New, implementable with a TBD reviewer (line 11), for v1.9 after its freeze (line 16).
            "veps/sig-storage/60-snapshots/vep.md": Self.vep(60, "Snapshots", status: "implementable", sig: "sig-storage", alpha: "v1.9",
                                                             reviewers: ["TBD"], approvers: ["@lee"]),
            // New, in the legacy format.
            "veps/sig-network/70-older-habits/vep.md": Self.legacy70,
        ])
        try repo.git("checkout", "--quiet", "main")
        // Main moves on: a legacy VEP edited after the branch point is not part of the range.
        try repo.commit("Touch VEP 10 on main", files: ["veps/sig-compute/10-dra-devices/vep.md": Documents.gpuLegacy + "\nMore.\n"])

        let result = try repo.vep("lint", "--range", "main..feature", "--format", "json")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(try places(result), [
            "stage-transition veps/sig-compute/50-cpu-pinning/vep.md:15:8",
            "new-vep-front-matter veps/sig-network/70-older-habits/vep.md:1:1",
            "implementable-commitment veps/sig-storage/60-snapshots/vep.md:11:5",
            "vep-freeze veps/sig-storage/60-snapshots/vep.md:16:10",
        ])
        let human = try repo.vep("lint", "--range", "main..feature", "veps/sig-compute")
        XCTAssertEqual(human.status, 1)
        XCTAssertEqual(human.stdout, """
        error[stage-transition]: stage skips from alpha to ga
          --> veps/sig-compute/50-cpu-pinning/vep.md:15:8
           |
        15 | stage: ga
           |        ^^
           |
           = help: move to `stage: beta` first

        1 error, 0 warnings in 1 file

        """)
        let storage = try repo.vep("lint", "--range", "main..feature", "--format", "json", "veps/sig-storage/60-snapshots/vep.md")
        XCTAssertEqual(try places(storage), [
            "implementable-commitment veps/sig-storage/60-snapshots/vep.md:11:5",
            "vep-freeze veps/sig-storage/60-snapshots/vep.md:16:10",
        ])
        // The same branch judged before the v1.9 freeze: the freeze finding goes.
        let early = try repo.vep("lint", "--range", "main..feature", "--format", "json", "--date", "2026-06-20")
        XCTAssertFalse(try places(early).contains { $0.hasPrefix("vep-freeze") })
    }

    func testRevChecksTheCommitAgainstItsFirstParentAndQuotesDeletedDocumentsFromIt() throws {
        let repo = try GitRepo()
        try repo.commit("Base", files: [
            ".vep.yaml": Self.configuration,
            "veps/sig-compute/50-cpu-pinning/vep.md": Self.vep(50, "CPU pinning", status: "implementable", sig: "sig-compute",
                                                                alpha: "v1.9", reviewers: ["@tomas"], approvers: ["@lee"]),
        ])
        try repo.commit("Delete VEP 50", files: ["veps/sig-compute/50-cpu-pinning/vep.md": nil])
        try repo.commit("Unrelated", files: ["README.md": "hello\n"])
        let result = try repo.vep("lint", "--rev", "HEAD~1")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stdout, """
        error[vep-deleted]: VEP 50 is implementable and this change deletes it
         --> veps/sig-compute/50-cpu-pinning/vep.md:5:9
          |
        5 | status: implementable
          |         ^^^^^^^^^^^^^
          |
          = help: restore `veps/sig-compute/50-cpu-pinning/vep.md` and set its status to deferred, withdrawn, rejected or replaced instead

        1 error, 0 warnings in 1 file

        """)
        let clean = try repo.vep("lint", "--rev", "HEAD")
        XCTAssertEqual(clean.status, 0, clean.stderr)
        XCTAssertEqual(clean.stdout, "")
    }

    // MARK: Trust

    func testAChangeCannotRelaxItsOwnCheckOrGrantItselfAFreezeException() throws {
        let repo = try GitRepo()
        try repo.commit("Base", files: [
            ".vep.yaml": Self.configuration,
            "veps/sig-network/42-faster-links/vep.md": Self.vep(42, "Faster links", alpha: "v1.9"),
        ])
        try repo.git("checkout", "--quiet", "-b", "sneaky")
        try repo.commit("Implementable after the freeze, with a self-granted exception", files: [
            ".vep.yaml": Self.configuration + "  vep-freeze: off\nfreeze-exceptions:\n  - vep: 42\n    release: v1.9\n",
            "veps/sig-network/42-faster-links/vep.md": Self.vep(42, "Faster links", status: "implementable", alpha: "v1.9",
                                                                reviewers: ["@tomas"], approvers: ["@lee"]),
        ])
        XCTAssertEqual(try places(try repo.vep("lint", "--range", "main..sneaky", "--format", "json")), [
            "vep-freeze veps/sig-network/42-faster-links/vep.md:16:10",
        ])
        // Granted on main by a root approver, the exception holds.
        try repo.git("checkout", "--quiet", "main")
        try repo.commit("Freeze exception for VEP 42 in v1.9", files: [
            ".vep.yaml": Self.configuration + "freeze-exceptions:\n  - vep: 42\n    release: v1.9\n    reason: agreed in the community meeting\n",
        ])
        try repo.git("checkout", "--quiet", "-b", "granted")
        try repo.commit("Implementable after the freeze, with the exception", files: [
            "veps/sig-network/42-faster-links/vep.md": Self.vep(42, "Faster links", status: "implementable", alpha: "v1.9",
                                                                reviewers: ["@tomas"], approvers: ["@lee"]),
        ])
        let granted = try repo.vep("lint", "--range", "main..granted", "--format", "json")
        XCTAssertEqual(granted.status, 0, granted.stdout)
        XCTAssertEqual(granted.stdout, "[]\n")
    }

    // MARK: Local modes

    func testStagedChecksTheIndexNotTheWorkTree() throws {
        let repo = try GitRepo()
        try repo.commit("Base", files: [
            ".vep.yaml": Self.configuration,
            "veps/sig-network/42-faster-links/vep.md": Self.vep(42, "Faster links", alpha: "v1.10"),
            "veps/sig-compute/50-cpu-pinning/vep.md": Self.vep(50, "CPU pinning", sig: "sig-compute", alpha: "v1.10"),
        ])
        // Staged: a skipped status. Work tree: the fix, not staged yet, and a broken VEP 50 never staged.
        try repo.write("veps/sig-network/42-faster-links/vep.md", Self.vep(42, "Faster links", status: "implemented", alpha: "v1.10",
                                                                          reviewers: ["@tomas"], approvers: ["@lee"]))
        try repo.git("add", "veps/sig-network/42-faster-links/vep.md")
        try repo.write("veps/sig-network/42-faster-links/vep.md", Self.vep(42, "Faster links", status: "implementable", alpha: "v1.10",
                                                                          reviewers: ["@tomas"], approvers: ["@lee"]))
        try repo.write("veps/sig-compute/50-cpu-pinning/vep.md", Self.vep(50, "CPU pinning", status: "withdrawn", sig: "sig-network"))

        let staged = try repo.vep("lint", "--staged", "--format", "json")
        XCTAssertEqual(staged.status, 1, staged.stderr)
        XCTAssertEqual(try places(staged), ["status-transition veps/sig-network/42-faster-links/vep.md:5:9"])

        // The work tree is judged on today; pin the day so that v1.10's freeze (2026-10-14) is ahead.
        let workTree = try repo.vep("lint", "--format", "json", "--date", "2026-06-24")
        XCTAssertEqual(workTree.status, 1, workTree.stderr)
        XCTAssertEqual(try places(workTree), ["owning-sig-group veps/sig-compute/50-cpu-pinning/vep.md:8:13"])

        // A temporary index (as `git commit <paths>` uses) is read instead when GIT_INDEX_FILE names it.
        try repo.git("read-tree", "--index-output=.git/other-index", "HEAD")
        let other = try repo.vep("lint", "--staged", "--format", "json", env: ["GIT_INDEX_FILE": ".git/other-index"])
        XCTAssertEqual(other.status, 0, other.stdout)
        XCTAssertEqual(other.stdout, "[]\n")
    }

    // MARK: Formats

    private func oneFinding() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.commit("Add VEP 42", files: [
            ".vep.yaml": "rules:\n  vep-sections: off\n",
            "veps/sig-network/42-faster-links/vep.md": Self.vep(42, "Faster links", status: "implementible"),
        ])
        return repo
    }

    static let message = "`status` is `implementible`, not one of provisional, implementable, implemented, deferred, rejected, withdrawn, replaced"
    static let path = "veps/sig-network/42-faster-links/vep.md"

    /// `oneFinding()` in the human format.
    static let oneFindingOutput = """
        error[frontmatter-allowed-value]: \(message)
         --> \(path):5:9
          |
        5 | status: implementible
          |         ^^^^^^^^^^^^^
          |
          = help: write `status: implementable`

        1 error, 0 warnings in 1 file

        """

    func testHumanFormat() throws {
        let result = try oneFinding().vep("lint", "--rev", "HEAD")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, Self.oneFindingOutput)
        let colored = try oneFinding().vep("lint", "--rev", "HEAD", "--color", "always")
        XCTAssertTrue(colored.stdout.hasPrefix("\u{1B}[1;31merror[frontmatter-allowed-value]\u{1B}[m"), colored.stdout)
    }

    func testCRLFDocumentIsQuotedLineByLine() throws {
        let repo = try GitRepo()
        let document = Self.vep(42, "Faster links", status: "implementible").replacingOccurrences(of: "\n", with: "\r\n")
        try repo.commit("Add VEP 42 from Windows", files: [".vep.yaml": "rules:\n  vep-sections: off\n", Self.path: document])

        let result = try repo.vep("lint", "--rev", "HEAD")

        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, Self.oneFindingOutput)
    }

    func testACarriageReturnAloneEndsALineAsForGitHub() throws {
        // A stray CR in the front matter and another in the body: cmark-gfm and libyaml count each as a line break.
        let repo = try GitRepo()
        let document = Self.vep(42, "Faster links", status: "implementible")
            .replacingOccurrences(of: "creation-date:", with: "# pasted\rcreation-date:")
            .replacingOccurrences(of: "Text.", with: "Te\rxt.\n\n## Design\n\n## Design\n")
        try repo.commit("Add VEP 42", files: [Self.path: document])

        let result = try repo.vep("lint", "--rev", "HEAD", "--format", "json")

        XCTAssertEqual(result.status, 1)
        let findings = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let quoted = findings.map { "\($0["rule"]!) \($0["line"]!) \($0["source"] as? String ?? "-")" }
        XCTAssertTrue(quoted.contains("frontmatter-allowed-value 6 status: implementible"), quoted.joined(separator: "\n"))
        XCTAssertTrue(quoted.contains { $0.hasPrefix("vep-sections ") && $0.hasSuffix(" ## Design") }, quoted.joined(separator: "\n"))
    }

    func testJSONFormat() throws {
        let result = try oneFinding().vep("lint", "--rev", "HEAD", "--format", "json")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, """
        [
          {"rule": "frontmatter-allowed-value", "severity": "error", "path": "\(Self.path)", "line": 5, "column": 9, \
        "message": "\(Self.message)", "help": "write `status: implementable`", "source": "status: implementible"}
        ]

        """)
    }

    func testGitHubFormat() throws {
        let result = try oneFinding().vep("lint", "--rev", "HEAD", "--format", "github")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "::error file=\(Self.path),line=5,col=9,title=frontmatter-allowed-value::\(Self.message)%0Ahelp: write `status: implementable`\n")
    }

    func testSARIFFormat() throws {
        let result = try oneFinding().vep("lint", "--rev", "HEAD", "--format", "sarif")
        XCTAssertEqual(result.status, 1)
        let rule = try XCTUnwrap(RuleCatalog.description(of: "frontmatter-allowed-value"))
        XCTAssertEqual(result.stdout, """
        {
          "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
          "version": "2.1.0",
          "runs": [
            {
              "tool": {"driver": {"name": "git-vep", "informationUri": "https://github.com/kubevirt/enhancements", "rules": [
                {"id": "frontmatter-allowed-value", "name": "Allowed front matter values", "shortDescription": {"text": "Allowed front matter values"}, \
        "fullDescription": {"text": \(LintFormat.quote(rule.explanation))}, "defaultConfiguration": {"level": "error"}}
              ]}},
              "results": [
                {"ruleId": "frontmatter-allowed-value", "ruleIndex": 0, "level": "error", "message": {"text": "\(Self.message) (help: write `status: implementable`)"}, \
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "\(Self.path)"}, "region": {"startLine": 5, "startColumn": 9}}}]}
              ]
            }
          ]
        }

        """)
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(log["version"] as? String, "2.1.0")
    }

    // MARK: Exit status and rules

    /// A document too large (or binary) to read is reported as such, and nothing is said of content never read.
    func testAnUnreadableDocumentGetsOneFindingNotTheContentRules() throws {
        let repo = try GitRepo()
        try repo.commit("Base", files: [".vep.yaml": Self.configuration])
        let huge = Self.vep(400, "Huge") + String(repeating: "Design text.\n", count: 90_000)
        try repo.commit("VEP 400", files: ["veps/sig-network/400-huge/vep.md": huge, "veps/sig-network/401-blob/vep.md": "---\0binary"])
        let result = try repo.vep("lint", "--format", "json", "--rev", "HEAD")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(try places(result), [
            "document-unreadable veps/sig-network/400-huge/vep.md:1:1",
            "document-unreadable veps/sig-network/401-blob/vep.md:1:1",
        ])
        // show names it after its folder and says why it says nothing more.
        let shown = try repo.vep("show", "400").stdout
        XCTAssertTrue(shown.hasPrefix("VEP:            400: Huge\n"), shown)
        XCTAssertTrue(shown.contains("problem:        veps/sig-network/400-huge/vep.md:1:1: file is \(huge.utf8.count) bytes, larger than the 1048576-byte limit"), shown)
        // Its place is still judged: a misnamed folder is named.
        try repo.git("mv", "veps/sig-network/401-blob", "veps/sig-network/401_Blob")
        try repo.git("commit", "--quiet", "-m", "Rename")
        XCTAssertEqual(try places(try repo.vep("lint", "--format", "json", "--rev", "HEAD")), [
            "document-unreadable veps/sig-network/401_Blob/vep.md:1:1",
            "vep-dir-name veps/sig-network/401_Blob/vep.md:1:1",
        ])
    }

    /// A folder name that is not UTF-8 (Latin-1 `café`): the working tree is judged as the index and commits are.
    func testAWorkingTreeFolderWhoseNameIsNotUTF8IsJudged() throws {
        let repo = try GitRepo()
        try repo.commit("Base", files: [".vep.yaml": Self.configuration])
        let text = Self.vep(402, "Cafe")
        let made = try ProcessRunner.run("sh", ["-c", #"d="$(printf 'veps/sig-network/402-caf\351')"; mkdir -p "$d" && printf '%s' "$1" > "$d/vep.md""#, "sh", text],
                                         currentDirectory: repo.path)
        XCTAssertEqual(made.status, 0, made.stderr)
        let expected = ["vep-dir-name veps/sig-network/402-caf\u{FFFD}/vep.md:1:1"]
        let workTree = try repo.vep("lint", "--format", "json")
        XCTAssertEqual(workTree.status, 1, workTree.stderr)
        XCTAssertEqual(try places(workTree), expected)
        try repo.git("add", "--all")
        XCTAssertEqual(try places(try repo.vep("lint", "--format", "json", "--staged")), expected)
    }

    func testExitStatus() throws {
        let repo = try GitRepo()
        try repo.commit("Legacy VEP", files: ["veps/sig-compute/10-dra-devices/vep.md": Documents.gpuLegacy])
        let warningsOnly = try repo.vep("lint", "--format", "json", "--rev", "HEAD")
        XCTAssertEqual(warningsOnly.status, 0)
        XCTAssertEqual(try places(warningsOnly), [
            "legacy-format veps/sig-compute/10-dra-devices/vep.md:3:1",
            "vep-sections veps/sig-compute/10-dra-devices/vep.md:12:1",
        ])
        let usage = try repo.vep("lint", "--staged", "--rev", "HEAD")
        XCTAssertEqual(usage.status, 2)
        XCTAssertTrue(usage.stderr.contains("give at most one of --staged, --rev and --range"), usage.stderr)
        let badRevision = try repo.vep("lint", "--rev", "no-such-branch")
        XCTAssertEqual(badRevision.status, 2)
        XCTAssertTrue(badRevision.stderr.hasPrefix("fatal: bad revision 'no-such-branch'"), badRevision.stderr)
        let noBase = try repo.vep("lint", "--range", "HEAD..nothing")
        XCTAssertEqual(noBase.status, 2)
    }

    func testExplainAndListRules() throws {
        let repo = try GitRepo()
        let explain = try repo.vep("explain", "vep-freeze")
        XCTAssertEqual(explain.status, 0)
        XCTAssertTrue(explain.stdout.hasPrefix("vep-freeze: VEP Freeze\ndefault severity: error\n\nAfter a release's VEP Freeze"), explain.stdout)
        XCTAssertTrue(explain.stdout.contains("\nTriggers on (1 of 4):\n  base veps/sig-network/42-faster-links/vep.md:\n    ---\n"), explain.stdout)
        XCTAssertEqual(try repo.vep("explain", "VEP-FREEZE").stdout, explain.stdout, "ids in any case")
        let unknown = try repo.vep("explain", "vep-frezee")
        XCTAssertEqual(unknown.status, 2)
        XCTAssertEqual(unknown.stdout, "")
        XCTAssertEqual(unknown.stderr, "error: no rule 'vep-frezee'; did you mean 'vep-freeze'?\n"
                                       + "(git vep lint --list-rules lists them all, with the server hook's checks)\n")
        let list = try repo.vep("lint", "--list-rules")
        XCTAssertEqual(list.status, 0)
        let lines = list.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, RuleCatalog.all.count + 1 + 3 + ServerCheck.all.count + 1)
        XCTAssertEqual(lines.first.map(String.init), "RULE                        SEVERITY  NAME")
        XCTAssertEqual(lines[RuleCatalog.all.count + 2], "Checked by vep-pre-receive only (git vep explain ID):")
        for rule in RuleCatalog.descriptions {
            XCTAssertEqual(try repo.vep("explain", rule.identifier).status, 0, rule.identifier)
        }
        // A file the example's base lacks is labelled new, as docs/rules.md labels it (a new VEP: other rules judge it).
        let legacy = try repo.vep("explain", "legacy-format").stdout
        XCTAssertTrue(legacy.contains("\nDoes not trigger on (2 of 3):\n  new veps/sig-network/42-faster-links/vep.md:\n    # VEP #42: Faster links\n"), legacy)
        // A file the change removes is labelled deleted: a move reads as one, not as a copy beside a new VEP.
        let deleted = try repo.vep("explain", "vep-deleted").stdout
        XCTAssertTrue(deleted.contains("\nDoes not trigger on (2 of 2):\n  deleted veps/sig-compute/42-faster-links/vep.md, before:\n    ---\n"), deleted)
        XCTAssertTrue(deleted.contains("\n  new veps/sig-network/42-faster-links/vep.md:\n"), deleted)
        XCTAssertFalse(deleted.contains("head: deleted"), deleted)
        // An alpha that YAML reads as null is empty, as "" is.
        try repo.commit("Implementable", files: ["veps/sig-network/12-nulls/vep.md": Documents.frontMatter(number: 12, title: "Nulls",
            status: "implementable", reviewers: ["@tomas"], approvers: ["@lee"]) .replacingOccurrences(of: "feature-gate:", with: "milestone:\n  alpha: ~\nfeature-gate:")])
        let nulls = try repo.vep("lint", "--rev", "HEAD")
        XCTAssertTrue(nulls.stdout.contains("error[implementable-milestone]: an implementable VEP needs `milestone.alpha`: it is empty\n"), nulls.stdout)
        // The server hook's own checks, by the id its refusals print (`error[vep-owner]`).
        let owner = try repo.vep("explain", "VEP-OWNER")
        XCTAssertEqual(owner.status, 0)
        XCTAssertTrue(owner.stdout.hasPrefix("vep-owner: Only a VEP's people or its group's owners change it\n"
                                             + "checked by: vep-pre-receive, the server hook (lint has no pusher and no server)\n\n"
                                             + "A push that adds, changes, moves or deletes a VEP's files"), owner.stdout)
        XCTAssertEqual(try repo.vep("explain", "vep-ownr").stderr,
                       "error: no rule 'vep-ownr'; did you mean 'vep-owner'?\n(git vep lint --list-rules lists them all, with the server hook's checks)\n")
    }

    /// Every id the server hook prints in brackets is explained: a rule, or one of its own checks.
    func testEveryIdTheServerHookPrintsIsExplained() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/VEPGit").standardized
        var ids: Set<String> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: sources.path) where name.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(name), encoding: .utf8)
            let pattern = try NSRegularExpression(pattern: #"(?:error\[|refusal\(")([a-z][a-z-]+)[\]"]"#)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                ids.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        ids.remove("rule")  // a comment's `error[rule]: message`
        XCTAssertGreaterThanOrEqual(ids.count, 12, "\(ids.sorted())")
        let known = Set(ServerCheck.all.map(\.identifier)).union(RuleCatalog.descriptions.map(\.identifier))
        XCTAssertEqual(ids.subtracting(known), [], "ids the hook prints that explain does not know")
    }

    /// A loose file that reads as a VEP but whose number cannot be read (upstream's `# VEP #97.1: …`, invisible from
    /// #122 to #339) is named, as it is in a VEP folder; notes beside the folders are not VEPs.
    func testALooseVEPWithoutAReadableNumberIsNamed() throws {
        let repo = try GitRepo()
        try repo.commit("Loose files", files: [
            "veps/sig-compute/hypervisor-feature-discovery.md":
                "# VEP #97.1: Capability Registry\n\n## VEP Status Metadata\n\n### Target releases\n\n- This VEP targets alpha for version: v1.9\n",
            "veps/sig-compute/notes.md": "# Notes\n\nWhat the SIG discussed.\n",
            // Notes and READMEs that read like VEPs, but give themselves no number, stay none.
            "veps/sig-network/README.md": "# SIG network VEPs\n\n## Target releases\n\n- This VEP targets alpha for version: v1.9\n",
            "veps/sig-network/ideas.md": "# VEP-ideas backlog\n\nSome day.\n",
            "veps/sig-network/meeting-notes.md": "---\nauthors:\n  - \"@mira\"\n---\n\n# Meeting\n",
        ])
        let result = try repo.vep("lint", "--rev", "HEAD", "--format", "json")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(try places(result), ["vep-number-missing veps/sig-compute/hypervisor-feature-discovery.md:1:1"])
        try repo.commit("A front matter number that names no VEP", files: ["veps/sig-compute/other.md": "---\nvep-number: 97.2\nstatus: provisional\n---\n\n# Other\n"])
        XCTAssertEqual(try places(try repo.vep("lint", "--rev", "HEAD", "--format", "json")),
                       ["vep-number-missing veps/sig-compute/other.md:1:1", "vep-number-invalid veps/sig-compute/other.md:2:13"])
        // Still no VEP of its own: nothing to list, no timeline.
        XCTAssertEqual(try repo.vep("list").stdout, "VEP  GROUP  STATUS  STAGE  ALPHA  BETA  GA  TITLE\n")
        XCTAssertEqual(try repo.vep("log", "--oneline").stdout, "")
    }

    func testSeverityOverridesFromTheBase() throws {
        let repo = try GitRepo()
        try repo.commit("Config", files: [".vep.yaml": "rules:\n  vep-sections: off\n  legacy-format: error\n"])
        try repo.commit("Legacy VEP", files: ["veps/sig-compute/10-dra-devices/vep.md": Documents.gpuLegacy])
        let result = try repo.vep("lint", "--rev", "HEAD", "--format", "json")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(try places(result), ["new-vep-front-matter veps/sig-compute/10-dra-devices/vep.md:1:1"])
        let workTree = try repo.vep("lint", "--format", "github")
        XCTAssertEqual(workTree.status, 1)
        XCTAssertTrue(workTree.stdout.hasPrefix("::error file=veps/sig-compute/10-dra-devices/vep.md,line=3,col=1,title=legacy-format::"), workTree.stdout)
    }
}
