import Foundation
import GitKit
import VEPCore

/// Derives the timeline of VEP events from first-parent history, straight from git objects. Each commit is read in
/// the layout its own `.vep.yaml` gives.
public struct History {
    public let repository: Repository
    /// Where derived timelines are kept between runs, one file per tip; nil to bypass them.
    public let cacheFolder: String?
    /// How many tips keep a cached timeline: switching between a few branches stays cheap.
    public static let cachedTips = 4

    /// - Parameter useCache: keep a derived cache in the git directory (never needed for correctness).
    public init(repository: Repository, useCache: Bool = false) {
        self.repository = repository
        self.cacheFolder = useCache ? repository.commonDirectory + "/git-vep/timelines" : nil
    }

    /// The first-parent chain ending at `tip`, oldest first, stopping before any commit in `hidden`
    /// (and anything reachable from them).
    public func firstParentChain(to tip: ObjectID, hiding hidden: [ObjectID] = []) throws -> [ObjectID] {
        if repository.isShallow { return try shallowFirstParentChain(to: tip, hiding: hidden) }
        var options = RevWalkOptions(tips: [tip], hidden: hidden, firstParent: true)
        options.order = .topological
        options.reverse = true
        return try repository.walk(options).all()
    }

    /// `firstParentChain` in a shallow clone, whose boundary commits have no parents (libgit2's walk
    /// would look for the parents that were never fetched): every commit reachable from `hidden` is
    /// listed, and the chain ends at the first of them.
    private func shallowFirstParentChain(to tip: ObjectID, hiding hidden: [ObjectID]) throws -> [ObjectID] {
        var hiddenSet: Set<ObjectID> = []
        var pending = hidden
        while let id = pending.popLast() {
            if hiddenSet.insert(id).inserted { pending += try repository.parents(of: id) }
        }
        var chain: [ObjectID] = []
        var next: ObjectID? = tip
        while let id = next, !hiddenSet.contains(id) {
            chain.append(id)
            next = try repository.treeAndFirstParent(of: id).firstParent
        }
        return chain.reversed()
    }

    /// Every event of the commits of the chain, oldest first; each commit is compared with its
    /// first parent (a merge answers for everything it merges).
    public func events(to tip: ObjectID, hiding hidden: [ObjectID] = []) throws -> [TimelineEvent] {
        if !hidden.isEmpty {
            // A range: git's rules for what it holds, then the same derivation.
            let ids = try firstParentChain(to: tip, hiding: hidden)
            let links = try ids.map { id in (id: id, tree: try repository.treeAndFirstParent(of: id).tree) }
            let derived = try derive(chain: links[...], from: nil)
            guard derived.ambiguous, !ids.isEmpty else { return derived.events }
            // The state where the range starts depends on what came before it: the events of the whole chain, those
            // of the range's commits.
            let range = Set(ids.map(\.hex))
            return try events(to: tip).filter { range.contains($0.commit.id) }
        }
        // A shallow clone's history ends at its boundary, which a fetch can move: it is part of what a
        // cached timeline was derived with.
        // Every commit is read in its own layout: the events do not depend on the tip's.
        var fingerprint = TimelineCache.fingerprint(of: .default)
        if repository.isShallow {
            fingerprint += "|shallow " + TimelineCache.checksum(repository.shallowBoundary.map(\.hex).sorted().joined(separator: " ").utf8)
        }
        let cache = TimelineCacheFolder(path: cacheFolder, fingerprint: fingerprint)
        // The tip's own timeline, when it was derived before.
        if let events = cache.events(at: tip) { return events }
        // New commits on top of a cached tip cost only themselves.
        let trace = PhaseTrace()
        trace.begin("first-parent walk")
        let walk = try firstParentLinks(to: tip, stoppingAt: Set(cache.tips))
        trace.report("git-vep log, first-parent chain (\(walk.links.count) commit\(walk.links.count == 1 ? "" : "s"))")
        if let base = walk.stop, let cached = cache.timeline(at: base) {
            let derived = try derive(chain: walk.links[...], from: (base, cached.snapshot))
            let events = cached.events + derived.events
            if !derived.ambiguous {
                cache.store(TimelineCache(tip: tip.hex, fingerprint: cache.fingerprint, events: events, snapshot: derived.snapshot))
            }
            return events
        }
        let chain = walk.stop != nil ? try firstParentLinks(to: tip, stoppingAt: []).links : walk.links
        // A chain that leaves a cached one (a branch, an amended commit, an older commit such as
        // HEAD~5): the cached events up to where the chains part, then the rest from there.
        if let fork = try cachedFork(of: chain, in: cache) {
            let derived = try derive(chain: chain[(fork.index + 1)...], from: nil)
            // Ambiguous paths make the state depend on the order the files came in: a state read whole
            // at the fork is then no stand-in for the one the full walk reaches.
            if !derived.ambiguous {
                let events = fork.events + derived.events
                if fork.index + 1 < chain.endIndex {
                    cache.store(TimelineCache(tip: tip.hex, fingerprint: cache.fingerprint, events: events, snapshot: derived.snapshot))
                }
                return events
            }
        }
        let derived = try derive(chain: chain[...], from: nil)
        if !derived.ambiguous {
            cache.store(TimelineCache(tip: tip.hex, fingerprint: cache.fingerprint, events: derived.events, snapshot: derived.snapshot))
        }
        return derived.events
    }

