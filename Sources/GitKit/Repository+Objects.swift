import CGit2
import GitAllocation
import Foundation

extension Repository {
    // MARK: HEAD and revisions

    /// The commit HEAD points at; nil on an unborn branch.
    public func head() throws -> ObjectID? {
        var oid = git_oid()
        let status = git_reference_name_to_id(&oid, pointer, "HEAD")
        if status == GIT_ENOTFOUND.rawValue || status == GIT_EUNBORNBRANCH.rawValue { return nil }
        try check(status, "head")
        return ObjectID(oid)
    }

    /// The branch HEAD names (`refs/heads/main`), also when unborn; nil when HEAD is detached.
    /// In a `referenceNamespace`, a namespace without a HEAD of its own (git's push does not make one) throws
    /// `GIT_ENOTFOUND`.
    public func headBranch() throws -> String? {
        var reference: OpaquePointer?
        try check(git_reference_lookup(&reference, pointer, storedReferenceName("HEAD")), "headBranch")
        defer { git_reference_free(reference) }
        guard git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC,
              let target = git_reference_symbolic_target(reference) else { return nil }
        return namespacedName(String(cString: target))
    }

    /// How a reference name (`refs/heads/main`, `HEAD`) is stored in the `referenceNamespace`.
    public func storedReferenceName(_ name: String) -> String {
        guard !namespacePrefix.isEmpty, name == "HEAD" || name.hasPrefix("refs/") else { return name }
        return namespacePrefix + name
    }

    /// A stored name as seen from the `referenceNamespace`: without its prefix (a name outside it stays whole).
    private func namespacedName(_ stored: String) -> String {
        guard !namespacePrefix.isEmpty, stored.hasPrefix(namespacePrefix) else { return stored }
        return String(stored.dropFirst(namespacePrefix.count))
    }

    /// Any revision `git rev-parse` understands (`HEAD~2`, `v1.0`, `main^2`, a hex id), peeled to a commit.
    public func resolveCommit(_ revision: String) throws -> ObjectID {
        try resolve(revision, to: GIT_OBJECT_COMMIT, operation: "resolveCommit(\(revision))", noun: "a commit")
    }

    /// A revision naming a blob, such as `HEAD:.mailmap`.
    public func resolveBlob(_ revision: String) throws -> ObjectID {
        try resolve(revision, to: GIT_OBJECT_BLOB, operation: "resolveBlob(\(revision))", noun: "a blob")
    }

    /// Any revision peeled to a tree: a commit's tree, or a tag on a tree.
    public func resolveTree(_ revision: String) throws -> ObjectID {
        try resolve(revision, to: GIT_OBJECT_TREE, operation: "resolveTree(\(revision))", noun: "a tree")
    }

