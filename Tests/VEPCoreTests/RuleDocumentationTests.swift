import XCTest
@testable import VEPCore

/// `docs/rules.md` is generated from the rule descriptions (`scripts/gen-rule-docs`) and must not drift.
final class RuleDocumentationTests: XCTestCase {
    func testCommittedRulesPageEqualsTheGeneratedOne() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        XCTAssertEqual(committed, RuleDocumentation.markdown(), "docs/rules.md is stale: run scripts/gen-rule-docs")
    }

    func testEveryRuleHasASection() {
        let page = RuleDocumentation.markdown()
        for rule in RuleCatalog.descriptions {
            XCTAssertTrue(page.contains("\n## \(rule.identifier)\n\n**\(rule.name)** — default severity: \(rule.severity.rawValue)\n"), rule.identifier)
        }
    }

    func testClosestIdentifier() {
        XCTAssertEqual(RuleCatalog.closestIdentifier(to: "vep-frezee"), "vep-freeze")
        XCTAssertEqual(RuleCatalog.closestIdentifier(to: "frontmatter-required"), "frontmatter-required-field")
    }
}
