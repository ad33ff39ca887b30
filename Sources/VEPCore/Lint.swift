import Foundation

/// One finding of `git vep lint`: a rule, where it points, and how to fix it.
public struct Finding: Hashable, Sendable {
    public let rule: String
    public let severity: Severity
    public let path: String
    public let line: Int
    public let column: Int
    /// Characters to underline from `column`.
    public let length: Int
    public let message: String
    public let help: String?
    /// The line the finding points at, as written; nil when the file has no such line.
    public let sourceLine: String?

    public init(rule: String, severity: Severity, path: String, line: Int, column: Int, length: Int = 1,
                message: String, help: String? = nil, sourceLine: String? = nil) {
        self.rule = rule
        self.severity = severity
        self.path = path
        self.line = line
        self.column = column
        self.length = length
        self.message = message
        self.help = help
        self.sourceLine = sourceLine
    }
}

/// A snapshot (working tree, index, commit) read for linting: its catalog, its files and their text.
public struct LintSnapshot: Sendable {
    public let label: String
    public let catalog: Catalog
    /// Files under the layout root, and `.vep.yaml`, the top-level `OWNERS` and `OWNERS_ALIASES` when present.
    public let files: [SourceFile]
    /// Text of every Markdown document that was parsed, and of `.vep.yaml`; a symbolic link's "text" is where it points.
    public let texts: [String: String]
    /// Symbolic links where a document, `.vep.yaml`, a VEP folder or a group folder belongs (see `isDocumentLink`).
    public let links: [SymbolicLink]
    /// Level-2 sections of the template in this snapshot, metadata sections left out; nil without a template.
    public let templateSections: [String]?
    /// Group folders that exist in the snapshot (given for a focused read, whose `files` are only part of it).
    /// Worked out once: rules ask for each VEP, and a scan of every file each time was quadratic in a large change.
    public let groups: Set<String>
    /// Numbered VEP folders in which no VEP was found: no Markdown document, or none that reads as the VEP's.
    public let strayFolders: [StrayFolder]
    /// Line finders by path: findings are looked up many to a file, and a fresh scan each was quadratic.
    private let lineFinders = LineFinders()

    public var configuration: Configuration { catalog.configuration }
    /// Every document read as a VEP's: each VEP's main document and continuations, and those without a number.
    public var documents: [VEPDocument] { catalog.veps.flatMap { [$0.document] + $0.continuations } + catalog.unidentified }
    /// Whether some document was read for its essentials only (a long push's cache), so that its errors are unknown.
    public var hasEssentialsOnly: Bool { documents.contains(where: \.isEssentials) }
    /// Where this snapshot's VEPs were looked for: its own layout, or its base's (see `read`).
    public var layout: Layout { catalog.configuration.layout }
    /// The layout this snapshot's own `.vep.yaml` gives.
    public let configuredLayout: Layout

