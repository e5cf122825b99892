import Dossier
import Foundation
import LedgerModel
import Postgres
import Transparency

/// Builds a dossier bundle from a spec as of a signed checkpoint (`evidence-ledger dossier build`, the demo, the
/// web interface): the snapshot is read as the connection's role, redacted by the spec's profile, rendered,
/// proven record by record, checked for leaks, and only then written.
public enum DossierRun {
    /// Why a dossier was not written.
    public enum Refusal: Error, Sendable, CustomStringConvertible {
        /// The role may not read what was asked for (protected identities).
        case permission(String)
        /// The spec names what the ledger does not hold.
        case specDoesNotFit(String)
        /// A withheld value would have been written.
        case leak(String)

        public var description: String {
            switch self {
            case .permission(let m), .specDoesNotFit(let m), .leak(let m): return m
            }
        }
    }

    public struct Built: Sendable {
        public var directory: URL
        public var zip: URL?
        public var document: DossierDocument
        public var files: [String: Data]
        public var summary: String
    }

    /// Refuses unless the connection's role may read protected identities.
    static func checkProtected(_ connection: Connection) throws {
        let allowed = try connection.scalar("""
            SELECT pg_has_role(current_user, 'ledger_protected', 'MEMBER') OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
            """, as: Bool.self) ?? false
        guard allowed else {
            throw Refusal.permission("--include-protected: the role \(try connection.scalar("SELECT current_user", as: String.self) ?? "?") may not read protected identities (it needs ledger_protected)")
        }
    }

    /// Reads the snapshot, redacts, builds, renders, proves, checks for leaks and writes the bundle.
    public static func build(connection: Connection, spec: DossierSpec, pinnedKey: NoteVerifier, checkpointSize: UInt64?,
                      includeProtected: Bool, out: URL, zip: Bool, bundle: Bool = true) throws -> Built {
        if includeProtected { try checkProtected(connection) }
        return try DossierSnapshot.read(connection: connection, checkpointSize: checkpointSize, identities: includeProtected, pinnedKey: pinnedKey) { snapshot in
            let state = DossierDocument.LedgerState(
                origin: snapshot.checkpoint.origin, checkpointSize: snapshot.checkpoint.size,
                checkpointRoot: Data(snapshot.checkpoint.root).base64EncodedString(),
                checkpointSignedAt: snapshot.checkpoint.signedAt, verifierKey: pinnedKey.keyString)
            let redacted = try Redaction.apply(profile: spec.profile, includeProtected: includeProtected, to: snapshot.records)
            var result: DossierBuilder.Result
            do {
                result = try DossierBuilder(spec: spec, ledger: state, includeProtected: includeProtected).build(records: redacted.records)
            } catch let problem as DossierProblem {
                throw Refusal.specDoesNotFit("the spec does not fit the ledger; nothing was written:\n\(problem.description)")
            }
            // Exhibit files (their sizes are what the bundle's files will show).
            var contents: [String: [UInt8]] = [:]
            for (i, exhibit) in result.document.exhibits.enumerated() {
                let bytes = try contents[exhibit.sha256] ?? snapshot.exhibitContent(sha256: exhibit.sha256)
                result.document.exhibits[i].size = bytes.count
                if bundle { contents[exhibit.sha256] = bytes }
            }
            var records = result.records
            let contentRecords = try snapshot.exhibitContentRecords(hashes: Array(contents.keys).sorted())
            records.append(contentsOf: contentRecords.values)
            records.sort { $0.entry < $1.entry }

            var files = try DossierBundle.rendered(result.document, formats: spec.formats)
            if bundle {
                files[DossierBundle.recordsPath] = try DossierBundle.recordsFile(records)
                files[DossierBundle.checkpointPath] = Data(snapshot.checkpoint.note.formatted.utf8)
                files[DossierBundle.keyPath] = Data((pinnedKey.keyString + "\n").utf8)
                let items = Dictionary(result.document.items.map { ($0.entry, $0.id) }, uniquingKeysWith: { a, _ in a })
                for record in records {
                    files[DossierBundle.proofPath(record, items: items)] = Data(try snapshot.proof(entry: record.entry).formatted.utf8)
                }
                for (hex, bytes) in contents { files["exhibits/\(hex)"] = Data(bytes) }
                files = try DossierBundle.withManifest(files)
            }

            // The leak check: no withheld value in any file written, nor in any file's name.
            var leaks: [String] = []
            for (path, data) in files.sorted(by: { $0.key < $1.key }) {
                let text = path.hasPrefix("exhibits/") ? path : path + "\n" + String(decoding: data, as: UTF8.self)
                if !Redaction.leaks(of: redacted.withheldValues, in: text).isEmpty { leaks.append(path) }
            }
            guard leaks.isEmpty else {
                throw Refusal.leak("leak check: a value the \(spec.profile) profile withholds appears in \(leaks.joined(separator: ", ")); nothing was written")
            }
            try DossierBundle.write(files, to: out)
            var zipURL: URL?
            if zip {
                let url = out.deletingLastPathComponent().appendingPathComponent(out.lastPathComponent + ".zip")
                try DossierBundle.zip(files, folder: out.lastPathComponent).write(to: url)
                zipURL = url
            }
            let d = result.document
            let gaps = d.criteria.flatMap(\.elements).filter { !$0.gaps.filter { $0.code != "contrary-evidence" }.isEmpty }.count
            var lines = ["dossier \"\(d.title)\" as of checkpoint \(state.checkpointSize) (signed \(state.checkpointSignedAt)):",
                         "  \(d.items.count) items, \(d.summary.elements) elements (\(gaps) with gaps), \(d.sources.count) sources shown, \(d.redaction.withheldSources) withheld (profile \(spec.profile))"]
            for path in ["dossier.html", "dossier.md", "dossier.json", "items.csv"] where files[path] != nil {
                lines.append("  " + out.appendingPathComponent(path).path)
            }
            lines.append(bundle ? "  bundle: \(out.path) (\(records.count) records with proofs, \(contents.count) exhibit files)"
                                : "  formats only: no records, proofs or exhibits (not verifiable)")
            if let zipURL { lines.append("  zip: \(zipURL.path)") }
            return Built(directory: out, zip: zipURL, document: d, files: files, summary: lines.joined(separator: "\n"))
        }
    }
}
