import Foundation

/// One bound parameter as it goes to `PQexecParams`: type, format and bytes (nil is SQL NULL).
public struct PostgresBinding: Sendable, Equatable {
    public var type: PostgresType
    /// 0 = text, 1 = binary.
    public var format: Int32
    public var bytes: [UInt8]?

    public init(type: PostgresType, format: Int32, bytes: [UInt8]?) {
        self.type = type
        self.format = format
        self.bytes = bytes
    }

    /// SQL NULL of the given type.
    public static func null(_ type: PostgresType) -> PostgresBinding {
        PostgresBinding(type: type, format: 0, bytes: nil)
    }
}

/// A Swift value that can be sent as a bound parameter.
///
/// Text goes in text format with an unspecified type so the server infers it from the context (a `uuid` column,
/// an enum…); everything else goes in binary format with an explicit type, so nothing depends on the session's
/// DateStyle, TimeZone or `extra_float_digits`.
public protocol PostgresEncodable {
    /// The type a NULL of this Swift type is sent as.
    static var postgresType: PostgresType { get }
    /// The parameter, or a client error (for example text containing NUL, which PostgreSQL cannot store).
    func postgresBinding() throws(PostgresError) -> PostgresBinding
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: PostgresType { Wrapped.postgresType }
    public func postgresBinding() throws(PostgresError) -> PostgresBinding {
        switch self {
        case .none: return .null(Wrapped.postgresType)
        case .some(let value): return try value.postgresBinding()
        }
    }
}

extension String: PostgresEncodable {
    public static var postgresType: PostgresType { .unspecified }
    public func postgresBinding() throws(PostgresError) -> PostgresBinding {
        let bytes = Array(utf8)
        if bytes.contains(0) {
            throw PostgresError(kind: .client, message: "text contains a NUL character (U+0000), which PostgreSQL cannot store", sqlState: SQLState.characterNotInRepertoire)
        }
        return PostgresBinding(type: .unspecified, format: 0, bytes: bytes)
    }
}

extension Substring: PostgresEncodable {
    public static var postgresType: PostgresType { .unspecified }
    public func postgresBinding() throws(PostgresError) -> PostgresBinding { try String(self).postgresBinding() }
}

extension FixedWidthInteger {
    @inline(__always) func appendBigEndian(to bytes: inout [UInt8]) {
        var value = self.bigEndian
        withUnsafeBytes(of: &value) { bytes.append(contentsOf: $0) }
    }
}

extension Int: PostgresEncodable {
    public static var postgresType: PostgresType { .int8 }
    public func postgresBinding() throws(PostgresError) -> PostgresBinding {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8)
        Int64(self).appendBigEndian(to: &bytes)
        return PostgresBinding(type: .int8, format: 1, bytes: bytes)
    }
}

extension Int64: PostgresEncodable {
    public static var postgresType: PostgresType { .int8 }
    public func postgresBinding() throws(PostgresError) -> PostgresBinding { try Int(self).postgresBinding() }
}

extension Int32: PostgresEncodable {
    public static var postgresType: PostgresType { .int4 }
    public func postgresBinding() throws(PostgresError) -> PostgresBinding {
        var bytes: [UInt8] = []
        appendBigEndian(to: &bytes)
        return PostgresBinding(type: .int4, format: 1, bytes: bytes)
    }
}

extension Int16: PostgresEncodable {
    public static var postgresType: PostgresType { .int2 }
    public func postgresBinding() throws(PostgresError) -> PostgresBinding {
        var bytes: [UInt8] = []
        appendBigEndian(to: &bytes)
        return PostgresBinding(type: .int2, format: 1, bytes: bytes)
    }
}

extension Bool: PostgresEncodable {
    public static var postgresType: PostgresType { .bool }
    public func postgresBinding() throws(PostgresError) -> PostgresBinding {
        PostgresBinding(type: .bool, format: 1, bytes: [self ? 1 : 0])
    }
}

extension Double: PostgresEncodable {
    public static var postgresType: PostgresType { .float8 }
    public func postgresBinding() throws(PostgresError) -> PostgresBinding {
        var bytes: [UInt8] = []
        bitPattern.appendBigEndian(to: &bytes)
        return PostgresBinding(type: .float8, format: 1, bytes: bytes)
    }
}

extension Decimal: PostgresEncodable {
    public static var postgresType: PostgresType { .numeric }
    public func postgresBinding() throws(PostgresError) -> PostgresBinding {
        guard isFinite else {
            throw PostgresError(kind: .client, message: "a Decimal that is not a number cannot be sent as numeric")
        }
        // Decimal's description is locale-independent: digits, optional '-' and '.'.
        return PostgresBinding(type: .numeric, format: 0, bytes: Array(description.utf8))
    }
}

/// Microseconds between 2000-01-01 (PostgreSQL's epoch) and 2001-01-01 (Foundation's reference date).
let postgresEpochToReferenceDateMicroseconds: Int64 = 31_622_400 * 1_000_000

extension Date: PostgresEncodable {
    public static var postgresType: PostgresType { .timestamptz }
    /// Microseconds since 2000-01-01 00:00:00 UTC, rounded to the nearest microsecond.
    public var postgresMicroseconds: Int64 {
        Int64((timeIntervalSinceReferenceDate * 1_000_000).rounded()) + postgresEpochToReferenceDateMicroseconds
    }
    /// The instant that is `microseconds` after 2000-01-01 00:00:00 UTC.
    public init(postgresMicroseconds microseconds: Int64) {
        self.init(timeIntervalSinceReferenceDate: Double(microseconds - postgresEpochToReferenceDateMicroseconds) / 1_000_000)
    }
    public func postgresBinding() throws(PostgresError) -> PostgresBinding {
        var bytes: [UInt8] = []
        postgresMicroseconds.appendBigEndian(to: &bytes)
        return PostgresBinding(type: .timestamptz, format: 1, bytes: bytes)
    }
}

