import Foundation
import GitKit
import VEPCore

/// Judges the commits of one ref update, each against its first parent, with policy from one trusted commit.
final class CommitChecker {
    let repository: Repository
    let policy: TrustedPolicy
    let pusher: Pusher?
    let options: PushOptions
    let ref: String
    let day: String
    let pushOptionsAdvertised: Bool
    private var trees: [ObjectID: (tree: ObjectID, firstParent: ObjectID?)] = [:]
    /// Every document version is parsed once per push: a commit's documents are its child's parent documents,
    /// and a base revision is judged on the essentials of the version some earlier commit brought.
    let documents: DocumentCache
    private lazy var rootApprovers: Set<Handle> = (try? policy.rootApprovers) ?? []
    private lazy var pusherIsRootApprover: Bool = pusher.map { rootApprovers.contains($0.handle) } ?? false

    init(repository: Repository, policy: TrustedPolicy, pusher: Pusher?, options: PushOptions, ref: String, day: String,
         pushOptionsAdvertised: Bool, documents: DocumentCache = DocumentCache()) {
        self.repository = repository
        self.documents = documents
        self.policy = policy
        self.pusher = pusher
        self.options = options
        self.ref = ref
        self.day = day
        self.pushOptionsAdvertised = pushOptionsAdvertised
    }

    private func info(_ commit: ObjectID) throws -> (tree: ObjectID, firstParent: ObjectID?) {
        if let known = trees[commit] { return known }
        let found = try repository.treeAndFirstParent(of: commit)
        if trees.count > 4096 { trees.removeAll(keepingCapacity: true) }
        trees[commit] = found
        return found
    }

    private var pusherName: String { pusher.map { "\($0.handle)" } ?? "an unidentified pusher" }

    /// One refusal: its text, and what it is about (rule, file, VEP) as data, for comparing judgements of one commit.
    struct Refusal {
        let rule: String
        let path: String
        /// The VEP it is about, when it is about one.
        let vep: Int?
        let text: String
    }

    /// A refusal block: rule, what, where, which commit, how to fix, who may.
    private func refusal(_ rule: String, _ message: String, path: String, line: Int, column: Int? = nil, commit: ObjectID?,
                         help: String? = nil, whoMay: Authority? = nil, notes: [String] = [], vep: Int? = nil) -> Refusal {
        // A ref has no lines: it is named as a ref.
        let place = path.hasPrefix("refs/") ? "ref \(path)" : "\(path):\(line)\(column.map { ":\($0)" } ?? "")"
        var lines = ["error[\(rule)]: \(message)", "  --> \(place)"]
        if let commit {
            let subject = (try? repository.commit(commit).summary) ?? ""
            lines.append("   = commit: \(commit.abbreviated(10)) \(subject) (\(ref))")
        }
        if let help { lines.append("   = help: \(help)") }
        if let whoMay { lines.append("   = who may: \(whoMay.description)") }
        if whoMay != nil, pusher == nil {
            let variables = policy.settings.identityVariables.map { "$" + $0 }.joined(separator: ", ")
            lines.append("   = note: the server named no pusher (none of \(variables) is set\(policy.settings.pushCertificateKeys.isEmpty ? "" : ", no good signed push by a mapped key")); commit authors never count")
        }
        lines += notes.map { "   = note: \($0)" }
        return Refusal(rule: rule, path: path, vep: vep, text: lines.joined(separator: "\n"))
    }

    /// Refusals for a broken trusted `.vep.yaml`, unless this push is a root approver's repair of it.
    func corruptConfiguration(newTip: ObjectID) throws -> [String] {
        let newTree = try info(newTip).tree
        let (configuration, problems) = try Discovery.configuration(in: TreeSource(repository: repository, treeID: newTree, label: "new"))
        let newProblems = problems.map(\.problem) + ServerSettings.parse(configuration).1 + FreezeException.parse(configuration).1
        let mayRepair = policy.ownershipEnforced ? pusherIsRootApprover : true
        if mayRepair && newProblems.isEmpty { return [] }
        let authority = Ownership.policyChange(rootApprovers: rootApprovers)
        return policy.configurationProblems.map { problem in
            refusal("config-trusted", "the trusted `.vep.yaml` (at \(policy.label)) is broken: \(problem.message); pushes to \(ref) are refused until it is repaired",
                    path: Configuration.fileName, line: problem.position.line, column: problem.position.column, commit: nil,
                    help: newProblems.isEmpty ? "this push repairs it, but only a root approver may push the repair"
                        : "push a commit that fixes `.vep.yaml` (this push leaves it broken: \(newProblems[0].message), line \(newProblems[0].position.line))",
                    whoMay: policy.ownershipEnforced ? authority : nil).text
        }
    }

