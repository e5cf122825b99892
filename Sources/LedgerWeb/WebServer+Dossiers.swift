import Dossier
import Foundation
import Hummingbird
import LedgerStore
import Postgres
import Transparency

/// Dossiers in the browser: build from a spec chosen or edited there, as the signed-in role, from the latest
/// signed checkpoint checked against the server's pinned verifier key (`serve --vkey`), then download the formats
/// and the verifiable bundle. The build is ``DossierRun``, as `evidence-ledger dossier build` runs it.
extension WebServer {
    func dossierRoutes(_ router: Router<WebRequestContext>) {
        router.get("/dossiers") { request, _ in
            try await self.page(request) { signedIn in
                var page = DossierFormPage(specs: self.specNames(), specText: DossierSpec.template)
                if let chosen = self.query(request).nonEmpty("spec") {
                    guard page.specs.contains(chosen), let text = self.specText(chosen) else { throw PageError.notFound("There is no spec \(chosen) on this server.") }
                    page.chosen = chosen
                    page.specText = text
                }
                page.unavailable = self.dossierUnavailable
                page.builds = await self.dossierBuilds.list(user: signedIn.identity.user)
                return PageResponse.html(page.html(signedIn: signedIn))
            }
        }
        router.post("/dossiers") { request, context in
            try await self.formAction(request, context: context, maxSize: 1 << 20) { signedIn, form in
                try await self.buildDossier(specText: form.text("spec"), signedIn: signedIn)
            }
        }
        router.get("/dossiers/build") { request, _ in
            try await self.page(request) { signedIn in
                guard let build = await self.dossierBuilds.find(self.query(request).text("id"), user: signedIn.identity.user) else {
                    throw PageError.notFound("There is no such dossier of yours on this server (dossiers are kept until the server stops).")
                }
                return PageResponse.html(DossierBuildPage(build: build).html(signedIn: signedIn))
            }
        }
        router.get("/dossiers/file") { request, _ in
            try await self.page(request) { signedIn in
                let query = self.query(request)
                guard let build = await self.dossierBuilds.find(query.text("id"), user: signedIn.identity.user),
                      let file = build.files[query.text("name")] else {
                    throw PageError.notFound("There is no such file of a dossier of yours on this server.")
                }
                guard let data = try? Data(contentsOf: file) else {
                    throw PageError.notFound("The file of this dossier is no longer on the server: build it again.")
                }
                return PageResponse.download(data, name: query.text("name"))
            }
        }
    }

    /// Why dossiers cannot be built here, or nil.
    var dossierUnavailable: String? {
        configuration.verifierKey == nil
            ? "This server was started without the ledger's verifier key (evidence-ledger serve --vkey …), so it cannot check the checkpoint a dossier is built from. Dossiers are built with evidence-ledger dossier build meanwhile."
            : nil
    }

    /// The specs offered: the YAML files of `serve --dossier-specs DIR`.
    func specNames() -> [String] {
        guard let directory = configuration.dossierSpecs,
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    }

    func specText(_ name: String) -> String? {
        guard let directory = configuration.dossierSpecs, specNames().contains(name),
              let data = FileManager.default.contents(atPath: directory + "/" + name) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    func buildDossier(specText: String, signedIn: SignedIn) async throws -> Response {
        var page = DossierFormPage(specs: specNames(), specText: specText)
        page.builds = await dossierBuilds.list(user: signedIn.identity.user)
        guard let key = configuration.verifierKey else {
            page.unavailable = dossierUnavailable
            return PageResponse.html(page.html(signedIn: signedIn), status: .serviceUnavailable)
        }
        let spec: DossierSpec
        do {
            spec = try DossierSpec.parse(specText, file: "spec")
        } catch let problem as DossierProblem {
            page.problems = [problem.description]
            return PageResponse.html(page.html(signedIn: signedIn), status: .unprocessableContent)
        }
        let (id, directory) = try await dossierBuilds.newDirectory()
        let out = directory.appendingPathComponent("dossier")
        let built: Result<DossierRun.Built, PageRefusal<String>>
        do {
            built = try await buildInto(out, spec: spec, key: key, signedIn: signedIn)
        } catch {
            // Nothing half-written is left behind, whatever went wrong.
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        switch built {
        case .failure(let refusal):
            try? FileManager.default.removeItem(at: directory)
            page.problems = [refusal.page]
            return PageResponse.html(page.html(signedIn: signedIn), status: .unprocessableContent)
        case .success(let result):
            var files: [String: URL] = [:]
            for name in ["dossier.html", "dossier.json", "dossier.md", "items.csv"] where result.files[name] != nil {
                files[name] = out.appendingPathComponent(name)
            }
            if let zip = result.zip { files["bundle.zip"] = zip }
            let d = result.document
            let summary = """
                \(d.items.count) items, \(d.summary.elements) elements, \(d.sources.count) sources shown, \(d.redaction.withheldSources) withheld (redaction profile \(spec.profile))
                as of checkpoint \(d.builtFrom.checkpointSize), signed \(d.builtFrom.checkpointSignedAt)
                """
            await dossierBuilds.add(DossierBuilds.Build(id: id, user: signedIn.identity.user, title: d.title, summary: summary,
                                                        directory: directory, files: files, builtAt: Date()))
            await dossierBuilds.keepLatest(DossierBuilds.keptPerUser, user: signedIn.identity.user)
            return PageResponse.redirect(to: "/dossiers/build?" + FormData.query([("id", id)]))
        }
    }

    /// Builds the dossier into `out` on the session's connection.
    func buildInto(_ out: URL, spec: DossierSpec, key: NoteVerifier, signedIn: SignedIn) async throws -> Result<DossierRun.Built, PageRefusal<String>> {
        try await database(signedIn) { conn in
            do {
                return .success(try conn.withLongStatements {
                    try DossierRun.build(connection: conn, spec: spec, pinnedKey: key, checkpointSize: nil,
                                         includeProtected: false, out: out, zip: true)
                })
            } catch let refusal as DossierRun.Refusal {
                return .failure(PageRefusal(page: refusal.description))
            } catch let problem as LogProblem {
                return .failure(PageRefusal(page: problem.description))
            }
        }
    }
}

extension PageResponse {
    /// A file to save, never shown in the browser's window (a dossier's HTML is the reader's, not this site's page).
    static func download(_ data: Data, name: String) -> Response {
        let buffer = ByteBuffer(bytes: data)
        var headers = HTTPFields()
        let type: String
        switch (name as NSString).pathExtension {
        case "html": type = "text/html; charset=utf-8"
        case "json": type = "application/json"
        case "md": type = "text/markdown; charset=utf-8"
        case "csv": type = "text/csv; charset=utf-8"
        case "zip": type = "application/zip"
        default: type = "application/octet-stream"
        }
        headers[.contentType] = type
        headers[.contentLength] = String(buffer.readableBytes)
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        addCommonHeaders(&headers)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }
}
