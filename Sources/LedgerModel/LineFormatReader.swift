import Foundation

/// Reads the CSV and JSON Lines import formats into the same checked records as YAML (docs/import-formats.md).
public struct LineFormatReader: Sendable {
    public var records: YAMLRecordReader

    public init(records: YAMLRecordReader) {
        self.records = records
    }

    // MARK: - JSON Lines

    /// One JSON object per line, with `"type"` naming the record (instrument, provision, source, actor, place,
    /// item, link) and the fields of the YAML format. Empty lines are skipped.
    public func readJSONLines(_ text: String, file: String) throws(ImportFailure) -> [StagedRecord] {
        var lines: [(line: Int, text: String)] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() { lines.append((i + 1, String(line))) }
        let records = try jsonLinesRecords(lines, file: file)
        if records.isEmpty {
            throw ImportFailure([ImportIssue(RecordLocation(file: file, line: 1), field: "(file)", value: nil, expected: "at least one JSON line")])
        }
        return records
    }

    /// Checks a batch of JSON lines (line number, text); empty lines are skipped.
    public func jsonLinesRecords(_ lines: [(line: Int, text: String)], file: String) throws(ImportFailure) -> [StagedRecord] {
        var lineRecords: [YAMLRecordReader.LineRecord] = []
        var issues: [ImportIssue] = []
        for (lineNumber, line) in lines {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let location = RecordLocation(file: file, line: lineNumber)
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: [.fragmentsAllowed]),
                  let dictionary = object as? [String: Any] else {
                issues.append(ImportIssue(location, field: "(line)", value: String(trimmed.prefix(60)), expected: "one JSON object"))
                continue
            }
            guard let type = dictionary["type"] as? String, let kind = EntityKind(rawValue: type), kind != .element, EntityKind.importable.contains(kind) else {
                issues.append(ImportIssue(location, field: "type", value: (dictionary["type"]).map { "\($0)" }, expected: "one of instrument, provision, source, actor, place, item, link"))
                continue
            }
            var fields = dictionary
            fields["type"] = nil
            var parent: String?
            if kind == .link {
                parent = fields["item"] as? String
                fields["item"] = nil
                if parent == nil {
                    issues.append(ImportIssue(location, field: "item", value: nil, expected: "the id of the item the link belongs to"))
                    continue
                }
            }
            lineRecords.append(.init(line: lineNumber, kind: kind, node: LineFormatReader.value(fields, line: lineNumber), parentItem: parent))
        }
        return try records.read(lineRecords: lineRecords, file: file, issues: issues)
    }

    /// An input value for a JSON value: strings stay text (quoted), numbers are plain, null is null.
    static func value(_ json: Any, line: Int) -> InputValue {
        switch json {
        case let string as String:
            return .text(string, line: line)
        case let number as NSNumber:
            // JSON true and false arrive as NSNumber too (objCType "c"): keep them words, so that no number
            // field takes true for 1.
            if String(cString: number.objCType) == "c" {
                return .text(number.boolValue ? "true" : "false", line: line)
            }
            return .scalar(.init(number.stringValue, plain: true, line: line))
        case let array as [Any]:
            return .sequence(.init(array.map { value($0, line: line) }, line: line))
        case let dictionary as [String: Any]:
            return .mapping(dictionary.keys.sorted().map { ($0, value(dictionary[$0]!, line: line)) }, line: line)
        default:
            return .scalar(.init("null", plain: true, line: line))
        }
    }

    // MARK: - CSV

    /// The CSV layouts, told apart by their header.
    public enum CSVLayout: String, Sendable {
        case items, sources, links

        static let columns: [CSVLayout: [String]] = [
            .items: ["id", "kind", "title", "description", "occurred_from", "occurred_to", "occurred_precision", "place", "acting_state",
                     "territorial_state", "attributes", "actors", "sources", "exhibits", "claim_status", "review_status"],
            .sources: ["id", "title", "publisher", "site", "url", "author", "published", "language", "kind", "reliability", "grading_note", "protection", "notes"],
            .links: ["item", "element", "relation", "credibility", "argument"],
        ]
        static let required: [CSVLayout: Set<String>] = [
            .items: ["id", "kind", "title"], .sources: ["id", "kind", "reliability"], .links: ["item", "element", "relation", "credibility", "argument"],
        ]
    }

    /// RFC 4180 CSV with a header row; UTF-8. Items: `attributes` is a JSON object; `actors` is
    /// `actor-id:role;…`, `sources` is `source-id;…` and `exhibits` is `exhibit-id;…`, or each a JSON array of the
    /// YAML format's objects (to carry locators, quotes and notes). Empty cells are absent values.
    public func readCSV(_ text: String, file: String) throws(ImportFailure) -> [StagedRecord] {
        var parsed: [(line: Int, cells: [String])] = []
        var parser = CSVParser(file: file)
        do {
            try parser.feed(Array(text.utf8)) { parsed.append($0) }
            try parser.finish { parsed.append($0) }
        } catch let failure as ImportFailure {
            throw failure
        } catch {
            throw ImportFailure([ImportIssue(RecordLocation(file: file, line: 1), field: "(CSV)", value: nil, expected: "CSV text")])
        }
        guard let header = parsed.first else {
            throw ImportFailure([ImportIssue(RecordLocation(file: file, line: 1), field: "(file)", value: nil, expected: "a header row and records")])
        }
        let layout = try csvLayout(header: header, file: file)
        if parsed.count == 1 {
            throw ImportFailure([ImportIssue(RecordLocation(file: file, line: 2), field: "(file)", value: nil, expected: "at least one record after the header")])
        }
        return try csvRecords(Array(parsed.dropFirst()), layout: layout, file: file)
    }

    /// What a CSV file holds, from its header row: the layout and the column names.
    public func csvLayout(header: (line: Int, cells: [String]), file: String) throws(ImportFailure) -> (layout: CSVLayout, names: [String]) {
        let names = header.cells.map { $0.trimmingCharacters(in: .whitespaces) }
        let layout: CSVLayout? = Set(names).isSuperset(of: ["item", "element"]) ? .links
            : names.contains("reliability") ? .sources : names.contains("title") && names.contains("kind") ? .items : nil
        guard let layout else {
            throw ImportFailure([ImportIssue(RecordLocation(file: file, line: header.line), field: "(header)", value: names.joined(separator: ","),
                                             expected: "the header of an items, sources or links file (docs/import-formats.md)")])
        }
        var issues: [ImportIssue] = []
        let allowed = CSVLayout.columns[layout]!
        for name in names where !allowed.contains(name) {
            issues.append(ImportIssue(RecordLocation(file: file, line: header.line), field: "(header)", value: name, expected: "one of the \(layout.rawValue) columns: \(allowed.joined(separator: ", "))"))
        }
        for name in CSVLayout.required[layout]!.sorted() where !names.contains(name) {
            issues.append(ImportIssue(RecordLocation(file: file, line: header.line), field: "(header)", value: nil, expected: "a column \(name)"))
        }
        if Set(names).count != names.count {
            issues.append(ImportIssue(RecordLocation(file: file, line: header.line), field: "(header)", value: names.joined(separator: ","), expected: "each column once"))
        }
        guard issues.isEmpty else { throw ImportFailure(issues) }
        return (layout, names)
    }

    /// Checks a batch of CSV rows of a file whose header gave `layout`.
    public func csvRecords(_ rows: [(line: Int, cells: [String])], layout header: (layout: CSVLayout, names: [String]), file: String) throws(ImportFailure) -> [StagedRecord] {
        let (layout, names) = header
        var issues: [ImportIssue] = []
        var lineRecords: [YAMLRecordReader.LineRecord] = []
        for row in rows {
            guard row.cells.count == names.count else {
                issues.append(ImportIssue(RecordLocation(file: file, line: row.line), field: "(row)", value: "\(row.cells.count) fields", expected: "\(names.count) fields, as in the header"))
                continue
            }
            var cells: [String: String] = [:]
            for (name, cell) in zip(names, row.cells) where !cell.isEmpty { cells[name] = cell }
            let location = RecordLocation(file: file, line: row.line)
            switch layout {
            case .sources:
                lineRecords.append(.init(line: row.line, kind: .source, node: LineFormatReader.mapping(cells, line: row.line)))
            case .links:
                var fields = cells
                let item = fields.removeValue(forKey: "item")
                lineRecords.append(.init(line: row.line, kind: .link, node: LineFormatReader.mapping(fields, line: row.line), parentItem: item ?? ""))
            case .items:
                var pairs: [(String, InputValue)] = []
                for (name, value) in cells.sorted(by: { $0.key < $1.key }) {
                    switch name {
                    case "occurred_from", "occurred_to", "occurred_precision":
                        continue
                    case "attributes":
                        guard let object = try? JSONSerialization.jsonObject(with: Data(value.utf8)), let dictionary = object as? [String: Any] else {
                            issues.append(ImportIssue(location, field: "attributes", value: value, expected: "a JSON object, e.g. {\"count\": 633}"))
                            continue
                        }
                        pairs.append(("attributes", LineFormatReader.value(dictionary, line: row.line)))
                    case _ where ["actors", "sources", "exhibits"].contains(name) && value.hasPrefix("["):
                        // The full form: a JSON array of the YAML format's objects (locators, quotes, notes).
                        guard let array = try? JSONSerialization.jsonObject(with: Data(value.utf8)) as? [Any] else {
                            issues.append(ImportIssue(location, field: name, value: value, expected: "a JSON array of objects, e.g. [{\"source\": \"src-1\", \"locator\": \"p. 2\"}]"))
                            continue
                        }
                        pairs.append((name, LineFormatReader.value(array, line: row.line)))
                    case "exhibits":
                        let list = value.split(separator: ";").map { LineFormatReader.mapping(["exhibit": $0.trimmingCharacters(in: .whitespaces)], line: row.line) }
                        pairs.append(("exhibits", .sequence(.init(list, line: row.line))))
                    case "actors":
                        var list: [InputValue] = []
                        for entry in value.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
                            guard parts.count == 2 else {
                                issues.append(ImportIssue(location, field: "actors", value: entry, expected: "actor-id:role"))
                                continue
                            }
                            list.append(LineFormatReader.mapping(["actor": parts[0], "role": parts[1]], line: row.line))
                        }
                        pairs.append(("actors", .sequence(.init(list, line: row.line))))
                    case "sources":
                        let list = value.split(separator: ";").map { LineFormatReader.mapping(["source": $0.trimmingCharacters(in: .whitespaces)], line: row.line) }
                        pairs.append(("sources", .sequence(.init(list, line: row.line))))
                    default:
                        pairs.append((name, .text(value, line: row.line)))
                    }
                }
                if cells["occurred_from"] != nil || cells["occurred_to"] != nil || cells["occurred_precision"] != nil {
                    var occurred: [String: String] = [:]
                    occurred["from"] = cells["occurred_from"]
                    occurred["to"] = cells["occurred_to"]
                    occurred["precision"] = cells["occurred_precision"]
                    pairs.append(("occurred", LineFormatReader.mapping(occurred, line: row.line)))
                }
                lineRecords.append(.init(line: row.line, kind: .item, node: .mapping(pairs, line: row.line)))
            }
        }
        return try records.read(lineRecords: lineRecords, file: file, issues: issues)
    }

    static func mapping(_ fields: [String: String], line: Int) -> InputValue {
        .mapping(fields.keys.sorted().map { key in (key, InputValue.text(fields[key]!, line: line)) }, line: line)
    }
}

