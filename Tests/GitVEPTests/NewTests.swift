import Foundation
import GitFixtures
import VEPCore
import XCTest

/// `git vep new` on real repositories: the scaffold passes lint as is, and what it refuses.
final class NewTests: XCTestCase {
    private func repository() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.commit("Template and a VEP", files: [
            "veps/NNNN-vep-template/vep.md": Documents.template,
            "veps/sig-network/307-vhostuser-binding/vep.md": Documents.frontMatter(number: 307, title: "Binding plugin for vhost-user"),
            "veps/sig-compute/10-dra-devices/vep.md": Documents.gpuLegacy,
        ])
        return repo
    }

    /// A write that fails (here: a file size limit of 0, as a full disk fails it) leaves no empty document and no folder
    /// behind to stop the next try; migrate leaves the document as it was and says so, in plain words.
    func testAFailedWriteLeavesNothingHalfMade() throws {
        let repo = try repository()
        // A template larger than the limit (dash counts it in 512-byte blocks; the output files are limited too).
        try repo.commit("Longer template", files: ["veps/NNNN-vep-template/vep.md": Documents.template + String(repeating: "More guidance.\n", count: 60)])
        func limited(_ arguments: String) throws -> ProcessResult {
            try ProcessRunner.run("/bin/sh", ["-c", "trap '' XFSZ; ulimit -f 1; exec \"$0\" \(arguments)", Binary.path("git-vep")],
                                  currentDirectory: repo.path)
        }
        let new = try limited("new --sig sig-network --title 'Full disk' --number 77 --author mira")
        XCTAssertEqual(new.status, 128)
        XCTAssertEqual(new.stderr, "fatal: cannot write veps/sig-network/77-full-disk/vep.md: File too large\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/veps/sig-network/77-full-disk"), "the folder it made is gone")
        let retry = try repo.vep("new", "--sig", "sig-network", "--title", "Full disk", "--number", "77", "--author", "mira")
        XCTAssertEqual(retry.status, 0, retry.stderr)
        XCTAssertEqual(retry.stdout, "created veps/sig-network/77-full-disk/vep.md\n")

        let legacy = repo.path + "/veps/sig-compute/10-dra-devices/vep.md"
        let before = try String(contentsOfFile: legacy, encoding: .utf8)
        let migrate = try limited("migrate 10")
        XCTAssertEqual(migrate.status, 128)
        XCTAssertEqual(migrate.stderr, "fatal: cannot write veps/sig-compute/10-dra-devices/vep.md: File too large (the file is as it was)\n")
        XCTAssertEqual(try String(contentsOfFile: legacy, encoding: .utf8), before)
    }

    func testNewWritesOnlyTheScaffoldWhichPassesLintAsIs() throws {
        let repo = try repository()
        let result = try repo.vep("new", "--sig", "sig-network", "--title", "Faster links: über edition", "--number", "42", "--author", "mira")
        XCTAssertEqual(result.status, 0, result.stderr)
        let path = "veps/sig-network/42-faster-links-uber-edition/vep.md"
        XCTAssertEqual(result.stdout, "created \(path)\n")
        XCTAssertEqual(try repo.git("status", "--porcelain", "--untracked-files=all"), "?? \(path)", "written, not staged")
        let text = try String(contentsOfFile: repo.path + "/" + path, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("""
        ---
        title: "Faster links: über edition"
        vep-number: 42
        creation-date: "\(Self.today())"
        status: provisional

        authors:
          - "@mira"

        owning-sig: sig-network
        participating-sigs: []

        reviewers:
          - TBD
        approvers:
          - TBD

        feature-gate: TBD
        milestone:
          alpha: "TBD"

        replaces: ""
        superseded-by: ""
        ---

        # VEP #42: Faster links: über edition

        ## Overview

        """), text)
        XCTAssertFalse(text.contains("Target releases"), "front matter replaces the legacy prose")
        XCTAssertFalse(text.contains("This VEP targets"))

        let lint = try repo.vep("lint", "--format", "json")
        XCTAssertEqual(lint.status, 0, lint.stdout + lint.stderr)
        let findings = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lint.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(findings.filter { ($0["path"] as? String) == path }.map { "\($0["rule"]!)" }, [])
    }

    func testATemplateSavedWithCRLFOrCRAloneGivesAScaffoldLikeItsLFTwinWithThoseBreaks() throws {
        let arguments = ["new", "--sig", "sig-network", "--title", "Faster links", "--number", "42", "--author", "mira"]
        let path = "/veps/sig-network/42-faster-links/vep.md"
        let lf = try repository()
        XCTAssertEqual(try lf.vepArguments(arguments).status, 0)
        let twin = try String(contentsOfFile: lf.path + path, encoding: .utf8)
        // Saved on Windows, and on a classic Mac.
        for lineBreak in ["\r\n", "\r"] {
            let repo = try repository()
            try repo.commit("Template", files: ["veps/NNNN-vep-template/vep.md": Documents.template.replacingOccurrences(of: "\n", with: lineBreak)])

            let result = try repo.vepArguments(arguments)

            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(try String(contentsOfFile: repo.path + path, encoding: .utf8), twin.replacingOccurrences(of: "\n", with: lineBreak),
                           lineBreak.debugDescription)
        }
    }

    func testAStrayCRInTheTemplateLeavesTheRightSectionsOut() throws {
        // cmark-gfm ends a line at the lone CR, so every heading after it is one line later than LF-split lines say.
        let arguments = ["new", "--sig", "sig-network", "--title", "Faster links", "--number", "42", "--author", "mira"]
        let path = "/veps/sig-network/42-faster-links/vep.md"
        let template = Documents.template.replacingOccurrences(of: "# VEP #NNNN: Your short, descriptive title\n",
                                                               with: "# VEP #NNNN: Your short, descriptive title\n\nFill in one\rthing.\n")
        let twin = try repository(), stray = try repository()
        try twin.commit("Template", files: ["veps/NNNN-vep-template/vep.md": template.replacingOccurrences(of: "one\rthing", with: "one thing")])
        try stray.commit("Template", files: ["veps/NNNN-vep-template/vep.md": template])

        XCTAssertEqual(try twin.vepArguments(arguments).status, 0)
        XCTAssertEqual(try stray.vepArguments(arguments).status, 0)

        let expected = try String(contentsOfFile: twin.path + path, encoding: .utf8)
        XCTAssertTrue(expected.contains("# VEP #42: Faster links\n\nFill in one thing.\n\n## Overview\n"), expected)
        XCTAssertEqual(try String(contentsOfFile: stray.path + path, encoding: .utf8), expected.replacingOccurrences(of: "one thing", with: "one\rthing"))
    }

    func testTheAuthorDefaultsToGithubUser() throws {
        let repo = try repository()
        try repo.git("config", "github.user", "tomas")
        let result = try repo.vep("new", "--sig", "sig-compute", "--title", "CPU pinning", "--number", "50")
        XCTAssertEqual(result.status, 0, result.stderr)
        let text = try String(contentsOfFile: repo.path + "/veps/sig-compute/50-cpu-pinning/vep.md", encoding: .utf8)
        XCTAssertTrue(text.contains("authors:\n  - \"@tomas\"\n"), text)
    }

    /// A long title makes a folder name of whole words up to 60 characters, not one the file system refuses.
    func testALongTitleGivesAShortFolderName() throws {
        let repo = try repository()
        let title = String(repeating: "Faster live migration of large guests ", count: 7).trimmed
        let result = try repo.vep("new", "--sig", "sig-compute", "--title", title, "--number", "51", "--author", "@tomas")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "created veps/sig-compute/51-faster-live-migration-of-large-guests-faster-live-migration/vep.md\n")
        let text = try String(contentsOfFile: repo.path + "/veps/sig-compute/51-faster-live-migration-of-large-guests-faster-live-migration/vep.md", encoding: .utf8)
        XCTAssertTrue(text.contains("title: \(title)\n"), text)
        XCTAssertEqual(Scaffold.slug(for: String(repeating: "x", count: 300)), String(repeating: "x", count: 60))
    }

    func testAFeatureGateIsAName() throws {
        let repo = try repository()
        for bad in ["bad gate", "x: y #z"] {
            let refused = try repo.vep("new", "--sig", "sig-compute", "--title", "Gated", "--number", "52", "--author", "@tomas", "--feature-gate", bad)
            XCTAssertEqual(refused.status, 2, bad)
            XCTAssertTrue(refused.stderr.contains("--feature-gate takes a feature gate's name (letters and digits, like NetworkBindingPlugins), not '\(bad)'"),
                          refused.stderr)
        }
        let made = try repo.vep("new", "--sig", "sig-compute", "--title", "Gated", "--number", "52", "--author", "@tomas", "--feature-gate", "GatedThing2")
        XCTAssertEqual(made.status, 0, made.stderr)
        XCTAssertTrue(try String(contentsOfFile: repo.path + "/veps/sig-compute/52-gated/vep.md", encoding: .utf8).contains("feature-gate: GatedThing2\n"))
    }

    func testRefusesANumberUsedOnlyInHistory() throws {
        let repo = try repository()
        try repo.commit("Add VEP 42", files: ["veps/sig-network/42-faster-links/vep.md": Documents.frontMatter(number: 42, title: "Faster links")])
        let created = try repo.git("rev-parse", "--short=10", "HEAD")
        try repo.commit("Drop VEP 42", files: ["veps/sig-network/42-faster-links/vep.md": nil])
        let result = try repo.vep("new", "--sig", "sig-network", "--title", "Something else", "--number", "42", "--author", "@mira")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "fatal: VEP 42 was already used in history: created at veps/sig-network/42-faster-links/vep.md in \(created) (2026-06-24); a new VEP needs its own tracking issue number\n")
        XCTAssertEqual(try repo.git("status", "--porcelain"), "")
    }

    func testRefusesANumberUsedAtHead() throws {
        let repo = try repository()
        let result = try repo.vep("new", "--sig", "sig-network", "--title", "Again", "--number", "10", "--author", "@mira")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "fatal: VEP 10 already exists at HEAD: veps/sig-compute/10-dra-devices/vep.md\n")
    }

    func testRefusesANumberANewUncommittedVEPAlreadyHas() throws {
        let repo = try repository()
        let first = try repo.vep("new", "--sig", "sig-compute", "--title", "A", "--number", "911", "--author", "@t")
        XCTAssertEqual(first.status, 0, first.stderr)
        let second = try repo.vep("new", "--sig", "sig-network", "--title", "X", "--number", "911", "--author", "@t")
        XCTAssertEqual(second.status, 1)
        XCTAssertEqual(second.stderr, "fatal: VEP 911 already exists in the working tree (not committed yet): veps/sig-compute/911-a/vep.md\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.path + "/veps/sig-network/911-x"))
    }

    func testAMetaVEPsOwningSIGMustExist() throws {
        let repo = try repository()
        try repo.commit("Meta group", files: ["veps/meta-VEPs/OWNERS": "approvers:\n  - lee\n"])
        let result = try repo.vep("new", "--sig", "meta-VEPs", "--owning-sig", "sig-netwrk", "--title", "Process", "--number", "77", "--author", "@t")
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "fatal: unknown SIG 'sig-netwrk' for --owning-sig; did you mean 'sig-network'? (SIGs at HEAD: sig-compute, sig-network)\n")
    }

    func testRefusesAnUnknownSIGAndSuggestsTheClosest() throws {
        let repo = try repository()
        for (typed, suggestion) in [("sig-netwrok", "sig-network"), ("compute", "sig-compute")] {
            let result = try repo.vep("new", "--sig", typed, "--title", "Faster links", "--number", "42", "--author", "@mira")
            XCTAssertEqual(result.status, 2)
            XCTAssertEqual(result.stderr, "fatal: unknown SIG '\(typed)'; did you mean '\(suggestion)'? (groups at HEAD: sig-compute, sig-network)\n")
        }
    }

    func testRefusesATitleWithControlCharacters() throws {
        let repo = try repository()
        for (title, shown) in [("Fast\u{1B}[31m links", "Fast␛[31m links"), ("Fast\nlinks", "Fast␊links")] {
            let result = try repo.vep("new", "--sig", "sig-network", "--title", title, "--number", "42", "--author", "mira")
            XCTAssertEqual(result.status, 2, "a usage error, as for other bad arguments")
            XCTAssertTrue(result.stderr.hasPrefix("Error: the title '\(shown)' holds control characters (a line break, an escape); give it on one line of text\n"),
                          result.stderr)
        }
        XCTAssertEqual(try repo.git("status", "--porcelain"), "", "nothing written")
    }

    func testRefusesAnExistingPath() throws {
        let repo = try repository()
        try repo.write("veps/sig-network/42-faster-links/vep.md", "draft\n")
        let result = try repo.vep("new", "--sig", "sig-network", "--title", "Faster links", "--number", "42", "--author", "@mira")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "fatal: veps/sig-network/42-faster-links/vep.md already exists\n")
        XCTAssertEqual(try String(contentsOfFile: repo.path + "/veps/sig-network/42-faster-links/vep.md", encoding: .utf8), "draft\n")
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}
