/// One sanctioned (or otherwise listed) entity of an imported list: a person, a company, a vessel…
public struct TargetRecord: Sendable, Hashable {
    /// The line of the input file the record starts on.
    public var line: Int
    /// The OpenSanctions / FollowTheMoney entity id, e.g. `NK-2bTNZwEqAxs2tT6VkSKLSb` or `Q1234`.
    public var id: String
    /// The FollowTheMoney schema: one of `FtMSchemata.targets`.
    public var schema: String
    public var name: String
    public var aliases: [String]
    /// Each a `PartialDate` text.
    public var birthDates: [String]
    /// Country codes as the list gives them (FollowTheMoney codes, lower-case: `by`, `ru`, `gb`).
    public var countries: [String]
    public var addresses: [String]
    public var identifiers: [String]
    public var phones: [String]
    public var emails: [String]
    public var programIDs: [String]
    /// Dataset titles (CSV) or dataset names (FollowTheMoney).
    public var datasets: [String]
    /// Date or date-time as given, checked to be one.
    public var firstSeen: String?
    public var lastSeen: String?
    public var lastChange: String?
    /// What the list says of the entity itself: false for an entity that is in the file only because it is
    /// linked to a target (a relative, an owner). The simple CSV export holds targets only.
    public var isTarget: Bool

    public init(line: Int, id: String, schema: String, name: String, aliases: [String] = [], birthDates: [String] = [],
                countries: [String] = [], addresses: [String] = [], identifiers: [String] = [], phones: [String] = [],
                emails: [String] = [], programIDs: [String] = [], datasets: [String] = [], firstSeen: String? = nil,
                lastSeen: String? = nil, lastChange: String? = nil, isTarget: Bool = true) {
        self.line = line
        self.id = id
        self.schema = schema
        self.name = name
        self.aliases = aliases
        self.birthDates = birthDates
        self.countries = countries
        self.addresses = addresses
        self.identifiers = identifiers
        self.phones = phones
        self.emails = emails
        self.programIDs = programIDs
        self.datasets = datasets
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.lastChange = lastChange
        self.isTarget = isTarget
    }
}
