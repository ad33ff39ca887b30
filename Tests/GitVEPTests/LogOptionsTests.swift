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
        // git's approximate dates, as most written: the commits are months before the run.
        for recent in ["yesterday", "2 weeks ago", "3.days.ago", "now"] {
            let result = try repo.vep("log", "--since", recent)
            XCTAssertEqual(result.status, 0, recent)
            XCTAssertEqual(result.stdout, "", recent)
        }
        XCTAssertEqual(try subjects(repo, "--until", "1 month ago").count, 4)
        XCTAssertEqual(try subjects(repo, "--since", "20 years ago").count, 4)
        // git's --date=iso form, and seconds since 1970 (2026-06-25T08:00:00Z is 1782374400).
        XCTAssertEqual(try subjects(repo, "--since", "2026-06-25 08:00:00 +0000", "--until", "2026-06-25 10:00:00 +0200"), ["2026-06-25"])
        XCTAssertEqual(try subjects(repo, "--since", "@1782374400", "--until", "@1782374400"), ["2026-06-25"])
        XCTAssertEqual(try subjects(repo, "--since", "@1782374401", "--until", "@1782460800"), ["2026-06-26"])
        // A time without an offset is UTC, and it counts: the commits are at 08:00 UTC.
        XCTAssertEqual(try subjects(repo, "--since", "2026-06-25T07:59", "--until", "2026-06-25T08:00"), ["2026-06-25"])
        XCTAssertEqual(try subjects(repo, "--since", "2026-06-25T08:01", "--until", "2026-06-26 07:59:59"), [])
        // Strict: a day that does not exist, or a two-digit year, is refused rather than read as another day.
        for bad in ["2026-02-30", "26-06-25"] {
            let refused = try repo.vep("log", "--until", bad)
            XCTAssertEqual(refused.status, 2, bad)
            XCTAssertTrue(refused.stderr.contains("'\(bad)' is not a date like 2026-06-24, a date and time like 2026-06-24T13:30 (UTC)"), refused.stderr)
        }
        // As git with GIT_TEST_DATE_NOW: one month before 2026-07-31 is 2026-07-01 (June has no 31st), and a
        // trailing space is nothing.
        let july31 = ["GIT_TEST_DATE_NOW": "1785456000"]
        XCTAssertEqual(try repo.git("rev-parse", "--since=1 month ago", env: july31), "--max-age=1782864000")
        XCTAssertEqual(try repo.vepArguments(["log", "--oneline", "--until", "1 month ago "], env: july31).stdout.split(separator: "\n").count, 4)
        XCTAssertEqual(try repo.vepArguments(["log", "--oneline", "--since", "1.month.ago"], env: july31).stdout, "")
        XCTAssertEqual(try repo.vepArguments(["log", "--oneline", "--since", "35 days ago"], env: july31).stdout.split(separator: "\n").count, 1)
        XCTAssertEqual(try subjects(repo, "--since", " 2026-06-26 "), ["2026-06-26"])
        // On the local calendar, as git: at 2026-07-31 22:00 in New York (08-01 02:00 UTC) a month back is "06-31",
        // that is 07-01 22:00 there (07-02 02:00 UTC); on the UTC calendar it would be 07-01 02:00 UTC. A commit at
        // 07-01 10:00 UTC lies between.
        try repo.write(path, document(alpha: "v1.12"))
        try repo.git("add", "--all")
        try repo.git("commit", "--quiet", "-m", "Target v1.12", env: ["GIT_AUTHOR_DATE": "2026-07-01T10:00:00Z", "GIT_COMMITTER_DATE": "2026-07-01T10:00:00Z"])
        let newYork = ["GIT_TEST_DATE_NOW": "1785549600", "TZ": "America/New_York"]
        XCTAssertEqual(try repo.git("rev-parse", "--since=1 month ago", env: newYork), "--max-age=1782957600")
        XCTAssertEqual(try repo.git("log", "--oneline", "--since=1 month ago", env: newYork), "")
        XCTAssertEqual(try repo.vepArguments(["log", "--oneline", "--since", "1 month ago"], env: newYork).stdout, "")
        let utc = ["GIT_TEST_DATE_NOW": "1785549600", "TZ": "UTC"]
        XCTAssertEqual(try repo.git("log", "--format=%s", "--since=1 month ago", env: utc), "Target v1.12")
        XCTAssertEqual(try repo.vepArguments(["log", "--oneline", "--since", "1 month ago"], env: utc).stdout.split(separator: "\n").count, 1)
        for bad in ["bogus", "2 fortnights ago", "two weeks ago", "@", "@-5", "-3 days ago", "ago"] {
            XCTAssertEqual(try repo.vep("log", "--since", bad).status, 2, bad)
        }
    }

    /// A day is the day the output shows for a commit (its date in its own offset): a commit at 00:30+02:00 on the
    /// 27th is on the 27th, although it is the 26th in UTC.
    func testADayIsTheDayTheOutputShows() throws {
        let repo = try history()
        try repo.write(path, document(alpha: "v1.12"))
        try repo.git("add", "--all")
        let date = "2026-06-27T00:30:00+02:00"
        try repo.git("commit", "--quiet", "-m", "Target v1.12", env: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        XCTAssertEqual(try repo.vep("log", "--oneline", "-n", "1").stdout.split(separator: " ")[1], "2026-06-27")
        XCTAssertEqual(try subjects(repo, "--since", "2026-06-27", "--until", "2026-06-27"), ["2026-06-27"])
        XCTAssertEqual(try subjects(repo, "--until", "2026-06-26"), ["2026-06-24", "2026-06-24", "2026-06-25", "2026-06-26"])
        // A moment is a moment: 22:30 UTC on the 26th.
        XCTAssertEqual(try subjects(repo, "--since", "2026-06-26T22:30Z"), ["2026-06-27"])
        XCTAssertEqual(try subjects(repo, "--since", "2026-06-26T22:31Z"), [])
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

    /// A typo in a revision is named as one: libgit2 gives it the error class of a damaged object, and the message
    /// used to send people to `git fsck`.
    func testARevisionTypoIsNamedAsATypo() throws {
        let repo = try history()
        for typo in ["HEAD~x", "HEAD^{bogus}", "HEAD@{", "HEAD ", ""] {
            let result = try repo.vep("log", typo)
            XCTAssertEqual(result.status, 128, typo)
            XCTAssertEqual(result.stderr, "fatal: bad revision '\(typo)': not a revision name libgit2 can read (see `git help revisions`)\n")
            XCTAssertEqual(result.stdout, "")
        }
        let show = try repo.vep("show", "12", "--rev", "HEAD~x")
        XCTAssertEqual(show.status, 128)
        XCTAssertEqual(show.stderr, "fatal: bad revision 'HEAD~x': not a revision name libgit2 can read (see `git help revisions`)\n")
    }

    /// git's other spelling of a range, `^A B`, is `A..B`; what is only left out (`^A`) shows nothing, as in git; two
    /// tips are two lines of history.
    func testCaretRevisionsLeaveCommitsOutAsInGit() throws {
        let repo = try history()
        let range = try subjects(repo, "HEAD~2..HEAD")
        XCTAssertEqual(range, ["2026-06-25", "2026-06-26"])
        XCTAssertEqual(try subjects(repo, "^HEAD~2", "HEAD"), range)
        XCTAssertEqual(try subjects(repo, "HEAD", "^HEAD~2"), range)
        XCTAssertEqual(try subjects(repo, "12", "^HEAD~2", "HEAD"), range)
        XCTAssertEqual(try subjects(repo, "^HEAD~2", "^HEAD~1", "HEAD"), ["2026-06-26"])
        let only = try repo.vep("log", "^HEAD~1")
        XCTAssertEqual(only.status, 0, only.stderr)
        XCTAssertEqual(only.stdout, "")
        XCTAssertEqual(try repo.git("log", "--oneline", "^HEAD~1"), "")
        // git's `X^!` (X without its parents) and `X^-N` (X without its Nth parent).
        XCTAssertEqual(try subjects(repo, "HEAD^!"), ["2026-06-26"])
        XCTAssertEqual(try subjects(repo, "HEAD~1^-"), ["2026-06-25"])
        XCTAssertEqual(try subjects(repo, "HEAD~1^-1"), ["2026-06-25"])
        let noParent = try repo.vep("log", "HEAD^-2")
        XCTAssertEqual(noParent.status, 128)
        XCTAssertEqual(noParent.stderr, "fatal: bad revision 'HEAD^-2': HEAD has 1 parent\n")
        // A typo behind `^` or in a range is named once.
        XCTAssertEqual(try repo.vep("log", "^HEAD~x", "HEAD").stderr,
                       "fatal: bad revision 'HEAD~x': not a revision name libgit2 can read (see `git help revisions`)\n")
        XCTAssertEqual(try repo.vep("log", "HEAD~1..nothing").stderr, "fatal: bad revision 'nothing': no branch, tag or commit is named so\n")
        // Two names of one commit are one tip.
        XCTAssertEqual(try subjects(repo, "HEAD", "main", "^HEAD~1"), ["2026-06-26"])
        let two = try repo.vep("log", "HEAD", "HEAD~1")
        XCTAssertEqual(two.status, 2)
        XCTAssertEqual(two.stderr, "fatal: 'HEAD' and 'HEAD~1' are two tips, and git vep log follows one first-parent line: "
                                   + "give one, with ^REV or REV.. for what to leave out\n")
    }

    /// git log takes paths after `--`, or a path that names no revision: git vep log says what to give instead, rather
    /// than reading the path as a revision.
    func testPathsAreRefusedWithWhatToGiveInstead() throws {
        let repo = try history()
        try repo.git("tag", "v0", "HEAD~1")
        let help = "name VEPs by number (`git vep log 183`) or by group (`--group sig-network`)"
        for args in [["--", "v0"], ["12", "--", path], ["--oneline", "--", "veps", "v0"], ["--", "-notes.md"], ["--", "--json"]] {
            let result = try repo.vepArguments(["log"] + args)
            XCTAssertEqual(result.status, 2, "\(args)")
            XCTAssertTrue(result.stderr.hasPrefix("Error: git vep log takes no paths ('\(args.drop { $0 != "--" }.dropFirst().joined(separator: "' '"))'): \(help)\n"),
                          result.stderr)
            XCTAssertEqual(result.stdout, "")
        }
        for folder in ["veps/sig-compute", "veps/", "./veps", ".", "../\((repo.path as NSString).lastPathComponent)/veps"] {
            let result = try repo.vep("log", folder)
            XCTAssertEqual(result.status, 2, folder)
            XCTAssertEqual(result.stderr, "fatal: '\(folder)' is a path, not a revision: git vep log takes no paths; \(help)\n")
        }
        // A name that is neither stays an unknown revision.
        XCTAssertEqual(try repo.vep("log", "veps/sig-nothing").stderr, "fatal: bad revision 'veps/sig-nothing': no branch, tag or commit is named so\n")
    }

    /// Repeated `--group` and `--release` take any of their values, as repeated `--kind` does; a release is given as
    /// `v1.10`, `1.10` or KubeVirt's branch name `release-1.10`, and nothing around it.
    func testRepeatedGroupsAndReleasesCombineAndReleaseSpellings() throws {
        let repo = try history()
        try repo.write("veps/sig-network/40-dns/vep.md", "# VEP #40: DNS\n## VEP Status Metadata\n### Target releases\n- This VEP targets alpha for version: v1.9\n")
        try repo.git("add", "--all")
        try repo.git("commit", "--quiet", "-m", "Add VEP 40", env: ["GIT_AUTHOR_DATE": "2026-06-27T10:00:00Z", "GIT_COMMITTER_DATE": "2026-06-27T10:00:00Z"])
        func veps(_ args: String...) throws -> [String] {
            let result = try repo.vepArguments(["log", "--oneline", "--reverse"] + args)
            XCTAssertEqual(result.status, 0, result.stderr)
            return result.stdout.split(separator: "\n").map { $0.split(separator: " ").dropFirst(2).joined(separator: " ") }
        }
        XCTAssertEqual(try veps("--group", "sig-network"),
                       ["VEP 40 created at veps/sig-network/40-dns/vep.md", "VEP 40 alpha target set to v1.9"])
        XCTAssertEqual(try veps("--group", "sig-network", "--group", "sig-compute").count, 6)
        XCTAssertEqual(try veps("--group", "sig-compute").count, 4)
        // A group that is no folder is warned about, also among groups that are.
        let typo = try repo.vep("log", "--oneline", "--group", "sig-compute", "--group", "sig-netwrk")
        XCTAssertEqual(typo.stderr, "warning: no group folder 'sig-netwrk' at HEAD; did you mean 'sig-network'?\n")
        XCTAssertEqual(typo.stdout.split(separator: "\n").count, 4)
        XCTAssertEqual(try veps("--release", "v1.10", "--release", "v1.11"),
                       ["VEP 12 alpha target v1.9 → v1.10", "VEP 12 alpha target v1.10 → v1.11"])
        for spelling in ["v1.10", "1.10", "release-1.10", "V1.10.0"] {
            XCTAssertEqual(try veps("--release", spelling), ["VEP 12 alpha target v1.9 → v1.10", "VEP 12 alpha target v1.10 → v1.11"], spelling)
        }
        for bad in ["v1.10 whatever", "release-v1.10x", "1", "v1.10.", "release-v1.10", "v01.10", "1.10.0.0"] {
            let refused = try repo.vep("log", "--release", bad)
            XCTAssertEqual(refused.status, 2, bad)
            XCTAssertTrue(refused.stderr.hasPrefix("Error: '\(bad)' is not a release like v1.10, 1.10 or release-1.10\n"), refused.stderr)
        }
        let report = try repo.vep("report", "--release", "v1.10 whatever")
        XCTAssertEqual(report.status, 2)
        XCTAssertTrue(report.stderr.hasPrefix("Error: 'v1.10 whatever' is not a release like v1.9, 1.9 or release-1.9\n"), report.stderr)
    }

    /// `#183`, as issue and pull request titles write it, is VEP 183 to `log` and `show`.
    func testANumberWrittenWithAHashIsTheVEP() throws {
        let repo = try history()
        let plain = try repo.vep("log", "12")
        XCTAssertEqual(plain.stdout.components(separatedBy: "\ncommit ").count, 3)
        XCTAssertEqual(try repo.vep("log", "#12").stdout, plain.stdout)
        XCTAssertEqual(try repo.vep("show", "#12").stdout, try repo.vep("show", "12").stdout)
        XCTAssertEqual(try repo.vep("show", "#12").status, 0)
    }

    /// A pager that cannot be run is said so, and the output goes to the terminal, as git does: a shell only said
    /// "not found", and the output was lost.
    func testAPagerThatCannotRunIsNamedAndTheOutputStillShown() throws {
        let repo = try history()
        let command = "'\(Binary.path("git-vep"))' log --oneline -n 1"
        try FileManager.default.createDirectory(atPath: repo.path + "/pagerdir", withIntermediateDirectories: true)
        try repo.write("noexec", "#!/bin/sh\ncat\n")
        let problems = ["no-such-pager-here": "No such file or directory", "/no/such/pager": "No such file or directory",
                        "./pagerdir": "Permission denied", "./noexec": "Permission denied"]
        for (pager, problem) in problems.sorted(by: { $0.key < $1.key }) {
            let env = ["GIT_PAGER": pager, "TERM": "xterm", "NO_COLOR": "1"]
            let result = try ProcessRunner.run("script", ["-qec", command, "/dev/null"],
                                               environment: repo.environment.merging(env) { $1 }, currentDirectory: repo.path)
            XCTAssertEqual(result.status, 0, result.stderr)
            let lines = result.stdout.replacingOccurrences(of: "\r", with: "").split(separator: "\n")
            XCTAssertEqual(lines.first, "error: cannot run \(pager): \(problem)", result.stdout)
            XCTAssertEqual(lines.count, 2, result.stdout)
            XCTAssertTrue(lines.last?.hasPrefix(try repo.git("rev-parse", "--short=10", "HEAD")) == true, result.stdout)
        }
    }

    /// `show --json` gives the timeline's authors as `log` does: mapped by the mailmap.
    func testShowMapsTimelineAuthorsAsLogDoes() throws {
        let repo = try history()
        try repo.commit("Add a mailmap", files: [".mailmap": "Ada Lovelace <ada@lovelace.example> Ada Author <ada@example.com>\n"])
        let show = try repo.vep("show", "12", "--json")
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertEqual(show.stdout.components(separatedBy: #""name" : "Ada Lovelace""#).count, 5, show.stdout)
        XCTAssertFalse(show.stdout.contains("Ada Author"), show.stdout)
        XCTAssertEqual(try repo.vep("show", "12", "--json", "--no-mailmap").stdout.components(separatedBy: #""name" : "Ada Author""#).count, 5)
        try repo.git("config", "log.mailmap", "false")
        XCTAssertEqual(try repo.vep("show", "12", "--json").stdout.components(separatedBy: #""name" : "Ada Author""#).count, 5)
        XCTAssertEqual(try repo.vep("show", "12", "--json", "--mailmap").stdout.components(separatedBy: #""name" : "Ada Lovelace""#).count, 5)
    }

    /// A document that changes its number where it is gives a deletion and a creation (identity is the number); the
    /// human output says which number each became or came from, also when the other is filtered out. JSON keeps the
    /// contract's events.
    func testARenumberingSaysSoInWords() throws {
        let repo = try GitRepo()
        let file = "veps/sig-storage/incremental-backup.md"
        // An older VEP 22, gone before: not where the renumbered document came from.
        try repo.commit("An old VEP 22 (#1)", files: ["veps/sig-storage/old-thing.md": "# VEP #22: Old thing\n"])
        try repo.commit("Drop it (#2)", files: ["veps/sig-storage/old-thing.md": nil])
        try repo.commit("Add VEP 22 (#26)", files: [file: "# VEP #22: Incremental backup\n\nText.\n"])
        let added = try repo.git("rev-parse", "--short=10", "HEAD")
        try repo.commit("Fix VEP numbers (#96)", files: [file: "# VEP #25: Incremental backup\n\nText.\n"])
        let id = try repo.git("rev-parse", "--short=10", "HEAD")
        let lines = try repo.vep("log", "--oneline").stdout.split(separator: "\n").map { $0.split(separator: " ").dropFirst(3).joined(separator: " ") }
        XCTAssertEqual(lines, ["VEP 22 deleted from \(file) (renumbered to VEP 25)", "VEP 25 created at \(file) (renumbered from VEP 22)",
                               "VEP 22 created at \(file)", "VEP 22 deleted from veps/sig-storage/old-thing.md",
                               "VEP 22 created at veps/sig-storage/old-thing.md"])
        XCTAssertTrue(try repo.vep("log", "--oneline", "25").stdout.hasSuffix("#96 VEP 25 created at \(file) (renumbered from VEP 22)\n"))
        XCTAssertTrue(try repo.vep("log", "25").stdout.hasSuffix("    VEP 25: created at \(file) (renumbered from VEP 22)\n"))
        let show = try repo.vep("show", "25").stdout
        XCTAssertTrue(show.contains("\(id)  #96  created at \(file) (renumbered from VEP 22)\n"), show)
        // In history since it was added as VEP 22.
        XCTAssertTrue(show.contains("\ncreated:        - (in history since 2026-06-24, \(added))\n"), show)
        let json = try repo.vep("log", "--json", "22").stdout
        XCTAssertFalse(json.contains("renumbered"), json)
        XCTAssertTrue(json.contains(#""kind":"deleted","field":null,"from":"\#(file)","to":null}"#), json)
        // A deletion and a creation at different paths are no renumbering.
        try repo.commit("Drop 25, add 30", files: [file: nil, "veps/sig-storage/30-other.md": "# VEP #30: Other\n"])
        let last = try repo.vep("log", "--oneline", "-n", "1").stdout
        XCTAssertFalse(last.contains("renumbered"), last)
    }
}
