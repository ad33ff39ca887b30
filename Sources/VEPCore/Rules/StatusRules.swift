import Foundation

public struct ImplementableCommitmentRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "implementable-commitment",
        name: "Implementable VEPs name their reviewers and approvers",
        severity: .error,
        explanation: """
        `implementable` means the project has committed people to the VEP for its release (VEP 282): \
        `reviewers` and `approvers` each name at least one person and contain no `TBD`. A provisional VEP may \
        still say `TBD`; the SIG replaces it after triage, before the VEP moves to implementable.
        """,
        triggeringExamples: [
            .document(Sample.implementable(["reviewers": "\n  - \"@tomas\"\n  - ↓TBD"])),
            .document(Sample.implementable(["approvers": " []"]).replacingOccurrences(of: "status: implementable", with: "status: ↓implementable")),
        ],
        nonTriggeringExamples: [
            .document(Sample.implementable()),
            .document(Sample.vep()),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard let (document, _) = subject.frontMatterDocument, let status = document.status, status.value == .implementable else { return [] }
        var violations: [Violation] = []
        for (field, values) in [("reviewers", document.reviewers), ("approvers", document.approvers)] {
            if values.isEmpty {
                violations.append(Violation(at: status.position, length: 13, "an implementable VEP names its \(field); `\(field)` is empty",
                                            help: "list the GitHub handles of the committed \(field), or keep the status provisional"))
            }
            for value in values where value.value.uppercased() == "TBD" {
                violations.append(Violation(at: value.position, length: value.value.count, "an implementable VEP cannot have `TBD` \(field)",
                                            help: "replace `TBD` with the GitHub handle of a committed person, or keep the status provisional"))
            }
        }
        return violations
    }
}

public struct ImplementableMilestoneRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "implementable-milestone",
        name: "Implementable VEPs target a release",
        severity: .error,
        explanation: """
        An implementable VEP is tracked for a release, so `milestone.alpha` names it (VEP 282). Meta-VEPs, \
        which have no feature stages, need at least one milestone of any stage. The finding points at the \
        `milestone` field, or at the status when there is none.
        """,
        triggeringExamples: [
            .document(Sample.implementable(["milestone": "\n  beta: \"v1.10\""]).replacingOccurrences(of: "milestone:", with: "↓milestone:")),
            .document(Sample.implementable(["milestone": nil]).replacingOccurrences(of: "status: implementable", with: "status: ↓implementable")),
            // Written, but no release: the finding is at the value.
            .document(Sample.implementable(["milestone": "\n  alpha: ↓\"TBD\""])),
        ],
        nonTriggeringExamples: [
            .document(Sample.implementable()),
            .document(Sample.implementable(["milestone": "\n  ga: \"v1.9\"", "feature-gate": nil]), path: "veps/meta-VEPs/42-faster-links/vep.md"),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard let (document, frontMatter) = subject.frontMatterDocument, let status = document.status, status.value == .implementable,
              let vep = subject.vep else { return [] }
        let meta = context.layout.isMetaGroup(document.group)
        if meta ? !vep.milestones.isEmpty : vep.milestones.alpha != nil { return [] }
        // `alpha: "TBD"` (or empty) is there, but names no release.
        if !meta, case .mapping(let pairs, _)? = frontMatter["milestone"], let alpha = pairs.first(where: { Stage(spelling: $0.key.value) == .alpha }),
           case .scalar(let text, let quoted, let position) = alpha.value {
            let shown = alpha.value.string?.trimmed ?? ""
            return [Violation(at: position, length: max(1, text.count + (quoted ? 2 : 0)),
                              "an implementable VEP needs `milestone.alpha`: \(shown.isEmpty ? "it is empty" : "`\(shown)` is no release")",
                              help: "write the release the alpha is planned for, like \"v1.10\", or keep the status provisional")]
        }
        let position = frontMatter.position(of: "milestone") ?? status.position
        let what = meta ? "a milestone" : "`milestone.alpha`"
        return [Violation(at: position, length: frontMatter.position(of: "milestone") == nil ? 13 : 9, "an implementable VEP needs \(what)",
                          help: meta ? "add `milestone:` with the release the process change lands in" : "add `milestone:` with `  alpha: \"v1.x\"`, the release the alpha is planned for")]
    }
}

