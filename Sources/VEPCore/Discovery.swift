import Foundation

/// One VEP as found in a snapshot: its main document, continuation documents
/// (`# VEP #76 - Part 2`) and the other files of its folder.
public struct VEP: Hashable, Sendable {
    public let number: Int
    public let document: VEPDocument
    public let continuations: [VEPDocument]
    /// Every other file in the VEP's folder (images, appendices), sorted.
    public let files: [String]

    public init(number: Int, document: VEPDocument, continuations: [VEPDocument] = [], files: [String] = []) {
        self.number = number
        self.document = document
        self.continuations = continuations
        self.files = files
    }

    public var path: String { document.path }
    public var group: String? { document.group }
    public var title: String { document.title?.value ?? "" }
    public var status: Status? { document.status?.value }
    public var stage: Stage? { document.stage?.value }
    public var format: MetadataFormat { document.format }

    /// Targets of the main document; continuation documents fill the ones it leaves empty.
    public var milestones: Milestones {
        var result = document.milestones
        for continuation in continuations {
            for stage in Stage.allCases where result[stage] == nil {
                result[stage] = continuation.milestones[stage]
            }
        }
        return result
    }
}

/// A problem that belongs to a file rather than to a parsed document.
public struct FileProblem: Hashable, Sendable, CustomStringConvertible {
    public let path: String
    public let problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path):\(problem)" }
}

/// Everything discovery found in one snapshot.
public struct Catalog: Sendable {
    public var configuration: Configuration
    /// Sorted by number, then path.
    public var veps: [VEP]
    /// VEP documents that carry no number anywhere.
    public var unidentified: [VEPDocument]
    /// Problems of the configuration and of files that could not be read.
    public var problems: [FileProblem]

    public func vep(_ number: Int) -> [VEP] { veps.filter { $0.number == number } }
}

/// Finds every VEP in a snapshot.
public enum Discovery {
    /// Reads `.vep.yaml` from the source; absent means defaults.
    public static func configuration(in source: VEPSource) throws -> (Configuration, [FileProblem]) {
        guard let file = try source.file(at: Configuration.fileName) else { return (.default, []) }
        var unread = Configuration()
        unread.layoutIsValid = false
        switch try source.read(file, limit: 256 * 1024) {
        case .tooLarge(let size):
            return (unread, [FileProblem(path: file.path, problem: Problem(code: "config-yaml", message: "`.vep.yaml` is \(size) bytes; the limit is 256 KiB", at: .start))])
        case .data(let data):
            guard let text = String(data: data, encoding: .utf8) else {
                return (unread, [FileProblem(path: file.path, problem: Problem(code: "config-yaml", message: "`.vep.yaml` is not UTF-8 text", at: .start))])
            }
            let (configuration, problems) = Configuration.parse(text)
            return (configuration, problems.map { FileProblem(path: file.path, problem: $0) })
        }
    }

    public static func catalog(of source: VEPSource, configuration given: Configuration? = nil) throws -> Catalog {
        var problems: [FileProblem] = []
        let configuration: Configuration
        if let given {
            configuration = given
        } else {
            let (read, configProblems) = try self.configuration(in: source)
            configuration = read
            problems += configProblems
        }
        let layout = configuration.layout
        let files = try source.files(under: layout.root)

        func parse(_ file: SourceFile) throws -> VEPDocument {
            switch try source.read(file, limit: maximumDocumentSize) {
            case .data(let data): return VEPDocument.parse(data: data, path: file.path, layout: layout)
            case .tooLarge(let size):
                return VEPDocument.unreadable(path: file.path, layout: layout,
                                              message: "file is \(size) bytes, larger than the \(maximumDocumentSize)-byte limit for a VEP document")
            }
        }

        var veps: [VEP] = []
        var unidentified: [VEPDocument] = []
        for (key, members) in folders(of: files, layout: layout).sorted(by: { $0.key < $1.key }) {
            let found = try self.veps(inFolder: key, members: members, layout: layout, document: parse)
            veps += found.veps
            unidentified += found.unidentified
        }
        veps.sort { ($0.number, $0.path) < ($1.number, $1.path) }
        return Catalog(configuration: configuration, veps: veps, unidentified: unidentified, problems: problems)
    }

