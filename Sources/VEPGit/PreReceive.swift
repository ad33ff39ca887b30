import Foundation
import GitKit
import VEPCore

/// One line of a pre-receive hook's input: `<old> <new> <ref>`.
public struct RefUpdate: Hashable, Sendable {
    public let old: ObjectID
    public let new: ObjectID
    public let ref: String

    public var isCreation: Bool { old.isZero }
    public var isDeletion: Bool { new.isZero }

    /// Parses the whole input; any malformed line is an error (the hook fails closed).
    public static func parse(_ input: String) throws -> [RefUpdate] {
        var updates: [RefUpdate] = []
        for (index, line) in input.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3, let old = ObjectID(hex: String(fields[0])), let new = ObjectID(hex: String(fields[1])),
                  fields[0].count == 40, fields[1].count == 40, fields[2].hasPrefix("refs/") else {
                throw PreReceiveError("input line \(index + 1) is not `<old> <new> <ref>`: '\(line.prefix(200))'")
            }
            updates.append(RefUpdate(old: old, new: new, ref: String(fields[2])))
        }
        return updates
    }
}

public struct PreReceiveError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What the hook decided, and what it tells the pusher (stderr, shown as `remote:` lines).
public struct PreReceiveVerdict: Sendable {
    public var accepted: Bool
    public var messages: [String]
    public var summary: String

    public init(accepted: Bool, messages: [String], summary: String) {
        self.accepted = accepted
        self.messages = messages
        self.summary = summary
    }

    /// What the pusher sees (as `remote:` lines, which git 2.39 passes through as they are): control characters
    /// from pushed content are shown as signs.
    public var text: String { (messages + [summary]).joined(separator: "\n").terminalSafeLines + "\n" }
}

/// The server hook: judges every commit a push brings into an enforced ref, with the lint rules and ownership.
/// Reads only; never writes a ref, an object or a cache.
public final class PreReceive {
    let repository: Repository
    let environment: [String: String]
    /// The day the VEP Freeze is judged on: the day of the push (UTC), never a date the pusher wrote.
    let day: String

    /// The refusal of every push while the default branch, which holds the policy, is unknown; `head` says why.
    func unknownDefaultBranch(head: String) -> PreReceiveVerdict {
        PreReceiveVerdict(
            accepted: false,
            messages: ["error[server-head]: the server repository's HEAD \(head), so its default branch, whose OWNERS and "
                       + ".vep.yaml rule every push, is unknown; a server administrator points HEAD at it: git symbolic-ref "
                       + "\(repository.storedReferenceName("HEAD")) \(repository.storedReferenceName("refs/heads/"))<default branch>"],
            summary: "vep-pre-receive: push refused: the default branch is unknown (nothing can be checked)")
    }

    /// Why a push under `names` (a pushed ref, the names leading to it) writes into another namespace (one repository
    /// served as several), where that namespace's rules would go unchecked; nil when none does. git lets a push name
    /// a ref under `refs/namespaces/`, or go through a symbolic ref that leads out of its namespace.
    func namespaceRefusal(_ names: [String]) -> String? {
        if let outward = names.first(where: { repository.leavesNamespace($0) }) {
            return "error[ref-namespace]: \(outward) is a symbolic ref that leads out of namespace \(repository.referenceNamespace ?? ""), "
                + "whose rules a push through it would not meet; a server administrator points it inside the namespace or "
                + "deletes it (git symbolic-ref --delete \(repository.storedReferenceName(outward)))"
        }
        if let foreign = names.first(where: { $0.hasPrefix("refs/namespaces/") }) {
            let inner = Self.namespaceAndName(foreign)
            return "error[ref-namespace]: \(foreign) is \(inner.name) of namespace \(inner.namespace), which a push may not write by "
                + "its full name (that namespace's rules would go unchecked); push to \(inner.name) in that namespace, through "
                + "the URL that serves it (GIT_NAMESPACE=\(inner.namespace))"
        }
        return nil
    }

