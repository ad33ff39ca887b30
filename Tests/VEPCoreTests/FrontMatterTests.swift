import XCTest
@testable import VEPCore

final class FrontMatterTests: XCTestCase {
    let full = """
    ---
    title: Binding plugin for vhost-user interfaces
    vep-number: 307
    creation-date: "2024-05-22"
    status: implementable

    authors:
      - "@mira"
    owning-sig: sig-network
    participating-sigs: [sig-compute]
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
    replaces: ""
    superseded-by: ""
    ---

    # VEP #307: Binding plugin for vhost-user interfaces

    ## Overview
    """

    func testLoneCRsInTheDashLinesCountAsLinesAsLibyamlAndCmarkCountThem() {
        // `---\r\r\n` is a `---` line and an empty one for libyaml and cmark-gfm (and opens front matter on GitHub).
        let text = "---\r\r\ntitle: T\nvep-number: 12\nstatus: done\n---\r\r\n# VEP #12: T\n"
        let document = VEPDocument.parse(text: text, path: "veps/sig-network/12-t/vep.md")
        XCTAssertEqual(document.frontMatter?.position(of: "title"), SourcePosition(line: 3, column: 1))
        XCTAssertEqual(document.frontMatter?.position(of: "status"), SourcePosition(line: 5, column: 1))
        XCTAssertEqual(document.frontMatter?.closingLine, 6)
        XCTAssertEqual(document.headings.first?.position.line, 8)
        XCTAssertEqual(document.number, 12)
        let broken = VEPDocument.parse(text: "---\r\r\ntitle: [\n---\n", path: "veps/sig-network/12-t/vep.md")
        XCTAssertEqual(broken.problems.map(\.position.line), [4], "libyaml's mark is the end of the YAML, the document's line 4")
        let plain = VEPDocument.parse(text: "---\ntitle: T\n---\n# VEP #12: T\n", path: "veps/sig-network/12-t/vep.md")
        XCTAssertEqual(plain.frontMatter?.position(of: "title"), SourcePosition(line: 2, column: 1))
        XCTAssertEqual(plain.headings.first?.position.line, 4)
        // A file saved with CR line breaks only keeps its front matter (a `status: rejected` was lost).
        let crOnly = VEPDocument.parse(text: "---\rtitle: T\rvep-number: 12\rstatus: rejected\r---\r# VEP #12: T\r\rBody.\r",
                                       path: "veps/sig-network/12-t/vep.md")
        XCTAssertEqual(crOnly.format, .frontMatter)
        XCTAssertEqual(crOnly.status?.value, .rejected)
        XCTAssertEqual(crOnly.status?.position, SourcePosition(line: 4, column: 9))
        XCTAssertEqual(crOnly.frontMatter?.closingLine, 5)
        XCTAssertEqual(crOnly.headings.first?.position.line, 6)
        XCTAssertEqual(VEPDocument.parse(text: "---\r", path: "veps/sig-network/12-t/vep.md").problems.map(\.code), ["frontmatter-unterminated"])
    }

    func testNELLineAndParagraphSeparatorsDoNotShiftPositions() {
        // libyaml ends lines at NEL, LS and PS too; editors, git and cmark-gfm do not, and findings use their lines.
        let text = "---\ntitle: \"A\u{2028}B\u{85}C\"\nvep-number: 12\nstatus: x\u{2029}y: done\nstage: [\n---\n# VEP #12: T\n"
        let document = VEPDocument.parse(text: text, path: "veps/sig-network/12-t/vep.md")
        XCTAssertNil(document.frontMatter, "the YAML is broken at `stage`")
        XCTAssertEqual(document.problems.map(\.position), [SourcePosition(line: 6, column: 1)])
        let fine = "---\ntitle: \"A\u{2028}B\u{85}C\"\nvep-number: 12\ncreation-date: \"x\u{2029}z\"\nstatus: done\n---\n"
        let parsed = VEPDocument.parse(text: fine, path: "veps/sig-network/12-t/vep.md")
        XCTAssertEqual(parsed.frontMatter?.position(of: "vep-number"), SourcePosition(line: 3, column: 1))
        XCTAssertEqual(parsed.frontMatter?.position(of: "status"), SourcePosition(line: 5, column: 1))
        XCTAssertEqual(parsed.frontMatter?["creation-date"]?.position, SourcePosition(line: 4, column: 16))
        XCTAssertEqual(parsed.frontMatter?.closingLine, 6)
    }

