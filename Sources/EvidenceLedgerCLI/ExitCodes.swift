import ArgumentParser

/// The exit codes of `evidence-ledger`, after sysexits.h. docs/exit-codes.md lists them for users; they do not
/// change between versions.
public enum ExitCodes {
    /// Everything held.
    public static let success: Int32 = 0
    /// The operation failed (a server error not covered below, a failed migration).
    public static let failure: Int32 = 1
    /// `db status`: the managed cluster is not running (as `pg_ctl status`).
    public static let notRunning: Int32 = 3
    /// The command line is wrong (unknown option, missing argument, a command that does not fit the target).
    public static let usage: Int32 = 64
    /// Input data is wrong: a bad record, a malformed file, a value the database refused.
    public static let dataError: Int32 = 65
    /// An input file or folder does not exist (e.g. the schema/ folder).
    public static let noInput: Int32 = 66
    /// A service is unavailable: the server cannot be reached or started, or its programs are not installed.
    public static let unavailable: Int32 = 69
    /// A file or folder cannot be created.
    public static let cannotCreate: Int32 = 73
    /// Permission denied: wrong password, a role without the privilege, a data folder owned by someone else.
    public static let noPermission: Int32 = 77
    /// Configuration is wrong: a malformed connection URL, an edited applied migration.
    public static let configuration: Int32 = 78
}
