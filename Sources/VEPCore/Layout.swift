import Foundation

/// Where VEPs live in a repository. Defaults follow kubevirt/enhancements today;
/// `.vep.yaml` may override each part.
public struct Layout: Hashable, Sendable {
    /// Folder holding the groups, relative to the repository root.
    public var root: String
    /// Regular expression a group folder name must match.
    public var groupPattern: String
    /// File name of a VEP's main document inside its folder.
    public var documentName: String
    /// Folder (directly under `root`) holding the template, not a VEP.
    public var templateDirectory: String

    public init(root: String = "veps",
                groupPattern: String = "^(sig-[a-z0-9]+(-[a-z0-9]+)*|meta-VEPs)$",
                documentName: String = "vep.md",
                templateDirectory: String = "NNNN-vep-template") {
        self.root = root
        self.groupPattern = groupPattern
        self.documentName = documentName
        self.templateDirectory = templateDirectory
    }

    public static let `default` = Layout()

    /// Path of the template's main document.
    public var templatePath: String { "\(root)/\(templateDirectory)/\(documentName)" }

    public func isGroupName(_ name: String) -> Bool {
        // The default pattern, without starting a regular expression engine.
        if groupPattern == Layout.default.groupPattern { return name == "meta-VEPs" || NameShapes.isSIG(name) }
        guard let expression = CompiledPatterns.shared.expression(groupPattern) else { return false }
        return expression.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
    }

    /// The group folders that hold one of `paths` (files under the root), the template aside, by name.
    public func groups(holding paths: [String]) -> Set<String> {
        Set(paths.compactMap { components(of: $0)?.group }).filter { $0 != templateDirectory && isGroupName($0) }
    }

    /// Whether `path` lies under the template folder.
    public func isTemplate(_ path: String) -> Bool {
        path.hasPrefix("\(root)/\(templateDirectory)/")
    }

    /// Whether the group is a meta-VEP group (exempt from `stage` and `feature-gate`).
    public func isMetaGroup(_ group: String?) -> Bool {
        group?.lowercased() == "meta-veps"
    }

    /// The parts of a path under the root: group (first folder) and the VEP folder (second), if any.
    /// Found by looking for slashes in the UTF-8 bytes: this runs for every path of every commit a hook judges.
    public func components(of path: String) -> (group: String?, directory: String?, file: String)? {
        guard let rest = Self.bytes(of: path, under: root) else { return nil }
        let slash = UInt8(ascii: "/")
        guard let first = rest.firstIndex(of: slash) else { return (nil, nil, String(Substring(rest))) }
        let group = String(Substring(rest[..<first]))
        let afterGroup = rest[rest.index(after: first)...]
        guard let second = afterGroup.firstIndex(of: slash) else { return (group, nil, String(Substring(afterGroup))) }
        let last = afterGroup.lastIndex(of: slash)!
        return (group, String(Substring(afterGroup[..<second])), String(Substring(afterGroup[afterGroup.index(after: last)...])))
    }

    /// The path's bytes after `<root>/`; nil when the path is not under the root.
    static func bytes(of path: String, under root: String) -> Substring.UTF8View? {
        let bytes = Substring(path).utf8
        guard bytes.starts(with: root.utf8) else { return nil }
        let separator = bytes.index(bytes.startIndex, offsetBy: root.utf8.count)
        guard separator < bytes.endIndex, bytes[separator] == UInt8(ascii: "/") else { return nil }
        return bytes[bytes.index(after: separator)...]
    }

    /// `<root>/<group>/<folder>` of a path at least that deep, as a prefix of the path itself.
    func folderPrefix(of path: String) -> String? {
        guard let rest = Self.bytes(of: path, under: root), let first = rest.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        let afterGroup = rest[rest.index(after: first)...]
        guard let second = afterGroup.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        return String(Substring(Substring(path).utf8[..<second]))
    }
}

/// A release's schedule entry.
public struct ReleaseSchedule: Hashable, Sendable {
    public let release: Release
    /// The VEP Freeze day (a calendar date, `YYYY-MM-DD`).
    public let vepFreeze: String?
    public let position: SourcePosition
}

/// Repository configuration from `.vep.yaml`, read from the same source as the VEPs.
public struct Configuration: Hashable, Sendable {
    public static let fileName = ".vep.yaml"

