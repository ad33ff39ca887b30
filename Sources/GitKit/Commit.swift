import CGit2

/// A commit copied out of libgit2: safe to keep, share and send anywhere.
public struct Commit: Sendable, Hashable {
    public let id: ObjectID
    public let treeID: ObjectID
    public let parentIDs: [ObjectID]
    public let author: Signature
    public let committer: Signature
    /// The full message, as libgit2 returns it (leading blank lines stripped).
    public let message: String

    public init(id: ObjectID, treeID: ObjectID, parentIDs: [ObjectID], author: Signature, committer: Signature, message: String) {
        self.id = id
        self.treeID = treeID
        self.parentIDs = parentIDs
        self.author = author
        self.committer = committer
        self.message = message
    }

    /// The first line of the message, without its line ending.
    public var summary: String {
        let line = message.prefix { $0 != "\n" && $0 != "\r\n" }
        return String(line.hasSuffix("\r") ? line.dropLast() : line)
    }

    /// True for a commit with more than one parent.
    public var isMerge: Bool { parentIDs.count > 1 }

    init(_ commit: OpaquePointer) {
        let count = git_commit_parentcount(commit)
        var parents: [ObjectID] = []
        parents.reserveCapacity(Int(count))
        for index in 0..<count { parents.append(ObjectID(git_commit_parent_id(commit, index))) }
        self.init(
            id: ObjectID(git_commit_id(commit)),
            treeID: ObjectID(git_commit_tree_id(commit)),
            parentIDs: parents,
            author: Signature(git_commit_author(commit)),
            committer: Signature(git_commit_committer(commit)),
            message: git_commit_message(commit).map { String(cString: $0) } ?? "")
    }
}