    /// The first-parent chain ending at `tip`, oldest first, with each commit's tree; it stops
    /// before the first commit of `stops` it reaches, and says which.
    func firstParentLinks(to tip: ObjectID, stoppingAt stops: Set<ObjectID>) throws -> (links: [(id: ObjectID, tree: ObjectID)], stop: ObjectID?) {
        var links: [(id: ObjectID, tree: ObjectID)] = []
        var next: ObjectID? = tip
        while let id = next {
            if stops.contains(id) { return (links.reversed(), id) }
            let step = try repository.treeAndFirstParent(of: id)
            links.append((id, step.tree))
            next = step.firstParent
        }
        return (links.reversed(), nil)
    }

    /// Where `chain` (a whole first-parent chain, oldest first) parts from the chain of a cached tip,
    /// as late as any cached tip allows: the index in `chain` of the last commit they share, and the
    /// cached events up to it.
    private func cachedFork(of chain: [(id: ObjectID, tree: ObjectID)], in cache: TimelineCacheFolder) throws
        -> (index: Int, events: [TimelineEvent])? {
        let positions = Dictionary(uniqueKeysWithValues: chain.enumerated().map { ($0.element.id, $0.offset) })
        // Each cached tip's first-parent chain, down to its first commit on `chain`: from there on the
        // two chains are one. (A topic merged since is found too: its own chain leads to where it
        // branched off, while a merge base would be the topic tip itself, off the first-parent chain.)
        var best: (index: Int, cachedTip: ObjectID, after: Set<String>)?
        for cachedTip in cache.tips {
            var after: Set<String> = []
            var next: ObjectID? = cachedTip
            while let id = next, positions[id] == nil {
                after.insert(id.hex)
                // A cached tip whose chain cannot be read any more (`git gc` pruned an old branch tip) is no base; the
                // next store prunes its file.
                guard let step = try? repository.treeAndFirstParent(of: id) else { next = nil; break }
                next = step.firstParent
            }
            if let shared = next, let index = positions[shared], index > best?.index ?? -1 {
                best = (index, cachedTip, after)
            }
        }
        guard let best, let events = cache.events(at: best.cachedTip) else { return nil }
        // Events are in chain order: those of the cached chain's later commits are a suffix.
        let kept = events.firstIndex { best.after.contains($0.commit.id) } ?? events.endIndex
        return (best.index, Array(events[..<kept]))
    }

    /// A Markdown file inside a VEP folder: what the tracker parses.
    static func isDocument(_ path: String, layout: Layout) -> Bool {
        path.lowercased().hasSuffix(".md") && Discovery.folderKey(of: path, layout: layout) != nil
    }

