import Foundation

/// The report as one self-contained HTML page: no script, no external font or image, readable printed.
extension ReleaseReport {
    public func html(generated: String) -> String {
        var body = "<header>\n<h1>VEPs for \(release)</h1>\n<p class=\"meta\">"
        body += freeze.map { "VEP Freeze <strong>\(htmlEscape($0))</strong>" } ?? "No VEP Freeze scheduled"
        body += " · \(targeting.count) VEP\(targeting.count == 1 ? "" : "s") targeting \(release) · \(slipped.count) slipped · generated \(htmlEscape(generated))</p>\n</header>\n"
        if !entries.isEmpty {
            body += "<section id=\"chart\">\n<h2>Stage targets across releases</h2>\n" + chart + "\n</section>\n"
        }
        for (group, entries) in bySIG {
            // An id has no spaces (HTML): the group's words joined by `-`.
            body += "<section class=\"sig\" id=\"\(htmlEscape(group.split(whereSeparator: \.isWhitespace).joined(separator: "-")))\">\n<h2>\(htmlEscape(group))</h2>\n<table>\n"
            body += "<thead><tr><th>VEP</th><th>Title</th><th>Stage</th><th>Status</th><th>Accepted</th><th>Before freeze</th><th>Other targets</th></tr></thead>\n<tbody>\n"
            for entry in entries {
                let freezeClass = entry.beforeFreeze.map { $0 ? "yes" : "no" } ?? "unknown"
                let freezeText = entry.beforeFreeze.map { $0 ? "yes" : "no" } ?? "—"
                body += "<tr data-vep=\"\(entry.number)\"><td>\(link(entry))</td><td>\(htmlEscape(entry.title))</td>"
                body += "<td>\(entry.stages.map { "<span class=\"stage \($0.rawValue)\">\($0.displayName)</span>" }.joined(separator: " "))</td>"
                body += "<td>\(htmlEscape(entry.status?.rawValue ?? "—"))</td><td class=\"day\">\(ReleaseReport.acceptedDay(entry.accepted).map(htmlEscape) ?? "—")</td>"
                body += "<td class=\"freeze \(freezeClass)\">\(freezeText)</td><td>\(htmlEscape(entry.otherTargets.isEmpty ? "—" : entry.otherTargets))</td></tr>\n"
            }
            body += "</tbody>\n</table>\n</section>\n"
        }
        if targeting.isEmpty { body += "<p>No VEP targets \(release).</p>\n" }
        if !slipped.isEmpty {
            body += "<section class=\"slipped\" id=\"slipped\">\n<h2>Slipped from \(release)</h2>\n<table>\n"
            body += "<thead><tr><th>VEP</th><th>Title</th><th>SIG</th><th>Was</th><th>Now</th></tr></thead>\n<tbody>\n"
            for entry in slipped {
                let now = entry.deleted ? "deleted" : entry.slippedTo.map { "\(entry.slippedStage?.displayName ?? "") \($0)" } ?? "no target"
                body += "<tr data-vep=\"\(entry.number)\"><td>\(link(entry))</td><td>\(htmlEscape(entry.title))</td><td>\(htmlEscape(entry.group))</td>"
                body += "<td>\(entry.slippedStage?.displayName ?? "—") \(release)</td><td>\(htmlEscape(now))</td></tr>\n"
            }
            body += "</tbody>\n</table>\n</section>\n"
        }
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>VEPs for \(release)</title>
        <style>
        \(Self.style)
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    private func link(_ entry: ReportEntry) -> String {
        guard let url = entry.issueURL else { return "#\(entry.number)" }
        return "<a href=\"\(htmlEscape(url))\">#\(entry.number)</a>"
    }

    /// Releases shown as chart columns: every targeted release, gaps within a major version filled.
    var chartReleases: [Release] {
        let used = Set(entries.flatMap { $0.milestones.values } + [release])
        var result: [Release] = []
        for major in Set(used.map(\.major)).sorted() {
            let minors = used.filter { $0.major == major }.map(\.minor)
            result += (minors.min()!...minors.max()!).map { Release(major: major, minor: $0) }
        }
        return result
    }

    /// An SVG grid: one row per VEP, one column per release, a marker per stage target joined by a line.
    var chart: String {
        let releases = chartReleases
        let label = 64, column = 64, rowHeight = 26, top = 34, radius = 9
        let width = max(label + column * releases.count + 16, label + 3 * 90 + 280)
        let height = top + rowHeight * entries.count + 40
        func x(_ release: Release, _ offset: Int) -> Int {
            label + column * (releases.firstIndex(of: release) ?? 0) + column / 2 + offset
        }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" aria-label=\"Stage targets of each VEP across releases\">\n"
        if let current = releases.firstIndex(of: release) {
            svg += "<rect class=\"current\" x=\"\(label + column * current)\" y=\"\(top - 22)\" width=\"\(column)\" height=\"\(rowHeight * entries.count + 26)\"/>\n"
        }
        for (index, value) in releases.enumerated() {
            svg += "<text class=\"release\" x=\"\(label + column * index + column / 2)\" y=\"\(top - 8)\" text-anchor=\"middle\">\(value)</text>\n"
        }
        for (row, entry) in entries.enumerated() {
            let y = top + rowHeight * row + rowHeight / 2
            svg += "<g class=\"row\(entry.slipped ? " slipped" : "")\" data-vep=\"\(entry.number)\">\n"
            svg += "<line class=\"grid\" x1=\"\(label)\" y1=\"\(y)\" x2=\"\(width - 16)\" y2=\"\(y)\"/>\n"
            svg += "<text class=\"label\" x=\"\(label - 8)\" y=\"\(y + 4)\" text-anchor=\"end\">#\(entry.number)</text>\n"
            // Two stages in one release sit side by side.
            var points: [(stage: Stage, x: Int)] = []
            for stage in Stage.allCases {
                guard let value = entry.milestones[stage] else { continue }
                let sharing = Stage.allCases.filter { entry.milestones[$0] == value }
                let position = sharing.firstIndex(of: stage)!
                let offset = (position * 2 - (sharing.count - 1)) * (radius + 1)
                points.append((stage, x(value, offset)))
            }
            for (a, b) in zip(points, points.dropFirst()) {
                svg += "<line class=\"path\" x1=\"\(a.x)\" y1=\"\(y)\" x2=\"\(b.x)\" y2=\"\(y)\"/>\n"
            }
            for point in points {
                let letter = point.stage == .ga ? "GA" : String(point.stage.displayName.prefix(1)).uppercased()
                svg += "<g class=\"marker \(point.stage.rawValue)\"><title>VEP \(entry.number): \(point.stage.displayName) \(entry.milestones[point.stage]!)</title>"
                svg += "<circle cx=\"\(point.x)\" cy=\"\(y)\" r=\"\(radius)\"/>"
                svg += "<text x=\"\(point.x)\" y=\"\(y + 3)\" text-anchor=\"middle\">\(letter)</text></g>\n"
            }
            svg += "</g>\n"
        }
        let legendY = top + rowHeight * entries.count + 24
        for (index, stage) in Stage.allCases.enumerated() {
            let lx = label + index * 90
            svg += "<g class=\"marker \(stage.rawValue) legend\"><circle cx=\"\(lx + radius)\" cy=\"\(legendY)\" r=\"\(radius)\"/></g>"
            svg += "<text class=\"legend-text\" x=\"\(lx + radius * 2 + 6)\" y=\"\(legendY + 4)\">\(stage.displayName)</text>\n"
        }
        if entries.contains(where: \.slipped) {
            svg += "<text class=\"legend-text\" x=\"\(label + 3 * 90)\" y=\"\(legendY + 4)\">faded rows: slipped from \(release)</text>\n"
        }
        return svg + "</svg>"
    }

    static let style = """
    :root { color-scheme: light; }
    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1b1f24;
           margin: 2rem auto; max-width: 72rem; padding: 0 1.5rem; line-height: 1.4; }
    h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
    h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
    .meta { color: #57606a; margin: 0; }
    table { border-collapse: collapse; width: 100%; font-size: .92rem; }
    th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #d8dee4; vertical-align: top; }
    th { background: #f6f8fa; font-weight: 600; }
    td.day { white-space: nowrap; }
    a { color: #0550ae; text-decoration: none; }
    .stage { display: inline-block; border-radius: .6rem; padding: 0 .5rem; font-size: .8rem; font-weight: 600; color: #fff; }
    .stage.alpha { background: #bc4c00; } .stage.beta { background: #0969da; } .stage.ga { background: #1a7f37; }
    .freeze.no { color: #cf222e; font-weight: 600; } .freeze.yes { color: #1a7f37; }
    svg { max-width: 100%; height: auto; font-family: inherit; }
    svg .current { fill: #fff8c5; }
    svg .release { font-size: 12px; fill: #57606a; font-weight: 600; }
    svg .label { font-size: 12px; fill: #1b1f24; }
    svg .grid { stroke: #eaeef2; stroke-width: 1; }
    svg .path { stroke: #8c959f; stroke-width: 2; }
    svg .marker text { font-size: 9px; font-weight: 700; fill: #fff; }
    svg .marker.alpha circle { fill: #bc4c00; } svg .marker.beta circle { fill: #0969da; } svg .marker.ga circle { fill: #1a7f37; }
    svg .legend-text { font-size: 12px; fill: #1b1f24; }
    svg .slipped { opacity: .45; }
    @media print {
      body { margin: 0; max-width: none; font-size: 10pt; color: #000; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      a { color: #000; }
      a[href]::after { content: " (" attr(href) ")"; font-size: 8pt; color: #444; }
      section, tr, svg { break-inside: avoid; }
      h2 { break-after: avoid; }
    }
    """
}

/// Text for HTML content and attribute values; control characters (not allowed in HTML) shown as visible signs.
func htmlEscape(_ text: String) -> String {
    var result = ""
    for character in text.terminalSafe {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&#39;"
        default: result.append(character)
        }
    }
    return result
}
