import Foundation
import GitKit
import VEPCore

/// What the pre-commit hook decides: the staged VEPs judged against the commit they will follow.
public enum PreCommit {
    /// The hook's answer: what to print (on stderr, as git shows hook output) and the exit status.
    public struct Verdict: Sendable {
        public let findings: [Finding]
        public let message: String
        public let status: Int32
    }

    public static let bypassHint = "`git commit --no-verify` skips this check."
    /// For a merge git commits itself (the pre-merge-commit hook).
    public static let mergeBypassHint = "`git merge --no-verify` skips this check."

    /// Judges the index `repository` was opened with. `amending` judges against HEAD's first parent, the
    /// parent the amended commit will have; `date` is the day the VEP Freeze is judged on.
    /// `environment` carries what git tells the pre-merge-commit hook of the commits it merges (`GITHEAD_<id>`).
    public static func verdict(repository: Repository, amending: Bool, date: String, focused: Bool = true,
                               preloaded: IndexPreload? = nil, environment: [String: String] = [:]) throws -> Verdict {
        trace.begin("index")
        let index = try preloaded?.index(for: repository) ?? repository.index()
        trace.begin("base")
        var base: (commit: ObjectID, label: String)?
        // Amending a merge keeps its parents: the commits it merges are judged as when it was made.
        var amendedMerge: [(id: ObjectID, label: String)] = []
        if let head = try repository.head() {
            if amending {
                let parents = try repository.parents(of: head)
                base = parents.first.map { ($0, "HEAD^ (the parent of the amended commit)") }
                amendedMerge = parents.enumerated().dropFirst().map { ($0.element, "HEAD^\($0.offset + 1)") }
            } else {
                base = (head, "HEAD")
            }
        }
        let baseTree = try base.map { try repository.commit($0.commit).treeID }
        if let baseTree {
            try refuseUnreadableConfiguration(repository: repository, index: index, baseTree: baseTree, label: base!.label)
        }
        let check = StagedCheck(repository: repository, index: index, baseTree: baseTree, baseLabel: base?.label ?? "")
        var findings = try check.findings(date: date, focused: focused)
        // Concluding a merge: what the index takes unchanged from a side it merges is that side's doing, not this
        // commit's. An error stands only if judging the index against every merged commit finds the same rule in the
        // same file, or about the same VEP folder number, too (main's two status steps, merged into a feature branch,
        // are no skip; two sides that each add a VEP 43 clash in whichever file each judgement sees added).
        let merged = base == nil ? [] : amending ? amendedMerge : try mergeHeads(repository, environment: environment)
        if !merged.isEmpty, findings.contains(where: { $0.severity == .error }) {
            let layout = try Discovery.configuration(in: check.indexSource).0.layout
            func places(_ finding: Finding) -> [Place] {
                [Place(rule: finding.rule, path: finding.path)]
                    + (VEPDocument.folderNumber(of: finding.path, layout: layout).map { [Place(rule: finding.rule, path: "VEP \($0)")] } ?? [])
            }
            for commit in merged where findings.contains(where: { $0.severity == .error }) {
                let tree = try repository.commit(commit.id).treeID
                let side = try StagedCheck(repository: repository, index: index, baseTree: tree, baseLabel: commit.label)
                    .findings(date: date, focused: focused)
                let found = Set(side.flatMap(places))
                findings = findings.filter { $0.severity != .error || places($0).contains(where: found.contains) }
            }
        }
        trace.begin("render")
        defer { trace.report("vep-pre-commit") }
        let errors = findings.filter { $0.severity == .error }.count
        var message = LintFormat.human.render(findings, color: false)
        if errors > 0 {
            let against = base.map { " against \($0.label)" + (merged.isEmpty ? "" : " and the merged commit\(merged.count == 1 ? "" : "s")") } ?? ""
            if isMergeCommittedByGit(environment: environment) {
                message += "vep-pre-commit: merge refused: \(errors) error\(errors == 1 ? "" : "s") in the merged VEPs\(against).\n"
                message += "The merge is left uncommitted: fix \(errors == 1 ? "it" : "them"), stage the fix with `git add`, and "
                    + "`git commit` to conclude the merge, or `git merge --abort`; \(mergeBypassHint)\n"
            } else {
                message += "vep-pre-commit: commit refused: \(errors) error\(errors == 1 ? "" : "s") in the staged VEPs\(against).\n"
                message += "Fix \(errors == 1 ? "it" : "them"), stage the fix with `git add`, and commit again; \(bypassHint)\n"
            }
        }
        return Verdict(findings: findings, message: message, status: errors > 0 ? 1 : 0)
    }

    /// A finding's rule and file (or VEP folder number): not its line, nor its words, which depend on the base it was
    /// judged against.
    private struct Place: Hashable {
        let rule: String
        let path: String
    }

    /// The commits a merge in progress merges; none outside a merge. A `git commit` that concludes a merge which
    /// stopped finds them in `MERGE_HEAD` (one per line); a line that is not a commit id fails the check rather than
    /// be skipped, as the index would then be judged against HEAD alone. A merge git commits itself runs the
    /// pre-merge-commit hook before it writes `MERGE_HEAD`, and names each merged commit in a `GITHEAD_<id>`
    /// variable (its value is the branch as given to `git merge`).
    static func mergeHeads(_ repository: Repository, environment: [String: String] = [:]) throws -> [(id: ObjectID, label: String)] {
        if let data = FileManager.default.contents(atPath: repository.gitDirectory + "/MERGE_HEAD") {
            return try String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map { line in
                guard let id = try? repository.resolveCommit(String(line.trimmingCharacters(in: .whitespaces))) else {
                    throw PreCommitFailure("MERGE_HEAD names `\(line.prefix(80))`, which is not a commit here; "
                        + "finish or abort the merge with git (`git merge --abort`)")
                }
                return (id, "MERGE_HEAD")
            }
        }
        return mergedByGit(repository: repository, environment: environment)
    }