public struct ReplacedSupersededByRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "replaced-superseded-by",
        name: "Replaced VEPs name their successor",
        severity: .error,
        explanation: """
        A VEP whose status is `replaced` says which VEP replaces it in `superseded-by`, so that readers \
        land on the current proposal.
        """,
        triggeringExamples: [
            .document(Sample.vep(["status": "↓replaced", "superseded-by": "\"\""])),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep(["status": "replaced", "superseded-by": "\"307\""])),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard let (document, _) = subject.frontMatterDocument, let status = document.status, status.value == .replaced,
              document.supersededBy == nil else { return [] }
        return [Violation(at: status.position, length: 8, "a replaced VEP names its successor in `superseded-by`",
                          help: "set `superseded-by:` to the number of the VEP that replaces this one")]
    }
}

public struct FeatureGateRequiredRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "feature-gate-required",
        name: "Feature gate named",
        severity: .error,
        explanation: """
        A feature VEP names the feature gate that guards its code in `feature-gate` (VEP 282). Two exceptions: \
        meta-VEPs (`meta-VEPs/`), which change the process rather than KubeVirt, and VEPs that opt out \
        explicitly — the field is left out and the body says why in a sentence that says the VEP has no, does \
        not need, or is not guarded by a feature gate.
        """,
        triggeringExamples: [
            .document(Sample.vep(["feature-gate": nil]).replacingOccurrences(of: "\n---\n\n#", with: "\n↓---\n\n#")),
            .document(Sample.vep(["feature-gate": ""]).replacingOccurrences(of: "feature-gate:", with: "↓feature-gate:")),
            // Upstream VEP 287: a rejected alternative is no opt-out, and the body names the gate.
            .document(Sample.vep(["feature-gate": nil], body: "\n## Overview\n\nThe `TLSGroupPreferences` feature gate guards it.\n"
                                 + "\n## Alternatives\n\n### No Feature Gate\n\nShip it without a feature gate.\n")
                .replacingOccurrences(of: "\n---\n\n#", with: "\n↓---\n\n#")),
            // Upstream VEP 227: "without … feature gate state" in passing; the heading above names no decision.
            .document(Sample.vep(["feature-gate": nil], body: "\n## Design\n\nStore it without relying on protobuf for feature gate state.\n"
                                 + "\n### No Feature Gate\n")
                .replacingOccurrences(of: "\n---\n\n#", with: "\n↓---\n\n#")),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep()),
            .document(Sample.vep(["feature-gate": nil]), path: "veps/meta-VEPs/42-faster-links/vep.md"),
            .document(Sample.vep(["feature-gate": nil], body: Sample.body + "\nThis change is not guarded by a feature gate: it only adds a metric.\n")),
            // Saved with Windows line ends.
            .document(Sample.vep(["feature-gate": nil], body: Sample.body + "\nThis change is not guarded by a feature gate: it only adds a metric.\n")
                .replacingOccurrences(of: "\n", with: "\r\n")),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard let (document, frontMatter) = subject.frontMatterDocument, document.featureGate == nil,
              !context.layout.isMetaGroup(document.group) else { return [] }
        var names: [String] = []
        if let text = context.head.texts[document.path] {
            let mentions = FeatureGateMentions(text: text, headings: document.headings, bodyStartLine: frontMatter.closingLine + 1)
            if mentions.optsOut { return [] }
            names = mentions.names
        }
        let position = frontMatter.position(of: "feature-gate") ?? frontMatter.insertionPoint
        let length = frontMatter.position(of: "feature-gate") == nil ? 3 : 12
        if names.count == 1 {
            return [Violation(at: position, length: length, "the VEP names no `feature-gate`, though its body speaks of the `\(names[0])` feature gate",
                              help: "add `feature-gate: \(names[0])`")]
        }
        if names.count > 1 {
            let list = names.map { "`\($0)`" }.joined(separator: ", ")
            return [Violation(at: position, length: length, "the VEP names no `feature-gate`, though its body speaks of feature gates (\(list))",
                              help: "add `feature-gate:` with the one that guards this VEP")]
        }
        return [Violation(at: position, length: length, "the VEP names no `feature-gate`",
                          help: "add `feature-gate: FeatureName`, or explain in the body why the feature is not guarded by a feature gate")]
    }
}

