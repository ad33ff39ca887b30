/// The fixed name shapes of VEP metadata — `sig-network`, `183-dra-network`, `@handle`, `2026-06-24` —
/// checked character by character: a regular expression goes through ICU, whose start-up alone costs a
/// hook about a millisecond. The patterns these implement stay next to the rules that use them.
public enum NameShapes {
    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || (0x41...0x5A).contains(byte)
    }

    /// `[a-z0-9]+(-[a-z0-9]+)*`: lowercase words joined by single hyphens.
    static func isSlug<Bytes: BidirectionalCollection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        guard let first = bytes.first, let last = bytes.last, first != 0x2D, last != 0x2D else { return false }
        var previousHyphen = false
        for byte in bytes {
            if byte == 0x2D {
                if previousHyphen { return false }
                previousHyphen = true
            } else {
                guard isLowerAlphanumeric(byte) else { return false }
                previousHyphen = false
            }
        }
        return true
    }

    /// `^sig-[a-z0-9]+(-[a-z0-9]+)*$`
    /// A feature gate's name as KubeVirt's configuration spells it, `^[A-Za-z][A-Za-z0-9]*$`, or the `TBD` placeholder.
    public static func isFeatureGate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, (0x41...0x5A).contains(first) || (0x61...0x7A).contains(first) else { return false }
        return bytes.allSatisfy(isAlphanumeric)
    }

    static func isSIG(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.starts(with: Array("sig-".utf8)) && isSlug(bytes.dropFirst(4))
    }

    /// `^[0-9]+-[a-z0-9]+(-[a-z0-9]+)*$`
    static func isVEPFolder(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let digits = bytes.prefix { (0x30...0x39).contains($0) }
        guard !digits.isEmpty, bytes.dropFirst(digits.count).first == 0x2D else { return false }
        return isSlug(bytes.dropFirst(digits.count + 1))
    }

    /// `^@[A-Za-z0-9](-?[A-Za-z0-9]){0,38}$`: a GitHub handle.
    static func isHandle(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.first == 0x40 else { return false }
        let name = bytes.dropFirst()
        guard let first = name.first, isAlphanumeric(first), let last = name.last, last != 0x2D else { return false }
        var alphanumerics = 0
        var previousHyphen = false
        for byte in name {
            if byte == 0x2D {
                if previousHyphen { return false }
                previousHyphen = true
            } else {
                guard isAlphanumeric(byte) else { return false }
                previousHyphen = false
                alphanumerics += 1
            }
        }
        return alphanumerics <= 39
    }

    /// `^\d{4}-\d{2}-\d{2}$`
    /// `YYYY-MM-DD` naming a day that exists (no 2026-02-30).
    public static func isCalendarDate(_ text: String) -> Bool {
        guard isCalendarDateShape(text) else { return false }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        let (year, month, day) = (parts[0], parts[1], parts[2])
        guard (1...12).contains(month) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return (1...days).contains(day)
    }

    static func isCalendarDateShape(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return false }
        return bytes.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || (0x30...0x39).contains($0.element) }
    }
}
