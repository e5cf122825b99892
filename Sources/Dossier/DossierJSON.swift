import Foundation

/// The JSON form of a dossier: keys in snake_case and sorted, two-space indentation, a final newline, slashes
/// not escaped. Deterministic: the same document always gives the same bytes.
public enum DossierJSON {
    public static func encode(_ document: DossierDocument) throws -> Data {
        var data = try encoder().encode(document)
        data.append(0x0A)
        return data
    }

    public static func decode(_ data: Data) throws -> DossierDocument {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(DossierDocument.self, from: data)
    }

    /// `value` as it stands inside a document, indented by `indent` spaces: the bytes the whole document's
    /// encoding gives it (strings hold no raw line break, so every line is indented and empty lines stay empty).
    static func fragment<T: Encodable>(_ value: T, encoder: JSONEncoder, indent: Int) throws -> String {
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        let pad = String(repeating: " ", count: indent)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }
}
