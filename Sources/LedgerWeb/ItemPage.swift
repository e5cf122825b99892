import Foundation
import Postgres

/// One evidence item: its current version, the sources it rests on with their locators, its links to criteria
/// with the argument for each, and every version it has had, oldest first.
struct ItemPage: Sendable {
    struct Source: Sendable {
        var id: String
        var reliability: String
        var name: String
        var locator: String?
        var quote: String?
    }

    struct Link: Sendable {
        var criterion: String
        var relation: String
        var credibility: String
        var argument: String
    }

    struct Version: Sendable {
        var version: Int
        var status: String
        var title: String
        var recordedAt: Date
        var recordedBy: String
        var reason: String?
        var reviewer: String?
        var reviewNote: String?
    }

    var id: String
    var fields: [(label: String, value: String)] = []
    var sources: [Source] = []
    var links: [Link] = []
    /// The exhibits of the current version: id, file name, SHA-256, note.
    var exhibits: [(id: String, fileName: String?, sha256: String, note: String?)] = []
    var history: [Version] = []
    /// The current review status.
    var status = ""
    /// Said above the item after a change (amended, linked…).
    var notice: String?
    /// The reason typed into the withdrawal form, and what was wrong with it.
    var withdrawal: (reason: String, error: String)?

    /// "2022-02-24 – 2022-05-14 (day)", or nil when the time is not known.
    static func occurred(from: String?, to: String?, precision: String?) -> String? {
        from.map { from in (from == to || to == nil ? from : "\(from) – \(to ?? "")") + (precision.map { " (\($0))" } ?? "") }
    }

    /// What the page says after a change, by the `saved` query parameter the change redirects with.
    static func savedNotice(_ saved: String) -> String? {
        [
            "added": "The item was added as version 1.",
            "amended": "The amendment was recorded as a new version; the earlier ones are in the history below.",
            "unchanged": "Nothing was recorded: the form said what the current version already says.",
            "withdrawn": "The item was withdrawn. It stays in the ledger with its history.",
            "linked": "The link was recorded.",
            "link-amended": "The new version of the link was recorded.",
            "link-unchanged": "Nothing was recorded: the link already says this.",
            "unlinked": "The link was withdrawn; it stays in the history.",
            "unlink-needs-reason": "The link was not withdrawn: say why it is withdrawn.",
        ][saved]
    }

    /// Whether this part of the page was left out for the role (a reader sees the current version only).
    var currentOnly = false

