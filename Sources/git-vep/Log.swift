import ArgumentParser
import Foundation
import GitKit
import VEPCore
import VEPGit

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the timeline of VEP changes: creation, moves, status, stage and target releases.",
        discussion: """
        Walks first-parent history from REVISION (default HEAD; `A..B` for a range) and lists, \
        for each commit, the VEPs whose metadata it changed. A merge commit is compared with its \
        first parent, so it answers for everything it merges. VEPs are followed by number across \
        renames, moves between groups, layout changes and format migration. Newest first, like \
        git log; --reverse shows oldest first. --json prints one object per line with the keys \
        vep, commit, date, author, pr, kind, field, from, to.
        """
    )

    @Argument(help: ArgumentHelp("VEP numbers to show (183 or #183), then optionally a revision or range (A..B, or ^A B).",
                                 valueName: "vep-or-revision"))
    var arguments: [String] = []

    /// What came after `--`: paths, in git log; `gitStyleArguments` passes each as `--path=…`.
    @Option(name: .customLong("path"), help: .hidden)
    var paths: [String] = []

    @Option(help: ArgumentHelp("Only VEPs of this group (e.g. sig-network); repeat for several.", valueName: "group"))
    var group: [String] = []

    @Option(help: ArgumentHelp("Only events of this kind: created, moved, status, stage, milestone, deleted.", valueName: "kind"))
    var kind: [EventKind] = []

    @Option(help: ArgumentHelp("Only events whose old or new value is this release (v1.10, 1.10 or release-1.10); repeat for several.",
                               valueName: "release"))
    var release: [String] = []

    @Option(help: ArgumentHelp("Only commits on or after this day (YYYY-MM-DD, the date the output shows) or moment (2026-06-24T13:30, "
                               + "UTC unless it has an offset; @1750771800; 2 weeks ago; yesterday).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Only commits on or before this day (YYYY-MM-DD, the date the output shows) or moment.", valueName: "date"))
    var until: String?

    @Option(name: [.customShort("n"), .customLong("max-count")], help: "Show at most this many commits.")
    var maxCount: Int?

    @Flag(help: "Oldest first.")
    var reverse = false

    @Flag(help: "One line per event.")
    var oneline = false

    @Flag(help: "One JSON object per event and line.")
    var json = false

    @Option(help: ArgumentHelp("Colour: auto, always or never (default: color.ui, else auto).", valueName: "when"))
    var color: ColorChoice?

    @Flag(help: "Do not page the output.")
    var noPager = false

    @Flag(help: "Neither read nor write the timeline cache kept in the git directory.")
    var noCache = false

    @Flag(name: [.customLong("mailmap"), .customLong("use-mailmap")], inversion: .prefixedNo,
          help: "Show authors as .mailmap maps them (default: log.mailmap, else on, as in git log).")
    var mailmap: Bool?

    /// git log's spellings the argument parser does not know: `-3` and `-n3` mean `-n 3`; a negative count is no limit;
    /// what follows `--` is paths (passed as `--path=…`, which `validate` refuses, saying what to give instead).
    static func gitStyleArguments(_ arguments: [String]) -> [String] {
        guard arguments.first == "log" else { return arguments }
        var result: [String] = []
        var literal = false
        for argument in arguments {
            let digits = argument.drop { $0 == "-" || $0 == "n" }
            let isNumber = !digits.isEmpty && digits.allSatisfy { $0 >= "0" && $0 <= "9" }
            // A negative count (`-n -1`, `--max-count=-1`) is no limit, as in git.
            if !literal, let last = result.last, last == "-n" || last == "--max-count", isNumber, argument == "-" + digits {
                result.removeLast()
                continue
            }
            if !literal, argument.hasPrefix("--max-count=-"), argument.dropFirst(13).allSatisfy({ $0 >= "0" && $0 <= "9" }),
               argument.count > 13 { continue }
            let isCount = !literal && isNumber && (argument == "-" + digits || argument == "-n" + digits)
            if literal {
                // After `--` git log takes paths: `Log.validate` says what to give instead.
                result.append("--path=" + argument)
                continue
            }
            if argument == "--" {
                literal = true
                continue
            }
            result += isCount ? ["-n", String(digits)] : [argument]
        }
        return result
    }

    var numbers: [Int] { arguments.prefix { VEPNumber($0) != nil }.compactMap { VEPNumber($0)?.value } }
    /// The revisions after the numbers: at most one tip, and what to leave out (`A..B`, `^A`).
    var revisionArguments: [String] { Array(arguments.drop { VEPNumber($0) != nil }) }

    func validate() throws {
        if !paths.isEmpty {
            throw ValidationError("git vep log takes no paths ('\(paths.joined(separator: "' '"))'): name VEPs by number "
                                  + "(`git vep log 183`) or by group (`--group sig-network`)")
        }
        let rest = revisionArguments
        // `log HEAD 12`: the numbers come first, as the usage says. Seven digits or more after a revision may be a commit
        // id of digits only (`^v1.9 4705699`).
        let misplaced = rest.dropFirst().filter { VEPNumber($0) != nil && $0.utf8.count < 7 }
        if !misplaced.isEmpty {
            let numbers = arguments.prefix { VEPNumber($0) != nil } + misplaced
            let revisions = rest.filter { !misplaced.contains($0) }
            throw ValidationError("VEP numbers come before the revision: `git vep log \((numbers + revisions).joined(separator: " "))`")
        }
        for release in release where Release.commandLine(release) == nil {
            throw ValidationError("'\(release)' is not a release like v1.10, 1.10 or release-1.10")
        }
        for date in [since, until].compactMap({ $0 }) where LogFilter.Bound(date) == nil {
            throw ValidationError("'\(date)' is not a date like 2026-06-24, a date and time like 2026-06-24T13:30 (UTC) or "
                                  + "2026-06-24T13:30+02:00, @<seconds since 1970>, or a time ago like '2 weeks ago' or 'yesterday'")
        }
        if let maxCount, maxCount < 0 { throw ValidationError("-n takes a non-negative count") }
        if oneline && json { throw ValidationError("--oneline and --json are two formats: give one") }
    }

    func run() throws {
        let context = try Context.open()
        let repository = context.repository
        var numbers = self.numbers
        var revisions = self.revisionArguments
        // A commit id of digits only (`git log --oneline` prints one now and then) is no VEP number: seven digits or
        // more that name a commit, among the numbers when no revision after them names a tip (`4705699 ^v1.9`), are that
        // commit (the last such).
        let given = Array(arguments.prefix { VEPNumber($0) != nil })
        if !revisions.contains(where: { !$0.hasPrefix("^") }),
           let index = given.lastIndex(where: { $0.utf8.count >= 7 && Int($0) != nil && (try? repository.resolveCommit($0)) != nil }) {
            numbers.remove(at: index)
            revisions.insert(given[index], at: 0)
        }
        // As in git, what is only left out (`git vep log ^v1.9`) leaves nothing to show.
        guard let (tip, hidden) = try resolve(revisions.isEmpty ? ["HEAD"] : revisions, in: repository) else { return }
        let revisionArgument = revisions.isEmpty ? nil : revisions.joined(separator: " ")
        let layout = try context.configuration(at: tip.hex).layout

        let events: [TimelineEvent]
        do {
            ObjectMemoryLimits.use(.historyWalk)
            ProcessMemory.returnFreedMemoryPromptly()
            events = try History(repository: repository, useCache: !noCache).events(to: tip, hiding: hidden)
        } catch let error as GitError {
            throw Fatal(message: error.description)
        }
        let filter = LogFilter(numbers: Set(numbers), groups: Set(group), kinds: Set(kind), releases: Set(release.compactMap(Release.commandLine)),
                               since: since.flatMap { LogFilter.Bound($0) }, until: until.flatMap { LogFilter.Bound($0) },
                               layout: layout)
        var selected = filter.isEmpty ? events : events.filter(filter.matches)
        // A number no event names: a typo, or a VEP of another branch.
        let known = Set(events.map(\.change.vep))
        for number in numbers where !known.contains(number) {
            writeToStandardError("warning: VEP \(number) has no history in \(revisionArgument ?? "HEAD")\n")
        }
        // Nothing for a group that is no folder at the tip: most likely a typo (`compute` for `sig-compute`).
        let unmatched = group.filter { name in !selected.contains { filter.isInGroup($0, name) } }
        if !unmatched.isEmpty {
            let files = try TreeSource(repository: repository, treeID: repository.commit(tip).treeID, label: "tip").files(under: layout.root)
            let groups = layout.groups(holding: files.map(\.path)).sorted()
            for group in unmatched where !groups.contains(group) {
                let hint = Scaffold.closestGroup(to: group, in: groups).map { "; did you mean '\($0)'?" } ?? ""
                writeToStandardError("warning: no group folder '\(group.terminalSafe)' at \(revisionArgument ?? "HEAD")\(hint)\n")
            }
        }
        // Like git: -n keeps the newest commits, and --reverse then shows those oldest first.
        if !reverse || maxCount != nil { selected = LogFilter.newestFirst(selected) }
        if let maxCount {
            selected = LogFilter.limitCommits(selected, to: maxCount)
            if reverse { selected = LogFilter.newestFirst(selected) }
        }

        if mailmap ?? repository.configBool("log.mailmap") ?? true {
            selected = Self.mapAuthors(selected, with: Mailmap(repository: repository))
        }
        let pager = Pager()
        pager.start(repository: repository, enabled: !noPager && !json)
        defer { pager.finish() }
        let terminal = try Terminal.decide(color, repository: repository, paged: pager.isActive)
        // One write of the whole output: printing line by line costs more than deriving it.
        if json {
            // Written a megabyte at a time: as cheap as one write, without holding all of it.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(1 << 20 + 4096)
            for event in selected {
                event.appendJSONLine(to: &bytes)
                bytes.append(0x0A)
                if bytes.count >= 1 << 20 {
                    writeToStandardOutput(bytes)
                    bytes.removeAll(keepingCapacity: true)
                }
            }
            writeToStandardOutput(bytes)
            return
        }
        // Read from every event: a renumbered VEP's other number may be filtered out.
        let renumberings = Renumberings(events)
        var output = ""
        if oneline {
            for event in selected {
                output += LogFormat.oneline(event, terminal: terminal, renumberings: renumberings)
                output += "\n"
            }
        } else {
            output = LogFormat.full(selected, terminal: terminal, renumberings: renumberings)
        }
        writeToStandardOutput(output)
    }

    /// Each event with its commit's author as the mailmap has it; a commit's events keep sharing one stamp.
    static func mapAuthors(_ events: [TimelineEvent], with mailmap: Mailmap) -> [TimelineEvent] {
        var stamps: [String: CommitStamp] = [:]
        return events.map { event in
            let commit = event.commit
            let stamp = stamps[commit.id] ?? {
                let author = mailmap.resolve(name: commit.authorName, email: commit.authorEmail)
                let mapped = commit.withAuthor(name: author.name, email: author.email)
                stamps[commit.id] = mapped
                return mapped
            }()
            return stamp == commit ? event : TimelineEvent(commit: stamp, change: event.change, path: event.path)
        }
    }

    /// `REV`, `A..B` or `^A B` (as in git, any number of `^X` and ranges, one tip; `X^!` and `X^-N` too) → the tip and
    /// the commits to hide; nil when nothing but commits to leave out is given.
    private func resolve(_ revisions: [String], in repository: Repository) throws -> (ObjectID, [ObjectID])? {
        var tips: [(revision: String, id: ObjectID)] = []
        var hidden: [ObjectID] = []
        for revision in revisions {
            // `git vep log veps/`: git log would take a path (one that is no revision).
            if FileManager.default.fileExists(atPath: revision), (try? repository.resolveCommit(revision)) == nil {
                throw Fatal(message: "'\(revision)' is a path, not a revision: git vep log takes no paths; name VEPs by number "
                                + "(`git vep log 183`) or by group (`--group sig-network`)", status: 2)
            }
            // The part a failure names: `^A`'s A.
            var named = revision
            do {
                if revision.contains("...") {
                    let parts = revision.components(separatedBy: "...")
                    let (a, b) = (parts.first.flatMap { $0.isEmpty ? nil : $0 } ?? "HEAD", parts.count > 1 && !parts[1].isEmpty ? parts[1] : "HEAD")
                    throw Fatal(message: "'\(revision)' names two lines of history, and git vep log follows one first-parent line: "
                                    + "give '\(a)..\(b)' for what \(b) adds, or '\(b)..\(a)' for what \(a) adds", status: 2)
                }
                if revision.contains("..") {
                    let range = try repository.parseRange(revision)
                    tips += range.push.map { (revision, $0) }
                    hidden += range.hide
                } else if revision.hasPrefix("^"), revision.count > 1 {
                    named = String(revision.dropFirst())
                    hidden.append(try repository.resolveCommit(named))
                } else if let (base, parent) = Self.parentShorthand(revision) {
                    // `X^!`: X without its parents; `X^-N`: X without its Nth parent (`X^-` is `X^-1`).
                    named = base
                    let tip = try repository.resolveCommit(base)
                    let parents = try repository.parents(of: tip)
                    if let parent {
                        guard parent >= 1, parent <= parents.count else {
                            throw Fatal(message: "bad revision '\(revision)': \(base) has \(parents.count) parent\(parents.count == 1 ? "" : "s")")
                        }
                        hidden.append(parents[parent - 1])
                    } else {
                        hidden += parents
                    }
                    tips.append((revision, tip))
                } else {
                    tips.append((revision, try repository.resolveCommit(revision)))
                }
            } catch let error as GitError {
                if let unborn = unbornBranchMessage(named, repository) { throw Fatal(message: unborn) }
                throw Fatal(message: revisionFailure(named, error))
            }
        }
        // One line of history, however many names it has (`HEAD main`).
        var seen: Set<ObjectID> = []
        tips = tips.filter { seen.insert($0.id).inserted }
        if tips.count > 1 {
            throw Fatal(message: "'\(tips[0].revision)' and '\(tips[1].revision)' are two tips, and git vep log follows one first-parent line: "
                            + "give one, with ^REV or REV.. for what to leave out", status: 2)
        }
        return tips.first.map { ($0.id, hidden) }
    }

    /// `X^!` → (X, nil); `X^-` → (X, 1); `X^-N` → (X, N); nil for anything else.
    static func parentShorthand(_ revision: String) -> (base: String, parent: Int?)? {
        if revision.hasSuffix("^!"), revision.count > 2 { return (String(revision.dropLast(2)), nil) }
        guard let caret = revision.range(of: "^-", options: .backwards), caret.lowerBound > revision.startIndex else { return nil }
        let digits = revision[caret.upperBound...]
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return (String(revision[..<caret.lowerBound]), digits.isEmpty ? 1 : Int(digits) ?? 0)
    }
}

