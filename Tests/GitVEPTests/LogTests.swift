import Foundation
import GitFixtures
import XCTest

final class LogTests: XCTestCase {
    /// `git vep log --json …` as compact "vep kind field from to @subject" lines.
    private func events(_ repo: GitRepo, _ args: String...) throws -> [String] {
        try events(repo, in: repo.path, args)
    }

    /// The same for the repository at `directory` (a clone of `repo`).
    private func events(_ repo: GitRepo, in directory: String, _ args: [String]) throws -> [String] {
        let result = try ProcessRunner.run(Binary.path("git-vep"), ["log", "--json"] + args, environment: repo.environment, currentDirectory: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try result.stdout.split(separator: "\n").map { line in
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let subject = try repo.git("log", "-1", "--format=%s", object["commit"] as! String, in: directory)
            func text(_ key: String) -> String { (object[key] as? String) ?? "null" }
            return "\(object["vep"]!) \(text("kind")) \(text("field")) \(text("from")) \(text("to")) @\(subject)"
        }
    }

    private let path12 = "veps/sig-compute/12-snapshots/vep.md"

    private func legacy12(alpha: String, beta: String = "") -> String {
        "# VEP #12: Snapshots\n## VEP Status Metadata\n### Target releases\n- This VEP targets alpha for version: \(alpha)\n- This VEP targets beta for version: \(beta)\n"
    }

    func testHistoryAcrossRenamesMovesAndMigration() throws {
        let repo = try GitRepo()
        try repo.commit("Set up (#1)", files: ["veps/NNNN-vep-template/vep.md": Documents.template, "OWNERS": "approvers: [a]\n"])
        try repo.commit("Add VEP 12 (#2)", files: ["veps/sig-compute/snapshots.md": legacy12(alpha: "v1.9.0")])
        try repo.commit("Respell and edit body (#3)", files: ["veps/sig-compute/snapshots.md": legacy12(alpha: "1.9") + "\n## Overview\nMore.\n"])
        try repo.commit("Adopt the folder layout (#4)", files: ["veps/sig-compute/snapshots.md": nil, path12: legacy12(alpha: "v1.9")])
        try repo.commit("Target beta (#5)", files: [path12: legacy12(alpha: "v1.9", beta: "v1.10")])
        try repo.commit("Move to sig-storage (#6)", files: [path12: nil, "veps/sig-storage/12-snapshots/vep.md": legacy12(alpha: "v1.9", beta: "v1.10")])
        try repo.commit("Migrate to front matter (#7)", files: ["veps/sig-storage/12-snapshots/vep.md":
            Documents.frontMatter(number: 12, title: "Snapshots", status: "provisional", sig: "sig-storage", alpha: "v1.9", beta: "v1.10.0")])
        try repo.commit("Appendix and OWNERS only (#8)", files: ["veps/sig-storage/12-snapshots/notes.md": "# Notes\n", "OWNERS": "approvers: [b]\n"])
        try repo.commit("Withdraw and delete (#9)", files: ["veps/sig-storage/12-snapshots/vep.md": nil, "veps/sig-storage/12-snapshots/notes.md": nil])

        XCTAssertEqual(try events(repo, "--reverse"), [
            "12 created null null veps/sig-compute/snapshots.md @Add VEP 12 (#2)",
            "12 milestone alpha null v1.9 @Add VEP 12 (#2)",
            "12 moved null veps/sig-compute/snapshots.md \(path12) @Adopt the folder layout (#4)",
            "12 milestone beta null v1.10 @Target beta (#5)",
            "12 moved null \(path12) veps/sig-storage/12-snapshots/vep.md @Move to sig-storage (#6)",
            "12 status null null provisional @Migrate to front matter (#7)",
            "12 deleted null veps/sig-storage/12-snapshots/vep.md null @Withdraw and delete (#9)",
        ])
        XCTAssertEqual(try events(repo, "--kind", "milestone", "--release", "v1.10"), ["12 milestone beta null v1.10 @Target beta (#5)"])
        XCTAssertEqual(try events(repo, "-n", "1").count, 1)
        // git's short forms of the count.
        XCTAssertEqual(try events(repo, "-1"), try events(repo, "-n", "1"))
        XCTAssertEqual(try events(repo, "-n2"), try events(repo, "-n", "2"))
        XCTAssertEqual(try events(repo, "-n2").count, 2)
        XCTAssertEqual(try events(repo, "--group", "sig-storage").map { $0.components(separatedBy: " @").last! },
                       ["Withdraw and delete (#9)", "Migrate to front matter (#7)", "Move to sig-storage (#6)"])
        XCTAssertEqual(try events(repo, "HEAD~3..HEAD~1"), ["12 status null null provisional @Migrate to front matter (#7)"])
        // A group that is no folder at the tip and has no event: a word about the likely typo.
        try repo.commit("A group again (#10)", files: ["veps/sig-storage/OWNERS": "approvers: [b]\n"])
        let typo = try repo.vep("log", "--group", "storage", "--oneline")
        XCTAssertEqual(typo.status, 0, typo.stderr)
        XCTAssertEqual(typo.stdout, "")
        XCTAssertEqual(typo.stderr, "warning: no group folder 'storage' at HEAD; did you mean 'sig-storage'?\n")
        XCTAssertEqual(try repo.vep("log", "--group", "sig-storage", "--oneline").stderr, "")
        let twoFormats = try repo.vep("log", "--oneline", "--json")
        XCTAssertEqual(twoFormats.status, 2)
        XCTAssertTrue(twoFormats.stderr.contains("--oneline and --json are two formats: give one"), twoFormats.stderr)
        // A symmetric difference is two lines of history: refused, with the ranges that say what was meant.
        let symmetric = try repo.vep("log", "HEAD~3...HEAD~1")
        XCTAssertEqual(symmetric.status, 2)
        XCTAssertEqual(symmetric.stdout, "")
        XCTAssertEqual(symmetric.stderr, "fatal: 'HEAD~3...HEAD~1' names two lines of history, and git vep log follows one first-parent line: "
                       + "give 'HEAD~3..HEAD~1' for what HEAD~1 adds, or 'HEAD~1..HEAD~3' for what HEAD~3 adds\n")
    }

    /// Upstream's VEP 24: a folder without a number, then numbered, then its document renamed to vep.md.
    func testAFolderNumberNamesItsOneDocumentUntilItIsRenamedToVepMd() throws {
        let repo = try GitRepo()
        let document = { (alpha: String) in
            "# VEP #Decentralized live migration\n## VEP Status Metadata\n### Target releases\n- This VEP targets alpha for version: \(alpha)\n"
        }
        let unnumbered = "veps/sig-compute/decentralized-migration/decentralized-migration-vep.md"
        let numbered = "veps/sig-compute/24-decentralized-migration/decentralized-migration-vep.md"
        let main = "veps/sig-compute/24-decentralized-migration/vep.md"
        let appendix = "veps/sig-compute/24-decentralized-migration/flows.md"
        try repo.commit("Propose (#6)", files: [unnumbered: document("v1.6")])
        try repo.commit("Arrange the folders (#131)", files: [unnumbered: nil, numbered: document("v1.6"), appendix: "# Appendix: flows\n"])
        try repo.commit("Target v1.7 (#175)", files: [numbered: document("v1.7")])
        try repo.commit("Normalize names (#339)", files: [numbered: nil, main: document("v1.7")])
        try repo.commit("Drop the VEP, keep its appendix (#400)", files: [main: nil])
        XCTAssertEqual(try events(repo, "--reverse"), [
            "24 created null null \(numbered) @Arrange the folders (#131)",
            "24 milestone alpha null v1.6 @Arrange the folders (#131)",
            "24 milestone alpha v1.6 v1.7 @Target v1.7 (#175)",
            "24 moved null \(numbered) \(main) @Normalize names (#339)",
            "24 deleted null \(main) null @Drop the VEP, keep its appendix (#400)",
        ])
    }

    func testACopiedFolderDoesNotTakeOverTheVEPItWasCopiedFrom() throws {
        let repo = try GitRepo()
        let original = "veps/sig-network/183-dra/vep.md"
        let copy = "veps/sig-network/100-new/vep.md"
        let legacy = { (number: Int, alpha: String) in
            "# VEP #\(number): Devices\n## VEP Status Metadata\n### Target releases\n- This VEP targets alpha for version: \(alpha)\n"
        }
        try repo.commit("Add 183 (#1)", files: [original: legacy(183, "v1.9")])
        // The copy still carries 183 in its heading: two documents claim 183 for a commit.
        try repo.commit("Start 100 from a copy (#2)", files: [copy: legacy(183, "v1.12")])
        try repo.commit("Number the copy (#3)", files: [copy: legacy(100, "v1.12")])
        XCTAssertEqual(try events(repo, "--reverse"), [
            "183 created null null \(original) @Add 183 (#1)",
            "183 milestone alpha null v1.9 @Add 183 (#1)",
            "100 created null null \(copy) @Number the copy (#3)",
            "100 milestone alpha null v1.12 @Number the copy (#3)",
        ])
        XCTAssertEqual(try events(repo, "--reverse", "--no-cache", "HEAD~1..HEAD"), [
            "100 created null null \(copy) @Number the copy (#3)",
            "100 milestone alpha null v1.12 @Number the copy (#3)",
        ])
    }

    /// Copies whose folders say no more than the original's: a loose legacy file copied to start another VEP (neither
    /// folder names a number), and a VEP copied into another group ahead of a two-step move (both do). The document
    /// that spoke for the number keeps speaking for it, whichever path sorts first, until it goes.
    func testACopyThatSortsFirstIsNoMoveAndTheOriginalKeepsItsChanges() throws {
        let repo = try GitRepo()
        let loose = "veps/sig-network/decouple-nad.md", looseCopy = "veps/sig-network/bridge-binding.md"
        let legacy = { (alpha: String, beta: String) in
            "# VEP #42: Decouple NAD\n## VEP Status Metadata\n### Target releases\n- This VEP targets alpha for version: \(alpha)\n"
                + "- This VEP targets beta for version: \(beta)\n"
        }
        let storage = "veps/sig-storage/12-fast/vep.md", compute = "veps/sig-compute/12-fast/vep.md"
        let fast = { (status: String) in Documents.frontMatter(number: 12, title: "Fast", status: status, sig: "sig-storage", alpha: "v1.9") }
        try repo.commit("Add VEPs (#1)", files: [loose: legacy("v1.9", ""), storage: fast("provisional")])
        try repo.commit("Copy them (#2)", files: [looseCopy: legacy("v1.9", ""), compute: fast("provisional")])
        try repo.commit("Change the originals (#3)", files: [loose: legacy("v1.9", "v1.10"), storage: fast("implementable")])
        try repo.commit("Finish the move (#4)", files: [storage: nil])
        try repo.commit("Drop the loose copy (#5)", files: [looseCopy: nil])
        let expected = [
            "12 created null null \(storage) @Add VEPs (#1)",
            "12 status null null provisional @Add VEPs (#1)",
            "12 milestone alpha null v1.9 @Add VEPs (#1)",
            "42 created null null \(loose) @Add VEPs (#1)",
            "42 milestone alpha null v1.9 @Add VEPs (#1)",
            "12 status null provisional implementable @Change the originals (#3)",
            "42 milestone beta null v1.10 @Change the originals (#3)",
            // The copy speaks once the original is gone, with the copy's own metadata.
            "12 moved null \(storage) \(compute) @Finish the move (#4)",
            "12 status null implementable provisional @Finish the move (#4)",
        ]
        XCTAssertEqual(try events(repo, "--reverse", "--no-cache"), expected)
        // Cached and continued from the cache: the same.
        XCTAssertEqual(try events(repo, "--reverse", "HEAD~2"), Array(expected.prefix(7)))
        XCTAssertEqual(try events(repo, "--reverse"), expected)
        XCTAssertEqual(try events(repo, "--reverse"), expected)
        // A range that starts after the copy: its commits' events as the whole history has them.
        XCTAssertEqual(try events(repo, "--reverse", "--no-cache", "HEAD~3..HEAD"), Array(expected.suffix(4)))
        // Only a branch off commit #3 cached: main's chain parts from it there, where the state read whole cannot tell
        // which document spoke for each number. The same events.
        try FileManager.default.removeItem(atPath: repo.path + "/.git/git-vep")
        try repo.git("checkout", "--quiet", "-b", "side", "HEAD~2")
        try repo.commit("Side edit (#6)", files: ["README.md": "side\n"])
        XCTAssertEqual(try events(repo, "--reverse"), Array(expected.prefix(7)))
        try repo.git("checkout", "--quiet", "main")
        XCTAssertEqual(try events(repo, "--reverse"), expected)
    }

    /// A version git-vep cannot read (saved as UTF-16 by an editor, or binary) says nothing about the metadata: no
    /// "removed" for it, no "set" when the text comes back, in the whole history, a range or a cached rerun.
    func testAnUnreadableVersionKeepsTheMetadataItHad() throws {
        let repo = try GitRepo()
        let text = Documents.frontMatter(number: 12, title: "Snapshots", status: "implementable", stage: "alpha", sig: "sig-compute", alpha: "v1.9")
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(text.data(using: .utf16LittleEndian)!)
        try repo.commit("Add (#1)", files: [path12: text])
        try utf16.write(to: URL(fileURLWithPath: repo.path + "/" + path12))
        try repo.git("commit", "--quiet", "-am", "Save as UTF-16 (#2)")
        // Lint says what it is: text, only not UTF-8 (it said "binary").
        let lint = try repo.vep("lint", "--rev", "HEAD")
        XCTAssertTrue(lint.stdout.contains("error[document-unreadable]: file is UTF-16 text (it starts with a byte order mark), not UTF-8\n"), lint.stdout)
        XCTAssertTrue(lint.stdout.contains("= help: save it as UTF-8, e.g. `iconv -f utf-16 -t utf-8`\n"), lint.stdout)
        let planned = Documents.frontMatter(number: 12, title: "Snapshots", status: "implementable", stage: "alpha", sig: "sig-compute",
                                            alpha: "v1.9", beta: "v1.10")
        try repo.commit("Back to UTF-8, beta planned (#3)", files: [path12: planned])
        let expected = [
            "12 created null null \(path12) @Add (#1)",
            "12 status null null implementable @Add (#1)",
            "12 stage null null alpha @Add (#1)",
            "12 milestone alpha null v1.9 @Add (#1)",
            "12 milestone beta null v1.10 @Back to UTF-8, beta planned (#3)",
        ]
        XCTAssertEqual(try events(repo, "--reverse", "--no-cache"), expected)
        XCTAssertEqual(try events(repo, "--reverse", "--no-cache", "HEAD~1..HEAD"), [expected[4]])
        XCTAssertEqual(try events(repo, "--reverse", "HEAD~1"), Array(expected.prefix(4)))
        XCTAssertEqual(try events(repo, "--reverse"), expected)
    }

    /// `.vep.yaml` moving the VEPs elsewhere: each commit is read in its own layout, so the relocation moves every
    /// VEP (and changes what it changes), and the history before it stays; a settings change that keeps the layout
    /// is nothing. The same from the cache, continued across the change, and for a range that starts after it.
    func testALayoutChangeInHistoryMovesTheVEPs() throws {
        let repo = try GitRepo()
        let old7 = "veps/sig-compute/7-hotplug/vep.md", new7 = "proposals/sig-compute/7-hotplug/vep.md"
        let hotplug = { (alpha: String) in Documents.frontMatter(number: 7, title: "Hotplug", sig: "sig-compute", alpha: alpha) }
        try repo.commit("Add VEP 7 (#1)", files: [old7: hotplug("v1.9"), path12: legacy12(alpha: "v1.9")])
        try repo.commit("Schedule (#2)", files: [".vep.yaml": "releases:\n  v1.9:\n    vep-freeze: 2026-06-24\n"])
        try repo.commit("Relocate (#3)", files: [
            ".vep.yaml": "layout:\n  root: proposals\nreleases:\n  v1.9:\n    vep-freeze: 2026-06-24\n",
            old7: nil, path12: nil, new7: hotplug("v1.10"), "proposals/sig-compute/12-snapshots/vep.md": legacy12(alpha: "v1.9"),
        ])
        _ = try events(repo, "HEAD")
        try repo.commit("Retarget (#4)", files: [new7: hotplug("v1.11")])
        try repo.commit("Back to the default layout (#5)", files: [".vep.yaml": nil, new7: nil, "veps/sig-compute/7-hotplug/vep.md": hotplug("v1.11")])
        let expected = [
            "7 created null null \(old7) @Add VEP 7 (#1)",
            "7 status null null provisional @Add VEP 7 (#1)",
            "7 milestone alpha null v1.9 @Add VEP 7 (#1)",
            "12 created null null \(path12) @Add VEP 7 (#1)",
            "12 milestone alpha null v1.9 @Add VEP 7 (#1)",
            "7 moved null \(old7) \(new7) @Relocate (#3)",
            "7 milestone alpha v1.9 v1.10 @Relocate (#3)",
            "12 moved null \(path12) proposals/sig-compute/12-snapshots/vep.md @Relocate (#3)",
            "7 milestone alpha v1.10 v1.11 @Retarget (#4)",
            // VEP 12 stays under proposals/, outside the default layout's root.
            "7 moved null \(new7) \(old7) @Back to the default layout (#5)",
            "12 deleted null proposals/sig-compute/12-snapshots/vep.md null @Back to the default layout (#5)",
        ]
        XCTAssertEqual(try events(repo, "--reverse", "--no-cache"), expected)
        XCTAssertEqual(try events(repo, "--reverse"), expected, "continued from the cache at #3")
        XCTAssertEqual(try events(repo, "--reverse"), expected, "from the cache")
        XCTAssertEqual(try events(repo, "--reverse", "--no-cache", "HEAD~2..HEAD"), Array(expected.suffix(3)))
        XCTAssertEqual(try events(repo, "--reverse", "--no-cache", "HEAD~3..HEAD~1"), Array(expected[5...8]))
        // The group of an event outside the tip's root is the folder of that name it lies in.
        XCTAssertEqual(try events(repo, "--reverse", "--group", "sig-compute", "HEAD~1"), Array(expected[0...8]))
    }

    /// Across a relocation, what only history knows carries over: which of two copies speaks for a number, and the
    /// metadata of a document that cannot be read. A `.vep.yaml` broken for a while keeps the layout before it. And an
    /// unreadable document moved keeps its metadata whichever folder is read first.
    func testALayoutChangeKeepsWhatOnlyHistoryKnows() throws {
        let repo = try GitRepo()
        let network = "veps/sig-network/12-fast/vep.md", compute = "veps/sig-compute/12-fast/vep.md"
        let fast = { (status: String) in Documents.frontMatter(number: 12, title: "Fast", status: status, alpha: "v1.9") }
        let hotplug = Documents.frontMatter(number: 7, title: "Hotplug", status: "implementable", stage: "alpha", sig: "sig-a", alpha: "v1.9")
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(hotplug.data(using: .utf16LittleEndian)!)
        let config = "layout:\n  root: proposals\n"
        try repo.commit("Add (#1)", files: [network: fast("provisional"), "veps/sig-a/7-hotplug/vep.md": hotplug])
        try repo.commit("Copy 12 ahead of a move (#2)", files: [compute: fast("provisional")])
        try repo.git("rm", "--quiet", "veps/sig-a/7-hotplug/vep.md")
        try FileManager.default.createDirectory(atPath: repo.path + "/veps/sig-b/7-hotplug", withIntermediateDirectories: true)
        try utf16.write(to: URL(fileURLWithPath: repo.path + "/veps/sig-b/7-hotplug/vep.md"))
        try repo.git("add", "--all")
        try repo.git("commit", "--quiet", "-m", "Move 7 and save it as UTF-16 (#3)")
        try repo.git("mv", "veps", "proposals")
        try repo.write(".vep.yaml", config)
        try repo.git("add", "--all")
        try repo.git("commit", "--quiet", "-m", "Relocate (#4)")
        try repo.commit("Break .vep.yaml (#5)", files: [".vep.yaml": config + "releases: [\n"])
        try repo.commit("Mend it, 12 implementable (#6)", files: [".vep.yaml": config, "proposals/sig-network/12-fast/vep.md": fast("implementable")])
        // A layout that is no mapping, and a misspelt setting, are invalid layouts too.
        try repo.commit("Typo (#7)", files: [".vep.yaml": "layout: proposals\n"])
        try repo.commit("Typo (#8)", files: [".vep.yaml": "layout:\n  rooot: proposals\n"])
        try repo.commit("Mend it again (#9)", files: [".vep.yaml": config])
        let expected = [
            "7 created null null veps/sig-a/7-hotplug/vep.md @Add (#1)",
            "7 status null null implementable @Add (#1)",
            "7 stage null null alpha @Add (#1)",
            "7 milestone alpha null v1.9 @Add (#1)",
            "12 created null null \(network) @Add (#1)",
            "12 status null null provisional @Add (#1)",
            "12 milestone alpha null v1.9 @Add (#1)",
            "7 moved null veps/sig-a/7-hotplug/vep.md veps/sig-b/7-hotplug/vep.md @Move 7 and save it as UTF-16 (#3)",
            "7 moved null veps/sig-b/7-hotplug/vep.md proposals/sig-b/7-hotplug/vep.md @Relocate (#4)",
            "12 moved null \(network) proposals/sig-network/12-fast/vep.md @Relocate (#4)",
            "12 status null provisional implementable @Mend it, 12 implementable (#6)",
        ]
        XCTAssertEqual(try events(repo, "--reverse", "--no-cache"), expected)
        XCTAssertEqual(try events(repo, "--reverse", "HEAD~4"), Array(expected.prefix(10)))
        XCTAssertEqual(try events(repo, "--reverse"), expected)
        XCTAssertEqual(try events(repo, "--reverse", "--no-cache", "HEAD~4..HEAD"), [expected[10]])
        XCTAssertEqual(try events(repo, "--reverse", "--no-cache", "HEAD~5..HEAD"), [expected[10]])
        XCTAssertEqual(try events(repo, "--reverse", "--no-cache", "HEAD~6..HEAD"), Array(expected.suffix(3)))
        XCTAssertEqual(try events(repo, "--reverse", "--no-cache", "HEAD~2..HEAD"), [])
    }

    /// At a layout change the usual order of claims holds (a folder that agrees with the number first), the speaker is
    /// known by its folder when the document's name changes (there, or in any commit), and a `layout` that is no
    /// mapping keeps the layout before it.
    func testALayoutChangeWeighsClaimsAsAnyCommitDoes() throws {
        let repo = try GitRepo()
        let vep = { (number: Int, status: String) in Documents.frontMatter(number: number, title: "Five", status: status, sig: "sig-a") }
        try repo.commit("Add (#1)", files: ["veps/sig-a/6-copy/vep.md": vep(5, "provisional"), "proposals/sig-b/5-orig/vep.md": vep(5, "provisional"),
                                           "veps/sig-c/8-x/vep.md": vep(8, "provisional"), "veps/sig-x/12-a/vep.md": vep(12, "provisional")])
        try repo.commit("Copy 8 and 12 (#2)", files: ["veps/sig-b/8-x/vep.md": vep(8, "provisional"), "veps/sig-w/12-a/vep.md": vep(12, "provisional")])
        try repo.commit("A typo in layout, 12 renamed (#3)", files: [
            ".vep.yaml": "layout: proposal.md\n", "veps/sig-x/12-a/vep.md": nil, "veps/sig-x/12-a/design.md": vep(12, "provisional"),
        ])
        try repo.commit("Proposal.md (#4)", files: [
            ".vep.yaml": "layout:\n  document: proposal.md\n", "veps/sig-c/8-x/vep.md": nil, "veps/sig-c/8-x/proposal.md": vep(8, "provisional"),
            "veps/sig-b/8-x/vep.md": nil, "veps/sig-b/8-x/proposal.md": vep(8, "provisional"),
        ])
        try repo.commit("Relocate (#5)", files: [
            ".vep.yaml": "layout:\n  root: proposals\n  document: proposal.md\n",
            "veps/sig-a/6-copy/vep.md": nil, "proposals/sig-a/6-copy/vep.md": vep(5, "provisional"),
            "veps/sig-c/8-x/proposal.md": nil, "proposals/sig-c/8-x/proposal.md": vep(8, "provisional"),
            "veps/sig-b/8-x/proposal.md": nil, "proposals/sig-b/8-x/proposal.md": vep(8, "provisional"),
        ])
        try repo.commit("Unrelated (#6)", files: ["README.md": "x\n"])
        try repo.commit("5 implementable (#7)", files: ["proposals/sig-b/5-orig/vep.md": vep(5, "implementable")])
        let expected = [
            "5 created null null veps/sig-a/6-copy/vep.md @Add (#1)",
            "5 status null null provisional @Add (#1)",
            "8 created null null veps/sig-c/8-x/vep.md @Add (#1)",
            "8 status null null provisional @Add (#1)",
            "12 created null null veps/sig-x/12-a/vep.md @Add (#1)",
            "12 status null null provisional @Add (#1)",
            "12 moved null veps/sig-x/12-a/vep.md veps/sig-x/12-a/design.md @A typo in layout, 12 renamed (#3)",
            // Read in the new layout, both of 8's documents are named as it says, and sig-c's goes on speaking, as
            // design.md does for 12 (neither of its documents is named proposal.md).
            "8 moved null veps/sig-c/8-x/vep.md veps/sig-c/8-x/proposal.md @Proposal.md (#4)",
            // Seen whole in the new root, 5's own folder speaks for it; 8 stays in sig-c; 12 is outside the new root.
            "5 moved null veps/sig-a/6-copy/vep.md proposals/sig-b/5-orig/vep.md @Relocate (#5)",
            "8 moved null veps/sig-c/8-x/proposal.md proposals/sig-c/8-x/proposal.md @Relocate (#5)",
            "12 deleted null veps/sig-x/12-a/design.md null @Relocate (#5)",
            "5 status null provisional implementable @5 implementable (#7)",
        ]
        XCTAssertEqual(try events(repo, "--reverse", "--no-cache"), expected)
        XCTAssertEqual(try events(repo, "--reverse", "--no-cache", "HEAD~1..HEAD"), [expected[11]])
        XCTAssertEqual(try events(repo, "--reverse", "HEAD~2"), Array(expected.prefix(11)))
        XCTAssertEqual(try events(repo, "--reverse"), expected)
        let lint = try repo.vep("lint", "--rev", "HEAD~4")
        XCTAssertTrue(lint.stdout.contains("`layout` must map its settings to their values, like `root: veps`"), lint.stdout)
    }

    /// The speaker's document renamed beside another document of its folder that claims its number: the folder goes on
    /// speaking, through the first of them by path, on every run (Swift's dictionaries are ordered anew per process).
    func testARenamedSpeakerBesideAnotherClaimIsFollowedAlikeOnEveryRun() throws {
        let repo = try GitRepo()
        let folder = "veps/sig-a/15-v15"
        let doc = { (status: String) in Documents.frontMatter(number: 15, title: "Fifteen", status: status, sig: "sig-a") }
        try repo.commit("Add (#1)", files: [folder + "/vep.md": doc("provisional"), folder + "/README.md": doc("implementable")])
        try repo.commit("Rename (#2)", files: [folder + "/vep.md": nil, folder + "/proposal.md": doc("provisional")])
        let expected = [
            "15 created null null \(folder)/vep.md @Add (#1)",
            "15 status null null provisional @Add (#1)",
            "15 moved null \(folder)/vep.md \(folder)/README.md @Rename (#2)",
            "15 status null provisional implementable @Rename (#2)",
        ]
        for _ in 0..<6 { XCTAssertEqual(try events(repo, "--reverse", "--no-cache"), expected) }
    }

    /// Across a relocation, the speaker's own file goes on speaking, though another document of its folder that
    /// claims its number sorts first (a folder without `vep.md`, where every numbered document is a claim), as in any
    /// commit.
    func testARelocatedSpeakerGoesOnSpeakingBesideAnotherClaim() throws {
        let repo = try GitRepo()
        let doc = { (status: String) in Documents.frontMatter(number: 15, title: "Fifteen", status: status, sig: "sig-a") }
        try repo.commit("Add (#1)", files: ["veps/sig-a/15-v15/proposal.md": doc("provisional")])
        try repo.commit("Design (#2)", files: ["veps/sig-a/15-v15/design.md": doc("implementable")])
        try repo.git("mv", "veps", "proposals")
        try repo.write(".vep.yaml", "layout:\n  root: proposals\n")
        try repo.git("add", "--all")
        try repo.git("commit", "--quiet", "-m", "Relocate (#3)")
        let expected = [
            "15 created null null veps/sig-a/15-v15/proposal.md @Add (#1)",
            "15 status null null provisional @Add (#1)",
            "15 moved null veps/sig-a/15-v15/proposal.md proposals/sig-a/15-v15/proposal.md @Relocate (#3)",
        ]
        for _ in 0..<4 { XCTAssertEqual(try events(repo, "--reverse", "--no-cache"), expected) }
        XCTAssertEqual(try events(repo, "--reverse"), expected)
    }

    func testShallowCloneEndsHistoryAtItsBoundary() throws {
        let repo = try GitRepo()
        try repo.commit("Add VEP 12 (#2)", files: [path12: legacy12(alpha: "v1.9")])
        try repo.commit("Retarget (#3)", files: [path12: legacy12(alpha: "v1.10")])
        try repo.commit("Beta (#4)", files: [path12: legacy12(alpha: "v1.10", beta: "v1.11")])
        for depth in ["1", "2"] {
            let clone = repo.sandbox + "/shallow-\(depth)"
            try repo.git("clone", "--quiet", "--depth", depth, "file://" + repo.path, clone)
            XCTAssertEqual(try repo.git("rev-parse", "--is-shallow-repository", in: clone), "true")
            // The boundary commit is a root, as git log shows it: the VEP appears there with its state then.
            let expected = depth == "1"
                ? ["12 created null null \(path12) @Beta (#4)", "12 milestone alpha null v1.10 @Beta (#4)", "12 milestone beta null v1.11 @Beta (#4)"]
                : ["12 created null null \(path12) @Retarget (#3)", "12 milestone alpha null v1.10 @Retarget (#3)", "12 milestone beta null v1.11 @Beta (#4)"]
            XCTAssertEqual(try events(repo, in: clone, ["--reverse"]), expected)
            XCTAssertEqual(try events(repo, in: clone, ["--reverse", "--no-cache"]), expected)
            XCTAssertEqual(try events(repo, in: clone, ["-n", "1"]), depth == "1" ? expected : [expected.last!])
            if depth == "2" {
                XCTAssertEqual(try events(repo, in: clone, ["HEAD~1..HEAD"]), ["12 milestone beta null v1.11 @Beta (#4)"])
            }
            let show = try ProcessRunner.run(Binary.path("git-vep"), ["show", "12"], environment: repo.environment, currentDirectory: clone)
            XCTAssertEqual(show.status, 0, show.stderr)
            XCTAssertTrue(show.stdout.contains("beta target set to v1.11"), show.stdout)
            // Fetching the rest moves the boundary: the timeline cached at the same tip no longer holds.
            try repo.git("fetch", "--quiet", "--unshallow", in: clone)
            XCTAssertEqual(try events(repo, in: clone, ["--reverse"]), try events(repo, "--reverse"))
        }
    }

    func testMergeAnswersForItsSideBranchOnFirstParentHistory() throws {
        let repo = try GitRepo()
        try repo.commit("Add VEP 12 (#2)", files: [path12: legacy12(alpha: "v1.9")])
        try repo.git("checkout", "--quiet", "-b", "retarget")
        try repo.commit("Retarget alpha", files: [path12: legacy12(alpha: "v1.10")])
        try repo.commit("Add beta", files: [path12: legacy12(alpha: "v1.10", beta: "v1.11")])
        try repo.git("checkout", "--quiet", "main")
        try repo.commit("Unrelated docs", files: ["docs/readme.md": "hi\n"])
        try repo.git("merge", "--quiet", "--no-ff", "-m", "Merge pull request #40 from someone/retarget", "retarget")
        XCTAssertEqual(try events(repo, "--reverse"), [
            "12 created null null \(path12) @Add VEP 12 (#2)",
            "12 milestone alpha null v1.9 @Add VEP 12 (#2)",
            "12 milestone alpha v1.9 v1.10 @Merge pull request #40 from someone/retarget",
            "12 milestone beta null v1.11 @Merge pull request #40 from someone/retarget",
        ])
        let json = try repo.vep("log", "--json", "-n", "1")
        XCTAssertTrue(json.stdout.contains("\"pr\":40"), json.stdout)
    }

    func testHumanOutputNewestFirstAndOneline() throws {
        let repo = try GitRepo()
        try repo.commit("Add VEP 12 (#2)", files: [path12: legacy12(alpha: "v1.9")])
        try repo.commit("Retarget (#3)", files: [path12: legacy12(alpha: "v1.10")])
        let id2 = try repo.revParse("HEAD~1"), id3 = try repo.revParse("HEAD")
        // git's own strict ISO 8601 committer dates are the reference.
        let date2 = try repo.git("log", "-1", "--format=%cI", id2), date3 = try repo.git("log", "-1", "--format=%cI", id3)
        let full = try repo.vep("log")
        XCTAssertEqual(full.status, 0)
        XCTAssertEqual(full.stdout, """
        commit \(id3) (#3)
        Author: Ada Author <ada@example.com>
        Date:   \(date3)

            Retarget (#3)

            VEP 12: alpha target v1.9 → v1.10

        commit \(id2) (#2)
        Author: Ada Author <ada@example.com>
        Date:   \(date2)

            Add VEP 12 (#2)

            VEP 12: created at \(path12)
            VEP 12: alpha target set to v1.9

        """)
        let oneline = try repo.vep("log", "--oneline", "12", "--reverse")
        XCTAssertEqual(oneline.stdout, """
        \(id2.prefix(10)) 2026-06-24 #2 VEP 12 created at \(path12)
        \(id2.prefix(10)) 2026-06-24 #2 VEP 12 alpha target set to v1.9
        \(id3.prefix(10)) 2026-06-24 #3 VEP 12 alpha target v1.9 → v1.10

        """)
        let colored = try repo.vep("log", "--oneline", "--color", "always", "-n", "1")
        XCTAssertTrue(colored.stdout.hasPrefix("\u{1B}[33m\(id3.prefix(10))\u{1B}[m"), colored.stdout)
        let usage = try repo.vep("log", "--release", "soon")
        XCTAssertEqual(usage.status, 2)
    }
}
