import Foundation
import LedgerModel
import Postgres

/// The records of items and their links as a streamed dossier build reads them, in groups, inside the snapshot's
/// transaction: each item linked to a chosen criterion with its entity, its current version and that version's
/// actors, sources and exhibits, and its current links to those criteria with their entities (as of the
/// checkpoint). The server orders the groups, so nothing is held but the group being read.
enum DossierItemGroups {
    /// Streams the groups of the snapshot at `checkpointSize` whose links go to `criteria` (entity ids), one per
    /// item in item order (when it occurred, then its external id, then its entity id), calling `body` with each.
    ///
    /// With more than one connection (each in the same snapshot: `DossierSnapshot.sharing`), the items are split
    /// among them by their ids, each connection's server process reads and orders its part at the same time as the
    /// others, a thread per connection receives it, and the parts are merged here in item order by the key each
    /// group comes with. Most of a large read is the server's joins and sort before its first row, done on one
    /// processor per connection.
    ///
    /// The server sends the rows as a binary COPY (one buffer per row; read one result at a time, each row cost
    /// this process a result of its own, with its allocations: a quarter of the reading threads' time) and its
    /// columns in binary, and this process writes the members' values as `verify` does
    /// (`RowDigests`), so that a record's payload text (written from its members when asked for) is the log's own,
    /// byte for byte, without the server spending most of the read on formatting text (at a million items, 16 of
    /// its 30 seconds) and without this process writing texts nobody reads. A row holding a time the rebuild does
    /// not write (outside the years 1 to 9999) comes with the server's payload instead.
    static func stream(_ connections: [Connection], checkpointSize: UInt64, criteria: [String],
                       _ body: ([LedgerRecord]) throws -> Void) throws {
        precondition(!connections.isEmpty, "at least one connection")
        let query = try Query(connections[0])
        if connections.count == 1 {
            try read(connections[0], query: query, checkpointSize: checkpointSize, criteria: criteria, part: 0, of: 1) { try body($0.records) }
            return
        }
        let parts = connections.enumerated().map { p, connection in
            PartReader(connection: connection, query: query, checkpointSize: checkpointSize, criteria: criteria, part: p, of: connections.count)
        }
        let readers = DispatchGroup()
        for part in parts { runOnOwnThread(readers) { part.run() } }
        let merged = Result { () throws -> Void in
            // The next group of each part (nil once the part has ended), the least key first.
            var heads: [Group?] = try parts.map { try $0.next() }
            while true {
                var least: Int?
                for p in heads.indices {
                    guard let head = heads[p] else { continue }
                    if let l = least, !(head.key < heads[l]!.key) { continue }
                    least = p
                }
                guard let p = least else { return }
                try body(heads[p]!.records)
                heads[p] = try parts[p].next()
            }
        }
        // Readers still running (the merge stopped early) stop at their next batch; all are waited for.
        for part in parts { part.cancel() }
        readers.wait()
        try merged.get()
    }

    /// The entry of an entity's record in these groups: an item's or link's entity comes with its version's row but
    /// without its own log entry. The streamed passes never read an entity's entry (they write no records or
    /// proofs; an item shows its version's entry), and an entity is in the log before its versions (the log
    /// appends a statement's rows when the statement ends, and a version's entity exists before the version is
    /// inserted): a version as of the checkpoint has its entity as of the checkpoint. Looking up every entity's
    /// entry by its row key was a quarter of the server's time for a large read.
    static let entityEntry = UInt64.max

    /// One item's rows, with the key that orders it among the items: what it occurred (its log form, else
    /// "9999"), its external id, its entity id.
    struct Group {
        var key: Key
        var records: [LedgerRecord]
    }

    /// The order of items, as the server sorts them: each part's bytes compared in byte order ("C"), then by
    /// length; the uuid's 16 bytes as the server compares them.
    struct Key: Comparable {
        var sortKey: [UInt8] = []
        var externalID: [UInt8] = []
        var id: [UInt8] = []

        static func < (a: Key, b: Key) -> Bool {
            if a.sortKey != b.sortKey { return a.sortKey.lexicographicallyPrecedes(b.sortKey) }
            if a.externalID != b.externalID { return a.externalID.lexicographicallyPrecedes(b.externalID) }
            return a.id.lexicographicallyPrecedes(b.id)
        }
    }

