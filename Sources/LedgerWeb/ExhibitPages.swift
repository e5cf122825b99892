import Foundation
import LedgerStore
import Postgres

/// Exhibits, 50 to a page by keyset on the id, each with its SHA-256 and collection record; after an upload,
/// what was stored (and where the same bytes already were).
struct ExhibitListPage: Sendable {
    static let pageSize = 50

    struct Row: Sendable {
        var id: String
        var sha256: String
        var size: String
        var mediaType: String
        var fileName: String?
        var source: String?
        var collectedBy: String?
        var collectedAt: String?
    }

    var after: String
    var rows: [Row] = []
    var next: String?
    var added: (id: String, sha256: String, size: String, sameAs: [String])?

    static func read(_ conn: Connection, after: String, added: String?) throws -> ExhibitListPage {
        var page = ExhibitListPage(after: after)
        let start = after.isEmpty ? nil : after
        func rows(id: String?, after start: String?, limit: Int) throws -> [Row] {
            try conn.query("""
                SELECT e.external_id, encode(x.sha256, 'hex'), c.size::text, x.media_type, x.file_name, s.external_id, x.collected_by,
                       to_char(x.collected_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                FROM ledger.exhibit x JOIN ledger.entity e ON e.id = x.entity_id JOIN ledger.exhibit_content c ON c.sha256 = x.sha256
                LEFT JOIN ledger.entity s ON s.id = x.source_id
                WHERE (\(id)::text IS NULL OR e.external_id = \(id)) AND (\(start)::text IS NULL OR e.external_id > \(start))
                ORDER BY e.external_id LIMIT \(limit)
                """).map { r in
                    Row(id: try r.decode(String.self, at: 0), sha256: try r.decode(String.self, at: 1), size: try r.decode(String.self, at: 2),
                        mediaType: try r.decode(String.self, at: 3), fileName: try r.decode(String?.self, at: 4), source: try r.decode(String?.self, at: 5),
                        collectedBy: try r.decode(String?.self, at: 6), collectedAt: try r.decode(String?.self, at: 7))
                }
        }
        let result = try rows(id: nil, after: start, limit: pageSize + 1)
        page.rows = Array(result.prefix(pageSize))
        if result.count > pageSize { page.next = page.rows.last?.id }
        if let added, let shown = try rows(id: added, after: nil, limit: 1).first {
            let same = try conn.query("""
                SELECT e.external_id FROM ledger.exhibit x JOIN ledger.entity e ON e.id = x.entity_id
                WHERE x.sha256 = decode(\(shown.sha256), 'hex') AND e.external_id <> \(added) ORDER BY e.external_id
                """).map { try $0.decode(String.self, at: 0) }
            page.added = (shown.id, shown.sha256, shown.size, same)
        }
        return page
    }

    func html(signedIn: SignedIn) -> HTML {
        var notice = HTML.empty
        if let added {
            let same: HTML = added.sameAs.isEmpty ? .empty
                : "<p>The same file is already stored as <span class=\"mono\">\(added.sameAs.joined(separator: ", "))</span>: its bytes were not stored again.</p>"
            notice = """
                <div class="notice" role="status"><p>Exhibit <span class="mono">\(added.id)</span> added: \(added.size) bytes,
                SHA-256 <span class="mono">\(added.sha256)</span>.</p>\(same)</div>
                """
        }
        let rowsHTML = rows.map { row -> HTML in
            """
            <tr><td class="mono">\(row.id)</td><td>\(row.fileName)</td><td>\(row.mediaType)</td><td>\(row.size)</td>\
            <td class="mono">\(row.sha256)</td><td class="mono">\(row.source)</td><td>\(row.collectedBy)</td><td>\(row.collectedAt)</td></tr>
            """
        }
        let table: HTML = rows.isEmpty ? "<p>No exhibits.</p>" : """
            <div class="table"><table>
            <thead><tr><th scope="col">Id</th><th scope="col">File name</th><th scope="col">Media type</th><th scope="col">Bytes</th>\
            <th scope="col">SHA-256</th><th scope="col">Source</th><th scope="col">Collected by</th><th scope="col">Collected at</th></tr></thead>
            <tbody>\(rowsHTML)</tbody></table></div>
            """
        var pages: [HTML] = []
        if !after.isEmpty { pages.append("<a href=\"/exhibits\">First page</a>") }
        if let next { pages.append("<a href=\"/exhibits?\(FormData.query([("after", next)]))\" rel=\"next\">Next \(ExhibitListPage.pageSize) exhibits</a>") }
        return PageLayout.page(title: "Exhibits", signedIn: signedIn, current: "/exhibits", content: """
            \(notice)
            <p><a href="/exhibits/new">Upload an exhibit</a></p>
            \(table)
            <nav class="pages" aria-label="Pages">\(pages)</nav>
            """)
    }
}