    func testEveryFieldAndItsPosition() {
        let document = VEPDocument.parse(text: full, path: "veps/sig-network/307-vhostuser-binding/vep.md")
        XCTAssertEqual(document.problems, [])
        XCTAssertEqual(document.format, .frontMatter)
        XCTAssertEqual(document.number, 307)
        XCTAssertEqual(document.group, "sig-network")
        XCTAssertEqual(document.title?.value, "Binding plugin for vhost-user interfaces")
        XCTAssertEqual(document.title?.position, SourcePosition(line: 2, column: 8))
        XCTAssertEqual(document.status?.value, .implementable)
        XCTAssertEqual(document.status?.position, SourcePosition(line: 5, column: 9))
        XCTAssertEqual(document.stage?.value, .alpha)
        XCTAssertEqual(document.creationDate?.value, "2024-05-22")
        XCTAssertEqual(document.authors.map(\.value), ["@mira"])
        XCTAssertEqual(document.authors.first?.position, SourcePosition(line: 8, column: 5))
        XCTAssertEqual(document.reviewers.map(\.value), ["@tomas", "@anke"])
        XCTAssertEqual(document.approvers.map(\.value), ["@lee"])
        XCTAssertEqual(document.owningSIG?.value, "sig-network")
        XCTAssertEqual(document.participatingSIGs.map(\.value), ["sig-compute"])
        XCTAssertEqual(document.featureGate?.value, "VhostUserBinding")
        XCTAssertNil(document.replaces)
        XCTAssertNil(document.supersededBy)
        XCTAssertEqual(document.milestones.releases, [.alpha: Release("v1.9")!])
        XCTAssertEqual(document.milestones.alpha?.position, SourcePosition(line: 19, column: 10))
        XCTAssertEqual(document.sections.map(\.text), ["Overview"])
        XCTAssertEqual(document.headings.first?.position, SourcePosition(line: 25, column: 1))
    }

    func testBothFormatsFrontMatterWinsWhereItSpeaks() {
        let document = VEPDocument.parse(text: """
        ---
        vep-number: 12
        milestone:
          alpha: v1.9
        ---
        # VEP #12: Both
        ## VEP Status Metadata
        ### Target releases
        - This VEP targets alpha for version: v1.8
        - This VEP targets beta for version: v1.10
        """, path: "veps/sig-compute/12-both/vep.md")
        XCTAssertEqual(document.format, .both)
        XCTAssertEqual(document.milestones.releases, [.alpha: Release("v1.9")!, .beta: Release("v1.10")!])
    }

    func testMalformedYAMLIsAProblemNotACrash() {
        let document = VEPDocument.parse(text: """
        ---
        title: Broken
        status: [provisional
        ---
        # VEP #12: Broken
        """, path: "veps/sig-compute/12-broken/vep.md")
        XCTAssertEqual(document.problems.map(\.code), ["frontmatter-yaml"])
        XCTAssertEqual(document.problems.first?.position.line, 4)
        XCTAssertEqual(document.number, 12, "identity still comes from the heading")
        XCTAssertNil(document.status)
    }

    func testUnterminatedFrontMatter() {
        let document = VEPDocument.parse(text: "---\ntitle: x\n# VEP #3: Open\n", path: "veps/sig-compute/3-open/vep.md")
        XCTAssertEqual(document.problems.map(\.code), ["frontmatter-unterminated"])
        XCTAssertEqual(document.number, 3)
    }

    func testScalarsThatAreNotMappings() {
        let document = VEPDocument.parse(text: "---\njust text\n---\n# VEP #3: X\n", path: "veps/sig-compute/3-x/vep.md")
        XCTAssertEqual(document.problems.map(\.code), ["frontmatter-yaml"])
        XCTAssertEqual(document.problems.first?.position, SourcePosition(line: 2, column: 1))
    }

    func testUnrecognizedMilestoneIsAProblem() {
        let document = VEPDocument.parse(text: "---\nvep-number: 5\nmilestone:\n  beta: \"v1.x\"\n---\n", path: "veps/sig-compute/5-x/vep.md")
        XCTAssertTrue(document.milestones.isEmpty)
        XCTAssertEqual(document.problems.map(\.code), ["release-unrecognized"])
        XCTAssertEqual(document.problems.first?.position, SourcePosition(line: 4, column: 9))
    }

