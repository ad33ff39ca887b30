import Foundation

/// The on-disk form of a derived timeline: the events of a first-parent chain and the tracker
/// state at its tip, so that a rerun costs a read and new commits cost only themselves.
/// A line-based text format: tab-separated fields, `\t`, `\n`, `\\` escaped, `\N` for null.
public struct TimelineCache: Sendable {
    /// Bump whenever parsing or event rules change: older caches are then ignored.
    public static let formatVersion = "git-vep-timeline-3"

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
        [formatVersion, layout.root, layout.groupPattern, layout.documentName, layout.templateDirectory].joined(separator: "|")
    }

    // MARK: Encoding

    public func encoded() -> Data {
        var out = "\(Self.formatVersion)\n"
        out += "T\t\(Self.escape(tip))\t\(Self.escape(fingerprint))\n"
        var lastCommit: String?
        for event in events {
            if event.commit.id != lastCommit {
                lastCommit = event.commit.id
                let c = event.commit
                out += "C\t\(c.id)\t\(Self.escape(c.date))\t\(Self.escape(c.authorName))\t\(Self.escape(c.authorEmail))\t\(Self.escape(c.subject))\n"
            }
            let e = event.change
            out += "E\t\(e.vep)\t\(e.kind.rawValue)\t\(Self.escape(e.field?.rawValue))\t\(Self.escape(e.from))\t\(Self.escape(e.to))\t\(Self.escape(event.path))\n"
        }
        for key in snapshot.folders.keys.sorted() {
            out += "F\t\(Self.escape(key))\n"
            for file in snapshot.folders[key]!.sorted(by: { $0.path < $1.path }) {
                out += "M\t\(Self.escape(file.path))\t\(Self.escape(file.contentID))\n"
            }
            for state in snapshot.found[key] ?? [] {
                let targets = Stage.allCases.map { Self.escape(state.milestones[$0]?.description) }.joined(separator: "\t")
                out += "V\t\(state.number)\t\(Self.escape(state.path))\t\(Self.escape(state.status?.rawValue))\t\(Self.escape(state.stage?.rawValue))\t\(targets)\n"
            }
        }
        out += "END\n"
        return Data(out.utf8)
    }

    /// Decodes a cache; nil when it is truncated, corrupt or of another format.
    /// `eventsOnly` skips the tracker state, which only incremental updates need.
    public static func decode(_ data: Data, eventsOnly: Bool = false) -> TimelineCache? {
        try? decodeOrThrow(data, eventsOnly: eventsOnly)
    }

    private struct Corrupt: Error {}

    private static func decodeOrThrow(_ data: Data, eventsOnly: Bool) throws -> TimelineCache {
        guard let text = String(data: data, encoding: .utf8) else { throw Corrupt() }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        guard lines.first == Substring(formatVersion) else { throw Corrupt() }
        lines = lines.dropFirst()
        // A cache cut short by a crash lacks its last line.
        guard lines.count >= 3, lines.last == "", lines.dropLast().last == "END" else { throw Corrupt() }
        lines = lines.dropLast(2)
        let header = lines.first!.split(separator: "\t", omittingEmptySubsequences: false)
        guard header.count == 3, header[0] == "T" else { throw Corrupt() }
        let tip = try required(header[1]), fingerprint = try required(header[2])
        lines = lines.dropFirst()
        var events: [TimelineEvent] = []
        var commit: CommitStamp?
        var folders: [String: [SourceFile]] = [:]
        var found: [String: [VEPState]] = [:]
        var folder: String?
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            switch fields.first {
            case "C":
                guard fields.count == 6 else { throw Corrupt() }
                commit = CommitStamp(id: String(fields[1]), date: try required(fields[2]), authorName: try required(fields[3]),
                                     authorEmail: try required(fields[4]), subject: try required(fields[5]))
            case "E":
                guard fields.count == 7, let commit, let vep = Int(fields[1]), let kind = EventKind(rawValue: String(fields[2])) else { throw Corrupt() }
                let field = try unescape(fields[3]).flatMap(Stage.init(rawValue:))
                events.append(TimelineEvent(commit: commit, change: Change(vep: vep, kind: kind, field: field,
                                                                           from: try unescape(fields[4]), to: try unescape(fields[5])),
                                            path: try unescape(fields[6])))
            case "F" where !eventsOnly:
                guard fields.count == 2 else { throw Corrupt() }
                let key = try required(fields[1])
                folder = key
                folders[key] = []
            case "M" where !eventsOnly:
                guard fields.count == 3, let folder else { throw Corrupt() }
                folders[folder]!.append(SourceFile(path: try required(fields[1]), contentID: try unescape(fields[2])))
            case "V" where !eventsOnly:
                guard fields.count == 8, let folder, let number = Int(fields[1]) else { throw Corrupt() }
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
            case "F", "M", "V":
                break
            default:
                throw Corrupt()
            }
        }
        return TimelineCache(tip: tip, fingerprint: fingerprint, events: events, snapshot: TrackerSnapshot(folders: folders, found: found))
    }

    private static func required(_ field: Substring) throws -> String {
        guard let text = try unescape(field) else { throw Corrupt() }
        return text
    }

    static func escape(_ text: String?) -> String {
        guard let text else { return "\\N" }
        guard text.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return text }
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.append(character)
            }
        }
        return result
    }

    /// nil for `\N`; throws on a dangling or unknown escape.
    static func unescape(_ field: Substring) throws -> String? {
        if field == "\\N" { return nil }
        guard field.contains("\\") else { return String(field) }
        var result = ""
        var escaping = false
        for character in field {
            if escaping {
                switch character {
                case "\\": result.append("\\")
                case "t": result.append("\t")
                case "n": result.append("\n")
                case "r": result.append("\r")
                default: throw Corrupt()
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        if escaping { throw Corrupt() }
        return result
    }
}

extension TimelineCache {
    /// The tip and fingerprint of an encoded cache, read without decoding the rest.
    public static func header(of data: Data) -> (tip: String, fingerprint: String)? {
        let prefix = data.prefix(4096)
        guard let text = String(data: prefix, encoding: .utf8) ?? String(data: prefix.dropLast(3), encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count >= 2, lines[0] == Substring(formatVersion) else { return nil }
        let fields = lines[1].split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0] == "T", let tip = try? unescape(fields[1]), let fingerprint = try? unescape(fields[2]) else { return nil }
        return (tip, fingerprint)
    }
}
