import Foundation

/// One non-NULL field of a result, in binary format. `bytes` is valid only during the decoding call.
public struct PostgresValue {
    public var type: PostgresType
    public var bytes: UnsafeRawBufferPointer
    /// The column's name, for error messages.
    public var column: String
}

/// A field could not be decoded into the Swift type asked for.
public struct PostgresDecodingError: Error, CustomStringConvertible, Sendable {
    public var column: String
    public var type: PostgresType
    public var expected: String

    public init(_ value: PostgresValue, _ expected: String) {
        column = value.column
        type = value.type
        self.expected = expected
    }

    init(column: String, type: PostgresType, expected: String) {
        self.column = column
        self.type = type
        self.expected = expected
    }

    public var description: String {
        "column \"\(column)\" (\(type)) cannot be decoded: expected \(expected)"
    }
}

/// A Swift type that can be read from a binary-format field.
public protocol PostgresDecodable {
    /// Decodes a non-NULL field; NULL never reaches this initialiser.
    init(postgresValue value: PostgresValue) throws(PostgresDecodingError)
}

struct ByteReader {
    let buffer: UnsafeRawBufferPointer
    var offset = 0
    init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

    var remaining: Int { buffer.count - offset }

    mutating func readBytes(_ count: Int, _ value: PostgresValue) throws(PostgresDecodingError) -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else { throw PostgresDecodingError(value, "\(count) more bytes") }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + count])
    }

    mutating func readInteger<T: FixedWidthInteger>(_: T.Type, _ value: PostgresValue) throws(PostgresDecodingError) -> T {
        let raw = try readBytes(MemoryLayout<T>.size, value)
        var result: T = 0
        for byte in raw { result = (result << 8) | T(truncatingIfNeeded: byte) }
        return result
    }

    mutating func readInt32(_ value: PostgresValue) throws(PostgresDecodingError) -> Int32 { try readInteger(Int32.self, value) }
    mutating func readUInt32(_ value: PostgresValue) throws(PostgresDecodingError) -> UInt32 { try readInteger(UInt32.self, value) }
    mutating func readInt16(_ value: PostgresValue) throws(PostgresDecodingError) -> Int16 { try readInteger(Int16.self, value) }
    mutating func readInt64(_ value: PostgresValue) throws(PostgresDecodingError) -> Int64 { try readInteger(Int64.self, value) }
}

extension String: PostgresDecodable {
    /// Text types, `"char"`, names, enums and other user-defined types whose binary form is their label, json,
    /// jsonb (as its text) and numeric (as its exact decimal text).
    public init(postgresValue value: PostgresValue) throws(PostgresDecodingError) {
        switch value.type {
        case .text, .varchar, .bpchar, .name, .char, .unknown, .json:
            self = String(decoding: value.bytes, as: UTF8.self)
        case .jsonb:
            self = try PostgresJSON(postgresValue: value).text
        case .numeric:
            self = try NumericText.decode(value)
        default:
            guard value.type.rawValue >= PostgresType.firstUserOID else {
                throw PostgresDecodingError(value, "a text type (cast the column to text in SQL)")
            }
            self = String(decoding: value.bytes, as: UTF8.self)
        }
    }
}

extension Int: PostgresDecodable {
    public init(postgresValue value: PostgresValue) throws(PostgresDecodingError) {
        var reader = ByteReader(value.bytes)
        switch value.type {
        case .int8: self = Int(try reader.readInt64(value))
        case .int4: self = Int(try reader.readInt32(value))
        case .int2: self = Int(try reader.readInt16(value))
        case .oid: self = Int(try reader.readUInt32(value))
        default: throw PostgresDecodingError(value, "an integer (int2, int4, int8)")
        }
        guard reader.remaining == 0 else { throw PostgresDecodingError(value, "an integer of the declared width") }
    }
}

extension Int64: PostgresDecodable {
    public init(postgresValue value: PostgresValue) throws(PostgresDecodingError) {
        self = Int64(try Int(postgresValue: value))
    }
}

extension Int32: PostgresDecodable {
    public init(postgresValue value: PostgresValue) throws(PostgresDecodingError) {
        let wide = try Int(postgresValue: value)
        guard let narrow = Int32(exactly: wide) else { throw PostgresDecodingError(value, "a value that fits in Int32") }
        self = narrow
    }
}

extension Int16: PostgresDecodable {
    public init(postgresValue value: PostgresValue) throws(PostgresDecodingError) {
        let wide = try Int(postgresValue: value)
        guard let narrow = Int16(exactly: wide) else { throw PostgresDecodingError(value, "a value that fits in Int16") }
        self = narrow
    }
}

extension Bool: PostgresDecodable {
    public init(postgresValue value: PostgresValue) throws(PostgresDecodingError) {
        guard value.type == .bool, value.bytes.count == 1 else { throw PostgresDecodingError(value, "bool") }
        self = value.bytes[0] != 0
    }
}

