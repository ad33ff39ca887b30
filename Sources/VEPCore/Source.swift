import Foundation

/// A file as a source lists it. `contentID` identifies the content (a blob id for git
/// sources) so that unchanged content need not be read twice; nil when unknown.
public struct SourceFile: Hashable, Sendable {
    public let path: String
    public let contentID: String?

    public init(path: String, contentID: String?) {
        self.path = path
        self.contentID = contentID
    }
}

/// A symbolic link as a source lists it: git stores the path it points to as its content. Sources list links
/// apart from files, since a link is no document (GitHub shows the path, git-vep does not follow it).
public struct SymbolicLink: Hashable, Sendable {
    public let path: String
    /// Where it points, as written (at most a few KiB are read).
    public let target: String

    public init(path: String, target: String) {
        self.path = path
        self.target = target
    }

    /// Longest target read; git's own links are paths, far shorter.
    public static let targetLimit = 4096
}

/// The content of a file, or its size when it exceeds the reader's limit.
public enum FileContent: Sendable {
    case data(Data)
    case tooLarge(size: Int)
}

/// A snapshot of files — a commit's tree, the index, the working tree — as VEPCore sees it.
/// GitKit-backed sources live in VEPGit; VEPCore never talks to libgit2.
public protocol VEPSource {
    /// How the snapshot reads in messages: `HEAD`, `the index`, `the working tree`, a commit id.
    var label: String { get }
    /// Every file under `prefix` (a folder path without trailing slash; "" for all), sorted by path.
    func files(under prefix: String) throws -> [SourceFile]
    /// The file at `path`, nil when there is none.
    func file(at path: String) throws -> SourceFile?
    /// The content of a listed file, never more than `limit` bytes.
    func read(_ file: SourceFile, limit: Int) throws -> FileContent
    /// Every symbolic link at `path` or under it (a folder), sorted by path.
    func symbolicLinks(under path: String) throws -> [SymbolicLink]
}

/// A plain folder on disk, for the working tree and for tests on strings.
public struct DirectorySource: VEPSource {
    public let directory: URL
    public let label: String

    public init(directory: URL, label: String = "the working tree") {
        self.directory = directory
        self.label = label
    }

    public func files(under prefix: String) throws -> [SourceFile] {
        let base = prefix.isEmpty ? directory : directory.appendingPathComponent(prefix)
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: []) else { return [] }
        var result: [SourceFile] = []
        let rootPath = directory.standardizedFileURL.path
        for case let url as URL in enumerator {
            if url.lastPathComponent == ".git" { enumerator.skipDescendants(); continue }
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.standardizedFileURL.path
            guard full.hasPrefix(rootPath + "/") else { continue }
            result.append(SourceFile(path: String(full.dropFirst(rootPath.count + 1)), contentID: nil))
        }
        return result.sorted { $0.path < $1.path }
    }

    public func file(at path: String) throws -> SourceFile? {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory.appendingPathComponent(path).path, isDirectory: &isDirectory)
        return exists && !isDirectory.boolValue ? SourceFile(path: path, contentID: nil) : nil
    }

    public func symbolicLinks(under path: String) throws -> [SymbolicLink] {
        let rootPath = directory.standardizedFileURL.path
        let start = path.isEmpty ? directory : directory.appendingPathComponent(path)
        func link(_ url: URL) -> SymbolicLink? {
            guard (try? url.resourceValues(forKeys: [.isSymbolicLinkKey]).isSymbolicLink) == true,
                  let target = try? FileManager.default.destinationOfSymbolicLink(atPath: url.path) else { return nil }
            // The link's own path (standardizing would resolve it).
            let full = url.deletingLastPathComponent().standardizedFileURL.path + "/" + url.lastPathComponent
            guard full.hasPrefix(rootPath + "/") else { return nil }
            return SymbolicLink(path: String(full.dropFirst(rootPath.count + 1)), target: String(target.prefix(SymbolicLink.targetLimit)))
        }
        if let single = link(start) { return [single] }
        guard let enumerator = FileManager.default.enumerator(at: start, includingPropertiesForKeys: [.isSymbolicLinkKey], options: [])
        else { return [] }
        var result: [SymbolicLink] = []
        for case let url as URL in enumerator {
            if url.lastPathComponent == ".git" { enumerator.skipDescendants(); continue }
            if let found = link(url) { result.append(found) }
        }
        return result.sorted { $0.path < $1.path }
    }

    public func read(_ file: SourceFile, limit: Int) throws -> FileContent {
        let url = directory.appendingPathComponent(file.path)
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        if size > limit { return .tooLarge(size: size) }
        return .data(try Data(contentsOf: url))
    }
}
