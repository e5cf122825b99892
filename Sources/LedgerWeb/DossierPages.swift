import Foundation

/// Dossiers built in the browser: kept on the server, each for the user who built it (its content is what that
/// role may read), until the server stops.
actor DossierBuilds {
    struct Build: Sendable {
        var id: String
        var user: String
        var title: String
        var summary: String
        var directory: URL
        /// Download name → file, for the files this build wrote (nothing else is ever served).
        var files: [String: URL]
        var builtAt: Date
    }

    private var builds: [String: Build] = [:]
    let root: URL

    init(root: URL) {
        self.root = root
    }

    /// A new, empty, private folder for a build.
    func newDirectory() throws -> (id: String, directory: URL) {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let id = SecureToken.make()
        let directory = root.appendingPathComponent(id)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        return (id, directory)
    }

    func add(_ build: Build) {
        builds[build.id] = build
    }

    /// The build, when it is the user's.
    func find(_ id: String, user: String) -> Build? {
        guard let build = builds[id], build.user == user else { return nil }
        return build
    }

    /// How many dossiers each user keeps on the server: building another removes the oldest.
    static let keptPerUser = 10

    /// Removes the user's builds beyond the newest `count`, with their files.
    func keepLatest(_ count: Int, user: String) {
        for old in list(user: user).dropFirst(count) {
            builds[old.id] = nil
            try? FileManager.default.removeItem(at: old.directory)
        }
    }

    /// Removes every build and the folder they are kept in (when the server stops).
    func removeAll() {
        builds.removeAll()
        try? FileManager.default.removeItem(at: root)
    }

    /// The user's builds, newest first.
    func list(user: String) -> [Build] {
        builds.values.filter { $0.user == user }.sorted { ($0.builtAt, $0.id) > ($1.builtAt, $1.id) }
    }
}

/// The dossier page: a spec to build from (one of the server's specs, or the template, edited in the browser),
/// and the user's builds with their downloads.
struct DossierFormPage: Sendable {
    var specs: [String] = []
    var chosen: String?
    var specText: String
    var problems: [String] = []
    var unavailable: String?
    var builds: [DossierBuilds.Build] = []

    func html(signedIn: SignedIn) -> HTML {
        let choose: HTML = specs.isEmpty ? .empty : """
            <form method="get" action="/dossiers" class="entry">
            \(FormField(name: "spec", label: "Start from a spec", control: .select(options: specs, blank: "the template"), value: chosen ?? "", idPrefix: "choose").html)
            <button type="submit" class="secondary">Load it</button>
            </form>
            """
        let problemsHTML: HTML = problems.isEmpty ? .empty : """
            <div class="summary" role="alert" aria-labelledby="problems-title">
            <h2 id="problems-title">Nothing was built</h2>
            <ul>\(problems.map { problem -> HTML in "<li><pre>\(problem)</pre></li>" })</ul>
            </div>
            """
        let form: HTML = unavailable.map { "<p class=\"error\">\($0)</p>" } ?? """
            <form method="post" action="/dossiers" class="entry">
            <input type="hidden" name="csrf" value="\(signedIn.formToken)">
            \(FormField(name: "spec", label: "Spec (YAML)", control: .textArea, hint: "Title, subject, criteria, period, kinds, minimum grades, redaction profile, formats: the comments in the template say what each is.", required: true, value: specText, error: problems.isEmpty ? nil : "see the problems above").html)
            <button type="submit">Build the dossier</button>
            </form>
            """
        let rows = builds.map { build -> HTML in
            "<li><a href=\"/dossiers/build?\(FormData.query([("id", build.id)]))\">\(build.title)</a> — \(WebFormat.time(build.builtAt))</li>"
        }
        let list: HTML = builds.isEmpty ? .empty : "<h2>Your dossiers</h2><ul>\(rows)</ul>"
        return PageLayout.page(title: "Dossiers", signedIn: signedIn, current: "/dossiers", content: """
            \(problemsHTML)
            <p>A dossier shows the ledger as of its latest signed checkpoint, as your role may read it, with a proof for every record; the bundle can be checked offline with <code>evidence-ledger dossier verify</code>.</p>
            \(choose)
            \(form)
            \(list)
            """)
    }
}

/// One build: what it holds and its downloads.
struct DossierBuildPage: Sendable {
    var build: DossierBuilds.Build

    static let labels: [(name: String, label: String)] = [
        ("dossier.html", "HTML (one self-contained file)"), ("dossier.json", "JSON (the reference form)"), ("dossier.md", "Markdown"),
        ("items.csv", "CSV of the items"), ("bundle.zip", "The verifiable bundle (zip: formats, records, proofs, exhibits, checkpoint, verifier key)"),
    ]

    func html(signedIn: SignedIn) -> HTML {
        let links = DossierBuildPage.labels.filter { build.files[$0.name] != nil }.map { entry -> HTML in
            "<li><a href=\"/dossiers/file?\(FormData.query([("id", build.id), ("name", entry.name)]))\" download>\(entry.label)</a></li>"
        }
        return PageLayout.page(title: build.title, signedIn: signedIn, current: nil, content: """
            <p class="notice" role="status">Built \(WebFormat.time(build.builtAt)).</p>
            <pre>\(build.summary)</pre>
            <h2>Download</h2>
            <ul>\(links)</ul>
            <p><a href="/dossiers">Dossiers</a></p>
            """)
    }
}