    /// Reads part `part` of `parts` of the groups on `connection` (the items whose id's last byte is `part`
    /// modulo `parts`), in item order, calling `body` with each group.
    static func read(_ connection: Connection, query: Query, checkpointSize: UInt64, criteria: [String], part: Int, of parts: Int,
                     _ body: (Group) throws -> Void) throws {
        var current: Int64 = -1
        var group = Group(key: Key(), records: [])
        var keyed = false
        var scratch: [UInt8] = []
        scratch.reserveCapacity(256)
        func finish() throws {
            guard !group.records.isEmpty else { return }
            guard keyed else { throw LogProblem("an item group of a dossier came without its item's version") }
            // In log order (the entities, which come without their entries on their versions' rows, last).
            group.records.sort { $0.entry < $1.entry }
            try body(group)
        }
        // The members of a row of `table` whose member `m` is in column `column(m)`, written as the log writes them:
        // a text value as it came, any other as the log's payload holds it (between quotes, with nothing to
        // escape), null as nil. The payload text is written from them only if it is asked for
        // (`LedgerRecord.canonicalText`).
        func members(_ fields: [UnsafeRawBufferPointer?], _ table: Query.Table, _ column: (Int) -> Int) throws -> [String: String?] {
            var members: [String: String?] = Dictionary(minimumCapacity: table.columns.count)
            for m in 0..<table.columns.count {
                guard let value = fields[column(m)] else {
                    members[table.columns[m].name] = .some(nil)
                    continue
                }
                if case .text = table.forms[m] {
                    members[table.columns[m].name] = .some(String(decoding: value, as: UTF8.self))
                    continue
                }
                scratch.removeAll(keepingCapacity: true)
                do {
                    try RowDigests.append(value, form: table.forms[m], to: &scratch)
                } catch is RowDigests.NotRebuilt {
                    throw LogProblem("a value of ledger.\(table.name) could not be written as the log writes it")
                }
                members[table.columns[m].name] = scratch.first == 0x22 ? .some(String(decoding: scratch[1..<(scratch.count - 1)], as: UTF8.self)) : .some(nil)
            }
            return members
        }
        // COPY takes no parameters: they are bound to settings of this transaction, which the query reads once
        // (outside a transaction block the settings would be gone before the COPY began).
        guard connection.isInTransactionBlock else { throw LogProblem("a dossier's item groups are read inside the snapshot's transaction") }
        _ = try connection.query(PostgresQuery(unsafeSQL: """
            SELECT set_config('\(Query.checkpointSetting)', $1, true), set_config('\(Query.criteriaSetting)', $2::text[]::text, true),
                   set_config('\(Query.partsSetting)', $3, true), set_config('\(Query.partSetting)', $4, true)
            """, bindings: [
            try String(checkpointSize).postgresBinding(), try TextArray(criteria).postgresBinding(),
            try String(parts).postgresBinding(), try String(part).postgresBinding(),
        ]))
        func text(_ field: UnsafeRawBufferPointer?) -> String? { field.map { String(decoding: $0, as: UTF8.self) } }
        func integer(_ row: BinaryCopyRow, _ column: Int) throws -> Int64 {
            guard let value = row.int64(at: column) else { throw LogProblem("a dossier's item groups hold no integer in column \(column + 1)") }
            return value
        }
        try connection.copyOutBinary("COPY (\(query.sql)) TO STDOUT (FORMAT binary)") { row in
            let fields = row.fields
            guard fields.count == query.slotBase + query.slots.count else { throw LogProblem("unexpected row in a dossier's item groups") }
            let ord = try integer(row, 0)
            if ord != current {
                try finish()
                group.records.removeAll(keepingCapacity: true)
                keyed = false
                current = ord
            }
            guard let name = fields[2], let tableIndex = query.tables.firstIndex(where: { $0.nameBytes.elementsEqual(name) }) else {
                throw LogProblem("a dossier's item groups hold a row of an unexpected table")
            }
            let table = query.tables[tableIndex]
            if let id = fields[7] {
                group.key = Key(sortKey: fields[5].map { [UInt8]($0) } ?? [], externalID: fields[6].map { [UInt8]($0) } ?? [], id: [UInt8](id))
                keyed = true
            }
            let entry = UInt64(try integer(row, 1))
            guard let key = text(fields[3]) else { throw LogProblem("a dossier's item groups hold a row without its key") }
            if let fallback = text(fields[4]) {
                group.records.append(LedgerRecord(entry: entry, table: table.name, key: key, payload: fallback))
            } else {
                group.records.append(LedgerRecord(entry: entry, table: table.name, key: key,
                                                  members: try members(fields, table, { query.slotBase + table.slots[$0] })))
            }
            // An item's or link's version comes with its entity's row (without its log entry: see `entityEntry`).
            if let entityKey = text(fields[Query.entityColumn]) {
                if let fallback = text(fields[Query.entityColumn + 1]) {
                    group.records.append(LedgerRecord(entry: entityEntry, table: "entity", key: entityKey, payload: fallback))
                } else {
                    group.records.append(LedgerRecord(entry: entityEntry, table: "entity", key: entityKey,
                                                      members: try members(fields, query.entity, { Query.entityColumn + 2 + $0 })))
                }
            }
        }
        try finish()
    }

