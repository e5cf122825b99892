import Postgres

/// Why migrations could not be applied.
public struct MigrationError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable {
        private let raw: String
        public static let schemaDirectoryMissing = Code(raw: "schemaDirectoryMissing")
        public static let badFile = Code(raw: "badFile")
        /// A file that was applied has changed since.
        public static let editedAfterApply = Code(raw: "editedAfterApply")
        /// A file that was applied is no longer in the folder.
        public static let appliedFileMissing = Code(raw: "appliedFileMissing")
        /// The database has migrations this folder does not know (a newer version of the tool applied them).
        public static let unknownVersion = Code(raw: "unknownVersion")
        /// A migration failed; nothing of it was kept.
        public static let failed = Code(raw: "failed")
    }

    public var code: Code
    public var message: String
    public var underlying: PostgresError?

    public init(_ code: Code, _ message: String, underlying: PostgresError? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
