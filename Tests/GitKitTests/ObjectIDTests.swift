import GitKit
import XCTest

final class ObjectIDTests: XCTestCase {
    func testHexRoundTripIsLowercase() throws {
        let id = try XCTUnwrap(ObjectID(hex: "0123456789ABCDEFabcdef0123456789abcdef01"))
        XCTAssertEqual(id.hex, "0123456789abcdefabcdef0123456789abcdef01")
        XCTAssertEqual(id.description, id.hex)
        XCTAssertEqual(id.abbreviated(), "0123456")
        XCTAssertEqual(ObjectID(bytes: id.bytes), id)
    }

    func testRejectsAnythingButFortyHexDigits() {
        XCTAssertNil(ObjectID(hex: String(repeating: "a", count: 39)))
        XCTAssertNil(ObjectID(hex: String(repeating: "a", count: 41)))
        XCTAssertNil(ObjectID(hex: String(repeating: "a", count: 39) + "g"))
        XCTAssertNil(ObjectID(hex: ""))
        XCTAssertNil(ObjectID(hex: String(repeating: "é", count: 20)))
    }

    func testZero() {
        XCTAssertEqual(ObjectID.zero.hex, String(repeating: "0", count: 40))
        XCTAssertTrue(ObjectID.zero.isZero)
        XCTAssertEqual(ObjectID(hex: String(repeating: "0", count: 40)), .zero)
        XCTAssertFalse(ObjectID(hex: String(repeating: "0", count: 39) + "1")!.isZero)
    }

    func testOrderingFollowsHexOrdering() {
        let hexes = ["ffffffffffffffff000000000000000000000000", "0000000000000000000000000000000000000001",
                     "00000000000000000000000000000000ffffffff", "0000000000000001000000000000000000000000",
                     "0000000000000000000000010000000000000000", "8000000000000000000000000000000000000000"]
        XCTAssertEqual(hexes.compactMap(ObjectID.init(hex:)).sorted().map(\.hex), hexes.sorted())
    }

    func testHashableAsSetKey() {
        let a = ObjectID(hex: "da39a3ee5e6b4b0d3255bfef95601890afd80709")!
        let b = ObjectID(hex: "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709")!
        XCTAssertEqual(Set([a, b, .zero]).count, 2)
    }
}

final class SignatureTests: XCTestCase {
    func testISO8601UsesTheRecordedOffset() {
        let time = Date(timeIntervalSince1970: 1_782_288_000)  // 2026-06-24T08:00:00Z
        XCTAssertEqual(Signature(name: "A", email: "a@x", time: time, offsetMinutes: 120).iso8601, "2026-06-24T10:00:00+02:00")
        XCTAssertEqual(Signature(name: "A", email: "a@x", time: time, offsetMinutes: -270).iso8601, "2026-06-24T03:30:00-04:30")
        XCTAssertEqual(Signature(name: "A", email: "a@x", time: time, offsetMinutes: 0).iso8601, "2026-06-24T08:00:00+00:00")
        XCTAssertEqual(Signature(name: "A", email: "a@x", time: Date(timeIntervalSince1970: 0), offsetMinutes: -60).iso8601,
                       "1969-12-31T23:00:00-01:00")
        XCTAssertEqual(Signature(name: "A", email: "a@x", time: Date(timeIntervalSince1970: 951_782_400), offsetMinutes: 0).iso8601,
                       "2000-02-29T00:00:00+00:00")
    }
}
