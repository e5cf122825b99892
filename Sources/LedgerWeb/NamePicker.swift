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

extension NamePicker.Kind {
    /// The kind with its article: "a place", "an actor".
    var withArticle: String { self == .actor || self == .exhibit ? "an \(noun)" : "a \(noun)" }
}

extension NamePicker {
    /// The hidden field that carries the name typed into a reference field while its matches are offered.
    static let typedSuffix = "_typed"

    /// Looks up each typed reference: the matches offered for a name, and what is wrong with each reference that
    /// is not an id, by field. `retry` says what the user does next.
    static func check(_ references: [(field: String, kind: Kind, text: String)], on conn: Connection,
                      retry: String = "Choose below and send the form again.") throws -> (choices: [String: [Candidate]], problems: [String: String]) {
        var choices: [String: [Candidate]] = [:], problems: [String: String] = [:]
        for (field, kind, text) in references where !text.isEmpty {
            switch try resolve(text, kind: kind, on: conn) {
            case .id:
                continue
            case .candidates(let found):
                choices[field] = found
                problems[field] = "“\(text)” is not the id of \(kind.withArticle): "
                    + (found.count == 1 ? "one \(kind.noun) matches" : "\(found.count) \(kind.noun)s match") + ". " + retry
            case .none:
                problems[field] = "“\(text)”: no \(kind.noun) has this id or a name like it"
                    + (kind == .place || kind == .actor ? " (names are found in any script: Мозырь, Mazyr, Mozyr)" : "")
            }
        }
        return (choices, problems)
    }

    /// The list of matches a name found, with nothing chosen: the user chooses.
    static func control(_ found: [Candidate]) -> FormField.Control {
        .choice([("", "choose one of the matches")] + found.map { ($0.id, "\($0.id) — \($0.label)") })
    }

    /// Hidden fields carrying the names typed into fields now showing matches (field → typed name), so that a form
    /// sent back without a choice asks again rather than dropping the name.
    static func typedFields(_ typed: [String: String]) -> HTML {
        HTML.join(typed.sorted { $0.key < $1.key }.map { name, text -> HTML in
            "<input type=\"hidden\" name=\"\(name + typedSuffix)\" value=\"\(text)\">"
        })
    }
}
