import Foundation

/// Which metadata formats a document carries.
public enum MetadataFormat: String, Sendable, Codable {
    case legacy
    case frontMatter = "front-matter"
    case both
    case none
}

/// Where a VEP number was read from, strongest first.
public enum NumberSource: String, Sendable, Codable, Comparable {
    case frontMatter = "front matter"
    case heading
    case directory

    public static func < (lhs: NumberSource, rhs: NumberSource) -> Bool {
        let order: [NumberSource] = [.frontMatter, .heading, .directory]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
    }
}

/// One source's claim of a VEP's number.
public struct NumberClaim: Hashable, Sendable {
    public let number: Int
    public let source: NumberSource
    public let position: SourcePosition
}

/// A `This VEP targets <stage> for version: <value>` line of the legacy format.
public struct LegacyTarget: Hashable, Sendable {
    public let stage: Stage
    public let value: TargetValue
    /// The whole line is struck through (`~…~`): no target.
    public let struck: Bool
    /// `targeted` rather than `targets`.
    public let pastTense: Bool
    /// Where the value starts (or where it would be, when empty).
    public let position: SourcePosition
    public let isShipTarget: Bool

    /// The release this line sets, after striking and normalization.
    public var release: Release? { struck ? nil : value.release }
}

/// Alpha, beta and GA target releases.
public struct Milestones: Hashable, Sendable {
    public var alpha: Located<Release>?
    public var beta: Located<Release>?
    public var ga: Located<Release>?

    public init(alpha: Located<Release>? = nil, beta: Located<Release>? = nil, ga: Located<Release>? = nil) {
        self.alpha = alpha
        self.beta = beta
        self.ga = ga
    }

    public subscript(stage: Stage) -> Located<Release>? {
        get {
            switch stage {
            case .alpha: return alpha
            case .beta: return beta
            case .ga: return ga
            }
        }
        set {
            switch stage {
            case .alpha: alpha = newValue
            case .beta: beta = newValue
            case .ga: ga = newValue
            }
        }
    }

    /// The releases only, without positions.
    public var releases: [Stage: Release] {
        var result: [Stage: Release] = [:]
        for stage in Stage.allCases { if let release = self[stage]?.value { result[stage] = release } }
        return result
    }

    public var isEmpty: Bool { alpha == nil && beta == nil && ga == nil }
}

/// One Markdown file of a VEP, parsed. Every field keeps where it was written.
/// Parsing never fails: whatever is wrong is in `problems`.
public struct VEPDocument: Hashable, Sendable {
    public let path: String
    /// The group folder (`sig-network`, `meta-VEPs`), when the path has one.
    public let group: String?
    /// The number, from the strongest source that gives one.
    public var number: Int? { numberClaims.min { $0.source < $1.source }?.number }
    public var numberClaims: [NumberClaim] = []
    public var title: Located<String>?
    public var format: MetadataFormat = .none
    /// `# VEP #76 - Part 2: …`: a continuation document of VEP 76.
    public var continuationPart: Int?
    /// What a document without a number of its own needs to stand for the VEP its folder's name numbers: VEP
    /// metadata (legacy target lines; front matter status, stage, milestone or authors) or a title heading
    /// `# VEP: …` / `# VEP #…`. An appendix (`# Appendix`, `# VEP Appendix: …`, a FAQ with a `title:`) has none.
    public var readsAsVEP = false
    /// The document gives itself a number that names no VEP: `vep-number: 97.2`, or a title `# VEP #97.1: …`.
    public var claimsUnreadableNumber = false
    /// Made by `essentials`: headings, front matter and problems are left out, so rules cannot judge it.
    public var isEssentials = false
    /// The content could not be read at all (binary, or over the size limit): nothing but its path is known, and
    /// `problems` says why.
    public var isUnreadable = false

    public var frontMatter: FrontMatter?
    public var status: Located<Status>?
    public var stage: Located<Stage>?
    public var milestones = Milestones()
    public var authors: [Located<String>] = []
    public var reviewers: [Located<String>] = []
    public var approvers: [Located<String>] = []
    public var owningSIG: Located<String>?
    public var participatingSIGs: [Located<String>] = []
    public var featureGate: Located<String>?
    public var replaces: Located<String>?
    public var supersededBy: Located<String>?
    public var creationDate: Located<String>?

