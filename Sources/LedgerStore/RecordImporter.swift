import Foundation
import LedgerModel
import Postgres

/// Writes checked records to the ledger in one transaction, set-based: the records are copied into a temporary
/// staging table with COPY, and each kind is then written by one INSERT … SELECT. Entities that are new get
/// version 1; entities whose content differs from their current version get a new version with the import's
/// reason; unchanged entities get nothing, so importing the same file twice adds nothing. An import never
/// changes an existing record's review status or withdrawal.
public struct RecordImporter {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// What an import did, per kind.
    public struct Summary: Sendable, Equatable {
        public var created: [EntityKind: Int] = [:]
        public var amended: [EntityKind: Int] = [:]
        public var unchanged: [EntityKind: Int] = [:]

        public var totalWritten: Int { created.values.reduce(0, +) + amended.values.reduce(0, +) }
    }

    /// The attributes each evidence kind allows, as `ledger.evidence_kind_attribute` lists them.
    public func attributeTypes() throws -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for row in try connection.query("SELECT kind::text, attribute, value_type FROM ledger.evidence_kind_attribute") {
            result[try row.decode(String.self, at: 0), default: [:]][try row.decode(String.self, at: 1)] = try row.decode(String.self, at: 2)
        }
        return result
    }

    /// Checks the records (duplicates, references against the batch and the ledger), then writes them (unless
    /// `dryRun`). Throws ``ImportFailure`` (nothing written) when an id repeats or a reference points nowhere.
    @discardableResult
    public func write(_ records: [StagedRecord], reason: String, dryRun: Bool = false, progress: @escaping (String) -> Void = { _ in }) throws -> Summary {
        try session(reason: reason, dryRun: dryRun, progress: progress) { session in
            try session.stage(records)
        }
    }

    /// Validates and writes nothing: what `write` would do.
    public func dryRun(_ records: [StagedRecord], reason: String, progress: @escaping (String) -> Void = { _ in }) throws -> Summary {
        try write(records, reason: reason, dryRun: true, progress: progress)
    }

    /// Runs an import in one transaction: `body` stages records in as many batches as it likes (memory stays
    /// bounded by the batch), then duplicates and references are checked in SQL and everything is written —
    /// or, when anything is wrong or `dryRun` is set, nothing is.
    public func session(reason: String, dryRun: Bool = false, progress: @escaping (String) -> Void = { _ in }, _ body: (ImportSession) throws -> Void) throws -> Summary {
        do {
            return try connection.transaction { tx in
                let session = try ImportSession(connection: tx, progress: progress)
                try body(session)
                let summary = try session.finish(reason: reason)
                if dryRun { throw DryRunRollback(summary: summary) }
                return summary
            }
        } catch let rollback as DryRunRollback {
            return rollback.summary
        }
    }

    struct DryRunRollback: Error { var summary: Summary }
}

/// One import in progress: a staging table filled with COPY, batch by batch.
public final class ImportSession {
    let tx: Connection
    let progress: (String) -> Void
    /// How many records were staged.
    public private(set) var staged = 0
    var stagedByKind: [EntityKind: Int] = [:]
    /// The child keys (`sources`, `names`…) some staged record of a kind has rows for.
    var stagedChildKeys: [EntityKind: Set<String>] = [:]
    var clock = Date()

    init(connection: Connection, progress: @escaping (String) -> Void) throws {
        tx = connection
        self.progress = progress
        // The import's statements are few and large, and their row estimates are poor (the staging table and the
        // rows just written have no statistics yet): JIT compilation would cost more than it saves, and a sort
        // of a whole batch should stay in memory.
        try tx.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'")
        try tx.execute("""
            CREATE TEMP TABLE import_record (
                ord integer NOT NULL, entity_type text NOT NULL, external_id text NOT NULL, doc jsonb NOT NULL, children jsonb NOT NULL,
                file text NOT NULL, line integer NOT NULL
            ) ON COMMIT DROP
            """)
    }

    func lap(_ what: String) {
        let now = Date()
        progress(String(format: "%@ (%.2f s)", what, now.timeIntervalSince(clock)))
        clock = now
    }

