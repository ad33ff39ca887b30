import Foundation

/// One file's content before and after a rewrite.
public struct FileRewrite: Hashable, Sendable {
    public let path: String
    public let before: String
    public let after: String

    public init(path: String, before: String, after: String) {
        self.path = path
        self.before = before
        self.after = after
    }
}

/// What a migration knows of a VEP beyond its documents: from the timeline and the command line.
public struct MigrationFacts: Hashable, Sendable {
    /// The status to record; nil writes none (legacy VEPs have none, and a migration then
    /// changes nothing the timeline follows).
    public var status: Status?
    /// `YYYY-MM-DD`: the day the VEP was created in history, else today.
    public var creationDate: String
    /// GitHub handles, when history names them.
    public var authors: [String]

    public init(status: Status?, creationDate: String, authors: [String]) {
        self.status = status
        self.creationDate = creationDate
        self.authors = authors
    }
}

/// Legacy "Target releases" prose → VEP 282 front matter, keeping the number, title, every target and the body.
public enum Migration {
    /// Whether the VEP's main document still lacks front matter (legacy prose, or no metadata at all).
    public static func needsMigration(_ vep: VEP) -> Bool {
        vep.document.frontMatter == nil
            && !vep.document.problems.contains { $0.code == "document-unreadable" || $0.code == "frontmatter-unterminated" }
    }

    /// The rewrites of the VEP's main document and of continuation documents that carry targets.
    /// `texts` holds the current text of those documents by path.
    public static func rewrites(of vep: VEP, texts: [String: String], facts: MigrationFacts, layout: Layout = .default) -> [FileRewrite] {
        guard let mainText = texts[vep.path] else { return [] }
        var block = FrontMatterBlock(title: vep.title, number: vep.number, creationDate: facts.creationDate, status: facts.status,
                                     authors: facts.authors, owningSIG: vep.group.flatMap { Scaffold.isSIG($0) ? $0 : nil } ?? "")
        block.milestones = vep.milestones.releases
        let body = replacingLegacyTargets(in: mainText, document: vep.document, note: [
            "Release targets are kept in the front matter `milestone` field (VEP 282).",
            "`git vep migrate` replaced the legacy Target releases list, which read:",
        ])
        let migrated = (block.text + "\n" + body.drop { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).withLineBreaks(of: mainText)
        var rewrites = [FileRewrite(path: vep.path, before: mainText, after: migrated)]
        let file = (layout.documentName as NSString).lastPathComponent
        for continuation in vep.continuations {
            guard let text = texts[continuation.path] else { continue }
            let rewritten = replacingLegacyTargets(in: text, document: continuation, note: [
                "Release targets are kept in the front matter `milestone` field of `\(file)` (VEP 282).",
                "`git vep migrate` replaced this part's Target releases list, which read:",
            ])
            if rewritten != text {
                rewrites.append(FileRewrite(path: continuation.path, before: text, after: rewritten.withLineBreaks(of: text)))
            }
        }
        return rewrites
    }

    /// What the migrated VEP still needs from a person before `git vep lint` accepts it.
    public static func stillMissing(_ vep: VEP, facts: MigrationFacts, layout: Layout = .default, text: String) -> [String] {
        var missing: [String] = []
        if facts.status == nil { missing.append("status") }
        if facts.authors.isEmpty { missing.append("authors (GitHub handles)") }
        // What `implementable-commitment` and `implementable-milestone` ask of an implementable VEP (only of it: an
        // implemented one has shipped, and a meta-VEP names no milestone).
        if facts.status == .implementable {
            missing.append("reviewers and approvers (named, no TBD, for implementable)")
            if layout.isMetaGroup(vep.group) {
                if vep.milestones.isEmpty { missing.append("a milestone (an implementable meta-VEP names the release of any stage)") }
            } else if vep.milestones.alpha == nil {
                missing.append("milestone.alpha (implementable needs it)")
            }
        }
        if facts.status == .replaced { missing.append("superseded-by (the number of the VEP that replaces it)") }
        if !(vep.group.map(Scaffold.isSIG) ?? false) { missing.append("owning-sig") }
        if !layout.isMetaGroup(vep.group) {
            let mentions = FeatureGateMentions(text: text, headings: vep.document.headings)
            if !mentions.names.isEmpty {
                missing.append("feature-gate (the body names \(mentions.names.map { "`\($0)`" }.joined(separator: ", ")))")
            } else if !mentions.optsOut {
                missing.append("feature-gate (or a sentence saying why there is none)")
            }
        }
        return missing
    }

    /// Target lines whose stage is none of alpha, beta and GA (`alpha2`, `announcement`): no milestone takes them,
    /// only the quoted note keeps them, so the person migrating is told.
    public static func unusedTargetLines(in text: String) -> [String] {
        text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).compactMap { line in
            let item = line.drop { " \t-*+>".contains($0) }
            guard let target = VEPDocument.targetLine(String(item)), Stage(spelling: target.stage) == nil else { return nil }
            return String(item).trimmed
        }
    }