    /// Every refusal for one commit, judged against its first parent. A merge does not answer for what it takes
    /// from the trusted tip (`git pull` merging main's news into local work changes nothing that was trusted):
    /// - a path that reads in the merge as in the ref's old tip is not judged at all;
    /// - of the rest, a finding stands only if judging the merge against the old tip finds it too, about the same VEP
    ///   or file (a status an approver set on main, merged into the author's edit of the same document, is no one's
    ///   doing here; a change the merge makes to what main had is).
    /// What the push does change is judged at the commits that made it, and as a whole by `checkDroppedHistory` when
    /// the old tip is not the chain's first parent.
    func check(_ commit: ObjectID) throws -> [String] {
        let (tree, parent) = try info(commit)
        let parentTree = try parent.map { try info($0).tree }
        guard try repository.parents(of: commit).count > 1, let trustedTree = policy.treeID, trustedTree != parentTree else {
            return try check(commit, tree: tree, against: parentTree).map(\.text)
        }
        // A file the merge has as the old tip has it is not judged. A file gone from both is, since the VEP it belonged to
        // may live elsewhere in the old tip (a folder renamed in the pushed work, then dropped by the merge); what the
        // old tip itself dropped finds nothing against it below.
        let found = try check(commit, tree: tree, against: parentTree) { [repository] change in
            guard let new = change.new, let trusted = try repository.tree(at: change.path, in: trustedTree) else { return true }
            return !(trusted.id == new.id && trusted.mode == new.mode)
        }
        guard !found.isEmpty else { return [] }
        // Judged against the old tip only where those findings are (the old tip may lie thousands of commits back): their
        // folders and files, and where the old tip has the VEPs they are about (a folder renamed since, say).
        let layout = policy.layout
        func unit(_ path: String) -> String { Discovery.folderKey(of: path, layout: layout) ?? path }
        var units = Set(found.map { unit($0.path) })
        for refusal in found {
            if let number = refusal.vep, let trusted = try policy.vep(key: unit(refusal.path), number: number) { units.insert(unit(trusted.path)) }
        }
        let againstTrusted = try check(commit, tree: tree, against: trustedTree, within: units.sorted())
        // The same finding: the same words at the same line, or, where no finding agrees so, the same rule about the same
        // VEP (or file): its line, words and even its file may depend on the base (the first of several new approvers; a
        // deletion found where the base had the folder).
        func subject(_ refusal: Refusal) -> String { refusal.rule + "\n" + (refusal.vep.map { "VEP \($0)" } ?? refusal.path) }
        let exact = Set(againstTrusted.map { Self.heading(of: $0.text) })
        let subjects = Set(againstTrusted.map(subject))
        let agreeing = Set(found.filter { exact.contains(Self.heading(of: $0.text)) }.map(subject))
        return found.filter {
            exact.contains(Self.heading(of: $0.text)) || (subjects.contains(subject($0)) && !agreeing.contains(subject($0)))
        }.map(\.text)
    }

    /// A refusal's `error[rule]: message` and `-->` lines.
    private static func heading(of message: String) -> String {
        message.split(separator: "\n", maxSplits: 2).prefix(2).joined(separator: "\n")
    }

    /// Where the push's new first-parent commits start: on the first parent of the oldest of them, or on nothing
    /// (a root commit). Their first parent is what they were judged from, commit by commit.
    enum ChainStart {
        case commit(ObjectID)
        case root
    }

