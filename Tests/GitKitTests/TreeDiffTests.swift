import GitFixtures
import GitKit
import XCTest

final class TreeDiffTests: XCTestCase {
    private struct Row: Equatable, CustomStringConvertible {
        let status: TreeChange.Status
        let path: String
        var description: String { "\(status) \(path)" }
    }

    private func rows(_ changes: [TreeChange]) -> [Row] { changes.map { Row(status: $0.status, path: $0.path) } }

    func testAddModifyDeleteAndSubtreeAddUnderAPrefix() throws {
        let repo = try GitRepo()
        try repo.commit("before", files: [
            "veps/sig-a/1-x/vep.md": "x1", "veps/sig-a/2-y/vep.md": "y", "veps/sig-b/3-z/vep.md": "z",
            "veps/sig-b/3-z/img.png": "img", "README": "r", "veps-old/q.md": "q",
        ])
        let old = try repo.id("HEAD^{tree}")
        try repo.commit("after", files: [
            "veps/sig-a/1-x/vep.md": "x2",               // modified
            "veps/sig-a/2-y/vep.md": nil,                 // deleted (its folder goes too)
            "veps/sig-a/4-w/vep.md": "w",                 // added in an existing folder
            "veps/sig-c/5-v/vep.md": "v", "veps/sig-c/5-v/notes/a.md": "a",  // new subtree
            "README": "changed", "veps-old/q.md": "q2",   // outside the prefix
        ])
        let new = try repo.id("HEAD^{tree}")
        let repository = try repo.open()

        let changes = try repository.changes(from: old, to: new, under: "veps")

        XCTAssertEqual(rows(changes), [
            Row(status: .modified, path: "veps/sig-a/1-x/vep.md"),
            Row(status: .deleted, path: "veps/sig-a/2-y/vep.md"),
            Row(status: .added, path: "veps/sig-a/4-w/vep.md"),
            Row(status: .added, path: "veps/sig-c/5-v/notes/a.md"),
            Row(status: .added, path: "veps/sig-c/5-v/vep.md"),
        ])
        XCTAssertEqual(changes[0].old, TreeEntry(name: "vep.md", id: try repo.id("HEAD~:veps/sig-a/1-x/vep.md"), kind: .blob, mode: 0o100644))
        XCTAssertEqual(changes[0].new, TreeEntry(name: "vep.md", id: try repo.id("HEAD:veps/sig-a/1-x/vep.md"), kind: .blob, mode: 0o100644))
        XCTAssertEqual(changes[1].new, nil)
        XCTAssertEqual(changes[1].old?.id, try repo.id("HEAD~:veps/sig-a/2-y/vep.md"))
        XCTAssertEqual(changes[3].new?.name, "a.md")
        XCTAssertEqual(try repo.git("diff", "--name-status", "HEAD~", "HEAD", "--", "veps"),
                       "M\tveps/sig-a/1-x/vep.md\nD\tveps/sig-a/2-y/vep.md\nA\tveps/sig-a/4-w/vep.md\n"
                       + "A\tveps/sig-c/5-v/notes/a.md\nA\tveps/sig-c/5-v/vep.md")
    }

    func testPrefixFilterAndWholeTree() throws {
        let repo = try GitRepo()
        try repo.commit("before", files: ["veps/a.md": "1", "other/b.md": "1"])
        let old = try repo.id("HEAD")
        try repo.commit("after", files: ["veps/a.md": "2", "other/b.md": "2"])
        let new = try repo.id("HEAD")
        let repository = try repo.open()

        XCTAssertEqual(try repository.changes(from: old, to: new, under: "veps").map(\.path), ["veps/a.md"])
        XCTAssertEqual(try repository.changes(from: old, to: new, under: "other/").map(\.path), ["other/b.md"])
        XCTAssertEqual(try repository.changes(from: old, to: new, under: "").map(\.path), ["other/b.md", "veps/a.md"])
        XCTAssertEqual(try repository.changes(from: old, to: new, under: "veps/a.md").map(\.path), ["veps/a.md"])
        XCTAssertEqual(try repository.changes(from: old, to: new, under: "nothing"), [])
        XCTAssertEqual(try repository.changes(from: old, to: old, under: ""), [])
    }

    func testFromNothingAndToNothing() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["veps/b/x.md": "x", "veps/a.md": "a", "top": "t"])
        let tree = try repo.id("HEAD^{tree}")
        let repository = try repo.open()

        XCTAssertEqual(rows(try repository.changes(from: nil, to: tree, under: "veps")),
                       [Row(status: .added, path: "veps/a.md"), Row(status: .added, path: "veps/b/x.md")])
        XCTAssertEqual(rows(try repository.changes(from: tree, to: nil, under: "veps")),
                       [Row(status: .deleted, path: "veps/a.md"), Row(status: .deleted, path: "veps/b/x.md")])
        XCTAssertEqual(try repository.changes(from: nil, to: nil, under: ""), [])
    }

    func testWholeSubtreeDeletedAndPrefixAppearing() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["top": "t"])
        let empty = try repo.id("HEAD^{tree}")
        try repo.commit("add", files: ["veps/sig/1/vep.md": "1", "veps/sig/2/vep.md": "2"])
        let full = try repo.id("HEAD^{tree}")
        let repository = try repo.open()

        XCTAssertEqual(rows(try repository.changes(from: empty, to: full, under: "veps")),
                       [Row(status: .added, path: "veps/sig/1/vep.md"), Row(status: .added, path: "veps/sig/2/vep.md")])
        XCTAssertEqual(rows(try repository.changes(from: full, to: empty, under: "veps/sig")),
                       [Row(status: .deleted, path: "veps/sig/1/vep.md"), Row(status: .deleted, path: "veps/sig/2/vep.md")])
    }

    func testFileBecomingADirectoryAndModeChange() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["veps/x": "file", "veps/x.md": "m", "veps/run": "r"])
        let old = try repo.id("HEAD^{tree}")
        try repo.remove("veps/x")
        try repo.write("veps/x/vep.md", "dir")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.path + "/veps/run")
        try repo.commit("second")
        let new = try repo.id("HEAD^{tree}")
        let repository = try repo.open()

        let changes = try repository.changes(from: old, to: new, under: "veps")

        XCTAssertEqual(rows(changes), [
            Row(status: .modified, path: "veps/run"),
            Row(status: .deleted, path: "veps/x"),
            Row(status: .added, path: "veps/x/vep.md"),
        ])
        XCTAssertEqual(changes[0].old?.mode, 0o100644)
        XCTAssertEqual(changes[0].new?.mode, 0o100755)
        XCTAssertEqual(changes[0].old?.id, changes[0].new?.id)
    }

    func testMoreSubtreesThanTheTreeCacheHolds() throws {
        let repo = try GitRepo()
        var files: [String: String?] = [:]
        for number in 0..<300 { files["veps/d\(number)/vep.md"] = "\(number)" }
        try repo.commit("many", files: files)
        let tree = try repo.id("HEAD^{tree}")
        let repository = try repo.open()
        let expected = (0..<300).map { "veps/d\($0)/vep.md" }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }

        XCTAssertEqual(try repository.files(in: tree, under: "veps").map(\.path), expected)
        XCTAssertEqual(try repository.changes(from: nil, to: tree, under: "veps").map(\.path), expected)
        XCTAssertEqual(try repository.changes(from: tree, to: nil, under: "").map(\.path), expected)
    }
}
