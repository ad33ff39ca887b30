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

    /// Hashes the directories of `entries` (the index's, under `prefix`, in index order).
    init(entries: [IndexEntry], prefix: String, listingDepth: Int) {
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
        children.sort { Self.treeOrder($0, $1) }
        var object: [UInt8] = []
        for child in children {
            object += Array(String(child.mode, radix: 8).utf8)
            object.append(0x20)
            object += Array(child.name.utf8)
            object.append(0)
            object += child.id.bytes
        }
        let id = ObjectID(bytes: SHA1.hash(Array("tree \(object.count)".utf8) + [0] + object))!
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

    /// git's tree order: names compared byte-wise, a directory as if its name ended in `/`.
    static func treeOrder(_ a: Child, _ b: Child) -> Bool {
        var left = Array(a.name.utf8), right = Array(b.name.utf8)
        if a.isDirectory { left.append(UInt8(ascii: "/")) }
        if b.isDirectory { right.append(UInt8(ascii: "/")) }
        return left.lexicographicallyPrecedes(right)
    }
}

/// SHA-1 (FIPS 180-4), for object ids: git names objects by it.
enum SHA1 {
    static func hash(_ message: [UInt8]) -> [UInt8] {
        var h: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0)
        var data = message
        let bitLength = UInt64(message.count) * 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { data.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for t in 0..<16 {
                let i = chunk + t * 4
                w[t] = UInt32(data[i]) << 24 | UInt32(data[i + 1]) << 16 | UInt32(data[i + 2]) << 8 | UInt32(data[i + 3])
            }
            for t in 16..<80 {
                let x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]
                w[t] = x << 1 | x >> 31
            }
            var (a, b, c, d, e) = h
            for t in 0..<80 {
                let f: UInt32, k: UInt32
                switch t {
                case 0..<20: f = (b & c) | (~b & d); k = 0x5A827999
                case 20..<40: f = b ^ c ^ d; k = 0x6ED9EBA1
                case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC
                default: f = b ^ c ^ d; k = 0xCA62C1D6
                }
                let temp = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[t]
                e = d; d = c; c = b << 30 | b >> 2; b = a; a = temp
            }
            h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e)
        }
        var digest: [UInt8] = []
        digest.reserveCapacity(20)
        for word in [h.0, h.1, h.2, h.3, h.4] {
            for shift in stride(from: 24, through: 0, by: -8) { digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
        }
        return digest
    }
}