    /// Copies records into the staging table, then records the entities among them that the ledger does not know
    /// yet, while the next batch is being read. (Should anything be wrong with the import, the transaction is rolled
    /// back and they are gone with it; the checks in ``finish(reason:)`` see the same whether they are there or not.)
    public func stage(_ records: [StagedRecord]) throws {
        guard !records.isEmpty else { return }
        try tx.copyIn("COPY pg_temp.import_record (ord, entity_type, external_id, doc, children, file, line) FROM STDIN") { writer in
            var line: [UInt8] = []
            line.reserveCapacity(1024)
            for record in records {
                line.removeAll(keepingCapacity: true)
                if StagingLine.encode(ord: staged, record: record, into: &line) {
                    try writer.write(line)
                } else {
                    // A NUL in a text field: the writer's own path refuses it with its usual error.
                    let children = JSONValue.object(record.children.mapValues { rows in .array(rows.map { .object($0) }) })
                    try writer.writeRow([String(staged), record.kind.rawValue, record.externalID, JSONValue.object(record.columns).text, children.text,
                                         record.location.file, String(record.location.line)])
                }
                staged += 1
                stagedByKind[record.kind, default: 0] += 1
                for (key, rows) in record.children where !rows.isEmpty { stagedChildKeys[record.kind, default: []].insert(key) }
            }
        }
        try tx.query(PostgresQuery(unsafeSQL: """
            INSERT INTO ledger.entity (entity_type, external_id)
            SELECT DISTINCT split_part(k, E'\\t', 1), split_part(k, E'\\t', 2) FROM unnest(string_to_array($1, E'\\n')) AS k
            ON CONFLICT (entity_type, external_id) DO NOTHING
            """, bindings: [try ImportSession.entityKeys(records).postgresBinding()]))
    }

    /// The batch's entities as one text of `type TAB external id` lines, bound as a parameter: the entities are
    /// recorded from what was just sent instead of by finding the batch again in the staging table, which has no
    /// index while it is being filled (each batch would read every row staged before it). Checked external ids
    /// hold neither tabs nor line breaks.
    static func entityKeys(_ records: [StagedRecord]) -> String {
        var keys = ""
        keys.reserveCapacity(records.count * 40)
        for record in records {
            if !keys.isEmpty { keys += "\n" }
            keys += record.kind.rawValue
            keys += "\t"
            keys += record.externalID
        }
        return keys
    }

    /// Checks the staged records as a whole, then writes them.
    func finish(reason: String) throws -> RecordImporter.Summary {
        lap("staged \(staged) records with COPY and recorded new entities")
        try tx.execute("CREATE INDEX ON pg_temp.import_record (entity_type, external_id); ANALYZE pg_temp.import_record")
        try checkDuplicates()
        try checkReferences()
        lap("checked ids and references")
        try tx.execute("CREATE TEMP TABLE import_written (entity_id uuid NOT NULL, version integer NOT NULL) ON COMMIT DROP")
        var summary = RecordImporter.Summary()
        for kind in EntityKind.allCases {
            guard let count = stagedByKind[kind], count > 0 else { continue }
            try tx.execute("TRUNCATE pg_temp.import_written")
            try tx.query(PostgresQuery(unsafeSQL: ImportSQL.versions(for: kind), bindings: [try reason.postgresBinding()]))
            try tx.execute("ANALYZE pg_temp.import_written")
            lap("wrote \(kind.rawValue) versions")
            let children = ImportSQL.children(for: kind, only: stagedChildKeys[kind] ?? [])
            for child in children { try tx.execute(child) }
            if !children.isEmpty { lap("wrote \(kind.rawValue) children") }
            let counts = try tx.query("SELECT count(*) FILTER (WHERE version = 1), count(*) FILTER (WHERE version > 1) FROM pg_temp.import_written")[0]
            let created = try counts.decode(Int.self, at: 0), amended = try counts.decode(Int.self, at: 1)
            summary.created[kind] = created
            summary.amended[kind] = amended
            summary.unchanged[kind] = count - created - amended
        }
        return summary
    }

    func checkDuplicates() throws {
        let rows = try tx.query("""
            SELECT entity_type, external_id, (array_agg(file ORDER BY ord))[2], (array_agg(line ORDER BY ord))[2],
                   (array_agg(file || ':' || line ORDER BY ord))[1]
            FROM pg_temp.import_record GROUP BY entity_type, external_id HAVING count(*) > 1
            ORDER BY min(ord) LIMIT 1000
            """)
        guard !rows.isEmpty else { return }
        throw ImportFailure(try rows.map { row in
            ImportIssue(RecordLocation(file: try row.decode(String.self, at: 2), line: try row.decode(Int.self, at: 3)),
                        field: "id", value: try row.decode(String.self, at: 1),
                        expected: "a \(try row.decode(String.self, at: 0)) id not used before in this import (also at \(try row.decode(String.self, at: 4)))")
        })
    }

