import Foundation
import LedgerStore
import LedgerTestSupport
import LedgerWeb
import Logging
import Postgres
import ServiceLifecycle

/// The real web server on 127.0.0.1 and a free port, over a database of its own, for one test.
struct RunningServer {
    let conninfo: String
    let port: Int

    /// A new migrated database, filled by `prepare` (as the superuser), and the server over it for `body`.
    static func with<T: Sendable>(
        configure: (inout WebServer.Configuration) -> Void = { _ in },
        prepare: @escaping (Connection) throws -> Void = { _ in },
        _ body: (RunningServer) async throws -> T
    ) async throws -> T {
        // Making and filling the database blocks for seconds: it runs on a dispatch thread, not on one of the few
        // threads of the concurrency pool, which the servers of tests running meanwhile need to answer.
        let work = Unchecked {
            let conninfo = try TestCluster.shared.makeMigratedDatabase(prefix: "web")
            let admin = try Connection.connect(conninfo)
            defer { admin.close() }
            try prepare(admin)
            return conninfo
        }
        let conninfo: String = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work.body() }) }
        }
        var configuration = WebServer.Configuration(listen: ListenAddress(host: "127.0.0.1", port: 0))
        configure(&configuration)
        let server = WebServer(configuration: configuration, target: try DatabaseTarget(conninfo: conninfo))
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "evidence-ledger.web.test")
        logger.logLevel = .warning
        let application = server.application(logger: logger) { port in portContinuation.yield(port) }
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        // Dossiers built through the server are removed with it.
        defer { try? FileManager.default.removeItem(at: configuration.dossierOutput) }
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw HTTPTestClient.Failure(description: "the server did not start") }
            do {
                let value = try await body(RunningServer(conninfo: conninfo, port: port))
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return value
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }

    /// A closure carried to a dispatch thread and run there while its caller waits.
    private struct Unchecked<T>: @unchecked Sendable {
        let body: () throws -> T
        init(_ body: @escaping () throws -> T) { self.body = body }
    }

    func client() -> HTTPTestClient { HTTPTestClient(port: port) }

    /// A superuser connection to the server's database, to look at what a request wrote.
    func admin() throws -> Connection { try Connection.connect(conninfo) }
}
