import LedgerModel
import Postgres

/// Evidence items, 50 to a page in the order of their ids, filtered by kind, review status and criterion. Pages
/// follow each other by keyset (`after=` the last id shown), so every page costs the same however far on it is.
struct ItemListPage: Sendable {
    static let pageSize = 50
    /// Up to this many matching item versions, a word search starts from the matches.
    static let wordsFirstLimit = 2000

    struct Filters: Sendable, Equatable {
        var kind = ""
        var status = ""
        var criterion = ""
        /// The period, YYYY-MM-DD: items whose time overlaps it.
        var from = ""
        var to = ""
        /// An actor (acting or territorial state, or one of the item's actors) and a place, by id.
        var actor = ""
        var place = ""
        /// Words that the item's title or description must hold (full-text, any language, as written).
        var text = ""
        /// The id after which this page starts; "" for the first page.
        var after = ""

        init(_ query: FormData) {
            kind = query.nonEmpty("kind") ?? ""
            status = query.nonEmpty("status") ?? ""
            criterion = query.nonEmpty("criterion") ?? ""
            from = query.nonEmpty("from") ?? ""
            to = query.nonEmpty("to") ?? ""
            // With a list of matches sent back and nothing chosen, the name typed before is looked up again.
            actor = query.nonEmpty("actor") ?? query.nonEmpty("actor" + NamePicker.typedSuffix) ?? ""
            place = query.nonEmpty("place") ?? query.nonEmpty("place" + NamePicker.typedSuffix) ?? ""
            text = query.nonEmpty("text") ?? ""
            after = query.text("after")
        }

        /// Problems by field, checked as the CLI checks the same values.
        var problems: [String: String] {
            var found: [String: String] = [:]
            if !kind.isEmpty && !Vocabulary.evidenceKind.contains(kind) { found["kind"] = "not an evidence kind" }
            if !status.isEmpty && !Vocabulary.reviewStatus.contains(status) { found["status"] = "not a review status" }
            for (name, value) in [("from", from), ("to", to)] where !value.isEmpty && !InputDates.isRealDay(value) {
                found[name] = "“\(value)”: expected a real date YYYY-MM-DD"
            }
            if found["from"] == nil, found["to"] == nil, !from.isEmpty, !to.isEmpty, to < from { found["to"] = "the period ends before it starts" }
            return found
        }

        /// The query string of these filters, starting after `after`.
        func query(after: String?) -> String {
            FormData.query([("text", text), ("kind", kind), ("status", status), ("criterion", criterion), ("from", from), ("to", to),
                            ("actor", actor), ("place", place), ("after", after)])
        }
    }

    struct Row: Sendable {
        var id: String
        var kind: String
        var title: String
        var occurredFrom: String?
        var occurredTo: String?
        var status: String

        /// A row of the list's queries: id, kind, title, first and last day, status.
        init(_ row: Postgres.Row) throws {
            id = try row.decode(String.self, at: 0)
            kind = try row.decode(String.self, at: 1)
            title = try row.decode(String.self, at: 2)
            occurredFrom = try row.decode(String?.self, at: 3)
            occurredTo = try row.decode(String?.self, at: 4)
            status = try row.decode(String.self, at: 5)
        }
    }

    var filters: Filters
    var rows: [Row] = []
    /// The id to continue after, when there are more items.
    var next: String?
    /// Problems with the filters, by field: those ``Filters/problems`` finds, and a criterion the ledger lacks.
    var problems: [String: String] = [:]
    /// Matches for a name typed into the actor or place filter.
    var choices: [String: [NamePicker.Candidate]] = [:]

    /// Whether to find the items of a criterion from its links (cost grows with the links) rather than by walking
    /// the items in id order and asking each for a link (a page takes about 50 × items / links steps). The two
    /// cost the same, measured at a million items, when links² ≈ 50 × items.
    static func findsFromLinks(links: Int, entities: Int) -> Bool {
        links * links < 50 * max(entities, 1)
    }

