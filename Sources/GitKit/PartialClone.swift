import CGit2
import Foundation

/// Partial clones (`git clone --filter=blob:none`, `--filter=tree:0`) lack objects on purpose and fetch them
/// from a promisor remote when a command needs them. libgit2 cannot fetch them itself, so GitKit asks git, the
/// way git's own lazy fetch does (`promisor-remote.c`): one `git fetch <remote> --stdin` for a batch of ids,
/// writing no refs and no FETCH_HEAD.
extension Repository {
    /// Reads `promisorRemotes` from the configuration by git's rules (`promisor-remote.c`): a remote is one when
    /// `remote.<name>.promisor` is true anywhere (a key without a value is true) or it has a
    /// `remote.<name>.partialCloneFilter`; a later `false` never takes it back. The remote that
    /// `extensions.partialClone` names in the repository's own config comes last.
    func readPromisorRemotes() -> [String] {
        var names: [String] = []
        func consider(_ key: String, _ value: UnsafePointer<CChar>?) {
            guard let (remote, setting) = Self.remoteSetting(key), !names.contains(remote) else { return }
            if setting == "partialclonefilter" || gitBoolean(value.map { String(cString: $0) }) { names.append(remote) }
        }
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, pointer) >= 0, let config else { return [] }
        defer { git_config_free(config) }
        var iterator: OpaquePointer?
        if git_config_iterator_glob_new(&iterator, config, "^remote\\..*\\.(promisor|partialclonefilter)$") >= 0, let iterator {
            defer { git_config_iterator_free(iterator) }
            var entry: UnsafeMutablePointer<git_config_entry>?
            while git_config_next(&entry, iterator) == 0, let current = entry?.pointee {
                consider(String(cString: current.name), current.value)
            }
        }
        // `git -c` settings come after the files, as in git.
        for (key, value) in location.configOverrides.sorted(by: { $0.key < $1.key }) {
            value.withCString { consider(key, $0) }
        }
        var local: OpaquePointer?
        if git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL) >= 0, let local {
            defer { git_config_free(local) }
            var buffer = git_buf()
            defer { git_buf_dispose(&buffer) }
            if git_config_get_string_buf(&buffer, local, "extensions.partialclone") >= 0, let text = buffer.ptr {
                let remote = String(cString: text)
                if !remote.isEmpty {
                    names.removeAll { $0 == remote }
                    names.append(remote)
                }
            }
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
                : "object \(id) is not in this partial clone and is not fetched here; `git cat-file -e \(id)` fetches it from '\(remote)'"
        } else {
            message = "object \(id) is missing: the repository is incomplete or damaged (`git fsck` lists what is missing)"
        }
        return GitError(operation: "reading objects", code: GIT_ENOTFOUND.rawValue, message: message)
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

    static var lazyFetchTurnedOff: Bool { gitBool(ProcessInfo.processInfo.environment["GIT_NO_LAZY_FETCH"]) }

    /// `remote.my.fork.promisor` → (`my.fork`, `promisor`): remote names may contain dots; the setting is lowercased.
    private static func remoteSetting(_ key: String) -> (remote: String, setting: String)? {
        guard key.lowercased().hasPrefix("remote.") else { return nil }
        let rest = key.dropFirst("remote.".count)
        guard let dot = rest.lastIndex(of: ".") else { return nil }
        let remote = rest[..<dot]
        let setting = rest[rest.index(after: dot)...].lowercased()
        guard !remote.isEmpty, setting == "promisor" || setting == "partialclonefilter" else { return nil }
        return (String(remote), setting)
    }

    /// `git fetch` of `ids` from `remote` with git's lazy-fetch options; nil on success, else what git said.
    private func runFetch(_ remote: String, _ ids: [ObjectID]) -> String? {
        // The ids go in as a file, not a pipe: a git that exits early (or is missing) cannot leave a write
        // blocked or raise SIGPIPE in this process.
        let listPath = FileManager.default.temporaryDirectory.appendingPathComponent("git-vep-fetch-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: listPath, contents: Data(ids.map { $0.hex + "\n" }.joined().utf8)),
              let list = FileHandle(forReadingAtPath: listPath) else { return "could not write the list of objects to fetch" }
        defer {
            try? list.close()
            try? FileManager.default.removeItem(atPath: listPath)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Options before `--`, so a remote named like an option is still a remote.
        process.arguments = ["git", "--git-dir=\(gitDirectory)", "-c", "fetch.negotiationAlgorithm=noop", "fetch",
                             "--no-tags", "--no-write-fetch-head", "--recurse-submodules=no", "--filter=blob:none",
                             "--quiet", "--stdin", "--", remote]
        var environment = ProcessInfo.processInfo.environment
        // The fetch must not see a lazy fetch of its own through these (git sets them for hooks).
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] { environment.removeValue(forKey: key) }
        process.environment = environment
        let errors = Pipe()
        process.standardInput = list
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do { try process.run() } catch { return "could not run git: \(error.localizedDescription)" }
        let said = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus != 0 else { return nil }
        return Self.cause(in: String(decoding: said, as: UTF8.self), status: process.terminationStatus)
    }

    /// What git's stderr says went wrong: its lines up to the first `fatal:` (an ssh error comes before it),
    /// without git's advice after it, on one line.
    static func cause(in stderr: String, status: Int32) -> String {
        let lines = stderr.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { return "git fetch exited with status \(status)" }
        let end = lines.firstIndex { $0.hasPrefix("fatal: ") }.map { $0 + 1 } ?? lines.count
        return lines[..<end].map { line in
            for prefix in ["fatal: ", "error: "] where line.hasPrefix(prefix) { return String(line.dropFirst(prefix.count)) }
            return line
        }.joined(separator: "; ")
    }
}
