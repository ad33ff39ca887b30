import Foundation

extension LintSubject {
    /// Head and base status of a VEP that has both, and where the head one is written.
    var statusChange: (from: Status, to: Located<Status>)? {
        guard role == .main, let to = document?.status, let from = base?.document.status?.value else { return nil }
        return (from, to)
    }
}

public struct StatusTransitionRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "status-transition",
        name: "Status moves",
        severity: .error,
        explanation: """
        A VEP's status moves along the VEP 282 lifecycle, one step at a time: provisional → implementable → \
        implemented; provisional, implementable or deferred → deferred, withdrawn or rejected; deferred → \
        provisional or implementable; any non-terminal state or implemented → replaced. Skipping a state \
        (provisional → implemented) or moving back (implemented → implementable) is refused; the change is \
        judged against the base revision (HEAD, the parent, or the merge base in CI).
        """,
        triggeringExamples: [
            .change(base: Sample.vep(), head: Sample.implementable(["status": "↓implemented"])),
            .change(base: Sample.implementable(["status": "implemented"]), head: Sample.implementable(["status": "↓implementable"])),
        ],
        nonTriggeringExamples: [
            .change(base: Sample.vep(), head: Sample.implementable()),
            .change(base: Sample.vep(["status": "deferred"]), head: Sample.vep()),
            .change(base: Sample.implementable(["status": "implemented"]), head: Sample.implementable(["status": "replaced", "superseded-by": "\"307\""])),
            .change(base: Sample.legacy(), head: Sample.implementable(["status": "implemented"])),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard let (from, to) = subject.statusChange, !from.isTerminal, !from.canMove(to: to.value) else { return [] }
        let allowed = Status.allCases.filter { $0 != from && from.canMove(to: $0) }.map(\.rawValue)
        return [Violation(at: to.position, length: to.value.rawValue.count, "status cannot move from \(from.rawValue) to \(to.value.rawValue)",
                          help: "from \(from.rawValue) a VEP moves to \(allowed.joined(separator: ", ")); take one step per change")]
    }
}

public struct StatusTerminalRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "status-terminal",
        name: "No revival from terminal states",
        severity: .error,
        explanation: """
        `rejected`, `withdrawn` and `replaced` are final. A VEP in one of them keeps its status for the \
        record; to pursue the idea again, propose a new VEP (with its own tracking issue) whose `replaces` \
        names the old one.
        """,
        triggeringExamples: [
            .change(base: Sample.vep(["status": "withdrawn"]), head: Sample.vep(["status": "↓provisional"])),
        ],
        nonTriggeringExamples: [
            .change(base: Sample.vep(["status": "withdrawn"]), head: Sample.vep(["status": "withdrawn", "title": "Faster links (withdrawn)"])),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard let (from, to) = subject.statusChange, from.isTerminal, from != to.value else { return [] }
        return [Violation(at: to.position, length: to.value.rawValue.count, "VEP \(subject.vep?.number ?? 0) is \(from.rawValue); a terminal status does not change",
                          help: "keep `status: \(from.rawValue)`, and propose a new VEP with `replaces: \"\(subject.vep?.number ?? 0)\"` instead")]
    }
}

public struct StatusInitialRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "status-initial",
        name: "New VEPs start provisional or implementable",
        severity: .error,
        explanation: """
        A VEP created by the checked change starts as `provisional` (the recommended path: merged for \
        discussion) or `implementable` (when reviewers, approvers and a milestone are already committed). It \
        cannot be born implemented, deferred or in a terminal state.
        """,
        triggeringExamples: [
            .change(base: nil, head: Sample.implementable(["status": "↓implemented"])),
        ],
        nonTriggeringExamples: [
            .change(base: nil, head: Sample.vep()),
            .change(base: nil, head: Sample.implementable()),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.isNew, let status = subject.document?.status, !Status.initial.contains(status.value) else { return [] }
        return [Violation(at: status.position, length: status.value.rawValue.count, "a new VEP cannot start as \(status.value.rawValue)",
                          help: "start it as `status: provisional` (or implementable when reviewers, approvers and a milestone are committed)")]
    }
}

