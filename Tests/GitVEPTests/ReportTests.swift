import Foundation
import GitFixtures
import XCTest

/// `git vep report` on real repositories: a generated history against its ground truth, the formats, and the
/// HTML page rendered by headless Chromium.
final class ReportTests: XCTestCase {
    private static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func objects(_ text: String) throws -> [[String: Any]] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], text)
    }

    // MARK: Ground truth

    /// The report for the release most often targeted in a generated history equals what the generator's
    /// event list implies: who targets it at which stages, who slipped and where to, when each was accepted
    /// and whether that was before the freeze.
    func testReportOfAGeneratedHistoryEqualsWhatTheGroundTruthImplies() throws {
        let sandbox = FileManager.default.temporaryDirectory.appendingPathComponent("report-truth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: sandbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: sandbox) }
        let repository = sandbox.appendingPathComponent("history").path
        let eventsFile = sandbox.appendingPathComponent("events.jsonl").path
        let generated = try ProcessRunner.run(Self.repositoryRoot.appendingPathComponent("scripts/gen-history").path,
                                              ["--out", repository, "--commits", "800", "--veps", "60", "--seed", "5", "--events", eventsFile])
        XCTAssertEqual(generated.status, 0, generated.stderr)
        let events = try String(contentsOfFile: eventsFile, encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }

        // The release to report on: the one most milestone events name.
        var counts: [String: Int] = [:]
        for event in events where event["kind"] as? String == "milestone" {
            for key in ["from", "to"] { if let value = event[key] as? String { counts[value, default: 0] += 1 } }
        }
        let release = try XCTUnwrap(counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key)
        // A freeze in the middle of history, so that both sides occur.
        let dates = events.map { String(($0["date"] as! String).prefix(10)) }.sorted()
        let freeze = dates[dates.count / 2]

        // Ground truth: replay each VEP's events, judging the state after each of its commits.
        struct Truth { var stages: [String] = []; var slippedTo: String??; var accepted: String?; var everTargeted = false; var lastStage: String? }
        var truth: [Int: Truth] = [:]
        var state: [Int: (status: String?, milestones: [String: String])] = [:]
        var tracked: [Int: Bool] = [:]
        var runStart: [Int: String] = [:]
        for (index, event) in events.enumerated() {
            let vep = event["vep"] as! Int
            switch event["kind"] as! String {
            case "created", "deleted": state[vep] = (nil, [:])
            case "status": state[vep, default: (nil, [:])].status = event["to"] as? String
            case "milestone": state[vep, default: (nil, [:])].milestones[event["field"] as! String] = event["to"] as? String
            default: break
            }
            if index + 1 < events.count, events[index + 1]["commit"] as! String == event["commit"] as! String, events[index + 1]["vep"] as! Int == vep { continue }
            let current = state[vep] ?? (nil, [:])
            let holding = ["alpha", "beta", "ga"].filter { current.milestones[$0] == release }
            if let last = holding.last { truth[vep, default: Truth()].everTargeted = true; truth[vep]!.lastStage = last }
            let now = !holding.isEmpty && [nil, "implementable", "implemented"].contains(current.status)
            if now && !(tracked[vep] ?? false) { runStart[vep] = event["date"] as? String }
            tracked[vep] = now
            if now { truth[vep, default: Truth()].accepted = runStart[vep] }
        }
        // VEPs present at the end (created and not deleted after).
        var present: Set<Int> = []
        for event in events {
            switch event["kind"] as! String {
            case "created": present.insert(event["vep"] as! Int)
            case "deleted": present.remove(event["vep"] as! Int)
            default: break
            }
        }

        // The schedule is committed on top: a commit with no VEP event.
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        try Data("releases:\n  \(release):\n    vep-freeze: \(freeze)\n".utf8).write(to: URL(fileURLWithPath: repository + "/.vep.yaml"))
        for arguments in [["add", ".vep.yaml"], ["-c", "user.name=Release Team", "-c", "user.email=release@example.com", "commit", "-q", "-m", "Schedule"]] {
            let result = try ProcessRunner.run("git", arguments, environment: environment, currentDirectory: repository)
            XCTAssertEqual(result.status, 0, result.stderr)
        }

        let result = try ProcessRunner.run(Binary.path("git-vep"), ["report", "--release", release, "--format", "json"],
                                           environment: environment, currentDirectory: repository)
        XCTAssertEqual(result.status, 0, result.stderr)
        let report = try objects(result.stdout)
        var expected: [String] = []
        for vep in present.sorted() {
            let milestones = state[vep]?.milestones ?? [:]
            let stages = ["alpha", "beta", "ga"].filter { milestones[$0] == release }
            var entry = truth[vep] ?? Truth()
            guard !stages.isEmpty || entry.everTargeted else { continue }
            // Still targeting the release, but not accepted as it stands (provisional, deferred): no acceptance day.
            if !stages.isEmpty && !(tracked[vep] ?? false) { entry.accepted = nil }
            let slippedTo = stages.isEmpty ? entry.lastStage.flatMap { milestones[$0] } : nil
            // Moved to an earlier release: not slipped from this one.
            func version(_ text: String) -> [Int] { text.dropFirst().split(separator: ".").compactMap { Int($0) } }
            if let slippedTo, version(slippedTo).lexicographicallyPrecedes(version(release)) { continue }
            let beforeFreeze = entry.accepted.map { utcDay($0) <= freeze }
            expected.append("\(vep) stages=\(stages) slipped=\(stages.isEmpty) to=\(slippedTo ?? "-") accepted=\(entry.accepted ?? "-") before=\(beforeFreeze.map(String.init) ?? "-")")
        }
        // Deleted since, having targeted the release: slipped, with nothing to show but that.
        for vep in truth.keys.sorted() where !present.contains(vep) && truth[vep]!.everTargeted {
            expected.append("\(vep) stages=[] slipped=true to=- accepted=- before=-")
        }
        expected.sort { Int($0.prefix { $0 != " " })! < Int($1.prefix { $0 != " " })! }
        let actual = report.map { object in
            "\(object["number"]!) stages=\(object["stages"] as! [String]) slipped=\(object["slipped"] as! Bool) to=\(object["slipped_to"] as? String ?? "-") "
                + "accepted=\(object["accepted"] as? String ?? "-") before=\((object["before_freeze"] as? Bool).map(String.init) ?? "-")"
        }.sorted { Int($0.prefix { $0 != " " })! < Int($1.prefix { $0 != " " })! }
        XCTAssertGreaterThan(expected.count, 5, "the release is targeted by enough VEPs to mean something")
        XCTAssertTrue(expected.contains { $0.contains("slipped=true") }, "some VEP slipped")
        XCTAssertTrue(report.contains { $0["deleted"] as? Bool == true }, "some VEP was deleted")
        XCTAssertTrue(expected.contains { $0.contains("before=true") } && expected.contains { $0.contains("before=false") })
        XCTAssertEqual(actual, expected)

        // The targeting VEPs are the ones `git vep list` shows with the release.
        let listed = try objects(try ProcessRunner.run(Binary.path("git-vep"), ["list", "--json"], environment: environment, currentDirectory: repository).stdout)
        let targeting = listed.filter { ($0["milestones"] as! [String: Any]).values.contains { $0 as? String == release } }.map { $0["number"] as! Int }
        XCTAssertEqual(Set(report.filter { !($0["slipped"] as! Bool) }.map { $0["number"] as! Int }), Set(targeting))
    }

    private func utcDay(_ iso: String) -> String {
        let formatter = ISO8601DateFormatter()
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        return day.string(from: formatter.date(from: iso)!)
    }

    // MARK: A small repository

    /// v1.9 freezes on the fixture clock's first day; VEP 42 becomes implementable the day after.
    private func repository() throws -> GitRepo {
        let repo = try GitRepo()
        try repo.git("remote", "add", "origin", "git@github.com:kubevirt/enhancements.git")
        try repo.commit("Schedule and VEPs (#1)", files: [
            ".vep.yaml": "releases:\n  v1.9:\n    vep-freeze: 2026-06-24\n  v1.10:\n    vep-freeze: 2026-10-14\n",
            "veps/sig-compute/10-dra-devices/vep.md": Documents.gpuLegacy,
            "veps/sig-compute/19-secure-guests/vep.md": Documents.secureOverview,
            "veps/sig-network/42-faster-links/vep.md": Documents.frontMatter(number: 42, title: "Faster links | fewer hops", alpha: "v1.9", beta: "v1.10"),
        ])
        try commit(repo, "VEP 19: GA moves to v1.10 (#2)", files: [
            "veps/sig-compute/19-secure-guests/vep.md": Documents.secureOverview.replacingOccurrences(of: "GA for version: v1.9", with: "GA for version: v1.10"),
        ], date: "2026-06-25T10:00:00+00:00")
        try commit(repo, "VEP 42 is implementable (#3)", files: [
            "veps/sig-network/42-faster-links/vep.md": Documents.frontMatter(number: 42, title: "Faster links | fewer hops", status: "implementable",
                                                                         alpha: "v1.9", beta: "v1.10", reviewers: ["@tomas"], approvers: ["@lee"]),
        ], date: "2026-06-26T09:00:00+00:00")
        return repo
    }

    /// A commit on a given day (the fixture clock starts on the v1.9 freeze day).
    private func commit(_ repo: GitRepo, _ message: String, files: [String: String], date: String) throws {
        for (path, contents) in files { try repo.write(path, contents) }
        try repo.git("add", "--all")
        try repo.git("commit", "--quiet", "--no-verify", "-m", message, env: ["GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date])
    }

    /// The figures a release team acts on, from a review: a renumbered VEP keeps when it was accepted (upstream's 22 → 25),
    /// front matter with a status git-vep cannot read is not accepted, an owner lint rejects is no group, and a
    /// release without a freeze day is not "open" for the default.
    func testRenumberingBadStatusOwnerAndDefaultRelease() throws {
        let repo = try repository()
        let loose = "veps/sig-storage/incremental-backup.md"
        let legacy = { (number: Int) in "# VEP #\(number): Incremental backup\n\n## VEP Status Metadata\n\n### Target releases\n\n- This VEP targets alpha for version: v1.9\n" }
        try commit(repo, "Add VEP 22 (#26)", files: [loose: legacy(22)], date: "2026-03-01T10:00:00+00:00")
        try commit(repo, "Fix VEP numbers (#96)", files: [loose: legacy(25)], date: "2026-07-05T10:00:00+00:00")
        try commit(repo, "More VEPs (#97)", files: [
            "veps/sig-compute/141-draft/vep.md": Documents.frontMatter(number: 141, title: "Status draft", status: "draft", alpha: "v1.9"),
            "veps/sig-compute/102-owner/vep.md": Documents.frontMatter(number: 102, title: "Owner TBD", status: "implementable", sig: "TBD", alpha: "v1.9",
                                                                      reviewers: ["@tomas"], approvers: ["@lee"]),
        ], date: "2026-03-02T10:00:00+00:00")
        let result = try repo.vep("report", "--release", "v1.9", "--format", "json")
        XCTAssertEqual(result.status, 0, result.stderr)
        let entries = Dictionary(uniqueKeysWithValues: try objects(result.stdout).map { ($0["number"] as! Int, $0) })
        XCTAssertEqual(entries[25]?["accepted"] as? String, "2026-03-01T10:00:00+00:00")
        XCTAssertEqual(entries[25]?["before_freeze"] as? Bool, true)
        XCTAssertNil(entries[22], "the old number is the same VEP")
        XCTAssertTrue(entries[141]?["accepted"] is NSNull, "\(entries[141] ?? [:])")
        XCTAssertTrue(entries[141]?["before_freeze"] is NSNull)
        XCTAssertEqual(entries[102]?["group"] as? String, "sig-compute")
        // A misspelt freeze day: lint names it, and the release is not taken as the open one.
        try commit(repo, "Schedule (#98)", files: [".vep.yaml": "releases:\n  v1.8:\n    vep_freeze: 2026-01-01\n  v1.9:\n    vep-freeze: 2099-06-24\n"],
                   date: "2026-07-06T10:00:00+00:00")
        XCTAssertTrue(try repo.vep("report").stdout.hasPrefix("VEPs for v1.9 (VEP Freeze 2099-06-24"))
        let lint = try repo.vep("lint", "--rev", "HEAD")
        XCTAssertTrue(lint.stdout.contains("error[config-yaml]: `vep_freeze` of v1.8 is not read: the key is `vep-freeze`\n"), lint.stdout)
    }

    /// Titles are text in Markdown and HTML: markup characters escaped, control characters shown.
    func testMarkdownAndHTMLShowTitlesAsWritten() throws {
        let repo = try repository()
        let title = "Expose `<memballoon>` stats | <details> C:\\Win \u{1B}[31m&lt;"
        try commit(repo, "Titles (#5)", files: ["veps/sig-compute/121-titles/vep.md": Documents.frontMatter(number: 121, title: "\"\(title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\u{1B}", with: "\\e"))\"",
            status: "implementable", alpha: "v1.9", reviewers: ["@tomas"], approvers: ["@lee"])], date: "2026-06-26T09:00:00+00:00")
        let markdown = try repo.vep("report", "--release", "v1.9", "--format", "markdown").stdout
        XCTAssertTrue(markdown.contains(#"| Expose \`\<memballoon\>\` stats \| \<details\> C:\\Win ␛\[31m\&lt; |"#), markdown)
        let html = try repo.vep("report", "--release", "v1.9", "--format", "html").stdout
        XCTAssertTrue(html.contains("Expose `&lt;memballoon&gt;` stats | &lt;details&gt; C:\\Win ␛[31m&amp;lt;"), html)
        XCTAssertFalse(html.unicodeScalars.contains { $0.value == 0x1B })
    }

    /// A legacy VEP counts as accepted from when it targets the release; migrated as provisional it is no longer.
    func testAVEPThatTargetsTheReleaseButIsProvisionalNowIsNotAccepted() throws {
        let repo = try repository()
        let path = "veps/sig-compute/10-dra-devices/vep.md"
        func acceptance() throws -> String? {
            let result = try repo.vep("report", "--release", "v1.9", "--format", "json")
            XCTAssertEqual(result.status, 0, result.stderr)
            let entry = try objects(result.stdout).first { $0["number"] as? Int == 10 }
            return try XCTUnwrap(entry)["accepted"] as? String
        }
        XCTAssertNotNil(try acceptance(), "legacy prose: accepted since it targets v1.9")
        try commit(repo, "VEP 10: front matter (#4)", files: [
            path: Documents.frontMatter(number: 10, title: "DRA devices", status: "provisional", alpha: "v1.9"),
        ], date: "2026-06-27T09:00:00+00:00")
        XCTAssertNil(try acceptance())
        try commit(repo, "VEP 10: implementable (#5)", files: [
            path: Documents.frontMatter(number: 10, title: "DRA devices", status: "implementable", alpha: "v1.9",
                                        reviewers: ["@tomas"], approvers: ["@lee"]),
        ], date: "2026-06-28T09:00:00+00:00")
        XCTAssertEqual(try acceptance(), "2026-06-28T09:00:00+00:00")
    }

    func testMarkdownIsATableToPasteIntoTheTrackingIssue() throws {
        let repo = try repository()
        let result = try repo.vep("report", "--release", "v1.9", "--format", "markdown")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
        ## VEPs for v1.9

        VEP Freeze: **2026-06-24**. 2 VEPs target v1.9; 1 slipped.

        ### sig-compute

        | VEP | Title | Stage | Status | Accepted | Before freeze | Other targets |
        |---|---|---|---|---|---|---|
        | [#10](https://github.com/kubevirt/enhancements/issues/10) | Accelerators through dynamic resource allocation | beta | — | 2026-06-24 | yes | alpha v1.6 |

        ### sig-network

        | VEP | Title | Stage | Status | Accepted | Before freeze | Other targets |
        |---|---|---|---|---|---|---|
        | [#42](https://github.com/kubevirt/enhancements/issues/42) | Faster links \\| fewer hops | alpha | implementable | 2026-06-26 | **no** | beta v1.10 |

        ### Slipped from v1.9

        | VEP | Title | SIG | Was | Now |
        |---|---|---|---|---|
        | [#19](https://github.com/kubevirt/enhancements/issues/19) | Secure guests | sig-compute | GA v1.9 | GA v1.10 |

        """)
    }

    /// The freeze is judged on the UTC day, and the ACCEPTED column shows that day: 01:00 at UTC+2 on the 25th is the 24th.
    func testTheAcceptedDayIsTheUTCDayTheFreezeIsJudgedOn() throws {
        let repo = try repository()
        try commit(repo, "VEP 50 (#4)", files: [
            "veps/sig-compute/50-late-night/vep.md": Documents.gpuLegacy.replacingOccurrences(of: "VEP #10", with: "VEP #50"),
        ], date: "2026-06-25T01:00:00+02:00")
        let table = try repo.vep("report", "--release", "v1.9").stdout
        let row = table.split(separator: "\n").first { $0.hasPrefix("  50 ") }.map(String.init) ?? table
        XCTAssertTrue(row.contains(" 2026-06-24  before "), row)
        let markdown = try repo.vep("report", "--release", "v1.9", "--format", "markdown").stdout
        XCTAssertTrue(markdown.contains("| 2026-06-24 | yes |"), markdown)
        let json = try objects(try repo.vep("report", "--release", "v1.9", "--format", "json").stdout)
        XCTAssertEqual(json.first { $0["number"] as? Int == 50 }?["accepted"] as? String, "2026-06-25T01:00:00+02:00")
    }

    func testTableAndTheDefaultRelease() throws {
        let repo = try repository()
        let result = try repo.vep("report", "--release", "v1.10")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
        VEPs for v1.10 (VEP Freeze 2026-10-14; days in UTC)

        sig-compute
          VEP  STAGE  STATUS  ACCEPTED    FREEZE  OTHER TARGETS          TITLE
          19   GA     -       2026-06-25  before  alpha v1.6, beta v1.7  Secure guests

        sig-network
          VEP  STAGE  STATUS         ACCEPTED    FREEZE  OTHER TARGETS  TITLE
          42   beta   implementable  2026-06-26  before  alpha v1.9     Faster links | fewer hops

        """)
        let json = try objects(try repo.vep("report", "--format", "json").stdout)
        let open = Self.today() <= "2026-06-24" ? "v1.9" : "v1.10"  // after both freezes: v1.10, the highest target
        XCTAssertEqual(json.first?["release"] as? String, open, "the earliest release whose freeze is not past, else the highest target")
        let none = try repo.vep("report", "--release", "v2.0", "--format", "json")
        XCTAssertEqual(none.stdout, "[]\n")
        XCTAssertEqual(try repo.vep("report", "--release", "1.9.x").status, 2)
    }

    func testOutputFileAndRepositoryFromVepYaml() throws {
        let repo = try repository()
        try repo.commit("Name the repository", files: [".vep.yaml": "repository: example/veps\nreleases:\n  v1.9:\n    vep-freeze: 2026-06-24\n"])
        // A folder, or a file in a folder that does not exist, is named as such.
        let folder = try repo.vep("report", "--release", "v1.9", "--format", "json", "-o", repo.sandbox + "/")
        XCTAssertEqual(folder.stderr, "fatal: cannot write \(repo.sandbox)/: it is a folder; give -o a file name, such as \(repo.sandbox)/report.json\n")
        let nowhere = try repo.vep("report", "--release", "v1.9", "-o", repo.sandbox + "/no/such/report.txt")
        XCTAssertEqual(nowhere.stderr, "fatal: cannot write \(repo.sandbox)/no/such/report.txt: the folder \(repo.sandbox)/no/such does not exist\n")
        let file = repo.sandbox + "/report.json"
        let result = try repo.vep("report", "--release", "v1.9", "--format", "json", "-o", file)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
        XCTAssertEqual(result.stderr, "", "`repository` is a setting, not an unknown key")
        let json = try objects(try String(contentsOfFile: file, encoding: .utf8))
        XCTAssertEqual(json.map { $0["issue"] as? String }, ["https://github.com/example/veps/issues/10", "https://github.com/example/veps/issues/42",
                                                             "https://github.com/example/veps/issues/19"])
        XCTAssertEqual(json.map { "\($0["number"]!) \($0["stage"]!) \($0["before_freeze"]!) \($0["slipped_to"]!) \($0["slipped_stage"]!)" },
                       ["10 beta 1 <null> <null>", "42 alpha 0 <null> <null>", "19 <null> 1 v1.10 ga"])
    }

    // MARK: HTML in a real browser

    func testHTMLRendersInHeadlessChromium() throws {
        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("chromium is not installed (scripts/test installs Debian's chromium); the HTML report is not rendered")
        }
        let repo = try repository()
        let page = repo.sandbox + "/report.html"
        let result = try repo.vep("report", "--release", "v1.9", "--format", "html", "-o", page)
        XCTAssertEqual(result.status, 0, result.stderr)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        XCTAssertFalse(html.contains("<script"), "no script")
        XCTAssertNil(html.range(of: #"(src|href)="(?!https://github\.com/kubevirt/enhancements/issues/)"#, options: .regularExpression),
                     "nothing loaded from elsewhere; the only links are issues")
        XCTAssertFalse(html.contains("url("), "no external font or image")

        let profile = try repo.makeDirectory("chromium-profile")
        let rendered = try ProcessRunner.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)",
                                                        "--dump-dom", URL(fileURLWithPath: page).absoluteString],
                                             environment: ["HOME": repo.sandbox + "/.home", "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(rendered.status, 0, rendered.stderr)
        let dom = rendered.stdout
        XCTAssertTrue(dom.contains("<h1>VEPs for v1.9</h1>"), dom)
        // A table per SIG, each VEP in its own.
        for (sig, veps) in [("sig-compute", [10]), ("sig-network", [42]), ("slipped", [19])] {
            let section = try XCTUnwrap(dom.range(of: "id=\"\(sig)\"").map { String(dom[$0.lowerBound...].prefix { _ in true }) })
            let table = String(section[..<(section.range(of: "</section>")?.lowerBound ?? section.endIndex)])
            XCTAssertEqual(table.components(separatedBy: "<tr data-vep=").count - 1, veps.count, table)
            for vep in veps { XCTAssertTrue(table.contains("<tr data-vep=\"\(vep)\">"), table) }
        }
        XCTAssertTrue(dom.contains("<a href=\"https://github.com/kubevirt/enhancements/issues/42\">#42</a>"))
        XCTAssertTrue(dom.contains("Faster links | fewer hops"))
        XCTAssertTrue(dom.contains("<td class=\"freeze no\">no</td>"))
        // The chart: one row per VEP, a marker per stage target, the release's column highlighted.
        XCTAssertEqual(dom.components(separatedBy: "<g class=\"row").count - 1, 3)
        XCTAssertEqual(dom.components(separatedBy: "<g class=\"marker ").count - 1, 2 + 3 + 2 + 3, "targets of 10, 19, 42, and the legend")
        XCTAssertTrue(dom.contains("<rect class=\"current\""))
        XCTAssertTrue(dom.contains("<title>VEP 19: GA v1.10</title>"))
    }

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}
