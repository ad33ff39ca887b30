import Foundation
import GitKit
import VEPCore

/// Derives the timeline of VEP events from first-parent history, straight from git objects.
public struct History {
    public let repository: Repository
    public let layout: Layout

    public init(repository: Repository, layout: Layout) {
        self.repository = repository
        self.layout = layout
    }

    /// The first-parent chain ending at `tip`, oldest first, stopping before any commit in `hidden`
    /// (and anything reachable from them).
    public func firstParentChain(to tip: ObjectID, hiding hidden: [ObjectID] = []) throws -> [ObjectID] {
        var options = RevWalkOptions(tips: [tip], hidden: hidden, firstParent: true)
        options.order = .topological
        options.reverse = true
        return try repository.walk(options).all()
    }

    /// Every event of the commits of the chain, oldest first; each commit is compared with its
    /// first parent (a merge answers for everything it merges).
    public func events(to tip: ObjectID, hiding hidden: [ObjectID] = []) throws -> [TimelineEvent] {
        let chain = try firstParentChain(to: tip, hiding: hidden)
        guard let first = chain.first else { return [] }
        let tracker = CatalogTracker(layout: layout) { [repository] file in
            try repository.readSourceFile(file, limit: maximumDocumentSize)
        }
        // Start from the state before the first commit of the chain.
        var previousTree: ObjectID?
        if let parent = try repository.commit(first).parentIDs.first {
            let tree = try repository.commit(parent).treeID
            try tracker.reset(files: try TreeSource(repository: repository, treeID: tree, label: parent.hex).files(under: layout.root))
            previousTree = tree
        }
        var previousRoot = try previousTree.flatMap { try repository.tree(at: layout.root, in: $0)?.id }
        var events: [TimelineEvent] = []
        for id in chain {
            let commit = try repository.commit(id)
            // Equal subtrees under the root mean no VEP changed: the common case, and cheap.
            let root = try repository.tree(at: layout.root, in: commit.treeID)?.id
            defer {
                previousTree = commit.treeID
                previousRoot = root
            }
            if root == previousRoot { continue }
            let changes = try repository.changes(from: previousTree, to: commit.treeID, under: layout.root)
            let applied = try tracker.apply(changes.map { (path: $0.path, contentID: $0.new.flatMap { $0.kind == .blob ? $0.id.hex : nil }) })
            guard !applied.isEmpty else { continue }
            let stamp = CommitStamp(id: commit.id.hex, date: commit.committer.iso8601,
                                    authorName: commit.author.name, authorEmail: commit.author.email, subject: commit.summary)
            events += applied.map { TimelineEvent(commit: stamp, change: $0, path: tracker.states[$0.vep]?.path ?? $0.from) }
        }
        return events
    }
}

extension Repository {
    func readSourceFile(_ file: SourceFile, limit: Int) throws -> FileContent {
        try read(file, limit: limit)
    }
}