    /// Reads a page. `fromLinks` chooses how a criterion's items are found (nil: by ``findsFromLinks(links:entities:)``).
    static func read(_ conn: Connection, filters: Filters, fromLinks: Bool? = nil, wordsFirstLimit: Int = ItemListPage.wordsFirstLimit) throws -> ItemListPage {
        var page = ItemListPage(filters: filters, problems: filters.problems)
        guard page.problems.isEmpty else { return page }
        if try conn.scalar("SELECT has_table_privilege('ledger.entity', 'SELECT')", as: Bool.self) != true {
            return try readPublic(conn, page: page)
        }
        let kind = filters.kind.isEmpty ? nil : filters.kind
        let status = filters.status.isEmpty ? nil : filters.status
        let after = filters.after.isEmpty ? nil : filters.after
        let from = filters.from.isEmpty ? nil : filters.from
        let to = filters.to.isEmpty ? nil : filters.to
        let found = try NamePicker.check([("actor", .actor, filters.actor), ("place", .place, filters.place)], on: conn,
                                         retry: "Choose one of the matches and show again.")
        page.choices = found.choices
        page.problems.merge(found.problems) { $1 }
        guard page.problems.isEmpty else { return page }
        func entity(_ type: String, _ id: String) throws -> String? {
            id.isEmpty ? nil : try conn.scalar("SELECT id::text FROM ledger.entity WHERE entity_type = \(type) AND external_id = \(id)", as: String.self)
        }
        let actor = try entity("actor", filters.actor), place = try entity("place", filters.place)
        let words = filters.text.isEmpty ? nil : filters.text
        // Words: the items whose versions hold them are found through the full-text index. When they are few, the
        // page is made from them (by the entity key); when many, items are walked in id order and each current
        // version is asked, which finds a page of them soon.
        var matched: TextArray?
        if let words {
            let found = try conn.query("""
                SELECT tv.entity_id::text FROM ledger.item_version tv
                WHERE ledger.item_text(tv.title, tv.description) @@ plainto_tsquery('simple', \(words))
                LIMIT \(wordsFirstLimit + 1)
                """).map { try $0.decode(String.self, at: 0) }
            if found.isEmpty { return page }
            if found.count <= wordsFirstLimit { matched = TextArray(Set(found).sorted().map { Optional($0) }) }
        }
        var criteria: TextArray?
        var linksFirst = false
        if !filters.criterion.isEmpty {
            // The element or provision, and a provision's elements (as evidence-ledger evidence list --criterion).
            let ids = try conn.query("""
                SELECT e.id::text FROM ledger.entity e
                WHERE e.entity_type IN ('element', 'provision') AND e.external_id = \(filters.criterion)
                UNION
                SELECT v.entity_id::text FROM ledger.element_version v JOIN ledger.entity p ON p.id = v.provision_id
                WHERE p.entity_type = 'provision' AND p.external_id = \(filters.criterion)
                """).map { try $0.decode(String.self, at: 0) }
            guard !ids.isEmpty else {
                page.problems["criterion"] = "no element or provision has this code (evidence-ledger criteria list shows them)"
                return page
            }
            criteria = TextArray(ids.map { Optional($0) })
            let counts = try conn.query("""
                SELECT (SELECT count(*) FROM ledger.link_version WHERE criterion_id = ANY(\(criteria)::uuid[])),
                       (SELECT greatest(reltuples, 0)::bigint FROM pg_catalog.pg_class WHERE oid = 'ledger.entity'::regclass)
                """)[0]
            let links = try counts.decode(Int.self, at: 0)
            if links == 0 { return page }
            linksFirst = try fromLinks ?? ItemListPage.findsFromLinks(links: links, entities: counts.decode(Int.self, at: 1))
        }
        // Items are walked in the order of the (entity_type, external_id) index, each with its latest version. A
        // criterion asks for a current, not withdrawn link to one of its ids.
        let result = try linksFirst ? conn.query("""
            SELECT e.external_id, v.kind::text, v.title, (lower(v.occurred) AT TIME ZONE 'UTC')::date::text,
                   ((upper(v.occurred) - interval '1 microsecond') AT TIME ZONE 'UTC')::date::text, v.status::text
            FROM ledger.entity e
            CROSS JOIN LATERAL (
                SELECT iv.kind, iv.title, iv.description, iv.occurred, iv.status, iv.version, iv.place_id, iv.acting_state_id, iv.territorial_state_id FROM ledger.item_version iv
                WHERE iv.entity_id = e.id ORDER BY iv.version DESC LIMIT 1
            ) v
            WHERE e.entity_type = 'item'
              AND e.id IN (SELECT l.item_id FROM ledger.link_version l
                           WHERE l.criterion_id = ANY(\(criteria)::uuid[]) AND NOT l.withdrawn
                             AND l.version = (SELECT max(l2.version) FROM ledger.link_version l2 WHERE l2.entity_id = l.entity_id))
              AND (\(after)::text IS NULL OR e.external_id > \(after))
              AND (\(kind)::text IS NULL OR v.kind::text = \(kind))
              AND (\(status)::text IS NULL AND v.status <> 'withdrawn' OR v.status::text = \(status))
              AND (\(from)::date IS NULL AND \(to)::date IS NULL
                   OR v.occurred && tstzrange(\(from)::date::timestamp AT TIME ZONE 'UTC', (\(to)::date + 1)::timestamp AT TIME ZONE 'UTC', '[)'))
              AND (\(place)::uuid IS NULL OR v.place_id = \(place)::uuid)
              AND (\(matched)::uuid[] IS NULL OR e.id = ANY(\(matched)::uuid[]))
              AND (\(words)::text IS NULL OR ledger.item_text(v.title, v.description) @@ plainto_tsquery('simple', \(words)))
              AND (\(actor)::uuid IS NULL OR v.acting_state_id = \(actor)::uuid OR v.territorial_state_id = \(actor)::uuid
                   OR EXISTS (SELECT 1 FROM ledger.item_actor ia WHERE ia.item_id = e.id AND ia.item_version = v.version AND ia.actor_id = \(actor)::uuid))
            ORDER BY e.external_id
            LIMIT \(pageSize + 1)
            """) : conn.query("""
            SELECT e.external_id, v.kind::text, v.title, (lower(v.occurred) AT TIME ZONE 'UTC')::date::text,
                   ((upper(v.occurred) - interval '1 microsecond') AT TIME ZONE 'UTC')::date::text, v.status::text
            FROM ledger.entity e
            CROSS JOIN LATERAL (
                SELECT iv.kind, iv.title, iv.description, iv.occurred, iv.status, iv.version, iv.place_id, iv.acting_state_id, iv.territorial_state_id FROM ledger.item_version iv
                WHERE iv.entity_id = e.id ORDER BY iv.version DESC LIMIT 1
            ) v
            WHERE e.entity_type = 'item'
              AND (\(after)::text IS NULL OR e.external_id > \(after))
              AND (\(kind)::text IS NULL OR v.kind::text = \(kind))
              AND (\(status)::text IS NULL AND v.status <> 'withdrawn' OR v.status::text = \(status))
              AND (\(from)::date IS NULL AND \(to)::date IS NULL
                   OR v.occurred && tstzrange(\(from)::date::timestamp AT TIME ZONE 'UTC', (\(to)::date + 1)::timestamp AT TIME ZONE 'UTC', '[)'))
              AND (\(place)::uuid IS NULL OR v.place_id = \(place)::uuid)
              AND (\(matched)::uuid[] IS NULL OR e.id = ANY(\(matched)::uuid[]))
              AND (\(words)::text IS NULL OR ledger.item_text(v.title, v.description) @@ plainto_tsquery('simple', \(words)))
              AND (\(actor)::uuid IS NULL OR v.acting_state_id = \(actor)::uuid OR v.territorial_state_id = \(actor)::uuid
                   OR EXISTS (SELECT 1 FROM ledger.item_actor ia WHERE ia.item_id = e.id AND ia.item_version = v.version AND ia.actor_id = \(actor)::uuid))
              AND (\(criteria)::uuid[] IS NULL OR EXISTS (
                   SELECT 1 FROM ledger.link_version l
                   WHERE l.item_id = e.id AND l.criterion_id = ANY(\(criteria)::uuid[]) AND NOT l.withdrawn
                     AND l.version = (SELECT max(l2.version) FROM ledger.link_version l2 WHERE l2.entity_id = l.entity_id)))
            ORDER BY e.external_id
            LIMIT \(pageSize + 1)
            """)
        for row in result.prefix(pageSize) {
            page.rows.append(try Row(row))
        }
        if result.count > pageSize { page.next = page.rows.last?.id }
        return page
    }

