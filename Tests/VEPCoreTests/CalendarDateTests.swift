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

    /// Days and moments as `--since`/`--until` take them: strictly, or not at all.
    func testMomentsAreReadStrictly() {
        func seconds(_ text: String) -> TimeInterval? { CalendarDay.moment(text)?.date.timeIntervalSince1970 }
        XCTAssertEqual(seconds("2026-06-24"), 1_782_259_200)
        XCTAssertEqual(CalendarDay.moment("2026-06-24")?.hasTime, false)
        XCTAssertEqual(seconds("2026-06-24T13:30"), 1_782_259_200 + 13.5 * 3600)
        XCTAssertEqual(CalendarDay.moment("2026-06-24T13:30")?.hasTime, true)
        XCTAssertEqual(seconds("2026-06-24 13:30:15"), 1_782_259_200 + 13.5 * 3600 + 15)
        XCTAssertEqual(seconds("2026-06-24T13:30:15.250Z"), 1_782_259_200 + 13.5 * 3600 + 15)
        XCTAssertEqual(seconds("2026-06-24T13:30:00+02:00"), 1_782_259_200 + 11.5 * 3600)
        XCTAssertEqual(seconds("2026-06-24T13:30:00-0530"), 1_782_259_200 + 19 * 3600)
        // git's `--date=iso`: a space before the offset; whether an offset was written is said.
        XCTAssertEqual(seconds("2026-06-24 13:30:00 +0200"), 1_782_259_200 + 11.5 * 3600)
        XCTAssertEqual(CalendarDay.moment("2026-06-24 13:30:00 +0200")?.hasOffset, true)
        XCTAssertEqual(CalendarDay.moment("2026-06-24T13:30Z")?.hasOffset, true)
        XCTAssertEqual(CalendarDay.moment("2026-06-24T13:30")?.hasOffset, false)
        XCTAssertEqual(seconds("1970-01-01"), 0)
        XCTAssertEqual(seconds("2000-02-29"), 951_782_400)
        XCTAssertEqual(seconds("1969-12-31"), -86_400)
        for bad in ["26-03-01", "2026-02-30", "2023-02-29", "2026-13-01", "2026-00-10", "2026-6-24", "2026-06-24T", "2026-06-24T24:00",
                    "2026-06-24T13", "2026-06-24T13:60", "2026-06-24T13:30:61", "2026-06-24T13:30+2", "2026-06-24T13:30:00.",
                    "2026-06-24x", "yesterday", "", " 2026-06-24", "2026-06-24 13:30 ", "2026-06-24 13:30  +0200", "2026-06-24 +0200"] {
            XCTAssertNil(CalendarDay.moment(bad), bad)
        }
    }
}
