import Foundation
import GitFixtures
import XCTest

/// Date filters, colour and paging of `git vep log`, the way git decides them.
final class LogOptionsTests: XCTestCase {
    private let path = "veps/sig-compute/12-snapshots/vep.md"

    private func document(alpha: String) -> String {
        "# VEP #12: Snapshots\n## VEP Status Metadata\n### Target releases\n- This VEP targets alpha for version: \(alpha)\n"
    }

    /// Three commits one day apart: 2026-06-24, 06-25, 06-26 (UTC+2, 10:00).
    private func history() throws -> GitRepo {
        let repo = try GitRepo()
        for (day, release) in [("24", "v1.9"), ("25", "v1.10"), ("26", "v1.11")] {
            let date = "2026-06-\(day)T10:00:00+02:00"
            try repo.write(path, document(alpha: release))
            try repo.git("add", "--all")
            try repo.git("commit", "--quiet", "-m", "Target \(release)", env: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        }
        return repo
    }

    private func subjects(_ repo: GitRepo, _ args: String...) throws -> [String] {
        let result = try repo.vepArguments(["log", "--oneline", "--reverse"] + args)
        XCTAssertEqual(result.status, 0, result.stderr)
        return result.stdout.split(separator: "\n").map { String($0.split(separator: " ").dropFirst(1).prefix(1).joined()) }
    }

    func testAuthorsAreShownAsTheMailmapHasThemLikeGitLog() throws {
        let repo = try history()
        try repo.commit("Add a mailmap", files: [".mailmap": "Ada Lovelace <ada@lovelace.example> Ada Author <ada@example.com>\n"])
        func authors(_ args: String...) throws -> [String] {
            let result = try repo.vepArguments(["log", "-n", "1"] + args)
            XCTAssertEqual(result.status, 0, result.stderr)
            return result.stdout.split(separator: "\n").filter { $0.hasPrefix("Author: ") || $0.contains("\"author\"") }
                .map { $0.hasPrefix("Author: ") ? String($0) : String($0[$0.range(of: "\"author\":")!.upperBound...].prefix { $0 != "}" }) + "}" }
        }
        XCTAssertEqual(try repo.git("log", "-1", "HEAD~1").split(separator: "\n")[1], "Author: Ada Lovelace <ada@lovelace.example>")

        XCTAssertEqual(try authors(), ["Author: Ada Lovelace <ada@lovelace.example>"])
        XCTAssertEqual(try authors("--json"), [#"{"name":"Ada Lovelace","email":"ada@lovelace.example"}"#])
        XCTAssertEqual(try authors("--no-mailmap"), ["Author: Ada Author <ada@example.com>"])
        XCTAssertEqual(try authors("--no-use-mailmap", "--json"), [#"{"name":"Ada Author","email":"ada@example.com"}"#])
        try repo.git("config", "log.mailmap", "false")
        XCTAssertEqual(try authors(), ["Author: Ada Author <ada@example.com>"])
        XCTAssertEqual(try authors("--use-mailmap"), ["Author: Ada Lovelace <ada@lovelace.example>"])
    }

    /// `git log --oneline` prints a commit id of digits only now and then: given last, with seven digits or more,
    /// it names that commit, not a VEP. A number no event names is warned about.
    func testADigitsOnlyCommitIdIsACommitAndAnUnknownNumberIsWarnedAbout() throws {
        let repo = try history()
        let script = #"for i in $(seq 1 20000); do c=$(git commit-tree -m "try $i" -p HEAD~1 HEAD~1^{tree}); "#
            + #"case "${c%"${c#???????}"}" in *[a-f]*) ;; *) echo "$c"; exit 0;; esac; done; exit 1"#
        let found = try ProcessRunner.run("sh", ["-c", script], environment: repo.environment, currentDirectory: repo.path)
        XCTAssertEqual(found.status, 0, "no digits-only id in 20,000 tries")
        let digits = String(found.stdout.prefix(7))
        XCTAssertNotNil(Int(digits))
        let result = try repo.vepArguments(["log", "--oneline", "--reverse", digits])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        let atParent = try repo.vepArguments(["log", "--oneline", "--reverse", "HEAD~1"])
        XCTAssertEqual(result.stdout, atParent.stdout)
        XCTAssertEqual(atParent.stdout.split(separator: "\n").count, 3)
        // A short number stays a VEP number; one with no history is warned about, and the output is empty.
        let unknown = try repo.vepArguments(["log", "--oneline", "999"])
        XCTAssertEqual(unknown.status, 0)
        XCTAssertEqual(unknown.stdout, "")
        XCTAssertEqual(unknown.stderr, "warning: VEP 999 has no history in HEAD\n")
        XCTAssertEqual(try repo.vepArguments(["log", "--oneline", "12", "HEAD~1"]).stderr, "")
    }

    /// As in git, a negative count is no limit.
    func testANegativeCountIsNoLimit() throws {
        let repo = try history()
        let all = try subjects(repo)
        XCTAssertEqual(all.count, 4)
        XCTAssertEqual(try subjects(repo, "-n", "-1"), all)
        XCTAssertEqual(try subjects(repo, "--max-count", "-1"), all)
        XCTAssertEqual(try subjects(repo, "--max-count=-1"), all)
        XCTAssertEqual(try subjects(repo, "-n", "1"), ["2026-06-26"])
        // The numbers come first; the other order is named, not called a second revision.
        let swapped = try repo.vep("log", "HEAD", "12")
        XCTAssertEqual(swapped.status, 2)
        XCTAssertTrue(swapped.stderr.contains("VEP numbers come before the revision: `git vep log 12 HEAD`"), swapped.stderr)
    }

    func testSinceAndUntil() throws {
        let repo = try history()
        XCTAssertEqual(try subjects(repo), ["2026-06-24", "2026-06-24", "2026-06-25", "2026-06-26"])
        XCTAssertEqual(try subjects(repo, "--since", "2026-06-25"), ["2026-06-25", "2026-06-26"])
        XCTAssertEqual(try subjects(repo, "--until", "2026-06-25"), ["2026-06-24", "2026-06-24", "2026-06-25"])
        XCTAssertEqual(try subjects(repo, "--since", "2026-06-25", "--until", "2026-06-25"), ["2026-06-25"])
        XCTAssertEqual(try subjects(repo, "--since", "2026-06-25T00:00:00+02:00", "--until", "2026-06-25T23:59:59+02:00"), ["2026-06-25"])
        XCTAssertEqual(try repo.vep("log", "--since", "yesterday").status, 2)
        // A time without an offset is UTC, and it counts: the commits are at 08:00 UTC.
        XCTAssertEqual(try subjects(repo, "--since", "2026-06-25T07:59", "--until", "2026-06-25T08:00"), ["2026-06-25"])
        XCTAssertEqual(try subjects(repo, "--since", "2026-06-25T08:01", "--until", "2026-06-26 07:59:59"), [])
        // Strict: a day that does not exist, or a two-digit year, is refused rather than read as another day.
        for bad in ["2026-02-30", "26-06-25"] {
            let refused = try repo.vep("log", "--until", bad)
            XCTAssertEqual(refused.status, 2, bad)
            XCTAssertTrue(refused.stderr.contains("'\(bad)' is not a date like 2026-06-24 or a date and time like 2026-06-24T13:30 (UTC)"), refused.stderr)
        }
    }

    func testColourFollowsFlagConfigAndNoColor() throws {
        let repo = try history()
        let escape = "\u{1B}["
        XCTAssertFalse(try repo.vep("log", "--oneline").stdout.contains(escape), "not a terminal: no colour")
        XCTAssertTrue(try repo.vep("log", "--oneline", "--color", "always").stdout.contains(escape))
        try repo.git("config", "color.ui", "always")
        XCTAssertTrue(try repo.vep("log", "--oneline").stdout.contains(escape), "color.ui=always")
        XCTAssertFalse(try repo.vep("log", "--oneline", "--color", "never").stdout.contains(escape))
        // git's spellings: `--color` alone is always, `--no-color` never; `color.ui` is also a boolean, and nothing else.
        XCTAssertFalse(try repo.vep("log", "--oneline", "--no-color").stdout.contains(escape))
        try repo.git("config", "color.ui", "0")
        XCTAssertTrue(try repo.vep("log", "--oneline", "--color").stdout.contains(escape))
        XCTAssertFalse(try repo.vep("log", "--oneline", env: ["GIT_PAGER_IN_USE": "true", "NO_COLOR": ""]).stdout.contains(escape), "color.ui=0")
        try repo.git("config", "color.ui", "true")
        XCTAssertFalse(try repo.vep("log", "--oneline", env: ["NO_COLOR": ""]).stdout.contains(escape), "true is auto: not a terminal")
        // Under git's own pager (`git -p vep log`), as on the terminal it pages for (`swift test` sets NO_COLOR: unset here).
        XCTAssertTrue(try repo.vep("log", "--oneline", env: ["GIT_PAGER_IN_USE": "true", "NO_COLOR": ""]).stdout.contains(escape))
        try repo.git("config", "color.ui", "bogus")
        let bad = try repo.vep("log", "--oneline")
        XCTAssertEqual(bad.status, 128)
        XCTAssertEqual(bad.stderr, "fatal: bad color.ui value 'bogus': use auto, always, never, true or false\n")
    }

    func testPagedOnATerminalThroughGitPager() throws {
        let repo = try history()
        // `script` gives the command a terminal; the pager marks every line it passes on.
        let command = "'\(Binary.path("git-vep"))' log --oneline -n 1"
        let env = ["GIT_PAGER": "sed 's/^/PAGED: /'", "TERM": "xterm", "NO_COLOR": "1"]
        let result = try ProcessRunner.run("script", ["-qec", command, "/dev/null"],
                                           environment: repo.environment.merging(env) { $1 }, currentDirectory: repo.path)
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.replacingOccurrences(of: "\r", with: "").split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.stdout)
        XCTAssertTrue(lines.first?.hasPrefix("PAGED: ") == true, result.stdout)
        XCTAssertFalse(result.stdout.contains("\u{1B}["), "NO_COLOR on a terminal")
        // --no-pager and a pipe both bypass it.
        let direct = try ProcessRunner.run("script", ["-qec", command + " --no-pager", "/dev/null"],
                                           environment: repo.environment.merging(env) { $1 }, currentDirectory: repo.path)
        XCTAssertFalse(direct.stdout.contains("PAGED"), direct.stdout)
        XCTAssertFalse(try repo.vep("log", "--oneline", env: env).stdout.contains("PAGED"))
    }

    /// A pager that sets the terminal up, as `less` does, must be in the terminal's foreground process group: in a
    /// group of its own the terminal stops it, and `git vep log` waited for it forever, showing nothing.
    func testAPagerThatSetsTheTerminalUpRunsAndOutputIsColouredAsOnTheTerminal() throws {
        let repo = try history()
        let command = "'\(Binary.path("git-vep"))' log --oneline -n 1"
        var env = repo.environment.merging(["GIT_PAGER": "stty sane </dev/tty && sed 's/^/PAGED: /'", "TERM": "xterm"]) { $1 }
        env["NO_COLOR"] = nil
        // `timeout`: a stopped pager would otherwise hang the suite.
        let result = try ProcessRunner.run("timeout", ["20", "script", "-qec", command, "/dev/null"], environment: env, currentDirectory: repo.path)
        XCTAssertEqual(result.status, 0, "exit \(result.status) (124: the pager was stopped and never returned)")
        let lines = result.stdout.replacingOccurrences(of: "\r", with: "").split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.stdout)
        // Paged output is coloured as the terminal would be (git's color.pager), and not when color.pager is false.
        XCTAssertTrue(lines.first?.hasPrefix("PAGED: \u{1B}[33m") == true, result.stdout)
        try repo.git("config", "color.pager", "false")
        let plain = try ProcessRunner.run("timeout", ["20", "script", "-qec", command, "/dev/null"], environment: env, currentDirectory: repo.path)
        XCTAssertEqual(plain.status, 0)
        XCTAssertFalse(plain.stdout.contains("\u{1B}["), plain.stdout)
        XCTAssertTrue(plain.stdout.hasPrefix("PAGED: "), plain.stdout)
        // The default pager, less (scripts/test installs it), quits on a short output by itself (LESS=FRX).
        env["GIT_PAGER"] = nil
        env["PAGER"] = nil
        env["LESS"] = nil
        let less = try ProcessRunner.run("timeout", ["20", "script", "-qec", command, "/dev/null"], environment: env, currentDirectory: repo.path)
        XCTAssertEqual(less.status, 0, "exit \(less.status) (124: less was stopped and never returned)")
        XCTAssertTrue(less.stdout.contains(try repo.git("rev-parse", "--short=10", "HEAD")), less.stdout)
    }
}
