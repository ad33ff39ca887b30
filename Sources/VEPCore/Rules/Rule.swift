import Foundation

/// How much a finding matters: errors fail `git vep lint` (exit 1), warnings do not.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case warning, error

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
}

/// What a rule checks, why, and the documents that are its specification.
public struct RuleDescription: Sendable {
    /// Stable kebab-case id, used in output, `.vep.yaml` `rules:` and `git vep explain`.
    public let identifier: String
    /// A short human name.
    public let name: String
    public let severity: Severity
    /// One paragraph: what is checked and why.
    public let explanation: String
    /// Examples that must produce exactly the findings their markers show.
    public let triggeringExamples: [RuleExample]
    /// Examples that must produce no finding of this rule.
    public let nonTriggeringExamples: [RuleExample]

    public init(identifier: String, name: String, severity: Severity, explanation: String,
                triggeringExamples: [RuleExample], nonTriggeringExamples: [RuleExample]) {
        self.identifier = identifier
        self.name = name
        self.severity = severity
        self.explanation = explanation
        self.triggeringExamples = triggeringExamples
        self.nonTriggeringExamples = nonTriggeringExamples
    }
}

/// A small repository snapshot (and optionally its base) that a rule is run on.
/// In the head files, `↓` marks each place a finding must point to; it is removed before linting.
/// A finding on a deleted document points into the base file, where the marker goes instead.
public struct RuleExample: Sendable {
    public static let marker: Character = "↓"
    public static let defaultPath = "veps/sig-network/42-faster-links/vep.md"

    /// Head files: path → text.
    public var files: [String: String]
    /// Base files; nil when the example has no base to compare with.
    public var base: [String: String]?
    /// The day the freeze is judged on.
    public var date: String
    /// Head symbolic links: path → where it points.
    public var links: [String: String]

    public init(files: [String: String], base: [String: String]? = nil, date: String = "2026-07-01", links: [String: String] = [:]) {
        self.files = files
        self.base = base
        self.date = date
        self.links = links
    }

    /// One document at `path`, no base.
    public static func document(_ text: String, path: String = defaultPath) -> RuleExample {
        RuleExample(files: [path: text])
    }

    /// A change of one document: `base` (nil: the VEP is new) to `head` (nil: deleted); `configuration`
    /// is the `.vep.yaml` of both sides, `other` files exist on both sides unchanged.
    public static func change(base: String?, head: String?, path: String = defaultPath, basePath: String? = nil,
                              configuration: String? = nil, other: [String: String] = [:], date: String = "2026-07-01") -> RuleExample {
        var headFiles = other
        var baseFiles = other
        if let configuration {
            headFiles[Configuration.fileName] = configuration
            baseFiles[Configuration.fileName] = configuration
        }
        if let head { headFiles[path] = head }
        if let base { baseFiles[basePath ?? path] = base }
        return RuleExample(files: headFiles, base: baseFiles, date: date)
    }

    /// Marker positions per path (1-based line and character column), and the files without markers.
    public static func strip(_ files: [String: String]) -> (files: [String: String], markers: [String: [SourcePosition]]) {
        var clean: [String: String] = [:]
        var markers: [String: [SourcePosition]] = [:]
        for (path, text) in files {
            var output = ""
            var line = 1
            var column = 1
            for character in text {
                if character == marker {
                    markers[path, default: []].append(SourcePosition(line: line, column: column))
                    continue
                }
                output.append(character)
                if character == "\n" { line += 1; column = 1 } else { column += 1 }
            }
            clean[path] = output
        }
        return (clean, markers)
    }
}

/// One thing a rule found, before the engine places it in a file and applies severities.
public struct Violation: Hashable, Sendable {
    public let position: SourcePosition
    /// Characters to underline from `position`.
    public let length: Int
    public let message: String
    public let help: String?
    /// The file, when not the subject's document (a deleted VEP's base file, `.vep.yaml`).
    public let path: String?

    public init(at position: SourcePosition, length: Int = 1, _ message: String, help: String? = nil, path: String? = nil) {
        self.position = position
        self.length = max(1, length)
        self.message = message
        self.help = help
        self.path = path
    }
}

/// A check of VEP documents. Each rule is one small type; its description carries its specification.
public protocol Rule: Sendable {
    static var description: RuleDescription { get }
    init()
    /// What is wrong with `subject`, judged in `context`.
    func validate(_ subject: LintSubject, in context: LintContext) -> [Violation]
}

extension Rule {
    public var identifier: String { Self.description.identifier }
}
