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

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }
}