    /// A line of the legacy list, including the ones the parser ignores (`alpha2`): quoted, not kept as prose.
    static func isTargetLine(_ line: String) -> Bool {
        line.range(of: #"^[\s>*+-]*~*\s*(This VEP target|Ship target version)"#, options: [.regularExpression, .caseInsensitive]) != nil
    }


    /// Replaces the Target releases section (or loose target lines) with `note` and a fenced copy of what the
    /// prose said, so nothing is silently dropped; HTML comments of the section stay as they were.
    /// The text is returned unchanged when it has no legacy targets.
    static func replacingLegacyTargets(in text: String, document: VEPDocument, note: [String]) -> String {
        var lines = DocumentLines(text)
        let headings = document.headings
        var removed: Set<Int> = []
        var headingLines: Set<Int> = []
        // Positions count lines as cmark-gfm does (a lone CR ends one); `removed` and the rest count lines of `lines`.
        let count = lines.markdownLineCount
        for (index, heading) in headings.enumerated() where heading.text.containsASCIICaseInsensitive("target release") {
            let end = DocumentLines.sectionEnd(of: index, in: headings, lineCount: count)
            guard heading.position.line <= count else { continue }
            let line = lines.line(ofMarkdownLine: heading.position.line)
            removed.formUnion(line...lines.line(ofMarkdownLine: min(end, count)))
            // A heading sharing its line with other text (after a lone CR) is kept with it, not dropped.
            if lines.isOneMarkdownLine(line) { headingLines.insert(line) }
        }
        for target in document.legacyTargets where target.position.line <= count { removed.insert(lines.line(ofMarkdownLine: target.position.line)) }
        guard let first = removed.min() else { return text }
        let ordered = removed.sorted()
        let comments = DocumentLines.commentLines(lines.lines[...])
        var kept: [String] = []
        var written: [String] = []
        // Several lists (upstream VEP 80: one per feature gate) are quoted under their headings, which say whose they are.
        let quotesHeadings = headingLines.count > 1
        for number in ordered where !headingLines.contains(number) || quotesHeadings {
            let line = lines.lines[number - 1]
            if headingLines.contains(number) {
                written.append(line.trimmed)
            } else if comments.contains(number) {
                kept.append(line)
            } else if !line.trimmed.isEmpty && !isTargetLine(line) {
                kept.append(line)
            } else if !line.trimmed.isEmpty {
                written.append(String(line.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed()))
            }
        }
        var block: [String] = []
        if !kept.isEmpty { block += kept + [""] }
        if written.isEmpty && headingLines.isEmpty { return text }
        block += note
        if !written.isEmpty {
            let longestRun = written.map { line in line.split(omittingEmptySubsequences: true) { $0 != "`" }.map(\.count).max() ?? 0 }.max() ?? 0
            let fence = String(repeating: "`", count: max(3, longestRun + 1))
            block += ["", fence + "text"] + written + [fence]
        }
        var output: [String] = []
        var afterBlock = false
        for (offset, line) in lines.lines.enumerated() {
            let number = offset + 1
            if number == first {
                if let last = output.last, !last.trimmed.isEmpty { output.append("") }
                output += block + [""]
                afterBlock = true
            }
            if removed.contains(number) { continue }
            // Blank lines that separated removed lines from what follows: the block ends with one.
            if afterBlock, line.trimmed.isEmpty { continue }
            afterBlock = false
            output.append(line)
        }
        lines.lines = output
        var result = lines.text
        if text.hasSuffix("\n"), !result.hasSuffix("\n") { result += "\n" }
        while result.hasSuffix("\n\n") && !text.hasSuffix("\n\n") { result.removeLast() }
        return result
    }
}

/// A unified diff of two texts, as `git diff` prints it (3 lines of context).
public enum UnifiedDiff {
    public static func render(path: String, before: String, after: String, context: Int = 3) -> String {
        let old = splitLines(before), new = splitLines(after)
        guard old != new else { return "" }
        // Common head and tail are matched directly; the middle, small for an edit, by longest common subsequence.
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let a = Array(old[prefix..<(old.count - suffix)]), b = Array(new[prefix..<(new.count - suffix)])
        enum Op { case same(Int, Int), delete(Int), insert(Int) }
        var ops: [Op] = (0..<prefix).map { .same($0, $0) }
        if a.count * b.count <= 4_000_000 {
            var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                for j in stride(from: b.count - 1, through: 0, by: -1) {
                    table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
                }
            }
            var i = 0, j = 0
            while i < a.count || j < b.count {
                if i < a.count, j < b.count, a[i] == b[j] {
                    ops.append(.same(prefix + i, prefix + j)); i += 1; j += 1
                } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
                    ops.append(.delete(prefix + i)); i += 1
                } else {
                    ops.append(.insert(prefix + j)); j += 1
                }
            }
        } else {
            ops += a.indices.map { .delete(prefix + $0) } + b.indices.map { .insert(prefix + $0) }
        }
        ops += (0..<suffix).map { .same(old.count - suffix + $0, new.count - suffix + $0) }

