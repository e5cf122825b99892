import Foundation
import LedgerModel
import Postgres

/// One new source entered by hand (`evidence-ledger source add`, the web form): read and checked as an import
/// is, refused when its id is taken, then written through ``RecordImporter`` with the log entries that go with it.
public struct SourceEntry: Sendable {
    /// The fields a source has, in the order a form shows them (the names of the import format).
    public static let fieldNames = ["id", "title", "publisher", "site", "url", "author", "published", "language", "kind",
                                    "reliability", "grading_note", "protection", "notes"]

    /// The values given, by field name; a field left out is not given.
    public var values: [String: String]

    public init(values: [String: String]) {
        self.values = values
    }

    /// The id given, or "" when none was.
    public var id: String { values["id"] ?? "" }

    /// The record the values make, or every problem with them. `naming` turns a field name into the name the
    /// user knows it by (an option, a form field).
    public func records(naming: (String) -> String) throws(ImportFailure) -> [StagedRecord] {
        try SingleRecord.read(format: "evidence-ledger/sources@1", listKey: "sources", fields: SingleRecord.fields(values),
                              reader: YAMLRecordReader(), naming: naming)
    }

    /// Checks the values, refuses an id the ledger already holds, and writes the source as its first version.
    /// Throws ``ImportFailure`` (nothing written) with every problem found.
    public func add(on connection: Connection, reason: String, naming: (String) -> String) throws {
        let records = try records(naming: naming)
        if try connection.scalar("SELECT count(*) FROM ledger.entity WHERE entity_type = 'source' AND external_id = \(id)", as: Int.self) != 0 {
            throw ImportFailure([ImportIssue(RecordLocation(file: "command line", line: 1), field: naming("id"), value: id,
                expected: "an id that is not already in the ledger: choose another id (an amendment is made by importing the changed record)")])
        }
        try RecordImporter(connection: connection).write(records, reason: reason)
    }
}
