import Foundation

/// A real git repository in its own temporary folder, removed when the value dies.
///
/// Every git command runs with a fixed identity, no system or global configuration and none of the caller's
/// `GIT_*` variables, and a clock that starts at 2026-06-24T10:00:00+02:00 and moves one minute after each
/// command that creates commits or tags — so object ids are the same on every run and machine, and commits
/// made one after the other have strictly increasing dates.
///
/// ```swift
/// let repo = try GitRepo()
/// let first = try repo.commit("Add VEP", files: ["veps/sig-x/1-a/vep.md": "# VEP #1: A\n"])
/// try repo.git("tag", "v1")
/// ```
public final class GitRepo {
    /// The temporary folder holding the repository; put sibling repositories and object stores here.
    public let sandbox: String
    /// The repository: its work tree, or the git directory itself when bare. Symlink-free and absolute.
    public let path: String
    public let isBare: Bool
    /// Seconds since the epoch of the next git command's author and committer date.
    public private(set) var clock: Int = 1_782_288_000  // 2026-06-24T08:00:00Z
    /// The UTC offset recorded in commits, as git spells it.
    public var timezone = "+0200"

    public static let authorName = "Ada Author"
    public static let authorEmail = "ada@example.com"
    public static let committerName = "Carl Committer"
    public static let committerEmail = "carl@example.com"

    /// Creates `<sandbox>/<name>` and runs `git init` there.
    /// - Parameters:
    ///   - name: the repository folder's name; spaces and colons are fine (and worth testing).
    ///   - bare: make a bare repository.
    ///   - initialBranch: the unborn branch HEAD names.
    public init(name: String = "repo", bare: Bool = false, initialBranch: String = "main") throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("gitfixtures-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        sandbox = base.resolvingSymlinksInPath().path
        path = sandbox + "/" + name
        isBare = bare
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: sandbox + "/.home", withIntermediateDirectories: true)
        var arguments = ["init", "--quiet", "--initial-branch=\(initialBranch)"]
        if bare { arguments.append("--bare") }
        try run(arguments)
    }

    /// A bare repository, e.g. the server side of a push.
    public static func initBare(name: String = "origin.git", initialBranch: String = "main") throws -> GitRepo {
        try GitRepo(name: name, bare: true, initialBranch: initialBranch)
    }

    deinit { try? FileManager.default.removeItem(atPath: sandbox) }

    /// The git directory: `path/.git`, or `path` when bare.
    public var gitDirectory: String { isBare ? path : path + "/.git" }

    /// The environment git commands run with (before per-call additions).
    public var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        let date = "@\(clock) \(timezone)"
        env["HOME"] = sandbox + "/.home"
        env["XDG_CONFIG_HOME"] = sandbox + "/.home/.config"
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = "/dev/null"
        env["GIT_AUTHOR_NAME"] = Self.authorName
        env["GIT_AUTHOR_EMAIL"] = Self.authorEmail
        env["GIT_AUTHOR_DATE"] = date
        env["GIT_COMMITTER_NAME"] = Self.committerName
        env["GIT_COMMITTER_EMAIL"] = Self.committerEmail
        env["GIT_COMMITTER_DATE"] = date
        env["GIT_CEILING_DIRECTORIES"] = sandbox  // never wander into a repository around the temp folder
        return env
    }

    /// Runs `git args…` in `directory` (default: the repository) and returns stdout without its final newline;
    /// throws `CommandFailure` on a non-zero exit. `env` adds to or overrides `environment`.
    @discardableResult
    public func git(_ args: String..., env: [String: String] = [:], in directory: String? = nil, input: String? = nil) throws -> String {
        try run(args, env: env, in: directory, input: input).output
    }

    /// Like `git(_:)` with an argument array, returning the whole result and never throwing on exit status.
    public func gitResult(_ args: [String], env: [String: String] = [:], in directory: String? = nil, input: String? = nil) throws -> ProcessResult {
        var environment = self.environment
        environment.merge(env) { $1 }
        defer { if let command = args.first, Self.datedCommands.contains(command) { clock += 60 } }
        return try ProcessRunner.run("git", args, environment: environment, currentDirectory: directory ?? path, input: input)
    }

    /// Commands that record the clock in new objects.
    private static let datedCommands: Set<String> = [
        "commit", "commit-tree", "merge", "tag", "cherry-pick", "revert", "rebase", "am", "stash", "notes", "pull",
    ]

    @discardableResult
    private func run(_ args: [String], env: [String: String] = [:], in directory: String? = nil, input: String? = nil) throws -> ProcessResult {
        let result = try gitResult(args, env: env, in: directory, input: input)
        guard result.status == 0 else { throw CommandFailure(command: ["git"] + args, result: result) }
        return result
    }

    /// Writes a file below the work tree (or any absolute path), creating directories.
    public func write(_ relativePath: String, _ contents: String) throws {
        let url = URL(fileURLWithPath: absolute(relativePath))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }

    /// Deletes a file or directory below the work tree.
    public func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(atPath: absolute(relativePath))
    }

    /// Writes (or, for a nil value, deletes) `files`, stages every change in the work tree and commits.
    /// Returns the new commit's 40-hex id. An empty commit is allowed.
    @discardableResult
    public func commit(_ message: String, files: [String: String?] = [:]) throws -> String {
        for (file, contents) in files.sorted(by: { $0.key < $1.key }) {
            if let contents { try write(file, contents) } else { try remove(file) }
        }
        try run(["add", "--all"])
        try run(["commit", "--quiet", "--allow-empty", "--no-verify", "-m", message])
        return try git("rev-parse", "HEAD")
    }

    /// Creates (if needed) a folder inside the sandbox and returns its absolute path.
    @discardableResult
    public func makeDirectory(_ name: String) throws -> String {
        let directory = sandbox + "/" + name
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    /// `git rev-parse <revision>`.
    public func revParse(_ revision: String) throws -> String { try git("rev-parse", "--verify", "--quiet", revision) }

    /// The loose file of object `id` in this repository's object directory, made writable (git writes it read-only).
    public func looseObjectPath(_ id: String) throws -> String {
        let path = "\(gitDirectory)/objects/\(id.prefix(2))/\(id.dropFirst(2))"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        return path
    }

    /// Cuts a file to its first `bytes` (default: half of it), as a crash or a full disk leaves a loose object.
    public static func truncate(_ path: String, keeping bytes: Int? = nil) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(bytes ?? data.count / 2).write(to: URL(fileURLWithPath: path))
    }

    /// Stores a commit git accepts but libgit2 cannot parse (empty author and committer lines) and returns its id.
    public func writeUnparsableCommit(tree: String, parent: String? = nil) throws -> String {
        try git("hash-object", "-t", "commit", "--literally", "-w", "--stdin",
                input: "tree \(tree)\n" + (parent.map { "parent \($0)\n" } ?? "") + "author \ncommitter \n\nunparsable\n")
    }

    /// `git hash-object -w --stdin`: stores a blob and returns its id.
    public func hashObject(_ contents: String, env: [String: String] = [:]) throws -> String {
        try git("hash-object", "-w", "--stdin", env: env, input: contents)
    }

    private func absolute(_ relativePath: String) -> String {
        relativePath.hasPrefix("/") ? relativePath : path + "/" + relativePath
    }
}