    /// One part of a read on several connections: its thread reads the part on its connection and hands the groups
    /// over in batches through a small queue (waiting when it is full); the merging thread takes them. The
    /// connection is used by the part's thread alone, until `run` returns: so the unchecked `Sendable`.
    final class PartReader: @unchecked Sendable {
        private let connection: Connection
        private let query: Query
        private let checkpointSize: UInt64
        private let criteria: [String]
        private let part: Int
        private let parts: Int
        private let condition = NSCondition()
        private var batches: [[Group]] = []
        private var ended = false
        private var cancelled = false
        private var failure: Error?
        /// The batch being taken from, on the merging thread.
        private var taking: [Group] = []
        private var at = 0

        struct Cancelled: Error {}

        init(connection: Connection, query: Query, checkpointSize: UInt64, criteria: [String], part: Int, of parts: Int) {
            self.connection = connection
            self.query = query
            self.checkpointSize = checkpointSize
            self.criteria = criteria
            self.part = part
            self.parts = parts
        }

        /// On the part's thread: reads the part and ends it (with its error, if any).
        func run() {
            var batch: [Group] = []
            let outcome = Result { () throws -> Void in
                try DossierItemGroups.read(connection, query: query, checkpointSize: checkpointSize, criteria: criteria, part: part, of: parts) { group in
                    batch.append(group)
                    if batch.count == 64 {
                        try put(batch)
                        batch = []
                    }
                }
                if !batch.isEmpty { try put(batch) }
            }
            condition.lock()
            ended = true
            if case .failure(let error) = outcome, !(error is Cancelled) { failure = error }
            condition.broadcast()
            condition.unlock()
        }

        private func put(_ batch: [Group]) throws {
            condition.lock()
            defer { condition.unlock() }
            while batches.count >= 8 && !cancelled { condition.wait() }
            if cancelled { throw Cancelled() }
            batches.append(batch)
            condition.broadcast()
        }

        /// On the merging thread: the part's next group, nil once it has ended; its error, if it failed.
        func next() throws -> Group? {
            if at < taking.count {
                defer { at += 1 }
                return taking[at]
            }
            condition.lock()
            defer { condition.unlock() }
            while batches.isEmpty && !ended { condition.wait() }
            if let failure { throw failure }
            guard !batches.isEmpty else { return nil }
            taking = batches.removeFirst()
            condition.broadcast()
            at = 1
            return taking[0]
        }

        /// Stops the part's thread at its next batch (when the merge stops before the end).
        func cancel() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The tables a group's rows come from.
    static let tables = ["entity", "item_version", "item_actor", "item_source", "item_exhibit", "link_version"]

    /// The query of the groups and how to read its rows: the group's number, the log entry, the table, the row
    /// key, the server's payload for a row the rebuild cannot write (else null), the item order's key (sort key,
    /// external id, item id: on the item's version row, else null), the row's entity (on versions of items and
    /// links: its row key, server payload or null, and members, without its log entry; else null), then the
    /// members' values in shared columns ("slots"): each table puts each member in the next slot of the member's
    /// type that it has not used, and leaves the slots it does not use null, so that every table's rows fit one
    /// result.
    struct Query {
        static let fixedColumns = 8
        /// The first of the entity's columns (its row key; then server payload, members).
        static let entityColumn = fixedColumns

        struct Table {
            let name: String
            let nameBytes: [UInt8]
            let columns: [RowDigests.Column]
            /// Member `m`'s slot (counted from the first slot column).
            let slots: [Int]
            let forms: [RowDigests.Form]
            /// The server's payload expression, for rows with a time outside the years 1 to 9999 (else null).
            let fallback: String

