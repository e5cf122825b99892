import Foundation

/// A statement whose interpolated values become bound parameters (`$1`, `$2`…), never text of the statement.
///
/// ```swift
/// let rows = try connection.query("SELECT id FROM ledger.actor WHERE name = \(name) AND kind = \(kind)")
/// ```
/// Only ``StringInterpolation/appendInterpolation(identifier:)`` splices text into the statement, and it quotes
/// the identifier as PostgreSQL requires.
public struct PostgresQuery: ExpressibleByStringInterpolation, Sendable {
    public var sql: String
    public var bindings: [PostgresBinding]
    /// An error met while encoding a value; thrown when the query is run.
    var encodingError: PostgresError?

    public init(unsafeSQL sql: String, bindings: [PostgresBinding] = []) {
        self.sql = sql
        self.bindings = bindings
    }

    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        sql = stringInterpolation.sql
        bindings = stringInterpolation.bindings
        encodingError = stringInterpolation.encodingError
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var bindings: [PostgresBinding] = []
        var encodingError: PostgresError?

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            bindings.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Binds a value as the next parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            bind(value)
        }

        private mutating func bind<Value: PostgresEncodable>(_ value: Value) {
            do {
                bindings.append(try value.postgresBinding())
            } catch {
                if encodingError == nil { encodingError = error }
                bindings.append(.null(Value.postgresType))
            }
            sql += "$\(bindings.count)"
        }

        /// Binds an optional value as the next parameter (NULL when nil).
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            bind(value)
        }

        /// Splices a quoted SQL identifier (`"name"`, with embedded quotes doubled).
        public mutating func appendInterpolation(identifier: String) {
            sql += quoteIdentifier(identifier)
        }

        /// Splices a quoted SQL string literal, for the few statements that take no parameters (`CREATE ROLE …
        /// PASSWORD`, `COMMENT ON`). Prefer a bound value everywhere else.
        public mutating func appendInterpolation(literal: String) {
            if literal.utf8.contains(0), encodingError == nil {
                encodingError = PostgresError(kind: .client, message: "text contains a NUL character (U+0000), which PostgreSQL cannot store", sqlState: SQLState.characterNotInRepertoire)
            }
            sql += quoteLiteral(literal)
        }
    }
}

/// Quotes an identifier for PostgreSQL: wrapped in double quotes, embedded double quotes doubled.
public func quoteIdentifier(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// Quotes a string literal for PostgreSQL with `standard_conforming_strings` on (the default since 9.1):
/// single quotes are doubled, backslashes are ordinary characters.
public func quoteLiteral(_ value: String) -> String {
    "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
}
