import CGit2
import Foundation
import GitLooseObjects

/// An open repository: owns one `git_repository` and its object database.
///
/// Threading: libgit2 objects must be used from one thread at a time, so `Repository` is not `Sendable`.
/// The safe pattern is one `Repository` per thread: send `location` (a `Sendable` value) and call
/// `Repository.open(location)`, or call `reopen()` before handing a fresh handle to another thread.
/// Either way the new handle keeps the environment-derived work tree, index file and object directories.
public final class Repository {
    let pointer: OpaquePointer
    /// Owned reference to the repository's object database (the alternates are added to this one).
    let odb: OpaquePointer
    /// How this handle was opened; `reopen()` replays it.
    public let location: RepositoryLocation
    /// Whether objects a partial clone lacks are fetched when read (see `fetchMissing`). Off by default: hooks
    /// never write to the repository. `reopen()` keeps it.
    public var fetchesMissingObjects = false
    /// The namespace (`GIT_NAMESPACE`) that references are read in, as git's receive-pack and upload-pack read them:
    /// `refs/heads/main` and `HEAD` are `refs/namespaces/<ns>/refs/heads/main` and `refs/namespaces/<ns>/HEAD`
    /// (a namespace `a/b` nests: `refs/namespaces/a/refs/namespaces/b/…`), and names come back without the prefix.
    /// Nil (the default) reads every reference as stored, as git's other commands do. Only `headBranch`,
    /// `reference`, `referenceTarget`, `symbolicChain`, `symbolicReferenceNames` and `references(matching:)` apply it.
    public var referenceNamespace: String? {
        didSet {
            let parts = (referenceNamespace ?? "").split(separator: "/", omittingEmptySubsequences: true)
            namespacePrefix = parts.map { "refs/namespaces/\($0)/" }.joined()
        }
    }
    /// `referenceNamespace` as the prefix of stored names; empty without one.
    private(set) var namespacePrefix = ""
    /// The remotes missing objects may come from, in the order git tries them: each remote whose
    /// `remote.<name>.promisor` is true, then the one `extensions.partialClone` names. Empty for a complete
    /// repository. Read once: a history walk asks for every run of commits.
    public private(set) lazy var promisorRemotes: [String] = readPromisorRemotes()
    /// Parsed trees kept for the next diff; owned here, freed before the repository.
    var recentTrees = RecentTrees(capacity: ObjectMemoryLimits.recentTreesPerRepository.value)
    /// The commits a shallow clone was cut at (`shallow` in the common directory): git gives them no
    /// parents, whatever their objects say, since the parents were never fetched.
    public private(set) lazy var shallowBoundary: Set<ObjectID> = Self.readShallowBoundary(commonDirectory + "/shallow")

