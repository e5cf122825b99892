import Foundation
import LedgerModel
import LedgerStore
import Postgres

/// The form linking an item to a criterion element, with the provision's text and the element beside the
/// argument box: choose the element, see its text, then argue. Written by ``LinkEntry``, as `evidence-ledger
/// evidence link` writes. A link that exists is shown as it stands; changing it needs a reason.
struct LinkFormPage: Sendable {
    struct Criterion: Sendable {
        var code: String
        var label: String
    }

    /// The provision an element belongs to, as the form shows it beside the argument.
    struct Provision: Sendable {
        var instrument: String
        var label: String
        var text: String?
        var textStatus: String
        var element: String?
    }

    var itemID: String
    var itemTitle: String
    var criteria: [Criterion] = []
    var provision: Provision?
    var linkExists = false
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var otherErrors: [String] = []
    var relationLabels: [(value: String, label: String)] = []
    var credibilityLabels: [(value: String, label: String)] = []

    /// Reads the item, the criteria, the chosen element's provision and, when the link exists, what it says now.
    static func read(_ conn: Connection, itemID: String, element: String?) throws -> LinkFormPage {
        guard let title = try conn.query("""
            SELECT v.title FROM ledger.entity e
            CROSS JOIN LATERAL (SELECT title FROM ledger.item_version iv WHERE iv.entity_id = e.id ORDER BY iv.version DESC LIMIT 1) v
            WHERE e.entity_type = 'item' AND e.external_id = \(itemID)
            """).first.map({ try $0.decode(String.self, at: 0) }) else {
            throw PageError.notFound("There is no evidence item with the id \(itemID).")
        }
        var page = LinkFormPage(itemID: itemID, itemTitle: title)
        page.criteria = try conn.query("""
            SELECT e.code, e.code || ' — ' || left(e.body, 110) FROM ledger.current_element e WHERE NOT e.withdrawn
            UNION ALL
            SELECT p.code, p.code || ' — ' || p.label FROM ledger.current_provision p
            WHERE NOT p.withdrawn AND NOT EXISTS (SELECT 1 FROM ledger.current_element e WHERE e.provision = p.code AND NOT e.withdrawn)
            ORDER BY 1
            """).map { Criterion(code: try $0.decode(String.self, at: 0), label: try $0.decode(String.self, at: 1)) }
        page.relationLabels = try labels("link_relation", conn)
        page.credibilityLabels = try labels("information_credibility", conn)
        if let element, !element.isEmpty {
            page.values["element"] = element
            page.provision = try conn.query("""
                SELECT i.title, p.label, p.body, p.text_status::text, e.body
                FROM ledger.current_provision p JOIN ledger.current_instrument i ON i.code = p.instrument
                LEFT JOIN ledger.current_element e ON e.provision = p.code AND e.code = \(element)
                WHERE p.code = \(element) OR p.code = (SELECT provision FROM ledger.current_element WHERE code = \(element))
                """).first.map { row in
                    Provision(instrument: try row.decode(String.self, at: 0), label: try row.decode(String.self, at: 1),
                              text: try row.decode(String?.self, at: 2), textStatus: try row.decode(String.self, at: 3),
                              element: try row.decode(String?.self, at: 4))
                }
            if let link = try conn.query("""
                SELECT v.relation::text, v.credibility::text, v.argument, v.withdrawn FROM ledger.entity e
                CROSS JOIN LATERAL (SELECT * FROM ledger.link_version lv WHERE lv.entity_id = e.id ORDER BY lv.version DESC LIMIT 1) v
                WHERE e.entity_type = 'link' AND e.external_id = \(itemID + "/" + element)
                """).first {
                page.linkExists = true
                if try !link.decode(Bool.self, at: 3) {
                    page.values["relation"] = try link.decode(String.self, at: 0)
                    page.values["credibility"] = try link.decode(String.self, at: 1)
                    page.values["argument"] = try link.decode(String.self, at: 2)
                }
            }
        }
        return page
    }

