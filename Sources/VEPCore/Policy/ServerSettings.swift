import Foundation

/// Settings of the server hook in `.vep.yaml`, read from the trusted tree:
///
/// ```yaml
/// enforce: [refs/heads/main, "refs/heads/release-*"]   # default: the default branch and refs/heads/release-*
/// identity:
///   variables: [GL_USERNAME, REMOTE_USER]               # first non-empty one names the pusher
///   push-certificate-keys:                              # signed pushes (GIT_PUSH_CERT_STATUS=G) by key
///     "4AEE18F83AFDEB23": mira
/// ```
public struct ServerSettings: Hashable, Sendable {
    public static let defaultIdentityVariables = ["GL_USERNAME", "GITEA_PUSHER_NAME", "GITHUB_USER_LOGIN", "GL_USER", "REMOTE_USER"]
    public static let defaultEnforce = ["HEAD", "refs/heads/release-*"]

    /// Ref patterns (`*` matches within and across `/`); `HEAD` stands for the default branch.
    public var enforce: [String] = defaultEnforce
    public var identityVariables: [String] = defaultIdentityVariables
    /// Signing key id (upper-case hex, as `GIT_PUSH_CERT_KEY` gives it) → handle.
    public var pushCertificateKeys: [String: Handle] = [:]

    public init() {}

    public static func parse(_ configuration: Configuration) -> (ServerSettings, [Problem]) {
        var settings = ServerSettings()
        var problems: [Problem] = []
        guard let raw = configuration.raw else { return (settings, []) }
        func strings(_ value: YAMLValue, _ field: String) -> [String]? {
            if let text = value.string { return [text] }
            guard let items = value.items, items.allSatisfy({ $0.string != nil }) else {
                problems.append(Problem(code: "config-value", message: "`\(field)` must be a list of strings", at: PolicyYAML.shift(value.position)))
                return nil
            }
            return items.compactMap(\.string)
        }
        if let enforce = raw["enforce"], !enforce.isNull, let patterns = strings(enforce, "enforce") {
            settings.enforce = patterns
        }
        if let identity = raw["identity"], !identity.isNull {
            if let variables = identity["variables"], !variables.isNull, let names = strings(variables, "identity.variables") {
                settings.identityVariables = names
            }
            if let keys = identity["push-certificate-keys"], !keys.isNull {
                if case .mapping(let pairs, _) = keys {
                    for pair in pairs {
                        guard let handle = pair.value.string.flatMap(Handle.init) else {
                            problems.append(Problem(code: "config-value", message: "key `\(pair.key.value)` must map to a handle",
                                                    at: PolicyYAML.shift(pair.value.position)))
                            continue
                        }
                        settings.pushCertificateKeys[pair.key.value.uppercased()] = handle
                    }
                } else {
                    problems.append(Problem(code: "config-value", message: "`identity.push-certificate-keys` must map key ids to handles",
                                            at: PolicyYAML.shift(keys.position)))
                }
            }
        }
        return (settings, problems)
    }

    /// Whether updates of `ref` are judged; `defaultBranch` is what HEAD names in the server repository.
    public func enforces(_ ref: String, defaultBranch: String?) -> Bool {
        enforce.contains { pattern in
            if pattern == "HEAD" { return ref == defaultBranch }
            return RefPattern.matches(pattern, ref)
        }
    }

    /// The pusher as the server names them: the first identity variable set, else a good signed-push certificate
    /// whose key is mapped. Never the commits' author or committer.
    public func pusher(environment: [String: String]) -> Pusher? {
        for name in identityVariables {
            if let value = environment[name], let handle = Handle(value) { return Pusher(handle: handle, source: "$\(name)") }
        }
        if !pushCertificateKeys.isEmpty, environment["GIT_PUSH_CERT_STATUS"] == "G",
           let key = environment["GIT_PUSH_CERT_KEY"]?.uppercased(), !key.isEmpty {
            let match = pushCertificateKeys.first { key.hasSuffix($0.key) || $0.key.hasSuffix(key) }
            if let match { return Pusher(handle: match.value, source: "the signed push certificate (key \(key))") }
        }
        return nil
    }
}

/// Who pushed, and how the server said so.
public struct Pusher: Hashable, Sendable {
    public let handle: Handle
    public let source: String
}

/// Push options this hook understands (`git push -o vep.freeze-exception=183`).
public struct PushOptions: Hashable, Sendable {
    public var freezeExceptions: Set<Int> = []
    /// Whether the client sent any push option (git sets GIT_PUSH_OPTION_COUNT=0 even when push options are off).
    public var present = false
    public var problems: [String] = []

    public init() {}

    public static func parse(environment: [String: String]) -> PushOptions {
        var options = PushOptions()
        guard let countText = environment["GIT_PUSH_OPTION_COUNT"] else { return options }
        guard let count = Int(countText), count >= 0 else {
            options.problems.append("GIT_PUSH_OPTION_COUNT is '\(countText)', not a number")
            return options
        }
        options.present = count > 0
        for index in 0..<count {
            guard let option = environment["GIT_PUSH_OPTION_\(index)"] else { continue }
            let prefix = "vep.freeze-exception="
            // Names in any case, as git's configuration keys (`VEP.Freeze-Exception=183`).
            guard option.lowercased().hasPrefix(prefix) else {
                // Options of other tools pass; a misspelt one of git-vep's would silently grant nothing.
                if option.lowercased() == "vep.freeze-exception" {
                    options.problems.append("push option '\(option)' names no VEP: write vep.freeze-exception=<VEP number>")
                } else if option.lowercased().hasPrefix("vep.") {
                    options.problems.append("push option '\(option)' is not one git-vep knows (it takes vep.freeze-exception=<VEP number>)")
                }
                continue
            }
            let parts = option.dropFirst(prefix.count).split(separator: ",")
            if parts.isEmpty { options.problems.append("push option '\(option)' does not name a VEP number") }
            for part in parts {
                var text = part.trimmingCharacters(in: .whitespaces)
                if text.hasPrefix("#") { text.removeFirst() }
                if let number = Int(text), number > 0 {
                    options.freezeExceptions.insert(number)
                } else {
                    options.problems.append("push option '\(option)' does not name a VEP number")
                }
            }
        }
        return options
    }
}

/// Ref globs as `enforce` spells them: `*` matches any run of characters, `?` one; everything else literally.
public enum RefPattern {
    public static func matches(_ pattern: String, _ ref: String) -> Bool {
        let p = Array(pattern.utf8), s = Array(ref.utf8)
        var pi = 0, si = 0, star = -1, mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == s[si] {
                pi += 1; si += 1
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi; mark = si; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
