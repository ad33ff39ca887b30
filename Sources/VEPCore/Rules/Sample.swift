/// Documents the rule examples are built from: one valid VEP of each kind, changed a field at a time.
enum Sample {
    static let fields: [(key: String, value: String)] = [
        ("title", "Faster links"),
        ("vep-number", "42"),
        ("creation-date", "\"2026-05-01\""),
        ("status", "provisional"),
        ("authors", "\n  - \"@mira\""),
        ("owning-sig", "sig-network"),
        ("participating-sigs", "[]"),
        ("reviewers", "\n  - TBD"),
        ("approvers", "\n  - TBD"),
        ("feature-gate", "FasterLinks"),
        ("milestone", "\n  alpha: \"v1.9\""),
    ]

    static let body = """

    # VEP #42: Faster links

    ## Overview

    Links get faster.

    """

    /// An implementable VEP with named people and an alpha target.
    static let implementableChanges: [String: String?] = [
        "status": "implementable",
        "reviewers": "\n  - \"@tomas\"",
        "approvers": "\n  - \"@lee\"",
    ]

    /// The sample VEP whose front matter never closes (its closing `---` left out), with a YAML comment where it was:
    /// read as Markdown, the comment is a heading.
    static func unterminated(_ changes: [String: String?] = [:]) -> String {
        let text = vep(changes)
        let closing = text.range(of: "---\n", range: text.index(text.startIndex, offsetBy: 4)..<text.endIndex)!
        return text.replacingCharacters(in: closing, with: "# stage left out until the SIG decides\n")
    }

    /// The sample VEP with `changes` applied (a nil value drops the field; unknown keys are appended),
    /// and `body` after the front matter.
    static func vep(_ changes: [String: String?] = [:], body: String = body) -> String {
        var text = "---\n"
        for (key, value) in fields {
            guard let change = changes[key] else {
                text += line(key, value)
                continue
            }
            if let change { text += line(key, change) }
        }
        for (key, value) in changes.sorted(by: { $0.key < $1.key }) where !fields.contains(where: { $0.key == key }) {
            if let value { text += line(key, value) }
        }
        return text + "---\n" + body
    }

    static func implementable(_ changes: [String: String?] = [:], body: String = body) -> String {
        vep(implementableChanges.merging(changes) { $1 }, body: body)
    }

    private static func line(_ key: String, _ value: String) -> String {
        value.hasPrefix("\n") || value.isEmpty ? "\(key):\(value)\n" : "\(key): \(value)\n"
    }

    /// A legacy-format VEP: targets in prose under `## VEP Status Metadata`.
    static func legacy(number: Int = 42, alpha: String = "v1.9", heading: String? = nil) -> String {
        """
        \(heading ?? "# VEP #\(number): Faster links")

        ## VEP Status Metadata

        ### Target releases

        - This VEP targets alpha for version: \(alpha)
        - This VEP targets beta for version:
        - This VEP targets GA for version:

        ## Overview

        Links get faster.

        """
    }
}
