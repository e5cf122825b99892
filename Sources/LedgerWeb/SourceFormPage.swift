import LedgerModel
import LedgerStore

/// The form for a new source. It is checked by ``SourceEntry``, exactly as `evidence-ledger source add` and an
/// import check a source; a refused form comes back with each problem under its field and every value as typed.
struct SourceFormPage: Sendable {
    /// What the user typed, by field name.
    var values: [String: String] = [:]
    /// Problems by field name.
    var errors: [String: String] = [:]
    /// Problems that belong to no one field.
    var otherErrors: [String] = []

    /// The values to check: a field left empty is a field not given, as an option left out on the command line.
    static func entry(from form: FormData) -> (typed: [String: String], entry: SourceEntry) {
        var typed: [String: String] = [:]
        for name in SourceEntry.fieldNames { typed[name] = form.text(name) }
        return (typed, SourceEntry(values: typed.filter { !$0.value.isEmpty }))
    }

    /// Puts each problem under its field.
    mutating func add(_ failure: ImportFailure) {
        for issue in failure.issues {
            let message = issue.value.map { "“\($0)”: expected \(issue.expected)" } ?? "missing: expected \(issue.expected)"
            if SourceEntry.fieldNames.contains(issue.field) {
                errors[issue.field] = errors[issue.field].map { $0 + "; " + message } ?? message
            } else {
                otherErrors.append("\(issue.field): \(message)")
            }
        }
    }

    var fields: [FormField] {
        func field(_ name: String, _ label: String, _ control: FormField.Control = .text(), hint: String? = nil, required: Bool = false) -> FormField {
            FormField(name: name, label: label, control: control, hint: hint, required: required, value: values[name] ?? "", error: errors[name])
        }
        return [
            field("id", "Id", hint: "A stable id that says what the source is, e.g. src-kyiv-independent-2023-11-16: letters, digits and . _ : / ( ) + -", required: true),
            field("title", "Title", hint: "Of the publication or document."),
            field("publisher", "Publisher", hint: "Publisher or outlet."),
            field("site", "Web site", hint: "When no full URL is known, e.g. babel.ua."),
            field("url", "URL", hint: "The full address, starting http:// or https://."),
            field("author", "Author"),
            field("published", "Published", hint: "YYYY, YYYY-MM or YYYY-MM-DD: no more precise than is known."),
            field("language", "Language", hint: "A language tag: en, be, ru, uk, be-Latn…"),
            field("kind", "Kind", .select(options: Vocabulary.sourceKind, blank: "choose a kind"), required: true),
            field("reliability", "Reliability", .select(options: Vocabulary.sourceReliability, blank: "choose a grade"),
                  hint: "The Admiralty scale: A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be judged.",
                  required: true),
            field("grading_note", "Grading note", .textArea, hint: "Why the source gets its grade."),
            field("protection", "Protection", .select(options: Vocabulary.protection, blank: "public (the default)"),
                  hint: "Restricted and protected sources are left out of public dossiers."),
            field("notes", "Notes", .textArea),
        ]
    }

    func html(signedIn: SignedIn) -> HTML {
        let fields = self.fields
        return PageLayout.page(title: "New source", signedIn: signedIn, current: "/sources/new", content: """
            \(FormField.summary(fields, others: otherErrors))
            <p>A source is who published what, and when, with a grade for its reliability. It is checked as an import is; nothing is saved while anything is wrong.</p>
            <form method="post" action="/sources" class="entry" novalidate>
            <input type="hidden" name="csrf" value="\(signedIn.formToken)">
            \(fields.map(\.html))
            <button type="submit">Add the source</button>
            </form>
            """)
    }
}
