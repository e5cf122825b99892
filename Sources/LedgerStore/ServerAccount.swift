import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The operating-system account the managed PostgreSQL server runs as.
///
/// PostgreSQL refuses to run as root, so when this process is root the server runs as an unprivileged system
/// account: the owner of an existing data folder, or `EVIDENCE_LEDGER_SERVER_USER`, or `postgres` (created by
/// Debian's postgresql package). Otherwise it runs as the current user.
public struct ServerAccount: Sendable, Equatable {
    public var name: String
    public var uid: uid_t
    public var gid: gid_t
    /// True when commands must switch to this account (this process is root and the account is not).
    public var needsSwitch: Bool

    /// The current user.
    public static func current() -> ServerAccount {
        let uid = geteuid()
        let name = userName(of: uid) ?? "uid \(uid)"
        return ServerAccount(name: name, uid: uid, gid: getegid(), needsSwitch: false)
    }

    /// The account named `name`, or nil when the system has none.
    public static func named(_ name: String) -> ServerAccount? {
        guard let entry = getpwnam(name) else { return nil }
        return ServerAccount(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, needsSwitch: geteuid() == 0 && entry.pointee.pw_uid != 0)
    }

    /// The account with this uid, or nil.
    public static func withUID(_ uid: uid_t) -> ServerAccount? {
        guard let name = userName(of: uid) else { return nil }
        return named(name)
    }

    static func userName(of uid: uid_t) -> String? {
        guard let entry = getpwuid(uid) else { return nil }
        return String(cString: entry.pointee.pw_name)
    }

    public static var isRoot: Bool { geteuid() == 0 }
}
