import GitFixtures
import GitKit
import XCTest

extension GitRepo {
    /// `git rev-parse` as an ObjectID.
    func id(_ revision: String, file: StaticString = #filePath, line: UInt = #line) throws -> ObjectID {
        try XCTUnwrap(ObjectID(hex: try revParse(revision)), "rev-parse \(revision)", file: file, line: line)
    }

    /// Opens this repository through GitKit with no environment, from its own folder.
    func open() throws -> Repository { try Repository.open(environment: [:], currentDirectory: path) }
}

/// Asserts that `body` throws a `GitError` and returns it for further checks.
@discardableResult
func assertGitError<T>(_ body: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> GitError? {
    do {
        let value = try body()
        XCTFail("expected a GitError, got \(value)", file: file, line: line)
    } catch let error as GitError {
        return error
    } catch {
        XCTFail("expected a GitError, got \(error)", file: file, line: line)
    }
    return nil
}
