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

    /// Reads and checks `paths`; throws ``ImportFailure`` listing every problem in every file.
    public func read(_ paths: [String], now: Date = Date()) throws -> [StagedRecord] {
        let importer = RecordImporter(connection: connection)
        let reader = YAMLRecordReader(now: now, attributeTypes: try importer.attributeTypes())
        var records: [StagedRecord] = []
        var issues: [ImportIssue] = []
        for path in paths {
            let ext = (path as NSString).pathExtension.lowercased()
            do {
                switch ext {
                case "yaml", "yml":
                    records += try reader.read(file: path)
                case "csv", "jsonl", "ndjson":
                    let text = try reader.readText(file: path)
                    let lines = LineFormatReader(records: reader)
                    records += ext == "csv" ? try lines.readCSV(text, file: path) : try lines.readJSONLines(text, file: path)
                default:
                    issues.append(ImportIssue(RecordLocation(file: path, line: 1), field: "(file)", value: ext.isEmpty ? path : ext,
                                              expected: "a .yaml/.yml, .csv or .jsonl file"))
                }
            } catch {
                issues += error.issues
            }
        }
        var firstSeen: [String: RecordLocation] = [:]
        for record in records {
            let key = "\(record.kind.rawValue) \(record.externalID)"
            if let earlier = firstSeen[key] {
                issues.append(ImportIssue(record.location, field: "id", value: record.externalID, expected: "an id not used elsewhere in this import (also at \(earlier))"))
            } else {
                firstSeen[key] = record.location
            }
        }
        if !issues.isEmpty { throw ImportFailure(issues) }
        let order = EntityKind.allCases
        return records.enumerated().sorted { a, b in
            let ka = order.firstIndex(of: a.element.kind)!, kb = order.firstIndex(of: b.element.kind)!
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
    }

    /// Reads, checks and writes `paths` (or only checks, with `dryRun`); `progress` hears what is being done.
    @discardableResult
    public func run(_ paths: [String], reason: String, dryRun: Bool = false, progress: (String) -> Void = { _ in }) throws -> RecordImporter.Summary {
        var clock = Date()
        func lap() -> String {
            let now = Date()
            defer { clock = now }
            return String(format: "%.2f s", now.timeIntervalSince(clock))
        }
        let records = try read(paths)
        progress("read and checked \(records.count) records (\(lap()))")
        let importer = RecordImporter(connection: connection)
        let summary = dryRun ? try importer.dryRun(records, reason: reason, progress: progress) : try importer.write(records, reason: reason, progress: progress)
        progress("written (\(lap()))")
        return summary
    }
}