    /// The list for a role that reads only the public face of the ledger (ledger_reader), through
    /// ledger.public_items: by kind and review status; the other filters need a role that reads items in full.
    static func readPublic(_ conn: Connection, page: ItemListPage) throws -> ItemListPage {
        var page = page
        let f = page.filters
        for (name, value) in [("text", f.text), ("criterion", f.criterion), ("from", f.from), ("to", f.to), ("actor", f.actor), ("place", f.place)]
        where !value.isEmpty {
            page.problems[name] = "your role lists items by kind and review status only"
        }
        guard page.problems.isEmpty else { return page }
        let after: String? = f.after.isEmpty ? nil : f.after, kind: String? = f.kind.isEmpty ? nil : f.kind
        let status: String? = f.status.isEmpty ? nil : f.status
        let result = try conn.query("SELECT * FROM ledger.public_items(\(after)::text, \(kind)::text, \(status)::text, \(pageSize + 1)::integer)")
        for row in result.prefix(pageSize) {
            page.rows.append(try Row(row))
        }
        if result.count > pageSize { page.next = page.rows.last?.id }
        return page
    }

    /// A filter field that becomes the list of matches when a name was typed.
    func choiceField(_ name: String, _ label: String, hint: String, value: String) -> FormField {
        guard let found = choices[name] else { return FormField(name: name, label: label, hint: hint, value: value, error: problems[name]) }
        return FormField(name: name, label: label, control: NamePicker.control(found), hint: hint, value: "", error: problems[name])
    }