public struct StageTransitionRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "stage-transition",
        name: "Stage moves forward one step",
        severity: .error,
        explanation: """
        A feature matures alpha → beta → GA, one stage per change of `stage`, never backwards: a beta \
        feature that needs more work stays beta (or the VEP is deferred) rather than returning to alpha, and \
        alpha cannot jump to GA without a beta.
        """,
        triggeringExamples: [
            .change(base: Sample.implementable(["stage": "alpha"]), head: Sample.implementable(["stage": "↓ga"])),
            .change(base: Sample.implementable(["stage": "beta"]), head: Sample.implementable(["stage": "↓alpha"])),
        ],
        nonTriggeringExamples: [
            .change(base: Sample.implementable(["stage": "alpha"]), head: Sample.implementable(["stage": "beta"])),
            .change(base: Sample.implementable(), head: Sample.implementable(["stage": "alpha"])),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .main, let to = subject.document?.stage, let from = subject.base?.document.stage?.value,
              from != to.value else { return [] }
        if to.value < from {
            return [Violation(at: to.position, length: to.value.rawValue.count, "stage moves back from \(from.rawValue) to \(to.value.rawValue)",
                              help: "keep `stage: \(from.rawValue)`; a stage never goes back")]
        }
        guard to.value != from.next else { return [] }
        return [Violation(at: to.position, length: to.value.rawValue.count, "stage skips from \(from.rawValue) to \(to.value.rawValue)",
                          help: "move to `stage: \(from.next?.rawValue ?? from.rawValue)` first")]
    }
}

public struct MetadataRemovedRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "metadata-removed",
        name: "Status and stage are not removed",
        severity: .error,
        explanation: """
        Once a VEP's front matter records its status or its stage, a change moves them along their \
        lifecycles; it does not drop them. A change that deletes the front matter, or the `status` or `stage` \
        field, leaves nothing for the next change to be judged against, so that change could set any status \
        or stage unchecked (provisional, then nothing, then implemented). Put the field back as it was, or move \
        it one allowed step. A meta-VEP needs no stage, but keeps one it has (dropped there, it could come back at any \
        value once the VEP moves out of `meta-VEPs/`).
        """,
        triggeringExamples: [
            .change(base: Sample.vep(), head: "↓" + Sample.legacy()),
            .change(base: Sample.implementable(["stage": "alpha"]), head: "↓" + Sample.implementable()),
            // A field with no value is no field.
            .change(base: Sample.implementable(["stage": "alpha"]), head: "↓" + Sample.implementable(["stage": "\"\""])),
            .change(base: Sample.vep(), head: "↓" + Sample.vep(["status": ""])),
            // Into meta-VEPs/, where no stage is needed, a VEP keeps the stage it had; so does a meta-VEP.
            .change(base: Sample.implementable(["stage": "alpha"]), head: "↓" + Sample.implementable(["owning-sig": "sig-compute"]),
                    path: "veps/meta-VEPs/42-faster-links/vep.md", basePath: RuleExample.defaultPath),
            .change(base: Sample.implementable(["stage": "alpha", "owning-sig": "sig-compute"]),
                    head: "↓" + Sample.implementable(["owning-sig": "sig-compute"]), path: "veps/meta-VEPs/42-faster-links/vep.md"),
            .change(base: Sample.implementable(["stage": "alpha"]), head: "↓" + Sample.implementable(["stage": "\"\\n\""])),
        ],
        nonTriggeringExamples: [
            .change(base: Sample.legacy(), head: Sample.vep()),
            .change(base: Sample.implementable(["stage": "alpha"]), head: Sample.implementable(["stage": "beta"])),
            // A status git-vep cannot read is another rule's finding, not a removal.
            .change(base: Sample.vep(), head: Sample.vep(["status": "implemnted"])),
            // So is front matter that never closes: the status is still written.
            .change(base: Sample.vep(), head: Sample.unterminated()),
            // A meta-VEP that never had a stage.
            .change(base: Sample.vep(["owning-sig": "sig-compute"]), head: Sample.vep(["owning-sig": "sig-compute", "title": "Faster links v2"]),
                    path: "veps/meta-VEPs/42-faster-links/vep.md"),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .main, let document = subject.document, let base = subject.base?.document else { return [] }
        // Front matter that does not parse is reported as such; what it holds is unknown, not removed.
        if document.hasFrontMatterBlock, document.frontMatter == nil { return [] }
        if document.hasUnterminatedFrontMatter { return [] }
        let gone = document.hasFrontMatterBlock ? "" : " with the front matter"
        // Left out, or written with no value (`stage:`, `stage: ""`): a value that is there but unknown (`stage: TBD`)
        // is another rule's finding.
        func absent(_ key: String) -> Bool {
            guard let value = document.frontMatter?[key] else { return true }
            return value.isNull || value.string?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true
        }
        var violations: [Violation] = []
        if let status = base.status?.value, absent("status") {
            violations.append(Violation(at: .start, "`status: \(status.rawValue)` is removed\(gone)",
                                        help: "put back `status: \(status.rawValue)`, or move it one allowed step"))
        }
        // A meta-VEP needs no stage, but one it has stays: dropped in meta-VEPs/, a stage could come back at any value
        // once the VEP moves out again.
        if let stage = base.stage?.value, absent("stage") {
            let meta = context.layout.isMetaGroup(document.group)
                ? "; on a meta-VEP a stage written by mistake comes out only in a change the root approvers allow with "
                    + "`rules: {metadata-removed: off}` in `.vep.yaml`, set in a change of its own first" : ""
            violations.append(Violation(at: .start, "`stage: \(stage.rawValue)` is removed\(gone)",
                                        help: "put back `stage: \(stage.rawValue)`; a stage only moves forward\(meta)"))
        }
        return violations
    }
}

