import Foundation

/// Calendar days (`YYYY-MM-DD`, UTC) as VEP Freeze dates are written: by arithmetic, since a date
/// formatter or calendar loads ICU, which costs a hook several milliseconds.
public enum CalendarDay {
    /// The UTC day of `date`.
    public static func utc(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func padded(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(parts.tm_year + 1900, 4))-\(padded(parts.tm_mon + 1, 2))-\(padded(parts.tm_mday, 2))"
    }

    /// The UTC day of an ISO 8601 date with an offset (`2026-06-24T01:30:00+02:00` → `2026-06-23`).
    public static func utc(ofISODate text: String) -> String? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text).map(utc)
    }

    /// A moment written `YYYY-MM-DD` (its first second, UTC) or `YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|±HH:MM|±HHMM]`
    /// (`T` or a space; git's `--date=iso` puts a space before the offset too; without an offset, UTC), strictly: nil for
    /// anything else, or for a day or time that does not exist (`2026-02-30`, `24:00`). `hasTime` says whether a time
    /// was written, `hasOffset` whether an offset (or `Z`) was.
    public static func moment(_ text: String) -> (date: Date, hasTime: Bool, hasOffset: Bool)? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + width)] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += width
            return value
        }
        func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        guard let year = number(4), take(0x2D), let month = number(2), take(0x2D), let day = number(2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var seconds = Int64(daysSinceEpoch(year: year, month: month, day: day)) * 86_400
        guard index < bytes.count else { return (Date(timeIntervalSince1970: TimeInterval(seconds)), false, false) }
        guard take(0x54) || take(0x20), let hour = number(2), take(0x3A), let minute = number(2), hour < 24, minute < 60 else { return nil }
        var second = 0
        if take(0x3A) {
            guard let value = number(2), value < 60 else { return nil }
            second = value
            if take(0x2E) {
                let start = index
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
                guard index > start else { return nil }
            }
        }
        seconds += Int64(hour * 3600 + minute * 60 + second)
        if index + 1 < bytes.count, bytes[index] == 0x20, bytes[index + 1] == 0x2B || bytes[index + 1] == 0x2D { index += 1 }
        var hasOffset = true
        if take(0x5A) {
            // Z: UTC.
        } else if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D {
            let sign: Int64 = bytes[index] == 0x2B ? 1 : -1
            index += 1
            guard let hours = number(2), hours < 24 else { return nil }
            _ = take(0x3A)
            guard let minutes = number(2), minutes < 60 else { return nil }
            seconds -= sign * Int64(hours * 3600 + minutes * 60)
        } else {
            hasOffset = false
        }
        guard index == bytes.count else { return nil }
        return (Date(timeIntervalSince1970: TimeInterval(seconds)), true, hasOffset)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
