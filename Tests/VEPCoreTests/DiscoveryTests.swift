import XCTest
@testable import VEPCore

final class DiscoveryTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("discovery-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func write(_ path: String, _ text: String) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    private let legacy = { (number: Int, alpha: String) in
        "# VEP #\(number): Title \(number)\n## VEP Status Metadata\n### Target releases\n- This VEP targets alpha for version: \(alpha)\n"
    }

    func testDefaultLayoutTemplateAppendicesAndOlderLayouts() throws {
        try write("veps/NNNN-vep-template/vep.md", "# VEP #NNNN: Your title\n")
        try write("veps/sig-network/21-passt/vep.md", "# VEP #21: Passt\n## VEP Status Metadata\n### Target releases\n- ~This VEP targets alpha for version:~\n- This VEP targets beta for version: v1.8\n- This VEP targets GA for version:\n")
        try write("veps/sig-network/21-passt/passt-beta.md", "# VEP #21 - Part 2: Beta\n## VEP Status Metadata\n### Target releases\n- This VEP targets GA for version: v1.10\n")
        try write("veps/sig-network/21-passt/diagram.png", "\u{0}PNG")
        try write("veps/sig-network/decouple-nad.md", "# VEP #5: Decoupled NAD\n")
        try write("veps/sig-network/notes.md", "# Meeting notes\n")
        try write("veps/sig-storage/old-name/design.md", "# VEP 9: Old layout\n")
        try write("veps/sig-storage/old-name/figure.svg", "<svg/>")
        try write("veps/sig-compute/3-unnumbered/vep.md", "# Something\n")
        try write("veps/sig-compute/nonumber/vep.md", "# Nothing at all\n")
        try write("README.md", "# VEP #99: not under the root\n")

        let catalog = try Discovery.catalog(of: DirectorySource(directory: folder))
        XCTAssertEqual(catalog.veps.map(\.number), [3, 5, 9, 21])
        XCTAssertEqual(catalog.veps.map(\.path), ["veps/sig-compute/3-unnumbered/vep.md", "veps/sig-network/decouple-nad.md",
                                                   "veps/sig-storage/old-name/design.md", "veps/sig-network/21-passt/vep.md"])
        let passt = catalog.veps[3]
        XCTAssertEqual(passt.files, ["veps/sig-network/21-passt/diagram.png", "veps/sig-network/21-passt/passt-beta.md"])
        XCTAssertEqual(passt.continuations.map(\.path), ["veps/sig-network/21-passt/passt-beta.md"])
        XCTAssertEqual(passt.milestones.releases, [.beta: Release("v1.8")!, .ga: Release("v1.10")!])
        XCTAssertEqual(catalog.veps[2].files, ["veps/sig-storage/old-name/figure.svg"])
        XCTAssertEqual(catalog.unidentified.map(\.path), ["veps/sig-compute/nonumber/vep.md"])
        XCTAssertEqual(catalog.problems, [])
    }

    /// Upstream kept VEPs 19, 24 and 207 as `<number>-<slug>/<other name>.md` with no number in the
    /// document for months (`# VEP: Probe Proxy …`, `# Overview` above a Target releases section).
    func testANumberedFolderWithoutTheMainDocumentNamesTheOneDocumentThatReadsAsAVEP() throws {
        try write("veps/sig-compute/207-pauseProbes/pause-probes.md", "# VEP: Probe Proxy\n\n## Overview\nText.\n")
        try write("veps/sig-compute/19-secure-execution/secure-execution.md",
                  "# Overview\n## VEP Status Metadata\n### Target releases\n- This VEP targets alpha for version: v1.6\n")
        try write("veps/sig-compute/19-secure-execution/notes.md", "# Notes\nNo metadata.\n")
        // Only appendices are left: no VEP. Neither a heading that merely starts with "VEP", a front matter
        // title, nor a heading that mentions target releases makes one.
        try write("veps/sig-compute/30-gone/appendix.md", "# Appendix: details\n")
        try write("veps/sig-compute/30-gone/flows.md", "# VEP Appendix: API flows\n")
        try write("veps/sig-compute/30-gone/faq.md", "---\ntitle: FAQ\n---\n\n# Questions\n")
        try write("veps/sig-compute/30-gone/matrix.md", "# Matrix\n\n## Target release matrix\n\n| a | b |\n")
        // Two documents read as VEPs and neither says which it is: no telling, no VEP.
        try write("veps/sig-compute/31-two/a.md", "# VEP: A\n")
        try write("veps/sig-compute/31-two/b.md", "# VEP: B\n")
        // Without a number in the folder's name the document must carry its own.
        try write("veps/sig-compute/unnumbered/design.md", "# VEP: Nameless\n")
        // A continuation is never the main document, but joins the one that is.
        try write("veps/sig-compute/32-parts/part-two.md", "# VEP #32 - Part 2: More\n")
        try write("veps/sig-compute/207-pauseProbes/part-two.md",
                  "# VEP #207 - Part 2: Beta\n## VEP Status Metadata\n### Target releases\n- This VEP targets beta for version: v1.9\n")

        // Upstream VEP 76 before #339: a numbered document of another name, and its part 2 beside it.
        try write("veps/sig-compute/76-vmtemplates/vmtemplate-proposal.md", legacy(76, "v1.8"))
        try write("veps/sig-compute/76-vmtemplates/vmtemplate-beta-proposal.md",
                  "# VEP #76 - Part 2: Beta\n## VEP Status Metadata\n### Target releases\n- This VEP targets beta for version: v1.9\n")

        let catalog = try Discovery.catalog(of: DirectorySource(directory: folder))
        let templates = try XCTUnwrap(catalog.veps.first { $0.number == 76 })
        XCTAssertEqual(templates.path, "veps/sig-compute/76-vmtemplates/vmtemplate-proposal.md")
        XCTAssertEqual(templates.milestones.releases, [.alpha: Release("v1.8")!, .beta: Release("v1.9")!])
        XCTAssertEqual(catalog.veps.map(\.number), [19, 76, 207])
        XCTAssertEqual(catalog.veps.map(\.path), ["veps/sig-compute/19-secure-execution/secure-execution.md",
                                                   "veps/sig-compute/76-vmtemplates/vmtemplate-proposal.md",
                                                   "veps/sig-compute/207-pauseProbes/pause-probes.md"])
        guard catalog.veps.count == 3 else { return }
        XCTAssertEqual(catalog.veps[0].files, ["veps/sig-compute/19-secure-execution/notes.md"])
        XCTAssertEqual(catalog.veps[0].milestones.releases, [.alpha: Release("v1.6")!])
        XCTAssertEqual(catalog.veps[2].title, "Probe Proxy")
        XCTAssertEqual(catalog.veps[2].continuations.map(\.path), ["veps/sig-compute/207-pauseProbes/part-two.md"])
        XCTAssertEqual(catalog.veps[2].milestones.releases, [.beta: Release("v1.9")!])
    }

    func testConfigurationChangesTheLayout() throws {
        try write(".vep.yaml", """
        layout:
          root: proposals
          document: README.md
        releases:
          v1.10:
            vep-freeze: 2026-10-14
          v1.9:
            vep-freeze: 2026-06-24
        rules:
          legacy-format: off
        repository: kubevirt/enhancements
        """)
        try write("proposals/sig-compute/4-thing/README.md", legacy(4, "v1.9"))
        try write("veps/sig-compute/5-ignored/vep.md", legacy(5, "v1.9"))
        let catalog = try Discovery.catalog(of: DirectorySource(directory: folder))
        XCTAssertEqual(catalog.veps.map(\.number), [4])
        XCTAssertEqual(catalog.configuration.releases.map(\.release.description), ["v1.9", "v1.10"])
        XCTAssertEqual(catalog.configuration.releases.map(\.vepFreeze), ["2026-06-24", "2026-10-14"])
        XCTAssertEqual(catalog.configuration.ruleSeverities["legacy-format"]?.value, "off")
        XCTAssertEqual(catalog.problems, [])
        // The repository's URL is as good as its name (report links to either), with or without a trailing slash.
        for value in ["https://github.com/kubevirt/enhancements", "kubevirt/enhancements/", "git@github.com:kubevirt/enhancements.git"] {
            XCTAssertEqual(Configuration.parse("repository: \(value)\n").1, [], value)
            XCTAssertEqual(ReleaseReport.repositoryURL(configured: value, remote: nil), "https://github.com/kubevirt/enhancements", value)
        }
    }

    func testBrokenConfigurationIsAProblemWithItsLine() throws {
        try write(".vep.yaml", "releases:\n  v1.9:\n    vep-freeze: someday\n  later: {}\nrepository: [kubevirt]\n")
        try write("veps/sig-compute/4-thing/vep.md", legacy(4, "v1.9"))
        let catalog = try Discovery.catalog(of: DirectorySource(directory: folder))
        XCTAssertEqual(catalog.veps.map(\.number), [4])
        XCTAssertEqual(catalog.problems.map(\.description), [
            ".vep.yaml:3:17: `vep-freeze` of v1.9 must be a date like 2026-06-24 [config-value]",
            ".vep.yaml:4:3: `later` is not a release like v1.9 [config-value]",
            ".vep.yaml:5:13: `repository` must be the repository's owner and name, like kubevirt/enhancements [config-value]",
        ])
        try write(".vep.yaml", "layout: [unclosed\n")
        let broken = try Discovery.catalog(of: DirectorySource(directory: folder))
        XCTAssertEqual(broken.problems.map(\.problem.code), ["config-yaml"])
        // libyaml meets the end of the text past the last line: the problem is put at the end of that line.
        XCTAssertEqual(broken.problems.first?.problem.position, SourcePosition(line: 1, column: 18))
        let threeLines = Configuration.parse("releases:\n  v1.9:\n    vep-freeze: [oops\n").1
        XCTAssertEqual(threeLines.map(\.position), [SourcePosition(line: 3, column: 22)])
        XCTAssertEqual(Configuration.parse("releases:\n  v1.9:\n    vep-freeze: [oops").1.map(\.position), [SourcePosition(line: 3, column: 22)])
    }

    /// What `git vep log` takes for a layout a `.vep.yaml` does not give, keeping the one before it: a file that does
    /// not read, and any invalid word about `layout`. Other broken settings leave the layout valid.
    func testALayoutIsValidOnlyWhenTheFileSaysNothingWrongAboutIt() throws {
        for text in ["layout: [unclosed\n", "layout: proposals\n", "layout:\n  rooot: proposals\n", "layout:\n  root: /abs\n",
                     "layout:\n  group-pattern: '('\n", "layout:\n  document: ''\n"] {
            XCTAssertFalse(Configuration.parse(text).0.layoutIsValid, text)
        }
        for text in ["", "layout:\n  root: proposals\n", "releases: [oops]\n", "rules:\n  nope: off\n", "layout:\n"] {
            XCTAssertTrue(Configuration.parse(text).0.layoutIsValid, text)
        }
        try Data([0x6C, 0x3A, 0xFF, 0x0A]).write(to: folder.appendingPathComponent(".vep.yaml"))
        XCTAssertFalse(try Discovery.configuration(in: DirectorySource(directory: folder)).0.layoutIsValid, "not UTF-8")
    }

    func testDuplicateNumbersAreBothListed() throws {
        try write("veps/sig-compute/4-one/vep.md", legacy(4, "v1.9"))
        try write("veps/sig-network/4-two/vep.md", legacy(4, "v1.10"))
        let catalog = try Discovery.catalog(of: DirectorySource(directory: folder))
        XCTAssertEqual(catalog.vep(4).map(\.group), ["sig-compute", "sig-network"])
    }
}