    public var legacyTargets: [LegacyTarget] = []
    /// Headings as GitHub renders them.
    public var headings: [Heading] = []
    public var problems: [Problem] = []

    public init(path: String, group: String?) {
        self.path = path
        self.group = group
    }

    /// The document reduced to identity (path, number claims, continuation part, whether it reads as a VEP), metadata (status, stage,
    /// milestones, format) and people (authors, reviewers, approvers): what the timeline follows, what a base
    /// revision is judged on, and what ownership reads of a trusted version. Long runs keep thousands of these.
    public var essentials: VEPDocument {
        var essentials = VEPDocument(path: path, group: group)
        essentials.numberClaims = numberClaims
        essentials.continuationPart = continuationPart
        essentials.readsAsVEP = readsAsVEP
        essentials.claimsUnreadableNumber = claimsUnreadableNumber
        essentials.isEssentials = true
        essentials.isUnreadable = isUnreadable
        essentials.format = format
        essentials.status = status
        essentials.stage = stage
        essentials.milestones = milestones
        essentials.authors = authors
        essentials.reviewers = reviewers
        essentials.approvers = approvers
        return essentials
    }

    /// Level-2 section titles in order.
    public var sections: [Heading] { headings.filter { $0.level == 2 } }

    /// Whether the document opens with a front matter block, valid YAML or not.
    public var hasFrontMatterBlock: Bool { format == .frontMatter || format == .both }
    /// The front matter opens on line 1 and never closes: where the Markdown starts is unknown, so what it seems to
    /// hold (its headings, sections, legacy prose) is no finding's ground.
    public var hasUnterminatedFrontMatter: Bool { problems.contains { $0.code == "frontmatter-unterminated" } }
}

/// Largest document read, in bytes; larger blobs are reported, not parsed.
public let maximumDocumentSize = 1 << 20

