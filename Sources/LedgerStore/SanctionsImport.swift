import Foundation
import LedgerModel
import Postgres
import Sanctions

/// Imports one sanctions file (OpenSanctions `targets.simple.csv` or FollowTheMoney JSON lines) as one dataset, in
/// one transaction: the file is read and checked as it streams into temporary tables with COPY (memory stays
/// bounded), then compared with what the ledger holds for the dataset and written set-based. Targets that are new
/// or described differently get a version; listings that are new or changed get a version; listings of the
/// dataset that the file no longer has get a version with `in_data = false`. Nothing is deleted, nothing is
/// duplicated, and a file with any problem writes nothing.
public struct SanctionsImport {
    public enum Format: String, Sendable, CaseIterable {
        case opensanctionsCSV = "opensanctions-csv"
        case ftm
    }

    public struct Options: Sendable {
        public var path: String
        public var format: Format
        public var dataset: String
        public var jurisdiction: String?
        public var dryRun: Bool

        public init(path: String, format: Format, dataset: String, jurisdiction: String?, dryRun: Bool = false) {
            self.path = path
            self.format = format
            self.dataset = dataset
            self.jurisdiction = jurisdiction
            self.dryRun = dryRun
        }
    }

    public struct Summary: Sendable, Equatable {
        public var importID: String?
        public var dataset: String
        public var fileSHA256: String
        public var targets = 0
        public var designations = 0
        public var newTargets = 0
        public var changedTargets = 0
        public var newDesignations = 0
        public var changedDesignations = 0
        public var goneDesignations = 0
        public var dataAsOf: String?
        public var skipped: [String: Int] = [:]
    }

    /// Longest target id: designation ids (des:DATASET:TARGET:HASH) must stay within the 200 characters of an
    /// external id.
    static let maxTargetID = 120

    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// A designating jurisdiction's code as the ledger stores it: two upper-case letters (EU, US, UK, UA, CA…).
    public static func isJurisdiction(_ code: String) -> Bool {
        code.range(of: "^[A-Z]{2}$", options: .regularExpression) != nil
    }

