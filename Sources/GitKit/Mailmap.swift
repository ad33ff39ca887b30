import CGit2
import Foundation

/// The repository's mailmap, applied to author identities exactly as `git log` applies it (git's `mailmap.c`):
/// the work tree's `.mailmap`, then `mailmap.blob` (`HEAD:.mailmap` in a bare repository), then `mailmap.file`,
/// later entries overriding earlier ones; emails and names match without regard to ASCII case.
/// (libgit2 1.5's mailmap matches case-sensitively, so `Ada <ADA@x.org>` would escape an entry for `ada@x.org`.)
public struct Mailmap: Sendable {
    /// A replacement: either part may be absent (an entry that only renames, or only fixes the email).
    private struct Replacement: Sendable {
        var name: String?
        var email: String?
    }

    /// Per commit email (ASCII-lowercased): the replacement for any name, and replacements for particular names.
    private struct Entry: Sendable {
        var simple = Replacement()
        var byName: [String: Replacement] = [:]
    }

    private var entries: [String: Entry] = [:]

    /// Reads the mailmap sources git reads for this repository; unreadable ones are skipped, as git skips them.
    public init(repository: Repository) {
        if !repository.isBare, let top = repository.workingDirectory {
            // git does not follow a symbolic link for the in-tree file.
            let path = top + "/.mailmap"
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == nil, let data = FileManager.default.contents(atPath: path) {
                add(file: data)
            }
        }
        if let blob = repository.configString("mailmap.blob") ?? (repository.isBare ? "HEAD:.mailmap" : nil),
           let id = try? repository.resolveBlob(blob), case .data(let data)? = try? repository.readBlob(id, limit: 16 << 20) {
            add(blob: data)
        }
        if let file = repository.configString("mailmap.file"), !file.isEmpty {
            // As git: `~/` is $HOME and `~user/` that user's home, and a relative path is taken from the top of the work
            // tree (the git directory when bare).
            let top = repository.workingDirectory ?? repository.gitDirectory
            if let expanded = Repository.expandingUserDirectory(file, home: ProcessInfo.processInfo.environment["HOME"]),
               let data = FileManager.default.contents(atPath: expanded.hasPrefix("/") ? expanded : top + "/" + expanded) {
                add(file: data)
            }
        }
    }

    /// A mailmap of the given text alone, read as a file.
    public init(text: String) { add(file: Data(text.utf8)) }

    /// The identity `git log` shows for a recorded one.
    public func resolve(name: String, email: String) -> (name: String, email: String) {
        guard let entry = entries[Self.folded(email)] else { return (name, email) }
        let replacement = entry.byName[Self.folded(name)] ?? entry.simple
        return (replacement.name ?? name, replacement.email ?? email)
    }

    // MARK: Reading

    /// A file as git reads it (`fgets` into 1,024 bytes): a line longer than 1,023 bytes is read as several.
    private mutating func add(file data: Data) {
        var start = data.startIndex
        while start < data.endIndex {
            let limit = data.index(start, offsetBy: 1023, limitedBy: data.endIndex) ?? data.endIndex
            let end = data[start..<limit].firstIndex(of: 0x0A).map { $0 + 1 } ?? limit
            add(cString: data[start..<end])
            start = end
        }
    }

    /// A blob as git reads it: one C string, so nothing after a NUL counts, split at each LF.
    private mutating func add(blob data: Data) {
        for line in data.prefix(while: { $0 != 0 }).split(separator: 0x0A, omittingEmptySubsequences: false) {
            add(cString: line)
        }
    }

    /// One line as git's `read_mailmap_line` reads it: a C string (ending at a NUL), skipped when it starts with `#`.
    /// Bytes that are not UTF-8 are repaired rather than the line dropped (a Latin-1 name, say).
    private mutating func add(cString bytes: Data) {
        let line = bytes.prefix { $0 != 0 }
        guard let first = line.first, first != UInt8(ascii: "#") else { return }
        add(line: Substring(String(decoding: line, as: UTF8.self)))
    }

    /// `Proper Name <proper@email> Commit Name <commit@email>`, any part after the first email optional.
    private mutating func add(line: Substring) {
        guard let first = Self.nameAndEmail(in: line, allowEmptyEmail: false) else { return }
        var oldName: String?, oldEmail: String?
        // Words after the first email without an email of their own are ignored, as git ignores them.
        if let rest = first.rest, let second = Self.nameAndEmail(in: rest, allowEmptyEmail: true) {
            oldName = second.name
            oldEmail = second.email
        }
        let newName = first.name
        var newEmail: String? = first.email
        if oldEmail == nil {
            oldEmail = newEmail
            newEmail = nil
        }
        guard let key = oldEmail.map(Self.folded) else { return }
        var entry = entries[key] ?? Entry()
        if let oldName {
            entry.byName[Self.folded(oldName)] = Replacement(name: newName, email: newEmail)
        } else {
            if let name = newName { entry.simple.name = name }
            if let email = newEmail { entry.simple.email = email }
        }
        entries[key] = entry
    }

    /// git's `parse_name_and_email`: the name before `<` without surrounding whitespace (nil when empty), the email
    /// between `<` and the next `>` as written, and what follows `>` (nil at the end of the line).
    private static func nameAndEmail(in text: Substring, allowEmptyEmail: Bool) -> (name: String?, email: String, rest: Substring?)? {
        guard let left = text.firstIndex(of: "<"), let right = text[text.index(after: left)...].firstIndex(of: ">") else { return nil }
        let email = text[text.index(after: left)..<right]
        if email.isEmpty && !allowEmptyEmail { return nil }
        let name = text[..<left].trimmingASCIISpace
        let after = text.index(after: right)
        return (name.isEmpty ? nil : String(name), String(email), after < text.endIndex ? text[after...] : nil)
    }

    /// strcasecmp's notion of equal: ASCII letters folded, everything else as is.
    private static func folded(_ text: String) -> String {
        String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }
}

private extension Substring {
    /// Without leading and trailing C `isspace` characters (space, tab, line feed, vertical tab, form feed, return).
    var trimmingASCIISpace: Substring {
        let isSpace: (Character) -> Bool = { " \t\n\u{0B}\u{0C}\r".contains($0) || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}