    /// `refs/namespaces/a/refs/namespaces/b/refs/heads/main` → (`a/b`, `refs/heads/main`).
    static func namespaceAndName(_ ref: String) -> (namespace: String, name: String) {
        var parts: [Substring] = []
        var rest = Substring(ref)
        while rest.hasPrefix("refs/namespaces/") {
            let after = rest.dropFirst("refs/namespaces/".count)
            guard let slash = after.firstIndex(of: "/") else { break }
            parts.append(after[..<slash])
            rest = after[after.index(after: slash)...]
        }
        return (parts.joined(separator: "/"), String(rest))
    }

    /// A server that serves several repositories from one (`GIT_NAMESPACE`, see gitnamespaces(7)) hands the hook the
    /// pushed names without their namespace: the hook reads references in it, as receive-pack wrote them.
    public init(repository: Repository, environment: [String: String], day: String) {
        self.repository = repository
        self.environment = environment
        self.day = day
        repository.referenceNamespace = environment["GIT_NAMESPACE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Judges a whole push. Any internal error rejects it (fail closed).
    public func run(input: String) -> PreReceiveVerdict {
        do {
            return try judge(try RefUpdate.parse(input))
        } catch {
            let detail = (error as? PreReceiveError)?.description ?? (error as? GitError)?.description ?? "\(error)"
            return PreReceiveVerdict(accepted: false, messages: ["error[internal]: \(detail)"],
                                     summary: "vep-pre-receive: push refused: the hook could not check it (it refuses what it cannot check)")
        }
    }

    func judge(_ pushed: [RefUpdate]) throws -> PreReceiveVerdict {
        // git updates (or deletes) what a symbolic ref of the server leads to: `refs/heads/master` kept as an alias of
        // main is main, judged as main, under every name it was pushed by (two aliases of one ref in one push are
        // judged once).
        var pushedBy: [RefUpdate: [String]] = [:]
        var updates: [RefUpdate] = []
        for update in pushed {
            let chain = repository.symbolicChain(update.ref)
            let target = chain.last.map { RefUpdate(old: update.old, new: update.new, ref: $0) } ?? update
            if pushedBy[target] == nil { updates.append(target) }
            pushedBy[target, default: []] += [update.ref] + chain.dropLast()
        }
        let trace = PhaseTrace()
        defer { trace.report("vep-pre-receive") }
        trace.begin("policy")
        // HEAD may name an alias of the default branch (main kept as a symbolic ref after a rename to trunk).
        if repository.leavesNamespace("HEAD") {
            return unknownDefaultBranch(head: "leads out of namespace \(repository.referenceNamespace ?? "")")
        }
        var namespaceLacksHead = false
        let defaultBranch: String?
        do {
            defaultBranch = try repository.headBranch().map { repository.symbolicReferenceTarget($0) ?? $0 }
        } catch let error as GitError where error.isNotFound && repository.referenceNamespace != nil {
            // git's push into a namespace makes no HEAD there: its default branch is unknown until one is made.
            defaultBranch = nil
            namespaceLacksHead = true
        }
        let defaultTip: ObjectID?
        do {
            defaultTip = try defaultBranch.flatMap { try repository.reference($0) }
        } catch let error as GitError {
            // A tip that does not read as a commit (one pushed before the hook was installed): nothing trustworthy
            // decides any push until an administrator moves the branch back.
            let branch = defaultBranch ?? "HEAD"
            let id = repository.referenceTarget(branch).map { $0.abbreviated(10) } ?? "?"
            return PreReceiveVerdict(
                accepted: false,
                messages: ["error[server-tip]: the tip of \(branch) on the server, \(id), cannot be read as a commit "
                           + "(\(error.message)); its OWNERS and .vep.yaml rule every push, so nothing can be checked. A server "
                           + "administrator moves the branch back to the last good commit: `git update-ref \(repository.storedReferenceName(branch)) <commit>` in "
                           + "the server repository (`git fsck` there says what is wrong)"],
                summary: "vep-pre-receive: push refused: the default branch's tip cannot be read (nothing can be checked)")
        }
        // The default branch holds the policy (OWNERS, .vep.yaml) and is what `HEAD` in `enforce` names. A server whose
        // HEAD names a missing branch (after master was renamed main, say) or a commit would check nothing: it refuses
        // instead, unless the repository has no branch at all (the first push into a new repository). A push that
        // creates HEAD's branch beside others is refused too: the branch it creates would be its own policy.
        if defaultTip == nil, !(try repository.references(matching: "refs/heads/*")).isEmpty {
            return unknownDefaultBranch(head: namespaceLacksHead ? "does not exist in namespace \(repository.referenceNamespace ?? "")"
                : defaultBranch.map { "names \($0), which does not exist" } ?? "is detached (it names a commit, not a branch)")
        }
        // One cache of parsed documents for the whole push: trusted versions and pushed ones.
        let documents = DocumentCache()
        let repositoryPolicy = try TrustedPolicy(repository: repository, commit: defaultTip, documents: documents)
        let settings = repositoryPolicy.settings
        let pusher = settings.pusher(environment: environment)
        let options = PushOptions.parse(environment: environment)
        var messages: [String] = options.problems.map { "error[push-option]: \($0)" }
        var refusals = options.problems.count
        var checked = 0
        var refusedCommits: Set<ObjectID> = []
        var refusedRefs: [String] = []

        // A ref is enforced if any name leading to it is: an enforced alias (`release-1.9` leading to an unenforced
        // branch) enforces a push straight to its target too. Only symbolic refs an enforce pattern names matter, and
        // only the folders the patterns start with are read (a server with 50,000 loose tags need not list them).
        var aliases: [String: Set<String>] = [:]
        for pattern in settings.enforce where pattern != "HEAD" {
            let fixed = pattern.prefix { $0 != "*" && $0 != "?" }
            for alias in try repository.symbolicReferenceNames(matching: fixed + "*") where RefPattern.matches(pattern, alias) {
                let chain = repository.symbolicChain(alias)
                guard let target = chain.last else { continue }
                aliases[target, default: []].formUnion([alias] + chain.dropLast())
            }
        }
        for update in updates {
            let names = [update.ref] + (pushedBy[update] ?? []) + (aliases[update.ref] ?? []).sorted()
            if update.old != update.new, let refusal = namespaceRefusal(names) {
                refusedRefs.append(update.ref)
                refusals += 1
                messages.append(refusal)
                continue
            }
            guard update.old != update.new, let enforcedName = names.first(where: { settings.enforces($0, defaultBranch: defaultBranch) }) else { continue }
            // Named as git updates it, and, when only an alias is enforced, as that alias too.
            let shown = enforcedName == update.ref ? update.ref : "\(update.ref) (as \(enforcedName))"
            if update.isDeletion {
                let checker = CommitChecker(repository: repository, policy: repositoryPolicy, pusher: pusher, options: options, ref: shown,
                                            day: day, pushOptionsAdvertised: false, documents: documents)
                let found = checker.checkDeletion(of: update.old)
                if !found.isEmpty {
                    refusedRefs.append(shown)
                    refusals += found.count
                    messages += found
                }
                continue
            }
            let tip: ObjectID
            do {
                tip = try repository.resolveCommit(update.new.hex)
            } catch let error as GitError {
                // Tags may name trees or blobs: no history to judge. But a branch (an enforced one serving a tag through
                // an alias too) must name a commit, and anything else that does not read as one (a commit libgit2 cannot
                // parse, an object the hook cannot find) is refused, never skipped.
                let isTreeOrBlob = (try? repository.resolveTree(update.new.hex)) != nil || (try? repository.resolveBlob(update.new.hex)) != nil
                let branch = names.first { $0.hasPrefix("refs/heads/") && settings.enforces($0, defaultBranch: defaultBranch) }
                if isTreeOrBlob, branch == nil { continue }
                let named = isTreeOrBlob ? (branch == update.ref ? update.ref : "\(update.ref) (as \(branch!))") : shown
                refusedRefs.append(named)
                refusals += 1
                messages.append(Self.notACommit(ref: named, tip: update.new, error: error,
                                                kind: isTreeOrBlob ? (try? repository.objectKind(update.new)).flatMap { $0 } : nil))
                continue
            }
            let trustedCommit = update.isCreation ? defaultTip : update.old
            let policy = trustedCommit == defaultTip ? repositoryPolicy
                : try TrustedPolicy(repository: repository, commit: trustedCommit, documents: documents)
            let checker = CommitChecker(repository: repository, policy: policy, pusher: pusher, options: options, ref: shown, day: day,
                                        pushOptionsAdvertised: repository.configBool("receive.advertisePushOptions") == true,
                                        documents: documents)
            var refMessages: [String] = []
            if !policy.configurationProblems.isEmpty {
                refMessages += try checker.corruptConfiguration(newTip: tip)
            }
            trace.begin("chain")
            let ordered = try Self.firstParentChain(repository, from: tip, hiding: trustedCommit)
            checked += ordered.count
            trace.begin("commits")
            for (commit, found) in zip(ordered, try checkInParallel(ordered, first: checker, trustedCommit: trustedCommit, pusher: pusher,
                                                                    options: options, ref: shown)) where !found.isEmpty {
                refusedCommits.insert(commit)
                refMessages += found
            }
            // A push that drops commits the ref had (a rewind, a rewrite) also answers for what it undoes, and so does
            // one whose first-parent chain passes the old tip by (a merge that has it as a second parent only): the
            // chain's commits are judged against their first parents, which need not contain the old tip's changes.
            let chainStart = try ordered.first.map { try repository.treeAndFirstParent(of: $0).firstParent }
            let keepsOldTip = chainStart == .some(update.old)
            if !update.isCreation, !keepsOldTip {
                trace.begin("dropped history")
                // What a new commit already answered for is not said again for the net change.
                func key(_ message: String) -> String { message.split(separator: "\n").prefix(2).joined(separator: "\n") }
                let reported = Set(refMessages.map(key))
                let start = chainStart.map { $0.map(CommitChecker.ChainStart.commit) ?? .root }
                let found = try checker.checkDroppedHistory(from: update.old, to: tip, after: start).filter { !reported.contains(key($0)) }
                if !found.isEmpty {
                    refusedCommits.insert(tip)
                    refMessages += found
                }
            }
            if !refMessages.isEmpty {
                refusedRefs.append(shown)
                refusals += refMessages.count
                messages += refMessages
            }
        }
        if refusals == 0 {
            let summary = checked == 0 ? "vep-pre-receive: nothing to check" :
                "vep-pre-receive: \(checked) commit\(checked == 1 ? "" : "s") checked\(pusher.map { " for \($0.handle)" } ?? ""): accepted"
            return PreReceiveVerdict(accepted: true, messages: [], summary: summary)
        }
        let commitsPart = refusedCommits.isEmpty ? "" : " in \(refusedCommits.count) commit\(refusedCommits.count == 1 ? "" : "s")"
        let refsPart = refusedRefs.isEmpty ? "" : " (\(refusedRefs.joined(separator: ", ")))"
        // The first push into an empty repository is most often an existing history moving in, judged by today's rules.
        if defaultTip == nil, !refusedCommits.isEmpty {
            messages.append("note: this is the first push into an empty repository, and every commit of its history was judged by today's rules; "
                            + "to move an existing repository in, a server administrator pushes it before installing the hook "
                            + "(or runs `git vep uninstall --server` for that push)")
        }
        return PreReceiveVerdict(accepted: false, messages: messages,
                                 summary: "vep-pre-receive: push refused: \(refusals) problem\(refusals == 1 ? "" : "s")\(commitsPart)\(refsPart); \(checked) commit\(checked == 1 ? "" : "s") checked")
    }
}

extension PreReceive {
    /// The refusal of a pushed tip that is no commit: a tree or blob (`kind`) on a branch, or what libgit2 cannot read
    /// as a commit (`error`).
    static func notACommit(ref: String, tip: ObjectID, error: GitError, kind: ObjectKind?) -> String {
        let head = "error[commit-unreadable]: the new tip of \(ref), \(tip.abbreviated(10)), "
        let help: String
        var lines: [String]
        if let kind {
            lines = [head + "is a \(kind), not a commit: an enforced branch names a commit, whatever name it is pushed by"]
            help = "push a commit to it"
        } else if error.isNotFound {
            lines = [head + "cannot be read as a commit: it is not in the repository"]
            help = "push it again; if it was pushed, the hook does not see the objects of the push: a server wrapper "
                + "must pass GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES and GIT_QUARANTINE_PATH on to vep-pre-receive"
        } else {
            // libgit2's words without the revision we gave it (the id, named already).
            let prefix = "bad revision '\(tip.hex)': "
            lines = [head + "cannot be read as a commit: " + (error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message)]
            help = "`git fsck` in your clone shows what is wrong with it; push a commit git can read (the hook refuses what it cannot check)"
        }
        lines += ["  --> ref \(ref)", "   = help: \(help)"]
        return lines.joined(separator: "\n")
    }

    /// The first-parent chain from `tip` that `hidden` does not reach, oldest first. A fast-forward meets
    /// `hidden` on that chain, which a walk of first parents finds in as many steps as there are new
    /// commits; otherwise (a force push, `hidden` only behind a merge) git's rule applies: a walk that
    /// hides everything reachable from `hidden`.
    static func firstParentChain(_ repository: Repository, from tip: ObjectID, hiding hidden: ObjectID?) throws -> [ObjectID] {
        if let hidden {
            var chain: [ObjectID] = []
            var next: ObjectID? = tip
            while let id = next, id != hidden {
                chain.append(id)
                next = try repository.treeAndFirstParent(of: id).firstParent
            }
            if next == hidden { return chain.reversed() }
        }
        let walk = try RevWalk(repository, options: RevWalkOptions(tips: [tip], hidden: hidden.map { [$0] } ?? [],
                                                                   firstParent: true, order: .none)).all()
        return walk.reversed()
    }

    /// Long chains are split over the cores, each part on its own repository handle and trusted policy
    /// (libgit2 handles are single-threaded); short ones stay on the calling thread. Results keep the chain's order.
    func checkInParallel(_ commits: [ObjectID], first: CommitChecker, trustedCommit: ObjectID?, pusher: Pusher?,
                         options: PushOptions, ref: String) throws -> [[String]] {
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8, commits.count / 256)
        guard workers > 1 else { return try commits.map { try first.check($0) } }
        let location = repository.location
        let day = self.day
        let advertised = first.pushOptionsAdvertised
        let people = first.policy.people
        let documents = first.documents
        // Runs of consecutive commits dealt out in turn: neighbours share documents (parsed once per
        // worker), and the busy stretches of a history are spread over every core.
        let run = 64
        let runs = (commits.count + run - 1) / run
        let results = ParallelResults(count: runs)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            do {
                let repository = try Repository.open(location)
                let policy = try TrustedPolicy(repository: repository, commit: trustedCommit, sharing: people, documents: documents)
                let checker = CommitChecker(repository: repository, policy: policy, pusher: pusher, options: options, ref: ref, day: day,
                                            pushOptionsAdvertised: advertised, documents: documents)
                for index in stride(from: worker, to: runs, by: workers) {
                    let slice = commits[(index * run)..<min(commits.count, (index + 1) * run)]
                    results.set(index, .success(try slice.map { try checker.check($0) }))
                }
            } catch {
                for index in stride(from: worker, to: runs, by: workers) {
                    results.set(index, .failure(PreReceiveError("checking commits: \((error as? GitError)?.description ?? "\(error)")")))
                }
            }
        }
        return try results.values.flatMap { try $0.get() }
    }
}