    /// What a push that drops commits from the ref (a rewind, or a rewrite of its history) undoes, or whose chain
    /// passes the old tip by (a merge that has it as a second parent only): the change from the old tip to the new
    /// one, judged as one commit (named by the new tip) with the old tip's policy. Without it a stranger could undo
    /// any change by force-pushing an older commit: no new commit would be judged.
    ///
    /// With new commits (`start`), a VEP folder (or another file) that reads at the old tip as where the new chain
    /// starts is left to the chain: its net change is the sum of steps each judged at its commit. Judged whole, two
    /// legal steps (provisional → implementable → implemented) would read as a skip, and `git pull` after them
    /// would make the work unpushable.
    func checkDroppedHistory(from old: ObjectID, to new: ObjectID, after start: ChainStart?) throws -> [String] {
        let oldTree = try info(old).tree
        var keep: ((TreeChange) throws -> Bool)?
        if let start {
            let startTree: ObjectID?
            switch start {
            case .commit(let commit): startTree = try info(commit).tree
            case .root: startTree = nil
            }
            let layout = policy.layout
            let newTree = try info(new).tree
            var holders: [Int: Int] = [:]
            keep = { [repository] change in
                let key = Discovery.folderKey(of: change.path, layout: layout)
                let unit = key ?? change.path
                let before = try repository.tree(at: unit, in: oldTree)
                let after = try startTree.flatMap { try repository.tree(at: unit, in: $0) }
                if before?.id != after?.id || before?.mode != after?.mode { return true }
                // A folder new since the old tip, whose number another folder holds in the new tip: each step was
                // clean, but together (a VEP 600 on main, another from the work merged with `git pull`) they clash.
                guard before == nil, let key, let number = FolderNumbers.leadingNumber(String(key.split(separator: "/").last ?? "")) else { return false }
                if holders[number] == nil {
                    holders[number] = try FolderNumbers.folders(numbered: number, in: newTree, repository: repository, layout: layout).count
                }
                return holders[number]! > 1
            }
        }
        let dropsCommits = !(try repository.isAncestor(old, of: new))
        let note = dropsCommits ? "replacing \(old.abbreviated(10)) and what led to it" : "as a whole since \(old.abbreviated(10))"
        return try check(new, tree: try info(new).tree, against: oldTree, keeping: keep).map {
            $0.text.replacingOccurrences(of: " (\(ref))", with: " (\(ref), \(note))")
        }
    }

    /// Refusals for deleting the ref: only a root approver may delete an enforced ref.
    func checkDeletion(of old: ObjectID) -> [String] {
        let authority = Ownership.policyChange(rootApprovers: rootApprovers)
        guard policy.ownershipEnforced, !authority.allows(pusher?.handle) else { return [] }
        return [refusal("ref-deletion", "\(pusherName) may not delete \(ref), an enforced ref (at \(old.abbreviated(10)))",
                        path: ref, line: 1, commit: nil, help: "a root approver may delete it", whoMay: authority).text]
    }

