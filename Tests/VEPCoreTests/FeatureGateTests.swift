import XCTest
@testable import VEPCore

/// What a VEP's prose says about its feature gate (upstream VEPs 227, 241 and 287 were read as opting out).
final class FeatureGateTests: XCTestCase {
    private func mentions(_ body: String) -> (named: String?, optsOut: Bool) {
        let found = all(body)
        return (found.names.first, found.optsOut)
    }

    private func all(_ body: String) -> FeatureGateMentions {
        FeatureGateMentions(text: body, headings: VEPDocument.parse(text: body, path: "veps/sig-compute/42-x/vep.md").headings)
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

    /// Upstream texts the first version of this reader got wrong (found by review).
    func testConditionsGraduationCriteriaAndOtherWaysOfNamingAGate() {
        // VEP 111: a comma before the name, and a condition with "no".
        let naming = mentions("# VEP #111: X\n\nA new feature gate, `PodSecondaryInterfaceNamingUpgrade`, will be introduced.\n\n"
                              + "In case no major issues will be reported, the feature gate will be graduated in v1.10.\n")
        XCTAssertEqual(naming.named, "PodSecondaryInterfaceNamingUpgrade")
        XCTAssertFalse(naming.optsOut)
        XCTAssertFalse(mentions("# VEP #111: X\n\nIn case no major issues will be reported, the feature gate will be graduated.\n").optsOut)
        // VEP 21: a name starting lower-case; "not … unless the feature gate is enabled".
        let passt = mentions("# VEP #21: X\n\nA feature-gate named `passtIPStackMigration` will be introduced. "
                             + "virt-handler will not run `passt-repair` unless the feature gate is enabled.\n")
        XCTAssertEqual(passt.named, "passtIPStackMigration")
        XCTAssertFalse(mentions("# VEP #21: X\n\nvirt-handler will not run `passt-repair` unless the feature gate is enabled.\n").optsOut)
        // VEP 171: a bare name, and a GA criterion.
        let reboot = mentions("# VEP #171: X\n\n## Graduation Requirements\n\n- Implementation behind a feature gate RecreateVMIOnReboot\n"
                              + "- API available without a FeatureGate\n\n## Design\n\nIt is guarded by the feature gate RecreateVMIOnReboot.\n")
        XCTAssertEqual(reboot.named, "RecreateVMIOnReboot")
        XCTAssertFalse(mentions("# VEP #171: X\n\n## Graduation Requirements\n\n- API available without a FeatureGate\n").optsOut)
        // VEP 190: in parentheses, besides a gate it deprecates; VEPs 31 and 169 name several: all are listed.
        let plugins = all("# VEP #190: X\n\nThe `Sidecar` feature gate is deprecated. Feature gate (`Plugins`) guards the new API.\n")
        XCTAssertEqual(plugins.names, ["Sidecar", "Plugins"])
        XCTAssertEqual(all("# VEP #42: X\n\nThe `IOMMUFD` feature gate.\n").names, ["IOMMUFD"])
        XCTAssertEqual(all("# VEP #42: X\n\nThe `HotplugVolumes` Alpha feature gate.\n").names, ["HotplugVolumes"])
    }
}