public struct VEPNumberChangedRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "vep-number-changed",
        name: "VEP number is permanent",
        severity: .error,
        explanation: """
        A VEP keeps its number for life: it is the number of its tracking issue, and links, history and \
        other VEPs' `replaces` refer to it. A change that gives the document at the same path another number \
        is refused; a new proposal gets a new folder and a new tracking issue.
        """,
        triggeringExamples: [
            .change(base: Sample.vep(), head: Sample.vep(["vep-number": "↓43"], body: "\n# VEP #43: Faster links\n"),
                    path: "veps/sig-network/faster-links/vep.md"),
        ],
        nonTriggeringExamples: [
            .change(base: Sample.vep(), head: Sample.vep(["title": "Much faster links"])),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .main, let document = subject.document, let number = document.number,
              let before = context.base?.catalog.veps.first(where: { $0.path == document.path }), before.number != number,
              let claim = document.numberClaims.min(by: { $0.source < $1.source }) else { return [] }
        return [Violation(at: claim.position, "VEP number changes from \(before.number) to \(number)",
                          help: "keep VEP \(before.number)'s number; propose VEP \(number) in its own folder")]
    }
}

public struct VEPDeletedRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "vep-deleted",
        name: "Implementable VEPs are not deleted",
        severity: .error,
        explanation: """
        An implementable VEP is tracked for a release and referenced from code, docs and the release \
        board; deleting its document erases the record. Change its status instead (deferred, withdrawn, \
        rejected or replaced), which keeps the history readable. The finding points into the base version.
        """,
        triggeringExamples: [
            RuleExample(files: [:], base: [RuleExample.defaultPath: Sample.implementable(["status": "↓implementable"])]),
        ],
        nonTriggeringExamples: [
            RuleExample(files: [:], base: [RuleExample.defaultPath: Sample.vep()]),
            .change(base: Sample.implementable(), head: Sample.implementable(), basePath: "veps/sig-compute/42-faster-links/vep.md"),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .deleted, let vep = subject.base, let status = vep.document.status, status.value == .implementable else { return [] }
        return [Violation(at: status.position, length: 13, "VEP \(vep.number) is implementable and this change deletes it",
                          help: "restore `\(vep.path)` and set its status to deferred, withdrawn, rejected or replaced instead")]
    }
}