/// Per-worker results, written once each under a lock.
final class ParallelResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<[[String]], PreReceiveError>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<[[String]], PreReceiveError>) {
        lock.lock(); slots[index] = value; lock.unlock()
    }

    var values: [Result<[[String]], PreReceiveError>] {
        lock.lock(); defer { lock.unlock() }
        return slots.map { $0 ?? .failure(PreReceiveError("a worker returned nothing")) }
    }
}

/// Policy read from one trusted commit (the ref's old tip, or the default branch's tip): OWNERS, aliases,
/// `.vep.yaml`, and the VEPs' own people. Loaded lazily and once per ref update.
final class TrustedPolicy {
    let repository: Repository
    let commit: ObjectID?
    let treeID: ObjectID?
    let configuration: Configuration
    let settings: ServerSettings
    /// Problems of the trusted `.vep.yaml` (YAML, values, server settings): the hook refuses until repaired.
    let configurationProblems: [Problem]
    let aliases: OwnersAliases
    let aliasProblems: [Problem]
    /// Ownership is enforced once the trusted tree has a root OWNERS file.
    let ownershipEnforced: Bool
    private var owners: [String: (OwnersFile, [Problem])?] = [:]
    private var chains: [String: OwnersChain] = [:]
    /// Trusted VEPs already read, shared with the other workers' policies of the same trusted commit.
    let people: TrustedPeople
    /// Parsed documents of the whole push, shared with the commit checkers.
    let documents: DocumentCache
    private var numberKeys: [Int: [String]] = [:]

