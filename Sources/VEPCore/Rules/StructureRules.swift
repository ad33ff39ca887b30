import Foundation

/// `<number>-<slug>`: digits, a hyphen, lowercase alphanumeric words joined by single hyphens.
let vepFolderPattern = #"^[0-9]+-[a-z0-9]+(-[a-z0-9]+)*$"#

/// A slug for `text`: lowercase alphanumeric words joined by single hyphens.
func slugify(_ text: String) -> String {
    var words: [String] = []
    var current = ""
    for character in text.lowercased() {
        if character.isASCII && (character.isLetter || character.isNumber) {
            current.append(character)
        } else if !current.isEmpty {
            words.append(current)
            current = ""
        }
    }
    if !current.isEmpty { words.append(current) }
    return words.joined(separator: "-")
}

public struct VEPDirectoryNameRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "vep-dir-name",
        name: "VEP folder name",
        severity: .error,
        explanation: """
        A VEP lives in its own folder named `<number>-<slug>`: the VEP number (its tracking issue), a hyphen, \
        and a slug of lowercase letters and digits in words joined by single hyphens, such as \
        `183-dra-network`. Tools, links and OWNERS lookups rely on this name. The finding points at the \
        start of the VEP's document.
        """,
        triggeringExamples: [
            .document("↓" + Sample.vep(),
                      path: "veps/sig-network/42-Faster_Links/vep.md"),
            .document("↓" + Sample.legacy(), path: "veps/sig-network/faster-links/vep.md"),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep()),
            .document(Sample.legacy(), path: "veps/sig-network/42-faster-links-v2/vep.md"),
            // Nested below another folder: `vep-document-name` says where it belongs.
            .document(Sample.vep(), path: "veps/sig-network/drafts/2026/42-faster-links/vep.md"),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .main || subject.role == .unidentified, let document = subject.document,
              let parts = context.layout.components(of: document.path), let group = parts.group, let folder = parts.directory,
              !NameShapes.isVEPFolder(folder),
              // A document nested deeper is `vep-document-name`'s: the folder to name is another one.
              document.path == "\(context.layout.root)/\(group)/\(folder)/\(parts.file)" else { return [] }
        let digits = folder.prefix { $0.isNumber }
        let number = digits.isEmpty ? document.number.map(String.init) ?? "<number>" : String(digits)
        let slug = slugify(String(folder.dropFirst(digits.count)))
        return [Violation(at: .start, "VEP folder `\(folder)` is not named `<number>-<slug>`",
                          help: "rename the folder to `\(number)-\(slug.isEmpty ? "short-title" : slug)`")]
    }
}