    /// The commits named by git merge's `GITHEAD_<id>` variables that are commits here, in id order, when the hook
    /// runs as pre-merge-commit (the hook script says which in `GIT_VEP_HOOK`): a stray variable on a plain commit
    /// excuses nothing. One that is not a commit here is left out: the index is then judged against fewer commits,
    /// which refuses more, never less.
    static func mergedByGit(repository: Repository, environment: [String: String]) -> [(id: ObjectID, label: String)] {
        guard isMergeCommittedByGit(environment: environment) else { return [] }
        return environment.compactMap { name, value -> (id: ObjectID, label: String)? in
            guard name.hasPrefix("GITHEAD_") else { return nil }
            let hex = String(name.dropFirst("GITHEAD_".count))
            guard hex.count == 40 || hex.count == 64, hex.allSatisfy(\.isHexDigit),
                  let id = try? repository.resolveCommit(hex), id.hex == hex.lowercased() else { return nil }
            return (id, value.isEmpty ? hex : value)
        }.sorted { $0.id.hex < $1.id.hex }
    }

    /// Whether this hook runs for a merge `git merge` (or `git pull`) commits itself: git's pre-merge-commit hook, as
    /// the hook script says.
    public static func isMergeCommittedByGit(environment: [String: String]) -> Bool {
        environment["GIT_VEP_HOOK"] == "pre-merge-commit"
    }

    /// Policy comes from the base's `.vep.yaml`; when that cannot be read and the commit does not replace it,
    /// nothing trustworthy decides, so the commit is refused rather than judged by defaults.
    static func refuseUnreadableConfiguration(repository: Repository, index: Index, baseTree: ObjectID, label: String) throws {
        let source = TreeSource(repository: repository, treeID: baseTree, label: label)
        guard let file = try source.file(at: Configuration.fileName),
              index.entry(path: Configuration.fileName)?.id.hex == file.contentID else { return }
        let problems = try Discovery.configuration(in: source).1.filter { $0.problem.code == "config-yaml" }
        guard let first = problems.first else { return }
        throw PreCommitFailure("`.vep.yaml` in \(label) cannot be read: line \(first.problem.position.line): "
            + "\(first.problem.message.split(separator: "\n").first ?? ""); without it no policy decides. "
            + "Fix `.vep.yaml` (a commit that repairs it is judged as usual)")
    }

    /// The freeze day: the UTC day of the committer date git will record (`GIT_COMMITTER_DATE`, when set and
    /// readable), else today (UTC): the day `git vep lint --rev` judges the commit on.
    public static func day(environment: [String: String], now: Date = Date()) -> String {
        guard let value = environment["GIT_COMMITTER_DATE"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return utcDay(now) }
        return committerDate(value).map(utcDay) ?? utcDay(now)
    }

    /// A date as git takes `GIT_COMMITTER_DATE`: `@1750771800 +0200` or `1750771800 +0200` (git's own), ISO 8601
    /// (`2026-06-24T23:30-05:00`, `2026-06-24 23:30:00 -0500`; without an offset, local time, as git reads it), a day
    /// (`2026-06-24`), or RFC 2822 (`Wed, 24 Jun 2026 23:30:00 -0500`); nil for anything else.
    static func committerDate(_ text: String) -> Date? {
        let raw = text.hasPrefix("@") ? String(text.dropFirst()) : text
        if let first = raw.split(separator: " ").first, first.allSatisfy({ $0.isASCII && $0.isNumber }), let seconds = Double(first) {
            return Date(timeIntervalSince1970: seconds)
        }
        if let moment = CalendarDay.moment(text) {
            guard moment.hasTime, !moment.hasOffset else { return moment.date }
            return moment.date.addingTimeInterval(-Double(TimeZone.current.secondsFromGMT(for: moment.date)))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        for format in ["EEE, d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm:ss Z"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    static func utcDay(_ date: Date) -> String { CalendarDay.utc(date) }

    /// Whether the `git` process that runs this hook is `git commit --amend`: git tells a pre-commit hook
    /// nothing about it, so its command line is read (Linux `/proc`); elsewhere this answers false.
    public static func isAmending(processID: Int32 = getppid()) -> Bool {
        var pid = processID
        for _ in 0..<4 where pid > 1 {
            let arguments = commandLine(of: pid)
            if let program = arguments.first, (program as NSString).lastPathComponent == "git" {
                return isAmend(arguments)
            }
            guard let parent = parentProcess(of: pid) else { return false }
            pid = parent
        }
        return false
    }

    /// `git [options] commit … --amend …`, or an alias of commit given `--amend` (git's unique-prefix spellings too).
    static func isAmend(_ arguments: [String]) -> Bool {
        for argument in arguments.dropFirst() {
            if argument == "--" { return false }
            if argument.count >= 4, "--amend".hasPrefix(argument) { return true }
        }
        return false
    }

    static func commandLine(of pid: Int32) -> [String] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return [] }
        return data.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
    }

    static func parentProcess(of pid: Int32) -> Int32? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        // `pid (comm) state ppid …`; comm may hold spaces and parentheses, so read after the last `)`.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? Int32(fields[1]) : nil
    }
}

/// Phase timings of the hook (GIT_VEP_TRACE_PERFORMANCE).
let trace = PhaseTrace()

/// A failure that refuses the commit with its message.
public struct PreCommitFailure: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
