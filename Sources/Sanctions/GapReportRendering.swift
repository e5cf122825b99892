import Foundation

/// The gap report as text for people (an aligned matrix), CSV (one row per actor and jurisdiction), JSON and
/// Markdown. Every form carries the caveat and the data the report rests on.
extension GapReport {
    public enum Format: String, Sendable, CaseIterable {
        case table, json, csv, md
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .table: return table()
        case .json: return json()
        case .csv: return csv()
        case .md: return markdown()
        }
    }

    var scope: String {
        "evidence " + (minimumGrade.map { "graded \($0) or better" } ?? "at any grade")
    }

    static func short(_ cell: Cell) -> String {
        switch cell.status {
        case .designated: return cell.date.map { "since \($0)" } ?? "listed"
        case .delisted: return cell.date.map { "ended \($0)" } ?? "ended"
        case .none: return "none"
        }
    }

    var basisLines: [String] {
        var lines = basis.map { b in
            "dataset \(b.dataset) (\(b.format)\(b.jurisdiction.map { ", \($0)" } ?? "")): file \(b.fileName), SHA-256 \(b.fileSHA256.prefix(16))…, data as of \(b.dataAsOf ?? "unknown"), imported \(b.importedAt)"
        }
        if basis.isEmpty { lines.append("no sanctions dataset has been imported") }
        lines.append("\(handEnteredDesignations) designation\(handEnteredDesignations == 1 ? "" : "s") entered by hand, each with its source")
        return lines
    }

    func table() -> String {
        var out = ["Sanctions gap report as of \(asOf): actors implicated by \(scope); jurisdictions \(jurisdictions.joined(separator: ", "))", ""]
        let header = ["actor", "grade"] + jurisdictions
        let body = actors.map { row in [row.actor, row.bestGrade] + row.jurisdictions.map(Self.short) }
        var widths = header.map(\.count)
        for line in body { for (i, cell) in line.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in i == cells.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        out.append(format(header))
        out.append(format(widths.map { String(repeating: "-", count: $0) }))
        out += body.map(format)
        if actors.isEmpty { out.append("(no actor is implicated by \(scope))") }
        out.append("")
        out.append("none = no designation in the loaded data. " + caveat)
        if !statesLeftOut.isEmpty {
            out.append("States left out (sanctions lists designate persons and entities): \(statesLeftOut.joined(separator: ", ")).")
        }
        out.append("Based on:")
        out += basisLines.map { "  " + $0 }
        return out.joined(separator: "\n") + "\n"
    }

    func csv() -> String {
        func field(_ text: String) -> String {
            var text = text
            // A cell that a spreadsheet would run as a formula is kept as text.
            if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
            return text.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        let based = basisLines.joined(separator: "; ")
        var lines = ["actor,name,kind,best_grade,jurisdiction,status,date,text,designations,items,as_of,based_on"]
        for row in actors {
            for cell in row.jurisdictions {
                lines.append([row.actor, row.name, row.kind, row.bestGrade, cell.jurisdiction, cell.status.rawValue, cell.date ?? "", cell.text,
                              cell.designations.joined(separator: " "), row.items.joined(separator: " "), asOf, based].map(field).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else { return "{}\n" }
        return text + "\n"
    }

    func markdown() -> String {
        func cell(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
                .replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "<", with: "&lt;")
        }
        var out = ["# Sanctions gap report", "",
                   "As of \(asOf). Actors implicated by \(scope), per jurisdiction.", "",
                   "| Actor | Best grade | " + jurisdictions.joined(separator: " | ") + " |",
                   "|---|---|" + jurisdictions.map { _ in "---|" }.joined()]
        for row in actors {
            out.append("| \(cell(row.name)) (`\(cell(row.actor))`) | \(row.bestGrade) | " + row.jurisdictions.map { cell($0.text) }.joined(separator: " | ") + " |")
        }
        if actors.isEmpty { out += ["", "No actor is implicated by \(scope)."] }
        out += ["", "> " + caveat, ""]
        if !statesLeftOut.isEmpty {
            out += ["States left out (sanctions lists designate persons and entities): \(statesLeftOut.map { "`\($0)`" }.joined(separator: ", ")).", ""]
        }
        out += ["## Evidence", ""]
        for row in actors {
            out.append("- **\(cell(row.name))**: \(row.items.count) item\(row.items.count == 1 ? "" : "s") (\(row.involvement.joined(separator: ", "))), supporting \(row.criteria.joined(separator: ", ")); best grade \(row.bestGrade).")
        }
        out += ["", "## Data", ""]
        out += basisLines.map { "- " + cell($0) }
        return out.joined(separator: "\n") + "\n"
    }
}
