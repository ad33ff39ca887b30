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