    /// A source URL as designation_version accepts it: http(s), no spaces.
    public static func isSourceURL(_ url: String) -> Bool {
        url.range(of: #"^https?://[^\s]+$"#, options: .regularExpression) != nil
    }

    /// Checks a dataset name and a jurisdiction code as the command line gives them; nil when fine.
    public static func problem(dataset: String?, jurisdiction: String?) -> String? {
        if let dataset, dataset.range(of: "^[a-z0-9][a-z0-9_.-]*$", options: .regularExpression) == nil || dataset.count > 50 {
            return "--dataset \"\(dataset)\": expected a short name of lower-case letters, digits, '_', '.' or '-' (at most 50), e.g. ca_dfatd_sema_sanctions"
        }
        if let jurisdiction, !isJurisdiction(jurisdiction) {
            return "--jurisdiction \"\(jurisdiction)\": expected a two-letter upper-case code such as EU, US, UK, UA, CA"
        }
        return nil
    }

    public func run(_ options: Options, progress: (String) -> Void = { _ in }) throws -> Summary {
        if let problem = Self.problem(dataset: options.dataset, jurisdiction: options.jurisdiction) {
            throw ImportFailure([ImportIssue(RecordLocation(file: options.path, line: 0), field: "(options)", value: nil, expected: problem)])
        }
        if options.format == .opensanctionsCSV && options.jurisdiction == nil {
            throw ImportFailure([ImportIssue(RecordLocation(file: options.path, line: 1), field: "--jurisdiction", value: nil,
                                             expected: "the jurisdiction whose listings the file holds (a targets.simple.csv row does not say it): import one dataset's export at a time with --jurisdiction CODE, or use the FtM export")])
        }
        guard FileManager.default.isReadableFile(atPath: options.path) else {
            throw ImportFailure([ImportIssue(RecordLocation(file: options.path, line: 1), field: "(file)", value: options.path, expected: "a readable file")])
        }
        let file = try ExhibitIntake.sha256(ofFile: options.path)
        let hex = file.digest.map { String(format: "%02x", $0) }.joined()
        var summary = Summary(dataset: options.dataset, fileSHA256: hex)
        let fileName = (options.path as NSString).lastPathComponent

        try connection.transaction { conn in
            // One import of a dataset at a time; imports of other datasets go on.
            try conn.query("SELECT pg_advisory_xact_lock(hashtext('evidence-ledger sanctions ' || \(options.dataset)))")
            try conn.execute("""
                CREATE TEMP TABLE st_target (line integer, id text, schema text, name text, aliases text[], birth_dates text[],
                    countries text[], identifiers text[], program_ids text[], datasets text[], first_seen text, last_seen text,
                    last_change text, is_target boolean) ON COMMIT DROP;
                CREATE TEMP TABLE st_designation (line integer, target text, key text, jurisdiction text, authority text,
                    programme text, program_id text, reason text, status text, listed_on date, listed_precision text,
                    delisted_on date, delisted_precision text, reference text, source_url text, listing_text text) ON COMMIT DROP
                """)
            var staged = (targets: 0, designations: 0)
            let stage: (SanctionsBatch) throws -> Void = { batch in
                let issues = Self.check(batch, file: options.path, jurisdiction: options.jurisdiction, format: options.format)
                if !issues.isEmpty { throw ImportFailure(issues) }
                try Self.copy(batch, into: conn, jurisdiction: options.jurisdiction, format: options.format)
                staged.targets += batch.targets.count
                staged.designations += batch.designations.count
                progress("read \(staged.targets) targets, \(staged.designations) listings")
            }
            switch options.format {
            case .opensanctionsCSV:
                try TargetsCSVReader.read(path: options.path, stage)
            case .ftm:
                summary.skipped = try FtMReader.read(path: options.path, stage).skipped
            }
            try Self.plan(conn, dataset: options.dataset, format: options.format, file: options.path, jurisdiction: options.jurisdiction)
            let counts = try conn.query("""
                SELECT (SELECT count(*) FROM t_plan)::int, (SELECT count(*) FROM d_plan)::int,
                       (SELECT count(*) FROM t_plan WHERE plan = 'new')::int, (SELECT count(*) FROM t_plan WHERE plan = 'changed')::int,
                       (SELECT count(*) FROM d_plan WHERE plan = 'new')::int, (SELECT count(*) FROM d_plan WHERE plan = 'changed')::int,
                       (SELECT count(*) FROM d_gone)::int,
                       (SELECT max(coalesce(last_seen, last_change)) FROM st_target)
                """)
            guard let row = counts.first else { return }
            summary.targets = try row.decode(Int.self, at: 0)
            summary.designations = try row.decode(Int.self, at: 1)
            summary.newTargets = try row.decode(Int.self, at: 2)
            summary.changedTargets = try row.decode(Int.self, at: 3)
            summary.newDesignations = try row.decode(Int.self, at: 4)
            summary.changedDesignations = try row.decode(Int.self, at: 5)
            summary.goneDesignations = try row.decode(Int.self, at: 6)
            summary.dataAsOf = try row.decode(String?.self, at: 7)
            // A dry run ends here: only temporary tables were written, and they go with the transaction.
            if options.dryRun { return }
            progress("writing")
            summary.importID = try Self.write(conn, dataset: options.dataset, format: options.format, fileName: fileName,
                                              digest: file.digest, size: file.size, jurisdiction: options.jurisdiction)
        }
        return summary
    }

    // MARK: checking and staging

    /// What the database would refuse, said with file, line and field before anything is sent.
    static func check(_ batch: SanctionsBatch, file: String, jurisdiction: String?, format: Format) -> [ImportIssue] {
        var issues: [ImportIssue] = []
        for target in batch.targets where target.id.count > maxTargetID {
            issues.append(ImportIssue(RecordLocation(file: file, line: target.line), field: "id", value: target.id,
                                      expected: "an id of at most \(maxTargetID) characters"))
        }
        for listing in batch.designations {
            let place = RecordLocation(file: file, line: listing.line)
            if listing.jurisdiction == nil && jurisdiction == nil {
                issues.append(ImportIssue(place, field: format == .ftm ? "properties.country" : "sanctions", value: listing.text,
                                          expected: format == .ftm
                                            ? "the Sanction's country (the designating jurisdiction), or --jurisdiction CODE for the whole file"
                                            : "--jurisdiction CODE: a targets.simple.csv row does not say which jurisdiction lists it (import one dataset's export per jurisdiction, or use the FtM export)"))
            }
            if let code = listing.jurisdiction, !isJurisdiction(code) {
                issues.append(ImportIssue(place, field: "properties.country", value: code, expected: "a two-letter country code of the designating jurisdiction"))
            }
            if let url = listing.sourceURL, !isSourceURL(url) {
                issues.append(ImportIssue(place, field: "properties.sourceUrl", value: url, expected: "an http(s) URL without spaces"))
            }
            if let listed = listing.listedOn, let delisted = listing.delistedOn, delisted.firstDay < listed.firstDay {
                issues.append(ImportIssue(place, field: "endDate", value: delisted.text, expected: "an end date not before the start date \(listed.text)"))
            }
        }
        return issues
    }

    static func arrayLiteral(_ values: [String]) -> String {
        "{" + values.map { value in
            "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: ",") + "}"
    }

    static func copy(_ batch: SanctionsBatch, into conn: Connection, jurisdiction: String?, format: Format) throws {
        if !batch.targets.isEmpty {
            try conn.copyIn("COPY st_target FROM STDIN") { writer in
                for t in batch.targets {
                    try writer.writeRow([String(t.line), t.id, t.schema, t.name, arrayLiteral(t.aliases), arrayLiteral(t.birthDates),
                                         arrayLiteral(t.countries), arrayLiteral(t.identifiers), arrayLiteral(t.programIDs),
                                         arrayLiteral(t.datasets), t.firstSeen, t.lastSeen, t.lastChange, t.isTarget ? "t" : "f"])
                }
            }
        }
        if !batch.designations.isEmpty {
            try conn.copyIn("COPY st_designation FROM STDIN") { writer in
                for d in batch.designations {
                    try writer.writeRow([String(d.line), d.targetID, d.key, d.jurisdiction ?? jurisdiction, d.authority, d.programme,
                                         d.programID, d.reason, d.status, d.listedOn?.firstDay, d.listedOn?.precision.rawValue,
                                         d.delistedOn?.firstDay, d.delistedOn?.precision.rawValue, d.reference, d.sourceURL, d.text])
                }
            }
        }
    }

    // MARK: comparing and writing

    /// Compares the staged file with the ledger: t_plan (every target: new, changed or same), d_plan (every listing:
    /// new, changed or same) and d_gone (listings of the dataset in force in the ledger that the file lacks).
    static func plan(_ conn: Connection, dataset: String, format: Format, file: String, jurisdiction: String?) throws {
        // Entities an FtM export carries only as relatives or owners of targets ("target": false) are not listed:
        // they are kept out unless a Sanction names them.
        try conn.execute("""
            DELETE FROM st_target t WHERE NOT t.is_target AND NOT EXISTS (SELECT 1 FROM st_designation d WHERE d.target = t.id)
            """)
        if format == .opensanctionsCSV, let jurisdiction {
            // A row of a targets.simple.csv export is listed by its dataset even when it names no sanction text.
            try conn.query("""
                INSERT INTO st_designation (line, target, key, jurisdiction, listing_text)
                SELECT t.line, t.id, '', \(jurisdiction), ''
                FROM st_target t WHERE NOT EXISTS (SELECT 1 FROM st_designation d WHERE d.target = t.id)
                """)
        }
        try conn.execute("""
            ANALYZE st_target; ANALYZE st_designation;
            CREATE TEMP TABLE t_plan ON COMMIT DROP AS
            SELECT s.*, e.id AS entity_id, c.version AS current_version,
                   CASE WHEN e.id IS NULL THEN 'new'
                        WHEN c.withdrawn OR (c.schema, c.name, c.aliases, c.birth_dates, c.countries, c.identifiers, c.program_ids, c.datasets)
                             IS DISTINCT FROM (s.schema, s.name, s.aliases, s.birth_dates, s.countries, s.identifiers, s.program_ids, s.datasets)
                        THEN 'changed' ELSE 'same' END AS plan
            FROM st_target s
            LEFT JOIN ledger.entity e ON e.entity_type = 'sanctions-target' AND e.external_id = s.id
            LEFT JOIN LATERAL (SELECT * FROM ledger.sanctions_target_version v WHERE v.entity_id = e.id ORDER BY v.version DESC LIMIT 1) c ON true
            """)
        // Two listings of one target with the same programme (e.g. listed, delisted, listed again) are told apart
        // by their whole text.
        try conn.query("""
            CREATE TEMP TABLE d_plan ON COMMIT DROP AS
            WITH keyed AS (
                SELECT d.*, CASE WHEN count(*) OVER (PARTITION BY d.target, d.key) > 1 THEN d.listing_text ELSE d.key END AS final_key
                FROM st_designation d
            ), named AS (
                SELECT k.*, 'des:' || \(dataset)::text || ':' || k.target || ':' || left(encode(sha256(convert_to(k.final_key, 'UTF8')), 'hex'), 16) AS external_id
                FROM keyed k
            )
            SELECT n.*, e.id AS entity_id, c.version AS current_version,
                   CASE WHEN e.id IS NULL THEN 'new'
                        WHEN c.withdrawn THEN 'same'
                        WHEN NOT c.in_data OR (c.jurisdiction, c.authority, c.programme, c.program_id, c.reason, c.status, c.listed_on,
                             c.listed_precision, c.delisted_on, c.delisted_precision, c.reference, c.source_url, c.listing_text)
                             IS DISTINCT FROM (n.jurisdiction, n.authority, n.programme, n.program_id, n.reason, n.status, n.listed_on,
                             n.listed_precision, n.delisted_on, n.delisted_precision, n.reference, n.source_url, n.listing_text)
                        THEN 'changed' ELSE 'same' END AS plan
            FROM named n
            LEFT JOIN ledger.entity e ON e.entity_type = 'designation' AND e.external_id = n.external_id
            LEFT JOIN LATERAL (SELECT * FROM ledger.designation_version v WHERE v.entity_id = e.id ORDER BY v.version DESC LIMIT 1) c ON true
            """)
        try conn.execute("ANALYZE t_plan; ANALYZE d_plan")
        if let duplicate = try conn.query("""
            SELECT min(line), max(line), target, final_key FROM d_plan GROUP BY target, final_key HAVING count(*) > 1 LIMIT 1
            """).first {
            let first = try duplicate.decode(Int.self, at: 0), second = try duplicate.decode(Int.self, at: 1)
            throw ImportFailure([ImportIssue(RecordLocation(file: file, line: second), field: "sanctions",
                                             value: try duplicate.decode(String.self, at: 3),
                                             expected: "one listing per target and text (the same listing of \(try duplicate.decode(String.self, at: 2)) is on line \(first) too)")])
        }
        try conn.query("""
            CREATE TEMP TABLE d_gone ON COMMIT DROP AS
            SELECT v.* FROM ledger.designation_version v
            JOIN (SELECT entity_id, max(version) AS version FROM ledger.designation_version
                  WHERE dataset = \(dataset)::text GROUP BY entity_id) latest USING (entity_id, version)
            WHERE v.in_data AND NOT v.withdrawn AND NOT EXISTS (SELECT 1 FROM d_plan p WHERE p.entity_id = v.entity_id)
            """)
    }

    static func write(_ conn: Connection, dataset: String, format: Format, fileName: String, digest: [UInt8], size: Int,
                      jurisdiction: String?) throws -> String {
        guard let importID = try conn.scalar("""
            INSERT INTO ledger.sanctions_import (dataset, format, file_name, file_sha256, file_bytes, dataset_titles, data_as_of, jurisdiction,
                targets, designations, new_targets, changed_targets, new_designations, changed_designations, gone_designations)
            SELECT \(dataset), \(format.rawValue), \(fileName), \(digest), \(Int64(size)),
                   coalesce((SELECT array_agg(DISTINCT title ORDER BY title) FROM st_target, unnest(datasets) AS title), '{}'),
                   (SELECT max(coalesce(last_seen, last_change)) FROM st_target), \(jurisdiction),
                   (SELECT count(*) FROM t_plan), (SELECT count(*) FROM d_plan),
                   (SELECT count(*) FROM t_plan WHERE plan = 'new'), (SELECT count(*) FROM t_plan WHERE plan = 'changed'),
                   (SELECT count(*) FROM d_plan WHERE plan = 'new'), (SELECT count(*) FROM d_plan WHERE plan = 'changed'),
                   (SELECT count(*) FROM d_gone)
            RETURNING id::text
            """, as: String.self) else {
            throw PostgresError(kind: .client, message: "the import row was not recorded")
        }
        let reason = "changed in \(dataset) (\(fileName), import \(importID))"
        try conn.query("""
            INSERT INTO ledger.entity (entity_type, external_id)
            SELECT 'sanctions-target', id FROM t_plan WHERE plan = 'new' ORDER BY id
            """)
        try conn.query("""
            INSERT INTO ledger.sanctions_target_version (entity_id, version, schema, name, aliases, birth_dates, countries, identifiers,
                program_ids, datasets, first_seen, last_seen, last_change, import_id, change_reason)
            SELECT e.id, coalesce(p.current_version, 0) + 1, p.schema, p.name, p.aliases, p.birth_dates, p.countries, p.identifiers,
                   p.program_ids, p.datasets, p.first_seen, p.last_seen, p.last_change, \(importID)::uuid,
                   CASE WHEN p.plan = 'changed' THEN \(reason) END
            FROM t_plan p JOIN ledger.entity e ON e.entity_type = 'sanctions-target' AND e.external_id = p.id
            WHERE p.plan <> 'same'
            """)
        try conn.query("""
            INSERT INTO ledger.entity (entity_type, external_id)
            SELECT 'designation', external_id FROM d_plan WHERE plan = 'new' ORDER BY external_id
            """)
        try conn.query("""
            INSERT INTO ledger.designation_version (entity_id, version, target_id, jurisdiction, authority, programme, program_id, reason,
                status, listed_on, listed_precision, delisted_on, delisted_precision, reference, source_url, listing_text, dataset,
                import_id, in_data, change_reason)
            SELECT e.id, coalesce(p.current_version, 0) + 1, t.id, p.jurisdiction, p.authority, p.programme, p.program_id, p.reason,
                   p.status, p.listed_on, p.listed_precision, p.delisted_on, p.delisted_precision, p.reference, p.source_url,
                   p.listing_text, \(dataset), \(importID)::uuid, true, CASE WHEN p.plan = 'changed' THEN \(reason) END
            FROM d_plan p
            JOIN ledger.entity e ON e.entity_type = 'designation' AND e.external_id = p.external_id
            JOIN ledger.entity t ON t.entity_type = 'sanctions-target' AND t.external_id = p.target
            WHERE p.plan <> 'same'
            """)
        try conn.query("""
            INSERT INTO ledger.designation_version (entity_id, version, target_id, actor_id, jurisdiction, authority, programme, program_id,
                reason, status, listed_on, listed_precision, delisted_on, delisted_precision, reference, source_url, source_id,
                listing_text, dataset, import_id, in_data, change_reason)
            SELECT g.entity_id, g.version + 1, g.target_id, g.actor_id, g.jurisdiction, g.authority, g.programme, g.program_id,
                   g.reason, g.status, g.listed_on, g.listed_precision, g.delisted_on, g.delisted_precision, g.reference, g.source_url,
                   g.source_id, g.listing_text, g.dataset, \(importID)::uuid, false,
                   \("no longer in \(dataset) (\(fileName), import \(importID))")
            FROM d_gone g
            """)
        return importID
    }
}
