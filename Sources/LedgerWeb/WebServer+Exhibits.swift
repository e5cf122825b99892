import Foundation
import Hummingbird
import LedgerModel
import LedgerStore
import NIOCore
import Postgres

/// Exhibit upload and the exhibit list. The upload is read up to the configured limit and no further; the file
/// is written to a private temporary file only to be hashed and stored by ``ExhibitIntake``, as `exhibit add`
/// stores it, and removed at once. The name the browser gives the file is recorded as text, never used as a path.
extension WebServer {
    func exhibitRoutes(_ router: Router<WebRequestContext>) {
        router.get("/exhibits") { request, _ in
            try await self.page(request) { signedIn in
                let query = self.query(request)
                let page = try await self.database(signedIn) { try ExhibitListPage.read($0, after: query.text("after"), added: query.nonEmpty("added")) }
                return PageResponse.html(page.html(signedIn: signedIn))
            }
        }
        router.get("/exhibits/new") { request, _ in
            try await self.page(request) { signedIn in
                PageResponse.html(ExhibitFormPage(maximumBytes: self.configuration.maxUploadBytes).html(signedIn: signedIn))
            }
        }
        router.post("/exhibits") { request, _ in
            try await self.page(request) { signedIn in try await self.upload(request, signedIn: signedIn) }
        }
    }

    /// Room for the form's other fields and the multipart framing, besides the file itself.
    static let uploadOverhead = 64 * 1024

    func upload(_ request: Request, signedIn: SignedIn) async throws -> Response {
        let limit = configuration.maxUploadBytes
        let tooLarge = PageResponse.plain("The file is larger than this server accepts (\(WebFormat.bytes(limit))); nothing was stored.", status: .contentTooLarge)
        guard let boundary = MultipartForm.boundary(contentType: request.headers[.contentType] ?? "") else {
            throw PageError(.unsupportedMediaType, "Files are sent as multipart/form-data.")
        }
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit + WebServer.uploadOverhead { return tooLarge }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit + WebServer.uploadOverhead)
        } catch is NIOTooManyBytesError {
            return tooLarge
        }
        let form: MultipartForm
        do {
            form = try MultipartForm(body: Array(body.readableBytesView), boundary: boundary)
        } catch let problem as MultipartForm.Malformed {
            throw PageError(.badRequest, "The upload could not be read (\(problem.description)); nothing was stored.")
        }
        guard SecureToken.matches(form.text("csrf"), signedIn.formToken) else {
            return PageResponse.plain("The form's security token is missing or wrong, so nothing was done. Open the page again and send the form from there.", status: .forbidden)
        }
        let file = form.file("file")
        if let file, file.bytes.count > limit { return tooLarge }
        var values: [String: String] = [:]
        for name in ExhibitFormPage.fieldNames { values[name] = form.text(name).trimmingWhitespace() }
        // A list of matches sent back with nothing chosen: the name typed before is looked up again.
        for name in ["source", "derived_from"] where (values[name] ?? "").isEmpty {
            values[name] = form.text(name + NamePicker.typedSuffix).trimmingWhitespace()
        }
        let typed = values
        let outcome = try await database(signedIn) { conn -> Result<String, PageRefusal<ExhibitFormPage>> in
            var page = ExhibitFormPage(values: typed, maximumBytes: limit)
            if file == nil || file?.bytes.isEmpty == true { page.errors["file"] = "choose the file to upload (an empty file is not an exhibit)" }
            let id = typed["id"] ?? ""
            if id.range(of: #"^[A-Za-z0-9][A-Za-z0-9._:/()+-]{0,199}$"#, options: .regularExpression) == nil {
                page.errors["id"] = id.isEmpty ? "give the exhibit an id" : "“\(id)”: expected letters and digits, then also . _ : / ( ) + -, at most 200"
            } else if try conn.scalar("SELECT count(*) FROM ledger.entity WHERE entity_type = 'exhibit' AND external_id = \(id)", as: Int.self) != 0 {
                page.errors["id"] = "“\(id)” is already an exhibit's id: choose another"
            }
            let collectedAt = typed["collected_at"] ?? ""
            if !collectedAt.isEmpty && ISO8601DateFormatter().date(from: collectedAt) == nil {
                page.errors["collected_at"] = "“\(collectedAt)”: expected a time YYYY-MM-DDTHH:MM:SSZ or with an offset (+02:00)"
            }
            let mediaType = typed["media_type"] ?? ""
            if !mediaType.isEmpty && mediaType.range(of: #"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$"#, options: .regularExpression) == nil {
                page.errors["media_type"] = "“\(mediaType)”: expected a media type such as application/pdf"
            }
            let found = try NamePicker.check([("source", .source, typed["source"] ?? ""), ("derived_from", .exhibit, typed["derived_from"] ?? "")], on: conn)
            page.choices = found.choices
            page.errors.merge(found.problems) { $1 }
            guard page.errors.isEmpty, let file else { return .failure(PageRefusal(page: page)) }
            let fileName = MultipartForm.safeFileName(file.fileName ?? "")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evidence-ledger-upload-" + SecureToken.make())
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("upload").path
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
                  let handle = FileHandle(forWritingAtPath: path) else {
                throw PageError(.internalServerError, "The upload could not be written to a temporary file; nothing was stored.")
            }
            try handle.write(contentsOf: file.bytes)
            try handle.close()
            do {
                _ = try ExhibitIntake(connection: conn).add(
                    file: path, exhibitID: id, mediaType: mediaType.isEmpty ? ExhibitIntake.mediaType(forFile: fileName) : mediaType,
                    sourceID: typed["source"].flatMap { $0.isEmpty ? nil : $0 }, originalID: typed["derived_from"].flatMap { $0.isEmpty ? nil : $0 },
                    collection: .init(collectedBy: typed["collected_by"].flatMap { $0.isEmpty ? nil : $0 },
                                      collectedAt: collectedAt.isEmpty ? nil : ISO8601DateFormatter().date(from: collectedAt),
                                      collectedFrom: typed["collected_from"].flatMap { $0.isEmpty ? nil : $0 },
                                      tool: typed["tool"].flatMap { $0.isEmpty ? nil : $0 },
                                      custodyNotes: typed["custody_notes"].flatMap { $0.isEmpty ? nil : $0 }),
                    fileName: fileName, maximumSize: limit)
            } catch let error as PostgresError where WebServer.isDataError(error) {
                page.otherErrors.append("The database refused the exhibit: \(error.message)")
                return .failure(PageRefusal(page: page))
            }
            return .success(id)
        }
        switch outcome {
        case .success(let id):
            return PageResponse.redirect(to: "/exhibits?" + FormData.query([("added", id)]))
        case .failure(let refusal):
            return PageResponse.html(refusal.page.html(signedIn: signedIn), status: refusal.status)
        }
    }
}
