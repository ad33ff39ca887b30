import Foundation

/// One VEP's line in a release report.
public struct ReportEntry: Hashable, Sendable {
    public var number: Int
    public var title: String
    /// The owning SIG (front matter), else the group folder.
    public var group: String
    public var path: String
    public var status: Status?
    /// Stages whose target is the release, lowest first; empty for a slipped VEP.
    public var stages: [Stage]
    public var milestones: [Stage: Release]
    /// Commit date (ISO 8601) at which the VEP became tracked for the release: implementable (front matter)
    /// with a target in it, or first targeting it (legacy, no status); nil when it never was.
    public var accepted: String?
    /// Whether `accepted` fell on or before the release's VEP Freeze (UTC day); nil when either is unknown.
    public var beforeFreeze: Bool?
    /// Targeted the release once and no longer does.
    public var slipped: Bool
    /// Where the stage that targeted the release went; nil when its target was removed.
    public var slippedTo: Release?
    /// The stage that targeted the release before it slipped.
    public var slippedStage: Stage?
    /// Slipped because it was deleted: no longer at the revision (`path` and `title` are its last known).
    public var deleted = false
    /// The tracking issue.
    public var issueURL: String?

    /// The stage targeted in the release (the highest when several are).
    public var stage: Stage? { stages.last }

    /// Targets in other releases, like `alpha v1.8, GA v1.11`.
    public var otherTargets: String {
        let release = slipped ? nil : stages.first.flatMap { milestones[$0] }
        let others = Stage.allCases.compactMap { stage -> String? in
            guard let value = milestones[stage], value != release else { return nil }
            return "\(stage.displayName) \(value)"
        }
        return others.joined(separator: ", ")
    }
}

/// The release team's view of one release: every VEP that targets it, by SIG, and the ones that slipped.
public struct ReleaseReport: Sendable {
    public var release: Release
    /// The VEP Freeze day, when `.vep.yaml` schedules one.
    public var freeze: String?
    /// Targeting VEPs first (by SIG, then number), then slipped ones (by number).
    public var entries: [ReportEntry]
    /// `https://github.com/owner/repo`, when known.
    public var repositoryURL: String?

    public var targeting: [ReportEntry] { entries.filter { !$0.slipped } }
    public var slipped: [ReportEntry] { entries.filter(\.slipped) }

    /// Targeting entries grouped by SIG, SIGs sorted.
    public var bySIG: [(group: String, entries: [ReportEntry])] {
        Dictionary(grouping: targeting, by: \.group).sorted { $0.key < $1.key }.map { ($0.key, $0.value.sorted { $0.number < $1.number }) }
    }

    /// The release a report is about when none is named: the earliest scheduled release whose freeze
    /// is not past (`today` is a UTC day), else the highest release any VEP targets.
    public static func defaultRelease(configuration: Configuration, veps: [VEP], today: String) -> Release? {
        // A release whose freeze day is missing or misspelt says nothing of being open: only scheduled days count.
        if let open = configuration.releases.sorted(by: { $0.release < $1.release }).first(where: { ($0.vepFreeze ?? "") >= today }) {
            return open.release
        }
        return veps.flatMap { $0.milestones.releases.values }.max()
    }

