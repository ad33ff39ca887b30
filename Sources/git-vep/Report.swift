import ArgumentParser
import Foundation
import GitKit
import VEPCore
import VEPGit

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The release team's view of one release: every VEP targeting it, by SIG, and those that slipped.",
        discussion: """
        Lists, for one release, every VEP that targets it at any stage (alpha, beta or GA), grouped by owning \
        SIG: number, title, status, the stage targeted in the release, its other targets, the day it was \
        accepted — became implementable with a target in the release (front matter), or first targeted it \
        (legacy prose, which has no status) — and whether that was on or before the release's VEP Freeze \
        (`releases:` in .vep.yaml; unknown without one). VEPs that targeted the release at some point and no \
        longer do are listed as slipped, with where their target went.

        Without --release: the earliest scheduled release whose VEP Freeze is not past, else the highest \
        release any VEP targets. VEPs link to their tracking issue: the VEP number is the issue number, the \
        repository is `repository: owner/repo` in .vep.yaml, else the origin remote's URL.

        Formats: table (default), json (one array; slipped VEPs included with slipped true), markdown (to \
        paste into the release's tracking issue), html (one self-contained page with a chart of each VEP's \
        stage targets across releases). -o writes to a file instead of standard output.
        """
    )

    @Option(help: ArgumentHelp("The release, e.g. v1.9.", valueName: "release"))
    var release: String?

    @Option(name: .customLong("rev"), help: ArgumentHelp("The revision to read VEPs and history from.", valueName: "rev"))
    var revision = "HEAD"

    @Option(help: ArgumentHelp("table, json, markdown or html.", valueName: "format"))
    var format: ReleaseReport.Format = .table

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Write the report to this file.", valueName: "file"))
    var output: String?

    func validate() throws {
        if let release, Release.commandLine(release) == nil { throw ValidationError("'\(release)' is not a release like v1.9, 1.9 or release-1.9") }
    }

    func run() throws {
        let context = try Context.open()
        let catalog = try context.catalog(at: revision)
        warn(catalog.problems)
        let configuration = catalog.configuration
        let today = Lint.utcDay(Date())
        guard let chosen = release.flatMap(Release.commandLine) ?? ReleaseReport.defaultRelease(configuration: configuration, veps: catalog.veps, today: today) else {
            throw Fatal(message: "no release to report on: .vep.yaml schedules none and no VEP targets one; give --release", status: 1)
        }
        let timeline = try context.timeline(at: revision)
        let configured = configuration.raw?["repository"]?.string
        let url = ReleaseReport.repositoryURL(configured: configured, remote: context.repository.configString("remote.origin.url"))
        let report = ReleaseReport.build(release: chosen, veps: catalog.veps, timeline: timeline, configuration: configuration, repositoryURL: url)
        let text = report.render(format, generated: "\(today) from \(revision)")
        if let output {
            if output.isEmpty { throw ValidationError("-o takes a file name (or leave it out for standard output)") }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: output, isDirectory: &isFolder), isFolder.boolValue {
                throw Fatal(message: "cannot write \(output): it is a folder; give -o a file name, such as \(output.hasSuffix("/") ? output : output + "/")report.\(["html": "html", "markdown": "md", "json": "json"][format.rawValue] ?? "txt")")
            }
            let folder = (output as NSString).deletingLastPathComponent
            if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
                throw Fatal(message: "cannot write \(output): the folder \(folder) does not exist")
            }
            // A file is replaced whole (a reader never sees half a report); a device or a pipe (`-o /dev/stdout`) is
            // written to, not replaced by a file.
            var status = stat()
            let exists = stat(output, &status) == 0
            let special = exists && (status.st_mode & S_IFMT) != S_IFREG
            // A file its owner made read-only is not replaced behind its back, as a shell's `>` would not write it.
            if exists, access(output, W_OK) != 0 {
                throw Fatal(message: "cannot write \(output): \(String(cString: strerror(errno)))")
            }
            do {
                if special { try FileWriter.writeInto(output, Array(text.utf8)) } else { try FileWriter.replace(output, Array(text.utf8)) }
            } catch {
                throw Fatal(message: "cannot write \(output): \(error)")  // FileWriter says it as the system does
            }
        } else {
            writeToStandardOutput(text)
        }
    }
}

extension ReleaseReport.Format: ExpressibleByArgument {}
