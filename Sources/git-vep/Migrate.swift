import ArgumentParser
import Foundation
import GitKit
import VEPCore
import VEPGit

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rewrite legacy Target releases prose into VEP 282 front matter, in the working tree.",
        discussion: """
        For each VEP (by number, or --all for every VEP without front matter in the working tree) adds the \
        front matter block with the VEP's title, number and every target as its milestone (normalized: \
        v1.9.0 → v1.9; targets of continuation documents included), and replaces the Target releases \
        section with a short note that quotes what the prose said. The rest of the body is kept as it was.

        Legacy VEPs have no status, so none is written unless --status gives one (VEP 282 leaves it to the \
        SIG chairs: provisional, or implementable/implemented when they know better); a comment marks the \
        place. creation-date is the day the VEP first appeared in history; the author is taken from the GitHub \
        no-reply address of the commit that added the file, when it has one. What a person still has to fill in (status, authors, \
        feature-gate, a meta-VEP's owning SIG) is listed, and `git vep lint` points at it.

        Committed, the migration produces no event in `git vep log`: the targets are the same, and nothing \
        else the timeline follows changed (with --status, the status appears: one status event from \
        nothing). --dry-run prints the diff instead of writing. Nothing is staged.
        """
    )

    @Argument(help: ArgumentHelp("Numbers of the VEPs to migrate.", valueName: "number"))
    var numbers: [Int] = []

    @Flag(help: "Migrate every VEP of the working tree that has no front matter.")
    var all = false

    @Flag(help: "Print the changes as a unified diff; write nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("The status to record (default: none; the SIG sets it).", valueName: "status"))
    var status: Status?

    func validate() throws {
        if all && !numbers.isEmpty { throw ValidationError("give VEP numbers or --all, not both") }
        if !all && numbers.isEmpty { throw ValidationError("give the numbers of the VEPs to migrate, or --all") }
    }

    func run() throws {
        let context = try Context.open()
        let repository = context.repository
        guard let workTree = repository.workingDirectory else { throw Fatal(message: "git vep migrate rewrites the working tree; there is none") }
        let source = DirectorySource(directory: URL(fileURLWithPath: workTree))
        let catalog: Catalog
        do { catalog = try Discovery.catalog(of: source) } catch { throw Fatal(message: "reading the working tree: \(error)") }
        warn(catalog.problems)
        let layout = catalog.configuration.layout

        var selected: [VEP] = []
        if all {
            selected = catalog.veps.filter(Migration.needsMigration)
        } else {
            for number in numbers {
                let matches = catalog.vep(number)
                guard let vep = matches.first else {
                    // A document that is a symbolic link is no VEP document (lint says `document-symlink`): say so.
                    let links = (try? source.symbolicLinks(under: layout.root)) ?? []
                    if let link = links.first(where: { VEPDocument.folderNumber(of: $0.path, layout: layout) == number }) {
                        throw Fatal(message: "VEP \(number)'s document \(link.path) is a symbolic link (to \(link.target)), not a file; "
                                    + "replace it with the file it points to, then migrate", status: 1)
                    }
                    throw Fatal(message: "no VEP \(number) in the working tree", status: 1)
                }
                if let unreadable = vep.document.problems.first(where: { $0.code == "document-unreadable" }) {
                    throw Fatal(message: "VEP \(number) (\(vep.path)) cannot be migrated: \(unreadable.message)", status: 1)
                }
                if Migration.needsMigration(vep) {
                    selected.append(vep)
                } else {
                    writeToStandardError("VEP \(number) already has front matter (\(vep.path)); skipped\n")
                }
            }
        }
        guard !selected.isEmpty else {
            writeToStandardError("nothing to migrate\n")
            return
        }

        // What history knows: the day each VEP appeared and who added it.
        var created: [Int: TimelineEvent] = [:]
        if try repository.head() != nil {
            for event in try context.timeline(at: "HEAD") where event.change.kind == .created && created[event.change.vep] == nil {
                created[event.change.vep] = event
            }
        }
        // A file in the middle of a merge would be migrated with one side's targets and the other's left in the body.
        let conflicted = Set((try? repository.index().entries.filter { $0.stage != 0 }.map(\.path)) ?? [])
        var output = ""
        for vep in selected {
            var texts: [String: String] = [:]
            for path in [vep.path] + vep.continuations.map(\.path) {
                guard let data = FileManager.default.contents(atPath: workTree + "/" + path), let text = String(data: data, encoding: .utf8) else {
                    throw Fatal(message: "cannot read \(path)")
                }
                if conflicted.contains(path) || Self.hasConflictMarkers(text) {
                    throw Fatal(message: "\(path) has unresolved merge conflicts; resolve them (and `git add` the file) before migrating VEP \(vep.number)",
                                status: 1)
                }
                texts[path] = text
            }
            let event = created[vep.number]
            // The commit's author wrote the VEP only when that commit added the file: one that made an existing file a VEP
            // (metadata added, a number fixed, a renumbering) was most likely someone else's.
            let added = try event.map { try Self.commitAddedFile($0, in: repository) } ?? false
            let facts = MigrationFacts(status: status, creationDate: event.map { String($0.commit.date.prefix(10)) } ?? New.today(),
                                       authors: added ? event.flatMap { Scaffold.handle(fromEmail: $0.commit.authorEmail) }.map { [$0] } ?? [] : [])
            let rewrites = Migration.rewrites(of: vep, texts: texts, facts: facts, layout: layout)
            if dryRun {
                for rewrite in rewrites { output += UnifiedDiff.render(path: rewrite.path, before: rewrite.before, after: rewrite.after) }
                continue
            }
            for rewrite in rewrites {
                let path = workTree + "/" + rewrite.path
                // A new file replaces the old one whole, with its permissions (an executable bit git records).
                do {
                    try FileWriter.replace(path, Array(rewrite.after.utf8))
                } catch {
                    throw Fatal(message: "cannot write \(rewrite.path): \((error as? FileWriter.Failure)?.reason ?? "\(error)") (the file is as it was)")
                }
            }
            let targets = Stage.allCases.compactMap { stage in vep.milestones[stage].map { "\(stage.rawValue) \($0.value)" } }
            output += "migrated VEP \(vep.number): \(rewrites.map(\.path).joined(separator: ", ")) (\(targets.isEmpty ? "no targets" : targets.joined(separator: ", "))\(status.map { "; status \($0.rawValue)" } ?? ""))\n"
            let missing = Migration.stillMissing(vep, facts: facts, layout: layout, text: texts[vep.path] ?? "")
            if !missing.isEmpty { output += "  still to fill in: \(missing.joined(separator: ", "))\n" }
            let unused = ([vep.path] + vep.continuations.map(\.path)).flatMap { Migration.unusedTargetLines(in: texts[$0] ?? "") }
            if !unused.isEmpty {
                output += "  not a stage, so only quoted in the note: \(unused.map { "`\($0.terminalSafe)`" }.joined(separator: ", "))\n"
            }
            // What history suggested is a guess: the first commit git-vep knew the VEP by may be a reorganisation.
            if let event {
                let guessed = facts.authors.isEmpty ? "creation-date \(facts.creationDate) comes"
                    : "creation-date \(facts.creationDate) and authors \(facts.authors.joined(separator: ", ")) come"
                output += "  to check: \(guessed) from commit \(event.commit.id.prefix(10)), where git-vep first finds VEP \(vep.number) "
                    + "(`git log --follow -- \(event.path ?? vep.path)` may know an older one)\n"
            }
        }
        writeToStandardOutput(output)
    }

    /// Whether the commit of a `created` event added the file it names (its first parent has none there), and is no
    /// merge (whose author merged what someone else wrote).
    static func commitAddedFile(_ event: TimelineEvent, in repository: Repository) throws -> Bool {
        guard let path = event.change.to, let commit = ObjectID(hex: event.commit.id) else { return false }
        guard try repository.parents(of: commit).count <= 1 else { return false }
        guard let parent = try repository.treeAndFirstParent(of: commit).firstParent else { return true }
        return try repository.tree(at: path, in: repository.treeAndFirstParent(of: parent).tree) == nil
    }
}

extension Migrate {
    /// Whether `text` holds the lines git writes around a conflict (`<<<<<<< ours` … `>>>>>>> theirs`).
    static func hasConflictMarkers(_ text: String) -> Bool {
        var opened = false
        for line in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if line.starts(with: "<<<<<<< ".utf8) || line.elementsEqual("<<<<<<<".utf8) { opened = true }
            if opened, line.starts(with: ">>>>>>> ".utf8) || line.elementsEqual(">>>>>>>".utf8) { return true }
        }
        return false
    }
}

extension Status: ExpressibleByArgument {}
