import VEPCore
import XCTest

/// OWNERS and OWNERS_ALIASES with Prow's semantics, server settings and push options.
final class OwnersTests: XCTestCase {
    private func owners(_ files: [String: String]) -> (String) -> OwnersFile? {
        { folder in
            let path = folder.isEmpty ? "OWNERS" : folder + "/OWNERS"
            return files[path].map { OwnersFile.parse($0, path: path).0 }
        }
    }

    private func handles(_ names: String...) -> Set<Handle> { Set(names.compactMap(Handle.init)) }

    func testHandlesCompareWithoutAtAndCase() {
        XCTAssertEqual(Handle("@Mira"), Handle("mira"))
        XCTAssertEqual(Handle(" @@mira ")?.description, "@mira")
        XCTAssertNil(Handle("TBD"))
        XCTAssertNil(Handle("@"))
    }

    /// A field written twice makes the file unreadable, not "the last one wins": neither list is granted.
    func testAFieldWrittenTwiceGrantsNothing() {
        let (file, problems) = OwnersFile.parse("approvers: [root1]\nreviewers: [rev]\napprovers: [eve]\n", path: "OWNERS")
        XCTAssertEqual(file.approvers, [])
        XCTAssertEqual(file.reviewers, [])
        XCTAssertEqual(problems.map { "\($0.position.line): \($0.message) (\($0.help ?? ""))" },
                       ["3: field `approvers` appears twice (keep one of the two; until then git-vep reads nothing of `OWNERS`, which grants no one anything)"])
        let (aliases, aliasProblems) = OwnersAliases.parse("aliases:\n  leads: [a]\naliases:\n  leads: [eve]\n")
        XCTAssertEqual(aliases.aliases, [:])
        XCTAssertEqual(aliasProblems.map(\.position.line), [3])
        // Once the file is fixed, it is read.
        XCTAssertEqual(OwnersFile.parse("approvers: [root1]\n", path: "OWNERS").0.approvers.map(\.value), ["root1"])
    }

    /// A Latin-1 byte (`José` saved by an old editor) is reported with its line; the other names still count.
    func testAFileThatIsNotUTF8IsReportedWithItsLine() {
        let text = String(decoding: Array("approvers:\n  - root1\n  - jos".utf8) + [0xE9] + Array("\n".utf8), as: UTF8.self)
        let (file, problems) = OwnersFile.parse(text, path: "OWNERS")
        XCTAssertEqual(file.approvers.map(\.value), ["root1", "jos\u{FFFD}"])
        XCTAssertEqual(problems.map { "\($0.code) \($0.position.line): \($0.message)" },
                       ["owners-yaml 3: `OWNERS` is not valid UTF-8 text: line 3 has a byte that is not part of a UTF-8 character"])
        XCTAssertEqual(problems.first?.help, "save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8`; a name with that byte matches no one")
    }

    func testApproversAndReviewersInheritFromParentFolders() {
        let lookup = owners([
            "OWNERS": "approvers:\n  - root1\nreviewers:\n  - rootrev\n",
            "veps/OWNERS": "approvers:\n  - vep-lead\n",
            "veps/sig-network/OWNERS": "approvers:\n  - \"@NetLead\"\nreviewers:\n  - netrev\nlabels:\n  - sig/network\n",
        ])
        let chain = OwnersChain(for: "veps/sig-network/12-x/vep.md", aliases: OwnersAliases(), lookup: lookup)
        XCTAssertEqual(chain.files.map(\.path), ["veps/sig-network/OWNERS", "veps/OWNERS", "OWNERS"])
        XCTAssertEqual(chain.approvers(for: "veps/sig-network/12-x/vep.md"), handles("netlead", "vep-lead", "root1"))
        XCTAssertEqual(chain.reviewers(for: "veps/sig-network/12-x/vep.md"), handles("netrev", "rootrev"))
    }

    func testNoParentOwnersStopsInheritance() {
        let lookup = owners([
            "OWNERS": "approvers:\n  - root1\n",
            "veps/sig-storage/OWNERS": "options:\n  no_parent_owners: true\napprovers:\n  - storage-lead\n",
        ])
        let chain = OwnersChain(for: "veps/sig-storage/48-x/vep.md", aliases: OwnersAliases(), lookup: lookup)
        XCTAssertEqual(chain.files.map(\.path), ["veps/sig-storage/OWNERS"])
        XCTAssertEqual(chain.approvers(for: "veps/sig-storage/48-x/vep.md"), handles("storage-lead"))
    }