    init(repository: Repository, commit: ObjectID?, sharing people: TrustedPeople = TrustedPeople(),
         documents: DocumentCache = DocumentCache()) throws {
        self.repository = repository
        self.commit = commit
        self.people = people
        self.documents = documents
        treeID = try commit.map { try repository.treeAndFirstParent(of: $0).tree }
        if let treeID {
            let (configuration, problems) = try Discovery.configuration(in: TreeSource(repository: repository, treeID: treeID, label: "trusted"))
            let (settings, settingsProblems) = ServerSettings.parse(configuration)
            self.configuration = configuration
            self.settings = settings
            configurationProblems = problems.map(\.problem) + settingsProblems + FreezeException.parse(configuration).1
        } else {
            configuration = .default
            settings = ServerSettings()
            configurationProblems = []
        }
        var aliases = OwnersAliases()
        var aliasProblems: [Problem] = []
        if let treeID, let text = try Self.text(repository, OwnersAliases.fileName, in: treeID) {
            (aliases, aliasProblems) = OwnersAliases.parse(text)
        }
        self.aliases = aliases
        self.aliasProblems = aliasProblems
        ownershipEnforced = try treeID.map { try repository.tree(at: "OWNERS", in: $0) != nil } ?? false
    }

    var layout: Layout { configuration.layout }

