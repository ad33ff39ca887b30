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
}
