import Foundation
import GitFixtures
import GitKit
import VEPCore
@testable import VEPGit
import XCTest

/// The focused read of a staged change finds exactly what the whole-catalog linter finds.
final class PreCommitFocusTests: XCTestCase {
    var repo: GitRepo!

    override func setUpWithError() throws {
        repo = try GitRepo()
        var files: [String: String?] = [
            ".vep.yaml": LintTests.configuration,
            "veps/NNNN-vep-template/vep.md": Documents.template,
            "veps/sig-compute/10-dra-devices/vep.md": Documents.gpuLegacy,
            "veps/sig-network/21-passt/vep.md": Documents.passtMain,
            "veps/sig-network/21-passt/passt-ga.md": Documents.passtPart,
            "veps/sig-network/21-passt/images/flow.png": "PNG",
            "veps/sig-network/decouple-nad.md": "# VEP #60: Decouple NAD\n\nLoose legacy file.\n",
            "veps/sig-storage/faster-disks/vep.md": "# VEP #61: Faster disks\n\nNo number in the folder.\n",
            "README.md": "Enhancements.\n",
        ]
        for number in 100..<130 {
            files["veps/sig-\(["network", "compute", "storage"][number % 3])/\(number)-feature-\(number)/vep.md"] =
                PreCommitTests.vep(number, "Feature \(number)")
        }
        try repo.commit("Base", files: files)
    }

    override func tearDown() { repo = nil }

    /// Stages `files` (nil deletes) and returns focused and whole findings, as `rule path:line:col message`.
    func compare(_ files: [String: String?], file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        for (path, text) in files {
            if let text { try repo.write(path, text) } else { try repo.remove(path) }
        }
        try repo.git("add", "--all")
        let repository = try Repository.open(at: repo.path)
        let check = StagedCheck(repository: repository, index: try repository.index(),
                                baseTree: try repository.commit(try XCTUnwrap(try repository.head())).treeID, baseLabel: "HEAD")
        let render = { (findings: [Finding]) in findings.map { "\($0.rule) \($0.path):\($0.line):\($0.column) \($0.message)" } }
        let focused = render(try check.findings(date: "2026-07-01", focused: true))
        let whole = render(try check.findings(date: "2026-07-01", focused: false))
        XCTAssertEqual(focused, whole, file: file, line: line)
        XCTAssertNotNil(try check.focusedContext(date: "2026-07-01"), "the focused read applies", file: file, line: line)
        try repo.git("reset", "--quiet", "--hard")
        try repo.git("clean", "--quiet", "-fd")
        return focused
    }

    func testOneVEPEditedReadsOnlyItsFolder() throws {
        let path = "veps/sig-network/102-feature-102/vep.md"
        XCTAssertEqual(try compare([path: PreCommitTests.vep(102, "Feature 102", status: "implemented")]),
                       ["status-transition \(path):5:9 status cannot move from provisional to implemented"])
        let repository = try Repository.open(at: repo.path)
        try repo.write(path, PreCommitTests.vep(102, "Feature 102", body: "\nEdit.\n"))
        try repo.git("add", path)
        let check = StagedCheck(repository: repository, index: try repository.index(),
                                baseTree: try repository.commit(try repository.head()!).treeID, baseLabel: "HEAD")
        let context = try XCTUnwrap(try check.focusedContext(date: "2026-07-01"))
        // The touched VEP only: the unnumbered folders do not spell 102.
        XCTAssertEqual(context.head.catalog.veps.map(\.path), [path])
        XCTAssertEqual(context.base?.catalog.veps.map(\.path), [path])
        XCTAssertEqual(context.head.groups, ["sig-compute", "sig-network", "sig-storage"])
    }

    func testADuplicateNumberInAnotherGroup() throws {
        let findings = try compare(["veps/sig-compute/104-copy/vep.md": PreCommitTests.vep(104, "Copy")])
        XCTAssertTrue(findings.contains { $0.hasPrefix("vep-number-duplicate veps/sig-compute/104-copy/vep.md") }, "\(findings)")
    }

    func testADuplicateOfANumberOnlyADocumentClaims() throws {
        let findings = try compare(["veps/sig-storage/61-again/vep.md": PreCommitTests.vep(61, "Again")])
        XCTAssertTrue(findings.contains { $0.hasPrefix("vep-number-duplicate veps/sig-storage/61-again/vep.md") }, "\(findings)")
    }

    func testMovedDeletedAndRenumbered() throws {
        _ = try compare([
            "veps/sig-compute/103-feature-103/vep.md": nil,
            "veps/sig-network/103-feature-103/vep.md": PreCommitTests.vep(103, "Feature 103"),
        ])
        _ = try compare(["veps/sig-compute/106-feature-106/vep.md": nil])
        _ = try compare(["veps/sig-network/109-feature-109/vep.md": PreCommitTests.vep(112, "Feature 109")])
        _ = try compare(["veps/sig-network/21-passt/passt-ga.md": nil, "veps/sig-network/21-passt/images/flow.png": "PNG2"])
        _ = try compare(["veps/sig-network/decouple-nad.md": "# VEP #60: Decouple NAD\n\nEdited.\n"])
        _ = try compare(["veps/sig-new/140-new-group/vep.md": PreCommitTests.vep(140, "New group")])
        _ = try compare(["veps/NNNN-vep-template/vep.md": Documents.template + "\n## Extra\n", "README.md": "Changed.\n"])
    }

    func testTreeIdsMatchGit() throws {
        let repository = try Repository.open(at: repo.path)
        let trees = IndexTrees(entries: try repository.index().entries(under: "veps"), prefix: "veps", listingDepth: 1)
        for path in ["veps", "veps/sig-network", "veps/sig-network/21-passt", "veps/sig-network/21-passt/images"] {
            XCTAssertEqual(trees.ids[path]?.hex, try repo.git("rev-parse", "HEAD:" + path), path)
        }
        XCTAssertEqual(Repository.objectID(hashing: Array("abc".utf8), as: .blob).hex, try repo.git("hash-object", "--stdin", input: "abc"))
    }
}