    /// Reads `source` in its own layout. `groups`, when given, are the group folders of the whole snapshot
    /// for a source that lists only some of its files.
    /// - Parameter cache: parsed documents by path and content id, shared by the snapshots of a
    ///   long series (the commits of a push parse each document version once, not once per side).
    /// - Parameter essentialsSuffice: paths whose cached essentials may stand in for the whole document (a base
    ///   revision's documents that the head still has: transitions read only identity and metadata from them).
    /// - Parameter layout: where to look for VEPs instead of the snapshot's own layout: a change is read in its
    ///   base's layout, so that one moving the layout cannot hide its VEPs from their checks (`layout-change`).
    public static func read(_ source: VEPSource, groups: Set<String>? = nil, cache: DocumentCache? = nil,
                            essentialsSuffice: ((String) -> Bool)? = nil, layout override: Layout? = nil) throws -> LintSnapshot {
        var (configuration, problems) = try Discovery.configuration(in: source)
        let configuredLayout = configuration.layout
        if let override { configuration.layout = override }
        let layout = configuration.layout
        var files = try source.files(under: layout.root)
        var texts: [String: String] = [:]
        if let configFile = try source.file(at: Configuration.fileName) {
            files.append(configFile)
            if case .data(let data) = try source.read(configFile, limit: 256 * 1024) {
                texts[configFile.path] = String(data: data, encoding: .utf8)
            }
        }
        // OWNERS files (at the top and under the root) and OWNERS_ALIASES: their syntax is checked (`owners-yaml`).
        for name in ["OWNERS", OwnersAliases.fileName] {
            if let file = try source.file(at: name) { files.append(file) }
        }
        for file in files where Self.isOwnersFile(file.path) && texts[file.path] == nil {
            // The server hook reads up to 1 MiB of one: so does lint.
            if case .data(let data) = try source.read(file, limit: 1 << 20) { texts[file.path] = String(decoding: data, as: UTF8.self) }
        }
        let links = try (source.symbolicLinks(under: layout.root) + source.symbolicLinks(under: Configuration.fileName))
            .filter { $0.path == Configuration.fileName || isDocumentLink($0.path, layout: layout) }
        for link in links { texts[link.path] = link.target }
        func parse(_ file: SourceFile) throws -> VEPDocument {
            if let cache, let hit = cache.lookup(file, layout: layout, essentialsSuffice: essentialsSuffice?(file.path) ?? false) {
                if let text = hit.text { texts[file.path] = text }
                return hit.document
            }
            let document = try parseUncached(file)
            cache?.store(file, layout: layout, document: document, text: texts[file.path])
            return document
        }
        func parseUncached(_ file: SourceFile) throws -> VEPDocument {
            switch try source.read(file, limit: maximumDocumentSize) {
            case .data(let data):
                let document = VEPDocument.parse(data: data, path: file.path, layout: layout)
                if !document.problems.contains(where: { $0.code == "document-unreadable" }) {
                    texts[file.path] = String(data: data, encoding: .utf8)
                }
                return document
            case .tooLarge(let size):
                return VEPDocument.unreadable(path: file.path, layout: layout,
                                              message: "file is \(size) bytes, larger than the \(maximumDocumentSize)-byte limit for a VEP document")
            }
        }
        var veps: [VEP] = []
        var unidentified: [VEPDocument] = []
        var strayFolders: [StrayFolder] = []
        for (key, members) in Discovery.folders(of: files, layout: layout).sorted(by: { $0.key < $1.key }) {
            let found = try Discovery.veps(inFolder: key, members: members, layout: layout, document: parse)
            veps += found.veps
            unidentified += found.unidentified
            if found.veps.isEmpty, found.unidentified.isEmpty, let folder = StrayFolder(key: key, members: members, layout: layout) {
                strayFolders.append(folder)
                // The file its finding points at is quoted when it is text.
                if texts[folder.pointedFile] == nil, let file = members.first(where: { $0.path == folder.pointedFile }),
                   case .data(let data) = try source.read(file, limit: maximumDocumentSize), !data.contains(0) {
                    texts[file.path] = String(data: data, encoding: .utf8)
                }
            }
        }
        veps.sort { ($0.number, $0.path) < ($1.number, $1.path) }
        let catalog = Catalog(configuration: configuration, veps: veps, unidentified: unidentified, problems: problems)
        var templateSections: [String]?
        if let template = files.first(where: { $0.path == layout.templatePath }) {
            let metadata: Set<String> = ["vep status metadata", "release signoff checklist"]
            let document: VEPDocument?
            if let hit = cache?.lookup(template, layout: layout) {
                document = hit.document
            } else if case .data(let data) = try source.read(template, limit: maximumDocumentSize) {
                document = VEPDocument.parse(data: data, path: template.path, layout: layout)
                cache?.store(template, layout: layout, document: document!, text: nil)
            } else {
                document = nil
            }
            templateSections = document?.sections.map(\.text).filter { !metadata.contains(VEPSectionsRule.normalize($0)) }
        }
        let existingGroups = groups ?? layout.groups(holding: files.map(\.path))
        return LintSnapshot(label: source.label, catalog: catalog, files: files.sorted { $0.path < $1.path }, texts: texts, links: links,
                            templateSections: templateSections?.isEmpty == true ? nil : templateSections, groups: existingGroups,
                            strayFolders: strayFolders, configuredLayout: configuredLayout)
    }

    /// An OWNERS file or OWNERS_ALIASES, anywhere.
    public static func isOwnersFile(_ path: String) -> Bool {
        path == "OWNERS" || path.hasSuffix("/OWNERS") || path == OwnersAliases.fileName
    }

    /// Whether a link at `path` stands where a VEP document could: a Markdown file in a group folder (a VEP's
    /// folder or a loose single-file VEP), the template aside.
    static func isDocumentLink(_ path: String, layout: Layout) -> Bool {
        if Discovery.isMarkdown(path) { return Discovery.folderKey(of: path, layout: layout) != nil && layout.components(of: path)?.group != nil }
        return linkedFolder(path, layout: layout) != nil
    }