    /// Walks `chain` (oldest first), starting from the first commit's parent, or from a saved state.
    /// `ambiguous`: paths met that Swift's strings cannot tell apart (see `CatalogTracker.sawAmbiguousPaths`), or a
    /// start state read whole that only history completes (`CatalogTracker.startDependsOnHistory`: which document speaks
    /// for a number, the metadata of a document that cannot be read); such a derivation is neither cached nor used to continue a cached one.
    private func derive(chain: ArraySlice<(id: ObjectID, tree: ObjectID)>, from saved: (commit: ObjectID, snapshot: TrackerSnapshot)?) throws
        -> (events: [TimelineEvent], snapshot: TrackerSnapshot, ambiguous: Bool) {
        // Each commit is read in the layout its own `.vep.yaml` gives (`git mv veps proposals` with `root: proposals`
        // moves every VEP, it does not delete them all and create them again).
        var layouts = LayoutReader(repository: repository)
        func makeTracker(_ layout: Layout) -> CatalogTracker {
            CatalogTracker(layout: layout) { [repository] file in try repository.read(file, limit: maximumDocumentSize) }
        }
        var previousTree: ObjectID?
        var tracker: CatalogTracker
        // A start whose `.vep.yaml` cannot be read takes the layout before it, which only history knows.
        var ambiguous = false
        if let saved {
            previousTree = try repository.treeAndFirstParent(of: saved.commit).tree
        } else {
            let parent = try chain.first.flatMap { try repository.treeAndFirstParent(of: $0.id).firstParent }
            previousTree = try parent.map { try repository.treeAndFirstParent(of: $0).tree }
        }
        let startLayout = try layouts.layout(at: previousTree)
        ambiguous = startLayout == nil
        tracker = makeTracker(startLayout ?? .default)
        if let saved { tracker.restore(saved.snapshot) }
        guard let last = chain.last else { return ([], tracker.snapshot, ambiguous) }
        // Nor is a tip whose layout was carried over from before it a state to cache.
        if try layouts.layout(at: last.tree) == nil { ambiguous = true }
        let trace = PhaseTrace()
        defer { trace.report("git-vep log (\(chain.count) commit\(chain.count == 1 ? "" : "s") compared)") }
        var parser = DocumentParser(repository: repository, layout: tracker.layout)
        /// The state of `tree` in `layout`, read whole: every document parsed on every core. `prior`: the state just
        /// before, in another layout.
        func wholeState(of tree: ObjectID, label: String, in layout: Layout, prior: CatalogTracker? = nil) throws -> CatalogTracker {
            let whole = makeTracker(layout)
            let files = try TreeSource(repository: repository, treeID: tree, label: label).files(under: layout.root)
            whole.prime(try parser.start(files.filter { Self.isDocument($0.path, layout: layout) }).wait())
            try whole.reset(files: files, prior: prior)
            return whole
        }
        if saved == nil, let tree = previousTree {
            // A range, or the part of a chain after where it leaves a cached one, starts from the state of
            // its first commit's parent.
            trace.begin("start state")
            tracker = try wholeState(of: tree, label: "the parent of \(chain.first!.id.hex)", in: tracker.layout)
        }
        var events: [TimelineEvent] = []
        func record(_ applied: [Change], at id: ObjectID) throws {
            guard !applied.isEmpty else { return }
            let commit = try repository.commit(id)
            let stamp = CommitStamp(id: commit.id.hex, date: commit.committer.iso8601,
                                    authorName: commit.author.name, authorEmail: commit.author.email, subject: commit.summary)
            events += applied.map { TimelineEvent(commit: stamp, change: $0, path: tracker.states[$0.vep]?.path ?? $0.from) }
        }
        // A pipeline: the workers compare runs of commits with their first parents and parse the documents they
        // bring, while this thread applies the runs already compared, in chain order. A commit that changes the
        // layout ends the stream: the state after it is read whole in the new layout, the VEPs' changes are the
        // difference, and a new stream compares the rest in that layout.
        var rest = chain
        while !rest.isEmpty {
            var stream: DocumentParser.ComparisonStream? = parser.compare(rest, after: previousTree)
            var switched: (index: Int, tree: ObjectID, layout: Layout)?
            runs: while true {
                trace.begin("trees and parse (wait)")
                guard let run = try stream!.next() else { break }
                trace.begin("apply")
                tracker.prime(run.documents)
                for commit in run.commits {
                    if commit.configurationChanged, let layout = try layouts.layout(at: commit.tree) {
                        if layout != tracker.layout {
                            switched = (rest.startIndex + commit.index, commit.tree, layout)
                            break runs
                        }
                    }
                    let applied = try tracker.apply(commit.changes.map { (path: $0.path, contentID: $0.new.flatMap { $0.isRegularFile ? $0.id.hex : nil }) })
                    try record(applied, at: commit.commit)
                }
            }
            // Dropped, the stream stops its workers and waits for them.
            stream = nil
            guard let switched else { break }
            trace.begin("layout change")
            ambiguous = ambiguous || tracker.sawAmbiguousPaths || tracker.startDependsOnHistory
            let id = chain[switched.index].id
            parser = DocumentParser(repository: repository, layout: switched.layout)
            let next = try wholeState(of: switched.tree, label: id.hex, in: switched.layout, prior: tracker)
            let before = tracker.states
            tracker = next
            try record(Change.between(before, next.states), at: id)
            ambiguous = ambiguous || next.startDependsOnHistory
            previousTree = switched.tree
            rest = chain[(switched.index + 1)...]
        }
        return (events, tracker.snapshot, ambiguous || tracker.sawAmbiguousPaths || tracker.startDependsOnHistory)
    }
}

