import CCmarkGFM
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// cmark-gfm's extension registry is global and not safe to fill from two threads: fill it once.
private let extensionsRegistered: Void = cmark_gfm_core_extensions_ensure_registered()

/// Held while a document's inlines are parsed. cmark-gfm keeps the characters that start an inline
/// extension (`~` for strikethrough, `:` and `w` for autolinks) in a global table, adds them when a
/// parse's inline pass starts and clears them when it ends, so one thread finishing a document would
/// switch strikethrough off in the middle of another's. The table cannot be left filled instead: the
/// same per-extension lists that fill it also tell the emphasis pass which extension owns a delimiter.
/// Feeding the text (block parsing) runs outside the lock; a cold history walk showed no slowdown from it.
private let inlinePass = NSLock()

/// This thread's cmark-gfm parser with GitHub's extensions attached. cmark-gfm resets a parser when it
/// finishes a document and keeps its extensions, so each thread makes one instead of one per document.
private final class ThreadParser {
    let pointer: OpaquePointer

    private init?() {
        _ = extensionsRegistered
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { return nil }
        for name in ["table", "strikethrough", "autolink", "tagfilter", "tasklist"] {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        pointer = parser
    }

    deinit { cmark_parser_free(pointer) }

    /// Freed with its thread.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { raw in
            if let raw { Unmanaged<ThreadParser>.fromOpaque(raw).release() }
        }
        return key
    }()

    static var current: OpaquePointer? {
        if let raw = pthread_getspecific(key) { return Unmanaged<ThreadParser>.fromOpaque(raw).takeUnretainedValue().pointer }
        guard let parser = ThreadParser() else { return nil }
        pthread_setspecific(key, Unmanaged.passRetained(parser).toOpaque())
        return parser.pointer
    }
}

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
    /// Text lines are collected only in sections whose heading `collectsLines` accepts: building
    /// strings for a whole body costs more than parsing it.
    init(text: String, lineOffset: Int = 0, collectsLines: (Heading) -> Bool = { _ in true }) {
        guard let parser = ThreadParser.current else { return }
        var text = text
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress { cmark_parser_feed(parser, base, chars.count) }
            }
        }
        guard let root = inlinePass.withLock({ cmark_parser_finish(parser) }) else { return }
        defer { cmark_node_free(root) }
        walk(root, lineOffset: lineOffset, collectsLines: collectsLines)
    }

    private mutating func walk(_ root: OpaquePointer, lineOffset: Int, collectsLines: (Heading) -> Bool) {
        var collecting = false
        var node = cmark_node_first_child(root)
        var stack: [OpaquePointer] = []
        // Depth-first over block nodes; inline content is collected per heading or paragraph.
        while let current = node {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_HEADING {
                let text = Self.plainText(of: current).map(\.text).joined(separator: " ")
                let heading = Heading(
                    level: Int(cmark_node_get_heading_level(current)),
                    text: text.trimmed,
                    position: SourcePosition(line: Int(cmark_node_get_start_line(current)) + lineOffset,
                                             column: Int(cmark_node_get_start_column(current))))
                headings.append(heading)
                collecting = collectsLines(heading)
            } else if type == CMARK_NODE_PARAGRAPH {
                guard collecting else {
                    node = Self.next(after: current, stack: &stack)
                    continue
                }
                let start = Int(cmark_node_get_start_line(current)) + lineOffset
                for (offset, segment) in Self.plainText(of: current).enumerated() {
                    // A wholly struck line keeps its text (it says what was withdrawn); a partly struck
                    // one says only what is left, e.g. `alpha for version: ~~v1.8~~ v1.9` targets v1.9.
                    lines.append(TextLine(text: segment.struck ? segment.text : segment.unstruck, line: start + offset, struck: segment.struck,
                                          sectionIndex: headings.isEmpty ? nil : headings.count - 1))
                }
            } else if let child = cmark_node_first_child(current),
                      type == CMARK_NODE_LIST || type == CMARK_NODE_ITEM || type == CMARK_NODE_BLOCK_QUOTE {
                stack.append(current)
                node = child
                continue
            }
            node = Self.next(after: current, stack: &stack)
        }
    }

    /// The next sibling, climbing out of finished containers.
    private static func next(after current: OpaquePointer, stack: inout [OpaquePointer]) -> OpaquePointer? {
        var next = cmark_node_next(current)
        while next == nil, let parent = stack.popLast() {
            next = cmark_node_next(parent)
        }
        return next
    }

    /// The inline text of a block, one entry per source line: all of it, what is left once struck-through
    /// text is taken out (GitHub shows it as deleted), and whether all of it is struck.
    private static func plainText(of block: OpaquePointer) -> [(text: String, unstruck: String, struck: Bool)] {
        var result: [(text: String, unstruck: String, struck: Bool)] = []
        var text = ""
        var unstruck = ""
        var sawPlain = false
        var sawStruck = false
        func flush() {
            result.append((text, unstruck, sawStruck && !sawPlain))
            text = ""
            unstruck = ""
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
                    if !struck { unstruck += piece }
                    if piece.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 }) {
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

extension StringProtocol {
    /// Without the leading and trailing Unicode scalars `isTrimmed` accepts; no bridging to NSString.
    public func trimming(_ isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }), let last = scalars.lastIndex(where: { !isTrimmed($0) }) else {
            return ""
        }
        return String(Substring(scalars[first...last]))
    }

    /// Without leading and trailing `CharacterSet.whitespaces` (tab, the Unicode space separators and, in
    /// Foundation's set, U+200B zero width space): what `trimmingCharacters(in: .whitespaces)` gives, at a
    /// fraction of its cost (checked against it over every scalar).
    public var trimmingWhitespace: String {
        trimming { $0 == "\t" || $0 == "\u{200B}" || $0.properties.generalCategory == .spaceSeparator }
    }

    /// Without leading and trailing spaces and tabs; cheaper than Foundation's trimming.
    public var trimmed: String {
        var view = Substring(self).utf8[...]
        while let first = view.first, first == 0x20 || first == 0x09 || first == 0x0A || first == 0x0D { view = view.dropFirst() }
        while let last = view.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D { view = view.dropLast() }
        return String(Substring(view))
    }
}
