import GitFixtures
import GitKit
import XCTest

/// Runs GitKit inside real git hooks: the hook re-executes this test binary on `HookProbe/testProbe`,
/// which opens the repository exactly as the hook process sees it and writes down what it found.
final class HookTests: XCTestCase {
    private func install(_ hook: String, in hooksDirectory: String, stdin: Bool = false) throws {
        let path = hooksDirectory + "/" + hook
        try FileManager.default.createDirectory(atPath: hooksDirectory, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            \(stdin ? "GITKIT_PROBE_STDIN=1 " : "")exec "$GITKIT_PROBE_BINARY" GitKitTests.HookProbe/testProbe >/dev/null 2>&1

            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    /// The probe's report: `key value` lines, keys repeated for lists.
    private struct Report {
        let lines: [(key: String, value: String)]
        func value(_ key: String) -> String? { lines.first { $0.key == key }?.value }
        func values(_ key: String) -> [String] { lines.filter { $0.key == key }.map(\.value) }
        /// Index entries as path → blob id.
        var entries: [String: String] {
            Dictionary(uniqueKeysWithValues: values("entry").map { line in
                let parts = line.split(separator: " ", maxSplits: 1)
                return (String(parts[1]), String(parts[0]))
            })
        }
    }

    private func probeEnvironment(_ repo: GitRepo, _ name: String) throws -> (env: [String: String], output: String) {
        #if !os(Linux)
        throw XCTSkip("the probe re-executes the test binary, which only Linux runs directly")
        #endif
        let binary = URL(fileURLWithPath: CommandLine.arguments[0], relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).path
        let output = repo.sandbox + "/probe-" + name
        return (["GITKIT_PROBE_BINARY": binary, "GITKIT_PROBE_OUTPUT": output], output)
    }

    private func report(_ output: String) throws -> Report {
        let text = try String(contentsOfFile: output, encoding: .utf8)
        let lines = text.split(separator: "\n").map { line -> (key: String, value: String) in
            let parts = line.split(separator: " ", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        let report = Report(lines: lines)
        XCTAssertNil(report.value("error"), report.value("error") ?? "")
        return report
    }

    /// HEAD has a.md "one" and b.md "one"; both are staged as "two"; the work tree has "three".
    private func partiallyStagedRepository() throws -> GitRepo {
        let repo = try GitRepo(name: "hook repo")
        try repo.commit("first", files: ["veps/a.md": "one\n", "veps/b.md": "one\n"])
        try repo.write("veps/a.md", "two\n")
        try repo.write("veps/b.md", "two\n")
        try repo.git("add", "veps")
        try repo.write("veps/a.md", "three\n")
        try repo.write("veps/b.md", "three\n")
        try install("pre-commit", in: repo.gitDirectory + "/hooks")
        return repo
    }

    private func blob(_ repo: GitRepo, _ contents: String) throws -> String {
        try repo.git("hash-object", "--stdin", input: contents)
    }

    func testPreCommitReadsTheStagedIndex() throws {
        let repo = try partiallyStagedRepository()
        let (env, output) = try probeEnvironment(repo, "plain")
        let head = try repo.revParse("HEAD")

        try repo.git("commit", "--quiet", "-m", "second", env: env)

        let found = try report(output)
        XCTAssertEqual(found.value("GIT_INDEX_FILE"), repo.path + "/.git/index")
        XCTAssertEqual(found.value("index"), repo.path + "/.git/index")
        XCTAssertEqual(found.value("head"), head)
        XCTAssertEqual(found.value("workdir"), repo.path)
        XCTAssertEqual(found.entries, ["veps/a.md": try blob(repo, "two\n"), "veps/b.md": try blob(repo, "two\n")])
    }

    func testPreCommitOfCommitAllReadsTheLockedIndex() throws {
        let repo = try partiallyStagedRepository()
        let (env, output) = try probeEnvironment(repo, "all")

        try repo.git("commit", "--quiet", "--all", "-m", "second", env: env)

        let found = try report(output)
        XCTAssertEqual(found.value("index"), repo.path + "/.git/index.lock")
        XCTAssertEqual(found.entries, ["veps/a.md": try blob(repo, "three\n"), "veps/b.md": try blob(repo, "three\n")])
    }

    func testPreCommitOfCommitWithPathsReadsTheTemporaryIndex() throws {
        let repo = try partiallyStagedRepository()
        let (env, output) = try probeEnvironment(repo, "paths")

        try repo.git("commit", "--quiet", "-m", "only a", "--", "veps/a.md", env: env)

        let found = try report(output)
        let index = try XCTUnwrap(found.value("index"))
        XCTAssertTrue(index.hasPrefix(repo.path + "/.git/next-index-") && index.hasSuffix(".lock"), index)
        XCTAssertEqual(found.entries, ["veps/a.md": try blob(repo, "three\n"), "veps/b.md": try blob(repo, "one\n")],
                       "only the named path is taken from the work tree; b.md stays as in HEAD")
    }

    func testPreCommitOfTheFirstCommit() throws {
        let repo = try GitRepo()
        try install("pre-commit", in: repo.gitDirectory + "/hooks")
        try repo.write("veps/a.md", "a\n")
        try repo.git("add", "veps")
        let (env, output) = try probeEnvironment(repo, "first")

        try repo.git("commit", "--quiet", "-m", "first", env: env)

        let found = try report(output)
        XCTAssertEqual(found.value("head"), "-")
        XCTAssertEqual(found.value("branch"), "refs/heads/main")
        XCTAssertEqual(found.entries, ["veps/a.md": try blob(repo, "a\n")])
    }

    func testPreCommitInALinkedWorktree() throws {
        let repo = try GitRepo()
        try repo.commit("first", files: ["veps/a.md": "a\n"])
        let worktree = repo.sandbox + "/wt"
        try repo.git("worktree", "add", "--quiet", "-b", "feature", worktree)
        try install("pre-commit", in: repo.gitDirectory + "/hooks")
        try repo.write(worktree + "/veps/a.md", "feature\n")
        try repo.git("add", "veps", in: worktree)
        let (env, output) = try probeEnvironment(repo, "worktree")

        try repo.git("commit", "--quiet", "-m", "feature", env: env, in: worktree)

        let found = try report(output)
        XCTAssertEqual(found.value("gitdir"), repo.path + "/.git/worktrees/wt")
        XCTAssertEqual(found.value("workdir"), worktree)
        XCTAssertEqual(found.value("branch"), "refs/heads/feature")
        XCTAssertEqual(found.entries, ["veps/a.md": try blob(repo, "feature\n")])
    }

    func testPreCommitWithExplicitGitDirAndWorkTree() throws {
        let repo = try partiallyStagedRepository()
        let (env, output) = try probeEnvironment(repo, "explicit")

        try repo.git("--git-dir=" + repo.path + "/.git", "--work-tree=" + repo.path, "commit", "--quiet", "-m", "second",
                     env: env, in: repo.sandbox)

        let found = try report(output)
        XCTAssertEqual(found.value("GIT_WORK_TREE").map(canonical), repo.path)
        XCTAssertEqual(found.value("workdir"), repo.path)
        XCTAssertEqual(found.entries["veps/a.md"], try blob(repo, "two\n"))
    }

    func testPreCommitSeesCommandLineConfiguration() throws {
        let repo = try partiallyStagedRepository()
        try repo.git("config", "vep.root", "from-file")
        let (env, output) = try probeEnvironment(repo, "config")

        try repo.git("-c", "Vep.Root=from-command-line", "commit", "--quiet", "-m", "second", env: env)

        XCTAssertEqual(try report(output).value("config"), "from-command-line")
    }

    func testPreReceiveSeesTheQuarantinedPush() throws {
        let server = try GitRepo.initBare(name: "srv a:b.git")
        let client = try GitRepo(name: "client")
        let base = try client.commit("base", files: ["veps/a.md": "a\n"])
        try client.git("push", "--quiet", server.path, "main")
        try install("pre-receive", in: server.path + "/hooks", stdin: true)
        let first = try client.commit("one", files: ["veps/a.md": "b\n"])
        let second = try client.commit("two", files: ["veps/c.md": "c\n"])
        let (env, output) = try probeEnvironment(server, "receive")

        try client.git("push", "--quiet", server.path, "main", env: env)

        let found = try report(output)
        XCTAssertEqual(found.value("update"), "\(base) \(second) refs/heads/main")
        XCTAssertEqual(found.values("new"), [second, first], "pushed commits, found only through the quarantine")
        XCTAssertEqual(found.values("change"), ["veps/a.md", "veps/c.md"])
        XCTAssertEqual(found.value("objects"), "1", "the quarantine; the quoted main store is the repository's own")
    }

    private func canonical(_ path: String) -> String { URL(fileURLWithPath: path).standardized.path }
}

/// The half of `HookTests` that runs inside the hook; a no-op in an ordinary test run.
final class HookProbe: XCTestCase {
    func testProbe() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let output = environment["GITKIT_PROBE_OUTPUT"] else { return }
        var lines: [String] = []
        do {
            for name in ["GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE"] {
                if let value = environment[name] { lines.append("\(name) \(absolute(value))") }
            }
            let repository = try Repository.open()
            lines.append("gitdir \(repository.gitDirectory)")
            lines.append("workdir \(repository.workingDirectory ?? "-")")
            lines.append("branch \(try repository.headBranch() ?? "-")")
            lines.append("head \(try repository.head()?.hex ?? "-")")
            lines.append("index \(repository.indexPath)")
            lines.append("objects \(repository.location.objectDirectories.count)")
            lines.append("config \(repository.configString("vep.root") ?? "-")")
            for entry in try repository.index().entries { lines.append("entry \(entry.id.hex) \(entry.path)") }
            if environment["GITKIT_PROBE_STDIN"] != nil {
                let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                for update in input.split(separator: "\n") {
                    lines.append("update \(update)")
                    let fields = update.split(separator: " ").map(String.init)
                    guard let old = ObjectID(hex: fields[0]), let new = ObjectID(hex: fields[1]) else { continue }
                    for id in try repository.walk(RevWalkOptions(tips: [new], hideGlobs: ["refs/*"])).all() {
                        lines.append("new \(id.hex)")
                    }
                    let changes = try repository.changes(from: repository.commit(old).treeID, to: repository.commit(new).treeID, under: "veps")
                    lines += changes.map { "change \($0.path)" }
                }
            }
        } catch {
            lines.append("error \(error)")
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: output))
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