    func html(signedIn: SignedIn) -> HTML {
        let fields = [
            FormField(name: "text", label: "Words", control: .text(type: "search"), hint: "In the title or description, as written",
                      value: filters.text, error: problems["text"]),
            FormField(name: "kind", label: "Kind", control: .select(options: Vocabulary.evidenceKind, blank: "any kind"),
                      value: filters.kind, error: problems["kind"]),
            FormField(name: "status", label: "Review status", control: .select(options: Vocabulary.reviewStatus, blank: "any but withdrawn"),
                      value: filters.status, error: problems["status"]),
            FormField(name: "criterion", label: "Criterion", hint: "An element or provision code, e.g. UNGA-3314/3(f).3",
                      value: filters.criterion, error: problems["criterion"]),
            FormField(name: "from", label: "From", hint: "YYYY-MM-DD", value: filters.from, error: problems["from"]),
            FormField(name: "to", label: "To", hint: "YYYY-MM-DD", value: filters.to, error: problems["to"]),
            choiceField("actor", "Actor", hint: "An id or a name in any script", value: filters.actor),
            choiceField("place", "Place", hint: "An id or a name in any script", value: filters.place),
        ]
        let rowsHTML = rows.map { row -> HTML in
            let occurred = row.occurredFrom.map { from in from == row.occurredTo || row.occurredTo == nil ? from : "\(from) – \(row.occurredTo ?? "")" } ?? ""
            return """
                <tr><td><a href="/item?\(FormData.query([("id", row.id)]))" class="mono">\(row.id)</a></td><td>\(row.kind)</td>\
                <td>\(row.title)</td><td>\(occurred)</td><td>\(row.status)</td></tr>
                """
        }
        let table: HTML = rows.isEmpty ? "<p>No items match.</p>" : """
            <div class="table"><table>
            <caption class="hint">Items \(filters.after.isEmpty ? "from the first" : "after " + filters.after), in the order of their ids</caption>
            <thead><tr><th scope="col">Id</th><th scope="col">Kind</th><th scope="col">Title</th><th scope="col">Occurred</th><th scope="col">Status</th></tr></thead>
            <tbody>\(rowsHTML)</tbody>
            </table></div>
            """
        var pages: [HTML] = []
        if !filters.after.isEmpty { pages.append("<a href=\"/items?\(filters.query(after: nil))\">First page</a>") }
        if let next { pages.append("<a href=\"/items?\(filters.query(after: next))\" rel=\"next\">Next \(ItemListPage.pageSize) items</a>") }
        return PageLayout.page(title: "Evidence items", signedIn: signedIn, current: "/items", content: """
            <form method="get" action="/items" class="filters" aria-label="Filter items">
            \(NamePicker.typedFields(choices.keys.reduce(into: [:]) { typed, name in typed[name] = name == "actor" ? filters.actor : filters.place }))
            \(fields.map(\.html))
            <div class="field"><button type="submit">Show</button></div>
            </form>
            \(table)
            <nav class="pages" aria-label="Pages">\(pages)</nav>
            """)
    }
}
