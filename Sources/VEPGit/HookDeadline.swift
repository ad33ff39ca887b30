import Foundation
import GitKit

/// A time limit on the whole server hook: when the check runs past it, the push is refused and the process ends,
/// whatever it was doing (an OWNERS filter that backtracks on a crafted path, a damaged object libgit2 loops on).
/// The limit is the server's: `git config vep.preReceiveTimeout <seconds>` in the server repository (or its
/// system or global configuration), 0 for none.
public final class HookDeadline: @unchecked Sendable {
    public static let configKey = "vep.preReceiveTimeout"
    /// Far above what a push of tens of thousands of commits needs (seconds), short of a hung push.
    public static let defaultSeconds = 300

    private let lock = NSLock()
    /// Guarded by `lock`: when the hook is stopped (monotonic seconds) and the limit that set it; whether the
    /// verdict is being written (then the watchdog stands down).
    private var deadline: (at: Double, seconds: Int)?
    private var finished = false

    /// Starts the clock with `seconds` (nil: none yet).
    public init(seconds: Int? = defaultSeconds) {
        set(seconds)
        let thread = Thread { [self] in watch() }
        thread.stackSize = 64 * 1024
        thread.start()
    }

    /// The limit the server repository sets, or why its setting cannot be used.
    public static func seconds(configuredIn repository: Repository) -> Result<Int, SettingError> {
        guard let text = repository.configString(configKey)?.trimmingCharacters(in: .whitespaces) else { return .success(defaultSeconds) }
        guard let value = Int(text), value >= 0, value <= 86_400 else {
            return .failure(SettingError(message: "`\(configKey)` is `\(text)`, not a number of seconds from 0 (no limit) to 86400; "
                                             + "a server administrator sets it with `git config \(configKey) 300`"))
        }
        return .success(value)
    }

    public struct SettingError: Error {
        public let message: String
    }

    /// Restarts the clock with `seconds` from now; 0 or nil stops it.
    public func set(_ seconds: Int?) {
        lock.lock()
        deadline = seconds.flatMap { $0 > 0 ? (Self.now() + Double($0), $0) : nil }
        lock.unlock()
    }

    /// Stops the clock for good before the verdict is written, so that the process says one thing: if the limit
    /// was reached first, this never returns (the watchdog is ending the process with its own refusal).
    public func finish() {
        lock.lock()
        finished = true
        lock.unlock()
    }

    private func watch() {
        while true {
            lock.lock()
            if finished {
                lock.unlock()
                return
            }
            let left = deadline.map { $0.at - Self.now() }
            if let left, left <= 0 {
                // Holding the lock to the end: `finish()` waits, and the refusal is the only verdict.
                let seconds = deadline?.seconds ?? 0
                Self.writeAndExit("error[timeout]: checking this push took longer than \(seconds) s (`\(Self.configKey)`), so it is refused; "
                                  + "try again, push fewer commits at a time, or ask a server administrator to look for an OWNERS filter "
                                  + "that is slow on the pushed paths or to raise the limit\n"
                                  + "vep-pre-receive: push refused: the check did not finish in time\n")
            }
            lock.unlock()
            // Monotonic sleeps, at most a second each: a new limit is taken up within one, and a change of the
            // wall clock moves nothing.
            var pause = timespec()
            let seconds = min(left ?? 1, 1)
            pause.tv_sec = Int(seconds)
            pause.tv_nsec = Int((seconds - Double(Int(seconds))) * 1e9)
            _ = clock_nanosleep(CLOCK_MONOTONIC, 0, &pause, nil)
        }
    }

    /// Writes straight to stderr and ends the process without running anything else of it (other threads may
    /// hold locks that an orderly exit would wait for).
    private static func writeAndExit(_ text: String) -> Never {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { break }
            offset += written
        }
        _exit(1)
    }

    private static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
