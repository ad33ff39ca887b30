import Foundation

/// A KubeVirt minor release such as `v1.9`. Patch levels and spelling variants
/// (`v1.9.0`, `1.9`, `v1.9.`) all name the same release.
public struct Release: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let major: Int
    public let minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses the leading release of `text`; trailing prose such as `(VMI-status based design)` is ignored.
    public init?(_ text: String) {
        guard let parsed = Release.parsePrefix(of: text) else { return nil }
        self = parsed.release
    }

    public var description: String { "v\(major).\(minor)" }

    public static func < (lhs: Release, rhs: Release) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let release = Release(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a release: \(text)"))
        }
        self = release
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The release at the start of `text` and how many characters it spans.
    static func parsePrefix(of text: String) -> (release: Release, length: Int)? {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        if i < scalars.count, scalars[i] == "v" || scalars[i] == "V" { i += 1 }
        func number() -> Int? {
            let start = i
            while i < scalars.count, ("0"..."9").contains(scalars[i]) { i += 1 }
            guard i > start, i - start <= 6 else { return nil }
            return Int(String(String.UnicodeScalarView(scalars[start..<i])))
        }
        guard let major = number(), i < scalars.count, scalars[i] == "." else { return nil }
        i += 1
        guard let minor = number() else { return nil }
        // Swallow a patch level (`.0`) or a dangling dot (`v1.9.`).
        if i < scalars.count, scalars[i] == "." {
            i += 1
            _ = number()
        }
        // `v1.9x` is not a release.
        if i < scalars.count, scalars[i].properties.isAlphabetic || ("0"..."9").contains(scalars[i]) { return nil }
        return (Release(major: major, minor: minor), i)
    }
}

/// What a target value written in a VEP means once normalized.
public enum TargetValue: Hashable, Sendable {
    /// A release such as `v1.9`.
    case release(Release)
    /// Empty, `TBD`, `N/A` and the like: deliberately no target.
    case none
    /// Something that is neither: the caller reports it.
    case unrecognized(String)

    /// Normalizes a target as written in legacy prose or front matter.
    public static func parse(_ raw: String) -> TargetValue {
        let text = raw.trimmed
        if text.isEmpty { return .none }
        let lowered = text.lowercased()
        for word in ["tbd", "n/a", "na", "none", "-", "—", "null", "~"] where lowered == word || lowered.hasPrefix(word + " ") || lowered.hasPrefix(word + "(") {
            return .none
        }
        if lowered.hasPrefix("n/a") || lowered.hasPrefix("tbd") { return .none }
        if let parsed = Release.parsePrefix(of: text) { return .release(parsed.release) }
        return .unrecognized(text)
    }

    public var release: Release? {
        if case .release(let release) = self { return release }
        return nil
    }
}
