import Foundation
import LedgerTestSupport
@testable import LedgerWeb
import Postgres
import Testing

/// Exhibit upload: hashed on intake, stored once, limited in size, and harmless whatever the file is called.
@Suite("Web exhibit upload")
struct ExhibitUploadTests {
    /// A `multipart/form-data` body as a browser builds it.
    static func multipart(_ fields: [(String, String)], file: (name: String, bytes: [UInt8])?, boundary: String = "----formboundaryQ7x") -> [UInt8] {
        var body: [UInt8] = []
        for (name, value) in fields {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        return body
    }

    static func upload(_ client: HTTPTestClient, _ fields: [(String, String)], file: (name: String, bytes: [UInt8])?) async throws -> HTTPTestClient.Response {
        try await client.perform(method: "POST", path: "/exhibits",
                                 headers: ["Content-Type": "multipart/form-data; boundary=----formboundaryQ7x"],
                                 body: multipart(fields, file: file))
    }

    @Test func theMultipartReaderReadsFieldsAndFilesAndRefusesBrokenFraming() throws {
        let body = ExhibitUploadTests.multipart([("id", "exh-1"), ("note", "a; b \"c\"")], file: ("a.pdf", [0, 13, 10, 45, 45, 255]))
        let form = try MultipartForm(body: body, boundary: "----formboundaryQ7x")
        #expect(form.text("id") == "exh-1")
        #expect(form.text("note") == "a; b \"c\"")
        #expect(form.file("file")?.fileName == "a.pdf")
        #expect(form.file("file")?.bytes == [0, 13, 10, 45, 45, 255], "bytes that look like framing are kept")
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=\"abc\"") == "abc")
        #expect(MultipartForm.boundary(contentType: "application/x-www-form-urlencoded") == nil)
        #expect(throws: MultipartForm.Malformed.self) { try MultipartForm(body: Array(body.dropLast(30)), boundary: "----formboundaryQ7x") }
        #expect(MultipartForm.safeFileName("../../../etc/passwd") == "passwd")
        #expect(MultipartForm.safeFileName("C:\\Users\\a\\report.pdf") == "report.pdf")
        #expect(MultipartForm.safeFileName("..") == "upload")
        #expect(MultipartForm.safeFileName("a\u{0}b\nc.txt") == "abc.txt")
    }

    @Test func anUploadIsHashedStoredOnceAndADuplicateSaysWhereTheBytesAre() async throws {
        try await RunningServer.with(prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let form = try await client.get("/exhibits/new")
            #expect(form.body.contains("enctype=\"multipart/form-data\""))
            #expect(form.body.contains("<label for=\"f-file\">"))
            let csrf = try #require(form.hiddenField("csrf"))
            let bytes = Array("capture of the article, 2022-05-14\n".utf8)
            let first = try await ExhibitUploadTests.upload(client, [("csrf", csrf), ("id", "exh-web-1"), ("source", "src-express-2023"),
                                                                      ("collected_by", "researcher A"), ("collected_at", "2024-03-01T10:00:00Z"),
                                                                      ("collected_from", "https://example.org/a"), ("tool", "print to PDF")],
                                                     file: ("capture.txt", bytes))
            #expect(first.status == 303, "\(first.body)")
            #expect(first.header("location") == "/exhibits?added=exh-web-1")
            let list = try await client.get("/exhibits?added=exh-web-1")
            let admin = try server.admin()
            defer { admin.close() }
            let stored = try #require(try admin.query("""
                SELECT encode(x.sha256, 'hex'), x.file_name, x.media_type, x.collected_by, s.external_id, c.size
                FROM ledger.exhibit x JOIN ledger.entity e ON e.id = x.entity_id JOIN ledger.exhibit_content c ON c.sha256 = x.sha256
                LEFT JOIN ledger.entity s ON s.id = x.source_id WHERE e.external_id = 'exh-web-1'
                """).first)
            let hex = try stored.decode(String.self, at: 0)
            let expected = try #require(try admin.scalar("SELECT encode(sha256(\(bytes)), 'hex')", as: String.self))
            #expect(hex == expected)
            #expect(try stored.decode(String.self, at: 1) == "capture.txt")
            #expect(try stored.decode(String.self, at: 2) == "text/plain")
            #expect(try stored.decode(String.self, at: 4) == "src-express-2023")
            #expect(try stored.decode(Int.self, at: 5) == bytes.count)
            #expect(list.body.contains(hex), "the page shows the SHA-256")
            // The same bytes again, under another id and a hostile name.
            let second = try await ExhibitUploadTests.upload(client, [("csrf", csrf), ("id", "exh-web-2")], file: ("../../../../tmp/evil-upload.txt", bytes))
            #expect(second.status == 303, "\(second.body)")
            let again = try await client.get("/exhibits?added=exh-web-2")
            #expect(again.body.contains("already stored as <span class=\"mono\">exh-web-1</span>"))
            #expect(try admin.scalar("SELECT count(*) FROM ledger.exhibit_content WHERE sha256 = decode(\(hex), 'hex')", as: Int.self) == 1)
            #expect(try admin.scalar("SELECT file_name FROM ledger.exhibit x JOIN ledger.entity e ON e.id = x.entity_id WHERE e.external_id = 'exh-web-2'", as: String.self) == "evil-upload.txt")
            #expect(!FileManager.default.fileExists(atPath: "/tmp/evil-upload.txt"), "the name is never used as a path")
        }
    }

    @Test func anUploadOverTheLimitIsRefusedAndNothingIsStored() async throws {
        try await RunningServer.with(configure: { $0.maxUploadBytes = 1024 }, prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let csrf = try #require(try await client.get("/exhibits/new").hiddenField("csrf"))
            let admin = try server.admin()
            defer { admin.close() }
            let before = try admin.scalar("SELECT size FROM ledger.log_head", as: Int.self)
            let big = try await ExhibitUploadTests.upload(client, [("csrf", csrf), ("id", "exh-web-big")], file: ("big.bin", [UInt8](repeating: 7, count: 1025)))
            #expect(big.status == 413)
            let huge = try await ExhibitUploadTests.upload(client, [("csrf", csrf), ("id", "exh-web-huge")], file: ("huge.bin", [UInt8](repeating: 7, count: 200_000)))
            #expect(huge.status == 413)
            #expect(try admin.scalar("SELECT count(*) FROM ledger.exhibit_content", as: Int.self) == 0)
            #expect(try admin.scalar("SELECT size FROM ledger.log_head", as: Int.self) == before)
            let fits = try await ExhibitUploadTests.upload(client, [("csrf", csrf), ("id", "exh-web-fits")], file: ("fits.bin", [UInt8](repeating: 7, count: 1024)))
            #expect(fits.status == 303, "\(fits.body)")
        }
    }

    @Test func aRefusedUploadNamesEachProblemAndAWrongTokenStoresNothing() async throws {
        try await RunningServer.with(prepare: WebFixture.importFixtures) { server in
            let client = server.client()
            try await signInAsResearcher(client)
            let csrf = try #require(try await client.get("/exhibits/new").hiddenField("csrf"))
            let refused = try await ExhibitUploadTests.upload(client, [("csrf", csrf), ("id", "bad id"), ("collected_at", "yesterday"), ("source", "no such source at all")],
                                                          file: ("a.txt", Array("x".utf8)))
            #expect(refused.status == 422)
            for field in ["id", "collected_at", "source"] { #expect(refused.body.contains("id=\"f-\(field)-error\""), "\(field)") }
            let noFile = try await ExhibitUploadTests.upload(client, [("csrf", csrf), ("id", "exh-web-nofile")], file: nil)
            #expect(noFile.status == 422)
            #expect(noFile.body.contains("id=\"f-file-error\""))
            let forged = try await ExhibitUploadTests.upload(client, [("csrf", "forged"), ("id", "exh-web-forged")], file: ("a.txt", Array("x".utf8)))
            #expect(forged.status == 403)
            let admin = try server.admin()
            defer { admin.close() }
            #expect(try admin.scalar("SELECT count(*) FROM ledger.exhibit", as: Int.self) == 0)
        }
    }
}
