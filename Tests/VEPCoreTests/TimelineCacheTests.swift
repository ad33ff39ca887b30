import XCTest
@testable import VEPCore

final class TimelineCacheTests: XCTestCase {
    func testRoundTripWithAwkwardText() throws {
        let stamp = CommitStamp(id: String(repeating: "b", count: 40), date: "2026-06-24T10:00:00-05:30",
                                authorName: "Tab\tand\\slash", authorEmail: "x@y", subject: "line\none (#3)")
        let events = [
            TimelineEvent(commit: stamp, change: Change(vep: 3, kind: .created, from: nil, to: "veps/sig-x/3-a b/vep.md"), path: "veps/sig-x/3-a b/vep.md"),
            TimelineEvent(commit: stamp, change: Change(vep: 3, kind: .milestone, field: .ga, from: nil, to: "v1.9"), path: "veps/sig-x/3-a b/vep.md"),
        ]
        let snapshot = TrackerSnapshot(
            folders: ["veps/sig-x/3-a b": [SourceFile(path: "veps/sig-x/3-a b/vep.md", contentID: "c0ffee")]],
            found: ["veps/sig-x/3-a b": [VEPState(number: 3, path: "veps/sig-x/3-a b/vep.md", status: .implementable, stage: .beta,
                                                  milestones: [.ga: Release("v1.9")!])]],
            speakers: [3: "veps/sig-x/3-a b/vep.md"])
        let cache = TimelineCache(tip: "t", fingerprint: TimelineCache.fingerprint(of: .default), events: events, snapshot: snapshot)
        let decoded = try XCTUnwrap(TimelineCache.decode(cache.encoded()))
        XCTAssertEqual(decoded.events, events)
        XCTAssertEqual(decoded.snapshot, snapshot)
        XCTAssertEqual(decoded.tip, "t")
        XCTAssertEqual(TimelineCache.header(of: cache.encoded())?.tip, "t")
        XCTAssertEqual(TimelineCache.decode(cache.encoded(), eventsOnly: true)?.snapshot.folders, [:])

        // Written in pieces (as the cache folder writes it), the bytes are the same, checksum line last.
        var pieces: [[UInt8]] = []
        cache.encode(pieceSize: 16) { pieces.append(Array($0)) }
        XCTAssertEqual(Data(pieces.joined()), cache.encoded())
        // Every line here is at least 16 bytes: one piece each (format, tip, C, E, E, F, M, V, S), then the checksum.
        XCTAssertEqual(pieces.count, 10, "\(pieces.map { String(decoding: $0, as: UTF8.self) })")
        XCTAssertTrue(pieces.dropLast().allSatisfy { $0.count >= 16 && $0.count < 16 + 200 }, "\(pieces.map(\.count))")
        XCTAssertEqual(String(decoding: pieces.last!, as: UTF8.self), "END\t\(TimelineCache.checksum(pieces.dropLast().joined()))\n")
    }

    func testLineBreaksInNamesCannotForgeRecords() throws {
        // A folder name carrying "\r\n" and a whole event record, written unescaped, would add an event.
        let path = "veps/sig-x/12-x\r\nE\t99\tcreated\t\\N\t\\N\tfake\t\\N/vep.md"
        let stamp = CommitStamp(id: String(repeating: "d", count: 40), date: "2026-06-24T10:00:00Z", authorName: "A\r\nB",
                                authorEmail: "a@x", subject: "One\r\n(#1)")
        let events = [TimelineEvent(commit: stamp, change: Change(vep: 12, kind: .created, from: nil, to: path), path: path)]
        let decoded = try XCTUnwrap(TimelineCache.decode(TimelineCache(tip: "t", fingerprint: "f", events: events,
                                                                       snapshot: TrackerSnapshot(folders: [:], found: [:])).encoded()))
        XCTAssertEqual(decoded.events, events)
    }