/// The upload form: the file and its collection record (Berkeley Protocol). The file is hashed on intake; a file
/// whose bytes are already stored is recorded as a new exhibit pointing at the same bytes, and the page says so.
struct ExhibitFormPage: Sendable {
    static let fieldNames = ["id", "source", "media_type", "collected_by", "collected_at", "collected_from", "tool", "custody_notes", "derived_from"]

    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var otherErrors: [String] = []
    var choices: [String: [NamePicker.Candidate]] = [:]
    var maximumBytes: Int

    var fields: [FormField] {
        func field(_ name: String, _ label: String, _ control: FormField.Control = .text(), hint: String? = nil, required: Bool = false) -> FormField {
            let control = choices[name].map(NamePicker.control) ?? control
            return FormField(name: name, label: label, control: control, hint: hint, required: required,
                             value: choices[name] != nil ? "" : values[name] ?? "", error: errors[name])
        }
        return [
            field("file", "File", .text(type: "file"), hint: "At most \(WebFormat.bytes(maximumBytes)). It is hashed (SHA-256) as it is taken in and never changes afterwards.", required: true),
            field("id", "Id", hint: "A stable id for the exhibit, e.g. exh-hn-2022-05-14-capture: letters, digits and . _ : / ( ) + -", required: true),
            field("source", "Source", hint: "The source it comes from: an id, or words from its title or publisher."),
            field("media_type", "Media type", hint: "E.g. application/pdf; empty: from the file name's extension."),
            field("collected_by", "Collected by", hint: "Who collected it."),
            field("collected_at", "Collected at", hint: "When: YYYY-MM-DDTHH:MM:SSZ, or with an offset (+02:00)."),
            field("collected_from", "Collected from", hint: "The URL or place it was collected from."),
            field("tool", "Tool", hint: "The capture software and its version."),
            field("custody_notes", "Chain of custody", .textArea, hint: "Who held it, how it was kept and moved."),
            field("derived_from", "Derived from", hint: "For a working copy (crop, transcript, translation): the original exhibit's id, the start of its SHA-256, or its file name."),
        ]
    }

    func html(signedIn: SignedIn) -> HTML {
        let fields = self.fields
        let again: HTML = errors.isEmpty && otherErrors.isEmpty ? .empty : "<p>Browsers do not send a file twice: choose the file again.</p>"
        return PageLayout.page(title: "Upload an exhibit", signedIn: signedIn, current: "/exhibits/new", content: """
            \(FormField.summary(fields, others: otherErrors))
            \(again)
            <p>An exhibit is a file kept as evidence, with the record of how it was collected. Nothing is stored while anything is wrong.</p>
            <form method="post" action="/exhibits" enctype="multipart/form-data" class="entry" novalidate>
            <input type="hidden" name="csrf" value="\(signedIn.formToken)">
            \(NamePicker.typedFields(choices.keys.reduce(into: [:]) { typed, name in typed[name] = values[name] ?? "" }))
            \(fields.map(\.html))
            <button type="submit">Upload the exhibit</button>
            </form>
            """)
    }
}
