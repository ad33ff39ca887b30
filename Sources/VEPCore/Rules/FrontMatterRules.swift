import Foundation

/// The front matter fields of VEP 282, in template order, with what each holds.
enum FrontMatterSchema {
    enum Kind { case scalar, list, mapping }

    static let fields: [(key: String, kind: Kind)] = [
        ("title", .scalar), ("vep-number", .scalar), ("creation-date", .scalar), ("status", .scalar),
        ("authors", .list), ("owning-sig", .scalar), ("participating-sigs", .list), ("reviewers", .list),
        ("approvers", .list), ("feature-gate", .scalar), ("stage", .scalar), ("milestone", .mapping),
        ("replaces", .scalar), ("superseded-by", .scalar),
    ]

    static let required = ["title", "vep-number", "creation-date", "status", "authors", "owning-sig", "reviewers", "approvers"]

    static func kind(of key: String) -> Kind? { fields.first { $0.key == key }?.kind }

    static let sigPattern = #"^sig-[a-z0-9]+(-[a-z0-9]+)*$"#
    static let handlePattern = #"^@[A-Za-z0-9](-?[A-Za-z0-9]){0,38}$"#
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

/// The candidate closest to `text`, when it is close enough to be a likely typo.
func closest(to text: String, in candidates: [String], within limit: Int = 3) -> String? {
    let scored = candidates.map { ($0, editDistance(text.lowercased(), $0.lowercased())) }.min { $0.1 < $1.1 }
    guard let scored, scored.1 <= max(limit, text.count / 3) else { return nil }
    return scored.0
}

extension LintSubject {
    /// The main document and its front matter, when it has front matter.
    var frontMatterDocument: (document: VEPDocument, frontMatter: FrontMatter)? {
        guard role == .main, let document, let frontMatter = document.frontMatter else { return nil }
        return (document, frontMatter)
    }
}

extension FrontMatter {
    /// Where a new field would go: the start of the closing `---` line.
    var insertionPoint: SourcePosition { SourcePosition(line: max(closingLine, 1), column: 1) }
}

public struct FrontMatterRequiredFieldRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "frontmatter-required-field",
        name: "Required front matter fields",
        severity: .error,
        explanation: """
        A VEP with front matter (VEP 282) fills in `title`, `vep-number`, `creation-date`, `status`, `authors`, \
        `owning-sig`, `reviewers` and `approvers`; reviewers and approvers may be `TBD` until the SIG assigns \
        them. A missing field is reported at the closing `---`, where it can be added; an empty one where it is.
        """,
        triggeringExamples: [
            .document(Sample.vep(["creation-date": nil]).replacingOccurrences(of: "\n---\n\n#", with: "\n↓---\n\n#")),
            .document(Sample.vep(["status": "", "authors": " []"]).replacingOccurrences(of: "status:", with: "↓status:")
                .replacingOccurrences(of: "authors:", with: "↓authors:")),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep()),
            .document(Sample.legacy()),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard let (_, frontMatter) = subject.frontMatterDocument else { return [] }
        var violations: [Violation] = []
        for key in FrontMatterSchema.required {
            guard let value = frontMatter[key] else {
                violations.append(Violation(at: frontMatter.insertionPoint, "front matter lacks `\(key)`",
                                            help: "add `\(key): \(Self.exampleValue(key))` before the closing `---`"))
                continue
            }
            let empty = value.isNull || (value.string?.trimmed.isEmpty ?? false) || (value.items?.isEmpty ?? false)
            if empty, let position = frontMatter.position(of: key) {
                violations.append(Violation(at: position, length: key.count, "`\(key)` is empty",
                                            help: "set it, e.g. `\(key): \(Self.exampleValue(key))`"))
            }
        }
        return violations
    }

    static func exampleValue(_ key: String) -> String {
        switch key {
        case "title": return "Short descriptive title"
        case "vep-number": return "<tracking issue number>"
        case "creation-date": return "\"YYYY-MM-DD\""
        case "status": return "provisional"
        case "authors": return "[\"@your-handle\"]"
        case "owning-sig": return "sig-compute"
        default: return "[TBD]"
        }
    }
}

