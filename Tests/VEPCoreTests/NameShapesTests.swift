import Foundation
import XCTest
@testable import VEPCore

/// The hand-written shapes agree with the regular expressions they replace.
final class NameShapesTests: XCTestCase {
    private func regex(_ pattern: String, _ text: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }

    private let samples = ["sig-network", "sig-", "sig--x", "sig-a-b-c", "sig-A", "sig-net-", "meta-VEPs", "183-dra-network",
                           "183-", "-dra", "0171-cold-reboot", "12-Snap", "12--x", "@mira", "@a", "@-a", "@a-", "@a--b",
                           "@" + String(repeating: "a", count: 39), "@" + String(repeating: "a", count: 40), "@ab_c", "mira",
                           "2026-06-24", "2026-6-24", "2026-06-245", "abcd-ef-gh", "", "sig-café"]

    func testSameAnswersAsThePatterns() {
        for text in samples {
            XCTAssertEqual(NameShapes.isSIG(text), regex(FrontMatterSchema.sigPattern, text), "sig: \(text)")
            XCTAssertEqual(NameShapes.isVEPFolder(text), regex(vepFolderPattern, text), "folder: \(text)")
            XCTAssertEqual(NameShapes.isHandle(text), regex(FrontMatterSchema.handlePattern, text), "handle: \(text)")
            XCTAssertEqual(NameShapes.isCalendarDateShape(text), regex(#"^\d{4}-\d{2}-\d{2}$"#, text), "date: \(text)")
            XCTAssertEqual(Layout.default.isGroupName(text), regex(Layout.default.groupPattern, text), "group: \(text)")
        }
    }
}

final class TrimmingTests: XCTestCase {
    /// The hand-written trims give exactly what Foundation's give, on ASCII, Unicode spaces and edge cases.
    func testTrimmingMatchesFoundation() {
        let samples = ["", " ", "\t", "  @mira ", "\u{00A0}@Lee\u{3000}", "\u{2003}x\u{2003}y\u{2003}", "\n x \n", "é", " é ",
                       "VEP: Title :", "–— Part —", "::", "a.b:", ".:.x.:.", "👩‍💻 ", "\u{200B}x\u{200B}"]
        for value in 0...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar) + "x" + String(scalar)
            XCTAssertEqual(text.trimmingWhitespace, text.trimmingCharacters(in: .whitespaces), "U+\(String(value, radix: 16))")
        }
        for sample in samples {
            XCTAssertEqual(sample.trimmingWhitespace, sample.trimmingCharacters(in: .whitespaces), sample.debugDescription)
            XCTAssertEqual(sample.trimming { ":-–— \t".unicodeScalars.contains($0) },
                           sample.trimmingCharacters(in: CharacterSet(charactersIn: ":-–— \t")), sample.debugDescription)
            XCTAssertEqual(Substring(sample).trimming { $0 == "." || $0 == ":" },
                           sample.trimmingCharacters(in: CharacterSet(charactersIn: ".:")), sample.debugDescription)
        }
    }
}