public struct VEPDocumentNameRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "vep-document-name",
        name: "VEP document name",
        severity: .error,
        explanation: """
        The main document of a VEP is `<root>/<group>/<number>-<slug>/vep.md` (the root, group pattern and \
        document name come from `.vep.yaml` `layout:`). Single-file VEPs such as `veps/sig-network/decouple-nad.md` \
        and folders whose main document has another name are older layouts that VEP 282 migrates away from: \
        move the document so that appendices, images and OWNERS have a folder to live in.
        """,
        triggeringExamples: [
            .document("↓" + Sample.legacy(), path: "veps/sig-network/faster-links.md"),
            .document("↓" + Sample.legacy(), path: "veps/sig-network/42-faster-links/design.md"),
            .document("↓" + Sample.legacy(), path: "veps/sig-network/42-faster-links/vep.md/README.md"),
            .document("↓" + Sample.vep(), path: "veps/sig-network/drafts/2026/42-faster-links/vep.md"),
        ],
        nonTriggeringExamples: [
            .document(Sample.legacy()),
            RuleExample(files: [RuleExample.defaultPath: Sample.vep(),
                                "veps/sig-network/42-faster-links/appendix.md": "# Appendix\n"]),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .main, let document = subject.document,
              let parts = context.layout.components(of: document.path), let group = parts.group else { return [] }
        let layout = context.layout
        let folder = parts.directory ?? slugFolder(document, file: parts.file)
        let expected = "\(layout.root)/\(group)/\(folder)/\(layout.documentName)"
        if parts.directory == nil {
            return [Violation(at: .start, "VEP \(document.number.map(String.init) ?? "") is a single file, not a folder with `\(layout.documentName)`",
                              help: "move it to `\(expected)`")]
        }
        // `…/42-faster-links/vep.md/README.md`: the document's name is a folder.
        if document.path.hasPrefix(expected + "/") {
            return [Violation(at: .start, "`\(expected)` is a folder, not the VEP's document",
                              help: "move `\(document.path)` out of that folder, then in its place as the file `\(expected)`")]
        }
        // `…/sig-a/deep/er/77-x/vep.md`: the right name, folders too deep.
        if parts.file == layout.documentName, document.path != expected {
            let nested = String(document.path.dropFirst("\(layout.root)/\(group)/".count).dropLast(parts.file.count + 1))
            let innermost = (nested as NSString).lastPathComponent
            let target = NameShapes.isVEPFolder(innermost) ? "\(layout.root)/\(group)/\(innermost)/\(layout.documentName)" : expected
            return [Violation(at: .start, "the VEP's document is nested in `\(nested)` inside its group; it belongs directly in its VEP folder: "
                                  + "`\(layout.root)/\(group)/<number>-<slug>/\(layout.documentName)`",
                              help: "move it to `\(target)`")]
        }
        if parts.file != layout.documentName {
            return [Violation(at: .start, "the main document of a VEP is named `\(layout.documentName)`, not `\(parts.file)`",
                              help: "rename it to `\(expected)`")]
        }
        return []
    }

    private func slugFolder(_ document: VEPDocument, file: String) -> String {
        let stem = (file as NSString).deletingPathExtension
        let slug = slugify(String(stem.drop { $0.isNumber }))
        return "\(document.number.map(String.init) ?? "<number>")-\(slug)"
    }
}

public struct VEPGroupRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "vep-group",
        name: "VEP group",
        severity: .error,
        explanation: """
        Every VEP folder sits in a group folder directly under the root: `sig-<name>` for the owning SIG or \
        `meta-VEPs` for process proposals (the pattern is `.vep.yaml` `layout.group-pattern`). OWNERS files, \
        reviewer suggestions and the owning-sig check all follow the group, so a VEP outside one has no owner.
        """,
        triggeringExamples: [
            .document("↓" + Sample.legacy(), path: "veps/network/42-faster-links/vep.md"),
            .document("↓" + Sample.legacy(), path: "veps/42-faster-links/vep.md"),
        ],
        nonTriggeringExamples: [
            .document(Sample.legacy()),
            .document(Sample.legacy(), path: "veps/meta-VEPs/42-faster-links/vep.md"),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .main || subject.role == .unidentified, let document = subject.document,
              let parts = context.layout.components(of: document.path) else { return [] }
        let layout = context.layout
        guard let group = parts.group, parts.directory != nil || !group.contains(where: \.isNumber) else {
            let folder = parts.group ?? ""
            return [Violation(at: .start, "`\(folder.isEmpty ? parts.file : folder)` is directly under `\(layout.root)/`, not in a group folder",
                              help: "move it into its owning SIG's folder, e.g. `\(layout.root)/sig-compute/\(folder.isEmpty ? parts.file : folder)`")]
        }
        guard !layout.isGroupName(group) else { return [] }
        let suggestion = group.hasPrefix("sig-") ? slugify(group) : "sig-" + slugify(group)
        return [Violation(at: .start, "`\(group)` is not a group folder (sig-<name> or meta-VEPs)",
                          help: "move the VEP to `\(layout.root)/\(suggestion)/` or `\(layout.root)/meta-VEPs/`")]
    }
}

