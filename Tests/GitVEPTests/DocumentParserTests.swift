import Foundation
import GitFixtures
import GitKit
import VEPCore
@testable import VEPGit
import XCTest

/// Documents parsed for the timeline are the same on worker threads and on the caller's handle.
final class DocumentParserTests: XCTestCase {
    func testWorkersAndTheCallersHandleParseAlike() throws {
        let repo = try GitRepo()
        var files: [String: String?] = [:]
        for number in 1...40 {
            files["veps/sig-compute/\(number)-feature-\(number)/vep.md"] =
                PreCommitTests.vep(number, "Feature \(number)", status: number % 2 == 0 ? "implementable" : "provisional",
                                   alpha: "v1.\(number)")
        }
        files["veps/sig-compute/41-legacy/vep.md"] = Documents.gpuLegacy
        files["veps/sig-compute/42-huge/vep.md"] = String(repeating: "x", count: maximumDocumentSize + 1)
        try repo.commit("VEPs", files: files)
        let repository = try Repository.open(at: repo.path)
        let sources = try TreeSource(repository: repository, treeID: try repository.resolveCommit("HEAD"), label: "HEAD")
            .files(under: "veps").filter { History.isDocument($0.path, layout: .default) }
        XCTAssertEqual(sources.count, 42)

        let inline = try DocumentParser(repository: repository, layout: .default, threads: 0).start(sources).wait()
        let threaded = try DocumentParser(repository: repository, layout: .default, threads: 2).start(sources).wait()
        XCTAssertEqual(inline.map(\.file), sources)
        XCTAssertEqual(threaded.map(\.file), sources)
        XCTAssertEqual(inline.map(\.document), threaded.map(\.document))
        let byFolder = Dictionary(uniqueKeysWithValues: inline.map { ($0.file.path.split(separator: "/")[2], $0.document) })
        XCTAssertEqual(byFolder["7-feature-7"]?.milestones[.alpha]?.value.description, "v1.7")
        XCTAssertEqual(byFolder["8-feature-8"]?.status?.value, .implementable)
        XCTAssertEqual(byFolder["41-legacy"]?.format, .legacy)
        XCTAssertEqual(byFolder["41-legacy"]?.number, 10, "the heading's number is stronger than the folder's")
        XCTAssertEqual(byFolder["42-huge"]?.problems.map(\.code), ["document-unreadable"])
    }
}

/// Commits compared with their first parents in runs on worker threads: the same as comparing them one by one.
final class ComparisonTests: XCTestCase {
    /// `count` commits from fast-import: VEP edits, README-only commits, and an image added and removed now and
    /// then. The folder lives as long as `repo`: workers open their own handles on it.
    private func history(count: Int = 150) throws -> (repo: GitRepo, repository: Repository, links: [(id: ObjectID, tree: ObjectID)]) {
        let repo = try GitRepo()
        var stream = ""
        for index in 1...count {
            stream += "commit refs/heads/main\nmark :\(index)\ncommitter T <t@example.com> \(1_700_000_000 + index) +0000\n"
            let message = "change \(index)"
            stream += "data \(message.utf8.count)\n\(message)\n"
            if index > 1 { stream += "from :\(index - 1)\n" }
            func file(_ path: String, _ text: String) {
                stream += "M 100644 inline \(path)\ndata \(text.utf8.count)\n\(text)\n"
            }
            if index % 5 == 0 {
                file("README.md", "revision \(index)\n")
            } else {
                let number = index % 7 + 1
                file("veps/sig-compute/\(number)-feature/vep.md", PreCommitTests.vep(number, "Feature \(number)", alpha: "v1.\(index)"))
            }
            if index % 13 == 0 { file("veps/sig-compute/3-feature/diagram-\(index).png", "\u{1}png \(index)") }
            if index % 13 == 1, index > 13 { stream += "D veps/sig-compute/3-feature/diagram-\(index - 1).png\n" }
        }
        _ = try repo.git("fast-import", "--quiet", input: stream)
        let repository = try Repository.open(at: repo.path)
        let ids = try History(repository: repository).firstParentChain(to: try repository.resolveCommit("main"))
        XCTAssertEqual(ids.count, count)
        return (repo, repository, try ids.map { ($0, try repository.treeAndFirstParent(of: $0).tree) })
    }