    private func resolve(_ revision: String, to type: git_object_t, operation: String, noun: String) throws -> ObjectID {
        var object: OpaquePointer?
        let status = git_revparse_single(&object, pointer, revision)
        if status < 0 {
            let detail = GitError.last(status, operation)
            let message = status == GIT_ENOTFOUND.rawValue ? "unknown revision '\(revision)'"
                // A typo (`HEAD~x`, `v1.9 ` with a space), or a form libgit2 does not read (`@{push}`): its class for them is
                // the one a damaged object has too.
                : status == GIT_EINVALIDSPEC.rawValue ? "bad revision '\(revision)': not a revision name libgit2 can read (see `git help revisions`)"
                : "bad revision '\(revision)': \(detail.message)" + (Self.isUnparsable(detail) ? Self.unreadableHint : "")
            throw GitError(operation: operation, code: status, errorClass: detail.errorClass, message: message)
        }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        // A commit's tree is named by the commit: read neither, for a partial clone (`--filter=tree:0`) may not have the
        // tree yet (those who read it fetch it).
        if type == GIT_OBJECT_TREE, git_object_peel(&peeled, object, GIT_OBJECT_COMMIT) == 0 {
            defer { git_object_free(peeled) }
            return ObjectID(git_commit_tree_id(peeled))
        }
        let peelStatus = git_object_peel(&peeled, object, type)
        if peelStatus < 0 {
            let detail = GitError.last(peelStatus, operation)
            let actual = ObjectKind(git_object_type(object)).map { "\($0)" } ?? "object"
            throw GitError(operation: operation, code: peelStatus, errorClass: detail.errorClass,
                           message: "revision '\(revision)' names a \(actual), not \(noun)")
        }
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled))
    }

    // MARK: Objects

    /// The object's type, read from the object database header; nil when the object is missing.
    public func objectKind(_ id: ObjectID) throws -> ObjectKind? {
        guard let header = try header(id, "objectKind(\(id))") else { return nil }
        return ObjectKind(header.type)
    }

    public func contains(_ id: ObjectID) -> Bool {
        var oid = id.oid
        return git_odb_exists(odb, &oid) == 1
    }

    /// An object that is there but does not parse: a commit with a malformed author line (libgit2 says "invalid"),
    /// a tree with a bad entry ("object").
    static func isUnparsable(_ error: GitError) -> Bool {
        error.code != GIT_ENOTFOUND.rawValue && [Int32(GIT_ERROR_OBJECT.rawValue), Int32(GIT_ERROR_INVALID.rawValue)].contains(error.errorClass)
    }

    /// What to do about an object libgit2 cannot parse (a commit with a malformed author line, say).
    static let unreadableHint = " (the object it names cannot be read; `git fsck` says what is wrong with it)"

    public func commit(_ id: ObjectID) throws -> Commit {
        var oid = id.oid
        var commit: OpaquePointer?
        let status = git_commit_lookup(&commit, pointer, &oid)
        if status < 0 {
            let detail = GitError.last(status, "commit(\(id))")
            guard Self.isUnparsable(detail) else { throw detail }
            throw GitError(operation: "reading commit \(id.abbreviated(12))", code: status, errorClass: detail.errorClass,
                           message: "commit \(id) cannot be read: \(detail.message); `git fsck` says what is wrong with it")
        }
        defer { git_commit_free(commit) }
        return Commit(commit!)
    }

    /// A commit's tree and first parent, without copying its message or signatures: the
    /// cheap step of a first-parent walk.
    public func treeAndFirstParent(of id: ObjectID) throws -> (tree: ObjectID, firstParent: ObjectID?) {
        // The raw object's first lines name the tree and the parents; parsing a whole commit
        // (signatures, message) and caching it costs several times more on a long walk.
        let operation = "treeAndFirstParent(\(id))"
        var oid = id.oid
        var object: OpaquePointer?
        try check(git_odb_read(&object, odb, &oid), operation)
        defer { git_odb_object_free(object) }
        guard git_odb_object_type(object) == GIT_OBJECT_COMMIT, let data = git_odb_object_data(object) else {
            throw GitError(operation: operation, code: GIT_EINVALIDSPEC.rawValue, message: "object \(id) is not a commit")
        }
        let bytes = UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: git_odb_object_size(object))
        func link(after prefix: String, at offset: Int) -> ObjectID? {
            let tag = Array(prefix.utf8)
            let end = offset + tag.count + 40
            guard end < bytes.count, Array(bytes[offset..<(offset + tag.count)]) == tag, bytes[end] == 0x0A else { return nil }
            return ObjectID(hex: String(decoding: bytes[(offset + tag.count)..<end], as: UTF8.self))
        }
        guard let tree = link(after: "tree ", at: 0) else {
            throw GitError(operation: operation, code: GIT_EINVALIDSPEC.rawValue, message: "commit \(id) has no tree line")
        }
        return (tree, shallowBoundary.contains(id) ? nil : link(after: "parent ", at: 46))
    }

    /// The parents of a commit, without copying its message or signatures; none at a shallow clone's boundary.
    public func parents(of id: ObjectID) throws -> [ObjectID] {
        if shallowBoundary.contains(id) { return [] }
        var oid = id.oid
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, pointer, &oid), "parents(\(id))")
        defer { git_commit_free(commit) }
        return (0..<git_commit_parentcount(commit)).map { ObjectID(git_commit_parent_id(commit, $0)) }
    }

    /// A tree's entries; `id` may also name a commit or tag that peels to a tree.
    public func tree(_ id: ObjectID) throws -> Tree {
        try withTree(id, "tree(\(id))") { tree in
            let count = git_tree_entrycount(tree)
            var entries: [TreeEntry] = []
            entries.reserveCapacity(count)
            for index in 0..<count { entries.append(TreeEntry(git_tree_entry_byindex(tree, index))) }
            return Tree(id: ObjectID(git_tree_id(tree)), entries: entries)
        }
    }

    /// The names of a tree's entries that `matches` accepts, in tree order. `matches` sees each name's
    /// bytes in place and only accepted names are copied, so a search through a folder of thousands stays cheap.
    public func entryNames(in id: ObjectID, matching matches: (UnsafeBufferPointer<UInt8>) -> Bool) throws -> [String] {
        try withTree(id, "entryNames(in: \(id))") { tree in
            var names: [String] = []
            for index in 0..<git_tree_entrycount(tree) {
                guard let name = git_tree_entry_name(git_tree_entry_byindex(tree, index)) else { continue }
                let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self), count: strlen(name))
                if matches(bytes) { names.append(String(decoding: bytes, as: UTF8.self)) }
            }
            return names
        }
    }

    /// The entry at a `/`-separated path below a root tree (or commit); nil if absent.
    /// The empty path names the root tree itself.
    /// The id of the entry `name` directly in a tree, borrowed from the (cached) tree: no entry or name is copied, for
    /// a history walk that asks of every commit.
    public func entryID(named name: String, inTree tree: ObjectID) throws -> ObjectID? {
        try withTree(tree, "entryID(named: \(name), inTree: \(tree))") { tree in
            git_tree_entry_byname(tree, name).map { ObjectID(git_tree_entry_id($0)) }
        }
    }

    public func tree(at path: String, in root: ObjectID) throws -> TreeEntry? {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        return try withTree(root, "tree(at: \(path), in: \(root))") { tree in
            if components.isEmpty {
                return TreeEntry(name: "", id: ObjectID(git_tree_id(tree)), kind: .tree, mode: 0o040000)
            }
            var entry: OpaquePointer?
            let status = git_tree_entry_bypath(&entry, tree, components.joined(separator: "/"))
            if status == GIT_ENOTFOUND.rawValue { return nil }
            try check(status, "tree(at: \(path), in: \(root))")
            defer { git_tree_entry_free(entry) }
            return TreeEntry(entry!)
        }
    }

    /// A blob's size from the object database header, without inflating its content.
    public func blobSize(_ id: ObjectID) throws -> Int {
        let operation = "blobSize(\(id))"
        guard let header = try header(id, operation) else {
            throw GitError(operation: operation, code: GIT_ENOTFOUND.rawValue, message: "object \(id) not found")
        }
        guard header.type == GIT_OBJECT_BLOB else { throw notA("blob", header.type, id, operation) }
        return header.size
    }

    /// A blob's bytes, or `.tooLarge` (never read) when its size exceeds `limit`. A partial clone set to fetch
    /// (`fetchesMissingObjects`) fetches the blob when it lacks it.
    public func readBlob(_ id: ObjectID, limit: Int) throws -> BlobContent {
        try fetchingIfMissing(id) { try readPresentBlob(id, limit: limit) }
    }

    private func readPresentBlob(_ id: ObjectID, limit: Int) throws -> BlobContent {
        let operation = "readBlob(\(id))"
        switch readBlob(id, within: limit, operation) {
        case .content(let content): return content
        case .failed(let error) where error.isDamagedObject: throw error  // what is wrong, said already
        default: break
        }
        // The ceiling stopped the read, or something else went wrong: the header says whether the blob itself is
        // too large (or what is wrong), without building it.
        let size = try blobSize(id)
        if size > limit { return .tooLarge(size: size) }
        // A small blob stored as a delta on a large object: building it builds that object first. A pushed pack can
        // make the base hundreds of megabytes for a few bytes of document, so the base gets a ceiling of its own.
        switch readBlob(id, within: max(limit, Self.largestDeltaBase), operation) {
        case .content(let content): return content
        case .failed(let error): throw error
        case .refused:
            throw GitError(operation: operation, code: GIT_EINVALID.rawValue,
                           message: "object \(id) (\(size) bytes) is stored as a delta on an object larger than "
                           + "\(Self.largestDeltaBase >> 20) MiB, which git-vep does not build; repack the repository (`git repack -adf`)")
        }
    }

    /// The largest object a small blob's delta chain may build on (see `readPresentBlob`).
    static let largestDeltaBase = 32 << 20

    private enum CappedRead {
        case content(BlobContent)
        /// An allocation above the ceiling was refused.
        case refused
        case failed(GitError)
    }

    /// Reads a blob with libgit2's allocations on this thread capped just above `limit` (it adds a NUL to each
    /// object), so that a large blob, or a large object its delta chain builds on, is never allocated. Checking
    /// the header first instead costs a walk down the whole delta chain for every blob.
    private func readBlob(_ id: ObjectID, within limit: Int, _ operation: String) -> CappedRead {
        guard limit >= 0, limit < Int.max - 1 else { return .refused }
        var oid = id.oid
        var object: OpaquePointer?
        let previous = git_allocation_limit_thread(limit + 1)
        let status = git_odb_read(&object, odb, &oid)
        git_allocation_limit_thread(previous)
        if status < 0 {
            let error = GitError.last(status, operation)
            return error.errorClass == GIT_ERROR_NOMEMORY.rawValue ? .refused : .failed(error)
        }
        defer { git_odb_object_free(object) }
        let type = git_odb_object_type(object)
        guard type == GIT_OBJECT_BLOB else { return .failed(notA("blob", type, id, operation)) }
        let count = git_odb_object_size(object)
        // Small allocations are never refused, so a blob a little over a small limit may be read whole.
        if count > limit { return .content(.tooLarge(size: count)) }
        guard count > 0, let bytes = git_odb_object_data(object) else { return .content(.data(Data())) }
        return .content(.data(Data(bytes: bytes, count: count)))
    }

    /// A blob's bytes as UTF-8 text (invalid sequences repaired), or nil when larger than `limit`.
    public func readText(_ id: ObjectID, limit: Int) throws -> String? {
        switch try readBlob(id, limit: limit) {
        case .data(let data): return String(decoding: data, as: UTF8.self)
        case .tooLarge: return nil
        }
    }

    // MARK: Ancestry

    /// The best common ancestor of two commits; nil when they share no history.
    public func mergeBase(_ a: ObjectID, _ b: ObjectID) throws -> ObjectID? {
        var one = a.oid, two = b.oid, out = git_oid()
        let status = git_merge_base(&out, pointer, &one, &two)
        if status == GIT_ENOTFOUND.rawValue { return nil }
        try check(status, "mergeBase(\(a), \(b))")
        return ObjectID(out)
    }

    /// All best common ancestors (more than one after criss-cross merges).
    public func mergeBases(_ a: ObjectID, _ b: ObjectID) throws -> [ObjectID] {
        var one = a.oid, two = b.oid, out = git_oidarray()
        let status = git_merge_bases(&out, pointer, &one, &two)
        if status == GIT_ENOTFOUND.rawValue { return [] }
        try check(status, "mergeBases(\(a), \(b))")
        defer { git_oidarray_dispose(&out) }
        return (0..<out.count).map { ObjectID(out.ids[$0]) }
    }

    /// True when `ancestor` is reachable from `descendant` (a commit is not its own descendant).
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws -> Bool {
        var commit = descendant.oid, other = ancestor.oid
        let status = git_graph_descendant_of(pointer, &commit, &other)
        try check(status, "isAncestor(\(ancestor), of: \(descendant))")
        return status == 1
    }

    // MARK: References

    /// References whose full name matches a glob (`refs/heads/*`, `refs/tags/v1.*`), sorted by name,
    /// each peeled to a commit where possible (else to the non-tag object a tag chain ends at).
    /// Symbolic references are resolved; dangling ones are skipped.
    public func references(matching glob: String) throws -> [(name: String, target: ObjectID)] {
        var result: [(name: String, target: ObjectID)] = []
        try forEachReference(matching: glob, "references(matching: \(glob))") { reference in
            var object: OpaquePointer?
            if git_reference_peel(&object, reference, GIT_OBJECT_COMMIT) < 0,
               git_reference_peel(&object, reference, GIT_OBJECT_ANY) < 0 {
                return
            }
            defer { git_object_free(object) }
            result.append((namespacedName(String(cString: git_reference_name(reference))), ObjectID(git_object_id(object))))
        }
        return result.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// Calls `body` with each reference whose name matches `glob` (borrowed for the call). libgit2 reads only the
    /// folders the glob's fixed start names.
    private func forEachReference(matching glob: String, _ operation: @autoclosure () -> String,
                                  _ body: (OpaquePointer) throws -> Void) throws {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, pointer, storedReferenceName(glob)), operation())
        defer { git_reference_iterator_free(iterator) }
        while true {
            var reference: OpaquePointer?
            let status = git_reference_next(&reference, iterator)
            if status == GIT_ITEROVER.rawValue { return }
            try check(status, operation())
            defer { git_reference_free(reference) }
            try body(reference!)
        }
    }

    /// The object a reference points at, peeled to a commit where possible; nil when it does not exist.
    public func reference(_ name: String) throws -> ObjectID? {
        var reference: OpaquePointer?
        let status = git_reference_lookup(&reference, pointer, storedReferenceName(name))
        if status == GIT_ENOTFOUND.rawValue { return nil }
        try check(status, "reference(\(name))")
        defer { git_reference_free(reference) }
        var object: OpaquePointer?
        if git_reference_peel(&object, reference, GIT_OBJECT_COMMIT) < 0 {
            let peel = git_reference_peel(&object, reference, GIT_OBJECT_ANY)
            if peel == GIT_ENOTFOUND.rawValue { return nil }
            try check(peel, "reference(\(name))")
        }
        defer { git_object_free(object) }
        return ObjectID(git_object_id(object))
    }

    /// The names a symbolic reference leads through, in order, the last being the reference it finally names (whether
    /// or not that one exists yet): `refs/heads/master` → [`refs/heads/main`]; empty when `name` is no symbolic reference.
    public func symbolicChain(_ name: String) -> [String] {
        storedSymbolicChain(storedReferenceName(name)).map(namespacedName)
    }

    /// Whether `name`, read in the `referenceNamespace`, is a symbolic reference that leads out of it (to a ref of the
    /// repository outside, or of another namespace), as a hand-made symbolic ref can; false without a namespace.
    public func leavesNamespace(_ name: String) -> Bool {
        !namespacePrefix.isEmpty && storedSymbolicChain(storedReferenceName(name)).contains { !$0.hasPrefix(namespacePrefix) }
    }

    /// The stored names a symbolic reference stored as `name` leads through, followed as stored (at most 10 steps).
    private func storedSymbolicChain(_ name: String) -> [String] {
        var chain: [String] = []
        var current = name
        for _ in 0..<10 {
            guard let target = symbolicTarget(current) else { break }
            current = target
            chain.append(current)
        }
        return chain
    }

    /// Where a symbolic reference finally leads; nil when `name` is no symbolic reference.
    public func symbolicReferenceTarget(_ name: String) -> String? { symbolicChain(name).last }

    /// The symbolic references whose names match `glob` (libgit2's: `refs/heads/release-*`), HEAD never among them.
    public func symbolicReferenceNames(matching glob: String) throws -> [String] {
        var names: Set<String> = []
        var listed: Set<String> = []
        try forEachReference(matching: glob, "symbolicReferenceNames(\(glob))") { reference in
            let name = String(cString: git_reference_name(reference))
            listed.insert(name)
            if git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC { names.insert(namespacedName(name)) }
        }
        // Loose files that libgit2 could not read as refs but git reads as symbolic ones (`ref:` without its one
        // space), in the folder the glob starts with; the refs libgit2 listed are not read again.
        let stored = storedReferenceName(glob)
        let fixed = stored.prefix { $0 != "*" && $0 != "?" && $0 != "[" }
        // Refs live under `refs/`: a glob that starts higher (`*`) does not make this walk the objects.
        let start = fixed.lastIndex(of: "/").map { String(fixed[...$0]) } ?? ""
        let folder = start.hasPrefix("refs/") ? start : "refs/"
        for path in Self.looseFiles(under: commonDirectory + "/" + folder) {
            let name = folder + path
            guard !listed.contains(name), fnmatch(stored, name, 0) == 0, looseSymbolicTarget(name) != nil else { continue }
            names.insert(namespacedName(name))
        }
        return names.sorted()
    }

    /// Where the symbolic reference stored as `name` points (a stored name), read as git reads it; nil for anything else.
    func symbolicTarget(_ name: String) -> String? {
        var reference: OpaquePointer?
        if git_reference_lookup(&reference, pointer, name) == 0 {
            defer { git_reference_free(reference) }
            guard git_reference_type(reference) == GIT_REFERENCE_SYMBOLIC, let target = git_reference_symbolic_target(reference) else { return nil }
            return String(cString: target)
        }
        return looseSymbolicTarget(name)
    }

    /// A loose ref file git reads as a symbolic ref and libgit2 does not: `ref:` followed by any whitespace, or none
    /// (git's files backend skips it; libgit2 wants exactly one space). Written by hand only, but git follows it.
    func looseSymbolicTarget(_ name: String) -> String? {
        guard name == "HEAD" || name.hasPrefix("refs/"), !name.split(separator: "/").contains("..") else { return nil }
        let path = (name == "HEAD" ? location.gitDirectory : commonDirectory) + "/" + name
        // A regular file only: a FIFO or a device in its place would block the read.
        guard (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType == .typeRegular,
              let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        let text = String(decoding: file.readData(ofLength: 4096), as: UTF8.self)
        guard text.hasPrefix("ref:") else { return nil }
        let target = String(text.dropFirst(4)).trimmingCharacters(in: CharacterSet.whitespacesAndNewlines)
        return target.isEmpty ? nil : target
    }

    /// Paths of the regular files below `folder`, relative to it.
    static func looseFiles(under folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let path = walker.nextObject() as? String {
            if (walker.fileAttributes?[.type] as? FileAttributeType) == .typeRegular { files.append(path) }
        }
        return files
    }

    /// The object a reference names, symbolic references followed, without reading it (nil when the name is unknown).
    public func referenceTarget(_ name: String) -> ObjectID? {
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, pointer, storedReferenceName(name)) == 0 else { return nil }
        defer { git_reference_free(reference) }
        var resolved: OpaquePointer?
        guard git_reference_resolve(&resolved, reference) == 0 else { return nil }
        defer { git_reference_free(resolved) }
        return git_reference_target(resolved).map { ObjectID($0) }
    }

    // MARK: Hashing

    /// The id git gives `bytes` as an object of `kind`, computed without writing anything.
    public static func objectID(hashing bytes: [UInt8], as kind: EntryKind) -> ObjectID {
        ensureLibgit2()
        var oid = git_oid()
        let type: git_object_t
        switch kind {
        case .blob: type = GIT_OBJECT_BLOB
        case .tree: type = GIT_OBJECT_TREE
        case .commit: type = GIT_OBJECT_COMMIT
        }
        let status = bytes.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, type) }
        precondition(status == 0, "git_odb_hash cannot fail on an in-memory buffer")
        return ObjectID(oid)
    }

    // MARK: Index

    /// The index named by `GIT_INDEX_FILE` when the repository was opened, else the repository's own.
    /// Read once into a snapshot; never written. A missing file reads as an empty index.
    public func index() throws -> Index {
        if let read = IndexFile.read(at: indexPath) {
            return Index(ordered: try unfoldingSparseDirectories(read.entries), cachedTrees: read.cachedTrees)
        }
        return Index(entries: try libgit2IndexEntries())
    }

    /// A sparse index's folded directories (`dir/`, naming the tree git keeps for a folder outside the sparse
    /// cone) as the files of that tree, where git would list them: full paths in byte order, which a folder's
    /// files keep after the entries before `dir/` and before the entries after it.
    func unfoldingSparseDirectories(_ entries: [IndexEntry]) throws -> [IndexEntry] {
        guard entries.contains(where: { $0.path.utf8.last == UInt8(ascii: "/") }) else { return entries }
        var result: [IndexEntry] = []
        result.reserveCapacity(entries.count)
        for entry in entries {
            guard entry.path.utf8.last == UInt8(ascii: "/") else {
                result.append(entry)
                continue
            }
            do {
                for file in try files(in: entry.id, under: "") {
                    result.append(IndexEntry(path: entry.path + file.path, id: file.entry.id, mode: file.entry.mode, stage: 0))
                }
            } catch let error as GitError {
                throw GitError(operation: error.operation, code: error.code, errorClass: error.errorClass,
                               message: "the sparse index folds \(entry.path) into tree \(entry.id), which cannot be read (\(error.message)); "
                                   + "`git sparse-checkout reapply --no-sparse-index` lists its files instead")
            }
        }
        return result
    }

    /// The index read by libgit2: for what the fast reader leaves (split or sparse indexes), and the reference in tests.
    func libgit2IndexEntries() throws -> [IndexEntry] {
        let path = indexPath
        var index: OpaquePointer?
        let status = git_index_open(&index, path)
        if status < 0 {
            let error = GitError.last(status, "index(\(path))")
            // libgit2 1.5 reads neither kind; git can turn each back into a whole index.
            let remedies = [
                "'link'": "the index is split (core.splitIndex), which libgit2 1.5 cannot read; "
                    + "make it whole with `git update-index --no-split-index` (and `git config core.splitIndex false`)",
                "'sdir'": "the index is sparse (index.sparse), which libgit2 1.5 cannot read; "
                    + "make it whole with `git sparse-checkout reapply --no-sparse-index`",
            ]
            if let remedy = remedies.first(where: { error.message.contains("unsupported mandatory extension: \($0.key)") })?.value {
                throw GitError(operation: error.operation, code: error.code, errorClass: error.errorClass, message: remedy)
            }
            // A damaged or foreign file: say which file, and how git makes a new one.
            throw GitError(operation: error.operation, code: error.code, errorClass: error.errorClass,
                           message: "the index file \(path) cannot be read (\(error.message)); "
                               + "if GIT_INDEX_FILE names it, check that variable, else `git reset` writes a new index from HEAD "
                               + "(what was staged is unstaged, the working tree is kept)")
        }
        defer { git_index_free(index) }
        let count = git_index_entrycount(index)
        var entries: [IndexEntry] = []
        entries.reserveCapacity(count)
        for position in 0..<count {
            if let entry = git_index_get_byindex(index, position) { entries.append(IndexEntry(entry)) }
        }
        return entries
    }

    // MARK: Helpers

    func header(_ id: ObjectID, _ operation: String) throws -> (size: Int, type: git_object_t)? {
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        let status = git_odb_read_header(&size, &type, odb, &oid)
        if status == GIT_ENOTFOUND.rawValue { return nil }
        try check(status, operation)
        return (size, type)
    }

    func notA(_ noun: String, _ type: git_object_t, _ id: ObjectID, _ operation: String) -> GitError {
        let actual = ObjectKind(type).map { "\($0)" } ?? "object"
        return GitError(operation: operation, message: "object \(id) is a \(actual), not a \(noun)")
    }

    /// Runs `body` with a tree looked up (or peeled from a commit or tag); the pointer dies when `body` returns.
    func withTree<T>(_ id: ObjectID, _ operation: @autoclosure () -> String, _ body: (OpaquePointer) throws -> T) throws -> T {
        // The borrow takes its own reference, so a cache eviction inside `body` cannot free the tree under it.
        var borrowed: OpaquePointer?
        if let cached = recentTrees.tree(id) {
            git_object_dup(&borrowed, cached)
        } else {
            let tree = try fetchingIfMissing(id) { try lookupTree(id, operation()) }
            recentTrees.insert(id, tree)
            git_object_dup(&borrowed, tree)
        }
        defer { git_object_free(borrowed) }
        return try body(borrowed!)
    }

    /// An owned tree for `id`, peeling commits and tags.
    private func lookupTree(_ id: ObjectID, _ operation: @autoclosure () -> String) throws -> OpaquePointer {
        var oid = id.oid
        var object: OpaquePointer?
        try check(git_object_lookup(&object, pointer, &oid, GIT_OBJECT_ANY), operation())
        if git_object_type(object) == GIT_OBJECT_TREE { return object! }
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        if git_object_peel(&peeled, object, GIT_OBJECT_TREE) < 0 { throw notA("tree", git_object_type(object), id, operation()) }
        return peeled!
    }
}

/// The last trees looked up, kept parsed and safe from libgit2's cache evictions (which pick entries at random):
/// a history walk reads each tree twice, as new and then as old. Sixty-four hold a commit's path down to any
/// VEP several times over; more only held memory (the ring of 256 kept about 8 MB of group folders).
final class RecentTrees {
    private var trees: [ObjectID: OpaquePointer] = [:]
    private var ring: [ObjectID?]
    private var next = 0

    init(capacity: Int) { ring = Array(repeating: nil, count: capacity) }

    deinit { for tree in trees.values { git_object_free(tree) } }

    /// Borrowed: valid until the next `insert`.
    func tree(_ id: ObjectID) -> OpaquePointer? { trees[id] }

    /// Takes ownership of `tree`, evicting (and freeing) the oldest entry when full.
    func insert(_ id: ObjectID, _ tree: OpaquePointer) {
        if let old = trees.updateValue(tree, forKey: id) {
            git_object_free(old)
            return
        }
        if let evicted = ring[next], let old = trees.removeValue(forKey: evicted) { git_object_free(old) }
        ring[next] = id
        next = (next + 1) % ring.count
    }
}
