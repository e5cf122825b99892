import LedgerModel
import LedgerStore
import Postgres

/// The form for a new evidence item, or for amending one: the common fields, the fields of the item's kind (from
/// `ledger.evidence_kind_attribute`), its actors with their roles, its sources with locators, its exhibits, and
/// for an amendment the reason. It is read by ``ItemEntry``, exactly as an items file: a refused form comes back
/// with each problem under its field and everything as typed. Places, actors, sources and exhibits may be typed
/// as names (``NamePicker``): the form then comes back with the matches to choose from.
struct ItemFormPage: Sendable {
    enum Mode: Sendable { case new, amend }

    struct Attribute: Sendable {
        var name: String
        var type: String
        var about: String
    }

    var mode: Mode
    var kind: String
    var attributes: [Attribute] = []
    /// What the user typed, by form field name.
    var values: [String: String] = [:]
    var errors: [String: String] = [:]
    var otherErrors: [String] = []
    /// Matches for a name typed into a reference field, by field name.
    var choices: [String: [NamePicker.Candidate]] = [:]
    /// A message above the form (e.g. after the fields were shown for another kind).
    var notice: String?

    /// Repeated rows: each has a number from 1, and two empty rows are always offered.
    static let rowGroups: [(prefix: String, fields: [String])] = [
        ("actor", ["actor", "role"]), ("source", ["source", "locator", "quote"]), ("exhibit", ["exhibit", "exhibit_note"]),
    ]
    static let singleFields = ["id", "kind", "title", "description", "occurred_from", "occurred_to", "precision", "place",
                               "acting_state", "territorial_state", "claim_status", "review_status", "reason"]
    static let maximumRows = 100

    // MARK: - Reading

    /// The attributes of a kind.
    static func attributes(of kind: String, on conn: Connection) throws -> [Attribute] {
        try conn.query("""
            SELECT attribute, value_type, description FROM ledger.evidence_kind_attribute WHERE kind::text = \(kind) ORDER BY attribute
            """).map { Attribute(name: try $0.decode(String.self, at: 0), type: try $0.decode(String.self, at: 1), about: try $0.decode(String.self, at: 2)) }
    }

    /// The form's fields as sent (the attributes of every kind are kept, so switching kinds loses nothing typed).
    static func values(from form: FormData) -> [String: String] {
        var values: [String: String] = [:]
        for (name, value) in form.fields where name != "csrf" && name != "action" {
            let known = singleFields.contains(name) || name.hasPrefix("attr_") || rowGroups.contains { group in
                group.fields.contains { field in
                    name.hasPrefix(field + "_") && Int(name.dropFirst(field.count + 1)).map { (1...maximumRows).contains($0) } == true
                }
            }
            if known { values[name] = value }
        }
        // A list of matches sent back with nothing chosen: the name typed before is looked up again.
        for (name, typed) in form.fields where name.hasSuffix(NamePicker.typedSuffix) {
            let field = String(name.dropLast(NamePicker.typedSuffix.count))
            if (values[field] ?? "").isEmpty, !typed.isEmpty, field == "place" || field.hasSuffix("_state") || field.hasPrefix("attr_")
                || field.hasPrefix("actor_") || field.hasPrefix("source_") || field.hasPrefix("exhibit_") {
                values[field] = typed
            }
        }
        return values
    }

    /// The numbers of the rows of a group that hold something.
    func filledRows(_ group: (prefix: String, fields: [String])) -> [Int] {
        (1...ItemFormPage.maximumRows).filter { n in group.fields.contains { !(values["\($0)_\(n)"] ?? "").trimmingWhitespace().isEmpty } }
    }

    /// The item as an items-file entry, and the form row behind each list entry (`sources[1]` may be row 3).
    func item() -> (item: [String: JSONValue], rows: [String: [Int]]) {
        func text(_ name: String) -> String? {
            guard let value = values[name], !value.trimmingWhitespace().isEmpty else { return nil }
            return value
        }
        var item: [String: JSONValue] = [:]
        for (key, name) in [("id", "id"), ("kind", "kind"), ("title", "title"), ("description", "description"), ("place", "place"),
                            ("acting_state", "acting_state"), ("territorial_state", "territorial_state"),
                            ("claim_status", "claim_status"), ("review_status", "review_status")] {
            if let value = text(name) { item[key] = .string(key == "id" || key == "kind" ? value.trimmingWhitespace() : value) }
        }
        var occurred: [String: JSONValue] = [:]
        for (key, name) in [("from", "occurred_from"), ("to", "occurred_to"), ("precision", "precision")] {
            if let value = text(name) { occurred[key] = .string(value.trimmingWhitespace()) }
        }
        if !occurred.isEmpty { item["occurred"] = .object(occurred) }
        var attributeValues: [String: JSONValue] = [:]
        for attribute in attributes {
            // Text is kept as typed; numbers, dates and references without the spaces around them.
            if let value = text("attr_" + attribute.name) {
                attributeValues[attribute.name] = .string(attribute.type == "text" ? value : value.trimmingWhitespace())
            }
        }
        if !attributeValues.isEmpty { item["attributes"] = .object(attributeValues) }
        var rows: [String: [Int]] = [:]
        for (key, group) in zip(["actors", "sources", "exhibits"], ItemFormPage.rowGroups) {
            let filled = filledRows(group)
            rows[key] = filled
            guard !filled.isEmpty else { continue }
            item[key] = .array(filled.map { n in
                var entry: [String: JSONValue] = [:]
                for field in group.fields {
                    let key = field == "exhibit_note" ? "note" : field
                    if let value = text("\(field)_\(n)") { entry[key] = .string(["actor", "role", "source", "exhibit"].contains(field) ? value.trimmingWhitespace() : value) }
                }
                return .object(entry)
            })
        }
        return (item, rows)
    }