    var label: String { commit.map { $0.abbreviated(10) } ?? "the empty repository" }

    static func text(_ repository: Repository, _ path: String, in treeID: ObjectID) throws -> String? {
        guard let entry = try repository.tree(at: path, in: treeID), entry.kind == .blob else { return nil }
        return try repository.readText(entry.id, limit: 1 << 20)
    }

    /// The OWNERS file of a folder ("" for the root) with its problems; nil when the folder has none.
    func ownersFile(_ folder: String) throws -> (OwnersFile, [Problem])? {
        if let cached = owners[folder] { return cached }
        let path = folder.isEmpty ? "OWNERS" : folder + "/OWNERS"
        var result: (OwnersFile, [Problem])?
        if let treeID, let text = try Self.text(repository, path, in: treeID) {
            result = OwnersFile.parse(text, path: path)
        }
        owners[folder] = .some(result)
        return result
    }

    /// The OWNERS chain deciding `path`; it depends only on the folder, so each folder's is built once.
    func chain(for path: String) throws -> OwnersChain {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        if let known = chains[folder] { return known }
        let chain = try OwnersChain(for: path, aliases: aliases) { try ownersFile($0)?.0 }
        chains[folder] = chain
        return chain
    }

    /// Problems of the OWNERS files (and aliases) that decide `path`, as `file:line: message`.
    func ownersProblems(for path: String) throws -> [String] {
        var result = aliasProblems.map { "\(OwnersAliases.fileName):\($0.position.line): \($0.message)" }
        for file in try chain(for: path).files {
            if let problems = try ownersFile(file.directory)?.1 {
                result += problems.map { "\(file.path):\($0.position.line): \($0.message)" }
            }
        }
        return result
    }

