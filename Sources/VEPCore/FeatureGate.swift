import Foundation

/// What a VEP's prose says about its feature gate, for `feature-gate-required` and `git vep migrate`.
///
/// VEP 282 lets a VEP leave `feature-gate` out when its body says why there is none. Only the VEP's own prose
/// counts: headings (`### No Feature Gate`) and the Alternatives section (`Alternative C: No Feature Gate`) name
/// options, not decisions; and a body that names its gate (`the TLSGroupPreferences feature gate`) has one.
public struct FeatureGateMentions: Sendable {
    /// The first gate the prose names: `` `Name` feature gate `` or `` feature gate `Name` `` (CamelCase, as gates are).
    public let named: String?
    /// A sentence saying the VEP has, needs or is guarded by no feature gate, and no gate named.
    public let optsOut: Bool

    /// - Parameters:
    ///   - text: the whole document.
    ///   - headings: its headings, with the lines cmark-gfm gives them.
    ///   - bodyStartLine: the first line after the front matter (1 without one).
    public init(text: String, headings: [Heading], bodyStartLine: Int = 1) {
        // Lines of Alternatives sections (to the next heading of the same or a higher level) and of headings.
        var skipped: [ClosedRange<Int>] = headings.map { $0.position.line...$0.position.line }
        for (index, heading) in headings.enumerated() where heading.text.range(of: "alternative", options: .caseInsensitive) != nil {
            let end = headings[(index + 1)...].first { $0.level <= heading.level }?.position.line ?? Int.max
            skipped.append(heading.position.line...max(heading.position.line, end - 1))
        }
        var named: String?
        var optOut = false
        let lines = LineFinder(text)
        var number = max(1, bodyStartLine)
        while let found = lines.line(number) {
            defer { number += 1 }
            guard !skipped.contains(where: { $0.contains(number) }) else { continue }
            let line = String(found)
            let range = NSRange(line.startIndex..., in: line)
            if named == nil, let match = Self.namedPattern.firstMatch(in: line, range: range) {
                let group = match.range(at: 1).location != NSNotFound ? match.range(at: 1) : match.range(at: 2)
                named = Range(group, in: line).map { String(line[$0]) }
            }
            if !optOut, Self.optOutPattern.firstMatch(in: line, range: range) != nil { optOut = true }
        }
        self.named = named
        self.optsOut = optOut && named == nil
    }

    /// "This change is not guarded by a feature gate", "no feature gate is needed", "does not need a feature gate";
    /// not "without relying on protobuf for feature gate state", where the gate is part of another noun.
    static let optOutPattern = try! NSRegularExpression(
        pattern: #"\b(no|not|without|never|doesn't|does not|don't|do not|won't|will not)\b[^.\n]{0,60}\bfeature[ -]?gates?\b"#
            + #"(?![ -]?(state|status|value|values|logic|mechanism|flag|flags|framework|config|configuration|name|names|api|check|checks|list)\b)"#,
        options: [.caseInsensitive])
    static let namedPattern = try! NSRegularExpression(
        pattern: #"`([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)`\s+(?i:feature[ -]?gate)|(?i:feature[ -]?gate\s+(?:called\s+|named\s+)?)`([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)`"#)
}