    func testBinaryTruncatedAndHugeContent() {
        let binary = VEPDocument.parse(data: Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]), path: "veps/sig-compute/8-png/vep.md")
        XCTAssertEqual(binary.problems.map(\.code), ["document-unreadable"])
        XCTAssertEqual(binary.number, 8)

        let truncatedUTF8 = VEPDocument.parse(data: Data("# VEP #8: caf".utf8) + Data([0xC3]), path: "veps/sig-compute/8-x/vep.md")
        XCTAssertEqual(truncatedUTF8.problems.map(\.code), ["document-unreadable"])

        // A Latin-1 byte in the prose: the finding names its line, and the metadata still counts.
        let latin1 = Data("# VEP #8: Caches\n\n## VEP Status Metadata\n\n### Target releases\n\n- This VEP targets alpha for version: v1.9\n\nCaf".utf8)
            + Data([0xE9]) + Data(" au lait\n".utf8)
        let lenient = VEPDocument.parse(data: latin1, path: "veps/sig-compute/8-x/vep.md")
        XCTAssertEqual(lenient.problems.map(\.code), ["document-unreadable"])
        XCTAssertEqual(lenient.problems.first?.position, SourcePosition(line: 9, column: 1))
        XCTAssertEqual(lenient.problems.first?.message, "file is not valid UTF-8 text: line 9 has a byte that is not part of a UTF-8 character")
        XCTAssertEqual(lenient.milestones.releases, [.alpha: Release("v1.9")!])
        XCTAssertEqual(lenient.title?.value, "Caches")
        XCTAssertEqual(lenient.format, .legacy)

        let huge = VEPDocument.parse(data: Data(repeating: 0x61, count: maximumDocumentSize + 1), path: "veps/sig-compute/8-x/vep.md")
        XCTAssertEqual(huge.problems.first?.message.contains("larger than"), true)

        let cut = VEPDocument.parse(text: "---\ntitle: \"unterminated", path: "veps/sig-compute/8-x/vep.md")
        XCTAssertEqual(cut.problems.map(\.code), ["frontmatter-unterminated"])
    }
}

/// The front matter reader's YAML edge cases, with exact output.
final class FrontMatterYAMLTests: XCTestCase {
    func testARepeatedFieldIsReportedAtItsSecondOccurrenceAndTheFirstIsRead() {
        let (frontMatter, problems) = FrontMatterReader.parse("status: provisional\ntitle: T\nstatus: implementable\nstatus: implemented\n", closingLine: 6)
        XCTAssertEqual(frontMatter?.fields.map(\.key.value), ["status", "title", "status", "status"])
        XCTAssertEqual(frontMatter?["status"]?.string, "provisional")
        XCTAssertEqual(problems, [
            Problem(code: "frontmatter-yaml", message: "field `status` appears twice", at: SourcePosition(line: 4, column: 1), help: "keep one of the two"),
            Problem(code: "frontmatter-yaml", message: "field `status` appears twice", at: SourcePosition(line: 5, column: 1), help: "keep one of the two"),
        ])
    }

    func testARepeatedNestedKeyNamesItsPath() {
        let (frontMatter, problems) = FrontMatterReader.parse("milestone:\n  alpha: v1.9\n  alpha: v1.10\nlist:\n  - k: 1\n    k: 2\n", closingLine: 8)
        XCTAssertEqual(frontMatter?["milestone"]?["alpha"]?.string, "v1.9")
        XCTAssertEqual(problems.map(\.message), ["field `milestone.alpha` appears twice", "field `list[0].k` appears twice"])
        XCTAssertEqual(problems.map(\.position), [SourcePosition(line: 4, column: 3), SourcePosition(line: 7, column: 5)])
    }

    func testAQuotedAndAPlainKeyAreTheSameField() {
        let (_, problems) = FrontMatterReader.parse("a: 1\n\"a\": 2\n", closingLine: 4)
        XCTAssertEqual(problems.map(\.message), ["field `a` appears twice"])
        XCTAssertEqual(problems.first?.position, SourcePosition(line: 3, column: 1))
    }

    func testBrokenYAMLAfterARepeatedKeyIsTheOnlyProblem() {
        let (frontMatter, problems) = FrontMatterReader.parse("a: 1\na: 2\nb: [\n", closingLine: 5)
        XCTAssertNil(frontMatter)
        XCTAssertEqual(problems.map(\.message), ["front matter is not valid YAML: did not find expected node content"])
    }

    func testARepeatedFieldInAVEPKeepsTheFirstValue() {
        let document = VEPDocument.parse(text: "---\nvep-number: 12\nstatus: provisional\nstatus: implemented\n---\n# VEP #12: Twice\n",
                                         path: "veps/sig-compute/12-twice/vep.md")
        XCTAssertEqual(document.status?.value, .provisional)
        XCTAssertEqual(document.problems.map(\.description), ["4:1: field `status` appears twice [frontmatter-yaml]"])
    }

