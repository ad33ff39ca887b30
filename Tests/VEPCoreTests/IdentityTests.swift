import XCTest
@testable import VEPCore

final class IdentityTests: XCTestCase {
    private func document(_ heading: String, path: String) -> VEPDocument {
        VEPDocument.parse(text: heading + "\n\nBody.\n", path: path)
    }

    func testHeadingVariants() {
        let cases: [(String, Int, String)] = [
            ("# VEP #183: Network devices through DRA", 183, "Network devices through DRA"),
            ("# VEP 183: Network devices through DRA", 183, "Network devices through DRA"),
            ("# VEP #0171: Cold reboot from the guest", 171, "Cold reboot from the guest"),
            ("# VEP-42 Memory snapshots", 42, "Memory snapshots"),
        ]
        for (heading, number, title) in cases {
            let parsed = document(heading, path: "veps/sig-x/9-other/vep.md")
            XCTAssertEqual(parsed.numberClaims.first { $0.source == .heading }?.number, number, heading)
            XCTAssertEqual(parsed.number, number, "the heading beats the directory: \(heading)")
            XCTAssertEqual(parsed.title?.value, title, heading)
        }
    }

    func testHeadingWithoutNumberFallsBackToDirectory() {
        let probe = document("# VEP: Probe pausing during maintenance", path: "veps/sig-compute/207-pause-probes/vep.md")
        XCTAssertEqual(probe.number, 207)
        XCTAssertEqual(probe.numberClaims.map(\.source), [.directory])
        XCTAssertEqual(probe.title?.value, "Probe pausing during maintenance")

        let overview = document("# Overview\nSecure guests on mainframes.", path: "veps/sig-compute/19-secure-guests-on-z/vep.md")
        XCTAssertEqual(overview.number, 19)
        XCTAssertEqual(overview.title?.value, "Secure guests on z")
    }

    func testFrontMatterIsStrongestAndDisagreementIsKept() {
        let parsed = VEPDocument.parse(text: """
        ---
        title: Binding plugin for vhost-user
        vep-number: 307
        ---
        # VEP #308: Binding plugin for vhost-user
        """, path: "veps/sig-network/309-vhostuser/vep.md")
        XCTAssertEqual(parsed.number, 307)
        XCTAssertEqual(parsed.numberClaims.map(\.number).sorted(), [307, 308, 309])
        XCTAssertEqual(parsed.numberClaims.first { $0.source == .frontMatter }?.position, SourcePosition(line: 3, column: 13))
        XCTAssertEqual(parsed.numberClaims.first { $0.source == .heading }?.position, SourcePosition(line: 5, column: 1))
    }

    func testContinuationDocument() {
        let part = document("# VEP #21 - Part 2: Migration and beta", path: "veps/sig-network/21-passt/passt-beta.md")
        XCTAssertEqual(part.number, 21)
        XCTAssertEqual(part.continuationPart, 2)
        XCTAssertEqual(part.title?.value, "Migration and beta")
    }

    func testTemplateHeadingCarriesNoNumber() {
        let template = document("# VEP #NNNN: Your short, descriptive title", path: "veps/NNNN-vep-template/vep.md")
        XCTAssertNil(template.number)
    }
}

final class HeadingPhraseTests: XCTestCase {
    func testAWordStartingWithNIsATitleNotAPlaceholder() {
        XCTAssertEqual(VEPDocument.headingIdentity("VEP Network binding for vhost-user")?.title, "Network binding for vhost-user")
        XCTAssertNil(VEPDocument.headingIdentity("VEP Network binding")?.number)
        XCTAssertNil(VEPDocument.headingIdentity("VEPs of the release"), "a word that starts with VEP is not the prefix")
        // Upstream VEP 161 was first headed `# VEP #97.1: …`: no claim to be VEP 97.
        XCTAssertNil(VEPDocument.headingIdentity("VEP #97.1: Hypervisor feature discovery")?.number)
        XCTAssertEqual(VEPDocument.headingIdentity("VEP #97.1: Hypervisor feature discovery")?.title, "Hypervisor feature discovery")
        XCTAssertEqual(VEPDocument.headingIdentity("VEP #97. Hypervisors")?.number, 97, "a full stop after the number is punctuation")
        // Written as a title (what a document without a number needs to stand for its folder's VEP), or not.
        XCTAssertEqual(["VEP: Probe Proxy", "VEP #Decentralized live migration", "VEP - Title", "VEP 12 Title", "VEP #NNNN: Title",
                        "VEP — Title", "VEP Appendix: API flows", "VEP Network binding"].map { VEPDocument.headingIdentity($0)?.marked },
                       [true, true, true, true, true, true, false, false])
        XCTAssertEqual(VEPDocument.headingIdentity("vep #12 part 3 - Migration")?.part, 3)
        XCTAssertNil(VEPDocument.headingIdentity("VEP #12: Partial snapshots")?.part)
    }

    func testTargetLinePhrases() {
        XCTAssertEqual(VEPDocument.targetLine("This VEP targets beta for version: v1.9")?.stage, "beta")
        XCTAssertEqual(VEPDocument.targetLine("  this vep TARGETED GA for: 1.10 (late)")?.value, "1.10 (late)")
        XCTAssertEqual(VEPDocument.targetLine("This VEP targeted alpha2 for version: v1.8")?.pastTense, true)
        XCTAssertNil(VEPDocument.targetLine("This VEP targets beta for version v1.9"), "the colon is required")
        XCTAssertNil(VEPDocument.targetLine("This VEP targeting beta for version: v1.9"))
        XCTAssertEqual(VEPDocument.shipLine("Ship target version:"), "")
        XCTAssertEqual(VEPDocument.shipLine("ship  target version : v1.7"), "v1.7")
        XCTAssertNil(VEPDocument.shipLine("Ship target versions: v1.7"))
    }
}
