/// A rule whose findings are the problems the parsers report under its codes.
public protocol ProblemRule: Rule {
    /// The `Problem.code`s this rule reports.
    static var codes: Set<String> { get }
    /// Help for problems that bring none.
    static var defaultHelp: String { get }
}

extension ProblemRule {
    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        var problems: [Problem]
        switch subject.role {
        case .main, .continuation, .unidentified:
            problems = subject.document?.problems ?? []
        case .configuration:
            problems = context.head.catalog.problems.filter { $0.path == Configuration.fileName }.map(\.problem)
            problems += FreezeException.parse(context.head.configuration).1
        case .deleted, .symbolicLink, .ownersFile, .strayFolder:
            problems = []
        }
        return problems.filter { Self.codes.contains($0.code) }.map {
            // Parser messages may carry a multi-line context dump; the quoted line replaces it.
            let message = $0.message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? $0.message
            return Violation(at: $0.position, message, help: $0.help ?? Self.defaultHelp)
        }
    }
}

public struct FrontMatterYAMLRule: ProblemRule {
    public init() {}
    public static let codes: Set<String> = ["frontmatter-yaml", "frontmatter-unterminated"]
    public static let defaultHelp = "fix the YAML between the `---` lines; quote values that contain `: ` or start with `@`"
    public static let description = RuleDescription(
        identifier: "frontmatter-yaml",
        name: "Front matter is valid YAML",
        severity: .error,
        explanation: """
        The front matter block opens with `---` on the first line, closes with `---`, and holds a YAML \
        mapping of fields, each field once. Invalid YAML hides every field of the block from git-vep and \
        from GitHub's rendering; quote values that contain `: ` or start with `@`.
        """,
        triggeringExamples: [
            .document(Sample.vep(["authors": "\n  - ↓@mira"])),
            .document("↓---\ntitle: Faster links\nvep-number: 42\n\n# VEP #42: Faster links\n"),
            .document(Sample.vep(["title": "Faster links\n↓title: Again"])),
            // A merge left its conflict markers: the finding points at the first one.
            .document(Sample.vep(["status": "provisional\n↓<<<<<<< HEAD\nstatus: implementable\n=======\nstatus: deferred\n>>>>>>> topic"])),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep()),
        ])
}

public struct DocumentUnreadableRule: ProblemRule {
    public init() {}
    public static let codes: Set<String> = ["document-unreadable"]
    public static let defaultHelp = "see `git vep explain \(Self.description.identifier)`"
    public static let description = RuleDescription(
        identifier: "document-unreadable",
        name: "Document is readable text",
        severity: .error,
        explanation: """
        A VEP document is UTF-8 Markdown of at most 1 MiB. Binary content or a huge file cannot be parsed, \
        so nothing about the VEP can be checked or listed; keep large material (images, data) in separate \
        files of the VEP's folder. Text in another encoding is read with its bad bytes replaced, and the \
        finding names the line of the first one.
        """,
        triggeringExamples: [
            .document("↓# VEP #42: Faster links\n\u{0}\u{1}binary\n"),
        ],
        nonTriggeringExamples: [
            .document(Sample.legacy()),
        ])
}

public struct VEPNumberInvalidRule: ProblemRule {
    public init() {}
    public static let codes: Set<String> = ["vep-number-invalid"]
    public static let defaultHelp = "see `git vep explain \(Self.description.identifier)`"
    public static let description = RuleDescription(
        identifier: "vep-number-invalid",
        name: "vep-number is a number",
        severity: .error,
        explanation: """
        `vep-number` is the number of the VEP's tracking issue: a positive integer such as `183`. A \
        placeholder left from the template (`NNNN`) or any other text means the VEP cannot be identified.
        """,
        triggeringExamples: [
            .document(Sample.vep(["vep-number": "↓NNNN"])),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep(["vep-number": "\"42\""])),
        ])
}

