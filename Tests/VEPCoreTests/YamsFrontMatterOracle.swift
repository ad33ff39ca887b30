import Yams
@testable import VEPCore

/// The front matter reader as it was before the libyaml event reader: Yams' Node tree, converted.
/// Kept only as a test oracle; the equivalence tests compare the shipping reader with it.
enum YamsFrontMatterOracle {
    /// Whether Yams refused the input for a repeated key (the one place the readers deliberately differ).
    static func isDuplicateKeyRefusal(_ yaml: String) -> Bool {
        do {
            _ = try Parser(yaml: yaml, resolver: .basic, constructor: .default, encoding: .utf8).singleRoot()
            return false
        } catch YamlError.duplicatedKeysInMapping {
            return true
        } catch {
            return false
        }
    }

    static func parse(_ yaml: String, closingLine: Int) -> (FrontMatter?, [Problem]) {
        let node: Node?
        do {
            node = try Parser(yaml: yaml, resolver: .basic, constructor: .default, encoding: .utf8).singleRoot()
        } catch let error as YamlError {
            return (nil, [problemFor(error)])
        } catch {
            return (nil, [Problem(code: "frontmatter-yaml", message: "front matter is not valid YAML: \(error)", at: SourcePosition(line: 2, column: 1))])
        }
        guard let node else {
            return (FrontMatter(fields: [], closingLine: closingLine), [])
        }
        let value = convert(node)
        guard case .mapping(let pairs, _) = value else {
            return (nil, [Problem(code: "frontmatter-yaml",
                                  message: "front matter must be a mapping of fields, found \(value.kindName)",
                                  at: value.position,
                                  help: "write one `key: value` per line between the `---` lines")])
        }
        var problems: [Problem] = []
        var seen: Set<String> = []
        for pair in pairs where !seen.insert(pair.key.value).inserted {
            problems.append(Problem(code: "frontmatter-yaml", message: "field `\(pair.key.value)` appears twice",
                                    at: pair.key.position, help: "keep one of the two"))
        }
        return (FrontMatter(fields: pairs, closingLine: closingLine), problems)
    }

    private static func position(_ mark: Mark?) -> SourcePosition {
        guard let mark else { return SourcePosition(line: 2, column: 1) }
        return SourcePosition(line: mark.line + 1, column: mark.column)
    }

    private static func convert(_ node: Node) -> YAMLValue {
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            return .scalar(scalar.string, quoted: quoted, position(scalar.mark))
        case .sequence(let sequence):
            return .sequence(sequence.map(convert), position(sequence.mark))
        case .mapping(let mapping):
            let pairs = mapping.map { pair -> (key: Located<String>, value: YAMLValue) in
                let key = pair.key.scalar?.string ?? collectionKeyText(pair.key)
                return (Located(key, at: position(pair.key.mark)), convert(pair.value))
            }
            return .mapping(pairs, position(mapping.mark))
        case .alias(let alias):
            return .scalar("*" + alias.anchor.rawValue, quoted: false, position(alias.mark))
        }
    }

    /// The text of a key that is a collection. The old reader wrote a Swift dump of the Yams node
    /// (`sequence(Yams.Node.Sequence(nodes: …))`); the event reader writes flow style, and so does the oracle now.
    static func collectionKeyText(_ node: Node) -> String {
        convert(node).keyText
    }

    private static func problemFor(_ error: YamlError) -> Problem {
        let help = "fix the YAML syntax between the `---` lines (quote values that contain `:` or start with `@`)"
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return Problem(code: "frontmatter-yaml", message: "front matter is not valid YAML: \(FrontMatterReader.plainWords(problem))",
                           at: position(mark), help: help)
        default:
            return Problem(code: "frontmatter-yaml", message: "front matter is not valid YAML: \(error)",
                           at: SourcePosition(line: 2, column: 1), help: help)
        }
    }
}
