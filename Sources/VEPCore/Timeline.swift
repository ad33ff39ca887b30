import Foundation

/// What the timeline tracks of one VEP at one point in history.
public struct VEPState: Hashable, Sendable {
    public var number: Int
    public var path: String
    public var status: Status?
    public var stage: Stage?
    public var milestones: [Stage: Release]

    public init(number: Int, path: String, status: Status? = nil, stage: Stage? = nil, milestones: [Stage: Release] = [:]) {
        self.number = number
        self.path = path
        self.status = status
        self.stage = stage
        self.milestones = milestones
    }

    public init(_ vep: VEP, number: Int) {
        self.init(number: number, path: vep.path, status: vep.status, stage: vep.stage, milestones: vep.milestones.releases)
    }
}

/// Kinds of timeline events, in the order they are listed within one commit.
public enum EventKind: String, CaseIterable, Sendable, Codable, Comparable {
    case created, moved, status, stage, milestone, deleted

    public static func < (lhs: EventKind, rhs: EventKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One change of one VEP's metadata, without the commit it belongs to.
public struct Change: Hashable, Sendable {
    public let vep: Int
    public let kind: EventKind
    /// The milestone's stage for `milestone` events; nil otherwise.
    public let field: Stage?
    public let from: String?
    public let to: String?

    public init(vep: Int, kind: EventKind, field: Stage? = nil, from: String?, to: String?) {
        self.vep = vep
        self.kind = kind
        self.field = field
        self.from = from
        self.to = to
    }

    /// The change in words: "beta target set to v1.10", "status provisional → implementable".
    public var summary: String {
        switch kind {
        case .created: return "created at \(to ?? "?")"
        case .deleted: return "deleted from \(from ?? "?")"
        case .moved: return "moved from \(from ?? "?") to \(to ?? "?")"
        case .status, .stage:
            switch (from, to) {
            case (nil, let to?): return "\(kind.rawValue) set to \(to)"
            case (let from?, nil): return "\(kind.rawValue) \(from) removed"
            default: return "\(kind.rawValue) \(from ?? "-") → \(to ?? "-")"
            }
        case .milestone:
            let stage = field?.displayName ?? "?"
            switch (from, to) {
            case (nil, let to?): return "\(stage) target set to \(to)"
            case (let from?, nil): return "\(stage) target \(from) removed"
            default: return "\(stage) target \(from ?? "-") → \(to ?? "-")"
            }
        }
    }

    /// The events between two snapshots' states, by VEP number, then kind
    /// (created, moved, status, stage, milestone alpha/beta/GA, deleted).
    public static func between(_ old: [Int: VEPState], _ new: [Int: VEPState]) -> [Change] {
        var changes: [Change] = []
        for number in Set(old.keys).union(new.keys).sorted() {
            switch (old[number], new[number]) {
            case (nil, let after?):
                changes.append(Change(vep: number, kind: .created, from: nil, to: after.path))
                changes += differences(number, VEPState(number: number, path: after.path), after)
            case (let before?, nil):
                changes.append(Change(vep: number, kind: .deleted, from: before.path, to: nil))
            case (let before?, let after?):
                if before.path != after.path {
                    changes.append(Change(vep: number, kind: .moved, from: before.path, to: after.path))
                }
                changes += differences(number, before, after)
            case (nil, nil):
                break
            }
        }
        return changes
    }

    private static func differences(_ number: Int, _ before: VEPState, _ after: VEPState) -> [Change] {
        var changes: [Change] = []
        if before.status != after.status {
            changes.append(Change(vep: number, kind: .status, from: before.status?.rawValue, to: after.status?.rawValue))
        }
        if before.stage != after.stage {
            changes.append(Change(vep: number, kind: .stage, from: before.stage?.rawValue, to: after.stage?.rawValue))
        }
        for stage in Stage.allCases where before.milestones[stage] != after.milestones[stage] {
            changes.append(Change(vep: number, kind: .milestone, field: stage,
                                  from: before.milestones[stage]?.description, to: after.milestones[stage]?.description))
        }
        return changes
    }
}

/// Who made a commit and when, as the timeline reports it. The fields live in one shared object:
/// a long timeline holds tens of thousands of events, several per commit.
public struct CommitStamp: Hashable, Sendable {
    private final class Fields: Sendable {
        let id: String
        let date: String
        let authorName: String
        let authorEmail: String
        let subject: String
        let pullRequest: Int?

        init(id: String, date: String, authorName: String, authorEmail: String, subject: String, pullRequest: Int?) {
            self.id = id
            self.date = date
            self.authorName = authorName
            self.authorEmail = authorEmail
            self.subject = subject
            self.pullRequest = pullRequest
        }
    }

    private let fields: Fields

    public var id: String { fields.id }
    /// Committer date, ISO 8601 with the commit's own offset.
    public var date: String { fields.date }
    public var authorName: String { fields.authorName }
    public var authorEmail: String { fields.authorEmail }
    public var subject: String { fields.subject }
    /// `Fix a thing (#332)` or `Merge pull request #332 from …` → 332.
    public var pullRequest: Int? { fields.pullRequest }

    public init(id: String, date: String, authorName: String, authorEmail: String, subject: String) {
        fields = Fields(id: id, date: date, authorName: authorName, authorEmail: authorEmail, subject: subject,
                        pullRequest: Self.pullRequest(in: subject))
    }

    /// The same commit with another author identity, e.g. the one `.mailmap` gives.
    public func withAuthor(name: String, email: String) -> CommitStamp {
        if name == authorName && email == authorEmail { return self }
        return CommitStamp(id: id, date: date, authorName: name, authorEmail: email, subject: subject)
    }

    public static func == (lhs: CommitStamp, rhs: CommitStamp) -> Bool {
        lhs.fields === rhs.fields
            || (lhs.id == rhs.id && lhs.date == rhs.date && lhs.authorName == rhs.authorName
                && lhs.authorEmail == rhs.authorEmail && lhs.subject == rhs.subject)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(date)
        hasher.combine(authorName)
        hasher.combine(authorEmail)
        hasher.combine(subject)
    }

    static func pullRequest(in subject: String) -> Int? {
        let bytes = Array(subject.utf8)
        func digits(from start: Int) -> (value: Int, end: Int)? {
            var end = start
            var value = 0
            // Up to 18 digits fit an Int; a longer run is no number here (not cut to a shorter, other one).
            while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39 {
                guard end - start < 18 else { return nil }
                value = value * 10 + Int(bytes[end] - 0x30)
                end += 1
            }
            return end > start ? (value, end) : nil
        }
        let merge = Array("Merge pull request #".utf8)
        if bytes.starts(with: merge), let number = digits(from: merge.count),
           number.end == bytes.count || bytes[number.end] == 0x20 {
            return number.value
        }
        // `(#332)` at the very end, trailing spaces allowed.
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard end >= 4, bytes[end - 1] == 0x29 else { return nil }
        var start = end - 1
        while start > 0, bytes[start - 1] >= 0x30, bytes[start - 1] <= 0x39 { start -= 1 }
        guard start < end - 1, start >= 2, bytes[start - 1] == 0x23, bytes[start - 2] == 0x28 else { return nil }
        guard let number = digits(from: start), number.end == end - 1 else { return nil }
        return number.value
    }
}

/// A change together with the commit that introduced it: one line of `git vep log --json`.
public struct TimelineEvent: Hashable, Sendable, Encodable {
    public let commit: CommitStamp
    public let change: Change
    /// The VEP's document path once the commit is applied (the old path for a deletion);
    /// for filtering by group, not part of the JSON contract.
    public let path: String?

    public init(commit: CommitStamp, change: Change, path: String? = nil) {
        self.commit = commit
        self.change = change
        self.path = path
    }

    enum Key: String, CodingKey { case vep, commit, date, author, pr, kind, field, from, to }
    enum AuthorKey: String, CodingKey { case name, email }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(change.vep, forKey: .vep)
        try container.encode(commit.id, forKey: .commit)
        try container.encode(commit.date, forKey: .date)
        var author = container.nestedContainer(keyedBy: AuthorKey.self, forKey: .author)
        try author.encode(commit.authorName, forKey: .name)
        try author.encode(commit.authorEmail, forKey: .email)
        try container.encode(commit.pullRequest, forKey: .pr)
        try container.encode(change.kind.rawValue, forKey: .kind)
        try container.encode(change.field?.rawValue, forKey: .field)
        try container.encode(change.from, forKey: .from)
        try container.encode(change.to, forKey: .to)
    }
}

/// Documents that changed their number and stayed where they were (upstream's VEP 22 became 25 in #96): in one commit,
/// one number deleted from a path and another created at it. The events say "deleted" and "created", as identity is
/// the number; the human output says which number each became or came from.
public struct Renumberings {
    private struct Key: Hashable {
        let commit: String
        let vep: Int
        let kind: EventKind
    }
    private var others: [Key: Int] = [:]