/// The layout of each tree's `.vep.yaml` (the default without one), read once per version of the file.
struct LayoutReader {
    let repository: Repository
    private var known: [ObjectID?: Layout?] = [:]

    init(repository: Repository) { self.repository = repository }

    /// nil when the file cannot be read (invalid YAML, say) or its `layout` is invalid: a commit that breaks the file
    /// for a while does not move every VEP to the default layout and back; the layout before it holds.
    /// - Parameter tree: nil for the empty tree before the first commit.
    mutating func layout(at tree: ObjectID?) throws -> Layout? {
        guard let tree else { return .default }
        let file = try repository.entryID(named: Configuration.fileName, inTree: tree)
        if let layout = known[file] { return layout }
        let configuration = try Discovery.configuration(in: TreeSource(repository: repository, treeID: tree, label: tree.hex)).0
        let layout = configuration.layoutIsValid ? configuration.layout : nil
        known[file] = .some(layout)
        return layout
    }
}

/// Parses many documents at once on every core, each worker with its own repository handle
/// (libgit2 handles are not shared across threads; the caller's stays with the caller).
final class DocumentParser {
    private let layout: Layout
    private let repository: Repository
    private let workers: [Repository]
    /// How many worker handles could be opened.
    var workerCount: Int { workers.count }

    /// - Parameter threads: worker threads, each with its own handle (default: one per core, at most 8). With
    ///   none (or when no handle can be opened) `start` parses on the caller's handle before it returns.
    init(repository: Repository, layout: Layout, threads: Int? = nil) {
        self.layout = layout
        self.repository = repository
        let count = threads ?? max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        self.workers = (0..<count).compactMap { _ in try? repository.reopen() }
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
        guard !files.isEmpty else { return job }
        guard !workers.isEmpty else {
            for (index, file) in files.enumerated() {
                job.results[index] = Result { try Self.parse(file, in: repository, layout: layout) }
            }
            return job
        }
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
                    context.results[index] = Result { try DocumentParser.parse(file, in: repository, layout: context.layout) }
                    index += stride
                }
            }
            shared.value.group.leave()
        }
        return job
    }
}

extension DocumentParser {
    /// What a stretch of the chain changed under the layout's root: each commit that changed something, with its
    /// changes (in chain order), and the documents those changes bring, parsed.
    struct Comparison {
        var commits: [CommitChanges] = []
        var documents: [(file: SourceFile, document: VEPDocument)] = []
    }

    /// One commit of the chain that changed something under the root, or its `.vep.yaml`.
    struct CommitChanges {
        let commit: ObjectID
        let tree: ObjectID
        /// Its place in the chain given to `compare`.
        let index: Int
        let changes: [TreeChange]
        /// Whether its `.vep.yaml` differs from its parent's (the layout may have changed).
        let configurationChanged: Bool
    }

    /// Commits being compared in the background, in runs of `commitsPerRun`: `next()` hands over each run's
    /// comparison in chain order. The workers take the next run as soon as they are free, never more than
    /// `runsAhead` runs ahead of the reader (each run holds its parsed documents until it is read). Dropping
    /// the stream stops the workers and waits for the runs they hold, so the next stream has the handles alone.
    final class ComparisonStream {
        private let shared: RunBoard
        /// Without workers: compares run `index` on the caller's thread when it is read.
        private let inline: ((Int) -> Result<Comparison, Error>)?

