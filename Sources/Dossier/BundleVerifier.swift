import Crypto
import Foundation
import LedgerModel
import Transparency

/// Checks a dossier bundle offline, against a pinned verifier key, with neither the database nor the network:
/// the manifest, the checkpoint's signature, every record's inclusion proof and payload digest, every exhibit file
/// against the digest its entry commits to, and finally that the dossier and its renderings are exactly what the
/// proven records give.
public struct BundleVerifier {
    public let pinnedKey: NoteVerifier

    public init(pinnedKey: NoteVerifier) {
        self.pinnedKey = pinnedKey
    }

    public struct Report: Sendable {
        public var problems: [String] = []
        public var records = 0
        public var proven = 0
        public var withheld = 0
        public var exhibits = 0
        public var items = 0
        public var checkpointSize: UInt64 = 0
        public var holds: Bool { problems.isEmpty }
    }

    /// Verifies the files of a bundle (by path). Stops at the first problem of each stage; a later stage runs only
    /// when the earlier ones held, since it relies on them.
    public func verify(_ files: [String: Data]) -> Report {
        var report = Report()
        func fail(_ problem: String) -> Report { report.problems.append(problem); return report }

        // 1. The manifest covers exactly the files present, each with its hash.
        guard let manifestData = files[DossierBundle.manifestPath] else { return fail("\(DossierBundle.manifestPath): missing") }
        guard let manifest = try? JSONDecoder().decode(DossierBundle.Manifest.self, from: manifestData),
              manifest.format == DossierBundle.formatName else {
            return fail("\(DossierBundle.manifestPath): not a \(DossierBundle.formatName) manifest")
        }
        var listed: Set<String> = []
        for entry in manifest.files {
            listed.insert(entry.path)
            guard let data = files[entry.path] else { return fail("\(entry.path): listed in the manifest but missing from the bundle") }
            if DossierBundle.hex(data) != entry.sha256 || data.count != entry.size {
                return fail("\(entry.path): its SHA-256 is \(DossierBundle.hex(data)), the manifest says \(entry.sha256)")
            }
        }
        for path in files.keys.sorted() where path != DossierBundle.manifestPath && !listed.contains(path) {
            return fail("\(path): in the bundle but not in the manifest")
        }

        // 2. The key and the checkpoint.
        if let key = files[DossierBundle.keyPath], String(decoding: key, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) != pinnedKey.keyString {
            return fail("\(DossierBundle.keyPath): the bundle names the key \(String(decoding: key, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)), not the pinned key \(pinnedKey.keyString)")
        }
        guard let noteData = files[DossierBundle.checkpointPath] else { return fail("\(DossierBundle.checkpointPath): missing") }
        let noteText = String(decoding: noteData, as: UTF8.self)
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint(verifying: try SignedNote(parsing: noteText), pinnedKey: pinnedKey, expectedOrigin: pinnedKey.name)
        } catch {
            return fail("\(DossierBundle.checkpointPath): \(error)")
        }
        report.checkpointSize = checkpoint.size
        guard let json = files["dossier.json"] else { return fail("dossier.json: missing") }
        let document: DossierDocument
        do { document = try DossierJSON.decode(json) } catch { return fail("dossier.json: not a dossier: \(error)") }
        let state = document.builtFrom
        if state.origin != checkpoint.origin || state.checkpointSize != checkpoint.size
            || state.checkpointRoot != Data(checkpoint.root).base64EncodedString() || state.verifierKey != pinnedKey.keyString {
            return fail("dossier.json: built_from does not name the signed checkpoint (\(checkpoint.origin), size \(checkpoint.size)) and the pinned key")
        }

