import Foundation

/// The VEP 282 front matter block as `git vep new` and `git vep migrate` write it: template field
/// order, the blank-line grouping of the upstream documents, values quoted where YAML needs it.
public struct FrontMatterBlock: Hashable, Sendable {
    public var title: String
    public var number: Int
    /// `YYYY-MM-DD`.
    public var creationDate: String
    /// Nil leaves the field for a person to fill in (a migrated legacy VEP has no status to carry over).
    public var status: Status?
    /// GitHub handles with their `@`; empty when unknown (the linter then asks for them).
    public var authors: [String]
    /// Empty when unknown (a meta-VEP whose owner is not known).
    public var owningSIG: String
    public var participatingSIGs: [String] = []
    public var reviewers: [String] = ["TBD"]
    public var approvers: [String] = ["TBD"]
    /// Left out when nil.
    public var featureGate: String?
    public var stage: Stage?
    /// Stages without a target are left out; an empty mapping leaves out `milestone` unless `placeholderMilestone`.
    public var milestones: [Stage: Release] = [:]
    /// Write `alpha: "TBD"` when there is no target, as upstream VEPs do before a release is planned.
    public var placeholderMilestone = false

    public init(title: String, number: Int, creationDate: String, status: Status?, authors: [String], owningSIG: String) {
        self.title = title
        self.number = number
        self.creationDate = creationDate
        self.status = status
        self.authors = authors
        self.owningSIG = owningSIG
    }

    public var text: String {
        func list(_ key: String, _ values: [String]) -> String {
            values.isEmpty ? "\(key): []\n" : "\(key):\n" + values.map { "  - \(yamlScalar($0))\n" }.joined()
        }
        var text = "---\n"
        text += "title: \(yamlScalar(title))\n"
        text += "vep-number: \(number)\n"
        text += "creation-date: \"\(creationDate)\"\n"
        if let status {
            text += "status: \(status.rawValue)\n\n"
        } else {
            text += "# status: to be set by the SIG (provisional, implementable or implemented; VEP 282)\n\n"
        }
        text += list("authors", authors) + "\n"
        text += "owning-sig: \(owningSIG.isEmpty ? "\"\"" : yamlScalar(owningSIG))\n"
        text += (participatingSIGs.isEmpty ? "participating-sigs: []\n" : list("participating-sigs", participatingSIGs)) + "\n"
        text += list("reviewers", reviewers) + list("approvers", approvers) + "\n"
        if let featureGate { text += "feature-gate: \(yamlScalar(featureGate))\n" }
        if let stage { text += "stage: \(stage.rawValue)\n" }
        if !milestones.isEmpty {
            text += "milestone:\n"
            for stage in Stage.allCases { if let release = milestones[stage] { text += "  \(stage.rawValue): \"\(release)\"\n" } }
        } else if placeholderMilestone {
            text += "milestone:\n  alpha: \"TBD\"\n"
        }
        if featureGate != nil || stage != nil || !milestones.isEmpty || placeholderMilestone { text += "\n" }
        text += "replaces: \"\"\nsuperseded-by: \"\"\n---\n"
        return text
    }
}

/// A YAML scalar for `value`: plain when that reads back the same, double-quoted otherwise.
func yamlScalar(_ value: String) -> String {
    let reserved: Set<String> = ["", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n"]
    let plain = value.range(of: #"^[A-Za-z0-9(][^:#\n\r\t"']*$"#, options: .regularExpression) != nil
        && !value.hasSuffix(" ") && !reserved.contains(value.lowercased()) && Double(value) == nil && !value.contains(": ")
    if plain && !value.contains(":") && !value.contains(" #") { return value }
    var escaped = "\""
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": escaped += "\\\""
        case "\\": escaped += "\\\\"
        case "\n": escaped += "\\n"
        case "\t": escaped += "\\t"
        default: escaped.unicodeScalars.append(scalar)
        }
    }
    return escaped + "\""
}

/// A document as lines, for edits at the line numbers the parser reports (1-based).
struct DocumentLines {
    var lines: [String]
    /// For each line as cmark-gfm counts them (the positions of headings and targets), the line of `lines` holding it,
    /// both from 1. They part after a lone CR inside a line of an LF file: it ends a line for cmark-gfm, while
    /// `lines` keeps it inside its line so that the file's other bytes are written back as they were.
    private let lineOfMarkdownLine: [Int]

