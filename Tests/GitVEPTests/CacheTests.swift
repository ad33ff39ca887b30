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

    private var cacheFile: (GitRepo) -> String { { $0.gitDirectory + "/git-vep/timeline-cache" } }

    func testWarmIncrementalCorruptAndRewrittenHistory() throws {
        let repo = try GitRepo()
        try repo.commit("Add (#1)", files: [path: document(alpha: "v1.9")])
        try repo.commit("Retarget (#2)", files: [path: document(alpha: "v1.10")])
        let cold = try log(repo)
        XCTAssertTrue(FileManager.default.fileExists(atPath: cacheFile(repo)), "the first run leaves a cache")
        XCTAssertEqual(try log(repo), cold, "a warm run prints the same")
        XCTAssertEqual(try log(repo, "--no-cache"), cold)

        // New commits on top are added to the cache.
        try repo.commit("Beta (#3)", files: [path: document(alpha: "v1.10", beta: "v1.11")])
        let incremental = try log(repo)
        XCTAssertEqual(incremental, try log(repo, "--no-cache"))
        XCTAssertEqual(incremental.split(separator: "\n").count, 4)
        XCTAssertTrue(try String(contentsOfFile: cacheFile(repo)).contains(try repo.revParse("HEAD")))

        // A corrupt or truncated cache is ignored and rebuilt.
        try Data("git-vep-timeline-3\nT\tzz\n".utf8).write(to: URL(fileURLWithPath: cacheFile(repo)))
        XCTAssertEqual(try log(repo), incremental)
        let whole = try Data(contentsOf: URL(fileURLWithPath: cacheFile(repo)))
        try whole.prefix(whole.count - 10).write(to: URL(fileURLWithPath: cacheFile(repo)))
        XCTAssertEqual(try log(repo), incremental)

        // Rewritten history (the cached tip is gone from the chain) is derived again.
        try repo.git("reset", "--quiet", "--hard", "HEAD~2")
        try repo.commit("Other retarget (#4)", files: [path: document(alpha: "v1.12")])
        let rewritten = try log(repo)
        XCTAssertEqual(rewritten, try log(repo, "--no-cache"))
        XCTAssertTrue(rewritten.contains("\"to\":\"v1.12\""))
        XCTAssertFalse(rewritten.contains("v1.11"))

        // An older revision is answered exactly, too.
        XCTAssertEqual(try log(repo, "HEAD~1").split(separator: "\n").count, 2)
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
            FileManager.default.createFile(atPath: output.path, contents: nil)
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
            XCTAssertEqual(try String(contentsOf: output), expected)
        }
        XCTAssertEqual(try log(repo), expected)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: repo.gitDirectory + "/git-vep")
        XCTAssertEqual(leftovers, ["timeline-cache"])
    }
}