        fileprivate init(shared: RunBoard, inline: ((Int) -> Result<Comparison, Error>)?) {
            self.shared = shared
            self.inline = inline
        }

        /// The next run's comparison in chain order; nil after the last.
        func next() throws -> Comparison? {
            if let inline {
                guard let index = shared.claim() else { return nil }
                return try inline(index).get()
            }
            return try shared.take()?.get()
        }

        /// Every remaining run, joined.
        func all() throws -> Comparison {
            var whole = Comparison()
            while let run = try next() {
                whole.commits += run.commits
                whole.documents += run.documents
            }
            return whole
        }

        deinit { shared.stop() }
    }

    /// What the workers and the reader of one stream share; the workers hold this, not the stream, so that
    /// the stream's end is the reader's alone.
    fileprivate final class RunBoard: @unchecked Sendable {
        private let condition = NSCondition()
        private let group = DispatchGroup()
        private let runCount: Int
        private let lookahead: Int
        // Guarded by `condition`.
        private var results: [Result<Comparison, Error>?]
        private var claimed = 0
        private var read = 0
        private var stopped = false

        init(runCount: Int, lookahead: Int) {
            self.runCount = runCount
            self.lookahead = max(1, lookahead)
            self.results = Array(repeating: nil, count: runCount)
        }

        /// The next run to compare, or nil when all are taken or the stream was dropped.
        func claim() -> Int? {
            condition.lock()
            defer { condition.unlock() }
            while !stopped, claimed < runCount, claimed >= read + lookahead { condition.wait() }
            guard !stopped, claimed < runCount else { return nil }
            claimed += 1
            return claimed - 1
        }

        func deliver(_ result: Result<Comparison, Error>, for run: Int) {
            condition.lock()
            results[run] = result
            condition.broadcast()
            condition.unlock()
        }

        /// The next run's result in chain order, waiting for it; nil after the last.
        func take() -> Result<Comparison, Error>? {
            condition.lock()
            defer { condition.unlock() }
            guard read < runCount else { return nil }
            while results[read] == nil { condition.wait() }
            let result = results[read]!
            results[read] = nil
            read += 1
            condition.broadcast()
            return result
        }

        func workerStarted() { group.enter() }
        func workerEnded() { group.leave() }

        /// No more runs are handed out; returns once every worker has delivered the run it holds and left.
        func stop() {
            condition.lock()
            stopped = true
            condition.broadcast()
            condition.unlock()
            group.wait()
        }
    }

    /// Runs of this many commits go to whichever worker is free: each run costs one extra read of its first
    /// parent's trees, and short runs spread busy stretches of history over every core.
    static let commitsPerRun = 64
    /// How far the workers may run ahead of the reader, in runs.
    static let runsAhead = 32

    /// Starts comparing each commit of `links` (oldest first) with the one before it (`previousTree` for the
    /// first) under the layout's root, and parsing the documents the changes bring. Each commit's comparison
    /// depends only on its own tree and its parent's, so runs of commits go to the workers independently.
    /// At most one stream may be alive at a time (the workers' handles are shared).
    func compare(_ links: ArraySlice<(id: ObjectID, tree: ObjectID)>, after previousTree: ObjectID?) -> ComparisonStream {
        let links = Array(links)
        let runCount = (links.count + Self.commitsPerRun - 1) / Self.commitsPerRun
        let layout = layout
        @Sendable func run(_ index: Int, in repository: Repository) -> Result<Comparison, Error> {
            let start = index * Self.commitsPerRun
            let end = min(start + Self.commitsPerRun, links.count)
            let before = start == 0 ? previousTree : links[start - 1].tree
            return Result { try Self.compare(links[start..<end], after: before, in: repository, layout: layout) }
        }
        guard !workers.isEmpty else {
            // Without workers each run is compared on the caller's handle when it is read.
            let repository = repository
            return ComparisonStream(shared: RunBoard(runCount: runCount, lookahead: runCount),
                                    inline: { run($0, in: repository) })
        }
        let board = RunBoard(runCount: runCount, lookahead: Self.runsAhead)
        for worker in workers {
            board.workerStarted()
            let context = UnsafeShared((repository: worker, board: board))
            Thread.detachNewThread {
                let (repository, board) = context.value
                while let index = board.claim() {
                    board.deliver(run(index, in: repository), for: index)
                }
                board.workerEnded()
            }
        }
        return ComparisonStream(shared: board, inline: nil)
    }

