import Crypto
import Foundation
import Postgres

/// Takes a file into the ledger as an exhibit: hashed on intake, its bytes stored once whatever the number of
/// intakes, with the Berkeley Protocol collection record of this intake.
public struct ExhibitIntake {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// The collection record of one intake.
    public struct Collection: Sendable {
        public var collectedBy: String?
        public var collectedAt: Date?
        public var collectedFrom: String?
        public var tool: String?
        public var custodyNotes: String?

        public init(collectedBy: String? = nil, collectedAt: Date? = nil, collectedFrom: String? = nil, tool: String? = nil, custodyNotes: String? = nil) {
            self.collectedBy = collectedBy
            self.collectedAt = collectedAt
            self.collectedFrom = collectedFrom
            self.tool = tool
            self.custodyNotes = custodyNotes
        }
    }

    /// What an intake did.
    public struct Outcome: Sendable, Equatable {
        public var exhibitID: String
        public var sha256: String
        public var size: Int
        /// Exhibits recorded earlier with the same bytes (the bytes were already stored).
        public var sameBytesAs: [String]
    }

    /// Lower-case hex SHA-256 of a file, read in chunks.
    public static func sha256(ofFile path: String) throws -> (digest: [UInt8], size: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += chunk.count
        }
        return (Array(hasher.finalize()), size)
    }

    /// Records the file as exhibit `exhibitID`. The bytes are stored only when no exhibit has them yet.
    /// `fileName` is the name recorded for the file (default: the last component of `path`).
    public func add(file path: String, exhibitID: String, mediaType: String, sourceID: String?, originalID: String?,
                    collection: Collection, fileName: String? = nil, maximumSize: Int = 512 * 1024 * 1024) throws -> Outcome {
        let (digest, size) = try ExhibitIntake.sha256(ofFile: path)
        guard size <= maximumSize else {
            throw PostgresError(kind: .client, message: "\(path) is \(size) bytes; exhibits are limited to \(maximumSize) bytes", sqlState: "54000")
        }
        let hex = digest.map { String(format: "%02x", $0) }.joined()
        let fileName = fileName ?? (path as NSString).lastPathComponent
        return try connection.transaction { tx in
            let earlier = try tx.query("""
                SELECT e.external_id FROM ledger.exhibit x JOIN ledger.entity e ON e.id = x.entity_id
                WHERE x.sha256 = \(digest) ORDER BY e.external_id
                """).map { try $0.decode(String.self, at: 0) }
            let stored = try tx.scalar("SELECT count(*) FROM ledger.exhibit_content WHERE sha256 = \(digest)", as: Int.self) ?? 0
            if stored == 0 {
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
                // The database checks the hash again (exhibit_content_hash_check): what is stored is what was hashed.
                try tx.query("INSERT INTO ledger.exhibit_content (sha256, content) VALUES (\(digest), \(bytes))")
            }
            let id = try tx.scalar("INSERT INTO ledger.entity (entity_type, external_id) VALUES ('exhibit', \(exhibitID)) RETURNING id", as: UUID.self)!
            try tx.query("""
                INSERT INTO ledger.exhibit (entity_id, sha256, media_type, file_name, collected_by, collected_at, collected_from,
                    collection_tool, custody_notes, original_id, source_id)
                VALUES (\(id), \(digest), \(mediaType), \(fileName), \(collection.collectedBy), \(collection.collectedAt),
                    \(collection.collectedFrom), \(collection.tool), \(collection.custodyNotes),
                    (SELECT r.id FROM ledger.entity r WHERE r.entity_type = 'exhibit' AND r.external_id = \(originalID)),
                    (SELECT r.id FROM ledger.entity r WHERE r.entity_type = 'source' AND r.external_id = \(sourceID)))
                """)
            if let sourceID, try tx.scalar("SELECT source_id IS NULL FROM ledger.exhibit WHERE entity_id = \(id)", as: Bool.self) == true {
                throw PostgresError(kind: .client, message: "there is no source \"\(sourceID)\" (evidence-ledger source list shows the ids)", sqlState: "23503")
            }
            if let originalID, try tx.scalar("SELECT original_id IS NULL FROM ledger.exhibit WHERE entity_id = \(id)", as: Bool.self) == true {
                throw PostgresError(kind: .client, message: "there is no exhibit \"\(originalID)\" to derive from", sqlState: "23503")
            }
            return Outcome(exhibitID: exhibitID, sha256: hex, size: size, sameBytesAs: earlier)
        }
    }

    /// A media type from a file name's extension (the user can always say otherwise).
    public static func mediaType(forFile path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "pdf": return "application/pdf"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "html", "htm": return "text/html"
        case "txt": return "text/plain"
        case "json": return "application/json"
        case "mp4": return "video/mp4"
        case "webm": return "video/webm"
        case "mp3": return "audio/mpeg"
        case "wacz": return "application/wacz"
        case "warc": return "application/warc"
        case "zip": return "application/zip"
        default: return "application/octet-stream"
        }
    }
}
