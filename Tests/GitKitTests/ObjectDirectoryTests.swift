import GitFixtures
@testable import GitKit
import XCTest

final class ObjectDirectoryTests: XCTestCase {
    /// A real push into a bare repository whose path has a space and a colon; the pre-receive hook records its
    /// environment, copies the quarantine and rejects, so the pushed objects survive only in the copy.
    private func capturePreReceive() throws -> (server: GitRepo, env: [String: String], base: ObjectID, pushed: ObjectID) {
        let server = try GitRepo.initBare(name: "srv a:b.git")
        let client = try GitRepo(name: "client")
        let base = try client.commit("base", files: ["veps/a.md": "a\n"])
        try client.git("push", "--quiet", server.path, "main")
        let capture = try server.makeDirectory("capture")
        try server.write(server.path + "/hooks/pre-receive", """
            #!/bin/sh
            printf '%s' "$GIT_OBJECT_DIRECTORY" > "$CAPTURE/object-directory"
            printf '%s' "$GIT_ALTERNATE_OBJECT_DIRECTORIES" > "$CAPTURE/alternates"
            cp -R "$GIT_OBJECT_DIRECTORY" "$CAPTURE/quarantine"
            cat > "$CAPTURE/stdin"
            exit 1

            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: server.path + "/hooks/pre-receive")
        let pushed = try client.commit("change", files: ["veps/a.md": "b\n", "veps/new/n.md": "n\n"])
        let push = try client.gitResult(["push", server.path, "main"], env: ["CAPTURE": capture])
        XCTAssertNotEqual(push.status, 0, "the hook rejects the push")

        func read(_ name: String) throws -> String { try String(contentsOfFile: capture + "/" + name, encoding: .utf8) }
        XCTAssertEqual(try read("stdin"), "\(base) \(pushed) refs/heads/main\n")
        let env = ["GIT_DIR": ".",
                   "GIT_OBJECT_DIRECTORY": capture + "/quarantine",
                   "GIT_ALTERNATE_OBJECT_DIRECTORIES": try read("alternates")]
        let objectDirectory = try read("object-directory")
        XCTAssertTrue(objectDirectory.hasPrefix(server.path + "/./objects/tmp_objdir-incoming-"), objectDirectory)
        return (server, env, try XCTUnwrap(ObjectID(hex: base)), try XCTUnwrap(ObjectID(hex: pushed)))
    }

    func testGitQuotesTheAlternateOfAPathWithAColon() throws {
        let (server, env, _, _) = try capturePreReceive()
        XCTAssertEqual(env["GIT_ALTERNATE_OBJECT_DIRECTORIES"], "\"\(server.path)/./objects\"")
    }

    func testPreReceiveSeesPushedObjectsThroughTheQuarantine() throws {
        let (server, env, base, pushed) = try capturePreReceive()
        XCTAssertFalse(try Repository.open(environment: ["GIT_DIR": "."], currentDirectory: server.path).contains(pushed))

        let repository = try Repository.open(environment: env, currentDirectory: server.path)

        XCTAssertTrue(repository.contains(pushed))
        let commit = try repository.commit(pushed)
        XCTAssertEqual(commit.parentIDs, [base])
        XCTAssertEqual(commit.summary, "change")
        XCTAssertEqual(try repository.changes(from: try repository.commit(base).treeID, to: commit.treeID, under: "veps").map(\.path),
                       ["veps/a.md", "veps/new/n.md"])
        let blob = try XCTUnwrap(repository.tree(at: "veps/a.md", in: commit.treeID))
        XCTAssertEqual(try repository.readText(blob.id, limit: 10), "b\n")
        XCTAssertEqual(try repository.resolveCommit("main"), base, "refs are not updated yet")
        XCTAssertEqual(try repository.walk(RevWalkOptions(tips: [pushed], hideGlobs: ["refs/*"])).all(), [pushed])
        XCTAssertEqual(try repository.reopen().commit(pushed).id, pushed)
    }

    func testQuotedAlternateIsTheOnlyWayToTheMainStore() throws {
        let (server, env, base, pushed) = try capturePreReceive()
        let stranger = try GitRepo.initBare(name: "hook.git")
        var strangerEnv = env
        strangerEnv["GIT_DIR"] = stranger.path

        let repository = try Repository.open(environment: strangerEnv, currentDirectory: server.path)

        XCTAssertTrue(repository.contains(base))
        XCTAssertTrue(repository.contains(pushed))
        XCTAssertEqual(repository.location.objectDirectories, [env["GIT_OBJECT_DIRECTORY"]!, server.path + "/./objects"])
    }

    func testHandMadeQuarantineWithSeveralQuotedAlternates() throws {
        let main = try GitRepo(name: "main repo")
        let base = try main.commit("base", files: ["f": "base\n"])
        let store = try main.makeDirectory("odd: café/objects")
        let quarantine = try main.makeDirectory("quarantine/objects")
        // A blob only in the odd store, a commit only in the quarantine.
        let onlyInStore = try main.hashObject("odd\n", env: ["GIT_OBJECT_DIRECTORY": store])
        let tree = try main.git("rev-parse", "HEAD^{tree}")
        let pushed = try main.git("commit-tree", tree, "-p", base, "-m", "quarantined",
                                  env: ["GIT_OBJECT_DIRECTORY": quarantine,
                                        "GIT_ALTERNATE_OBJECT_DIRECTORIES": main.path + "/.git/objects"])
        let empty = try GitRepo.initBare(name: "empty.git")
        let alternates = "\(main.path)/.git/objects:\"\(main.sandbox)/odd: caf\\303\\251/objects\""
        let env = ["GIT_DIR": empty.path, "GIT_OBJECT_DIRECTORY": quarantine, "GIT_ALTERNATE_OBJECT_DIRECTORIES": alternates]
        XCTAssertEqual(try main.git("cat-file", "-t", onlyInStore, env: env), "blob", "git reads the same spelling")

        let repository = try Repository.open(environment: env, currentDirectory: main.sandbox)

        XCTAssertEqual(try repository.readText(try XCTUnwrap(ObjectID(hex: onlyInStore)), limit: 100), "odd\n")
        XCTAssertEqual(try repository.commit(try XCTUnwrap(ObjectID(hex: pushed))).parentIDs.map(\.hex), [base])
        XCTAssertEqual(try repository.objectKind(try XCTUnwrap(ObjectID(hex: base))), .commit)
    }

    func testAlternateParsingFollowsGit() {
        XCTAssertEqual(parseAlternateObjectDirectories("/a/objects:/b/objects"), ["/a/objects", "/b/objects"])
        XCTAssertEqual(parseAlternateObjectDirectories("\"/srv/a:b/objects\""), ["/srv/a:b/objects"])
        XCTAssertEqual(parseAlternateObjectDirectories("/x::\"/q\\\"uote\\\\d\":rel"), ["/x", "/q\"uote\\d", "rel"])
        XCTAssertEqual(parseAlternateObjectDirectories("\"/caf\\303\\251\\t\""), ["/café\t"])
        XCTAssertEqual(parseAlternateObjectDirectories(""), [])
    }

    func testConfigParametersParsingFollowsGit() {
        XCTAssertEqual(parseConfigParameters("'a.b'='c' 'd.e' 'f.g=h' 'i.j'='it'\\''s'").map { "\($0.0)|\($0.1 ?? "nil")" },
                       ["a.b|c", "d.e|nil", "f.g|h", "i.j|it's"])
        XCTAssertEqual(normalizedConfigKey("Vep.Sig-X.Root"), "vep.Sig-X.root")
        XCTAssertEqual(normalizedConfigKey("Core.Bare"), "core.bare")
    }
}
