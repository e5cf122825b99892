/// One listing of a target under a sanctions regime: who listed it, under which programme, from when to when.
public struct DesignationRecord: Sendable, Hashable {
    /// The line of the input file the designation comes from.
    public var line: Int
    /// The id of the `TargetRecord` it lists.
    public var targetID: String
    /// Stable within its target: in the CSV export the sanction text without its trailing dates (the whole text
    /// when nothing else is left, or when two listings of the target would share it); in FollowTheMoney the
    /// Sanction entity's id.
    public var key: String
    /// Upper-case code of who imposed it (`UK`, `EU`, `US`, `UA`) when the data says so; nil in the CSV export.
    public var jurisdiction: String?
    public var authority: String?
    public var programme: String?
    public var programID: String?
    public var reason: String?
    public var status: String?
    public var listedOn: PartialDate?
    public var delistedOn: PartialDate?
    /// The listing authority's own reference (FollowTheMoney `authorityId`, else `unscId`).
    public var reference: String?
    public var sourceURL: String?
    /// The sanction as the CSV export writes it: programme, reason, status and dates joined with " - ".
    public var text: String

    public init(line: Int, targetID: String, key: String, jurisdiction: String? = nil, authority: String? = nil,
                programme: String? = nil, programID: String? = nil, reason: String? = nil, status: String? = nil,
                listedOn: PartialDate? = nil, delistedOn: PartialDate? = nil, reference: String? = nil,
                sourceURL: String? = nil, text: String) {
        self.line = line
        self.targetID = targetID
        self.key = key
        self.jurisdiction = jurisdiction
        self.authority = authority
        self.programme = programme
        self.programID = programID
        self.reason = reason
        self.status = status
        self.listedOn = listedOn
        self.delistedOn = delistedOn
        self.reference = reference
        self.sourceURL = sourceURL
        self.text = text
    }
}
