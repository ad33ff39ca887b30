import XCTest
@testable import VEPCore

/// The front matter reader against the Yams-based oracle it replaced, on hand-written and mutated YAML.
final class FrontMatterEquivalenceTests: XCTestCase {
    static let vep282 = """
    title: Binding plugin for vhost-user interfaces
    vep-number: 282
    creation-date: "2024-05-22"
    last-updated: 2024-06-01
    status: implementable
    authors:
      - "@mira"
      - '@anke'
    owning-sig: sig-network
    participating-sigs: [sig-compute, "sig-storage"]
    reviewers:
      - "@tomas"
      - "@anke"
    approvers:
      - "@lee"
    feature-gate: VhostUserBinding
    stage: alpha
    milestone:
      alpha: "v1.9.0"
      beta: TBD
      stable: ~
    replaces: ""
    superseded-by: ""
    see-also:
    - https://github.com/kubevirt/kubevirt/pull/1  # a comment
    """

    static let corpus: [String] = [
        // Every VEP 282 field, and the same with CRLF, a BOM, trailing spaces.
        vep282, vep282 + "\n", vep282.replacingOccurrences(of: "\n", with: "\r\n"),
        "\u{FEFF}" + vep282, vep282.replacingOccurrences(of: "\n", with: "  \n"),
        vep282.replacingOccurrences(of: "\n", with: "\r"),
        // Empty and comment-only.
        "", "\n", "\n\n\n", "   ", "# only a comment\n", "# a\n# b\n\n", "\u{FEFF}", "\r\n",
        // Scalars of every style.
        "title: plain text\n", "title: 'single'\n", "title: \"double\"\n", "title: ''\n", "title: \"\"\n",
        "title:\n", "title: ~\n", "title: null\n", "title: Null\n", "title: NULL\n", "title: \"~\"\n", "title: 'null'\n",
        "title: |\n  literal\n  block\n", "title: >\n  folded\n  block\n", "title: |-\n  strip\n", "title: >+\n  keep\n\n",
        "title: |2\n   indented\n", "title: a\n  continued\n  plain\n", "title: \"multi\n  line\"\n",
        "title: 'it''s'\n", "title: \"tab\\tand\\nnewline\"\n", "title: \"\\u00e9\\U0001F600\\x41\"\n",
        "title: \"\\uFEFFbom\"\n", "title: \"\\uFEFF\\uFEFFtwo\"\n", "title: \"mid\\uFEFFdle\"\n", "\"\\uFEFFkey\": v\n", "title: \u{FEFF}plain\n", "title: \"nul\\0char\"\n", "title: \"\\N\\_\\L\\P\"\n",
        "title: Bücher über Äpfel\n", "titel: 日本語のタイトル\n", "emoji: 🚀 launch\n", "é: accent key\n",
        "title: e\u{301}\n", "\"quoted key\": v\n", "'single key': v\n", "? explicit\n: value\n", "? explicit\n",
        "title: value # comment\n", "title: value#not comment\n", "title: 'a: b'\n", "title: a: b\n",
        "vep-number: 0282\n", "vep-number: 1e3\n", "vep-number: 0x1F\n", "enabled: yes\n", "enabled: true\n",
        "title: @mira\n", "title: `x`\n", "title: %x\n", "title: !tag x\n", "title: !!str 12\n", "title: !!int 12\n",
        "title: &a anchored\nother: *a\n", "base: &b\n  k: v\ncopy: *b\n", "list: &l [a, b]\ncopy: *l\n",
        "a: *undefined\n", "a: &x 1\nb: &x 2\nc: *x\n", "a: &x [*x]\n", "<<: *x\n", "a: &x {k: v}\n<<: *x\n",
        "key: &anchor\n", "&root\nk: v\n", "k: &a !!str v\n", "k: !!seq [a]\n", "k: !!map {a: b}\n",
        // Lists and mappings, block and flow.
        "authors:\n  - a\n  - b\n", "authors:\n- a\n- b\n", "authors: [a, b]\n", "authors: []\n", "authors: {}\n",
        "authors: [a, [b, c], {d: e}]\n", "authors:\n  -\n  - ''\n  - ~\n", "authors:\n  - - nested\n    - again\n",
        "authors: [a, b,]\n", "authors: [ \"a\" , 'b' ]\n", "m: {a: 1, b: [x, y], c: {d: e}}\n", "m: {a, b: }\n",
        "milestone:\n  alpha: v1.9\n  beta: v1.10\n  stable: v1.11\n", "milestone:\n    alpha: v1.9\n    beta:\n",
        "milestone:\n  alpha:\n    nested: deep\n", "a:\n  b:\n    c:\n      d:\n        e: f\n",
        "list:\n  - k: v\n    k2: v2\n  - k: w\n", "list:\n  - [a, b]\n  - {c: d}\n",
        "? [a, b]\n: v\n", "? {a: b}\n: v\n", "[a, b]: v\n", "{a: b}: v\n", "? - a\n  - b\n: v\n",
        // Roots that are not mappings.
        "just text\n", "- a\n- b\n", "[a, b]\n", "'quoted'\n", "~\n", "|\n  literal\n", "*alias\n", "&a x\n",
        "42\n", "{}\n", "{a: b}\n", "{a: b}\nc: d\n",
        // Documents, directives, end markers.
        "...\n", "a: b\n...\n", "a: b\n...\nc: d\n", "%YAML 1.1\n---\na: b\n", "%YAML 1.2\n", "%TAG ! tag:x,2000:\n---\na: b\n",
        "a: b\n---\nc: d\n", "---\na: b\n", "---\n", "--- \n...\n", "a: b\n--- x\n", "a: b\n---\n- c\n", "a: b\n...\n%YAML 1.1\n",
        "--- a\n--- b\n--- c\n", "a: b\n---\n[unclosed\n", "a: b\n...\n...\n", "...\n---\na: b\n", "%FOO bar\n---\na: b\n",
        "%YAML 1.1\n%YAML 1.1\n---\na: b\n", "%YAML 2.0\n---\na: b\n", "%YAML 1.1\na: b\n",
        // Tabs and indentation.
        "title:\tx\n", "\ttitle: x\n", "authors:\n\t- a\n", "a:\n  b: 1\n c: 2\n", "a:\n  b: 1\n   c: 2\n",
        "a: 1\n  b: 2\n", " a: 1\nb: 2\n", "a:\n- b\n  - c\n", "- a\nb: c\n", "a: b\n- c\n", "a:\n  - b\n  c: d\n",
        // Invalid YAML of many kinds.
        "title: \"unclosed\n", "title: 'unclosed\n", "title: \"bad escape \\q\"\n", "title: [unclosed\n",
        "title: {unclosed\n", "title: [a, b\nnext: c\n", "title: value: value\n", "title: a\n  b: c\n",
        "key: value\n: lonely\n", ": nokey\n", "- - -\n", "[\n", "{\n", "]\n", "}\n", "a: ]\n", "a: }\n",
        "a: [b]]\n", "a: {b: c}}\n", "a: !\n", "a: !<>\n", "a: &\n", "a: *\n", "a: |\n x\n  y\n z\n",
        "a: \"\\x4\"\n", "a: \"\\u12\"\n", "a: \"\\uD800\"\n", "a: \"\\U00110000\"\n", "a:\n  - b\n - c\n",
        "a: 'x'y\n", "a: \"x\"y\n", "? a\n? b\n", "a: @\n", "a: |\n\tx\n", "a: >\n  b\n c\n", "a: |0\n x\n",
        "a: |10\n x\n", "a: |++\n x\n", "!!str\n", "a: b\n\u{1}\n", "a: \u{0}\n", "a: b\u{7F}\n",
        "a: \u{85}\n", "a: \u{FFFE}\n", "a: x\n\u{FFFF}b: c\n", "line1: x\nline2: y\u{2028}z\u{B}\n",
        "k: v\r\n\u{1}\r\n", "ÄÖÜ: \u{8}\n", "k: 🚀\u{1F}\n", "k:\u{2029}x\u{C}\n", "k: \u{600}\u{FFFE}\n",
        "a: [b, c\n", "a: {b: c\n", "a: [b, {c: d]\n", "[a, b]: [\n", "a: b: c: d\n", "a:b\n", "a : b\n",
        "%\n", "%YAML\n", "---x\n", "a: b\n...x\n", "... # c\na: b\n", "a: 'b\n\nc'\n", "\"a\nb\": c\n",
        // Duplicate keys (the documented difference).
        "status: a\nstatus: b\n", "status: a\ntitle: t\nstatus: b\nstatus: c\n", "milestone:\n  alpha: v1\n  alpha: v2\n",
        "a: 1\n\"a\": 2\n", "a: 1\n'a': 2\n", "a: 1\n!!str a: 2\n", "a: {x: 1, x: 2}\n", "l:\n  - k: 1\n    k: 2\n",
        "a: 1\na: 2\nb: [\n", "? [x]\n: 1\n? [x]\n: 2\n", "~: 1\n: 2\n", "a: &x v\n*x : w\nv: u\n",
        "a: 1\na: 2\n...\nb: 1\n", "- {a: 1, a: 2}\n", "a:\n  b: 1\n  b: 2\na: 3\n",
    ]

