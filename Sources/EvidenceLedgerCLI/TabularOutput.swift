import ArgumentParser
import Foundation
import LedgerModel
import Postgres

/// How a command prints data: an aligned table for people, JSON or CSV for programs.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Rows of text with named columns, printed in one of the ``OutputFormat``s. Output is deterministic.
struct TabularOutput {
    var columns: [String]
    var rows: [[String?]]

    init(columns: [String], rows: [[String?]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Every field of the result as text (queries cast what needs casting), NULL as nil.
    init(columns: [String], result: QueryResult) throws {
        self.columns = columns
        rows = try result.map { row in try (0..<row.count).map { try row.decode(String?.self, at: $0) } }
    }

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .table: return table()
        case .json: return json()
        case .csv: return csv()
        }
    }

    func table() -> String {
        let shown = rows.map { $0.map { ($0 ?? "").replacingOccurrences(of: "\n", with: " ") } }
        var widths = columns.map(\.count)
        for row in shown {
            for (i, cell) in row.enumerated() { widths[i] = min(max(widths[i], cell.count), 60) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let clipped = cell.count > widths[i] ? String(cell.prefix(widths[i] - 1)) + "…" : cell
                return i == cells.count - 1 ? clipped : clipped.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var lines = [line(columns), line(widths.map { String(repeating: "-", count: $0) })]
        lines += shown.map(line)
        lines.append("(\(rows.count) row\(rows.count == 1 ? "" : "s"))")
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        let objects = rows.map { row in
            JSONValue.object(Dictionary(uniqueKeysWithValues: zip(columns, row.map { $0.map(JSONValue.string) ?? .null })))
        }
        return JSONValue.array(objects).text
    }

    func csv() -> String {
        func quote(_ value: String?) -> String {
            guard let value else { return "" }
            if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return value
        }
        return ([columns.map(quote).joined(separator: ",")] + rows.map { $0.map(quote).joined(separator: ",") }).joined(separator: "\r\n") + "\r\n"
    }
}