/// A VEP number as people write it: `183`, or `#183` as in issue and pull request titles.
struct VEPNumber: ExpressibleByArgument {
    let value: Int

    init?(_ text: String) {
        let digits = text.hasPrefix("#") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(digits) else { return nil }
        self.value = value
    }

    init?(argument: String) { self.init(argument) }
}

extension Release {
    /// A release as given on the command line: `v1.10`, `1.10`, `v1.10.0` or KubeVirt's branch name `release-1.10`,
    /// nothing else around it.
    static func commandLine(_ argument: String) -> Release? {
        var text = Substring(argument.trimmed)
        if text.hasPrefix("release-") {
            text = text.dropFirst("release-".count)
        } else if text.first == "v" || text.first == "V" {
            text = text.dropFirst()
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        // Digits without leading zeros: `v1.10`, `1.10.2`; not `v1.10.`, `release-v1.10` or `v01.10`.
        guard (2...3).contains(parts.count), parts.allSatisfy({ part in
            !part.isEmpty && part.count <= 6 && part.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && (part == "0" || part.first != "0")
        }), let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        return Release(major: major, minor: minor)
    }
}

extension EventKind: ExpressibleByArgument {}
extension ColorChoice: ExpressibleByArgument {}

/// Which events `git vep log` shows.
struct LogFilter {
    let numbers: Set<Int>
    /// Any of these groups (none: every group).
    let groups: Set<String>
    let kinds: Set<EventKind>
    /// Any of these releases (none: every event).
    let releases: Set<Release>
    let since: Bound?
    let until: Bound?
    let layout: Layout