    func testHeaderIsReadWhateverCharacterTheFirstKilobytesEndIn() {
        for padding in 0..<3 {
            let stamp = CommitStamp(id: String(repeating: "e", count: 40), date: "2026-06-24T10:00:00Z", authorName: "A",
                                    authorEmail: "a@x", subject: String(repeating: "x", count: padding) + String(repeating: "é ", count: 1500))
            let events = [TimelineEvent(commit: stamp, change: Change(vep: 1, kind: .created, from: nil, to: "veps/sig-x/1-a/vep.md"))]
            let data = TimelineCache(tip: "t", fingerprint: "f", events: events, snapshot: TrackerSnapshot(folders: [:], found: [:])).encoded()
            XCTAssertEqual(TimelineCache.header(of: data)?.tip, "t", "padding \(padding)")
        }
    }

    func testDamagedCachesDecodeToNil() {
        let cache = TimelineCache(tip: "t", fingerprint: "f", events: [], snapshot: TrackerSnapshot(folders: [:], found: [:]))
        let data = cache.encoded()
        XCTAssertNotNil(TimelineCache.decode(data))
        XCTAssertNil(TimelineCache.decode(data.dropLast(2)), "truncated")
        XCTAssertNil(TimelineCache.decode(Data("other-format\n".utf8) + data.dropFirst(19)))
        XCTAssertNil(TimelineCache.decode(Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "END", with: "E\tx\ty\nEND").utf8)))
        XCTAssertNil(TimelineCache.decode(Data([0xFF, 0xFE])))
    }

    func testEveryDamagedByteIsCaught() throws {
        let stamp = CommitStamp(id: String(repeating: "c", count: 40), date: "2026-06-24T10:00:00Z",
                                authorName: "A", authorEmail: "a@x", subject: "One (#1)")
        let events = [TimelineEvent(commit: stamp, change: Change(vep: 1, kind: .milestone, field: .alpha, from: nil, to: "v1.1"),
                                    path: "veps/sig-x/1-a/vep.md")]
        let snapshot = TrackerSnapshot(folders: ["veps/sig-x/1-a": [SourceFile(path: "veps/sig-x/1-a/vep.md", contentID: "c0ffee")]],
                                       found: ["veps/sig-x/1-a": [VEPState(number: 1, path: "veps/sig-x/1-a/vep.md", status: nil, stage: nil,
                                                                           milestones: [.alpha: Release("v1.1")!])]])
        let data = TimelineCache(tip: "t", fingerprint: "f", events: events, snapshot: snapshot).encoded()
        XCTAssertNotNil(TimelineCache.decode(data))
        // A cache whose version, commit id or release lost or changed one byte would otherwise print wrong history.
        for offset in data.indices {
            for replacement: UInt8 in [0x30, 0x37, 0x61] where data[offset] != replacement {
                var damaged = data
                damaged[offset] = replacement
                XCTAssertNil(TimelineCache.decode(damaged), "byte \(offset) changed to \(replacement) went unnoticed")
            }
        }
    }
}

final class TimelineCacheFingerprintTests: XCTestCase {
    func testLayoutsThatJoinAlikeHaveDifferentFingerprints() {
        var one = Layout.default
        one.groupPattern = "^(meta-VEPs)$|^(sig-[a-z]+)$"
        one.documentName = "vep.md"
        var other = Layout.default
        other.groupPattern = "^(meta-VEPs)$"
        other.documentName = "^(sig-[a-z]+)$|vep.md"
        XCTAssertNotEqual(TimelineCache.fingerprint(of: one), TimelineCache.fingerprint(of: other))
        XCTAssertEqual(TimelineCache.fingerprint(of: one), TimelineCache.fingerprint(of: one))
    }
}

final class TimelineCacheHeaderTests: XCTestCase {
    func testFingerprintWithBackslashesSurvivesTheHeader() {
        var layout = Layout.default
        layout.groupPattern = #"^sig-\w+\tx$"#
        let fingerprint = TimelineCache.fingerprint(of: layout)
        let cache = TimelineCache(tip: "abc", fingerprint: fingerprint, events: [], snapshot: TrackerSnapshot(folders: [:], found: [:]))
        XCTAssertEqual(TimelineCache.header(of: cache.encoded())?.fingerprint, fingerprint)
        XCTAssertEqual(TimelineCache.decode(cache.encoded())?.fingerprint, fingerprint)
    }
}
