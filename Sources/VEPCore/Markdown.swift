import CCmarkGFM

/// A Markdown heading as GitHub renders it.
public struct Heading: Hashable, Sendable {
    public let level: Int
    public let text: String
    public let position: SourcePosition
}

/// One visual line of a paragraph or list item, with whether all of its text is struck through.
struct TextLine: Hashable, Sendable {
    let text: String
    let line: Int
    let struck: Bool
    /// The nearest heading before the line.
    let sectionIndex: Int?
}

/// The parts of a Markdown document the VEP model needs, read with cmark-gfm so that
/// headings inside HTML comments or fenced code are not headings, exactly as on GitHub.
struct MarkdownOutline: Sendable {
    var headings: [Heading] = []
    var lines: [TextLine] = []

    /// Parses `text`; `lineOffset` is added to every line (for a body after front matter).
    init(text: String, lineOffset: Int = 0) {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink", "tagfilter", "tasklist"] {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) { pointer in
                cmark_parser_feed(parser, pointer, buffer.count)
            }
        }
        if bytes.isEmpty { bytes = [] }
        guard let root = cmark_parser_finish(parser) else { return }
        defer { cmark_node_free(root) }
        walk(root, lineOffset: lineOffset)
    }

    private mutating func walk(_ root: OpaquePointer, lineOffset: Int) {
        var node = cmark_node_first_child(root)
        var stack: [OpaquePointer] = []
        // Depth-first over block nodes; inline content is collected per heading or paragraph.
        while let current = node {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_HEADING {
                let text = Self.plainText(of: current).map(\.text).joined(separator: " ")
                headings.append(Heading(
                    level: Int(cmark_node_get_heading_level(current)),
                    text: text.trimmingCharacters(in: .whitespaces),
                    position: SourcePosition(line: Int(cmark_node_get_start_line(current)) + lineOffset,
                                             column: Int(cmark_node_get_start_column(current)))))
            } else if type == CMARK_NODE_PARAGRAPH {
                let start = Int(cmark_node_get_start_line(current)) + lineOffset
                for (offset, segment) in Self.plainText(of: current).enumerated() {
                    lines.append(TextLine(text: segment.text, line: start + offset, struck: segment.struck,
                                          sectionIndex: headings.isEmpty ? nil : headings.count - 1))
                }
            } else if let child = cmark_node_first_child(current),
                      type == CMARK_NODE_LIST || type == CMARK_NODE_ITEM || type == CMARK_NODE_BLOCK_QUOTE {
                stack.append(current)
                node = child
                continue
            }
            // Next sibling, climbing out of finished containers.
            var next = cmark_node_next(current)
            while next == nil, let parent = stack.popLast() {
                next = cmark_node_next(parent)
            }
            node = next
        }
    }

    /// The inline text of a block, one entry per source line, with strikethrough state.
    private static func plainText(of block: OpaquePointer) -> [(text: String, struck: Bool)] {
        var result: [(text: String, struck: Bool)] = []
        var text = ""
        var sawPlain = false
        var sawStruck = false
        func flush() {
            result.append((text, sawStruck && !sawPlain))
            text = ""
            sawPlain = false
            sawStruck = false
        }
        func visit(_ node: OpaquePointer, struck: Bool) {
            var child = cmark_node_first_child(node)
            while let current = child {
                let type = cmark_node_get_type(current)
                if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                    flush()
                } else if let literal = cmark_node_get_literal(current), cmark_node_first_child(current) == nil {
                    let piece = String(cString: literal)
                    text += piece
                    if !piece.trimmingCharacters(in: .whitespaces).isEmpty {
                        if struck { sawStruck = true } else { sawPlain = true }
                    }
                } else {
                    let isStrike = String(cString: cmark_node_get_type_string(current)) == "strikethrough"
                    visit(current, struck: struck || isStrike)
                }
                child = cmark_node_next(current)
            }
        }
        visit(block, struck: false)
        flush()
        return result
    }
}
