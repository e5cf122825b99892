import Foundation
import LedgerModel

/// Records built from named values (command-line options, web form fields) go through the same reader and
/// writer as imported files, so the same rules hold whichever way data comes in.
public enum SingleRecord {
    /// Reads one record given as named values. Issues name the field as `naming` says (`--reliability` for the
    /// CLI, `reliability` for a form), not as a YAML path (`sources[0].reliability`).
    public static func read(
        format: String,
        listKey: String,
        fields: [String: JSONValue],
        reader: YAMLRecordReader,
        naming: (String) -> String
    ) throws(ImportFailure) -> [StagedRecord] {
        let document = JSONValue.object(["format": .string(format), listKey: .array([.object(fields)])])
        do {
            return try reader.read(text: document.text, file: "command line")
        } catch {
            throw ImportFailure(error.issues.map { issue in
                var renamed = issue
                renamed.field = naming(issue.field.replacingOccurrences(of: "\(listKey)[0].", with: ""))
                return renamed
            })
        }
    }

    /// Named values as JSON, leaving out those not given.
    public static func fields(_ pairs: KeyValuePairs<String, String?>) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for (key, value) in pairs { if let value { result[key] = .string(value) } }
        return result
    }

    /// Named values as JSON, leaving out those not given.
    public static func fields(_ values: [String: String]) -> [String: JSONValue] {
        values.mapValues { .string($0) }
    }
}