    private init(pointer: OpaquePointer, location: RepositoryLocation) throws {
        var odb: OpaquePointer?
        let status = git_repository_odb(&odb, pointer)
        guard status >= 0, let odb else {
            let error = GitError.last(status, "open")
            git_repository_free(pointer)
            throw error
        }
        self.pointer = pointer
        self.odb = odb
        self.location = location
        // From here on deinit frees both pointers, so failures below may simply throw.
        // libgit2 1.5.1 leaks its path buffer when set_workdir is given the current work tree, so skip that case.
        if let workTree = location.workTree, canonicalPath(workTree) != workingDirectory.map(canonicalPath) {
            try check(git_repository_set_workdir(pointer, workTree, 0), "open: set work tree '\(workTree)'")
        }
        for directory in location.objectDirectories {
            try check(git_odb_add_disk_alternate(odb, directory), "open: add object directory '\(directory)'")
        }
        // Damaged loose objects fail their reads instead of hanging libgit2 (see GitLooseObjects.h).
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        try check(git_repository_item_path(&buffer, pointer, GIT_REPOSITORY_ITEM_OBJECTS), "open: object directory")
        let directories = [withoutTrailingSlash(String(cString: buffer.ptr))] + location.objectDirectories
        let copies = directories.map { UnsafePointer(strdup($0)) }
        defer { copies.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        try check(git_loose_objects_check(odb, copies, copies.count), "open: loose objects")
        if let files = location.configFiles { try useConfiguration(files) }
        try addWorktreeConfiguration()
    }

    /// The configuration git reads when its environment names other global or system files (libgit2 reads only
    /// the usual ones): those files, then the repository's own.
    private func useConfiguration(_ files: ConfigFiles) throws {
        var config: OpaquePointer?
        try check(git_config_new(&config), "open: configuration")
        defer { git_config_free(config) }
        for (path, level) in files.existingFiles + [(commonDirectory + "/config", GIT_CONFIG_LEVEL_LOCAL)]
            where FileManager.default.fileExists(atPath: path) {
            try check(git_config_add_file_ondisk(config, path, level, pointer, 0), "open: read '\(path)'")
        }
        try check(git_repository_set_config(pointer, config), "open: configuration")
    }

    /// Where libgit2 looks for one of the usual configuration files; nil when there is none.
    static func defaultConfigFile(_ find: (UnsafeMutablePointer<git_buf>) -> Int32) -> String? {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        guard find(&buffer) == 0, let path = buffer.ptr else { return nil }
        return String(cString: path)
    }

    /// With `extensions.worktreeConfig` (set by `git sparse-checkout` and `git worktree`), git reads each
    /// worktree's `config.worktree` over the repository's config; libgit2 1.5 does not, so it is added here,
    /// above the repository's file (command-line settings still win, see `configString`).
    private func addWorktreeConfiguration() throws {
        var config: OpaquePointer?
        try check(git_repository_config(&config, pointer), "open: read configuration")
        defer { git_config_free(config) }
        // git honours this extension whatever core.repositoryFormatVersion says (its docs: for historical reasons).
        var enabled: Int32 = 0
        guard git_config_get_bool(&enabled, config, "extensions.worktreeconfig") == 0, enabled != 0 else { return }
        let path = gitDirectory + "/config.worktree"
        guard FileManager.default.fileExists(atPath: path) else { return }
        try check(git_config_add_file_ondisk(config, path, GIT_CONFIG_LEVEL_APP, pointer, 0), "open: read '\(path)'")
    }

    deinit {
        recentTrees = RecentTrees(capacity: 1)  // free cached trees while the repository is still alive
        git_odb_free(odb)
        git_repository_free(pointer)
    }

    // MARK: Opening

    /// Opens the repository exactly as git would for a process with this environment and working directory.
    ///
    /// - `GIT_DIR` names the git directory (relative to `currentDirectory`), no search; otherwise the
    ///   repository is discovered upward from `currentDirectory`, honouring `GIT_CEILING_DIRECTORIES` and
    ///   `GIT_DISCOVERY_ACROSS_FILESYSTEM`; bare repositories and linked worktrees work.
    /// - `GIT_WORK_TREE` sets the working tree; with `GIT_DIR` alone (no `core.worktree`) the working tree is
    ///   `currentDirectory`, as git documents.
    /// - `GIT_INDEX_FILE` names the file `index()` reads.
    /// - `GIT_OBJECT_DIRECTORY` and `GIT_ALTERNATE_OBJECT_DIRECTORIES` (git's quoting understood) become
    ///   readable object directories — how a pre-receive hook sees quarantined objects.
    /// - `GIT_COMMON_DIR` is accepted; when it differs from the repository's own common directory its objects
    ///   are made readable too (its refs are not).
    public static func open(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws -> Repository {
        ensureLibgit2()
        let cwd = absolutePath(currentDirectory, relativeTo: FileManager.default.currentDirectoryPath)
        func env(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }

        var raw: OpaquePointer?
        if let gitDir = env("GIT_DIR") {
            let path = absolutePath(gitDir, relativeTo: cwd)
            let status = git_repository_open_ext(&raw, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil)
            if status < 0 { throw openFailure(status, notFound: "not a git repository: '\(gitDir)'") }
        } else {
            var flags: UInt32 = 0
            if gitBool(environment["GIT_DISCOVERY_ACROSS_FILESYSTEM"]) { flags |= GIT_REPOSITORY_OPEN_CROSS_FS.rawValue }
            let status = git_repository_open_ext(&raw, cwd, flags, env("GIT_CEILING_DIRECTORIES"))
            if status < 0 { throw openFailure(status, notFound: "not a git repository (or any of the parent directories): \(cwd)") }
            // git checks the owner of a repository it discovers, not of one GIT_DIR names.
            if let opened = raw, let untrusted = untrustedLocation(opened, environment: environment) {
                git_repository_free(opened)
                throw GitError(operation: "open", code: GIT_EOWNER.rawValue, message: "detected dubious ownership in repository at '\(untrusted)' "
                               + "(it belongs to another user); if you trust it, run: git config --global --add safe.directory \(shellQuoted(untrusted))")
            }
        }
        guard let opened = raw else { throw GitError(operation: "open", message: "libgit2 returned no repository") }

        // Read what the location needs from the freshly opened handle, then hand it to the owner.
        let gitDirectory = withoutTrailingSlash(String(cString: git_repository_path(opened)))
        let commonDirectory = withoutTrailingSlash(String(cString: git_repository_commondir(opened)))
        var workTree: String?
        if let explicit = env("GIT_WORK_TREE") {
            workTree = absolutePath(explicit, relativeTo: cwd)
        } else if env("GIT_DIR") != nil, git_repository_is_bare(opened) == 0, !hasConfig(opened, "core.worktree") {
            workTree = cwd
        }

        var candidates: [String] = []
        if let objects = env("GIT_OBJECT_DIRECTORY") { candidates.append(absolutePath(objects, relativeTo: cwd)) }
        if let alternates = environment["GIT_ALTERNATE_OBJECT_DIRECTORIES"] {
            candidates += parseAlternateObjectDirectories(alternates).map { absolutePath($0, relativeTo: cwd) }
        }
        if let common = env("GIT_COMMON_DIR") {
            let path = absolutePath(common, relativeTo: cwd)
            if canonicalPath(path) != canonicalPath(commonDirectory) { candidates.append(path + "/objects") }
        }
        // The repository already reads its own store; adding it twice would double every pack lookup.
        var seen: Set<String> = [canonicalPath(commonDirectory + "/objects")]
        let objectDirectories = candidates.filter { seen.insert(canonicalPath($0)).inserted }

        let location = RepositoryLocation(
            gitDirectory: gitDirectory,
            workTree: workTree,
            indexFile: env("GIT_INDEX_FILE").map { absolutePath($0, relativeTo: cwd) },
            objectDirectories: objectDirectories,
            configOverrides: commandLineConfig(environment),
            configFiles: ConfigFiles(environment: environment))
        return try Repository(pointer: opened, location: location)
    }

    /// Why a repository could not be opened: one that needs what libgit2 cannot read is not reported as none.
    private static func openFailure(_ status: Int32, notFound: String) -> GitError {
        let detail = GitError.last(status, "open")
        let message: String
        if detail.message.hasPrefix("unsupported extension name ") {
            let name = detail.message.dropFirst("unsupported extension name ".count)
            var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
            git_libgit2_version(&major, &minor, &patch)
            message = "this repository uses \(name), which git-vep cannot read (libgit2 \(major).\(minor).\(patch) does not support it)"
        } else if status == GIT_ENOTFOUND.rawValue {
            message = notFound
        } else {
            message = "cannot open the repository: \(detail.message)"
        }
        return GitError(operation: "open", code: status, errorClass: detail.errorClass, message: message)
    }

    /// git 2.39's ownership check of a discovered repository (`ensure_valid_ownership`): the `.git` file, the work
    /// tree and the git directory must belong to the user (or, for root, to `SUDO_UID`), unless `safe.directory`
    /// names the work tree (else the git directory) as written, or is `*`; an empty entry empties the list.
    /// Returns the path to trust when the check fails.
    private static func untrustedLocation(_ opened: OpaquePointer, environment: [String: String]) -> String? {
        let gitDirectory = withoutTrailingSlash(String(cString: git_repository_path(opened)))
        let workTree = git_repository_workdir(opened).map { withoutTrailingSlash(String(cString: $0)) }
        var paths = [workTree, gitDirectory].compactMap { $0 }
        if let workTree, !FileManager.default.fileExists(atPath: workTree + "/.git/HEAD") { paths.append(workTree + "/.git") }
        func ownedByUser(_ path: String) -> Bool {
            var info = stat()
            guard lstat(path, &info) == 0 else { return false }
            let user = geteuid()
            if info.st_uid == user { return true }
            if user == 0, let sudo = environment["SUDO_UID"].flatMap({ UInt32($0) }) { return info.st_uid == sudo }
            return false
        }
        if paths.allSatisfy(ownedByUser) { return nil }
        let key = workTree ?? gitDirectory
        var safe = false
        for entry in safeDirectoryEntries(environment) {
            guard let value = entry, !value.isEmpty else { safe = false; continue }
            if value == "*" || expandingUserDirectory(value, home: environment["HOME"]) == key { safe = true }
        }
        return safe ? nil : key
    }

    /// A path of git's configuration with `~` or `~user` at its start replaced by that home directory, as git's
    /// `interpolate_path` does (`~` from HOME, `~user` from the password database); nil when there is none (git then
    /// stops with "failed to expand user dir", so the entry trusts nothing).
    static func expandingUserDirectory(_ value: String, home: String?) -> String? {
        guard value.hasPrefix("~") else { return value }
        let rest = value.dropFirst()
        let user = rest.prefix { $0 != "/" }
        let tail = rest.dropFirst(user.count)
        if user.isEmpty { return home.map { $0 + tail } }
        guard let entry = getpwnam(String(user)), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory) + tail
    }

    /// `path` as a shell reads it back, quoted the way git quotes it in advice (`'it'\''s'`) when it needs it.
    static func shellQuoted(_ path: String) -> String {
        let plain = path.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "/._-+@:,=^".unicodeScalars.contains($0)) }
        return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Discovers the repository containing `path` (upward search), ignoring the environment.
    public static func open(at path: String) throws -> Repository {
        try open(environment: [:], currentDirectory: path)
    }

