import Foundation

/// The JSON shape of one VEP, shared by `list --json`, `show --json` and reports.
public struct VEPRecord: Encodable, Sendable {
    public let vep: VEP
    /// Included as `timeline` (oldest first) when given.
    public let timeline: [TimelineEvent]?

    public init(_ vep: VEP, timeline: [TimelineEvent]? = nil) {
        self.vep = vep
        self.timeline = timeline
    }

    enum Key: String, CodingKey {
        case number, title, group, path, files, format, status, stage, milestones, authors, reviewers, approvers
        case owningSIG = "owning_sig", participatingSIGs = "participating_sigs", featureGate = "feature_gate"
        case replaces, supersededBy = "superseded_by", creationDate = "creation_date", timeline
    }

    enum MilestoneKey: String, CodingKey { case alpha, beta, ga }

    public func encode(to encoder: Encoder) throws {
        let document = vep.document
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(vep.number, forKey: .number)
        try container.encode(vep.title, forKey: .title)
        try container.encode(vep.group, forKey: .group)
        try container.encode(vep.path, forKey: .path)
        try container.encode(vep.files, forKey: .files)
        try container.encode(vep.format.rawValue, forKey: .format)
        try container.encode(vep.status?.rawValue, forKey: .status)
        try container.encode(vep.stage?.rawValue, forKey: .stage)
        var milestones = container.nestedContainer(keyedBy: MilestoneKey.self, forKey: .milestones)
        let targets = vep.milestones
        try milestones.encode(targets.alpha?.value.description, forKey: .alpha)
        try milestones.encode(targets.beta?.value.description, forKey: .beta)
        try milestones.encode(targets.ga?.value.description, forKey: .ga)
        try container.encode(document.authors.map(\.value), forKey: .authors)
        try container.encode(document.reviewers.map(\.value), forKey: .reviewers)
        try container.encode(document.approvers.map(\.value), forKey: .approvers)
        try container.encode(document.owningSIG?.value, forKey: .owningSIG)
        try container.encode(document.participatingSIGs.map(\.value), forKey: .participatingSIGs)
        try container.encode(document.featureGate?.value, forKey: .featureGate)
        try container.encode(document.replaces?.value, forKey: .replaces)
        try container.encode(document.supersededBy?.value, forKey: .supersededBy)
        try container.encode(document.creationDate?.value, forKey: .creationDate)
        if let timeline { try container.encode(timeline, forKey: .timeline) }
    }

    /// Encodes records as one pretty JSON array with stable key order.
    public static func json(_ veps: [VEP]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(veps.map { VEPRecord($0) }), as: UTF8.self)
    }

    /// One object for a single VEP, an array when a number is claimed twice.
    public static func json(_ veps: [VEP], timeline: [TimelineEvent]?, single: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let records = veps.map { VEPRecord($0, timeline: timeline) }
        return String(decoding: single ? try encoder.encode(records[0]) : try encoder.encode(records), as: UTF8.self)
    }
}
