import LedgerModel

/// Reads the OpenSanctions simple CSV export (`targets.simple.csv`): one target a row, its sanctions as texts.
///
/// The exporter writes Python's `csv.unix_dialect` (every field double-quoted, LF line ends). A cell holding
/// several values is itself a CSV row with `;` between the values, a value with `;` or `"` in double quotes.
public enum TargetsCSVReader {
    /// The header of the export, in the exporter's order (any order is read).
    public static let columns = [
        "id", "schema", "name", "aliases", "birth_date", "countries", "addresses", "identifiers", "sanctions", "phones",
        "emails", "program_ids", "dataset", "first_seen", "last_seen", "last_change",
    ]

    /// A batch stops being checked after this many issues; they are reported together.
    public static let maxIssues = 100

    /// Streams the file and hands checked batches of about `batchSize` rows to `body`. Rows of schemata that are
    /// not targets (see `FtMSchemata.others`) are skipped and counted. Anything wrong throws `ImportFailure` with
    /// every issue of the batch (up to `maxIssues`), before the batch is handed over; the caller then writes
    /// nothing. Memory stays bounded by the batch, but for the ids seen, which duplicates are checked against.
    @discardableResult
    public static func read(path: String, batchSize: Int = 5000, _ body: (SanctionsBatch) throws -> Void) throws -> (rows: Int, skipped: [String: Int]) {
        var reader = RowChecker(file: path)
        // Each batch is held back until the next arrives: only the file's last row can be cut short.
        var held: [(line: Int, cells: [String])] = []
        do {
            try FileStream.csvRows(path: path, batchSize: batchSize) { rows in
                var rows = rows[...]
                if reader.names == nil, let header = rows.first {
                    try reader.readHeader(header)
                    rows = rows.dropFirst()
                }
                if rows.isEmpty { return }
                if !held.isEmpty { try body(try reader.batch(held, endsFile: false)) }
                held = Array(rows)
            }
        } catch let failure as ImportFailure {
            throw failure.truncationExplained
        }
        guard reader.names != nil else {
            throw ImportFailure([ImportIssue(RecordLocation(file: path, line: 1), field: "(header)", value: nil, expected: "the header: \(columns.joined(separator: ","))")])
        }
        if !held.isEmpty { try body(try reader.batch(held, endsFile: true)) }
        return (reader.rows, reader.skipped)
    }

    /// The values of a multi-valued cell: `;`-separated, a value in double quotes when it holds `;` or `"` (doubled
    /// inside). Empty values are dropped; nil when a quote is not closed.
    public static func values(_ cell: String) -> [String]? {
        if cell.isEmpty { return [] }
        var values: [String] = []
        var value: [UInt8] = []
        var inQuotes = false, afterQuote = false, atStart = true
        for byte in cell.utf8 {
            if inQuotes {
                if byte == 0x22 {
                    inQuotes = false
                    afterQuote = true
                } else {
                    value.append(byte)
                }
                continue
            }
            if afterQuote && byte == 0x22 {
                value.append(0x22) // a doubled quote inside a quoted value
                inQuotes = true
                afterQuote = false
                continue
            }
            afterQuote = false
            if byte == 0x3B {
                values.append(String(decoding: value, as: UTF8.self))
                value.removeAll(keepingCapacity: true)
                atStart = true
                continue
            }
            if byte == 0x22 && atStart {
                inQuotes = true
            } else {
                value.append(byte)
            }
            atStart = false
        }
        guard !inQuotes else { return nil }
        values.append(String(decoding: value, as: UTF8.self))
        return values.filter { !$0.isEmpty }
    }
}

/// The checks of one file: its header, the ids seen so far and the rows skipped.
struct RowChecker {
    let file: String
    var names: [String]?
    var index: [String: Int] = [:]
    var seen: [String: Int] = [:]
    var skipped: [String: Int] = [:]
    var rows = 0

    init(file: String) { self.file = file }

    mutating func readHeader(_ header: (line: Int, cells: [String])) throws(ImportFailure) {
        let location = RecordLocation(file: file, line: header.line)
        var issues: [ImportIssue] = []
        for (position, name) in header.cells.enumerated() {
            if !TargetsCSVReader.columns.contains(name) {
                issues.append(ImportIssue(location, field: "(header)", value: name, expected: "one of the columns \(TargetsCSVReader.columns.joined(separator: ", "))"))
            } else if index[name] != nil {
                issues.append(ImportIssue(location, field: "(header)", value: name, expected: "each column once"))
            } else {
                index[name] = position
            }
        }
        for name in TargetsCSVReader.columns where index[name] == nil && !header.cells.contains(name) {
            issues.append(ImportIssue(location, field: "(header)", value: nil, expected: "a column \(name)"))
        }
        guard issues.isEmpty else { throw ImportFailure(issues) }
        names = header.cells
    }

