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
    /// Files whose names are not UTF-8: listed under their path with each bad byte shown as U+FFFD (as git-vep
    /// reads such names from git objects), read through the bytes they have on disk.
    private let foreignNames = ForeignNames()

    public init(directory: URL, label: String = "the working tree") {
        self.directory = directory
        self.label = label
    }

    /// Regular files, read byte by byte from the folders (not through Foundation, which passes over a name that is
    /// not UTF-8: such a VEP folder went unjudged in the working tree while the hook and CI refused it).
    public func files(under prefix: String) throws -> [SourceFile] {
        let base = prefix.isEmpty ? directory : directory.appendingPathComponent(prefix)
        let root = Array(directory.standardizedFileURL.path.utf8)
        var start = Array(base.standardizedFileURL.path.utf8)
        guard start.starts(with: root) else { return [] }
        var result: [SourceFile] = []
        var pending: [[UInt8]] = []
        var info = stat()
        guard Self.withCPath(start, { lstat($0, &info) }) == 0 else { return [] }
        if info.st_mode & S_IFMT == S_IFREG {
            return [SourceFile(path: relative(start, root: root), contentID: nil)]
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { return [] }
        start = start.last == 0x2F ? Array(start.dropLast()) : start
        pending.append(start)
        while let folder = pending.popLast() {
            guard let handle = Self.withCPath(folder, { opendir($0) }) else { continue }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
                if name == [0x2E] || name == [0x2E, 0x2E] || name == Array(".git".utf8) { continue }
                let full = folder + [0x2F] + name
                guard Self.withCPath(full, { lstat($0, &info) }) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: pending.append(full)
                case S_IFREG: result.append(SourceFile(path: relative(full, root: root), contentID: nil))
                default: continue
                }
            }
        }
        return result.sorted { $0.path < $1.path }
    }

    /// `bytes` as the NUL-terminated path the system calls take: the name's own bytes, whatever they are.
    static func withCPath<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    private func relative(_ full: [UInt8], root: [UInt8]) -> String {
        let bytes = Array(full.dropFirst(root.count + 1))
        let text = String(decoding: bytes, as: UTF8.self)
        if Array(text.utf8) != bytes { foreignNames.remember(text, bytes: full) }
        return text
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
        if let bytes = foreignNames.bytes(of: file.path) { return try Self.read(bytes, shown: file.path, limit: limit) }
        let url = directory.appendingPathComponent(file.path)
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        if size > limit { return .tooLarge(size: size) }
        return .data(try Data(contentsOf: url))
    }

    /// A file named by its bytes on disk, read whole unless it is over `limit`.
    private static func read(_ bytes: [UInt8], shown: String, limit: Int) throws -> FileContent {
        let descriptor = withCPath(bytes) { open($0, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: shown]) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: shown]) }
        if Int(info.st_size) > limit { return .tooLarge(size: Int(info.st_size)) }
        var data = Data(count: Int(info.st_size))
        var total = 0
        while total < data.count {
            let count = data.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress! + total, $0.count - total) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            total += count
        }
        return .data(data.prefix(total))
    }
}

/// Paths of a `DirectorySource` listing whose names are not UTF-8, with the bytes they have on disk.
private final class ForeignNames: @unchecked Sendable {
    private let lock = NSLock()
    private var names: [String: [UInt8]] = [:]

    func remember(_ path: String, bytes: [UInt8]) { lock.withLock { names[path] = bytes } }
    func bytes(of path: String) -> [UInt8]? { lock.withLock { names[path] } }
}

/// read(2), which `DirectorySource.read` would otherwise shadow.
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(descriptor, buffer, count)
    #else
    return Darwin.read(descriptor, buffer, count)
    #endif
}
