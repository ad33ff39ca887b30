import CGit2
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
    /// Configuration given on git's command line (`git -c key=value`, `GIT_CONFIG_COUNT`/`_KEY_n`/`_VALUE_n`,
    /// `GIT_CONFIG_PARAMETERS`), keys normalized; these win over every configuration file.
    public var configOverrides: [String: String]
    /// The global and system configuration files git's environment names instead of the usual ones
    /// (`GIT_CONFIG_GLOBAL`, `GIT_CONFIG_SYSTEM`, `GIT_CONFIG_NOSYSTEM`); nil when it names none.
    public var configFiles: ConfigFiles?

    public init(gitDirectory: String, workTree: String? = nil, indexFile: String? = nil, objectDirectories: [String] = [],
                configOverrides: [String: String] = [:], configFiles: ConfigFiles? = nil) {
        self.gitDirectory = gitDirectory
        self.workTree = workTree
        self.indexFile = indexFile
        self.objectDirectories = objectDirectories
        self.configOverrides = configOverrides
        self.configFiles = configFiles
    }
}

/// Which global and system configuration files to read, when git's environment says otherwise than the defaults.
public struct ConfigFiles: Sendable, Hashable {
    /// Replaces `~/.gitconfig` and `$XDG_CONFIG_HOME/git/config`; `/dev/null` for none.
    public var global: String?
    /// Replaces `/etc/gitconfig`; `/dev/null` for none.
    public var system: String?
    /// No system file at all.
    public var skipsSystem: Bool

    public init(global: String? = nil, system: String? = nil, skipsSystem: Bool = false) {
        self.global = global
        self.system = system
        self.skipsSystem = skipsSystem
    }

    /// What the environment says, as git reads it; nil when it sets none of the three.
    public init?(environment: [String: String]) {
        let global = environment["GIT_CONFIG_GLOBAL"], system = environment["GIT_CONFIG_SYSTEM"]
        let skips = gitBool(environment["GIT_CONFIG_NOSYSTEM"])
        guard global != nil || system != nil || skips else { return nil }
        self.init(global: global, system: system, skipsSystem: skips)
    }
}

extension ConfigFiles {
    /// The system, XDG and global files git reads, in that order, with their levels: those that exist.
    var existingFiles: [(path: String, level: git_config_level_t)] {
        var files: [(String?, git_config_level_t)] = []
        if !skipsSystem { files.append((system ?? Repository.defaultConfigFile(git_config_find_system), GIT_CONFIG_LEVEL_SYSTEM)) }
        if let global {
            files.append((global, GIT_CONFIG_LEVEL_GLOBAL))
        } else {
            files.append((Repository.defaultConfigFile(git_config_find_xdg), GIT_CONFIG_LEVEL_XDG))
            files.append((Repository.defaultConfigFile(git_config_find_global), GIT_CONFIG_LEVEL_GLOBAL))
        }
        return files.compactMap { path, level in
            guard let path, path != "/dev/null", FileManager.default.fileExists(atPath: path) else { return nil }
            return (path, level)
        }
    }
}

/// A value read as git reads a boolean: no value is true, a number is true unless zero, else true/yes/on.
func gitBoolean(_ value: String?) -> Bool {
    guard let value else { return true }
    var result: Int32 = 0
    if git_config_parse_bool(&result, value) == 0 { return result != 0 }
    var number: Int64 = 0
    return git_config_parse_int64(&number, value) == 0 && number != 0
}

/// Lowercases a configuration key's section and name, keeping a subsection's case (`Vep.Sig-X.Root` → `vep.Sig-X.root`).
func normalizedConfigKey(_ key: String) -> String {
    guard let first = key.firstIndex(of: "."), let last = key.lastIndex(of: "."), first != key.startIndex else { return key.lowercased() }
    return key[..<first].lowercased() + key[first..<last] + key[last...].lowercased()
}

/// The command-line configuration git hands to child processes (and so to hooks), in git's order: the
/// `GIT_CONFIG_COUNT` pairs, then `GIT_CONFIG_PARAMETERS`; later settings win. A key without value means true.
func commandLineConfig(_ environment: [String: String]) -> [String: String] {
    var result: [String: String] = [:]
    for (key, value) in commandLineConfigEntries(environment) { result[key] = value ?? "true" }
    return result
}

/// Every command-line setting in git's order, keys normalized; a key without value has none (nil), which
/// multi-valued keys such as `safe.directory` treat differently from true.
func commandLineConfigEntries(_ environment: [String: String]) -> [(key: String, value: String?)] {
    var result: [(key: String, value: String?)] = []
    if let count = environment["GIT_CONFIG_COUNT"].flatMap(Int.init), count > 0 {
        for index in 0..<count {
            guard let key = environment["GIT_CONFIG_KEY_\(index)"], !key.isEmpty else { continue }
            result.append((normalizedConfigKey(key), environment["GIT_CONFIG_VALUE_\(index)"] ?? ""))
        }
    }
    if let parameters = environment["GIT_CONFIG_PARAMETERS"] {
        for (key, value) in parseConfigParameters(parameters) { result.append((normalizedConfigKey(key), value)) }
    }
    return result
}

/// Parses `GIT_CONFIG_PARAMETERS`: shell single-quoted words, either `'key'='value'` (git 2.31+), `'key'`,
/// or the older `'key=value'`.
func parseConfigParameters(_ text: String) -> [(String, String?)] {
    let bytes = Array(text.utf8)
    var index = 0
    var result: [(String, String?)] = []

    // One sq-quoted word: 'abc'\''def' is abc'def (git's sq_quote spelling of a quote).
    func quoted() -> String? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "'") else { return nil }
        var word: [UInt8] = []
        while index < bytes.count, bytes[index] == UInt8(ascii: "'") {
            index += 1
            while index < bytes.count, bytes[index] != UInt8(ascii: "'") {
                word.append(bytes[index])
                index += 1
            }
            index += 1  // closing quote
            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\") {
                word.append(bytes[index + 1])
                index += 2
            }
        }
        return String(decoding: word, as: UTF8.self)
    }

    while index < bytes.count {
        if bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") || bytes[index] == UInt8(ascii: "\n") {
            index += 1
            continue
        }
        guard let word = quoted() else { break }  // malformed: git refuses the whole variable; keep what parsed
        if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
            index += 1
            result.append((word, quoted() ?? ""))
        } else if let equals = word.firstIndex(of: "=") {
            result.append((String(word[..<equals]), String(word[word.index(after: equals)...])))
        } else {
            result.append((word, nil))
        }
    }
    return result
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

/// An environment switch read as git reads it (`git_env_bool`): unset is false, else a configuration boolean.
func gitBool(_ value: String?) -> Bool {
    guard let value else { return false }
    return gitBoolean(value)
}
