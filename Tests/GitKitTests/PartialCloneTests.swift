import GitFixtures
import GitKit
import XCTest

final class PartialCloneTests: XCTestCase {
    func testPromisorRemotesFollowGitsRules() throws {
        let repo = try GitRepo()
        XCTAssertEqual(try repo.open().promisorRemotes, [])
        try repo.git("config", "remote.origin.promisor", "true")
        try repo.git("config", "remote.my.fork.promisor", "2")
        try repo.git("config", "remote.mirror.promisor", "false")
        try repo.git("config", "remote.filtered.partialCloneFilter", "blob:none")
        try repo.git("config", "extensions.partialClone", "legacy")
        // A key without a value is true in git.
        try repo.write(".git/config", try String(contentsOfFile: repo.gitDirectory + "/config", encoding: .utf8) + "[remote \"bare\"]\n\tpromisor\n")
        XCTAssertEqual(try repo.git("config", "--type=bool", "remote.bare.promisor"), "true")
        XCTAssertEqual(Set(try repo.open().promisorRemotes), ["origin", "my.fork", "filtered", "bare", "legacy"])
        XCTAssertEqual(try repo.open().promisorRemotes.last, "legacy", "the extension's remote comes last")

        // `git -c` can add a remote but, as in git, a later false never takes one back.
        let env = ["GIT_CONFIG_PARAMETERS": "'remote.origin.promisor'='false' 'remote.mirror.promisor'='true'"]
        let overridden = try Repository.open(environment: env, currentDirectory: repo.path)
        XCTAssertEqual(Set(overridden.promisorRemotes), ["origin", "my.fork", "filtered", "bare", "mirror", "legacy"])
        // extensions.partialClone counts only in the repository's own config.
        let other = try GitRepo()
        let fromCommandLine = try Repository.open(environment: ["GIT_CONFIG_PARAMETERS": "'extensions.partialClone'='origin'"],
                                                  currentDirectory: other.path)
        XCTAssertEqual(fromCommandLine.promisorRemotes, [])
    }

    func testAHandleThatDoesNotFetchReportsTheMissingBlobAndWritesNothing() throws {
        let server = try GitRepo(name: "server")
        try server.commit("one", files: ["a.md": "first\n"])
        let old = try server.git("rev-parse", "HEAD:a.md")
        try server.commit("two", files: ["a.md": "second\n"])
        try server.git("config", "uploadpack.allowFilter", "true")
        try server.git("clone", "--quiet", "--no-local", "--filter=blob:none", "file://\(server.path)", "clone", in: server.sandbox)
        let clone = try Repository.open(environment: [:], currentDirectory: server.sandbox + "/clone")
        let id = try XCTUnwrap(ObjectID(hex: old))
        XCTAssertEqual(clone.promisorRemotes, ["origin"])
        XCTAssertFalse(clone.fetchesMissingObjects, "hooks open repositories this way and must not write to them")
        XCTAssertFalse(clone.fetchesLazily)

        let error = assertGitError(try clone.readBlob(id, limit: 1 << 20))

        XCTAssertEqual(error?.isNotFound, true)
        XCTAssertEqual(error?.message, "object \(old) is not in this partial clone and is not fetched here; `git cat-file -e \(old)` fetches it from 'origin'")
        XCTAssertEqual(clone.missing([id]), [id])
        clone.fetchesMissingObjects = true
        XCTAssertTrue(try clone.reopen().fetchesMissingObjects, "a worker's handle fetches like the one it came from")
        XCTAssertTrue(clone.fetchesLazily)
    }
}
