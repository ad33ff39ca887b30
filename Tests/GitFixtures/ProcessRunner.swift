import Foundation

/// What a finished process said and how it ended.
public struct ProcessResult: Sendable, Equatable {
    public let status: Int32
    public let stdout: String
    public let stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// stdout without its final newline, the way `$(…)` reads it in a shell.
    public var output: String { stdout.hasSuffix("\n") ? String(stdout.dropLast()) : stdout }
}

/// A command that exited non-zero.
public struct CommandFailure: Error, CustomStringConvertible {
    public let command: [String]
    public let result: ProcessResult

    public var description: String {
        "\(command.joined(separator: " ")) exited \(result.status)\n\(result.stderr)\(result.stdout)"
    }
}

/// Runs programs to completion, capturing their output through files (no pipe can fill up and deadlock).
///
/// Uses `posix_spawn` directly rather than Foundation's `Process`, which fails with EBADF under valgrind
/// (it closes every descriptor, valgrind's own included).
public enum ProcessRunner {
    /// Runs `executable` (a path, or a name looked up on PATH) and waits for it.
    /// - Parameters:
    ///   - environment: the complete environment; nil inherits this process's.
    ///   - currentDirectory: where it runs; nil for this process's directory.
    ///   - input: bytes for its standard input; nil for /dev/null.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           currentDirectory: String? = nil, input: String? = nil) throws -> ProcessResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gitfixtures-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")

        let inPath: String
        if let input {
            inPath = scratch.appendingPathComponent("stdin").path
            try Data(input.utf8).write(to: URL(fileURLWithPath: inPath))
        } else {
            inPath = "/dev/null"
        }
        // A program name goes through env(1) so the child's PATH, not ours, finds it.
        let argv = executable.contains("/") ? [executable] + arguments : ["/usr/bin/env", executable] + arguments
        let status = try spawnAndWait(argv, environment: environment ?? ProcessInfo.processInfo.environment,
                                      currentDirectory: currentDirectory, stdin: inPath, stdout: outURL.path, stderr: errURL.path)
        return ProcessResult(
            status: status,
            stdout: String(decoding: readWholeFile(outURL.path), as: UTF8.self),
            stderr: String(decoding: readWholeFile(errURL.path), as: UTF8.self))
    }
}

extension ProcessRunner {
    /// posix_spawn with redirections and a working directory; returns the exit status (128 + signal if killed).
    #if canImport(Darwin)
    typealias FileActions = posix_spawn_file_actions_t?
    #else
    typealias FileActions = posix_spawn_file_actions_t
    #endif

    /// glibc declares posix_spawn_file_actions_addchdir_np only for _GNU_SOURCE, which Swift's Glibc module lacks.
    static let addChdirAction: (@convention(c) (UnsafeMutablePointer<FileActions>, UnsafePointer<CChar>) -> Int32)? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<FileActions>, UnsafePointer<CChar>) -> Int32).self)
    }()

    /// Reads a file with read(2): Data(contentsOf:) leaks its 4 KiB buffer for empty files on Linux (seen with valgrind).
    static func readWholeFile(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    static func spawnAndWait(_ argv: [String], environment: [String: String], currentDirectory: String?,
                             stdin: String, stdout: String, stderr: String) throws -> Int32 {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var argv = argv
        if let currentDirectory {
            if let addChdir = addChdirAction {
                _ = addChdir(&actions, currentDirectory)
            } else {
                argv = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", currentDirectory] + argv
            }
        }

        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, cEnvironment)
        guard spawned == 0 else {
            throw NSError(domain: NSPOSIXErrorDomain, code: Int(spawned),
                          userInfo: [NSLocalizedDescriptionKey: "posix_spawn \(argv[0]): \(String(cString: strerror(spawned)))"])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(errno)) }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
