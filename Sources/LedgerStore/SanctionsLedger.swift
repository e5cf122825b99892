import Crypto
import Foundation
import LedgerModel
import Postgres
import Sanctions

/// What the sanctions commands read and write besides imports: matching ledger actors with sanctions targets
/// (proposals, then a person's decision), designations entered by hand, and the inputs of the gap report. All
/// statements bind their values; the database's privileges decide who may do what.
public struct SanctionsLedger {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// A problem with what the user asked for, said plainly (exit 65 at the command line).
    public struct Problem: Error, CustomStringConvertible, Sendable {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// Whether the ledger has an entity of this type with this external id.
    static func exists(_ conn: Connection, _ type: String, _ id: String) throws -> Bool {
        try conn.scalar("SELECT true FROM ledger.entity WHERE entity_type = \(type) AND external_id = \(id)", as: Bool.self) != nil
    }

    // MARK: matching

    public struct MatchRow: Sendable, Equatable {
        public var id: String
        public var actor: String
        public var target: String
        public var targetName: String
        public var decision: String
        public var method: String
        public var score: String
        public var basis: String
    }

    /// The short id people type for a match of this actor and target: m- and 10 hex digits of a SHA-256.
    public static func matchID(actor: String, target: String) -> String {
        let digest = SHA256.hash(data: Data((actor + "\u{1F}" + target).utf8))
        return "m-" + digest.prefix(5).map { String(format: "%02x", $0) }.joined()
    }

    /// Proposes matches between current actors and current targets (identifiers first, then names in any
    /// script), records the pairs not proposed or decided before, and returns them. Targets stream from the
    /// server; only the actors are held in memory.
    public func propose(threshold: Double) throws -> [MatchRow] {
        try connection.transaction { conn in
            var actors: [MatchableActor] = []
            for row in try conn.query("""
                SELECT a.id, a.kind::text,
                       coalesce((SELECT array_agg(n.name ORDER BY n.ordinal) FROM ledger.actor_name n
                                 WHERE n.actor_id = a.entity_id AND n.actor_version = a.version), '{}'),
                       coalesce((SELECT array_agg(x ->> 'scheme' ORDER BY o) FROM jsonb_array_elements(a.identifiers) WITH ORDINALITY AS i(x, o)), '{}'),
                       coalesce((SELECT array_agg(x ->> 'value' ORDER BY o) FROM jsonb_array_elements(a.identifiers) WITH ORDINALITY AS i(x, o)), '{}')
                FROM ledger.current_actor a WHERE NOT a.withdrawn ORDER BY a.id
                """) {
                let schemes = try row.decode(TextArray.self, at: 3).elements, values = try row.decode(TextArray.self, at: 4).elements
                actors.append(MatchableActor(id: try row.decode(String.self, at: 0), kind: try row.decode(String.self, at: 1),
                                             names: try row.decode(TextArray.self, at: 2).elements.compactMap { $0 },
                                             identifiers: zip(schemes, values).compactMap { s, v in
                                                 guard let s, let v else { return nil }
                                                 return (scheme: s, value: v)
                                             }))
            }
            var known = Set<String>()
            for row in try conn.query("""
                SELECT DISTINCT a.external_id || chr(31) || t.external_id FROM ledger.actor_match_version v
                JOIN ledger.entity a ON a.id = v.actor_id JOIN ledger.entity t ON t.id = v.target_id
                """) {
                known.insert(try row.decode(String.self, at: 0))
            }
            let matcher = ActorMatcher(actors: actors)
            var found: [MatchProposal] = []
            var targetNames: [String: String] = [:]
            try conn.stream("""
                SELECT id, schema, name, aliases, identifiers FROM ledger.current_sanctions_target WHERE NOT withdrawn ORDER BY id
                """) { row in
                let target = MatchableTarget(id: try row.decode(String.self, at: 0), schema: try row.decode(String.self, at: 1),
                                             names: [try row.decode(String.self, at: 2)] + (try row.decode(TextArray.self, at: 3).elements.compactMap { $0 }),
                                             identifiers: try row.decode(TextArray.self, at: 4).elements.compactMap { $0 })
                for proposal in matcher.proposals(for: target, threshold: threshold)
                where !known.contains(proposal.actorID + "\u{1F}" + proposal.targetID) {
                    found.append(proposal)
                    targetNames[proposal.targetID] = target.names.first
                }
            }
            guard !found.isEmpty else { return [] }
            let ids = TextArray(found.map { Self.matchID(actor: $0.actorID, target: $0.targetID) })
            try conn.query("INSERT INTO ledger.entity (entity_type, external_id) SELECT 'actor-match', unnest(\(ids)::text[])")
            try conn.query("""
                INSERT INTO ledger.actor_match_version (entity_id, version, actor_id, target_id, decision, method, score, basis)
                SELECT m.id, 1, a.id, t.id, 'proposed', p.method, round(p.score::numeric, 3), p.basis
                FROM unnest(\(ids)::text[], \(TextArray(found.map(\.actorID)))::text[], \(TextArray(found.map(\.targetID)))::text[],
                            \(TextArray(found.map(\.method)))::text[], \(TextArray(found.map { String($0.score) }))::text[],
                            \(TextArray(found.map(\.basis)))::text[]) AS p(id, actor, target, method, score, basis)
                JOIN ledger.entity m ON m.entity_type = 'actor-match' AND m.external_id = p.id
                JOIN ledger.entity a ON a.entity_type = 'actor' AND a.external_id = p.actor
                JOIN ledger.entity t ON t.entity_type = 'sanctions-target' AND t.external_id = p.target
                """)
            return found.map { p in
                MatchRow(id: Self.matchID(actor: p.actorID, target: p.targetID), actor: p.actorID, target: p.targetID,
                         targetName: targetNames[p.targetID] ?? "", decision: "proposed", method: p.method,
                         score: String(format: "%.3f", (p.score * 1000).rounded() / 1000), basis: p.basis)
            }.sorted { ($1.score, $0.actor, $0.target) < ($0.score, $1.actor, $1.target) }
        }
    }