    public init(_ events: [TimelineEvent]) {
        var start = events.startIndex
        while start < events.endIndex {
            var end = start + 1
            while end < events.endIndex, events[end].commit.id == events[start].commit.id { end += 1 }
            let commit = events[start..<end]
            start = end
            let created = Dictionary(commit.filter { $0.change.kind == .created }.compactMap { event in event.change.to.map { ($0, event.change.vep) } },
                                     uniquingKeysWith: { first, _ in first })
            guard !created.isEmpty else { continue }
            for event in commit where event.change.kind == .deleted {
                guard let path = event.change.from, let successor = created[path], successor != event.change.vep else { continue }
                others[Key(commit: event.commit.id, vep: event.change.vep, kind: .deleted)] = successor
                others[Key(commit: event.commit.id, vep: successor, kind: .created)] = event.change.vep
            }
        }
    }

    /// The number a creation took over (VEP 22, for VEP 25's creation in the renumbering); nil for any other event.
    public func predecessor(of event: TimelineEvent) -> Int? {
        guard event.change.kind == .created else { return nil }
        return others[Key(commit: event.commit.id, vep: event.change.vep, kind: .created)]
    }

    /// `renumbered to VEP 25` for VEP 22's deletion, `renumbered from VEP 22` for VEP 25's creation; nil for any other event.
    public func note(for event: TimelineEvent) -> String? {
        guard event.change.kind == .deleted || event.change.kind == .created,
              let other = others[Key(commit: event.commit.id, vep: event.change.vep, kind: event.change.kind)] else { return nil }
        return event.change.kind == .deleted ? "renumbered to VEP \(other)" : "renumbered from VEP \(other)"
    }

