import CYaml
import Foundation

/// What a YAML stream holds, read from libyaml's events without an intermediate node tree.
enum YAMLReading: Sendable {
    /// No document at all (empty text, only comments).
    case empty
    /// The single document's root; `repeatedKeys` names each key written again in its mapping (dotted path,
    /// `[n]` for a list item) at the repeated occurrence: the first `EventStream.repeatedKeysLimit` of them,
    /// each path component cut to `EventStream.pathComponentLimit` Unicode scalars.
    case root(YAMLValue, repeatedKeys: [Located<String>])
    /// Not YAML libyaml accepts, or more than one document: libyaml's problem and where it is.
    case invalid(String, at: SourcePosition)
}

/// Reads YAML with libyaml's event parser into `YAMLValue`s, keeping the shapes, texts and positions the
/// Yams node reader produced (aliases are copies of their anchored value, as Yams composes them).
/// Positions are the document's: YAML line 1 is line 2, after the opening `---`.
enum YAMLEventReader {
    /// - Parameter firstLine: the document's line number of the YAML's first line (2: after an opening `---`).
    static func read(_ yaml: String, firstLine: Int = 2) -> YAMLReading {
        // libyaml rejects a NULL input pointer, and an empty stream holds no document anyway.
        guard !yaml.isEmpty else { return .empty }
        var text = yaml
        return text.withUTF8 { bytes -> YAMLReading in
            guard let base = bytes.baseAddress else { return .empty }
            // libyaml keeps a pointer to the parser inside itself, so it must not move: heap, not a Swift var.
            let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
            defer { parser.deallocate() }
            guard yaml_parser_initialize(parser) == 1 else { return .invalid("Memory error", at: SourcePosition(line: firstLine, column: 1)) }
            defer { yaml_parser_delete(parser) }
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, base, bytes.count)
            let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
            defer { event.deallocate() }
            var stream = EventStream(parser: parser, event: event, yaml: yaml, firstLine: firstLine)
            return stream.readSingleDocument()
        }
    }

}

/// One libyaml event, copied out so the C event is freed as soon as it is read.
private struct Event {
    enum Kind: Equatable {
        case streamStart, streamEnd, documentStart, documentEnd
        case scalar(String, quoted: Bool)
        case alias(String)
        case sequenceStart, sequenceEnd, mappingStart, mappingEnd
        case none
    }
    var kind: Kind
    var anchor: String?
    var position: SourcePosition
}

/// A collection whose end event has not come yet.
private struct OpenCollection {
    var isMapping: Bool
    var position: SourcePosition
    var anchor: String?
    var items: [YAMLValue] = []
    /// Values in it so far, each alias counted as the values it stands for.
    var size = 1
    /// Bytes of scalar text in it so far, each alias counted as the bytes it stands for.
    var bytes = 0
    var pairs: [(key: Located<String>, value: YAMLValue)] = []
    /// The key whose value is being read, nil while a key is being read.
    var pendingKey: Located<String>?
    var keys: Set<String> = []
}

private struct EventStream {
    let parser: UnsafeMutablePointer<yaml_parser_t>
    let event: UnsafeMutablePointer<yaml_event_t>
    let yaml: String
    var anchors: [String: (value: YAMLValue, size: Int, bytes: Int)] = [:]
    var repeatedKeys: [Located<String>] = []
    /// A document repeating one key thousands of times deep inside long keys would otherwise make
    /// messages quadratic in its length; a real mistake repeats a key or two.
    static let repeatedKeysLimit = 50
    static let pathComponentLimit = 80
    /// Values and bytes of text the aliases stand for: a few nested anchors can stand for billions of values,
    /// and one alias of a long scalar, repeated, for gigabytes, which anything walking the result (hashing,
    /// comparing, key text) would visit one by one.
    var aliasedValues = 0
    var aliasedBytes = 0
    static let aliasedValuesLimit = 10_000
    static let aliasedBytesLimit = 1 << 20

    /// The document's line number of the YAML's first line.
    let firstLine: Int

    init(parser: UnsafeMutablePointer<yaml_parser_t>, event: UnsafeMutablePointer<yaml_event_t>, yaml: String, firstLine: Int) {
        self.parser = parser
        self.event = event
        self.yaml = yaml
        self.firstLine = firstLine
        self.lineStarts = Self.lineStarts(of: yaml)
    }

