/// A signed-in session as a request sees it.
struct SignedIn: Sendable {
    /// The session's database connection.
    let session: LedgerSession
    let identity: SessionIdentity
    /// The token every form of this session carries (CSRF).
    let formToken: String
}

/// The sessions of the server, by the SHA-256 of their cookie's token. A session unused for `idleTimeout` is
/// closed and forgotten.
actor SessionStore {
    private struct Entry {
        var signedIn: SignedIn
        var lastUsed: ContinuousClock.Instant
    }

    let idleTimeout: Duration
    private var entries: [String: Entry] = [:]
    private let clock = ContinuousClock()

    init(idleTimeout: Duration) {
        self.idleTimeout = idleTimeout
    }

    /// Keeps a new session; returns the token for its cookie (32 random bytes).
    func add(session: LedgerSession, identity: SessionIdentity) -> String {
        let token = SecureToken.make()
        entries[SecureToken.digest(token)] = Entry(
            signedIn: SignedIn(session: session, identity: identity, formToken: SecureToken.make()), lastUsed: clock.now)
        return token
    }

    /// The session of a cookie's token, when it exists and has not been idle too long; using it restarts its idle
    /// time. An expired session is closed and forgotten.
    func find(token: String) async -> SignedIn? {
        let key = SecureToken.digest(token)
        guard var entry = entries[key] else { return nil }
        let now = clock.now
        guard now - entry.lastUsed < idleTimeout else {
            entries[key] = nil
            await entry.signedIn.session.close()
            return nil
        }
        entry.lastUsed = now
        entries[key] = entry
        return entry.signedIn
    }

    /// Forgets a session and closes its connection (sign-out, a lost connection).
    func remove(token: String) async {
        guard let entry = entries.removeValue(forKey: SecureToken.digest(token)) else { return }
        await entry.signedIn.session.close()
    }

    /// Closes and forgets every session idle for too long.
    func sweep() async {
        let now = clock.now
        let expired = entries.filter { now - $0.value.lastUsed >= idleTimeout }
        for (key, entry) in expired {
            entries[key] = nil
            await entry.signedIn.session.close()
        }
    }

    /// Closes and forgets every session (server shutdown).
    func removeAll() async {
        let all = entries.values
        entries = [:]
        for entry in all { await entry.signedIn.session.close() }
    }

    var count: Int { entries.count }
}