public struct ReleaseUnrecognizedRule: ProblemRule {
    public init() {}
    public static let codes: Set<String> = ["release-unrecognized"]
    public static let defaultHelp = "write a release like v1.9, or leave the target empty until it is planned"
    public static let description = RuleDescription(
        identifier: "release-unrecognized",
        name: "Targets are releases",
        severity: .error,
        explanation: """
        A target (`milestone.alpha` in front matter, `This VEP targets alpha for version:` in legacy prose) \
        is a KubeVirt release such as `v1.9` (`v1.9.0` and `1.9` mean the same), or nothing yet: empty, \
        `TBD`, `N/A`. Anything else — `next release`, `Q3` — cannot be planned, tracked or frozen.
        """,
        triggeringExamples: [
            .document(Sample.vep(["milestone": "\n  alpha: ↓next release"])),
            .document(Sample.legacy(alpha: "↓soon")),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep(["milestone": "\n  alpha: \"v1.9.0\"\n  beta: TBD"])),
            .document(Sample.legacy(alpha: "N/A (tooling change)")),
        ])
}

public struct ConfigurationRule: ProblemRule {
    public init() {}
    public static let codes: Set<String> = ["config-yaml", "config-value"]
    public static let defaultHelp = "see `git vep explain config-yaml` and the `.vep.yaml` section of the README for the expected shape"
    public static let description = RuleDescription(
        identifier: "config-yaml",
        name: ".vep.yaml is valid",
        severity: .error,
        explanation: """
        `.vep.yaml` is a YAML mapping of the documented settings (a misspelt one is reported, not ignored) \
        whose values have the documented shapes: `layout` strings (a root inside the repository), \
        `releases` mapping releases to `vep-freeze` dates, `rules` mapping rule ids to error, warning or off, \
        and `freeze-exceptions` as a list of `{vep, release}` entries. A bad value falls back to the \
        default and is reported here, so a typo cannot silently disable a freeze.
        """,
        triggeringExamples: [
            RuleExample(files: [".vep.yaml": "releases:\n  v1.9:\n    vep-freeze: ↓June 24\n"]),
            RuleExample(files: [".vep.yaml": "rules:\n  vep-sections: ↓ignore\n"]),
            RuleExample(files: [".vep.yaml": "freeze-exceptions:\n  - ↓vep: 42\n"]),
            // Misspelt, a setting would silently keep its default.
            RuleExample(files: [".vep.yaml": "↓releasess:\n  v1.9:\n    vep-freeze: 2026-06-24\n"]),
            RuleExample(files: [".vep.yaml": "releases:\n  v1.9:\n    ↓vep_freeze: 2026-06-24\n"]),
            RuleExample(files: [".vep.yaml": "rules:\n  ↓vep-titel: off\n"]),
            RuleExample(files: [".vep.yaml": "layout:\n  ↓roots: proposals\n"]),
            RuleExample(files: [".vep.yaml": "layout:\n  root: ↓../proposals\n"]),
        ],
        nonTriggeringExamples: [
            RuleExample(files: [".vep.yaml": "releases:\n  v1.9:\n    vep-freeze: 2026-06-24\nrules:\n  vep-sections: off\nfreeze-exceptions:\n  - vep: 42\n    release: v1.9\n"]),
            // A schedule's other days are its own business.
            RuleExample(files: [".vep.yaml": "releases:\n  v1.9:\n    vep-freeze: 2026-06-24\n    release-day: 2026-07-29\n"]),
            RuleExample(files: [".vep.yaml": "layout:\n  root: docs/veps/\n  group-pattern: '^sig-'\nenforce: [HEAD]\nidentity:\n  variables: [REMOTE_USER]\n"]),
        ])
}