    /// Every reference must name a record staged here or already in the ledger.
    func checkReferences() throws {
        var parts: [String] = []
        func exists(_ targets: [EntityKind], _ value: String) -> String {
            targets.map { target in
                "EXISTS (SELECT 1 FROM pg_temp.import_record t WHERE t.entity_type = '\(target.rawValue)' AND t.external_id = \(value)) OR EXISTS (SELECT 1 FROM ledger.entity e WHERE e.entity_type = '\(target.rawValue)' AND e.external_id = \(value))"
            }.joined(separator: " OR ")
        }
        for kind in EntityKind.allCases where (stagedByKind[kind] ?? 0) > 0 {
            let spec = RecordSpec.all[kind]!
            for field in spec.fields {
                let targets: [EntityKind]
                switch field.type {
                case .reference(let target): targets = [target]
                case .criterion: targets = [.element, .provision]
                default: continue
                }
                let value = "(s.doc->>'\(field.column)')"
                let expected = "the id of \(targets.map(\.rawValue).joined(separator: " or ")) in this import or already in the ledger"
                parts.append("""
                    SELECT s.ord, s.file, s.line, '\(field.key)' AS field, \(value) AS value, '\(expected)' AS expected
                    FROM pg_temp.import_record s
                    WHERE s.entity_type = '\(kind.rawValue)' AND s.doc ? '\(field.column)' AND NOT (\(exists(targets, value)))
                    """)
            }
            for child in spec.children {
                for field in child.fields {
                    guard case .reference(let target) = field.type else { continue }
                    let value = "(c.v->>'\(field.column)')"
                    parts.append("""
                        SELECT s.ord, s.file, s.line, '\(child.key)[' || (c.n - 1) || '].\(field.key)', \(value),
                               'the id of \(target.rawValue) in this import or already in the ledger'
                        FROM pg_temp.import_record s
                        CROSS JOIN LATERAL jsonb_array_elements(coalesce(s.children->'\(child.key)', '[]'::jsonb)) WITH ORDINALITY AS c(v, n)
                        WHERE s.entity_type = '\(kind.rawValue)' AND NOT (\(exists([target], value)))
                        """)
                }
            }
        }
        if (stagedByKind[.item] ?? 0) > 0 {
            // Attributes that name a place or an actor.
            parts.append("""
                SELECT s.ord, s.file, s.line, 'attributes.' || a.key, a.value #>> '{}',
                       'the id of a ' || k.value_type || ' in this import or already in the ledger'
                FROM pg_temp.import_record s
                CROSS JOIN LATERAL jsonb_each(coalesce(s.doc->'attributes', '{}'::jsonb)) AS a(key, value)
                JOIN ledger.evidence_kind_attribute k ON k.kind::text = s.doc->>'kind' AND k.attribute = a.key AND k.value_type IN ('place', 'actor')
                WHERE s.entity_type = 'item'
                  AND NOT EXISTS (SELECT 1 FROM pg_temp.import_record t WHERE t.entity_type = k.value_type AND t.external_id = a.value #>> '{}')
                  AND NOT EXISTS (SELECT 1 FROM ledger.entity e WHERE e.entity_type = k.value_type AND e.external_id = a.value #>> '{}')
                """)
        }
        if (stagedByKind[.link] ?? 0) > 0 {
            // A provision that has elements is linked through one of them (as the link trigger decides it, from
            // any version of an element: found through the provision's entity, not by reading current_element
            // once per link).
            parts.append("""
                SELECT s.ord, s.file, s.line, 'element', s.doc->>'criterion_id', 'an element code: this provision has elements, link one of them'
                FROM pg_temp.import_record s
                WHERE s.entity_type = 'link'
                  AND NOT EXISTS (SELECT 1 FROM pg_temp.import_record t WHERE t.entity_type = 'element' AND t.external_id = s.doc->>'criterion_id')
                  AND NOT EXISTS (SELECT 1 FROM ledger.entity e WHERE e.entity_type = 'element' AND e.external_id = s.doc->>'criterion_id')
                  AND (EXISTS (SELECT 1 FROM pg_temp.import_record t WHERE t.entity_type = 'element' AND t.doc->>'provision_id' = s.doc->>'criterion_id')
                       OR EXISTS (SELECT 1 FROM ledger.entity p JOIN ledger.element_version ev ON ev.provision_id = p.id
                                  WHERE p.entity_type = 'provision' AND p.external_id = s.doc->>'criterion_id'))
                """)
        }
        guard !parts.isEmpty else { return }
        let rows = try tx.query(PostgresQuery(unsafeSQL: "SELECT * FROM (\(parts.joined(separator: "\nUNION ALL\n"))) AS missing ORDER BY 1, 4 LIMIT 1000"))
        guard !rows.isEmpty else { return }
        throw ImportFailure(try rows.map { row in
            ImportIssue(RecordLocation(file: try row.decode(String.self, at: 1), line: try row.decode(Int.self, at: 2)),
                        field: try row.decode(String.self, at: 3), value: try row.decode(String?.self, at: 4),
                        expected: try row.decode(String.self, at: 5))
        })
    }
}

