import Crypto
import Foundation
import LedgerModel
import Transparency

/// A dossier bundle: the rendered files, the records they rest on, one inclusion proof per record, the exhibit
/// files, the checkpoint note and the verifier key, and a manifest of every file's SHA-256. See
/// docs/dossier-bundle.md.
public enum DossierBundle {
    public static let formatName = "evidence-ledger/dossier-bundle@1"
    public static let manifestPath = "manifest.json"
    public static let recordsPath = "records.jsonl"
    public static let checkpointPath = "checkpoint.note"
    public static let keyPath = "verifier.key"
    public static let renderedPaths = ["json": "dossier.json", "markdown": "dossier.md", "html": "dossier.html", "csv": "items.csv"]

    /// The rendered files of `formats` (JSON always: it is the reference form).
    public static func rendered(_ document: DossierDocument, formats: [String]) throws -> [String: Data] {
        var files: [String: Data] = ["dossier.json": try DossierJSON.encode(document)]
        if formats.contains("markdown") { files["dossier.md"] = Data(MarkdownRenderer.render(document).utf8) }
        if formats.contains("html") { files["dossier.html"] = Data(HTMLRenderer.render(document).utf8) }
        if formats.contains("csv") { files["items.csv"] = Data(CSVRenderer.render(document).utf8) }
        return files
    }

