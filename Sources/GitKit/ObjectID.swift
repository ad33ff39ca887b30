import CGit2

/// A SHA-1 object name: 20 bytes held in three integers so hashing and comparing cost a few instructions.
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible {
    // Big-endian loads, so integer order equals byte order equals hex order.
    private let high: UInt64
    private let middle: UInt64
    private let low: UInt32

    public static let zero = ObjectID(high: 0, middle: 0, low: 0)

    private init(high: UInt64, middle: UInt64, low: UInt32) {
        self.high = high
        self.middle = middle
        self.low = low
    }

    /// Parses exactly 40 hexadecimal digits (either case).
    public init?(hex: String) {
        var text = hex
        guard let parsed = text.withUTF8({ ObjectID.parse($0) }) else { return nil }
        self = parsed
    }

    /// The 20 raw bytes.
    public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == 20 else { return nil }
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { raw in
            for (offset, byte) in bytes.enumerated() { raw[offset] = byte }
        }
        self.init(oid)
    }

    init(_ oid: git_oid) {
        self = withUnsafeBytes(of: oid.id) { raw in
            ObjectID(
                high: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                middle: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                low: UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self)))
        }
    }

    init(_ pointer: UnsafePointer<git_oid>) { self.init(pointer.pointee) }

    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { raw in
            raw.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: low.bigEndian, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }

    public var isZero: Bool { high == 0 && middle == 0 && low == 0 }

    /// The 20 raw bytes.
    public var bytes: [UInt8] { withUnsafeBytes(of: oid.id) { Array($0) } }

    /// 40 lowercase hexadecimal digits.
    public var hex: String {
        String(unsafeUninitializedCapacity: 40) { buffer in
            var index = 0
            func put(_ value: UInt64, digits: Int) {
                var shift = (digits - 1) * 4
                while shift >= 0 {
                    buffer[index] = ObjectID.digits[Int((value >> UInt64(shift)) & 0xf)]
                    index += 1
                    shift -= 4
                }
            }
            put(high, digits: 16)
            put(middle, digits: 16)
            put(UInt64(low), digits: 8)
            return 40
        }
    }

    /// The first `length` hex digits, as `git log --abbrev` would show without disambiguation.
    public func abbreviated(_ length: Int = 7) -> String { String(hex.prefix(max(0, min(40, length)))) }

    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func parse(_ text: UnsafeBufferPointer<UInt8>) -> ObjectID? {
        guard text.count == 40 else { return nil }
        func value(_ range: Range<Int>) -> UInt64? {
            var result: UInt64 = 0
            for index in range {
                let char = text[index]
                let nibble: UInt8
                switch char {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = char &- UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = char &- UInt8(ascii: "a") &+ 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = char &- UInt8(ascii: "A") &+ 10
                default: return nil
                }
                result = result << 4 | UInt64(nibble)
            }
            return result
        }
        guard let high = value(0..<16), let middle = value(16..<32), let low = value(32..<40) else { return nil }
        return ObjectID(high: high, middle: middle, low: UInt32(low))
    }
}