    init(_ text: String) {
        lines = text.splitAtLineFeeds()
        var map: [Int] = []
        map.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            // A CR before the line's LF is part of a CRLF, and one at the very end of the text ends the last line.
            let loneCarriageReturns = line.utf8.dropLast().reduce(0) { $1 == 0x0D ? $0 + 1 : $0 }
            map += repeatElement(index + 1, count: 1 + loneCarriageReturns)
        }
        lineOfMarkdownLine = map
    }

    /// How many lines cmark-gfm counts in the text.
    var markdownLineCount: Int { lineOfMarkdownLine.count }

    /// The line of `lines` (from 1) holding cmark-gfm's line `line` (from 1, at most `markdownLineCount`).
    func line(ofMarkdownLine line: Int) -> Int { lineOfMarkdownLine[line - 1] }

    /// Whether line `number` of `lines` is one line for cmark-gfm too (it holds no lone CR).
    func isOneMarkdownLine(_ number: Int) -> Bool {
        guard let first = lineOfMarkdownLine.firstIndex(of: number) else { return false }
        return first + 1 == lineOfMarkdownLine.count || lineOfMarkdownLine[first + 1] != number
    }

    var text: String { lines.joined(separator: "\n") }

    /// The last line of the section that `heading` opens: before the next heading of the same or a higher level.
    static func sectionEnd(of index: Int, in headings: [Heading], lineCount: Int) -> Int {
        let heading = headings[index]
        let next = headings[(index + 1)...].first { $0.level <= heading.level }
        return max((next?.position.line ?? lineCount + 1) - 1, heading.position.line)
    }

    /// Which lines (1-based) lie inside an HTML comment block.
    static func commentLines(_ lines: ArraySlice<String>) -> Set<Int> {
        var result: Set<Int> = []
        var open = false
        for (index, line) in zip(lines.indices, lines) {
            let starts = line.contains("<!--")
            if open || starts { result.insert(index + 1) }
            if starts { open = true }
            if open, let close = line.range(of: "-->", options: .backwards),
               line.range(of: "<!--", options: .backwards).map({ $0.lowerBound < close.lowerBound }) ?? true {
                open = false
            }
        }
        return result
    }
}

extension String {
    /// The text's lines, split so that joining them with "\n" gives the text back byte for byte: at each LF (a CR
    /// before it stays with its line, so CRLF files round-trip), or, in a file with no LF at all, at each CR (a
    /// classic Mac file, whose breaks `withLineBreaks(of:)` writes back). Splitting on the Character "\n" instead
    /// misses CRLF files, where "\r\n" is one Character. (A stray CR inside an LF file stays inside its line.)
    func splitAtLineFeeds() -> [String] {
        let separator: UInt8 = utf8.contains(0x0A) || !utf8.contains(0x0D) ? 0x0A : 0x0D
        return utf8.split(separator: separator, omittingEmptySubsequences: false).map { String(Substring($0)) }
    }