/// The set-based SQL of an import, generated from the record specifications.
enum ImportSQL {
    /// Enum type of a code column, by the vocabulary name in its spec.
    static func expression(_ field: FieldSpec) -> String {
        let value = "s.doc->>'\(field.column)'"
        switch field.type {
        case .code(let type, _):
            return type == "text" ? value : "(\(value))::ledger.\(type)"
        case .date, .partialDate:
            return "(\(value))::date"
        case .integer:
            return field.column == "credibility" ? "(\(value))::ledger.information_credibility" : "(\(value))::integer"
        case .reference(let kind):
            return "(SELECT r.id FROM ledger.entity r WHERE r.entity_type = '\(kind.rawValue)' AND r.external_id = \(value))"
        case .criterion:
            return "coalesce((SELECT r.id FROM ledger.entity r WHERE r.entity_type = 'element' AND r.external_id = \(value)), (SELECT r.id FROM ledger.entity r WHERE r.entity_type = 'provision' AND r.external_id = \(value)))"
        case .attributes:
            return "coalesce(s.doc->'attributes', '{}'::jsonb)"
        case .identifiers:
            return "coalesce(s.doc->'identifiers', '[]'::jsonb)"
        case .occurred:
            return "(\(value))::tstzrange"
        case .text, .url, .languageTag:
            return value
        }
    }

    /// The version-table columns an import writes, each with its expression over the staged row `s`.
    static func columns(for kind: EntityKind) -> [(column: String, expression: String)] {
        var result: [(String, String)] = []
        for field in RecordSpec.all[kind]!.fields {
            switch field.type {
            case .partialDate(let precisionColumn):
                result.append((field.column, expression(field)))
                result.append((precisionColumn, "(s.doc->>'\(precisionColumn)')::ledger.precision"))
            case .occurred:
                result.append(("occurred", expression(field)))
                result.append(("occurred_precision", "(s.doc->>'occurred_precision')::ledger.precision"))
            case .criterion:
                result.append((field.column, expression(field)))
                result.append(("criterion_type", "CASE WHEN EXISTS (SELECT 1 FROM ledger.entity r WHERE r.entity_type = 'element' AND r.external_id = s.doc->>'criterion_id') THEN 'element' ELSE 'provision' END"))
            case .code where field.column == "protection":
                result.append((field.column, "coalesce(\(expression(field)), 'public')"))
            default:
                result.append((field.column, expression(field)))
            }
        }
        if kind == .element {
            // Elements nested in a provision carry their provision and ordinal in the staged document.
            result.removeAll { $0.0 == "ordinal" }
            result.append(("ordinal", "(s.doc->>'ordinal')::integer"))
        }
        return result
    }

    /// Columns kept from the current version when an import amends a record (review state, withdrawal).
    static func carried(for kind: EntityKind) -> [(column: String, initial: String)] {
        switch kind {
        case .item:
            return [("status", "coalesce((s.doc->>'status')::ledger.review_status, 'draft')"), ("review_note", "NULL::text")]
        default:
            return [("withdrawn", "false")]
        }
    }

    /// What an amendment keeps of the current version `c` (new records take `st.initial_…`). Changed content of
    /// a verified or disputed item goes back to review (status submitted); review notes are never carried.
    static func carriedValue(kind: EntityKind, column: String) -> String {
        if kind == .item && column == "status" {
            return "CASE WHEN c.version IS NULL THEN st.initial_status WHEN c.status IN ('verified', 'disputed') THEN 'submitted'::ledger.review_status ELSE c.status END"
        }
        if kind == .item && column == "review_note" {
            return "NULL::text" // a review note belongs to the version that records the review
        }
        return "CASE WHEN c.version IS NULL THEN st.initial_\(column) ELSE c.\(column) END"
    }

