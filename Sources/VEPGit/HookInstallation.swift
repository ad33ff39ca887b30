import Foundation
import GitKit

/// The script git runs as a hook. The same script serves every hook name: it runs `vep-<name>` (found on
/// PATH or next to git-vep), after the hook that was there before, kept as `<name>.local`.
/// `hooks/pre-commit` in the source tree is this text (a test keeps them equal); it is embedded so that an
/// installed git-vep needs no file beside it.
public enum HookScript {
    public static let marker = "# git-vep hook (installed by `git vep install`"

    public static let text = #"""
    #!/bin/sh
    # git-vep hook (installed by `git vep install`; `git vep uninstall` removes it and restores what was here).
    # Runs the hook that was here before, kept beside this one as <name>.local, then vep-<name> (vep-pre-commit
    # for pre-commit, and for pre-merge-commit too: a merge git commits itself is judged like any commit): the
    # first failure refuses. The same script serves every hook name.
    name=$(basename "$0")
    here=$(dirname "$0")
    binary="vep-$name"
    [ "$name" = pre-merge-commit ] && binary=vep-pre-commit
    # Which hook git runs: vep-pre-commit reads the commits a merge merges only as pre-merge-commit.
    GIT_VEP_HOOK=$name
    export GIT_VEP_HOOK
    if ! command -v "$binary" >/dev/null 2>&1; then
      git_vep=$(command -v git-vep 2>/dev/null)
      if [ -n "$git_vep" ] && [ -x "$(dirname "$git_vep")/$binary" ]; then
        binary="$(dirname "$git_vep")/$binary"
      else
        echo "$name: $binary was not found on PATH nor next to git-vep; install git-vep (scripts/setup) or remove this hook with 'git vep uninstall'." >&2
        [ "$name" = pre-commit ] && echo "$name: 'git commit --no-verify' skips the hook." >&2
        [ "$name" = pre-merge-commit ] && echo "$name: 'git merge --no-verify' skips the hook." >&2
        exit 1
      fi
    fi
    if [ -x "$here/$name.local" ]; then
      # Both hooks read the same standard input (pre-receive's ref lines).
      input=$(mktemp "${TMPDIR:-/tmp}/git-vep-hook.XXXXXX") || exit 1
      trap 'rm -f "$input"' EXIT
      cat > "$input"
      # A hook that tells which hook it is by its own name (husky, overcommit) must still see it: a sh or bash script
      # is read by its shell with $0 set to this hook's path; anything else runs as it is.
      shell=$(sed -n '1s/^#![[:space:]]*//p' "$here/$name.local" | awk '{ if ($1 ~ /\/env$/) print $2; else print $1 }')
      case "${shell##*/}" in
        sh|bash|dash) GIT_VEP_LOCAL_HOOK="$here/$name.local" "$shell" -c '. "$GIT_VEP_LOCAL_HOOK"' "$0" "$@" < "$input" || exit $? ;;
        *) "$here/$name.local" "$@" < "$input" || exit $? ;;
      esac
      "$binary" "$@" < "$input"
      exit $?
    fi
    exec "$binary" "$@"

    """#
}

/// Installs and removes a git-vep hook in a hooks folder without losing the user's own hook: one found
/// there is renamed `<name>.local` and still runs first; `force` sets it aside as `<name>.replaced`
/// instead, where it does not run. Uninstalling puts back whichever was kept.
public struct HookInstallation {
    public let directory: String
    public let name: String
    public let script: String

    public init(directory: String, name: String, script: String = HookScript.text) {
        self.directory = directory
        self.name = name
        self.script = script
    }

    public var hookPath: String { directory + "/" + name }
    public var chainedPath: String { hookPath + ".local" }
    public var replacedPath: String { hookPath + ".replaced" }

    public enum Outcome: Equatable, Sendable {
        case installed
        case alreadyInstalled
        case updated
        /// The user's hook was kept as `.local` and runs before ours.
        case chained
        /// The user's hook was set aside as `.replaced` and no longer runs.
        case replaced
    }

    public enum Removal: Equatable, Sendable {
        case notInstalled
        case removed
        /// Ours removed and the user's hook (from `.local` or `.replaced`) put back.
        case restored
    }

    /// Whether the file at `path` is a git-vep hook (this version or an older one).
    public func isOurs(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        return String(decoding: data, as: UTF8.self).contains(HookScript.marker)
    }

    private func exists(_ path: String) -> Bool {
        // A dangling symlink is still the user's hook.
        (try? FileManager.default.attributesOfItem(atPath: path)) != nil
    }

    /// What would stop `install` before it writes anything, thrown as its failure: run it for every hook of an install
    /// first, so that either all of them are installed or none is.
    public func checkInstallable(force: Bool = false) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw PreCommitFailure("cannot install the hook: \(directory), where git looks for hooks, is not a folder"
                                   + " (see core.hooksPath: `git config --show-origin core.hooksPath`)")
        }
        guard exists(hookPath), !isOurs(hookPath) else { return }
        for path in [chainedPath, replacedPath] where exists(path) {
            throw PreCommitFailure("\(path) already exists; move it away first, so that no hook of yours is lost")
        }
    }

    public func install(force: Bool = false) throws -> Outcome {
        let manager = FileManager.default
        try checkInstallable(force: force)
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PreCommitFailure("cannot create the hooks folder \(directory): \(Self.reason(error))")
        }
        guard exists(hookPath) else {
            try write()
            return .installed
        }
        if isOurs(hookPath) {
            if manager.contents(atPath: hookPath) == Data(script.utf8), isExecutable(hookPath) { return .alreadyInstalled }
            try write()
            return .updated
        }
        let keep = force ? replacedPath : chainedPath
        try manager.moveItem(atPath: hookPath, toPath: keep)
        try write()
        return force ? .replaced : .chained
    }

    public func uninstall() throws -> Removal {
        let manager = FileManager.default
        guard exists(hookPath), isOurs(hookPath) else { return .notInstalled }
        try manager.removeItem(atPath: hookPath)
        for path in [chainedPath, replacedPath] where exists(path) {
            try manager.moveItem(atPath: path, toPath: hookPath)
            return .restored
        }
        return .removed
    }

    /// Writes the script beside its final place and renames it there, so git never runs half a hook.
    private func write() throws {
        let temporary = directory + "/.\(name).git-vep-\(getpid())"
        do {
            try Data(script.utf8).write(to: URL(fileURLWithPath: temporary))
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: temporary)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw PreCommitFailure("cannot write \(hookPath): \(Self.reason(error))")
        }
        if rename(temporary, hookPath) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw PreCommitFailure("cannot write \(hookPath): \(reason)")
        }
    }

    private func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

    /// What the system said, in its words (Foundation's own description names only an error domain and code).
    /// The system's words for a failed file operation (`Permission denied`), not Foundation's error dump.
    public static func reason(_ error: Error) -> String {
        let described = error as NSError
        for candidate in [described.userInfo[NSUnderlyingErrorKey] as? NSError, described].compactMap({ $0 })
        where candidate.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(candidate.code)))
        }
        switch CocoaError.Code(rawValue: described.code) {
        case .fileWriteNoPermission, .fileReadNoPermission: return String(cString: strerror(EACCES))
        case .fileWriteVolumeReadOnly: return String(cString: strerror(EROFS))
        case .fileWriteOutOfSpace: return String(cString: strerror(ENOSPC))
        case .fileNoSuchFile, .fileReadNoSuchFile: return String(cString: strerror(ENOENT))
        case .fileWriteFileExists: return "a file is in the way"
        default: return described.localizedDescription
        }
    }
}

extension Repository {
    /// The folder git runs this repository's hooks from: `core.hooksPath` (a relative one is relative to the
    /// top of the work tree, or to the git directory of a bare repository), else `<common dir>/hooks`.
    public var hooksDirectory: String {
        guard let configured = configString("core.hooksPath"), !configured.isEmpty else { return commonDirectory + "/hooks" }
        var path = configured
        if path == "~" || path.hasPrefix("~/") {
            path = (ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) + path.dropFirst()
        }
        if !path.hasPrefix("/") {
            let base = workingDirectory.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? gitDirectory
            path = base + "/" + path
        }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