    /// `text`, written with "\n", with the line breaks of `model` when `model` uses one kind throughout: CRLF
    /// when every LF of it has a CR before it, CR when it has no LF at all. Lines added to a file saved on Windows
    /// or a classic Mac then match the rest of it; a mixed file is left as it is.
    func withLineBreaks(of model: String) -> String {
        let bytes = Array(model.utf8)
        let feeds = bytes.indices.filter { bytes[$0] == 0x0A }
        let lineBreak: [UInt8]
        if feeds.isEmpty {
            guard bytes.contains(0x0D) else { return self }
            lineBreak = [0x0D]
        } else if feeds.allSatisfy({ $0 > 0 && bytes[$0 - 1] == 0x0D }) {
            lineBreak = [0x0D, 0x0A]
        } else {
            return self
        }
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count + utf8.count / 16)
        var previous: UInt8 = 0
        for byte in utf8 {
            if byte == 0x0A {
                if previous == 0x0D, lineBreak == [0x0D, 0x0A] { output.removeLast() }
                output += lineBreak
            } else {
                output.append(byte)
            }
            previous = byte
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// Everything `git vep new` needs to write a VEP.
public struct NewVEPRequest: Hashable, Sendable {
    public var number: Int
    public var title: String
    /// The group folder: `sig-network`, `meta-VEPs`.
    public var group: String
    public var owningSIG: String
    public var authors: [String]
    public var featureGate: String?
    /// `YYYY-MM-DD`.
    public var creationDate: String

    public init(number: Int, title: String, group: String, owningSIG: String, authors: [String], featureGate: String?, creationDate: String) {
        self.number = number
        self.title = title
        self.group = group
        self.owningSIG = owningSIG
        self.authors = authors
        self.featureGate = featureGate
        self.creationDate = creationDate
    }
}

/// Scaffolds a new VEP document from the repository's template.
public enum Scaffold {
    /// Folder slug of a title: lowercase ASCII words joined by single hyphens; accents are dropped.
    /// The longest slug `slug(for:)` makes: a folder name is for finding the VEP, and file systems cap a name at 255 bytes.
    public static let slugLimit = 60

    public static func slug(for title: String) -> String {
        let whole = slugify(title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX")))
        guard whole.count > slugLimit else { return whole }
        // Cut at the last whole word that fits (a word longer than the limit is cut inside).
        let cut = whole.prefix(slugLimit + 1)
        if let dash = cut.lastIndex(of: "-"), dash > cut.startIndex { return String(cut[..<dash]) }
        return String(whole.prefix(slugLimit))
    }

    /// `veps/<group>/<number>-<slug>/vep.md`, or nil when the title gives no slug.
    public static func path(for request: NewVEPRequest, layout: Layout) -> String? {
        let slug = slug(for: request.title)
        guard !slug.isEmpty else { return nil }
        return "\(layout.root)/\(request.group)/\(request.number)-\(slug)/\(layout.documentName)"
    }

    /// The new document: front matter filled in, then the template's body with its title heading
    /// set and its legacy metadata (the Target releases prose) left out, since front matter replaces it.
    /// The remaining metadata subsections (Release Signoff Checklist) become sections of their own.
    public static func document(template: String, request: NewVEPRequest, layout: Layout = .default) -> String {
        let split = FrontMatterReader.split(template)
        let body = String(split.body)
        let parsed = VEPDocument.parse(text: body, path: layout.templatePath, layout: layout)
        var lines = DocumentLines(body)
        var removed: Set<Int> = []
        var replaced: [Int: String] = [:]
        let headings = parsed.headings
        // Positions count lines as cmark-gfm does; `at` finds them in `lines`.
        let count = lines.markdownLineCount
        func at(_ position: SourcePosition) -> Int { lines.line(ofMarkdownLine: min(position.line, count)) }
        for (index, heading) in headings.enumerated() where heading.text.containsASCIICaseInsensitive("target release") {
            let end = DocumentLines.sectionEnd(of: index, in: headings, lineCount: count)
            removed.formUnion(at(heading.position)...lines.line(ofMarkdownLine: min(end, count)))
        }
        for (index, heading) in headings.enumerated() where heading.text.containsASCIICaseInsensitive("status metadata") {
            let end = DocumentLines.sectionEnd(of: index, in: headings, lineCount: count)
            removed.insert(at(heading.position))
            // Its subsections move up a level: `### Release Signoff Checklist` → `## Release Signoff Checklist`.
            for child in headings where child.level == heading.level + 1 && child.position.line > heading.position.line
                && child.position.line <= end && !removed.contains(at(child.position)) && lines.isOneMarkdownLine(at(child.position)) {
                let line = lines.lines[at(child.position) - 1]
                let marks = String(repeating: "#", count: child.level)
                if line.hasPrefix(marks + " ") { replaced[at(child.position)] = String(line.dropFirst()) }
            }
        }
        for target in parsed.legacyTargets { removed.insert(at(target.position)) }
        let titleLine = "# VEP #\(request.number): \(request.title)"
        if let first = headings.first(where: { $0.level == 1 }), lines.isOneMarkdownLine(at(first.position)) {
            replaced[at(first.position)] = titleLine
            removed.remove(at(first.position))
        }
        var output: [String] = []
        for (offset, line) in lines.lines.enumerated() {
            let number = offset + 1
            if removed.contains(number) { continue }
            output.append(replaced[number] ?? line)
        }
        if !headings.contains(where: { $0.level == 1 }) { output.insert(contentsOf: [titleLine, ""], at: 0) }
        // No runs of blank lines where sections were removed, none at the start.
        var compact: [String] = []
        for line in output {
            if line.trimmed.isEmpty && (compact.isEmpty || compact.last?.trimmed.isEmpty == true) { continue }
            compact.append(line)
        }
        lines.lines = compact
        var block = FrontMatterBlock(title: request.title, number: request.number, creationDate: request.creationDate,
                                     status: .provisional, authors: request.authors, owningSIG: request.owningSIG)
        block.featureGate = request.featureGate
        block.placeholderMilestone = true
        var text = block.text + "\n" + lines.text
        if text.utf8.last != 0x0A { text += "\n" }
        return text.withLineBreaks(of: template)
    }

    /// The group closest to what was typed: `network` → `sig-network`, `sig-netwrok` → `sig-network`.
    public static func closestGroup(to text: String, in groups: [String]) -> String? {
        if let exact = groups.first(where: { $0.lowercased() == text.lowercased() || $0.lowercased() == "sig-" + text.lowercased() }) {
            return exact
        }
        return closest(to: text, in: groups) ?? closest(to: "sig-" + text, in: groups)
    }

    /// A GitHub handle as front matter wants it (`@mira`), or nil when `text` is not one.
    public static func handle(_ text: String) -> String? {
        let handle = text.hasPrefix("@") ? text : "@" + text
        return NameShapes.isHandle(handle) ? handle : nil
    }

    /// The GitHub handle in a no-reply address (`12345+mira@users.noreply.github.com`), if any.
    public static func handle(fromEmail email: String) -> String? {
        let lowered = email.lowercased()
        guard lowered.hasSuffix("@users.noreply.github.com") else { return nil }
        let local = email.prefix { $0 != "@" }
        let name = local.split(separator: "+").last.map(String.init) ?? String(local)
        return handle(name)
    }

    public static func isSIG(_ text: String) -> Bool {
        NameShapes.isSIG(text)
    }
}
