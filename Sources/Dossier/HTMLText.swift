import Foundation

/// Escaping for HTML and SVG. Every string taken from a dossier goes through `escape` before it is written, in
/// text and in attribute values alike.
enum HTMLText {
    /// Whether `byte` stands for itself in escaped text: printable ASCII but `& < > " '`, tab and line feed.
    @inline(__always)
    static func isPlain(_ byte: UInt8) -> Bool {
        (byte >= 0x20 && byte < 0x7F && byte != 0x26 && byte != 0x3C && byte != 0x3E && byte != 0x22 && byte != 0x27) || byte == 0x0A || byte == 0x09
    }

    /// Whether every byte of `text`'s UTF-8 satisfies `test`: over its storage at once when it is contiguous (a
    /// native string's is), else through its view.
    @inline(__always)
    static func everyByte(of text: String, _ test: (UInt8) -> Bool) -> Bool {
        if let all = text.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            for byte in bytes where !test(byte) { return false }
            return true
        }) { return all }
        return text.utf8.allSatisfy(test)
    }

    /// `& < > " '` as character references; control characters other than tab and line feed (which HTML does not
    /// allow in text) as U+FFFD; a carriage return as a line feed.
    static func escape(_ text: String) -> String {
        // Most text is plain ASCII with nothing to replace: then it is its own escape.
        if everyByte(of: text, isPlain) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\r": out += "\n"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || (v >= 0x7F && v <= 0x9F) || (v >= 0xFDD0 && v <= 0xFDEF) || (v & 0xFFFE) == 0xFFFE {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Escaped text whose blank lines separate paragraphs (`<p>`); single line breaks, as in text wrapped by hand,
    /// flow as spaces.
    /// With `verbatim`, line breaks are kept (`<br>`): quotes and provision texts are shown as written.
    static func paragraphs(_ text: String, class className: String? = nil, verbatim: Bool = false) -> String {
        // One ASCII line (no line break of any kind): one paragraph, or none when empty.
        if everyByte(of: text, { $0 < 0x80 && ($0 < 0x0A || $0 > 0x0D) }) {
            return text.isEmpty ? "" : (className.map { "<p class=\"\($0)\">" } ?? "<p>") + escape(text) + "</p>"
        }
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let blocks = normalised.components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .newlines) }
            .filter { !$0.isEmpty }
        let open = className.map { "<p class=\"\($0)\">" } ?? "<p>"
        return blocks.map { block in
            open + block.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }
                .joined(separator: verbatim ? "<br>\n" : "\n") + "</p>"
        }.joined(separator: "\n")
    }

    /// Escaped text with line breaks as `<br>`, for inline places (table cells, list items).
    static func lines(_ text: String) -> String {
        // One line (no line feed or carriage return): its escape.
        if everyByte(of: text, { $0 != 0x0A && $0 != 0x0D }) { return escape(text) }
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return normalised.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }
            .joined(separator: "<br>")
    }

    /// True for a URL that may become a link: http:// or https://, without white space or control characters.
    static func isWebURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return false }
        guard lower.count > (lower.hasPrefix("https://") ? 8 : 7) else { return false }
        return !url.unicodeScalars.contains { $0.value <= 0x20 || ($0.value >= 0x7F && $0.value <= 0x9F) }
    }

    /// A link to a web page when the URL is http(s), otherwise the URL as plain text.
    static func webLink(_ url: String, text: String? = nil) -> String {
        let label = escape(text ?? url)
        guard isWebURL(url) else { return "<span class=\"url\">" + label + "</span>" }
        return "<a href=\"" + escape(url) + "\" rel=\"noreferrer\">" + label + "</a>"
    }

    /// True for lower-case hex SHA-256.
    static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// A BCP 47 tag for a `lang` attribute, or nil when the text is not shaped like one.
    static func languageTag(_ text: String) -> String? {
        guard !text.isEmpty, text.utf8.count <= 35,
              text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }),
              text.utf8.first != 0x2D
        else { return nil }
        return text
    }

    /// A number for SVG coordinates: at most one decimal, no locale, no "-0".
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        if tenths == 0 { return "0" }
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        let whole = magnitude / 10
        let fraction = magnitude % 10
        return sign + String(whole) + (fraction == 0 ? "" : "." + String(fraction))
    }
}
