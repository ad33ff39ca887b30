import XCTest
@testable import VEPCore

final class LegacyFormatTests: XCTestCase {
    private func parse(_ text: String, path: String = "veps/sig-compute/42-guest-memory-snapshot/vep.md") -> VEPDocument {
        VEPDocument.parse(text: text, path: path)
    }

    func testPresentPastStruckAndUnknownStages() {
        let document = parse("""
        # VEP #42: Guest memory snapshots

        ## VEP Status Metadata

        ### Target releases

        - This VEP targeted alpha for version: v1.6 (first design, since replaced)
        - This VEP targeted alpha2 for version: v1.8 (second design)
        - ~This VEP targets beta for version: v1.7~
        - This VEP targets GA for version: TBD

        ## Overview
        Text.
        """)
        XCTAssertEqual(document.number, 42)
        XCTAssertEqual(document.title?.value, "Guest memory snapshots")
        XCTAssertEqual(document.format, .legacy)
        XCTAssertEqual(document.milestones.releases, [.alpha: Release("v1.6")!])
        XCTAssertEqual(document.milestones.alpha?.position, SourcePosition(line: 7, column: 40))
        XCTAssertEqual(document.legacyTargets.map(\.stage), [.alpha, .beta, .ga], "alpha2 is not a stage")
        XCTAssertEqual(document.legacyTargets[1].struck, true)
        XCTAssertEqual(document.problems, [])
    }

    func testStruckValuesAreNotTargets() {
        let document = parse("""
        # VEP #98: Retargeted
        ## VEP Status Metadata
        ### Target releases
        - This VEP targets alpha for version: ~v1.8~ v1.9
        - This VEP targets beta for version: ~~v1.10~~
        - This VEP targets GA for version: ~~v1.11~~ **v1.12** ~~v1.13~~
        """)
        XCTAssertEqual(document.milestones.releases, [.alpha: Release("v1.9")!, .ga: Release("v1.12")!])
        XCTAssertEqual(document.milestones.alpha?.position, SourcePosition(line: 4, column: 46))
        XCTAssertEqual(document.legacyTargets.map(\.struck), [false, false, false], "the lines themselves stand")
        XCTAssertEqual(document.problems, [])
    }

    func testPresentTenseBeatsPastTenseForTheSameStage() {
        let document = parse("""
        # VEP #42: Snapshots
        ## VEP Status Metadata
        ### Target releases
        - This VEP targeted alpha for version: v1.6
        - This VEP targets alpha for version: v1.7.0
        - This VEP targets beta for version: 1.8
        - This VEP targets GA for version: v1.9.
        """)
        XCTAssertEqual(document.milestones.releases, [.alpha: Release("v1.7")!, .beta: Release("v1.8")!, .ga: Release("v1.9")!])
    }

    func testShipTargetIsTheGATarget() {
        let document = parse("""
        # VEP #48: Images for mixed-architecture clusters
        ## VEP Status Metadata
        ### Target releases
        This VEP has no feature-gated phases.
        - Ship target version: v1.7
        """)
        XCTAssertEqual(document.milestones.releases, [.ga: Release("v1.7")!])
        XCTAssertEqual(document.legacyTargets.first?.isShipTarget, true)
    }

    func testEmptyAndNotApplicableValuesAreNoTarget() {
        let document = parse("""
        # VEP #282: Proposal governance
        ## VEP Status Metadata
        ### Target releases
        - This VEP targets alpha for version: N/A
        - This VEP targets beta for version: N/A (process change)
        - This VEP targets GA for version:
        """)
        XCTAssertTrue(document.milestones.isEmpty)
        XCTAssertEqual(document.problems, [])
        XCTAssertEqual(document.format, .legacy)
    }

    func testTargetLinesInsideCommentsOrCodeAreIgnored() {
        let document = parse("""
        # VEP #7: Example
        ## VEP Status Metadata
        ### Target releases
        <!--
        - This VEP targets alpha for version: v1.1
        ### Alpha
        -->
        ```
        - This VEP targets beta for version: v1.2
        ## Not a heading
        ```
        - This VEP targets GA for version: v1.3
        """)
        XCTAssertEqual(document.milestones.releases, [.ga: Release("v1.3")!])
        XCTAssertEqual(document.headings.map(\.text), ["VEP #7: Example", "VEP Status Metadata", "Target releases"])
    }

    func testTargetLinesOutsideTheMetadataSectionAreProse() {
        let document = parse("""
        # VEP #7: Example
        ## Overview
        - This VEP targets alpha for version: v1.1
        """)
        XCTAssertTrue(document.milestones.isEmpty)
        XCTAssertEqual(document.format, .none)
    }

    func testUnrecognizedReleaseIsAProblemWithPosition() {
        let document = parse("""
        # VEP #7: Example
        ## VEP Status Metadata
        ### Target releases
        - This VEP targets alpha for version: next spring
        """)
        XCTAssertTrue(document.milestones.isEmpty)
        XCTAssertEqual(document.problems.map(\.code), ["release-unrecognized"])
        XCTAssertEqual(document.problems.first?.position, SourcePosition(line: 4, column: 39))
    }
}