    /// Whether `path` lies in `group`: read in the tip's layout, or, for a path outside its root (from before a
    /// layout change), in any folder of that name above the file.
    func isInGroup(_ path: String, _ group: String) -> Bool {
        if let parts = layout.components(of: path) { return parts.group == group }
        return path.split(separator: "/").dropLast().contains(Substring(group))
    }

    /// A move between groups belongs to both; other events to the VEP's group at the time.
    func isInGroup(_ event: TimelineEvent, _ group: String) -> Bool {
        var paths = [event.path]
        if event.change.kind == .moved { paths += [event.change.from, event.change.to] }
        return paths.contains { $0.map { isInGroup($0, group) } ?? false }
    }

    func matches(_ event: TimelineEvent) -> Bool {
        let change = event.change
        if !numbers.isEmpty, !numbers.contains(change.vep) { return false }
        if !kinds.isEmpty, !kinds.contains(change.kind) { return false }
        if !groups.isEmpty, !groups.contains(where: { isInGroup(event, $0) }) { return false }
        if !releases.isEmpty {
            let texts = Set(releases.map(\.description))
            if change.kind != .milestone || !(change.from.map(texts.contains) ?? false || change.to.map(texts.contains) ?? false) { return false }
        }
        if let since, !since.admits(event.commit.date, after: true) { return false }
        if let until, !until.admits(event.commit.date, after: false) { return false }
        return true
    }

