/// A YAML value with where it was written, reduced to what VEP metadata uses.
public indirect enum YAMLValue: Hashable, Sendable {
    case scalar(String, quoted: Bool, SourcePosition)
    case sequence([YAMLValue], SourcePosition)
    case mapping([(key: Located<String>, value: YAMLValue)], SourcePosition)

    public var position: SourcePosition {
        switch self {
        case .scalar(_, _, let position), .sequence(_, let position), .mapping(_, let position): return position
        }
    }

    /// The text of a scalar, nil for collections and for a plain YAML null (`~`, `null`, empty).
    public var string: String? {
        guard case .scalar(let text, let quoted, _) = self else { return nil }
        if !quoted, ["", "~", "null", "Null", "NULL"].contains(text) { return nil }
        return text
    }

    public var isNull: Bool {
        if case .scalar = self { return string == nil }
        return false
    }

    public var items: [YAMLValue]? {
        if case .sequence(let items, _) = self { return items }
        return nil
    }

    public var kindName: String {
        switch self {
        case .scalar: return isNull ? "null" : "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    public subscript(key: String) -> YAMLValue? {
        guard case .mapping(let pairs, _) = self else { return nil }
        return pairs.first { $0.key.value == key }?.value
    }

    public static func == (lhs: YAMLValue, rhs: YAMLValue) -> Bool {
        switch (lhs, rhs) {
        case let (.scalar(a, qa, pa), .scalar(b, qb, pb)): return a == b && qa == qb && pa == pb
        case let (.sequence(a, pa), .sequence(b, pb)): return a == b && pa == pb
        case let (.mapping(a, pa), .mapping(b, pb)):
            return pa == pb && a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case let .scalar(text, quoted, position): hasher.combine(0); hasher.combine(text); hasher.combine(quoted); hasher.combine(position)
        case let .sequence(items, position): hasher.combine(1); hasher.combine(items); hasher.combine(position)
        case let .mapping(pairs, position):
            hasher.combine(2); hasher.combine(position)
            for pair in pairs { hasher.combine(pair.key); hasher.combine(pair.value) }
        }
    }
}

/// The YAML block between `---` lines at the very top of a document.
public struct FrontMatter: Hashable, Sendable {
    /// Top-level mapping entries in document order, with positions in the whole document.
    public let fields: [(key: Located<String>, value: YAMLValue)]
    /// Line of the opening `---` (always 1) and of the closing one.
    public let closingLine: Int

    public subscript(key: String) -> YAMLValue? {
        fields.first { $0.key.value == key }?.value
    }

    public func position(of key: String) -> SourcePosition? {
        fields.first { $0.key.value == key }?.key.position
    }

    public static func == (lhs: FrontMatter, rhs: FrontMatter) -> Bool {
        lhs.closingLine == rhs.closingLine && lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(closingLine)
        for field in fields { hasher.combine(field.key); hasher.combine(field.value) }
    }
}

/// Splits a document into its front matter and its Markdown body.
enum FrontMatterReader {
    struct Split {
        /// The YAML text, nil when the document has no front matter block.
        var yaml: String?
        /// The line of the YAML's first line: the one after the opening `---`.
        var yamlFirstLine = 2
        var closingLine: Int
        /// Markdown after the block, and how many lines precede it.
        var body: Substring
        var bodyLineOffset: Int
        var problems: [Problem]
    }

    static func split(_ text: String) -> Split {
        // Only a `---` on the very first line opens front matter (Jekyll and GitHub agree).
        let bytes = text.utf8
        func line(_ range: Range<String.Index>) -> Substring.UTF8View {
            var view = text[range].utf8
            while let last = view.last, last == 0x20 || last == 0x09 { view = view.dropLast() }
            while let first = view.first, first == 0x20 || first == 0x09 { view = view.dropFirst() }
            return view
        }
        // LF, CRLF and a lone CR each end a line, as they do for libyaml and cmark-gfm, whose positions the findings
        // carry (a file saved with CR line breaks keeps its front matter).
        func bounds(from start: String.Index) -> (end: String.Index, next: String.Index) {
            var index = start
            while index < text.endIndex {
                switch bytes[index] {
                case 0x0A:
                    return (index, bytes.index(after: index))
                case 0x0D:
                    let after = bytes.index(after: index)
                    return (index, after < text.endIndex && bytes[after] == 0x0A ? bytes.index(after: after) : after)
                default:
                    index = bytes.index(after: index)
                }
            }
            return (text.endIndex, text.endIndex)
        }
        let first = bounds(from: text.startIndex)
        guard first.next > first.end, line(text.startIndex..<first.end).elementsEqual("---".utf8) else {
            return Split(yaml: nil, closingLine: 0, body: text[...], bodyLineOffset: 0, problems: [])
        }
        var lineNumber = 1
        var cursor = first.next
        let yamlStart = cursor
        while cursor < text.endIndex {
            lineNumber += 1
            let current = bounds(from: cursor)
            let content = line(cursor..<current.end)
            if content.elementsEqual("---".utf8) || content.elementsEqual("...".utf8) {
                return Split(yaml: String(text[yamlStart..<cursor]), closingLine: lineNumber,
                             body: text[current.next...], bodyLineOffset: lineNumber, problems: [])
            }
            cursor = current.next
        }
        let problem = Problem(code: "frontmatter-unterminated",
                              message: "front matter opened on line 1 is never closed",
                              at: .start,
                              help: "add a line containing only `---` after the last metadata field")
        return Split(yaml: nil, closingLine: 0, body: text[...], bodyLineOffset: 0, problems: [problem])
    }

    /// libyaml's problem in a reader's words: its depth limit names its own API ("Maximum nesting level reached, set
    /// with yaml_set_max_nest_level())").
    static func plainWords(_ problem: String) -> String {
        problem.hasPrefix("Maximum nesting level reached") ? "lists or mappings are nested too deeply for the YAML reader" : problem
    }

    /// Parses the YAML of a front matter block whose opening `---` is line 1.
    /// A repeated key is reported at its second occurrence; lookups see the first.
    static func parse(_ yaml: String, closingLine: Int, firstLine: Int = 2) -> (FrontMatter?, [Problem]) {
        switch YAMLEventReader.read(yaml, firstLine: firstLine) {
        case .empty:
            return (FrontMatter(fields: [], closingLine: closingLine), [])
        case .invalid(let problem, let position):
            // Left-over merge conflict markers break the YAML first: say so, on the marker's line.
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
            if let marker = lines.firstIndex(where: { $0.hasPrefix("<<<<<<<") || $0.hasPrefix(">>>>>>>") || $0.hasPrefix("=======") }) {
                return (nil, [Problem(code: "frontmatter-yaml", message: "front matter holds a merge conflict marker (`\(lines[marker].prefix(7))`)",
                                      at: SourcePosition(line: firstLine + marker, column: 1),
                                      help: "resolve the conflict: keep one side of each field, remove the `<<<<<<<`, `=======` and `>>>>>>>` lines")])
            }
            return (nil, [Problem(code: "frontmatter-yaml", message: "front matter is not valid YAML: \(plainWords(problem))", at: position,
                                  help: "fix the YAML syntax between the `---` lines (quote values that contain `:` or start with `@`)")])
        case .root(let value, let repeatedKeys):
            guard case .mapping(let pairs, _) = value else {
                return (nil, [Problem(code: "frontmatter-yaml",
                                      message: "front matter must be a mapping of fields, found \(value.kindName)",
                                      at: value.position,
                                      help: "write one `key: value` per line between the `---` lines")])
            }
            let problems = repeatedKeys.map {
                Problem(code: "frontmatter-yaml", message: "field `\($0.value)` appears twice", at: $0.position, help: "keep one of the two")
            }
            return (FrontMatter(fields: pairs, closingLine: closingLine), problems)
        }
    }
}