    static func matchRow(_ row: Row) throws -> MatchRow {
        MatchRow(id: try row.decode(String.self, at: 0), actor: try row.decode(String.self, at: 1), target: try row.decode(String.self, at: 2),
                 targetName: try row.decode(String.self, at: 3), decision: try row.decode(String.self, at: 4),
                 method: try row.decode(String.self, at: 5), score: try row.decode(String.self, at: 6), basis: try row.decode(String.self, at: 7))
    }

    /// Matches by decision (nil: all), best first.
    public func matches(decision: String?) throws -> [MatchRow] {
        try Self.matches(connection, id: nil, decision: decision)
    }

    /// Current, not withdrawn matches, of one id and/or one decision when given.
    static func matches(_ conn: Connection, id: String?, decision: String?) throws -> [MatchRow] {
        try conn.query("""
            SELECT m.id, m.actor, m.target, t.name, m.decision, m.method, m.score::text, m.basis
            FROM ledger.current_actor_match m JOIN ledger.current_sanctions_target t ON t.entity_id = m.target_id
            WHERE NOT m.withdrawn AND (\(id)::text IS NULL OR m.id = \(id)::text)
              AND (\(decision)::text IS NULL OR m.decision = \(decision)::text)
            ORDER BY m.decision, m.score DESC, m.actor, m.target
            """).map(Self.matchRow)
    }

