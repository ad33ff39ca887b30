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

    @Argument(help: ArgumentHelp("VEP numbers to show, then optionally a revision or range.", valueName: "vep-or-revision"))
    var arguments: [String] = []

    @Option(help: ArgumentHelp("Only VEPs of this group (e.g. sig-network).", valueName: "group"))
    var group: String?

    @Option(help: ArgumentHelp("Only events of this kind: created, moved, status, stage, milestone, deleted.", valueName: "kind"))
    var kind: [EventKind] = []

    @Option(help: ArgumentHelp("Only events whose old or new value is this release (e.g. v1.10).", valueName: "release"))
    var release: String?

    @Option(help: ArgumentHelp("Only commits at or after this date (YYYY-MM-DD, UTC, or an ISO 8601 date and time: 2026-06-24T13:30, UTC unless it has an offset).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Only commits at or before this date (YYYY-MM-DD, the whole day in UTC, or an ISO 8601 date and time).", valueName: "date"))
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

    /// `git vep log -3` and `-n3` mean `-n 3`, as in git log.
    static func gitStyleCounts(_ arguments: [String]) -> [String] {
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
            if argument == "--" { literal = true }
            result += isCount ? ["-n", String(digits)] : [argument]
        }
        return result
    }

    var numbers: [Int] { arguments.prefix { Int($0) != nil }.compactMap { Int($0) } }
    var revisionArgument: String? { arguments.drop { Int($0) != nil }.first }

    func validate() throws {
        let rest = arguments.drop { Int($0) != nil }
        if rest.count > 1 {
            // `log HEAD 12`: the numbers come first, as the usage says.
            if let revision = rest.first, rest.dropFirst().allSatisfy({ Int($0) != nil }) {
                throw ValidationError("VEP numbers come before the revision: `git vep log \((rest.dropFirst() + [revision]).joined(separator: " "))`")
            }
            throw ValidationError("give at most one revision or range after the VEP numbers")
        }
        if let release, Release(release) == nil { throw ValidationError("'\(release)' is not a release like v1.10") }
        for date in [since, until].compactMap({ $0 }) where LogFilter.parseDate(date) == nil {
            throw ValidationError("'\(date)' is not a date like 2026-06-24 or a date and time like 2026-06-24T13:30 (UTC) or 2026-06-24T13:30+02:00")
        }
        if let maxCount, maxCount < 0 { throw ValidationError("-n takes a non-negative count") }
        if oneline && json { throw ValidationError("--oneline and --json are two formats: give one") }
    }

    func run() throws {
        let context = try Context.open()
        let repository = context.repository
        var numbers = self.numbers
        var revisionArgument = self.revisionArgument
        // A commit id of digits only (`git log --oneline` prints one now and then) is no VEP number: seven digits or
        // more that name a commit, last and with no revision after them, are that commit.
        if revisionArgument == nil, let last = arguments.last, last.utf8.count >= 7, Int(last) != nil,
           (try? repository.resolveCommit(last)) != nil {
            numbers.removeLast()
            revisionArgument = last
        }
        let (tip, hidden) = try resolve(revisionArgument ?? "HEAD", in: repository)
        let layout = try context.configuration(at: tip.hex).layout

        let events: [TimelineEvent]
        do {
            ObjectMemoryLimits.use(.historyWalk)
            ProcessMemory.returnFreedMemoryPromptly()
            events = try History(repository: repository, useCache: !noCache).events(to: tip, hiding: hidden)
        } catch let error as GitError {
            throw Fatal(message: error.description)
        }
        let filter = LogFilter(numbers: Set(numbers), group: group, kinds: Set(kind), release: release.flatMap(Release.init),
                               since: since.flatMap { LogFilter.parseDate($0) }, until: until.flatMap { LogFilter.parseDate($0, endOfDay: true) },
                               layout: layout)
        var selected = filter.isEmpty ? events : events.filter(filter.matches)
        // A number no event names: a typo, or a VEP of another branch.
        let known = Set(events.map(\.change.vep))
        for number in numbers where !known.contains(number) {
            writeToStandardError("warning: VEP \(number) has no history in \(revisionArgument ?? "HEAD")\n")
        }
        // Nothing for a group that is no folder at the tip: most likely a typo (`compute` for `sig-compute`).
        if selected.isEmpty, let group {
            let files = try TreeSource(repository: repository, treeID: repository.commit(tip).treeID, label: "tip").files(under: layout.root)
            let groups = layout.groups(holding: files.map(\.path)).sorted()
            if !groups.contains(group) {
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
        var output = ""
        if oneline {
            for event in selected {
                output += LogFormat.oneline(event, terminal: terminal)
                output += "\n"
            }
        } else {
            output = LogFormat.full(selected, terminal: terminal)
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

    /// `REV` or `A..B` → the tip and the commits to hide.
    private func resolve(_ revision: String, in repository: Repository) throws -> (ObjectID, [ObjectID]) {
        do {
            if revision.contains("...") {
                let parts = revision.components(separatedBy: "...")
                let (a, b) = (parts.first.flatMap { $0.isEmpty ? nil : $0 } ?? "HEAD", parts.count > 1 && !parts[1].isEmpty ? parts[1] : "HEAD")
                throw Fatal(message: "'\(revision)' names two lines of history, and git vep log follows one first-parent line: "
                                + "give '\(a)..\(b)' for what \(b) adds, or '\(b)..\(a)' for what \(a) adds", status: 2)
            }
            if revision.contains("..") {
                let range = try repository.parseRange(revision)
                guard let tip = range.push.first else { throw Fatal(message: "empty range '\(revision)'") }
                return (tip, range.hide)
            }
            return (try repository.resolveCommit(revision), [])
        } catch let error as GitError {
            if let unborn = unbornBranchMessage(revision, repository) { throw Fatal(message: unborn) }
            throw Fatal(message: revisionFailure(revision, error))
        }
    }
}

extension EventKind: ExpressibleByArgument {}
extension ColorChoice: ExpressibleByArgument {}

/// Which events `git vep log` shows.
struct LogFilter {
    let numbers: Set<Int>
    let group: String?
    let kinds: Set<EventKind>
    let release: Release?
    let since: Date?
    let until: Date?
    let layout: Layout

    /// Whether `path` lies in `group`: read in the tip's layout, or, for a path outside its root (from before a
    /// layout change), in any folder of that name above the file.
    func isInGroup(_ path: String, _ group: String) -> Bool {
        if let parts = layout.components(of: path) { return parts.group == group }
        return path.split(separator: "/").dropLast().contains(Substring(group))
    }

    func matches(_ event: TimelineEvent) -> Bool {
        let change = event.change
        if !numbers.isEmpty, !numbers.contains(change.vep) { return false }
        if !kinds.isEmpty, !kinds.contains(change.kind) { return false }
        if let group {
            // A move between groups belongs to both; other events to the VEP's group at the time.
            var paths = [event.path]
            if change.kind == .moved { paths += [change.from, change.to] }
            if !paths.compactMap({ $0 }).contains(where: { isInGroup($0, group) }) { return false }
        }
        if let release {
            let text = release.description
            if change.kind != .milestone || (change.from != text && change.to != text) { return false }
        }
        if since != nil || until != nil {
            guard let date = Self.parseDate(event.commit.date) else { return false }
            if let since, date < since { return false }
            if let until, date > until { return false }
        }
        return true
    }

    /// A day (`2026-06-24`, UTC): its first second, or with `endOfDay` its last, so that `--since D --until D` is
    /// the whole day D; or a moment (`2026-06-24T13:30`, UTC without an offset, `…+02:00` with one). Strict: a day
    /// that does not exist or a two-digit year is no date.
    static func parseDate(_ text: String, endOfDay: Bool = false) -> Date? {
        guard let moment = CalendarDay.moment(text) else { return nil }
        return endOfDay && !moment.hasTime ? moment.date.addingTimeInterval(86_399) : moment.date
    }

    /// No criterion at all: every event matches.
    var isEmpty: Bool {
        numbers.isEmpty && group == nil && kinds.isEmpty && release == nil && since == nil && until == nil
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
    static func full(_ events: [TimelineEvent], terminal: Terminal) -> String {
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
            output += "    " + terminal.paint("VEP \(event.change.vep)", "1") + ": \(event.change.summary.terminalSafe)\n"
        }
        return output
    }

    static func oneline(_ event: TimelineEvent, terminal: Terminal) -> String {
        let pr = event.commit.pullRequest.map { "#\($0) " } ?? ""
        return terminal.paint(String(event.commit.id.prefix(10)), "33") + " \(event.commit.date.prefix(10)) \(pr)"
            + terminal.paint("VEP \(event.change.vep)", "1") + " \(event.change.summary.terminalSafe)"
    }
}
