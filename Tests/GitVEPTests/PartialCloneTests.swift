import Foundation
import GitFixtures
import XCTest

/// `git vep log` in partial clones, which lack old objects on purpose, and in repositories that lost one.
final class PartialCloneTests: XCTestCase {
    private let path7 = "veps/sig-compute/7-hotplug/vep.md"
    private let path9 = "veps/sig-storage/9-backup/vep.md"

    /// A served repository whose history holds only VEP documents: four commits, four document versions.
    private func server() throws -> GitRepo {
        let repo = try GitRepo(name: "server")
        try repo.commit("Add VEP 7 (#1)", files: [path7: Documents.frontMatter(number: 7, title: "Hotplug", sig: "sig-compute")])
        try repo.commit("Add VEP 9 (#2)", files: [path9: Documents.frontMatter(number: 9, title: "Backup", sig: "sig-storage", alpha: "v1.8")])
        try repo.commit("VEP 7 implementable (#3)", files: [path7: Documents.frontMatter(number: 7, title: "Hotplug", status: "implementable",
                                                                                           stage: "alpha", sig: "sig-compute", alpha: "v1.9")])
        try repo.commit("VEP 9 beta (#4)", files: [path9: Documents.frontMatter(number: 9, title: "Backup", sig: "sig-storage",
                                                                                  alpha: "v1.8", beta: "v1.9")])
        try repo.git("config", "uploadpack.allowFilter", "true")
        return repo
    }

    /// `git clone --filter=<filter>` of `server` into its sandbox.
    private func clone(_ server: GitRepo, filter: String, name: String = "clone") throws -> String {
        try server.git("clone", "--quiet", "--no-local", "--filter=\(filter)", "file://\(server.path)", name, in: server.sandbox)
        return server.sandbox + "/" + name
    }

    /// Objects reachable from every ref that the repository at `directory` lacks.
    private func missingObjects(_ repo: GitRepo, in directory: String) throws -> [String] {
        try repo.git("rev-list", "--objects", "--all", "--missing=print", in: directory)
            .split(separator: "\n").filter { $0.hasPrefix("?") }.map { String($0.dropFirst()) }
    }

    private func log(_ repo: GitRepo, in directory: String, env: [String: String] = [:]) throws -> ProcessResult {
        try repo.vep("log", "--json", "--no-cache", env: env, in: directory)
    }