    /// Accepts or rejects a match: a new version with the decision, the person's note as its reason.
    public func decide(matchID: String, accept: Bool, note: String?) throws -> MatchRow {
        try connection.transaction { conn in
            guard let current = try conn.query("""
                SELECT v.entity_id::text, v.version, v.decision, v.actor_id::text, v.target_id::text, v.method, v.score::text, v.basis
                FROM ledger.actor_match_version v JOIN ledger.entity e ON e.id = v.entity_id
                WHERE e.entity_type = 'actor-match' AND e.external_id = \(matchID)
                ORDER BY v.version DESC LIMIT 1 FOR UPDATE OF e
                """).first else {
                throw Problem("there is no match \(matchID): see evidence-ledger sanctions match --list")
            }
            let decision = accept ? "accepted" : "rejected"
            let reason = note.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 } ?? "match \(decision)"
            try conn.query("""
                INSERT INTO ledger.actor_match_version (entity_id, version, actor_id, target_id, decision, method, score, basis, note, change_reason)
                VALUES (\(try current.decode(String.self, at: 0))::uuid, \(try current.decode(Int.self, at: 1) + 1),
                        \(try current.decode(String.self, at: 3))::uuid, \(try current.decode(String.self, at: 4))::uuid, \(decision),
                        \(try current.decode(String.self, at: 5)), \(try current.decode(String.self, at: 6))::numeric,
                        \(try current.decode(String.self, at: 7)), \(note), \(reason))
                """)
            guard let row = try Self.matches(conn, id: matchID, decision: nil).first else {
                throw Problem("the decision on \(matchID) was not recorded")
            }
            return row
        }
    }

    // MARK: designations entered by hand

    public struct ManualDesignation: Sendable {
        public var id: String?
        public var actor: String
        public var jurisdiction: String
        public var authority: String?
        public var programme: String?
        public var reference: String?
        public var reason: String?
        public var listedOn: PartialDate?
        public var delistedOn: PartialDate?
        public var source: String?
        public var sourceURL: String?

        public init(id: String?, actor: String, jurisdiction: String, authority: String?, programme: String?, reference: String?,
                    reason: String?, listedOn: PartialDate?, delistedOn: PartialDate?, source: String?, sourceURL: String?) {
            self.id = id
            self.actor = actor
            self.jurisdiction = jurisdiction
            self.authority = authority
            self.programme = programme
            self.reference = reference
            self.reason = reason
            self.listedOn = listedOn
            self.delistedOn = delistedOn
            self.source = source
            self.sourceURL = sourceURL
        }

        /// Everything wrong with it, as field: value: expectation lines.
        public var problems: [String] {
            var out: [String] = []
            if !SanctionsImport.isJurisdiction(jurisdiction) {
                out.append("--jurisdiction \"\(jurisdiction)\": expected a two-letter upper-case code such as EU, US, UK, UA, CA")
            }
            if source == nil && sourceURL == nil {
                out.append("--source / --source-url: missing: a designation entered by hand needs its source (a ledger source id, a URL, or both)")
            }
            if let url = sourceURL, !SanctionsImport.isSourceURL(url) {
                out.append("--source-url \"\(url)\": expected an http(s) URL without spaces")
            }
            if let listed = listedOn, let delisted = delistedOn, delisted.firstDay < listed.firstDay {
                out.append("--delisted \"\(delisted.text)\": expected a date not before --listed \(listed.text)")
            }
            if let id, id.range(of: "^[A-Za-z0-9][A-Za-z0-9._:/()+-]*$", options: .regularExpression) == nil || id.count > 200 {
                out.append("--id \"\(id)\": expected letters, digits and . _ : / ( ) + - (at most 200, starting with a letter or digit)")
            }
            for (flag, value) in [("--authority", authority), ("--programme", programme), ("--reference", reference), ("--reason", reason)] {
                if let value, value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { out.append("\(flag): empty: expected text or leave it out") }
            }
            return out
        }
    }