    /// The event's summary with its note: `deleted from … (renumbered to VEP 25)`.
    public func summary(of event: TimelineEvent) -> String {
        note(for: event).map { "\(event.change.summary) (\($0))" } ?? event.change.summary
    }
}

/// Follows the VEPs of a snapshot as files change, re-reading only the folders that changed.
/// Feed it a full listing once, then each commit's changed files.
public final class CatalogTracker {
    public let layout: Layout
    private let read: (SourceFile) throws -> FileContent
    /// Files under the root, by folder key, then path.
    private(set) var folders: [String: [String: SourceFile]] = [:]
    /// What each folder held last time it was read.
    private(set) var found: [String: [VEPState]] = [:]
    /// Every document claiming a number, by path: two may claim one while a change is under way.
    private var holders: [Int: [String: VEPState]] = [:]
    public private(set) var states: [Int: VEPState] = [:]
    /// States before the current `apply`, for the numbers it touched.
    private var previous: [Int: VEPState?] = [:]
    /// The parsed current version of each Markdown file, so that unchanged siblings are not re-read.
    private var parsed: [String: (contentID: String, document: VEPDocument)] = [:]
    /// Documents parsed ahead of time (on other threads), by content id and path; used once.
    private var primed: [PrimedKey: VEPDocument] = [:]
    /// Two paths met that differ in bytes but not as Swift strings (Unicode normalization, or bytes that
    /// are not UTF-8): the state then depends on the order they came in, not on the tree alone.
    public private(set) var sawAmbiguousPaths = false
    /// A full listing (`reset`) held two documents claiming one number that only their history tells apart (see
    /// `update`), or a document that cannot be read (whose metadata is what it was before): the state then depends on
    /// what came before the listing, not on its tree alone.
    public private(set) var startDependsOnHistory = false
    /// Whether the document that spoke for a number keeps speaking for it against an equal claim (off while a whole
    /// state is read at once, which has no "before").
    private var keepsSpeakers = true
    /// While `reset` reads a state whole after a layout change: the states just before it.
    private var priorStates: [Int: VEPState] = [:]

