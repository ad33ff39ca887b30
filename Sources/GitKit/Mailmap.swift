import CGit2

/// The repository's mailmap, as `git log` applies it to author names and addresses: `.mailmap` at the top of
/// the work tree (`HEAD:.mailmap` when bare), then `mailmap.blob` and `mailmap.file`.
public final class Mailmap {
    private let pointer: OpaquePointer

    /// Nil when the mailmap cannot be read (git then shows identities as recorded).
    public init?(repository: Repository) {
        var mailmap: OpaquePointer?
        guard git_mailmap_from_repository(&mailmap, repository.pointer) >= 0, let mailmap else { return nil }
        pointer = mailmap
    }

    deinit { git_mailmap_free(pointer) }

    /// The canonical name and address for an identity; the identity itself when no entry matches.
    public func resolve(name: String, email: String) -> (name: String, email: String) {
        // libgit2 answers with pointers into the mailmap or into the arguments: copy them while both live.
        name.withCString { namePointer in
            email.withCString { emailPointer in
                var realName: UnsafePointer<CChar>?
                var realEmail: UnsafePointer<CChar>?
                guard git_mailmap_resolve(&realName, &realEmail, pointer, namePointer, emailPointer) >= 0,
                      let realName, let realEmail else { return (name, email) }
                return (String(cString: realName), String(cString: realEmail))
            }
        }
    }
}
