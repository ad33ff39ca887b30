import Foundation
import GitFixtures
import XCTest

/// `git vep log` against a generated history whose events are known exactly (scripts/gen-history).
final class GroundTruthTests: XCTestCase {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func parse(_ jsonLines: String) throws -> [NSDictionary] {
        try jsonLines.split(separator: "\n").map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? NSDictionary)
        }
    }

    func testLogEqualsGroundTruthOnAGeneratedHistory() throws {
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("ground-truth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let repository = sandbox.appendingPathComponent("history").path
        let expectedFile = sandbox.appendingPathComponent("history.events.jsonl").path
        let generator = Self.repositoryRoot.appendingPathComponent("scripts/gen-history").path
        let generated = try ProcessRunner.run(generator, ["--out", repository, "--commits", "6000", "--veps", "240", "--seed", "11", "--events", expectedFile])
        XCTAssertEqual(generated.status, 0, generated.stderr)

        let expected = try parse(try String(contentsOfFile: expectedFile, encoding: .utf8))
        XCTAssertGreaterThan(expected.count, 1000, "the history is rich enough to mean something")
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        for arguments in [["--no-cache"], [], []] {  // cold without cache, cold writing it, warm reading it
            let result = try ProcessRunner.run(Binary.path("git-vep"), ["log", "--json", "--reverse"] + arguments,
                                               environment: environment, currentDirectory: repository)
            XCTAssertEqual(result.status, 0, result.stderr)
            let actual = try parse(result.stdout)
            XCTAssertEqual(actual.count, expected.count)
            if let first = zip(actual, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                XCTFail("event \(first) differs:\n  actual   \(actual[first])\n  expected \(expected[first])")
            }
        }
        // Newest first is the same events, commit by commit in reverse, each commit's events in their order.
        let newestFirst = try ProcessRunner.run(Binary.path("git-vep"), ["log", "--json"], environment: environment, currentDirectory: repository)
        XCTAssertEqual(newestFirst.status, 0, newestFirst.stderr)
        var commits: [[NSDictionary]] = []
        for event in expected {
            if let last = commits.last?.last, last["commit"] as? String == event["commit"] as? String {
                commits[commits.count - 1].append(event)
            } else {
                commits.append([event])
            }
        }
        XCTAssertGreaterThan(commits.filter { $0.count > 1 }.count, 10, "some commits change several VEPs")
        XCTAssertEqual(try parse(newestFirst.stdout), Array(commits.reversed().joined()))
        // -n counts commits, not events.
        let lastTwo = try ProcessRunner.run(Binary.path("git-vep"), ["log", "--json", "-n", "2"], environment: environment, currentDirectory: repository)
        XCTAssertEqual(try parse(lastTwo.stdout), Array(commits.suffix(2).reversed().joined()))
        // With --reverse, like git log: the newest commits, shown oldest first.
        let lastTwoReversed = try ProcessRunner.run(Binary.path("git-vep"), ["log", "--json", "-n", "2", "--reverse"],
                                                    environment: environment, currentDirectory: repository)
        XCTAssertEqual(try parse(lastTwoReversed.stdout), Array(commits.suffix(2).joined()))
    }
}