    /// The form field a path of the items format belongs to (`occurred.from` → `occurred_from`, `sources[1].quote`
    /// → `quote_3` when the second source is on row 3), or nil when it belongs to none.
    static func fieldName(forPath path: String, rows: [String: [Int]]) -> String? {
        switch path {
        case "occurred", "occurred.from": return "occurred_from"
        case "occurred.to": return "occurred_to"
        case "occurred.precision": return "precision"
        default: break
        }
        if path.hasPrefix("attributes.") { return "attr_" + path.dropFirst("attributes.".count) }
        if singleFields.contains(path) { return path }
        for (key, first) in [("actors", "actor"), ("sources", "source"), ("exhibits", "exhibit")] where path.hasPrefix(key + "[") {
            let rest = path.dropFirst(key.count + 1)
            guard let close = rest.firstIndex(of: "]"), let index = Int(rest[..<close]), let row = rows[key].flatMap({ index < $0.count ? $0[index] : nil }) else { return nil }
            var field = String(rest[rest.index(after: close)...].drop { $0 == "." })
            if field.isEmpty { field = first }
            if key == "exhibits" && field == "note" { field = "exhibit_note" }
            return "\(field)_\(row)"
        }
        return nil
    }

    /// Puts each problem under its field (or above the form).
    mutating func add(_ failure: ImportFailure, rows: [String: [Int]]) {
        for issue in failure.issues {
            let message = issue.value.map { "“\($0)”: expected \(issue.expected)" } ?? "missing: expected \(issue.expected)"
            if let name = ItemFormPage.fieldName(forPath: issue.field, rows: rows) {
                errors[name] = errors[name].map { $0 + "; " + message } ?? message
            } else {
                otherErrors.append("\(issue.field.isEmpty ? "item" : issue.field): \(message)")
            }
        }
    }

    /// The reference fields that hold text, with what they refer to.
    func references() -> [(field: String, kind: NamePicker.Kind)] {
        var found: [(String, NamePicker.Kind)] = [("place", .place), ("acting_state", .actor), ("territorial_state", .actor)]
        for attribute in attributes where attribute.type == "place" || attribute.type == "actor" {
            found.append(("attr_" + attribute.name, attribute.type == "place" ? .place : .actor))
        }
        for n in 1...ItemFormPage.maximumRows {
            found += [("actor_\(n)", .actor), ("source_\(n)", .source), ("exhibit_\(n)", .exhibit)]
        }
        return found.filter { !(values[$0.0] ?? "").trimmingWhitespace().isEmpty }
    }

    /// Looks up every reference that is not an id; true when all are.
    mutating func resolveReferences(on conn: Connection) throws -> Bool {
        let found = try NamePicker.check(references().map { ($0.field, $0.kind, values[$0.field]!.trimmingWhitespace()) }, on: conn)
        choices = found.choices
        errors.merge(found.problems) { $1 }
        return found.problems.isEmpty
    }

    // MARK: - Rendering

    private func field(_ name: String, _ label: String, _ control: FormField.Control = .text(), hint: String? = nil, required: Bool = false) -> FormField {
        var control = control
        if let found = choices[name] {
            // A name was typed: the field becomes the list of what it matched, nothing chosen yet; the typed name
            // goes along (``NamePicker/typedSuffix``), so sending the form without choosing asks again rather than dropping it.
            control = NamePicker.control(found)
        }
        return FormField(name: name, label: label, control: control, hint: hint, required: required,
                         value: choices[name] != nil ? "" : values[name] ?? "", error: errors[name])
    }

    private static let referenceHint = "An id, or a name in any script — the form then offers the matches."

