import Foundation
import GitKit

/// Colour and paging decisions, made the way git makes them.
enum ColorChoice: String, CaseIterable {
    case auto, always, never
}

struct Terminal {
    let color: Bool

    /// Colour when asked for, or on `auto` when stdout is a terminal, `NO_COLOR` is unset and
    /// `color.ui` (git config) is not `false`/`never`.
    static func decide(_ choice: ColorChoice?, repository: Repository?) -> Terminal {
        let environment = ProcessInfo.processInfo.environment
        var effective = choice ?? .auto
        if choice == nil, let configured = repository?.configString("color.ui")?.lowercased() {
            switch configured {
            case "always": effective = .always
            case "false", "never", "off", "no": effective = .never
            default: break
            }
        }
        switch effective {
        case .always: return Terminal(color: true)
        case .never: return Terminal(color: false)
        case .auto:
            let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
            return Terminal(color: isatty(STDOUT_FILENO) == 1 && !noColor && environment["TERM"] != "dumb")
        }
    }

    func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[m" : text
    }
}

/// Sends stdout through git's pager while it is alive: `GIT_PAGER`, `core.pager`, `PAGER`, `less`.
final class Pager {
    private var process: Process?
    private var savedStdout: Int32 = -1

    /// Starts the pager when stdout is a terminal; otherwise does nothing.
    func start(repository: Repository?, enabled: Bool) {
        guard enabled, isatty(STDOUT_FILENO) == 1 else { return }
        let environment = ProcessInfo.processInfo.environment
        let command = environment["GIT_PAGER"] ?? repository?.configString("core.pager") ?? environment["PAGER"] ?? "less"
        // An empty pager or `cat` means no pager, as in git.
        guard !command.isEmpty, command != "cat" else { return }
        let pipe = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardInput = pipe
        var childEnvironment = environment
        if childEnvironment["LESS"] == nil { childEnvironment["LESS"] = "FRX" }
        if childEnvironment["LV"] == nil { childEnvironment["LV"] = "-c" }
        process.environment = childEnvironment
        do { try process.run() } catch { return }
        fflush(nil)
        savedStdout = dup(STDOUT_FILENO)
        dup2(pipe.fileHandleForWriting.fileDescriptor, STDOUT_FILENO)
        try? pipe.fileHandleForWriting.close()
        self.process = process
        signal(SIGPIPE, SIG_IGN)
    }

    /// Closes the pipe and waits for the reader to quit.
    func finish() {
        guard let process else { return }
        fflush(nil)
        dup2(savedStdout, STDOUT_FILENO)
        close(savedStdout)
        process.waitUntilExit()
        self.process = nil
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

/// Writes all of `buffer`, after whatever stdio still holds; a closed pipe ends the output quietly.
func writeToStandardOutput(_ buffer: UnsafeBufferPointer<UInt8>) {
    fflush(nil)
    guard let base = buffer.baseAddress else { return }
    var offset = 0
    while offset < buffer.count {
        let written = write(STDOUT_FILENO, base + offset, buffer.count - offset)
        if written <= 0 {
            if written < 0, errno == EINTR { continue }
            return
        }
        offset += written
    }
}
