/// The items-per-month chart of a dossier as inline SVG: one bar per month from the first to the last month with
/// items (months without items included, so that the time axis is even), stacked by evidence kind, with a legend,
/// a y axis of item counts and month labels. Every bar segment carries a `<title>` with its figures; the HTML
/// also gives the same figures as a table.
struct MonthChartSVG {
    /// Restrained colours, distinguishable in print and by most colour-blind readers; a kind's colour is the one
    /// at its position in the summary's kind order.
    static let palette = ["#4e79a7", "#e8a33d", "#59a14f", "#c8553d", "#76b7b2", "#b07aa1", "#9c755f", "#edc948", "#7f7f7f", "#ff9da7"]

    static func colour(at index: Int) -> String { palette[index % palette.count] }

    static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]

    struct Kind: Equatable {
        let key: String
        let label: String
        let colour: String
    }

    struct Month {
        let key: String
        /// nil when the key is not YYYY-MM.
        let year: Int?
        let month: Int?
        var counts: [Int]
        var total: Int { counts.reduce(0, +) }

        var longLabel: String {
            guard let year, let month else { return key }
            return MonthChartSVG.monthNames[month - 1] + " " + String(year)
        }
    }

    let kinds: [Kind]
    let months: [Month]

    /// The kinds in the summary's order (then any others, sorted); the months from first to last.
    init(summary: DossierDocument.Summary) {
        var kinds: [Kind] = []
        var seen = Set<String>()
        for count in summary.byKind where !seen.contains(count.key) {
            seen.insert(count.key)
            kinds.append(Kind(key: count.key, label: count.label, colour: Self.colour(at: kinds.count)))
        }
        var extra: [String: String] = [:]
        for month in summary.byMonth {
            for count in month.byKind where !seen.contains(count.key) { extra[count.key] = extra[count.key] ?? count.label }
        }
        for key in extra.keys.sorted() {
            kinds.append(Kind(key: key, label: extra[key]!, colour: Self.colour(at: kinds.count)))
        }
        self.kinds = kinds
        let position = Dictionary(kinds.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })

        func counts(_ month: DossierDocument.MonthCount) -> [Int] {
            var row = Array(repeating: 0, count: kinds.count)
            for count in month.byKind { if let i = position[count.key] { row[i] += count.count } }
            return row
        }
        let parsed = summary.byMonth.map { ($0, Self.parse($0.month)) }
        if !parsed.isEmpty, parsed.allSatisfy({ $0.1 != nil }) {
            let indices = parsed.map { $0.1!.year * 12 + $0.1!.month - 1 }
            let first = indices.min()!, last = indices.max()!
            if last - first < 600 {
                var months = (first...last).map { index in
                    Month(key: Self.key(year: index / 12, month: index % 12 + 1), year: index / 12, month: index % 12 + 1,
                          counts: Array(repeating: 0, count: kinds.count))
                }
                for (month, index) in zip(summary.byMonth, indices) {
                    let slot = index - first
                    let row = counts(month)
                    for k in row.indices { months[slot].counts[k] += row[k] }
                }
                self.months = months
                return
            }
        }
        self.months = summary.byMonth.map { month in
            let p = Self.parse(month.month)
            return Month(key: month.month, year: p?.year, month: p?.month, counts: counts(month))
        }
    }

    static func parse(_ key: String) -> (year: Int, month: Int)? {
        let parts = key.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        return (year, month)
    }

    static func key(year: Int, month: Int) -> String {
        let y = String(year), m = String(month)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (m.count == 1 ? "0" + m : m)
    }

    /// An approximate width of a label in the chart's 12px sans-serif, to lay out the legend.
    static func textWidth(_ text: String, size: Double = 12) -> Double {
        Double(text.count) * size * 0.56
    }

    /// The largest axis value and the step between ticks: 1, 2 or 5 times a power of ten, at most 5 steps.
    static func axis(maximum: Int) -> (top: Int, step: Int) {
        let maximum = max(maximum, 1)
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] {
                let step = factor * magnitude
                let steps = (maximum + step - 1) / step
                if steps <= 5 { return (steps * step, step) }
            }
            magnitude *= 10
        }
    }

    /// The SVG element; `id` prefixes the ids of its title and description.
    func svg(id: String = "month-chart") -> String {
        let width = 760.0
        let left = 44.0, right = 12.0
        // Legend rows
        var legend: [(x: Double, row: Int, kind: Kind)] = []
        var x = left, row = 0
        for kind in kinds {
            let entry = 16 + Self.textWidth(kind.label) + 18
            if x + entry > width - right, x > left {
                row += 1
                x = left
            }
            legend.append((x, row, kind))
            x += entry
        }
        let legendHeight = kinds.isEmpty ? 0.0 : Double(row + 1) * 20
        let plotTop = legendHeight + 18
        let plotHeight = 200.0
        let plotBottom = plotTop + plotHeight
        let height = plotBottom + 58
        let plotWidth = width - left - right
        let (top, step) = Self.axis(maximum: months.map(\.total).max() ?? 0)
        let slot = plotWidth / Double(max(months.count, 1))
        let barWidth = min(max(slot * 0.72, 1), 40)
        func y(_ value: Int) -> Double { plotBottom - Double(value) / Double(top) * plotHeight }
        let n = HTMLText.number

        var out = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
        out += "role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif\" font-size=\"12\">\n"
        out += "<title id=\"\(id)-title\">Items per month of occurrence, by kind of evidence</title>\n"
        let total = months.map(\.total).reduce(0, +)
        let span = months.isEmpty ? "" : " from " + months.first!.longLabel + " to " + months.last!.longLabel
        out += "<desc id=\"\(id)-desc\">" + HTMLText.escape("Stacked bar chart of \(total) dated items\(span); the table below gives the same figures.") + "</desc>\n"
        // Legend
        for entry in legend {
            let ly = Double(entry.row) * 20 + 4
            out += "<rect x=\"\(n(entry.x))\" y=\"\(n(ly))\" width=\"12\" height=\"12\" rx=\"2\" fill=\"\(entry.kind.colour)\"/>"
            out += "<text x=\"\(n(entry.x + 17))\" y=\"\(n(ly + 10.5))\" fill=\"#333\">" + HTMLText.escape(entry.kind.label) + "</text>\n"
        }
        // Grid and y axis
        var value = 0
        while value <= top {
            let gy = y(value)
            out += "<line x1=\"\(n(left))\" y1=\"\(n(gy))\" x2=\"\(n(width - right))\" y2=\"\(n(gy))\" stroke=\"\(value == 0 ? "#555" : "#ddd")\" stroke-width=\"1\"/>"
            out += "<text x=\"\(n(left - 6))\" y=\"\(n(gy + 4))\" text-anchor=\"end\" fill=\"#555\">\(value)</text>\n"
            value += step
        }
        out += "<text transform=\"translate(12 \(n(plotTop + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\" fill=\"#333\">Items</text>\n"
        // Bars
        let everyMonth = months.count <= 24
        for (i, month) in months.enumerated() {
            let bx = left + Double(i) * slot + (slot - barWidth) / 2
            var base = 0
            for (k, count) in month.counts.enumerated() where count > 0 {
                let y0 = y(base + count), y1 = y(base)
                out += "<rect x=\"\(n(bx))\" y=\"\(n(y0))\" width=\"\(n(barWidth))\" height=\"\(n(max(y1 - y0, 0.5)))\" fill=\"\(kinds[k].colour)\">"
                out += "<title>" + HTMLText.escape(month.longLabel + " · " + kinds[k].label + ": " + String(count)) + "</title></rect>\n"
                base += count
            }
            let cx = left + Double(i) * slot + slot / 2
            if everyMonth && month.total > 0 {
                out += "<text x=\"\(n(cx))\" y=\"\(n(y(month.total) - 4))\" text-anchor=\"middle\" font-size=\"10\" fill=\"#333\">\(month.total)</text>\n"
            }
            // Month labels: every month when there are few, otherwise January (and the first month) only.
            let isJanuary = month.month == 1
            if everyMonth || isJanuary || i == 0 {
                out += "<line x1=\"\(n(cx))\" y1=\"\(n(plotBottom))\" x2=\"\(n(cx))\" y2=\"\(n(plotBottom + 4))\" stroke=\"#555\"/>"
                let label = month.month.map { Self.monthAbbreviations[$0 - 1] } ?? month.key
                if everyMonth {
                    out += "<text x=\"\(n(cx))\" y=\"\(n(plotBottom + 16))\" text-anchor=\"middle\" font-size=\"\(months.count > 16 ? 9 : 11)\" fill=\"#333\">" + HTMLText.escape(label) + "</text>"
                }
                if let year = month.year, isJanuary || i == 0 {
                    out += "<text x=\"\(n(cx))\" y=\"\(n(plotBottom + (everyMonth ? 30 : 16)))\" text-anchor=\"middle\" font-size=\"11\" font-weight=\"600\" fill=\"#333\">\(year)</text>"
                }
                out += "\n"
            }
        }
        out += "<text x=\"\(n(left + plotWidth / 2))\" y=\"\(n(height - 6))\" text-anchor=\"middle\" fill=\"#333\">Month in which the item’s period starts</text>\n"
        out += "</svg>"
        return out
    }
}