    /// Opens a repository at a known location, e.g. one sent from another thread.
    public static func open(_ location: RepositoryLocation) throws -> Repository {
        ensureLibgit2()
        var raw: OpaquePointer?
        try check(git_repository_open_ext(&raw, location.gitDirectory, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil),
                  "open '\(location.gitDirectory)'")
        guard let opened = raw else { throw GitError(operation: "open", message: "libgit2 returned no repository") }
        return try Repository(pointer: opened, location: location)
    }

    /// A new, independent handle on the same repository with the same environment-derived settings.
    public func reopen() throws -> Repository {
        let handle = try Repository.open(location)
        handle.fetchesMissingObjects = fetchesMissingObjects
        return handle
    }

    private static func hasConfig(_ repository: OpaquePointer, _ key: String) -> Bool {
        var config: OpaquePointer?
        guard git_repository_config(&config, repository) >= 0, let config else { return false }
        defer { git_config_free(config) }
        var entry: UnsafeMutablePointer<git_config_entry>?
        guard git_config_get_entry(&entry, config, key) >= 0, let entry else { return false }
        git_config_entry_free(entry)
        return true
    }

    // MARK: Where things are

    /// The absolute git directory, without a trailing slash.
    public var gitDirectory: String { withoutTrailingSlash(String(cString: git_repository_path(pointer))) }