    /// Builds the report from the VEPs at a revision and the timeline up to it (oldest first).
    public static func build(release: Release, veps: [VEP], timeline: [TimelineEvent], configuration: Configuration,
                             repositoryURL: String?) -> ReleaseReport {
        let freeze = configuration.schedule(for: release)?.vepFreeze
        let histories = Dictionary(grouping: timeline, by: \.change.vep)
        let renumberings = Renumberings(timeline)
        var entries: [ReportEntry] = []
        var seen: Set<Int> = []
        for vep in veps where !seen.contains(vep.number) {
            seen.insert(vep.number)
            let milestones = vep.milestones.releases
            let stages = Stage.allCases.filter { milestones[$0] == release }
            let replay = Replay(events: Self.history(of: vep.number, in: histories, renumberings: renumberings), release: release)
            guard !stages.isEmpty || replay.everTargeted else { continue }
            let slippedTo = replay.lastStage.flatMap { milestones[$0] }
            // Moved to an earlier release (a retroactive record, or pulled in): not slipped from this one.
            if stages.isEmpty, let slippedTo, slippedTo < release { continue }
            // The owning SIG as lint accepts it (`sig-compute`), else the group folder: `TBD` or `SIG-Compute` is no group.
            let owner = vep.document.owningSIG?.value.lowercased()
            var entry = ReportEntry(number: vep.number, title: vep.title, group: owner.flatMap { Scaffold.isSIG($0) ? $0 : nil } ?? vep.group ?? "-",
                                    path: vep.path, status: vep.status, stages: stages, milestones: milestones,
                                    accepted: nil, beforeFreeze: nil, slipped: stages.isEmpty, slippedTo: nil, slippedStage: nil,
                                    issueURL: repositoryURL.map { "\($0)/issues/\(vep.number)" })
            // Front matter whose status git-vep cannot read (`draft`, empty) is not a legacy VEP without one: not accepted.
            let unreadableStatus = vep.document.hasFrontMatterBlock && vep.status == nil
            entry.accepted = unreadableStatus ? nil : replay.accepted
            if let accepted = entry.accepted, let freeze, let day = utcDay(ofISODate: accepted) {
                entry.beforeFreeze = day <= freeze
            }
            if entry.slipped {
                entry.slippedStage = replay.lastStage
                entry.slippedTo = slippedTo
            }
            entries.append(entry)
        }
        // VEPs deleted since (not renumbered: those are there under their new number) that targeted the release: slipped,
        // as the README promises, with their last known place.
        for (number, events) in histories where !seen.contains(number) {
            guard let last = events.last, last.change.kind == .deleted, renumberings.note(for: last) == nil else { continue }
            let replay = Replay(events: Self.history(of: number, in: histories, renumberings: renumberings), release: release)
            guard replay.everTargeted, let path = last.change.from else { continue }
            let parts = configuration.layout.components(of: path)
            let name = parts?.directory ?? parts.map { ($0.file as NSString).deletingPathExtension } ?? (path as NSString).lastPathComponent
            var entry = ReportEntry(number: number, title: VEPDocument.humanize(slug: name), group: parts?.group ?? "-", path: path, status: nil,
                                    stages: [], milestones: [:], accepted: nil, beforeFreeze: nil, slipped: true, slippedTo: nil,
                                    slippedStage: replay.lastStage, issueURL: repositoryURL.map { "\($0)/issues/\(number)" })
            entry.deleted = true
            entries.append(entry)
        }
        entries.sort { a, b in
            if a.slipped != b.slipped { return !a.slipped }
            return a.slipped ? a.number < b.number : (a.group, a.number) < (b.group, b.number)
        }
        return ReleaseReport(release: release, freeze: freeze, entries: entries, repositoryURL: repositoryURL)
    }

    /// A VEP's events, with those of the number it was renumbered from (upstream's 22 → 25 in #96) up to the
    /// renumbering: the document is the same, and so is when it was accepted. The renumbering's own deletion and
    /// creation are left out (they would start it afresh).
    static func history(of number: Int, in histories: [Int: [TimelineEvent]], renumberings: Renumberings,
                        followed: Set<Int> = []) -> [TimelineEvent] {
        let events = histories[number] ?? []
        guard let start = events.lastIndex(where: { renumberings.predecessor(of: $0) != nil }),
              let earlier = renumberings.predecessor(of: events[start]), !followed.contains(earlier) else { return events }
        let commit = events[start].commit.id
        let before = history(of: earlier, in: histories, renumberings: renumberings, followed: followed.union([number]))
        // The earlier number's events up to the renumbering's commit, then this number's from it on.
        let upTo = before.firstIndex { $0.commit.id == commit } ?? before.endIndex
        let from = events[start...].filter { !($0.commit.id == commit && $0.change.kind == .created) }
        return Array(before[..<upTo]) + from
    }

    /// One VEP's history replayed for one release.
    struct Replay {
        var everTargeted = false
        /// The stage that last held the release.
        var lastStage: Stage?
        var accepted: String?

        init(events: [TimelineEvent], release: Release) {
            var status: Status?
            var milestones: [Stage: Release] = [:]
            var tracked = false
            var holds = false
            var runStart: String?
            for (index, event) in events.enumerated() {
                let change = event.change
                switch change.kind {
                case .created, .deleted:
                    status = nil
                    milestones = [:]
                case .status:
                    status = change.to.flatMap(Status.init(rawValue:))
                case .milestone:
                    if let stage = change.field { milestones[stage] = change.to.flatMap(Release.init) }
                default: break
                }
                // Judge the state once all of a commit's events for this VEP are applied.
                if index + 1 < events.count, events[index + 1].commit.id == event.commit.id { continue }
                let holding = Stage.allCases.filter { milestones[$0] == release }
                if let last = holding.last {
                    everTargeted = true
                    lastStage = last
                }
                let now = !holding.isEmpty && (status == nil || status == .implementable || status == .implemented)
                if now && !tracked { runStart = event.commit.date }
                tracked = now
                // The latest time it entered the release counts; a VEP that slipped keeps the one it had.
                if now { accepted = runStart }
                holds = !holding.isEmpty
            }
            // Still targeting the release but no longer accepted (a legacy VEP migrated as provisional, one deferred):
            // not accepted.
            if holds && !tracked { accepted = nil }
        }
    }

