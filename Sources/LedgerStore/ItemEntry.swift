import Foundation
import LedgerModel
import Postgres

/// One evidence item entered or amended as a whole (`evidence-ledger evidence add` and `amend`, the web form):
/// the item is read by the same reader as an items file (`evidence-ledger/items@1`), with the kind-specific
/// attribute types of the ledger, and written by ``RecordImporter`` with its log entries. Nothing is written
/// while any problem remains.
public struct ItemEntry: Sendable {
    /// The item as one entry of an items file's `items` list: `id`, `kind`, `title`, `occurred: {from, to,
    /// precision}`, `attributes`, `actors`, `sources`, `exhibits`, … (docs/import-formats.md).
    public var item: [String: JSONValue]

    public init(item: [String: JSONValue]) {
        self.item = item
    }

    /// The id given, or "".
    public var id: String {
        if case .string(let id) = item["id"] { return id }
        return ""
    }

    /// The checked records, or every problem. `naming` turns a field path of the item (`occurred.from`,
    /// `sources[1].locator`) into the name the user knows it by.
    public func records(on connection: Connection, now: Date = Date(), naming: (String) -> String) throws -> [StagedRecord] {
        let reader = YAMLRecordReader(now: now, attributeTypes: try RecordImporter(connection: connection).attributeTypes())
        return try SingleRecord.read(format: "evidence-ledger/items@1", listKey: "items", fields: item, reader: reader, naming: naming)
    }

    /// Adds the item as its first version. Refuses (``ImportFailure``, nothing written) an id already in the
    /// ledger: an existing item is changed by ``amend(on:reason:naming:)``.
    @discardableResult
    public func add(on connection: Connection, naming: (String) -> String) throws -> RecordImporter.Summary {
        let records = try records(on: connection, naming: naming)
        // Two people adding the same id at once: the second waits, then finds the first one's item and is refused
        // (rather than recording a second version of it as if it were new).
        try connection.query("SELECT pg_advisory_lock(hashtextextended('evidence-ledger item ' || \(id), 0))")
        defer { _ = try? connection.query("SELECT pg_advisory_unlock(hashtextextended('evidence-ledger item ' || \(id), 0))") }
        if try !ItemEntry.existing([id], on: connection).isEmpty {
            throw ImportFailure([ImportIssue(RecordLocation(file: "form", line: 1), field: naming("id"), value: id,
                expected: "an id that is not already in the ledger (an existing item is changed by amending it)")])
        }
        return try RecordImporter(connection: connection).write(records, reason: "evidence add")
    }