    /// Records a designation of a ledger actor with its source; returns its id.
    public func add(_ designation: ManualDesignation) throws -> String {
        let problems = designation.problems
        if !problems.isEmpty { throw Problem("nothing was written:\n" + problems.joined(separator: "\n")) }
        return try connection.transaction { conn in
            guard try Self.exists(conn, "actor", designation.actor) else {
                throw Problem("--actor \"\(designation.actor)\": there is no such actor (see evidence-ledger import, fixtures/belarus/actors.yaml)")
            }
            if let source = designation.source, try !Self.exists(conn, "source", source) {
                throw Problem("--source \"\(source)\": there is no such source (see evidence-ledger source list)")
            }
            let count = try conn.scalar("""
                SELECT count(*)::int + 1 FROM ledger.designation_version v JOIN ledger.entity a ON a.id = v.actor_id
                WHERE v.version = 1 AND a.external_id = \(designation.actor) AND v.jurisdiction = \(designation.jurisdiction)
                """, as: Int.self) ?? 1
            let id = designation.id ?? "des:\(designation.actor.prefix(150)):\(designation.jurisdiction):\(count)"
            if try Self.exists(conn, "designation", id) {
                throw Problem("--id \"\(id)\": a designation with this id exists already")
            }
            try conn.query("INSERT INTO ledger.entity (entity_type, external_id) VALUES ('designation', \(id))")
            try conn.query("""
                INSERT INTO ledger.designation_version (entity_id, version, actor_id, jurisdiction, authority, programme, reason, reference,
                    listed_on, listed_precision, delisted_on, delisted_precision, source_id, source_url)
                SELECT d.id, 1, a.id, \(designation.jurisdiction), \(designation.authority), \(designation.programme), \(designation.reason),
                       \(designation.reference), \(designation.listedOn?.firstDay)::date, \(designation.listedOn?.precision.rawValue),
                       \(designation.delistedOn?.firstDay)::date, \(designation.delistedOn?.precision.rawValue),
                       (SELECT id FROM ledger.entity WHERE entity_type = 'source' AND external_id = \(designation.source)), \(designation.sourceURL)
                FROM ledger.entity d, ledger.entity a
                WHERE d.entity_type = 'designation' AND d.external_id = \(id) AND a.entity_type = 'actor' AND a.external_id = \(designation.actor)
                """)
            return id
        }
    }

    // MARK: reading

    /// The designations that reach actors (one actor, or all), as rows of text for listing.
    public func listings(actor: String?) throws -> [GapReport.Listing] {
        if let actor, try !Self.exists(connection, "actor", actor) {
            throw Problem("--actor \"\(actor)\": there is no such actor")
        }
        return try connection.query("""
            SELECT actor, designation, jurisdiction, authority, programme, reference, to_char(listed_on, 'YYYY-MM-DD'), listed_precision,
                   to_char(delisted_on, 'YYYY-MM-DD'), delisted_precision, in_data, to_char(gone_since AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
                   dataset, target, source, source_url
            FROM ledger.actor_designation WHERE \(actor)::text IS NULL OR actor = \(actor)::text
            ORDER BY actor, jurisdiction, listed_on NULLS LAST, designation
            """).map { row in
            GapReport.Listing(actor: try row.decode(String.self, at: 0), designation: try row.decode(String.self, at: 1),
                              jurisdiction: try row.decode(String.self, at: 2), authority: try row.decode(String?.self, at: 3),
                              programme: try row.decode(String?.self, at: 4), reference: try row.decode(String?.self, at: 5),
                              listedOn: try row.decode(String?.self, at: 6), listedPrecision: try row.decode(String?.self, at: 7),
                              delistedOn: try row.decode(String?.self, at: 8), delistedPrecision: try row.decode(String?.self, at: 9),
                              inData: try row.decode(Bool.self, at: 10), goneSince: try row.decode(String?.self, at: 11),
                              dataset: try row.decode(String?.self, at: 12), target: try row.decode(String?.self, at: 13),
                              source: try row.decode(String?.self, at: 14), sourceURL: try row.decode(String?.self, at: 15))
        }
    }

