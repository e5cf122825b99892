import CLibPQ

/// Checks and reads libpq connection strings (URLs or `key=value`), with libpq's own parser.
public enum ConnectionString {
    /// The options a connection string sets, or a `.connection` error with libpq's explanation when it is
    /// malformed. Nothing is connected.
    public static func parse(_ conninfo: String) throws -> [String: String] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &errorMessage) else {
            var message = "invalid connection string"
            if let errorMessage {
                message += ": " + String(cString: errorMessage).trimmingTrailingNewlines()
                PQfreemem(errorMessage)
            }
            var error = PostgresError(kind: .connection, message: message)
            error.sqlState = "08P01"
            error.hint = "use a URL such as postgresql://user@host:5432/dbname or key=value pairs such as host=/run/postgresql dbname=ledger"
            throw error
        }
        defer { PQconninfoFree(options) }
        var result: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                result[String(cString: keyword)] = String(cString: value)
            }
            option = option.advanced(by: 1)
        }
        return result
    }

    /// A description of where a connection string points, without its password: `user@host:port/dbname`.
    public static func describe(_ conninfo: String) -> String {
        guard let options = try? parse(conninfo) else { return "(malformed connection string)" }
        let user = options["user"].map { $0 + "@" } ?? ""
        let host = options["host"] ?? options["hostaddr"] ?? "(default host)"
        let port = options["port"].map { ":" + $0 } ?? ""
        let db = options["dbname"] ?? "(default database)"
        return "\(user)\(host)\(port)/\(db)"
    }

    /// Builds a `key=value` connection string, quoting values as libpq requires.
    public static func make(_ options: KeyValuePairs<String, String>) -> String {
        options.map { key, value in
            let escaped = value.replacingBackslashesAndQuotes()
            return "\(key)='\(escaped)'"
        }.joined(separator: " ")
    }

    /// Builds a `key=value` connection string from parsed options (keys in alphabetical order).
    public static func make(_ options: [String: String]) -> String {
        options.keys.sorted().map { key in
            "\(key)='\(options[key]!.replacingBackslashesAndQuotes())'"
        }.joined(separator: " ")
    }
}

extension String {
    func replacingBackslashesAndQuotes() -> String {
        var out = ""
        for ch in self {
            if ch == "\\" || ch == "'" { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