    /// The folder a file belongs to for discovery: `<root>/<group>/<folder>` for files inside a
    /// VEP folder, the file's own path for loose files; nil outside the root or in the template.
    public static func folderKey(of path: String, layout: Layout) -> String? {
        guard let rest = Layout.bytes(of: path, under: layout.root) else { return nil }
        let group = rest.prefix { $0 != UInt8(ascii: "/") }
        if group.count < rest.count, group.elementsEqual(layout.templateDirectory.utf8) { return nil }
        return layout.folderPrefix(of: path) ?? path
    }

    /// Files grouped by `folderKey`.
    public static func folders(of files: [SourceFile], layout: Layout) -> [String: [SourceFile]] {
        var result: [String: [SourceFile]] = [:]
        for file in files {
            guard let key = folderKey(of: file.path, layout: layout) else { continue }
            result[key, default: []].append(file)
        }
        return result
    }

    /// The VEPs of one folder key. `document` parses a file (callers may cache by content id).
    public static func veps(inFolder key: String, members: [SourceFile], layout: Layout,
                            document parse: (SourceFile) throws -> VEPDocument) throws -> (veps: [VEP], unidentified: [VEPDocument]) {
        // A loose file (`veps/sig-network/decouple-nad.md`) is a VEP when it carries its own number.
        if members.count == 1, members[0].path == key {
            guard isMarkdown(key) else { return ([], []) }
            let document = try parse(members[0])
            guard document.continuationPart == nil else { return ([], []) }
            guard document.hasOwnNumber, let number = document.number else {
                // One that gives itself a number that names no VEP (`# VEP #97.1: …`, `vep-number: 97.2`) is a VEP document
                // lint names; notes and READMEs beside the VEP folders, whatever they quote, are none.
                return ([], document.claimsUnreadableNumber ? [document] : [])
            }
            return ([VEP(number: number, document: document)], [])
        }
        let mainPath = "\(key)/\(layout.documentName)"
        if let main = members.first(where: { $0.path == mainPath }) {
            let document = try parse(main)
            var continuations: [VEPDocument] = []
            for member in members where member.path != mainPath && isMarkdown(member.path) && isDirectChild(member.path, of: key) {
                let candidate = try parse(member)
                if candidate.continuationPart != nil { continuations.append(candidate) }
            }
            let others = members.map(\.path).filter { $0 != mainPath }.sorted()
            guard let number = document.number else { return ([], [document]) }
            return ([VEP(number: number, document: document, continuations: continuations, files: others)], [])
        }
        // An older layout: a folder without the main document whose Markdown carries a number.
        let parsed = try members.filter { isMarkdown($0.path) }.map(parse)
        let documents = parsed.filter { $0.continuationPart == nil }
        var numbered = documents.filter(\.hasOwnNumber)
        // Or whose name does (`24-decentralized-migration/decentralized-migration-vep.md`): the one document in
        // it that reads as a VEP (VEP metadata, or a `# VEP: …` title) is the VEP; an appendix or notes file is none.
        if numbered.isEmpty, VEPDocument.directoryClaim(path: key + "/" + layout.documentName, layout: layout) != nil {
            let candidates = documents.filter { isDirectChild($0.path, of: key) && $0.readsAsVEP }
            if candidates.count == 1 { numbered = candidates }
        }
        // A lone VEP has the folder to itself: its continuation documents too, as beside a vep.md.
        let continuations = numbered.count == 1 ? parsed.filter { $0.continuationPart != nil && isDirectChild($0.path, of: key) } : []
        return (numbered.map { document in
            let others = numbered.count == 1 ? members.map(\.path).filter { $0 != document.path }.sorted() : []
            return VEP(number: document.number!, document: document, continuations: continuations, files: others)
        }, [])
    }

    static func isMarkdown(_ path: String) -> Bool { path.lowercased().hasSuffix(".md") }

    static func isDirectChild(_ path: String, of folder: String) -> Bool {
        path.hasPrefix(folder + "/") && !path.dropFirst(folder.count + 1).contains("/")
    }
}

extension VEPDocument {
    /// Whether the document itself (front matter or first heading) carries a number.
    public var hasOwnNumber: Bool { numberClaims.contains { $0.source != .directory } }
}
