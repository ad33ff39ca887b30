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
        if !hidden.isEmpty {
            // A range: git's rules for what it holds, then the same derivation.
            let ids = try firstParentChain(to: tip, hiding: hidden)
            let links = try ids.map { id in (id: id, tree: try repository.treeAndFirstParent(of: id).tree) }
            return try derive(chain: links, from: nil).events
        }
        let fingerprint = TimelineCache.fingerprint(of: layout)
        var cached: (tip: ObjectID, data: Data)?
        if let cacheFile, let data = FileManager.default.contents(atPath: cacheFile),
           let header = TimelineCache.header(of: data), header.fingerprint == fingerprint,
           let cachedTip = ObjectID(hex: header.tip) {
            if cachedTip == tip, let cache = TimelineCache.decode(data, eventsOnly: true) {
                return cache.events
            }
            cached = (cachedTip, data)
        }
        let walk = try firstParentLinks(to: tip, stoppingAt: cached?.tip)
        // New commits on top of the cached tip cost only themselves.
        if walk.reachedStop, let cached, let cache = TimelineCache.decode(cached.data) {
            let derived = try derive(chain: walk.links, from: (cached.tip, cache.snapshot))
            let events = cache.events + derived.events
            store(TimelineCache(tip: tip.hex, fingerprint: fingerprint, events: events, snapshot: derived.snapshot))
            return events
        }
        let full = walk.reachedStop ? try firstParentLinks(to: tip, stoppingAt: nil).links : walk.links
        let derived = try derive(chain: full, from: nil)
        store(TimelineCache(tip: tip.hex, fingerprint: fingerprint, events: derived.events, snapshot: derived.snapshot))
        return derived.events
    }

    /// The first-parent chain ending at `tip`, oldest first, with each commit's tree; it stops
    /// before `stop` when the chain reaches it.
    func firstParentLinks(to tip: ObjectID, stoppingAt stop: ObjectID?) throws -> (links: [(id: ObjectID, tree: ObjectID)], reachedStop: Bool) {
        var links: [(id: ObjectID, tree: ObjectID)] = []
        var next: ObjectID? = tip
        var reachedStop = false
        while let id = next {
            if id == stop {
                reachedStop = true
                break
            }
            let step = try repository.treeAndFirstParent(of: id)
            links.append((id, step.tree))
            next = step.firstParent
        }
        return (links.reversed(), reachedStop)
    }

    /// Walks `chain` (oldest first), starting from the first commit's parent, or from a saved state.
    private func derive(chain: [(id: ObjectID, tree: ObjectID)], from saved: (commit: ObjectID, snapshot: TrackerSnapshot)?) throws
        -> (events: [TimelineEvent], snapshot: TrackerSnapshot) {
        let tracker = CatalogTracker(layout: layout) { [repository] file in
            try repository.read(file, limit: maximumDocumentSize)
        }
        guard let first = chain.first else {
            if let saved { tracker.restore(saved.snapshot) }
            return ([], tracker.snapshot)
        }
        var previousTree: ObjectID?
        if let saved {
            tracker.restore(saved.snapshot)
            previousTree = try repository.treeAndFirstParent(of: saved.commit).tree
        } else if let parent = try repository.treeAndFirstParent(of: first.id).firstParent {
            // A range starts from the state of its first commit's parent.
            let tree = try repository.treeAndFirstParent(of: parent).tree
            try tracker.reset(files: try TreeSource(repository: repository, treeID: tree, label: parent.hex).files(under: layout.root))
            previousTree = tree
        }
        var previousRoot = try previousTree.flatMap { try repository.tree(at: layout.root, in: $0)?.id }
        var events: [TimelineEvent] = []
        let parser = DocumentParser(repository: repository, layout: layout)
        // In batches: tree comparisons on this thread, then the batch's new documents parsed on
        // every core, then the tracker applied in order. (Overlapping the phases was measured
        // slower: libgit2's pack windows sit behind one process-wide lock.)
        let trace = PhaseTrace()
        defer { trace.report("git-vep log") }
        func apply(_ batch: [(commit: ObjectID, changes: [TreeChange])], parsed: [(file: SourceFile, document: VEPDocument)]) throws {
            tracker.prime(parsed)
            for (id, changes) in batch {
                let applied = try tracker.apply(changes.map { (path: $0.path, contentID: $0.new.flatMap { $0.kind == .blob ? $0.id.hex : nil }) })
                guard !applied.isEmpty else { continue }
                let commit = try repository.commit(id)
                let stamp = CommitStamp(id: commit.id.hex, date: commit.committer.iso8601,
                                        authorName: commit.author.name, authorEmail: commit.author.email, subject: commit.summary)
                events += applied.map { TimelineEvent(commit: stamp, change: $0, path: tracker.states[$0.vep]?.path ?? $0.from) }
            }
        }
        var start = chain.startIndex
        while start < chain.endIndex {
            let end = min(start + 512, chain.endIndex)
            trace.begin("trees")
            // Comparing on several threads was measured no faster: libgit2 serializes pack reads.
            var batch: [(commit: ObjectID, changes: [TreeChange])] = []
            for link in chain[start..<end] {
                // Equal subtrees under the root mean no VEP changed: the common case, and cheap.
                let root = try repository.tree(at: layout.root, in: link.tree)?.id
                if root != previousRoot {
                    let changes = try repository.changes(from: previousTree, to: link.tree, under: layout.root)
                    if !changes.isEmpty { batch.append((link.id, changes)) }
                }
                previousTree = link.tree
                previousRoot = root
            }
            let needed = batch.flatMap(\.changes).compactMap { change -> SourceFile? in
                guard let new = change.new, new.kind == .blob, change.path.lowercased().hasSuffix(".md"),
                      Discovery.folderKey(of: change.path, layout: layout) != nil else { return nil }
                return SourceFile(path: change.path, contentID: new.id.hex)
            }
            trace.begin("parse")
            let parsed = try parser.start(needed).wait()
            trace.begin("apply")
            try apply(batch, parsed: parsed)
            start = end
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

/// Parses many documents at once on every core, each worker with its own repository handle
/// (libgit2 handles are not shared across threads; the caller's stays with the caller).
final class DocumentParser {
    private let layout: Layout
    private let workers: [Repository]

    init(repository: Repository, layout: Layout) {
        self.layout = layout
        let count = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let handles = (0..<count).compactMap { _ in try? repository.reopen() }
        // Without a second handle, parse on the caller's (the job then runs before returning).
        self.workers = handles
    }

    /// Documents being parsed in the background; `wait()` hands them over in input order.
    final class Job {
        fileprivate let group = DispatchGroup()
        fileprivate let files: [SourceFile]
        fileprivate let results: UnsafeSlots<Result<VEPDocument, Error>>

        fileprivate init(files: [SourceFile]) {
            self.files = files
            self.results = UnsafeSlots(count: files.count)
        }

        func wait() throws -> [(file: SourceFile, document: VEPDocument)] {
            group.wait()
            return try files.indices.map { (files[$0], try results[$0]!.get()) }
        }

        deinit {
            group.wait()
            results.release()
        }
    }

    /// Starts parsing `files`; at most one job may run at a time (the workers are shared).
    func start(_ files: [SourceFile]) -> Job {
        let job = Job(files: files)
        guard !files.isEmpty, !workers.isEmpty else { return job }
        let shared = UnsafeShared((workers: workers, files: files, layout: layout, results: job.results, group: job.group))
        job.group.enter()
        DispatchQueue.global().async {
            let stride = shared.value.workers.count
            DispatchQueue.concurrentPerform(iterations: stride) { worker in
                let context = shared.value
                let repository = context.workers[worker]
                var index = worker
                while index < context.files.count {
                    let file = context.files[index]
                    context.results[index] = Result {
                        switch try repository.read(file, limit: maximumDocumentSize) {
                        // Only what the timeline follows is kept: a batch holds thousands of documents.
                        case .data(let data): return VEPDocument.parse(data: data, path: file.path, layout: context.layout).essentials
                        case .tooLarge(let size):
                            return VEPDocument.unreadable(path: file.path, layout: context.layout,
                                                          message: "file is \(size) bytes, larger than the limit for a VEP document")
                        }
                    }
                    index += stride
                }
            }
            shared.value.group.leave()
        }
        return job
    }
}

/// A value handed to worker threads that each touch only their own part of it.
private struct UnsafeShared<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Result slots written by worker threads, one slot per index, read after they all finish.
private struct UnsafeSlots<Element>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Element?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    subscript(index: Int) -> Element? {
        get { buffer[index] }
        nonmutating set { buffer[index] = newValue }
    }

    func release() {
        _ = buffer.deinitialize()
        buffer.deallocate()
    }
}
