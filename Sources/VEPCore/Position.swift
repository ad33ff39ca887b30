/// A 1-based line and column in a document's text (columns count characters).
public struct SourcePosition: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static let start = SourcePosition(line: 1, column: 1)

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A value together with where it was written.
public struct Located<Value> {
    public let value: Value
    public let position: SourcePosition

    public init(_ value: Value, at position: SourcePosition) {
        self.value = value
        self.position = position
    }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// Something wrong with the content of a document, found while parsing it.
/// Parsing never throws on bad content; it reports problems like this one.
public struct Problem: Hashable, Sendable, CustomStringConvertible {
    /// Stable identifier, e.g. `frontmatter-yaml`, `release-unrecognized`.
    public let code: String
    public let message: String
    public let position: SourcePosition
    /// How to fix it, in one sentence.
    public let help: String?

    public init(code: String, message: String, at position: SourcePosition, help: String? = nil) {
        self.code = code
        self.message = message
        self.position = position
        self.help = help
    }

    public var description: String { "\(position): \(message) [\(code)]" }
}
