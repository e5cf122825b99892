import Foundation
import LedgerModel
import Postgres

/// Reads import files, checks them all, and writes them in one transaction: all or nothing per invocation.
public struct FileImport {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// The Belarus fixture set and the legal catalogue, in the order they depend on each other.
    public static func fixtureFiles(root: String = FileImport.fixturesDirectory()) -> [String] {
        ["legal/catalogue.yaml", "belarus/actors.yaml", "belarus/places.yaml", "belarus/sources.yaml", "belarus/items.yaml"]
            .map { root + "/" + $0 }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// `EVIDENCE_LEDGER_FIXTURES_DIR`, else the fixtures/ folder of the source tree.
    public static func fixturesDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["EVIDENCE_LEDGER_FIXTURES_DIR"], !explicit.isEmpty { return explicit }
        return SchemaDirectory.sourceTreeRoot + "/fixtures"
    }

    /// Reads and checks `paths` into memory (small inputs: `evidence add` and `amend`); throws ``ImportFailure``
    /// listing every problem. Ids repeated across files are caught when the records are written.
    public func read(_ paths: [String], now: Date = Date()) throws -> [StagedRecord] {
        var records: [StagedRecord] = []
        try forEachBatch(paths, now: now) { records += $0 }
        return records
    }

    /// Reads and checks `paths`, handing checked records to `body` in batches: YAML files whole, CSV and JSON
    /// Lines a few thousand rows at a time. Batches stop at the first problem, but reading goes on to report
    /// every problem (up to a thousand); then ``ImportFailure`` is thrown.
    public func forEachBatch(_ paths: [String], now: Date = Date(), batchSize: Int = 5000, _ body: ([StagedRecord]) throws -> Void) throws {
        try FileImport.forEachBatch(paths, now: now, attributeTypes: try RecordImporter(connection: connection).attributeTypes(),
                                    batchSize: batchSize, body)
    }

    /// ``forEachBatch(_:now:batchSize:_:)`` with the attribute types already read: needs no connection, so it can
    /// run on a thread of its own.
    static func forEachBatch(_ paths: [String], now: Date, attributeTypes: [String: [String: String]], batchSize: Int,
                             _ body: ([StagedRecord]) throws -> Void) throws {
        let reader = YAMLRecordReader(now: now, attributeTypes: attributeTypes)
        let lines = LineFormatReader(records: reader)
        var issues: [ImportIssue] = []
        func deliver(_ read: () throws(ImportFailure) -> [StagedRecord]) throws {
            do {
                let records = try read()
                if issues.isEmpty { try body(records) }
            } catch let failure as ImportFailure {
                issues += failure.issues
                if issues.count >= 1000 { throw ImportFailure(issues) }
            }
        }
        for path in paths {
            let ext = (path as NSString).pathExtension.lowercased()
            do {
                switch ext {
                case "yaml", "yml":
                    try deliver { () throws(ImportFailure) in try reader.read(file: path) }
                case "jsonl", "ndjson":
                    var count = 0
                    try FileStream.lines(path: path, batchSize: batchSize) { batch in
                        count += batch.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }.count
                        try deliver { () throws(ImportFailure) in try lines.jsonLinesRecords(batch, file: path) }
                    }
                    if count == 0 {
                        issues.append(ImportIssue(RecordLocation(file: path, line: 1), field: "(file)", value: nil, expected: "at least one JSON line"))
                    }
                case "csv":
                    var layout: (layout: LineFormatReader.CSVLayout, names: [String])?
                    var rows = 0
                    try FileStream.csvRows(path: path, batchSize: batchSize) { batch in
                        var batch = batch[...]
                        if layout == nil, let header = batch.first {
                            layout = try lines.csvLayout(header: header, file: path)
                            batch = batch.dropFirst()
                        }
                        rows += batch.count
                        if let layout, !batch.isEmpty {
                            try deliver { () throws(ImportFailure) in try lines.csvRecords(Array(batch), layout: layout, file: path) }
                        }
                    }
                    if layout == nil {
                        issues.append(ImportIssue(RecordLocation(file: path, line: 1), field: "(file)", value: nil, expected: "a header row and records"))
                    } else if rows == 0 {
                        issues.append(ImportIssue(RecordLocation(file: path, line: 2), field: "(file)", value: nil, expected: "at least one record after the header"))
                    }
                default:
                    issues.append(ImportIssue(RecordLocation(file: path, line: 1), field: "(file)", value: ext.isEmpty ? path : ext,
                                              expected: "a .yaml/.yml, .csv or .jsonl file"))
                }
            } catch let failure as ImportFailure {
                issues += failure.issues
            }
        }
        if !issues.isEmpty { throw ImportFailure(issues) }
    }

    /// Reads, checks and writes `paths` (or only checks, with `dryRun`) in one transaction; `progress` hears what
    /// is being done.
    @discardableResult
    public func run(_ paths: [String], reason: String, dryRun: Bool = false, batchSize: Int = 5000,
                    progress: @escaping (String) -> Void = { _ in }) throws -> RecordImporter.Summary {
        let start = Date()
        let importer = RecordImporter(connection: connection)
        let attributeTypes = try importer.attributeTypes()
        return try importer.session(reason: reason, dryRun: dryRun, progress: progress) { session in
            // Files are read and checked on a thread of their own while the batches already checked are copied
            // to the server: at most two batches wait between them, so memory stays bounded by the batch size.
            try BatchPipeline.run(capacity: 2, produce: { deliver in
                try FileImport.forEachBatch(paths, now: Date(), attributeTypes: attributeTypes, batchSize: batchSize, deliver)
            }, consume: { records in
                try session.stage(records)
            })
            progress(String(format: "read, checked and staged %d records (%.2f s)", session.staged, Date().timeIntervalSince(start)))
        }
    }
}
