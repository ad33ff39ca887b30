import CGit2

/// One blob-level difference between two trees. `path` is the full repository path; entry names are its last component.
public struct TreeChange: Sendable, Hashable {
    public enum Status: Sendable, Hashable { case added, deleted, modified }

    public let path: String
    public let old: TreeEntry?
    public let new: TreeEntry?

    public init(path: String, old: TreeEntry?, new: TreeEntry?) {
        self.path = path
        self.old = old
        self.new = new
    }

    public var status: Status {
        switch (old, new) {
        case (nil, _): return .added
        case (_, nil): return .deleted
        default: return .modified
        }
    }
}

extension Repository {
    /// Blobs (regular files and symlinks) at or below `prefix` in a tree, by full path in byte order.
    /// `""` means the whole tree; gitlinks (submodules) are not blobs and are skipped.
    public func files(in treeID: ObjectID, under prefix: String) throws -> [(path: String, entry: TreeEntry)] {
        let base = normalizedPrefix(prefix)
        var result: [(path: String, entry: TreeEntry)] = []
        guard let node = try node(at: base, in: treeID, "files(in: \(treeID), under: \(prefix))") else { return [] }
        switch node.kind {
        case .tree: try collectBlobs(node.id, base: base) { result.append(($0, $1)) }
        case .blob: result.append((base, node.entry(named: lastComponent(base))))
        case .commit: break
        }
        return result
    }

