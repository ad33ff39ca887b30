import Foundation

/// A GitHub handle as ownership compares it: case-insensitive, without `@`, trimmed; shown as it was written
/// (`@EdDev`, not `@eddev`).
public struct Handle: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Lowercased: what two handles are compared by.
    public let name: String
    /// As written, without `@`: what is shown.
    public let spelling: String

    /// Nil for empty text and the `TBD` placeholder.
    public init?(_ text: String) {
        var value = text.trimmingWhitespace
        while value.hasPrefix("@") { value.removeFirst() }
        guard !value.isEmpty, value.lowercased() != "tbd" else { return nil }
        spelling = value
        name = value.lowercased()
    }

    public var description: String { "@" + spelling }
    public static func == (lhs: Handle, rhs: Handle) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
    public static func < (lhs: Handle, rhs: Handle) -> Bool { lhs.name < rhs.name }
}

/// One Prow `OWNERS` file: approvers, reviewers, `options.no_parent_owners` and `filters`.
public struct OwnersFile: Hashable, Sendable {
    /// Path of the file in the repository (`OWNERS`, `veps/sig-network/OWNERS`).
    public let path: String
    /// Entries as written: handles or alias names.
    public var approvers: [Located<String>] = []
    public var reviewers: [Located<String>] = []
    public var noParentOwners = false
    /// Prow `filters`: a regular expression on the path relative to this file's folder, with its own people.
    public var filters: [(pattern: Located<String>, approvers: [Located<String>], reviewers: [Located<String>])] = []

    public init(path: String) { self.path = path }

    /// The folder the file governs: "" for the root.
    public var directory: String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    public static func == (lhs: OwnersFile, rhs: OwnersFile) -> Bool {
        lhs.path == rhs.path && lhs.approvers == rhs.approvers && lhs.reviewers == rhs.reviewers
            && lhs.noParentOwners == rhs.noParentOwners && lhs.filters.map(\.pattern) == rhs.filters.map(\.pattern)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(path); hasher.combine(approvers) }

    /// Parses an OWNERS file; bad content yields what could be read and problems naming the line.
    public static func parse(_ text: String, path: String) -> (OwnersFile, [Problem]) {
        var owners = OwnersFile(path: path)
        let (root, problems) = PolicyYAML.parse(text, fileName: path)
        var found = problems
        guard let root else { return (owners, found) }
        guard case .mapping(let pairs, _) = root else {
            return (owners, found + [Problem(code: "owners-yaml", message: "`\(path)` must be a mapping with `approvers` and `reviewers`, found \(root.kindName)",
                                             at: PolicyYAML.shift(root.position))])
        }
        for pair in pairs {
            switch pair.key.value {
            case "approvers": owners.approvers = PolicyYAML.names(pair.value, field: "approvers", in: path, problems: &found)
            case "reviewers": owners.reviewers = PolicyYAML.names(pair.value, field: "reviewers", in: path, problems: &found)
            case "options":
                if let value = pair.value["no_parent_owners"] {
                    switch value.string?.lowercased() {
                    case "true": owners.noParentOwners = true
                    case "false", nil: owners.noParentOwners = false
                    default:
                        found.append(Problem(code: "owners-yaml", message: "`options.no_parent_owners` in `\(path)` must be true or false",
                                             at: PolicyYAML.shift(value.position)))
                    }
                }
            case "filters":
                guard case .mapping(let filters, _) = pair.value else {
                    found.append(Problem(code: "owners-yaml", message: "`filters` in `\(path)` must map regular expressions to approvers and reviewers",
                                         at: PolicyYAML.shift(pair.value.position)))
                    continue
                }
                for filter in filters {
                    let pattern = Located(filter.key.value, at: PolicyYAML.shift(filter.key.position))
                    if (try? NSRegularExpression(pattern: pattern.value)) == nil {
                        found.append(Problem(code: "owners-yaml", message: "filter `\(pattern.value)` in `\(path)` is not a valid regular expression",
                                             at: pattern.position))
                        continue
                    }
                    let approvers = filter.value["approvers"].map { PolicyYAML.names($0, field: "approvers", in: path, problems: &found) } ?? []
                    let reviewers = filter.value["reviewers"].map { PolicyYAML.names($0, field: "reviewers", in: path, problems: &found) } ?? []
                    owners.filters.append((pattern, approvers, reviewers))
                }
            default:
                break  // labels, emeritus_approvers, … carry no rights
            }
        }
        return (owners, found)
    }

    /// Approvers (or reviewers) entries that apply to `path`, a file at or below this file's folder.
    func entries(for path: String, approvers wantApprovers: Bool) -> [Located<String>] {
        var result = wantApprovers ? approvers : reviewers
        guard !filters.isEmpty else { return result }
        let relative = directory.isEmpty ? path : String(path.dropFirst(directory.count + 1))
        for filter in filters {
            guard let expression = try? NSRegularExpression(pattern: filter.pattern.value) else { continue }
            let range = NSRange(relative.startIndex..., in: relative)
            if expression.firstMatch(in: relative, range: range) != nil {
                result += wantApprovers ? filter.approvers : filter.reviewers
            }
        }
        return result
    }
}

/// `OWNERS_ALIASES`: named groups of handles usable in any OWNERS file.
public struct OwnersAliases: Hashable, Sendable {
    public static let fileName = "OWNERS_ALIASES"
    /// Alias name (lowercased) → members.
    public var aliases: [String: [Handle]] = [:]