    /// What a link stands for where a folder belongs: a group folder (`veps/sig-x`) or a VEP folder (`veps/sig-x/43-y`,
    /// named with a number as VEP folders are); nil for anything else (an image, say).
    static func linkedFolder(_ path: String, layout: Layout) -> String? {
        guard let rest = Layout.bytes(of: path, under: layout.root).map({ String(decoding: $0, as: UTF8.self) }) else { return nil }
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 1, layout.isGroupName(String(parts[0])) { return "group folder" }
        if parts.count == 2, parts[0] != Substring(layout.templateDirectory), VEPDocument.directoryClaim(path: path + "/" + layout.documentName, layout: layout) != nil {
            return "VEP folder"
        }
        return nil
    }

    /// Line `number` of the file at `path`, without its line break.
    public func line(_ number: Int, of path: String) -> String? {
        // By bytes: in a CRLF file "\r\n" is one Character, which a search for "\n" never finds.
        guard let text = texts[path], let line = lineFinders.line(number, of: path, in: text) else { return nil }
        return String(line)
    }
}

/// A folder named as a VEP's (`veps/sig-network/42-faster-links`) in which no VEP was found: its document was
/// renamed (`vep.markdown`, `vep.txt`), left out, or carries no number. Nothing in it is listed or tracked.
public struct StrayFolder: Hashable, Sendable {
    /// The folder (`veps/sig-network/42-faster-links`).
    public let path: String
    /// The number its name starts with.
    public let number: Int
    /// Its files, by full path in byte order.
    public let files: [String]