public struct VEPNumberMismatchRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "vep-number-mismatch",
        name: "VEP number agrees",
        severity: .error,
        explanation: """
        A VEP's number is written up to three times: front matter `vep-number`, the title heading \
        (`# VEP #183: …`) and the folder prefix (`183-`). They must agree; when they do not, the strongest \
        source (front matter, then heading, then folder) is taken as the number and each disagreeing one \
        is reported where it is written.
        """,
        triggeringExamples: [
            .document(Sample.vep(body: "\n↓# VEP #43: Faster links\n\n## Overview\n")),
            .document("↓" + Sample.legacy(number: 43)),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep()),
            .document(Sample.legacy(heading: "# VEP #0042: Faster links")),
            .document(Sample.legacy(heading: "# Overview")),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .main || subject.role == .continuation, let document = subject.document,
              let strongest = document.numberClaims.min(by: { $0.source < $1.source }) else { return [] }
        return document.numberClaims.filter { $0.number != strongest.number }.map { claim in
            Violation(at: claim.position, "the \(claim.source.rawValue) says VEP \(claim.number), but the \(strongest.source.rawValue) says \(strongest.number)",
                      help: "make front matter `vep-number`, the title heading and the folder prefix agree on the tracking issue's number")
        }
    }
}

public struct VEPNumberDuplicateRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "vep-number-duplicate",
        name: "VEP number is unique",
        severity: .error,
        explanation: """
        The VEP number is the number of the VEP's tracking issue, so no two VEPs share one. When two folders \
        claim the same number, each is reported (in CI mode only the one the change touches); renumber the \
        newer VEP to its own tracking issue.
        """,
        triggeringExamples: [
            RuleExample(files: [RuleExample.defaultPath: Sample.vep(["vep-number": "↓42"]),
                                "veps/sig-compute/42-other/vep.md": Sample.vep(["vep-number": "↓42", "owning-sig": "sig-compute"])]),
        ],
        nonTriggeringExamples: [
            RuleExample(files: [RuleExample.defaultPath: Sample.vep(),
                                "veps/sig-compute/43-other/vep.md": Sample.vep(["vep-number": "43", "owning-sig": "sig-compute"], body: "\n# VEP #43: Other\n")]),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .main, let vep = subject.vep, let document = subject.document,
              let claim = document.numberClaims.min(by: { $0.source < $1.source }) else { return [] }
        let others = context.head.catalog.veps.filter { $0.number == vep.number && $0.path != vep.path }
        guard !others.isEmpty else { return [] }
        return [Violation(at: claim.position, "VEP \(vep.number) is also claimed by \(others.map { "`\($0.path)`" }.joined(separator: ", "))",
                          help: "give each VEP the number of its own tracking issue")]
    }
}

public struct VEPNumberMissingRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "vep-number-missing",
        name: "VEP has a number",
        severity: .error,
        explanation: """
        A VEP document must say which VEP it is: front matter `vep-number`, a title heading such as \
        `# VEP #183: …`, or a folder prefix `183-`. A `vep.md` with none of them cannot be tracked, listed or \
        linked to its tracking issue.
        """,
        triggeringExamples: [
            .document("↓" + Sample.legacy(heading: "# Faster links"), path: "veps/sig-network/faster-links/vep.md"),
        ],
        nonTriggeringExamples: [
            .document(Sample.legacy(heading: "# Faster links"), path: "veps/sig-network/42-faster-links/vep.md"),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .unidentified else { return [] }
        return [Violation(at: .start, "this VEP document carries no VEP number",
                          help: "open a tracking issue and use its number: `vep-number:` in front matter, `# VEP #N: Title`, and the folder prefix `N-`")]
    }
}

