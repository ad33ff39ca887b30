import ArgumentParser
import Foundation
import GitKit
import VEPCore
import VEPGit

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scaffold a new VEP from the repository's template, with its front matter filled in.",
        discussion: """
        Writes <root>/<sig>/<number>-<slug>/vep.md in the working tree from the template committed at HEAD \
        (veps/NNNN-vep-template/vep.md unless .vep.yaml says otherwise): front matter with the title, number, \
        today's date as creation-date, status provisional, the authors and the owning SIG, then the \
        template's sections. The template's Target releases prose is left out: the front matter's milestone \
        field replaces it. Nothing is staged or committed.

        The number is the VEP's tracking issue. It is refused when a VEP at HEAD, in the working tree or anywhere in first-parent \
        history already used it, as is an unknown SIG (the closest one is suggested) or an existing path. \
        Without --author, the handle comes from `git config github.user`.
        """
    )

    @Option(help: ArgumentHelp("The owning SIG, which is also the group folder (e.g. sig-network); meta-VEPs for a process VEP.", valueName: "sig"))
    var sig: String

    @Option(help: ArgumentHelp("The VEP's title.", valueName: "title"))
    var title: String

    @Option(help: ArgumentHelp("The VEP number: the number of its tracking issue.", valueName: "number"))
    var number: Int

    @Option(name: .customLong("author"), help: ArgumentHelp("A GitHub handle of an author (repeatable).", valueName: "@handle"))
    var authors: [String] = []

    @Option(help: ArgumentHelp("The SIG that owns a meta-VEP (with --sig meta-VEPs).", valueName: "sig"))
    var owningSig: String?

    @Option(help: ArgumentHelp("The feature gate guarding the code (default TBD; left out for meta-VEPs).", valueName: "name"))
    var featureGate: String?

    func validate() throws {
        guard number > 0 else { throw ValidationError("a VEP number is a positive integer (its tracking issue)") }
        guard !title.trimmed.isEmpty else { throw ValidationError("the title is empty") }
        // A line break would split the title heading; other control characters are not valid in YAML.
        guard title.terminalSafe == title else {
            throw ValidationError("the title '\(title.terminalSafe)' holds control characters (a line break, an escape); give it on one line of text")
        }
        for author in authors where Scaffold.handle(author) == nil {
            throw ValidationError("'\(author)' is not a GitHub handle like @mira")
        }
        if let owningSig, !Scaffold.isSIG(owningSig) { throw ValidationError("--owning-sig takes a SIG like sig-compute, not '\(owningSig)'") }
        if let featureGate, !NameShapes.isFeatureGate(featureGate) {
            throw ValidationError("--feature-gate takes a feature gate's name (letters and digits, like NetworkBindingPlugins), not '\(featureGate.terminalSafe)'")
        }
    }

    func run() throws {
        let context = try Context.open()
        let repository = context.repository
        guard let workTree = repository.workingDirectory else { throw Fatal(message: "git vep new needs a work tree") }
        guard let head = try repository.head() else {
            throw Fatal(message: "HEAD has no commit yet; git vep new reads the VEP template from HEAD")
        }
        let source = TreeSource(repository: repository, treeID: try repository.commit(head).treeID, label: "HEAD")
        let catalog = try context.catalog(at: "HEAD")
        let layout = catalog.configuration.layout

        // The SIG: a group folder at HEAD.
        let groups = try layout.groups(holding: source.files(under: layout.root).map(\.path)).sorted()
        guard groups.contains(sig) else {
            let hint = Scaffold.closestGroup(to: sig, in: groups).map { "; did you mean '\($0)'?" } ?? ""
            throw Fatal(message: "unknown SIG '\(sig)'\(hint) (groups at HEAD: \(groups.isEmpty ? "none" : groups.joined(separator: ", ")))", status: 2)
        }
        let owner: String
        if layout.isMetaGroup(sig) {
            guard let owningSig else { throw Fatal(message: "a meta-VEP needs --owning-sig, the SIG that owns it", status: 2) }
            let sigs = groups.filter { !layout.isMetaGroup($0) }
            guard sigs.contains(owningSig) else {
                let hint = Scaffold.closestGroup(to: owningSig, in: sigs).map { "; did you mean '\($0)'?" } ?? ""
                throw Fatal(message: "unknown SIG '\(owningSig)' for --owning-sig\(hint) (SIGs at HEAD: \(sigs.isEmpty ? "none" : sigs.joined(separator: ", ")))",
                            status: 2)
            }
            owner = owningSig
        } else {
            if let owningSig, owningSig != sig { throw Fatal(message: "--owning-sig \(owningSig) disagrees with --sig \(sig)", status: 2) }
            owner = sig
        }

        // The number: unused at HEAD, in the working tree (a VEP proposed but not committed yet) and in history.
        if let holder = catalog.vep(number).first {
            throw Fatal(message: "VEP \(number) already exists at HEAD: \(holder.path)", status: 1)
        }

        if let created = try context.timeline(at: "HEAD").first(where: { $0.change.vep == number && $0.change.kind == .created }) {
            throw Fatal(message: "VEP \(number) was already used in history: created at \(created.change.to ?? "?") in \(created.commit.id.prefix(10)) (\(created.commit.date.prefix(10))); a new VEP needs its own tracking issue number", status: 1)
        }

        // The authors.
        var handles = authors.compactMap { Scaffold.handle($0) }
        if handles.isEmpty, let configured = repository.configString("github.user"), let handle = Scaffold.handle(configured) {
            handles = [handle]
        }
        if handles.isEmpty, let email = repository.configString("user.email"), let handle = Scaffold.handle(fromEmail: email) {
            handles = [handle]
        }
        guard !handles.isEmpty else {
            throw Fatal(message: "who is the author? give --author @handle (or set `git config github.user`)", status: 2)
        }

        // The template, from git objects at HEAD.
        guard let templateFile = try source.file(at: layout.templatePath),
              case .data(let data) = try source.read(templateFile, limit: maximumDocumentSize),
              let template = String(data: data, encoding: .utf8) else {
            throw Fatal(message: "no VEP template at HEAD:\(layout.templatePath)")
        }
        let request = NewVEPRequest(number: number, title: title.trimmed, group: sig, owningSIG: owner, authors: handles,
                                    featureGate: layout.isMetaGroup(sig) ? featureGate : (featureGate ?? "TBD"),
                                    creationDate: Self.today())
        guard let path = Scaffold.path(for: request, layout: layout) else {
            throw Fatal(message: "the title '\(title)' gives no folder name (it needs ASCII letters or digits)", status: 2)
        }
        let target = URL(fileURLWithPath: workTree).appendingPathComponent(path)
        let folder = target.deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: target.path) {
            throw Fatal(message: "\(path) already exists", status: 1)
        }
        if FileManager.default.fileExists(atPath: folder.path) {
            throw Fatal(message: "\(folder.path.dropFirst(workTree.count).drop { $0 == "/" })/ already exists", status: 1)
        }
        let workingTree = try Discovery.catalog(of: DirectorySource(directory: URL(fileURLWithPath: workTree)), configuration: catalog.configuration)
        if let holder = workingTree.vep(number).first {
            throw Fatal(message: "VEP \(number) already exists in the working tree (not committed yet): \(holder.path)", status: 1)
        }
        let text = Scaffold.document(template: template, request: request, layout: layout)
        // The folders this makes, outermost first: a failed write (a full disk) takes them away again, so that nothing
        // half-made is left to stop the next try.
        var made: [URL] = []
        var parent = folder
        while !FileManager.default.fileExists(atPath: parent.path) {
            made.insert(parent, at: 0)
            parent = parent.deletingLastPathComponent()
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileWriter.create(target.path, Array(text.utf8))
        } catch {
            for directory in made.reversed() { _ = rmdir(directory.path) }
            throw Fatal(message: "cannot write \(path): \((error as? FileWriter.Failure)?.reason ?? HookInstallation.reason(error))")
        }
        writeToStandardOutput("created \(path)\n")
    }

    /// Today in the local time zone, as creation-date wants it.
    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }
}
