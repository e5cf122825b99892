import Postgres

/// Current sources with their grades, 50 to a page by keyset on the id. Roles that may read every source
/// (researchers, reviewers, auditors) see all of them; others see the public ones (ledger.public_source), as
/// `evidence-ledger source list` does.
struct SourceListPage: Sendable {
    static let pageSize = 50

    struct Row: Sendable {
        var id: String
        var reliability: String
        var kind: String
        var publisher: String?
        var title: String?
        var published: String?
        var protection: String
    }

    var after: String
    var rows: [Row] = []
    var next: String?
    /// The id of a source just added, to say so.
    var added: String?

    static func read(_ conn: Connection, after: String) throws -> SourceListPage {
        var page = SourceListPage(after: after)
        let start = after.isEmpty ? nil : after
        let mayReadAll = try conn.scalar("SELECT has_table_privilege('ledger.source_version', 'SELECT')", as: Bool.self) ?? false
        let result = try mayReadAll ? conn.query("""
            SELECT e.external_id, v.reliability::text, v.kind::text, v.publisher, v.title, v.published_on::text, v.protection::text
            FROM ledger.entity e
            CROSS JOIN LATERAL (SELECT * FROM ledger.source_version sv WHERE sv.entity_id = e.id ORDER BY sv.version DESC LIMIT 1) v
            WHERE e.entity_type = 'source' AND NOT v.withdrawn AND (\(start)::text IS NULL OR e.external_id > \(start))
            ORDER BY e.external_id LIMIT \(pageSize + 1)
            """) : conn.query("""
            SELECT id, reliability::text, kind::text, publisher, title, published_on::text, 'public'
            FROM ledger.public_source WHERE (\(start)::text IS NULL OR id > \(start))
            ORDER BY id LIMIT \(pageSize + 1)
            """)
        for row in result.prefix(pageSize) {
            page.rows.append(Row(id: try row.decode(String.self, at: 0), reliability: try row.decode(String.self, at: 1),
                                 kind: try row.decode(String.self, at: 2), publisher: try row.decode(String?.self, at: 3),
                                 title: try row.decode(String?.self, at: 4), published: try row.decode(String?.self, at: 5),
                                 protection: try row.decode(String.self, at: 6)))
        }
        if result.count > pageSize { page.next = page.rows.last?.id }
        return page
    }

    func html(signedIn: SignedIn) -> HTML {
        let notice: HTML = added.map { "<div class=\"notice\" role=\"status\"><p>Source <span class=\"mono\">\($0)</span> added to the ledger.</p></div>" } ?? .empty
        let rowsHTML = rows.map { row -> HTML in
            """
            <tr><td class="mono">\(row.id)</td><td>\(row.reliability)</td><td>\(row.kind)</td><td>\(row.publisher)</td>\
            <td>\(row.title)</td><td>\(row.published)</td><td>\(row.protection)</td></tr>
            """
        }
        let table: HTML = rows.isEmpty ? "<p>No sources.</p>" : """
            <div class="table"><table>
            <thead><tr><th scope="col">Id</th><th scope="col">Reliability</th><th scope="col">Kind</th><th scope="col">Publisher</th>\
            <th scope="col">Title</th><th scope="col">Published</th><th scope="col">Protection</th></tr></thead>
            <tbody>\(rowsHTML)</tbody></table></div>
            """
        var pages: [HTML] = []
        if !after.isEmpty { pages.append("<a href=\"/sources\">First page</a>") }
        if let next { pages.append("<a href=\"/sources?\(FormData.query([("after", next)]))\" rel=\"next\">Next \(SourceListPage.pageSize) sources</a>") }
        return PageLayout.page(title: "Sources", signedIn: signedIn, current: "/sources", content: """
            \(notice)
            <p><a href="/sources/new">Add a source</a></p>
            \(table)
            <nav class="pages" aria-label="Pages">\(pages)</nav>
            """)
    }
}