    /// `path` without the layout's root (`veps/sig-a/1-x/vep.md` → `sig-a/1-x/vep.md`).
    private func underRoot(_ path: String) -> String? {
        Layout.bytes(of: path, under: layout.root).map { String(Substring($0)) }
    }

    /// Which of `claims` (paths of this tracker) continues the document at `spoke` in `tracker` (this one, or the one
    /// before a layout change): the same file under the root, else, its document renamed, the first by path in its
    /// VEP folder (a loose file is its own folder).
    private func successor(of spoke: String, in tracker: CatalogTracker, among claims: some Collection<String>) -> String? {
        let file = tracker.underRoot(spoke)
        if let same = claims.first(where: { underRoot($0) == file }) { return same }
        let folder = Discovery.folderKey(of: spoke, layout: tracker.layout).flatMap(tracker.underRoot)
        return claims.filter { Discovery.folderKey(of: $0, layout: layout).flatMap(underRoot) == folder }.min()
    }

    /// Records `path` for `key`, noting when it stands for another path's bytes.
    private func place(_ file: SourceFile?, at path: String, in key: String) {
        if path.unicodeScalars.contains("\u{FFFD}") { sawAmbiguousPaths = true }
        if let existing = folders[key]?[path], !existing.path.utf8.elementsEqual(path.utf8) { sawAmbiguousPaths = true }
        if let existingKey = folders.index(forKey: key), !folders.keys[existingKey].utf8.elementsEqual(key.utf8) {
            sawAmbiguousPaths = true
        }
        if let file {
            folders[key, default: [:]][path] = file
        } else {
            folders[key]?[path] = nil
        }
    }

    struct PrimedKey: Hashable {
        let contentID: String
        let path: String
    }

    /// Hands over documents parsed ahead of time for files that later `apply` calls will bring.
    public func prime(_ documents: [(file: SourceFile, document: VEPDocument)]) {
        for (file, document) in documents {
            guard let id = file.contentID else { continue }
            primed[PrimedKey(contentID: id, path: file.path)] = document.essentials
        }
    }

    public init(layout: Layout, read: @escaping (SourceFile) throws -> FileContent) {
        self.layout = layout
        self.read = read
    }

    /// Replaces everything with a full listing of the files under the root.
    /// - Parameter prior: the state just before, in another layout (a `.vep.yaml` changed it): which document spoke
    ///   for a number several claim (the one at the same place under the root), and the metadata of a VEP whose
    ///   document cannot be read, come from it; without one they depend on what came before the listing.
    public func reset(files: [SourceFile], prior: CatalogTracker? = nil) throws {
        folders = [:]
        found = [:]
        holders = [:]
        states = [:]
        parsed = [:]
        previous = [:]
        sawAmbiguousPaths = false
        startDependsOnHistory = false
        for file in files {
            guard let key = Discovery.folderKey(of: file.path, layout: layout) else { continue }
            place(file, at: file.path, in: key)
        }
        keepsSpeakers = false
        defer { keepsSpeakers = true }
        priorStates = prior?.states ?? [:]
        defer { priorStates = [:] }
        for key in folders.keys.sorted() { try refresh(key) }
        if let prior {
            // Among equal claims, the one that continues the document that spoke before.
            for (number, claims) in holders where claims.count > 1 {
                guard let spoke = prior.states[number]?.path else { continue }
                let speaker = successor(of: spoke, in: prior, among: claims.keys)
                if let first = claims.min(by: { speaksFirst($0.key, $1.key, for: number, speaker: speaker) }) { states[number] = first.value }
            }
            return
        }
        startDependsOnHistory = holders.contains { number, claims in
            let agreeing = claims.keys.filter { VEPDocument.directoryClaim(path: $0, layout: layout)?.number == number }
            return agreeing.count > 1 || (agreeing.isEmpty && claims.count > 1)
        } || parsed.values.contains { $0.document.isUnreadable }
    }