        var output = "--- a/\(path)\n+++ b/\(path)\n"
        let changed = ops.indices.filter { if case .same = ops[$0] { return false } else { return true } }
        var hunks: [ClosedRange<Int>] = []
        for index in changed {
            let range = max(0, index - context)...min(ops.count - 1, index + context)
            if let last = hunks.last, range.lowerBound <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                hunks.append(range)
            }
        }
        for hunk in hunks {
            var oldStart = 0, newStart = 0, oldCount = 0, newCount = 0
            var body = ""
            // Where the hunk starts in each file: the first line of that side, or the line before when it has none.
            var oldLine = 0, newLine = 0
            for op in ops[..<hunk.lowerBound] {
                switch op {
                case .same: oldLine += 1; newLine += 1
                case .delete: oldLine += 1
                case .insert: newLine += 1
                }
            }
            oldStart = oldLine + 1
            newStart = newLine + 1
            for op in ops[hunk] {
                switch op {
                case .same(let i, _): body += line(" ", old[i]); oldCount += 1; newCount += 1
                case .delete(let i): body += line("-", old[i]); oldCount += 1
                case .insert(let j): body += line("+", new[j]); newCount += 1
                }
            }
            if oldCount == 0 { oldStart -= 1 }
            if newCount == 0 { newStart -= 1 }
            output += "@@ -\(span(oldStart, oldCount)) +\(span(newStart, newCount)) @@\n" + body
        }
        return output
    }

    private static func span(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }

    /// Marks a last line without a line break: it differs from the same text with one, as in git.
    private static let noNewline = "\u{0}"

    private static func splitLines(_ text: String) -> [String] {
        var lines = text.splitAtLineFeeds()
        if text.hasSuffix("\n") || text.hasSuffix("\r\n") || text.isEmpty { lines.removeLast() } else { lines[lines.count - 1] += noNewline }
        return lines
    }

    private static func line(_ prefix: String, _ text: String) -> String {
        text.hasSuffix(noNewline) ? prefix + text.dropLast() + "\n\\ No newline at end of file\n" : prefix + text + "\n"
    }
}