    /// `2026-06-24T23:30:00-02:00` → `2026-06-25`: the UTC day, as the freeze rule judges it.
    public static func utcDay(ofISODate text: String) -> String? { CalendarDay.utc(ofISODate: text) }

    /// `https://github.com/owner/repo` from `.vep.yaml` `repository: owner/repo` or a remote URL
    /// (`git@github.com:owner/repo.git`, `https://github.com/owner/repo`, `ssh://git@host/owner/repo.git`).
    public static func repositoryURL(configured: String?, remote: String?) -> String? {
        if let configured = configured?.trimmed, !configured.isEmpty {
            if configured.contains("://") || configured.contains("@") { return webURL(remote: configured) }
            let parts = configured.split(separator: "/")
            if parts.count == 2 { return "https://github.com/\(parts[0])/\(parts[1])" }
        }
        return remote.flatMap(webURL(remote:))
    }

    private static func webURL(remote text: String) -> String? {
        var rest = text.trimmed
        var host: String
        if let scheme = rest.range(of: "://") {
            rest = String(rest[scheme.upperBound...])
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            host = String(rest[..<slash])
            rest = String(rest[slash...].dropFirst())
        } else if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/") {
            host = String(rest[..<colon])
            rest = String(rest[rest.index(after: colon)...])
        } else {
            return nil
        }
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        if let port = host.firstIndex(of: ":") { host = String(host[..<port]) }
        if rest.hasSuffix("/") { rest.removeLast() }
        if rest.hasSuffix(".git") { rest.removeLast(4) }
        let parts = rest.split(separator: "/")
        guard !host.isEmpty, parts.count >= 2 else { return nil }
        return "https://\(host)/\(parts.joined(separator: "/"))"
    }
}

// MARK: Text formats