    /// Blob-level changes between two trees (or commits), limited to `prefix` (`""` for everything).
    ///
    /// Equal subtree ids are never descended into, and no Swift value is made for an unchanged entry, so a walk
    /// over a long history costs about one tree lookup per changed directory level. An added or removed subtree
    /// reports each of its blobs; a blob replaced by a directory reports a deletion and additions. Gitlinks are
    /// ignored; there is no rename detection. The result is sorted by path bytes.
    public func changes(from oldTree: ObjectID?, to newTree: ObjectID?, under prefix: String) throws -> [TreeChange] {
        let base = normalizedPrefix(prefix)
        // Built only for an error: a history walk calls this once per commit.
        let operation = { "changes(from: \(oldTree?.hex ?? "nil"), to: \(newTree?.hex ?? "nil"), under: \(prefix))" }
        let old = try oldTree.flatMap { try node(at: base, in: $0, operation()) }
        let new = try newTree.flatMap { try node(at: base, in: $0, operation()) }
        if old == new { return [] }
        var result: [TreeChange] = []
        try compare(old, new, path: base, into: &result)
        if !isSortedByPath(result) { result.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) } }
        return result
    }

    // MARK: Internals

    /// The id, kind and mode of whatever sits at a path: enough to compare without copying names.
    struct Node: Equatable {
        let id: ObjectID
        let kind: EntryKind
        let mode: UInt32

        func entry(named name: String) -> TreeEntry { TreeEntry(name: name, id: id, kind: kind, mode: mode) }
    }

    private func normalizedPrefix(_ prefix: String) -> String {
        let bytes = prefix.utf8
        // Already normal (no leading, trailing or doubled slash): the common case, without splitting.
        if bytes.first != 0x2F, bytes.last != 0x2F, !zip(bytes, bytes.dropFirst()).contains(where: { $0 == 0x2F && $1 == 0x2F }) {
            return prefix
        }
        return prefix.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
    }

    private func lastComponent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Walks down one component at a time with borrowed entries (no allocation beyond the tree lookups).
    private func node(at path: String, in root: ObjectID, _ operation: @autoclosure () -> String) throws -> Node? {
        var lookupID = root
        var current: Node?
        for component in path.split(separator: "/") {
            if let node = current {
                guard node.kind == .tree else { return nil }
                lookupID = node.id
            }
            let next: Node? = try withTree(lookupID, operation()) { tree in
                guard let entry = git_tree_entry_byname(tree, String(component)) else { return nil }
                return Node(entry)
            }
            guard let next else { return nil }
            current = next
        }
        if let current { return current }
        return try withTree(root, operation()) { Node(id: ObjectID(git_tree_id($0)), kind: .tree, mode: 0o040000) }
    }

    private func compare(_ old: Node?, _ new: Node?, path: String, into result: inout [TreeChange]) throws {
        switch (old, new) {
        case (nil, nil):
            return
        case let (old?, new?) where old.kind == .tree && new.kind == .tree:
            if old.id != new.id { try compareTrees(old.id, new.id, base: path, into: &result) }
        case let (old?, new?) where old.kind == .blob && new.kind == .blob:
            if old != new {
                let name = lastComponent(path)
                result.append(TreeChange(path: path, old: old.entry(named: name), new: new.entry(named: name)))
            }
        default:
            try report(old, path: path, deleted: true, into: &result)
            try report(new, path: path, deleted: false, into: &result)
        }
    }

    /// Every blob of `node` (itself, or all below it) as an addition or a deletion.
    private func report(_ node: Node?, path: String, deleted: Bool, into result: inout [TreeChange]) throws {
        guard let node else { return }
        switch node.kind {
        case .blob:
            let entry = node.entry(named: lastComponent(path))
            result.append(deleted ? TreeChange(path: path, old: entry, new: nil) : TreeChange(path: path, old: nil, new: entry))
        case .tree:
            try collectBlobs(node.id, base: path) { path, entry in
                result.append(deleted ? TreeChange(path: path, old: entry, new: nil) : TreeChange(path: path, old: nil, new: entry))
            }
        case .commit:
            return
        }
    }

    private func compareTrees(_ oldID: ObjectID, _ newID: ObjectID, base: String, into result: inout [TreeChange]) throws {
        try withTree(oldID, "changes: tree \(oldID)") { old in
            try withTree(newID, "changes: tree \(newID)") { new in
                let oldCount = git_tree_entrycount(old), newCount = git_tree_entrycount(new)
                var i = 0, j = 0
                while i < oldCount || j < newCount {
                    let a = i < oldCount ? git_tree_entry_byindex(old, i) : nil
                    let b = j < newCount ? git_tree_entry_byindex(new, j) : nil
                    // Tree order: a directory sorts as "name/", so the same name is only equal with the same tree-ness.
                    let order: Int32 = a == nil ? 1 : b == nil ? -1 : git_tree_entry_cmp(a, b)
                    if order < 0 {
                        try report(Node(a!), path: join(base, a!), deleted: true, into: &result)
                        i += 1
                    } else if order > 0 {
                        try report(Node(b!), path: join(base, b!), deleted: false, into: &result)
                        j += 1
                    } else {
                        i += 1
                        j += 1
                        if git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) != 0,
                           git_tree_entry_filemode(a) == git_tree_entry_filemode(b) { continue }
                        try compare(Node(a!), Node(b!), path: join(base, a!), into: &result)
                    }
                }
            }
        }
    }

    /// Calls `body` for each blob below a tree, depth first in tree order (which is full-path byte order).
    private func collectBlobs(_ treeID: ObjectID, base: String, _ body: (String, TreeEntry) throws -> Void) throws {
        try withTree(treeID, "files: tree \(treeID)") { tree in
            for index in 0..<git_tree_entrycount(tree) {
                let entry = git_tree_entry_byindex(tree, index)!
                switch git_tree_entry_type(entry) {
                case GIT_OBJECT_BLOB:
                    let value = TreeEntry(entry)
                    try body(base.isEmpty ? value.name : base + "/" + value.name, value)
                case GIT_OBJECT_TREE:
                    try collectBlobs(ObjectID(git_tree_entry_id(entry)), base: join(base, entry), body)
                default:
                    continue
                }
            }
        }
    }

    private func join(_ base: String, _ entry: OpaquePointer) -> String {
        let name = String(cString: git_tree_entry_name(entry))
        return base.isEmpty ? name : base + "/" + name
    }

    private func isSortedByPath(_ changes: [TreeChange]) -> Bool {
        zip(changes, changes.dropFirst()).allSatisfy { !$1.path.utf8.lexicographicallyPrecedes($0.path.utf8) }
    }
}

extension Repository.Node {
    init(_ entry: OpaquePointer) {
        self.init(id: ObjectID(git_tree_entry_id(entry)),
                  kind: EntryKind(git_tree_entry_type(entry)) ?? .blob,
                  mode: git_tree_entry_filemode(entry).rawValue)
    }
}
