/// One labelled form field with its hint and, after a refused submission, its error right below the label; the
/// value shown is what the user sent. Every control has a `<label for>`, and `aria-describedby` ties the hint
/// and the error to it, so a screen reader says them when the field takes focus.
struct FormField {
    enum Control {
        case text(type: String = "text", autocomplete: String? = nil)
        case textArea
        /// A choice among `options`; `blank` is the label of the empty choice, when there is one.
        case select(options: [String], blank: String?)
        /// A choice among values each shown with its own label.
        case choice([(value: String, label: String)])
        /// A value shown and sent, not to be changed here.
        case readOnly
    }

    var name: String
    var label: String
    var control: Control = .text()
    var hint: String? = nil
    var required = false
    var value = ""
    var error: String? = nil
    /// Starts the control's id; forms repeated on one page give each its own.
    var idPrefix = "f"

    var id: String { idPrefix + "-" + name }

    var html: HTML {
        let described = [hint.map { _ in id + "-hint" }, error.map { _ in id + "-error" }].compactMap { $0 }.joined(separator: " ")
        var attributes: HTML = "id=\"\(id)\" name=\"\(name)\""
        if !described.isEmpty { attributes = "\(attributes) aria-describedby=\"\(described)\"" }
        if required { attributes = "\(attributes) required" }
        if error != nil { attributes = "\(attributes) aria-invalid=\"true\"" }
        let input: HTML
        switch control {
        case .text(let type, _) where type == "text" && value.contains("\n"):
            // A value with line breaks (entered elsewhere) is shown whole, so that sending the form back keeps it.
            input = "<textarea \(attributes) rows=\"2\">\n\(value)</textarea>"
        case .text(let type, let autocomplete):
            let complete: HTML = autocomplete.map { " autocomplete=\"\($0)\"" } ?? .empty
            // A password is never sent back to the browser.
            let shown: HTML = type == "password" ? .empty : " value=\"\(value)\""
            input = "<input type=\"\(type)\" \(attributes)\(complete)\(shown)>"
        case .textArea:
            // The line feed after the start tag is dropped by the browser, so a value that starts with one keeps it.
            input = "<textarea \(attributes) rows=\"4\">\n\(value)</textarea>"
        case .select(let options, let blank):
            var choices: [HTML] = []
            if let blank { choices.append("<option value=\"\"\(value.isEmpty ? " selected" : "")>\(blank)</option>") }
            // A value outside the list (a hand-made request) is kept, so the error can be read beside it.
            for option in options.contains(value) || value.isEmpty ? options : options + [value] {
                choices.append("<option value=\"\(option)\"\(option == value ? " selected" : "")>\(option)</option>")
            }
            input = "<select \(attributes)>\(choices)</select>"
        case .choice(let options):
            var choices: [HTML] = []
            for option in options.contains(where: { $0.value == value }) || value.isEmpty ? options : options + [(value, value)] {
                choices.append("<option value=\"\(option.value)\"\(option.value == value ? " selected" : "")>\(option.label)</option>")
            }
            input = "<select \(attributes)>\(choices)</select>"
        case .readOnly:
            input = "<input type=\"text\" \(attributes) value=\"\(value)\" readonly>"
        }
        let requiredMark: HTML = required ? " <span class=\"hint\">(required)</span>" : .empty
        let hintLine: HTML = hint.map { "<p class=\"hint\" id=\"\(id)-hint\">\($0)</p>" } ?? .empty
        let errorLine: HTML = error.map { "<p class=\"error\" id=\"\(id)-error\">\($0)</p>" } ?? .empty
        return """
            <div class="field">
            <label for="\(id)">\(label)\(requiredMark)</label>
            \(hintLine)\(errorLine)\(input)
            </div>
            """
    }

    /// The list of errors at the top of a refused form, each a link to its field.
    static func summary(_ fields: [FormField], others: [String] = []) -> HTML {
        let withErrors = fields.filter { $0.error != nil }
        guard !withErrors.isEmpty || !others.isEmpty else { return .empty }
        let items = withErrors.map { field -> HTML in "<li><a href=\"#\(field.id)\">\(field.label)</a>: \(field.error)</li>" }
            + others.map { other -> HTML in "<li>\(other)</li>" }
        return """
            <div class="summary" role="alert" aria-labelledby="problems-title">
            <h2 id="problems-title">Nothing was saved: \(withErrors.count + others.count) problem\(withErrors.count + others.count == 1 ? "" : "s")</h2>
            <ul>\(items)</ul>
            </div>
            """
    }
}