/// A change that moves where VEPs are found is checked in its base's layout (see `LintSnapshot.read`): otherwise a
/// pull request could point `layout` at an empty folder and take every VEP out of its own checks.
public struct LayoutChangeRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "layout-change",
        name: "A change of layout is checked in the old one",
        severity: .warning,
        explanation: """
        `layout` in `.vep.yaml` says where VEPs are found. `git vep lint` and the pre-commit hook check a change \
        that edits it where its base finds VEPs, so that pointing `layout` elsewhere cannot take the change's VEPs \
        out of their checks; the new layout applies once the change is merged. Move the layout in a change of its \
        own (with the moved folders), approved by the root approvers.
        """,
        triggeringExamples: [
            RuleExample(files: [".vep.yaml": "↓layout:\n  root: proposals\n", RuleExample.defaultPath: Sample.vep()],
                        base: [RuleExample.defaultPath: Sample.vep()]),
            RuleExample(files: [".vep.yaml": "rules:\n  vep-sections: off\n", RuleExample.defaultPath: Sample.vep()],
                        base: [".vep.yaml": "↓layout:\n  root: proposals\n", "proposals/sig-network/42-faster-links/vep.md": Sample.vep()]),
            // Deleting `.vep.yaml` takes its layout with it.
            RuleExample(files: [RuleExample.defaultPath: Sample.vep()],
                        base: [".vep.yaml": "↓layout:\n  root: proposals\n", "proposals/sig-network/42-faster-links/vep.md": Sample.vep()]),
        ],
        nonTriggeringExamples: [
            RuleExample(files: [".vep.yaml": "layout:\n  root: proposals\n", RuleExample.defaultPath: Sample.vep()],
                        base: [".vep.yaml": "layout:\n  root: proposals\n", RuleExample.defaultPath: Sample.vep()]),
            RuleExample(files: [".vep.yaml": "layout:\n  root: veps\n", RuleExample.defaultPath: Sample.vep()],
                        base: [RuleExample.defaultPath: Sample.vep()]),
            .document(Sample.vep()),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .configuration, let base = context.base, context.head.configuredLayout != base.configuredLayout else { return [] }
        // `raw` keeps the keys at the file's lines.
        let position = (context.head.configuration.raw ?? base.configuration.raw)?.position(of: "layout") ?? .start
        return [Violation(at: position, "`layout` differs from the base's (VEPs under `\(base.configuredLayout.root)/`): "
                          + "the change is checked in the base's layout, and the new one applies once it is merged",
                          help: "move the layout in a change of its own, approved by the root approvers")]
    }
}


public struct OwnersYAMLRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "owners-yaml",
        name: "OWNERS files parse",
        severity: .error,
        explanation: """
        OWNERS files (Prow format: `approvers`, `reviewers`, `options`, `filters`) and OWNERS_ALIASES say who may \
        change what, and the server hook reads them from the accepted tip. One that does not parse names nobody: \
        once it is in, no one may change what it governs, its own repair included. The server hook refuses such a \
        file; this rule says so before the push.
        """,
        triggeringExamples: [
            RuleExample(files: [RuleExample.defaultPath: Sample.vep(), "OWNERS": "approvers:\n  - mira\n ↓- broken: [\n"]),
            RuleExample(files: [RuleExample.defaultPath: Sample.vep(), "veps/sig-network/OWNERS": "approvers: ↓{lee: yes}\n"]),
            RuleExample(files: [RuleExample.defaultPath: Sample.vep(), "OWNERS_ALIASES": "aliases: ↓[lee]\n"]),
        ],
        nonTriggeringExamples: [
            RuleExample(files: [RuleExample.defaultPath: Sample.vep(), "OWNERS": "approvers:\n  - mira\nreviewers:\n  - tomas\n",
                                "OWNERS_ALIASES": "aliases:\n  network-leads:\n    - lee\n"]),
        ])

    /// Help for problems that bring none; the server hook says the same.
    public static let help = "fix the file: OWNERS rights are read from it once it is in, and a broken one leaves nobody able to change what it governs"

    /// What is wrong with the OWNERS file or OWNERS_ALIASES at `path`, for lint and for the server hook alike.
    public static func problems(in text: String, path: String) -> [Problem] {
        path == OwnersAliases.fileName ? OwnersAliases.parse(text, path: path).1 : OwnersFile.parse(text, path: path).1
    }

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .ownersFile, let path = subject.ownersPath, let text = context.head.texts[path] else { return [] }
        return Self.problems(in: text, path: path).map {
            Violation(at: $0.position, $0.message.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? $0.message,
                      help: $0.help ?? Self.help)
        }
    }
}
