import Foundation
import Yams

/// Reads the YAML import formats (legal catalogue, actors, places, sources, items: see docs/import-formats.md)
/// into checked records. Every problem found is reported with file, line, field, value and what was expected;
/// a file with any problem yields no records.
public struct YAMLRecordReader: Sendable {
    /// Instants after this are refused as "in the future".
    public var now: Date
    /// Kind → attribute → value type (text, integer, date, place, actor), as in `ledger.evidence_kind_attribute`;
    /// when nil, attributes are only checked to be scalars.
    public var attributeTypes: [String: [String: String]]?
    /// The most YAML nodes a file may have: bounds the work an alias bomb could cause.
    public var nodeBudget = 2_000_000
    /// The largest file read, in bytes.
    public var maximumFileSize = 256 * 1024 * 1024

    public init(now: Date = Date(), attributeTypes: [String: [String: String]]? = nil) {
        self.now = now
        self.attributeTypes = attributeTypes
    }

    /// The formats this reader understands, and what each holds.
    public static let formats: [String: [(key: String, kind: EntityKind)]] = [
        "evidence-ledger/legal-catalogue@1": [("instruments", .instrument), ("provisions", .provision)],
        "evidence-ledger/actors@1": [("actors", .actor)],
        "evidence-ledger/places@1": [("places", .place)],
        "evidence-ledger/sources@1": [("sources", .source)],
        "evidence-ledger/items@1": [("items", .item)],
        "evidence-ledger/grading-scales@1": [],
    ]

    /// Reads a file.
    public func read(file path: String) throws(ImportFailure) -> [StagedRecord] {
        try read(text: readText(file: path), file: path)
    }

    /// A file's text, refused when it is too large, not UTF-8, or holds NUL characters.
    public func readText(file path: String) throws(ImportFailure) -> String {
        let start = RecordLocation(file: path, line: 1)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportFailure([ImportIssue(start, field: "(file)", value: path, expected: "a readable file")])
        }
        guard data.count <= maximumFileSize else {
            throw ImportFailure([ImportIssue(start, field: "(file)", value: "\(data.count) bytes", expected: "at most \(maximumFileSize) bytes")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let line = YAMLRecordReader.lineOfFirstInvalidUTF8(data)
            throw ImportFailure([ImportIssue(RecordLocation(file: path, line: line), field: "(file)", value: nil, expected: "UTF-8 text (this line has bytes that are not UTF-8)")])
        }
        if let nul = text.unicodeScalars.firstIndex(of: "\u{0}") {
            let line = text.unicodeScalars[..<nul].filter { $0 == "\n" }.count + 1
            throw ImportFailure([ImportIssue(RecordLocation(file: path, line: line), field: "(file)", value: nil, expected: "text without NUL characters (U+0000), which PostgreSQL cannot store")])
        }
        return text
    }

    /// Reads YAML text; `file` names it in messages.
    public func read(text: String, file: String) throws(ImportFailure) -> [StagedRecord] {
        var state = ReadState(file: file, reader: self)
        if let nul = text.unicodeScalars.firstIndex(of: "\u{0}") {
            let line = text.unicodeScalars[..<nul].filter { $0 == "\n" }.count + 1
            throw ImportFailure([ImportIssue(RecordLocation(file: file, line: line), field: "(file)", value: nil, expected: "text without NUL characters (U+0000), which PostgreSQL cannot store")])
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ImportFailure([ImportIssue(RecordLocation(file: file, line: 1), field: "(file)", value: nil, expected: "a YAML document with a format line, e.g. format: evidence-ledger/items@1")])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ImportFailure([ImportIssue(RecordLocation(file: file, line: YAMLRecordReader.line(of: error)), field: "(YAML)", value: nil, expected: "valid YAML: \(YAMLRecordReader.problem(of: error))")])
        } catch {
            throw ImportFailure([ImportIssue(RecordLocation(file: file, line: 1), field: "(YAML)", value: nil, expected: "valid YAML: \(error)")])
        }
        var budget = nodeBudget
        guard let root else {
            throw ImportFailure([ImportIssue(RecordLocation(file: file, line: 1), field: "(document)", value: nil, expected: "a mapping with a format line and a list of records")])
        }
        guard let value = InputValue.from(root, budget: &budget) else {
            throw ImportFailure([ImportIssue(RecordLocation(file: file, line: 1), field: "(document)", value: nil, expected: "at most \(nodeBudget) YAML nodes (nested aliases are refused)")])
        }
        guard case .mapping(let mapping) = value else {
            throw ImportFailure([ImportIssue(RecordLocation(file: file, line: 1), field: "(document)", value: nil, expected: "a mapping with a format line and a list of records")])
        }
        state.readDocument(mapping)
        if !state.issues.isEmpty { throw ImportFailure(state.issues) }
        return state.records
    }

    /// One record of another format (a CSV row, a JSON line) given as a node tree, and the line it came from.
    public struct LineRecord {
        public var line: Int
        public var kind: EntityKind
        public var node: InputValue
        /// For a link given on its own: the item it belongs to.
        public var parentItem: String?

        public init(line: Int, kind: EntityKind, node: InputValue, parentItem: String? = nil) {
            self.line = line
            self.kind = kind
            self.node = node
            self.parentItem = parentItem
        }
    }

    /// Checks records that came from CSV or JSON Lines with the same rules as YAML ones.
    public func read(lineRecords: [LineRecord], file: String, issues earlier: [ImportIssue] = []) throws(ImportFailure) -> [StagedRecord] {
        var state = ReadState(file: file, reader: self)
        state.issues = earlier
        for record in lineRecords {
            state.lineOverride = record.line
            state.readRecord(record.node, kind: record.kind, path: record.kind.rawValue, parent: record.parentItem.map { ($0, 1) })
        }
        if !state.issues.isEmpty { throw ImportFailure(state.issues) }
        let order = EntityKind.allCases
        return state.records.enumerated().sorted { a, b in
            let ka = order.firstIndex(of: a.element.kind)!, kb = order.firstIndex(of: b.element.kind)!
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }

    static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return 1
        }
    }