    /// Every refusal for the change from `parentTree` to `tree`, which `commit` brings; only the changes `keep`
    /// accepts, when given, are judged.
    /// - Parameter within: compare only under these folders or files (VEP folders, other paths), not the whole trees.
    private func check(_ commit: ObjectID, tree: ObjectID, against parentTree: ObjectID?, within units: [String]? = nil,
                       keeping keep: ((TreeChange) throws -> Bool)? = nil) throws -> [Refusal] {
        var changes = try units.map { units in
            try units.flatMap { try repository.changes(from: parentTree, to: tree, under: $0) }
                .sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        } ?? repository.changes(from: parentTree, to: tree, under: "")
        if let keep { changes = try changes.filter(keep) }
        if changes.isEmpty { return [] }
        let layout = policy.layout
        var vepKeys: Set<String> = []
        var policyPaths: [String] = []
        var otherPaths: [String] = []
        var pathsByKey: [String: [String]] = [:]
        for change in changes {
            let path = change.path
            if Ownership.isPolicyFile(path) {
                policyPaths.append(path)
            } else if !layout.isTemplate(path), let key = Discovery.folderKey(of: path, layout: layout) {
                vepKeys.insert(key)
                pathsByKey[key, default: []].append(path)
            } else {
                otherPaths.append(path)
            }
        }
        var messages: [Refusal] = []
        var head: LintSnapshot?
        var base: LintSnapshot?
        if !vepKeys.isEmpty || policyPaths.contains(Configuration.fileName) {
            var headFocus = vepKeys
            // A new folder's number may clash with a folder the commit did not touch: parse those too.
            for key in vepKeys {
                guard let number = FolderNumbers.leadingNumber(String(key.split(separator: "/").last ?? "")) else { continue }
                if let parentTree, try repository.tree(at: key, in: parentTree) != nil { continue }
                headFocus.formUnion(try FolderNumbers.folders(numbered: number, in: tree, repository: repository, layout: layout))
            }
            let label = commit.abbreviated(10)
            head = try LintSnapshot.read(FocusedTreeSource(repository: repository, treeID: tree, label: label, root: layout.root,
                                                           templateDirectory: layout.templateDirectory, focus: headFocus),
                                         cache: documents)
            // A VEP the head no longer has is judged on its base version, quoting its text: only the documents of VEPs
            // the head still has may come as essentials.
            let kept = Set(head!.catalog.veps.flatMap { [$0.path] + $0.continuations.map(\.path) })
            func readBase(_ tree: ObjectID, borrowing borrowed: Set<String> = [], whole: Bool = false) throws -> LintSnapshot {
                var source = FocusedTreeSource(repository: repository, treeID: tree, label: label + "^", root: layout.root,
                                               templateDirectory: layout.templateDirectory, focus: headFocus)
                if let trustedTree = policy.treeID, !borrowed.isEmpty { source.borrowed = (trustedTree, borrowed) }
                return try LintSnapshot.read(source, cache: documents, essentialsSuffice: whole ? nil : { kept.contains($0) })
            }
            base = try parentTree.map { try readBase($0) }
            var baseBorrowed: Set<String> = []
            // A VEP the parent lacks but the trusted tree has (removed earlier in the push and added back, say) is no new
            // VEP: it is judged against its trusted version, which stands in for the base.
            if let parentTree, let found = base, policy.treeID != nil {
                var borrowed: Set<String> = []
                for vep in head!.catalog.veps where !found.catalog.veps.contains(where: { $0.number == vep.number }) {
                    guard let key = Discovery.folderKey(of: vep.path, layout: layout), let trusted = try policy.vep(key: key, number: vep.number),
                          let trustedKey = Discovery.folderKey(of: trusted.path, layout: layout) else { continue }
                    borrowed.insert(trustedKey)
                }
                if !borrowed.isEmpty { base = try readBase(parentTree, borrowing: borrowed) }
                baseBorrowed = borrowed
            }
            // A base document read for its essentials only (whole or not depends on what the push's other commits left in
            // the shared cache, on any thread) cannot say which errors the VEP had already: with errors to judge, the base
            // is read whole, so that the verdict never depends on timing. The findings stand (the rules read only the
            // base's essentials); which of them the base had already is judged again.
            messages += try lint(commit, head: head!, base: base) { [parentTree, baseBorrowed] in
                try parentTree.map { try readBase($0, borrowing: baseBorrowed, whole: true) }
            }
        }
        // A broken OWNERS file would take the rights of everyone under it, its fixers' too: it does not go in.
        for path in policyPaths where path != Configuration.fileName {
            guard let entry = try repository.tree(at: path, in: tree), entry.isRegularFile,
                  case .data(let data) = try repository.readBlob(entry.id, limit: 1 << 20) else { continue }
            for problem in OwnersYAMLRule.problems(in: String(decoding: data, as: UTF8.self), path: path) {
                messages.append(refusal(OwnersYAMLRule.description.identifier, problem.message, path: path, line: problem.position.line,
                                        column: problem.position.column, commit: commit, help: problem.help ?? OwnersYAMLRule.help))
            }
        }
        guard policy.ownershipEnforced else { return messages }
        let who = pusher?.handle
        for path in policyPaths {
            let authority = Ownership.policyChange(rootApprovers: rootApprovers)
            guard !authority.allows(who) else { continue }
            messages.append(refusal("policy-owner", "\(pusherName) may not change `\(path)`: OWNERS files, OWNERS_ALIASES and `.vep.yaml` are changed by root approvers",
                                    path: path, line: 1, commit: commit, whoMay: authority,
                                    notes: try policy.ownersProblems(for: path)))
        }
        for path in otherPaths {
            let authority = Ownership.otherFile(chain: try policy.chain(for: path), path: path, rootApprovers: rootApprovers)
            guard !authority.allows(who) else { continue }
            messages.append(refusal("file-owner", "\(pusherName) may not change `\(path)`", path: path, line: 1, commit: commit,
                                    whoMay: authority, notes: try policy.ownersProblems(for: path)))
        }
        for key in vepKeys.sorted() {
            messages += try ownership(of: key, paths: pathsByKey[key] ?? [], commit: commit, head: head, base: base)
        }
        return messages
    }

