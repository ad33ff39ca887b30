import Foundation
import GitKit
import VEPCore

/// The staged content (an index) judged against a base commit's tree with the rules of `git vep lint`,
/// VEPs changed by the staged change only.
///
/// The focused read parses only what the change needs: the VEP folders whose staged tree id differs from
/// the base's, and, for the rules that look across VEPs (duplicate numbers, the base of a renumbered or
/// deleted VEP), the folders that may carry the same numbers — those whose name starts with one of them,
/// and those whose name carries no number. An untouched VEP is known by its folder's number; one whose
/// document claims another number already fails `vep-number-mismatch` where it stands.
public struct StagedCheck {
    public let repository: Repository
    public let index: Index
    /// The base's tree; nil when there is nothing to judge against (the first commit).
    public let baseTree: ObjectID?
    public let baseLabel: String
    /// Head and base share most documents (the template, unchanged files): each version is parsed once.
    private let documents = DocumentCache()

    public init(repository: Repository, index: Index, baseTree: ObjectID?, baseLabel: String) {
        self.repository = repository
        self.index = index
        self.baseTree = baseTree
        self.baseLabel = baseLabel
    }

    /// Findings of the change; `focused: false` reads both snapshots whole, as the reference.
    public func findings(date: String, focused: Bool = true) throws -> [Finding] {
        if focused, let context = try focusedContext(date: date) {
            trace.begin("lint")
            return Linter.lint(context, scope: LintScope(changedOnly: true))
        }
        return Linter.lint(try wholeContext(date: date), scope: LintScope(changedOnly: true))
    }

    var indexSource: IndexSource { IndexSource(repository: repository, index: index) }

    func wholeContext(date: String) throws -> LintContext {
        let base = try baseTree.map { try LintSnapshot.read(TreeSource(repository: repository, treeID: $0, label: baseLabel)) }
        // In the base's layout: a change moving the layout cannot take its VEPs out of their checks (`layout-change`).
        let head = try LintSnapshot.read(indexSource, layout: base?.layout)
        return LintContext(head: head, base: base, date: date)
    }

    /// The context read from the touched folders only; nil when the focused read does not apply (no base,
    /// or a changed `.vep.yaml`, which may move the layout itself).
    func focusedContext(date: String) throws -> LintContext? {
        guard let baseTree else { return nil }
        trace.begin("configuration")
        let headSource = indexSource
        let baseSource = TreeSource(repository: repository, treeID: baseTree, label: baseLabel)
        let headConfiguration = try headSource.file(at: Configuration.fileName)
        let baseConfiguration = try baseSource.file(at: Configuration.fileName)
        guard headConfiguration?.contentID == baseConfiguration?.contentID else { return nil }
        let layout = try Discovery.configuration(in: headSource).0.layout
        let root = layout.root
        guard !root.isEmpty else { return nil }

        trace.begin("hash")
        let rootEntries = index.entries(under: root)
        let trees = IndexTrees(entries: rootEntries, prefix: root, listingDepth: 1, cached: index.cachedTrees)
        var touched: Set<String> = []
        for path in trees.unsettled { if let key = Discovery.folderKey(of: path, layout: layout) { touched.insert(key) } }
        trace.begin("compare")
        try compare(root, depth: 0, staged: trees.ids[root], base: try repository.tree(at: root, in: baseTree),
                    trees: trees, layout: layout, into: &touched)

        // Folders that may hold the numbers of the touched VEPs.
        var untouched: [(key: String, number: Int?)] = []
        for child in trees.listings[root] ?? [] {
            let path = root + "/" + child.name
            if !child.isDirectory {
                if Self.isMarkdown(child.name), !touched.contains(path) { untouched.append((path, nil)) }
                continue
            }
            if child.name == layout.templateDirectory { continue }
            for member in trees.listings[path] ?? [] {
                let key = path + "/" + member.name
                guard !touched.contains(key), member.isDirectory || Self.isMarkdown(member.name) else { continue }
                untouched.append((key, member.isDirectory ? Self.folderNumber(member.name) : nil))
            }
        }
        trace.begin("read touched")
        var keys = touched
        var context = try read(keys, headSource, baseSource, layout: layout, date: date)
        let numbers = Set(touched.compactMap { Self.folderNumber(($0 as NSString).lastPathComponent) })
            .union((context.head.catalog.veps + (context.base?.catalog.veps ?? [])).map(\.number))
        // Folders named with one of the numbers, and unnumbered ones whose Markdown spells one of them
        // (a claim in decimal contains the number's digits; anything else cannot claim it).
        trace.begin("candidates")
        let spellings = numbers.map { Array(String($0).utf8) }
        let more = try untouched.filter { candidate in
            if let number = candidate.number { return numbers.contains(number) }
            return try headSource.files(under: candidate.key).contains { file in
                guard Self.isMarkdown(file.path), case .data(let data) = try headSource.read(file, limit: maximumDocumentSize) else { return false }
                return spellings.contains { Self.contains(data, $0) }
            }
        }.map(\.key)
        if !more.isEmpty {
            trace.begin("read candidates")
            keys.formUnion(more)
            context = try read(keys, headSource, baseSource, layout: layout, date: date)
        }
        return context
    }

