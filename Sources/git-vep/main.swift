import ArgumentParser
import Foundation

// Exit codes follow git: 0 ok, 1 findings, 2 usage errors, 128 fatal.
do {
    var command = try GitVEP.parseAsRoot(Log.gitStyleCounts(Array(CommandLine.arguments.dropFirst())))
    try command.run()
    // What `print` wrote is still in stdio: a full disk shows only now.
    flushStandardOutput()
} catch let failure as Fatal {
    FileHandle.standardError.write(Data("fatal: \(failure.message)\n".utf8))
    exit(failure.status)
} catch {
    let code = GitVEP.exitCode(for: error)
    if code == .success || error is CleanExit {
        GitVEP.exit(withError: error)
    }
    FileHandle.standardError.write(Data((GitVEP.fullMessage(for: error) + "\n").utf8))
    exit(code == .validationFailure ? 2 : code.rawValue)
}
