import Foundation

/// Time spent per phase, printed on stderr when `GIT_VEP_TRACE_PERFORMANCE` is set (as git's
/// GIT_TRACE_PERFORMANCE does): `label: phases: trees 2875.1ms, parse 2301.4ms, …`.
final class PhaseTrace: @unchecked Sendable {
    private let enabled = ProcessInfo.processInfo.environment["GIT_VEP_TRACE_PERFORMANCE"] != nil
    private var totals: [String: Double] = [:]
    private var order: [String] = []
    private var current: (name: String, start: Double)?

    private func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Ends the running phase and starts `name`; a phase entered again adds to its total.
    func begin(_ name: String) {
        guard enabled else { return }
        let time = now()
        if let current { totals[current.name, default: 0] += time - current.start }
        if totals[name] == nil, !order.contains(name) { order.append(name) }
        current = (name, time)
    }

    func report(_ label: String) {
        guard enabled else { return }
        begin("")
        current = nil
        let parts = order.filter { !$0.isEmpty }.map { String(format: "%@ %.1fms", $0, (totals[$0] ?? 0) * 1000) }
        writeToStandardError("\(label): phases: \(parts.joined(separator: ", "))\n")
    }
}