    /// A limit of `--since` or `--until`: a day, compared with the day each commit's date shows (its own offset, as
    /// the output prints it), so that `--since D --until D` is what the output dates D; or a moment.
    enum Bound: Equatable {
        case day(String)
        case moment(Date)

        /// `2026-06-24` (a day that exists); a moment as `CalendarDay.moment` reads it, also git's `--date=iso` form
        /// (`2026-06-24 13:30:00 +0200`); `@1750771800`; and what git's own approximate dates are most written as:
        /// `now`, `yesterday` (a day before now, as in git), `2 weeks ago`, `3.days.ago` (seconds to years; a month or
        /// year back is the same date that many months or years earlier, UTC).
        init?(_ written: String, now: Date = Bound.now) {
            let text = written.trimmed
            if let moment = CalendarDay.moment(text) {
                self = moment.hasTime ? .moment(moment.date) : .day(text)
                return
            }
            if text.hasPrefix("@"), text.count > 1, text.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }), let seconds = Int64(text.dropFirst()) {
                self = .moment(Date(timeIntervalSince1970: TimeInterval(seconds)))
                return
            }
            let words = text.lowercased().split { $0 == " " || $0 == "." || $0 == "_" }.map(String.init)
            switch words {
            case ["now"]: self = .moment(now)
            case ["yesterday"]: self = .moment(now.addingTimeInterval(-86_400))
            default:
                guard words.count == 3 || words.count == 2, words.count == 2 || words[2] == "ago",
                      words[0].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let count = Int(words[0]) else { return nil }
                let unit = words[1].hasSuffix("s") ? String(words[1].dropLast()) : words[1]
                let seconds: [String: Double] = ["second": 1, "minute": 60, "hour": 3600, "day": 86_400, "week": 604_800]
                if let step = seconds[unit] {
                    self = .moment(now.addingTimeInterval(-Double(count) * step))
                    return
                }
                // As git: the same day of the month that many months back on the local calendar (TZ), a day past the
                // month's end running on into the next (one month before March 31 is March 3).
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = TimeZone.current
                var parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: now)
                switch unit {
                case "month": parts.month = parts.month.flatMap { $0.subtractingReportingOverflow(count).overflow ? nil : $0 - count }
                case "year": parts.year = parts.year.flatMap { $0.subtractingReportingOverflow(count).overflow ? nil : $0 - count }
                default: return nil
                }
                guard parts.month != nil, parts.year != nil, let date = calendar.date(from: parts) else { return nil }
                self = .moment(date)
            }
        }

        /// The moment relative dates count back from: now, or git's `GIT_TEST_DATE_NOW` (seconds since 1970) when set,
        /// as git's own approximate dates take it.
        static var now: Date {
            if let text = ProcessInfo.processInfo.environment["GIT_TEST_DATE_NOW"], let seconds = Int64(text) {
                return Date(timeIntervalSince1970: TimeInterval(seconds))
            }
            return Date()
        }

        /// Whether a commit dated `date` (ISO 8601 with its offset) is on the right side: at or after the bound for
        /// `--since`, at or before it for `--until`.
        func admits(_ date: String, after: Bool) -> Bool {
            switch self {
            case .day(let day):
                let shown = String(date.prefix(10))
                return after ? shown >= day : shown <= day
            case .moment(let moment):
                guard let commit = CalendarDay.moment(date)?.date else { return false }
                return after ? commit >= moment : commit <= moment
            }
        }
    }

    /// No criterion at all: every event matches.
    var isEmpty: Bool {
        numbers.isEmpty && groups.isEmpty && kinds.isEmpty && releases.isEmpty && since == nil && until == nil
    }

    /// Newest commit first; events of one commit keep their order.
    static func newestFirst(_ events: [TimelineEvent]) -> [TimelineEvent] {
        var result: [TimelineEvent] = []
        result.reserveCapacity(events.count)
        var end = events.endIndex
        while end > events.startIndex {
            // The run of events of the commit that ends at `end`.
            var start = end - 1
            while start > events.startIndex, events[start - 1].commit.id == events[end - 1].commit.id { start -= 1 }
            result.append(contentsOf: events[start..<end])
            end = start
        }
        return result
    }

    /// The events of the first `count` commits of `events`.
    static func limitCommits(_ events: [TimelineEvent], to count: Int) -> [TimelineEvent] {
        var commits = 0
        var end = events.startIndex
        while end < events.endIndex {
            if end == events.startIndex || events[end].commit.id != events[end - 1].commit.id {
                if commits == count { break }
                commits += 1
            }
            end += 1
        }
        return Array(events[..<end])
    }
}