    /// Records the item as its new version with the reason. Refuses an item that is not in the ledger and an
    /// empty reason. Writing what the current version already holds writes nothing (`totalWritten` is 0).
    @discardableResult
    public func amend(on connection: Connection, reason: String, naming: (String) -> String) throws -> RecordImporter.Summary {
        var issues: [ImportIssue] = []
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            issues.append(ImportIssue(RecordLocation(file: "form", line: 1), field: naming("reason"), value: nil,
                                      expected: "why the item is amended: every version after the first says why"))
        }
        let records: [StagedRecord]
        do {
            records = try self.records(on: connection, naming: naming)
        } catch let failure as ImportFailure {
            throw ImportFailure(issues + failure.issues)
        }
        if !issues.isEmpty { throw ImportFailure(issues) }
        if try ItemEntry.existing([id], on: connection).isEmpty {
            throw ImportFailure([ImportIssue(RecordLocation(file: "form", line: 1), field: naming("id"), value: id,
                                             expected: "the id of an item in the ledger")])
        }
        return try RecordImporter(connection: connection).write(records, reason: reason)
    }

    /// Which of `ids` are items in the ledger.
    public static func existing(_ ids: [String], on connection: Connection) throws -> Set<String> {
        Set(try connection.query("""
            SELECT external_id FROM ledger.entity WHERE entity_type = 'item' AND external_id = ANY(\(TextArray(ids.map { Optional($0) })))
            """).map { try $0.decode(String.self, at: 0) })
    }

    /// The current version of an item as an items-file entry (without its links), such that entering it again
    /// unchanged writes nothing; nil when there is no such item. Times are written in UTC, whatever the
    /// session's time zone: a range that ends at a day's end (exclusive) is written as days, any other bound as a
    /// time (docs/import-formats.md: a day covers the whole day; times are included).
    public static func current(id: String, on connection: Connection) throws -> [String: JSONValue]? {
        guard let row = try connection.query("""
            SELECT v.kind::text, v.title, v.description,
                   CASE WHEN upper_inc(v.occurred) OR (lower(v.occurred) AT TIME ZONE 'UTC')::time <> '00:00'
                        THEN regexp_replace(to_char(lower(v.occurred) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'), '\\.000000', '')
                        ELSE to_char(lower(v.occurred) AT TIME ZONE 'UTC', 'YYYY-MM-DD') END,
                   CASE WHEN upper_inc(v.occurred)
                        THEN regexp_replace(to_char(upper(v.occurred) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'), '\\.000000', '')
                        ELSE to_char((upper(v.occurred) - interval '1 microsecond') AT TIME ZONE 'UTC', 'YYYY-MM-DD') END,
                   v.occurred_precision::text, p.external_id, a.external_id, t.external_id, v.attributes::text,
                   v.claim_status::text, v.status::text, v.entity_id, v.version,
                   coalesce(NOT upper_inc(v.occurred) AND NOT upper_inf(v.occurred)
                            AND (upper(v.occurred) AT TIME ZONE 'UTC')::time <> '00:00', false)
            FROM ledger.entity e
            CROSS JOIN LATERAL (SELECT * FROM ledger.item_version iv WHERE iv.entity_id = e.id ORDER BY iv.version DESC LIMIT 1) v
            LEFT JOIN ledger.entity p ON p.id = v.place_id
            LEFT JOIN ledger.entity a ON a.id = v.acting_state_id
            LEFT JOIN ledger.entity t ON t.id = v.territorial_state_id
            WHERE e.entity_type = 'item' AND e.external_id = \(id)
            """).first else { return nil }
        if try row.decode(Bool.self, at: 14) {
            throw LogProblem("the time range of \(id) ends inside a day without including its end, which no items file can say: amend it in psql or with evidence-ledger import")
        }
        var item: [String: JSONValue] = ["id": .string(id)]
        func put(_ key: String, _ value: String?) { if let value { item[key] = .string(value) } }
        put("kind", try row.decode(String.self, at: 0))
        put("title", try row.decode(String.self, at: 1))
        put("description", try row.decode(String?.self, at: 2))
        if let from = try row.decode(String?.self, at: 3) {
            var occurred: [String: JSONValue] = ["from": .string(from)]
            if let to = try row.decode(String?.self, at: 4) { occurred["to"] = .string(to) }
            if let precision = try row.decode(String?.self, at: 5) { occurred["precision"] = .string(precision) }
            item["occurred"] = .object(occurred)
        }
        put("place", try row.decode(String?.self, at: 6))
        put("acting_state", try row.decode(String?.self, at: 7))
        put("territorial_state", try row.decode(String?.self, at: 8))
        var attributes: [String: JSONValue] = [:]
        let stored = try row.decode(String.self, at: 9)
        for attribute in try connection.query("SELECT key, jsonb_typeof(value) = 'number', value #>> '{}' FROM jsonb_each(\(stored)::jsonb)") {
            let key = try attribute.decode(String.self, at: 0), text = try attribute.decode(String.self, at: 2)
            attributes[key] = try attribute.decode(Bool.self, at: 1) ? Int(text).map(JSONValue.integer) ?? .string(text) : .string(text)
        }
        if !attributes.isEmpty { item["attributes"] = .object(attributes) }
        put("claim_status", try row.decode(String?.self, at: 10))
        put("review_status", try row.decode(String.self, at: 11))
        let entity = try row.decode(UUID.self, at: 12), version = try row.decode(Int.self, at: 13)
        let actors = try connection.query("""
            SELECT e.external_id, a.role::text FROM ledger.item_actor a JOIN ledger.entity e ON e.id = a.actor_id
            WHERE a.item_id = \(entity) AND a.item_version = \(version) ORDER BY e.external_id, a.role
            """).map { row -> JSONValue in
                .object(["actor": .string(try row.decode(String.self, at: 0)), "role": .string(try row.decode(String.self, at: 1))])
            }
        if !actors.isEmpty { item["actors"] = .array(actors) }
        let sources = try connection.query("""
            SELECT e.external_id, s.locator, s.quote FROM ledger.item_source s JOIN ledger.entity e ON e.id = s.source_id
            WHERE s.item_id = \(entity) AND s.item_version = \(version) ORDER BY s.ordinal
            """).map { row -> JSONValue in
                var source: [String: JSONValue] = ["source": .string(try row.decode(String.self, at: 0))]
                if let locator = try row.decode(String?.self, at: 1) { source["locator"] = .string(locator) }
                if let quote = try row.decode(String?.self, at: 2) { source["quote"] = .string(quote) }
                return .object(source)
            }
        if !sources.isEmpty { item["sources"] = .array(sources) }
        let exhibits = try connection.query("""
            SELECT e.external_id, x.note FROM ledger.item_exhibit x JOIN ledger.entity e ON e.id = x.exhibit_id
            WHERE x.item_id = \(entity) AND x.item_version = \(version) ORDER BY x.ordinal
            """).map { row -> JSONValue in
                var exhibit: [String: JSONValue] = ["exhibit": .string(try row.decode(String.self, at: 0))]
                if let note = try row.decode(String?.self, at: 1) { exhibit["note"] = .string(note) }
                return .object(exhibit)
            }
        if !exhibits.isEmpty { item["exhibits"] = .array(exhibits) }
        return item
    }
}
