import GitFixtures
import GitKit
import XCTest

/// The mailmap against git's own reading of it (`git check-mailmap`), on the forms mailmaps really hold.
final class MailmapTests: XCTestCase {
    static let mailmap = """
    # Canonical identities
    Ada Lovelace <ada@lovelace.example>
    <grace@hopper.example> <GRACE@Navy.example>
    Linus <linus@kernel.example> Linus T <OLD@kernel.example>
    Linus Torvalds <linus@kernel.example> <old@kernel.example>
    First <first@x.example> <dup@x.example>
    Second <second@x.example> <DUP@x.example>
    Only Name <only@x.example> ONLY NAME <only@x.example>\r
    Broken <broken@x.example> trailing words
    no email here
    Empty <> <empty@x.example>

    """

    static let identities = [
        ("Ada", "ada@lovelace.example"), ("ada", "ADA@LOVELACE.EXAMPLE"), ("G", "grace@navy.example"),
        ("Linus T", "old@kernel.example"), ("linus t", "OLD@KERNEL.EXAMPLE"), ("Someone", "old@kernel.example"),
        ("Dup", "dup@x.example"), ("only name", "only@x.example"), ("Other", "only@x.example"),
        ("trailing words", "broken@x.example"), ("X", "broken@x.example"), ("E", "empty@x.example"), ("Nobody", "nobody@x.example"),
    ]

    private func gitMapped(_ repo: GitRepo, _ name: String, _ email: String, in directory: String? = nil) throws -> String {
        try repo.git("check-mailmap", "\(name) <\(email)>", in: directory)
    }

    func testEveryFormMapsAsGitMapsIt() throws {
        let repo = try GitRepo()
        try repo.write(".mailmap", Self.mailmap)
        let mailmap = Mailmap(repository: try repo.open())
        for (name, email) in Self.identities {
            let mapped = mailmap.resolve(name: name, email: email)
            XCTAssertEqual("\(mapped.name) <\(mapped.email)>", try gitMapped(repo, name, email), "\(name) <\(email)>")
        }
        XCTAssertEqual(mailmap.resolve(name: "ada", email: "ADA@LOVELACE.EXAMPLE").name, "Ada Lovelace", "case does not matter")
    }

    func testSourcesAndTheirOrderFollowGit() throws {
        let repo = try GitRepo()
        try repo.commit("mailmap", files: [".mailmap": "In Tree <tree@x.example> <who@x.example>\n"])
        try repo.write("extra.mailmap", "From File <file@x.example> <who@x.example>\n")
        XCTAssertEqual(Mailmap(repository: try repo.open()).resolve(name: "W", email: "who@x.example").name, "In Tree")
        // mailmap.file is read last and wins, also given on the command line.
        try repo.git("config", "mailmap.file", repo.path + "/extra.mailmap")
        XCTAssertEqual(Mailmap(repository: try repo.open()).resolve(name: "W", email: "who@x.example").name, "From File")
        XCTAssertEqual(try gitMapped(repo, "W", "who@x.example"), "From File <file@x.example>")
        try repo.git("config", "--unset", "mailmap.file")
        let env = ["GIT_CONFIG_PARAMETERS": "'mailmap.file'='\(repo.path)/extra.mailmap'"]
        XCTAssertEqual(Mailmap(repository: try Repository.open(environment: env, currentDirectory: repo.path))
            .resolve(name: "W", email: "who@x.example").name, "From File")

        // A relative mailmap.file is taken from the top of the work tree, wherever the command runs.
        try FileManager.default.createDirectory(atPath: repo.path + "/sub", withIntermediateDirectories: true)
        let relative = ["GIT_CONFIG_PARAMETERS": "'mailmap.file'='extra.mailmap'"]
        XCTAssertEqual(Mailmap(repository: try Repository.open(environment: relative, currentDirectory: repo.path + "/sub"))
            .resolve(name: "W", email: "who@x.example").name, "From File")
        XCTAssertEqual(try repo.git("check-mailmap", "W <who@x.example>", env: relative, in: repo.path + "/sub"), "From File <file@x.example>")
        // A byte that is not UTF-8 (a Latin-1 name) does not cost the rest of the file.
        try Data("Jos\u{E9} <jose@x.example> <j@x.example>\nKim <kim@x.example> <k@x.example>\n".unicodeScalars.map { UInt8($0.value) })
            .write(to: URL(fileURLWithPath: repo.path + "/extra.mailmap"))
        let latin = Mailmap(repository: try Repository.open(environment: relative, currentDirectory: repo.path))
        XCTAssertEqual(latin.resolve(name: "K", email: "k@x.example").name, "Kim")
        XCTAssertEqual(latin.resolve(name: "J", email: "j@x.example").email, "jose@x.example")

        // A bare repository reads HEAD:.mailmap.
        try repo.git("clone", "--quiet", "--bare", repo.path, "bare.git", in: repo.sandbox)
        let bare = repo.sandbox + "/bare.git"
        let fromBare = Mailmap(repository: try Repository.open(environment: [:], currentDirectory: bare))
        XCTAssertEqual(fromBare.resolve(name: "W", email: "who@x.example").name, "In Tree")
        XCTAssertEqual(try gitMapped(repo, "W", "who@x.example", in: bare), "In Tree <tree@x.example>")
    }

