import Foundation

/// Everything needed to open the same repository again, the way it was first opened; cheap to copy and send.
public struct RepositoryLocation: Sendable, Hashable {
    /// The absolute git directory (for a linked worktree, its private directory under `worktrees/`).
    public var gitDirectory: String
    /// The working tree to impose (from `GIT_WORK_TREE`, or the current directory when `GIT_DIR` was set);
    /// nil to let the repository's own configuration decide.
    public var workTree: String?
    /// The index file to read instead of the repository's (from `GIT_INDEX_FILE`), absolute.
    public var indexFile: String?
    /// Extra object directories made readable as alternates (`GIT_OBJECT_DIRECTORY`,
    /// `GIT_ALTERNATE_OBJECT_DIRECTORIES`, a divergent `GIT_COMMON_DIR`), absolute.
    public var objectDirectories: [String]

    public init(gitDirectory: String, workTree: String? = nil, indexFile: String? = nil, objectDirectories: [String] = []) {
        self.gitDirectory = gitDirectory
        self.workTree = workTree
        self.indexFile = indexFile
        self.objectDirectories = objectDirectories
    }
}

/// Splits `GIT_ALTERNATE_OBJECT_DIRECTORIES` the way git's `parse_alt_odb_entry` does:
/// entries separated by `:`, an entry starting with `"` is C-quoted (`"/srv/a:b/objects"`, `\"`, `\\`, `\303\251`).
func parseAlternateObjectDirectories(_ value: String) -> [String] {
    var result: [String] = []
    var bytes = Array(value.utf8)[...]
    while !bytes.isEmpty {
        var entry: [UInt8] = []
        if bytes.first == UInt8(ascii: "\"") {
            bytes = bytes.dropFirst()
            // git's unquote_c_style: backslash escapes, octal bytes, closing quote.
            loop: while let byte = bytes.first {
                bytes = bytes.dropFirst()
                switch byte {
                case UInt8(ascii: "\""):
                    break loop
                case UInt8(ascii: "\\"):
                    guard let escaped = bytes.first else { break loop }
                    bytes = bytes.dropFirst()
                    switch escaped {
                    case UInt8(ascii: "a"): entry.append(0x07)
                    case UInt8(ascii: "b"): entry.append(0x08)
                    case UInt8(ascii: "f"): entry.append(0x0c)
                    case UInt8(ascii: "n"): entry.append(0x0a)
                    case UInt8(ascii: "r"): entry.append(0x0d)
                    case UInt8(ascii: "t"): entry.append(0x09)
                    case UInt8(ascii: "v"): entry.append(0x0b)
                    case UInt8(ascii: "0")...UInt8(ascii: "3"):
                        var code = UInt32(escaped - UInt8(ascii: "0"))
                        for _ in 0..<2 {
                            guard let digit = bytes.first, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(digit) else { break }
                            code = code * 8 + UInt32(digit - UInt8(ascii: "0"))
                            bytes = bytes.dropFirst()
                        }
                        entry.append(UInt8(truncatingIfNeeded: code))
                    default: entry.append(escaped)
                    }
                default:
                    entry.append(byte)
                }
            }
            // Anything between the closing quote and the next separator is ignored, as git warns and does.
            while let byte = bytes.first, byte != UInt8(ascii: ":") { bytes = bytes.dropFirst() }
        } else {
            while let byte = bytes.first, byte != UInt8(ascii: ":") {
                entry.append(byte)
                bytes = bytes.dropFirst()
            }
        }
        if bytes.first == UInt8(ascii: ":") { bytes = bytes.dropFirst() }
        if !entry.isEmpty { result.append(String(decoding: entry, as: UTF8.self)) }
    }
    return result
}

/// `path` made absolute against `directory`, without touching the file system.
func absolutePath(_ path: String, relativeTo directory: String) -> String {
    if path.hasPrefix("/") { return path }
    if path == "." { return directory }
    return directory.hasSuffix("/") ? directory + path : directory + "/" + path
}

/// The symlink-free absolute path when the file exists, else the lexically standardized one.
func canonicalPath(_ path: String) -> String {
    if let resolved = realpath(path, nil) {
        defer { free(resolved) }
        return String(cString: resolved)
    }
    return URL(fileURLWithPath: path).standardized.path
}

/// libgit2 returns directories with a trailing slash; git prints them without.
func withoutTrailingSlash(_ path: String) -> String {
    var path = path
    while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
    return path
}

/// git's boolean spelling for environment switches.
func gitBool(_ value: String?) -> Bool {
    guard let value = value?.lowercased() else { return false }
    return ["1", "true", "yes", "on"].contains(value)
}
