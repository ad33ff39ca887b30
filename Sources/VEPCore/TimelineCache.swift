import Foundation

/// The on-disk form of a derived timeline: the events of a first-parent chain and the tracker
/// state at its tip, so that a rerun costs a read and new commits cost only themselves.
/// A line-based text format: tab-separated fields, `\t`, `\n`, `\\` escaped, `\N` for null.
public struct TimelineCache: Sendable {
    /// Bump whenever parsing or event rules change: older caches are then ignored.
    public static let formatVersion = "git-vep-timeline-12"

    public var tip: String
    public var fingerprint: String
    public var events: [TimelineEvent]
    public var snapshot: TrackerSnapshot

    public init(tip: String, fingerprint: String, events: [TimelineEvent], snapshot: TrackerSnapshot) {
        self.tip = tip
        self.fingerprint = fingerprint
        self.events = events
        self.snapshot = snapshot
    }

    /// What a cache was derived with: the format and the layout.
    public static func fingerprint(of layout: Layout) -> String {
        // Each field with its length: a pattern may itself contain the separator.
        ([formatVersion] + [layout.root, layout.groupPattern, layout.documentName, layout.templateDirectory]
            .map { "\($0.utf8.count):\($0)" }).joined(separator: "|")
    }

    // MARK: Encoding

    public func encoded() -> Data {
        var data = Data()
        encode { data.append(contentsOf: $0) }
        return data
    }

    /// The encoding in pieces of about `pieceSize` bytes, the checksum line last: a long history's cache runs
    /// to megabytes, and building it whole (a string, then its bytes) was the peak of a cold `git vep log`.
    public func encode(pieceSize: Int = 1 << 18, _ write: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(pieceSize + 4096)
        var hash = FNV1a()
        func flush() throws {
            guard !buffer.isEmpty else { return }
            hash.add(buffer)
            try buffer.withUnsafeBytes(write)
            buffer.removeAll(keepingCapacity: true)
        }
        func line(_ text: String) throws {
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= pieceSize { try flush() }
        }
        try line("\(Self.formatVersion)\n")
        try line("T\t\(Self.escape(tip))\t\(Self.escape(fingerprint))\n")
        var lastCommit: String?
        for event in events {
            if event.commit.id != lastCommit {
                lastCommit = event.commit.id
                let c = event.commit
                try line("C\t\(c.id)\t\(Self.escape(c.date))\t\(Self.escape(c.authorName))\t\(Self.escape(c.authorEmail))\t\(Self.escape(c.subject))\n")
            }
            let e = event.change
            try line("E\t\(e.vep)\t\(e.kind.rawValue)\t\(Self.escape(e.field?.rawValue))\t\(Self.escape(e.from))\t\(Self.escape(e.to))\t\(Self.escape(event.path))\n")
        }
        for key in snapshot.folders.keys.sorted() {
            try line("F\t\(Self.escape(key))\n")
            for file in snapshot.folders[key]!.sorted(by: { $0.path < $1.path }) {
                try line("M\t\(Self.escape(file.path))\t\(Self.escape(file.contentID))\n")
            }
            for state in snapshot.found[key] ?? [] {
                let targets = Stage.allCases.map { Self.escape(state.milestones[$0]?.description) }.joined(separator: "\t")
                try line("V\t\(state.number)\t\(Self.escape(state.path))\t\(Self.escape(state.status?.rawValue))\t\(Self.escape(state.stage?.rawValue))\t\(targets)\n")
            }
        }
        for (number, path) in snapshot.speakers.sorted(by: { $0.key < $1.key }) {
            try line("S\t\(number)\t\(Self.escape(path))\n")
        }
        try flush()
        buffer.append(contentsOf: "END\t\(hash.hex)\n".utf8)
        try buffer.withUnsafeBytes(write)
    }

    /// FNV-1a, 64 bits, fed in pieces.
    struct FNV1a {
        private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
            for byte in bytes {
                value ^= UInt64(byte)
                value &*= 0x0000_0100_0000_01b3
            }
        }