extension VEPDocument {
    /// Parses raw bytes: binary, non-UTF-8, or oversized content becomes a problem.
    public static func parse(data: Data, path: String, layout: Layout = .default) -> VEPDocument {
        if data.count > maximumDocumentSize {
            return unreadable(path: path, layout: layout, message: "file is \(data.count) bytes, larger than the \(maximumDocumentSize)-byte limit for a VEP document")
        }
        // An editor's UTF-16 (its byte order mark first) is text, only not UTF-8: said so, not "binary".
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            return unreadable(path: path, layout: layout, message: "file is UTF-16 text (it starts with a byte order mark), not UTF-8",
                              help: "save it as UTF-8, e.g. `iconv -f utf-16 -t utf-8`")
        }
        let hasNUL = data.prefix(8000).withUnsafeBytes { $0.baseAddress.map { memchr($0, 0, min(8000, data.count)) != nil } ?? false }
        if hasNUL {
            return unreadable(path: path, layout: layout, message: "file is binary (contains NUL bytes), not a Markdown document")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            // Read with each bad byte replaced, so that a stray Latin-1 character in the prose does not
            // hide the metadata; the finding says where the first one is.
            var document = parse(text: String(decoding: data, as: UTF8.self), path: path, layout: layout)
            let line = firstInvalidUTF8Line(data)
            document.problems.append(Problem(code: "document-unreadable",
                                             message: "file is not valid UTF-8 text"
                                                 + (line.map { ": line \($0) has a byte that is not part of a UTF-8 character" } ?? ""),
                                             at: line.map { SourcePosition(line: $0, column: 1) } ?? .start,
                                             help: "save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8`"))
            return document
        }
        return parse(text: text, path: path, layout: layout)
    }

    /// The line (from 1) holding the first byte that does not decode as UTF-8; nil when none is found.
    static func firstInvalidUTF8Line(_ data: Data) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var bytes = data.makeIterator()
        var line = 1
        while true {
            switch parser.parseScalar(from: &bytes) {
            case .valid(let scalar):
                if scalar.count == 1, scalar.first == 0x0A { line += 1 }
            case .error:
                return line
            case .emptyInput:
                return nil
            }
        }
    }

    /// A document whose content could not be read as text at all.
    public static func unreadable(path: String, layout: Layout, message: String,
                                  help: String = "replace it with a UTF-8 Markdown document under 1 MiB") -> VEPDocument {
        let parts = layout.components(of: path)
        var document = VEPDocument(path: path, group: parts?.group)
        document.isUnreadable = true
        if let claim = directoryClaim(path: path, layout: layout) { document.numberClaims.append(claim) }
        // Named as its folder (or file) names it, as a document without a title is.
        if let directory = parts?.directory ?? parts.map({ ($0.file as NSString).deletingPathExtension }) {
            document.title = Located(humanize(slug: directory), at: .start)
        }
        document.problems.append(Problem(code: "document-unreadable", message: message, at: .start, help: help))
        return document
    }

    public static func parse(text: String, path: String, layout: Layout = .default) -> VEPDocument {
        let parts = layout.components(of: path)
        var document = VEPDocument(path: path, group: parts?.group)
        let split = FrontMatterReader.split(text)
        document.problems += split.problems
        var hasFrontMatter = false
        if let yaml = split.yaml {
            hasFrontMatter = true
            let (frontMatter, problems) = FrontMatterReader.parse(yaml, closingLine: split.closingLine, firstLine: split.yamlFirstLine)
            document.problems += problems
            if let frontMatter {
                document.frontMatter = frontMatter
                document.readFrontMatter(frontMatter)
            }
        }
        let outline = MarkdownOutline(text: String(split.body), lineOffset: split.bodyLineOffset, collectsLines: Self.isMetadataSection)
        document.headings = outline.headings
        document.readHeadingIdentity(outline.headings)
        document.readLegacyTargets(outline, text: text)
        if let claim = directoryClaim(path: path, layout: layout) { document.numberClaims.append(claim) }
        let hasLegacy = !document.legacyTargets.isEmpty
            || outline.headings.contains { $0.text.containsASCIICaseInsensitive("target release") }
        switch (hasFrontMatter, hasLegacy) {
        case (true, true): document.format = .both
        case (true, false): document.format = .frontMatter
        case (false, true): document.format = .legacy
        case (false, false): document.format = .none
        }
        document.applyLegacyMilestones()
        if !document.legacyTargets.isEmpty || ["status", "stage", "milestone", "authors"].contains(where: { document.frontMatter?[$0] != nil }) {
            document.readsAsVEP = true
        }
        if document.title == nil, let directory = parts?.directory ?? parts.map({ ($0.file as NSString).deletingPathExtension }) {
            document.title = Located(humanize(slug: directory), at: .start)
        }
        return document
    }

    /// The number the VEP folder of `path` starts with (`veps/sig-network/183-dra-network/vep.md` → 183; a single-file
    /// VEP `183-dra.md` counts too); nil outside a numbered VEP folder.
    public static func folderNumber(of path: String, layout: Layout) -> Int? { directoryClaim(path: path, layout: layout)?.number }

    /// `183-dra-network` → 183; a single-file VEP `183-dra.md` counts too.
    static func directoryClaim(path: String, layout: Layout) -> NumberClaim? {
        guard let parts = layout.components(of: path) else { return nil }
        let name = parts.directory ?? (parts.file as NSString).deletingPathExtension
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, name.dropFirst(digits.count).first == "-", let number = Int(digits) else { return nil }
        return NumberClaim(number: number, source: .directory, position: .start)
    }

    static func humanize(slug: String) -> String {
        let withoutNumber = slug.drop { $0.isNumber }.drop { $0 == "-" }
        let words = (withoutNumber.isEmpty ? Substring(slug) : withoutNumber).split(separator: "-")
        guard let first = words.first else { return slug }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + words.dropFirst().map(String.init)).joined(separator: " ")
    }

    // MARK: Front matter

    private mutating func readFrontMatter(_ frontMatter: FrontMatter) {
        if let value = frontMatter["title"], let text = value.string, !text.isEmpty {
            title = Located(text, at: value.position)
        }
        if let value = frontMatter["vep-number"], let text = value.string {
            let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
            if let number = Int(digits), number > 0 {
                numberClaims.append(NumberClaim(number: number, source: .frontMatter, position: value.position))
            } else {
                claimsUnreadableNumber = true
                problems.append(Problem(code: "vep-number-invalid", message: "`vep-number` is `\(text)`, not a positive number",
                                        at: value.position, help: "set it to the number of the VEP's tracking issue"))
            }
        }
        if let value = frontMatter["status"], let text = value.string, let status = Status(rawValue: text.lowercased()) {
            self.status = Located(status, at: value.position)
        }
        if let value = frontMatter["stage"], let text = value.string, let stage = Stage(spelling: text) {
            self.stage = Located(stage, at: value.position)
        }
        authors = Self.strings(frontMatter["authors"])
        reviewers = Self.strings(frontMatter["reviewers"])
        approvers = Self.strings(frontMatter["approvers"])
        participatingSIGs = Self.strings(frontMatter["participating-sigs"])
        owningSIG = Self.string(frontMatter["owning-sig"])
        featureGate = Self.string(frontMatter["feature-gate"])
        replaces = Self.string(frontMatter["replaces"])
        supersededBy = Self.string(frontMatter["superseded-by"])
        creationDate = Self.string(frontMatter["creation-date"])
        if let milestone = frontMatter["milestone"], case .mapping(let pairs, _) = milestone {
            for pair in pairs {
                guard let stage = Stage(spelling: pair.key.value) else { continue }
                let raw = pair.value.string ?? ""
                switch TargetValue.parse(raw) {
                case .release(let release): milestones[stage] = Located(release, at: pair.value.position)
                case .none: break
                case .unrecognized(let text):
                    problems.append(Problem(code: "release-unrecognized",
                                            message: "`milestone.\(pair.key.value)` is `\(text)`, not a release",
                                            at: pair.value.position,
                                            help: "write a release like \"v1.9\", or leave the field out until it is planned"))
                }
            }
        }
    }

    private static func string(_ value: YAMLValue?) -> Located<String>? {
        guard let value, let text = value.string?.trimmed, !text.isEmpty else { return nil }
        return Located(text, at: value.position)
    }

    private static func strings(_ value: YAMLValue?) -> [Located<String>] {
        guard let value else { return [] }
        if let items = value.items { return items.compactMap { string($0) } }
        return string(value).map { [$0] } ?? []
    }

    // MARK: Headings

    private mutating func readHeadingIdentity(_ headings: [Heading]) {
        guard let first = headings.first(where: { $0.level == 1 }) ?? headings.first else { return }
        guard let identity = Self.headingIdentity(first.text) else {
            // A heading such as `# Overview` names a section, not the VEP.
            return
        }
        if identity.marked { readsAsVEP = true }
        if identity.unreadableNumber { claimsUnreadableNumber = true }
        if let number = identity.number {
            numberClaims.append(NumberClaim(number: number, source: .heading, position: first.position))
        }
        continuationPart = identity.part
        if title == nil, !identity.title.isEmpty {
            title = Located(identity.title, at: first.position)
        }
    }

    /// Reads `VEP #183: Title`, `VEP 183: …`, `VEP #0171: …`, `VEP-42 …`, `VEP: Title`, `VEP #76 - Part 2: …`.
    /// `marked`: `VEP` is followed by `#`, `-`, `:` or a number, as a title is (`# VEP Appendix: …` is not one).
    /// `unreadableNumber`: digits follow `VEP` but name no VEP (`VEP #97.1`, `VEP #0`).
    static func headingIdentity(_ text: String) -> (number: Int?, title: String, part: Int?, marked: Bool, unreadableNumber: Bool)? {
        var scanner = LineScanner(text)
        guard scanner.take("VEP"), scanner.atWordBoundary else { return nil }
        scanner.skipSpaces()
        var marked = scanner.take(anyOf: ["#", "-"])
        scanner.skipSpaces()
        var number: Int?
        var hadDigits = false
        if let digits = scanner.digits() {
            hadDigits = true
            // `VEP #97.1: …` is a part of VEP 97's design with a number of its own elsewhere, not VEP 97.
            var decimal = scanner
            let isDecimal = decimal.take(anyOf: ["."]) && decimal.digits() != nil
            number = isDecimal ? nil : Int(digits).flatMap { $0 > 0 ? $0 : nil }
            if isDecimal { scanner = decimal }
            marked = true
        } else {
            // The template's placeholder: `VEP #NNNN: …`.
            var placeholder = scanner
            var letters = 0
            while placeholder.take(anyOf: ["N"]) { letters += 1 }
            if letters > 0, placeholder.atWordBoundary { scanner = placeholder }
        }
        scanner.skipSpaces()
        if !marked {
            var colon = scanner
            marked = colon.take(anyOf: [":", "–", "—"])
        }
        // `VEP #76 - Part 2: …` is a continuation document.
        var part: Int?
        var continuation = scanner
        _ = continuation.take(anyOf: ["-", "–", "—", ":"])
        continuation.skipSpaces()
        if continuation.take("Part"), !continuation.isAtEnd {
            let before = continuation.position
            continuation.skipSpaces()
            if continuation.position > before, let digits = continuation.digits(), continuation.atWordBoundary {
                part = Int(digits)
                scanner = continuation
            }
        }
        let title = scanner.rest.trimming { ":-–— \t".unicodeScalars.contains($0) }
        return (number, title, part, marked, hadDigits && number == nil)
    }

    // MARK: Legacy prose

    /// Sections whose lines may carry legacy targets.
    static func isMetadataSection(_ heading: Heading) -> Bool {
        heading.text.containsASCIICaseInsensitive("target release") || heading.text.containsASCIICaseInsensitive("status metadata")
    }

    /// `This VEP target(s|ed) <stage> for[ version]: <value>`, any case.
    static func targetLine(_ text: String) -> (pastTense: Bool, stage: String, value: String)? {
        var scanner = LineScanner(text)
        scanner.skipSpaces()
        guard scanner.take("This"), scanner.atWordBoundary else { return nil }
        scanner.skipSpaces()
        guard scanner.take("VEP"), scanner.atWordBoundary else { return nil }
        scanner.skipSpaces()
        guard scanner.take("target") else { return nil }
        let pastTense: Bool
        if scanner.take("s") { pastTense = false } else if scanner.take("ed") { pastTense = true } else { return nil }
        let gap = scanner.position
        scanner.skipSpaces()
        guard scanner.position > gap, let stage = scanner.word() else { return nil }
        let beforeFor = scanner.position
        scanner.skipSpaces()
        guard scanner.position > beforeFor, scanner.take("for"), scanner.atWordBoundary else { return nil }
        var version = scanner
        let beforeVersion = version.position
        version.skipSpaces()
        if version.position > beforeVersion, version.take("version"), version.atWordBoundary { scanner = version }
        scanner.skipSpaces()
        guard scanner.take(anyOf: [":"]) else { return nil }
        scanner.skipSpaces()
        return (pastTense, stage, scanner.rest)
    }

    /// `Ship target version: <value>`, any case.
    static func shipLine(_ text: String) -> String? {
        var scanner = LineScanner(text)
        scanner.skipSpaces()
        for word in ["Ship", "target", "version"] {
            guard scanner.take(word), scanner.atWordBoundary else { return nil }
            scanner.skipSpaces()
        }
        guard scanner.take(anyOf: [":"]) else { return nil }
        scanner.skipSpaces()
        return scanner.rest
    }

    private mutating func readLegacyTargets(_ outline: MarkdownOutline, text source: String) {
        let metadataSections = Set(outline.headings.indices.filter { Self.isMetadataSection(outline.headings[$0]) })
        guard !metadataSections.isEmpty else { return }
        // Source lines are only needed to place values: find them on demand, scanning forward.
        let sourceLines = LineFinder(source)
        for line in outline.lines {
            guard let index = line.sectionIndex, metadataSections.contains(index) else { continue }
            let text = line.text
            var stage: Stage?
            var valueText = ""
            var pastTense = false
            var isShip = false
            if let target = Self.targetLine(text) {
                pastTense = target.pastTense
                // Unknown stages such as `alpha2` are not stages: the line is ignored.
                stage = Stage(spelling: target.stage)
                valueText = target.value
            } else if let ship = Self.shipLine(text) {
                stage = .ga
                isShip = true
                valueText = ship
            }
            guard let stage else { continue }
            let value = line.struck ? TargetValue.none : TargetValue.parse(valueText)
            let position = Self.valuePosition(of: valueText, onLine: line.line, sourceLines: sourceLines)
            legacyTargets.append(LegacyTarget(stage: stage, value: TargetValue.parse(valueText), struck: line.struck,
                                              pastTense: pastTense, position: position, isShipTarget: isShip))
            if case .unrecognized(let raw) = value {
                problems.append(Problem(code: "release-unrecognized",
                                        message: "\(stage.displayName) target `\(raw)` is not a release",
                                        at: position,
                                        help: "write a release like v1.9, or leave the value empty until it is planned"))
            }
        }
    }

    private static func valuePosition(of value: String, onLine line: Int, sourceLines: LineFinder) -> SourcePosition {
        guard let raw = sourceLines.line(line) else { return SourcePosition(line: max(line, 1), column: 1) }
        let trimmed = value.trimmed
        if !trimmed.isEmpty, let range = raw.firstRange(of: trimmed) {
            return SourcePosition(line: line, column: raw.distance(from: raw.startIndex, to: range.lowerBound) + 1)
        }
        if let colon = raw.lastIndex(of: ":") {
            return SourcePosition(line: line, column: raw.distance(from: raw.startIndex, to: colon) + 2)
        }
        return SourcePosition(line: line, column: 1)
    }

    /// Fills milestones the front matter leaves unset from the legacy lines:
    /// a present-tense line beats a past-tense one; a struck line means no target.
    private mutating func applyLegacyMilestones() {
        let declared = frontMatter?["milestone"]
        for stage in Stage.allCases {
            if let declared, declared[stage.rawValue] != nil || declared[stage.displayName] != nil { continue }
            let candidates = legacyTargets.filter { $0.stage == stage && !$0.struck }
            let chosen = candidates.first { !$0.pastTense && $0.release != nil }
                ?? candidates.first { $0.release != nil }
            if let chosen, let release = chosen.release {
                milestones[stage] = Located(release, at: chosen.position)
            }
        }
    }
}

