/// What `vep-pre-receive` refuses beyond the lint rules: who may push a change (DESIGN §5) and what makes the server
/// itself unable to judge a push. These are no lint rules (lint has no pusher and no server), so `.vep.yaml` `rules:`
/// cannot turn them off; `git vep explain` knows them by the id a refusal prints in brackets. Their examples are the
/// pushes of the pre-receive tests.
public struct ServerCheck: Sendable {
    public let identifier: String
    public let name: String
    public let explanation: String

    public static let all: [ServerCheck] = [
        ServerCheck(identifier: "vep-owner", name: "Only a VEP's people or its group's owners change it", explanation: """
            A push that adds, changes, moves or deletes a VEP's files must come from someone the trusted tree (the ref's \
            tip before the push, or the default branch for a new ref) names: the VEP's authors, reviewers and approvers \
            (as its trusted version lists them), the approvers of the OWNERS files above it, or the root approvers. A \
            new VEP is added by an approver or reviewer of its group's OWNERS files or a root approver. Moving a VEP to \
            another group needs an approver of it or of the group it leaves, and an approver or reviewer of the group it \
            enters. Any file in a group folder counts as a VEP's (a group's README is added as a new VEP would be). The \
            refusal names who may; ask one of them to push or merge it.
            """),
        ServerCheck(identifier: "status-approver", name: "Approval statuses need an approver", explanation: """
            Setting a VEP's status to `implementable`, `implemented` or `rejected` is an approval: only the VEP's own \
            approvers (as its trusted version lists them), the approvers of its OWNERS chain or the root approvers may \
            push it.
            """),
        ServerCheck(identifier: "vep-approvers", name: "Naming a VEP's approver needs an approver", explanation: """
            A VEP's approvers may approve it, so adding a handle to its `approvers` grants a right: naming someone \
            who was not its approver and is no approver of its OWNERS files or the root (oneself, say) needs an \
            approver (of the VEP, of its OWNERS chain, or at the root). Name an approver of its OWNERS files, or ask an \
            approver to push the change.
            """),
        ServerCheck(identifier: "policy-owner", name: "Policy is changed by root approvers", explanation: """
            OWNERS files, OWNERS_ALIASES and `.vep.yaml` decide who may do what and which rules hold, so only a root \
            approver (of the trusted root OWNERS file) may push a change to them: a push can never grant itself rights.
            """),
        ServerCheck(identifier: "file-owner", name: "Other files follow their OWNERS chain", explanation: """
            A file outside the group folders (the top-level README, docs, scripts, the VEP template) and no policy file \
            may be changed by the approvers of the OWNERS files above it and by the root approvers.
            """),
        ServerCheck(identifier: "ref-deletion", name: "Enforced refs are deleted by root approvers", explanation: """
            Deleting a ref that `.vep.yaml` `enforce:` protects (by default the default branch and `release-*`) would \
            drop its checked history: only a root approver may push the deletion.
            """),
        ServerCheck(identifier: "config-trusted", name: "A broken trusted `.vep.yaml` stops pushes", explanation: """
            The policy is read from the trusted tree. When its `.vep.yaml` cannot be read, or holds a value git-vep does \
            not accept, the server cannot tell which rules and owners hold, so it refuses pushes to the ref until a root \
            approver pushes a repaired file.
            """),
        ServerCheck(identifier: "ref-namespace", name: "A push stays in its namespace", explanation: """
            Under `GIT_NAMESPACE`, a push names refs inside its namespace. Writing another namespace's ref by its full \
            name (`refs/namespaces/…`), or through a symbolic ref that leads out of the namespace, would skip that \
            namespace's rules, so it is refused.
            """),
        ServerCheck(identifier: "server-head", name: "The server knows its default branch", explanation: """
            A new ref is judged by the policy of the default branch, which the server repository's HEAD names. When \
            HEAD is missing, points nowhere, or leads out of the namespace, pushes are refused; the message gives the \
            `git symbolic-ref HEAD refs/heads/…` that fixes it on the server.
            """),
        ServerCheck(identifier: "server-tip", name: "The default branch's tip can be read", explanation: """
            The default branch's OWNERS and `.vep.yaml` rule every push. When its ref on the server does not resolve to \
            a commit (a tree or blob pushed there before the hook was installed, say), nothing can be checked and every \
            push is refused; the message gives the `git update-ref` with which an administrator moves the branch back. \
            (A tip commit whose object is missing from a damaged repository refuses every push as `internal`.)
            """),
        ServerCheck(identifier: "commit-unreadable", name: "A pushed tip is a commit git-vep can read", explanation: """
            The new tip of a pushed ref must be a commit git-vep can read: a tree or blob pushed to a branch, a tip that \
            is not in the repository, or one libgit2 cannot parse is refused, naming it, rather than let through \
            unjudged. (What cannot be read below the tip refuses the push as `internal`.)
            """),
        ServerCheck(identifier: "push-option", name: "Push options are understood", explanation: """
            `git push -o` options starting with `vep.` are for git-vep (`vep.freeze-exception=…`, which a root approver \
            may give). One it does not know, or a malformed one, refuses the push rather than be silently ignored.
            """),
        ServerCheck(identifier: "timeout", name: "A push is checked in time", explanation: """
            A push whose check takes longer than `vep.preReceiveTimeout` seconds in the server's git configuration \
            (default 300; 0 for no limit) is refused, so that a slow OWNERS filter or a huge push cannot hold the \
            server's receive-pack; push fewer commits at a time, or ask an administrator to look into it.
            """),
        ServerCheck(identifier: "internal", name: "The hook fails closed", explanation: """
            When the hook itself fails (an error it did not expect), it refuses the push and says why: a server hook \
            that cannot judge a push never lets it through.
            """),
    ]

    /// The check with this id, in any case.
    public static func named(_ identifier: String) -> ServerCheck? {
        all.first { $0.identifier == identifier.lowercased() }
    }
}
