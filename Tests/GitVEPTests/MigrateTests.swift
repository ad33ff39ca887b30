import Foundation
import GitFixtures
import XCTest

/// `git vep migrate` on real repositories holding every legacy variant.
final class MigrateTests: XCTestCase {
    private func json(_ result: ProcessResult) throws -> [[String: Any]] {
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], result.stdout)
    }

    /// A document that is a symbolic link is named as one, not reported missing.
    func testASymlinkedDocumentIsNamed() throws {
        let repo = try GitRepo()
        try repo.commit("Other", files: ["elsewhere/doc.md": Documents.rebootLegacy])
        try FileManager.default.createDirectory(atPath: repo.path + "/veps/sig-compute/171-cold-reboot-guest", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/veps/sig-compute/171-cold-reboot-guest/vep.md",
                                                   withDestinationPath: "../../../elsewhere/doc.md")
        let result = try repo.vep("migrate", "171")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "fatal: VEP 171's document veps/sig-compute/171-cold-reboot-guest/vep.md is a symbolic link "
                       + "(to ../../../elsewhere/doc.md), not a file; replace it with the file it points to, then migrate\n")
        XCTAssertEqual(try repo.vep("migrate", "172").stderr, "fatal: no VEP 172 in the working tree\n")
    }

    /// Number → milestones, as `git vep list --json` prints them.
    private func milestones(_ repo: GitRepo) throws -> [String: NSDictionary] {
        Dictionary(uniqueKeysWithValues: try json(try repo.vep("list", "--json")).map { ("\($0["number"]!)", $0["milestones"] as! NSDictionary) })
    }

    func testMigrateAllKeepsEveryTargetAndTheCommitHasNoTimelineEvent() throws {
        let repo = try GitRepo()
        try repo.commit("Every legacy variant", files: Documents.all)
        let before = try milestones(repo)
        XCTAssertEqual(before["10"], ["alpha": "v1.6", "beta": "v1.9", "ga": NSNull()])
        XCTAssertEqual(before["21"], ["alpha": NSNull(), "beta": "v1.8", "ga": "v1.10"], "GA from the continuation document")

        let result = try repo.vep("migrate", "--all")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\n").filter { $0.hasPrefix("migrated") }, [
            "migrated VEP 10: veps/sig-compute/10-dra-devices/vep.md (alpha v1.6, beta v1.9)",
            "migrated VEP 19: veps/sig-compute/19-secure-guests/vep.md (alpha v1.6, beta v1.7, ga v1.9)",
            "migrated VEP 21: veps/sig-network/21-passt/vep.md, veps/sig-network/21-passt/passt-ga.md (beta v1.8, ga v1.10)",
            "migrated VEP 48: veps/sig-storage/48-golden-images/vep.md (ga v1.7)",
            "migrated VEP 171: veps/sig-compute/171-cold-reboot-guest/vep.md (alpha v1.8, beta v1.9)",
            "migrated VEP 282: veps/meta-VEPs/282-proposal-governance/vep.md (ga v1.9)",
        ])
        XCTAssertEqual(try repo.git("diff", "--cached", "--name-only"), "", "nothing staged")

        // Committed: the same targets, every main document in front matter.
        let migration = try repo.commit("Migrate to front matter")
        XCTAssertEqual(try milestones(repo), before)
        let formats = try json(try repo.vep("list", "--json")).map { "\($0["number"]!) \($0["format"]!) \($0["status"]!)" }
        XCTAssertEqual(formats, ["10 front-matter <null>", "19 front-matter <null>", "21 front-matter <null>",
                                 "48 front-matter <null>", "171 front-matter <null>", "282 front-matter <null>",
                                 "307 front-matter deferred"])

        // The timeline: nothing it follows changed.
        let log = try repo.vep("log", "--json", "--reverse", "HEAD^..HEAD")
        XCTAssertEqual(log.status, 0, log.stderr)
        XCTAssertEqual(log.stdout, "", "no event for \(migration)")

        // Lint: no legacy-format warning is left.
        let lint = try repo.vep("lint", "--rev", "HEAD", "--format", "json")
        let rules = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [[String: Any]], lint.stderr).map { "\($0["rule"]!)" }
        XCTAssertFalse(rules.contains("legacy-format"), "\(rules)")
        XCTAssertFalse(rules.contains("status-transition"))
        let clean = try repo.vep("lint", "--format", "json")
        XCTAssertFalse(clean.stdout.contains("legacy-format"))
    }

    func testTheTargetReleasesSectionBecomesANoteQuotingIt() throws {
        let repo = try GitRepo()
        try repo.commit("Legacy VEPs", files: [
            "veps/sig-compute/10-dra-devices/vep.md": Documents.gpuLegacy,
            "veps/sig-storage/48-golden-images/vep.md": Documents.imagesShip,
        ])
        let migrated = try repo.vep("migrate", "10", "48")
        XCTAssertEqual(migrated.status, 0, migrated.stderr)
        XCTAssertTrue(migrated.stdout.contains("  still to fill in: status, authors (GitHub handles), feature-gate"), migrated.stdout)
        XCTAssertTrue(migrated.stdout.contains("  not a stage, so only quoted in the note: `This VEP targeted alpha2 for version: v1.8 (metadata-file design)`\n"),
                      migrated.stdout)
        XCTAssertEqual(migrated.stdout.components(separatedBy: "not a stage").count, 2, "only VEP 10 has such a line")
        let text = try String(contentsOfFile: repo.path + "/veps/sig-compute/10-dra-devices/vep.md", encoding: .utf8)
        XCTAssertEqual(text, """
        ---
        title: Accelerators through dynamic resource allocation
        vep-number: 10
        creation-date: "2026-06-24"
        # status: to be set by the SIG (provisional, implementable or implemented; VEP 282)

        authors: []

        owning-sig: sig-compute
        participating-sigs: []

        reviewers:
          - TBD
        approvers:
          - TBD

        milestone:
          alpha: "v1.6"
          beta: "v1.9"

        replaces: ""
        superseded-by: ""
        ---

        # VEP #10: Accelerators through dynamic resource allocation

        ## VEP Status Metadata

        Release targets are kept in the front matter `milestone` field (VEP 282).
        `git vep migrate` replaced the legacy Target releases list, which read:

        ```text
        - This VEP targeted alpha for version: v1.6 (status-field design)
        - This VEP targeted alpha2 for version: v1.8 (metadata-file design)
        - This VEP targets beta for version: v1.9.0
        - This VEP targets GA for version: TBD
        ```

        ## Overview

        ```markdown
        ### Target releases
        - This VEP targets GA for version: v9.9
        ```
        """)
        // Prose of the section that is not a target stays prose: here it is the feature gate opt-out.
        let ship = try String(contentsOfFile: repo.path + "/veps/sig-storage/48-golden-images/vep.md", encoding: .utf8)
        XCTAssertTrue(ship.contains("""
        ## VEP Status Metadata

        This VEP has no phases guarded by a feature gate.

        Release targets are kept
        """), ship)
        XCTAssertTrue(ship.contains("milestone:\n  ga: \"v1.7\"\n"))
    }

    /// Upstream VEP 80 keeps one Target releases list per feature gate: the quote keeps them apart.
    func testSeveralTargetListsAreQuotedUnderTheirHeadings() throws {
        let repo = try GitRepo()
        let path = "veps/sig-compute/80-tdx-sev-snp/vep.md"
        try repo.commit("Legacy VEP", files: [path: """
        # VEP #80: Enable TDX and SEV-SNP

        ## VEP Status Metadata

        ### Target releases (WorkloadEncryptionSEV)

        - This VEP targets alpha for version: v1.7
        - This VEP targets beta for version: v1.9

        ### Target releases (WorkloadEncryptionTDX)

        - This VEP targets alpha for version: v1.7
        - This VEP targets beta for version:

        ### Release Signoff Checklist

        - [x] (R) Alpha target version is explicitly mentioned and approved

        ## Overview

        Confidential guests.

        """])
        let result = try repo.vep("migrate", "80")
        XCTAssertEqual(result.status, 0, result.stderr)
        let text = try String(contentsOfFile: repo.path + "/" + path, encoding: .utf8)
        let body = String(text[try XCTUnwrap(text.range(of: "# VEP #80")).lowerBound...])
        XCTAssertEqual(body, """
        # VEP #80: Enable TDX and SEV-SNP

        ## VEP Status Metadata

        Release targets are kept in the front matter `milestone` field (VEP 282).
        `git vep migrate` replaced the legacy Target releases list, which read:

        ```text
        ### Target releases (WorkloadEncryptionSEV)
        - This VEP targets alpha for version: v1.7
        - This VEP targets beta for version: v1.9
        ### Target releases (WorkloadEncryptionTDX)
        - This VEP targets alpha for version: v1.7
        - This VEP targets beta for version:
        ```

        ### Release Signoff Checklist

        - [x] (R) Alpha target version is explicitly mentioned and approved

        ## Overview

        Confidential guests.

        """)
        XCTAssertTrue(text.contains("milestone:\n  alpha: \"v1.7\"\n  beta: \"v1.9\"\n"), text)
    }

    func testAuthorsTakenFromHistoryAreListedToCheck() throws {
        let repo = try GitRepo()
        try repo.write("veps/sig-compute/171-cold-reboot-guest/vep.md", Documents.rebootLegacy)
        try repo.git("add", "--all")
        try repo.git("commit", "--quiet", "--no-verify", "-m", "Add VEP 171", env: ["GIT_AUTHOR_EMAIL": "4321+mira@users.noreply.github.com"])
        let result = try repo.vep("migrate", "171")
        XCTAssertEqual(result.status, 0, result.stderr)
        let created = try repo.git("rev-parse", "--short=10", "HEAD")
        XCTAssertTrue(result.stdout.contains("  to check: creation-date \(try repo.git("log", "-1", "--format=%cs")) and authors @mira come from commit "
                                             + "\(created), where git-vep first finds VEP 171 (`git log --follow -- "), result.stdout)
        let text = try String(contentsOfFile: repo.path + "/veps/sig-compute/171-cold-reboot-guest/vep.md", encoding: .utf8)
        XCTAssertTrue(text.contains("authors:\n  - \"@mira\"\n"), text)
    }

    /// Authors come only from the commit that added the file: one that made an existing document a VEP (its targets
    /// added, as upstream's #238 did for VEP 19) was someone else's.
    func testAuthorsComeOnlyFromTheCommitThatAddedTheFile() throws {
        let repo = try GitRepo()
        // Not `vep.md`, which would be the VEP's document whatever it says (upstream's `19-…/secure-execution.md`).
        let path = "veps/sig-compute/171-cold-reboot-guest/cold-reboot.md"
        try repo.write(path, "# Overview\n\nA guest asks for a cold reboot.\n")
        try repo.git("add", "--all")
        try repo.git("commit", "--quiet", "--no-verify", "-m", "Add the design", env: ["GIT_AUTHOR_EMAIL": "1+jan@users.noreply.github.com"])
        XCTAssertEqual(try repo.vep("list", "--json").stdout.contains("171"), false, "no VEP yet: no metadata, no VEP title")
        try repo.write(path, Documents.rebootLegacy)
        try repo.git("add", "--all")
        try repo.git("commit", "--quiet", "--no-verify", "-m", "Add VEP metadata", env: ["GIT_AUTHOR_EMAIL": "2+holder@users.noreply.github.com"])
        let result = try repo.vep("migrate", "171")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("  still to fill in: status, authors (GitHub handles), "), result.stdout)
        let text = try String(contentsOfFile: repo.path + "/" + path, encoding: .utf8)
        XCTAssertTrue(text.contains("authors: []\n"), text)
        XCTAssertFalse(text.contains("holder"), text)
    }

    /// A VEP that came in through a merge: the merge's author merged it, someone else wrote it; no author is guessed.
    func testAVEPMergedFromABranchGetsNoAuthorFromTheMerge() throws {
        let repo = try GitRepo()
        try repo.commit("Start")
        try repo.git("checkout", "--quiet", "-b", "topic")
        try repo.write("veps/sig-compute/171-cold-reboot-guest/vep.md", Documents.rebootLegacy)
        try repo.git("add", "--all")
        try repo.git("commit", "--quiet", "--no-verify", "-m", "Add VEP 171", env: ["GIT_AUTHOR_EMAIL": "111+alice@users.noreply.github.com"])
        try repo.git("checkout", "--quiet", "main")
        try repo.git("merge", "--quiet", "--no-ff", "--no-verify", "-m", "Merge topic", "topic", env: ["GIT_AUTHOR_EMAIL": "222+merger@users.noreply.github.com"])
        let result = try repo.vep("migrate", "171")
        XCTAssertEqual(result.status, 0, result.stderr)
        let text = try String(contentsOfFile: repo.path + "/veps/sig-compute/171-cold-reboot-guest/vep.md", encoding: .utf8)
        XCTAssertTrue(text.contains("authors: []\n"), text)
        XCTAssertFalse(text.contains("merger"), text)
    }

    /// Only an implementable VEP must name its people and, outside the meta-VEPs, an alpha milestone: an implemented
    /// one is not told to invent them (upstream VEPs 3 and 104, "Ship target version" only).
    func testAnImplementedVEPIsNotToldToNameAnAlphaTarget() throws {
        let repo = try GitRepo()
        let path = "veps/sig-network/3-link-state/vep.md"
        try repo.commit("Add VEP 3", files: [path: "# VEP #3: Link state\n\n## VEP Status Metadata\n\n### Target releases\n\n- Ship target version: v1.5\n"])
        let result = try repo.vep("migrate", "3", "--status", "implemented")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\n  still to fill in: authors (GitHub handles), feature-gate (or a sentence saying why there is none)\n"),
                      result.stdout)
        XCTAssertFalse(result.stdout.contains("milestone.alpha"), result.stdout)
        // An implementable meta-VEP needs a milestone of any stage, as implementable-milestone says.
        try repo.commit("Add meta-VEP 5", files: ["veps/meta-VEPs/5-process/vep.md": "# VEP #5: Process\n\n## Overview\n\nHow we work.\n"])
        let meta = try repo.vep("migrate", "5", "--status", "implementable")
        XCTAssertEqual(meta.status, 0, meta.stderr)
        XCTAssertTrue(meta.stdout.contains("a milestone (an implementable meta-VEP names the release of any stage)"), meta.stdout)
        XCTAssertFalse(meta.stdout.contains("milestone.alpha"), meta.stdout)
    }

    func testAStatusGivenOnTheCommandLineIsRecordedAndAppearsOnce() throws {
        let repo = try GitRepo()
        try repo.commit("Legacy VEP", files: ["veps/sig-compute/171-cold-reboot-guest/vep.md": Documents.rebootLegacy])
        let result = try repo.vep("migrate", "171", "--status", "implementable")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("migrated VEP 171: veps/sig-compute/171-cold-reboot-guest/vep.md (alpha v1.8, beta v1.9; status implementable)\n"), result.stdout)
        // What implementable needs, and what history suggested, are said.
        let created = try repo.git("rev-parse", "--short=10", "HEAD")
        XCTAssertEqual(result.stdout.split(separator: "\n").dropFirst().map(String.init), [
            "  still to fill in: authors (GitHub handles), reviewers and approvers (named, no TBD, for implementable), feature-gate (or a sentence saying why there is none)",
            "  to check: creation-date \(try repo.git("log", "-1", "--format=%cs")) comes from commit \(created), where git-vep first finds VEP 171 "
                + "(`git log --follow -- veps/sig-compute/171-cold-reboot-guest/vep.md` may know an older one)",
        ])
        let migration = try repo.commit("Migrate VEP 171")
        let log = try repo.vep("log", "--json", "HEAD^..HEAD")
        let events = try log.stdout.split(separator: "\n").map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        XCTAssertEqual(events.map { "\($0["vep"]!) \($0["kind"]!) \($0["from"]!) \($0["to"]!) \($0["commit"]!)" },
                       ["171 status <null> implementable \(migration)"])
    }

    func testAReplacedVEPIsToldToNameItsSuccessor() throws {
        let repo = try GitRepo()
        try repo.commit("Legacy VEP", files: ["veps/sig-compute/171-cold-reboot-guest/vep.md": Documents.rebootLegacy])
        let result = try repo.vep("migrate", "171", "--status", "replaced")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("  still to fill in: authors (GitHub handles), superseded-by (the number of the VEP that replaces it), "
                                             + "feature-gate (or a sentence saying why there is none)\n"), result.stdout)
    }

    func testDryRunPrintsTheDiffAndWritesNothing() throws {
        let repo = try GitRepo()
        try repo.commit("Legacy VEP", files: ["veps/sig-compute/171-cold-reboot-guest/vep.md": Documents.rebootLegacy + "\n"])
        let result = try repo.vep("migrate", "171", "--dry-run")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try repo.git("status", "--porcelain"), "")
        XCTAssertTrue(result.stdout.hasPrefix("""
        --- a/veps/sig-compute/171-cold-reboot-guest/vep.md
        +++ b/veps/sig-compute/171-cold-reboot-guest/vep.md
        @@ -1,9 +1,36 @@
        +---
        +title: Cold reboot requested by the guest
        """), result.stdout)
        XCTAssertTrue(result.stdout.contains("\n-### Target releases\n"))
        XCTAssertTrue(result.stdout.contains("\n+  alpha: \"v1.8\"\n+  beta: \"v1.9\"\n"))
        // The same diff git computes for the real migration.
        XCTAssertEqual(try repo.vep("migrate", "171").status, 0)
        let gitDiff = try repo.git("diff", "--no-color", "--no-prefix", "-U3")
        XCTAssertEqual(gitDiff.components(separatedBy: "\n").filter { $0.hasPrefix("+") || $0.hasPrefix("-") }.dropFirst(2),
                       result.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("+") || $0.hasPrefix("-") }.dropFirst(2))
    }

    private let path171 = "veps/sig-compute/171-cold-reboot-guest/vep.md"

    /// VEP 171's legacy document with `lineBreak` for every line break, migrated; and its LF twin, migrated.
    private func migratedTwins(_ lineBreak: String) throws -> (repo: GitRepo, migrated: String, twin: String, dryRun: ProcessResult) {
        let lf = try GitRepo(), repo = try GitRepo()
        try lf.commit("Legacy VEP", files: [path171: Documents.rebootLegacy + "\n"])
        try repo.commit("Legacy VEP", files: [path171: (Documents.rebootLegacy + "\n").replacingOccurrences(of: "\n", with: lineBreak)])
        XCTAssertEqual(try lf.vep("migrate", "171").status, 0)
        let dryRun = try repo.vep("migrate", "171", "--dry-run")
        let result = try repo.vep("migrate", "171")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("migrated VEP 171: \(path171) (alpha v1.8, beta v1.9)\n"), result.stdout)
        return (repo, try String(contentsOfFile: repo.path + "/" + path171, encoding: .utf8),
                try String(contentsOfFile: lf.path + "/" + path171, encoding: .utf8), dryRun)
    }

    func testDocumentSavedWithCRLFStaysCRLFAndMigratesLikeItsLFTwin() throws {
        let (repo, migrated, twin, dryRun) = try migratedTwins("\r\n")

        XCTAssertEqual(migrated, twin.replacingOccurrences(of: "\n", with: "\r\n"))
        // The diff shows lines, not the whole file as one.
        XCTAssertTrue(dryRun.stdout.contains("\n+  alpha: \"v1.8\"\r\n+  beta: \"v1.9\"\r\n"), dryRun.stdout)
        // Same targets: the migration commit adds no milestone event.
        try repo.git("commit", "--quiet", "-am", "Migrate")
        XCTAssertEqual(try repo.vep("log", "HEAD~1..HEAD", "--json").stdout, "")
        XCTAssertEqual(try repo.vep("log", "--json").stdout.split(separator: "\n").count, 3, "created and two targets")
    }

    func testUntouchedLinesOfAMixedFileStayByteForByte() throws {
        // An LF file with one CRLF line and a stray CR inside a later line: migrate rewrites the metadata, nothing else.
        let path = path171
        let repo = try GitRepo()
        let text = Documents.rebootLegacy + "\n\n## Design\r\nSome text\rhere.\nLast line.\n"
        try repo.commit("Legacy VEP", files: [path: text])

        XCTAssertEqual(try repo.vep("migrate", "171").status, 0)

        let migrated = try String(contentsOfFile: repo.path + "/" + path, encoding: .utf8)
        XCTAssertTrue(migrated.hasSuffix("\n## Design\r\nSome text\rhere.\nLast line.\n"), migrated)
        XCTAssertTrue(migrated.hasPrefix("---\n"), migrated)
    }

    func testStrayCRBeforeTheTargetsMigratesLikeItsTwinWithASpace() throws {
        // cmark-gfm ends a line at a lone CR: the Target releases lines come one line later than LF-split lines say.
        let intro = "# VEP #0171: Cold reboot requested by the guest\n\nWhy: one\rtwo.\n\n"
        let stray = try GitRepo(), twin = try GitRepo()
        let legacy = Documents.rebootLegacy.replacingOccurrences(of: "# VEP #0171: Cold reboot requested by the guest\n\n", with: intro)
            + "\n\n## Design\n\nKept.\n"
        try stray.commit("Legacy VEP", files: [path171: legacy])
        try twin.commit("Legacy VEP", files: [path171: legacy.replacingOccurrences(of: "one\rtwo", with: "one two")])

        XCTAssertEqual(try stray.vep("migrate", "171").status, 0)
        XCTAssertEqual(try twin.vep("migrate", "171").status, 0)

        let migrated = try String(contentsOfFile: stray.path + "/" + path171, encoding: .utf8)
        let expected = try String(contentsOfFile: twin.path + "/" + path171, encoding: .utf8)
            .replacingOccurrences(of: "one two", with: "one\rtwo")
        XCTAssertEqual(migrated, expected)
        XCTAssertTrue(migrated.contains("```text\n- This VEP targets alpha for version: 1.8\n"), migrated)
        XCTAssertTrue(migrated.hasSuffix("## Design\n\nKept.\n"), migrated)
    }

    func testCROnlyDocumentMigratesLikeItsLFTwin() throws {
        let (_, migrated, twin, _) = try migratedTwins("\r")
        XCTAssertEqual(migrated, twin.replacingOccurrences(of: "\n", with: "\r"))
    }

    func testAFileInTheMiddleOfAMergeIsNotMigrated() throws {
        let repo = try GitRepo()
        try repo.commit("Legacy VEP", files: [path171: Documents.rebootLegacy + "\n"])
        try repo.git("checkout", "--quiet", "-b", "side")
        try repo.commit("Side", files: [path171: Documents.rebootLegacy.replacingOccurrences(of: "version: 1.8", with: "version: v1.10") + "\n"])
        try repo.git("checkout", "--quiet", "main")
        try repo.commit("Main", files: [path171: Documents.rebootLegacy.replacingOccurrences(of: "version: 1.8", with: "version: v1.11") + "\n"])
        XCTAssertNotEqual(try repo.gitResult(["merge", "--quiet", "side"]).status, 0, "the merge conflicts")
        let conflicted = try String(contentsOfFile: repo.path + "/" + path171, encoding: .utf8)

        let result = try repo.vep("migrate", "171")

        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "fatal: \(path171) has unresolved merge conflicts; resolve them (and `git add` the file) before migrating VEP 171\n")
        XCTAssertEqual(try String(contentsOfFile: repo.path + "/" + path171, encoding: .utf8), conflicted)
        // Markers left in a file whose conflict git no longer records count too.
        try repo.git("add", path171)
        XCTAssertEqual(try repo.vep("migrate", "171").stderr, result.stderr)
    }

    func testMigrationKeepsTheFileModeAndRefusesABinaryDocument() throws {
        let repo = try GitRepo()
        try repo.commit("Legacy VEP", files: [path171: Documents.rebootLegacy + "\n"])
        try repo.git("update-index", "--chmod=+x", path171)
        XCTAssertEqual(chmod(repo.path + "/" + path171, 0o755), 0)
        try repo.git("commit", "--quiet", "-m", "Executable")

        XCTAssertEqual(try repo.vep("migrate", "171").status, 0)

        XCTAssertEqual(try repo.git("diff", "--summary"), "", "no mode change")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: repo.path + "/" + path171)[.posixPermissions] as? Int, 0o755)

        try repo.commit("Binary", files: ["veps/sig-compute/10-gpu/vep.md": "# VEP #10: GPU\n\u{0}\n"])
        let binary = try repo.vep("migrate", "10")
        XCTAssertEqual(binary.status, 1)
        XCTAssertEqual(binary.stderr, "fatal: VEP 10 (veps/sig-compute/10-gpu/vep.md) cannot be migrated: file is binary (contains NUL bytes), not a Markdown document\n")
    }

    func testAlreadyMigratedAndUnknownNumbers() throws {
        let repo = try GitRepo()
        try repo.commit("VEPs", files: ["veps/sig-network/307-vhostuser-binding/vep.md": Documents.frontMatter(number: 307, title: "Binding")])
        let skipped = try repo.vep("migrate", "307")
        XCTAssertEqual(skipped.status, 0)
        XCTAssertEqual(skipped.stderr, "VEP 307 already has front matter (veps/sig-network/307-vhostuser-binding/vep.md); skipped\nnothing to migrate\n")
        let unknown = try repo.vep("migrate", "99")
        XCTAssertEqual(unknown.status, 1)
        XCTAssertEqual(unknown.stderr, "fatal: no VEP 99 in the working tree\n")
        let nothing = try repo.vep("migrate")
        XCTAssertEqual(nothing.status, 2)
        XCTAssertTrue(nothing.stderr.hasPrefix("Error: give the numbers of the VEPs to migrate, or --all\n"), nothing.stderr)
        let both = try repo.vep("migrate", "307", "--all")
        XCTAssertTrue(both.stderr.hasPrefix("Error: give VEP numbers or --all, not both\n"), both.stderr)
    }
}
