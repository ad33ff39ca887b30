import XCTest
@testable import VEPCore

/// The two tiers of DocumentCache, as a push uses them: whole documents for recent versions, essentials
/// for every version, and essentials only where the caller says they suffice.
final class DocumentCacheTests: XCTestCase {
    let path = "veps/sig-network/42-faster-links/vep.md"

    func testBaseJudgedOnEssentialsGivesTheSameFindingsAsOnTheWholeDocument() throws {
        let before = Sample.vep()
        let after = Sample.implementable(["status": "implemented"])
        let head = try LintSnapshot.read(MemorySource([path: after], label: "head"))
        let whole = try LintSnapshot.read(MemorySource([path: before], label: "base"))

        // A capacity of one: storing another version drops `before` from the whole-document tier.
        let cache = DocumentCache(capacity: 1, essentialsCapacity: 16)
        _ = try LintSnapshot.read(MemorySource([path: before], label: "earlier"), cache: cache)
        _ = try LintSnapshot.read(MemorySource([path: Sample.vep(["title": "Other"])], label: "other"), cache: cache)
        let reduced = try LintSnapshot.read(MemorySource([path: before], label: "base"), cache: cache, essentialsSuffice: { _ in true })

        XCTAssertNil(reduced.texts[path], "essentials come without text")
        XCTAssertEqual(reduced.catalog.veps.first?.document, Sample.documentEssentials(before, path: path))
        XCTAssertNotNil(whole.texts[path])
        let findings = { (base: LintSnapshot) in
            Linter.lint(LintContext(head: head, base: base, date: "2026-07-01"), scope: LintScope(changedOnly: true)).map(\.rule)
        }
        XCTAssertEqual(findings(reduced), findings(whole))
        XCTAssertTrue(findings(whole).contains("status-transition"), "\(findings(whole))")
    }

    func testEssentialsAreUsedOnlyWhereTheySuffice() throws {
        let before = Sample.vep()
        let cache = DocumentCache(capacity: 1, essentialsCapacity: 16)
        _ = try LintSnapshot.read(MemorySource([path: before]), cache: cache)
        _ = try LintSnapshot.read(MemorySource([path: Sample.vep(["title": "Other"])]), cache: cache)

        let parsedAgain = try LintSnapshot.read(MemorySource([path: before]), cache: cache, essentialsSuffice: { $0 != self.path })
        XCTAssertEqual(parsedAgain.texts[path], before, "a file that must be whole is read again, with its text")
        XCTAssertEqual(parsedAgain.catalog.veps.first?.document.authors.map(\.value), ["@mira"])
        let noPredicate = try LintSnapshot.read(MemorySource([path: before]), cache: DocumentCache(capacity: 1, essentialsCapacity: 16))
        XCTAssertEqual(noPredicate.texts[path], before)
    }

    func testEssentialsTierForgetsWhenFull() throws {
        let cache = DocumentCache(capacity: 1, essentialsCapacity: 2)
        let versions = (1...3).map { Sample.vep(["title": "Version \($0)"]) }
        for version in versions { _ = try LintSnapshot.read(MemorySource([path: version]), cache: cache) }
        // Storing the third version found both tiers full: only it is left, whole.
        let last = try LintSnapshot.read(MemorySource([path: versions[2]]), cache: cache, essentialsSuffice: { _ in true })
        XCTAssertEqual(last.catalog.veps.first?.title, "Version 3")
        XCTAssertEqual(last.texts[path], versions[2])
        let first = try LintSnapshot.read(MemorySource([path: versions[0]]), cache: cache, essentialsSuffice: { _ in true })
        XCTAssertEqual(first.texts[path], versions[0], "forgotten, so parsed again")
        XCTAssertEqual(first.catalog.veps.first?.title, "Version 1")
    }
}

extension Sample {
    static func documentEssentials(_ text: String, path: String) -> VEPDocument {
        VEPDocument.parse(text: text, path: path).essentials
    }
}

extension DocumentCacheTests {
    func testEssentialsStoredAloneNeverStandInForAWholeDocument() throws {
        let text = Sample.vep()
        let cache = DocumentCache()
        cache.storeEssentials(SourceFile(path: path, contentID: text), layout: .default, document: VEPDocument.parse(text: text, path: path))

        let whole = try LintSnapshot.read(MemorySource([path: text]), cache: cache)
        XCTAssertEqual(whole.texts[path], text, "parsed again, with its text")
        let base = try LintSnapshot.read(MemorySource([path: text]), cache: DocumentCache(), essentialsSuffice: { _ in true })
        XCTAssertEqual(base.texts[path], text, "nothing cached: read whole")
        let cached = DocumentCache()
        cached.storeEssentials(SourceFile(path: path, contentID: text), layout: .default, document: VEPDocument.parse(text: text, path: path))
        XCTAssertNil(try LintSnapshot.read(MemorySource([path: text]), cache: cached, essentialsSuffice: { _ in true }).texts[path],
                     "where essentials suffice, they are used")
    }
}
