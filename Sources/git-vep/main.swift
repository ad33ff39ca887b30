import ArgumentParser
import Foundation
import VEPGit

// Exit codes follow git: 0 ok, 1 findings, 2 usage errors, 128 fatal.
do {
    var command = try GitVEP.parseAsRoot(ColorChoice.gitStyleFlags(Log.gitStyleArguments(Array(CommandLine.arguments.dropFirst()))))
    try command.run()
} catch let failure as Fatal {
    writeToStandardError("fatal: \(failure.message)\n")
    exit(failure.status)
} catch {
    let code = GitVEP.exitCode(for: error)
    if code == .success || error is CleanExit {
        // Help and the version, written as every other output is (a full disk fails them too).
        let message = GitVEP.fullMessage(for: error)
        if !message.isEmpty { writeToStandardOutput(message + "\n") }
        exit(0)
    }
    writeToStandardError((GitVEP.fullMessage(for: error) + "\n"))
    exit(code == .validationFailure ? 2 : code.rawValue)
}