public struct VEPFreezeRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "vep-freeze",
        name: "VEP Freeze",
        severity: .error,
        explanation: """
        After a release's VEP Freeze (`.vep.yaml` `releases: v1.9: {vep-freeze: 2026-06-24}`), no VEP becomes \
        implementable for that release and no implementable VEP is retargeted to it. "For that release" \
        means the milestone of the stage the VEP works towards next (alpha when `stage` is unset); \
        retargeting means changing any milestone of a VEP that stays implementable, or that moves from the \
        legacy format to front matter (a migration keeps its targets). The freeze day itself \
        still counts as before the freeze. The day judged is the head commit's committer date (UTC) for \
        `--rev`/`--range`, today (UTC) otherwise. A root approver grants an exception by adding \
        `{vep: N, release: vX.Y}` to `freeze-exceptions:` in `.vep.yaml`; exceptions and the schedule are \
        read from the base revision, so a change cannot grant itself one.
        """,
        triggeringExamples: [
            .change(base: Sample.vep(), head: Sample.implementable(["milestone": "\n  alpha: ↓\"v1.9\""]),
                    configuration: "releases:\n  v1.9:\n    vep-freeze: 2026-06-24\n", date: "2026-06-25"),
            .change(base: Sample.implementable(["milestone": "\n  alpha: \"v1.9\""]),
                    head: Sample.implementable(["milestone": "\n  alpha: ↓\"v1.10\""]),
                    configuration: "releases:\n  v1.10:\n    vep-freeze: 2026-10-14\n", date: "2026-10-20"),
            .change(base: nil, head: Sample.implementable(["milestone": "\n  alpha: ↓\"v1.9\""]),
                    configuration: "releases:\n  v1.9:\n    vep-freeze: 2026-06-24\n", date: "2026-07-01"),
            .change(base: Sample.legacy(alpha: "v1.9"), head: Sample.implementable(["milestone": "\n  alpha: ↓\"v1.10\""]),
                    configuration: "releases:\n  v1.10:\n    vep-freeze: 2026-10-14\n", date: "2026-10-20"),
        ],
        nonTriggeringExamples: [
            .change(base: Sample.vep(), head: Sample.implementable(),
                    configuration: "releases:\n  v1.9:\n    vep-freeze: 2026-06-24\n", date: "2026-06-24"),
            .change(base: Sample.vep(), head: Sample.implementable(),
                    configuration: "releases:\n  v1.9:\n    vep-freeze: 2026-06-24\nfreeze-exceptions:\n  - vep: 42\n    release: v1.9\n    reason: approved on the mailing list\n",
                    date: "2026-07-01"),
            .change(base: Sample.implementable(), head: Sample.implementable(["title": "Faster links, reworded"]),
                    configuration: "releases:\n  v1.9:\n    vep-freeze: 2026-06-24\n", date: "2026-07-01"),
            .change(base: Sample.legacy(), head: Sample.implementable(),
                    configuration: "releases:\n  v1.9:\n    vep-freeze: 2026-06-24\n", date: "2026-07-01"),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .main, subject.hasBase, let vep = subject.vep, let status = vep.document.status,
              status.value == .implementable else { return [] }
        let baseStatus = subject.base?.document.status?.value
        var targets: [(stage: Stage, release: Located<Release>, becoming: Bool)] = []
        if subject.base == nil || (baseStatus != nil && baseStatus != .implementable) {
            // Becoming implementable: for the release of the stage it works towards next.
            let stage = vep.stage.map { $0.next ?? $0 } ?? .alpha
            if let release = vep.milestones[stage] { targets.append((stage, release, true)) }
        } else if let base = subject.base {
            for stage in Stage.allCases {
                if let release = vep.milestones[stage], base.milestones[stage]?.value != release.value {
                    targets.append((stage, release, false))
                }
            }
        }
        return targets.compactMap { target in
            let release = target.release.value
            guard let freeze = context.policy.freezeDay(of: release), context.date > freeze,
                  !context.policy.hasException(vep: vep.number, release: release) else { return nil }
            let what = target.becoming ? "becomes implementable for \(release)" : "is retargeted (\(target.stage.displayName)) to \(release)"
            return Violation(at: target.release.position, length: release.description.count + 2,
                             "VEP \(vep.number) \(what) after its VEP Freeze (\(freeze); judged on \(context.date))",
                             help: "target a later release, or ask a root approver to add `- {vep: \(vep.number), release: \(release)}` to `freeze-exceptions` in `.vep.yaml` on the base branch")
        }
    }
}
