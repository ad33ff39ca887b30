import XCTest
@testable import VEPCore

final class ReleaseTests: XCTestCase {
    func testSpellingsOfOneReleaseNormalizeAlike() {
        for spelling in ["v1.9", "v1.9.0", "1.9", "v1.9.", "V1.9", "v1.9 (device-plugin design)", "v1.9.3"] {
            XCTAssertEqual(TargetValue.parse(spelling), .release(Release(major: 1, minor: 9)), spelling)
        }
    }

    func testNoTargetSpellings() {
        for spelling in ["", "   ", "TBD", "tbd", "N/A", "N/A (tooling change, no feature gate)", "NA", "none"] {
            XCTAssertEqual(TargetValue.parse(spelling), TargetValue.none, spelling)
        }
    }

    func testUnrecognizedValuesAreKeptForTheReport() {
        XCTAssertEqual(TargetValue.parse("next release"), .unrecognized("next release"))
        XCTAssertEqual(TargetValue.parse("v1.x"), .unrecognized("v1.x"))
        XCTAssertEqual(TargetValue.parse("v1.9x"), .unrecognized("v1.9x"))
    }

    func testOrderingAndDescription() {
        XCTAssertLessThan(Release("v1.9")!, Release("v1.10")!)
        XCTAssertEqual(Release("1.10.0")?.description, "v1.10")
        XCTAssertNil(Release("alpha"))
    }

    func testStatusMovesOfVEP282() {
        XCTAssertTrue(Status.provisional.canMove(to: .implementable))
        XCTAssertTrue(Status.implementable.canMove(to: .implemented))
        XCTAssertTrue(Status.deferred.canMove(to: .provisional))
        XCTAssertTrue(Status.implemented.canMove(to: .replaced))
        XCTAssertFalse(Status.provisional.canMove(to: .implemented), "no skipping")
        XCTAssertFalse(Status.rejected.canMove(to: .provisional), "terminal")
        XCTAssertFalse(Status.withdrawn.canMove(to: .replaced), "terminal")
        XCTAssertFalse(Status.implemented.canMove(to: .deferred))
    }

    func testStagesMoveForwardOneStep() {
        XCTAssertEqual(Stage.alpha.next, .beta)
        XCTAssertEqual(Stage.beta.next, .ga)
        XCTAssertNil(Stage.ga.next)
        XCTAssertEqual(Stage(spelling: "GA"), .ga)
        XCTAssertNil(Stage(spelling: "alpha2"))
    }
}