    /// The folder of `key`'s files when it is a numbered VEP folder inside a group; nil for anything else (a loose
    /// file, an unnumbered folder of images).
    init?(key: String, members: [SourceFile], layout: Layout) {
        guard !members.isEmpty, !(members.count == 1 && members[0].path == key),
              let group = layout.components(of: key + "/" + layout.documentName)?.group, layout.isGroupName(group),
              let number = VEPDocument.folderNumber(of: key + "/" + layout.documentName, layout: layout) else { return nil }
        path = key
        self.number = number
        files = members.map(\.path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Its Markdown documents (none of which reads as the VEP's).
    public var documents: [String] { files.filter(Discovery.isMarkdown) }

    /// Text files that may be the document under another name: `vep.markdown`, `proposal.txt`, `README.rst`.
    public var renamedDocuments: [String] {
        files.filter { path in
            let name = (path as NSString).lastPathComponent.lowercased()
            return name == "vep" || [".markdown", ".mdown", ".mkd", ".txt", ".rst", ".adoc"].contains { name.hasSuffix($0) }
        }
    }

    /// Where a finding about the folder points: the one file that may be its renamed document, else its first
    /// Markdown file, else its first file.
    public var pointedFile: String {
        let renamed = renamedDocuments
        return renamed.count == 1 ? renamed[0] : documents.first ?? files[0]
    }
}

/// A freeze exception granted in `.vep.yaml`: VEP `vep` may target `release` after its VEP Freeze.
public struct FreezeException: Hashable, Sendable {
    public let vep: Int
    public let release: Release
    public let reason: String?

    /// Reads `freeze-exceptions:` (a list of `{vep: 183, release: v1.9, reason: …}`) from a parsed `.vep.yaml`.
    public static func parse(_ configuration: Configuration) -> ([FreezeException], [Problem]) {
        guard let value = configuration.raw?["freeze-exceptions"], !value.isNull else { return ([], []) }
        // `Configuration.raw` keeps value positions of the front matter reader, one line below the file's.
        func shift(_ position: SourcePosition) -> SourcePosition { SourcePosition(line: max(1, position.line - 1), column: position.column) }
        guard let items = value.items else {
            return ([], [Problem(code: "config-value", message: "`freeze-exceptions` must be a list of `{vep: N, release: vX.Y}` entries",
                                 at: shift(value.position), help: "write one `- vep: 183` / `release: v1.9` entry per exception")])
        }
        var exceptions: [FreezeException] = []
        var problems: [Problem] = []
        for item in items {
            let number = item["vep"]?.string.flatMap { Int($0.hasPrefix("#") ? String($0.dropFirst()) : $0) }
            let release = item["release"]?.string.flatMap(Release.init)
            guard let number, let release else {
                problems.append(Problem(code: "config-value", message: "a freeze exception needs `vep` (a number) and `release` (like v1.9)",
                                        at: shift(item.position), help: "write `- vep: 183` and, below it, `release: v1.9`"))
                continue
            }
            exceptions.append(FreezeException(vep: number, release: release, reason: item["reason"]?.string))
        }
        return (exceptions, problems)
    }
}

/// What decides whether a change passes: rule severities, the release schedule, freeze exceptions.
/// Read from the trusted configuration (the base's, when there is a base), so a change cannot relax its own check.
public struct LintPolicy: Sendable {
    public var releases: [ReleaseSchedule]
    /// Overrides by rule id; nil turns the rule off.
    public var severities: [String: Severity?]
    public var freezeExceptions: [FreezeException]

    public init(configuration: Configuration) {
        releases = configuration.releases
        severities = configuration.ruleSeverities.mapValues { Severity(rawValue: $0.value) }
        freezeExceptions = FreezeException.parse(configuration).0
    }

    public func severity(of description: RuleDescription) -> Severity? {
        if let override = severities[description.identifier] { return override }
        return description.severity
    }

    public func freezeDay(of release: Release) -> String? {
        releases.first { $0.release == release }?.vepFreeze
    }

    public func hasException(vep: Int, release: Release) -> Bool {
        freezeExceptions.contains { $0.vep == vep && $0.release == release }
    }
}

/// Everything a rule may look at: the linted snapshot, its base, the policy and the day.
public struct LintContext: Sendable {
    public let head: LintSnapshot
    /// What the change is judged against (HEAD, a parent, a merge base); nil when there is none.
    public let base: LintSnapshot?
    public let policy: LintPolicy
    /// The calendar day (`YYYY-MM-DD`, UTC) the freeze is judged on.
    public let date: String

    public init(head: LintSnapshot, base: LintSnapshot?, policy: LintPolicy? = nil, date: String) {
        self.head = head
        self.base = base
        self.policy = policy ?? LintPolicy(configuration: (base ?? head).configuration)
        self.date = date
    }

    public var layout: Layout { head.layout }
}

/// One thing the rules look at: a VEP's main document, a continuation, a document without a
/// number, a VEP deleted since the base, or the configuration file.
public struct LintSubject: Sendable {
    public enum Role: Sendable, Equatable { case main, continuation, unidentified, deleted, configuration, symbolicLink, ownersFile, strayFolder }

    public let role: Role
    /// The head document (nil for deleted VEPs and the configuration).
    public let document: VEPDocument?
    /// The head VEP the document belongs to.
    public let vep: VEP?
    /// The same VEP in the base: by number, else the document at the same path.
    public let base: VEP?
    /// Whether the context has a base at all.
    public let hasBase: Bool
    /// The link, for a symbolic link standing where a document or `.vep.yaml` belongs.
    public var link: SymbolicLink?
    /// The file, for an OWNERS file or OWNERS_ALIASES.
    public var ownersPath: String?
    /// The folder, for a numbered VEP folder without a VEP.
    public var strayFolder: StrayFolder?

    public init(role: Role, document: VEPDocument?, vep: VEP?, base: VEP?, hasBase: Bool, link: SymbolicLink? = nil, ownersPath: String? = nil) {
        self.role = role
        self.document = document
        self.vep = vep
        self.base = base
        self.hasBase = hasBase
        self.link = link
        self.ownersPath = ownersPath
    }

    /// A VEP that the checked change creates.
    public var isNew: Bool { hasBase && base == nil && role == .main }

    /// Where findings go: the document, the deleted base document, or `.vep.yaml`.
    public var path: String {
        switch role {
        case .deleted: return base?.path ?? ""
        case .configuration: return Configuration.fileName
        case .symbolicLink: return link?.path ?? ""
        case .ownersFile: return ownersPath ?? ""
        case .strayFolder: return strayFolder?.pointedFile ?? ""
        default: return document?.path ?? ""
        }
    }
}

/// Which subjects to lint.
public struct LintScope: Sendable {
    /// Only VEPs (and `.vep.yaml`) whose files differ between base and head.
    public var changedOnly: Bool
    /// Only subjects at or under these paths; empty for all.
    public var paths: [String]

    public init(changedOnly: Bool = false, paths: [String] = []) {
        self.changedOnly = changedOnly
        self.paths = paths.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }.map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 }
    }

    public static let everything = LintScope()
}

/// Runs rules over subjects and turns what they find into findings.
public enum Linter {
    /// The findings of `context` within `scope`. Judging a change (`scope.changedOnly` with a base), an error the
    /// same VEP (or file) already had at the base, with the same rule and words and no more often, is no error of the
    /// change: it is reported as a warning saying so, so that a typo fix is not refused for what its VEP has always lacked.
    public static func lint(_ context: LintContext, scope: LintScope = .everything,
                            rules: [any Rule.Type] = RuleCatalog.all) -> [Finding] {
        excuse(lintAll(context, scope: scope, rules: rules), in: context, scope: scope, rules: rules)
    }