    func testAliasesExpandCaseInsensitively() {
        let (aliases, problems) = OwnersAliases.parse("aliases:\n  Net-Leads:\n    - alice\n    - \"@Bob\"\n")
        XCTAssertEqual(problems, [])
        let lookup = owners(["OWNERS": "approvers:\n  - net-leads\n  - carol\n"])
        let chain = OwnersChain(for: "README.md", aliases: aliases, lookup: lookup)
        XCTAssertEqual(chain.approvers(for: "README.md"), handles("alice", "bob", "carol"))
    }

    func testFiltersApplyByPathRelativeToTheOwnersFolder() {
        let text = "filters:\n  \".*\":\n    approvers:\n      - all\n  \"\\\\.png$\":\n    approvers:\n      - artist\n"
        let (file, problems) = OwnersFile.parse(text, path: "veps/OWNERS")
        XCTAssertEqual(problems, [])
        let chain = OwnersChain(for: "veps/sig-x/1-a/flow.png", aliases: OwnersAliases()) { $0 == "veps" ? file : nil }
        XCTAssertEqual(chain.approvers(for: "veps/sig-x/1-a/flow.png"), handles("all", "artist"))
        XCTAssertEqual(chain.approvers(for: "veps/sig-x/1-a/vep.md"), handles("all"))
    }

    func testBrokenOwnersFileNamesTheFileAndLine() {
        let (_, yamlProblems) = OwnersFile.parse("approvers:\n  - root1\n reviewers: [\n", path: "veps/sig-network/OWNERS")
        XCTAssertEqual(yamlProblems.count, 1)
        XCTAssertTrue(yamlProblems[0].message.contains("`veps/sig-network/OWNERS` is not valid YAML"), yamlProblems[0].message)
        XCTAssertEqual(yamlProblems[0].position.line, 3)

        let (file, valueProblems) = OwnersFile.parse("approvers:\n  - root1\n  - {name: x}\noptions:\n  no_parent_owners: maybe\n", path: "OWNERS")
        XCTAssertEqual(file.approvers.map(\.value), ["root1"])
        XCTAssertEqual(valueProblems.map(\.position.line), [3, 5])
        XCTAssertEqual(valueProblems.map(\.message), ["an entry of `approvers` in `OWNERS` is a mapping, not a handle",
                                                      "`options.no_parent_owners` in `OWNERS` must be true or false"])
    }

    func testAuthorityListsWhoMay() {
        let lookup = owners(["OWNERS": "approvers:\n  - root1\n", "veps/sig-network/OWNERS": "approvers:\n  - netlead\n"])
        let chain = OwnersChain(for: "veps/sig-network/12-x/vep.md", aliases: OwnersAliases(), lookup: lookup)
        let document = VEPDocument.parse(text: "---\nvep-number: 12\nauthors:\n  - \"@mira\"\napprovers:\n  - TBD\n---\n# VEP #12: X\n",
                                         path: "veps/sig-network/12-x/vep.md")
        let authority = Ownership.vepChange(trusted: document, chain: chain, path: document.path, rootApprovers: handles("root1"))
        XCTAssertTrue(authority.allows(Handle("@MIRA")))
        XCTAssertFalse(authority.allows(Handle("eve")))
        XCTAssertFalse(authority.allows(nil))
        XCTAssertEqual(authority.description,
                       "the VEP's authors, reviewers and approvers (@mira); approvers in veps/sig-network/OWNERS (@netlead); root approvers (@root1)")
        XCTAssertTrue(Ownership.isPolicyFile("veps/sig-network/OWNERS"))
        XCTAssertTrue(Ownership.isPolicyFile(".vep.yaml"))
        XCTAssertFalse(Ownership.isPolicyFile("veps/sig-network/OWNERS.md"))
    }

    func testServerSettingsAndIdentity() {
        let (configuration, _) = Configuration.parse("""
            enforce: [refs/heads/main, "refs/heads/release-*"]
            identity:
              variables: [GL_USERNAME]
              push-certificate-keys:
                "4aee18f83afdeb23": Mira
            """)
        let (settings, problems) = ServerSettings.parse(configuration)
        XCTAssertEqual(problems, [])
        XCTAssertTrue(settings.enforces("refs/heads/release-1.9", defaultBranch: "refs/heads/trunk"))
        XCTAssertFalse(settings.enforces("refs/heads/trunk", defaultBranch: "refs/heads/trunk"))
        XCTAssertEqual(settings.pusher(environment: ["GL_USERNAME": "@Ada", "REMOTE_USER": "eve"])?.handle, Handle("ada"))
        XCTAssertNil(settings.pusher(environment: ["REMOTE_USER": "eve"]))
        XCTAssertEqual(settings.pusher(environment: ["GIT_PUSH_CERT_STATUS": "G", "GIT_PUSH_CERT_KEY": "4AEE18F83AFDEB23"])?.handle, Handle("mira"))
        XCTAssertNil(settings.pusher(environment: ["GIT_PUSH_CERT_STATUS": "B", "GIT_PUSH_CERT_KEY": "4AEE18F83AFDEB23"]))

        let defaults = ServerSettings()
        XCTAssertTrue(defaults.enforces("refs/heads/trunk", defaultBranch: "refs/heads/trunk"))
        XCTAssertFalse(defaults.enforces("refs/tags/v1", defaultBranch: "refs/heads/trunk"))
        XCTAssertEqual(defaults.pusher(environment: ["GITEA_PUSHER_NAME": "Bob"])?.source, "$GITEA_PUSHER_NAME")
        XCTAssertNil(defaults.pusher(environment: ["GIT_PUSH_CERT_STATUS": "G", "GIT_PUSH_CERT_KEY": "4AEE18F83AFDEB23"]))
    }