    /// The directory shared by all worktrees (equal to `gitDirectory` outside linked worktrees).
    public var commonDirectory: String { withoutTrailingSlash(String(cString: git_repository_commondir(pointer))) }

    /// The absolute working tree, without a trailing slash; nil when bare.
    public var workingDirectory: String? {
        git_repository_workdir(pointer).map { withoutTrailingSlash(String(cString: $0)) }
    }

    public var isBare: Bool { git_repository_is_bare(pointer) != 0 }

    /// A shallow clone: some commits' parents are missing on purpose.
    public var isShallow: Bool { !shallowBoundary.isEmpty }

    private static func readShallowBoundary(_ path: String) -> Set<ObjectID> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).compactMap { ObjectID(hex: String($0)) })
    }

    /// The index file `index()` reads.
    public var indexPath: String { location.indexFile ?? gitDirectory + "/index" }

    // MARK: Configuration

    /// A configuration value as git would see it in this process: command-line settings (`git -c`) first,
    /// then the repository, global and system files.
    public func configString(_ key: String) -> String? {
        if let override = location.configOverrides[normalizedConfigKey(key)] { return override }
        var config: OpaquePointer?
        guard git_repository_config(&config, pointer) >= 0, let config else { return nil }
        defer { git_config_free(config) }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        guard git_config_get_string_buf(&buffer, config, key) >= 0, let text = buffer.ptr else { return nil }
        return String(cString: text)
    }

    /// A configuration value read as git reads booleans (`true`/`yes`/`on`/`1`, `false`/`no`/`off`/`0`/empty);
    /// nil when unset or not a boolean.
    public func configBool(_ key: String) -> Bool? {
        guard let value = configString(key)?.lowercased() else { return nil }
        switch value {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0", "": return false
        default: return nil
        }
    }
}