    var rootApprovers: Set<Handle> {
        get throws { try ownersFile("")?.0.approvers.reduce(into: Set<Handle>()) { $0.formUnion(aliases.expand($1.value)) } ?? [] }
    }

    /// The trusted version of the VEP in folder `key`, else of VEP `number` wherever the trusted tree keeps it:
    /// its essentials, which hold the people ownership needs.
    func vep(key: String, number: Int?) throws -> VEPDocument? {
        if let found = try document(key: key, number: number) { return found }
        guard let number else { return nil }
        for other in try keys(of: number) where other != key {
            if let found = try document(key: other, number: number) { return found }
        }
        return nil
    }

    private func document(key: String, number: Int?) throws -> VEPDocument? {
        let cacheKey = "\(key)#\(number.map(String.init) ?? "")"
        if let cached = people.lookup(cacheKey) { return cached }
        var result: VEPDocument?
        if let treeID {
            let source = TreeSource(repository: repository, treeID: treeID, label: label)
            let members = try source.files(under: key)
            if !members.isEmpty {
                let layout = self.layout
                let documents = self.documents
                let found = try Discovery.veps(inFolder: key, members: members, layout: layout) { file in
                    // Often the version a pushed commit's base already brought: parsed once for both.
                    if let known = documents.lookup(file, layout: layout, essentialsSuffice: true) { return known.document }
                    let document: VEPDocument
                    switch try source.read(file, limit: maximumDocumentSize) {
                    case .data(let data): document = VEPDocument.parse(data: data, path: file.path, layout: layout)
                    case .tooLarge: return VEPDocument.unreadable(path: file.path, layout: layout, message: "too large")
                    }
                    // Essentials only: a whole entry without its text would leave a later finding unquoted.
                    documents.storeEssentials(file, layout: layout, document: document)
                    return document
                }
                result = (found.veps.first { number == nil || $0.number == number } ?? (number == nil ? found.veps.first : nil))?.document.essentials
            }
        }
        people.store(cacheKey, result)
        return result
    }