        var hex: String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
    }

    /// FNV-1a (64 bits) of the bytes before the last line, in hex: a damaged byte anywhere makes the
    /// cache unreadable rather than wrong.
    public static func checksum<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hash = FNV1a()
        hash.add(bytes)
        return hash.hex
    }

    /// Decodes a cache; nil when it is truncated, corrupt or of another format.
    /// `eventsOnly` skips the tracker state, which only incremental updates need.
    public static func decode(_ data: Data, eventsOnly: Bool = false) -> TimelineCache? {
        try? decodeOrThrow(data, eventsOnly: eventsOnly)
    }

    private struct Corrupt: Error {}

    private static func decodeOrThrow(_ data: Data, eventsOnly: Bool) throws -> TimelineCache {
        try data.withUnsafeBytes { raw -> TimelineCache in
            let bytes = raw.bindMemory(to: UInt8.self)
            // A cache cut short by a crash lacks its last line; a damaged one fails its checksum.
            let trailer = Array("\nEND\t".utf8)
            let trailerStart = bytes.count - trailer.count - 17
            guard trailerStart >= 0, Array(bytes[trailerStart..<(trailerStart + trailer.count)]) == trailer,
                  bytes[bytes.count - 1] == 0x0A,
                  String(decoding: bytes[(trailerStart + trailer.count)..<(bytes.count - 1)], as: UTF8.self)
                      == checksum(UnsafeBufferPointer(rebasing: bytes[..<(trailerStart + 1)])) else { throw Corrupt() }
            var reader = LineReader(bytes: UnsafeBufferPointer(rebasing: bytes[..<(trailerStart + 1)]))
            guard let version = reader.nextLine(), String(decoding: version, as: UTF8.self) == formatVersion else { throw Corrupt() }
            guard let headerLine = reader.nextLine() else { throw Corrupt() }
            let header = fields(headerLine)
            guard header.count == 3, header[0].elementsEqual("T".utf8) else { throw Corrupt() }
            let tip = try required(header[1]), fingerprint = try required(header[2])
            var events: [TimelineEvent] = []
            var commit: CommitStamp?
            var folders: [String: [SourceFile]] = [:]
            var found: [String: [VEPState]] = [:]
            var speakers: [Int: String] = [:]
            var folder: String?
            while let line = reader.nextLine() {
                let fields = fields(line)
                guard let tag = fields.first, tag.count == 1 else { throw Corrupt() }
                switch tag[0] {
                case UInt8(ascii: "C"):
                    guard fields.count == 6 else { throw Corrupt() }
                    commit = CommitStamp(id: String(decoding: fields[1], as: UTF8.self), date: try required(fields[2]),
                                         authorName: try required(fields[3]), authorEmail: try required(fields[4]),
                                         subject: try required(fields[5]))
                case UInt8(ascii: "E"):
                    guard fields.count == 7, let commit, let vep = Int(String(decoding: fields[1], as: UTF8.self)),
                          let kind = EventKind(rawValue: String(decoding: fields[2], as: UTF8.self)) else { throw Corrupt() }
                    let field = try unescape(fields[3]).flatMap(Stage.init(rawValue:))
                    events.append(TimelineEvent(commit: commit, change: Change(vep: vep, kind: kind, field: field,
                                                                               from: try unescape(fields[4]), to: try unescape(fields[5])),
                                                path: try unescape(fields[6])))
                case UInt8(ascii: "F"):
                    // The tracker state follows the events; a rerun that only prints needs none of it.
                    if eventsOnly {
                        return TimelineCache(tip: tip, fingerprint: fingerprint, events: events,
                                             snapshot: TrackerSnapshot(folders: [:], found: [:]))
                    }
                    guard fields.count == 2 else { throw Corrupt() }
                    let key = try required(fields[1])
                    folder = key
                    folders[key] = []
                case UInt8(ascii: "M"):
                    guard fields.count == 3, let folder else { throw Corrupt() }
                    folders[folder]!.append(SourceFile(path: try required(fields[1]), contentID: try unescape(fields[2])))
                case UInt8(ascii: "V"):
                    guard fields.count == 8, let folder, let number = Int(String(decoding: fields[1], as: UTF8.self)) else { throw Corrupt() }
                    var milestones: [Stage: Release] = [:]
                    for (offset, stage) in Stage.allCases.enumerated() {
                        if let text = try unescape(fields[5 + offset]) {
                            guard let release = Release(text) else { throw Corrupt() }
                            milestones[stage] = release
                        }
                    }
                    let status = try unescape(fields[3]).flatMap(Status.init(rawValue:))
                    let stage = try unescape(fields[4]).flatMap(Stage.init(rawValue:))
                    found[folder, default: []].append(VEPState(number: number, path: try required(fields[2]), status: status,
                                                               stage: stage, milestones: milestones))
                case UInt8(ascii: "S"):
                    guard fields.count == 3, let number = Int(String(decoding: fields[1], as: UTF8.self)) else { throw Corrupt() }
                    speakers[number] = try required(fields[2])
                default:
                    throw Corrupt()
                }
            }
            return TimelineCache(tip: tip, fingerprint: fingerprint, events: events,
                                 snapshot: TrackerSnapshot(folders: folders, found: found, speakers: speakers))
        }
    }

    /// Lines of a byte buffer, without their newline.
    private struct LineReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func nextLine() -> UnsafeBufferPointer<UInt8>? {
            guard offset < bytes.count else { return nil }
            let start = offset
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            offset = end + 1
            return UnsafeBufferPointer(rebasing: bytes[start..<end])
        }
    }

    private static func fields(_ line: UnsafeBufferPointer<UInt8>) -> [UnsafeBufferPointer<UInt8>] {
        var result: [UnsafeBufferPointer<UInt8>] = []
        result.reserveCapacity(8)
        var start = 0
        for index in 0..<line.count where line[index] == 0x09 {
            result.append(UnsafeBufferPointer(rebasing: line[start..<index]))
            start = index + 1
        }
        result.append(UnsafeBufferPointer(rebasing: line[start...]))
        return result
    }

    private static func required(_ field: UnsafeBufferPointer<UInt8>) throws -> String {
        guard let text = try unescape(field) else { throw Corrupt() }
        return text
    }

    /// nil for `\N`; throws on a dangling or unknown escape.
    private static func unescape(_ field: UnsafeBufferPointer<UInt8>) throws -> String? {
        if field.count == 2, field[0] == 0x5C, field[1] == UInt8(ascii: "N") { return nil }
        guard field.contains(0x5C) else { return String(decoding: field, as: UTF8.self) }
        var result: [UInt8] = []
        result.reserveCapacity(field.count)
        var escaping = false
        for byte in field {
            if escaping {
                switch byte {
                case 0x5C: result.append(0x5C)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                default: throw Corrupt()
                }
                escaping = false
            } else if byte == 0x5C {
                escaping = true
            } else {
                result.append(byte)
            }
        }
        if escaping { throw Corrupt() }
        return String(decoding: result, as: UTF8.self)
    }

    static func escape(_ text: String?) -> String {
        guard let text else { return "\\N" }
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        // Scalar by scalar: "\r\n" is one Character, and must not slip through unescaped.
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

}

extension TimelineCache {
    /// The tip and fingerprint of an encoded cache, read without decoding the rest.
    public static func header(of data: Data) -> (tip: String, fingerprint: String)? {
        // The first two lines only: a cut at a fixed length can fall inside a character.
        let prefix = data.prefix(4096)
        var newlines = 0
        guard let end = prefix.firstIndex(where: { $0 == 0x0A && { newlines += 1; return newlines == 2 }() }),
              let text = String(data: prefix[..<end], encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count >= 2, lines[0] == Substring(formatVersion) else { return nil }
        let fields = lines[1].split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0] == "T" else { return nil }
        func decoded(_ field: Substring) -> String? {
            Array(field.utf8).withUnsafeBufferPointer { try? unescape($0) } ?? nil
        }
        guard let tip = decoded(fields[1]), let fingerprint = decoded(fields[2]) else { return nil }
        return (tip, fingerprint)
    }
}
