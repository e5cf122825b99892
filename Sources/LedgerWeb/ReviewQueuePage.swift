import Foundation
import LedgerStore
import Postgres

/// Items submitted for review, 50 to a page by keyset on the id, each with a form to mark it verified or disputed
/// with a note. Only members of ledger_reviewer open it; the database refuses the write to anyone else anyway.
struct ReviewQueuePage: Sendable {
    static let pageSize = 50

    struct Row: Sendable {
        var id: String
        var kind: String
        var title: String
        var recordedBy: String
        var recordedAt: Date
    }

    var after: String
    var rows: [Row] = []
    var next: String?
    /// A review just recorded: item id and status.
    var done: (id: String, status: String)?
    /// A review refused: what was sent, and the problems by field (`status`, `note`, or "" for the item).
    var refused: (review: ItemReview, problems: [String: String])?

    /// Whether the session's role is a member of ledger_reviewer, asked afresh: membership may change.
    static func isReviewer(_ conn: Connection) throws -> Bool {
        try conn.scalar("SELECT pg_has_role(session_user, 'ledger_reviewer', 'MEMBER')", as: Bool.self) ?? false
    }

    static func read(_ conn: Connection, after: String) throws -> ReviewQueuePage {
        var page = ReviewQueuePage(after: after)
        let start = after.isEmpty ? nil : after
        let result = try conn.query("""
            SELECT e.external_id, v.kind::text, v.title, v.recorded_by, v.recorded_at
            FROM ledger.entity e
            CROSS JOIN LATERAL (SELECT * FROM ledger.item_version iv WHERE iv.entity_id = e.id ORDER BY iv.version DESC LIMIT 1) v
            WHERE e.entity_type = 'item' AND v.status = 'submitted' AND (\(start)::text IS NULL OR e.external_id > \(start))
            ORDER BY e.external_id LIMIT \(pageSize + 1)
            """)
        for row in result.prefix(pageSize) {
            page.rows.append(Row(id: try row.decode(String.self, at: 0), kind: try row.decode(String.self, at: 1),
                                 title: try row.decode(String.self, at: 2), recordedBy: try row.decode(String.self, at: 3),
                                 recordedAt: try row.decode(Date.self, at: 4)))
        }
        if result.count > pageSize { page.next = page.rows.last?.id }
        return page
    }

    func html(signedIn: SignedIn) -> HTML {
        let notice: HTML = done.map { "<div class=\"notice\" role=\"status\"><p>Item <span class=\"mono\">\($0.id)</span> is now \($0.status).</p></div>" } ?? .empty
        var refusedElsewhere: HTML = .empty
        if let refused, !rows.contains(where: { $0.id == refused.review.itemID }) {
            let text = refused.problems.sorted { $0.key < $1.key }.map(\.value).joined(separator: "; ")
            refusedElsewhere = "<div class=\"summary\" role=\"alert\"><p class=\"error\">Item \(refused.review.itemID): \(text)</p></div>"
        }
        let forms = rows.enumerated().map { index, row in form(index: index, row: row, signedIn: signedIn) }
        var pages: [HTML] = []
        if !after.isEmpty { pages.append("<a href=\"/review\">First page</a>") }
        if let next { pages.append("<a href=\"/review?\(FormData.query([("after", next)]))\" rel=\"next\">Next \(ReviewQueuePage.pageSize) items</a>") }
        let body: HTML = rows.isEmpty ? "<p>No items are waiting for review.</p>" : HTML.join(forms)
        return PageLayout.page(title: "Review queue", signedIn: signedIn, current: "/review", content: """
            \(notice)\(refusedElsewhere)
            <p>Items submitted for review. Check the source, the file and the content (Berkeley Protocol), then record what you found: the note is kept with the item's new version, under your name.</p>
            \(body)
            <nav class="pages" aria-label="Pages">\(pages)</nav>
            """)
    }

    private func form(index: Int, row: Row, signedIn: SignedIn) -> HTML {
        let prefix = "r\(index)"
        let sent = refused?.review.itemID == row.id ? refused : nil
        let status = sent?.review.status ?? ""
        let note = FormField(name: "note", label: "Note", control: .textArea, hint: "What was checked, or why the item is disputed.",
                             required: true, value: sent?.review.note ?? "", error: sent?.problems["note"], idPrefix: prefix)
        let statusError: HTML = (sent?.problems["status"] ?? sent?.problems[""]).map { "<p class=\"error\" id=\"\(prefix)-status-error\">\($0)</p>" } ?? .empty
        let choices = ["verified", "disputed"].map { choice -> HTML in
            """
            <label><input type="radio" name="status" value="\(choice)"\(choice == status ? " checked" : "") required> \(choice)</label>
            """
        }
        return """
            <form method="post" action="/review" class="entry">
            <fieldset>
            <legend><a href="/item?\(FormData.query([("id", row.id)]))" class="mono">\(row.id)</a> — \(row.title)</legend>
            <p class="hint">\(row.kind), submitted by \(row.recordedBy) on \(WebFormat.time(row.recordedAt))</p>
            <input type="hidden" name="csrf" value="\(signedIn.formToken)">
            <input type="hidden" name="id" value="\(row.id)">
            <input type="hidden" name="after" value="\(after)">
            <fieldset><legend>Verdict</legend>\(statusError)\(choices)</fieldset>
            \(note.html)
            <button type="submit">Record the review</button>
            </fieldset>
            </form>
            """
    }
}
