import Foundation
import CGit2
import GitAllocation
import GitLooseObjects

/// A libgit2 failure, or a GitKit precondition that failed, with the operation that hit it.
public struct GitError: Error, CustomStringConvertible, Sendable {
    /// What GitKit was doing, e.g. `"resolveCommit(HEAD~3)"` or `"open"`.
    public let operation: String
    /// The libgit2 return code (`GIT_ENOTFOUND` is -3, …); `-1` for GitKit's own errors.
    public let code: Int32
    /// The libgit2 error class (`GIT_ERROR_ODB`, …); `0` when libgit2 set none.
    public let errorClass: Int32
    /// A human-readable message, git-like where git has a well-known wording.
    public let message: String

    public init(operation: String, code: Int32 = -1, errorClass: Int32 = 0, message: String) {
        self.operation = operation
        self.code = code
        self.errorClass = errorClass
        self.message = message
    }

    public var description: String { "\(operation): \(message)" }

    /// True when libgit2 said the thing asked for does not exist.
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    /// True when the loose-object check (GitLooseObjects) found the object's file damaged: the message names the
    /// object, the file and the damage, and says to run `git fsck`.
    public var isDamagedObject: Bool { errorClass == GIT_ERROR_ODB.rawValue && message.contains(" is damaged: its loose file ") }

    /// Captures `git_error_last()`; must run on the thread that made the failing call (it is thread-local).
    static func last(_ code: Int32, _ operation: String) -> GitError {
        if let last = git_error_last() {
            let message = last.pointee.message.map { String(cString: $0) } ?? "unknown libgit2 error"
            return GitError(operation: operation, code: code, errorClass: last.pointee.klass, message: message)
        }
        return GitError(operation: operation, code: code, message: "libgit2 error \(code)")
    }
}

/// Throws a `GitError` for a negative libgit2 return code.
@inline(__always)
func check(_ code: Int32, _ operation: @autoclosure () -> String) throws {
    if code < 0 { throw GitError.last(code, operation()) }
}

/// libgit2 wants one `git_libgit2_init()` before anything else; Swift runs a global's initializer once.
/// Objects are not re-hashed on every read: git itself trusts its object store the same way.
let libgit2Initialized: Bool = {
    guard git_libgit2_init() > 0 else { return false }
    _ = cgit2_set_strict_hash_verification(0)
    _ = cgit2_accept_extensions()
    guard git_allocation_install() >= 0, git_loose_objects_set_priorities() >= 0 else { return false }
    // Ownership is checked by Repository.open the way git 2.39 checks it; libgit2 1.5's own check resolves paths
    // git compares literally, ignores GIT_CONFIG_GLOBAL and the command line, and crashes on a value-less entry.
    _ = cgit2_set_owner_validation(0)
    ObjectMemoryLimits.standard.apply()
    return true
}()

/// Process-wide ceilings on what libgit2 keeps in memory while reading objects. Both the object cache
/// and the mapped pack windows count toward the process's resident size; libgit2's own defaults map
/// whole packs (gigabytes on 64-bit systems).
public struct ObjectMemoryLimits: Sendable, Equatable {
    /// The object cache (commits and trees), in bytes, shared by every repository handle.
    public var objectCache: Int
    /// Trees up to this size are cached. libgit2's default (4 KiB) leaves out the trees of folders with a
    /// few hundred entries, which a history walk then inflates again at every commit.
    public var largestCachedTree: Int
    /// The size of one mapped window of a pack file, and the most mapped at once.
    public var packWindow: Int
    public var mappedPacks: Int
    /// Parsed trees each repository opened from now on keeps, beyond libgit2's cache (see `RecentTrees`).
    public var recentTrees: Int

    public init(objectCache: Int, largestCachedTree: Int, packWindow: Int, mappedPacks: Int, recentTrees: Int = 64) {
        self.objectCache = objectCache
        self.largestCachedTree = largestCachedTree
        self.packWindow = packWindow
        self.mappedPacks = mappedPacks
        self.recentTrees = recentTrees
    }

    /// What `apply()` last set for repositories opened afterwards.
    static let recentTreesPerRepository = LockedValue(64)

    /// What every process starts with.
    public static let standard = ObjectMemoryLimits(objectCache: 4 << 20, largestCachedTree: 256 << 10,
                                                    packWindow: 16 << 20, mappedPacks: 64 << 20)
    /// For a walk over the whole history that keeps its own growing state (the timeline): 40 MiB mapped in
    /// 2 MiB windows. The walk reads commits, trees and blobs from far-apart parts of a pack at once; a few
    /// large windows kept being unmapped and mapped again (on 100,000 commits, 16 MiB windows with 32 MiB
    /// mapped: 5.05 s and 0.9 s of system time; 2 MiB windows with 40 MiB mapped: 4.6 s, 0.6 s, 7 MB more).
    /// Each worker compares a commit's trees with its parent's, which the last 16 trees hold, and reads
    /// each tree at most twice: a 1 MiB object cache, not 4 (cold peak 143-148 -> 137-144 MB, same time).
    /// With mimalloc as the allocator the heap shrank enough for 48 MiB mapped (cold median 3.8 -> 3.46 s,
    /// peak 131 -> 139 MB; mapped memory counts in the peak almost byte for byte). Back to 40 MiB once the peak
    /// reached 151 MB in a bench run (143-147 MB -> 137-143 MB on four paired runs, about 0.1 s slower).
    public static let historyWalk = ObjectMemoryLimits(objectCache: 1 << 20, largestCachedTree: 256 << 10,
                                                       packWindow: 2 << 20, mappedPacks: 40 << 20, recentTrees: 16)

    /// Makes these the process's limits; windows already mapped are unmapped as new ones are needed.
    public func apply() {
        _ = cgit2_set_cache_max_size(objectCache)
        _ = cgit2_set_cache_object_limit(GIT_OBJECT_TREE, largestCachedTree)
        _ = cgit2_set_mwindow_size(packWindow)
        _ = cgit2_set_mwindow_mapped_limit(mappedPacks)
        Self.recentTreesPerRepository.value = max(1, recentTrees)  // the ring needs a slot
    }

    /// Applies `limits` once libgit2 is initialized.
    public static func use(_ limits: ObjectMemoryLimits) {
        ensureLibgit2()
        limits.apply()
    }
}

/// A value read and written from several threads (`Atomic` needs macOS 15; the package supports 13).
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// git's `safe.directory` list as git 2.39 reads it, in order: the system file (unless `GIT_CONFIG_NOSYSTEM`;
/// `GIT_CONFIG_SYSTEM` names another), the global files (`GIT_CONFIG_GLOBAL`, else the XDG file and
/// `~/.gitconfig`), then the command line. nil stands for an entry without value, which empties the list like "".
func safeDirectoryEntries(_ environment: [String: String]) -> [String?] {
    var entries: [String?] = []
    let files = ConfigFiles(environment: environment) ?? ConfigFiles()
    for (path, _) in files.existingFiles {
        var config: OpaquePointer?
        guard git_config_open_ondisk(&config, path) >= 0, let config else { continue }
        defer { git_config_free(config) }
        var iterator: OpaquePointer?
        guard git_config_multivar_iterator_new(&iterator, config, "safe.directory", nil) >= 0, let iterator else { continue }
        defer { git_config_iterator_free(iterator) }
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let current = entry?.pointee {
            entries.append(current.value.map { String(cString: $0) })
        }
    }
    entries += commandLineConfigEntries(environment).filter { $0.key == "safe.directory" }.map(\.value)
    return entries
}

@inline(__always)
func ensureLibgit2() { precondition(libgit2Initialized, "git_libgit2_init failed") }
