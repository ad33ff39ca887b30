/// Every rule git-vep knows, in the order the documentation lists them.
public enum RuleCatalog {
    public static let all: [any Rule.Type] = [
        // Structure
        VEPDirectoryNameRule.self, VEPDocumentNameRule.self, VEPGroupRule.self, VEPNumberMismatchRule.self,
        VEPNumberDuplicateRule.self, VEPNumberMissingRule.self, VEPNumberInvalidRule.self, VEPTitleRule.self,
        VEPSectionsRule.self, VEPDocumentMissingRule.self, DocumentUnreadableRule.self, DocumentSymlinkRule.self,
        // Front matter
        FrontMatterYAMLRule.self, FrontMatterRequiredFieldRule.self, FrontMatterTypeRule.self,
        FrontMatterAllowedValueRule.self, FrontMatterUnknownKeyRule.self, OwningSIGGroupRule.self,
        ParticipatingSIGRule.self, HandleFormatRule.self, ReleaseUnrecognizedRule.self,
        // Fields required by status
        ImplementableCommitmentRule.self, ImplementableMilestoneRule.self, ReplacedSupersededByRule.self,
        FeatureGateRequiredRule.self,
        // Transitions against the base
        StatusTransitionRule.self, StatusTerminalRule.self, StatusInitialRule.self, StageTransitionRule.self, MetadataRemovedRule.self,
        VEPNumberChangedRule.self, VEPDeletedRule.self, VEPFreezeRule.self,
        // Format migration
        LegacyFormatRule.self, NewVEPFrontMatterRule.self,
        // Configuration
        ConfigurationRule.self, LayoutChangeRule.self, OwnersYAMLRule.self,
    ]

    public static var descriptions: [RuleDescription] { all.map { $0.description } }

    /// The rule with this id, in any case (`LEGACY-FORMAT` is `legacy-format`).
    public static func description(of identifier: String) -> RuleDescription? {
        descriptions.first { $0.identifier == identifier.lowercased() }
    }

    /// The known id closest to `identifier`, for "did you mean".
    public static func closestIdentifier(to identifier: String, among others: [String] = []) -> String? {
        let ids = descriptions.map(\.identifier) + others
        if let prefixed = ids.first(where: { $0.hasPrefix(identifier) || identifier.hasPrefix($0) }) { return prefixed }
        return ids.map { ($0, editDistance(identifier, $0)) }.min { $0.1 < $1.1 }?.0
    }

    /// Runs one example through the whole engine: its snapshots become a context judged on the example's day.
    public static func run(_ example: RuleExample) throws -> (findings: [Finding], markers: Set<String>) {
        let (head, headMarkers) = RuleExample.strip(example.files)
        let (links, linkMarkers) = RuleExample.strip(example.links)
        var markers = headMarkers.merging(linkMarkers) { $0 + $1 }
        var baseSnapshot: LintSnapshot?
        if let base = example.base {
            let (clean, baseMarkers) = RuleExample.strip(base)
            markers.merge(baseMarkers) { $0 + $1 }
            baseSnapshot = try LintSnapshot.read(MemorySource(clean, label: "base"))
        }
        let headSnapshot = try LintSnapshot.read(MemorySource(head, links: links, label: "head"), layout: baseSnapshot?.layout)
        let context = LintContext(head: headSnapshot, base: baseSnapshot, date: example.date)
        let findings = Linter.lint(context)
        let places = Set(markers.flatMap { path, positions in positions.map { "\(path):\($0.line):\($0.column)" } })
        return (findings, places)
    }
}