/// Finds lines of a text by number, remembering where the last lookup ended (lookups mostly go forward).
final class LineFinder {
    private let text: String
    private var cursor: String.Index
    private var cursorLine = 1

    init(_ text: String) {
        self.text = text
        self.cursor = text.startIndex
    }

    /// Line `number` without its line break. Lines end as cmark-gfm and libyaml end them, whose positions the
    /// findings carry: at LF, CRLF, or a CR alone.
    func line(_ number: Int) -> Substring? {
        guard number >= 1 else { return nil }
        if number < cursorLine {
            cursor = text.startIndex
            cursorLine = 1
        }
        while cursorLine < number {
            guard let end = lineEnd(from: cursor), end.next != nil else { return nil }
            cursor = end.next!
            cursorLine += 1
        }
        guard let end = lineEnd(from: cursor) else { return nil }
        return Substring(text.utf8[cursor..<end.end])
    }

    /// Where the line starting at `start` ends, and where the next one starts (nil after the last line).
    private func lineEnd(from start: String.Index) -> (end: String.Index, next: String.Index?)? {
        let bytes = text.utf8
        guard start <= bytes.endIndex else { return nil }
        var index = start
        while index < bytes.endIndex {
            let byte = bytes[index]
            let after = bytes.index(after: index)
            if byte == 0x0A { return (index, after) }
            if byte == 0x0D {
                if after < bytes.endIndex, bytes[after] == 0x0A { return (index, bytes.index(after: after)) }
                return (index, after)
            }
            index = after
        }
        return (bytes.endIndex, nil)
    }

    /// Everything after line `number` (from 1); empty when the text has no more lines.
    func text(afterLine number: Int) -> Substring {
        guard number >= 1 else { return text[...] }
        var finder = text.startIndex
        for _ in 0..<number {
            guard let end = lineEnd(from: finder), let next = end.next else { return "" }
            finder = next
        }
        return Substring(text.utf8[finder...])
    }
}

extension StringProtocol {
    /// Whether `needle` (lowercase ASCII) occurs, ignoring ASCII case.
    func containsASCIICaseInsensitive(_ needle: StaticString) -> Bool {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        guard let first = pattern.first else { return true }
        let bytes = Array(utf8)
        guard bytes.count >= pattern.count else { return false }
        for start in 0...(bytes.count - pattern.count) where bytes[start] | 0x20 == first {
            var matched = true
            for offset in 1..<pattern.count where bytes[start + offset] | 0x20 != pattern[offset] {
                matched = false
                break
            }
            if matched { return true }
        }
        return false
    }
}
