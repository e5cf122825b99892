extension LedgerRecord {
    /// The members of a canonical payload read directly from its bytes, or nil when it is anything but a flat
    /// object of strings and nulls in plain JSON (`parseFields` then reads it the general way). A dossier over a
    /// million items reads several million payloads: this is several times faster than JSONSerialization, and
    /// gives the same strings.
    static func parseFlatObject(_ payload: String) -> [String: String?]? {
        var fields: [String: String?] = [:]
        let read = scanFlatObject(payload, literals: false) { name, value in
            guard fields[name] == nil else { return false }
            if case .string(let text) = value { fields[name] = .some(text) } else { fields[name] = .some(nil) }
            return true
        }
        return read ? fields : nil
    }

    /// A member of a flat JSON object as `flatMembers` reads it: a string's value, or the text of a literal
    /// (`true`, `false`, `null`, or an integer of at most 15 digits).
    public enum FlatValue: Equatable, Sendable {
        case string(String)
        case literal(String)
    }

    /// The members of a flat JSON object (such as an item's `attributes` as the log writes them), in the order
    /// written, when every value is a string or one of the literals of `FlatValue` and no name repeats; nil for
    /// anything else (the caller then reads it the general way).
    public static func flatMembers(_ text: String) -> [(name: String, value: FlatValue)]? {
        var members: [(name: String, value: FlatValue)] = []
        var names: Set<String> = []
        let read = scanFlatObject(text, literals: true) { name, value in
            guard names.insert(name).inserted else { return false }
            members.append((name, value))
            return true
        }
        return read ? members : nil
    }

    /// Reads a flat JSON object from its bytes, handing each member to `member` in order (`null` as a literal;
    /// `true`, `false` and integers of at most 15 digits too only with `literals`). False when the text is anything
    /// else, or when `member` returns false.
    static func scanFlatObject(_ text: String, literals: Bool, _ member: (String, FlatValue) -> Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var at = 0
            let end = bytes.count
            func skipSpace() { while at < end, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 } }
            func hex4() -> UInt32? {
                guard at + 4 <= end else { return nil }
                var value: UInt32 = 0
                for _ in 0..<4 {
                    let c = bytes[at]
                    let digit: UInt32
                    switch c {
                    case 0x30...0x39: digit = UInt32(c - 0x30)
                    case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
                    case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
                    default: return nil
                    }
                    value = value << 4 | digit
                    at += 1
                }
                return value
            }
            func string() -> String? {
                guard at < end, bytes[at] == 0x22 else { return nil }
                at += 1
                let start = at
                // Without escapes, the string is the bytes between the quotes.
                while at < end, bytes[at] != 0x22, bytes[at] != 0x5C, bytes[at] >= 0x20 { at += 1 }
                guard at < end else { return nil }
                if bytes[at] == 0x22 {
                    defer { at += 1 }
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
                }
                var out = Array(bytes[start..<at])
                while at < end {
                    let c = bytes[at]
                    if c == 0x22 {
                        at += 1
                        return String(decoding: out, as: UTF8.self)
                    }
                    if c < 0x20 { return nil }
                    if c != 0x5C {
                        out.append(c)
                        at += 1
                        continue
                    }
                    at += 1
                    guard at < end else { return nil }
                    let escaped = bytes[at]
                    at += 1
                    switch escaped {
                    case 0x22, 0x5C, 0x2F: out.append(escaped)
                    case 0x62: out.append(0x08)
                    case 0x66: out.append(0x0C)
                    case 0x6E: out.append(0x0A)
                    case 0x72: out.append(0x0D)
                    case 0x74: out.append(0x09)
                    case 0x75:
                        guard var code = hex4() else { return nil }
                        if (0xD800...0xDBFF).contains(code) {
                            guard at + 2 <= end, bytes[at] == 0x5C, bytes[at + 1] == 0x75 else { return nil }
                            at += 2
                            guard let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(code) || code == 0 {
                            return nil
                        }
                        guard let scalar = Unicode.Scalar(code) else { return nil }
                        out.append(contentsOf: String(Character(scalar)).utf8)
                    default:
                        return nil
                    }
                }
                return nil
            }

            func literal() -> String? {
                let start = at
                while at < end, bytes[at] != 0x2C, bytes[at] != 0x7D, bytes[at] != 0x20, bytes[at] != 0x0A, bytes[at] != 0x0D,
                      bytes[at] != 0x09 { at += 1 }
                let token = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
                return token == "null" || (literals && (token == "true" || token == "false" || isSmallInteger(token))) ? token : nil
            }

            skipSpace()
            guard at < end, bytes[at] == 0x7B else { return false }
            at += 1
            skipSpace()
            if at < end, bytes[at] == 0x7D {
                at += 1
                skipSpace()
                return at == end
            }
            while true {
                skipSpace()
                guard let name = string() else { return false }
                skipSpace()
                guard at < end, bytes[at] == 0x3A else { return false }
                at += 1
                skipSpace()
                guard at < end else { return false }
                if bytes[at] == 0x22 {
                    guard let value = string(), member(name, .string(value)) else { return false }
                } else {
                    guard let value = literal(), member(name, .literal(value)) else { return false }
                }
                skipSpace()
                guard at < end else { return false }
                if bytes[at] == 0x2C {
                    at += 1
                    continue
                }
                guard bytes[at] == 0x7D else { return false }
                at += 1
                skipSpace()
                return at == end
            }
        } ?? false
    }

    static func isSmallInteger(_ token: String) -> Bool {
        let digits = token.hasPrefix("-") ? token.dropFirst() : Substring(token)
        guard !digits.isEmpty, digits.count <= 15, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) else { return false }
        return digits == "0" ? !token.hasPrefix("-") : !digits.hasPrefix("0")
    }
}
