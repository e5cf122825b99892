import CLibPQ

/// Whether a server answers, without authenticating (libpq's `PQping`).
public enum PostgresPing: Sendable, Equatable {
    /// The server accepts connections.
    case ok
    /// The server is up but refuses connections (starting, stopping, or in recovery).
    case rejecting
    /// Nothing answered.
    case noResponse
    /// The connection string is malformed.
    case invalidParameters

    public static func ping(_ conninfo: String) -> PostgresPing {
        switch PQping(conninfo) {
        case PQPING_OK: return .ok
        case PQPING_REJECT: return .rejecting
        case PQPING_NO_ATTEMPT: return .invalidParameters
        default: return .noResponse
        }
    }
}
