import ArgumentParser
import Foundation
import GitKit
import VEPGit

struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Install the pre-commit hook (or, with --server, the pre-receive hook of a bare repository).",
        discussion: """
        Writes the git-vep hook script where git runs hooks: the folder named by core.hooksPath (relative \
        to the top of the work tree), else the hooks folder of the repository (shared by its linked \
        worktrees). The script runs vep-pre-commit, found on PATH or next to git-vep. A hook of yours \
        already there is never overwritten: it is renamed pre-commit.local and still runs, before the \
        VEP check; both must pass. --force sets your hook aside as pre-commit.replaced instead, where \
        it no longer runs. Running install again is harmless; `git vep uninstall` puts back what was there.

        With --server BARE, installs the pre-receive hook into BARE's hooks folder the same way.
        """
    )

    @Flag(help: "Set an existing hook aside (as <hook>.replaced) instead of chaining it.")
    var force = false

    @Option(help: ArgumentHelp("Install the pre-receive hook into this bare repository.", valueName: "bare-repository"))
    var server: String?

    func run() throws {
        let (installation, shown) = try HookPlace.resolve(server: server)
        let outcome: HookInstallation.Outcome
        do { outcome = try installation.install(force: force) } catch { throw Fatal(message: "\(error)") }
        let name = installation.name
        switch outcome {
        case .installed: print("installed the \(name) hook: \(shown)")
        case .alreadyInstalled: print("the \(name) hook is already installed: \(shown)")
        case .updated: print("updated the \(name) hook: \(shown)")
        case .chained: print("installed the \(name) hook: \(shown); your previous hook is kept as \(name).local and still runs first")
        case .replaced: print("installed the \(name) hook: \(shown); your previous hook is set aside as \(name).replaced and no longer runs")
        }
    }
}

struct Uninstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Remove the hook `git vep install` put in place and restore the one that was there before.",
        discussion: "With --server BARE, removes the pre-receive hook of that bare repository."
    )

    @Option(help: ArgumentHelp("Remove the pre-receive hook of this bare repository.", valueName: "bare-repository"))
    var server: String?

    func run() throws {
        let (installation, shown) = try HookPlace.resolve(server: server)
        let removal: HookInstallation.Removal
        do { removal = try installation.uninstall() } catch { throw Fatal(message: "\(error)") }
        switch removal {
        case .notInstalled: print("no git-vep \(installation.name) hook is installed: \(shown)")
        case .removed: print("removed the \(installation.name) hook: \(shown)")
        case .restored: print("removed the \(installation.name) hook and restored yours: \(shown)")
        }
    }
}

/// Where a hook goes: this repository's pre-commit, or a bare server repository's pre-receive.
enum HookPlace {
    static func resolve(server: String?) throws -> (HookInstallation, String) {
        let repository: Repository
        do {
            repository = try server.map { try Repository.open(at: $0) } ?? Repository.open()
        } catch let error as GitError {
            throw Fatal(message: server.map { "'\($0)' is not a git repository: \(error.message)" } ?? error.message)
        }
        let installation = HookInstallation(directory: repository.hooksDirectory, name: server == nil ? "pre-commit" : "pre-receive")
        return (installation, display(installation.hookPath))
    }

    /// The path relative to the current folder when below it, as git prints paths.
    static func display(_ path: String) -> String {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).resolvingSymlinksInPath().path
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return resolved.hasPrefix(current + "/") ? String(resolved.dropFirst(current.count + 1)) : path
    }
}
