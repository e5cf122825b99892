import Foundation

/// One stored row as its log entry commits to it: the entry's index, the table, the row key (a JSON array of text)
/// and the canonical payload text whose SHA-256 is the leaf's payload digest (docs/log-leaf-format.md).
///
/// A record whose content a redaction profile withholds has no `payload`; its `substitute` holds the members that
/// may be shown (nulls where content was withheld, coarsened values where it was coarsened). A substitute proves
/// nothing by itself: only the existence of the row is proven, by its entry.
public struct LedgerRecord: Codable, Sendable, Hashable {
    public var entry: UInt64
    public var table: String
    public var key: String
    /// The canonical payload text; nil when withheld. A record made from its members
    /// (`init(entry:table:key:members:)`) writes it from them when it is asked for.
    public var payload: String? {
        get { text ?? members.map(LedgerRecord.canonicalText) }
        set {
            text = newValue
            members = nil
        }
    }
    public var substitute: [String: String?]?
    private var text: String?
    /// The payload's members, when the record was made from them: `fields()` gives them without parsing text, and
    /// the text is written only if it is asked for.
    private var members: [String: String?]?

    private enum CodingKeys: String, CodingKey {
        case entry, table, key, payload, substitute
    }

    public init(entry: UInt64, table: String, key: String, payload: String?, substitute: [String: String?]? = nil) {
        self.entry = entry
        self.table = table
        self.key = key
        self.text = payload
        self.substitute = substitute
    }

    /// A record made from the values of its row's members (a row read in binary), every member of the row present
    /// (null as nil): its payload is their canonical text (`canonicalText`), the same bytes as the log's payload
    /// when the values are written as the log writes them.
    public init(entry: UInt64, table: String, key: String, members: [String: String?]) {
        self.entry = entry
        self.table = table
        self.key = key
        self.members = members
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        entry = try container.decode(UInt64.self, forKey: .entry)
        table = try container.decode(String.self, forKey: .table)
        key = try container.decode(String.self, forKey: .key)
        text = try container.decodeIfPresent(String.self, forKey: .payload)
        substitute = try container.decodeIfPresent([String: String?].self, forKey: .substitute)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entry, forKey: .entry)
        try container.encode(table, forKey: .table)
        try container.encode(key, forKey: .key)
        try container.encodeIfPresent(payload, forKey: .payload)
        try container.encodeIfPresent(substitute, forKey: .substitute)
    }

    public static func == (a: LedgerRecord, b: LedgerRecord) -> Bool {
        a.entry == b.entry && a.table == b.table && a.key == b.key && a.payload == b.payload && a.substitute == b.substitute
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entry)
        hasher.combine(table)
        hasher.combine(key)
        hasher.combine(payload)
        hasher.combine(substitute)
    }

    /// Whether the record holds its payload (text or members); false when it was withheld.
    public var hasPayload: Bool { text != nil || members != nil }

    /// The canonical payload text of a row's members: a JSON object of every member in the log's order (by the
    /// length of the name in bytes, then by its bytes), each value a string or null, written as the log writes
    /// them (`{"id": "…", "note": null}`).
    public static func canonicalText(_ members: [String: String?]) -> String {
        var out: [UInt8] = [0x7B]
        let names = members.keys.sorted { a, b in
            let x = a.utf8.count, y = b.utf8.count
            return x != y ? x < y : a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        for (i, name) in names.enumerated() {
            if i > 0 { out.append(contentsOf: [0x2C, 0x20]) }
            CanonicalPayloadText.appendJSONString(name, to: &out)
            out.append(contentsOf: [0x3A, 0x20])
            if let value = members[name] ?? nil {
                CanonicalPayloadText.appendJSONString(value, to: &out)
            } else {
                out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
            }
        }
        out.append(0x7D)
        return String(decoding: out, as: UTF8.self)
    }

    /// The members of the payload (or of the substitute), every value a string or null.
    public func fields() throws -> [String: String?] {
        if let substitute { return substitute }
        if let members { return members }
        guard let text else { return [:] }
        return try LedgerRecord.parseFields(text)
    }

    /// Parses a canonical payload: a JSON object whose values are all strings or null.
    public static func parseFields(_ payload: String) throws -> [String: String?] {
        if let fields = parseFlatObject(payload) { return fields }
        return try parseFieldsInGeneral(payload)
    }

    /// `parseFields` through JSONSerialization: any JSON, with the errors it deserves.
    static func parseFieldsInGeneral(_ payload: String) throws -> [String: String?] {
        guard let object = try JSONSerialization.jsonObject(with: Data(payload.utf8), options: [.fragmentsAllowed]) as? [String: Any] else {
            throw RecordProblem("a payload is not a JSON object")
        }
        var fields: [String: String?] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: fields[key] = .some(text)
            case is NSNull: fields[key] = .some(nil)
            default: throw RecordProblem("payload member \(key) is neither a string nor null")
            }
        }
        return fields
    }

    /// The row key's text values, in key order.
    public func keyValues() throws -> [String] {
        guard let values = try JSONSerialization.jsonObject(with: Data(key.utf8)) as? [Any] else {
            throw RecordProblem("row key \(key) is not a JSON array")
        }
        return try values.map {
            guard let text = $0 as? String else { throw RecordProblem("row key \(key) holds a value that is not text") }
            return text
        }
    }
}

public struct RecordProblem: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
