import Postgres

/// Turns what a user typed into a reference field (a place, an actor, a source, an exhibit) into an id, without
/// JavaScript: an id is taken as it is; a name — in any script or romanisation, "Мозырь", "Mazyr" or "Mozyr" —
/// is looked up, and the form comes back with the matches to choose from. Nothing is saved until every
/// reference is an id, and a name is never replaced by a match the user has not chosen.
enum NamePicker {
    enum Kind: String, Sendable {
        case place, actor, source, exhibit

        var noun: String { rawValue }
    }

    struct Candidate: Sendable, Equatable {
        var id: String
        var label: String
    }

    enum Resolution: Sendable, Equatable {
        /// The text is the id of a record of the kind.
        case id
        /// The text names these records (best first).
        case candidates([Candidate])
        /// Nothing has that id or a name like it.
        case none
    }

    static let maximumCandidates = 12

    static func resolve(_ text: String, kind: Kind, on conn: Connection) throws -> Resolution {
        if try conn.scalar("SELECT count(*) FROM ledger.entity WHERE entity_type = \(kind.rawValue) AND external_id = \(text)", as: Int.self) != 0 {
            return .id
        }
        let rows: [Candidate]
        switch kind {
        case .place, .actor:
            rows = try conn.query("""
                SELECT external_id, matched_name || ' (' || language || ')' FROM ledger.search_names(\(text))
                WHERE entity_type = \(kind.rawValue) ORDER BY similarity DESC, external_id LIMIT \(maximumCandidates)
                """).map { Candidate(id: try $0.decode(String.self, at: 0), label: try $0.decode(String.self, at: 1)) }
        case .source:
            rows = try conn.query("""
                SELECT id, concat_ws(': ', publisher, title) FROM ledger.current_source
                WHERE NOT withdrawn AND (strpos(lower(id), lower(\(text))) > 0 OR strpos(lower(coalesce(title, '')), lower(\(text))) > 0
                      OR strpos(lower(coalesce(publisher, '')), lower(\(text))) > 0)
                ORDER BY id LIMIT \(maximumCandidates)
                """).map { Candidate(id: try $0.decode(String.self, at: 0), label: try $0.decode(String?.self, at: 1) ?? "") }
        case .exhibit:
            // An exhibit is found by the start of its SHA-256, as `exhibit add` printed it, or by its file name.
            rows = try conn.query("""
                SELECT e.external_id, coalesce(x.file_name, '') || ' — SHA-256 ' || left(encode(x.sha256, 'hex'), 16) || '…'
                FROM ledger.exhibit x JOIN ledger.entity e ON e.id = x.entity_id
                WHERE (length(\(text)) >= 8 AND encode(x.sha256, 'hex') LIKE lower(\(text)) || '%' AND \(text) ~ '^[0-9A-Fa-f]+$')
                   OR strpos(lower(coalesce(x.file_name, '')), lower(\(text))) > 0
                ORDER BY e.external_id LIMIT \(maximumCandidates)
                """).map { Candidate(id: try $0.decode(String.self, at: 0), label: try $0.decode(String.self, at: 1)) }
        }
        return rows.isEmpty ? .none : .candidates(rows)
    }
}