    /// Discovery keys in the trusted tree named `<number>-…`, found once per number.
    private func keys(of number: Int) throws -> [String] {
        if let known = numberKeys[number] { return known }
        let keys = try treeID.map { try FolderNumbers.folders(numbered: number, in: $0, repository: repository, layout: layout) } ?? []
        numberKeys[number] = keys
        return keys
    }
}

/// The trusted versions of VEPs (their people), by folder key and number, read once for all workers.
final class TrustedPeople: @unchecked Sendable {
    private let lock = NSLock()
    private var documents: [String: VEPDocument?] = [:]

    /// `.some(nil)` when the trusted tree is known not to have it; nil when not read yet.
    func lookup(_ key: String) -> VEPDocument?? {
        lock.lock(); defer { lock.unlock() }
        return documents[key]
    }

    func store(_ key: String, _ document: VEPDocument?) {
        lock.lock(); defer { lock.unlock() }
        documents.updateValue(document, forKey: key)
    }
}

/// VEP folders by the number their name starts with (`183-slug` → 183), from tree listings only.
enum FolderNumbers {
    /// Discovery keys in `treeID` named `<number>-…` in a group folder, found by name prefix: VEP folders, and loose
    /// files (`veps/sig-x/42-notes.md`), which are VEPs when they carry their own number.
    static func folders(numbered number: Int, in treeID: ObjectID, repository: Repository, layout: Layout) throws -> [String] {
        guard let root = try repository.tree(at: layout.root, in: treeID), root.kind == .tree else { return [] }
        var keys: [String] = []
        for group in try repository.tree(root.id).entries where group.kind == .tree && group.name != layout.templateDirectory {
            for name in try repository.entryNames(in: group.id, matching: { leadingNumber($0) == number }) {
                keys.append("\(layout.root)/\(group.name)/\(name)")
            }
        }
        return keys
    }

    static func leadingNumber(_ name: String) -> Int? {
        var name = name
        return name.withUTF8 { leadingNumber($0) }
    }

    static func leadingNumber(_ name: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0, count = 0
        for byte in name {
            if byte >= 0x30 && byte <= 0x39, count < 9 {
                value = value * 10 + Int(byte - 0x30)
                count += 1
            } else {
                return count > 0 && byte == UInt8(ascii: "-") ? value : nil
            }
        }
        return nil
    }
}