extension Double: PostgresDecodable {
    public init(postgresValue value: PostgresValue) throws(PostgresDecodingError) {
        var reader = ByteReader(value.bytes)
        switch value.type {
        case .float8: self = Double(bitPattern: try reader.readInteger(UInt64.self, value))
        case .float4: self = Double(Float(bitPattern: try reader.readUInt32(value)))
        case .int2, .int4, .int8: self = Double(try Int(postgresValue: value))
        case .numeric:
            guard let parsed = Double(try NumericText.decode(value)) else { throw PostgresDecodingError(value, "a finite numeric") }
            self = parsed
        default: throw PostgresDecodingError(value, "float8, float4, an integer or numeric")
        }
    }
}

extension Decimal: PostgresDecodable {
    public init(postgresValue value: PostgresValue) throws(PostgresDecodingError) {
        switch value.type {
        case .numeric:
            let text = try NumericText.decode(value)
            guard let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw PostgresDecodingError(value, "a finite numeric (got \(text))")
            }
            self = decimal
        case .int2, .int4, .int8:
            self = Decimal(try Int(postgresValue: value))
        default:
            throw PostgresDecodingError(value, "numeric or an integer")
        }
    }
}

extension Date: PostgresDecodable {
    /// timestamptz and timestamp (taken as UTC) with microseconds kept; date as midnight UTC.
    public init(postgresValue value: PostgresValue) throws(PostgresDecodingError) {
        var reader = ByteReader(value.bytes)
        switch value.type {
        case .timestamptz, .timestamp:
            let micros = try reader.readInt64(value)
            guard micros != Int64.max, micros != Int64.min else { throw PostgresDecodingError(value, "a finite timestamp") }
            self = Date(postgresMicroseconds: micros)
        case .date:
            let days = try reader.readInt32(value)
            guard days != Int32.max, days != Int32.min else { throw PostgresDecodingError(value, "a finite date") }
            self = Date(postgresMicroseconds: Int64(days) * 86_400_000_000)
        default:
            throw PostgresDecodingError(value, "timestamptz, timestamp or date")
        }
    }
}

extension UUID: PostgresDecodable {
    public init(postgresValue value: PostgresValue) throws(PostgresDecodingError) {
        guard value.type == .uuid, value.bytes.count == 16 else { throw PostgresDecodingError(value, "uuid") }
        let b = value.bytes
        self = UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }
}

extension Array: PostgresDecodable where Element == UInt8 {
    /// bytea, byte for byte (binary format, so `bytea_output` does not matter).
    public init(postgresValue value: PostgresValue) throws(PostgresDecodingError) {
        guard value.type == .bytea else { throw PostgresDecodingError(value, "bytea") }
        self = Array(value.bytes)
    }
}

extension Data: PostgresDecodable {
    public init(postgresValue value: PostgresValue) throws(PostgresDecodingError) {
        guard value.type == .bytea else { throw PostgresDecodingError(value, "bytea") }
        self = Data(value.bytes)
    }
}

/// The exact decimal text of a binary-format numeric.
enum NumericText {
    static func decode(_ value: PostgresValue) throws(PostgresDecodingError) -> String {
        var reader = ByteReader(value.bytes)
        let ndigits = Int(try reader.readInt16(value))
        let weight = Int(try reader.readInt16(value))
        let sign = UInt16(bitPattern: try reader.readInt16(value))
        let dscale = Int(try reader.readInt16(value))
        switch sign {
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        case 0x0000, 0x4000: break
        default: throw PostgresDecodingError(value, "a numeric with a valid sign")
        }
        var digits: [Int] = []
        digits.reserveCapacity(ndigits)
        for _ in 0..<ndigits {
            let d = Int(try reader.readInt16(value))
            guard (0..<10_000).contains(d) else { throw PostgresDecodingError(value, "numeric base-10000 digits") }
            digits.append(d)
        }
        // Integer part: base-10000 digit groups 0...weight.
        var text = sign == 0x4000 ? "-" : ""
        if weight < 0 {
            text += "0"
        } else {
            for i in 0...weight {
                let d = i < digits.count ? digits[i] : 0
                if i == 0 {
                    text += String(d)
                } else {
                    let s = String(d)
                    text += String(repeating: "0", count: 4 - s.count) + s
                }
            }
        }
        if dscale > 0 {
            var fraction = ""
            var i = weight + 1
            while fraction.count < dscale {
                let d = (i >= 0 && i < digits.count) ? digits[i] : 0
                let s = String(d)
                fraction += String(repeating: "0", count: 4 - s.count) + s
                i += 1
            }
            text += "." + fraction.prefix(dscale)
        }
        if text == "-0" || (text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." })) {
            text.removeFirst()
        }
        return text
    }
}