    func testBloblessCloneFetchesTheOldDocumentsInOneFetchAndMatchesTheServer() throws {
        let server = try server()
        let expected = try log(server, in: server.path)
        XCTAssertEqual(expected.status, 0, expected.stderr)
        XCTAssertEqual(expected.stdout.split(separator: "\n").count, 9)
        let clone = try clone(server, filter: "blob:none")
        // The checkout brought the two current documents; their first versions stayed behind.
        XCTAssertEqual(try missingObjects(server, in: clone).count, 2)
        let trace = server.sandbox + "/trace.txt"

        let result = try log(server, in: clone, env: ["GIT_TRACE": trace])

        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, expected.stdout)
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(try missingObjects(server, in: clone), [])
        XCTAssertEqual(try fetches(trace), 1)
    }

    func testListingAnOldRevisionFetchesItsFilesInOneFetch() throws {
        let server = try server()
        let expected = try server.vep("list", "--rev", "HEAD~2", "--json")
        XCTAssertEqual(expected.status, 0, expected.stderr)
        XCTAssertTrue(expected.stdout.contains("\"Backup\""), expected.stdout)
        let clone = try clone(server, filter: "blob:none")
        let trace = server.sandbox + "/trace.txt"

        let result = try server.vep("list", "--rev", "HEAD~2", "--json", env: ["GIT_TRACE": trace], in: clone)

        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, expected.stdout)
        XCTAssertEqual(try fetches(trace), 1)
    }

    private func fetches(_ trace: String) throws -> Int {
        try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").filter { $0.contains("built-in: git fetch") }.count
    }

    func testTreelessCloneFetchesEachRunsTreesInOneGo() throws {
        let server = try server()
        // 70 more commits: two runs of 64 in all.
        for index in 1...70 {
            try server.commit("Retarget (#\(10 + index))", files: [path9: Documents.frontMatter(number: 9, title: "Backup", sig: "sig-storage",
                                                                                          alpha: "v1.\(index)")])
        }
        let clone = try clone(server, filter: "tree:0")
        // The older root trees (git cannot see what lies below them).
        XCTAssertGreaterThan(try missingObjects(server, in: clone).count, 64)
        let trace = server.sandbox + "/trace.txt"

        let result = try log(server, in: clone, env: ["GIT_TRACE": trace])

        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, try log(server, in: server.path).stdout)
        XCTAssertEqual(try missingObjects(server, in: clone), [])
        // Two runs, each fetching its trees (with the trees below them) and then its documents: one fetch per
        // commit would have made more than seventy.
        XCTAssertEqual(try fetches(trace), 4)
        // `show` reads the same history.
        let show = try server.vep("show", "9", in: clone)
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertTrue(show.stdout.contains("alpha target v1.69 → v1.70"), show.stdout)
    }

    /// A treeless clone has the root tree of its checkout only: another branch's (or an old commit's) is fetched when read.
    func testTreelessCloneReadsARevisionWhoseRootTreeItHasNotFetched() throws {
        let server = try server()
        try server.git("checkout", "--quiet", "-b", "topic")
        try server.commit("VEP 9 GA (#5)", files: [path9: Documents.frontMatter(number: 9, title: "Backup", sig: "sig-storage",
                                                                                   alpha: "v1.8", beta: "v1.9", ga: "v1.10")])
        try server.git("checkout", "--quiet", "main")
        let clone = try clone(server, filter: "tree:0")
        let topicTree = try server.git("rev-parse", "topic^{tree}")
        XCTAssertTrue(try missingObjects(server, in: clone).contains(topicTree))

        let list = try server.vep("list", "--rev", "origin/topic", "--json", in: clone)
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertEqual(list.stdout, try server.vep("list", "--rev", "topic", "--json").stdout)
        XCTAssertTrue(list.stdout.contains("\"ga\" : \"v1.10\""), list.stdout)
        let log = try server.vep("log", "9", "HEAD..origin/topic", "--oneline", in: clone)
        XCTAssertEqual(log.status, 0, log.stderr)
        XCTAssertTrue(log.stdout.hasSuffix(" #5 VEP 9 GA target set to v1.10\n"), log.stdout)
    }

    func testOnlyDocumentsOfAnOldRevisionAreFetched() throws {
        let server = try server()
        let image = String(repeating: "PNG-ish bytes ", count: 1_000)
        try server.commit("Add a diagram (#5)", files: ["veps/sig-storage/9-backup/flow.png": image])
        try server.commit("Drop it (#6)", files: ["veps/sig-storage/9-backup/flow.png": nil])
        let imageID = try server.git("rev-parse", "HEAD~1:veps/sig-storage/9-backup/flow.png")
        let clone = try clone(server, filter: "blob:none")
        XCTAssertTrue(try missingObjects(server, in: clone).contains(imageID))

        let result = try server.vep("list", "--rev", "HEAD~1", in: clone)

        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(try missingObjects(server, in: clone).contains(imageID), "never read, never fetched")
    }

    func testWithoutGitTheFetchFailsWithAMessageNotASignal() throws {
        let server = try server()
        let clone = try clone(server, filter: "blob:none")
        let first = try server.revParse("HEAD~3")
        let blob = try server.git("rev-parse", "HEAD~3:\(path7)")

        let result = try log(server, in: clone, env: ["PATH": server.sandbox + "/no-git-here"])

        XCTAssertEqual(result.status, 128)
        // env quotes the name by the locale's rules: 'git' or ‘git’.
        let said = result.stderr.replacingOccurrences(of: "‘", with: "'").replacingOccurrences(of: "’", with: "'")
        XCTAssertEqual(said, """
            fatal: reading history: \(path7) at commit \(first.prefix(12)): object \(blob) is not in this partial clone \
            and fetching from 'origin' failed: /usr/bin/env: 'git': No such file or directory

            """)
    }

    func testUnreachableRemoteIsNamedWithTheDocumentAndCommitThatNeedIt() throws {
        let server = try server()
        let clone = try clone(server, filter: "blob:none")
        let first = try server.revParse("HEAD~3")
        let blob = try server.git("rev-parse", "HEAD~3:\(path7)")
        try FileManager.default.moveItem(atPath: server.path, toPath: server.sandbox + "/gone")

        let result = try log(server, in: clone)

        XCTAssertEqual(result.status, 128)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, """
            fatal: reading history: \(path7) at commit \(first.prefix(12)): object \(blob) is not in this partial clone \
            and fetching from 'origin' failed: '\(server.path)' does not appear to be a git repository

            """)
    }

    func testUnreachableRemoteIsNamedWithTheDocumentWhenListingAnOldRevision() throws {
        let server = try server()
        let clone = try clone(server, filter: "blob:none")
        let blob = try server.git("rev-parse", "HEAD~2:\(path7)")
        try FileManager.default.moveItem(atPath: server.path, toPath: server.sandbox + "/gone")

        let result = try server.vep("list", "--rev", "HEAD~2", in: clone)

        XCTAssertEqual(result.status, 128)
        XCTAssertEqual(result.stderr, """
            fatal: reading HEAD~2: \(path7) at HEAD~2: object \(blob) is not in this partial clone \
            and fetching from 'origin' failed: '\(server.path)' does not appear to be a git repository

            """)
    }

    func testNoLazyFetchIsRespectedAndNothingIsFetched() throws {
        let server = try server()
        let clone = try clone(server, filter: "blob:none")
        let before = try missingObjects(server, in: clone)
        let first = try server.revParse("HEAD~3")
        let blob = try server.git("rev-parse", "HEAD~3:\(path7)")

        let result = try log(server, in: clone, env: ["GIT_NO_LAZY_FETCH": "1"])

        XCTAssertEqual(result.status, 128)
        XCTAssertEqual(result.stderr, """
            fatal: reading history: \(path7) at commit \(first.prefix(12)): object \(blob) is not in this partial clone, \
            and GIT_NO_LAZY_FETCH forbids fetching it from 'origin'

            """)
        XCTAssertEqual(try missingObjects(server, in: clone), before)
    }

    func testDamagedPackNamesTheDocumentCommitAndObject() throws {
        let repo = try server()
        try repo.git("gc", "--quiet")
        let blob = try repo.git("rev-parse", "HEAD~2:\(path9)")
        let pack = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: repo.gitDirectory + "/objects/pack").first { $0.hasSuffix(".pack") })
        let path = repo.gitDirectory + "/objects/pack/" + pack
        // Where the blob's data starts (verify-pack: id type size size-in-pack offset [depth base]), and the object it
        // is built on: spoil the compressed bytes of whichever holds the text.
        let entries = try repo.git("verify-pack", "-v", path).split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        let entry = try XCTUnwrap(entries.first { $0.first.map(String.init) == blob })
        let holder = entry.count > 6 ? try XCTUnwrap(entries.first { $0.first == entry[6] }) : entry
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let offset = try XCTUnwrap(Int(holder[4])) + 8
        bytes[offset] ^= 0xFF
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try bytes.write(to: URL(fileURLWithPath: path))

        let result = try log(repo, in: repo.path)

        XCTAssertEqual(result.status, 128)
        // The first document whose text needs the spoilt bytes: this one, or an older one built on the same object.
        let expected = try [(path7, "HEAD~3"), (path9, "HEAD~2")].map { path, revision in
            "fatal: reading history: \(path) at commit \(try repo.revParse(revision).prefix(12)): object \(try repo.git("rev-parse", "\(revision):\(path)")) cannot be read ("
        }
        XCTAssertTrue(expected.contains { result.stderr.hasPrefix($0) }, result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix("): the repository is damaged; `git fsck` says where\n"), result.stderr)
    }

    func testTruncatedLooseDocumentIsNamedInsteadOfHanging() throws {
        let repo = try server()
        let commit = try repo.revParse("HEAD~2")
        let blob = try repo.git("rev-parse", "HEAD~2:\(path9)")
        let file = try repo.looseObjectPath(blob)
        try GitRepo.truncate(file)

        // Before the loose-object check, libgit2 looped forever reading it.
        let result = try ProcessRunner.run("timeout", ["60", Binary.path("git-vep"), "log", "--json", "--no-cache"],
                                           environment: repo.environment, currentDirectory: repo.path)

        XCTAssertEqual(result.status, 128)
        XCTAssertEqual(result.stderr, """
            fatal: reading history: \(path9) at commit \(commit.prefix(12)): object \(blob) is damaged: its loose file \(file) \
            ends before its compressed data does (the file is truncated); `git fsck` lists the damaged objects

            """)
    }

    func testObjectLostFromACompleteRepositoryPointsToFsck() throws {
        let repo = try server()
        let commit = try repo.revParse("HEAD~2")
        let blob = try repo.git("rev-parse", "HEAD~2:\(path9)")
        try FileManager.default.removeItem(atPath: "\(repo.gitDirectory)/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")

        let result = try log(repo, in: repo.path)

        XCTAssertEqual(result.status, 128)
        XCTAssertEqual(result.stderr, """
            fatal: reading history: \(path9) at commit \(commit.prefix(12)): object \(blob) is missing: \
            the repository is incomplete or damaged (`git fsck` lists what is missing)

            """)
    }
}
