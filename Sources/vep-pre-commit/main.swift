// vep-pre-commit: git's pre-commit hook, and its pre-merge-commit hook. Judges the staged VEPs (the index named
// by GIT_INDEX_FILE) against HEAD — HEAD's first parent under `git commit --amend`, and also the merged commits
// when concluding a merge — and refuses the commit on errors.
// Exit status: 0 pass, 1 refused for findings, 2 refused because the check itself failed.
import Foundation
import GitKit
import VEPGit

let environment = ProcessInfo.processInfo.environment
/// Whether git runs this for a merge it commits itself (pre-merge-commit).
let merging = PreCommit.isMergeCommittedByGit(environment: environment)

func refuse(_ message: String) -> Never {
    let refused = merging ? "merge refused" : "commit refused"
    let hint = merging ? PreCommit.mergeBypassHint : PreCommit.bypassHint
    writeToStandardError("vep-pre-commit: \(refused): \(message)\n\(hint)\n")
    exit(2)
}

if CommandLine.arguments.dropFirst().contains(where: { $0 == "-h" || $0 == "--help" }) {
    print("usage: vep-pre-commit\n\nRun by git as the pre-commit hook (see `git vep install`); takes no arguments.")
    exit(0)
}
do {
    // The index is read on another thread while libgit2 starts and the repository opens.
    let preloaded = IndexPreload.start(environment: environment)
    let repository = try Repository.open()
    let amending = !merging && (environment["VEP_PRE_COMMIT_AMEND"].map { $0 == "1" } ?? PreCommit.isAmending())
    let verdict = try PreCommit.verdict(repository: repository, amending: amending, date: PreCommit.day(environment: environment),
                                        preloaded: preloaded, environment: environment)
    writeToStandardError(verdict.message)
    exit(verdict.status)
} catch let failure as PreCommitFailure {
    refuse(failure.message)
} catch let error as GitError {
    refuse("the staged VEPs could not be read: \(error.message)")
} catch {
    refuse("the staged VEPs could not be checked: \(error)")
}
