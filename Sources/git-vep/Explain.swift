import ArgumentParser
import Foundation
import VEPGit
import VEPCore

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain a lint rule: what it checks, why, and examples that do and do not trigger it.",
        discussion: "`git vep lint --list-rules` lists the ids, with the server hook's own checks (vep-owner, …). "
            + "An unknown id exits with status 2 and the closest known id."
    )

    @Argument(help: ArgumentHelp("The rule id, as printed in brackets by git vep lint.", valueName: "id"))
    var identifier: String

    func run() throws {
        if RuleCatalog.description(of: identifier) == nil, let check = ServerCheck.named(identifier) {
            writeToStandardOutput("\(check.identifier): \(check.name)\nchecked by: vep-pre-receive, the server hook "
                                  + "(lint has no pusher and no server)\n\n\(check.explanation)\n")
            return
        }
        guard let rule = RuleCatalog.description(of: identifier) else {
            let suggestion = RuleCatalog.closestIdentifier(to: identifier, among: ServerCheck.all.map(\.identifier))
                .map { "; did you mean '\($0)'?" } ?? ""
            writeToStandardError("error: no rule '\(identifier)'\(suggestion)\n(git vep lint --list-rules lists them all, "
                                 + "with the server hook's checks)\n")
            Foundation.exit(2)
        }
        var text = "\(rule.identifier): \(rule.name)\ndefault severity: \(rule.severity.rawValue)\n\n\(rule.explanation)\n"
        for (title, examples) in [("Triggers on", rule.triggeringExamples), ("Does not trigger on", rule.nonTriggeringExamples)] {
            for (index, example) in examples.enumerated() {
                text += "\n\(title) (\(index + 1) of \(examples.count)):\n"
                if let base = example.base {
                    // As docs/rules.md: a file the change removes is "deleted" (a move shows as one deleted, one new).
                    for (path, content) in base.sorted(by: { $0.key < $1.key }) where example.files[path] != content {
                        text += "  \(example.files[path] == nil ? "deleted \(path), before" : "base \(path)"):\n" + indent(content)
                    }
                }
                for (path, content) in example.files.sorted(by: { $0.key < $1.key }) where example.base?[path] != content {
                    // A file the base does not have is new in the change (a new VEP, which other rules judge).
                    let label = example.base == nil ? "" : example.base?[path] == nil ? "new " : "head "
                    text += "  \(label)\(path):\n" + indent(content)
                }
                for (path, target) in example.links.sorted(by: { $0.key < $1.key }) {
                    text += "  \(path): a symbolic link to \(target)\n"
                }
            }
        }
        writeToStandardOutput(text)
    }

    private func indent(_ content: String) -> String {
        RuleDocumentation.visible(content).split(separator: "\n", omittingEmptySubsequences: false).dropLast(content.hasSuffix("\n") ? 1 : 0)
            .map { $0.isEmpty ? "" : "    " + $0 }.joined(separator: "\n") + "\n"
    }
}
