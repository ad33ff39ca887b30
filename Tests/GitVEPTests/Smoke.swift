import XCTest
final class SmokeGitVEPTests: XCTestCase { func testNothing() { XCTAssertEqual(1, 1) } }
