/// What the importer knows of FollowTheMoney's schemata (the entity types of OpenSanctions data).
public enum FtMSchemata {
    /// Schemata whose entities are imported as targets (addresses are not: they are where targets are, and are not
    /// listed themselves).
    public static let targets: Set<String> = [
        "Person", "Company", "Organization", "LegalEntity", "PublicBody", "Vessel", "Airplane", "Asset", "Security",
        "CryptoWallet", "BankAccount",
    ]

    /// The sanction designation itself.
    public static let sanction = "Sanction"

    /// Schemata FollowTheMoney has that are neither targets nor designations: links, documents, events. Their
    /// entities are skipped and counted.
    public static let others: Set<String> = [
        "Address", "Identification", "Passport", "Ownership", "Directorship", "Family", "Associate", "Membership", "Employment",
        "Occupancy", "Position", "Representation", "UnknownLink", "Succession", "Note", "Article", "Document", "Mention",
        "Event", "Interval", "Thing", "Value", "Payment", "Debt", "Contract", "ContractAward", "CourtCase",
        "CourtCaseParty", "Project", "ProjectParticipant", "RealEstate", "License", "TaxRoll", "Trip", "UserAccount",
        "Email", "Image", "Page", "Pages", "Table", "Workbook", "Folder", "Package", "PlainText", "HyperText", "Audio",
        "Video", "Call", "Message", "Assessment", "Documentation", "EconomicActivity", "Similar", "Analyzable", "Interest",
        "CallForTenders", "Vehicle", "Risk", "Control", "Territory",
    ]

    /// Whether FollowTheMoney has the schema at all.
    public static func isKnown(_ schema: String) -> Bool {
        targets.contains(schema) || others.contains(schema) || schema == sanction
    }

    /// Properties of the `identifier` type that name one entity only (registration, tax and vessel numbers…);
    /// classifiers shared by many entities (KPP, OKVED, COATO) are left out, so an equal value means the same entity.
    public static let identifierProperties: [String] = [
        "registrationNumber", "idNumber", "taxNumber", "vatCode", "innCode", "ogrnCode", "okpoCode", "leiCode",
        "dunsCode", "uniqueEntityId", "uscCode", "bvdId", "swiftBic", "bikCode", "voenCode", "irsCode", "cikCode",
        "jibCode", "mbsCode", "pfrNumber", "npiCode", "icijId", "passportNumber", "socialSecurityNumber", "imoNumber",
        "mmsi", "crsNumber", "isin", "isinCode", "publicKey", "iban", "wikidataId", "opencorporatesUrl",
    ]

    /// Name properties other than `name`, in the order they become aliases.
    public static let aliasProperties = ["alias", "previousName", "weakAlias"]

    /// Country-typed properties that say where a target belongs.
    public static let countryProperties = ["country", "jurisdiction", "nationality", "citizenship"]

    /// The jurisdiction code for a FollowTheMoney country code of a Sanction: `gb` → `UK`, `eu` → `EU`, `us` → `US`.
    public static func jurisdiction(_ country: String) -> String {
        let code = country.uppercased()
        return code == "GB" ? "UK" : code
    }
}