    static func labels(_ vocabulary: String, _ conn: Connection) throws -> [(value: String, label: String)] {
        try conn.query("SELECT code, code || ' — ' || label FROM ledger.vocabulary WHERE vocabulary = \(vocabulary) ORDER BY ordinal, code")
            .map { (try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1)) }
    }

    mutating func add(_ failure: ImportFailure) {
        for issue in failure.issues {
            let message = issue.value.map { "“\($0)”: expected \(issue.expected)" } ?? issue.expected
            let field = issue.field == "criterion_id" ? "element" : issue.field
            if ["element", "relation", "credibility", "argument", "reason"].contains(field) {
                errors[field] = errors[field].map { $0 + "; " + message } ?? message
            } else {
                otherErrors.append(issue.field.isEmpty ? message : "\(issue.field): \(message)")
            }
        }
    }

    func html(signedIn: SignedIn) -> HTML {
        let element = values["element"] ?? ""
        let chooser = FormField(name: "element", label: "Criterion element", control: .choice([("", "choose an element")] + criteria.map { ($0.code, $0.label) }),
                                hint: "An element of a provision, or a provision that has no elements.", required: true,
                                value: element, error: provision == nil && !element.isEmpty ? "“\(element)” is not a criterion in the catalogue" : errors["element"], idPrefix: "choose")
        var fields: [FormField] = [
            FormField(name: "relation", label: "Relation", control: .choice([("", "choose")] + relationLabels), required: true,
                      value: values["relation"] ?? "", error: errors["relation"]),
            FormField(name: "credibility", label: "Information credibility", control: .choice([("", "choose a grade")] + credibilityLabels),
                      hint: "How credible the information is for this element, on the Admiralty scale (1 confirmed by other sources … 6 cannot be judged).",
                      required: true, value: values["credibility"] ?? "", error: errors["credibility"]),
            FormField(name: "argument", label: "Argument", control: .textArea, hint: "Why the item bears on the element, in words a reader of the dossier can follow.",
                      required: true, value: values["argument"] ?? "", error: errors["argument"]),
        ]
        if linkExists {
            fields.append(FormField(name: "reason", label: "Reason for the change", control: .textArea,
                                    hint: "The link exists already: a new version of it says why.", required: true,
                                    value: values["reason"] ?? "", error: errors["reason"]))
        }
        let text: HTML
        if let provision {
            let status: HTML = provision.textStatus == "confirmed" ? .empty : "<p class=\"hint\">Text status: \(provision.textStatus).</p>"
            let elementText: HTML = provision.element.map { "<p><strong>Element \(element):</strong> \($0)</p>" } ?? .empty
            text = """
                <aside class="provision" aria-labelledby="provision-title">
                <h2 id="provision-title">\(provision.instrument), \(provision.label)</h2>
                \(status)<blockquote>\(provision.text ?? "(text unconfirmed)")</blockquote>
                \(elementText)
                </aside>
                """
        } else {
            text = .empty
        }
        let form: HTML = provision == nil ? .empty : """
            <form method="post" action="/item/link" class="entry">
            <input type="hidden" name="csrf" value="\(signedIn.formToken)">
            <input type="hidden" name="id" value="\(itemID)"><input type="hidden" name="element" value="\(element)">
            \(fields.map(\.html))
            <button type="submit">\(linkExists ? "Record the new version of the link" : "Link the item")</button>
            </form>
            """
        return PageLayout.page(title: "Link \(itemID) to a criterion", signedIn: signedIn, content: """
            \(FormField.summary(fields + [chooser], others: otherErrors))
            <p>Item <a href="/item?\(FormData.query([("id", itemID)]))">\(itemID)</a>: \(itemTitle)</p>
            <form method="get" action="/item/link" class="entry">
            <input type="hidden" name="id" value="\(itemID)">
            \(chooser.html)
            <button type="submit" class="secondary">Show the provision's text</button>
            </form>
            <div class="link-form">\(text)\(form)</div>
            """)
    }
}
