import Foundation

/// How findings are printed. Every format renders the same `Finding` values.
public enum LintFormat: String, CaseIterable, Sendable {
    case human, json, github, sarif

    public func render(_ findings: [Finding], color: Bool = false) -> String {
        switch self {
        case .human: return Self.human(findings, color: color)
        case .json: return Self.json(findings)
        case .github: return Self.github(findings)
        case .sarif: return Self.sarif(findings)
        }
    }

    // MARK: Human

    /// rustc/eipw style: `error[rule]: message`, ` --> path:line:col`, the quoted line with carets, `= help:`.
    public static func human(_ findings: [Finding], color: Bool) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[m" : text }
        var output = ""
        for finding in findings {
            let levelColor = finding.severity == .error ? "1;31" : "1;33"
            let gutter = String(repeating: " ", count: String(finding.line).count)
            let bar = paint("|", "1;34")
            output += paint("\(finding.severity.rawValue)[\(finding.rule)]", levelColor) + paint(": \(finding.message.terminalSafe)", "1") + "\n"
            output += gutter + paint("-->", "1;34") + " \(finding.path.terminalSafe):\(finding.line):\(finding.column)\n"
            if let line = finding.sourceLine {
                // One sign per control character: the carets keep their columns.
                let expanded = line.terminalSafe.replacingOccurrences(of: "\t", with: "    ")
                let prefix = String(line.prefix(max(0, finding.column - 1)))
                let indent = prefix.replacingOccurrences(of: "\t", with: "    ").count
                let available = max(1, expanded.count - indent)
                let carets = String(repeating: "^", count: min(finding.length, available))
                output += "\(gutter) \(bar)\n"
                output += paint(String(finding.line), "1;34") + " \(bar) \(expanded)\n"
                output += "\(gutter) \(bar) " + String(repeating: " ", count: indent) + paint(carets, levelColor) + "\n"
                if finding.help != nil { output += "\(gutter) \(bar)\n" }
            }
            if let help = finding.help {
                output += "\(gutter) " + paint("=", "1;34") + " " + paint("help", "1") + ": \(help.terminalSafe)\n"
            }
            output += "\n"
        }
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.count - errors
        if !findings.isEmpty {
            let files = Set(findings.map(\.path)).count
            output += "\(plural(errors, "error")), \(plural(warnings, "warning")) in \(plural(files, "file"))\n"
        }
        return output
    }

    static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    // MARK: JSON