    public init(aliases: [String: [Handle]] = [:]) { self.aliases = aliases }

    public static func parse(_ text: String, path: String = fileName) -> (OwnersAliases, [Problem]) {
        var result = OwnersAliases()
        let (root, problems) = PolicyYAML.parse(text, fileName: path)
        var found = problems
        guard let root else { return (result, found) }
        guard let aliases = root["aliases"], !aliases.isNull else { return (result, found) }
        guard case .mapping(let pairs, _) = aliases else {
            found.append(Problem(code: "owners-yaml", message: "`aliases` in `\(path)` must map names to lists of handles",
                                 at: PolicyYAML.shift(aliases.position)))
            return (result, found)
        }
        for pair in pairs {
            let members = PolicyYAML.names(pair.value, field: "aliases.\(pair.key.value)", in: path, problems: &found)
            result.aliases[pair.key.value.lowercased()] = members.compactMap { Handle($0.value) }
        }
        return (result, found)
    }

    /// The handles an OWNERS entry stands for: an alias's members, else the handle itself.
    public func expand(_ entry: String) -> [Handle] {
        if let members = aliases[entry.trimmingWhitespace.lowercased()] { return members }
        return Handle(entry).map { [$0] } ?? []
    }
}

/// The people a set of trusted OWNERS files gives a path, with Prow's inheritance.
public struct OwnersChain: Sendable {
    /// OWNERS files from the path's folder up to the root, nearest first, stopping after `no_parent_owners`.
    public let files: [OwnersFile]
    public let aliases: OwnersAliases

    /// `lookup(folder)` returns the OWNERS file of a folder ("" for the root), nil when it has none.
    public init(for path: String, aliases: OwnersAliases, lookup: (String) throws -> OwnersFile?) rethrows {
        var chain: [OwnersFile] = []
        var components = path.split(separator: "/").map(String.init)
        components.removeLast()  // the file itself
        while true {
            if let file = try lookup(components.joined(separator: "/")) {
                chain.append(file)
                if file.noParentOwners { break }
            }
            if components.isEmpty { break }
            components.removeLast()
        }
        files = chain
        self.aliases = aliases
    }

    public func approvers(for path: String) -> Set<Handle> {
        Set(files.flatMap { $0.entries(for: path, approvers: true) }.flatMap { aliases.expand($0.value) })
    }

    public func reviewers(for path: String) -> Set<Handle> {
        Set(files.flatMap { $0.entries(for: path, approvers: false) }.flatMap { aliases.expand($0.value) })
    }
}

/// YAML reading shared by OWNERS, OWNERS_ALIASES and the server settings.
enum PolicyYAML {
    /// Parses a whole file as YAML; positions stay one line below the file's (the front matter reader's), use `shift`.
    /// A file with a field written twice is not read at all: taking either list would grant what its authors may not
    /// have meant (a second `approvers:` appended below the first), so such a file grants nothing until it is fixed.
    static func parse(_ text: String, fileName: String) -> (YAMLValue?, [Problem]) {
        // Read as UTF-8 with each bad byte replaced: a name holding one matches no handle, and the file is reported.
        var encoding: [Problem] = []
        if let bad = text.firstIndex(of: "\u{FFFD}") {
            let line = text[..<bad].reduce(1) { $1 == "\n" || $1 == "\r\n" ? $0 + 1 : $0 }
            encoding.append(Problem(code: "owners-yaml",
                                    message: "`\(fileName)` is not valid UTF-8 text: line \(line) has a byte that is not part of a UTF-8 character",
                                    at: SourcePosition(line: line, column: 1),
                                    help: "save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8`; a name with that byte matches no one"))
        }
        let (parsed, problems) = FrontMatterReader.parse(text, closingLine: 0)
        let mapped = problems.map {
            Problem(code: "owners-yaml", message: $0.message.replacingOccurrences(of: "front matter", with: "`\(fileName)`"),
                    at: shift($0.position),
                    help: parsed == nil ? "fix the YAML syntax of `\(fileName)`"
                        : "keep one of the two; until then git-vep reads nothing of `\(fileName)`, which grants no one anything")
        }
        guard let parsed, problems.isEmpty else { return (nil, encoding + mapped) }
        return (.mapping(parsed.fields, SourcePosition(line: 2, column: 1)), encoding)
    }

    static func shift(_ position: SourcePosition) -> SourcePosition {
        SourcePosition(line: max(1, position.line - 1), column: position.column)
    }

    /// A list of names (a single scalar is accepted as a one-item list).
    static func names(_ value: YAMLValue, field: String, in path: String, problems: inout [Problem]) -> [Located<String>] {
        if value.isNull { return [] }
        if let text = value.string { return [Located(text, at: shift(value.position))] }
        guard let items = value.items else {
            problems.append(Problem(code: "owners-yaml", message: "`\(field)` in `\(path)` must be a list of handles, found \(value.kindName)",
                                    at: shift(value.position)))
            return []
        }
        var result: [Located<String>] = []
        for item in items {
            if let text = item.string {
                result.append(Located(text, at: shift(item.position)))
            } else {
                problems.append(Problem(code: "owners-yaml", message: "an entry of `\(field)` in `\(path)` is \(item.kindName), not a handle",
                                        at: shift(item.position)))
            }
        }
        return result
    }
}
