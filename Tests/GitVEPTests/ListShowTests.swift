import Foundation
import GitFixtures
import GitKit
import VEPCore
import VEPGit
import XCTest

final class ListShowTests: XCTestCase {
    private func listJSON(_ repo: GitRepo, _ args: String..., env: [String: String] = [:], in directory: String? = nil) throws -> [[String: Any]] {
        var arguments = ["list", "--json"]
        arguments += args
        var environment = repo.environment
        environment.merge(env) { $1 }
        let result = try ProcessRunner.run(Binary.path("git-vep"), arguments, environment: environment, currentDirectory: directory ?? repo.path)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    private func summary(_ objects: [[String: Any]]) -> [String] {
        objects.map { object in
            let milestones = object["milestones"] as? [String: Any] ?? [:]
            let targets = ["alpha", "beta", "ga"].map { (milestones[$0] as? String) ?? "-" }.joined(separator: "/")
            return "\(object["number"]!) \(object["group"] as? String ?? "-") \(object["format"]!) \(object["status"] as? String ?? "-") \(targets) \(object["title"]!)"
        }
    }

    func testListEveryVariantFromHEAD() throws {
        let repo = try GitRepo()
        try repo.commit("Add VEPs", files: Documents.all)
        XCTAssertEqual(summary(try listJSON(repo)), [
            "10 sig-compute legacy - v1.6/v1.9/- Accelerators through dynamic resource allocation",
            "19 sig-compute legacy - v1.6/v1.7/v1.9 Secure guests",
            "21 sig-network legacy - -/v1.8/v1.10 Seamless migration for the passt binding",
            "48 sig-storage legacy - -/-/v1.7 Golden images for mixed-architecture clusters",
            "171 sig-compute legacy - v1.8/v1.9/- Cold reboot requested by the guest",
            "282 meta-VEPs legacy - -/-/v1.9 Proposal governance",
            "307 sig-network front-matter deferred -/-/- Binding plugin for vhost-user",
        ])
        let passt = try XCTUnwrap(try listJSON(repo).first { $0["number"] as? Int == 21 })
        XCTAssertEqual(passt["path"] as? String, "veps/sig-network/21-passt/vep.md")
        XCTAssertEqual(passt["files"] as? [String], ["veps/sig-network/21-passt/flow.png", "veps/sig-network/21-passt/passt-ga.md"])
        let vhost = try XCTUnwrap(try listJSON(repo).first { $0["number"] as? Int == 307 })
        XCTAssertEqual(vhost["authors"] as? [String], ["@mira"])
        XCTAssertEqual(vhost["reviewers"] as? [String], ["TBD"])
        XCTAssertEqual(vhost["approvers"] as? [String], ["TBD"])
        XCTAssertTrue(vhost["stage"] is NSNull)
    }

    func testControlCharactersFromTheRepositoryNeverReachTheTerminal() throws {
        // An escape sequence in a title retitles and clears the terminal if printed as it is.
        let evil = "Evil \u{1B}]0;PWNED\u{07}\u{1B}[2J\u{9B}31m"
        let shown = "Evil ␛]0;PWNED␇␛[2J\u{FFFD}31m"
        let path = "veps/sig-network/99-evil/vep.md"
        let repo = try GitRepo()
        try repo.commit("Add \u{1B}[31mred (#1)", files: [path: "# VEP #99: \(evil)\n\n## VEP Status Metadata\n"])

        let list = try repo.vep("list")
        let show = try repo.vep("show", "99")
        let log = try repo.vep("log", "--no-pager")
        let oneline = try repo.vep("log", "--oneline", "--no-pager")
        let lint = try repo.vep("lint", "--rev", "HEAD")

        for (name, result) in [("list", list), ("show", show), ("log", log), ("oneline", oneline), ("lint", lint)] {
            XCTAssertFalse(result.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }, "\(name): \(result.stdout)")
        }
        XCTAssertTrue(list.stdout.contains("99   sig-network  -       -      -      -     -   \(shown)\n"), list.stdout)
        XCTAssertTrue(show.stdout.hasPrefix("VEP:            99: \(shown)\n"), show.stdout)
        XCTAssertTrue(log.stdout.contains("    Add ␛[31mred (#1)\n"), log.stdout)
        XCTAssertTrue(lint.stdout.contains("1 | # VEP #99: \(shown)\n"), lint.stdout)
        // The pre-receive hook's lines reach the pusher as `remote:` lines, which git passes through.
        let verdict = PreReceiveVerdict(accepted: false, messages: ["error[x]: \(evil)\n1 | \(evil)"], summary: "refused")
        XCTAssertEqual(verdict.text, "error[x]: \(shown)\n1 | \(shown)\nrefused\n")
        XCTAssertEqual("a\r\nb\u{7F}\n".terminalSafeLines, "a␍\nb␡\n", "a CRLF is a line break after a CR")
    }