    /// Builds the gap report from the ledger as it is now. `jurisdictions` nil: EU, US, UK, UA and every
    /// jurisdiction of the loaded designations. `asOf` nil: today (UTC).
    public func gapReport(minimumGrade: String?, jurisdictions: [String]?, asOf: String?) throws -> GapReport {
        if let minimumGrade, GapReport.parseGrade(minimumGrade) == nil {
            throw Problem("--min-grade \"\(minimumGrade)\": expected a grade such as B2 (reliability A–F, then credibility 1–6)")
        }
        for code in jurisdictions ?? [] where !SanctionsImport.isJurisdiction(code) {
            throw Problem("--jurisdiction \"\(code)\": expected two-letter upper-case codes separated by commas, e.g. EU,US,UK,UA")
        }
        if let asOf, PartialDate.parse(asOf)?.precision != .day {
            throw Problem("--as-of \"\(asOf)\": expected a day YYYY-MM-DD")
        }
        return try connection.transaction(TransactionOptions(isolation: .repeatableRead, readOnly: true)) { conn in
            let day = try asOf ?? conn.scalar("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD')", as: String.self) ?? ""
            let implications = try conn.query("""
                SELECT i.actor, coalesce((SELECT n.name FROM ledger.actor_name n WHERE n.actor_id = a.entity_id AND n.actor_version = a.version
                                          ORDER BY (n.language = 'en') DESC, n.ordinal LIMIT 1), i.actor),
                       a.kind::text, i.item, i.involvement, i.criterion, i.reliability, i.credibility, i.item_status
                FROM ledger.implicated_actor i JOIN ledger.current_actor a ON a.entity_id = i.actor_id
                WHERE NOT a.withdrawn
                ORDER BY i.actor, i.item, i.criterion, i.involvement
                """).map { row in
                GapReport.Implication(actor: try row.decode(String.self, at: 0), name: try row.decode(String.self, at: 1),
                                      kind: try row.decode(String.self, at: 2), item: try row.decode(String.self, at: 3),
                                      involvement: try row.decode(String.self, at: 4), criterion: try row.decode(String.self, at: 5),
                                      reliability: try row.decode(String?.self, at: 6), credibility: try row.decode(String.self, at: 7),
                                      itemStatus: try row.decode(String.self, at: 8))
            }
            let listings = try SanctionsLedger(connection: conn).listings(actor: nil)
            let basis = try conn.query("""
                SELECT DISTINCT ON (dataset) dataset, format, file_name, encode(file_sha256, 'hex'), data_as_of,
                       to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), jurisdiction
                FROM ledger.sanctions_import ORDER BY dataset, imported_at DESC
                """).map { row in
                GapReport.Basis(dataset: try row.decode(String.self, at: 0), format: try row.decode(String.self, at: 1),
                                fileName: try row.decode(String.self, at: 2), fileSHA256: try row.decode(String.self, at: 3),
                                dataAsOf: try row.decode(String?.self, at: 4), importedAt: try row.decode(String.self, at: 5),
                                jurisdiction: try row.decode(String?.self, at: 6))
            }
            let hand = try conn.scalar("SELECT count(*)::int FROM ledger.current_designation WHERE import_id IS NULL AND NOT withdrawn", as: Int.self) ?? 0
            var columns = jurisdictions ?? []
            if jurisdictions == nil {
                let loaded = try conn.query("SELECT DISTINCT jurisdiction FROM ledger.current_designation WHERE NOT withdrawn ORDER BY 1")
                    .map { try $0.decode(String.self, at: 0) }
                columns = ["EU", "US", "UK", "UA"]
                columns += loaded.filter { !columns.contains($0) }
            }
            return GapReport.build(implications: implications, listings: listings, basis: basis, handEnteredDesignations: hand,
                                   jurisdictions: columns, asOf: day, minimumGrade: minimumGrade)
        }
    }
}
