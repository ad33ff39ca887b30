import Foundation
import GitFixtures
import GitKit
import VEPCore
import VEPGit
import XCTest

/// The core reads VEPs from wherever git would for the running process.
final class EnvironmentTests: XCTestCase {
    func testIndexThroughRelativeAndAbsoluteIndexFile() throws {
        let repo = try GitRepo()
        try repo.commit("base", files: ["veps/sig-compute/171-cold-reboot-guest/vep.md": Documents.rebootLegacy])
        // Stage a retarget, then change the work tree again: the index is what counts.
        let staged = Documents.rebootLegacy.replacingOccurrences(of: "v1.9.", with: "v1.10")
        try repo.write("veps/sig-compute/171-cold-reboot-guest/vep.md", staged)
        try repo.git("add", "veps")
        try repo.write("veps/sig-compute/171-cold-reboot-guest/vep.md", Documents.rebootLegacy.replacingOccurrences(of: "v1.9.", with: "v1.11"))
        try repo.git("read-tree", "--index-output=.git/next-index-42.lock", "HEAD")

        func beta(_ env: [String: String]) throws -> String? {
            let repository = try Repository.open(environment: env, currentDirectory: repo.path)
            let catalog = try Discovery.catalog(of: try IndexSource(repository: repository))
            return catalog.vep(171).first?.milestones.beta?.value.description
        }
        XCTAssertEqual(try beta([:]), "v1.10")
        XCTAssertEqual(try beta(["GIT_INDEX_FILE": ".git/index"]), "v1.10")
        XCTAssertEqual(try beta(["GIT_INDEX_FILE": repo.path + "/.git/index"]), "v1.10")
        XCTAssertEqual(try beta(["GIT_INDEX_FILE": ".git/next-index-42.lock"]), "v1.9", "the other index holds HEAD's content")
    }

    func testObjectsVisibleOnlyThroughQuarantineAndQuotedAlternates() throws {
        let server = try GitRepo(name: "srv: main.git", bare: true)
        let client = try GitRepo(name: "client")
        try client.commit("base", files: ["veps/sig-compute/171-cold-reboot-guest/vep.md": Documents.rebootLegacy])
        try client.git("push", "--quiet", server.path, "main")
        // New objects go to a quarantine folder with a space and a colon, as git's receive-pack does.
        let quarantine = try server.makeDirectory("incoming: objects")
        try client.commit("retarget", files: ["veps/sig-compute/171-cold-reboot-guest/vep.md": Documents.rebootLegacy.replacingOccurrences(of: "1.8", with: "v1.7")])
        let tip = try client.revParse("HEAD")
        // receive-pack unpacks a push into the quarantine directory; do exactly that.
        var shell = server.environment
        shell["CLIENT"] = client.path
        shell["QUARANTINE"] = quarantine
        shell["SERVER"] = server.path
        let unpack = try ProcessRunner.run("/bin/sh", ["-c", "printf '%s\\n^%s\\n' HEAD HEAD~1 | git -C \"$CLIENT\" pack-objects --revs --stdout | GIT_DIR=\"$SERVER\" GIT_OBJECT_DIRECTORY=\"$QUARANTINE\" git unpack-objects -q"],
                                           environment: shell, currentDirectory: server.sandbox)
        XCTAssertEqual(unpack.status, 0, unpack.stderr)
        let mainObjects = server.path + "/objects"
        let plain = try Repository.open(environment: ["GIT_DIR": server.path], currentDirectory: server.sandbox)
        XCTAssertFalse(plain.contains(ObjectID(hex: tip)!))

        let quoted = "\"" + mainObjects.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        let environment = ["GIT_DIR": server.path, "GIT_OBJECT_DIRECTORY": quarantine, "GIT_ALTERNATE_OBJECT_DIRECTORIES": quoted]
        let repository = try Repository.open(environment: environment, currentDirectory: server.path)
        let catalog = try Discovery.catalog(of: try TreeSource(repository: repository, revision: tip))
        XCTAssertEqual(catalog.vep(171).first?.milestones.alpha?.value.description, "v1.7")

        // The CLI sees them too.
        let result = try ProcessRunner.run(Binary.path("git-vep"), ["list", "--rev", tip],
                                           environment: server.environment.merging(environment) { $1 }, currentDirectory: server.path)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("171  sig-compute  -       -      v1.7"), result.stdout)
    }

    func testWorkTreeAndCommonDirVariablesDoNotStopOpening() throws {
        let repo = try GitRepo(name: "with space: and colon")
        try repo.commit("base", files: ["veps/sig-compute/171-cold-reboot-guest/vep.md": Documents.rebootLegacy])
        let elsewhere = try repo.makeDirectory("elsewhere")
        let env = ["GIT_DIR": repo.path + "/.git", "GIT_WORK_TREE": repo.path]
        let result = try repo.vep("list", env: env, in: elsewhere)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("171  sig-compute"), result.stdout)
        let common = try repo.vep("list", env: ["GIT_DIR": repo.path + "/.git", "GIT_COMMON_DIR": repo.path + "/.git"], in: elsewhere)
        XCTAssertEqual(common.status, 0, common.stderr)
        XCTAssertTrue(common.stdout.contains("171  sig-compute"))
    }

    func testBareRepositoryAndLinkedWorktree() throws {
        let repo = try GitRepo()
        try repo.commit("base", files: ["veps/sig-compute/171-cold-reboot-guest/vep.md": Documents.rebootLegacy])
        let bare = repo.sandbox + "/bare.git"
        try repo.git("clone", "--quiet", "--bare", repo.path, bare)
        XCTAssertEqual(try repo.vep("list", in: bare).stdout.split(separator: "\n").count, 2)
        try repo.git("worktree", "add", "--quiet", repo.sandbox + "/linked", "-b", "side")
        XCTAssertEqual(try repo.vep("list", in: repo.sandbox + "/linked").stdout.split(separator: "\n").count, 2)
    }
}
