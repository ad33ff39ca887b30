import XCTest
@testable import VEPCore

/// What a VEP's prose says about its feature gate (upstream VEPs 227, 241 and 287 were read as opting out).
final class FeatureGateTests: XCTestCase {
    private func mentions(_ body: String) -> (named: String?, optsOut: Bool) {
        let document = VEPDocument.parse(text: body, path: "veps/sig-compute/42-x/vep.md")
        let found = FeatureGateMentions(text: body, headings: document.headings)
        return (found.named, found.optsOut)
    }

    func testOwnSentencesOptOut() {
        XCTAssertTrue(mentions("# VEP #42: X\n\n## Design\n\nThis change is not guarded by a feature gate: it only adds a metric.\n").optsOut)
        XCTAssertTrue(mentions("# VEP #42: X\n\nNo feature gate is needed, the field is optional.\n").optsOut)
        XCTAssertTrue(mentions("# VEP #42: X\n\nThe VEP does not need a feature gate.\n").optsOut)
    }

    func testHeadingsAlternativesAndCompoundNounsDoNot() {
        // A rejected alternative, as a heading and as a sentence in the Alternatives section.
        XCTAssertFalse(mentions("# VEP #42: X\n\n## Alternatives\n\n### No Feature Gate\n\nShip it without a feature gate.\n\n## Scalability\n\nFine.\n").optsOut)
        XCTAssertFalse(mentions("# VEP #42: X\n\n### No Feature Gate\n").optsOut)
        XCTAssertFalse(mentions("# VEP #42: X\n\nStore it without relying on protobuf for feature gate state.\n").optsOut)
        // Outside the Alternatives section, the same sentence counts again.
        XCTAssertTrue(mentions("# VEP #42: X\n\n## Alternatives\n\nOthers.\n\n## Scalability\n\nIt needs no feature gate.\n").optsOut)
    }

    func testANamedGateIsAGateEvenBesideANegation() {
        let both = mentions("# VEP #42: X\n\nThe `TLSGroupPreferences` feature gate guards it.\n\nWithout the feature gate nothing changes.\n")
        XCTAssertEqual(both.named, "TLSGroupPreferences")
        XCTAssertFalse(both.optsOut)
        XCTAssertEqual(mentions("# VEP #42: X\n\nIntroduce a feature gate `ARM64SecureBoot` for it.\n").named, "ARM64SecureBoot")
        XCTAssertEqual(mentions("# VEP #42: X\n\nIntroduce a Feature Gate called `GraceIOVirtualization`.\n").named, "GraceIOVirtualization")
        XCTAssertNil(mentions("# VEP #42: X\n\nSet `true` feature gate values.\n").named, "a lower-case word is no gate name")
        XCTAssertNil(mentions("# VEP #42: X\n\n## Alternatives\n\nUse the `OtherGate` feature gate.\n").named, "an alternative's gate is not this VEP's")
    }
}
