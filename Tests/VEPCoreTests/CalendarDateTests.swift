import XCTest
@testable import VEPCore

final class CalendarDateTests: XCTestCase {
    func testRealDaysOfTheGregorianCalendar() {
        for day in ["2024-02-29", "2000-02-29", "2026-12-31", "2026-04-30", "2026-01-01"] {
            XCTAssertTrue(FrontMatterAllowedValueRule.isDate(day), day)
        }
        for day in ["2023-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-1-01", "26-01-01", "2026/01/01"] {
            XCTAssertFalse(FrontMatterAllowedValueRule.isDate(day), day)
        }
    }
}

final class CalendarDayTests: XCTestCase {
    func testUTCDays() {
        XCTAssertEqual(CalendarDay.utc(Date(timeIntervalSince1970: 0)), "1970-01-01")
        XCTAssertEqual(CalendarDay.utc(Date(timeIntervalSince1970: 1_782_345_599)), "2026-06-24")  // 23:59:59Z
        XCTAssertEqual(CalendarDay.utc(Date(timeIntervalSince1970: 1_782_345_600)), "2026-06-25")
        XCTAssertEqual(CalendarDay.utc(ofISODate: "2026-06-25T01:30:00+02:00"), "2026-06-24")
        XCTAssertEqual(CalendarDay.utc(ofISODate: "2026-06-24T20:00:00-05:00"), "2026-06-25")
        XCTAssertNil(CalendarDay.utc(ofISODate: "yesterday"))
    }
}