    /// Child tables of a kind: table name, its columns and their expressions over one staged child `c`.
    static func childTables(for kind: EntityKind) -> [(key: String, table: String, columns: [(String, String)])] {
        RecordSpec.all[kind]!.children.map { child in
            let table = child.table == "name" ? "\(kind.rawValue)_name" : child.table
            var columns: [(String, String)] = []
            for field in child.fields {
                let value = "c->>'\(field.column)'"
                switch field.type {
                case .reference(let target):
                    columns.append((field.column, "(SELECT r.id FROM ledger.entity r WHERE r.entity_type = '\(target.rawValue)' AND r.external_id = \(value))"))
                case .code(let type, _):
                    columns.append((field.column, "(\(value))::ledger.\(type)"))
                default:
                    columns.append((field.column, value))
                }
            }
            if table != "item_actor" { columns.insert(("ordinal", "(c->>'ordinal')::integer"), at: 0) }
            return (child.key, table, columns)
        }
    }

    /// One INSERT … SELECT that records a version for every staged entity of `kind` that is new or changed.
    /// `$1` is the reason recorded on amendments. The current version of each staged entity is found through the
    /// version table's primary key, one probe per staged record: joining the staged records to the latest
    /// versions of the whole table instead reads every version the ledger holds on every import (a million
    /// items read and hashed to import a handful), and a join to a CTE has no index to fall back on when the
    /// planner misjudges its size.
    static func versions(for kind: EntityKind) -> String {
        let table = "ledger.\(kind.versionTable)"
        let carried = carried(for: kind)
        let columns = columns(for: kind).filter { column in !carried.contains { $0.column == column.column } }
        let stagedColumns = columns.map { "\($0.expression) AS \($0.column)" }.joined(separator: ",\n           ")
        // Children are compared only for entities that have a current version (`c.version IS NULL OR …` stops
        // before them for new ones): the staged document's children and the current version's, as sorted arrays.
        var currentChildren: [String] = []
        for child in childTables(for: kind) {
            let rowExpr = "jsonb_build_array(\(child.columns.map { "(\($0.1))::text" }.joined(separator: ", ")))"
            let stagedArray = "ARRAY(SELECT \(rowExpr)::text FROM jsonb_array_elements(coalesce(st.children->'\(child.key)', '[]'::jsonb)) AS c ORDER BY 1)"
            let currentRow = "jsonb_build_array(\(child.columns.map { "k.\($0.0)::text" }.joined(separator: ", ")))"
            currentChildren.append("ARRAY(SELECT \(currentRow)::text FROM ledger.\(child.table) k WHERE k.\(kind.rawValue)_id = c.entity_id AND k.\(kind.rawValue)_version = c.version ORDER BY 1) IS DISTINCT FROM \(stagedArray)")
        }
        let stagedSelect = ([stagedColumns] + (currentChildren.isEmpty ? [] : ["s.children"])).joined(separator: ",\n           ")
        let names = columns.map(\.column)
        let differs = (["(\(names.map { "st.\($0)" }.joined(separator: ", "))) IS DISTINCT FROM (\(names.map { "c.\($0)" }.joined(separator: ", ")))"] + currentChildren).joined(separator: "\n           OR ")
        let carriedInitial = Dictionary(uniqueKeysWithValues: carried.map { ($0.column, $0.initial) })
        let insertColumns = ["entity_id", "version"] + names + carried.map(\.column) + ["change_reason"]
        let selectValues = ["st.entity_id", "coalesce(c.version, 0) + 1"] + names.map { "st.\($0)" }
            + carried.map { ImportSQL.carriedValue(kind: kind, column: $0.column) }
            + ["CASE WHEN c.version IS NULL THEN NULL ELSE $1::text END"]
        let initialSelect = carried.map { "\(carriedInitial[$0.column]!) AS initial_\($0.column)" }
        return """
            WITH staged AS (
                SELECT e.id AS entity_id,
                       \((initialSelect + [stagedSelect]).joined(separator: ",\n           "))
                FROM pg_temp.import_record s
                JOIN ledger.entity e ON e.entity_type = '\(kind.rawValue)' AND e.external_id = s.external_id
                WHERE s.entity_type = '\(kind.rawValue)'
            ),
            written AS (
                INSERT INTO \(table) (\(insertColumns.joined(separator: ", ")))
                SELECT \(selectValues.joined(separator: ", "))
                FROM staged st
                LEFT JOIN LATERAL (
                    SELECT v.* FROM \(table) v WHERE v.entity_id = st.entity_id ORDER BY v.version DESC LIMIT 1
                ) c ON true
                WHERE c.version IS NULL
                   OR \(differs)
                RETURNING entity_id, version
            )
            INSERT INTO pg_temp.import_written SELECT entity_id, version FROM written
            """
    }