    func testRunsOnWorkersMatchCommitByCommitComparison() throws {
        let (repo, repository, links) = try history()
        defer { withExtendedLifetime(repo) {} }
        // Commit by commit, on the caller's handle: what each run must reproduce.
        var expected: [(commit: ObjectID, paths: [String])] = []
        var previous: ObjectID?
        for link in links {
            let changes = try repository.changes(from: previous, to: link.tree, under: "veps")
            if !changes.isEmpty { expected.append((link.id, changes.map(\.path))) }
            previous = link.tree
        }
        XCTAssertEqual(expected.count, 124, "README-only commits change nothing under veps/, except 40, 65, 105 and 130 (images)")
        XCTAssertEqual(expected[10].paths, ["veps/sig-compute/3-feature/diagram-13.png", "veps/sig-compute/7-feature/vep.md"])

        for threads in [0, 1, 2, 3] {
            let parser = DocumentParser(repository: repository, layout: .default, threads: threads)
            XCTAssertEqual(parser.workerCount, threads)
            let whole = try parser.compare(links[...], after: nil).all()
            XCTAssertEqual(whole.commits.map(\.commit), expected.map(\.commit), "threads: \(threads)")
            XCTAssertEqual(whole.commits.map { $0.changes.map(\.path) }, expected.map(\.paths), "threads: \(threads)")
            let documents = expected.flatMap(\.paths).filter { $0.hasSuffix(".md") }
            XCTAssertEqual(whole.documents.map(\.file.path), documents, "threads: \(threads)")
            XCTAssertEqual(whole.documents[0].document.milestones[.alpha]?.value.description, "v1.1")
            XCTAssertEqual(whole.documents[0].document.number, 2)

            // From the middle of the chain, as a batch after a cached tip would start.
            let tail = try parser.compare(links[100...], after: links[99].tree).all()
            let tailExpected = expected.filter { commit in links[100...].contains { $0.id == commit.commit } }
            XCTAssertEqual(tail.commits.map(\.commit), tailExpected.map(\.commit), "threads: \(threads)")
            XCTAssertEqual(tail.commits.map { $0.changes.map(\.path) }, tailExpected.map(\.paths), "threads: \(threads)")
        }
    }

    func testAStreamDroppedAfterItsFirstRunLeavesTheWorkersToTheNext() throws {
        let (repo, repository, links) = try history()
        defer { withExtendedLifetime(repo) {} }
        let parser = DocumentParser(repository: repository, layout: .default, threads: 2)
        XCTAssertEqual(parser.workerCount, 2)
        let expected = try DocumentParser(repository: repository, layout: .default, threads: 0).compare(links[...], after: nil).all()
        XCTAssertEqual(expected.commits.count, 124)
        for _ in 0..<20 {
            weak var dropped: DocumentParser.ComparisonStream?
            do {
                let stream = parser.compare(links[...], after: nil)
                dropped = stream
                let first = try XCTUnwrap(try stream.next())
                XCTAssertEqual(first.commits.count, 53, "the first 64 commits: README-only ones change nothing under veps/")
            }
            XCTAssertNil(dropped, "the workers must not keep a dropped stream alive")
            let whole = try parser.compare(links[...], after: nil).all()
            XCTAssertEqual(whole.commits.map(\.commit), expected.commits.map(\.commit))
            XCTAssertEqual(whole.documents.map(\.file.path), expected.documents.map(\.file.path))
        }
    }

    func testAStreamDroppedFarFromItsEndStopsItsWorkers() throws {
        // 2,400 commits are 38 runs: more than the workers may take ahead of a reader that stopped after one.
        let (repo, repository, links) = try history(count: 2_400)
        defer { withExtendedLifetime(repo) {} }
        let parser = DocumentParser(repository: repository, layout: .default, threads: 2)
        weak var dropped: DocumentParser.ComparisonStream?
        do {
            let stream = parser.compare(links[...], after: nil)
            dropped = stream
            XCTAssertEqual(try stream.next()?.commits.count, 53)
        }
        XCTAssertNil(dropped)
        let tail = try parser.compare(links[2_300...], after: links[2_299].tree).all()
        var expected: [ObjectID] = []
        for index in 2_300..<links.count where try !repository.changes(from: links[index - 1].tree, to: links[index].tree, under: "veps").isEmpty {
            expected.append(links[index].id)
        }
        XCTAssertEqual(expected.count, 83, "100 commits: 20 change only the README, and 3 of those add or remove an image")
        XCTAssertEqual(tail.commits.map(\.commit), expected)
    }
}
