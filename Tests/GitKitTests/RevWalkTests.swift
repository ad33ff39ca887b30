import GitFixtures
import GitKit
import XCTest

final class RevWalkTests: XCTestCase {
    /// main: A - B ------- M - E
    ///            \       /
    /// feature:    C --- D
    private struct History {
        let repo: GitRepo
        let a, b, c, d, m, e: ObjectID
    }

    private func history() throws -> History {
        let repo = try GitRepo()
        let a = try repo.commit("A", files: ["f": "a"])
        let b = try repo.commit("B", files: ["f": "b"])
        try repo.git("checkout", "--quiet", "-b", "feature")
        let c = try repo.commit("C", files: ["g": "c"])
        let d = try repo.commit("D", files: ["g": "d"])
        try repo.git("checkout", "--quiet", "main")
        try repo.git("merge", "--quiet", "--no-ff", "-m", "M", "feature")
        let m = try repo.revParse("HEAD")
        let e = try repo.commit("E", files: ["f": "e"])
        let ids = try [a, b, c, d, m, e].map { try XCTUnwrap(ObjectID(hex: $0)) }
        return History(repo: repo, a: ids[0], b: ids[1], c: ids[2], d: ids[3], m: ids[4], e: ids[5])
    }

    func testFirstParentWalkSkipsTheMergedBranch() throws {
        let h = try history()
        let repository = try h.repo.open()

        let ids = try repository.walk(RevWalkOptions(tips: [h.e], firstParent: true, order: .topological)).all()

        XCTAssertEqual(ids, [h.e, h.m, h.b, h.a])
        XCTAssertEqual(ids.map(\.hex), try h.repo.git("rev-list", "--first-parent", "--topo-order", "main").split(separator: "\n").map(String.init))
    }

    func testFullTopologicalWalkMatchesGit() throws {
        let h = try history()
        let repository = try h.repo.open()

        let ids = Array(try repository.walk(RevWalkOptions(tips: [h.e], order: .topologicalTime)))

        XCTAssertEqual(Set(ids), [h.a, h.b, h.c, h.d, h.m, h.e])
        XCTAssertEqual(ids.map(\.hex), try h.repo.git("rev-list", "--topo-order", "main").split(separator: "\n").map(String.init))
    }

    func testReverseWalkIsOldestFirst() throws {
        let h = try history()
        let repository = try h.repo.open()
        let ids = try repository.walk(RevWalkOptions(tips: [h.e], firstParent: true, order: .topological, reverse: true)).all()
        XCTAssertEqual(ids, [h.a, h.b, h.m, h.e])
    }

    func testRangeWalk() throws {
        let h = try history()
        let repository = try h.repo.open()

        let range = try repository.parseRange("\(h.b.hex)..main")
        XCTAssertEqual(range.hide, [h.b])
        XCTAssertEqual(range.push, [h.e])
        let ids = try repository.walk(RevWalkOptions(tips: range.push, hidden: range.hide, order: .topologicalTime)).all()
        XCTAssertEqual(ids.map(\.hex), try h.repo.git("rev-list", "--topo-order", "\(h.b.hex)..main").split(separator: "\n").map(String.init))
        XCTAssertEqual(Set(ids), [h.c, h.d, h.m, h.e])

        let firstParent = try repository.walk(RevWalkOptions(tips: range.push, hidden: range.hide, firstParent: true)).all()
        XCTAssertEqual(firstParent, [h.e, h.m])
    }

    func testRangeSpellings() throws {
        let h = try history()
        let repository = try h.repo.open()
        try h.repo.git("checkout", "--quiet", "feature")

        XCTAssertEqual(try repository.parseRange("main").push, [h.e])
        XCTAssertEqual(try repository.parseRange("main").hide, [])
        let omitted = try repository.parseRange("\(h.a.hex)..")
        XCTAssertEqual(omitted.hide, [h.a])
        XCTAssertEqual(omitted.push, [h.d], "an omitted end is HEAD")
        let symmetric = try repository.parseRange("main...\(h.c.hex)")
        XCTAssertEqual(symmetric.push, [h.e, h.c])
        XCTAssertEqual(symmetric.hide, [h.c], "C is already merged into main")
        XCTAssertEqual(assertGitError(try repository.parseRange("nope..main"))?.message, "unknown revision 'nope'")
    }

    func testHideGlobsKeepOnlyCommitsNewToTheRepository() throws {
        let h = try history()
        let tree = try h.repo.git("rev-parse", "HEAD^{tree}")
        let new1 = try h.repo.git("commit-tree", tree, "-p", h.e.hex, "-m", "new 1")
        let new2 = try h.repo.git("commit-tree", tree, "-p", new1, "-p", h.d.hex, "-m", "new 2")
        try h.repo.git("tag", "tree-tag", tree)  // refs to non-commits must not break the hide
        let repository = try h.repo.open()
        let tip = try XCTUnwrap(ObjectID(hex: new2))

        let ids = try repository.walk(RevWalkOptions(tips: [tip], hideGlobs: ["refs/*"], order: .topological)).all()

        XCTAssertEqual(ids.map(\.hex), [new2, new1])
        let featureOnly = try repository.walk(RevWalkOptions(tips: [tip], hideGlobs: ["refs/heads/fea*"], order: .topological)).all()
        XCTAssertEqual(featureOnly, [tip, try XCTUnwrap(ObjectID(hex: new1)), h.e, h.m])
        XCTAssertEqual(featureOnly.map(\.hex),
                       try h.repo.git("rev-list", "--topo-order", new2, "--not", "--glob=refs/heads/fea*").split(separator: "\n").map(String.init))
    }

    func testPushingAMissingCommitThrows() throws {
        let h = try history()
        let repository = try h.repo.open()
        let missing = try XCTUnwrap(ObjectID(hex: "1234567890123456789012345678901234567890"))
        XCTAssertNotNil(assertGitError(try repository.walk(RevWalkOptions(tips: [missing]))))
    }
}