public struct FrontMatterTypeRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "frontmatter-type",
        name: "Front matter field types",
        severity: .error,
        explanation: """
        Each front matter field has one shape: `authors`, `reviewers`, `approvers` and `participating-sigs` are \
        lists of strings; `milestone` is a mapping of `alpha`, `beta`, `ga` to releases; every other field \
        is a single value. Tools that read the front matter cannot guess what a wrongly shaped value means.
        """,
        triggeringExamples: [
            .document(Sample.vep(["reviewers": "↓\"@tomas\""])),
            .document(Sample.vep(["milestone": "↓v1.9"])),
            .document(Sample.vep(["status": "\n  ↓- provisional"])),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep(["participating-sigs": "[sig-compute]"])),
            .document(Sample.vep(["milestone": "\n  alpha: \"v1.9\"\n  beta: TBD"])),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard let (_, frontMatter) = subject.frontMatterDocument else { return [] }
        var violations: [Violation] = []
        for (key, value) in frontMatter.fields {
            guard let kind = FrontMatterSchema.kind(of: key.value), !value.isNull else { continue }
            switch (kind, value) {
            case (.scalar, .scalar), (.mapping, .mapping): break
            case (.list, .sequence(let items, _)):
                for item in items {
                    if case .scalar = item { continue }
                    violations.append(Violation(at: item.position, "`\(key.value)` entries are single values, found \(item.kindName)",
                                                help: "write one handle or name per `- ` line"))
                }
            case (.list, _):
                violations.append(Violation(at: value.position, "`\(key.value)` must be a list, found \(value.kindName)",
                                            help: "write it as a list: `\(key.value):` followed by `  - value` lines, or `[value]`"))
            case (.mapping, _):
                violations.append(Violation(at: value.position, "`milestone` must map stages to releases, found \(value.kindName)",
                                            help: "write `milestone:` followed by `  alpha: \"v1.9\"`"))
            case (.scalar, _):
                violations.append(Violation(at: value.position, "`\(key.value)` must be a single value, found \(value.kindName)",
                                            help: "write `\(key.value): value` on one line"))
            }
            if key.value == "milestone", case .mapping(let pairs, _) = value {
                for pair in pairs where !(pair.value.isNull || { if case .scalar = pair.value { return true } else { return false } }()) {
                    violations.append(Violation(at: pair.value.position, "`milestone.\(pair.key.value)` must be a release, found \(pair.value.kindName)",
                                                help: "write `\(pair.key.value): \"v1.9\"`"))
                }
            }
        }
        return violations
    }
}

public struct FrontMatterAllowedValueRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "frontmatter-allowed-value",
        name: "Allowed front matter values",
        severity: .error,
        explanation: """
        Some fields take one of a fixed set of values: `status` is one of provisional, implementable, \
        implemented, deferred, rejected, withdrawn, replaced; `stage` is alpha, beta or ga; `owning-sig` is a \
        SIG (`sig-<name>`); `milestone` has only the keys alpha, beta and ga; `creation-date` is a quoted \
        calendar date `YYYY-MM-DD`; `feature-gate` is the name of a KubeVirt feature gate as the cluster \
        configuration spells it (letters and digits, like `NetworkBindingPlugins`), or TBD. Values are \
        written in lowercase exactly as listed.
        """,
        triggeringExamples: [
            .document(Sample.vep(["status": "↓implementible"])),
            .document(Sample.vep(["stage": "↓GA"])),
            .document(Sample.vep(["owning-sig": "↓network"])),
            .document(Sample.vep(["milestone": "\n  ↓alpha2: \"v1.9\""])),
            .document(Sample.vep(["creation-date": "↓\"22 May 2026\""])),
            .document(Sample.vep(["feature-gate": "↓fast links"])),
            .document(Sample.vep(["feature-gate": "↓\"x: y\""])),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep(["stage": "beta", "milestone": "\n  alpha: \"v1.8\"\n  beta: \"v1.9\""])),
            .document(Sample.vep(["status": "withdrawn"])),
            .document(Sample.vep(["feature-gate": "NetworkBindingPlugins"])),
            .document(Sample.vep(["feature-gate": "TBD"])),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard let (_, frontMatter) = subject.frontMatterDocument else { return [] }
        var violations: [Violation] = []
        func check(_ key: String, allowed: [String], help: String) {
            guard let value = frontMatter[key], let text = value.string, !text.trimmed.isEmpty, !allowed.contains(text) else { return }
            let suggestion = allowed.first { $0 == text.lowercased() } ?? closest(to: text, in: allowed)
            violations.append(Violation(at: value.position, length: text.count, "`\(key)` is `\(text)`, not one of \(allowed.joined(separator: ", "))",
                                        help: suggestion.map { "write `\(key): \($0)`" } ?? help))
        }
        check("status", allowed: Status.allCases.map(\.rawValue), help: "use one of the seven VEP 282 states")
        check("stage", allowed: Stage.allCases.map(\.rawValue), help: "use alpha, beta or ga")
        if let value = frontMatter["owning-sig"], let text = value.string, !text.isEmpty,
           !NameShapes.isSIG(text) {
            // The SIG folder it most likely means; a made-up name (`meta-VEPs` → `sig-meta-veps`) helps nobody.
            let sigs = context.head.groups.filter(NameShapes.isSIG).sorted()
            let shaped = text.hasPrefix("sig-") ? slugify(text) : "sig-" + slugify(text)
            let suggestion = sigs.contains(shaped) ? shaped : closest(to: shaped, in: sigs)
            violations.append(Violation(at: value.position, length: text.count, "`owning-sig` is `\(text)`, not a SIG like sig-compute",
                                        help: suggestion.map { "write `owning-sig: \($0)`" }
                                            ?? "name the SIG that owns the VEP, like `owning-sig: sig-compute`"))
        }
        if let value = frontMatter["creation-date"], let text = value.string, !text.isEmpty, !Self.isDate(text) {
            violations.append(Violation(at: value.position, length: text.count, "`creation-date` is `\(text)`, not a date like \"2026-05-22\"",
                                        help: "write the day the VEP was proposed as `creation-date: \"YYYY-MM-DD\"`"))
        }
        if let value = frontMatter["feature-gate"], let text = value.string?.trimmed, !text.isEmpty, !NameShapes.isFeatureGate(text) {
            violations.append(Violation(at: value.position, length: text.count, "`feature-gate` is `\(text)`, not the name of a feature gate",
                                        help: "write the gate's name as KubeVirt's configuration spells it (letters and digits, like `NetworkBindingPlugins`), or TBD"))
        }
        if case .mapping(let pairs, _)? = frontMatter["milestone"] {
            for pair in pairs where Stage(rawValue: pair.key.value) == nil {
                let suggestion = Stage(spelling: pair.key.value)?.rawValue ?? closest(to: pair.key.value, in: Stage.allCases.map(\.rawValue))
                violations.append(Violation(at: pair.key.position, length: pair.key.value.count,
                                            "`milestone.\(pair.key.value)` is not a stage; milestones are alpha, beta and ga",
                                            help: suggestion.map { "write `\($0):`" } ?? "use alpha, beta or ga"))
            }
        }
        return violations
    }

    static func isDate(_ text: String) -> Bool { NameShapes.isCalendarDate(text) }
}

public struct FrontMatterUnknownKeyRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "frontmatter-unknown-key",
        name: "Unknown front matter keys",
        severity: .warning,
        explanation: """
        Front matter holds the fields of VEP 282 and nothing else: title, vep-number, creation-date, status, \
        authors, owning-sig, participating-sigs, reviewers, approvers, feature-gate, stage, milestone, \
        replaces, superseded-by. Any other key is most likely a misspelling (`superseeded-by`) whose value no \
        tool will read.
        """,
        triggeringExamples: [
            .document(Sample.vep(["superseeded-by": "\"\""]).replacingOccurrences(of: "superseeded-by", with: "↓superseeded-by")),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep(["replaces": "\"\"", "superseded-by": "\"\""])),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard let (_, frontMatter) = subject.frontMatterDocument else { return [] }
        let known = FrontMatterSchema.fields.map(\.key)
        return frontMatter.fields.filter { !known.contains($0.key.value) }.map { field in
            let suggestion = closest(to: field.key.value, in: known)
            return Violation(at: field.key.position, length: field.key.value.count, "`\(field.key.value)` is not a VEP front matter field",
                             help: suggestion.map { "did you mean `\($0)`?" } ?? "remove it, or move the information into the document body")
        }
    }
}

public struct OwningSIGGroupRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "owning-sig-group",
        name: "owning-sig matches the group folder",
        severity: .error,
        explanation: """
        A VEP lives in the folder of the SIG that owns it: `owning-sig: sig-network` means \
        `veps/sig-network/<number>-<slug>/`. OWNERS files and reviewer suggestions follow the folder, the \
        front matter says who owns it; when they disagree one of them is wrong. Meta-VEPs (`meta-VEPs/`) may \
        be owned by any SIG that has a group folder.
        """,
        triggeringExamples: [
            .document(Sample.vep(["owning-sig": "↓sig-compute"])),
            // A meta-VEP's SIG must exist.
            RuleExample(files: ["veps/meta-VEPs/42-faster-links/vep.md": Sample.vep(["owning-sig": "↓sig-foo"]),
                                "veps/sig-compute/OWNERS": "approvers:\n  - lee\n"]),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep()),
            RuleExample(files: ["veps/meta-VEPs/42-faster-links/vep.md": Sample.vep(["owning-sig": "sig-compute"]),
                                "veps/sig-compute/OWNERS": "approvers:\n  - lee\n"]),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard let (document, _) = subject.frontMatterDocument, let owner = document.owningSIG, let group = document.group,
              owner.value != group, NameShapes.isSIG(owner.value) else { return [] }
        let layout = context.layout
        if layout.isMetaGroup(group) {
            // Any SIG may own a meta-VEP, but one that exists: its folder holds its OWNERS.
            let sigs = context.head.groups.filter(NameShapes.isSIG).sorted()
            guard !sigs.isEmpty, !sigs.contains(owner.value) else { return [] }
            return [Violation(at: owner.position, length: owner.value.count,
                              "`owning-sig` is `\(owner.value)`, which has no group folder in `\(layout.root)/`",
                              help: closest(to: owner.value, in: sigs).map { "did you mean `\($0)`?" }
                                  ?? "name a SIG with a folder under `\(layout.root)/`")]
        }
        return [Violation(at: owner.position, length: owner.value.count,
                          "`owning-sig` is `\(owner.value)`, but the VEP is in `\(layout.root)/\(group)/`",
                          help: "set `owning-sig: \(group)`, or move the VEP folder to `\(layout.root)/\(owner.value)/`")]
    }
}

