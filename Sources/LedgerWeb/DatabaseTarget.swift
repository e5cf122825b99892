import Postgres

/// Where the ledger's database is — host or socket folder, port, database, TLS settings — without saying as whom:
/// every session connects with the user name and password typed into the sign-in form, and nothing else.
public struct DatabaseTarget: Sendable {
    /// The options of the connection string given, less those that say who connects.
    let options: [String: String]

    /// Takes a libpq connection string (URL or `key=value`); "" leaves everything to the `PG*` variables. Any
    /// user, password or password file in it is dropped.
    public init(conninfo: String) throws {
        var options = conninfo.isEmpty ? [:] : try ConnectionString.parse(conninfo)
        for key in ["user", "password", "passfile"] { options[key] = nil }
        self.options = options
    }

    /// The connection string for one sign-in. The password is always given (never empty), so libpq never looks
    /// for one in `PGPASSWORD` or a password file of the account the server runs as.
    func conninfo(user: String, password: String) -> String {
        var options = self.options
        options["user"] = user
        options["password"] = password
        if options["connect_timeout"] == nil { options["connect_timeout"] = "10" }
        return ConnectionString.make(options)
    }

    /// Where it points, for messages: `host:port/dbname`, never a password.
    public var description: String {
        ConnectionString.describe(ConnectionString.make(options))
    }
}