    func testACollectionKeyIsWrittenInFlowStyleAtItsStart() {
        let (frontMatter, problems) = FrontMatterReader.parse("? [a, {b: c}]\n: v\n{k: [x]}: w\n", closingLine: 5)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(frontMatter?.fields.map(\.key), [Located("[a, {b: c}]", at: SourcePosition(line: 2, column: 3)),
                                                         Located("{k: [x]}", at: SourcePosition(line: 4, column: 1))])
    }

    func testAnAliasIsACopyOfItsAnchoredValueWithTheAnchorsPositions() {
        // A block list starts where its anchor is written.
        let (frontMatter, problems) = FrontMatterReader.parse("reviewers: &people\n  - \"@a\"\napprovers: *people\n", closingLine: 5)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(frontMatter?["approvers"], .sequence([.scalar("@a", quoted: true, SourcePosition(line: 3, column: 5))],
                                                            SourcePosition(line: 2, column: 12)))
        let (_, undefined) = FrontMatterReader.parse("a: *nowhere\n", closingLine: 3)
        XCTAssertEqual(undefined.map(\.description), ["2:4: front matter is not valid YAML: found undefined alias [frontmatter-yaml]"])
    }

    func testEmptyCommentsOnlyAndSecondDocuments() {
        XCTAssertEqual(FrontMatterReader.parse("", closingLine: 2).0, FrontMatter(fields: [], closingLine: 2))
        XCTAssertEqual(FrontMatterReader.parse("# nothing\n", closingLine: 3).1, [])
        let (frontMatter, problems) = FrontMatterReader.parse("a: b\n...\n---\nc: d\n", closingLine: 6)
        XCTAssertNil(frontMatter)
        XCTAssertEqual(problems.map(\.description), ["4:1: front matter is not valid YAML: but found another document [frontmatter-yaml]"])
    }

    func testAControlCharacterIsReportedAsYamsDescribedIt() {
        let (_, problems) = FrontMatterReader.parse("a: b\nc: \u{1}\n", closingLine: 4)
        XCTAssertEqual(problems.map(\.message), ["front matter is not valid YAML: 2:4: error: reader: control characters are not allowed:\nc: \u{1}\n   ^"])
        XCTAssertEqual(problems.first?.position, SourcePosition(line: 2, column: 1))
    }

    func testNestingDeeperThanLibyamlsLimitIsAProblemNotACrash() {
        let (frontMatter, problems) = FrontMatterReader.parse("a: " + String(repeating: "[", count: 100_000), closingLine: 3)
        XCTAssertNil(frontMatter)
        XCTAssertEqual(problems.map(\.message), ["front matter is not valid YAML: lists or mappings are nested too deeply for the YAML reader"])
        let deepest = "a: " + String(repeating: "[", count: 999) + String(repeating: "]", count: 999) + "\n"
        XCTAssertEqual(FrontMatterReader.parse(deepest, closingLine: 3).1, [])
    }

    func testTheDeepestNestingLibyamlAllowsGoesThroughDocumentParsing() {
        let text = "---\nvep-number: 7\nx: " + String(repeating: "[", count: 999) + String(repeating: "]", count: 999) + "\n---\n# VEP #7: Deep\n"
        let document = VEPDocument.parse(text: text, path: "veps/sig-compute/7-deep/vep.md")
        let again = VEPDocument.parse(text: text, path: "veps/sig-compute/7-deep/vep.md")
        XCTAssertEqual(document.number, 7)
        XCTAssertEqual(document.frontMatter, again.frontMatter)
        XCTAssertEqual(document.frontMatter?.hashValue, again.frontMatter?.hashValue)
    }

    func testRepeatedKeysAreReportedFiftyTimesAtMostWithShortPaths() {
        // A 20,000-character key holding one key written 20,000 times: without the caps, 20,000 messages
        // of 20,000 characters each.
        let long = String(repeating: "k", count: 20_000)
        let yaml = "? " + long + "\n:\n" + String(repeating: "  a: 1\n", count: 20_000)
        let (frontMatter, problems) = FrontMatterReader.parse(yaml, closingLine: 20_004)
        XCTAssertEqual(frontMatter?[long]?["a"]?.string, "1")
        XCTAssertEqual(problems.count, 50)
        let path = String(repeating: "k", count: 80) + "….a"
        XCTAssertEqual(problems.first?.message, "field `\(path)` appears twice")
        XCTAssertEqual(problems.first?.position, SourcePosition(line: 5, column: 3))
        XCTAssertEqual(problems.last?.position, SourcePosition(line: 54, column: 3))
        // A key of exactly 80 characters is shown whole.
        let exact = String(repeating: "e", count: 80)
        XCTAssertEqual(FrontMatterReader.parse("\(exact): 1\n\(exact): 2\n", closingLine: 4).1.map(\.message),
                       ["field `\(exact)` appears twice"])
    }

