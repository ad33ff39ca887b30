import Foundation
import VEPGit
import GitKit

/// Colour and paging decisions, made the way git makes them.
enum ColorChoice: String, CaseIterable {
    case auto, always, never

    /// git's spellings: `--color` alone means always, `--no-color` never (`--color always` is read too).
    static func gitStyleFlags(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var literal = false
        for (index, argument) in arguments.enumerated() {
            if literal || argument == "--" {
                literal = true
                result.append(argument)
                continue
            }
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            if argument == "--color", next.flatMap(ColorChoice.init(rawValue:)) == nil {
                result.append("--color=always")
            } else if argument == "--no-color" {
                result.append("--color=never")
            } else {
                result.append(argument)
            }
        }
        return result
    }

    /// `color.ui` as git reads it: a boolean (true is auto), `auto`, `always` or `never`; anything else is an error.
    static func configured(_ value: String) throws -> ColorChoice {
        switch value.lowercased() {
        case "always": return .always
        case "auto", "true", "yes", "on", "1", "": return .auto
        case "never", "false", "no", "off", "0": return .never
        default: throw Fatal(message: "bad color.ui value '\(value)': use auto, always, never, true or false")
        }
    }
}

struct Terminal {
    let color: Bool

    /// Colour when asked for, or on `auto` when stdout is a terminal (or a pager on one), `NO_COLOR` is unset and
    /// `color.ui` (git config) is not `false`/`never`.
    /// - Parameter paged: output goes to a pager that stdout was a terminal for: colour as on that terminal, unless
    ///   `color.pager` is false (git's rule). git's own pager (`git -p vep log`, `pager.vep`) says so with
    ///   `GIT_PAGER_IN_USE`.
    static func decide(_ choice: ColorChoice?, repository: Repository?, paged: Bool = false) throws -> Terminal {
        let environment = ProcessInfo.processInfo.environment
        var effective = choice ?? .auto
        if choice == nil, let configured = repository?.configString("color.ui") {
            effective = try ColorChoice.configured(configured)
        }
        switch effective {
        case .always: return Terminal(color: true)
        case .never: return Terminal(color: false)
        case .auto:
            let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            let gitPager = environment["GIT_PAGER_IN_USE"].map { ["true", "1", "yes", "on"].contains($0.lowercased()) } ?? false
            let terminal = paged || gitPager ? repository?.configBool("color.pager") ?? true : isatty(STDOUT_FILENO) == 1
            return Terminal(color: terminal && !noColor && environment["TERM"] != "dumb")
        }
    }

    func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[m" : text
    }
}

/// Sends stdout through git's pager while it is alive: `GIT_PAGER`, `core.pager`, `PAGER`, `less`.
///
/// The pager is spawned directly, in this process's group: it must stay in the terminal's foreground group,
/// where `less` may read keys and set the terminal up (Foundation's `Process` puts a child in a group of its
/// own, where the terminal stops `less` for good and the output never shows).
final class Pager {
    private var pid: pid_t = 0
    private var savedStdout: Int32 = -1

    /// Whether output goes to a pager now.
    var isActive: Bool { pid > 0 }

    /// Starts the pager when stdout is a terminal; otherwise does nothing.
    func start(repository: Repository?, enabled: Bool) {
        guard enabled, isatty(STDOUT_FILENO) == 1 else { return }
        let environment = ProcessInfo.processInfo.environment
        let command = environment["GIT_PAGER"] ?? repository?.configString("core.pager") ?? environment["PAGER"] ?? "less"
        // An empty pager or `cat` means no pager, as in git.
        guard !command.isEmpty, command != "cat" else { return }
        // git runs a plain command name itself and, when there is none such, says so and writes to the terminal (a
        // shell would only say "not found" and take the output with it).
        if Self.isPlainCommand(command), let problem = Self.whyNotRunnable(command, path: environment["PATH"]) {
            writeToStandardError("error: cannot run \(command.terminalSafe): \(problem)\n")
            return
        }
        var childEnvironment = environment
        if childEnvironment["LESS"] == nil { childEnvironment["LESS"] = "FRX" }
        if childEnvironment["LV"] == nil { childEnvironment["LV"] = "-c" }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        let (reading, writing) = (ends[0], ends[1])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, reading, STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, reading)
        posix_spawn_file_actions_addclose(&actions, writing)
        // The pager gets default signal handling, whatever this process ignores (SIGPIPE, below).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGQUIT, SIGTTOU, SIGTTIN, SIGTSTP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        let words: [String] = ["/bin/sh", "-c", command]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { word in strdup(word) } + [nil]
        let variables: [UnsafeMutablePointer<CChar>?] = childEnvironment.map { pair in strdup(pair.key + "=" + pair.value) } + [nil]
        defer { (arguments + variables).forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, "/bin/sh", &actions, &attributes, arguments, variables)
        close(reading)
        guard status == 0 else {
            close(writing)
            return
        }
        fflush(nil)
        savedStdout = dup(STDOUT_FILENO)
        dup2(writing, STDOUT_FILENO)
        close(writing)
        pid = child
        signal(SIGPIPE, SIG_IGN)
    }

    /// No character the shell would read: git then runs the command without one.
    static func isPlainCommand(_ command: String) -> Bool {
        !command.unicodeScalars.contains { "|&;<>()$`\\\"' \t\n*?[#~=%".unicodeScalars.contains($0) }
    }

    /// Why `command` cannot be run, as git words it; nil when it names an executable file: itself when it has a slash,
    /// else in a folder of `path` (none without one, as in git).
    static func whyNotRunnable(_ command: String, path: String?) -> String? {
        func isExecutableFile(_ file: String) -> Bool {
            var info = stat()
            return stat(file, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(file, X_OK) == 0
        }
        if command.contains("/") {
            if isExecutableFile(command) { return nil }
            return access(command, F_OK) == 0 ? "Permission denied" : "No such file or directory"
        }
        let folders = (path ?? "").split(separator: ":", omittingEmptySubsequences: false)
        let found = path != nil && folders.contains { isExecutableFile((($0.isEmpty ? "." : String($0)) + "/" + command)) }
        return found ? nil : "No such file or directory"
    }

    /// Closes the pipe and waits for the reader to quit.
    func finish() {
        guard pid > 0 else { return }
        fflush(nil)
        dup2(savedStdout, STDOUT_FILENO)
        close(savedStdout)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        pid = 0
    }
}

/// Writes all of `text` to stdout; a reader that went away (a closed pager) ends the output quietly.
func writeToStandardOutput(_ text: String) {
    var text = text
    text.withUTF8 { writeToStandardOutput($0) }
}

func writeToStandardOutput(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { writeToStandardOutput($0) }
}

/// Writes all of `buffer`, after whatever stdio still holds; a closed pipe ends the output quietly, any other failure
/// (a full disk) ends the command with git's status for a fatal error.
func writeToStandardOutput(_ buffer: UnsafeBufferPointer<UInt8>) {
    fflush(nil)
    let error = writeAll(STDOUT_FILENO, UnsafeRawBufferPointer(buffer))
    guard error != 0, error != EPIPE else { return }
    writeToStandardError("fatal: cannot write the output: \(String(cString: strerror(error)))\n")
    exit(128)
}