    /// The report's table too: its title column comes from the documents.
    func testReportTableShowsControlCharactersInsteadOfSendingThem() throws {
        let repo = try GitRepo()
        let document = "---\ntitle: \"Fast\\e[2J\\e]0;PWNED\\aX\"\nvep-number: 12\nstatus: provisional\nowning-sig: sig-network\n"
            + "stage: alpha\nmilestone:\n  alpha: v1.9\n---\n# VEP #12: Fast links\n"
        try repo.commit("Add", files: ["veps/sig-network/12-fast-links/vep.md": document])
        let report = try repo.vep("report", "--release", "v1.9")
        XCTAssertEqual(report.status, 0, report.stderr)
        XCTAssertFalse(report.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, report.stdout)
        XCTAssertTrue(report.stdout.contains("  12   alpha  provisional  -         -       -              Fast␛[2J␛]0;PWNED␇X\n"), report.stdout)
    }

    /// Output that cannot be written (a full disk) is a fatal error, not a silent success; a closed pipe is no error.
    func testOutputThatCannotBeWrittenIsAFailure() throws {
        var status = stat()
        guard stat("/dev/full", &status) == 0, (status.st_mode & S_IFMT) == S_IFCHR else { throw XCTSkip("no /dev/full device here") }
        let repo = try GitRepo()
        try repo.commit("Add", files: ["veps/sig-compute/171-cold-reboot-guest/vep.md": Documents.rebootLegacy])
        func run(_ shell: String) throws -> ProcessResult {
            try ProcessRunner.run("/bin/sh", ["-c", shell, "sh", Binary.path("git-vep")], currentDirectory: repo.path)
        }
        for command in ["list", "show 171", "log --no-pager", "lint --rev HEAD", "lint --format sarif --rev HEAD", "report --release v1.9",
                        "explain status-transition", "lint --list-rules", "--version", "list --help"] {
            let result = try run("\"$1\" \(command) > /dev/full")
            XCTAssertEqual(result.status, 128, "\(command): \(result.stderr)")
            XCTAssertEqual(result.stderr, "fatal: cannot write the output: No space left on device\n", command)
        }
        let file = try run("\"$1\" report --release v1.9 -o /dev/full")
        XCTAssertEqual(file.status, 128)
        XCTAssertEqual(file.stderr, "fatal: cannot write /dev/full: No space left on device\n")
        XCTAssertEqual(stat("/dev/full", &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFCHR, "-o wrote into the device, not over it")
        let pipe = try run("\"$1\" log --no-pager | head -c 1 >/dev/null")
        XCTAssertEqual(pipe.status, 0)
        XCTAssertEqual(pipe.stderr, "")
        let empty = try run("\"$1\" report --release v1.9 -o ''")
        XCTAssertEqual(empty.status, 2)
        XCTAssertTrue(empty.stderr.hasPrefix("Error: -o takes a file name (or leave it out for standard output)\n"), empty.stderr)
    }

    /// `report -o` into a symbolic link (a published page linked from the work tree) writes its target, not over the link.
    func testReportIntoASymbolicLinkWritesItsTarget() throws {
        let repo = try GitRepo()
        try repo.commit("Add", files: ["veps/sig-compute/171-cold-reboot-guest/vep.md": Documents.rebootLegacy])
        try FileManager.default.createDirectory(atPath: repo.sandbox + "/site", withIntermediateDirectories: true)
        try repo.write(repo.sandbox + "/site/report.txt", "old\n")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/report.txt", withDestinationPath: "../site/report.txt")
        let result = try repo.vep("report", "--release", "v1.9", "-o", "report.txt")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: repo.path + "/report.txt"), "../site/report.txt")
        let written = try String(contentsOfFile: repo.sandbox + "/site/report.txt", encoding: .utf8)
        XCTAssertTrue(written.hasPrefix("VEPs for v1.9"), written)
        // Links in a loop lead nowhere: an error, and the links stay.
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/loop1", withDestinationPath: "loop2")
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/loop2", withDestinationPath: "loop1")
        let loop = try repo.vep("report", "--release", "v1.9", "-o", "loop1")
        XCTAssertEqual(loop.status, 128)
        XCTAssertEqual(loop.stderr, "fatal: cannot write loop1: Too many levels of symbolic links\n")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: repo.path + "/loop1"), "loop2")
    }

    func testASymbolicLinkIsNoVEPDocumentForAnyCommand() throws {
        let repo = try GitRepo()
        try repo.commit("VEP 12", files: ["veps/sig-network/12-fast-links/vep.md": Documents.frontMatter(number: 12, title: "Fast links"),
                                          "README.md": "# VEPs\n"])
        try FileManager.default.createDirectory(atPath: repo.path + "/veps/sig-network/400-sym", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/veps/sig-network/400-sym/vep.md", withDestinationPath: "../../../README.md")
        try repo.git("add", "-A")
        // Staged, in the working tree, committed, and in history: the same answer everywhere.
        let staged = try repo.vep("lint", "--staged", "--format", "json")
        let workTree = try repo.vep("lint", "--format", "json")
        try repo.git("commit", "--quiet", "-m", "Link")
        let committed = try repo.vep("lint", "--rev", "HEAD", "--format", "json")

        XCTAssertEqual(try listJSON(repo).map { $0["number"] as? Int }, [12])
        // No VEP 400: lint says why, naming the link and where it points, and nothing else about it.
        for result in [staged, workTree, committed] {
            XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
            let findings = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
                .filter { ($0["path"] as? String)?.contains("400") == true }
            XCTAssertEqual(findings.map { "\($0["rule"]!) \($0["path"]!)" }, ["document-symlink veps/sig-network/400-sym/vep.md"])
            XCTAssertEqual(findings.first?["message"] as? String,
                           "this VEP document is a symbolic link to `../../../README.md`, which git-vep does not follow")
        }
        let log = try repo.vep("log", "--json", "--no-cache").stdout.split(separator: "\n")
        XCTAssertEqual(log.count, 2, "VEP 12's creation and status")
        XCTAssertTrue(log.allSatisfy { $0.hasPrefix("{\"vep\":12,") }, "\(log)")
        XCTAssertEqual(try repo.vep("show", "400").status, 1)

        // A whole VEP folder behind a link: said the same way, in history too.
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/veps/sig-network/401-dir", withDestinationPath: "../../docs")
        try repo.git("add", "-A")
        try repo.git("commit", "--quiet", "-m", "Folder link")
        let folder = try repo.vep("lint", "--rev", "HEAD", "--format", "json")
        XCTAssertEqual(folder.status, 1, folder.stderr)
        let found = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(folder.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(found.map { "\($0["rule"]!) \($0["path"]!) \($0["message"]!)" },
                       ["document-symlink veps/sig-network/401-dir this VEP folder is a symbolic link to `../../docs`, which git-vep does not follow"])
    }

    func testHumanTableIsAligned() throws {
        let repo = try GitRepo()
        try repo.commit("Add", files: [
            "veps/sig-compute/171-cold-reboot-guest/vep.md": Documents.rebootLegacy,
            "veps/sig-network/307-vhostuser-binding/vep.md": Documents.frontMatter(number: 307, title: "Binding plugin", status: "implementable", stage: "alpha", alpha: "v1.10"),
        ])
        let result = try repo.vep("list")
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, """
        VEP  GROUP        STATUS         STAGE  ALPHA  BETA  GA  TITLE
        171  sig-compute  -              -      v1.8   v1.9  -   Cold reboot requested by the guest
        307  sig-network  implementable  alpha  v1.10  -     -   Binding plugin

        """)
    }

    func testListAtAnOlderRevisionAndFromASubdirectory() throws {
        let repo = try GitRepo()
        try repo.commit("one", files: ["veps/sig-compute/171-cold-reboot-guest/vep.md": Documents.rebootLegacy])
        try repo.git("tag", "first")
        try repo.commit("two", files: ["veps/sig-storage/48-golden-images/vep.md": Documents.imagesShip])
        XCTAssertEqual(try listJSON(repo, "--rev", "first").map { $0["number"] as? Int }, [171])
        XCTAssertEqual(try listJSON(repo, in: repo.path + "/veps/sig-storage").map { $0["number"] as? Int }, [48, 171])
    }

    func testShowHumanAndJSON() throws {
        let repo = try GitRepo()
        try repo.commit("Add", files: Documents.all)
        let human = try repo.vep("show", "21", "--no-timeline")
        XCTAssertEqual(human.status, 0, human.stderr)
        XCTAssertEqual(human.stdout, """
        VEP:            21: Seamless migration for the passt binding
        path:           veps/sig-network/21-passt/vep.md
        group:          sig-network
        format:         legacy
        status:         -
        stage:          -
        alpha target:   -
        beta target:    v1.8
        GA target:      v1.10
        authors:        -
        reviewers:      -
        approvers:      -
        owning SIG:     -
        participating:  -
        feature gate:   -
        created:        -
        file:           veps/sig-network/21-passt/flow.png
        file:           veps/sig-network/21-passt/passt-ga.md

        """)
        let withTimeline = try repo.vep("show", "21")
        let added = try repo.revParse("HEAD")
        // Legacy prose has no creation date: the day history first has the VEP stands in, said as such.
        XCTAssertTrue(withTimeline.stdout.contains("\ncreated:        - (in history since 2026-06-24, \(added.prefix(10)))\n"), withTimeline.stdout)
        XCTAssertTrue(try repo.vep("show", "307").stdout.contains("\ncreated:        2026-05-22\n"))
        XCTAssertTrue(withTimeline.stdout.hasSuffix("""
        timeline:
          2026-06-24  \(added.prefix(10))  -  created at veps/sig-network/21-passt/vep.md
          2026-06-24  \(added.prefix(10))  -  beta target set to v1.8
          2026-06-24  \(added.prefix(10))  -  GA target set to v1.10

        """), withTimeline.stdout)
        // A PR column of several widths is padded to the widest.
        try repo.commit("Retarget beta (#238)", files: ["veps/sig-network/21-passt/vep.md":
            try String(contentsOfFile: repo.path + "/veps/sig-network/21-passt/vep.md", encoding: .utf8).replacingOccurrences(of: "v1.8", with: "v1.9")])
        let retargeted = try repo.revParse("HEAD")
        let padded = try repo.vep("show", "21").stdout
        XCTAssertTrue(padded.hasSuffix("""
          2026-06-24  \(added.prefix(10))  -     GA target set to v1.10
          2026-06-24  \(retargeted.prefix(10))  #238  beta target v1.8 → v1.9

        """), padded)
        let json = try repo.vep("show", "307", "--json")
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["status"] as? String, "deferred")
        XCTAssertEqual(object["feature_gate"] as? String, "Feature307")
        XCTAssertEqual(object["owning_sig"] as? String, "sig-network")
    }

    func testExitStatusesAndMessages() throws {
        let repo = try GitRepo()
        try repo.commit("Add", files: ["veps/sig-compute/171-cold-reboot-guest/vep.md": Documents.rebootLegacy])
        let missing = try repo.vep("show", "999")
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "fatal: no VEP 999 at HEAD\n")
        // One that history knows: what became of it.
        try repo.commit("Renumber the reboot VEP (#96)", files: ["veps/sig-compute/171-cold-reboot-guest/vep.md":
            Documents.rebootLegacy.replacingOccurrences(of: "VEP #0171", with: "VEP #0172")])
        let renumbered = try repo.git("rev-parse", "--short=10", "HEAD")
        let gone = try repo.vep("show", "171")
        XCTAssertEqual(gone.status, 1)
        XCTAssertEqual(gone.stderr, "fatal: no VEP 171 at HEAD; it was renumbered to VEP 172 at veps/sig-compute/171-cold-reboot-guest/vep.md in \(renumbered) "
                       + "(\(try repo.git("log", "-1", "--format=%cs"))) \"Renumber the reboot VEP (#96)\" (`git vep log 171` has its timeline)\n")
        try repo.commit("Drop it (#97)", files: ["veps/sig-compute/171-cold-reboot-guest/vep.md": nil])
        let dropped = try repo.git("rev-parse", "--short=10", "HEAD")
        XCTAssertEqual(try repo.vep("show", "172").stderr, "fatal: no VEP 172 at HEAD; it was deleted from veps/sig-compute/171-cold-reboot-guest/vep.md "
                       + "in \(dropped) (\(try repo.git("log", "-1", "--format=%cs"))) \"Drop it (#97)\" (`git vep log 172` has its timeline)\n")
        let badRevision = try repo.vep("list", "--rev", "no-such-branch")
        XCTAssertEqual(badRevision.status, 128)
        XCTAssertEqual(badRevision.stderr, "fatal: bad revision 'no-such-branch': no branch, tag or commit is named so\n")
        let malformed = try repo.vep("list", "--rev", "HEAD~^{")
        XCTAssertEqual(malformed.stderr.components(separatedBy: "bad revision").count, 2, "said once: \(malformed.stderr)")
        let range = try repo.vep("report", "--release", "v1.9", "--rev", "HEAD~1..HEAD")
        XCTAssertEqual(range.status, 2)
        XCTAssertEqual(range.stderr, "fatal: --rev takes one revision, and 'HEAD~1..HEAD' is a range: give the commit to read, such as 'HEAD'\n")
        XCTAssertEqual(try repo.vep("lint", "--rev", "HEAD~1..HEAD").stderr,
                       "fatal: --rev takes one commit, and 'HEAD~1..HEAD' is a range: check a range with --range HEAD~1..HEAD\n")
        // No command at all: the overview on stderr, and a failure, as `git` alone.
        let bare = try ProcessRunner.run(Binary.path("git-vep"), [], environment: repo.environment, currentDirectory: repo.path)
        XCTAssertEqual(bare.status, 1)
        XCTAssertEqual(bare.stdout, "")
        XCTAssertTrue(bare.stderr.contains("USAGE: git-vep <subcommand>"), bare.stderr)
        let usage = try repo.vep("show", "not-a-number")
        XCTAssertEqual(usage.status, 2)
        let outside = try ProcessRunner.run(Binary.path("git-vep"), ["list"], environment: repo.environment, currentDirectory: repo.sandbox)
        XCTAssertEqual(outside.status, 128)
        XCTAssertTrue(outside.stderr.hasPrefix("fatal: not a git repository"), outside.stderr)
    }

    func testSafeDirectoryWildcardTrustsEveryRepositoryLikeGit() throws {
        guard getuid() == 0 else { throw XCTSkip("giving the repository to another user needs root") }
        let repo = try GitRepo()
        try repo.commit("Add VEP 1", files: ["veps/sig-compute/1-one/vep.md": Documents.frontMatter(number: 1, title: "One", sig: "sig-compute")])
        XCTAssertEqual(chown(repo.path, 65534, 65534), 0)
        XCTAssertEqual(chown(repo.gitDirectory, 65534, 65534), 0)
        XCTAssertEqual(try repo.vep("list").status, 128)

        // From the command line, and from the global file (here GIT_CONFIG_GLOBAL, which git-vep reads as git does).
        let wildcard = ["GIT_CONFIG_PARAMETERS": "'safe.directory'='*'"]
        XCTAssertEqual(try repo.gitResult(["log", "--oneline"], env: wildcard).status, 0)
        let commandLine = try repo.vep("list", env: wildcard)
        XCTAssertEqual(commandLine.status, 0, commandLine.stderr)
        XCTAssertTrue(commandLine.stdout.contains("One"), commandLine.stdout)
        let global = repo.sandbox + "/.home/.gitconfig"
        try "[safe]\n\tdirectory = *\n".write(toFile: global, atomically: true, encoding: .utf8)
        XCTAssertEqual(try repo.gitResult(["log", "--oneline"], env: ["GIT_CONFIG_GLOBAL": global]).status, 0)
        XCTAssertEqual(try repo.vep("list", env: ["GIT_CONFIG_GLOBAL": global]).status, 0)
        // An empty value empties git's list: the wildcard before it no longer counts.
        try "[safe]\n\tdirectory = *\n\tdirectory =\n".write(toFile: global, atomically: true, encoding: .utf8)
        XCTAssertNotEqual(try repo.gitResult(["log", "--oneline"], env: ["GIT_CONFIG_GLOBAL": global]).status, 0)
        XCTAssertEqual(try repo.vep("list", env: ["GIT_CONFIG_GLOBAL": global]).status, 128)
    }

    func testRepositoryWithoutCommitsSaysSoLikeGit() throws {
        let repo = try GitRepo(initialBranch: "trunk")
        XCTAssertEqual(try repo.gitResult(["log"]).stderr, "fatal: your current branch 'trunk' does not have any commits yet\n")
        for command in [["log"], ["show", "1"], ["list"], ["report"]] {
            let result = try ProcessRunner.run(Binary.path("git-vep"), command, environment: repo.environment, currentDirectory: repo.path)
            XCTAssertEqual(result.status, 128, command.joined(separator: " "))
            XCTAssertEqual(result.stderr, "fatal: your current branch 'trunk' does not have any commits yet\n", command.joined(separator: " "))
        }
        // A revision that does not resolve is still named as such.
        XCTAssertTrue(try repo.vep("log", "trunk").stderr.hasPrefix("fatal: bad revision 'trunk'"))
    }

    func testBadContentIsReportedNotFatal() throws {
        let repo = try GitRepo()
        var binary = "PNG"
        binary.append("\u{0}")
        try repo.commit("Add", files: [
            "veps/sig-compute/1-binary/vep.md": binary + "rest",
            "veps/sig-compute/2-huge/vep.md": String(repeating: "# VEP #2: Huge\n", count: 80_000),
            "veps/sig-compute/3-truncated/vep.md": "---\ntitle: \"cut off",
            "veps/sig-compute/4-yaml/vep.md": "---\nstatus: [provisional\n---\n# VEP #4: Broken YAML\n",
        ])
        let result = try repo.vep("list")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(4)) }, ["1   ", "2   ", "3   ", "4   "])
        let show = try repo.vep("show", "2")
        XCTAssertTrue(show.stdout.contains("problem:        veps/sig-compute/2-huge/vep.md:1:1: file is 1200000 bytes, larger than the 1048576-byte limit"), show.stdout)
        let yaml = try repo.vep("show", "4")
        XCTAssertTrue(yaml.stdout.contains("problem:        veps/sig-compute/4-yaml/vep.md:3:"), yaml.stdout)
    }
}