    static func read(_ conn: Connection, id: String) throws -> ItemPage {
        if try conn.scalar("SELECT has_table_privilege('ledger.item_version', 'SELECT')", as: Bool.self) != true {
            return try readPublic(conn, id: id)
        }
        let result = try conn.query("""
            SELECT v.version, v.kind::text, v.title, v.description,
                   (lower(v.occurred) AT TIME ZONE 'UTC')::date::text, ((upper(v.occurred) - interval '1 microsecond') AT TIME ZONE 'UTC')::date::text, v.occurred_precision::text,
                   p.external_id, a.external_id, t.external_id, v.attributes::text, v.claim_status::text, v.status::text,
                   v.reviewer, v.review_note, e.id
            FROM ledger.entity e
            CROSS JOIN LATERAL (SELECT * FROM ledger.item_version iv WHERE iv.entity_id = e.id ORDER BY iv.version DESC LIMIT 1) v
            LEFT JOIN ledger.entity p ON p.id = v.place_id
            LEFT JOIN ledger.entity a ON a.id = v.acting_state_id
            LEFT JOIN ledger.entity t ON t.id = v.territorial_state_id
            WHERE e.entity_type = 'item' AND e.external_id = \(id)
            """)
        guard let row = result.first else {
            throw PageError.notFound("There is no evidence item with the id \(id).")
        }
        var page = ItemPage(id: id)
        let version = try row.decode(Int.self, at: 0)
        let from = try row.decode(String?.self, at: 4), to = try row.decode(String?.self, at: 5), precision = try row.decode(String?.self, at: 6)
        let occurred = ItemPage.occurred(from: from, to: to, precision: precision)
        let entries: [(String, String?)] = [
            ("Version", String(version)),
            ("Kind", try row.decode(String.self, at: 1)),
            ("Title", try row.decode(String.self, at: 2)),
            ("Description", try row.decode(String?.self, at: 3)),
            ("Occurred", occurred),
            ("Place", try row.decode(String?.self, at: 7)),
            ("Acting state", try row.decode(String?.self, at: 8)),
            ("Territorial state", try row.decode(String?.self, at: 9)),
            ("Attributes", try row.decode(String.self, at: 10)),
            ("Claim status", try row.decode(String?.self, at: 11)),
            ("Review status", try row.decode(String.self, at: 12)),
            ("Reviewer", try row.decode(String?.self, at: 13)),
            ("Review note", try row.decode(String?.self, at: 14)),
        ]
        page.status = try row.decode(String.self, at: 12)
        page.fields = entries.compactMap { label, value in value.map { (label, $0) } }
        let entity = try row.decode(UUID.self, at: 15)
        for source in try conn.query("""
            SELECT se.external_id, sv.reliability::text, coalesce(sv.publisher, sv.title, ''), s.locator, s.quote
            FROM ledger.item_source s JOIN ledger.entity se ON se.id = s.source_id
            CROSS JOIN LATERAL (SELECT * FROM ledger.source_version v WHERE v.entity_id = s.source_id ORDER BY v.version DESC LIMIT 1) sv
            WHERE s.item_id = \(entity) AND s.item_version = \(version)
            ORDER BY s.ordinal
            """) {
            page.sources.append(Source(id: try source.decode(String.self, at: 0), reliability: try source.decode(String.self, at: 1),
                                       name: try source.decode(String.self, at: 2), locator: try source.decode(String?.self, at: 3),
                                       quote: try source.decode(String?.self, at: 4)))
        }
        for exhibit in try conn.query("""
            SELECT e.external_id, x.file_name, encode(x.sha256, 'hex'), ie.note
            FROM ledger.item_exhibit ie JOIN ledger.entity e ON e.id = ie.exhibit_id JOIN ledger.exhibit x ON x.entity_id = ie.exhibit_id
            WHERE ie.item_id = \(entity) AND ie.item_version = \(version) ORDER BY ie.ordinal
            """) {
            page.exhibits.append((try exhibit.decode(String.self, at: 0), try exhibit.decode(String?.self, at: 1),
                                  try exhibit.decode(String.self, at: 2), try exhibit.decode(String?.self, at: 3)))
        }
        for link in try conn.query("""
            SELECT c.external_id, l.relation::text, l.credibility::text, l.argument
            FROM (SELECT DISTINCT ON (lv.entity_id) lv.* FROM ledger.link_version lv
                  WHERE lv.entity_id IN (SELECT entity_id FROM ledger.link_version WHERE item_id = \(entity))
                  ORDER BY lv.entity_id, lv.version DESC) l
            JOIN ledger.entity c ON c.id = l.criterion_id
            WHERE NOT l.withdrawn
            ORDER BY c.external_id, l.relation
            """) {
            page.links.append(Link(criterion: try link.decode(String.self, at: 0), relation: try link.decode(String.self, at: 1),
                                   credibility: try link.decode(String.self, at: 2), argument: try link.decode(String.self, at: 3)))
        }
        // The columns of ledger.item_history, read from the versions of this one entity.
        for past in try conn.query("""
            SELECT v.version, v.status::text, v.title, v.recorded_at, v.recorded_by, v.change_reason, v.reviewer, v.review_note
            FROM ledger.item_version v WHERE v.entity_id = \(entity) ORDER BY v.version
            """) {
            page.history.append(Version(version: try past.decode(Int.self, at: 0), status: try past.decode(String.self, at: 1),
                                        title: try past.decode(String.self, at: 2), recordedAt: try past.decode(Date.self, at: 3),
                                        recordedBy: try past.decode(String.self, at: 4), reason: try past.decode(String?.self, at: 5),
                                        reviewer: try past.decode(String?.self, at: 6), reviewNote: try past.decode(String?.self, at: 7)))
        }
        return page
    }

