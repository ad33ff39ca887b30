import GitKit

/// The ids git would give the directories of an index, computed without writing a tree: two
/// directories with the same id hold the same files, so a staged change is found by comparing ids
/// with HEAD's trees and descending only where they differ.
///
/// A wrong id can only make an unchanged directory look changed (more work, same findings), never the
/// reverse: equal ids come from equal tree objects.
struct IndexTrees {
    /// One child of a directory, as a tree object lists it.
    struct Child {
        let name: String
        let mode: UInt32
        let id: ObjectID
        var isDirectory: Bool { mode == 0o040000 }
    }

    /// Tree id of every directory at or below the prefix, by path (the prefix itself included).
    private(set) var ids: [String: ObjectID] = [:]
    /// The children of directories no deeper than `listingDepth` below the prefix.
    private(set) var listings: [String: [Child]] = [:]
    /// Paths whose staged state no tree can show: conflicted or intent-to-add entries.
    private(set) var unsettled: [String] = []

    /// Ids git recorded in the index for unchanged directories: used instead of hashing below the listing depth.
    private let cached: [String: ObjectID]

    /// Hashes the directories of `entries` (the index's, under `prefix`, in index order); `cached` ids
    /// (the index's cache-tree) stand in for directories deeper than `listingDepth`.
    init(entries: [IndexEntry], prefix: String, listingDepth: Int, cached: [String: ObjectID] = [:]) {
        self.cached = cached
        var settled: [IndexEntry] = []
        settled.reserveCapacity(entries.count)
        for entry in entries {
            if entry.stage != 0 || entry.isIntentToAdd { unsettled.append(entry.path) } else { settled.append(entry) }
        }
        let paths = settled.map { Array($0.path.utf8) }
        let start = Array((prefix + "/").utf8)
        let inside = paths.indices.filter { paths[$0].starts(with: start) }
        guard let first = inside.first, let last = inside.last else { return }
        _ = hash(settled, paths, first..<(last + 1), offset: start.count, path: prefix, depth: 0, listingDepth: listingDepth)
    }

    private mutating func hash(_ entries: [IndexEntry], _ paths: [[UInt8]], _ range: Range<Int>, offset: Int,
                               path: String, depth: Int, listingDepth: Int) -> ObjectID {
        if depth > listingDepth, let id = cached[path] {
            ids[path] = id
            return id
        }
        var children: [Child] = []
        var index = range.lowerBound
        while index < range.upperBound {
            let bytes = paths[index]
            if let slash = bytes[offset...].firstIndex(of: UInt8(ascii: "/")) {
                let name = bytes[offset..<slash]
                // Entries below one directory are contiguous in index order.
                var end = index + 1
                while end < range.upperBound, paths[end].count > slash, paths[end][offset...slash].elementsEqual(bytes[offset...slash]) {
                    end += 1
                }
                let nameText = String(decoding: name, as: UTF8.self)
                let childPath = path + "/" + nameText
                let id = hash(entries, paths, index..<end, offset: slash + 1, path: childPath, depth: depth + 1, listingDepth: listingDepth)
                children.append(Child(name: nameText, mode: 0o040000, id: id))
                index = end
            } else {
                let entry = entries[index]
                children.append(Child(name: String(decoding: bytes[offset...], as: UTF8.self), mode: Self.treeMode(entry.mode), id: entry.id))
                index += 1
            }
        }
        // Index order is tree order: a directory's entries sort as its name followed by `/`.
        var object: [UInt8] = []
        object.reserveCapacity(children.count * 64)
        for child in children {
            object += String(child.mode, radix: 8).utf8
            object.append(0x20)
            object += child.name.utf8
            object.append(0)
            object += child.id.bytes
        }
        let id = Repository.objectID(hashing: object, as: .tree)
        ids[path] = id
        if depth <= listingDepth { listings[path] = children }
        return id
    }

    /// Index modes as trees record them: regular files are 644 or 755, as git normalizes.
    static func treeMode(_ mode: UInt32) -> UInt32 {
        switch mode & 0o170000 {
        case 0o100000: return mode & 0o111 != 0 ? 0o100755 : 0o100644
        case 0o120000: return 0o120000
        case 0o160000: return 0o160000
        default: return mode
        }
    }
}