    /// Where a problem without a mark is reported: the first line of YAML.
    var unknownPosition: SourcePosition { SourcePosition(line: firstLine, column: 1) }

    /// libyaml counts lines and columns from 0, and also ends lines at NEL, LS and PS (YAML 1.1), where git, cmark-gfm
    /// and editors do not: with one of those in the text, `lineStarts` says where each of libyaml's lines starts.
    func position(_ mark: yaml_mark_t) -> SourcePosition {
        let line = Int(mark.line), column = Int(mark.column)
        guard let lineStarts, line < lineStarts.count else { return SourcePosition(line: line + firstLine, column: column + 1) }
        return SourcePosition(line: lineStarts[line].line + firstLine, column: lineStarts[line].column + column + 1)
    }

    /// For each line as libyaml counts them, its line (from 0) and the characters before it on that line as LF, CRLF
    /// and CR count lines; nil when the text holds no NEL, LS or PS (libyaml's lines are then the same).
    let lineStarts: [(line: Int, column: Int)]?

    static func lineStarts(of yaml: String) -> [(line: Int, column: Int)]? {
        // Their UTF-8 forms start with C2 (NEL) or E2 (LS, PS): most texts have neither byte.
        guard yaml.utf8.contains(where: { $0 == 0xC2 || $0 == 0xE2 }) else { return nil }
        let unicodeBreaks: Set<Unicode.Scalar> = ["\u{85}", "\u{2028}", "\u{2029}"]
        let scalars = Array(yaml.unicodeScalars)
        guard scalars.contains(where: unicodeBreaks.contains) else { return nil }
        var starts: [(line: Int, column: Int)] = [(0, 0)]
        var line = 0, column = 0, index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar == "\n" || scalar == "\r" {
                if scalar == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
                line += 1
                column = 0
                starts.append((line, 0))
            } else if unicodeBreaks.contains(scalar) {
                column += 1
                starts.append((line, column))
            } else {
                column += 1
            }
        }
        return starts
    }

    /// The stream must hold exactly one document, as Yams' `singleRoot()` demands.
    mutating func readSingleDocument() -> YAMLReading {
        guard case .success = next() else { return failure() }  // STREAM-START
        guard case .success(let first) = next() else { return failure() }
        if first.kind == .streamEnd { return .empty }
        guard case .success(let start) = next() else { return failure() }  // the root's first event
        let root: YAMLValue
        switch readNode(from: start) {
        case .success(let value): root = value
        case .failure(let failure): return failure.reading
        }
        guard case .success = next() else { return failure() }  // DOCUMENT-END
        guard case .success(let after) = next() else { return failure() }
        guard after.kind == .streamEnd else { return .invalid("but found another document", at: after.position) }
        return .root(root, repeatedKeys: repeatedKeys)
    }

    struct Failure: Error {
        var reading: YAMLReading
    }

    /// Reads one node starting at `first`, with an explicit stack of open collections (libyaml caps depth at 1000).
    mutating func readNode(from first: Event) -> Result<YAMLValue, Failure> {
        var open: [OpenCollection] = []
        var event = first
        while true {
            var completed: YAMLValue
            var size = 1
            var bytes = 0
            switch event.kind {
            case .scalar(let text, let quoted):
                completed = .scalar(text, quoted: quoted, event.position)
                bytes = text.utf8.count
                if let anchor = event.anchor { anchors[anchor] = (completed, 1, bytes) }
            case .alias(let name):
                guard let anchored = anchors[name] else {
                    return .failure(Failure(reading: .invalid("found undefined alias", at: event.position)))
                }
                aliasedValues += anchored.size
                aliasedBytes += anchored.bytes
                guard aliasedValues <= Self.aliasedValuesLimit else {
                    return .failure(Failure(reading: .invalid(
                        "aliases stand for more than \(Self.aliasedValuesLimit) values; write the values out instead", at: event.position)))
                }
                guard aliasedBytes <= Self.aliasedBytesLimit else {
                    return .failure(Failure(reading: .invalid(
                        "aliases stand for more than \(Self.aliasedBytesLimit) bytes of text; write the values out instead", at: event.position)))
                }
                completed = anchored.value
                size = anchored.size
                bytes = anchored.bytes
            case .sequenceStart, .mappingStart:
                open.append(OpenCollection(isMapping: event.kind == .mappingStart, position: event.position, anchor: event.anchor))
                guard case .success(let nextEvent) = next() else { return .failure(Failure(reading: failure())) }
                event = nextEvent
                continue
            case .sequenceEnd, .mappingEnd:
                guard let collection = open.popLast() else { return .failure(Failure(reading: unexpected(event))) }
                completed = collection.isMapping ? .mapping(collection.pairs, collection.position)
                                                 : .sequence(collection.items, collection.position)
                size = collection.size
                bytes = collection.bytes
                if let anchor = collection.anchor { anchors[anchor] = (completed, size, bytes) }
            default:
                return .failure(Failure(reading: unexpected(event)))
            }
            guard !open.isEmpty else { return .success(completed) }
            open[open.count - 1].size += size
            open[open.count - 1].bytes += bytes
            add(completed, to: &open)
            guard case .success(let nextEvent) = next() else { return .failure(Failure(reading: failure())) }
            event = nextEvent
        }
    }

    /// Puts a finished value into the innermost open collection, as an item, a key or a key's value.
    mutating func add(_ value: YAMLValue, to open: inout [OpenCollection]) {
        let top = open.count - 1
        guard open[top].isMapping else {
            open[top].items.append(value)
            return
        }
        if let key = open[top].pendingKey {
            open[top].pairs.append((key: key, value: value))
            open[top].pendingKey = nil
            return
        }
        let (text, whole) = value.flowKeyText
        let key = Located(text, at: value.position)
        // A key cut short is not compared: two keys may share their first kibibyte.
        if whole, !open[top].keys.insert(key.value).inserted, repeatedKeys.count < Self.repeatedKeysLimit {
            repeatedKeys.append(Located(Self.path(to: key.value, in: open), at: key.position))
        }
        open[top].pendingKey = key
    }

    /// `milestone.alpha`, `list[0].key`: where a key sits, from the collections that enclose it.
    static func path(to key: String, in open: [OpenCollection]) -> String {
        var path = ""
        for collection in open.dropLast() {
            if collection.isMapping {
                path += (path.isEmpty ? "" : ".") + component(collection.pendingKey?.value ?? "?")
            } else {
                path += "[\(collection.items.count)]"
            }
        }
        return path.isEmpty ? component(key) : path + "." + component(key)
    }

    /// A key as a path shows it: its first `pathComponentLimit` Unicode scalars, then `…` (scalars, not
    /// characters: one character can hold any number of combining marks).
    static func component(_ key: String) -> String {
        let scalars = key.unicodeScalars
        guard let cut = scalars.index(scalars.startIndex, offsetBy: pathComponentLimit, limitedBy: scalars.endIndex),
              cut < scalars.endIndex else { return key }
        return String(scalars[..<cut]) + "…"
    }

    /// The next event, copied out of libyaml and freed, or the parser's error.
    mutating func next() -> Result<Event, Failure> {
        guard yaml_parser_parse(parser, event) == 1 else { return .failure(Failure(reading: failure())) }
        defer { yaml_event_delete(event) }
        let data = event.pointee.data
        let position = position(event.pointee.start_mark)
        switch event.pointee.type {
        case YAML_STREAM_START_EVENT: return .success(Event(kind: .streamStart, position: position))
        case YAML_STREAM_END_EVENT: return .success(Event(kind: .streamEnd, position: position))
        case YAML_DOCUMENT_START_EVENT: return .success(Event(kind: .documentStart, position: position))
        case YAML_DOCUMENT_END_EVENT: return .success(Event(kind: .documentEnd, position: position))
        case YAML_SCALAR_EVENT:
            let scalar = data.scalar
            var bytes = UnsafeBufferPointer(start: scalar.value, count: scalar.value == nil ? 0 : scalar.length)[...]
            // Foundation's UTF-8 decoding, which Yams used, drops a leading byte order mark (`"\uFEFFx"` reads `x`).
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
            let text = String(decoding: bytes, as: UTF8.self)
            let quoted = scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE || scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
            return .success(Event(kind: .scalar(text, quoted: quoted), anchor: Self.string(scalar.anchor), position: position))
        case YAML_ALIAS_EVENT:
            return .success(Event(kind: .alias(Self.string(data.alias.anchor) ?? ""), position: position))
        case YAML_SEQUENCE_START_EVENT:
            return .success(Event(kind: .sequenceStart, anchor: Self.string(data.sequence_start.anchor), position: position))
        case YAML_SEQUENCE_END_EVENT: return .success(Event(kind: .sequenceEnd, position: position))
        case YAML_MAPPING_START_EVENT:
            return .success(Event(kind: .mappingStart, anchor: Self.string(data.mapping_start.anchor), position: position))
        case YAML_MAPPING_END_EVENT: return .success(Event(kind: .mappingEnd, position: position))
        default: return .success(Event(kind: .none, position: position))
        }
    }

    static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))), as: UTF8.self)
    }

    func unexpected(_ event: Event) -> YAMLReading {
        .invalid("unexpected \(event.kind) event", at: event.position)
    }

    /// The parser's error, worded as Yams worded it.
    func failure() -> YAMLReading {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown problem"
        switch state.error {
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR, YAML_COMPOSER_ERROR:
            return .invalid(problem, at: position(state.problem_mark))
        case YAML_READER_ERROR:
            return .invalid(readerDescription(problem, offset: state.problem_offset, value: state.problem_value),
                            at: unknownPosition)
        case YAML_MEMORY_ERROR:
            return .invalid("Memory error", at: unknownPosition)
        default:
            return .invalid("No error is produced", at: unknownPosition)
        }
    }

    /// A reader error (a control character) as Yams describes it: `line:column: error: reader: …`, the line, a caret.
    func readerDescription(_ problem: String, offset: Int, value: Int32) -> String {
        guard let index = yaml.utf8.index(yaml.utf8.startIndex, offsetBy: offset, limitedBy: yaml.utf8.endIndex)?.samePosition(in: yaml),
              index < yaml.endIndex else {
            return "\(problem) at offset: nil, value: \(value)"
        }
        // Lines as Foundation counts them (CR, LF, CRLF, NEL, LS, PS), since Yams counted with it.
        var number = 0
        var line = yaml.lineRange(for: yaml.startIndex..<yaml.startIndex)
        while line.upperBound <= index && line.upperBound < yaml.endIndex {
            number += 1
            line = yaml.lineRange(for: line.upperBound..<line.upperBound)
        }
        let column = yaml.utf16.distance(from: line.lowerBound, to: index)
        var contents = String(yaml[line])
        if let last = contents.unicodeScalars.last, CharacterSet.newlines.contains(last) {} else { contents += "\n" }
        return "\(number + 1):\(column + 1): error: reader: \(problem):\n" + contents + String(repeating: " ", count: column) + "^"
    }
}

