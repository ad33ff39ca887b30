import Foundation

/// Writes all of `bytes` to `descriptor` with the system's call, again after an interruption: 0 once all is written,
/// else the failure's errno. Foundation's `FileHandle.write` would end the process instead.
public func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
    guard let base = bytes.baseAddress else { return 0 }
    var offset = 0
    while offset < bytes.count {
        let written = write(descriptor, base + offset, bytes.count - offset)
        if written < 0, errno == EINTR { continue }
        if written < 0 { return errno }
        if written == 0 { return EIO }
        offset += written
    }
    return 0
}

/// Writes `text` to standard error: a closed or full stderr loses the text and nothing else.
public func writeToStandardError(_ text: String) {
    var text = text
    _ = text.withUTF8 { writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
}
