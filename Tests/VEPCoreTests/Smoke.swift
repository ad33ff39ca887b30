import XCTest
final class SmokeVEPCoreTests: XCTestCase { func testNothing() { XCTAssertEqual(1, 1) } }