    func testLongLinesNULsAndAByteOrderMarkReadAsGitReadsThem() throws {
        let repo = try GitRepo()
        // git reads a mailmap file 1,023 bytes at a time (fgets): the rest of a longer line is a line of its own.
        let filler = String(repeating: "y", count: 1100)
        let file = "\u{FEFF}Marked <marked@x.example> <bom@x.example>\n"
            + "Long <long@x.example> \(filler) <tail@x.example>\n"
            + "Cut <cut@x.example>\u{0} <hidden@x.example>\n"
            + "After <after@x.example> <nul-file@x.example>\n"
        try repo.write(".mailmap", file)
        // A blob is read as one C string: nothing after its first NUL counts.
        let blob = try repo.hashObject("Blob <blob@x.example> <in-blob@x.example>\n\u{0}Lost <lost@x.example> <after-nul@x.example>\n")
        try repo.git("config", "mailmap.blob", blob)
        let mailmap = Mailmap(repository: try repo.open())
        let identities = [("B", "bom@x.example"), ("L", "long@x.example"), ("T", "tail@x.example"), ("C", "cut@x.example"),
                          ("H", "hidden@x.example"), ("N", "nul-file@x.example"), ("I", "in-blob@x.example"), ("A", "after-nul@x.example")]
        var mapped: [String] = []
        for (name, email) in identities {
            let ours = mailmap.resolve(name: name, email: email)
            let git = try gitMapped(repo, name, email)
            XCTAssertEqual("\(ours.name) <\(ours.email)>", git, "\(name) <\(email)>")
            mapped.append(git)
        }
        // The second part of the long line starts 1,023 bytes in: 99 of the y's, then the second email.
        let rest = String(repeating: "y", count: 1100 - (1023 - "Long <long@x.example> ".utf8.count))
        XCTAssertEqual(mapped, ["\u{FEFF}Marked <marked@x.example>", "Long <long@x.example>", "\(rest) <tail@x.example>",
                                "Cut <cut@x.example>", "H <hidden@x.example>", "After <after@x.example>",
                                "Blob <blob@x.example>", "A <after-nul@x.example>"])
    }

    func testMailmapFileInAUsersHomeIsFoundLikeGit() throws {
        guard let entry = getpwnam("root"), let home = entry.pointee.pw_dir.map({ String(cString: $0) }),
              FileManager.default.isWritableFile(atPath: home) else { throw XCTSkip("needs a writable home of root") }
        let name = "git-vep-mailmap-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: home + "/" + name) }
        try Data("Homed <homed@x.example> <h@x.example>\n".utf8).write(to: URL(fileURLWithPath: home + "/" + name))
        let repo = try GitRepo()
        try repo.git("config", "mailmap.file", "~root/\(name)")

        let mapped = Mailmap(repository: try repo.open()).resolve(name: "H", email: "h@x.example")

        XCTAssertEqual("\(mapped.name) <\(mapped.email)>", try gitMapped(repo, "H", "h@x.example"))
        XCTAssertEqual(mapped.name, "Homed")
    }
}