    private func veps(in snapshot: LintSnapshot?, key: String) -> [VEP] {
        snapshot?.catalog.veps.filter { Discovery.folderKey(of: $0.path, layout: snapshot!.layout) == key } ?? []
    }

    private func ownership(of key: String, paths: [String], commit: ObjectID, head: LintSnapshot?, base: LintSnapshot?) throws -> [Refusal] {
        let who = pusher?.handle
        let headVEP = veps(in: head, key: key).first
        let baseVEP = veps(in: base, key: key).first
        let number = headVEP?.number ?? baseVEP?.number
        let path = headVEP?.path ?? baseVEP?.path ?? paths.first ?? key
        let chain = try policy.chain(for: path)
        let trusted = try policy.vep(key: key, number: number)
        // A VEP's owners are those of where the trusted tree has it: moved into another group's folder, it does not take
        // that group's approvers as its own (an approver of one SIG would approve her own VEP by moving it there).
        let trustedPath = trusted?.path ?? path
        let trustedChain = trusted == nil ? chain : try policy.chain(for: trustedPath)
        var messages: [Refusal] = []
        let subject = number.map { "VEP \($0)" } ?? "`\(key)`"
        let authority = trusted.map { Ownership.vepChange(trusted: $0, chain: trustedChain, path: trustedPath, rootApprovers: rootApprovers) }
            ?? Ownership.newVEP(chain: chain, path: path, rootApprovers: rootApprovers)
        if !authority.allows(who) {
            let what = trusted == nil ? "add \(subject)" : "change \(subject)"
            messages.append(refusal("vep-owner", "\(pusherName) may not \(what)", path: path, line: 1, commit: commit,
                                    help: trusted == nil ? "a new VEP is pushed by an owner of its group (ask one to merge it)"
                                        : "ask one of them to push or merge the change",
                                    whoMay: authority, notes: try policy.ownersProblems(for: path), vep: number))
        }
        // Moving it into another group hands it to that group's approvers: the group it leaves approves that (its
        // approvers, or the VEP's), and the group it enters takes it in (its owners). Otherwise an author who approves
        // another SIG could move her VEP there and approve it in the next push.
        // A move is this commit's: from where its parent has the VEP (work based on an older main moves nothing that main
        // moved since).
        let layout = policy.layout
        if trusted != nil, let headVEP, let left = base?.catalog.veps.first(where: { $0.number == headVEP.number }),
           let from = layout.components(of: left.path)?.group, let to = layout.components(of: path)?.group, from != to {
            let departure = Ownership.approval(trusted: trusted, chain: try policy.chain(for: left.path), path: left.path, rootApprovers: rootApprovers)
            if !departure.allows(who) {
                messages.append(refusal("vep-owner", "\(pusherName) may not move \(subject) out of \(from)", path: path, line: 1, commit: commit,
                                        help: "a VEP leaves its group through an approver of it (ask one to push the move)",
                                        whoMay: departure, notes: try policy.ownersProblems(for: left.path), vep: number))
            }
            let arrival = Ownership.newVEP(chain: chain, path: path, rootApprovers: rootApprovers)
            if !arrival.allows(who) {
                messages.append(refusal("vep-owner", "\(pusherName) may not move \(subject) into \(to)", path: path, line: 1, commit: commit,
                                        help: "a VEP enters a group through an owner of that group (ask one to push the move)",
                                        whoMay: arrival, notes: try policy.ownersProblems(for: path), vep: number))
            }
        }
        // A VEP's own approvers may approve it: naming anyone else one (oneself, say) grants a right, which needs one.
        if let headVEP {
            let before = Set(base?.catalog.veps.first { $0.number == headVEP.number }?.document.approvers.compactMap { Handle($0.value) } ?? [])
            let approvers = chain.approvers(for: headVEP.path).union(trustedChain.approvers(for: trustedPath)).union(rootApprovers)
            let named = headVEP.document.approvers.filter { entry in
                Handle(entry.value).map { !before.contains($0) && !approvers.contains($0) } ?? false
            }
            let approval = Ownership.approval(trusted: trusted, chain: trustedChain, path: trusted == nil ? headVEP.path : trustedPath,
                                              rootApprovers: rootApprovers)
            // One refusal per handle, each at its own line: judged against another base, the same handle is the same finding.
            for entry in named where !approval.allows(who) {
                let handle = Handle(entry.value)!.description
                messages.append(refusal("vep-approvers", "\(pusherName) may not name \(handle) approver of \(subject): the VEP's approvers may approve it, and only an approver grants that",
                                        path: headVEP.path, line: entry.position.line, column: entry.position.column, commit: commit,
                                        help: "name an approver of its OWNERS files, or ask one of them to push the change",
                                        whoMay: approval, vep: number))
            }
        }
        if let headVEP, let status = headVEP.document.status, Ownership.approverStatuses.contains(status.value) {
            let before = base?.catalog.veps.first { $0.number == headVEP.number }?.status
            if before != status.value {
                let approval = Ownership.approval(trusted: trusted, chain: trustedChain, path: trusted == nil ? headVEP.path : trustedPath,
                                                  rootApprovers: rootApprovers)
                if !approval.allows(who) {
                    messages.append(refusal("status-approver", "\(pusherName) may not set \(subject) to `\(status.value.rawValue)`: that needs an approver",
                                            path: headVEP.path, line: status.position.line, column: status.position.column, commit: commit,
                                            whoMay: approval, vep: number))
                }
            }
        }
        return messages
    }

