import XCTest
final class SmokeGitKitTests: XCTestCase { func testNothing() { XCTAssertEqual(1, 1) } }
