/// What kind of thing a record describes; the `entity_type` of `ledger.entity`.
public enum EntityKind: String, Sendable, CaseIterable, Hashable {
    case instrument, provision, element, source, actor, place, item, link, exhibit

    /// The version table the kind's records go to (exhibits are not imported: `exhibit add` takes files in).
    public var versionTable: String { "\(rawValue)_version" }

    /// The kinds records of the import formats describe.
    public static let importable: [EntityKind] = [.instrument, .provision, .element, .source, .actor, .place, .item, .link]
}

/// How one field of an input record is read and checked.
public enum FieldType: Sendable {
    /// Non-empty text up to a length.
    case text(maxLength: Int)
    /// One code of a vocabulary (database enum type name, allowed codes).
    case code(type: String, allowed: [String])
    /// A calendar date, YYYY-MM-DD.
    case date
    /// YYYY, YYYY-MM or YYYY-MM-DD; the precision goes to the named column.
    case partialDate(precisionColumn: String)
    /// A whole number in a range, sent as the named enum type's code (for credibility grades) or as a number.
    case integer(ClosedRange<Int>)
    /// The external id of another entity; resolved to its uuid when written.
    case reference(EntityKind)
    /// The code of a criterion element, or of a provision that has no elements.
    case criterion
    /// An http(s) URL.
    case url
    /// A BCP 47 language tag.
    case languageTag
    /// `{from, to, precision}`: a range of instants with its precision (columns occurred, occurred_precision).
    case occurred
    /// A mapping of scalar attributes, checked per evidence kind.
    case attributes
    /// A list of `{scheme, value}`.
    case identifiers
}

/// One field: its key in the input, its column in the version table, its type and whether it must be there.
public struct FieldSpec: Sendable {
    public var key: String
    public var column: String
    public var type: FieldType
    public var required: Bool

    public init(_ key: String, column: String? = nil, _ type: FieldType, required: Bool = false) {
        self.key = key
        self.column = column ?? key
        self.type = type
        self.required = required
    }
}

/// A list of child rows recorded with each version (names, an item's actors and sources).
public struct ChildSpec: Sendable {
    public var key: String
    public var table: String
    public var fields: [FieldSpec]

    public init(key: String, table: String, fields: [FieldSpec]) {
        self.key = key
        self.table = table
        self.fields = fields
    }
}

/// How records of one kind are read: their fields and child lists.
public struct RecordSpec: Sendable {
    public var kind: EntityKind
    public var fields: [FieldSpec]
    public var children: [ChildSpec]

    static let text = FieldType.text(maxLength: 2000)
    static let longText = FieldType.text(maxLength: 200_000)
    static let names = ChildSpec(key: "names", table: "name", fields: [
        FieldSpec("text", column: "name", .text(maxLength: 500), required: true),
        FieldSpec("lang", column: "language", .languageTag, required: true),
        FieldSpec("romanisation", .text(maxLength: 100)),
    ])