public struct DocumentSymlinkRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "document-symlink",
        name: "Document is a file, not a link",
        severity: .error,
        explanation: """
        A VEP document, like `.vep.yaml`, is a file of its own, and VEP and group folders are folders. git \
        stores a symbolic link as the path it points to: GitHub shows that path instead of the proposal, and \
        git-vep does not follow it, so a VEP behind a link is neither listed, nor tracked, nor checked, and a \
        linked `.vep.yaml` is not read. Commit the file or folder itself where the link is.
        """,
        triggeringExamples: [
            RuleExample(files: [:], links: [RuleExample.defaultPath: "↓../../drafts/faster-links.md"]),
            RuleExample(files: [RuleExample.defaultPath: Sample.vep()],
                        links: ["veps/sig-network/42-faster-links/passt-beta.md": "↓../21-passt/passt-beta.md"]),
            RuleExample(files: [RuleExample.defaultPath: Sample.vep()], links: [Configuration.fileName: "↓config/vep.yaml"]),
            // A VEP folder, or a whole group, behind a link.
            RuleExample(files: [RuleExample.defaultPath: Sample.vep()], links: ["veps/sig-network/43-slow-links": "↓../../drafts/slow-links"]),
            RuleExample(files: [RuleExample.defaultPath: Sample.vep()], links: ["veps/sig-storage": "↓../storage-veps"]),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep()),
            // Images and other files may be links; so may Markdown outside the group folders.
            RuleExample(files: [RuleExample.defaultPath: Sample.vep()],
                        links: ["veps/sig-network/42-faster-links/diagram.png": "../../images/diagram.png",
                                "veps/README.md": "../README.md", "CONTRIBUTING.md": "docs/CONTRIBUTING.md",
                                "veps/sig-network/diagrams": "../../images"]),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .symbolicLink, let link = subject.link else { return [] }
        let what = link.path == Configuration.fileName ? "`.vep.yaml`"
            : LintSnapshot.linkedFolder(link.path, layout: context.layout).map { "this \($0)" } ?? "this VEP document"
        let help = LintSnapshot.linkedFolder(link.path, layout: context.layout) == nil
            ? "put the file itself in its place: `cp --remove-destination \"$(realpath \(link.path))\" \(link.path)`"
            : "put the folder itself in its place: `target=$(realpath \(link.path)) && rm \(link.path) && cp -R \"$target\" \(link.path)`"
        return [Violation(at: .start, "\(what) is a symbolic link to `\(link.target)`, which git-vep does not follow", help: help)]
    }
}

public struct VEPDocumentMissingRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "vep-document-missing",
        name: "VEP folder holds its VEP",
        severity: .error,
        explanation: """
        A folder named as a VEP's, `<number>-<slug>` in a group, holds that VEP's document: `vep.md`, or in \
        an older layout a Markdown file that carries the number. A folder where git-vep finds no such \
        document is not a VEP to it: the VEP is not listed, its changes are not tracked and its rules are \
        not checked. This happens when the document is renamed (`vep.markdown`, `proposal.txt`), left out of \
        a commit, or deleted while its images stay behind. The finding points at the folder's first file.
        """,
        triggeringExamples: [
            RuleExample(files: ["veps/sig-network/42-faster-links/vep.markdown": "↓" + Sample.vep()]),
            RuleExample(files: ["veps/sig-network/42-faster-links/diagram.svg": "↓<svg/>\n",
                                "veps/sig-network/42-faster-links/flow.svg": "<svg/>\n"]),
            // Markdown that carries no number and does not read as a VEP: notes, not the proposal.
            RuleExample(files: ["veps/sig-network/42-faster-links/notes.md": "↓# Notes\n\nLinks are slow.\n"]),
            // The document deleted, its image left behind.
            RuleExample(files: ["veps/sig-network/42-faster-links/diagram.svg": "↓<svg/>\n"],
                        base: [RuleExample.defaultPath: Sample.vep(), "veps/sig-network/42-faster-links/diagram.svg": "<svg/>\n"]),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep()),
            // A shared folder of images is no VEP folder; neither is the template's, nor a dated one outside the groups.
            RuleExample(files: [RuleExample.defaultPath: Sample.vep(), "veps/sig-network/images/diagram.svg": "<svg/>\n",
                                "veps/NNNN-vep-template/vep.md": "# VEP #NNNN: Title\n",
                                "veps/meetings/2025-kubecon/notes.md": "# Notes\n"]),
            // Older layouts: a loose single-file VEP, and a folder whose Markdown carries the number.
            .document(Sample.legacy(), path: "veps/sig-network/42-faster-links.md"),
            .document(Sample.legacy(), path: "veps/sig-network/42-faster-links/design.md"),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .strayFolder, let folder = subject.strayFolder else { return [] }
        let expected = "\(folder.path)/\(context.layout.documentName)"
        let names = folder.documents.map { "`\(($0 as NSString).lastPathComponent)`" }
        if names.isEmpty {
            let renamed = folder.renamedDocuments
            let help = renamed.count == 1 ? "rename `\(renamed[0])` to `\(expected)`"
                : "add the VEP's document as `\(expected)`, or remove the folder"
            return [Violation(at: .start, "VEP folder `\(folder.path)` holds no Markdown document, so VEP \(folder.number) is neither listed nor tracked",
                              help: help)]
        }
        return [Violation(at: .start, "no document in VEP folder `\(folder.path)` (\(names.joined(separator: ", "))) reads as VEP \(folder.number)'s, "
                              + "so it is neither listed nor tracked",
                          help: "name the VEP's document `\(expected)`, or give it its number: `vep-number: \(folder.number)` in front matter or a title `# VEP #\(folder.number): …`")]
    }
}