    /// The INSERTs of the child rows of the versions just written.
    static func children(for kind: EntityKind, only keys: Set<String>) -> [String] {
        childTables(for: kind).filter { keys.contains($0.key) }.map { child in
            """
            INSERT INTO ledger.\(child.table) (\(kind.rawValue)_id, \(kind.rawValue)_version, \(child.columns.map(\.0).joined(separator: ", ")))
            SELECT w.entity_id, w.version, \(child.columns.map(\.1).joined(separator: ", "))
            FROM pg_temp.import_written w
            JOIN ledger.entity e ON e.id = w.entity_id
            JOIN pg_temp.import_record s ON s.entity_type = '\(kind.rawValue)' AND s.external_id = e.external_id
            CROSS JOIN LATERAL jsonb_array_elements(coalesce(s.children->'\(child.key)', '[]'::jsonb)) AS c
            """
        }
    }
}

/// One staged record as a line of COPY's text format, encoded straight to bytes: the same fields and the same JSON
/// values as `JSONValue.text` gives (members in any order: the server stores them as jsonb), with COPY's escapes.
enum StagingLine {
    /// Appends the line to `out`; false (and `out` unusable) when a text field holds a NUL, which COPY cannot carry.
    static func encode(ord: Int, record: StagedRecord, into out: inout [UInt8]) -> Bool {
        out.append(contentsOf: String(ord).utf8)
        out.append(0x09)
        guard text(record.kind.rawValue, into: &out) else { return false }
        out.append(0x09)
        guard text(record.externalID, into: &out) else { return false }
        out.append(0x09)
        object(record.columns, into: &out)
        out.append(0x09)
        out.append(0x7B) // {
        var first = true
        for (key, rows) in record.children {
            if !first { out.append(0x2C) }
            first = false
            string(key, into: &out)
            out.append(0x3A)
            out.append(0x5B)
            for (i, row) in rows.enumerated() {
                if i > 0 { out.append(0x2C) }
                object(row, into: &out)
            }
            out.append(0x5D)
        }
        out.append(0x7D) // }
        out.append(0x09)
        guard text(record.location.file, into: &out) else { return false }
        out.append(0x09)
        out.append(contentsOf: String(record.location.line).utf8)
        out.append(0x0A)
        return true
    }

    /// A text field with COPY's escapes; false when it holds a NUL.
    static func text(_ value: String, into out: inout [UInt8]) -> Bool {
        for byte in value.utf8 {
            switch byte {
            case 0x00: return false
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            default: out.append(byte)
            }
        }
        return true
    }

    static func object(_ members: [String: JSONValue], into out: inout [UInt8]) {
        out.append(0x7B)
        var first = true
        for (key, value) in members {
            if !first { out.append(0x2C) }
            first = false
            string(key, into: &out)
            out.append(0x3A)
            self.value(value, into: &out)
        }
        out.append(0x7D)
    }

    static func value(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .string(let s): string(s, into: &out)
        case .array(let items):
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                self.value(item, into: &out)
            }
            out.append(0x5D)
        case .object(let members): object(members, into: &out)
        }
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string (escaped as `JSONValue` escapes it: `\"`, `\\`, `\n`, `\r`, `\t`, `\u00XX`), each escape's
    /// backslash doubled for COPY. Control characters are always escaped, so the line needs no other COPY escape.
    static func string(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        for byte in s.utf8 {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x5C, 0x22] as [UInt8])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C, 0x5C, 0x5C] as [UInt8])
            case 0x0A: out.append(contentsOf: [0x5C, 0x5C, 0x6E] as [UInt8])
            case 0x0D: out.append(contentsOf: [0x5C, 0x5C, 0x72] as [UInt8])
            case 0x09: out.append(contentsOf: [0x5C, 0x5C, 0x74] as [UInt8])
            case 0x00..<0x20:
                out.append(contentsOf: [0x5C, 0x5C, 0x75, 0x30, 0x30] as [UInt8])
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
}
