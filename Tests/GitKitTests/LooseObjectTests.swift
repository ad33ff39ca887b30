import Foundation
import GitFixtures
@testable import GitKit
import CGit2
import GitAllocation
import XCTest

/// Damaged loose object files: libgit2 1.5 loops forever on a truncated one and writes past its buffer on one whose
/// header understates its size; GitKit's check fails such reads with a message instead.
final class LooseObjectTests: XCTestCase {
    /// Runs `body` on a new handle on `repo`, on another thread, and fails the test instead of hanging the suite
    /// when it does not end.
    private func withinTenSeconds<T>(_ repo: GitRepo, _ body: @escaping @Sendable (Repository) throws -> T,
                                     file: StaticString = #filePath, line: UInt = #line) throws -> Result<T, Error> {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        let path = repo.path
        Thread.detachNewThread {
            box.result = Result { try body(try Repository.open(environment: [:], currentDirectory: path)) }
            done.signal()
        }
        guard done.wait(timeout: .now() + 10) == .success, let result = box.result else {
            XCTFail("the read did not end within 10 seconds", file: file, line: line)
            throw CancellationError()
        }
        return result
    }

    /// Writes `text` to `path` compressed as git compresses loose objects (zlib, through Python's zlib).
    private func writeDeflated(_ text: String, to path: String) throws {
        let script = "import sys, zlib; open(sys.argv[1], 'wb').write(zlib.compress(sys.stdin.buffer.read()))"
        let result = try ProcessRunner.run("python3", ["-c", script, path], input: text)
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    private func expectedMessage(_ id: String, _ path: String, _ problem: String) -> String {
        "object \(id) is damaged: its loose file \(path) \(problem); `git fsck` lists the damaged objects"
    }

    func testTruncatedBlobFailsWithTheObjectFileAndDamage() throws {
        let repo = try GitRepo()
        let text = String(repeating: "A line of a VEP document that compresses a little.\n", count: 200)
        try repo.commit("add", files: ["veps/doc.md": text])
        let blob = try repo.revParse("HEAD:veps/doc.md")
        let path = try repo.looseObjectPath(blob)
        try GitRepo.truncate(path)

        let result = try withinTenSeconds(repo) { repository in try repository.readBlob(ObjectID(hex: blob)!, limit: 1 << 20) }
        guard case .failure(let error as GitError) = result else { return XCTFail("expected a GitError, got \(result)") }
        XCTAssertEqual(error.message, expectedMessage(blob, path, "ends before its compressed data does (the file is truncated)"))
        XCTAssertTrue(error.isDamagedObject)
        XCTAssertFalse(error.isNotFound)
    }

    func testTruncatedTreeAndCommitFailInsteadOfHanging() throws {
        let repo = try GitRepo()
        let commit = try repo.commit("add", files: ["veps/a/doc.md": "text\n"])
        let tree = try repo.revParse("HEAD:veps")
        let treePath = try repo.looseObjectPath(tree)
        try GitRepo.truncate(treePath, keeping: 12)

        let treeResult = try withinTenSeconds(repo) { repository in try repository.tree(ObjectID(hex: tree)!) }
        guard case .failure(let treeError as GitError) = treeResult else { return XCTFail("expected a GitError, got \(treeResult)") }
        XCTAssertEqual(treeError.message, expectedMessage(tree, treePath, "ends before its compressed data does (the file is truncated)"))

        let commitPath = try repo.looseObjectPath(commit)
        try GitRepo.truncate(commitPath)
        // An abbreviated id reaches the object through another libgit2 path (read by prefix).
        let shortResult = try withinTenSeconds(repo) { repository in try repository.resolveCommit(String(commit.prefix(10))) }
        guard case .failure(let shortError as GitError) = shortResult else { return XCTFail("expected a GitError, got \(shortResult)") }
        XCTAssertTrue(shortError.message.contains(expectedMessage(commit, commitPath, "ends before its compressed data does (the file is truncated)")),
                      shortError.message)
    }

    func testHeaderThatUnderstatesTheSizeIsDamage() throws {
        let repo = try GitRepo()
        try repo.commit("add", files: ["doc.md": "a document of twenty-eight\n"])
        let blob = try repo.revParse("HEAD:doc.md")
        let path = try repo.looseObjectPath(blob)
        // libgit2 1.5 would copy the bytes beyond the declared 5 past the end of its 6-byte buffer.
        try writeDeflated("blob 5\u{0}a document of twenty-eight\n", to: path)
        let repository = try repo.open()

        let error = assertGitError(try repository.readBlob(ObjectID(hex: blob)!, limit: 1 << 20))
        XCTAssertEqual(error?.message, expectedMessage(blob, path, "holds 27 bytes where its header says 5"))
    }

    func testFilesThatAreNotLooseObjectsAreDamage() throws {
        let repo = try GitRepo()
        try repo.commit("add", files: ["a.md": "first\n", "b.md": "second\n", "c.md": "third\n"])
        let (a, b, c) = (try repo.revParse("HEAD:a.md"), try repo.revParse("HEAD:b.md"), try repo.revParse("HEAD:c.md"))
        let (pathA, pathB, pathC) = (try repo.looseObjectPath(a), try repo.looseObjectPath(b), try repo.looseObjectPath(c))
        try Data("not compressed at all\n".utf8).write(to: URL(fileURLWithPath: pathA))
        try Data().write(to: URL(fileURLWithPath: pathB))
        try writeDeflated("blob seven\u{0}third\n", to: pathC)
        let repository = try repo.open()

        XCTAssertEqual(assertGitError(try repository.readBlob(ObjectID(hex: a)!, limit: 1 << 20))?.message,
                       expectedMessage(a, pathA, "is not zlib-compressed as git writes loose objects"))
        XCTAssertEqual(assertGitError(try repository.readBlob(ObjectID(hex: b)!, limit: 1 << 20))?.message,
                       expectedMessage(b, pathB, "is empty"))
        XCTAssertEqual(assertGitError(try repository.readBlob(ObjectID(hex: c)!, limit: 1 << 20))?.message,
                       expectedMessage(c, pathC, "does not start with a valid object header"))
    }

    func testIntactLooseObjectsReadAsBeforeAndPacksComeFirst() throws {
        let repo = try GitRepo()
        try repo.commit("add", files: ["packed.md": "packed by gc\n"])
        let packed = try repo.revParse("HEAD:packed.md")
        try repo.git("gc", "--quiet")
        // A stale, damaged loose copy of a packed object is never read: the pack answers first.
        let directory = "\(repo.gitDirectory)/objects/\(packed.prefix(2))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: "\(directory)/\(packed.dropFirst(2))"))
        try repo.commit("more", files: ["loose.md": "a new loose blob\n"])
        let loose = try repo.revParse("HEAD:loose.md")
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(repo.gitDirectory)/objects/\(loose.prefix(2))/\(loose.dropFirst(2))"))
        let repository = try repo.open()

        XCTAssertEqual(try repository.readBlob(ObjectID(hex: packed)!, limit: 1 << 20), .data(Data("packed by gc\n".utf8)))
        XCTAssertEqual(try repository.readBlob(ObjectID(hex: loose)!, limit: 1 << 20), .data(Data("a new loose blob\n".utf8)))
    }

    func testTruncatedHugeBlobIsReportedTooLarge() throws {
        let repo = try GitRepo()
        let text = String(repeating: "0123456789abcdef", count: 1 << 17)  // 2 MiB
        try repo.commit("add", files: ["big.md": text])
        let blob = try repo.revParse("HEAD:big.md")
        let path = try repo.looseObjectPath(blob)
        try GitRepo.truncate(path, keeping: 200)

        let result = try withinTenSeconds(repo) { repository in try repository.readBlob(ObjectID(hex: blob)!, limit: 1 << 20) }
        XCTAssertEqual(try result.get(), .tooLarge(size: 2 << 20))
    }

    func testDamagedObjectInAnAlternateIsNamed() throws {
        let shared = try GitRepo(name: "shared")
        try shared.commit("add", files: ["doc.md": String(repeating: "shared text\n", count: 300)])
        let blob = try shared.revParse("HEAD:doc.md")
        let repo = try GitRepo(name: "borrower")
        try Data("\(shared.gitDirectory)/objects\n".utf8).write(to: URL(fileURLWithPath: "\(repo.gitDirectory)/objects/info/alternates"))
        let path = try shared.looseObjectPath(blob)
        try GitRepo.truncate(path)

        let result = try withinTenSeconds(repo) { repository in try repository.readBlob(ObjectID(hex: blob)!, limit: 1 << 20) }
        guard case .failure(let error as GitError) = result else { return XCTFail("expected a GitError, got \(result)") }
        XCTAssertEqual(error.message, expectedMessage(blob, path, "ends before its compressed data does (the file is truncated)"))
    }

    func testDataAfterTheCompressedObjectIsDamage() throws {
        let repo = try GitRepo()
        try repo.commit("add", files: ["doc.md": "text\n"])
        let blob = try repo.revParse("HEAD:doc.md")
        let path = try repo.looseObjectPath(blob)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes += Data("garbage".utf8)
        try bytes.write(to: URL(fileURLWithPath: path))
        let repository = try repo.open()

        XCTAssertEqual(assertGitError(try repository.readBlob(ObjectID(hex: blob)!, limit: 1 << 20))?.message,
                       expectedMessage(blob, path, "has data after the end of its compressed object"))
    }

    func testAlternatesAreFollowedAsLibgit2FollowsThemSixLevelsDeepAndRelative() throws {
        // r0 borrows from r1, r1 from r2, … r6 from r7: libgit2 reads r0 to r6, not r7.
        let repos = try (0...7).map { try GitRepo(name: "r\($0)") }
        for (borrower, lender) in zip(repos, repos.dropFirst()) {
            try Data("# borrowed\n\(lender.gitDirectory)/objects\n".utf8)
                .write(to: URL(fileURLWithPath: "\(borrower.gitDirectory)/objects/info/alternates"))
        }
        try repos[6].commit("add", files: ["doc.md": String(repeating: "deep\n", count: 400)])
        let deep = try repos[6].revParse("HEAD:doc.md")
        let deepPath = try repos[6].looseObjectPath(deep)
        try GitRepo.truncate(deepPath)
        try repos[7].commit("add", files: ["doc.md": "too deep\n"])
        let tooDeep = try repos[7].revParse("HEAD:doc.md")

        let result = try withinTenSeconds(repos[0]) { repository in try repository.readBlob(ObjectID(hex: deep)!, limit: 1 << 20) }
        guard case .failure(let error as GitError) = result else { return XCTFail("expected a GitError, got \(result)") }
        XCTAssertEqual(error.message, expectedMessage(deep, deepPath, "ends before its compressed data does (the file is truncated)"))
        XCTAssertEqual(assertGitError(try repos[0].open().readBlob(ObjectID(hex: tooDeep)!, limit: 1 << 20))?.message,
                       "object \(tooDeep) is missing: the repository is incomplete or damaged (`git fsck` lists what is missing)")

        // A relative entry (from the first level only), on a line ended by a lone CR.
        let repo = try GitRepo(name: "relative")
        let lender = repo.sandbox + "/lender"
        try repo.git("init", "--quiet", lender)
        try Data(String(repeating: "lent\n", count: 400).utf8).write(to: URL(fileURLWithPath: lender + "/doc.md"))
        try repo.git("-C", lender, "add", "doc.md")
        try repo.git("-C", lender, "commit", "--quiet", "-m", "add")
        let lent = try repo.git("-C", lender, "rev-parse", "HEAD:doc.md")
        let lentPath = "\(lender)/.git/objects/\(lent.prefix(2))/\(lent.dropFirst(2))"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: lentPath)
        try GitRepo.truncate(lentPath)
        try Data("\r../../../lender/.git/objects\r".utf8).write(to: URL(fileURLWithPath: "\(repo.gitDirectory)/objects/info/alternates"))
        let lentResult = try withinTenSeconds(repo) { repository in try repository.readBlob(ObjectID(hex: lent)!, limit: 1 << 20) }
        guard case .failure(let lentError as GitError) = lentResult else { return XCTFail("expected a GitError, got \(lentResult)") }
        XCTAssertTrue(lentError.message.hasPrefix("object \(lent) is damaged: its loose file "), lentError.message)
        XCTAssertTrue(lentError.message.hasSuffix("lender/.git/objects/\(lent.prefix(2))/\(lent.dropFirst(2)) "
                                                  + "ends before its compressed data does (the file is truncated); `git fsck` lists the damaged objects"),
                      lentError.message)
    }

    func testHeadersAreReadWithoutBuildingTheObject() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["small.md": "x\n"])
        let repository = try repo.open()
        // Packed after the handle was opened: libgit2 finds it only after refreshing its list of packs.
        try repo.commit("big", files: ["big.bin": String(repeating: "0123456789abcdef", count: 1 << 19)])  // 8 MiB
        let big = try repo.revParse("HEAD:big.bin")
        try repo.git("repack", "-a", "-d", "-q")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(repo.gitDirectory)/objects/\(big.prefix(2))/\(big.dropFirst(2))"))

        let previous = git_allocation_limit_thread(1 << 20)
        defer { git_allocation_limit_thread(previous) }
        let header = try repository.header(ObjectID(hex: big)!, "header")

        XCTAssertEqual(header?.size, 8 << 20)
        XCTAssertEqual(header?.type, GIT_OBJECT_BLOB)
    }
}

private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
}
