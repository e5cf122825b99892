import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Transparency

/// `evidence-ledger serve`: the ledger as server-rendered web pages, for people who sign in with their own
/// PostgreSQL role. The server holds no authority of its own: every page runs its statements on the connection
/// its user opened with their own password, so the database's privileges and row-level security decide what each
/// user may read and write.
public struct WebServer: Sendable {
    /// How the server listens and behaves.
    public struct Configuration: Sendable {
        /// The address to listen on; port 0 takes any free one (tests).
        public var listen: ListenAddress
        /// A session unused this long is closed and must sign in again.
        public var idleTimeout: Duration = .seconds(30 * 60)
        /// Failed sign-ins allowed per user name and per client address within `signInWindow`.
        public var signInLimit = 5
        public var signInWindow: Duration = .seconds(300)
        /// The largest exhibit file an upload may carry; a larger upload is refused (413) and nothing is stored.
        public var maxUploadBytes = 64 << 20
        /// The verifier key dossiers' checkpoints are checked against; without it no dossier is built here.
        public var verifierKey: NoteVerifier?
        /// A folder of dossier specs (YAML) offered as starting points.
        public var dossierSpecs: String?
        /// Where built dossiers are kept while the server runs (a private folder is made in it).
        public var dossierOutput = FileManager.default.temporaryDirectory.appendingPathComponent("evidence-ledger-dossiers-" + SecureToken.make())

        public init(listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8080)) {
            self.listen = listen
        }
    }

    public let configuration: Configuration
    let target: DatabaseTarget
    let sessions: SessionStore
    let limits: SignInLimits
    let dossierBuilds: DossierBuilds
    let lastVerification = LastVerification()

    public init(configuration: Configuration, target: DatabaseTarget) {
        self.configuration = configuration
        self.target = target
        sessions = SessionStore(idleTimeout: configuration.idleTimeout)
        dossierBuilds = DossierBuilds(root: configuration.dossierOutput)
        limits = SignInLimits(SignInLimiter(limit: configuration.signInLimit, window: configuration.signInWindow))
    }

    /// Cookies carry `Secure` unless the server listens on loopback only. Off loopback the server must stand behind
    /// a TLS-terminating proxy, and `Secure` keeps the session cookie from ever crossing the network in clear; on
    /// loopback the browser talks plain HTTP to this machine, and a `Secure` cookie could be refused there.
    var secureCookies: Bool { !configuration.listen.isLoopback }

    /// The application: the router with every page, and a service that closes idle sessions.
    /// `onListening` is called with the port once the server accepts connections.
    public func application(logger: Logger = Logger(label: "evidence-ledger.web"),
                            onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            configuration: ApplicationConfiguration(address: .hostname(configuration.listen.host, port: configuration.listen.port), serverName: nil),
            services: [SessionSweeper(sessions: sessions, interval: min(.seconds(60), configuration.idleTimeout / 2))],
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.listen.port) },
            logger: logger
        )
    }

    /// Runs until SIGINT or SIGTERM, then closes every session's connection.
    public func run(logger: Logger = Logger(label: "evidence-ledger.web"), onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        defer { Task { await dossierBuilds.removeAll() } }
        try await application(logger: logger, onListening: onListening).runService()
        await dossierBuilds.removeAll()
    }
}
