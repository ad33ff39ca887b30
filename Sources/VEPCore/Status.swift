/// Governance status of a VEP (VEP 282).
public enum Status: String, CaseIterable, Sendable, Codable {
    case provisional, implementable, implemented, deferred, rejected, withdrawn, replaced

    /// Terminal states admit no further move.
    public var isTerminal: Bool { self == .rejected || self == .withdrawn || self == .replaced }

    /// States a VEP may be created in.
    public static let initial: Set<Status> = [.provisional, .implementable]

    /// Whether moving from `self` to `next` is allowed (a non-move is always allowed).
    public func canMove(to next: Status) -> Bool {
        if next == self { return true }
        switch (self, next) {
        case (.provisional, .implementable), (.implementable, .implemented): return true
        case (.provisional, .deferred), (.provisional, .withdrawn), (.provisional, .rejected),
             (.implementable, .deferred), (.implementable, .withdrawn), (.implementable, .rejected),
             (.deferred, .withdrawn), (.deferred, .rejected): return true
        case (.deferred, .provisional), (.deferred, .implementable): return true
        case (_, .replaced): return !isTerminal
        default: return false
        }
    }
}

/// Feature maturity.
public enum Stage: String, CaseIterable, Sendable, Codable, Comparable {
    case alpha, beta, ga

    public static func < (lhs: Stage, rhs: Stage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The next stage, or nil after GA.
    public var next: Stage? {
        switch self {
        case .alpha: return .beta
        case .beta: return .ga
        case .ga: return nil
        }
    }

    /// Accepts the spellings found in VEPs: `alpha`, `Beta`, `GA`.
    public init?(spelling: String) {
        self.init(rawValue: spelling.lowercased())
    }

    /// How the stage reads in prose: alpha, beta, GA.
    public var displayName: String { self == .ga ? "GA" : rawValue }
}