    /// `lint`'s findings before errors the base had already are excused: for a caller that reads the base again,
    /// whole, when these hold an error (see `excuse`).
    public static func unexcusedFindings(_ context: LintContext, scope: LintScope, rules: [any Rule.Type] = RuleCatalog.all) -> [Finding] {
        lintAll(context, scope: scope, rules: rules)
    }

    /// `findings` of the change `context` judges, with each error its base had already made a warning (see `lint`).
    /// The base's documents read for their essentials only cannot say which errors they had: none is excused by them.
    public static func excuse(_ findings: [Finding], in context: LintContext, scope: LintScope,
                              rules: [any Rule.Type] = RuleCatalog.all) -> [Finding] {
        guard scope.changedOnly, let base = context.base, findings.contains(where: { $0.severity == .error }) else { return findings }
        // The base judged alone, in the folders the change touches.
        let keys = changedKeys(context)
        let before = lintAll(LintContext(head: base, base: nil, policy: context.policy, date: context.date),
                             scope: LintScope(paths: keys.sorted()), rules: rules)
        // Documents by path and number (0: none), in the base and in the change. Only the same VEP's document carries its
        // errors over; a new VEP where a draft was answers for itself.
        func documents(_ snapshot: LintSnapshot) -> [String: (number: Int, isMain: Bool)] {
            var result: [String: (number: Int, isMain: Bool)] = [:]
            for vep in snapshot.catalog.veps {
                result[vep.document.path] = (vep.number, true)
                for document in vep.continuations { result[document.path] = (vep.number, false) }
            }
            for document in snapshot.catalog.unidentified { result[document.path] = (0, false) }
            return result
        }
        let baseDocuments = documents(base), headDocuments = documents(context.head)
        // A base document read for its essentials only (a long push's cache) has no headings or problems to judge:
        // its "errors" are the stub's, not the document's.
        let stubs = Set(base.documents.filter(\.isEssentials).map(\.path))
        // A VEP's main document is known by its number, a continuation by its number and file name, so that a VEP moved
        // with an old error, or whose document is renamed (`design.md` → `vep.md`, as `vep-document-name` asks), keeps it
        // as a warning; a document without a number, and any other file, by its path.
        func key(_ finding: Finding, in documents: [String: (number: Int, isMain: Bool)]) -> PreexistingKey {
            guard let document = documents[finding.path], document.number != 0 else {
                return PreexistingKey(rule: finding.rule, path: finding.path, message: Self.comparableMessage(finding))
            }
            let name = document.isMain ? "" : finding.path.split(separator: "/").last.map(String.init) ?? finding.path
            return PreexistingKey(rule: finding.rule, path: "VEP \(document.number)/\(name)", message: Self.comparableMessage(finding))
        }
        // As many as the base had of each: a second `TBD` where there was one is the change's own. A finding at the same
        // path is matched first, then one of the same VEP elsewhere: a copy of a document with an old error (two documents
        // of one number in a folder) leaves the error with the copy, not with the document that had it.
        func exactKey(_ finding: Finding) -> PreexistingKey {
            PreexistingKey(rule: finding.rule, path: finding.path, message: Self.comparableMessage(finding))
        }
        var exact: [PreexistingKey: Int] = [:]
        var byVEP: [PreexistingKey: Int] = [:]
        for finding in before where finding.severity == .error && !stubs.contains(finding.path) {
            exact[exactKey(finding), default: 0] += 1
            byVEP[key(finding, in: baseDocuments), default: 0] += 1
        }
        guard !exact.isEmpty else { return findings }
        var excused = Array(repeating: false, count: findings.count)
        // Taking one base finding takes it by both keys (the one at a path is also its VEP's).
        func take(_ index: Int, exactKey: PreexistingKey, vepKey: PreexistingKey) {
            excused[index] = true
            exact[exactKey]? -= 1
            byVEP[vepKey]? -= 1
        }
        for (index, finding) in findings.enumerated() where finding.severity == .error {
            // The same path, and the same VEP there (a draft that became VEP 400 answers for itself).
            let vepKey = key(finding, in: baseDocuments)
            if exact[exactKey(finding)] ?? 0 > 0, byVEP[vepKey] ?? 0 > 0, vepKey == key(finding, in: headDocuments) {
                take(index, exactKey: exactKey(finding), vepKey: vepKey)
            }
        }
        for (index, finding) in findings.enumerated() where finding.severity == .error && !excused[index] {
            let vepKey = key(finding, in: headDocuments)
            guard byVEP[vepKey] ?? 0 > 0 else { continue }
            // The base finding it stands for: one of that VEP's not taken at its own path.
            guard let source = before.first(where: { candidate in
                candidate.severity == .error && !stubs.contains(candidate.path) && key(candidate, in: baseDocuments) == vepKey
                    && exact[exactKey(candidate)] ?? 0 > 0
            }) else { continue }
            take(index, exactKey: exactKey(source), vepKey: vepKey)
        }
        return findings.enumerated().map { index, finding in
            guard excused[index] else { return finding }
            return Finding(rule: finding.rule, severity: .warning, path: finding.path, line: finding.line, column: finding.column,
                           length: finding.length, message: finding.message + " (so at \(base.label) already)", help: finding.help,
                           sourceLine: finding.sourceLine)
        }
    }

