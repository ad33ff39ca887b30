import ArgumentParser
import Foundation
import VEPGit

struct GitVEP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-vep",
        abstract: "Track KubeVirt Enhancement Proposals (VEPs) straight from git history.",
        discussion: """
        Every command reads VEP documents from git objects (a commit, the index) \
        unless it says otherwise. Run it as `git vep <command>` once git-vep is on PATH.
        """,
        version: "0.1.0",
        subcommands: [List.self, Show.self, Log.self, Lint.self, Explain.self, Install.self, Uninstall.self, New.self, Migrate.self, Report.self]
    )

    /// No command: the overview, on stderr, and a failure, as `git` alone does.
    func run() throws {
        writeToStandardError((Self.helpMessage() + "\n"))
        throw ExitCode(1)
    }
}

/// An error that ends the command with git's `fatal:` prefix.
struct Fatal: Error {
    let message: String
    var status: Int32 = 128
}