    public static let all: [EntityKind: RecordSpec] = [
        .instrument: RecordSpec(kind: .instrument, fields: [
            FieldSpec("title", text, required: true),
            FieldSpec("kind", .code(type: "instrument_kind", allowed: Vocabulary.instrumentKind), required: true),
            FieldSpec("symbol", .text(maxLength: 200)),
            FieldSpec("adopted", column: "adopted_on", .date),
            FieldSpec("registered", column: "registered_on", .date),
            FieldSpec("in_force", text),
            FieldSpec("notes", longText),
        ], children: []),
        .provision: RecordSpec(kind: .provision, fields: [
            FieldSpec("instrument", column: "instrument_id", .reference(.instrument), required: true),
            FieldSpec("label", .text(maxLength: 200), required: true),
            FieldSpec("text", column: "body", longText),
            FieldSpec("text_status", .code(type: "text_status", allowed: Vocabulary.textStatus), required: true),
            FieldSpec("text_source", text),
            FieldSpec("notes", longText),
        ], children: []),
        .element: RecordSpec(kind: .element, fields: [
            FieldSpec("provision", column: "provision_id", .reference(.provision), required: true),
            FieldSpec("text", column: "body", longText, required: true),
            FieldSpec("basis", .code(type: "text", allowed: ["reference", "text"]), required: true),
            FieldSpec("ordinal", .integer(1...1000), required: true),
        ], children: []),
        .source: RecordSpec(kind: .source, fields: [
            FieldSpec("title", text),
            FieldSpec("publisher", text),
            FieldSpec("site", .text(maxLength: 200)),
            FieldSpec("url", .url),
            FieldSpec("author", text),
            FieldSpec("published", column: "published_on", .partialDate(precisionColumn: "published_precision")),
            FieldSpec("language", .languageTag),
            FieldSpec("kind", .code(type: "source_kind", allowed: Vocabulary.sourceKind), required: true),
            FieldSpec("reliability", .code(type: "source_reliability", allowed: Vocabulary.sourceReliability), required: true),
            FieldSpec("grading_note", longText),
            FieldSpec("protection", .code(type: "protection", allowed: Vocabulary.protection)),
            FieldSpec("notes", longText),
        ], children: []),
        .actor: RecordSpec(kind: .actor, fields: [
            FieldSpec("kind", .code(type: "actor_kind", allowed: Vocabulary.actorKind), required: true),
            FieldSpec("state", column: "state_id", .reference(.actor)),
            FieldSpec("identifiers", .identifiers),
            FieldSpec("notes", longText),
        ], children: [names]),
        .place: RecordSpec(kind: .place, fields: [
            FieldSpec("kind", .code(type: "place_kind", allowed: Vocabulary.placeKind), required: true),
            FieldSpec("state", column: "state_id", .reference(.actor)),
            FieldSpec("within", column: "within_id", .reference(.place)),
            FieldSpec("notes", longText),
        ], children: [names]),
        .item: RecordSpec(kind: .item, fields: [
            FieldSpec("kind", .code(type: "evidence_kind", allowed: Vocabulary.evidenceKind), required: true),
            FieldSpec("title", .text(maxLength: 500), required: true),
            FieldSpec("description", longText),
            FieldSpec("occurred", .occurred),
            FieldSpec("place", column: "place_id", .reference(.place)),
            FieldSpec("acting_state", column: "acting_state_id", .reference(.actor)),
            FieldSpec("territorial_state", column: "territorial_state_id", .reference(.actor)),
            FieldSpec("attributes", .attributes),
            FieldSpec("claim_status", .code(type: "claim_status", allowed: Vocabulary.claimStatus)),
            FieldSpec("review_status", column: "status", .code(type: "review_status", allowed: ["draft", "submitted", "withdrawn"])),
        ], children: [
            ChildSpec(key: "actors", table: "item_actor", fields: [
                FieldSpec("actor", column: "actor_id", .reference(.actor), required: true),
                FieldSpec("role", .code(type: "actor_role", allowed: Vocabulary.actorRole), required: true),
            ]),
            ChildSpec(key: "sources", table: "item_source", fields: [
                FieldSpec("source", column: "source_id", .reference(.source), required: true),
                FieldSpec("locator", .text(maxLength: 500)),
                FieldSpec("quote", longText),
            ]),
            ChildSpec(key: "exhibits", table: "item_exhibit", fields: [
                FieldSpec("exhibit", column: "exhibit_id", .reference(.exhibit), required: true),
                FieldSpec("note", .text(maxLength: 2000)),
            ]),
        ]),
        .link: RecordSpec(kind: .link, fields: [
            FieldSpec("item", column: "item_id", .reference(.item), required: true),
            FieldSpec("element", column: "criterion_id", .criterion, required: true),
            FieldSpec("relation", .code(type: "link_relation", allowed: Vocabulary.linkRelation), required: true),
            FieldSpec("credibility", .integer(1...6), required: true),
            FieldSpec("argument", longText, required: true),
        ], children: []),
    ]
}

/// One record read from input, checked, ready to stage: its kind, external id, where it came from, the columns
/// of its version row (references still as external ids) and its child rows.
public struct StagedRecord: Sendable, Hashable {
    public var kind: EntityKind
    public var externalID: String
    public var location: RecordLocation
    /// Column → value; references hold the external id of the entity they point at.
    public var columns: [String: JSONValue]
    /// Child table → rows (column → value), in input order.
    public var children: [String: [[String: JSONValue]]]

    public init(kind: EntityKind, externalID: String, location: RecordLocation, columns: [String: JSONValue], children: [String: [[String: JSONValue]]] = [:]) {
        self.kind = kind
        self.externalID = externalID
        self.location = location
        self.columns = columns
        self.children = children
    }
}