    /// A finding's words as the excusal compares them: the size in a `document-unreadable` message changes with any edit
    /// of a document already over the limit, which says no more than it did (the figures are left out).
    static func comparableMessage(_ finding: Finding) -> String {
        guard finding.rule == DocumentUnreadableRule.description.identifier else { return finding.message }
        return String(finding.message.map { $0.isASCII && $0.isNumber ? "#" : $0 })
    }

    private struct PreexistingKey: Hashable {
        let rule: String
        let path: String
        let message: String
    }

    /// What is judged of a document whose content could not be read: its place and name. A rule on its content
    /// would find it empty (no title, no sections, no front matter) and say so, which is not true.
    static let rulesOfUnreadDocuments: Set<String> = Set([
        VEPDirectoryNameRule.self, VEPDocumentNameRule.self, VEPGroupRule.self, VEPNumberDuplicateRule.self,
        DocumentUnreadableRule.self, DocumentSymlinkRule.self,
    ].map { ($0 as any Rule.Type).description.identifier })

    private static func lintAll(_ context: LintContext, scope: LintScope, rules: [any Rule.Type]) -> [Finding] {
        let instances = rules.compactMap { type -> (any Rule, Severity)? in
            guard let severity = context.policy.severity(of: type.description) else { return nil }
            return (type.init(), severity)
        }
        var findings: [Finding] = []
        let headHasConfiguration = context.head.files.contains { $0.path == Configuration.fileName }
        for subject in subjects(context, scope: scope) {
            // What is gone is quoted from the base: a deleted VEP, a deleted `.vep.yaml`.
            let gone = subject.role == .deleted || (subject.role == .configuration && !headHasConfiguration)
            let snapshot = gone ? (context.base ?? context.head) : context.head
            let unread = subject.document?.isUnreadable == true
            for (rule, severity) in instances where !unread || Self.rulesOfUnreadDocuments.contains(rule.identifier) {
                for violation in rule.validate(subject, in: context) {
                    let path = violation.path ?? subject.path
                    findings.append(Finding(rule: rule.identifier, severity: severity, path: path,
                                            line: violation.position.line, column: violation.position.column,
                                            length: violation.length, message: violation.message, help: violation.help,
                                            sourceLine: snapshot.line(violation.position.line, of: path)))
                }
            }
        }
        var seen: Set<Finding> = []
        return findings.filter { seen.insert($0).inserted }.sorted {
            ($0.path, $0.line, $0.column, $0.rule, $0.message) < ($1.path, $1.line, $1.column, $1.rule, $1.message)
        }
    }

