import XCTest
@testable import VEPCore

/// The examples in each rule's description are its specification: every triggering example yields
/// exactly the findings its `↓` markers show, and no non-triggering example yields one.
final class RuleExampleTests: XCTestCase {
    func testEveryTriggeringExampleFindsExactlyItsMarkers() throws {
        for description in RuleCatalog.descriptions {
            XCTAssertFalse(description.triggeringExamples.isEmpty, "\(description.identifier) has no triggering example")
            for (index, example) in description.triggeringExamples.enumerated() {
                let (findings, markers) = try RuleCatalog.run(example)
                let found = findings.filter { $0.rule == description.identifier }
                XCTAssertFalse(markers.isEmpty, "\(description.identifier) triggering example \(index) has no marker")
                XCTAssertEqual(found.map { "\($0.path):\($0.line):\($0.column)" }.sorted(), markers.sorted(),
                               "\(description.identifier) triggering example \(index): \(found.map(\.message))")
                XCTAssertTrue(found.allSatisfy { $0.severity == description.severity && $0.help != nil
                    && ($0.sourceLine != nil || description.identifier == "document-unreadable") },
                              "\(description.identifier) triggering example \(index): severity, quoted line and help")
            }
        }
    }

    func testNoNonTriggeringExampleFindsAnything() throws {
        for description in RuleCatalog.descriptions {
            XCTAssertFalse(description.nonTriggeringExamples.isEmpty, "\(description.identifier) has no non-triggering example")
            for (index, example) in description.nonTriggeringExamples.enumerated() {
                let (findings, markers) = try RuleCatalog.run(example)
                XCTAssertEqual(markers, [], "\(description.identifier) non-triggering example \(index) has a marker")
                let found = findings.filter { $0.rule == description.identifier }
                XCTAssertEqual(found.map { "\($0.path):\($0.line):\($0.column): \($0.message)" }, [],
                               "\(description.identifier) non-triggering example \(index)")
            }
        }
    }

    /// Upstream VEPs 29, 169, 176 have no metadata at all: the finding says so, and both name the command that fixes it.
    func testLegacyFormatSaysWhetherThereIsProseAndPointsAtMigrate() throws {
        let prose = try RuleCatalog.run(.document(Sample.legacy())).findings.filter { $0.rule == "legacy-format" }
        XCTAssertEqual(prose.map(\.message), ["VEP 42 keeps its metadata in legacy prose, not front matter"])
        let none = try RuleCatalog.run(.document("# VEP #42: Faster links\n\n## Overview\n")).findings.filter { $0.rule == "legacy-format" }
        XCTAssertEqual(none.map(\.message), ["VEP 42 has no metadata: neither front matter nor a Target releases list"])
        XCTAssertEqual(none.first?.help, "`git vep migrate 42` writes the VEP 282 front matter (with the targets the prose gives) and says what is left to fill in")
        let new = try RuleCatalog.run(.change(base: nil, head: Sample.legacy())).findings.filter { $0.rule == "new-vep-front-matter" }
        XCTAssertEqual(new.first?.help, "start it with the VEP 282 front matter: `git vep migrate 42` writes it from what the document says "
                       + "(`git vep new` makes a new VEP with it)")
    }

    func testConflictMarkersInFrontMatterAreNamedAsSuch() throws {
        let text = Sample.vep(["status": "provisional\n<<<<<<< HEAD\nstatus: implementable\n=======\nstatus: deferred\n>>>>>>> topic"])
        let findings = try RuleCatalog.run(.document(text)).findings.filter { $0.rule == "frontmatter-yaml" }
        XCTAssertEqual(findings.map(\.message), ["front matter holds a merge conflict marker (`<<<<<<<`)"])
        XCTAssertEqual(findings.first?.sourceLine, "<<<<<<< HEAD")
    }

    func testIdentifiersAreUniqueKebabCaseAndExplained() {
        let ids = RuleCatalog.descriptions.map(\.identifier)
        XCTAssertEqual(Set(ids).count, ids.count)
        for description in RuleCatalog.descriptions {
            XCTAssertNotNil(description.identifier.range(of: #"^[a-z]+(-[a-z]+)*$"#, options: .regularExpression), description.identifier)
            XCTAssertGreaterThan(description.explanation.count, 80, description.identifier)
        }
    }
}