    /// Applies changed files (a nil content id is a deletion) and returns what changed, in
    /// timeline order. Only the folders of the changed files are read again.
    @discardableResult
    public func apply(_ changes: [(path: String, contentID: String?)]) throws -> [Change] {
        var touched: Set<String> = []
        for change in changes {
            guard let key = Discovery.folderKey(of: change.path, layout: layout) else { continue }
            touched.insert(key)
            if let id = change.contentID {
                place(SourceFile(path: change.path, contentID: id), at: change.path, in: key)
            } else {
                place(nil, at: change.path, in: key)
                parsed[change.path] = nil
                if folders[key]?.isEmpty == true { folders[key] = nil }
            }
        }
        guard !touched.isEmpty else { return [] }
        previous = [:]
        for key in touched.sorted() { try refresh(key) }
        let old = previous.compactMapValues { $0 }
        let new = Dictionary(uniqueKeysWithValues: previous.keys.compactMap { number in states[number].map { (number, $0) } })
        return Change.between(old, new)
    }

    private func refresh(_ key: String) throws {
        let before = found[key] ?? []
        var after: [VEPState] = []
        if let members = folders[key] {
            let files = members.values.sorted { $0.path < $1.path }
            let result = try Discovery.veps(inFolder: key, members: files, layout: layout) { file in
                if let id = file.contentID, let cached = parsed[file.path], cached.contentID == id {
                    return cached.document
                }
                let document: VEPDocument
                if let id = file.contentID, let ready = primed.removeValue(forKey: PrimedKey(contentID: id, path: file.path)) {
                    document = ready
                } else { switch try read(file) {
                case .data(let data): document = VEPDocument.parse(data: data, path: file.path, layout: layout)
                case .tooLarge(let size):
                    document = VEPDocument.unreadable(path: file.path, layout: layout,
                                                      message: "file is \(size) bytes, larger than the limit for a VEP document")
                } }
                if let id = file.contentID { parsed[file.path] = (id, document.essentials) }
                return document
            }
            after = result.veps.map { vep in
                var state = VEPState(vep, number: vep.number)
                // A version that cannot be read (binary, not UTF-8 text such as UTF-16, over the size limit) says nothing
                // about the metadata: it stays what it was, rather than "removed" now and "set" again once readable.
                // What it was before this change: in this folder, or where the VEP was (a move whose old folder was
                // read first has already given its state up), or before a layout change.
                if vep.document.isUnreadable,
                   let known = before.first(where: { $0.number == vep.number }) ?? previous[vep.number] ?? states[vep.number]
                    ?? priorStates[vep.number] {
                    state.status = known.status
                    state.stage = known.stage
                    state.milestones = known.milestones
                }
                return state
            }
        }
        found[key] = after.isEmpty ? nil : after
        update(removing: before, adding: after)
    }

    private func update(removing old: [VEPState], adding new: [VEPState]) {
        var numbers: Set<Int> = []
        for state in old {
            holders[state.number]?[state.path] = nil
            numbers.insert(state.number)
        }
        for state in new {
            holders[state.number, default: [:]][state.path] = state
            numbers.insert(state.number)
        }
        // Two documents claiming one number (a folder copied to start another VEP, or ahead of a move): one whose
        // folder agrees with the number speaks for it, then the one that spoke for it so far (a copy is no move, and the
        // original's changes stay its own), then the first by path.
        for number in numbers {
            if previous.index(forKey: number) == nil { previous[number] = .some(states[number]) }
            let spoke = keepsSpeakers ? states[number]?.path : nil
            let speaker = spoke.flatMap { path in holders[number].flatMap { successor(of: path, in: self, among: $0.keys) } }
            if let claims = holders[number], let first = claims.min(by: { speaksFirst($0.key, $1.key, for: number, speaker: speaker) }) {
                states[number] = first.value
            } else {
                holders[number] = nil
                states[number] = nil
            }
        }
    }