enum LogFormat {
    static func full(_ events: [TimelineEvent], terminal: Terminal, renumberings: Renumberings) -> String {
        var output = ""
        var current: String?
        for event in events {
            if event.commit.id != current {
                if current != nil { output += "\n" }
                current = event.commit.id
                let pr = event.commit.pullRequest.map { " (#\($0))" } ?? ""
                output += terminal.paint("commit \(event.commit.id)", "33") + pr + "\n"
                output += "Author: \(event.commit.authorName.terminalSafe) <\(event.commit.authorEmail.terminalSafe)>\n"
                output += "Date:   \(event.commit.date)\n\n"
                output += "    \(event.commit.subject.terminalSafe)\n\n"
            }
            output += "    " + terminal.paint("VEP \(event.change.vep)", "1") + ": \(renumberings.summary(of: event).terminalSafe)\n"
        }
        return output
    }

    static func oneline(_ event: TimelineEvent, terminal: Terminal, renumberings: Renumberings) -> String {
        let pr = event.commit.pullRequest.map { "#\($0) " } ?? ""
        return terminal.paint(String(event.commit.id.prefix(10)), "33") + " \(event.commit.date.prefix(10)) \(pr)"
            + terminal.paint("VEP \(event.change.vep)", "1") + " \(renumberings.summary(of: event).terminalSafe)"
    }
}
