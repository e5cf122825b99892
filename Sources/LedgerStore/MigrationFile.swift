import Crypto
import Foundation

/// One SQL migration from `schema/`: `NNNN_name.sql`, applied in order of `NNNN`.
public struct MigrationFile: Sendable, Equatable {
    public var version: Int
    public var filename: String
    public var sql: String
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String

    public init(version: Int, filename: String, sql: String) {
        self.version = version
        self.filename = filename
        self.sql = sql
        self.sha256 = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Loads every `*.sql` migration in `directory`, sorted by version. Files that are not SQL are ignored;
    /// SQL files with a malformed name, two files with one version, or a file that manages its own
    /// transaction are refused.
    public static func load(from directory: String) throws -> [MigrationFile] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MigrationError(.schemaDirectoryMissing, "schema folder \(directory) does not exist; set EVIDENCE_LEDGER_SCHEMA_DIR or --schema-dir to the project's schema/ folder")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sql") }.sorted()
        var files: [MigrationFile] = []
        var seen: [Int: String] = [:]
        for name in names {
            guard let version = parseVersion(name) else {
                throw MigrationError(.badFile, "\(directory)/\(name): a migration's name must be NNNN_name.sql (four digits, then lower-case letters, digits and _)")
            }
            if let other = seen[version] {
                throw MigrationError(.badFile, "\(directory)/\(name): version \(version) is also used by \(other)")
            }
            seen[version] = name
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                throw MigrationError(.badFile, "\(path): cannot be read")
            }
            guard let sql = String(data: data, encoding: .utf8) else {
                throw MigrationError(.badFile, "\(path): is not valid UTF-8")
            }
            if let line = transactionControlLine(in: sql) {
                throw MigrationError(.badFile, "\(path):\(line): a migration must not BEGIN, COMMIT or ROLLBACK: the runner wraps each file in its own transaction")
            }
            files.append(MigrationFile(version: version, filename: name, sql: sql))
        }
        guard !files.isEmpty else {
            throw MigrationError(.schemaDirectoryMissing, "schema folder \(directory) holds no NNNN_name.sql migrations")
        }
        return files.sorted { $0.version < $1.version }
    }

    static func parseVersion(_ name: String) -> Int? {
        let scalars = Array(name.unicodeScalars)
        guard scalars.count > 9, name.hasSuffix(".sql") else { return nil }
        let digits = scalars.prefix(4)
        guard digits.allSatisfy({ ("0"..."9").contains($0) }), scalars[4] == "_" else { return nil }
        let stem = scalars[5..<(scalars.count - 4)]
        guard !stem.isEmpty, stem.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else { return nil }
        return Int(String(String.UnicodeScalarView(digits)))
    }

    /// The 1-based line of a statement that is only `BEGIN;`, `COMMIT;`, `ROLLBACK;` or `START TRANSACTION`.
    static func transactionControlLine(in sql: String) -> Int? {
        for (i, line) in sql.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces).lowercased()
            if ["begin;", "commit;", "rollback;", "begin transaction;", "start transaction;"].contains(t) { return i + 1 }
        }
        return nil
    }

    /// The 1-based line holding the 1-based character `position` that the server reported.
    public func line(ofPosition position: Int) -> Int {
        var line = 1
        for (i, scalar) in sql.unicodeScalars.enumerated() {
            if i >= position - 1 { break }
            if scalar == "\n" { line += 1 }
        }
        return line
    }
}
