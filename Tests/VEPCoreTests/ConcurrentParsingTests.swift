import Foundation
import XCTest
@testable import VEPCore

/// cmark-gfm keeps the table of characters that start an inline extension (`~` for strikethrough,
/// `:` and `w` for autolinks) in a global. Left to itself, every parse adds them and removes them
/// again, so one thread finishing a document could switch strikethrough off under another.
final class ConcurrentParsingTests: XCTestCase {
    private let text = """
    # VEP #98: Retargeted
    ## VEP Status Metadata
    ### Target releases
    - This VEP targets alpha for version: ~~v1.8~~ v1.9
    - This VEP targets beta for version: ~v1.10~ v1.11
    - See www.example.com and https://example.com for more.

    ## Overview
    A paragraph with ~~struck~~ words, a table and a list.

    | a | b |
    |---|---|
    | ~~x~~ | y |
    """

    func testStrikethroughHoldsWhileOtherThreadsParse() {
        let text = self.text
        let expected: [Stage: Release] = [.alpha: Release("v1.9")!, .beta: Release("v1.11")!]
        XCTAssertEqual(VEPDocument.parse(text: text, path: "veps/sig-compute/98-retargeted/vep.md").milestones.releases,
                       expected)
        let threads = 4, parses = 400
        let wrong = Atomic()
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            for _ in 0..<parses {
                let document = VEPDocument.parse(text: text, path: "veps/sig-compute/98-retargeted/vep.md")
                if document.milestones.releases != expected { wrong.increment() }
            }
        }
        XCTAssertEqual(wrong.value, 0, "parses that lost strikethrough out of \(threads * parses)")
    }
}

private final class Atomic: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
