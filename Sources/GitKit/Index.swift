import CGit2

/// One entry of the index (the staging area), copied out of libgit2.
public struct IndexEntry: Sendable, Hashable {
    /// The full repository path, `/`-separated.
    public let path: String
    public let id: ObjectID
    public let mode: UInt32
    /// 0 normally; 1 (base), 2 (ours), 3 (theirs) during a conflicted merge.
    public let stage: Int
    /// Recorded by `git add -N`: the path is known but its content is not staged.
    public let isIntentToAdd: Bool

    /// A file with content of its own: not a symbolic link, a gitlink or a sparse directory.
    public var isRegularFile: Bool { mode & 0o170000 == 0o100000 }
    /// A symbolic link (`0o120000`): its blob holds the path it points to.
    public var isSymbolicLink: Bool { mode & 0o170000 == 0o120000 }

    public init(path: String, id: ObjectID, mode: UInt32, stage: Int, isIntentToAdd: Bool = false) {
        self.path = path
        self.id = id
        self.mode = mode
        self.stage = stage
        self.isIntentToAdd = isIntentToAdd
    }

    init(_ entry: UnsafePointer<git_index_entry>) {
        let value = entry.pointee
        self.init(
            path: String(cString: value.path),
            id: ObjectID(value.id),
            mode: value.mode,
            stage: Int((value.flags & 0x3000) >> 12),  // GIT_INDEX_ENTRY_STAGEMASK / STAGESHIFT
            isIntentToAdd: value.flags_extended & UInt16(GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue) != 0)
    }
}

/// A snapshot of an index file, read once; GitKit never writes an index.
public final class Index: Sendable {
    /// All entries of all stages, sorted by path bytes then stage (git's order).
    public let entries: [IndexEntry]

    /// Tree ids git recorded for directories whose content has not changed since (the index's cache-tree
    /// extension), by path (`""` is the root); directories it marks invalid are absent.
    public let cachedTrees: [String: ObjectID]

    public init(entries: [IndexEntry], cachedTrees: [String: ObjectID] = [:]) {
        let ordered = zip(entries, entries.dropFirst()).allSatisfy { !Index.precedes($1, $0) }
        self.entries = ordered ? entries : entries.sorted(by: Index.precedes)
        self.cachedTrees = cachedTrees
    }

    /// Entries already in git's order (checked by the reader that made them).
    init(ordered entries: [IndexEntry], cachedTrees: [String: ObjectID]) {
        self.entries = entries
        self.cachedTrees = cachedTrees
    }

    public var hasConflicts: Bool { entries.contains { $0.stage != 0 } }

    public func entry(path: String, stage: Int = 0) -> IndexEntry? {
        var index = lowerBound(path)
        while index < entries.count, entries[index].path == path {
            if entries[index].stage == stage { return entries[index] }
            index += 1
        }
        return nil
    }

    /// Entries at `prefix` or below it as a directory (`"veps"` matches `veps/a.md`, not `veps2/a.md`); `""` is all.
    public func entries(under prefix: String) -> [IndexEntry] {
        let directory = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        if directory.isEmpty { return entries }
        var result: [IndexEntry] = []
        var index = lowerBound(directory)
        while index < entries.count, entries[index].path == directory {
            result.append(entries[index])
            index += 1
        }
        let childPrefix = directory + "/"
        index = lowerBound(childPrefix)
        while index < entries.count, entries[index].path.utf8.starts(with: childPrefix.utf8) {
            result.append(entries[index])
            index += 1
        }
        return result
    }

    /// First position whose path is not byte-wise below `path`.
    private func lowerBound(_ path: String) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].path.utf8.lexicographicallyPrecedes(path.utf8) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func precedes(_ a: IndexEntry, _ b: IndexEntry) -> Bool {
        if a.path == b.path { return a.stage < b.stage }
        return a.path.utf8.lexicographicallyPrecedes(b.path.utf8)
    }
}