    private func lint(_ commit: ObjectID, head: LintSnapshot, base: LintSnapshot?, wholeBase: () throws -> LintSnapshot?) throws -> [Refusal] {
        // Severities, schedule and freeze exceptions from the trusted tree, never from the pushed commits.
        let policy = LintPolicy(configuration: self.policy.configuration)
        var context = LintContext(head: head, base: base, policy: policy, date: day)
        let scope = LintScope(changedOnly: true)
        var findings = Linter.unexcusedFindings(context, scope: scope)
        if findings.contains(where: { $0.severity == .error }), base?.hasEssentialsOnly == true, let whole = try wholeBase() {
            context = LintContext(head: head, base: whole, policy: policy, date: day)
        }
        findings = Linter.excuse(findings, in: context, scope: scope)
        var messages: [Refusal] = []
        // The VEP a finding is about: the one whose document it points at, here or (deleted) in the base.
        func vepNumber(_ path: String) -> Int? {
            for snapshot in [head, base].compactMap({ $0 }) {
                if let vep = snapshot.catalog.veps.first(where: { $0.path == path || $0.continuations.contains { $0.path == path } }) { return vep.number }
            }
            return nil
        }
        // A broken OWNERS file is refused by `check` whether or not a VEP changed with it: not twice.
        for finding in findings where finding.severity == .error && finding.rule != OwnersYAMLRule.description.identifier {
            var notes: [String] = []
            var help = finding.help
            if finding.rule == "vep-freeze" {
                let number = head.catalog.veps.first { $0.path == finding.path || $0.continuations.contains { $0.path == finding.path } }?.number
                if let number, options.freezeExceptions.contains(number) {
                    if pusherIsRootApprover { continue }
                    notes.append("the push option vep.freeze-exception=\(number) is honoured only from a root approver; \(pusherName) is not one")
                    let authority = Ownership.policyChange(rootApprovers: rootApprovers)
                    messages.append(refusal(finding.rule, finding.message, path: finding.path, line: finding.line, column: finding.column,
                                            commit: commit, help: help, whoMay: authority, notes: notes, vep: vepNumber(finding.path)))
                    continue
                }
                let option = "git push -o vep.freeze-exception=\(number.map(String.init) ?? "N")"
                help = (help.map { $0 + "; " } ?? "") + "a root approver may grant an exception for this push with `\(option)`"
                if !pushOptionsAdvertised {
                    notes.append("push options are off on this server (receive.advertisePushOptions is not true): enable them with `git config receive.advertisePushOptions true` in the server repository")
                }
            }
            let line = finding.sourceLine.map { "\(finding.line) | \($0)" }
            messages.append(refusal(finding.rule, finding.message, path: finding.path, line: finding.line, column: finding.column,
                                    commit: commit, help: help, notes: (line.map { ["source: " + $0] } ?? []) + notes, vep: vepNumber(finding.path)))
        }
        return messages
    }
}