    /// The page for a role that reads only the public face of the ledger (ledger_reader): the current version,
    /// its public sources and its links, through ledger.public_item and its companions.
    static func readPublic(_ conn: Connection, id: String) throws -> ItemPage {
        guard let row = try conn.query("SELECT * FROM ledger.public_item(\(id))").first else {
            throw PageError.notFound("There is no evidence item with the id \(id).")
        }
        var page = ItemPage(id: id)
        page.currentOnly = true
        page.status = try row.decode(String.self, at: 12)
        let from = try row.decode(String?.self, at: 4), to = try row.decode(String?.self, at: 5), precision = try row.decode(String?.self, at: 6)
        let occurred = ItemPage.occurred(from: from, to: to, precision: precision)
        let entries: [(String, String?)] = [
            ("Version", String(try row.decode(Int.self, at: 15))), ("Kind", try row.decode(String.self, at: 1)),
            ("Title", try row.decode(String.self, at: 2)), ("Description", try row.decode(String?.self, at: 3)), ("Occurred", occurred),
            ("Place", try row.decode(String?.self, at: 7)), ("Acting state", try row.decode(String?.self, at: 8)),
            ("Territorial state", try row.decode(String?.self, at: 9)), ("Attributes", try row.decode(String.self, at: 10)),
            ("Claim status", try row.decode(String?.self, at: 11)), ("Review status", page.status),
            ("Reviewer", try row.decode(String?.self, at: 13)), ("Review note", try row.decode(String?.self, at: 14)),
        ]
        page.fields = entries.compactMap { label, value in value.map { (label, $0) } }
        for source in try conn.query("SELECT * FROM ledger.public_item_sources(\(id))") {
            page.sources.append(Source(id: try source.decode(String.self, at: 0), reliability: try source.decode(String.self, at: 1),
                                       name: try source.decode(String.self, at: 2), locator: try source.decode(String?.self, at: 3),
                                       quote: try source.decode(String?.self, at: 4)))
        }
        for link in try conn.query("SELECT * FROM ledger.public_item_links(\(id))") {
            page.links.append(Link(criterion: try link.decode(String.self, at: 0), relation: try link.decode(String.self, at: 1),
                                   credibility: try link.decode(String.self, at: 2), argument: try link.decode(String.self, at: 3)))
        }
        return page
    }

