extension String {
    /// The text with every control character shown as a visible sign (ESC as `␛`, a line feed inside a field as `␊`,
    /// DEL as `␡`, C1 controls as `�`), tabs kept. Titles, paths, names and quoted lines come from the repository:
    /// printed as they are, an escape sequence would move the cursor, clear the screen or retitle the terminal,
    /// and a line feed in a path would break a line of output in two.
    public var terminalSafe: String {
        guard unicodeScalars.contains(where: { Self.isControl($0) }) else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.map { scalar in
            guard Self.isControl(scalar) else { return scalar }
            switch scalar.value {
            case 0x7F: return "\u{2421}"
            case 0x80...0x9F: return "\u{FFFD}"
            default: return Unicode.Scalar(0x2400 + scalar.value)!
            }
        }))
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }

    /// Each line of a multi-line text made `terminalSafe`, the line breaks kept.
    public var terminalSafeLines: String {
        // By scalars: "\r\n" is one Character, which a split on the Character "\n" would not find (its CR shows as ␍).
        unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0)).terminalSafe }.joined(separator: "\n")
    }
}
