// vep-pre-receive: git's pre-receive hook for VEP repositories.
//
// git runs it in the server repository with the pushed ref updates on stdin (`<old> <new> <ref>` per line) and
// the pushed objects in a quarantine (GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES). Every commit a
// push brings into an enforced ref (the default branch and refs/heads/release-* unless `.vep.yaml` says
// `enforce:`) is checked against its first parent with the lint rules, and against the ownership rules with
// policy read from the ref's old tip. The pusher is named by the server only (identity variables such as
// GL_USERNAME or REMOTE_USER, or a good signed push with a mapped key), never by commit metadata.
//
// Messages go to stderr, which git shows the pusher as `remote:` lines. Exit 0 accepts the push; 1 refuses it,
// also on any internal error and when the check runs past its time limit (`git config vep.preReceiveTimeout`).
// Nothing is written to the repository.
import Foundation
import GitKit
import VEPGit

ProcessMemory.returnFreedMemoryPromptly()
let deadline = HookDeadline()
let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
let verdict: PreReceiveVerdict
do {
    let repository = try Repository.open()
    let limit = try HookDeadline.seconds(configuredIn: repository).get()
    deadline.set(limit)
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    verdict = PreReceive(repository: repository, environment: ProcessInfo.processInfo.environment,
                         day: formatter.string(from: Date())).run(input: input)
} catch let error as HookDeadline.SettingError {
    verdict = PreReceiveVerdict(accepted: false, messages: ["error[internal]: \(error.message)"],
                                summary: "vep-pre-receive: push refused: the hook could not check it")
} catch {
    verdict = PreReceiveVerdict(accepted: false, messages: ["error[internal]: cannot open the repository: \(error)"],
                                summary: "vep-pre-receive: push refused: the hook could not check it")
}
// From here on the verdict stands: a limit reached first has already refused the push and ended the process.
deadline.finish()
if !verdict.accepted || !verdict.messages.isEmpty || verdict.summary != "vep-pre-receive: nothing to check" {
    writeToStandardError(verdict.text)
}
exit(verdict.accepted ? 0 : 1)