extension YAMLValue {
    /// Collection keys longer than this are cut, with `…`: a key is a name, not a store of text.
    static let collectionKeyTextLimit = 1024

    /// A mapping key's text: a scalar's own text, a collection written in flow style (`[a, b]`, `{k: v}`),
    /// cut after `collectionKeyTextLimit` bytes.
    var keyText: String { flowKeyText.text }

    /// `keyText`, and whether it is whole (not cut).
    var flowKeyText: (text: String, whole: Bool) {
        guard case .scalar(let text, _, _) = self else {
            var text = ""
            let whole = appendFlowText(to: &text, limit: Self.collectionKeyTextLimit)
            return (whole ? text : text + "…", whole)
        }
        return (text, true)
    }

    /// Appends this value in flow style while `text` stays within `limit` bytes; false once it is cut.
    private func appendFlowText(to text: inout String, limit: Int) -> Bool {
        func append(_ piece: String) -> Bool {
            let room = limit - text.utf8.count
            guard piece.utf8.count > room else { text += piece; return true }
            // Cut where a character starts, never inside one (UTF-8 continuation bytes are 0b10xxxxxx).
            let bytes = Array(piece.utf8.prefix(max(room + 1, 0)))
            var cut = min(max(room, 0), bytes.count)
            while cut > 0, cut < bytes.count, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
            text += String(decoding: bytes[..<cut], as: UTF8.self)
            return false
        }
        switch self {
        case .scalar(let scalar, _, _):
            return append(scalar)
        case .sequence(let items, _):
            guard append("[") else { return false }
            for (index, item) in items.enumerated() {
                guard index == 0 || append(", "), item.appendFlowText(to: &text, limit: limit) else { return false }
            }
            return append("]")
        case .mapping(let pairs, _):
            guard append("{") else { return false }
            for (index, pair) in pairs.enumerated() {
                guard index == 0 || append(", "), append(pair.key.value), append(": "),
                      pair.value.appendFlowText(to: &text, limit: limit) else { return false }
            }
            return append("}")
        }
    }
}