    /// One array of objects: rule, severity, path, line, column, message, help, source.
    public static func json(_ findings: [Finding]) -> String {
        if findings.isEmpty { return "[]\n" }
        let objects = findings.map { finding in
            "  {\"rule\": \(quote(finding.rule)), \"severity\": \(quote(finding.severity.rawValue)), \"path\": \(quote(finding.path)), "
                + "\"line\": \(finding.line), \"column\": \(finding.column), \"message\": \(quote(finding.message)), "
                + "\"help\": \(finding.help.map(quote) ?? "null"), \"source\": \(finding.sourceLine.map(quote) ?? "null")}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }

    /// A JSON string literal (RFC 8259 escaping).
    public static func quote(_ text: String) -> String { JSONText.string(text) }

    // MARK: GitHub workflow commands

    /// `::error file=…,line=…,col=…,title=rule::message` (help on a second line of the message).
    public static func github(_ findings: [Finding]) -> String {
        findings.map { finding in
            let properties = "file=\(escapeProperty(finding.path)),line=\(finding.line),col=\(finding.column),title=\(escapeProperty(finding.rule))"
            let message = finding.message + (finding.help.map { "\nhelp: \($0)" } ?? "")
            return "::\(finding.severity.rawValue) \(properties)::\(escapeData(message))\n"
        }.joined()
    }

    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    // MARK: SARIF

    /// A minimal SARIF 2.1.0 log: one run, the rules that have results, one result per finding.
    public static func sarif(_ findings: [Finding]) -> String {
        let used = Set(findings.map(\.rule))
        let rules = RuleCatalog.descriptions.filter { used.contains($0.identifier) }
        let index = Dictionary(rules.enumerated().map { ($0.element.identifier, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let ruleObjects = rules.map { rule in
            "        {\"id\": \(quote(rule.identifier)), \"name\": \(quote(rule.name)), "
                + "\"shortDescription\": {\"text\": \(quote(rule.name))}, \"fullDescription\": {\"text\": \(quote(rule.explanation))}, "
                + "\"defaultConfiguration\": {\"level\": \(quote(rule.severity.rawValue))}}"
        }
        let results = findings.map { finding in
            var text = finding.message
            if let help = finding.help { text += " (help: \(help))" }
            let ruleIndex = index[finding.rule].map { ", \"ruleIndex\": \($0)" } ?? ""
            return "        {\"ruleId\": \(quote(finding.rule))\(ruleIndex), \"level\": \(quote(finding.severity.rawValue)), "
                + "\"message\": {\"text\": \(quote(text))}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \(quote(finding.path))}, "
                + "\"region\": {\"startLine\": \(finding.line), \"startColumn\": \(finding.column)}}}]}"
        }
        func list(_ items: [String]) -> String { items.isEmpty ? "[]" : "[\n" + items.joined(separator: ",\n") + "\n      ]" }
        return """
        {
          "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
          "version": "2.1.0",
          "runs": [
            {
              "tool": {"driver": {"name": "git-vep", "informationUri": "https://github.com/kubevirt/enhancements", "rules": \(list(ruleObjects))}},
              "results": \(list(results))
            }
          ]
        }

        """
    }
}

/// The rule catalogue as a Markdown page: `docs/rules.md` is this text.
public enum RuleDocumentation {
    public static func markdown() -> String {
        var text = """
        # git-vep lint rules

        <!-- Generated by `git vep lint --list-rules --format markdown`; do not edit by hand. -->

        Every check of `git vep lint` (and of the hooks) is one rule with a stable id. Change a rule's severity in
        `.vep.yaml` (`rules: {vep-sections: off}`; `error`, `warning` or `off`), and read one rule with
        `git vep explain ID`. In the examples, `↓` marks where the finding points.

        | id | severity | name |
        |---|---|---|

        """
        for rule in RuleCatalog.descriptions {
            text += "| [`\(rule.identifier)`](#\(rule.identifier)) | \(rule.severity.rawValue) | \(rule.name) |\n"
        }
        for rule in RuleCatalog.descriptions {
            text += "\n## \(rule.identifier)\n\n**\(rule.name)** — default severity: \(rule.severity.rawValue)\n\n\(rule.explanation)\n"
            text += section("Triggering examples", rule.triggeringExamples)
            text += section("Non-triggering examples", rule.nonTriggeringExamples)
        }
        text += """

        # Checked by vep-pre-receive

        The server hook also refuses what only a server can judge: who pushes a change (DESIGN §5: policy read from the
        tree before the push) and whether the push can be judged at all. These are no lint rules (lint has no pusher),
        so `.vep.yaml` `rules:` does not turn them off; `git vep explain ID` explains each.

        | id | name |
        |---|---|

        """
        for check in ServerCheck.all {
            text += "| [`\(check.identifier)`](#\(check.identifier)) | \(check.name) |\n"
        }
        for check in ServerCheck.all {
            text += "\n## \(check.identifier)\n\n**\(check.name)**\n\n\(check.explanation)\n"
        }
        return text
    }

    private static func section(_ title: String, _ examples: [RuleExample]) -> String {
        var text = "\n### \(title)\n"
        for example in examples {
            text += "\n"
            defer {
                for (path, target) in example.links.sorted(by: { $0.key < $1.key }) {
                    text += "`\(path)`, a symbolic link to `\(target)`\n\n"
                }
            }
            guard let base = example.base else {
                for (path, content) in example.files.sorted(by: { $0.key < $1.key }) { text += "`\(path)`:\n\n" + fence(content) }
                continue
            }
            if example.files[Configuration.fileName] != nil || base[Configuration.fileName] != nil {
                text += "Judged on \(example.date).\n\n"
            }
            for path in Set(base.keys).union(example.files.keys).sorted() {
                switch (base[path], example.files[path]) {
                case let (before?, after?) where before == after: text += "`\(path)`, unchanged:\n\n" + fence(after)
                case let (before?, after?): text += "`\(path)` before:\n\n" + fence(before) + "after:\n\n" + fence(after)
                case let (nil, after?): text += "`\(path)`, new:\n\n" + fence(after)
                case let (before?, nil): text += "`\(path)`, deleted; before:\n\n" + fence(before)
                default: break
                }
            }
        }
        return text
    }

    /// Control characters (the binary example) as their visible Control Pictures.
    public static func visible(_ text: String) -> String { text.terminalSafeLines }

    private static func fence(_ content: String) -> String {
        let visibleContent = visible(content)
        let body = visibleContent.hasSuffix("\n") ? visibleContent : visibleContent + "\n"
        let language = body.hasPrefix("---") || body.hasPrefix("↓---") || body.hasPrefix("#") || body.hasPrefix("↓#") ? "markdown" : "yaml"
        return "```\(language)\n\(body)```\n\n"
    }
}
