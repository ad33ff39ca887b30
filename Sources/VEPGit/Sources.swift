import Foundation
import GitKit
import VEPCore

/// A commit's (or any tree's) files, read straight from git objects.
public struct TreeSource: VEPSource {
    public let repository: Repository
    public let treeID: ObjectID
    public let label: String

    public init(repository: Repository, treeID: ObjectID, label: String) {
        self.repository = repository
        self.treeID = treeID
        self.label = label
    }

    /// The tree of `revision` (a commit, a tag, or anything git resolves to a tree).
    public init(repository: Repository, revision: String) throws {
        self.init(repository: repository, treeID: try repository.resolveTree(revision), label: revision)
    }

    public func files(under prefix: String) throws -> [SourceFile] {
        let blobs = try repository.files(in: treeID, under: prefix).filter { $0.entry.isRegularFile }
        // A partial clone fetches an old revision's Markdown documents in one go, not one fetch per document read;
        // other files (images, say) are fetched only if something reads them.
        if repository.fetchesLazily {
            let documents = blobs.filter { $0.path.lowercased().hasSuffix(".md") }
            let missing = repository.missing(documents.map(\.entry.id))
            do {
                if !missing.isEmpty { try repository.fetchMissing(missing) }
            } catch let error as GitError where error.isNotFound {
                let path = documents.first { $0.entry.id == missing[0] }?.path ?? prefix
                throw GitError(operation: "reading \(label)", code: error.code, errorClass: error.errorClass,
                               message: "\(path) at \(label): \(error.message)")
            }
        }
        return blobs.map { SourceFile(path: $0.path, contentID: $0.entry.id.hex) }
    }

    public func file(at path: String) throws -> SourceFile? {
        guard let entry = try repository.tree(at: path, in: treeID), entry.isRegularFile else { return nil }
        return SourceFile(path: path, contentID: entry.id.hex)
    }

    public func read(_ file: SourceFile, limit: Int) throws -> FileContent {
        do {
            return try repository.read(file, limit: limit)
        } catch let error as GitError where error.isNotFound {
            // Named with the file that needs it, as git names a missing blob.
            throw GitError(operation: "reading \(label)", code: error.code, errorClass: error.errorClass,
                           message: "\(file.path): \(error.message)")
        }
    }

    public func symbolicLinks(under path: String) throws -> [SymbolicLink] {
        try repository.files(in: treeID, under: path).filter { $0.entry.isSymbolicLink }
            .map { try repository.symbolicLink(at: $0.path, blob: $0.entry.id) }
    }
}

// A symbolic link (its content is where it points) is no document: in a tree, the index and the working tree alike,
// sources list regular files only.

/// What is staged: the index named by `GIT_INDEX_FILE`, else the repository's.
public struct IndexSource: VEPSource {
    public let repository: Repository
    public let index: Index
    public let label = "the index"

    public init(repository: Repository) throws {
        self.repository = repository
        self.index = try repository.index()
    }

    public func files(under prefix: String) throws -> [SourceFile] {
        // Conflicted paths have no stage-0 entry; they are not staged content yet.
        index.entries(under: prefix)
            .filter { $0.stage == 0 && !$0.isIntentToAdd && $0.isRegularFile }
            .map { SourceFile(path: $0.path, contentID: $0.id.hex) }
            .sorted { $0.path < $1.path }
    }

    public func file(at path: String) throws -> SourceFile? {
        guard let entry = index.entry(path: path), !entry.isIntentToAdd, entry.isRegularFile else { return nil }
        return SourceFile(path: path, contentID: entry.id.hex)
    }

    public func read(_ file: SourceFile, limit: Int) throws -> FileContent {
        try repository.read(file, limit: limit)
    }

    public func symbolicLinks(under path: String) throws -> [SymbolicLink] {
        try index.entries(under: path).filter { $0.stage == 0 && !$0.isIntentToAdd && $0.isSymbolicLink }
            .sorted { $0.path < $1.path }
            .map { try repository.symbolicLink(at: $0.path, blob: $0.id) }
    }
}

extension Repository {
    /// The link at `path` whose blob is `blob`: its content is where it points.
    func symbolicLink(at path: String, blob: ObjectID) throws -> SymbolicLink {
        let target: String
        switch try readBlob(blob, limit: SymbolicLink.targetLimit) {
        case .data(let data): target = String(decoding: data, as: UTF8.self)
        case .tooLarge(let size): target = "(\(size) bytes)"
        }
        return SymbolicLink(path: path, target: target)
    }

    /// Reads a listed file's blob, bounded by `limit`.
    func read(_ file: SourceFile, limit: Int) throws -> FileContent {
        guard let hex = file.contentID, let id = ObjectID(hex: hex) else {
            throw GitError(operation: "read \(file.path)", message: "no object id for \(file.path)")
        }
        switch try readBlob(id, limit: limit) {
        case .data(let data): return .data(data)
        case .tooLarge(let size): return .tooLarge(size: size)
        }
    }
}
