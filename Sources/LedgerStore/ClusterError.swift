/// Why the managed local PostgreSQL could not be set up, started or reached.
public struct ClusterError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable {
        private let raw: String
        public static let serverBinariesMissing = Code(raw: "serverBinariesMissing")
        public static let dataFolderNotOwned = Code(raw: "dataFolderNotOwned")
        public static let dataFolderUnusable = Code(raw: "dataFolderUnusable")
        public static let initFailed = Code(raw: "initFailed")
        public static let startFailed = Code(raw: "startFailed")
        public static let stopFailed = Code(raw: "stopFailed")
        public static let notInitialised = Code(raw: "notInitialised")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