public struct VEPTitleRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "vep-title",
        name: "Title heading",
        severity: .error,
        explanation: """
        The first heading of a VEP document is its title, as in the template: `# VEP #<number>: <title>`. \
        Readers, the rendered page and the tools that read VEPs without front matter take the number and \
        title from it; a document that opens with `# Overview`, or a title without a number, loses both.
        """,
        triggeringExamples: [
            .document(Sample.legacy(heading: "↓# Overview")),
            .document(Sample.legacy(heading: "↓# VEP: Faster links")),
            .document(Sample.vep(body: "\n↓## Overview\n\nText.\n")),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep()),
            .document(Sample.legacy(heading: "# VEP 42: Faster links")),
            // Front matter that never closes is `frontmatter-yaml`'s finding: its YAML comment is no first heading.
            .document(Sample.unterminated()),
        ])

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .main, let document = subject.document, !document.hasUnterminatedFrontMatter else { return [] }
        let example = "# VEP #\(document.number.map(String.init) ?? "N"): \(document.title?.value ?? "Title")"
        guard let first = document.headings.first else {
            let line = (document.frontMatter?.closingLine ?? 0) + 1
            return [Violation(at: SourcePosition(line: line, column: 1), "the document has no title heading", help: "start it with `\(example)`")]
        }
        guard first.level == 1 else {
            return [Violation(at: first.position, "the first heading is not the title `# VEP #N: Title`", help: "add `\(example)` before it")]
        }
        guard let identity = VEPDocument.headingIdentity(first.text) else {
            return [Violation(at: first.position, length: first.text.count + 2, "the first heading `\(first.text)` is not the VEP title",
                              help: "start the document with `\(example)`")]
        }
        if identity.number == nil {
            return [Violation(at: first.position, length: first.text.count + 2, "the title heading names no VEP number", help: "write it as `\(example)`")]
        }
        if identity.title.isEmpty {
            return [Violation(at: first.position, length: first.text.count + 2, "the title heading has no title", help: "write it as `\(example)`")]
        }
        return []
    }
}

