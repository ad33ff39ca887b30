import ArgumentParser
import VEPCore

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every VEP at a revision, sorted by number.",
        discussion: """
        Reads the VEPs from the tree of REV (default HEAD), in the layout of that \
        revision's .vep.yaml or the default veps/<group>/<number>-<slug>/vep.md. \
        Targets are normalized releases; `-` means none.
        """
    )

    @Option(name: .customLong("rev"), help: ArgumentHelp("The revision to read.", valueName: "rev"))
    var revision = "HEAD"

    @Flag(help: "Print one JSON array of VEP objects.")
    var json = false

    func run() throws {
        let catalog = try Context.open().catalog(at: revision)
        warn(catalog.problems)
        if json {
            writeToStandardOutput(try VEPRecord.json(catalog.veps) + "\n")
            return
        }
        var rows = [["VEP", "GROUP", "STATUS", "STAGE", "ALPHA", "BETA", "GA", "TITLE"]]
        for vep in catalog.veps {
            let targets = vep.milestones
            rows.append([
                String(vep.number), vep.group ?? "-", vep.status?.rawValue ?? "-", vep.stage?.rawValue ?? "-",
                targets.alpha?.value.description ?? "-", targets.beta?.value.description ?? "-",
                targets.ga?.value.description ?? "-", vep.title,
            ])
        }
        writeToStandardOutput(table(rows) + "\n")
    }
}