    func testACollectionKeyIsCutAfterAKibibyte() {
        let (frontMatter, problems) = FrontMatterReader.parse("? [" + String(repeating: "x", count: 5_000) + ", y]\n: v\n", closingLine: 4)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(frontMatter?.fields.map(\.key.value), ["[" + String(repeating: "x", count: 1_023) + "…"])
        // Short collection keys are written whole.
        XCTAssertEqual(FrontMatterReader.parse("? {a: [b, c]}\n: v\n", closingLine: 4).0?.fields.map(\.key.value), ["{a: [b, c]}"])
    }

    func testAPathComponentIsCutByScalarsNotCharacters() {
        // One character: `a` and 3,000 combining acute accents.
        let key = "a" + String(repeating: "\u{0301}", count: 3_000)
        let (_, problems) = FrontMatterReader.parse("? \(key)\n:\n  b: 1\n  b: 2\n", closingLine: 6)
        XCTAssertEqual(problems.map(\.message),
                       ["field `a" + String(repeating: "\u{0301}", count: 79) + "….b` appears twice"])
    }

    func testACutCollectionKeyEndsOnAWholeCharacterAndIsNotComparedWithOthers() {
        // `é` is two bytes: after `[`, 511 of them fill 1,023 bytes and the 512th would not fit.
        let accents = String(repeating: "é", count: 600)
        let (frontMatter, problems) = FrontMatterReader.parse("? [\(accents), a]\n: 1\n? [\(accents), b]\n: 2\n", closingLine: 6)
        XCTAssertEqual(problems, [], "two different keys that share their first kibibyte")
        XCTAssertEqual(frontMatter?.fields.map(\.key.value), Array(repeating: "[" + String(repeating: "é", count: 511) + "…", count: 2))
        // Short collection keys are still compared.
        XCTAssertEqual(FrontMatterReader.parse("? [a, b]\n: 1\n? [a, b]\n: 2\n", closingLine: 6).1.map(\.message),
                       ["field `[a, b]` appears twice"])
    }

    func testAliasesStandingForTooMuchTextAreAProblem() {
        // Eleven aliases of a 100,000-byte scalar stand for 1,100,000 bytes, over the 1 MiB budget.
        let yaml = "a: &a " + String(repeating: "t", count: 100_000) + "\nk:\n" + String(repeating: "  - *a\n", count: 11)
        let (frontMatter, problems) = FrontMatterReader.parse(yaml, closingLine: 15)
        XCTAssertNil(frontMatter)
        XCTAssertEqual(problems.map(\.description),
                       ["14:5: front matter is not valid YAML: aliases stand for more than 1048576 bytes of text; write the values out instead [frontmatter-yaml]"])
        // Ten of them (1,000,000 bytes) are read, and so are the same aliases inside a collection key.
        let ten = "a: &a " + String(repeating: "t", count: 100_000) + "\nk:\n" + String(repeating: "  - *a\n", count: 10)
        XCTAssertEqual(FrontMatterReader.parse(ten, closingLine: 14).0?["k"]?.items?.count, 10)
        let key = "a: &a " + String(repeating: "t", count: 100_000) + "\n? [" + Array(repeating: "*a", count: 10).joined(separator: ", ") + "]\n: v\n"
        let (keyed, none) = FrontMatterReader.parse(key, closingLine: 6)
        XCTAssertEqual(none, [])
        XCTAssertEqual(keyed?.fields.last?.key.value.utf8.count, 1_024 + "…".utf8.count)
    }

    func testAliasesStandingForTooManyValuesAreAProblemNotAHang() {
        // Nine levels of ten aliases each stand for a billion values.
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let (frontMatter, problems) = FrontMatterReader.parse(yaml, closingLine: 12)
        XCTAssertNil(frontMatter)
        // a0 holds 11 values, a1 111, a2 1,111: after a1's and a2's aliases (110 + 1,110), a3's eighth alias
        // (column 45 of line 5) brings the count to 10,108.
        XCTAssertEqual(problems.map(\.description),
                       ["5:45: front matter is not valid YAML: aliases stand for more than 10000 values; write the values out instead [frontmatter-yaml]"])
        // The same shape two levels shallower is read: 1,110 aliased values.
        let shallow = yaml.split(separator: "\n").prefix(3).joined(separator: "\n") + "\n"
        let (read, none) = FrontMatterReader.parse(shallow, closingLine: 5)
        XCTAssertEqual(none, [])
        XCTAssertEqual(read?["a2"]?.items?.count, 10)
    }
}