    /// Checks rows and turns them into records; `endsFile` when the last of them is the file's last row.
    mutating func batch(_ rows: [(line: Int, cells: [String])], endsFile: Bool) throws(ImportFailure) -> SanctionsBatch {
        let width = names?.count ?? 0
        var issues: [ImportIssue] = []
        var batch = SanctionsBatch()
        for (position, row) in rows.enumerated() where issues.count < TargetsCSVReader.maxIssues {
            self.rows += 1
            let location = RecordLocation(file: file, line: row.line)
            guard row.cells.count == width else {
                let cut = endsFile && position == rows.count - 1 && row.cells.count < width
                issues.append(ImportIssue(location, field: "(row)", value: "\(row.cells.count) fields",
                                          expected: "\(width) fields, as in the header" + (cut ? " (the file ends inside this row: it looks truncated)" : "")))
                continue
            }
            let before = issues.count
            if let target = target(row, location: location, issues: &issues) {
                let designations = self.designations(of: target, cell: row.cells[index["sanctions"]!], location: location, issues: &issues)
                if issues.count == before {
                    batch.targets.append(target)
                    batch.designations.append(contentsOf: designations)
                }
            }
        }
        guard issues.isEmpty else { throw ImportFailure(issues) }
        return batch
    }

    /// The target of a row; nil when the row is skipped or its id, schema or name is unusable.
    mutating func target(_ row: (line: Int, cells: [String]), location: RecordLocation, issues: inout [ImportIssue]) -> TargetRecord? {
        func cell(_ name: String) -> String { row.cells[index[name]!] }
        func list(_ name: String) -> [String] {
            guard let values = TargetsCSVReader.values(cell(name)) else {
                issues.append(ImportIssue(location, field: name, value: cell(name), expected: "values separated by ; (a value holding ; or \" in double quotes, with \"\" for a quote)"))
                return []
            }
            return values
        }
        func timestamp(_ name: String) -> String? {
            let value = cell(name)
            if value.isEmpty { return nil }
            if !PartialDate.isTimestamp(value) {
                issues.append(ImportIssue(location, field: name, value: value, expected: "a date-time YYYY-MM-DDTHH:MM:SS or a date YYYY-MM-DD"))
            }
            return value
        }
        let id = cell("id"), schema = cell("schema"), name = cell("name").trimmed
        let before = issues.count
        if id.isEmpty {
            issues.append(ImportIssue(location, field: "id", value: nil, expected: "an entity id"))
        } else if !EntityID.isValid(id) {
            issues.append(ImportIssue(location, field: "id", value: id, expected: EntityID.expected))
        } else if let earlier = seen[id] {
            issues.append(ImportIssue(location, field: "id", value: id, expected: "an id not used before in the file (line \(earlier) has it)"))
        } else {
            seen[id] = row.line
        }
        if schema.isEmpty {
            issues.append(ImportIssue(location, field: "schema", value: nil, expected: "a FollowTheMoney schema such as Person or Company"))
        } else if !FtMSchemata.isKnown(schema) {
            issues.append(ImportIssue(location, field: "schema", value: schema, expected: "a FollowTheMoney schema: one of \(FtMSchemata.targets.sorted().joined(separator: ", ")) or another FollowTheMoney schema"))
        } else if !FtMSchemata.targets.contains(schema) {
            if issues.count == before { skipped[schema, default: 0] += 1 }
            return nil
        }
        if name.isEmpty {
            issues.append(ImportIssue(location, field: "name", value: nil, expected: "the target's name"))
        }
        var birthDates: [String] = []
        for value in list("birth_date") {
            if let date = PartialDate.parse(value.trimmed) {
                birthDates.append(date.text)
            } else {
                issues.append(ImportIssue(location, field: "birth_date", value: value, expected: "a date YYYY, YYYY-MM or YYYY-MM-DD"))
            }
        }
        let target = TargetRecord(
            line: row.line, id: id, schema: schema, name: name, aliases: list("aliases"), birthDates: birthDates,
            countries: list("countries"), addresses: list("addresses"), identifiers: list("identifiers"),
            phones: list("phones"), emails: list("emails"), programIDs: list("program_ids"), datasets: list("dataset"),
            firstSeen: timestamp("first_seen"), lastSeen: timestamp("last_seen"), lastChange: timestamp("last_change"))
        return issues.count == before ? target : nil
    }

    /// The designations of a `sanctions` cell, each keyed by its text without the trailing dates.
    func designations(of target: TargetRecord, cell: String, location: RecordLocation, issues: inout [ImportIssue]) -> [DesignationRecord] {
        guard let texts = TargetsCSVReader.values(cell) else {
            issues.append(ImportIssue(location, field: "sanctions", value: cell, expected: "values separated by ; (a value holding ; or \" in double quotes, with \"\" for a quote)"))
            return []
        }
        var keys: Set<String> = []
        var designations: [DesignationRecord] = []
        for text in texts {
            let (rest, listedOn, delistedOn) = SanctionText.split(text)
            // Two listings under one programme (relisted, or listed by two lists) keep their whole texts as keys.
            var key = rest.isEmpty || keys.contains(rest) ? text : rest
            var n = 2
            while keys.contains(key) {
                key = "\(text) (\(n))"
                n += 1
            }
            keys.insert(key)
            designations.append(DesignationRecord(line: location.line, targetID: target.id, key: key,
                                                  programme: rest.isEmpty ? nil : rest, listedOn: listedOn, delistedOn: delistedOn, text: text))
        }
        return designations
    }
}

extension ImportFailure {
    /// The same failure, saying that a quoted field open at the end of the file means the file was cut short.
    var truncationExplained: ImportFailure {
        ImportFailure(issues.map { issue in
            guard issue.field == "(CSV)", issue.expected.hasPrefix("a closing quote for the field") else { return issue }
            var explained = issue
            explained.expected += " (the file ends inside it: it looks truncated)"
            return explained
        })
    }
}
