import Foundation

/// A read-only reader of git's index file format (versions 2, 3 and 4), for the hot path of a hook.
///
/// libgit2's reader also checks the file's checksum, sorts the entries and builds a lookup table,
/// which costs several milliseconds on a large index; a pre-commit hook runs inside a `git commit`
/// that has just read (and verified) the same file. Files this reader does not handle (a split index,
/// an unknown version) are left to libgit2. A sparse index's folded directories come as entries whose
/// path ends in `/` and whose id is a tree: `Repository.index()` unfolds them.
enum IndexFile {
    /// The entries of the index at `path`, or nil when the file needs libgit2's reader.
    /// A missing file is an empty index, as in git.
    static func entries(at path: String) -> [IndexEntry]? {
        read(at: path)?.entries
    }

    /// The entries and the valid cache-tree ids of the index at `path`; nil when it needs libgit2's reader.
    static func read(at path: String) -> (entries: [IndexEntry], cachedTrees: [String: ObjectID])? {
        guard let data = FileManager.default.contents(atPath: path) else {
            return FileManager.default.fileExists(atPath: path) ? nil : ([], [:])
        }
        return data.withUnsafeBytes { raw in parse(raw.bindMemory(to: UInt8.self)) }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (entries: [IndexEntry], cachedTrees: [String: ObjectID])? {
        func uint32(_ offset: Int) -> UInt32 {
            UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
        }
        func uint16(_ offset: Int) -> UInt16 { UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1]) }
        let checksumSize = 20
        guard bytes.count >= 12 + checksumSize, bytes[0] == 0x44, bytes[1] == 0x49, bytes[2] == 0x52, bytes[3] == 0x43 else { return nil }
        let version = uint32(4)
        guard (2...4).contains(version) else { return nil }
        let count = Int(uint32(8))
        let end = bytes.count - checksumSize
        var entries: [IndexEntry] = []
        entries.reserveCapacity(count)
        var offset = 12
        var previous: [UInt8] = []
        var previousRange: Range<Int>?
        var previousStage = 0
        for _ in 0..<count {
            // ctime, mtime, dev, ino (24 bytes) | mode | uid, gid, size | id (20) | flags (2)
            let start = offset
            guard offset + 62 <= end else { return nil }
            let mode = uint32(offset + 24)
            guard let id = ObjectID(bytes: bytes[(offset + 40)..<(offset + 60)]) else { return nil }
            let flags = uint16(offset + 60)
            offset += 62
            var extended: UInt16 = 0
            if flags & 0x4000 != 0 {
                guard version >= 3, offset + 2 <= end else { return nil }
                extended = uint16(offset)
                offset += 2
            }
            let stage = Int((flags & 0x3000) >> 12)
            let path: String
            if version == 4 {
                // git's varint: big-endian groups of 7 bits, each continuation adding one (varint.c).
                guard offset < end else { return nil }
                var byte = bytes[offset]
                offset += 1
                var strip = Int(byte & 0x7F)
                while byte & 0x80 != 0 {
                    guard offset < end, strip < (1 << 40) else { return nil }
                    byte = bytes[offset]
                    offset += 1
                    strip = ((strip + 1) << 7) | Int(byte & 0x7F)
                }
                guard strip <= previous.count, let nul = firstNUL(bytes, from: offset, to: end) else { return nil }
                let name = Array(previous.dropLast(strip)) + bytes[offset..<nul]
                guard Self.follows(name[...], previous[...], stage: stage, previousStage: previousStage) else { return nil }
                previous = name
                path = String(decoding: name, as: UTF8.self)
                offset = nul + 1
            } else {
                guard let nul = firstNUL(bytes, from: offset, to: end) else { return nil }
                let name = UnsafeBufferPointer(rebasing: bytes[offset..<nul])
                guard Self.follows(name[...], previousRange.map { bytes[$0] } ?? UnsafeBufferPointer(start: nil, count: 0)[...],
                                   stage: stage, previousStage: previousStage) else { return nil }
                previousRange = offset..<nul
                path = String(decoding: name, as: UTF8.self)
                // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
                offset = start + ((nul - start + 8) & ~7)
                guard offset <= end else { return nil }
            }
            // A sparse index lists whole directories outside the sparse cone: skip-worktree entries ending in `/`
            // that name a tree (`Repository.index()` unfolds them). Anything else ending in `/` is not git's.
            if path.utf8.last == UInt8(ascii: "/"), mode != 0o040000 || stage != 0 { return nil }
            previousStage = stage
            entries.append(IndexEntry(path: path, id: id, mode: mode, stage: stage, isIntentToAdd: extended & 0x2000 != 0))
        }
        // Extensions: a split index keeps its entries elsewhere (libgit2's reader says how to make it whole); `sdir`
        // only marks a sparse index, whose folded directories are read above.
        var cachedTrees: [String: ObjectID] = [:]
        while offset + 8 <= end {
            let signature = String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
            if signature == "link" { return nil }
            let size = Int(uint32(offset + 4))
            guard offset + 8 + size <= end else { return nil }
            if signature == "TREE" {
                // A damaged cache-tree only costs speed: the ids are then computed instead.
                cachedTrees = cacheTree(UnsafeBufferPointer(rebasing: bytes[(offset + 8)..<(offset + 8 + size)])) ?? [:]
            }
            offset += 8 + size
        }
        return (entries, cachedTrees)
    }

    /// The `TREE` extension: nodes in pre-order, each `name NUL entries SP subtrees LF [id]`, where a
    /// negative entry count marks a directory changed since its id was recorded.
    private static func cacheTree(_ bytes: UnsafeBufferPointer<UInt8>) -> [String: ObjectID]? {
        var result: [String: ObjectID] = [:]
        var offset = 0
        // Each open directory: its path and how many children are still to come.
        var stack: [(path: String, remaining: Int)] = []
        func number(until terminator: UInt8) -> Int? {
            var negative = false
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { negative = true; offset += 1 }
            var value = 0, digits = 0
            while offset < bytes.count, bytes[offset] != terminator {
                guard (48...57).contains(bytes[offset]), digits < 10 else { return nil }
                value = value * 10 + Int(bytes[offset] - 48)
                digits += 1
                offset += 1
            }
            guard offset < bytes.count, digits > 0 else { return nil }
            offset += 1
            return negative ? -value : value
        }
        while offset < bytes.count {
            guard let nul = firstNUL(bytes, from: offset, to: bytes.count) else { return nil }
            let name = String(decoding: bytes[offset..<nul], as: UTF8.self)
            offset = nul + 1
            guard let entryCount = number(until: 0x20), let subtrees = number(until: 0x0A), subtrees >= 0 else { return nil }
            while let last = stack.last, last.remaining == 0 { stack.removeLast() }
            let parent = stack.last?.path
            if !stack.isEmpty { stack[stack.count - 1].remaining -= 1 }
            let path = parent.map { $0.isEmpty ? name : $0 + "/" + name } ?? ""
            if entryCount >= 0 {
                guard offset + 20 <= bytes.count, let id = ObjectID(bytes: bytes[offset..<(offset + 20)]) else { return nil }
                result[path] = id
                offset += 20
            }
            stack.append((path, subtrees))
        }
        return result
    }

    /// git keeps entries sorted by path bytes, then stage; anything else is left to libgit2 to judge.
    private static func follows<A: Collection, B: Collection>(_ name: A, _ previous: B, stage: Int, previousStage: Int) -> Bool
        where A.Element == UInt8, B.Element == UInt8 {
        if previous.isEmpty { return true }
        if name.elementsEqual(previous) { return stage > previousStage }
        return previous.lexicographicallyPrecedes(name)
    }

    private static func firstNUL(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var index = start
        while index < end {
            if bytes[index] == 0 { return index }
            index += 1
        }
        return nil
    }
}