public struct VEPSectionsRule: Rule {
    public init() {}
    public static let description = RuleDescription(
        identifier: "vep-sections",
        name: "Template sections",
        severity: .warning,
        explanation: """
        A VEP has the level-2 sections of the template (`veps/NNNN-vep-template/vep.md` in the linted \
        revision, or the upstream template's when there is none) in the template's order: Overview, \
        Motivation, Goals, Non Goals, Definition of Users, User Stories, Repos, Design, API Examples, \
        Alternatives, Scalability, Update/Rollback Compatibility, Functional Testing Approach, \
        Implementation History, Graduation Requirements. The metadata sections (VEP Status Metadata, \
        Release Signoff Checklist) are not required: front matter replaces them. Extra sections are fine. \
        A missing section is reported at the section it belongs before; one out of order where it stands.
        """,
        triggeringExamples: [
            .document(Sample.vep(body: """

            # VEP #42: Faster links

            ## Overview
            ## Motivation
            ## Goals
            ## Non Goals
            ## Definition of Users
            ## User Stories
            ## Repos
            ## Design
            ## API Examples
            ## Alternatives
            ↓## Functional Testing Approach
            ## Implementation History
            ## Appendix
            ## Graduation Requirements
            ↓## Update/Rollback Compatibility

            """)),
        ],
        nonTriggeringExamples: [
            .document(Sample.vep(body: "\n# VEP #42: Faster links\n\n" + VEPSectionsRule.defaultSections.map { "## \($0)\n" }.joined())),
            // Where the Markdown of a front matter that never closes starts is unknown: `frontmatter-yaml` says so.
            .document(Sample.unterminated()),
        ])

    /// The level-2 sections of the upstream template, metadata sections left out.
    public static let defaultSections = [
        "Overview", "Motivation", "Goals", "Non Goals", "Definition of Users", "User Stories", "Repos", "Design",
        "API Examples", "Alternatives", "Scalability", "Update/Rollback Compatibility", "Functional Testing Approach",
        "Implementation History", "Graduation Requirements",
    ]

    static func normalize(_ title: String) -> String {
        title.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            .trimming { $0 == "." || $0 == ":" }
    }

    public func validate(_ subject: LintSubject, in context: LintContext) -> [Violation] {
        guard subject.role == .main, let document = subject.document, !document.hasUnterminatedFrontMatter else { return [] }
        let required = context.head.templateSections ?? Self.defaultSections
        let order = Dictionary(required.enumerated().map { (Self.normalize($0.element), $0.offset) }, uniquingKeysWith: { a, _ in a })
        let present = document.sections.compactMap { heading in order[Self.normalize(heading.text)].map { (index: $0, heading: heading) } }
        var violations: [Violation] = []
        var highest = -1
        var inOrder: [(index: Int, heading: Heading)] = []
        for entry in present {
            if entry.index < highest {
                let later = required[highest]
                violations.append(Violation(at: entry.heading.position, length: entry.heading.text.count + 3,
                                            "section `## \(entry.heading.text)` comes after `## \(later)`; the template puts it before",
                                            help: "move `## \(entry.heading.text)` before `## \(later)`"))
            } else {
                highest = entry.index
                inOrder.append(entry)
            }
        }
        // Missing sections that belong at the same place make one finding.
        let found = Set(present.map(\.index))
        var groups: [(anchor: (index: Int, heading: Heading)?, titles: [String])] = []
        for (index, title) in required.enumerated() where !found.contains(index) {
            let next = inOrder.first { $0.index > index }
            if let last = groups.last, last.anchor?.index == next?.index {
                groups[groups.count - 1].titles.append(title)
            } else {
                groups.append((next, [title]))
            }
        }
        for group in groups {
            let names = group.titles.map { "`## \($0)`" }.joined(separator: ", ")
            let subject = group.titles.count == 1 ? "section \(names) is missing" : "sections \(names) are missing"
            if let next = group.anchor {
                violations.append(Violation(at: next.heading.position, "\(subject); the template puts \(group.titles.count == 1 ? "it" : "them") before `## \(next.heading.text)`",
                                            help: "add \(group.titles.count == 1 ? "it" : "them") before this section (write N/A where one does not apply)"))
            } else {
                let anchor = inOrder.last?.heading ?? document.headings.first
                violations.append(Violation(at: anchor?.position ?? .start, "\(subject); the template puts \(group.titles.count == 1 ? "it" : "them") at the end",
                                            help: "add \(group.titles.count == 1 ? "it" : "them") after the last section (write N/A where one does not apply)"))
            }
        }
        return violations
    }
}
