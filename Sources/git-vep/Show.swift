import ArgumentParser
import GitKit
import VEPCore

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one VEP's metadata.",
        discussion: "Prints the metadata of VEP NUMBER as read from REV (default HEAD)."
    )

    @Argument(help: ArgumentHelp("The VEP number (its tracking issue number: 183 or #183).", valueName: "number"))
    var vep: VEPNumber

    var number: Int { vep.value }

    @Option(name: .customLong("rev"), help: ArgumentHelp("The revision to read.", valueName: "rev"))
    var revision = "HEAD"

    @Flag(help: "Print the VEP as one JSON object.")
    var json = false

    @Flag(help: "Leave out the timeline.")
    var noTimeline = false

    @Flag(name: [.customLong("mailmap"), .customLong("use-mailmap")], inversion: .prefixedNo,
          help: "Show the timeline's authors as .mailmap maps them (default: log.mailmap, else on, as in git log).")
    var mailmap: Bool?

    func validate() throws {
        guard number > 0 else { throw ValidationError("a VEP number is a positive integer") }
    }

    func run() throws {
        let context = try Context.open()
        let catalog = try context.catalog(at: revision)
        warn(catalog.problems)
        let matches = catalog.vep(number)
        guard !matches.isEmpty else {
            // What became of it, when history knows (upstream renumbered VEP 22 to 25 in #96).
            let timeline = (try? context.timeline(at: revision)) ?? []
            let last = timeline.last { $0.change.vep == number }
            let fate = last.map { event in
                // The same commit created another number at that path: renumbered (upstream's VEP 22 became 25).
                let what = Renumberings(timeline).note(for: event).map { "\($0) at" } ?? "deleted from"
                return "; it was \(what) \((event.change.from ?? "?").terminalSafe) in \(event.commit.id.prefix(10)) (\(event.commit.date.prefix(10))) "
                    + "\"\(event.commit.subject.terminalSafe)\" (`git vep log \(number)` has its timeline)"
            } ?? ""
            throw Fatal(message: "no VEP \(number) at \(revision)\(fate)", status: 1)
        }
        let history = noTimeline ? [] : try context.timeline(at: revision)
        let renumberings = Renumberings(history)
        var timeline = history.filter { $0.change.vep == number }
        // Authors as `git vep log` and `git show` give them.
        if mailmap ?? context.repository.configBool("log.mailmap") ?? true {
            timeline = Log.mapAuthors(timeline, with: Mailmap(repository: context.repository))
        }
        if json {
            writeToStandardOutput(try VEPRecord.json(matches, timeline: noTimeline ? nil : timeline, single: matches.count == 1) + "\n")
            return
        }
        // Without a `creation-date` (legacy prose has none), the day history first has it, under any earlier number.
        var firstSeen = history.firstIndex { $0.change.vep == number && $0.change.kind == .created }
        var followed: Set<Int> = [number]
        // The earlier number's creation that led to the renumbering: its last one before it.
        while let index = firstSeen, let earlier = renumberings.predecessor(of: history[index]), followed.insert(earlier).inserted,
              let before = history[..<index].lastIndex(where: { $0.change.vep == earlier && $0.change.kind == .created }) {
            firstSeen = before
        }
        var text = matches.map { describe($0, firstSeen: firstSeen.map { history[$0] }) }.joined(separator: "\n\n")
        if !timeline.isEmpty {
            // The PR column as wide as its widest entry (`-`, `#11`, `#238`), so that the changes line up.
            let pullRequests = timeline.map { $0.commit.pullRequest.map { "#\($0)" } ?? "-" }
            let width = pullRequests.map(\.count).max() ?? 1
            text += "\n\ntimeline:\n" + zip(timeline, pullRequests).map { event, pullRequest in
                let padded = pullRequest + String(repeating: " ", count: width - pullRequest.count)
                return "  \(event.commit.date.prefix(10))  \(event.commit.id.prefix(10))  \(padded)  \(renumberings.summary(of: event).terminalSafe)"
            }.joined(separator: "\n")
        }
        writeToStandardOutput(text + "\n")
    }

    private func describe(_ vep: VEP, firstSeen: TimelineEvent?) -> String {
        let document = vep.document
        let targets = vep.milestones
        func list(_ values: [Located<String>]) -> String { values.isEmpty ? "-" : values.map(\.value).joined(separator: ", ") }
        var rows: [[String]] = [
            ["VEP", "\(vep.number): \(vep.title)"],
            ["path", vep.path],
            ["group", vep.group ?? "-"],
            ["format", vep.format.rawValue],
            ["status", vep.status?.rawValue ?? "-"],
            ["stage", vep.stage?.rawValue ?? "-"],
        ]
        for stage in Stage.allCases {
            rows.append(["\(stage.displayName) target", targets[stage]?.value.description ?? "-"])
        }
        rows += [
            ["authors", list(document.authors)],
            ["reviewers", list(document.reviewers)],
            ["approvers", list(document.approvers)],
            ["owning SIG", document.owningSIG?.value ?? "-"],
            ["participating", list(document.participatingSIGs)],
            ["feature gate", document.featureGate?.value ?? "-"],
            ["created", document.creationDate?.value
                ?? firstSeen.map { "- (in history since \($0.commit.date.prefix(10)), \($0.commit.id.prefix(10)))" } ?? "-"],
        ]
        if let replaces = document.replaces { rows.append(["replaces", replaces.value]) }
        if let supersededBy = document.supersededBy { rows.append(["superseded by", supersededBy.value]) }
        for file in vep.files { rows.append(["file", file]) }
        for problem in document.problems { rows.append(["problem", "\(vep.path):\(problem.position): \(problem.message)"]) }
        return table(rows.map { [$0[0] + ":", $0[1]] })
    }
}