extension UUID: PostgresEncodable {
    public static var postgresType: PostgresType { .uuid }
    public func postgresBinding() throws(PostgresError) -> PostgresBinding {
        let u = uuid
        let bytes = [u.0, u.1, u.2, u.3, u.4, u.5, u.6, u.7, u.8, u.9, u.10, u.11, u.12, u.13, u.14, u.15]
        return PostgresBinding(type: .uuid, format: 1, bytes: bytes)
    }
}

extension Array: PostgresEncodable where Element == UInt8 {
    public static var postgresType: PostgresType { .bytea }
    public func postgresBinding() throws(PostgresError) -> PostgresBinding {
        PostgresBinding(type: .bytea, format: 1, bytes: self)
    }
}

extension Data: PostgresEncodable {
    public static var postgresType: PostgresType { .bytea }
    public func postgresBinding() throws(PostgresError) -> PostgresBinding {
        PostgresBinding(type: .bytea, format: 1, bytes: Array(self))
    }
}

/// A `text[]` parameter or column. (A plain `[String]` cannot conform: `[UInt8]` already means bytea.)
public struct TextArray: PostgresEncodable, PostgresDecodable, Hashable, Sendable, ExpressibleByArrayLiteral {
    public var elements: [String?]
    public init(_ elements: [String?]) { self.elements = elements }
    public init(arrayLiteral elements: String?...) { self.elements = elements }

    /// The elements, or nil when any is NULL.
    public var nonNull: [String]? {
        var out: [String] = []
        out.reserveCapacity(elements.count)
        for element in elements {
            guard let element else { return nil }
            out.append(element)
        }
        return out
    }

    public static var postgresType: PostgresType { .textArray }

    public func postgresBinding() throws(PostgresError) -> PostgresBinding {
        // Binary array format: ndim, has-null flag, element type, then (length, lower bound) per dimension.
        var bytes: [UInt8] = []
        let hasNull: Int32 = elements.contains(where: { $0 == nil }) ? 1 : 0
        Int32(elements.isEmpty ? 0 : 1).appendBigEndian(to: &bytes)
        hasNull.appendBigEndian(to: &bytes)
        PostgresType.text.rawValue.appendBigEndian(to: &bytes)
        if !elements.isEmpty {
            Int32(elements.count).appendBigEndian(to: &bytes)
            Int32(1).appendBigEndian(to: &bytes)
        }
        for element in elements {
            guard let element else {
                Int32(-1).appendBigEndian(to: &bytes)
                continue
            }
            let utf8 = Array(element.utf8)
            if utf8.contains(0) {
                throw PostgresError(kind: .client, message: "text array element contains a NUL character (U+0000), which PostgreSQL cannot store", sqlState: SQLState.characterNotInRepertoire)
            }
            Int32(utf8.count).appendBigEndian(to: &bytes)
            bytes.append(contentsOf: utf8)
        }
        return PostgresBinding(type: .textArray, format: 1, bytes: bytes)
    }

    public init(postgresValue value: PostgresValue) throws(PostgresDecodingError) {
        var reader = ByteReader(value.bytes)
        let ndim = try reader.readInt32(value)
        _ = try reader.readInt32(value) // has-null flag
        _ = try reader.readUInt32(value) // element type
        guard ndim <= 1 else { throw PostgresDecodingError(value, "a one-dimensional array") }
        var count: Int32 = 0
        if ndim == 1 {
            count = try reader.readInt32(value)
            _ = try reader.readInt32(value)
        }
        var elements: [String?] = []
        elements.reserveCapacity(Int(count))
        for _ in 0..<count {
            let length = try reader.readInt32(value)
            if length < 0 { elements.append(nil); continue }
            let slice = try reader.readBytes(Int(length), value)
            elements.append(String(decoding: slice, as: UTF8.self))
        }
        self.elements = elements
    }

    public static func accepts(_ type: PostgresType) -> Bool {
        type == .textArray || type == .varcharArray || type == .nameArray
    }
}

/// A `json` or `jsonb` value, kept as its UTF-8 text.
public struct PostgresJSON: PostgresEncodable, PostgresDecodable, Hashable, Sendable {
    public var text: String
    public init(_ text: String) { self.text = text }
    public var bytes: [UInt8] { Array(text.utf8) }

    public static var postgresType: PostgresType { .jsonb }
    public func postgresBinding() throws(PostgresError) -> PostgresBinding {
        // jsonb binary format: version byte 1, then the JSON text.
        let utf8 = Array(text.utf8)
        if utf8.contains(0) {
            throw PostgresError(kind: .client, message: "JSON text contains a NUL character (U+0000), which PostgreSQL cannot store", sqlState: SQLState.characterNotInRepertoire)
        }
        return PostgresBinding(type: .jsonb, format: 1, bytes: [1] + utf8)
    }

    public init(postgresValue value: PostgresValue) throws(PostgresDecodingError) {
        if value.type == .jsonb {
            guard value.bytes.first == 1 else { throw PostgresDecodingError(value, "jsonb version 1") }
            text = String(decoding: value.bytes.dropFirst(), as: UTF8.self)
        } else {
            text = String(decoding: value.bytes, as: UTF8.self)
        }
    }

    public static func accepts(_ type: PostgresType) -> Bool { type == .json || type == .jsonb }
}