    /// Marks the folder keys under `path` whose staged content differs from the base's.
    private func compare(_ path: String, depth: Int, staged: ObjectID?, base: TreeEntry?, trees: IndexTrees,
                         layout: Layout, into touched: inout Set<String>) throws {
        let baseTree = base?.kind == .tree ? base : nil
        if let staged, staged == baseTree?.id { return }
        if depth >= 2 {
            if let key = Discovery.folderKey(of: path + "/-", layout: layout) { touched.insert(key) }
            return
        }
        let stagedChildren = trees.listings[path] ?? []
        let baseChildren = try baseTree.map { try repository.tree($0.id).entries } ?? []
        var names: [String] = []
        var stagedByName: [String: IndexTrees.Child] = [:]
        for child in stagedChildren { stagedByName[child.name] = child; names.append(child.name) }
        var baseByName: [String: TreeEntry] = [:]
        for child in baseChildren {
            baseByName[child.name] = child
            if stagedByName[child.name] == nil { names.append(child.name) }
        }
        for name in names {
            let mine = stagedByName[name], theirs = baseByName[name]
            if let mine, let theirs, mine.id == theirs.id, mine.mode == theirs.mode { continue }
            let childPath = path + "/" + name
            if mine?.isDirectory == true || theirs?.kind == .tree {
                try compare(childPath, depth: depth + 1, staged: mine?.isDirectory == true ? mine?.id : nil,
                            base: theirs?.kind == .tree ? theirs : nil, trees: trees, layout: layout, into: &touched)
            }
            if (mine != nil && mine?.isDirectory == false) || (theirs != nil && theirs?.kind != .tree) {
                if let key = Discovery.folderKey(of: childPath, layout: layout) { touched.insert(key) }
            }
        }
    }

    /// Both snapshots limited to the folders `keys`, the template and `.vep.yaml`.
    private func read(_ keys: Set<String>, _ headSource: IndexSource, _ baseSource: TreeSource, layout: Layout,
                      date: String) throws -> LintContext {
        var headFiles: [SourceFile] = []
        var baseFiles: [SourceFile] = []
        var headLinks: [SymbolicLink] = []
        var baseLinks: [SymbolicLink] = []
        for key in keys.sorted() {
            headFiles += try headSource.files(under: key)
            baseFiles += try baseSource.files(under: key)
            headLinks += try headSource.symbolicLinks(under: key)
            baseLinks += try baseSource.symbolicLinks(under: key)
        }
        headLinks += try headSource.symbolicLinks(under: Configuration.fileName)
        baseLinks += try baseSource.symbolicLinks(under: Configuration.fileName)
        let template = layout.root + "/" + layout.templateDirectory
        headFiles += try headSource.files(under: template)
        baseFiles += try baseSource.files(under: template)
        for name in [Configuration.fileName, "OWNERS", OwnersAliases.fileName] {
            if let file = try headSource.file(at: name) { headFiles.append(file) }
            if let file = try baseSource.file(at: name) { baseFiles.append(file) }
        }
        let head = try LintSnapshot.read(ListedSource(label: headSource.label, listed: headFiles, links: headLinks, reader: headSource),
                                         groups: groups(layout), cache: documents)
        let base = try LintSnapshot.read(ListedSource(label: baseSource.label, listed: baseFiles, links: baseLinks, reader: baseSource),
                                         cache: documents)
        return LintContext(head: head, base: base, date: date)
    }

    /// Group folders of the whole index, as `LintSnapshot.groups` counts them: folders directly under the
    /// root that hold a staged regular file.
    private func groups(_ layout: Layout) -> Set<String> {
        var names: Set<String> = []
        let skip = layout.root.utf8.count + 1
        var last: Substring.UTF8View?
        for entry in index.entries(under: layout.root) where entry.stage == 0 && !entry.isIntentToAdd && entry.isRegularFile {
            let rest = entry.path.utf8.dropFirst(skip)
            guard let slash = rest.firstIndex(of: UInt8(ascii: "/")) else { continue }
            let name = Substring(entry.path)[rest.startIndex..<slash].utf8
            // Entries of one group are contiguous: compare bytes before making a string.
            if let last, last.elementsEqual(name) { continue }
            last = name
            names.insert(String(Substring(name)))
        }
        return names.filter { $0 != layout.templateDirectory && layout.isGroupName($0) }
    }

    /// `183-dra-network` → 183, as a folder claims its number.
    static func folderNumber(_ name: String) -> Int? {
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, name.dropFirst(digits.count).first == "-" else { return nil }
        return Int(digits)
    }

    static func isMarkdown(_ name: String) -> Bool { name.lowercased().hasSuffix(".md") }

    static func contains(_ data: Data, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, data.count >= needle.count else { return false }
        return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Bool in
            var index = 0
            let last = bytes.count - needle.count
            while index <= last {
                if bytes[index] == first {
                    var matched = 1
                    while matched < needle.count, bytes[index + matched] == needle[matched] { matched += 1 }
                    if matched == needle.count { return true }
                }
                index += 1
            }
            return false
        }
    }
}

/// Some files of another source: a focused snapshot lists only the folders a change needs.
struct ListedSource: VEPSource {
    let label: String
    let listed: [SourceFile]
    var links: [SymbolicLink] = []
    let reader: VEPSource

    func symbolicLinks(under path: String) throws -> [SymbolicLink] {
        links.filter { path.isEmpty || $0.path == path || $0.path.hasPrefix(path + "/") }
    }

    func files(under prefix: String) throws -> [SourceFile] {
        listed.filter { prefix.isEmpty || $0.path.hasPrefix(prefix + "/") }.sorted { $0.path < $1.path }
    }

    func file(at path: String) throws -> SourceFile? { listed.first { $0.path == path } }

    func read(_ file: SourceFile, limit: Int) throws -> FileContent { try reader.read(file, limit: limit) }
}

extension IndexSource {
    /// An index already read.
    init(repository: Repository, index: Index) {
        self.repository = repository
        self.index = index
    }
}
