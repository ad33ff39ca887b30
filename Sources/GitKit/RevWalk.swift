import CGit2

/// What to walk and in which order.
public struct RevWalkOptions: Sendable, Hashable {
    public enum Order: Sendable, Hashable {
        /// libgit2's default: reverse chronological-ish, cheapest.
        case none
        /// Parents after all their children (`git log --topo-order`).
        case topological
        /// Committer date, newest first (`git log --date-order` without the topological guarantee).
        case time
        /// Topological, ties broken by committer date.
        case topologicalTime
    }

    /// Commits to start from.
    public var tips: [ObjectID]
    /// Commits whose ancestry (themselves included) is excluded.
    public var hidden: [ObjectID]
    /// Reference globs whose ancestry is excluded, e.g. `"refs/*"` (a glob without `refs/` gets it prepended).
    public var hideGlobs: [String]
    /// Follow only first parents (`git log --first-parent`).
    public var firstParent: Bool
    public var order: Order
    /// Oldest first.
    public var reverse: Bool

    public init(tips: [ObjectID] = [], hidden: [ObjectID] = [], hideGlobs: [String] = [],
                firstParent: Bool = false, order: Order = .topological, reverse: Bool = false) {
        self.tips = tips
        self.hidden = hidden
        self.hideGlobs = hideGlobs
        self.firstParent = firstParent
        self.order = order
        self.reverse = reverse
    }
}

/// A walk over commit ids; owns one `git_revwalk` and keeps its repository alive.
///
/// Iterate with `for id in walk` (an error ends the sequence and is kept in `error`) or with `nextID()`, which throws.
public final class RevWalk: Sequence, IteratorProtocol {
    private let walker: OpaquePointer
    /// Held so the repository outlives the walker that borrows it.
    public let repository: Repository
    /// The error that ended iteration early, if any.
    public private(set) var error: GitError?

    public init(_ repository: Repository, options: RevWalkOptions) throws {
        var raw: OpaquePointer?
        try check(git_revwalk_new(&raw, repository.pointer), "revwalk")
        self.walker = raw!
        self.repository = repository
        var sorting = UInt32(0)
        switch options.order {
        case .none: sorting = GIT_SORT_NONE.rawValue
        case .topological: sorting = GIT_SORT_TOPOLOGICAL.rawValue
        case .time: sorting = GIT_SORT_TIME.rawValue
        case .topologicalTime: sorting = GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue
        }
        if options.reverse { sorting |= GIT_SORT_REVERSE.rawValue }
        try check(git_revwalk_sorting(walker, sorting), "revwalk: sorting")
        if options.firstParent { try check(git_revwalk_simplify_first_parent(walker), "revwalk: first parent") }
        for tip in options.tips {
            var oid = tip.oid
            try check(git_revwalk_push(walker, &oid), "revwalk: push \(tip)")
        }
        for hidden in options.hidden {
            var oid = hidden.oid
            try check(git_revwalk_hide(walker, &oid), "revwalk: hide \(hidden)")
        }
        for glob in options.hideGlobs {
            try check(git_revwalk_hide_glob(walker, glob), "revwalk: hide \(glob)")
        }
    }

    deinit { git_revwalk_free(walker) }

    /// The next commit id, nil at the end; throws what libgit2 reports.
    public func nextID() throws -> ObjectID? {
        var oid = git_oid()
        let status = git_revwalk_next(&oid, walker)
        if status == GIT_ITEROVER.rawValue { return nil }
        try check(status, "revwalk: next")
        return ObjectID(oid)
    }

    public func next() -> ObjectID? {
        guard error == nil else { return nil }
        do { return try nextID() } catch let failure as GitError {
            error = failure
            return nil
        } catch {
            return nil
        }
    }

    /// Every remaining id, throwing instead of stopping silently.
    public func all() throws -> [ObjectID] {
        var ids: [ObjectID] = []
        while let id = try nextID() { ids.append(id) }
        return ids
    }
}

extension Repository {
    public func walk(_ options: RevWalkOptions) throws -> RevWalk { try RevWalk(self, options: options) }

    /// Splits a revision range the way `git log` reads it: `A..B` hides A and pushes B, `A...B` pushes both and
    /// hides their merge bases, a single revision pushes it. Omitted ends mean HEAD (`A..` is `A..HEAD`).
    public func parseRange(_ spec: String) throws -> (hide: [ObjectID], push: [ObjectID]) {
        let operation = "parseRange(\(spec))"
        if !spec.contains("..") { return ([], [try resolveCommit(spec)]) }
        let symmetric = spec.contains("...")
        let parts = spec.components(separatedBy: symmetric ? "..." : "..")
        guard parts.count == 2 else {
            throw GitError(operation: operation, message: "bad revision range '\(spec)'")
        }
        let from = try resolveCommit(parts[0].isEmpty ? "HEAD" : parts[0])
        let to = try resolveCommit(parts[1].isEmpty ? "HEAD" : parts[1])
        if symmetric { return (try mergeBases(from, to), [from, to]) }
        return ([from], [to])
    }
}
