import Foundation

extension GitRepo {
    /// Stores `small` as a blob that is a delta on a blob of `baseSize` bytes (`small`'s first line, then zeros),
    /// in a pack written here by hand: git itself never deltas an object on a base 32 times its size, but a
    /// hostile push can carry such a pack. Returns both blob ids.
    public func storeAsDeltaOnLargeBase(_ small: String, baseSize: Int) throws -> (base: String, small: String) {
        let pack = sandbox + "/delta-\(UUID().uuidString).pack"
        let script = #"""
        import hashlib, struct, sys, zlib
        out, base_size, small = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
        head = small.split(b"\n")[0][:100]
        base = head + bytes(base_size - len(head))

        def size_varint(n):
            out = bytearray()
            while True:
                byte, n = n & 0x7F, n >> 7
                out.append(byte | (0x80 if n else 0))
                if not n:
                    return bytes(out)

        def object_header(kind, size):
            out = bytearray([(kind << 4) | (size & 0x0F)])
            size >>= 4
            while size:
                out[-1] |= 0x80
                out.append(size & 0x7F)
                size >>= 7
            return bytes(out)

        def base_distance(n):
            out = bytearray([n & 0x7F])
            n >>= 7
            while n:
                n -= 1
                out.insert(0, 0x80 | (n & 0x7F))
                n >>= 7
            return bytes(out)

        # Copy the shared first line from the base, insert the rest 127 bytes at a time.
        delta = bytearray(size_varint(len(base)) + size_varint(len(small)))
        delta += bytes([0x80 | 0x10, len(head)])
        rest = small[len(head):]
        for start in range(0, len(rest), 127):
            chunk = rest[start:start + 127]
            delta += bytes([len(chunk)]) + chunk
        data = bytearray(b"PACK" + struct.pack(">II", 2, 2))
        base_at = len(data)
        data += object_header(3, len(base)) + zlib.compress(base, 9)
        delta_at = len(data)
        data += object_header(6, len(delta)) + base_distance(delta_at - base_at) + zlib.compress(bytes(delta))
        data += hashlib.sha1(data).digest()
        open(out, "wb").write(data)
        blob_id = lambda content: hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()
        print(blob_id(base), blob_id(small))
        """#
        let made = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", script, pack, String(baseSize), small], environment: environment,
                                         currentDirectory: sandbox)
        guard made.status == 0 else { throw CommandFailure(command: ["python3", "(pack writer)"], result: made) }
        let ids = made.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let packs = gitDirectory + "/objects/pack"
        try FileManager.default.createDirectory(atPath: packs, withIntermediateDirectories: true)
        let name = packs + "/pack-delta-\(UUID().uuidString.prefix(8))"
        try FileManager.default.moveItem(atPath: pack, toPath: name + ".pack")
        try git("index-pack", "-o", name + ".idx", name + ".pack")
        return (ids[0], ids[1])
    }
}
