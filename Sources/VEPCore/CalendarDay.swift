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
}
