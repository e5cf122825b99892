import Foundation

/// Strict encoders and decoders for the text fields of notes, checkpoints and proofs (internal).
///
/// "Strict" means each value has exactly one accepted spelling, so that parsing and formatting round-trip byte for
/// byte: standard padded base64 that re-encodes to the same string, decimals without sign or leading zeros.
enum CanonicalText {
    /// Standard base64 (RFC 4648 §4) with padding.
    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// Decodes standard padded base64, or returns nil if `text` is not the canonical encoding of some bytes.
    static func decodeBase64(_ text: some StringProtocol) -> [UInt8]? {
        let string = String(text)
        guard let data = Data(base64Encoded: string), data.base64EncodedString() == string else {
            return nil
        }
        return Array(data)
    }

    /// Parses an ASCII decimal with no sign and no leading zeros (except "0" itself) that fits in a UInt64.
    static func decodeDecimal(_ text: some StringProtocol) -> UInt64? {
        let digits = Array(text.utf8)
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        guard digits.count == 1 || digits[0] != 0x30 else {
            return nil
        }
        return UInt64(String(text))
    }

    /// Lowercase hexadecimal of `value`, zero-padded to 8 digits (a note key ID).
    static func keyIDHex(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// True if `text` contains an ASCII control character (below U+0020) other than newline.
    static func containsForbiddenControl(_ text: some StringProtocol) -> Bool {
        text.utf8.contains { $0 < 0x20 && $0 != 0x0A }
    }

    /// True if `name` is a valid note key name: non-empty, no Unicode spaces, no "+", no control characters.
    static func isValidKeyName(_ name: some StringProtocol) -> Bool {
        !name.isEmpty
            && !containsForbiddenControl(name)
            && !name.unicodeScalars.contains { $0 == "+" || $0.properties.isWhitespace || $0 == "\n" }
    }
}