    /// The subjects of `context` within `scope`.
    public static func subjects(_ context: LintContext, scope: LintScope) -> [LintSubject] {
        let head = context.head
        let layout = head.layout
        let changed = scope.changedOnly ? changedKeys(context) : nil
        func inScope(_ path: String) -> Bool {
            if let changed {
                guard changed.contains(Discovery.folderKey(of: path, layout: layout) ?? path) else { return false }
            }
            return scope.paths.isEmpty || scope.paths.contains { path == $0 || path.hasPrefix($0 + "/") || $0.isEmpty || $0 == "." }
        }
        let baseVEPs = context.base?.catalog.veps ?? []
        var subjects: [LintSubject] = []
        // A `.vep.yaml` the change deletes is a subject too: its settings (a layout, say) go with it.
        let deletesConfiguration = context.base?.files.contains(where: { $0.path == Configuration.fileName }) ?? false
        if head.files.contains(where: { $0.path == Configuration.fileName }) || deletesConfiguration,
           changed?.contains(Configuration.fileName) ?? true,
           scope.paths.isEmpty || scope.paths.contains(Configuration.fileName) {
            subjects.append(LintSubject(role: .configuration, document: nil, vep: nil, base: nil, hasBase: context.base != nil))
        }
        for vep in head.catalog.veps where inScope(vep.path) {
            let base = baseVEPs.first { $0.number == vep.number && $0.path == vep.path }
                ?? baseVEPs.first { $0.number == vep.number }
                ?? baseVEPs.first { $0.path == vep.path }
            subjects.append(LintSubject(role: .main, document: vep.document, vep: vep, base: base, hasBase: context.base != nil))
            for continuation in vep.continuations {
                subjects.append(LintSubject(role: .continuation, document: continuation, vep: vep, base: base, hasBase: context.base != nil))
            }
        }
        for document in head.catalog.unidentified where inScope(document.path) {
            subjects.append(LintSubject(role: .unidentified, document: document, vep: nil, base: nil, hasBase: context.base != nil))
        }
        for file in head.files where LintSnapshot.isOwnersFile(file.path) && inScope(file.path) {
            subjects.append(LintSubject(role: .ownersFile, document: nil, vep: nil, base: nil, hasBase: context.base != nil, ownersPath: file.path))
        }
        for folder in head.strayFolders where folder.files.contains(where: inScope) {
            var subject = LintSubject(role: .strayFolder, document: nil, vep: nil, base: nil, hasBase: context.base != nil)
            subject.strayFolder = folder
            subjects.append(subject)
        }
        for link in head.links where inScope(link.path) {
            subjects.append(LintSubject(role: .symbolicLink, document: nil, vep: nil, base: nil, hasBase: context.base != nil, link: link))
        }
        let headNumbers = Set(head.catalog.veps.map(\.number))
        for vep in baseVEPs where !headNumbers.contains(vep.number) && inScope(vep.path) {
            // Gone at its number; a renumbered document at the same path is judged as a change of number instead.
            if head.catalog.veps.contains(where: { $0.path == vep.path }) { continue }
            subjects.append(LintSubject(role: .deleted, document: nil, vep: nil, base: vep, hasBase: true))
        }
        return subjects
    }

    /// Folder keys (and `.vep.yaml`) whose files differ between base and head; every key when there is no base.
    static func changedKeys(_ context: LintContext) -> Set<String> {
        let layout = context.layout
        func key(_ path: String) -> String {
            if path == Configuration.fileName { return path }
            return Discovery.folderKey(of: path, layout: layout) ?? path
        }
        let headIDs = Dictionary(context.head.files.map { ($0.path, $0.contentID) }, uniquingKeysWith: { a, _ in a })
        let headLinks = Dictionary(context.head.links.map { ($0.path, $0.target) }, uniquingKeysWith: { a, _ in a })
        guard let base = context.base else { return Set((Array(headIDs.keys) + Array(headLinks.keys)).map(key)) }
        let baseIDs = Dictionary(base.files.map { ($0.path, $0.contentID) }, uniquingKeysWith: { a, _ in a })
        var keys: Set<String> = []
        for (path, id) in headIDs where id == nil || baseIDs[path] != id { keys.insert(key(path)) }
        for path in baseIDs.keys where headIDs[path] == nil { keys.insert(key(path)) }
        // A link (to) is a change as much as a file is: one replacing a document, or pointing elsewhere.
        let baseLinks = Dictionary(base.links.map { ($0.path, $0.target) }, uniquingKeysWith: { a, _ in a })
        for (path, target) in headLinks where baseLinks[path] != target { keys.insert(key(path)) }
        for path in baseLinks.keys where headLinks[path] == nil { keys.insert(key(path)) }
        return keys
    }
}

/// Files held in memory: rule examples and tests lint these.
public struct MemorySource: VEPSource {
    public let files: [String: String]
    /// Symbolic links: path → where each points.
    public let links: [String: String]
    public let label: String

