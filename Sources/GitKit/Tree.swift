import CGit2
import Foundation

/// What a tree entry points at.
public enum EntryKind: Sendable, Hashable {
    case blob
    case tree
    /// A gitlink: a submodule's commit.
    case commit

    init?(_ type: git_object_t) {
        switch type {
        case GIT_OBJECT_BLOB: self = .blob
        case GIT_OBJECT_TREE: self = .tree
        case GIT_OBJECT_COMMIT: self = .commit
        default: return nil
        }
    }
}

/// The type of an object in the object database.
public enum ObjectKind: Sendable, Hashable {
    case commit, tree, blob, tag

    init?(_ type: git_object_t) {
        switch type {
        case GIT_OBJECT_COMMIT: self = .commit
        case GIT_OBJECT_TREE: self = .tree
        case GIT_OBJECT_BLOB: self = .blob
        case GIT_OBJECT_TAG: self = .tag
        default: return nil
        }
    }
}

/// One entry of a tree, copied out of libgit2.
public struct TreeEntry: Sendable, Hashable {
    /// The last path component.
    public let name: String
    public let id: ObjectID
    public let kind: EntryKind
    /// The git file mode: `0o100644`, `0o100755`, `0o120000` (symlink), `0o040000`, `0o160000`.
    public let mode: UInt32

    public init(name: String, id: ObjectID, kind: EntryKind, mode: UInt32) {
        self.name = name
        self.id = id
        self.kind = kind
        self.mode = mode
    }

    /// Copies a borrowed entry; the pointer may die with its tree right after.
    init(_ entry: OpaquePointer) {
        self.init(
            name: String(cString: git_tree_entry_name(entry)),
            id: ObjectID(git_tree_entry_id(entry)),
            kind: EntryKind(git_tree_entry_type(entry)) ?? .blob,
            mode: git_tree_entry_filemode(entry).rawValue)
    }

    public var isSymlink: Bool { mode == 0o120000 }
    /// A file with content of its own (`0o100644`, `0o100755`): not a symbolic link, whose content is where it points.
    public var isRegularFile: Bool { kind == .blob && mode & 0o170000 == 0o100000 }
    /// A symbolic link (`0o120000`): its blob holds the path it points to.
    public var isSymbolicLink: Bool { kind == .blob && mode & 0o170000 == 0o120000 }
    public var isExecutable: Bool { mode == 0o100755 }
}

/// A tree's entries, copied so no libgit2 pointer outlives the lookup.
public final class Tree: Sendable {
    public let id: ObjectID
    /// In git's tree order.
    public let entries: [TreeEntry]

    public init(id: ObjectID, entries: [TreeEntry]) {
        self.id = id
        self.entries = entries
    }

    public func entry(named name: String) -> TreeEntry? { entries.first { $0.name == name } }
}

/// A blob's bytes, or its size when reading it would exceed the caller's limit.
public enum BlobContent: Sendable, Hashable {
    case data(Data)
    case tooLarge(size: Int)
}
