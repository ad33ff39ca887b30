import ArgumentParser
import Foundation
import GitKit
import VEPGit

struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Install the pre-commit hooks (or, with --server, the pre-receive hook of a bare repository).",
        discussion: """
        Writes the git-vep hook script where git runs hooks, as pre-commit and as pre-merge-commit (which git \
        runs for a merge it commits without stopping): the folder named by core.hooksPath (relative to the \
        top of the work tree), else the hooks folder of the repository (shared by its linked worktrees). \
        Both run vep-pre-commit, found on PATH or next to git-vep. A hook of yours already there is never \
        overwritten: it is renamed <hook>.local and still runs, before the VEP check; both must pass. \
        --force sets your hook aside as <hook>.replaced instead, where it no longer runs. Running install \
        again is harmless; `git vep uninstall` puts back what was there.

        With --server BARE, installs the pre-receive hook into BARE's hooks folder the same way.
        """
    )

    @Flag(help: "Set an existing hook aside (as <hook>.replaced) instead of chaining it.")
    var force = false

    @Option(help: ArgumentHelp("Install the pre-receive hook into this bare repository.", valueName: "bare-repository"))
    var server: String?

    func run() throws {
        let (places, repository) = try HookPlace.resolve(server: server)
        // Checked for every hook before any is written: a team's tracked hook stops the whole install.
        for (installation, shown) in places where server == nil {
            guard let tracked = try HookPlace.trackedPath(of: installation.hookPath, in: repository),
                  !installation.isOurs(installation.hookPath) else { continue }
            throw Fatal(message: "\(shown) is a hook tracked in this repository (core.hooksPath points into the work tree): "
                + "installing would rewrite a file your team shares and leave theirs behind. Run the VEP check from it instead, "
                + "with a line `vep-pre-commit || exit $?` in \(tracked), or point core.hooksPath at a folder of your own")
        }
        do {
            for (installation, _) in places { try installation.checkInstallable(force: force) }
        } catch { throw Fatal(message: "\(error)") }
        for (installation, shown) in places {
            let outcome: HookInstallation.Outcome
            do { outcome = try installation.install(force: force) } catch { throw Fatal(message: "\(error)") }
            let name = installation.name
            switch outcome {
            case .installed: writeToStandardOutput("installed the \(name) hook: \(shown)\n")
            case .alreadyInstalled: writeToStandardOutput("the \(name) hook is already installed: \(shown)\n")
            case .updated: writeToStandardOutput("updated the \(name) hook: \(shown)\n")
            case .chained: writeToStandardOutput("installed the \(name) hook: \(shown); your previous hook is kept as \(name).local and still runs first\n")
            case .replaced: writeToStandardOutput("installed the \(name) hook: \(shown); your previous hook is set aside as \(name).replaced and no longer runs\n")
            }
        }
        if server == nil, let note = HookPlace.otherCheckerNote(environment: ProcessInfo.processInfo.environment) {
            writeToStandardError(note + "\n")
        }
    }
}

struct Uninstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove the hooks `git vep install` put in place and restore the ones that were there before.",
        discussion: "With --server BARE, removes the pre-receive hook of that bare repository."
    )

    @Option(help: ArgumentHelp("Remove the pre-receive hook of this bare repository.", valueName: "bare-repository"))
    var server: String?

    func run() throws {
        for (installation, shown) in try HookPlace.resolve(server: server).places {
            let removal: HookInstallation.Removal
            do { removal = try installation.uninstall() } catch { throw Fatal(message: "\(error)") }
            switch removal {
            case .notInstalled: writeToStandardOutput("no git-vep \(installation.name) hook is installed: \(shown)\n")
            case .removed: writeToStandardOutput("removed the \(installation.name) hook: \(shown)\n")
            case .restored: writeToStandardOutput("removed the \(installation.name) hook and restored yours: \(shown)\n")
            }
        }
    }
}

/// Where the hooks go: this repository's pre-commit and pre-merge-commit, or a bare server repository's pre-receive.
enum HookPlace {
    /// The hooks a work repository gets: git runs pre-merge-commit, not pre-commit, for a merge it commits itself.
    static let workHooks = ["pre-commit", "pre-merge-commit"]

    static func resolve(server: String?) throws -> (places: [(HookInstallation, String)], repository: Repository) {
        let repository: Repository
        do {
            repository = try server.map { try Repository.open(at: $0) } ?? Repository.open()
        } catch let error as GitError {
            throw Fatal(message: server.map { "'\($0)' is not a git repository: \(error.message)" } ?? error.message)
        }
        // git's own answer where it has one: it reads every include of its configuration (`includeIf "hasconfig:…"`,
        // which libgit2 1.5 skips, so a core.hooksPath set there was missed and the hooks went where git never runs them).
        let directory = gitHooksDirectory(in: server) ?? repository.hooksDirectory
        let places = (server == nil ? workHooks : ["pre-receive"]).map { name in
            let installation = HookInstallation(directory: directory, name: name)
            return (installation, display(installation.hookPath))
        }
        return (places, repository)
    }

    /// `git rev-parse --git-path hooks`, absolute; nil when git cannot say (no git, or too old for `--path-format`).
    static func gitHooksDirectory(in folder: String?) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + (folder.map { ["-C", $0] } ?? []) + ["rev-parse", "--path-format=absolute", "--git-path", "hooks"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let said = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let path = String(decoding: said, as: UTF8.self).trimmingCharacters(in: .newlines)
        guard path.hasPrefix("/") else { return nil }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The path of `hook` in the work tree when git tracks it there (a team's hooks folder named by core.hooksPath).
    static func trackedPath(of hook: String, in repository: Repository) throws -> String? {
        guard let workTree = repository.workingDirectory else { return nil }
        let top = URL(fileURLWithPath: workTree).resolvingSymlinksInPath().path
        // The folder's links are followed, not the hook's own: a hook that links into the work tree is moved aside, its target untouched.
        let hookURL = URL(fileURLWithPath: hook)
        let resolved = hookURL.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(hookURL.lastPathComponent).path
        guard resolved.hasPrefix(top + "/") else { return nil }
        let relative = String(resolved.dropFirst(top.count + 1))
        let index = try repository.index()
        return (0...3).contains { index.entry(path: relative, stage: $0) != nil } ? relative : nil
    }

    /// A note when the `vep-pre-commit` the hook script runs (the first on PATH) is not the one installed beside this
    /// git-vep: an older one judges the merges pre-merge-commit hands it as plain commits.
    static func otherCheckerNote(environment: [String: String]) -> String? {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        let sibling = (executable as NSString).deletingLastPathComponent + "/vep-pre-commit"
        let onPath = (environment["PATH"] ?? "").split(separator: ":").map { String($0) + "/vep-pre-commit" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let onPath, FileManager.default.isExecutableFile(atPath: sibling),
              URL(fileURLWithPath: onPath).resolvingSymlinksInPath() != URL(fileURLWithPath: sibling).resolvingSymlinksInPath(),
              FileManager.default.contents(atPath: onPath) != FileManager.default.contents(atPath: sibling) else { return nil }
        return "warning: the hooks run \(onPath), the first vep-pre-commit on PATH, not \(sibling) installed with this git-vep; "
            + "put \((sibling as NSString).deletingLastPathComponent) first on PATH, or install both again (scripts/setup)"
    }

    /// The path relative to the current folder when below it, as git prints paths.
    static func display(_ path: String) -> String {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).resolvingSymlinksInPath().path
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return resolved.hasPrefix(current + "/") ? String(resolved.dropFirst(current.count + 1)) : path
    }
}