extension ReleaseReport {
    /// Text from the documents as Markdown that renders it as written: the characters that start markup escaped (so a
    /// title's `<details>` or backticks stay text, `&lt;` stays five characters, and `|` cannot end a table cell),
    /// control characters shown as visible signs (a carriage return would end a table row on GitHub), line breaks as
    /// spaces.
    static func markdownText(_ text: String) -> String {
        var result = ""
        for scalar in text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ").terminalSafe.unicodeScalars {
            // A backslash escape is CommonMark's for any ASCII punctuation; these are the ones that can start markup.
            if "\\`*_[]<>|&~!".unicodeScalars.contains(scalar) { result.append("\\") }
            result.unicodeScalars.append(scalar)
        }
        return result
    }

    public enum Format: String, CaseIterable, Sendable {
        case table, json, markdown, html
    }

    public func render(_ format: Format, generated: String) -> String {
        switch format {
        case .table: return table
        case .json: return json
        case .markdown: return markdown
        case .html: return html(generated: generated)
        }
    }

    private func freezeCell(_ entry: ReportEntry) -> String {
        switch entry.beforeFreeze {
        case true?: return "before"
        case false?: return "after"
        case nil: return "-"
        }
    }

    /// The UTC day of an accepted date: the day the VEP Freeze is judged on, so the two columns never disagree.
    static func acceptedDay(_ iso: String?) -> String? { iso.map { utcDay(ofISODate: $0) ?? String($0.prefix(10)) } }

    private func day(_ iso: String?) -> String { Self.acceptedDay(iso) ?? "-" }

    var header: String {
        "VEPs for \(release)" + (freeze.map { " (VEP Freeze \($0); days in UTC)" } ?? " (no VEP Freeze scheduled; days in UTC)")
    }

    public var table: String {
        var text = header + "\n"
        if targeting.isEmpty { text += "\nno VEP targets \(release)\n" }
        for (group, entries) in bySIG {
            var rows = [["VEP", "STAGE", "STATUS", "ACCEPTED", "FREEZE", "OTHER TARGETS", "TITLE"]]
            for entry in entries {
                rows.append(["\(entry.number)", entry.stages.map(\.displayName).joined(separator: "+"), entry.status?.rawValue ?? "-",
                             day(entry.accepted), freezeCell(entry), entry.otherTargets.isEmpty ? "-" : entry.otherTargets, entry.title])
            }
            text += "\n\(group.terminalSafe)\n" + indent(columns(rows)) + "\n"
        }
        if !slipped.isEmpty {
            var rows = [["VEP", "WAS", "NOW", "GROUP", "TITLE"]]
            for entry in slipped {
                rows.append(["\(entry.number)", entry.slippedStage?.displayName ?? "-",
                             entry.deleted ? "deleted" : entry.slippedTo.map { "\($0)" } ?? "no target", entry.group, entry.title])
            }
            text += "\nslipped from \(release)\n" + indent(columns(rows)) + "\n"
        }
        return text
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }

    /// Cells come from the documents: control characters (an escape sequence in a title) are shown, not sent.
    private func columns(_ rows: [[String]]) -> String {
        let rows = rows.map { $0.map(\.terminalSafe) }
        var widths = Array(repeating: 0, count: rows.map(\.count).max() ?? 0)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    public var json: String {
        let objects = entries.map { entry -> String in
            var fields: [(String, String)] = [
                ("number", "\(entry.number)"),
                ("title", JSONText.string(entry.title)),
                ("group", JSONText.string(entry.group)),
                ("status", JSONText.optional(entry.status?.rawValue)),
                ("stage", JSONText.optional(entry.stage?.rawValue)),
                ("stages", "[" + entry.stages.map { JSONText.string($0.rawValue) }.joined(separator: ", ") + "]"),
                ("milestones", "{" + Stage.allCases.map { "\"\($0.rawValue)\": \(JSONText.optional(entry.milestones[$0]?.description))" }.joined(separator: ", ") + "}"),
                ("accepted", JSONText.optional(entry.accepted)),
                ("before_freeze", entry.beforeFreeze.map { $0 ? "true" : "false" } ?? "null"),
                ("slipped", entry.slipped ? "true" : "false"),
                ("slipped_to", JSONText.optional(entry.slippedTo?.description)),
                // The stage that held the release before it slipped; null for VEPs still targeting it.
                ("slipped_stage", JSONText.optional(entry.slipped ? entry.slippedStage?.rawValue : nil)),
                ("deleted", entry.deleted ? "true" : "false"),
            ]
            fields.append(("release", JSONText.string(release.description)))
            fields.append(("vep_freeze", JSONText.optional(freeze)))
            fields.append(("path", JSONText.string(entry.path)))
            fields.append(("issue", JSONText.optional(entry.issueURL)))
            return "  {" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
        }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    public var markdown: String {
        func cell(_ text: String) -> String { Self.markdownText(text) }
        func link(_ entry: ReportEntry) -> String {
            entry.issueURL.map { "[#\(entry.number)](\($0))" } ?? "#\(entry.number)"
        }
        var text = "## VEPs for \(release)\n\n"
        text += freeze.map { "VEP Freeze: **\($0)**. " } ?? "No VEP Freeze is scheduled for \(release). "
        text += "\(targeting.count) VEP\(targeting.count == 1 ? "" : "s") target\(targeting.count == 1 ? "s" : "") \(release)"
        text += slipped.isEmpty ? ".\n" : "; \(slipped.count) slipped.\n"
        for (group, entries) in bySIG {
            text += "\n### \(cell(group))\n\n| VEP | Title | Stage | Status | Accepted | Before freeze | Other targets |\n|---|---|---|---|---|---|---|\n"
            for entry in entries {
                let freeze = entry.beforeFreeze.map { $0 ? "yes" : "**no**" } ?? "—"
                text += "| \(link(entry)) | \(cell(entry.title)) | \(entry.stages.map(\.displayName).joined(separator: ", ")) | \(entry.status?.rawValue ?? "—") "
                    + "| \(Self.acceptedDay(entry.accepted) ?? "—") | \(freeze) | \(entry.otherTargets.isEmpty ? "—" : cell(entry.otherTargets)) |\n"
            }
        }
        if !slipped.isEmpty {
            text += "\n### Slipped from \(release)\n\n| VEP | Title | SIG | Was | Now |\n|---|---|---|---|---|\n"
            for entry in slipped {
                text += "| \(link(entry)) | \(cell(entry.title)) | \(cell(entry.group)) | \(entry.slippedStage?.displayName ?? "—") \(release) "
                    + "| \(entry.deleted ? "deleted" : entry.slippedTo.map { "\(entry.slippedStage?.displayName ?? "") \($0)" } ?? "no target") |\n"
            }
        }
        return text
    }
}
