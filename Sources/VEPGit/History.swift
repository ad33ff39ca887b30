import Foundation
import GitKit
import VEPCore

/// Derives the timeline of VEP events from first-parent history, straight from git objects.
public struct History {
    public let repository: Repository
    public let layout: Layout
    /// Where the derived timeline is kept between runs; nil to bypass it.
    public let cacheFile: String?

    /// - Parameter useCache: keep a derived cache in the git directory (never needed for correctness).
    public init(repository: Repository, layout: Layout, useCache: Bool = false) {
        self.repository = repository
        self.layout = layout
        self.cacheFile = useCache ? repository.commonDirectory + "/git-vep/timeline-cache" : nil
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
        guard hidden.isEmpty, let cacheFile else {
            return try derive(chain: try firstParentChain(to: tip, hiding: hidden), from: nil).events
        }
        let fingerprint = TimelineCache.fingerprint(of: layout)
        if let data = FileManager.default.contents(atPath: cacheFile),
           let header = TimelineCache.header(of: data), header.fingerprint == fingerprint,
           let cachedTip = ObjectID(hex: header.tip), repository.contains(cachedTip) {
            if cachedTip == tip, let cache = TimelineCache.decode(data, eventsOnly: true) {
                return cache.events
            }
            // New commits on top of the cached tip cost only themselves.
            let chain = try firstParentChain(to: tip, hiding: [cachedTip])
            if let oldest = chain.first, try repository.commit(oldest).parentIDs.first == cachedTip,
               let cache = TimelineCache.decode(data) {
                let derived = try derive(chain: chain, from: (cachedTip, cache.snapshot))
                let events = cache.events + derived.events
                store(TimelineCache(tip: tip.hex, fingerprint: fingerprint, events: events, snapshot: derived.snapshot))
                return events
            }
        }
        let derived = try derive(chain: try firstParentChain(to: tip), from: nil)
        store(TimelineCache(tip: tip.hex, fingerprint: fingerprint, events: derived.events, snapshot: derived.snapshot))
        return derived.events
    }

    /// Walks `chain` (oldest first), starting from the first commit's parent, or from a saved state.
    private func derive(chain: [ObjectID], from saved: (commit: ObjectID, snapshot: TrackerSnapshot)?) throws
        -> (events: [TimelineEvent], snapshot: TrackerSnapshot) {
        let tracker = CatalogTracker(layout: layout) { [repository] file in
            try repository.readSourceFile(file, limit: maximumDocumentSize)
        }
        guard let first = chain.first else {
            if let saved { tracker.restore(saved.snapshot) }
            return ([], tracker.snapshot)
        }
        var previousTree: ObjectID?
        if let saved {
            tracker.restore(saved.snapshot)
            previousTree = try repository.commit(saved.commit).treeID
        } else if let parent = try repository.commit(first).parentIDs.first {
            // A range starts from the state of its first commit's parent.
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
        return (events, tracker.snapshot)
    }

    /// Writes the cache atomically (a private temporary file renamed over the old one), so that
    /// concurrent runs each leave a whole file; failures only cost speed next time.
    private func store(_ cache: TimelineCache) {
        guard let cacheFile else { return }
        let folder = (cacheFile as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = "\(cacheFile).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: temporary, contents: cache.encoded()) else { return }
        if rename(temporary, cacheFile) != 0 { unlink(temporary) }
    }
}

extension Repository {
    func readSourceFile(_ file: SourceFile, limit: Int) throws -> FileContent {
        try read(file, limit: limit)
    }
}
