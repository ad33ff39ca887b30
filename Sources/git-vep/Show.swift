import ArgumentParser
import VEPCore

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show one VEP's metadata.",
        discussion: "Prints the metadata of VEP NUMBER as read from REV (default HEAD)."
    )

    @Argument(help: "The VEP number (its tracking issue number).")
    var number: Int

    @Option(name: .customLong("rev"), help: ArgumentHelp("The revision to read.", valueName: "rev"))
    var revision = "HEAD"

    @Flag(help: "Print the VEP as one JSON object.")
    var json = false

    func validate() throws {
        guard number > 0 else { throw ValidationError("a VEP number is a positive integer") }
    }

    func run() throws {
        let catalog = try Context.open().catalog(at: revision)
        warn(catalog.problems)
        let matches = catalog.vep(number)
        guard !matches.isEmpty else {
            throw Fatal(message: "no VEP \(number) at \(revision)", status: 1)
        }
        if json {
            print(matches.count == 1 ? try VEPRecord.json(matches[0]) : try VEPRecord.json(matches))
            return
        }
        print(matches.map(describe).joined(separator: "\n\n"))
    }

    private func describe(_ vep: VEP) -> String {
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
            ["created", document.creationDate?.value ?? "-"],
        ]
        if let replaces = document.replaces { rows.append(["replaces", replaces.value]) }
        if let supersededBy = document.supersededBy { rows.append(["superseded by", supersededBy.value]) }
        for file in vep.files { rows.append(["file", file]) }
        for problem in document.problems { rows.append(["problem", "\(vep.path):\(problem.position): \(problem.message)"]) }
        return table(rows.map { [$0[0] + ":", $0[1]] })
    }
}
