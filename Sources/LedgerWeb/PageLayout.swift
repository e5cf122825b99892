/// The frame of every page: the document head with the style sheet, a skip link, the navigation and the
/// sign-out form for a signed-in user, and the page's own content in `<main>`.
enum PageLayout {
    /// The sections of the navigation: path and label.
    static func sections(for identity: SessionIdentity) -> [(path: String, label: String)] {
        var sections = [("/", "Ledger"), ("/items", "Evidence items"), ("/sources", "Sources")]
        // Entry is for researchers: the database would refuse anyone else, so others are not offered it.
        if identity.ledgerRoles.contains("ledger_researcher") {
            sections += [("/sources/new", "New source"), ("/items/new", "New item"), ("/exhibits", "Exhibits")]
        }
        sections += [("/dossiers", "Dossiers"), ("/search", "Name search")]
        if identity.isReviewer { sections.append(("/review", "Review queue")) }
        return sections
    }

    static func page(title: String, signedIn: SignedIn?, current: String? = nil, content: HTML) -> HTML {
        var header = HTML.empty
        if let signedIn {
            let links = sections(for: signedIn.identity).map { section -> HTML in
                section.path == current
                    ? "<li><a href=\"\(section.path)\" aria-current=\"page\">\(section.label)</a></li>"
                    : "<li><a href=\"\(section.path)\">\(section.label)</a></li>"
            }
            header = """
                <header>
                <nav aria-label="Sections"><ul>\(links)</ul></nav>
                <form method="post" action="/sign-out">
                <input type="hidden" name="csrf" value="\(signedIn.formToken)">
                <span>Signed in as <strong>\(signedIn.identity.user)</strong></span>
                <button type="submit" class="plain">Sign out</button>
                </form>
                </header>
                """
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) — Evidence Ledger</title>
            <style>\(HTML(trusted: WebStyle.css))</style>
            </head>
            <body>
            <a class="skip" href="#main">Skip to the content</a>
            \(header)
            <main id="main">
            <h1>\(title)</h1>
            \(content)
            </main>
            </body>
            </html>
            """
    }
}