    func html(signedIn: SignedIn) -> HTML {
        // Changes are offered to researchers; the database would refuse anyone else.
        let mayChange = signedIn.identity.ledgerRoles.contains("ledger_researcher") && !currentOnly
        let fieldRows = fields.map { field -> HTML in
            field.label == "Attributes" ? "<dt>\(field.label)</dt><dd class=\"mono\">\(field.value)</dd>" : "<dt>\(field.label)</dt><dd>\(field.value)</dd>"
        }
        let sourceRows = sources.map { source -> HTML in
            """
            <tr><td class="mono">\(source.id)</td><td>\(source.reliability)</td><td>\(source.name)</td><td>\(source.locator ?? "")</td>\
            <td>\(source.quote ?? "")</td></tr>
            """
        }
        let linkRows = links.map { link -> HTML in
            let withdraw: HTML = status == "withdrawn" || !mayChange ? .empty : """
                <details><summary>Withdraw the link</summary>
                <form method="post" action="/item/unlink">
                <input type="hidden" name="csrf" value="\(signedIn.formToken)">
                <input type="hidden" name="id" value="\(id)"><input type="hidden" name="element" value="\(link.criterion)">
                \(FormField(name: "reason", label: "Why the link is withdrawn", control: .textArea, required: true, idPrefix: "unlink-\(link.criterion)").html)
                <button type="submit">Withdraw the link</button>
                </form></details>
                """
            let change: HTML = status == "withdrawn" || !mayChange ? .empty
                : "<a href=\"/item/link?\(FormData.query([("id", id), ("element", link.criterion)]))\">Change</a>"
            return "<tr><td class=\"mono\">\(link.criterion)</td><td>\(link.relation)</td><td>\(link.credibility)</td><td>\(link.argument)</td><td>\(change)\(withdraw)</td></tr>"
        }
        let historyRows = history.map { past -> HTML in
            let review: String = past.reviewer.map { "\($0): \(past.reviewNote ?? "")" } ?? ""
            return """
                <tr><td>\(past.version)</td><td>\(WebFormat.time(past.recordedAt))</td><td>\(past.recordedBy)</td><td>\(past.status)</td>\
                <td>\(past.title)</td><td>\(past.reason ?? "")</td><td>\(review)</td></tr>
                """
        }
        let sourcesHTML: HTML = sources.isEmpty ? "<p>No sources.</p>" : """
            <div class="table"><table>
            <thead><tr><th scope="col">Source</th><th scope="col">Reliability</th><th scope="col">Publisher or title</th><th scope="col">Locator</th><th scope="col">Quote</th></tr></thead>
            <tbody>\(sourceRows)</tbody></table></div>
            """
        let linksHTML: HTML = links.isEmpty ? "<p>Not linked to any criterion.</p>" : """
            <div class="table"><table>
            <thead><tr><th scope="col">Criterion</th><th scope="col">Relation</th><th scope="col">Credibility</th><th scope="col">Argument</th><th scope="col">Change</th></tr></thead>
            <tbody>\(linkRows)</tbody></table></div>
            """
        let exhibitRows = exhibits.map { exhibit -> HTML in
            "<tr><td class=\"mono\">\(exhibit.id)</td><td>\(exhibit.fileName)</td><td class=\"mono\">\(exhibit.sha256)</td><td>\(exhibit.note)</td></tr>"
        }
        let exhibitsHTML: HTML = exhibits.isEmpty ? "<p>No exhibits.</p>" : """
            <div class="table"><table>
            <thead><tr><th scope="col">Exhibit</th><th scope="col">File name</th><th scope="col">SHA-256</th><th scope="col">Note</th></tr></thead>
            <tbody>\(exhibitRows)</tbody></table></div>
            """
        let notice: HTML = self.notice.map { "<p class=\"notice\" role=\"status\">\($0)</p>" } ?? .empty
        let query = FormData.query([("id", id)])
        let actions: HTML = !mayChange ? .empty : status == "withdrawn" ? "<p>This item is withdrawn: it stays in the ledger with its history, and is no longer changed.</p>" : """
            <nav aria-label="Item actions"><ul class="actions">
            <li><a href="/item/amend?\(query)">Amend the item</a></li>
            <li><a href="/item/link?\(query)">Link it to a criterion</a></li>
            <li><a href="#history">History</a></li>
            </ul></nav>
            """
        var reason = FormField(name: "reason", label: "Why the item is withdrawn", control: .textArea,
                               hint: "It stays in the ledger, with this reason, as its latest version.", required: true, idPrefix: "withdraw")
        if let withdrawal { reason.value = withdrawal.reason; reason.error = withdrawal.error }
        let withdraw: HTML = status == "withdrawn" || !mayChange ? .empty : """
            <h2 id="withdraw">Withdraw</h2>
            <form method="post" action="/item/withdraw" class="entry">
            <input type="hidden" name="csrf" value="\(signedIn.formToken)">
            <input type="hidden" name="id" value="\(id)">
            \(reason.html)
            <button type="submit">Withdraw the item</button>
            </form>
            """
        return PageLayout.page(title: "Evidence item \(id)", signedIn: signedIn, current: nil, content: """
            \(notice)\(actions)
            <dl>\(fieldRows)</dl>
            <h2>Sources</h2>
            \(sourcesHTML)
            <h2>Exhibits</h2>
            \(exhibitsHTML)
            <h2>Links to criteria</h2>
            \(linksHTML)
            <h2 id="history">History</h2>
            \(currentOnly ? "<p>Your role reads the current version only: earlier versions, and restricted or protected sources, are shown to researchers, reviewers and auditors.</p>" as HTML : """
            <div class="table"><table>
            <thead><tr><th scope="col">Version</th><th scope="col">Recorded</th><th scope="col">By</th><th scope="col">Status</th><th scope="col">Title</th><th scope="col">Reason</th><th scope="col">Review</th></tr></thead>
            <tbody>\(historyRows)</tbody></table></div>
            """)
            \(withdraw)
            """)
    }
}
