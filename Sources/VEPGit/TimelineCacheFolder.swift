import Foundation
import GitKit
import VEPCore

/// Derived timelines kept in the git directory, one file per tip (named by its commit id), for the
/// few tips most recently used. Every file is written whole under a private name and renamed into
/// place, so concurrent runs only ever see whole files; anything unreadable is ignored.
struct TimelineCacheFolder {
    /// nil: no cache at all.
    let path: String?
    let fingerprint: String

    /// The cached tips, most recently used first.
    var tipsNewestFirst: [ObjectID] {
        guard let path, let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [] }
        let entries = names.compactMap { name -> (tip: ObjectID, used: Date)? in
            guard let tip = ObjectID(hex: name), tip.hex == name,
                  let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name),
                  let used = attributes[.modificationDate] as? Date else { return nil }
            return (tip, used)
        }
        return entries.sorted { $0.used > $1.used }.map(\.tip)
    }

    var tips: Set<ObjectID> { Set(tipsNewestFirst) }

    /// The events of `tip`'s cached timeline, without the tracker state.
    func events(at tip: ObjectID) -> [TimelineEvent]? {
        load(tip, eventsOnly: true)?.events
    }

    /// `tip`'s cached timeline with the tracker state, to continue from.
    func timeline(at tip: ObjectID) -> TimelineCache? {
        load(tip, eventsOnly: false)
    }

    private func load(_ tip: ObjectID, eventsOnly: Bool) -> TimelineCache? {
        guard let path else { return nil }
        let file = path + "/" + tip.hex
        guard let data = FileManager.default.contents(atPath: file),
              let header = TimelineCache.header(of: data), header.fingerprint == fingerprint, header.tip == tip.hex,
              let cache = TimelineCache.decode(data, eventsOnly: eventsOnly) else { return nil }
        // Used now: the least recently used tips are the ones pruned.
        utimes(file, nil)
        return cache
    }

    /// Writes `cache` for its tip and prunes the least recently used tips; failures only cost speed.
    func store(_ cache: TimelineCache) {
        guard let path else { return }
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let file = path + "/" + cache.tip
        let temporary = "\(path)/.\(cache.tip).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard FileManager.default.createFile(atPath: temporary, contents: cache.encoded()) else { return }
        if rename(temporary, file) != 0 {
            unlink(temporary)
            return
        }
        for stale in tipsNewestFirst.dropFirst(History.cachedTips) {
            unlink(path + "/" + stale.hex)
        }
        // The single cache file of earlier versions.
        unlink((path as NSString).deletingLastPathComponent + "/timeline-cache")
    }
}
