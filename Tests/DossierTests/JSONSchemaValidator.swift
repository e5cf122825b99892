import Foundation

/// Validates `data` (a dossier's JSON) against schema/dossier.schema.json of this source tree. Returns the
/// violations, each led by the JSON pointer of the offending value; empty when the document is valid.
func validateDossierJSON(_ data: Data) throws -> [String] {
    try JSONSchemaValidator.dossier().validate(data)
}

/// A JSON value as the validator sees it.
enum JSONInstance: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONInstance])
    case object([String: JSONInstance])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONInstance].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONInstance].self))
        }
    }

    static func parse(_ data: Data) throws -> JSONInstance {
        try JSONDecoder().decode(JSONInstance.self, from: data)
    }

    /// The member `key` of an object.
    subscript(key: String) -> JSONInstance? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)
        case .string(let s): return "\"" + s + "\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A JSON Schema (draft 2020-12) validator for the keywords the project's schemas use: `type`, `properties`,
/// `required`, `additionalProperties` (false or a schema), `items`, `enum`, `const`, `pattern`, `minimum` and `$ref`
/// to `#/$defs/…`. Annotations (`$schema`, `$id`, `title`, `description`) are ignored; any other keyword makes the
/// schema unusable (`init` throws), so that no part of a schema goes unchecked by mistake.
struct JSONSchemaValidator {
    struct SchemaError: Error, CustomStringConvertible {
        let description: String
    }

    static let supported: Set<String> = ["type", "properties", "required", "additionalProperties", "items", "enum", "const",
                                         "pattern", "minimum", "$ref", "$defs", "$schema", "$id", "title", "description"]

    let schema: JSONInstance
    private var patterns: [String: NSRegularExpression] = [:]

    init(schema data: Data) throws {
        schema = try JSONInstance.parse(data)
        try collect(schema, at: "")
    }

    /// The schema of dossiers, read from schema/dossier.schema.json of the package this test was built from.
    static func dossier() throws -> JSONSchemaValidator {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let file = url.appendingPathComponent("schema/dossier.schema.json")
        return try JSONSchemaValidator(schema: Data(contentsOf: file))
    }

    /// Checks every keyword and compiles every pattern once.
    private mutating func collect(_ schema: JSONInstance, at pointer: String) throws {
        guard case .object(let members) = schema else {
            if case .bool = schema { return }
            throw SchemaError(description: "schema\(pointer): a schema must be an object or a boolean")
        }
        for (keyword, value) in members.sorted(by: { $0.key < $1.key }) {
            guard Self.supported.contains(keyword) else {
                throw SchemaError(description: "schema\(pointer): keyword \(keyword) is not supported by this validator")
            }
            switch keyword {
            case "properties", "$defs":
                guard case .object(let children) = value else { throw SchemaError(description: "schema\(pointer)/\(keyword): not an object") }
                for (name, child) in children.sorted(by: { $0.key < $1.key }) {
                    try collect(child, at: pointer + "/" + keyword + "/" + Self.escape(name))
                }
            case "items", "additionalProperties":
                try collect(value, at: pointer + "/" + keyword)
            case "pattern":
                guard case .string(let pattern) = value else { throw SchemaError(description: "schema\(pointer)/pattern: not a string") }
                patterns[pattern] = try NSRegularExpression(pattern: pattern)
            case "$ref":
                guard case .string(let ref) = value, ref.hasPrefix("#/$defs/") else {
                    throw SchemaError(description: "schema\(pointer)/$ref: only #/$defs/… references are supported")
                }
                guard resolve(ref) != nil else { throw SchemaError(description: "schema\(pointer)/$ref: \(ref) does not resolve") }
            default:
                break
            }
        }
    }

    private func resolve(_ ref: String) -> JSONInstance? {
        let name = String(ref.dropFirst("#/$defs/".count)).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        return schema["$defs"]?[name]
    }

    static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The violations of the JSON text `data`.
    func validate(_ data: Data) throws -> [String] {
        validate(instance: try JSONInstance.parse(data))
    }

    /// The violations of `instance`, in document order (object members sorted by name).
    func validate(instance: JSONInstance) -> [String] {
        var errors: [String] = []
        check(instance, against: schema, at: "", &errors)
        return errors
    }

    private func check(_ value: JSONInstance, against schema: JSONInstance, at pointer: String, _ errors: inout [String]) {
        let place = pointer.isEmpty ? "(root)" : pointer
        if case .bool(let allowed) = schema {
            if !allowed { errors.append("\(place): not allowed by the schema") }
            return
        }
        if case .string(let ref)? = schema["$ref"], let target = resolve(ref) {
            check(value, against: target, at: pointer, &errors)
        }
        if let type = schema["type"] {
            let types: [String]
            switch type {
            case .string(let name): types = [name]
            case .array(let names): types = names.compactMap { if case .string(let n) = $0 { return n } else { return nil } }
            default: types = []
            }
            if !types.contains(where: { Self.matches(value, type: $0) }) {
                errors.append("\(place): expected \(types.joined(separator: " or ")), found \(value.description)")
                return
            }
        }
        if case .array(let allowed)? = schema["enum"], !allowed.contains(value) {
            errors.append("\(place): \(value.description) is not one of \(allowed.map(\.description).joined(separator: ", "))")
        }
        if let constant = schema["const"], constant != value {
            errors.append("\(place): \(value.description) is not \(constant.description)")
        }
        if case .string(let pattern)? = schema["pattern"], case .string(let text) = value, let regex = patterns[pattern] {
            let range = NSRange(text.startIndex..., in: text)
            if regex.firstMatch(in: text, range: range) == nil {
                errors.append("\(place): \(value.description) does not match \(pattern)")
            }
        }
        if case .number(let minimum)? = schema["minimum"], case .number(let number) = value, number < minimum {
            errors.append("\(place): \(value.description) is less than the minimum \(JSONInstance.number(minimum).description)")
        }
        if case .array(let elements) = value, let items = schema["items"] {
            for (i, element) in elements.enumerated() {
                check(element, against: items, at: pointer + "/" + String(i), &errors)
            }
        }
        if case .object(let members) = value {
            if case .array(let required)? = schema["required"] {
                for case .string(let name) in required where members[name] == nil {
                    errors.append("\(place): missing required member \"\(name)\"")
                }
            }
            let properties: [String: JSONInstance]
            if case .object(let p)? = schema["properties"] { properties = p } else { properties = [:] }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                let memberPointer = pointer + "/" + Self.escape(name)
                if let property = properties[name] {
                    check(member, against: property, at: memberPointer, &errors)
                } else if let additional = schema["additionalProperties"] {
                    if case .bool(false) = additional {
                        errors.append("\(memberPointer): member \"\(name)\" is not allowed by the schema")
                    } else {
                        check(member, against: additional, at: memberPointer, &errors)
                    }
                }
            }
        }
    }

    static func matches(_ value: JSONInstance, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array), ("object", .object):
            return true
        case ("integer", .number(let n)):
            return n.isFinite && n == n.rounded()
        default:
            return false
        }
    }
}
