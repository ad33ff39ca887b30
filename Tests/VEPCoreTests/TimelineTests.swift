import XCTest
@testable import VEPCore

final class TimelineTests: XCTestCase {
    private var contents: [String: String] = [:]
    private var tracker: CatalogTracker!

    override func setUp() {
        tracker = CatalogTracker(layout: .default) { [unowned self] file in
            .data(Data(self.contents[file.contentID!]!.utf8))
        }
    }

    /// Stores `text` under a content id derived from it, like a blob id.
    private func blob(_ text: String) -> String {
        let id = String(text.hashValue, radix: 16)
        contents[id] = text
        return id
    }

    private func legacy(_ number: Int, alpha: String = "", beta: String = "") -> String {
        """
        # VEP #\(number): Feature \(number)
        ## VEP Status Metadata
        ### Target releases
        - This VEP targets alpha for version: \(alpha)
        - This VEP targets beta for version: \(beta)
        - This VEP targets GA for version:
        """
    }

    private func frontMatter(_ number: Int, status: String, stage: String? = nil, alpha: String? = nil, beta: String? = nil) -> String {
        var text = "---\nvep-number: \(number)\nstatus: \(status)\n"
        if let stage { text += "stage: \(stage)\n" }
        text += "milestone:\n"
        if let alpha { text += "  alpha: \"\(alpha)\"\n" }
        if let beta { text += "  beta: \"\(beta)\"\n" }
        return text + "---\n# VEP #\(number): Feature \(number)\n"
    }

    private func step(_ changes: [(String, String?)]) throws -> [String] {
        let before = tracker.states
        let returned = try tracker.apply(changes.map { (path: $0.0, contentID: $0.1.map(blob)) })
        XCTAssertEqual(returned, Change.between(before, tracker.states), "incremental and full comparison agree")
        return returned.map { "\($0.vep) \($0.kind.rawValue) \($0.field?.rawValue ?? "-") \($0.from ?? "null") \($0.to ?? "null")" }
    }

    func testCreationListsInitialValues() throws {
        XCTAssertEqual(try step([("veps/sig-compute/12-snap/vep.md", frontMatter(12, status: "provisional", stage: "alpha", alpha: "v1.9.0"))]), [
            "12 created - null veps/sig-compute/12-snap/vep.md",
            "12 status - null provisional",
            "12 stage - null alpha",
            "12 milestone alpha null v1.9",
        ])
    }

    func testRespellingAndBodyEditsProduceNothing() throws {
        _ = try step([("veps/sig-compute/12-snap/vep.md", legacy(12, alpha: "v1.9"))])
        XCTAssertEqual(try step([("veps/sig-compute/12-snap/vep.md", legacy(12, alpha: "1.9.0") + "\n## Overview\nMore words.\n")]), [])
        XCTAssertEqual(try step([("veps/sig-compute/12-snap/diagram.png", "PNG"), ("OWNERS", "approvers: []")]), [])
    }

    func testMigrationToFrontMatterKeepsTargets() throws {
        _ = try step([("veps/sig-compute/12-snap/vep.md", legacy(12, alpha: "v1.9", beta: "v1.10.0"))])
        XCTAssertEqual(try step([("veps/sig-compute/12-snap/vep.md", frontMatter(12, status: "implementable", alpha: "v1.9", beta: "v1.10"))]), [
            "12 status - null implementable",
        ])
    }

    func testMovesAcrossGroupsAndLayouts() throws {
        _ = try step([("veps/sig-network/decouple-nad.md", legacy(5, alpha: "v1.2"))])
        XCTAssertEqual(try step([("veps/sig-network/decouple-nad.md", nil), ("veps/sig-network/5-decouple-nad/vep.md", legacy(5, alpha: "v1.2"))]), [
            "5 moved - veps/sig-network/decouple-nad.md veps/sig-network/5-decouple-nad/vep.md",
        ])
        XCTAssertEqual(try step([("veps/sig-network/5-decouple-nad/vep.md", nil), ("veps/sig-compute/5-decouple-nad/vep.md", legacy(5, alpha: "v1.3"))]), [
            "5 moved - veps/sig-network/5-decouple-nad/vep.md veps/sig-compute/5-decouple-nad/vep.md",
            "5 milestone alpha v1.2 v1.3",
        ])
    }

