import Foundation
import LedgerModel
import LedgerStore
import Postgres

/// Records built from command-line options go through the same reader and writer as imported files, so the same
/// rules hold whichever way data comes in.
enum SingleRecord {
    /// Reads one record given as option values; issues name the options (`--reliability`), not YAML paths.
    static func read(format: String, listKey: String, fields: [String: JSONValue], reader: YAMLRecordReader) throws -> [StagedRecord] {
        let document = JSONValue.object(["format": .string(format), listKey: .array([.object(fields)])])
        do {
            return try reader.read(text: document.text, file: "command line")
        } catch {
            throw ImportFailure(error.issues.map { issue in
                var renamed = issue
                renamed.field = "--" + issue.field.replacingOccurrences(of: "\(listKey)[0].", with: "").replacingOccurrences(of: "_", with: "-")
                return renamed
            })
        }
    }

    /// Option values as JSON, leaving out the options not given.
    static func fields(_ pairs: KeyValuePairs<String, String?>) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (key, value) in pairs { if let value { result[key] = .string(value) } }
        return result
    }
}
