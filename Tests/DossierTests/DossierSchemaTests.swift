import Foundation
import Testing
@testable import Dossier

/// schema/dossier.schema.json describes exactly what DossierJSON.encode writes: every member the model can write
/// is allowed, every non-optional one is required, closed lists are enums.
@Suite struct DossierSchemaTests {
    static func json(_ document: DossierDocument) throws -> JSONInstance {
        try JSONInstance.parse(DossierJSON.encode(document))
    }

    /// `value` with the member at `path` replaced by `replacement`, or removed when it is nil.
    static func setting(_ value: JSONInstance, _ path: ArraySlice<String>, to replacement: JSONInstance?) -> JSONInstance {
        guard let head = path.first else { return replacement ?? .null }
        switch value {
        case .object(var members):
            if path.count == 1 && replacement == nil {
                members[head] = nil
            } else {
                members[head] = setting(members[head] ?? .null, path.dropFirst(), to: replacement)
            }
            return .object(members)
        case .array(var elements):
            let i = Int(head)!
            elements[i] = setting(elements[i], path.dropFirst(), to: replacement)
            return .array(elements)
        default:
            return value
        }
    }

    /// The paths of every object member in `value`, in document order.
    static func memberPaths(_ value: JSONInstance, _ prefix: [String] = []) -> [[String]] {
        switch value {
        case .object(let members):
            return members.keys.sorted().flatMap { [prefix + [$0]] + memberPaths(members[$0]!, prefix + [$0]) }
        case .array(let elements):
            return elements.indices.flatMap { memberPaths(elements[$0], prefix + [String($0)]) }
        default:
            return []
        }
    }

    @Test func theSchemaUsesOnlyKeywordsTheValidatorChecks() throws {
        let validator = try JSONSchemaValidator.dossier()
        #expect(validator.schema["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        #expect(throws: JSONSchemaValidator.SchemaError.self) {
            try JSONSchemaValidator(schema: Data(#"{"type": "object", "minProperties": 1}"#.utf8))
        }
        #expect(throws: JSONSchemaValidator.SchemaError.self) {
            try JSONSchemaValidator(schema: Data(##"{"$ref": "#/$defs/nothing"}"##.utf8))
        }
    }

    @Test func validDocumentsValidate() throws {
        for document in [SampleDossier.document(), SampleDossier.minimal(), MarkdownRendererTests.emptyDocument()] {
            let violations = try validateDossierJSON(DossierJSON.encode(document))
            #expect(violations == [], "\(document.title)")
        }
    }

    /// Every member of a document with every optional absent is required: removing any one is a violation that
    /// names it.
    @Test func everyNonOptionalMemberIsRequired() throws {
        let validator = try JSONSchemaValidator.dossier()
        let minimal = try Self.json(SampleDossier.minimal())
        let paths = Self.memberPaths(minimal)
        #expect(paths.count > 100)
        for path in paths {
            let violations = validator.validate(instance: Self.setting(minimal, path[...], to: nil))
            let parent = path.dropLast().map { JSONSchemaValidator.escape($0) }.joined(separator: "/")
            let expected = (parent.isEmpty ? "(root)" : "/" + parent) + ": missing required member \"\(path.last!)\""
            #expect(violations == [expected], "removing /\(path.joined(separator: "/"))")
        }
    }

    @Test func violationsNameTheirPlace() throws {
        let validator = try JSONSchemaValidator.dossier()
        let sample = try Self.json(SampleDossier.document())
        let cases: [([String], JSONInstance?, String)] = [
            (["title"], nil, "(root): missing required member \"title\""),
            (["items", "1", "status"], nil, "/items/1: missing required member \"status\""),
            (["redaction", "profile"], .string("secret"), "/redaction/profile: \"secret\" is not one of \"public\", \"un\", \"prosecutor\""),
            (["items", "0", "status"], .string("withdrawn"), "/items/0/status: \"withdrawn\" is not one of \"draft\", \"submitted\", \"verified\", \"disputed\""),
            (["criteria", "0", "elements", "0", "evidence", "2", "relation"], .string("refutes"),
             "/criteria/0/elements/0/evidence/2/relation: \"refutes\" is not one of \"supports\", \"qualifies\", \"contradicts\""),
            (["criteria", "0", "elements", "0", "evidence", "0", "credibility"], .string("7"),
             "/criteria/0/elements/0/evidence/0/credibility: \"7\" is not one of \"1\", \"2\", \"3\", \"4\", \"5\", \"6\""),
            (["sources", "0", "reliability"], .string("G"), "/sources/0/reliability: \"G\" is not one of \"A\", \"B\", \"C\", \"D\", \"E\", \"F\""),
            (["criteria", "1", "elements", "0", "gaps", "0", "code"], .string("thin"),
             "/criteria/1/elements/0/gaps/0/code: \"thin\" is not one of \"no-evidence\", \"single-origin\", \"weak-grades-only\", \"contrary-evidence\", \"unverified-only\""),
            (["scope", "extra"], .number(1), "/scope/extra: member \"extra\" is not allowed by the schema"),
            (["extra"], .string("x"), "/extra: member \"extra\" is not allowed by the schema"),
            (["built_from", "checkpoint_size"], .string("1234"), "/built_from/checkpoint_size: expected integer, found \"1234\""),
            (["built_from", "checkpoint_size"], .number(1.5), "/built_from/checkpoint_size: expected integer, found 1.5"),
            (["redaction", "withheld_sources"], .number(-1), "/redaction/withheld_sources: -1 is less than the minimum 0"),
            (["exhibits", "0", "sha256"], .string(String(repeating: "A", count: 64)),
             "/exhibits/0/sha256: \"\(String(repeating: "A", count: 64))\" does not match ^[0-9a-f]{64}$"),
            (["summary", "by_month", "0", "month"], .string("2022-13"), "/summary/by_month/0/month: \"2022-13\" does not match ^[0-9]{4}-(0[1-9]|1[0-2])$"),
            (["format"], .string("evidence-ledger/dossier@2"), "/format: \"evidence-ledger/dossier@2\" is not one of \"evidence-ledger/dossier@1\""),
            (["places", "0", "coarsened"], .string("false"), "/places/0/coarsened: expected boolean, found \"false\""),
            (["items", "0", "occurred"], .null, "/items/0/occurred: expected object, found null"),
        ]
        for (path, replacement, expected) in cases {
            let violations = validator.validate(instance: Self.setting(sample, path[...], to: replacement))
            #expect(violations == [expected], "\(path)")
        }
    }

    @Test func reportsEveryViolationOfADocument() throws {
        var text = String(decoding: try DossierJSON.encode(SampleDossier.minimal()), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"profile\" : \"prosecutor\"", with: "\"profile\" : \"press\"")
        text = text.replacingOccurrences(of: "\"relation\" : \"qualifies\"", with: "\"relation\" : \"maybe\", \"weight\" : 2")
        let violations = try validateDossierJSON(Data(text.utf8))
        #expect(violations.count == 3, "\(violations)")
        #expect(violations.contains { $0.hasPrefix("/redaction/profile: ") })
        #expect(violations.contains { $0.hasPrefix("/criteria/0/elements/0/evidence/0/relation: ") })
        #expect(violations.contains { $0 == "/criteria/0/elements/0/evidence/0/weight: member \"weight\" is not allowed by the schema" })
    }
}
