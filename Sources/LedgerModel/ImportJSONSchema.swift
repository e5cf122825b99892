/// JSON Schemas (draft 2020-12) of the import formats, made from the same ``RecordSpec``s the readers check
/// against, so the published schemas cannot drift from what is enforced. `schema/json/` holds them; a test
/// keeps those files equal to this output.
public enum ImportJSONSchema {
    static let idPattern = "^[A-Za-z0-9][A-Za-z0-9._:/()+-]{0,199}$"

    static func fieldSchema(_ type: FieldType) -> JSONValue {
        switch type {
        case .text(let max): return .object(["type": .string("string"), "minLength": .integer(1), "maxLength": .integer(max)])
        case .code(_, let allowed): return .object(["enum": .array(allowed.map(JSONValue.string))])
        case .date: return .object(["type": .string("string"), "pattern": .string("^\\d{4}-\\d{2}-\\d{2}$")])
        case .partialDate: return .object(["type": .string("string"), "pattern": .string("^\\d{4}(-\\d{2}(-\\d{2})?)?$")])
        case .integer(let range): return .object(["type": .string("integer"), "minimum": .integer(range.lowerBound), "maximum": .integer(range.upperBound)])
        case .reference, .criterion: return .object(["type": .string("string"), "pattern": .string(idPattern)])
        case .url: return .object(["type": .string("string"), "pattern": .string("^https?://")])
        case .languageTag: return .object(["type": .string("string"), "pattern": .string("^[a-z]{2,3}(-[A-Za-z0-9]+)*$")])
        case .occurred:
            let point = JSONValue.object(["type": .string("string"), "pattern": .string("^\\d{4}(-\\d{2}(-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?)?)?$")])
            return .object([
                "type": .string("object"), "additionalProperties": .bool(false), "required": .array([.string("from"), .string("precision")]),
                "properties": .object(["from": point, "to": point, "precision": .object(["enum": .array(Vocabulary.precision.map(JSONValue.string))])]),
            ])
        case .attributes:
            return .object(["type": .string("object"), "additionalProperties": .object(["type": .array([.string("string"), .string("integer")])]),
                            "description": .string("Per evidence kind: see ledger.evidence_kind_attribute.")])
        case .identifiers:
            return .object(["type": .string("array"), "items": .object([
                "type": .string("object"), "additionalProperties": .bool(false), "required": .array([.string("scheme"), .string("value")]),
                "properties": .object(["scheme": .object(["type": .string("string")]), "value": .object(["type": .string("string")])]),
            ])])
        }
    }

    static func objectSchema(_ fields: [FieldSpec], extra: [String: JSONValue] = [:], required extraRequired: [String] = []) -> JSONValue {
        var properties = extra
        var required = extraRequired
        for field in fields {
            properties[field.key] = fieldSchema(field.type)
            if field.required { required.append(field.key) }
        }
        return .object([
            "type": .string("object"), "additionalProperties": .bool(false),
            "required": .array(required.map(JSONValue.string)), "properties": .object(properties),
        ])
    }

    /// The schema of one record of `kind` as the YAML formats write it (links nested in items, elements in
    /// provisions).
    public static func record(_ kind: EntityKind) -> JSONValue {
        let spec = RecordSpec.all[kind]!
        let idKey = [.instrument, .provision, .element].contains(kind) ? "code" : "id"
        var extra: [String: JSONValue] = [idKey: .object(["type": .string("string"), "pattern": .string(idPattern)])]
        var fields = spec.fields
        switch kind {
        case .element:
            fields.removeAll { $0.key == "provision" || $0.key == "ordinal" }
        case .link:
            fields.removeAll { $0.key == "item" }
            extra = [:]
        case .provision:
            extra["elements"] = .object(["type": .string("array"), "items": record(.element)])
        case .item:
            extra["links"] = .object(["type": .string("array"), "items": record(.link)])
        default:
            break
        }
        for child in spec.children {
            extra[child.key] = .object(["type": .string("array"), "items": objectSchema(child.fields)])
        }
        return objectSchema(fields, extra: extra, required: kind == .link ? [] : [idKey])
    }

    /// The schema of a whole YAML document of `format` (e.g. `evidence-ledger/items@1`).
    public static func document(format: String) -> JSONValue? {
        guard let layout = YAMLRecordReader.formats[format] else { return nil }
        var properties: [String: JSONValue] = ["format": .object(["const": .string(format)])]
        for (key, kind) in layout {
            properties[key] = .object(["type": .string("array"), "items": record(kind)])
        }
        return .object([
            "$schema": .string("https://json-schema.org/draft/2020-12/schema"),
            "$id": .string("https://evidence-ledger.invalid/schema/json/\(fileName(format: format))"),
            "title": .string("Evidence Ledger import: \(format)"),
            "type": .string("object"), "required": .array([.string("format")]),
            "additionalProperties": format.hasSuffix("grading-scales@1") ? .bool(true) : .bool(false),
            "properties": .object(properties),
        ])
    }

    /// The schema of one JSON line: a record with a `type`.
    public static func jsonLine() -> JSONValue {
        var variants: [JSONValue] = []
        for kind in EntityKind.importable where kind != .element {
            guard case .object(var schema) = record(kind), case .object(var properties) = schema["properties"]!,
                  case .array(var required) = schema["required"]! else { continue }
            properties["type"] = .object(["const": .string(kind.rawValue)])
            required.append(.string("type"))
            if kind == .link {
                properties["item"] = .object(["type": .string("string"), "pattern": .string(idPattern)])
                required.append(.string("item"))
            }
            schema["properties"] = .object(properties)
            schema["required"] = .array(required)
            variants.append(.object(schema))
        }
        return .object([
            "$schema": .string("https://json-schema.org/draft/2020-12/schema"),
            "$id": .string("https://evidence-ledger.invalid/schema/json/import-line.schema.json"),
            "title": .string("Evidence Ledger import: one JSON line"),
            "oneOf": .array(variants),
        ])
    }

    public static func fileName(format: String) -> String {
        let name = format.replacingOccurrences(of: "evidence-ledger/", with: "").replacingOccurrences(of: "@1", with: "")
        return "import-\(name).schema.json"
    }

    /// Every schema file: name → pretty JSON text.
    public static func files() -> [(name: String, text: String)] {
        var result = YAMLRecordReader.formats.keys.sorted().compactMap { format in
            document(format: format).map { (fileName(format: format), pretty($0)) }
        }
        result.append(("import-line.schema.json", pretty(jsonLine())))
        return result
    }

    /// Indented JSON with sorted keys, ending in a newline.
    public static func pretty(_ value: JSONValue, indent: String = "") -> String {
        pretty(value, level: 0) + "\n"
    }

    static func pretty(_ value: JSONValue, level: Int) -> String {
        let pad = String(repeating: "  ", count: level + 1), close = String(repeating: "  ", count: level)
        switch value {
        case .array(let items) where !items.isEmpty:
            return "[\n" + items.map { pad + pretty($0, level: level + 1) }.joined(separator: ",\n") + "\n" + close + "]"
        case .object(let members) where !members.isEmpty:
            return "{\n" + members.keys.sorted().map { pad + JSONValue.string($0).text + ": " + pretty(members[$0]!, level: level + 1) }.joined(separator: ",\n") + "\n" + close + "}"
        default:
            return value.text
        }
    }
}
