import Foundation

/// What a VEP's prose says about its feature gate, for `feature-gate-required` and `git vep migrate`.
///
/// VEP 282 lets a VEP leave `feature-gate` out when its body says why there is none. Only the VEP's own prose
/// counts: headings (`### No Feature Gate`) and the Alternatives section (`Alternative C: No Feature Gate`) name
/// options, not decisions; and a body that names its gate (`the TLSGroupPreferences feature gate`) has one.
public struct FeatureGateMentions: Sendable {
    /// The gates the prose names, in order, each once: `` `Name` feature gate ``, `` feature gate `Name` ``,
    /// `` a new feature gate, `Name` ``, `feature gate RecreateVMIOnReboot`. A VEP may name gates it deprecates or
    /// needs besides its own, so more than one is a list to choose from, not an answer.
    public let names: [String]
    /// A sentence saying the VEP has, needs or is guarded by no feature gate, and no gate named.
    public let optsOut: Bool

    /// - Parameters:
    ///   - text: the whole document.
    ///   - headings: its headings, with the lines cmark-gfm gives them.
    ///   - bodyStartLine: the first line after the front matter (1 without one).
    public init(text: String, headings: [Heading], bodyStartLine: Int = 1) {
        // Lines of headings, of Alternatives sections and of Graduation sections (to the next heading of the same or a
        // higher level): options weighed, and criteria such as "API available without a FeatureGate" for GA.
        var skipped: [ClosedRange<Int>] = headings.map { $0.position.line...$0.position.line }
        for (index, heading) in headings.enumerated()
        where ["alternative", "graduation"].contains(where: { heading.text.range(of: $0, options: .caseInsensitive) != nil }) {
            let end = headings[(index + 1)...].first { $0.level <= heading.level }?.position.line ?? Int.max
            skipped.append(heading.position.line...max(heading.position.line, end - 1))
        }
        var names: [String] = []
        var optOut = false
        let lines = LineFinder(text)
        var number = max(1, bodyStartLine)
        while let found = lines.line(number) {
            defer { number += 1 }
            guard !skipped.contains(where: { $0.contains(number) }) else { continue }
            let line = String(found)
            let range = NSRange(line.startIndex..., in: line)
            for match in Self.namedPattern.matches(in: line, range: range) {
                let group = (1..<match.numberOfRanges).map { match.range(at: $0) }.first { $0.location != NSNotFound }
                if let group, let found = Range(group, in: line).map({ String(line[$0]) }), !names.contains(found) { names.append(found) }
            }
            // "not run it unless the feature gate is enabled", "in case no issues come up, the feature gate graduates":
            // a condition on a gate, not the absence of one.
            if !optOut, Self.optOutPattern.firstMatch(in: line, range: range) != nil,
               Self.conditionPattern.firstMatch(in: line, range: range) == nil {
                optOut = true
            }
        }
        self.names = names
        self.optsOut = optOut && names.isEmpty
    }

    /// "This change is not guarded by a feature gate", "no feature gate is needed", "does not need a feature gate";
    /// not "without relying on protobuf for feature gate state", where the gate is part of another noun.
    static let optOutPattern = try! NSRegularExpression(
        pattern: #"\b(no|not|without|never|doesn't|does not|don't|do not|won't|will not)\b[^.\n]{0,60}\bfeature[ -]?gates?\b"#
            + #"(?![ -]?(state|status|value|values|logic|mechanism|flag|flags|framework|config|configuration|name|names|api|check|checks|list)\b)"#,
        options: [.caseInsensitive])
    static let conditionPattern = try! NSRegularExpression(pattern: #"\b(unless|if|in case|when|once|until)\b"#, options: [.caseInsensitive])
    /// A gate's name: backticked with a capital letter somewhere (`passtIPStackMigration`, `IOMMUFD`, not `true`), or
    /// bare CamelCase right after "feature gate".
    static let namedPattern = try! NSRegularExpression(pattern: [
        #"`((?=[A-Za-z0-9]*[A-Z])[A-Za-z][A-Za-z0-9]*)`\s+(?:[A-Za-z]+\s+)?(?i:feature[ -]?gate)"#,
        #"(?i:feature[ -]?gate)\s*[,:(]?\s*(?i:(?:called|named)\s+)?`((?=[A-Za-z0-9]*[A-Z])[A-Za-z][A-Za-z0-9]*)`"#,
        #"(?i:feature[ -]?gate)\s+(?i:(?:called|named)\s+)?([A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)\b"#,
    ].joined(separator: "|"))
}