/// The index named by `GIT_INDEX_FILE`, read on another thread while the caller opens the repository
/// (which starts libgit2: several milliseconds a hook would otherwise spend waiting in turn).
public final class IndexPreload: @unchecked Sendable {
    /// The absolute path read, as `Repository.open` resolves `GIT_INDEX_FILE`.
    public let path: String
    private let done = DispatchSemaphore(value: 0)
    private var result: (entries: [IndexEntry], cachedTrees: [String: ObjectID])?

    /// Starts reading `GIT_INDEX_FILE` (relative to `currentDirectory`); nil when the variable is unset.
    public static func start(environment: [String: String] = ProcessInfo.processInfo.environment,
                             currentDirectory: String = FileManager.default.currentDirectoryPath) -> IndexPreload? {
        guard let file = environment["GIT_INDEX_FILE"], !file.isEmpty else { return nil }
        let preload = IndexPreload(path: absolutePath(file, relativeTo: currentDirectory))
        DispatchQueue.global().async {
            preload.result = IndexFile.read(at: preload.path)
            preload.done.signal()
        }
        return preload
    }

    private init(path: String) {
        self.path = path
    }

    /// The index read, when it is the one `repository` uses and the fast reader took it.
    public func index(for repository: Repository) throws -> Index? {
        done.wait()
        done.signal()
        guard path == repository.indexPath, let result else { return nil }
        return try Index(ordered: repository.unfoldingSparseDirectories(result.entries), cachedTrees: result.cachedTrees)
    }
}
