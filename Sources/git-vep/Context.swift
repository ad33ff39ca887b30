import Foundation
import GitKit
import VEPCore
import VEPGit

/// The repository this process runs in, opened as git would open it.
struct Context {
    let repository: Repository

    static func open() throws -> Context {
        do {
            let repository = try Repository.open()
            // Like git, a command reading old versions fetches what a partial clone left out.
            repository.fetchesMissingObjects = true
            return Context(repository: repository)
        } catch let error as GitError {
            throw Fatal(message: error.message)
        }
    }

    /// The snapshot of `revision`, with a message like git's when it does not resolve.
    func source(at revision: String) throws -> TreeSource {
        if revision.contains("..") {
            let tip = revision.components(separatedBy: "..").last?.trimmingCharacters(in: CharacterSet(charactersIn: ".")) ?? ""
            throw Fatal(message: "--rev takes one revision, and '\(revision)' is a range: give the commit to read, such as '\(tip.isEmpty ? "HEAD" : tip)'",
                        status: 2)
        }
        do {
            return try TreeSource(repository: repository, revision: revision)
        } catch let error as GitError {
            if let unborn = unbornBranchMessage(revision, repository) { throw Fatal(message: unborn) }
            throw Fatal(message: revisionFailure(revision, error))
        }
    }

    /// `.vep.yaml` at `revision`; its problems are warnings.
    func configuration(at revision: String) throws -> Configuration {
        let source = try self.source(at: revision)
        do {
            let (configuration, problems) = try Discovery.configuration(in: source)
            warn(problems)
            return configuration
        } catch let error as GitError {
            throw Fatal(message: "reading \(revision): \(error.message)")
        }
    }

    /// Timeline events of first-parent history up to `revision`, oldest first.
    func timeline(at revision: String) throws -> [TimelineEvent] {
        do {
            let tip = try repository.resolveCommit(revision)
            ObjectMemoryLimits.use(.historyWalk)
            ProcessMemory.returnFreedMemoryPromptly()
            return try History(repository: repository, useCache: true).events(to: tip)
        } catch let error as GitError {
            throw Fatal(message: "reading history of \(revision): \(error.message)")
        }
    }

    func catalog(at revision: String) throws -> Catalog {
        let source = try self.source(at: revision)
        do {
            return try Discovery.catalog(of: source)
        } catch let error as GitError {
            throw Fatal(message: "reading \(revision): \(error.message)")
        }
    }
}

/// git's words when `revision` is HEAD on a branch with nothing committed yet; nil otherwise.
func unbornBranchMessage(_ revision: String, _ repository: Repository) -> String? {
    guard revision == "HEAD" else { return nil }
    do {
        guard try repository.head() == nil, let branch = try repository.headBranch() else { return nil }
        let name = branch.hasPrefix("refs/heads/") ? String(branch.dropFirst("refs/heads/".count)) : branch
        return "your current branch '\(name)' does not have any commits yet"
    } catch {
        return nil
    }
}

/// Problems that do not stop a listing go to stderr as warnings.
func warn(_ problems: [FileProblem]) {
    for problem in problems {
        writeToStandardError("warning: \(problem.path.terminalSafe):\(problem.problem.position.line): \(problem.problem.message.terminalSafe)\n")
    }
}

/// Left-aligned columns separated by two spaces; the last column is not padded.
func table(_ rows: [[String]]) -> String {
    let rows = rows.map { $0.map(\.terminalSafe) }
    guard let width = rows.map(\.count).max() else { return "" }
    var widths = Array(repeating: 0, count: width)
    for row in rows {
        for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    return rows.map { row in
        row.enumerated().map { index, cell in
            index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
        }.joined(separator: "  ")
    }.joined(separator: "\n")
}

/// What is wrong with `revision`, in one sentence: GitKit's message when it names the revision already (not
/// "bad revision 'X': bad revision 'X': …").
func revisionFailure(_ revision: String, _ error: GitError) -> String {
    // A message that names the revision, or the part of a range, it is about stays as it is.
    let unknown = "unknown revision '"
    if error.message.hasPrefix(unknown), error.message.hasSuffix("'") {
        return "bad revision '\(error.message.dropFirst(unknown.count).dropLast())': no branch, tag or commit is named so"
    }
    return error.message.hasPrefix("bad revision '") ? error.message : "bad revision '\(revision)': \(error.message)"
}
