import CGit2
import Foundation

/// Who made a commit and when, with the offset they recorded.
public struct Signature: Sendable, Hashable {
    public let name: String
    public let email: String
    public let time: Date
    /// Minutes east of UTC, as recorded in the commit (`+0200` is 120).
    public let offsetMinutes: Int

    public init(name: String, email: String, time: Date, offsetMinutes: Int) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    init(_ signature: UnsafePointer<git_signature>) {
        let value = signature.pointee
        self.init(
            name: value.name.map { String(cString: $0) } ?? "",
            email: value.email.map { String(cString: $0) } ?? "",
            time: Date(timeIntervalSince1970: TimeInterval(value.when.time)),
            offsetMinutes: Int(value.when.offset))
    }

    /// Strict ISO 8601 in the signature's own offset, like `git log --date=iso-strict`: `2026-06-24T10:00:00+02:00`.
    public var iso8601: String {
        let seconds = Int64(time.timeIntervalSince1970.rounded(.down)) + Int64(offsetMinutes) * 60
        let (days, secondOfDay) = seconds.quotientAndRemainderFlooring(dividingBy: 86_400)
        let (year, month, day) = Self.civil(fromDays: days)
        let sign = offsetMinutes < 0 ? "-" : "+"
        let offset = abs(offsetMinutes)
        return "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))T"
            + "\(Self.pad(secondOfDay / 3600, 2)):\(Self.pad(secondOfDay / 60 % 60, 2)):\(Self.pad(secondOfDay % 60, 2))"
            + "\(sign)\(Self.pad(Int64(offset / 60), 2)):\(Self.pad(Int64(offset % 60), 2))"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    // Howard Hinnant's days-to-civil: no calendar or formatter objects on the history-walk path.
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    fileprivate func quotientAndRemainderFlooring(dividingBy divisor: Int64) -> (Int64, Int64) {
        var (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }
}
