import Foundation

/// Finds the folder of SQL migrations.
public enum SchemaDirectory {
    /// `EVIDENCE_LEDGER_SCHEMA_DIR` when set; otherwise the `schema/` folder of the source tree this program was
    /// built from (a `swift run` or `swift test` build).
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["EVIDENCE_LEDGER_SCHEMA_DIR"], !explicit.isEmpty { return explicit }
        return sourceTreeRoot + "/schema"
    }

    /// The project folder this file was compiled from.
    public static var sourceTreeRoot: String {
        // #filePath is …/Sources/LedgerStore/SchemaDirectory.swift
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }
}
