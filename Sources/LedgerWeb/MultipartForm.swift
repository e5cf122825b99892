/// A `multipart/form-data` body (RFC 7578), as a browser sends a form with a file: each part has a name, for a
/// file the name the user's file had, and its bytes. The parser is strict about the framing (the boundary, the
/// CRLFs, the headers) and refuses what it cannot read rather than guessing.
struct MultipartForm: Sendable {
    struct Part: Sendable {
        var name: String
        /// The file name as the browser sent it (untrusted: see ``safeFileName``); nil for a plain field.
        var fileName: String?
        var contentType: String?
        /// The part's bytes: a slice of the body, not a copy of them.
        var bytes: ArraySlice<UInt8>
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    var parts: [Part] = []

    /// The text of the first plain field with the name, or "".
    func text(_ name: String) -> String {
        parts.first { $0.name == name && $0.fileName == nil }.map { FormData.lineFeeds(String(decoding: $0.bytes, as: UTF8.self)) } ?? ""
    }

    /// The first file part with the name.
    func file(_ name: String) -> Part? {
        parts.first { $0.name == name && $0.fileName != nil }
    }

    /// The boundary of a `multipart/form-data; boundary=…` content type.
    static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimming(" \t") }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    init(parts: [Part]) {
        self.parts = parts
    }

    init(body: [UInt8], boundary: String) throws {
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        guard var position = MultipartForm.find(delimiter, in: body, from: 0) else { throw Malformed(description: "no opening boundary") }
        position += delimiter.count
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if body.count >= position + 2, body[position] == 45, body[position + 1] == 45 { return }
            guard body.count >= position + 2, Array(body[position..<position + 2]) == crlf else { throw Malformed(description: "a boundary not followed by a line break") }
            position += 2
            guard let headerEnd = MultipartForm.find([13, 10, 13, 10], in: body, from: position) else { throw Malformed(description: "a part without the end of its headers") }
            let headerText = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = MultipartForm.find(crlf + delimiter, in: body, from: contentStart) else { throw Malformed(description: "a part without its closing boundary") }
            var part = Part(name: "", fileName: nil, contentType: nil, bytes: body[contentStart..<next])
            for line in headerText.split(separator: "\r\n", omittingEmptySubsequences: true) {
                let pair = line.split(separator: ":", maxSplits: 1)
                guard pair.count == 2 else { throw Malformed(description: "a part header without a colon") }
                let value = pair[1].trimming(" \t")
                switch pair[0].lowercased() {
                case "content-disposition":
                    let parameters = MultipartForm.parameters(value)
                    guard let name = parameters["name"] else { throw Malformed(description: "a part without a name") }
                    part.name = name
                    part.fileName = parameters["filename"]
                case "content-type":
                    part.contentType = value
                default:
                    break
                }
            }
            guard !part.name.isEmpty else { throw Malformed(description: "a part without Content-Disposition") }
            parts.append(part)
            position = next + 2 + delimiter.count
        }
    }

    /// `form-data; name="x"; filename="a.pdf"` → ["name": "x", "filename": "a.pdf"]; quoted values may hold `;`.
    static func parameters(_ value: String) -> [String: String] {
        var result: [String: String] = [:]
        var scalars = Substring(value).unicodeScalars[...]
        func skipSpace() { while let c = scalars.first, c == " " || c == "\t" { scalars.removeFirst() } }
        // The disposition type itself.
        while let c = scalars.first, c != ";" { scalars.removeFirst() }
        while !scalars.isEmpty {
            scalars.removeFirst() // ";"
            skipSpace()
            var key = ""
            while let c = scalars.first, c != "=", c != ";" { key.unicodeScalars.append(c); scalars.removeFirst() }
            guard scalars.first == "=" else { continue }
            scalars.removeFirst()
            var text = ""
            if scalars.first == "\"" {
                scalars.removeFirst()
                while let c = scalars.first {
                    scalars.removeFirst()
                    if c == "\"" { break }
                    text.unicodeScalars.append(c)
                }
                while let c = scalars.first, c != ";" { scalars.removeFirst() }
            } else {
                while let c = scalars.first, c != ";" { text.unicodeScalars.append(c); scalars.removeFirst() }
            }
            let name = key.trimming(" \t").lowercased()
            // Browsers send a quote, CR and LF in a name as %22, %0D and %0A (HTML's form-data encoding).
            let decoded = text.trimming(" \t").replacingOccurrences(of: "%22", with: "\"")
                .replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
            if result[name] == nil { result[name] = decoded }
        }
        return result
    }

    /// The last component of a file name a browser sent, whichever separator it used, without control characters,
    /// at most 255 bytes: "../../etc/passwd" is "passwd", "C:\\Users\\a\\report.pdf" is "report.pdf". The name
    /// is only ever recorded as text; no file is created under it.
    static func safeFileName(_ sent: String) -> String {
        // A backslash separates folders only in a Windows path (C:\…, \\server\…); elsewhere it is part of the name.
        let windows = sent.range(of: #"^([A-Za-z]:\\|\\\\)"#, options: .regularExpression) != nil
        let last = sent.split(whereSeparator: { $0 == "/" || (windows && $0 == "\\") }).last.map(String.init) ?? ""
        var cleaned = String(String.UnicodeScalarView(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
        cleaned = cleaned.trimming(" .")
        while cleaned.utf8.count > 255 { cleaned.removeLast() }
        return cleaned.isEmpty ? "upload" : cleaned
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        let first = needle[0]
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}

extension StringProtocol {
    func trimming(_ set: String) -> String {
        var scalars = Substring(self).unicodeScalars[...]
        let trim = Set(set.unicodeScalars)
        while let c = scalars.first, trim.contains(c) { scalars.removeFirst() }
        while let c = scalars.last, trim.contains(c) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
