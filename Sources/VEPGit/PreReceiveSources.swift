import Foundation
import GitKit
import VEPCore

/// A commit's tree seen through a keyhole: under the layout root only the given VEP folders, the template and one
/// marker per group folder are listed, so linting a commit parses only what it touched.
///
/// The group markers (`veps/<group>/.`, content id = the group's tree id) keep the set of groups complete for
/// rules that check SIG names; Discovery ignores them (not Markdown, not in a VEP folder).
struct FocusedTreeSource: VEPSource {
    let repository: Repository
    let treeID: ObjectID
    let label: String
    /// The layout root the focus keys live under.
    let root: String
    let templateDirectory: String
    /// Discovery folder keys (`veps/sig-x/12-y`, or a loose file's path) to list in full.
    let focus: Set<String>
    /// Folders listed from another tree, file by file where this one lacks the file: a trusted VEP standing in for the
    /// base of a commit that brings it back.
    var borrowed: (treeID: ObjectID, keys: Set<String>)? = nil

    func files(under prefix: String) throws -> [SourceFile] {
        guard prefix == root else { return try TreeSource(repository: repository, treeID: treeID, label: label).files(under: prefix) }
        var result: [SourceFile] = []
        for key in focus.sorted() + ["\(root)/\(templateDirectory)"] {
            result += try repository.files(in: treeID, under: key).filter { $0.entry.isRegularFile }
                .map { SourceFile(path: $0.path, contentID: $0.entry.id.hex) }
        }
        // Borrowed files fill in where this tree has none at their paths (the folder itself may have stayed, holding
        // another file): this tree's own come first and win.
        if let borrowed {
            for key in borrowed.keys.sorted() {
                result += try repository.files(in: borrowed.treeID, under: key).filter { $0.entry.isRegularFile }
                    .map { SourceFile(path: $0.path, contentID: $0.entry.id.hex) }
            }
        }
        if let rootEntry = try repository.tree(at: root, in: treeID), rootEntry.kind == .tree {
            for entry in try repository.tree(rootEntry.id).entries where entry.kind == .tree && entry.name != templateDirectory {
                result.append(SourceFile(path: "\(root)/\(entry.name)/.", contentID: entry.id.hex))
            }
        }
        var seen: Set<String> = []
        return result.filter { seen.insert($0.path).inserted }.sorted { $0.path < $1.path }
    }

    func file(at path: String) throws -> SourceFile? {
        guard let entry = try repository.tree(at: path, in: treeID), entry.isRegularFile else { return nil }
        return SourceFile(path: path, contentID: entry.id.hex)
    }

    func read(_ file: SourceFile, limit: Int) throws -> FileContent {
        try repository.read(file, limit: limit)
    }

    func symbolicLinks(under path: String) throws -> [SymbolicLink] {
        let whole = TreeSource(repository: repository, treeID: treeID, label: label)
        guard path == root else { return try whole.symbolicLinks(under: path) }
        return try focus.sorted().flatMap { try whole.symbolicLinks(under: $0) }
    }
}