    private static func compare(_ links: ArraySlice<(id: ObjectID, tree: ObjectID)>, after previousTree: ObjectID?,
                                in repository: Repository, layout: Layout) throws -> Comparison {
        var comparison = Comparison()
        var previousTree = previousTree
        var configuration: ObjectID?
        var files: [(file: SourceFile, id: ObjectID, commit: ObjectID)] = []
        // A treeless clone (`--filter=tree:0`) fetches the run's root trees, each with the trees below it, in one go.
        if repository.fetchesLazily {
            let trees = repository.missing(links.map(\.tree) + (previousTree.map { [$0] } ?? []))
            do {
                if !trees.isEmpty { try repository.fetchMissing(trees) }
            } catch let error as GitError where error.isNotFound {
                let commit = links.first { $0.tree == trees[0] }?.id ?? links[links.startIndex].id
                throw GitError(operation: "reading history", code: error.code, errorClass: error.errorClass,
                               message: "the tree of commit \(commit.hex.prefix(12)): \(error.message)")
            }
        }
        for (index, link) in zip(links.indices, links) {
            // Equal subtrees under the root (the common case) cost two lookups in cached trees; `.vep.yaml` one more.
            let changes: [TreeChange]
            let configurationChanged: Bool
            do {
                if index == links.startIndex { configuration = try previousTree.flatMap { try repository.entryID(named: Configuration.fileName, inTree: $0) } }
                changes = try repository.changes(from: previousTree, to: link.tree, under: layout.root)
                let current = try repository.entryID(named: Configuration.fileName, inTree: link.tree)
                configurationChanged = current != configuration
                configuration = current
            } catch let error as GitError where error.isNotFound {
                throw GitError(operation: "reading history", code: error.code, errorClass: error.errorClass,
                               message: "the tree of commit \(link.id.hex.prefix(12)): \(error.message)")
            }
            previousTree = link.tree
            guard !changes.isEmpty || configurationChanged else { continue }
            comparison.commits.append(CommitChanges(commit: link.id, tree: link.tree, index: index, changes: changes,
                                                    configurationChanged: configurationChanged))
            for change in changes {
                guard let new = change.new, new.isRegularFile, History.isDocument(change.path, layout: layout) else { continue }
                files.append((SourceFile(path: change.path, contentID: new.id.hex), new.id, link.id))
            }
        }
        // A partial clone fetches the run's missing documents in one go, not one fetch per document.
        // Missing objects are named with the document and commit that need them.
        func located(_ error: GitError, _ file: (file: SourceFile, id: ObjectID, commit: ObjectID)) -> GitError {
            // A missing object's message names it already; a damaged one's is libgit2's ("invalid distance too far back").
            // A document git-vep declines to build (a delta on a huge object) is not damage either.
            let detail = error.isNotFound || error.isDamagedObject || error.code == -21 /* GIT_EINVALID */ ? error.message
                : "object \(file.id) cannot be read (\(error.message)): the repository is damaged; `git fsck` says where"
            return GitError(operation: "reading history", code: error.code, errorClass: error.errorClass,
                            message: "\(file.file.path) at commit \(file.commit.hex.prefix(12)): \(detail)")
        }
        if repository.fetchesLazily {
            let missing = repository.missing(files.map(\.id))
            do {
                if !missing.isEmpty { try repository.fetchMissing(missing) }
            } catch let error as GitError where error.isNotFound {
                throw located(error, files.first { $0.id == missing[0] }!)
            }
        }
        for file in files {
            do {
                comparison.documents.append((file.file, try parse(file.file, in: repository, layout: layout)))
            } catch let error as GitError {
                throw located(error, file)
            }
        }
        return comparison
    }

    /// One document's essentials: a batch holds thousands of documents, and the timeline follows only those.
    fileprivate static func parse(_ file: SourceFile, in repository: Repository, layout: Layout) throws -> VEPDocument {
        switch try repository.read(file, limit: maximumDocumentSize) {
        case .data(let data): return VEPDocument.parse(data: data, path: file.path, layout: layout).essentials
        case .tooLarge(let size):
            return VEPDocument.unreadable(path: file.path, layout: layout,
                                          message: "file is \(size) bytes, larger than the limit for a VEP document")
        }
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