            /// The slot columns of a select list over row `r`: the member's value or a typed null.
            func selectList(_ slots: [String]) -> String {
                var list = slots.map { "NULL::" + $0 }
                for (m, column) in columns.enumerated() { list[self.slots[m]] = column.selected.sql }
                return list.joined(separator: ", ")
            }
        }

        /// The SQL type of each slot.
        let slots: [String]
        let tables: [Table]
        let sql: String
        /// The entity table, whose rows come with the versions of items and links: after the fixed columns, the
        /// entity's row key and server payload (as for the row itself; no log entry: `entityEntry`), then its
        /// members in order.
        let entity: Table
        /// The first slot's column.
        var slotBase: Int { Query.entityColumn + 2 + entity.columns.count }

        init(_ connection: Connection) throws {
            var slotTypes: [String] = []
            var tables: [Table] = []
            var key: [String: String] = [:], payload: [String: String] = [:]
            for row in try connection.query(PostgresQuery(unsafeSQL: """
                SELECT t, ledger.log_key_expression(t), ledger.log_payload_expression(t), c.oid::bigint
                FROM unnest($1::text[]) AS t
                JOIN pg_class c ON c.relname = t JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'ledger'
                """, bindings: [try TextArray(DossierItemGroups.tables).postgresBinding()])) {
                let name = try row.decode(String.self, at: 0)
                let oid = try row.decode(Int.self, at: 3)
                key[name] = try Query.keyText(connection, oid: oid) ?? row.decode(String.self, at: 1)
                payload[name] = try row.decode(String.self, at: 2)
                let columns = try RowDigests.members(connection, oid: oid)
                var used: [String: Int] = [:]
                var slots: [Int] = [], forms: [RowDigests.Form] = []
                var times: [String] = []
                for column in columns {
                    let (sql, form) = column.selected
                    let type: String
                    switch form {
                    case .text: type = "text"
                    case .uuid: type = "uuid"
                    case .timestamp:
                        type = "timestamptz"
                        times.append(sql)
                    case .timestampRange:
                        type = "tstzrange"
                        times.append("lower(\(sql))")
                        times.append("upper(\(sql))")
                    }
                    let nth = used[type, default: 0]
                    used[type] = nth + 1
                    let matching = slotTypes.indices.filter { slotTypes[$0] == type }
                    if nth < matching.count {
                        slots.append(matching[nth])
                    } else {
                        slots.append(slotTypes.count)
                        slotTypes.append(type)
                    }
                    forms.append(form)
                }
                let outside = times.map { "\($0) < '0001-01-01 00:00:00+00'::timestamptz OR \($0) >= '10000-01-01 00:00:00+00'::timestamptz" }
                tables.append(Table(name: name, nameBytes: Array(name.utf8), columns: columns, slots: slots, forms: forms,
                                    fallback: outside.isEmpty ? "NULL::text" : "CASE WHEN \(outside.joined(separator: " OR ")) THEN \(payload[name]!) END"))
            }
            guard tables.count == DossierItemGroups.tables.count else { throw LogProblem("the ledger's item and link tables are not all there") }
            slots = slotTypes
            self.tables = tables
            entity = tables.first { $0.name == "entity" }!
            sql = Query.sql(tables: Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) }), slots: slotTypes, key: key)
        }

        /// The row key of the table `oid` as text put together from its primary key's columns when each is a uuid or
        /// an integer, whose text needs no escaping in JSON: the same text as the log's key expression
        /// (`jsonb_build_array(…)::text`, e.g. `["…", "2"]`), without building a jsonb value for each of millions of
        /// rows. Nil for any other key (the log's own expression is used).
        static func keyText(_ connection: Connection, oid: Int) throws -> String? {
            let parts = try connection.query(PostgresQuery(unsafeSQL: """
                SELECT a.attname::text, format_type(a.atttypid, NULL) IN ('uuid', 'integer', 'bigint', 'smallint')
                FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                WHERE i.indrelid = $1::bigint::oid AND i.indisprimary
                ORDER BY array_position(i.indkey::int2[], a.attnum)
                """, bindings: [try oid.postgresBinding()])).map { (try $0.decode(String.self, at: 0), try $0.decode(Bool.self, at: 1)) }
            guard !parts.isEmpty, parts.allSatisfy(\.1) else { return nil }
            return "('[\"' || " + parts.map { "r.\(RowDigests.quoted($0.0))::text" }.joined(separator: " || '\", \"' || ") + " || '\"]')"
        }

        /// The settings the query reads its parameters from (COPY takes none): the checkpoint's size, the
        /// criteria (a text array), how many parts and which part; set for the transaction before each read.
        static let checkpointSetting = "evidence_ledger.dossier_checkpoint"
        static let criteriaSetting = "evidence_ledger.dossier_criteria"
        static let partsSetting = "evidence_ledger.dossier_parts"
        static let partSetting = "evidence_ledger.dossier_part"
        /// Each read once for the whole query (a sub-select: an init plan), not for every row it filters.
        static let checkpoint = "(SELECT current_setting('\(checkpointSetting)')::bigint)"
        static let criteria = "(SELECT current_setting('\(criteriaSetting)')::text[])::text[]"
        static let parts = "(SELECT current_setting('\(partsSetting)')::int)"
        static let part = "(SELECT current_setting('\(partSetting)')::int)"

        /// Over the base tables: the current link versions as of the checkpoint that go to the criteria (`checkpoint`, `criteria`) and
        /// are not withdrawn (each part looks for them only among the links with a version whose item is in the part,
        /// and then keeps those whose current version's item is: a link's versions may name different items; both
        /// parts in psql, three alternating rounds: 11.5 / 11.6 / 11.5 s → 10.9 / 11.1 / 11.1 s), the current
        /// versions of their items with their sort keys (the start of when they occurred, as the log writes it, else
        /// "9999") numbered in item order (that, then the external id, then the entity id), and then, item by item in
        /// that order (one sort of the rows read, by that number), each row of the group with its log entry and row
        /// key; the item's version row also carries the item order's key, and the versions of the item and of its
        /// links their entities' rows, without log entries (`entityEntry`; half the rows to sort and send). Only the
        /// items whose id's last byte is `part` modulo `parts` (one part of a read split among connections). Rows count as of the checkpoint when their log entry is below it. The current versions
        /// are found on narrow rows; the members are read only for the rows sent.
        static func sql(tables: [String: Table], slots: [String], key: [String: String]) -> String {
            func k(_ table: String) -> String { key[table]! }
            let entity = tables["entity"]!
            // An entity's row as it comes with a version (over ledger.entity r), without its log entry.
            let entityNames = ["e_key", "e_fallback"] + entity.columns.indices.map { "e\($0)" }
            let entityColumns = zip([k("entity"), entity.fallback] + entity.columns.map(\.selected.sql), entityNames)
                .map { "\($0) AS \($1)" }.joined(separator: ", ")
            // The item order's key comes with the item's version (the row every group has); the entity of an item or
            // a link comes with its version.
            let unkeyed = "NULL::text, NULL::text, NULL::uuid"
            func withEntity(_ alias: String) -> String { entityNames.map { alias + "." + $0 }.joined(separator: ", ") }
            let noEntity = (["NULL::text", "NULL::text"] + entity.slots.map { "NULL::\(slots[$0])" }).joined(separator: ", ")
            func child(_ table: String) -> String {
                """
                UNION ALL SELECT k.ord, e.idx, '\(table)', e.row_key, \(tables[table]!.fallback), \(unkeyed), \(noEntity), \(tables[table]!.selectList(slots))
                    FROM items k JOIN ledger.\(table) r ON r.item_id = k.entity_id AND r.item_version = k.version
                    JOIN ledger.log_entry e ON e.table_name = '\(table)' AND e.row_key = \(k(table))
                    WHERE e.idx < \(checkpoint)
                """
            }
            let slotNames = slots.indices.map { "m.s\($0)" }.joined(separator: ", ")
            let slotAliases = slots.indices.map { "s\($0)" }.joined(separator: ", ")
            return """
                WITH links AS MATERIALIZED (
                    SELECT l.entity_id, l.version, l.item_id, l.idx, l.row_key, \(entityColumns)
                    FROM (SELECT DISTINCT ON (r.entity_id) r.entity_id, r.version, r.item_id, r.criterion_id, r.withdrawn, e.idx, e.row_key
                          FROM ledger.link_version r
                          JOIN ledger.log_entry e ON e.table_name = 'link_version' AND e.row_key = \(k("link_version"))
                          WHERE e.idx < \(checkpoint)
                            AND r.entity_id IN (SELECT p.entity_id FROM ledger.link_version p WHERE get_byte(uuid_send(p.item_id), 15) % \(parts) = \(part))
                          ORDER BY r.entity_id, r.version DESC) l
                    JOIN ledger.entity r ON r.id = l.entity_id
                    WHERE NOT l.withdrawn AND l.criterion_id::text = ANY(\(criteria)) AND get_byte(uuid_send(l.item_id), 15) % \(parts) = \(part)
                ),
                items AS MATERIALIZED (
                    SELECT i.*, r.external_id, \(entityColumns),
                           row_number() OVER (ORDER BY i.sort_key COLLATE "C", r.external_id COLLATE "C", i.entity_id) AS ord
                    FROM (SELECT DISTINCT ON (r.entity_id) r.entity_id, r.version, e.idx, e.row_key,
                                 COALESCE(ledger.log_time(lower(r.occurred)), '9999') AS sort_key
                          FROM ledger.item_version r
                          JOIN ledger.log_entry e ON e.table_name = 'item_version' AND e.row_key = \(k("item_version"))
                          WHERE e.idx < \(checkpoint) AND get_byte(uuid_send(r.entity_id), 15) % \(parts) = \(part) AND r.entity_id IN (SELECT item_id FROM links)
                          ORDER BY r.entity_id, r.version DESC) i
                    JOIN ledger.entity r ON r.id = i.entity_id
                ),
                members (ord, idx, table_name, row_key, fallback, sort_key, external_id, item_id, \(entityNames.joined(separator: ", ")), \(slotAliases)) AS (
                    SELECT k.ord, k.idx, 'item_version'::text, k.row_key, \(tables["item_version"]!.fallback), k.sort_key, k.external_id, k.entity_id,
                           \(withEntity("k")), \(tables["item_version"]!.selectList(slots))
                        FROM items k JOIN ledger.item_version r ON r.entity_id = k.entity_id AND r.version = k.version
                    UNION ALL SELECT k.ord, l.idx, 'link_version', l.row_key, \(tables["link_version"]!.fallback), \(unkeyed),
                           \(withEntity("l")), \(tables["link_version"]!.selectList(slots))
                        FROM links l JOIN items k ON k.entity_id = l.item_id
                        JOIN ledger.link_version r ON r.entity_id = l.entity_id AND r.version = l.version
                    \(child("item_actor"))
                    \(child("item_source"))
                    \(child("item_exhibit"))
                )
                SELECT m.ord, m.idx, m.table_name, m.row_key, m.fallback, m.sort_key, m.external_id, m.item_id,
                       \(withEntity("m")), \(slotNames)
                FROM members m
                ORDER BY m.ord, m.idx
                """
        }
    }

    /// The item_source records (all versions, as of the checkpoint) that name one of `sources`: the redaction
    /// profile withholds what they hold, and coarsens the places of their items.
    static func recordsNaming(sources: [String], _ connection: Connection, checkpointSize: UInt64) throws -> [LedgerRecord] {
        var records: [LedgerRecord] = []
        _ = try connection.stream(PostgresQuery(unsafeSQL: """
            SELECT e.idx, p.table_name, p.row_key, p.payload
            FROM ledger.log_row_payload p
            JOIN ledger.log_entry e ON e.table_name = p.table_name AND e.row_key = p.row_key
            WHERE p.table_name = 'item_source' AND e.idx < $1 AND p.payload::jsonb ->> 'source_id' = ANY($2::text[])
            ORDER BY e.idx
            """, bindings: [try Int(checkpointSize).postgresBinding(), try TextArray(sources).postgresBinding()])) { row in
            records.append(LedgerRecord(entry: UInt64(try row.decode(Int.self, at: 0)), table: try row.decode(String.self, at: 1),
                                        key: try row.decode(String.self, at: 2), payload: try row.decode(String.self, at: 3)))
        }
        return records
    }

    /// The places of any version (as of the checkpoint) of the items `items`.
    static func places(of items: [String], _ connection: Connection, checkpointSize: UInt64) throws -> Set<String> {
        var places: Set<String> = []
        _ = try connection.stream(PostgresQuery(unsafeSQL: """
            SELECT DISTINCT p.payload::jsonb ->> 'place_id'
            FROM ledger.log_row_payload p
            JOIN ledger.log_entry e ON e.table_name = p.table_name AND e.row_key = p.row_key
            WHERE p.table_name = 'item_version' AND e.idx < $1 AND p.payload::jsonb ->> 'entity_id' = ANY($2::text[])
              AND p.payload::jsonb ->> 'place_id' IS NOT NULL
            """, bindings: [try Int(checkpointSize).postgresBinding(), try TextArray(items).postgresBinding()])) { row in
            places.insert(try row.decode(String.self, at: 0))
        }
        return places
    }
}
