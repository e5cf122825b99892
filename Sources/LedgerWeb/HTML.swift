/// A piece of HTML in which every interpolated string is escaped: literals are markup, values are text.
///
/// ```swift
/// let row: HTML = "<td>\(item.title)</td>"   // a title of <script>… arrives as &lt;script&gt;…
/// ```
/// Markup from elsewhere goes in only as another `HTML` value; ``HTML/init(trusted:)`` is for text this program
/// wrote itself (the style sheet).
struct HTML: ExpressibleByStringInterpolation, Sendable, CustomStringConvertible {
    private(set) var text: String

    /// Markup written by this program, taken as it is.
    init(trusted text: String) {
        self.text = text
    }

    init(stringLiteral value: String) {
        text = value
    }

    init(stringInterpolation: StringInterpolation) {
        text = stringInterpolation.text
    }

    var description: String { text }

    static let empty = HTML(trusted: "")

    /// Pieces of markup one after another.
    static func join(_ pieces: [HTML], separator: HTML = .empty) -> HTML {
        HTML(trusted: pieces.map(\.text).joined(separator: separator.text))
    }

    struct StringInterpolation: StringInterpolationProtocol {
        var text = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        mutating func appendLiteral(_ literal: String) {
            text += literal
        }

        /// Text, escaped.
        mutating func appendInterpolation(_ value: String) {
            text += HTML.escape(value)
        }

        /// Text, escaped; nothing for nil.
        mutating func appendInterpolation(_ value: String?) {
            if let value { text += HTML.escape(value) }
        }

        mutating func appendInterpolation(_ value: Int) {
            text += String(value)
        }

        /// Markup, as it is.
        mutating func appendInterpolation(_ html: HTML) {
            text += html.text
        }

        /// Pieces of markup, one after another.
        mutating func appendInterpolation(_ pieces: [HTML]) {
            for piece in pieces { text += piece.text }
        }
    }

    /// `& < > " '` as character references, so the text is safe in element content and in quoted attribute
    /// values alike; control characters other than tab, line feed and carriage return (which HTML does not allow)
    /// as U+FFFD.
    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || (v >= 0x7F && v <= 0x9F) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
