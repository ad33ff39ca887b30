import Foundation
import GitFixtures
import XCTest

/// The timeline cache only ever changes speed, never output.
final class CacheTests: XCTestCase {
    private let path = "veps/sig-compute/12-snapshots/vep.md"

    private func document(alpha: String, beta: String = "") -> String {
        "# VEP #12: Snapshots\n## VEP Status Metadata\n### Target releases\n- This VEP targets alpha for version: \(alpha)\n- This VEP targets beta for version: \(beta)\n"
    }

    private func log(_ repo: GitRepo, _ extra: String...) throws -> String {
        let result = try repo.vepArguments(["log", "--json", "--reverse"] + extra)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout
    }

    /// The log, and how many commits it compared (nil: it compared none, the cache answered).
    private func tracedLog(_ repo: GitRepo, _ extra: String...) throws -> (output: String, compared: Int?) {
        let result = try repo.vepArguments(["log", "--json", "--reverse"] + extra, env: ["GIT_VEP_TRACE_PERFORMANCE": "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let counts = result.stderr.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("git-vep log (") else { return nil }
            return Int(line.dropFirst("git-vep log (".count).prefix { $0.isNumber })
        }
        XCTAssertLessThanOrEqual(counts.count, 1, result.stderr)
        return (result.stdout, counts.first)
    }

    private func cacheFolder(_ repo: GitRepo) -> String { repo.gitDirectory + "/git-vep/timelines" }

    private func cachedTips(_ repo: GitRepo) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: cacheFolder(repo)))
    }

    private func cacheFile(_ repo: GitRepo, _ revision: String = "HEAD") throws -> String {
        cacheFolder(repo) + "/" + (try repo.revParse(revision))
    }

    func testWarmIncrementalCorruptAndRewrittenHistory() throws {
        let repo = try GitRepo()
        try repo.commit("Add (#1)", files: [path: document(alpha: "v1.9")])
        try repo.commit("Retarget (#2)", files: [path: document(alpha: "v1.10")])
        let cold = try tracedLog(repo)
        XCTAssertEqual(cold.compared, 2)
        XCTAssertEqual(try cachedTips(repo), [try repo.revParse("HEAD")], "the first run leaves a cache for its tip")
        XCTAssertEqual(try tracedLog(repo).output, cold.output, "a warm run prints the same")
        XCTAssertNil(try tracedLog(repo).compared, "and compares nothing")
        XCTAssertEqual(try log(repo, "--no-cache"), cold.output)

        // New commits on top cost only themselves.
        try repo.commit("Beta (#3)", files: [path: document(alpha: "v1.10", beta: "v1.11")])
        let incremental = try tracedLog(repo)
        XCTAssertEqual(incremental.compared, 1)
        XCTAssertEqual(incremental.output, try log(repo, "--no-cache"))
        XCTAssertEqual(incremental.output.split(separator: "\n").count, 4)

        // A corrupt or truncated cache is ignored and rebuilt.
        try Data("git-vep-timeline-3\nT\tzz\n".utf8).write(to: URL(fileURLWithPath: try cacheFile(repo)))
        XCTAssertEqual(try log(repo), incremental.output)
        let whole = try Data(contentsOf: URL(fileURLWithPath: try cacheFile(repo)))
        try whole.prefix(whole.count - 10).write(to: URL(fileURLWithPath: try cacheFile(repo)))
        XCTAssertEqual(try log(repo), incremental.output)
        // A file named for one tip but holding another's timeline is not believed.
        let other = try cacheFile(repo, "HEAD~1")
        try? FileManager.default.removeItem(atPath: other)
        try FileManager.default.copyItem(atPath: try cacheFile(repo), toPath: other)
        XCTAssertEqual(try log(repo, "HEAD~1"), try log(repo, "--no-cache", "HEAD~1"))
        try FileManager.default.removeItem(atPath: other)

        // Rewritten history: the cached events up to where the chains part, then only the new commit.
        try repo.git("reset", "--quiet", "--hard", "HEAD~2")
        try repo.commit("Other retarget (#4)", files: [path: document(alpha: "v1.12")])
        let rewritten = try tracedLog(repo)
        XCTAssertEqual(rewritten.compared, 1)
        XCTAssertEqual(rewritten.output, try log(repo, "--no-cache"))
        XCTAssertTrue(rewritten.output.contains("\"to\":\"v1.12\""))
        XCTAssertFalse(rewritten.output.contains("v1.11"))

        // An older revision of a cached chain is answered from the cache, exactly.
        let older = try tracedLog(repo, "HEAD~1")
        XCTAssertNil(older.compared)
        XCTAssertEqual(older.output, try log(repo, "--no-cache", "HEAD~1"))
        XCTAssertEqual(older.output.split(separator: "\n").count, 2)
    }

    func testAFIFOOrSymlinkInTheCacheIsIgnoredNotWaitedOn() throws {
        let repo = try GitRepo()
        try repo.commit("Add (#1)", files: [path: document(alpha: "v1.9")])
        let first = try repo.revParse("HEAD")
        try repo.commit("Retarget (#2)", files: [path: document(alpha: "v1.10")])
        let expected = try log(repo, "--no-cache")
        try FileManager.default.createDirectory(atPath: cacheFolder(repo), withIntermediateDirectories: true)
        // A FIFO named for the tip, and a symbolic link named for its parent: reading either would block.
        XCTAssertEqual(mkfifo(try cacheFile(repo), 0o644), 0)
        try FileManager.default.createSymbolicLink(atPath: cacheFolder(repo) + "/" + first, withDestinationPath: try cacheFile(repo))

        let result = try ProcessRunner.run("timeout", ["60", Binary.path("git-vep"), "log", "--json", "--reverse"],
                                           environment: repo.environment, currentDirectory: repo.path)

        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, expected)
    }

    /// A branch logged once, then deleted and pruned by `git gc`: its cached tip leads nowhere, and is no base.
    func testACachedTipGarbageCollectedSinceIsSkipped() throws {
        let repo = try GitRepo()
        try repo.commit("Add (#1)", files: [path: document(alpha: "v1.9")])
        try repo.commit("Retarget (#2)", files: [path: document(alpha: "v1.10")])
        try repo.git("checkout", "--quiet", "-b", "topic", "HEAD~1")
        try repo.commit("Topic (#3)", files: [path: document(alpha: "v1.9", beta: "v1.11")])
        _ = try log(repo)
        let topic = try repo.revParse("HEAD")
        try repo.git("checkout", "--quiet", "main")
        try repo.git("branch", "--quiet", "-D", "topic")
        try repo.git("reflog", "expire", "--expire=now", "--all")
        try repo.git("gc", "--quiet", "--prune=now")
        XCTAssertNotEqual(try repo.gitResult(["cat-file", "-e", topic]).status, 0, "pruned")
        XCTAssertTrue(try cachedTips(repo).contains(topic))
        try repo.commit("More (#4)", files: ["README.md": "more\n"])
        let expected = try log(repo, "--no-cache")
        XCTAssertEqual(expected.split(separator: "\n").count, 3)
        XCTAssertEqual(try log(repo), expected)
        XCTAssertEqual(try log(repo), expected)
    }

    /// `.git/git-vep` planted as a link to a folder elsewhere: the cache would write and prune files there. It is off.
    func testACacheFolderBehindASymbolicLinkIsNotUsed() throws {
        let repo = try GitRepo()
        try repo.commit("Add (#1)", files: [path: document(alpha: "v1.9")])
        let elsewhere = try repo.makeDirectory("elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere + "/timelines", withIntermediateDirectories: true)
        let victim = elsewhere + "/timelines/" + String(repeating: "a", count: 40)
        try "keep\n".write(toFile: victim, atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: repo.gitDirectory + "/git-vep", withDestinationPath: elsewhere)
        let expected = try log(repo, "--no-cache")
        for _ in 0..<5 { XCTAssertEqual(try log(repo), expected) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: elsewhere + "/timelines"), [String(repeating: "a", count: 40)])
        XCTAssertEqual(try String(contentsOfFile: victim, encoding: .utf8), "keep\n")
    }

    /// A run killed between writing its file and renaming it leaves a private file: the next store removes it.
    func testAPrivateFileOfADeadRunIsRemoved() throws {
        let repo = try GitRepo()
        try repo.commit("Add (#1)", files: [path: document(alpha: "v1.9")])
        _ = try log(repo)
        // A pid no process has (above the kernel's limit), and one that is alive: this test's own.
        let dead = cacheFolder(repo) + "/.\(try repo.revParse("HEAD")).tmp-99999999-1"
        let alive = cacheFolder(repo) + "/.\(try repo.revParse("HEAD")).tmp-\(getpid())-2"
        try "partial".write(toFile: dead, atomically: false, encoding: .utf8)
        try "partial".write(toFile: alive, atomically: false, encoding: .utf8)
        try repo.commit("Retarget (#2)", files: [path: document(alpha: "v1.10")])
        _ = try log(repo)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dead))
        XCTAssertTrue(FileManager.default.fileExists(atPath: alive), "a run still writing keeps its file")
    }

    func testSwitchingBranchesKeepsEachTipCached() throws {
        let repo = try GitRepo()
        try repo.commit("Add (#1)", files: [path: document(alpha: "v1.9")])
        try repo.commit("Retarget (#2)", files: [path: document(alpha: "v1.10")])
        let main = try repo.revParse("HEAD")
        let onMain = try log(repo)
        try repo.git("checkout", "--quiet", "-b", "topic")
        try repo.commit("Beta (#3)", files: [path: document(alpha: "v1.10", beta: "v1.11")])
        try repo.commit("Later beta (#4)", files: [path: document(alpha: "v1.10", beta: "v1.12")])
        let topic = try tracedLog(repo)
        XCTAssertEqual(topic.compared, 2, "the topic's commits on top of main's cached timeline")
        XCTAssertEqual(topic.output, try log(repo, "--no-cache"))

        try repo.git("checkout", "--quiet", "-")
        let back = try tracedLog(repo)
        XCTAssertNil(back.compared, "main is still cached")
        XCTAssertEqual(back.output, onMain)

        // main moves on; the topic is amended: each costs only its own commits.
        try repo.commit("Alpha moves (#5)", files: [path: document(alpha: "v1.11")])
        XCTAssertEqual(try tracedLog(repo).compared, 1)
        try repo.git("checkout", "--quiet", "topic")
        try repo.write(path, document(alpha: "v1.10", beta: "v1.13"))
        try repo.git("commit", "--quiet", "--amend", "-a", "-m", "Later beta, again (#4)")
        let amended = try tracedLog(repo)
        // From main's cached state, an ancestor: continuing an exact state beats re-reading every
        // document where the old topic parted.
        XCTAssertEqual(amended.compared, 2)
        XCTAssertEqual(amended.output, try log(repo, "--no-cache"))
        XCTAssertTrue(amended.output.contains("\"to\":\"v1.13\""))

        // Only the four most recently used tips are kept: the first topic tip was never read again.
        let firstTopicTip = try repo.revParse("HEAD@{1}")
        XCTAssertEqual(try cachedTips(repo).count, 4)
        try repo.commit("Status (#6)", files: [path: document(alpha: "v1.10", beta: "v1.14")])
        XCTAssertEqual(try tracedLog(repo).compared, 1)
        let kept = try cachedTips(repo)
        XCTAssertEqual(kept.count, 4)
        XCTAssertTrue(kept.contains(try repo.revParse("HEAD")))
        XCTAssertTrue(kept.contains(main))
        XCTAssertFalse(kept.contains(firstTopicTip), "the least recently used tip went first")
        XCTAssertEqual(try log(repo, main), onMain)
    }

    func testAMergedTopicsCachedTimelineServesTheMainBranch() throws {
        let repo = try GitRepo()
        try repo.commit("Add (#1)", files: [path: document(alpha: "v1.9")])
        try repo.commit("Retarget (#2)", files: [path: document(alpha: "v1.10")])
        try repo.git("checkout", "--quiet", "-b", "topic")
        try repo.commit("Beta (#3)", files: [path: document(alpha: "v1.10", beta: "v1.11")])
        XCTAssertEqual(try tracedLog(repo).compared, 3, "only the topic was ever cached")
        try repo.git("checkout", "--quiet", "main")
        try repo.commit("Other file (#4)", files: ["README.md": "Enhancements.\n"])
        try repo.git("merge", "--quiet", "--no-ff", "-m", "Merge pull request #3 from topic", "topic")
        // main's chain leaves the topic's where the topic branched off: #4 and the merge are compared.
        let merged = try tracedLog(repo)
        XCTAssertEqual(merged.compared, 2)
        XCTAssertEqual(merged.output, try log(repo, "--no-cache"))
        let lines = merged.output.split(separator: "\n")
        XCTAssertEqual(lines.count, 4)
        XCTAssertTrue(lines.last!.contains(#""pr":3,"kind":"milestone","field":"beta","from":null,"to":"v1.11"}"#), String(lines.last!))
    }

    func testFolderNamesEqualAsStringsButNotAsBytesNeverChangeTheOutput() throws {
        let repo = try GitRepo()
        let composed = "veps/sig-network/12-caf\u{E9}/vep.md"       // é as one scalar (NFC)
        let decomposed = "veps/sig-network/12-cafe\u{301}/vep.md"   // e and a combining accent (NFD)
        XCTAssertEqual(composed, decomposed, "Swift compares them as equal")
        XCTAssertNotEqual(Array(composed.utf8), Array(decomposed.utf8), "git keeps them apart")
        try repo.commit("One", files: [composed: document(alpha: "v1.9")])
        try repo.commit("Two", files: [decomposed: document(alpha: "v1.10")])
        try repo.git("rm", "-rq", (decomposed as NSString).deletingLastPathComponent)
        try repo.commit("Three")
        try repo.commit("Four", files: [composed: document(alpha: "v1.11")])
        XCTAssertEqual(try log(repo), try log(repo, "--no-cache"))
        try repo.write(composed, document(alpha: "v1.12"))
        try repo.git("commit", "--quiet", "--amend", "-a", "-m", "Four, amended")
        XCTAssertEqual(try log(repo), try log(repo, "--no-cache"))
        XCTAssertEqual(try log(repo, "HEAD~1"), try log(repo, "--no-cache", "HEAD~1"))
    }

    func testConcurrentRunsLeaveAWholeCache() throws {
        let repo = try GitRepo()
        for release in 1...20 {
            try repo.commit("Retarget \(release)", files: [path: document(alpha: "v1.\(release)")])
        }
        let expected = try log(repo, "--no-cache")
        // Six processes at once, all deriving and writing the cache.
        var processes: [(Process, URL)] = []
        for index in 0..<6 {
            let output = URL(fileURLWithPath: repo.sandbox + "/out-\(index)")
            XCTAssertTrue(FileManager.default.createFile(atPath: output.path, contents: nil))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Binary.path("git-vep"))
            process.arguments = ["log", "--json", "--reverse"]
            process.environment = repo.environment
            process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
            process.standardOutput = try FileHandle(forWritingTo: output)
            try process.run()
            processes.append((process, output))
        }
        for (process, output) in processes {
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0)
            XCTAssertEqual(try String(contentsOf: output, encoding: .utf8), expected)
        }
        XCTAssertEqual(try log(repo), expected)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: repo.gitDirectory + "/git-vep"), ["timelines"])
        XCTAssertEqual(try cachedTips(repo), [try repo.revParse("HEAD")], "whole files only, no temporary left behind")
    }
}
