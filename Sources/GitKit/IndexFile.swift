import Foundation

/// A read-only reader of git's index file format (versions 2, 3 and 4), for the hot path of a hook.
///
/// libgit2's reader also checks the file's checksum, sorts the entries and builds a lookup table,
/// which costs several milliseconds on a large index; a pre-commit hook runs inside a `git commit`
/// that has just read (and verified) the same file. Files this reader does not handle (a split or
/// sparse index, an unknown version) are left to libgit2.
enum IndexFile {
    /// The entries of the index at `path`, or nil when the file needs libgit2's reader.
    /// A missing file is an empty index, as in git.
    static func entries(at path: String) -> [IndexEntry]? {
        guard let data = FileManager.default.contents(atPath: path) else {
            return FileManager.default.fileExists(atPath: path) ? nil : []
        }
        return data.withUnsafeBytes { raw in parse(raw.bindMemory(to: UInt8.self)) }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> [IndexEntry]? {
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
            // A sparse index lists whole directories (skip-worktree entries ending in `/`): leave it to libgit2.
            var name: [UInt8]
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
                name = Array(previous.dropLast(strip)) + bytes[offset..<nul]
                offset = nul + 1
            } else {
                guard let nul = firstNUL(bytes, from: offset, to: end) else { return nil }
                name = Array(bytes[offset..<nul])
                // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
                offset = start + ((nul - start + 8) & ~7)
                guard offset <= end else { return nil }
            }
            if name.last == UInt8(ascii: "/") { return nil }
            previous = name
            entries.append(IndexEntry(path: String(decoding: name, as: UTF8.self), id: id, mode: mode,
                                      stage: Int((flags & 0x3000) >> 12), isIntentToAdd: extended & 0x2000 != 0))
        }
        // Extensions: a split index keeps its entries elsewhere, a sparse one folds directories.
        while offset + 8 <= end {
            let signature = String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
            if signature == "link" || signature == "sdir" { return nil }
            offset += 8 + Int(uint32(offset + 4))
        }
        return entries
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