    static let mutationSeeds: [String] = [
        vep282,
        "title: \"Quoted: title\"\nauthors: ['@a', \"@b\"]\nmilestone: {alpha: v1.9, beta: ~}\n",
        "a: &x |\n  lit\n  eral\nb: *x\nc: >-\n  fold\n",
        "? [k]\n: v\n- x\n",
        // Deleting or doubling one character repeats a key here, at the top and nested.
        "a: 1\naa: 2\nab: 3\nm:\n  x: 1\n  xy: 2\n  y: [1, {k: 1, kk: 2}]\n",
    ]

    /// Every deletion and every duplication of one character of each seed, and each character replaced by
    /// one that means something to YAML.
    static var mutations: [String] {
        var result: [String] = []
        for seed in mutationSeeds {
            let characters = Array(seed)
            for index in characters.indices {
                var deleted = characters
                deleted.remove(at: index)
                result.append(String(deleted))
                var doubled = characters
                doubled.insert(characters[index], at: index)
                result.append(String(doubled))
                for replacement in [":", "\"", "[", "\t", "&", "*", "-", "#", "\u{1}"] as [Character] {
                    var replaced = characters
                    replaced[index] = replacement
                    result.append(String(replaced))
                }
            }
        }
        return result
    }

    /// Deep nesting at the edge of libyaml's limit and far past it.
    static var deep: [String] {
        var result: [String] = []
        for depth in [63, 64, 65, 998, 999, 1000, 1001, 5000, 100_000] {
            result.append("a: " + String(repeating: "[", count: depth))
            result.append("a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n")
            result.append("a: " + String(repeating: "{b: ", count: depth) + "c" + String(repeating: "}", count: depth) + "\n")
        }
        for depth in [10, 500, 1000, 1001, 1500] {
            result.append((0..<depth).map { String(repeating: " ", count: $0) + "k:\n" }.joined())
            result.append((0..<depth).map { String(repeating: " ", count: $0 * 2) + "- x\n" + String(repeating: " ", count: $0 * 2) + "-\n" }.joined())
        }
        return result
    }