        // 3. Every record: its proof, its leaf, its payload; exhibit files against their entries.
        guard let recordData = files[DossierBundle.recordsPath] else { return fail("\(DossierBundle.recordsPath): missing") }
        let records: [LedgerRecord]
        do { records = try DossierBundle.parseRecords(recordData) } catch { return fail("\(error)") }
        report.records = records.count
        let itemsByEntry = Dictionary(document.items.map { ($0.entry, $0.id) }, uniquingKeysWith: { a, _ in a })
        var expectedProofs: Set<String> = []
        var provenExhibits: Set<String> = []
        var seenEntries: Set<UInt64> = []
        for record in records {
            guard seenEntries.insert(record.entry).inserted else { return fail("\(DossierBundle.recordsPath): entry \(record.entry) appears twice") }
            let path = DossierBundle.proofPath(record, items: itemsByEntry)
            expectedProofs.insert(path)
            guard let proofData = files[path] else { return fail("\(path): missing (the proof of entry \(record.entry), \(record.table) \(record.key))") }
            let leaf: LogLeaf
            do {
                let proof = try TlogProof(parsing: String(decoding: proofData, as: UTF8.self))
                guard proof.checkpoint.formatted == noteText else { return fail("\(path): proves against another checkpoint than \(DossierBundle.checkpointPath)") }
                guard proof.index == record.entry else { return fail("\(path): proves entry \(proof.index), not \(record.entry)") }
                guard let extra = proof.extra else { return fail("\(path): carries no leaf") }
                _ = try proof.verify(leafHash: MerkleTree.leafHash(extra), pinnedKey: pinnedKey, expectedOrigin: pinnedKey.name)
                leaf = try LogLeaf(parsing: extra)
            } catch {
                return fail("\(path): \(error)")
            }
            guard leaf.origin == checkpoint.origin, leaf.index == record.entry else {
                return fail("\(path): the leaf is entry \(leaf.index) of \(leaf.origin), not entry \(record.entry) of \(checkpoint.origin)")
            }
            guard leaf.table == record.table, leaf.rowKey == record.key else {
                return fail("\(DossierBundle.recordsPath): entry \(record.entry) is \(record.table) \(record.key) there, but the log's entry is \(leaf.table) \(leaf.rowKey)")
            }
            report.proven += 1
            if record.table == "exhibit_content" {
                let hex = leaf.exhibitSHA256.map { String(format: "%02x", $0) }.joined()
                guard let file = files["exhibits/\(hex)"] else { return fail("exhibits/\(hex): missing (entry \(record.entry))") }
                if DossierBundle.hex(file) != hex {
                    return fail("exhibits/\(hex): the file's SHA-256 is \(DossierBundle.hex(file)), not the \(hex) that entry \(record.entry) commits to")
                }
                provenExhibits.insert(hex)
                report.exhibits += 1
            } else if let payload = record.payload {
                let digest = Array(SHA256.hash(data: Data(payload.utf8)))
                if digest != leaf.payloadSHA256 {
                    return fail("\(DossierBundle.recordsPath): the payload of entry \(record.entry) (\(record.table) \(record.key)) is not what the log committed to")
                }
            } else {
                report.withheld += 1
            }
        }
        for path in files.keys.sorted() where path.hasPrefix("proofs/") && !expectedProofs.contains(path) {
            return fail("\(path): a proof of no record in \(DossierBundle.recordsPath)")
        }
        for path in files.keys.sorted() where path.hasPrefix("exhibits/") && !provenExhibits.contains(String(path.dropFirst("exhibits/".count))) {
            return fail("\(path): an exhibit file that no proven entry commits to")
        }

        // 4. The dossier is what the proven records give, and so is every rendering.
        var sizes: [String: Int] = [:]
        for (path, data) in files where path.hasPrefix("exhibits/") { sizes[String(path.dropFirst("exhibits/".count))] = data.count }
        let rebuilt: DossierDocument
        do {
            rebuilt = try DossierBuilder(spec: DossierSpec(document: document), ledger: state,
                                         includeProtected: document.redaction.includeProtected, exhibitSizes: sizes).build(records: records).document
        } catch {
            return fail("dossier.json: its scope cannot be rebuilt from the records: \(error)")
        }
        report.items = rebuilt.items.count
        if rebuilt != document {
            return fail("dossier.json: " + BundleVerifier.difference(document, rebuilt))
        }
        for shown in document.exhibits where files["exhibits/\(shown.sha256)"] == nil {
            return fail("exhibits/\(shown.sha256): missing (exhibit \(shown.id))")
        }
        do {
            let expected = try DossierBundle.rendered(rebuilt, formats: DossierSpec.allFormats)
            for (path, data) in expected.sorted(by: { $0.key < $1.key }) {
                if let present = files[path], present != data {
                    return fail("\(path): differs from the rendering of the proven records")
                }
            }
        } catch {
            return fail("rendering: \(error)")
        }
        return report
    }

    /// Where two documents first differ, in words: the item, section or member.
    static func difference(_ shown: DossierDocument, _ proven: DossierDocument) -> String {
        let provenItems = Dictionary(proven.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for item in shown.items {
            guard let truth = provenItems[item.id] else { return "item \(item.id) is not in the proven records" }
            if item != truth {
                let mirrorA = Mirror(reflecting: item), mirrorB = Mirror(reflecting: truth)
                for (a, b) in zip(mirrorA.children, mirrorB.children) where "\(a.value)" != "\(b.value)" {
                    return "item \(item.id): \(a.label ?? "a member") differs from the ledger record (entry \(truth.entry))"
                }
                return "item \(item.id) differs from the ledger record (entry \(truth.entry))"
            }
        }
        if shown.items.count != proven.items.count { return "the proven records give \(proven.items.count) items, the dossier shows \(shown.items.count)" }
        let a = Mirror(reflecting: shown), b = Mirror(reflecting: proven)
        for (x, y) in zip(a.children, b.children) where "\(x.value)" != "\(y.value)" {
            return "\(x.label ?? "a section") differs from what the proven records give"
        }
        return "differs from what the proven records give"
    }
}