    public var layout: Layout = .default
    public var releases: [ReleaseSchedule] = []
    /// Per-rule severity overrides: `error`, `warning` or `off`.
    public var ruleSeverities: [String: Located<String>] = [:]
    /// The whole file, for settings read by later features.
    public var raw: FrontMatter?
    /// False when the file could not be read whole or says something about `layout` that is not a valid layout (a
    /// value, a misspelt setting, a layout that is no mapping): `layout` is then the default only for want of another.
    public var layoutIsValid = true

    public init() {}

    public static let `default` = Configuration()

    /// Parses `.vep.yaml`; bad content yields the defaults for what is bad and a problem naming the line.
    public static func parse(_ text: String) -> (Configuration, [Problem]) {
        var configuration = Configuration()
        // Reuse the front matter reader: a config is a YAML mapping whose line 1 is line 1.
        let (parsed, yamlProblems) = FrontMatterReader.parse(text, closingLine: 0)
        // libyaml places what it meets at the end of the text (an unclosed `[`) just past it: on the last line instead.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let lineCount = max(1, text.hasSuffix("\n") ? lines.count - 1 : lines.count)
        func position(_ line: Int, _ column: Int) -> SourcePosition {
            line <= lineCount ? SourcePosition(line: line, column: column)
                : SourcePosition(line: lineCount, column: lines[lineCount - 1].count + 1)
        }
        var problems = yamlProblems.map { Problem(code: "config-yaml", message: $0.message.replacingOccurrences(of: "front matter", with: "`.vep.yaml`"),
                                                  at: position(max(1, $0.position.line - 1), $0.position.column), help: "fix the YAML syntax of `.vep.yaml`") }
        if !yamlProblems.isEmpty { configuration.layoutIsValid = false }
        guard let parsed else { return (configuration, problems) }
        let fields = parsed.fields.map { (key: Located($0.key.value, at: shift($0.key.position)), value: $0.value) }
        configuration.raw = FrontMatter(fields: fields, closingLine: 0)
        // A misspelt setting would silently keep its default (a freeze never set, a rule never turned off).
        func unknown(_ key: Located<String>, _ name: String, among known: [String]) {
            problems.append(Problem(code: "config-value", message: "`.vep.yaml` has no setting `\(name)`", at: key.position,
                                    help: closest(to: key.value, in: known).map { "did you mean `\($0)`?" }
                                        ?? "the settings are \(known.map { "`\($0)`" }.joined(separator: ", "))"))
        }
        for field in fields where !Self.settings.contains(field.key.value) {
            unknown(field.key, field.key.value, among: Self.settings)
        }
        if let layout = parsed["layout"], !layout.isNull, layout.kindName != "a mapping" {
            configuration.layoutIsValid = false
            problems.append(Problem(code: "config-value", message: "`layout` must map its settings to their values, like `root: veps`",
                                    at: shift(layout.position), help: "write `layout:`, then `  root: <folder>` indented below it"))
        }
        if case .mapping(let pairs, _)? = parsed["layout"] {
            for pair in pairs where !Self.layoutSettings.contains(pair.key.value) {
                configuration.layoutIsValid = false
                unknown(Located(pair.key.value, at: shift(pair.key.position)), "layout.\(pair.key.value)", among: Self.layoutSettings)
            }
        }

        if let layout = parsed["layout"] {
            for key in ["root", "group-pattern", "document", "template"] {
                guard let value = layout[key] else { continue }
                guard let text = value.string, !text.isEmpty else {
                    configuration.layoutIsValid = false
                    problems.append(Problem(code: "config-value", message: "`layout.\(key)` must be a non-empty string", at: shift(value.position)))
                    continue
                }
                switch key {
                case "root":
                    if text.hasPrefix("/") || text.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) {
                        configuration.layoutIsValid = false
                        problems.append(Problem(code: "config-value", message: "`layout.root` must be a folder of the repository, like `veps`, not `\(text)`",
                                                at: shift(value.position)))
                    } else {
                        configuration.layout.root = text.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                    }
                case "group-pattern":
                    if (try? NSRegularExpression(pattern: text)) == nil {
                        configuration.layoutIsValid = false
                        problems.append(Problem(code: "config-value", message: "`layout.group-pattern` is not a valid regular expression", at: shift(value.position)))
                    } else {
                        configuration.layout.groupPattern = text
                    }
                case "document": configuration.layout.documentName = text
                default: configuration.layout.templateDirectory = text
                }
            }
        }
        if let releases = parsed["releases"] {
            if case .mapping(let pairs, _) = releases {
                for pair in pairs {
                    guard let release = Release(pair.key.value) else {
                        problems.append(Problem(code: "config-value", message: "`\(pair.key.value)` is not a release like v1.9", at: shift(pair.key.position)))
                        continue
                    }
                    let freeze = pair.value["vep-freeze"]
                    // `vep_freeze`, `vepFreeze`: misspelt, the release would have no freeze (other keys, such as a
                    // release day, are the schedule's own business).
                    if case .mapping(let fields, _) = pair.value {
                        for field in fields where field.key.value != "vep-freeze"
                            && field.key.value.lowercased().filter({ $0 != "-" && $0 != "_" && $0 != " " }) == "vepfreeze" {
                            problems.append(Problem(code: "config-value", message: "`\(field.key.value)` of \(release) is not read: the key is `vep-freeze`",
                                                    at: shift(field.key.position)))
                        }
                    }
                    var day: String?
                    if let freeze {
                        if let text = freeze.string, isCalendarDate(text) {
                            day = text
                        } else {
                            problems.append(Problem(code: "config-value", message: "`vep-freeze` of \(release) must be a date like 2026-06-24", at: shift(freeze.position)))
                        }
                    }
                    configuration.releases.append(ReleaseSchedule(release: release, vepFreeze: day, position: shift(pair.key.position)))
                }
                configuration.releases.sort { $0.release < $1.release }
            } else if !releases.isNull {
                problems.append(Problem(code: "config-value", message: "`releases` must map releases to their schedule", at: shift(releases.position)))
            }
        }
        if let rules = parsed["rules"] {
            if case .mapping(let pairs, _) = rules {
                for pair in pairs {
                    let value = pair.value.string ?? ""
                    guard ["error", "warning", "off"].contains(value) else {
                        problems.append(Problem(code: "config-value", message: "severity of rule `\(pair.key.value)` must be error, warning or off", at: shift(pair.value.position)))
                        continue
                    }
                    if RuleCatalog.description(of: pair.key.value) == nil {
                        problems.append(Problem(code: "config-value", message: "there is no rule `\(pair.key.value)`", at: shift(pair.key.position),
                                                help: RuleCatalog.closestIdentifier(to: pair.key.value).map { "did you mean `\($0)`? (`git vep lint --list-rules` lists them)" }))
                    }
                    configuration.ruleSeverities[pair.key.value] = Located(value, at: shift(pair.value.position))
                }
            } else if !rules.isNull {
                problems.append(Problem(code: "config-value", message: "`rules` must map rule ids to error, warning or off", at: shift(rules.position)))
            }
        }
        // `git vep report` links each VEP to its tracking issue in this repository.
        if let repository = parsed["repository"], !repository.isNull {
            // What `git vep report` can link to, read the way it reads it (owner/name, or the repository's URL).
            if repository.string.flatMap({ ReleaseReport.repositoryURL(configured: $0, remote: nil) }) == nil {
                problems.append(Problem(code: "config-value", message: "`repository` must be the repository's owner and name, like kubevirt/enhancements",
                                        at: shift(repository.position), help: "write `repository: <owner>/<name>` as on GitHub, or its URL"))
            }
        }
        return (configuration, problems)
    }

    /// What `.vep.yaml` may set: the lint settings here, the server's (`enforce`, `identity`) in `ServerSettings`.
    static let settings = ["layout", "releases", "rules", "freeze-exceptions", "enforce", "identity", "repository"]
    static let layoutSettings = ["root", "group-pattern", "document", "template"]

    public func schedule(for release: Release) -> ReleaseSchedule? {
        releases.first { $0.release == release }
    }

    /// The front matter reader counts the opening `---` as line 1; a config file has none.
    private static func shift(_ position: SourcePosition) -> SourcePosition {
        SourcePosition(line: max(1, position.line - 1), column: position.column)
    }

    static func isCalendarDate(_ text: String) -> Bool {
        NameShapes.isCalendarDate(text)
    }
}

/// Regular expressions compiled once per pattern: compiling costs far more than matching.
final class CompiledPatterns: @unchecked Sendable {
    static let shared = CompiledPatterns()
    private let lock = NSLock()
    private var expressions: [String: NSRegularExpression] = [:]

    func expression(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let known = expressions[pattern] { return known }
        guard let compiled = try? NSRegularExpression(pattern: pattern) else { return nil }
        expressions[pattern] = compiled
        return compiled
    }
}
