import Foundation

/// Who may make one kind of change: named groups of handles, in the order a refusal lists them.
public struct Authority: Hashable, Sendable {
    public struct Group: Hashable, Sendable {
        public let label: String
        public let handles: Set<Handle>
    }

    public var groups: [Group] = []

    public init(_ groups: [Group] = []) { self.groups = groups }

    public mutating func add(_ label: String, _ handles: Set<Handle>) {
        if !handles.isEmpty { groups.append(Group(label: label, handles: handles)) }
    }

    public func allows(_ handle: Handle?) -> Bool {
        guard let handle else { return false }
        return groups.contains { $0.handles.contains(handle) }
    }

    /// "the VEP's authors, reviewers and approvers (@a, @b); root approvers (@r)", or a note that nobody is named.
    public var description: String {
        guard !groups.isEmpty else { return "nobody is named in the trusted OWNERS files; a server administrator must make this change" }
        return groups.map { "\($0.label) (\($0.handles.sorted().map(\.description).joined(separator: ", ")))" }.joined(separator: "; ")
    }
}

/// The default ownership rules of DESIGN §5, on policy read from the trusted tree.
public enum Ownership {
    /// Statuses that only an approver may set.
    public static let approverStatuses: Set<Status> = [.implementable, .implemented, .rejected]

    /// Whether `path` is policy: OWNERS files anywhere, OWNERS_ALIASES and `.vep.yaml` at the root.
    public static func isPolicyFile(_ path: String) -> Bool {
        path == Configuration.fileName || path == OwnersAliases.fileName || path == "OWNERS" || path.hasSuffix("/OWNERS")
    }

    /// Changes to OWNERS, OWNERS_ALIASES, `.vep.yaml`, and freeze exceptions.
    public static func policyChange(rootApprovers: Set<Handle>) -> Authority {
        var authority = Authority()
        authority.add("root approvers", rootApprovers)
        return authority
    }

    /// A change to an existing VEP: its people in the trusted version, the approvers of its OWNERS chain, root approvers.
    public static func vepChange(trusted: VEPDocument, chain: OwnersChain, path: String, rootApprovers: Set<Handle>) -> Authority {
        var authority = Authority()
        let people = Set((trusted.authors + trusted.reviewers + trusted.approvers).compactMap { Handle($0.value) })
        authority.add("the VEP's authors, reviewers and approvers", people)
        authority.add(approversLabel(chain), chain.approvers(for: path).subtracting(rootApprovers))
        authority.add("root approvers", rootApprovers)
        return authority
    }

    /// A VEP the trusted tree does not have: the approvers and reviewers of its group's OWNERS chain, root approvers.
    public static func newVEP(chain: OwnersChain, path: String, rootApprovers: Set<Handle>) -> Authority {
        var authority = Authority()
        authority.add(approversLabel(chain), chain.approvers(for: path).subtracting(rootApprovers))
        authority.add("reviewers in " + chain.files.map(\.path).joined(separator: ", "), chain.reviewers(for: path))
        authority.add("root approvers", rootApprovers)
        return authority
    }

    /// Setting a status in `approverStatuses`: the trusted VEP's approvers, the approvers of its chain, root approvers.
    public static func approval(trusted: VEPDocument?, chain: OwnersChain, path: String, rootApprovers: Set<Handle>) -> Authority {
        var authority = Authority()
        if let trusted { authority.add("the VEP's approvers", Set(trusted.approvers.compactMap { Handle($0.value) })) }
        authority.add(approversLabel(chain), chain.approvers(for: path).subtracting(rootApprovers))
        authority.add("root approvers", rootApprovers)
        return authority
    }

    /// Any other file: the approvers of its OWNERS chain (Prow), root approvers.
    public static func otherFile(chain: OwnersChain, path: String, rootApprovers: Set<Handle>) -> Authority {
        var authority = Authority()
        authority.add(approversLabel(chain), chain.approvers(for: path).subtracting(rootApprovers))
        authority.add("root approvers", rootApprovers)
        return authority
    }

    private static func chainFiles(_ chain: OwnersChain) -> String {
        let paths = chain.files.map(\.path).filter { $0 != "OWNERS" }
        return paths.isEmpty ? "OWNERS" : paths.joined(separator: ", ")
    }

    private static func approversLabel(_ chain: OwnersChain) -> String { "approvers in " + chainFiles(chain) }
}