    func testPushOptions() {
        let options = PushOptions.parse(environment: ["GIT_PUSH_OPTION_COUNT": "3", "GIT_PUSH_OPTION_0": "ci.skip",
                                                      "GIT_PUSH_OPTION_1": "vep.freeze-exception=183", "GIT_PUSH_OPTION_2": "vep.freeze-exception=#12,x"])
        XCTAssertEqual(options.freezeExceptions, [183, 12])
        XCTAssertEqual(options.problems, ["push option 'vep.freeze-exception=#12,x' does not name a VEP number"])
        XCTAssertTrue(options.present)
        XCTAssertFalse(PushOptions.parse(environment: [:]).present)
        // An empty or misspelt option of git-vep's is a problem, not silently nothing; other tools' options pass.
        let odd = PushOptions.parse(environment: ["GIT_PUSH_OPTION_COUNT": "3", "GIT_PUSH_OPTION_0": "vep.freeze-exception=",
                                                  "GIT_PUSH_OPTION_1": "vep.freeze-exceptions=183", "GIT_PUSH_OPTION_2": "merge_request.create"])
        XCTAssertEqual(odd.freezeExceptions, [])
        XCTAssertEqual(odd.problems, ["push option 'vep.freeze-exception=' does not name a VEP number",
                                      "push option 'vep.freeze-exceptions=183' is not one git-vep knows (it takes vep.freeze-exception=<VEP number>)"])
        // Any case, as git's keys; the bare name asks for its number.
        let cased = PushOptions.parse(environment: ["GIT_PUSH_OPTION_COUNT": "3", "GIT_PUSH_OPTION_0": "VEP.Freeze-Exception=901",
                                                    "GIT_PUSH_OPTION_1": "vep.freeze-exception", "GIT_PUSH_OPTION_2": "VEP.other"])
        XCTAssertEqual(cased.freezeExceptions, [901])
        XCTAssertEqual(cased.problems, ["push option 'vep.freeze-exception' names no VEP: write vep.freeze-exception=<VEP number>",
                                        "push option 'VEP.other' is not one git-vep knows (it takes vep.freeze-exception=<VEP number>)"])
    }

    func testCalendarDatesMustExist() {
        XCTAssertTrue(NameShapes.isCalendarDate("2026-06-24"))
        XCTAssertTrue(NameShapes.isCalendarDate("2024-02-29"))
        XCTAssertTrue(NameShapes.isCalendarDate("2000-02-29"))
        XCTAssertFalse(NameShapes.isCalendarDate("2026-02-29"))
        XCTAssertFalse(NameShapes.isCalendarDate("1900-02-29"))
        XCTAssertFalse(NameShapes.isCalendarDate("2026-02-30"))
        XCTAssertFalse(NameShapes.isCalendarDate("2026-13-01"))
        XCTAssertFalse(NameShapes.isCalendarDate("2026-04-31"))
        XCTAssertFalse(NameShapes.isCalendarDate("2026-00-10"))
        XCTAssertFalse(NameShapes.isCalendarDate("26-06-24"))
        let (_, problems) = Configuration.parse("releases:\n  v1.9:\n    vep-freeze: 2026-02-30\n")
        XCTAssertEqual(problems.map(\.message), ["`vep-freeze` of v1.9 must be a date like 2026-06-24"])
    }

    func testRefPatterns() {
        XCTAssertTrue(RefPattern.matches("refs/heads/release-*", "refs/heads/release-1.9"))
        XCTAssertFalse(RefPattern.matches("refs/heads/release-*", "refs/heads/main"))
        XCTAssertTrue(RefPattern.matches("refs/heads/*", "refs/heads/a/b"))
        XCTAssertTrue(RefPattern.matches("refs/heads/main", "refs/heads/main"))
    }
}
