import ArgumentParser
import Foundation
import GitKit
import VEPCore
import VEPGit

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check VEPs against the rules: structure, front matter, status, transitions and the VEP Freeze.",
        discussion: """
        Without options, checks every VEP in the working tree, judging transitions (status, stage, \
        number, deletions, freeze) against HEAD. --staged checks the VEPs changed in the index against \
        HEAD; --rev REV the VEPs changed by REV against its first parent; --range BASE..HEAD (CI) every \
        VEP changed between the merge base of BASE and HEAD and HEAD, judged against that merge base. \
        PATHS limit the check to files at or under them.

        Rule severities (.vep.yaml `rules:`), the release schedule and freeze exceptions are read from \
        the base revision, so a change cannot relax its own check; the layout from the checked snapshot. \
        The freeze is judged on the committer date (UTC) of the checked commit for --rev and --range, \
        on today (UTC) otherwise, or on --date.

        Exit status: 0 when nothing of error severity was found, 1 when something was, 2 on usage or \
        internal errors. `git vep explain ID` explains a rule.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case human, json, github, sarif, markdown
    }

    @Flag(help: "Check what is staged in the index (GIT_INDEX_FILE is honoured) against HEAD.")
    var staged = false

    @Option(name: .customLong("rev"), help: ArgumentHelp("Check the VEPs changed by this commit, against its first parent.", valueName: "rev"))
    var revision: String?

    @Option(help: ArgumentHelp("Check every VEP changed between the merge base of BASE and HEAD, and HEAD.", valueName: "base..head"))
    var range: String?

    @Option(help: ArgumentHelp("Output format: human, json, github (workflow annotations) or sarif; markdown with --list-rules.", valueName: "format"))
    var format: Format = .human

    @Option(help: ArgumentHelp("Colour: auto, always or never (default: color.ui, else auto).", valueName: "when"))
    var color: ColorChoice?

    @Option(help: ArgumentHelp("Judge the VEP Freeze on this day (YYYY-MM-DD) instead.", valueName: "date"))
    var date: String?

    @Flag(help: "List every rule with its id, default severity and name, and exit.")
    var listRules = false

    @Argument(help: ArgumentHelp("Only files at or under these paths.", valueName: "path"))
    var paths: [String] = []

    func validate() throws {
        if [staged, revision != nil, range != nil].filter({ $0 }).count > 1 {
            throw ValidationError("give at most one of --staged, --rev and --range")
        }
        if let range, !range.contains("..") { throw ValidationError("--range takes BASE..HEAD, not '\(range)'") }
        if let date, !Self.isDay(date) { throw ValidationError("'\(date)' is not a date like 2026-06-24") }
        if format == .markdown && !listRules { throw ValidationError("--format markdown goes with --list-rules") }
        if listRules && [.github, .sarif].contains(format) { throw ValidationError("--list-rules prints human, json or markdown") }
    }

    func run() throws {
        if listRules {
            writeToStandardOutput(Self.ruleList(format))
            return
        }
        let repository: Repository
        do { repository = try Repository.open() } catch let error as GitError { throw Fatal(message: error.message, status: 2) }
        repository.fetchesMissingObjects = true
        let findings: [Finding]
        do {
            findings = try lint(repository)
        } catch let error as Fatal {
            throw error
        } catch let error as GitError {
            throw Fatal(message: error.description, status: 2)
        } catch {
            throw Fatal(message: "\(error)", status: 2)
        }
        let terminal = try Terminal.decide(color, repository: repository)
        let output = LintFormat(rawValue: format.rawValue).map { $0.render(findings, color: terminal.color && $0 == .human) } ?? ""
        writeToStandardOutput(output)
        if findings.contains(where: { $0.severity == .error }) { Foundation.exit(1) }
    }

    private func lint(_ repository: Repository) throws -> [Finding] {
        let head: LintSnapshot
        var base: LintSnapshot?
        var day = date
        var changedOnly = true
        // The base is read first: the head is read in its layout (see `layout-change`).
        func tree(_ id: ObjectID, _ label: String, layout: Layout? = nil) throws -> LintSnapshot {
            try LintSnapshot.read(TreeSource(repository: repository, treeID: try repository.commit(id).treeID, label: label), layout: layout)
        }
        func commitDay(_ id: ObjectID) throws -> String { Self.utcDay(try repository.commit(id).committer.time) }
        if let revision {
            if revision.contains("..") {
                throw Fatal(message: "--rev takes one commit, and '\(revision)' is a range: check a range with --range \(revision)", status: 2)
            }
            let id = try resolve(revision, repository)
            if let parent = try repository.parents(of: id).first { base = try tree(parent, "\(revision)^") }
            head = try tree(id, revision, layout: base?.layout)
            day = try day ?? commitDay(id)
        } else if let range {
            let symmetric = range.contains("...")
            let parts = range.components(separatedBy: symmetric ? "..." : "..")
            guard parts.count == 2 else { throw Fatal(message: "bad revision range '\(range)'", status: 2) }
            let from = try resolve(parts[0].isEmpty ? "HEAD" : parts[0], repository)
            let to = try resolve(parts[1].isEmpty ? "HEAD" : parts[1], repository)
            guard let mergeBase = try repository.mergeBase(from, to) else {
                throw Fatal(message: "'\(parts[0])' and '\(parts[1])' have no merge base", status: 2)
            }
            base = try tree(mergeBase, mergeBase.abbreviated(10))
            head = try tree(to, parts[1], layout: base?.layout)
            day = try day ?? commitDay(to)
        } else {
            if let id = try repository.head() { base = try tree(id, "HEAD") }
            if staged {
                head = try LintSnapshot.read(IndexSource(repository: repository), layout: base?.layout)
            } else {
                guard let workTree = repository.workingDirectory else {
                    throw Fatal(message: "this operation must be run in a work tree (or give --rev or --range)", status: 2)
                }
                head = try LintSnapshot.read(DirectorySource(directory: URL(fileURLWithPath: workTree)), layout: base?.layout)
                changedOnly = false
            }
        }
        let context = LintContext(head: head, base: base, date: day ?? Self.utcDay(Date()))
        let paths = relativePaths(repository)
        // As git says of a pathspec that matches nothing: a mistyped folder would otherwise pass in silence.
        let known = head.files.map(\.path) + (base?.files.map(\.path) ?? [])
        for path in paths where !(path.isEmpty || path == ".") && !known.contains(where: { $0 == path || $0.hasPrefix(path + "/") }) {
            throw Fatal(message: "'\(path)' matches no file lint checks in \(head.label) (the VEPs under \(head.layout.root)/, and .vep.yaml)",
                        status: 2)
        }
        return Linter.lint(context, scope: LintScope(changedOnly: changedOnly, paths: paths))
    }

    private func resolve(_ revision: String, _ repository: Repository) throws -> ObjectID {
        do { return try repository.resolveCommit(revision) } catch let error as GitError {
            throw Fatal(message: revisionFailure(revision, error), status: 2)
        }
    }

    /// Paths as given, made relative to the top of the work tree when run from a subfolder.
    private func relativePaths(_ repository: Repository) -> [String] {
        guard let top = repository.workingDirectory else { return paths }
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).resolvingSymlinksInPath().path
        let topPath = URL(fileURLWithPath: top).resolvingSymlinksInPath().path
        return paths.map { path in
            let absolute = path.hasPrefix("/") ? path : current + "/" + path
            let standard = URL(fileURLWithPath: absolute).standardizedFileURL.path
            if standard == topPath { return "" }
            return standard.hasPrefix(topPath + "/") ? String(standard.dropFirst(topPath.count + 1)) : path
        }
    }

    static func isDay(_ text: String) -> Bool { NameShapes.isCalendarDate(text) }

    static func utcDay(_ date: Date) -> String { CalendarDay.utc(date) }

    static func ruleList(_ format: Format) -> String {
        switch format {
        case .markdown:
            return RuleDocumentation.markdown()
        case .json:
            let objects = RuleCatalog.descriptions.map { rule in
                "  {\"id\": \(LintFormat.quote(rule.identifier)), \"severity\": \(LintFormat.quote(rule.severity.rawValue)), "
                    + "\"name\": \(LintFormat.quote(rule.name)), \"explanation\": \(LintFormat.quote(rule.explanation))}"
            }
            return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
        default:
            return table([["RULE", "SEVERITY", "NAME"]] + RuleCatalog.descriptions.map { [$0.identifier, $0.severity.rawValue, $0.name] }) + "\n"
                + "\nChecked by vep-pre-receive only (git vep explain ID):\n"
                + table([["CHECK", "NAME"]] + ServerCheck.all.map { [$0.identifier, $0.name] }) + "\n"
        }
    }
}
