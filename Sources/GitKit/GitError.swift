import CGit2

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
    // Bounded memory on large repositories: a small object cache, and pack windows mapped a
    // few at a time (the defaults map whole packs, which shows up as resident memory).
    _ = cgit2_set_cache_max_size(16 << 20)
    _ = cgit2_set_mwindow_size(16 << 20)
    _ = cgit2_set_mwindow_mapped_limit(64 << 20)
    return true
}()

@inline(__always)
func ensureLibgit2() { precondition(libgit2Initialized, "git_libgit2_init failed") }