    func testSwapOfTwoPathsIsTwoMoves() throws {
        _ = try step([("veps/sig-compute/1-a/vep.md", legacy(1, alpha: "v1.1")), ("veps/sig-compute/2-b/vep.md", legacy(2, alpha: "v1.2"))])
        XCTAssertEqual(try step([("veps/sig-compute/1-a/vep.md", "# VEP #2: B\n"), ("veps/sig-compute/2-b/vep.md", "# VEP #1: A\n")]), [
            "1 moved - veps/sig-compute/1-a/vep.md veps/sig-compute/2-b/vep.md",
            "1 milestone alpha v1.1 null",
            "2 moved - veps/sig-compute/2-b/vep.md veps/sig-compute/1-a/vep.md",
            "2 milestone alpha v1.2 null",
        ])
    }

    func testDeletionAndRecreation() throws {
        _ = try step([("veps/sig-compute/7-x/vep.md", legacy(7, beta: "v1.4"))])
        XCTAssertEqual(try step([("veps/sig-compute/7-x/vep.md", nil)]), ["7 deleted - veps/sig-compute/7-x/vep.md null"])
        XCTAssertEqual(try step([("veps/sig-storage/7-x/vep.md", legacy(7))]), ["7 created - null veps/sig-storage/7-x/vep.md"])
    }

    func testTemplateAndContinuationDocuments() throws {
        XCTAssertEqual(try step([("veps/NNNN-vep-template/vep.md", legacy(1, alpha: "v1.1"))]), [])
        _ = try step([("veps/sig-network/21-passt/vep.md", legacy(21, beta: "v1.8"))])
        XCTAssertEqual(try step([("veps/sig-network/21-passt/passt-ga.md", "# VEP #21 - Part 2: GA\n## VEP Status Metadata\n### Target releases\n- This VEP targets GA for version: v1.10\n")]), [
            "21 milestone ga null v1.10",
        ])
    }

    func testPullRequestNumbers() {
        func stamp(_ subject: String) -> Int? {
            CommitStamp(id: "", date: "", authorName: "", authorEmail: "", subject: subject).pullRequest
        }
        XCTAssertEqual(stamp("VEP 12: retarget beta (#332)"), 332)
        XCTAssertEqual(stamp("Merge pull request #332 from someone/branch"), 332)
        XCTAssertNil(stamp("Fix #332 in the middle"))
        XCTAssertNil(stamp("plain subject"))
        // Long numbers whole, never cut to another number; one too long for an Int is none.
        XCTAssertEqual(stamp("Big (#1234567890)"), 1_234_567_890)
        XCTAssertEqual(stamp("Merge pull request #1234567890 from a/b"), 1_234_567_890)
        XCTAssertEqual(stamp("Huge (#123456789012345678)"), 123_456_789_012_345_678)
        XCTAssertNil(stamp("Too big (#1234567890123456789)"))
        XCTAssertNil(stamp("Merge pull request #1234567890123456789 from a/b"))
    }
}

final class TimelineJSONTests: XCTestCase {
    func testContractKeysInOrderWithEscaping() throws {
        let event = TimelineEvent(
            commit: CommitStamp(id: String(repeating: "a", count: 40), date: "2026-06-24T10:00:00+02:00",
                                authorName: "Zoë \"Z\" Quill", authorEmail: "zoe@example.org", subject: "Retarget (#12)"),
            change: Change(vep: 183, kind: .milestone, field: .beta, from: nil, to: "v1.10"))
        XCTAssertEqual(event.jsonLine, #"{"vep":183,"commit":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","date":"2026-06-24T10:00:00+02:00","author":{"name":"Zoë \"Z\" Quill","email":"zoe@example.org"},"pr":12,"kind":"milestone","field":"beta","from":null,"to":"v1.10"}"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(event.jsonLine.utf8)) as? [String: Any]
        XCTAssertEqual(parsed?["to"] as? String, "v1.10")
        XCTAssertEqual((parsed?["author"] as? [String: String])?["name"], "Zoë \"Z\" Quill")
        XCTAssertEqual(JSONText.string("a\u{1}b\\"), #""a\u0001b\\""#)
    }
}
