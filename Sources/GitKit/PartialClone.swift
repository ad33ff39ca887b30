import CGit2
import Foundation

/// Partial clones (`git clone --filter=blob:none`, `--filter=tree:0`) lack objects on purpose and fetch them
/// from a promisor remote when a command needs them. libgit2 cannot fetch them itself, so GitKit asks git, the
/// way git's own lazy fetch does (`promisor-remote.c`): one `git fetch <remote> --stdin` for a batch of ids,
/// writing no refs and no FETCH_HEAD.
extension Repository {
    /// Reads `promisorRemotes` from the configuration.
    func readPromisorRemotes() -> [String] {
        var names: [String] = []
        var config: OpaquePointer?
        if git_repository_config_snapshot(&config, pointer) >= 0, let config {
            defer { git_config_free(config) }
            var iterator: OpaquePointer?
            if git_config_iterator_glob_new(&iterator, config, "^remote\\..*\\.promisor$") >= 0, let iterator {
                defer { git_config_iterator_free(iterator) }
                var entry: UnsafeMutablePointer<git_config_entry>?
                while git_config_next(&entry, iterator) == 0, let current = entry?.pointee {
                    let key = String(cString: current.name)
                    if let remote = Self.remoteName(inPromisorKey: key), !names.contains(remote),
                       location.configOverrides[normalizedConfigKey(key)] == nil,
                       Self.isTrue(String(cString: current.value)) {
                        names.append(remote)
                    }
                }
            }
        }
        // `git -c remote.<name>.promisor=…` wins over the files.
        for (key, value) in location.configOverrides.sorted(by: { $0.key < $1.key }) {
            guard let remote = Self.remoteName(inPromisorKey: key) else { continue }
            if Self.isTrue(value) { if !names.contains(remote) { names.append(remote) } } else { names.removeAll { $0 == remote } }
        }
        if let remote = configString("extensions.partialClone"), !remote.isEmpty, !names.contains(remote) {
            names.append(remote)
        }
        return names
    }

    /// True for a partial clone that may fetch what it lacks: this handle fetches (`fetchesMissingObjects`), it
    /// has a promisor remote, and `GIT_NO_LAZY_FETCH` (git's switch to turn lazy fetching off) is not set.
    public var fetchesLazily: Bool {
        fetchesMissingObjects && !promisorRemotes.isEmpty && !Self.lazyFetchTurnedOff
    }

    /// Of `ids`, those this repository does not have.
    public func missing(_ ids: [ObjectID]) -> [ObjectID] {
        ids.filter { !contains($0) }
    }

    /// Fetches those of `ids` this partial clone lacks from its promisor remotes, as git would.
    /// Fetches are one at a time across the process; ids another thread fetched meanwhile are skipped.
    /// Throws when the repository is not set to fetch, or the remotes do not deliver every object.
    public func fetchMissing(_ ids: [ObjectID]) throws {
        try Self.fetchLock.withLock {
            var wanted = missing(ids)
            guard !wanted.isEmpty else { return }
            let remotes = promisorRemotes
            guard fetchesMissingObjects, !Self.lazyFetchTurnedOff, !remotes.isEmpty else {
                throw missingObjectError(wanted[0])
            }
            var failures: [String] = []
            for remote in remotes {
                if let failure = runFetch(remote, wanted) { failures.append("fetching from '\(remote)' failed: \(failure)") }
                wanted = missing(wanted)
                if wanted.isEmpty { return }
            }
            let reason = failures.isEmpty
                ? "\(remotes.map { "'\($0)'" }.joined(separator: ", ")) did not send it"
                : failures.joined(separator: "; ")
            throw GitError(operation: "fetch missing objects", code: GIT_ENOTFOUND.rawValue,
                           message: "object \(wanted[0]) is not in this partial clone and \(reason)")
        }
    }

    /// What to say about an object that is not here and will not be fetched.
    public func missingObjectError(_ id: ObjectID) -> GitError {
        let message: String
        if let remote = promisorRemotes.first {
            message = Self.lazyFetchTurnedOff
                ? "object \(id) is not in this partial clone, and GIT_NO_LAZY_FETCH forbids fetching it from '\(remote)'"
                : "object \(id) is not in this partial clone (its promisor remote is '\(remote)')"
        } else {
            message = "object \(id) is missing: the repository is incomplete or damaged (`git fsck` lists what is missing)"
        }
        return GitError(operation: "read \(id)", code: GIT_ENOTFOUND.rawValue, message: message)
    }

    /// Runs `body`; when it fails because `id` is missing from a partial clone that fetches lazily, fetches
    /// `id` and runs it once more.
    func fetchingIfMissing<T>(_ id: ObjectID, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as GitError where error.isNotFound && !contains(id) {
            guard fetchesLazily else { throw missingObjectError(id) }
            try fetchMissing([id])
            return try body()
        }
    }

    // MARK: Internals

    private static let fetchLock = NSLock()

    static var lazyFetchTurnedOff: Bool {
        guard let value = ProcessInfo.processInfo.environment["GIT_NO_LAZY_FETCH"] else { return false }
        return isTrue(value)
    }

    private static func isTrue(_ value: String) -> Bool {
        ["true", "yes", "on", "1"].contains(value.lowercased())
    }

    /// `remote.origin.promisor` → `origin` (remote names may contain dots).
    private static func remoteName(inPromisorKey key: String) -> String? {
        let lowered = key.lowercased()
        guard lowered.hasPrefix("remote."), lowered.hasSuffix(".promisor") else { return nil }
        let name = key.dropFirst("remote.".count).dropLast(".promisor".count)
        return name.isEmpty ? nil : String(name)
    }

    /// `git fetch` of `ids` from `remote` with git's lazy-fetch options; nil on success, else what git said.
    private func runFetch(_ remote: String, _ ids: [ObjectID]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "--git-dir=\(gitDirectory)", "-c", "fetch.negotiationAlgorithm=noop",
                             "fetch", remote, "--no-tags", "--no-write-fetch-head", "--recurse-submodules=no",
                             "--filter=blob:none", "--quiet", "--stdin"]
        var environment = ProcessInfo.processInfo.environment
        // The fetch must not see a lazy fetch of its own through these (git sets them for hooks).
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] { environment.removeValue(forKey: key) }
        process.environment = environment
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do { try process.run() } catch { return "could not run git: \(error.localizedDescription)" }
        // Read stderr while writing ids, so neither side can fill a pipe and wait on the other.
        let said = CollectedOutput()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            said.data = errors.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        try? input.fileHandleForWriting.write(contentsOf: Data(ids.map { $0.hex + "\n" }.joined().utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        done.wait()
        guard process.terminationStatus != 0 else { return nil }
        // git's first `fatal:` or `error:` line says what went wrong; advice lines follow it.
        let lines = String(decoding: said.data, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        for prefix in ["fatal: ", "error: "] {
            if let line = lines.first(where: { $0.hasPrefix(prefix) }) { return String(line.dropFirst(prefix.count)) }
        }
        return lines.last ?? "git fetch exited with status \(process.terminationStatus)"
    }
}

/// A child's stderr, filled by the thread that drains it and read after that thread signals.
private final class CollectedOutput: @unchecked Sendable {
    var data = Data()
}