final class PathPartsTests: XCTestCase {
    func testComponentsOfPathsUnderTheRoot() {
        let layout = Layout.default
        let cases: [(String, String?, String?, String?)] = [
            ("veps/sig-x/12-a/vep.md", "sig-x", "12-a", "vep.md"),
            ("veps/sig-x/12-a/images/b.png", "sig-x", "12-a", "b.png"),
            ("veps/sig-x/12-a.md", "sig-x", nil, "12-a.md"),
            ("veps/README.md", nil, nil, "README.md"),
            ("veps/sig-x/", "sig-x", nil, ""),
            ("veps//x", "", nil, "x"),
            ("veps/é-group/ü-folder/vep.md", "é-group", "ü-folder", "vep.md"),
        ]
        for (path, group, directory, file) in cases {
            let parts = layout.components(of: path)
            XCTAssertEqual(parts?.group, group, path)
            XCTAssertEqual(parts?.directory, directory, path)
            XCTAssertEqual(parts?.file, file, path)
        }
        for outside in ["veps", "vepsx/sig/a.md", "docs/veps/a.md", "", "/veps/a.md"] {
            XCTAssertNil(layout.components(of: outside), outside)
        }
    }

    func testFolderKeys() {
        var layout = Layout.default
        XCTAssertEqual(Discovery.folderKey(of: "veps/sig-x/12-a/vep.md", layout: layout), "veps/sig-x/12-a")
        XCTAssertEqual(Discovery.folderKey(of: "veps/sig-x/12-a/deep/er/x.md", layout: layout), "veps/sig-x/12-a")
        XCTAssertEqual(Discovery.folderKey(of: "veps/sig-x/12-a.md", layout: layout), "veps/sig-x/12-a.md", "a loose file is its own key")
        XCTAssertEqual(Discovery.folderKey(of: "veps/README.md", layout: layout), "veps/README.md")
        XCTAssertNil(Discovery.folderKey(of: "veps/NNNN-vep-template/vep.md", layout: layout), "the template is no VEP")
        XCTAssertNil(Discovery.folderKey(of: "veps/NNNN-vep-template/x/y.md", layout: layout))
        XCTAssertEqual(Discovery.folderKey(of: "veps/NNNN-vep-template", layout: layout), "veps/NNNN-vep-template")
        XCTAssertNil(Discovery.folderKey(of: "src/sig-x/12-a/vep.md", layout: layout))
        layout.root = "design/proposals"
        XCTAssertEqual(Discovery.folderKey(of: "design/proposals/g/7-x/vep.md", layout: layout), "design/proposals/g/7-x")
        XCTAssertNil(Discovery.folderKey(of: "design/g/7-x/vep.md", layout: layout))
    }
}
