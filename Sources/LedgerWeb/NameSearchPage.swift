import Postgres

/// Actors and places by name in any script or romanisation, through `ledger.search_names` as
/// `evidence-ledger search` uses it: "Мозырь", "Мазыр" and "Mozyr" find the same town.
struct NameSearchPage: Sendable {
    struct Match: Sendable {
        var type: String
        var id: String
        var name: String
        var language: String?
        var similarity: String
    }

    var text: String
    var matches: [Match] = []

    static func read(_ conn: Connection, text: String) throws -> NameSearchPage {
        var page = NameSearchPage(text: text)
        guard !text.isEmpty else { return page }
        for row in try conn.query("""
            SELECT entity_type, external_id, matched_name, language, round(similarity::numeric, 2)::text
            FROM ledger.search_names(\(text)) ORDER BY similarity DESC, entity_type, external_id
            LIMIT 200
            """) {
            page.matches.append(Match(type: try row.decode(String.self, at: 0), id: try row.decode(String.self, at: 1),
                                      name: try row.decode(String.self, at: 2), language: try row.decode(String?.self, at: 3),
                                      similarity: try row.decode(String.self, at: 4)))
        }
        return page
    }

    func html(signedIn: SignedIn) -> HTML {
        let field = FormField(name: "q", label: "Name", control: .text(type: "search"), hint: "Any script or romanisation; part of a name will do.", value: text)
        let rows = matches.map { match -> HTML in
            "<tr><td>\(match.type)</td><td class=\"mono\">\(match.id)</td><td>\(match.name)</td><td>\(match.language)</td><td>\(match.similarity)</td></tr>"
        }
        let results: HTML
        if text.isEmpty {
            results = .empty
        } else if matches.isEmpty {
            results = "<p>No actor or place has a name like “\(text)”.</p>"
        } else {
            results = """
                <div class="table"><table>
                <caption class="hint">\(matches.count) match\(matches.count == 1 ? "" : "es"), closest first</caption>
                <thead><tr><th scope="col">Type</th><th scope="col">Id</th><th scope="col">Name</th><th scope="col">Language</th><th scope="col">Similarity</th></tr></thead>
                <tbody>\(rows)</tbody></table></div>
                """
        }
        return PageLayout.page(title: "Name search", signedIn: signedIn, current: "/search", content: """
            <form method="get" action="/search" class="filters" role="search">
            \(field.html)
            <div class="field"><button type="submit">Search</button></div>
            </form>
            \(results)
            """)
    }
}
