import Foundation
import VEPGit

/// Writing files with the system's own calls, so that a failure is named as the system names it (`No space left on
/// device`, `File too large`) rather than as a Foundation error code.
enum FileWriter {
    struct Failure: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    /// Creates `path`, which must not exist, holding `bytes`; on failure nothing is left at `path`.
    static func create(_ path: String, _ bytes: [UInt8], permissions: mode_t = 0o644) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard descriptor >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        do {
            try write(bytes, to: descriptor)
            guard close(descriptor) == 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        } catch {
            close(descriptor)
            unlink(path)
            throw error
        }
    }

    /// Replaces `path` whole with `bytes` (a reader sees the old file or the new one, never half of it), keeping its
    /// permissions; on failure `path` is as it was. A symbolic link is followed: its target is replaced, not the link.
    static func replace(_ path: String, _ bytes: [UInt8]) throws {
        let path = try followingLinks(path)
        var status = stat()
        let permissions: mode_t = stat(path, &status) == 0 ? status.st_mode & 0o7777 : 0o644
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\((path as NSString).lastPathComponent).git-vep-\(getpid())"
        try create(temporary, bytes, permissions: permissions)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(reason: reason)
        }
    }

    /// Where `path` leads once its symbolic links (its own, not its folders') are followed, existing or not; a loop
    /// fails as the system fails it.
    static func followingLinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK,
                  let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = target.hasPrefix("/") ? target : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(target)
        }
        throw Failure(reason: String(cString: strerror(ELOOP)))
    }

    /// Writes `bytes` into what `path` already is (a device, a pipe: `-o /dev/stdout`), without replacing it.
    static func writeInto(_ path: String, _ bytes: [UInt8]) throws {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        try write(bytes, to: descriptor)
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) throws {
        let error = bytes.withUnsafeBytes { writeAll(descriptor, $0) }
        if error != 0 { throw Failure(reason: String(cString: strerror(error))) }
    }
}
