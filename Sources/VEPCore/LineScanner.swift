/// A cursor over one line's characters for the fixed phrases of VEP metadata ("This VEP targets …",
/// "VEP #183: …"): cheaper than a regular expression, which is compiled through ICU on first use.
struct LineScanner {
    private let scalars: [Unicode.Scalar]
    private(set) var position = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    var isAtEnd: Bool { position >= scalars.count }

    /// The rest of the line from the cursor.
    var rest: String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[min(position, scalars.count)...])
        return text
    }

    mutating func skipSpaces() {
        while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
    }

    /// Consumes `word` (ASCII, any case); false (cursor unmoved) when it is not next.
    mutating func take(_ word: String) -> Bool {
        let letters = Array(word.lowercased().unicodeScalars)
        guard position + letters.count <= scalars.count else { return false }
        for (offset, letter) in letters.enumerated() {
            guard Self.lowercased(scalars[position + offset]) == letter else { return false }
        }
        position += letters.count
        return true
    }

    /// Consumes one of `characters`, if next.
    mutating func take(anyOf characters: Set<Unicode.Scalar>) -> Bool {
        guard position < scalars.count, characters.contains(scalars[position]) else { return false }
        position += 1
        return true
    }

    /// Consumes a run of ASCII digits.
    mutating func digits() -> String? {
        let start = position
        while position < scalars.count, ("0"..."9").contains(scalars[position]) { position += 1 }
        return position > start ? String(String.UnicodeScalarView(scalars[start..<position])) : nil
    }

    /// Consumes a run of non-space characters.
    mutating func word() -> String? {
        let start = position
        while position < scalars.count, !scalars[position].properties.isWhitespace { position += 1 }
        return position > start ? String(String.UnicodeScalarView(scalars[start..<position])) : nil
    }

    /// Whether the cursor sits at a word boundary (the end, or a character that is not a letter, digit or `_`).
    var atWordBoundary: Bool {
        guard position < scalars.count else { return true }
        let next = scalars[position]
        return !(next.properties.isAlphabetic || next.properties.numericType != nil || next == "_")
    }

    private static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }
}