    /// A file name for an id: characters outside A–Z, a–z, 0–9, '.', '_' and '-' are written %XX.
    public static func fileName(_ id: String) -> String {
        var out = ""
        for byte in id.utf8 {
            let c = Character(UnicodeScalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-") && !(out.isEmpty && c == ".") {
                out.append(c)
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// Where the proof of `record` lives: the item's own name for the version of an item the dossier shows,
    /// otherwise by entry.
    public static func proofPath(_ record: LedgerRecord, items: [UInt64: String]) -> String {
        if record.table == "item_version", let id = items[record.entry] { return "proofs/\(fileName(id)).tlog-proof" }
        return "proofs/entries/\(record.entry).tlog-proof"
    }

    public static func recordsFile(_ records: [LedgerRecord]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for record in records.sorted(by: { $0.entry < $1.entry }) {
            data.append(try encoder.encode(record))
            data.append(0x0A)
        }
        return data
    }

    public static func parseRecords(_ data: Data) throws -> [LedgerRecord] {
        let decoder = JSONDecoder()
        var records: [LedgerRecord] = []
        for (n, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            do {
                records.append(try decoder.decode(LedgerRecord.self, from: Data(line)))
            } catch {
                throw DossierProblem("\(recordsPath):\(n + 1): not a record: \(error)")
            }
        }
        return records
    }

    public struct ManifestEntry: Codable, Sendable, Equatable {
        public var path: String
        public var sha256: String
        public var size: Int
    }

    public struct Manifest: Codable, Sendable, Equatable {
        public var format: String
        public var files: [ManifestEntry]
    }

    public static func hex(_ data: some DataProtocol) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Adds the manifest to `files`.
    public static func withManifest(_ files: [String: Data]) throws -> [String: Data] {
        let manifest = Manifest(format: formatName, files: files.keys.sorted().map {
            ManifestEntry(path: $0, sha256: hex(files[$0]!), size: files[$0]!.count)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(manifest)
        data.append(0x0A)
        var all = files
        all[manifestPath] = data
        return all
    }

    /// Writes the files into a new folder `directory`, all or nothing: they are written into a sibling temporary
    /// folder that is renamed into place at the end. An existing non-empty folder is refused.
    public static func write(_ files: [String: Data], to directory: URL) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: directory.path) {
            let contents = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? ["?"]
            guard contents.isEmpty else { throw DossierProblem("\(directory.path) exists and is not empty: name a new folder") }
            try fm.removeItem(at: directory)
        }
        let temporary = directory.deletingLastPathComponent().appendingPathComponent(".\(directory.lastPathComponent).partial-\(getpid())")
        try? fm.removeItem(at: temporary)
        do {
            for path in files.keys.sorted() {
                let url = temporary.appendingPathComponent(path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try files[path]!.write(to: url)
            }
            try fm.moveItem(at: temporary, to: directory)
        } catch {
            try? fm.removeItem(at: temporary)
            throw error
        }
    }

    /// Reads every file under a bundle folder, by relative path.
    public static func read(directory: URL) throws -> [String: Data] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DossierProblem("\(directory.path): no such folder")
        }
        var files: [String: Data] = [:]
        let base = directory.standardizedFileURL.path
        guard let walker = fm.enumerator(atPath: base) else { return files }
        while let relative = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            let full = base + "/" + relative
            fm.fileExists(atPath: full, isDirectory: &isDir)
            if !isDir.boolValue { files[relative] = try Data(contentsOf: URL(fileURLWithPath: full)) }
        }
        return files
    }

    // MARK: - Zip (stored entries, fixed times: the same files give the same bytes)

    public static func zip(_ files: [String: Data], folder: String) -> Data {
        var out = Data(), central = Data()
        var count: UInt16 = 0
        func le16(_ v: UInt16, _ d: inout Data) { d.append(UInt8(v & 0xFF)); d.append(UInt8(v >> 8)) }
        func le32(_ v: UInt32, _ d: inout Data) { for s in [0, 8, 16, 24] { d.append(UInt8((v >> UInt32(s)) & 0xFF)) } }
        for path in files.keys.sorted() {
            let data = files[path]!
            let name = Data((folder + "/" + path).utf8)
            let crc = crc32(data)
            let offset = UInt32(out.count)
            le32(0x04034b50, &out); le16(20, &out); le16(0x0800, &out); le16(0, &out); le16(0, &out); le16(0x21, &out)
            le32(crc, &out); le32(UInt32(data.count), &out); le32(UInt32(data.count), &out)
            le16(UInt16(name.count), &out); le16(0, &out); out.append(name); out.append(data)
            le32(0x02014b50, &central); le16(20, &central); le16(20, &central); le16(0x0800, &central); le16(0, &central)
            le16(0, &central); le16(0x21, &central); le32(crc, &central); le32(UInt32(data.count), &central)
            le32(UInt32(data.count), &central); le16(UInt16(name.count), &central); le16(0, &central); le16(0, &central)
            le16(0, &central); le16(0, &central); le32(0, &central); le32(offset, &central); central.append(name)
            count += 1
        }
        let centralOffset = UInt32(out.count)
        out.append(central)
        le32(0x06054b50, &out); le16(0, &out); le16(0, &out); le16(count, &out); le16(count, &out)
        le32(UInt32(central.count), &out); le32(centralOffset, &out); le16(0, &out)
        return out
    }

    /// Reads a zip of stored entries (as `zip` writes them), by path below the top folder.
    public static func unzip(_ data: Data) throws -> [String: Data] {
        let bytes = [UInt8](data)
        func le16(_ at: Int) throws -> Int {
            guard at + 2 <= bytes.count else { throw DossierProblem("the zip file is truncated") }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8
        }
        func le32(_ at: Int) throws -> Int {
            let low = try le16(at), high = try le16(at + 2)
            return low | high << 16
        }
        guard bytes.count >= 22 else { throw DossierProblem("not a zip file: too short") }
        var end = bytes.count - 22
        while end >= 0, try le32(end) != 0x06054b50 { end -= 1 }
        guard end >= 0 else { throw DossierProblem("not a zip file: no end of central directory") }
        let count = try le16(end + 10)
        var at = try le32(end + 16)
        var files: [String: Data] = [:]
        for _ in 0..<count {
            guard try le32(at) == 0x02014b50 else { throw DossierProblem("the zip's central directory is damaged") }
            let method = try le16(at + 10), size = try le32(at + 20), nameLength = try le16(at + 28)
            let extra = try le16(at + 30), comment = try le16(at + 32), local = try le32(at + 42)
            guard at + 46 + nameLength <= bytes.count else { throw DossierProblem("the zip file is truncated") }
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            guard method == 0 else { throw DossierProblem("\(name): compressed zip entries are not read; bundles are stored uncompressed") }
            let localName = try le16(local + 26), localExtra = try le16(local + 28)
            let start = local + 30 + localName + localExtra
            guard start + size <= bytes.count else { throw DossierProblem("\(name): the zip file is truncated") }
            let path = name.split(separator: "/", maxSplits: 1).dropFirst().first.map(String.init) ?? name
            guard !path.split(separator: "/").contains(where: { $0 == ".." }) else { throw DossierProblem("\(name): a path leaving the bundle") }
            if !name.hasSuffix("/") { files[path] = Data(bytes[start..<(start + size)]) }
            at += 46 + nameLength + extra + comment
        }
        return files
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFFFFFF
        for byte in data { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFFFFFF
    }
}
