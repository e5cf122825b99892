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
    public var payload: String? {
        didSet { members = nil }
    }
    public var substitute: [String: String?]?
    /// The payload's members, when the record was made from them (see `init(entry:table:key:payload:members:)`):
    /// `fields()` then gives them without parsing the text. Not part of what the record is: neither encoded nor
    /// compared, and dropped when the payload is replaced.
    private var members: [String: String?]?

    private enum CodingKeys: String, CodingKey {
        case entry, table, key, payload, substitute
    }

    public init(entry: UInt64, table: String, key: String, payload: String?, substitute: [String: String?]? = nil) {
        self.entry = entry
        self.table = table
        self.key = key
        self.payload = payload
        self.substitute = substitute
    }

    /// A record whose payload text was written from values already at hand (a row read in binary), with those
    /// values as its members: `members` must be what parsing `payload` gives, which the caller guarantees by
    /// writing the text from them.
    public init(entry: UInt64, table: String, key: String, payload: String, members: [String: String?]) {
        self.entry = entry
        self.table = table
        self.key = key
        self.payload = payload
        self.members = members
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

    /// The members of the payload (or of the substitute), every value a string or null.
    public func fields() throws -> [String: String?] {
        if let substitute { return substitute }
        if let members { return members }
        guard let payload else { return [:] }
        return try LedgerRecord.parseFields(payload)
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