    public init(_ files: [String: String], links: [String: String] = [:], label: String = "memory") {
        self.files = files
        self.links = links
        self.label = label
    }

    public func symbolicLinks(under path: String) throws -> [SymbolicLink] {
        links.filter { path.isEmpty || $0.key == path || $0.key.hasPrefix(path + "/") }
            .map { SymbolicLink(path: $0.key, target: $0.value) }.sorted { $0.path < $1.path }
    }

    public func files(under prefix: String) throws -> [SourceFile] {
        files.keys.filter { prefix.isEmpty || $0.hasPrefix(prefix + "/") }.sorted().map { SourceFile(path: $0, contentID: contentID($0)) }
    }

    public func file(at path: String) throws -> SourceFile? {
        files[path] == nil ? nil : SourceFile(path: path, contentID: contentID(path))
    }

    public func read(_ file: SourceFile, limit: Int) throws -> FileContent {
        let data = Data((files[file.path] ?? "").utf8)
        return data.count > limit ? .tooLarge(size: data.count) : .data(data)
    }

    /// The text itself identifies the content: equal texts are unchanged files.
    private func contentID(_ path: String) -> String? { files[path] }
}

/// Parsed documents by path, content id and layout, for a series of snapshots (the commits of a push),
/// shared by the threads that judge them. Two tiers: whole documents with their text, for the last few
/// hundred versions; and every version seen, reduced to identity and metadata (`essentials`), which
/// is all a base revision is judged on. Each tier forgets everything when full, which only costs parsing again.
public final class DocumentCache: @unchecked Sendable {
    private struct Key: Hashable {
        let path: String
        let contentID: String
        let layout: Layout
    }

    private let lock = NSLock()
    private var entries: [Key: (document: VEPDocument, text: String?)] = [:]
    private var essentials: [Key: VEPDocument] = [:]
    private let capacity: Int
    private let essentialsCapacity: Int

    public init(capacity: Int = 256, essentialsCapacity: Int = 16384) {
        self.capacity = capacity
        self.essentialsCapacity = essentialsCapacity
    }

    /// The whole document when kept; else, when `essentialsSuffice`, its essentials (without text).
    public func lookup(_ file: SourceFile, layout: Layout, essentialsSuffice: Bool = false) -> (document: VEPDocument, text: String?)? {
        guard let id = file.contentID else { return nil }
        let key = Key(path: file.path, contentID: id, layout: layout)
        lock.lock(); defer { lock.unlock() }
        if let whole = entries[key] { return whole }
        return essentialsSuffice ? essentials[key].map { ($0, nil) } : nil
    }

    /// Keeps only the essentials of `document`: for readers that have no text to keep with it.
    public func storeEssentials(_ file: SourceFile, layout: Layout, document: VEPDocument) {
        guard let id = file.contentID else { return }
        let reduced = document.essentials
        lock.lock(); defer { lock.unlock() }
        if essentials.count >= essentialsCapacity { essentials.removeAll(keepingCapacity: true) }
        essentials[Key(path: file.path, contentID: id, layout: layout)] = reduced
    }

    public func store(_ file: SourceFile, layout: Layout, document: VEPDocument, text: String?) {
        guard let id = file.contentID else { return }
        let key = Key(path: file.path, contentID: id, layout: layout)
        let reduced = document.essentials
        lock.lock(); defer { lock.unlock() }
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = (document, text)
        if essentials.count >= essentialsCapacity { essentials.removeAll(keepingCapacity: true) }
        essentials[key] = reduced
    }
}

/// Each file's lines, split once (as `LineFinder` splits them) and shared by the lookups of a lint run, which
/// may come from several threads in any order.
private final class LineFinders: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String: [Substring]] = [:]

    func line(_ number: Int, of path: String, in text: String) -> Substring? {
        lock.withLock {
            let all = lines[path] ?? {
                let finder = LineFinder(text)
                var split: [Substring] = []
                while let line = finder.line(split.count + 1) { split.append(line) }
                return split
            }()
            lines[path] = all
            return number >= 1 && number <= all.count ? all[number - 1] : nil
        }
    }
}