    /// Compares the readers on each input; where Yams refused a repeated key, checks the documented new output instead.
    func compare(_ inputs: [String], file: StaticString = #filePath, line: UInt = #line) -> (same: Int, repeatedKeys: Int) {
        var same = 0, repeated = 0
        for yaml in inputs {
            let new = FrontMatterReader.parse(yaml, closingLine: 9)
            if YamsFrontMatterOracle.isDuplicateKeyRefusal(yaml) {
                assertRepeatedKeysReported(yaml, new, file: file, line: line)
                repeated += 1
                continue
            }
            let old = YamsFrontMatterOracle.parse(yaml, closingLine: 9)
            XCTAssertEqual(new.0, old.0, "front matter of \(yaml.debugDescription)", file: file, line: line)
            XCTAssertEqual(new.1, old.1, "problems of \(yaml.debugDescription)", file: file, line: line)
            same += 1
        }
        return (same, repeated)
    }

    /// Yams refused the whole block; now the block is read and each repeated key is a problem at its second
    /// occurrence, in document order (or, if the YAML is broken later or the root is not a mapping, that one problem).
    func assertRepeatedKeysReported(_ yaml: String, _ result: (FrontMatter?, [Problem]), file: StaticString, line: UInt) {
        guard let frontMatter = result.0 else {
            XCTAssertEqual(result.1.count, 1, yaml.debugDescription, file: file, line: line)
            XCTAssertTrue(result.1.allSatisfy { $0.code == "frontmatter-yaml" && !$0.message.contains("appears twice") },
                          "\(yaml.debugDescription): \(result.1)", file: file, line: line)
            return
        }
        var expected: [Problem] = []
        func walk(_ pairs: [(key: Located<String>, value: YAMLValue)], path: String) {
            var seen: Set<String> = []
            for pair in pairs {
                let keyPath = path.isEmpty ? pair.key.value : path + "." + pair.key.value
                if !seen.insert(pair.key.value).inserted {
                    expected.append(Problem(code: "frontmatter-yaml", message: "field `\(keyPath)` appears twice",
                                            at: pair.key.position, help: "keep one of the two"))
                }
                visit(pair.value, path: keyPath)
            }
        }
        func visit(_ value: YAMLValue, path: String) {
            switch value {
            case .scalar: break
            case .sequence(let items, _): for (index, item) in items.enumerated() { visit(item, path: path + "[\(index)]") }
            case .mapping(let pairs, _): walk(pairs, path: path)
            }
        }
        walk(frontMatter.fields, path: "")
        XCTAssertFalse(expected.isEmpty, yaml.debugDescription, file: file, line: line)
        XCTAssertEqual(result.1, expected, yaml.debugDescription, file: file, line: line)
    }

    func testHandWrittenCorpus() {
        let count = compare(Self.corpus)
        print("front matter equivalence: \(count.same) hand-written inputs the same, \(count.repeatedKeys) with repeated keys")
    }

    func testMutatedCorpus() {
        let count = compare(Self.mutations)
        print("front matter equivalence: \(count.same) mutated inputs the same, \(count.repeatedKeys) with repeated keys")
    }

    func testDeepNesting() {
        let count = compare(Self.deep)
        print("front matter equivalence: \(count.same) deeply nested inputs the same, \(count.repeatedKeys) with repeated keys")
    }
}
