import Foundation
import Postgres
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The managed local PostgreSQL: a private cluster in a folder of its own, reachable only through a Unix socket
/// in its data folder (no TCP port), started on demand.
///
/// Layout of the base folder: `postgres/` is the data folder (PGDATA, also the socket folder), `cluster.lock`
/// serialises set-up and start between processes. The server log is `postgres/server.log`.
public struct LocalCluster: Sendable {
    /// The folder that holds everything.
    public let baseDirectory: String
    /// Extra `postgresql.conf` settings written at initialisation (tests turn fsync off).
    public var extraSettings: [String: String] = [:]
    /// Lines put before the default `pg_hba.conf` rules at initialisation (tests add password-checked roles).
    public var extraHBARules: [String] = []
    /// The database the ledger lives in.
    public var databaseName = "evidence_ledger"
    /// The superuser initdb creates.
    public let superuser = "postgres"
    /// The socket's port number (it only names the socket file: no TCP port is opened).
    public let port = 5432

    public init(baseDirectory: String) {
        self.baseDirectory = (baseDirectory as NSString).standardizingPath
    }

    /// The default base folder: `$EVIDENCE_LEDGER_DATA_DIR`, else `/var/lib/evidence-ledger` for root (the
    /// server's account must be able to reach it, and root's home is closed to it), else
    /// `$XDG_DATA_HOME/evidence-ledger` (`~/.local/share/evidence-ledger`).
    public static func defaultBaseDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["EVIDENCE_LEDGER_DATA_DIR"], !explicit.isEmpty { return explicit }
        if ServerAccount.isRoot { return "/var/lib/evidence-ledger" }
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/evidence-ledger" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/evidence-ledger"
    }

    public var dataDirectory: String { baseDirectory + "/postgres" }
    public var socketDirectory: String { dataDirectory }
    public var logFile: String { dataDirectory + "/server.log" }
    var lockFile: String { baseDirectory + "/cluster.lock" }

    /// A libpq connection string for `database` (default: the ledger's).
    public func conninfo(database: String? = nil) -> String {
        ConnectionString.make([
            "host": socketDirectory,
            "port": String(port),
            "user": superuser,
            "dbname": database ?? databaseName,
        ])
    }

    /// The same as a URL, for `db url` and psql.
    public func url(database: String? = nil) -> String {
        let db = database ?? databaseName
        let host = socketDirectory.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))) ?? socketDirectory
        return "postgresql:///\(db)?host=\(host)&port=\(port)&user=\(superuser)"
    }

    // MARK: - State

    public enum State: Equatable, Sendable {
        case notInitialised
        case stopped(stalePidFile: Bool)
        case running(pid: Int32)
    }

    public var isInitialised: Bool {
        FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION")
    }

    /// Whether the cluster exists and whether its server is running (a live postmaster answering on the socket).
    public func state() -> State {
        guard isInitialised else { return .notInitialised }
        let pid = postmasterPID()
        if let pid, processExists(pid), serverAnswers() { return .running(pid: pid) }
        return .stopped(stalePidFile: pid != nil)
    }

    func postmasterPID() -> Int32? {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8),
              let first = text.split(separator: "\n").first else { return nil }
        return Int32(first.trimmingCharacters(in: .whitespaces))
    }

    func processExists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    func serverAnswers() -> Bool {
        PostgresPing.ping(conninfo(database: "postgres")) == .ok
    }

    // MARK: - Set-up

    /// The account the server runs (or will run) as.
    public func serverAccount(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ServerAccount {
        guard ServerAccount.isRoot else { return ServerAccount.current() }
        if let owner = ownerUID(of: dataDirectory), owner != 0 {
            guard let account = ServerAccount.withUID(owner) else {
                throw ClusterError(.dataFolderNotOwned, "data folder \(dataDirectory) belongs to uid \(owner), which has no account on this system")
            }
            return account
        }
        let name = environment["EVIDENCE_LEDGER_SERVER_USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "postgres"
        guard let account = ServerAccount.named(name), account.uid != 0 else {
            throw ClusterError(.serverBinariesMissing, """
                running as root, the server needs an unprivileged account to run as, and '\(name)' does not exist.
                Install the server package (`apt-get install postgresql` creates 'postgres'), or set \
                EVIDENCE_LEDGER_SERVER_USER to an existing unprivileged account.
                """)
        }
        return account
    }

    func ownerUID(of path: String) -> uid_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_uid
    }

    /// Checks that the folders can be used by the server's account, before anything is written.
    func checkOwnership(account: ServerAccount) throws {
        if let owner = ownerUID(of: dataDirectory), owner != account.uid {
            let ownerName = ServerAccount.userName(of: owner) ?? "uid \(owner)"
            if owner == 0 {
                throw ClusterError(.dataFolderNotOwned, """
                    data folder \(dataDirectory) belongs to root, and PostgreSQL refuses to run as root.
                    Give it to the server's account (`chown -R \(account.name) \(dataDirectory)`) or name another folder with --data-dir.
                    """)
            }
            throw ClusterError(.dataFolderNotOwned, """
                data folder \(dataDirectory) belongs to \(ownerName), not to \(account.name).
                Run as \(ownerName), or name a folder of your own with --data-dir (or EVIDENCE_LEDGER_DATA_DIR).
                """)
        }
        if !ServerAccount.isRoot, let owner = ownerUID(of: baseDirectory), owner != account.uid {
            let ownerName = ServerAccount.userName(of: owner) ?? "uid \(owner)"
            throw ClusterError(.dataFolderNotOwned, """
                folder \(baseDirectory) belongs to \(ownerName), not to \(account.name).
                Run as \(ownerName), or name a folder of your own with --data-dir (or EVIDENCE_LEDGER_DATA_DIR).
                """)
        }
        let socketPath = socketDirectory + "/.s.PGSQL.\(port)"
        if socketPath.utf8.count > 103 {
            throw ClusterError(.dataFolderUnusable, """
                the path \(socketPath) is too long for a Unix socket (\(socketPath.utf8.count) bytes; at most 103).
                Name a shorter folder with --data-dir.
                """)
        }
    }

    /// Initialises the cluster if it does not exist yet, starts the server if it is not running, and creates the
    /// ledger database if it is missing. Safe to call from several processes at once.
    ///
    /// - Returns: the connection string of the ledger database.
    @discardableResult
    public func ensureRunning(progress: (String) -> Void = { _ in }) throws -> String {
        let binaries = try PostgresBinaries.locate()
        let account = try serverAccount()
        try checkOwnership(account: account)
        try createBaseDirectory(account: account)
        try withLock {
            if !isInitialised { try initialise(binaries: binaries, account: account, progress: progress) }
            if case .running = state() { return }
            try start(binaries: binaries, account: account, progress: progress)
        }
        try createDatabaseIfMissing()
        return conninfo()
    }

    func createBaseDirectory(account: ServerAccount) throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: baseDirectory, withIntermediateDirectories: true)
        } catch {
            throw ClusterError(.dataFolderUnusable, "cannot create folder \(baseDirectory): \(error.localizedDescription)")
        }
        // As root, the server's account must be able to pass through the base folder (not list it).
        let mode: mode_t = ServerAccount.isRoot ? 0o711 : 0o700
        if chmod(baseDirectory, mode) != 0 {
            throw ClusterError(.dataFolderUnusable, "cannot set permissions on \(baseDirectory): \(String(cString: strerror(errno)))")
        }
        if account.needsSwitch {
            // Every folder above must be passable by the server's account.
            var path = (baseDirectory as NSString).deletingLastPathComponent
            while path != "/" && !path.isEmpty {
                var info = stat()
                if stat(path, &info) == 0, info.st_mode & 0o001 == 0 {
                    throw ClusterError(.dataFolderUnusable, """
                        the server runs as \(account.name), which cannot pass through \(path) (mode \(String(info.st_mode & 0o777, radix: 8))).
                        Name a data folder outside it with --data-dir, e.g. under /var/lib.
                        """)
                }
                path = (path as NSString).deletingLastPathComponent
            }
        }
    }

    func initialise(binaries: PostgresBinaries, account: ServerAccount, progress: (String) -> Void) throws {
        progress("initialising a private PostgreSQL cluster in \(dataDirectory)")
        let fm = FileManager.default
        if !fm.fileExists(atPath: dataDirectory) {
            try fm.createDirectory(atPath: dataDirectory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        }
        if account.needsSwitch, chown(dataDirectory, account.uid, account.gid) != 0 {
            throw ClusterError(.initFailed, "cannot give \(dataDirectory) to \(account.name): \(String(cString: strerror(errno)))")
        }
        let outcome = try ExternalCommand(executable: binaries.initdb, arguments: [
            "--pgdata=\(dataDirectory)", "--username=\(superuser)", "--encoding=UTF8", "--no-locale",
            "--auth-local=trust", "--auth-host=reject",
        ], account: account).run()
        guard outcome.status == 0 else {
            throw ClusterError(.initFailed, "initdb failed (exit \(outcome.status)):\n\(outcome.output)")
        }
        if !extraHBARules.isEmpty {
            let hba = dataDirectory + "/pg_hba.conf"
            let existing = (try? String(contentsOfFile: hba, encoding: .utf8)) ?? ""
            let text = "# Written by evidence-ledger before the defaults\n" + extraHBARules.joined(separator: "\n") + "\n" + existing
            guard FileManager.default.createFile(atPath: hba, contents: Data(text.utf8)), chmod(hba, 0o600) == 0 else {
                throw ClusterError(.initFailed, "cannot write \(hba)")
            }
            if account.needsSwitch { _ = chown(hba, account.uid, account.gid) }
        }
        var settings = [
            "listen_addresses": "''",
            "unix_socket_directories": "'\(socketDirectory.replacingOccurrences(of: "'", with: "''"))'",
            "unix_socket_permissions": "0700",
            "port": String(port),
            "timezone": "'UTC'",
            "log_timezone": "'UTC'",
        ]
        for (key, value) in extraSettings { settings[key] = value }
        var text = "\n# Written by evidence-ledger for its managed local cluster: Unix socket only, no TCP port.\n"
        for key in settings.keys.sorted() { text += "\(key) = \(settings[key]!)\n" }
        let conf = dataDirectory + "/postgresql.conf"
        guard let handle = FileHandle(forWritingAtPath: conf) else {
            throw ClusterError(.initFailed, "cannot write \(conf)")
        }
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        handle.closeFile()
    }

    func start(binaries: PostgresBinaries, account: ServerAccount, progress: (String) -> Void) throws {
        if case .stopped(let stale) = state(), stale {
            progress("found a pid file with no live server (after a crash): starting afresh")
        }
        progress("starting PostgreSQL (socket in \(socketDirectory))")
        // After a crash (kill -9), the old server's children may take a moment to notice and exit, and until they
        // do the server refuses to start over their shared memory: retry for a while.
        var lastOutput = ""
        for attempt in 0..<20 {
            let outcome = try ExternalCommand(executable: binaries.pgCtl, arguments: [
                "--pgdata=\(dataDirectory)", "--log=\(logFile)", "--wait", "--timeout=60", "start",
            ], account: account).run()
            if outcome.status == 0, serverAnswers() { return }
            lastOutput = outcome.output
            if case .running = state() { return }
            Thread.sleep(forTimeInterval: min(0.25 * Double(attempt + 1), 2))
        }
        let logTail = (try? String(contentsOfFile: logFile, encoding: .utf8))?.split(separator: "\n").suffix(10).joined(separator: "\n") ?? ""
        throw ClusterError(.startFailed, "the server did not start:\n\(lastOutput)\(logTail.isEmpty ? "" : "\nlast lines of \(logFile):\n\(logTail)")")
    }

    /// Starts the server (initialising first if needed).
    public func start(progress: (String) -> Void = { _ in }) throws {
        try ensureRunning(progress: progress)
    }

    /// Stops the server if it is running (fast shutdown: sessions are ended, transactions rolled back).
    /// - Returns: false when it was not running.
    @discardableResult
    public func stop() throws -> Bool {
        guard isInitialised else { return false }
        guard case .running = state() else { return false }
        let binaries = try PostgresBinaries.locate()
        let account = try serverAccount()
        let outcome = try ExternalCommand(executable: binaries.pgCtl, arguments: [
            "--pgdata=\(dataDirectory)", "--mode=fast", "--wait", "--timeout=60", "stop",
        ], account: account).run()
        guard outcome.status == 0 else {
            throw ClusterError(.stopFailed, "pg_ctl stop failed (exit \(outcome.status)):\n\(outcome.output)")
        }
        return true
    }

    func createDatabaseIfMissing() throws {
        let connection = try Connection.connect(conninfo(database: "postgres"))
        defer { connection.close() }
        let exists = try connection.scalar("SELECT count(*) FROM pg_database WHERE datname = \(databaseName)", as: Int.self) ?? 0
        guard exists == 0 else { return }
        do {
            try connection.query("CREATE DATABASE \(identifier: databaseName)")
        } catch let error as PostgresError where error.sqlState == SQLState.duplicateDatabase || error.isUniqueViolation {
            // Another process created it meanwhile.
        }
    }

    /// Runs `body` holding an exclusive lock on `cluster.lock`, so concurrent processes set up and start the
    /// cluster once.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        let fd = open(lockFile, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ClusterError(.dataFolderUnusable, "cannot open \(lockFile): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw ClusterError(.dataFolderUnusable, "cannot lock \(lockFile): \(String(cString: strerror(errno)))") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
