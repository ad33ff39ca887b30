import Foundation
import GitKit
import VEPCore

/// Derived timelines kept in the git directory, one file per tip (named by its commit id), for the
/// few tips most recently used. Every file is written whole under a private name and renamed into
/// place, so concurrent runs only ever see whole files; anything unreadable is ignored.
struct TimelineCacheFolder {
    /// nil: no cache at all.
    let path: String?
    let fingerprint: String
    /// The tips whose file was derived with this fingerprint, most recently used first (listed once).
    let tips: [ObjectID]

    /// Largest cache file read: a timeline of 100,000 commits takes about 10 MB; anything far larger was not written
    /// by git-vep, and reading it whole could exhaust memory.
    static let largestFile = 256 << 20

    /// - Parameter path: the cache folder; the cache is off when it, or the folder holding it, is a symbolic link (the
    ///   cache writes and prunes files there, which must stay inside the git directory).
    init(path: String?, fingerprint: String) {
        let path = path.flatMap { Self.isRealFolderPath($0) ? $0 : nil }
        self.path = path
        self.fingerprint = fingerprint
        tips = Self.entries(in: path).filter { entry in
            // Only the header is read: a file of another layout or format is no base to build on.
            guard let path, let prefix = Self.contents(of: path + "/" + entry.tip.hex, upTo: 4096) else { return false }
            return TimelineCache.header(of: prefix).map { Self.same($0.fingerprint, fingerprint) && $0.tip == entry.tip.hex } ?? false
        }.map(\.tip)
    }

    /// Fingerprints compared byte for byte: two layouts whose paths differ only in the order of combining marks are
    /// two folders to git, though Swift's strings call them equal.
    private static func same(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    /// Whether neither the folder nor the one above it (`git-vep/timelines`) is a symbolic link (a missing one is fine:
    /// `store` makes it).
    private static func isRealFolderPath(_ path: String) -> Bool {
        for folder in [path, (path as NSString).deletingLastPathComponent] {
            var info = stat()
            if lstat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK { return false }
        }
        return true
    }

    /// Every file named for a tip, most recently used first.
    private static func entries(in path: String?) -> [(tip: ObjectID, used: Date)] {
        guard let path, let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        return names.compactMap { name -> (tip: ObjectID, used: Date)? in
            guard let tip = ObjectID(hex: name), tip.hex == name,
                  let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name),
                  let used = attributes[.modificationDate] as? Date else { return nil }
            return (tip, used)
        }.sorted { $0.used > $1.used }
    }

    /// The events of `tip`'s cached timeline, without the tracker state.
    func events(at tip: ObjectID) -> [TimelineEvent]? {
        load(tip, eventsOnly: true)?.events
    }

    /// `tip`'s cached timeline with the tracker state, to continue from.
    func timeline(at tip: ObjectID) -> TimelineCache? {
        load(tip, eventsOnly: false)
    }

    private func load(_ tip: ObjectID, eventsOnly: Bool) -> TimelineCache? {
        guard let path else { return nil }
        let file = path + "/" + tip.hex
        guard let data = Self.contents(of: file, largerThanLimitIsNone: true),
              let header = TimelineCache.header(of: data), Self.same(header.fingerprint, fingerprint), header.tip == tip.hex,
              let cache = TimelineCache.decode(data, eventsOnly: eventsOnly) else { return nil }
        // Used now: the least recently used tips are the ones pruned.
        utimes(file, nil)
        return cache
    }

    /// The bytes of a regular file (the first `limit` of them), nil for anything else: the cache only ever writes
    /// regular files, and a FIFO or a device put in its place would block the read or never end it.
    /// - Parameter largerThanLimitIsNone: a file over `largestFile` bytes is no cache file: nil, unread.
    static func contents(of path: String, upTo limit: Int = Int.max, largerThanLimitIsNone: Bool = false) -> Data? {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        if largerThanLimitIsNone, info.st_size > largestFile { return nil }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while data.count < limit {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, min($0.count, limit - data.count)) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            data.append(contentsOf: buffer[..<count])
        }
        return data
    }

    /// Writes `cache` for its tip and prunes the least recently used files (of any layout or format)
    /// beyond `History.cachedTips`; failures only cost speed.
    func store(_ cache: TimelineCache) {
        guard let path else { return }
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let file = path + "/" + cache.tip
        let temporary = "\(path)/.\(cache.tip).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard Self.write(cache, to: temporary) else {
            unlink(temporary)
            return
        }
        if rename(temporary, file) != 0 {
            unlink(temporary)
            return
        }
        // The file just written stays, whatever the clock's resolution says about its age.
        let others = Self.entries(in: path).filter { $0.tip.hex != cache.tip }
        for stale in others.dropFirst(History.cachedTips - 1) {
            unlink(path + "/" + stale.tip.hex)
        }
        // The single cache file of earlier versions.
        unlink((path as NSString).deletingLastPathComponent + "/timeline-cache")
        // Private files of runs killed before their rename: the process named in it is gone, or (a git directory
        // shared between machines) an hour has passed.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        for name in names where name.hasPrefix(".") && name.contains(".tmp-") {
            var info = stat()
            guard lstat(path + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let writer = name.components(separatedBy: ".tmp-").last?.split(separator: "-").first.flatMap { pid_t($0) }
            let gone = writer.map { $0 > 0 && kill($0, 0) != 0 && errno == ESRCH } ?? false
            if gone || Double(info.st_mtim.tv_sec) < Date().timeIntervalSince1970 - 3600 {
                unlink(path + "/" + name)
            }
        }
    }

    /// Writes the cache piece by piece into a new file; false on any failure.
    private static func write(_ cache: TimelineCache, to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        struct WriteFailed: Error {}
        do {
            try cache.encode { piece in
                var offset = 0
                while offset < piece.count {
                    let written = Foundation.write(descriptor, piece.baseAddress! + offset, piece.count - offset)
                    if written < 0, errno == EINTR { continue }
                    guard written > 0 else { throw WriteFailed() }
                    offset += written
                }
            }
        } catch {
            close(descriptor)
            return false
        }
        return close(descriptor) == 0
    }
}