    static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
        default: return "\(error)"
        }
    }

    static func lineOfFirstInvalidUTF8(_ data: Data) -> Int {
        var line = 1
        var lineStart = data.startIndex
        for (i, byte) in zip(data.indices, data) where byte == 0x0A {
            if String(data: data[lineStart..<i], encoding: .utf8) == nil { return line }
            line += 1
            lineStart = data.index(after: i)
        }
        return line
    }
}

/// The walk over one document.
struct ReadState {
    let file: String
    let reader: YAMLRecordReader
    var records: [StagedRecord] = []
    var issues: [ImportIssue] = []
    var seen: [EntityKind: [String: Int]] = [:]
    var nodes = 0
    /// For records that did not come from YAML text (CSV rows, JSON lines): the line every issue names.
    var lineOverride: Int?

    /// Letters and digits, then also . _ : / ( ) + -, at most 200 in all (as ledger.entity checks).
    static func isExternalID(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, scalars.count <= 200, isASCIIAlphanumeric(first) else { return false }
        return scalars.allSatisfy { isASCIIAlphanumeric($0) || "._:/()+-".unicodeScalars.contains($0) }
    }

    /// A BCP 47-shaped tag: 2–3 lower-case letters, then -subtags of letters and digits.
    static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...3).contains(primary.count),
              primary.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) else { return false }
        return parts.dropFirst().allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(isASCIIAlphanumeric) }
    }

    static func isASCIIAlphanumeric(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s) || ("0"..."9").contains(s)
    }

    init(file: String, reader: YAMLRecordReader) {
        self.file = file
        self.reader = reader
    }

    func location(_ node: InputValue?) -> RecordLocation {
        RecordLocation(file: file, line: lineOverride ?? node?.line ?? 1)
    }

    mutating func issue(_ node: InputValue?, _ field: String, _ value: String?, _ expected: String) {
        if issues.count < 1000 { issues.append(ImportIssue(location(node), field: field, value: value, expected: expected)) }
    }

    /// Counts nodes, refusing documents beyond the budget (an alias bomb expands here, not in memory).
    mutating func spend(_ node: InputValue) -> Bool {
        nodes += 1
        if nodes == reader.nodeBudget + 1 {
            issue(node, "(document)", nil, "at most \(reader.nodeBudget) YAML nodes (deeply nested aliases are refused)")
        }
        return nodes <= reader.nodeBudget
    }

    static func scalarText(_ node: InputValue) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        if scalar.plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return nil }
        return scalar.string
    }

    mutating func readDocument(_ mapping: InputValue.Mapping) {
        var format: String?
        var lists: [(String, InputValue)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            if key == "format" { format = value.string } else { lists.append((key, value)) }
        }
        guard let format else {
            issue(mapping.first?.key, "format", nil, "a format line, one of \(YAMLRecordReader.formats.keys.sorted().joined(separator: ", "))")
            return
        }
        guard let layout = YAMLRecordReader.formats[format] else {
            issue(mapping.first?.key, "format", format, "one of \(YAMLRecordReader.formats.keys.sorted().joined(separator: ", "))")
            return
        }
        if layout.isEmpty { return } // reference material only
        for (key, value) in lists {
            guard let kind = layout.first(where: { $0.key == key })?.kind else {
                if !(format == "evidence-ledger/grading-scales@1") {
                    issue(value, key, nil, "only \(layout.map(\.key).joined(separator: ", ")) in a \(format) file")
                }
                continue
            }
            guard case .sequence(let sequence) = value else {
                issue(value, key, nil, "a list of records")
                continue
            }
            for (index, element) in sequence.enumerated() {
                guard spend(element) else { return }
                readRecord(element, kind: kind, path: "\(key)[\(index)]", parent: nil)
            }
        }
        let order = EntityKind.allCases
        records.sort { order.firstIndex(of: $0.kind)! < order.firstIndex(of: $1.kind)! }
    }

    mutating func readRecord(_ node: InputValue, kind: EntityKind, path: String, parent: (id: String, ordinal: Int)?) {
        guard case .mapping(let mapping) = node else {
            issue(node, path, nil, "a mapping (key: value lines)")
            return
        }
        let spec = RecordSpec.all[kind]!
        let idKey = [.instrument, .provision, .element].contains(kind) ? "code" : "id"
        var fields: [String: InputValue] = [:]
        for (keyNode, value) in mapping {
            guard spend(value) else { return }
            guard let key = keyNode.string else { issue(keyNode, path, nil, "text keys"); continue }
            if fields[key] != nil { issue(keyNode, "\(path).\(key)", nil, "each key once") }
            fields[key] = value
        }
        var externalID: String?
        if kind == .link, let parent {
            // One link per item and criterion: a changed relation is an amendment of it, not a second link.
            let criterion = fields["element"].flatMap(ReadState.scalarText) ?? "?"
            let id = "\(parent.id)/\(criterion)"
            if ReadState.isExternalID(id) {
                externalID = id
            } else {
                issue(node, "\(path).element", criterion, "an item id and criterion code that together fit a link id (at most 200 characters)")
            }
        } else if let idNode = fields[idKey] {
            let id = ReadState.scalarText(idNode)
            if let id, ReadState.isExternalID(id) {
                externalID = id
            } else {
                issue(idNode, "\(path).\(idKey)", id, "an id of letters, digits and . _ : / ( ) + - (at most 200, starting with a letter or digit)")
            }
        } else {
            issue(node, "\(path).\(idKey)", nil, "a stable \(idKey)")
        }
        var columns: [String: JSONValue] = [:]
        var children: [String: [[String: JSONValue]]] = [:]
        var known: Set<String> = [idKey]
        if kind == .element, let parent {
            columns["provision_id"] = .string(parent.id)
            columns["ordinal"] = .integer(parent.ordinal)
            known.formUnion(["provision", "ordinal"])
        }
        if kind == .link, let parent {
            columns["item_id"] = .string(parent.id)
            known.insert("item")
            known.remove("id")
        }
        for field in spec.fields where !known.contains(field.key) {
            known.insert(field.key)
            guard let value = fields[field.key], !isNull(value) else {
                if field.required { issue(node, "\(path).\(field.key)", nil, describe(field.type)) }
                continue
            }
            read(value, field: field, path: "\(path).\(field.key)", into: &columns, kind: fields["kind"].flatMap(ReadState.scalarText))
        }
        for child in spec.children {
            known.insert(child.key)
            guard let value = fields[child.key], !isNull(value) else { continue }
            guard case .sequence(let rows) = value else {
                issue(value, "\(path).\(child.key)", nil, "a list")
                continue
            }
            var out: [[String: JSONValue]] = []
            for (i, row) in rows.enumerated() {
                guard spend(row) else { return }
                guard case .mapping(let rowMapping) = row else {
                    issue(row, "\(path).\(child.key)[\(i)]", nil, "a mapping")
                    continue
                }
                var rowFields: [String: InputValue] = [:]
                for (k, v) in rowMapping { if let k = k.string { rowFields[k] = v } }
                var rowColumns: [String: JSONValue] = ["ordinal": .integer(i + 1)]
                for key in rowFields.keys where !child.fields.contains(where: { $0.key == key }) {
                    issue(rowFields[key], "\(path).\(child.key)[\(i)].\(key)", nil, "only \(child.fields.map(\.key).joined(separator: ", "))")
                }
                for field in child.fields {
                    guard let v = rowFields[field.key], !isNull(v) else {
                        if field.required { issue(row, "\(path).\(child.key)[\(i)].\(field.key)", nil, describe(field.type)) }
                        continue
                    }
                    read(v, field: field, path: "\(path).\(child.key)[\(i)].\(field.key)", into: &rowColumns, kind: nil)
                }
                if child.table == "item_actor", out.contains(where: { $0["actor_id"] == rowColumns["actor_id"] && $0["role"] == rowColumns["role"] }) {
                    issue(row, "\(path).\(child.key)[\(i)]", rowColumns["actor_id"]?.stringValue, "each actor once per role")
                    continue
                }
                out.append(rowColumns)
            }
            children[child.key] = out
        }
        // Nested records: a provision's elements, an item's links (an empty key means none).
        known.formUnion(kind == .provision ? ["elements"] : kind == .item ? ["links"] : [])
        if kind == .provision, let nested = fields["elements"], !isNull(nested) {
            known.insert("elements")
            if case .sequence(let list) = nested, let externalID {
                for (i, element) in list.enumerated() {
                    guard spend(element) else { return }
                    readRecord(element, kind: .element, path: "\(path).elements[\(i)]", parent: (externalID, i + 1))
                }
            } else if externalID != nil {
                issue(nested, "\(path).elements", nil, "a list of elements")
            }
        }
        if kind == .item, let nested = fields["links"], !isNull(nested) {
            known.insert("links")
            if case .sequence(let list) = nested, let externalID {
                for (i, link) in list.enumerated() {
                    guard spend(link) else { return }
                    readRecord(link, kind: .link, path: "\(path).links[\(i)]", parent: (externalID, i + 1))
                }
            } else if externalID != nil {
                issue(nested, "\(path).links", nil, "a list of links")
            }
        }
        if kind == .provision, columns["text_status"] != nil, columns["text_status"] != .string("unconfirmed"), columns["body"] == nil {
            issue(node, "\(path).text", nil, "the provision's verbatim text (only an unconfirmed provision may have none)")
        }
        for (key, value) in fields where !known.contains(key) {
            issue(value, "\(path).\(key)", key, "one of the fields of a\(kind == .item || kind == .actor || kind == .element || kind == .instrument ? "n" : "") \(kind.rawValue) record: \(known.sorted().joined(separator: ", "))")
        }
        guard let externalID else { return }
        if let earlier = seen[kind]?[externalID] {
            issue(node, "\(path).\(idKey)", externalID, "an id not used before in this file (also on line \(earlier))")
            return
        }
        seen[kind, default: [:]][externalID] = location(node).line
        records.append(StagedRecord(kind: kind, externalID: externalID, location: location(node), columns: columns, children: children))
    }

    func isNull(_ node: InputValue) -> Bool {
        if case .scalar = node, ReadState.scalarText(node) == nil { return true }
        return false
    }

    func describe(_ type: FieldType) -> String {
        switch type {
        case .text(let max): return "text (at most \(max) characters)"
        case .code(_, let allowed): return "one of \(allowed.joined(separator: ", "))"
        case .date: return "a date YYYY-MM-DD"
        case .partialDate: return "a date YYYY, YYYY-MM or YYYY-MM-DD"
        case .integer(let range): return "a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .reference(let kind): return "the id of a \(kind.rawValue)"
        case .criterion: return "the code of a criterion element or provision"
        case .url: return "an http(s) URL"
        case .languageTag: return "a language tag such as en, be, ru, uk or be-Latn"
        case .occurred: return "from, to and precision"
        case .attributes: return "a mapping of attributes"
        case .identifiers: return "a list of {scheme, value}"
        }
    }

    mutating func read(_ node: InputValue, field: FieldSpec, path: String, into columns: inout [String: JSONValue], kind: String?) {
        switch field.type {
        case .occurred:
            readOccurred(node, path: path, into: &columns)
            return
        case .attributes:
            readAttributes(node, path: path, kind: kind, into: &columns)
            return
        case .identifiers:
            readIdentifiers(node, path: path, into: &columns)
            return
        default:
            break
        }
        guard let text = ReadState.scalarText(node) else {
            issue(node, path, nil, describe(field.type))
            return
        }
        switch field.type {
        case .text(let max):
            // PostgreSQL counts characters as code points.
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || text.unicodeScalars.count > max {
                issue(node, path, text, describe(field.type))
            } else {
                columns[field.column] = .string(text)
            }
        case .code(_, let allowed):
            if allowed.contains(text) { columns[field.column] = .string(text) } else { issue(node, path, text, describe(field.type)) }
        case .date:
            if InputDates.day(text) != nil { columns[field.column] = .string(text) } else { issue(node, path, text, describe(field.type)) }
        case .partialDate(let precisionColumn):
            if let partial = InputDates.partial(text) {
                columns[field.column] = .string(partial.date)
                columns[precisionColumn] = .string(partial.precision)
            } else {
                issue(node, path, text, "a real date YYYY, YYYY-MM or YYYY-MM-DD")
            }
        case .integer(let range):
            if let n = Int(text), range.contains(n) { columns[field.column] = .integer(n) } else { issue(node, path, text, describe(field.type)) }
        case .reference, .criterion:
            if ReadState.isExternalID(text) { columns[field.column] = .string(text) } else { issue(node, path, text, describe(field.type)) }
        case .url:
            if let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil {
                columns[field.column] = .string(text)
            } else {
                issue(node, path, text, describe(field.type))
            }
        case .languageTag:
            if ReadState.isLanguageTag(text) { columns[field.column] = .string(text) } else { issue(node, path, text, describe(field.type)) }
        case .occurred, .attributes, .identifiers:
            break
        }
    }

    mutating func readOccurred(_ node: InputValue, path: String, into columns: inout [String: JSONValue]) {
        guard case .mapping(let mapping) = node else {
            issue(node, path, nil, "a mapping with from, to and precision")
            return
        }
        var parts: [String: InputValue] = [:]
        for (k, v) in mapping { if let k = k.string { parts[k] = v } }
        for key in parts.keys where !["from", "to", "precision"].contains(key) {
            issue(parts[key], "\(path).\(key)", nil, "only from, to and precision")
        }
        let expectedTime = "a year YYYY, a month YYYY-MM, a real date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM:SS+HH:MM"
        guard let fromNode = parts["from"], let fromText = ReadState.scalarText(fromNode) else {
            issue(node, "\(path).from", nil, expectedTime)
            return
        }
        guard let from = InputDates.span(fromText) else {
            issue(fromNode, "\(path).from", fromText, expectedTime)
            return
        }
        var to = from
        if let toNode = parts["to"], let toText = ReadState.scalarText(toNode) {
            guard let parsed = InputDates.span(toText) else {
                issue(toNode, "\(path).to", toText, expectedTime)
                return
            }
            to = parsed
        }
        guard let precisionNode = parts["precision"], let precision = ReadState.scalarText(precisionNode), Vocabulary.precision.contains(precision) else {
            issue(parts["precision"] ?? node, "\(path).precision", parts["precision"].flatMap(ReadState.scalarText), "one of \(Vocabulary.precision.joined(separator: ", "))")
            return
        }
        if to.isInstant ? to.start < from.start : to.end <= from.start {
            issue(parts["to"], "\(path).to", parts["to"].flatMap(ReadState.scalarText), "a time not before from (\(fromText))")
            return
        }
        if from.start > InputDates.instant(reader.now) {
            issue(fromNode, "\(path).from", fromText, "a time that is not in the future")
            return
        }
        if to.start > InputDates.instant(reader.now), let toNode = parts["to"] {
            issue(toNode, "\(path).to", ReadState.scalarText(toNode), "a time that is not in the future")
            return
        }
        // A year, month or day covers all of it: the range ends where the next one starts, exclusive. An
        // instant is included.
        let bracket = to.isInstant ? "]" : ")"
        columns["occurred"] = .string("[\(InputDates.postgresText(from.start)),\(InputDates.postgresText(to.end))\(bracket)")
        columns["occurred_precision"] = .string(precision)
    }

    mutating func readAttributes(_ node: InputValue, path: String, kind: String?, into columns: inout [String: JSONValue]) {
        guard case .mapping(let mapping) = node else {
            issue(node, path, nil, "a mapping of attributes")
            return
        }
        var out: [String: JSONValue] = [:]
        let allowed = kind.flatMap { reader.attributeTypes?[$0] }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string, case .scalar(let scalar) = value, let text = ReadState.scalarText(value) else {
                issue(value, "\(path).\(keyNode.string ?? "?")", "(a list, mapping or null)", "a plain value (text, a whole number or a date)")
                continue
            }
            let type = allowed?[key] ?? (scalar.plain && Int(scalar.string) != nil ? "integer" : "text")
            if reader.attributeTypes != nil, allowed?[key] == nil {
                issue(keyNode, "\(path).\(key)", key, "one of the attributes of a \(kind ?? "?") item: \((allowed ?? [:]).keys.sorted().joined(separator: ", "))")
                continue
            }
            switch type {
            case "integer":
                if let n = Int(text) { out[key] = .integer(n) } else { issue(value, "\(path).\(key)", text, "a whole number") }
            case "date":
                if InputDates.day(text) != nil { out[key] = .string(text) } else { issue(value, "\(path).\(key)", text, "a date YYYY-MM-DD") }
            default:
                out[key] = .string(text)
            }
        }
        columns["attributes"] = .object(out)
    }

    mutating func readIdentifiers(_ node: InputValue, path: String, into columns: inout [String: JSONValue]) {
        guard case .sequence(let list) = node else {
            issue(node, path, nil, "a list of {scheme, value}")
            return
        }
        var out: [JSONValue] = []
        for (i, entry) in list.enumerated() {
            guard case .mapping(let m) = entry else { issue(entry, "\(path)[\(i)]", nil, "{scheme, value}"); continue }
            var parts: [String: String] = [:]
            for (k, v) in m { if let k = k.string, let v = ReadState.scalarText(v) { parts[k] = v } }
            guard let scheme = parts["scheme"], let value = parts["value"], parts.count == 2 else {
                issue(entry, "\(path)[\(i)]", nil, "exactly scheme and value")
                continue
            }
            out.append(.object(["scheme": .string(scheme), "value": .string(value)]))
        }
        columns["identifiers"] = .array(out)
    }
}
