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