public struct ParticipatingSIGRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "participating-sig-unknown",
        name: "Participating SIGs exist",
        severity: .error,
        explanation: """
        Every entry of `participating-sigs` names a SIG that has a group folder in the repository \
        (`veps/sig-storage/` for sig-storage). Those SIGs must LGTM the VEP, so a misspelled or unknown SIG \
        means a sign-off nobody is asked for.
        """,
        triggeringExamples: [
            .document(Sample.vep(["participating-sigs": "\n  - ↓sig-storge"])),
        ],
        nonTriggeringExamples: [
            RuleExample(files: [RuleExample.defaultPath: Sample.vep(["participating-sigs": "[sig-compute]"]),
                                "veps/sig-compute/OWNERS": "reviewers:\n  - mira\n"]),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard let (document, _) = subject.frontMatterDocument else { return [] }
        let groups = context.head.groups
        return document.participatingSIGs.filter { !groups.contains($0.value) }.map { sig in
            let suggestion = closest(to: sig.value, in: groups.sorted())
            return Violation(at: sig.position, length: sig.value.count, "participating SIG `\(sig.value)` has no group folder in `\(context.layout.root)/`",
                             help: suggestion.map { "did you mean `\($0)`?" } ?? "name a SIG with a folder under `\(context.layout.root)/`, or remove the entry")
        }
    }
}

public struct HandleFormatRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "handle-format",
        name: "GitHub handles",
        severity: .error,
        explanation: """
        `authors`, `reviewers` and `approvers` list GitHub handles written with their `@`, such as `"@mira"` \
        (quoted, since YAML reads a bare `@` as reserved). Reviewers and approvers may be `TBD` until the SIG \
        assigns them. Ownership checks and notifications match these handles against the pusher and OWNERS.
        """,
        triggeringExamples: [
            .document(Sample.vep(["authors": "\n  - ↓mira"])),
            .document(Sample.vep(["reviewers": "\n  - ↓\"@tomas smith\""])),
            .document(Sample.vep(["authors": "\n  - ↓TBD"])),
        ],
        nonTriggeringExamples: [
            .document(Sample.implementable()),
            .document(Sample.vep(["reviewers": "\n  - TBD", "approvers": "[\"@lee\", TBD]"])),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard let (document, _) = subject.frontMatterDocument else { return [] }
        var violations: [Violation] = []
        for (field, values, allowsTBD) in [("authors", document.authors, false), ("reviewers", document.reviewers, true), ("approvers", document.approvers, true)] {
            for value in values {
                if allowsTBD && value.value.uppercased() == "TBD" { continue }
                guard !NameShapes.isHandle(value.value) else { continue }
                let bare = value.value.hasPrefix("@") ? String(value.value.dropFirst()) : value.value
                let help: String
                if value.value.uppercased() == "TBD" {
                    help = "name at least one author by their GitHub handle"
                } else if !value.value.hasPrefix("@"), bare.range(of: #"^[A-Za-z0-9](-?[A-Za-z0-9]){0,38}$"#, options: .regularExpression) != nil {
                    help = "write `\"@\(bare)\"`"
                } else {
                    help = "write one GitHub handle like `\"@mira\"` per entry"
                }
                violations.append(Violation(at: value.position, length: value.value.count,
                                            "`\(value.value)` in `\(field)` is not a GitHub handle like \"@mira\"", help: help))
            }
        }
        return violations
    }
}