    private func speaksFirst(_ a: String, _ b: String, for number: Int, speaker: String?) -> Bool {
        let agreesA = VEPDocument.directoryClaim(path: a, layout: layout)?.number == number
        let agreesB = VEPDocument.directoryClaim(path: b, layout: layout)?.number == number
        if agreesA != agreesB { return agreesA }
        if let speaker, (a == speaker) != (b == speaker) { return a == speaker }
        return a < b
    }

    /// The tracker's whole state, for a cache: every file's content id, what each folder held, and which document
    /// speaks for each number that several claim.
    public var snapshot: TrackerSnapshot {
        let speakers = Dictionary(uniqueKeysWithValues: holders.compactMap { number, claims in
            claims.count > 1 ? states[number].map { (number, $0.path) } : nil
        })
        return TrackerSnapshot(folders: folders.mapValues { Array($0.values) }, found: found, speakers: speakers)
    }

    /// Restores a state saved with `snapshot`, without reading any file.
    public func restore(_ snapshot: TrackerSnapshot) {
        folders = snapshot.folders.mapValues { files in Dictionary(files.map { ($0.path, $0) }) { a, _ in a } }
        found = [:]
        holders = [:]
        states = [:]
        keepsSpeakers = false
        for (key, states) in snapshot.found {
            found[key] = states
            update(removing: [], adding: states)
        }
        keepsSpeakers = true
        for (number, path) in snapshot.speakers {
            if let state = holders[number]?[path] { states[number] = state }
        }
        previous = [:]
    }
}

/// A CatalogTracker's state, as a cache stores it.
public struct TrackerSnapshot: Hashable, Sendable {
    public var folders: [String: [SourceFile]]
    public var found: [String: [VEPState]]
    /// For each number several documents claim, the path of the one that speaks for it.
    public var speakers: [Int: String]

    public init(folders: [String: [SourceFile]], found: [String: [VEPState]], speakers: [Int: String] = [:]) {
        self.folders = folders
        self.found = found
        self.speakers = speakers
    }
}

extension TimelineEvent {
    /// One line of `git vep log --json`, keys in contract order:
    /// vep, commit, date, author, pr, kind, field, from, to.
    public var jsonLine: String {
        var bytes: [UInt8] = []
        appendJSONLine(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `jsonLine`'s bytes (no newline): `git vep log --json` writes tens of thousands of these.
    public func appendJSONLine(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: #"{"vep":"#.utf8)
        bytes.append(contentsOf: String(change.vep).utf8)
        bytes.append(contentsOf: #","commit":"#.utf8)
        JSONText.append(commit.id, to: &bytes)
        bytes.append(contentsOf: #","date":"#.utf8)
        JSONText.append(commit.date, to: &bytes)
        bytes.append(contentsOf: #","author":{"name":"#.utf8)
        JSONText.append(commit.authorName, to: &bytes)
        bytes.append(contentsOf: #","email":"#.utf8)
        JSONText.append(commit.authorEmail, to: &bytes)
        bytes.append(contentsOf: #"},"pr":"#.utf8)
        bytes.append(contentsOf: (commit.pullRequest.map(String.init) ?? "null").utf8)
        bytes.append(contentsOf: #","kind":"#.utf8)
        JSONText.append(change.kind.rawValue, to: &bytes)
        bytes.append(contentsOf: #","field":"#.utf8)
        JSONText.append(change.field?.rawValue, to: &bytes)
        bytes.append(contentsOf: #","from":"#.utf8)
        JSONText.append(change.from, to: &bytes)
        bytes.append(contentsOf: #","to":"#.utf8)
        JSONText.append(change.to, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
    }
}

/// JSON string literals, escaped as RFC 8259 requires.
public enum JSONText {
    public static func string(_ text: String) -> String {
        // Most values need no escaping at all.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + text + "\"" }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    public static func optional(_ text: String?) -> String {
        text.map(string) ?? "null"
    }

    /// Appends the literal for `text` (`null` for nil) as UTF-8.
    public static func append(_ text: String?, to bytes: inout [UInt8]) {
        guard let text else {
            bytes.append(contentsOf: "null".utf8)
            return
        }
        if text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            bytes.append(contentsOf: string(text).utf8)
        } else {
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
        }
    }
}
