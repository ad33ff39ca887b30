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

    public func read(_ file: SourceFile, limit: Int) throws -> FileContent {
        let url = directory.appendingPathComponent(file.path)
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        if size > limit { return .tooLarge(size: size) }
        return .data(try Data(contentsOf: url))
    }
}
