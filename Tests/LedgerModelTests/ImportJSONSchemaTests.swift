import Foundation
import LedgerModel
import Testing

@Suite("JSON Schemas of the import formats")
struct ImportJSONSchemaTests {
    static var folder: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/schema/json"
    }

    /// `EVIDENCE_LEDGER_WRITE_SCHEMAS=1 swift test --filter ImportJSONSchemaTests` rewrites the files.
    @Test func theFilesInSchemaJSONAreTheGeneratedOnes() throws {
        let files = ImportJSONSchema.files()
        if ProcessInfo.processInfo.environment["EVIDENCE_LEDGER_WRITE_SCHEMAS"] == "1" {
            try FileManager.default.createDirectory(atPath: Self.folder, withIntermediateDirectories: true)
            for file in files { try file.text.write(toFile: Self.folder + "/" + file.name, atomically: true, encoding: .utf8) }
        }
        for file in files {
            let committed = try? String(contentsOfFile: Self.folder + "/" + file.name, encoding: .utf8)
            #expect(committed == file.text, "schema/json/\(file.name) differs from what the readers enforce: regenerate it")
        }
    }

    @Test func everyFormatHasADocumentSchema() {
        for format in YAMLRecordReader.formats.keys {
            #expect(ImportJSONSchema.document(format: format) != nil)
        }
        #expect(ImportJSONSchema.document(format: "evidence-ledger/nothing@1") == nil)
    }
}