public struct LegacyFormatRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "legacy-format",
        name: "Legacy metadata format",
        severity: .warning,
        explanation: """
        VEP 282 moves VEP metadata from the `## VEP Status Metadata` prose into YAML front matter. Existing \
        VEPs migrate gradually, so a legacy VEP is a warning, not an error: its targets are still read, but \
        it has no status, reviewers or approvers for the governance checks. New VEPs must use front matter \
        (`new-vep-front-matter`).
        """,
        triggeringExamples: [
            .document(Sample.legacy().replacingOccurrences(of: "## VEP Status", with: "↓## VEP Status")),
            .document("↓# VEP #42: Faster links\n\n## Overview\n"),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep()),
            .change(base: nil, head: Sample.legacy()),
            // Front matter that is not valid YAML is `frontmatter-yaml`'s finding, not legacy prose.
            .document("---\ntitle: [Faster links\n---\n\n# VEP #42: Faster links\n\n## Overview\n"),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .main, !subject.isNew, let document = subject.document, !document.hasFrontMatterBlock,
              !document.problems.contains(where: { $0.code == "document-unreadable" }), !document.hasUnterminatedFrontMatter else { return [] }
        let anchor = document.headings.first { VEPDocument.isMetadataSection($0) }
        let number = document.number.map(String.init) ?? ""
        let message = document.format == .legacy ? "VEP \(number) keeps its metadata in legacy prose, not front matter"
            : "VEP \(number) has no metadata: neither front matter nor a Target releases list"
        return [Violation(at: anchor?.position ?? .start, message,
                          help: "`git vep migrate \(number)` writes the VEP 282 front matter (with the targets the prose gives) and says what is left to fill in")]
    }
}

public struct NewVEPFrontMatterRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "new-vep-front-matter",
        name: "New VEPs use front matter",
        severity: .error,
        explanation: """
        A VEP created by the checked change (absent from the base revision) starts with the VEP 282 front \
        matter block. Only VEPs that existed before may still carry the legacy prose metadata while they \
        migrate. Without a base revision (a repository without commits) nothing is new.
        """,
        triggeringExamples: [
            .change(base: nil, head: "↓" + Sample.legacy()),
        ],
        nonTriggeringExamples: [
            .change(base: Sample.legacy(), head: Sample.legacy(alpha: "v1.10")),
            .change(base: nil, head: Sample.vep()),
            .document(Sample.legacy()),
            // Front matter that is not valid YAML is `frontmatter-yaml`'s finding: the block is there.
            .change(base: nil, head: "---\ntitle: [Faster links\n---\n\n# VEP #42: Faster links\n\n## Overview\n"),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.isNew, let document = subject.document, !document.hasFrontMatterBlock,
              !document.hasUnterminatedFrontMatter else { return [] }
        let number = document.number.map(String.init) ?? ""
        return [Violation(at: .start, length: 3, "new VEP \(number) has no front matter",
                          help: "start it with the VEP 282 front matter: `git vep migrate \(number)` writes it from what the document says "
                              + "(`git vep new` makes a new VEP with it)")]
    }
}