    var groups: [(legend: String, fields: [FormField])] {
        var groups: [(String, [FormField])] = []
        var what = [
            mode == .new
                ? field("id", "Id", hint: "A stable id that says what the item is, e.g. item-hajun-launches-2022-03: letters, digits and . _ : / ( ) + -", required: true)
                : FormField(name: "id", label: "Id", control: .readOnly, value: values["id"] ?? "", error: errors["id"]),
            field("kind", "Kind", .select(options: Vocabulary.evidenceKind, blank: nil), hint: "Another kind has other fields: choose it, then “Show the fields of the chosen kind”.", required: true),
            field("title", "Title", hint: "Short and neutral; says whose claim it is. At most 500 characters.", required: true),
            field("description", "Description", .textArea, hint: "What the sources say, attributed."),
        ]
        if mode == .amend { what.append(field("reason", "Reason for the amendment", .textArea, hint: "Every version after the first says why it was recorded.", required: true)) }
        groups.append(("What", what))
        groups.append(("When and where", [
            field("occurred_from", "Occurred from", hint: "YYYY-MM-DD, or a time with its offset: 2022-02-27T17:00:00+02:00. Never guess: leave it empty when unknown."),
            field("occurred_to", "Occurred to", hint: "Default: the same as from. Not before from, not in the future."),
            field("precision", "Precision", .select(options: Vocabulary.precision, blank: "as given")),
            field("place", "Place", hint: ItemFormPage.referenceHint),
            field("acting_state", "Acting state", hint: "Whose conduct it is (Russian launches from Belarus: Russia). " + ItemFormPage.referenceHint),
            field("territorial_state", "Territorial state", hint: "On whose territory it happened. " + ItemFormPage.referenceHint),
        ]))
        if !attributes.isEmpty {
            groups.append(("Details of a \(kind)", attributes.map { attribute in
                let typeHint: String
                switch attribute.type {
                case "integer": typeHint = "A whole number."
                case "date": typeHint = "A date YYYY-MM-DD."
                case "place", "actor": typeHint = ItemFormPage.referenceHint
                default: typeHint = ""
                }
                return field("attr_" + attribute.name, attribute.name.replacingOccurrences(of: "_", with: " ").capitalizedFirst,
                             hint: [attribute.about, typeHint].filter { !$0.isEmpty }.joined(separator: " "))
            }))
        }
        func rows(_ group: (prefix: String, fields: [String])) -> [Int] {
            let filled = filledRows(group)
            let last = filled.max() ?? 0
            return Array(1...min(ItemFormPage.maximumRows, last + 2))
        }
        groups.append(("Actors", rows(ItemFormPage.rowGroups[0]).flatMap { n in [
            field("actor_\(n)", "Actor \(n)", hint: n == 1 ? ItemFormPage.referenceHint : nil),
            field("role_\(n)", "Role of actor \(n)", .select(options: Vocabulary.actorRole, blank: "choose a role")),
        ] }))
        groups.append(("Sources", rows(ItemFormPage.rowGroups[1]).flatMap { n in [
            field("source_\(n)", "Source \(n)", hint: n == 1 ? "A source id, or words from its title or publisher." : nil),
            field("locator_\(n)", "Locator in source \(n)", hint: n == 1 ? "Page, paragraph or timestamp." : nil),
            field("quote_\(n)", "Quote from source \(n)", .textArea),
        ] }))
        groups.append(("Exhibits", rows(ItemFormPage.rowGroups[2]).flatMap { n in [
            field("exhibit_\(n)", "Exhibit \(n)", hint: n == 1 ? "An exhibit id, the start of its SHA-256, or its file name." : nil),
            field("exhibit_note_\(n)", "Note on exhibit \(n)"),
        ] }))
        var status = [field("claim_status", "Claim status", .select(options: Vocabulary.claimStatus, blank: "not said"),
                            hint: "How the claim stands in the publications read.")]
        // An amendment keeps the review status: reviewers change it, in the review queue.
        if mode == .new {
            status.append(field("review_status", "Review status", .select(options: ["draft", "submitted"], blank: "draft (the default)"),
                                hint: "Submitted items go to the reviewers' queue; reviewers verify or dispute them."))
        }
        groups.append(("Status", status))
        return groups
    }

    func html(signedIn: SignedIn) -> HTML {
        let groups = self.groups
        let title = mode == .new ? "New evidence item" : "Amend \(values["id"] ?? "")"
        let action = mode == .new ? "/items" : "/item/amend"
        let save: HTML = mode == .new ? "Add the item" : "Record the amendment"
        let intro: HTML = mode == .new
            ? "<p>An item is one piece of evidence, as its sources tell it. It is checked as an import is; nothing is saved while anything is wrong.</p>"
            : "<p>An amendment is a new version of the item; the earlier versions stay in its history. Links are changed on the item's page.</p>"
        let notice: HTML = self.notice.map { "<p class=\"notice\" role=\"status\">\($0)</p>" } ?? .empty
        let fieldsets = groups.map { group -> HTML in
            "<fieldset><legend>\(group.legend)</legend>\(group.fields.map(\.html))</fieldset>"
        }
        return PageLayout.page(title: title, signedIn: signedIn, current: mode == .new ? "/items/new" : nil, content: """
            \(FormField.summary(groups.flatMap(\.fields), others: otherErrors))
            \(notice)\(intro)
            <form method="post" action="\(action)" class="entry" novalidate>
            <input type="hidden" name="csrf" value="\(signedIn.formToken)">
            \(NamePicker.typedFields(choices.keys.reduce(into: [:]) { typed, name in typed[name] = values[name] ?? "" }))
            \(fieldsets)
            <div class="actions">
            <button type="submit" name="action" value="save">\(save)</button>
            <button type="submit" name="action" value="refresh" class="secondary">Show the fields of the chosen kind</button>
            </div>
            </form>
            """)
    }
}

extension String {
    /// The first letter in upper case.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
