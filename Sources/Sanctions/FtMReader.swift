import Foundation
import LedgerModel

/// Reads FollowTheMoney entities as JSON lines (the OpenSanctions `entities.ftm.json` export): one entity a line,
/// `{"id", "schema", "properties": {name: [values]}, "datasets", "first_seen", "last_seen", "last_change", "target"}`.
///
/// Entities of target schemata (`FtMSchemata.targets`) become targets, `Sanction` entities designations; the other
/// schemata FollowTheMoney has are skipped and counted.
public enum FtMReader {
    /// A batch stops being checked after this many issues; they are reported together.
    public static let maxIssues = 100

    /// Streams the file and hands checked batches of about `batchSize` lines to `body`. A designation is handed
    /// over with its target or after it: one whose entity comes later in the file waits for it (only those are
    /// kept in memory, with the ids seen). Anything wrong throws `ImportFailure` with every issue of the batch (up
    /// to `maxIssues`), before the batch is handed over; a Sanction whose entity never appears throws at the end.
    /// The caller then writes nothing. Returns the entities skipped by schema and the number of lines.
    @discardableResult
    public static func read(path: String, batchSize: Int = 5000, _ body: (SanctionsBatch) throws -> Void) throws -> (skipped: [String: Int], lines: Int) {
        var checker = EntityChecker(file: path)
        try FileStream.lines(path: path, batchSize: batchSize) { lines in
            let batch = try checker.batch(lines)
            if !batch.targets.isEmpty || !batch.designations.isEmpty { try body(batch) }
        }
        try checker.finish()
        return (checker.skipped, checker.lines)
    }
}

/// The checks of one FollowTheMoney file: the entities seen so far and the designations waiting for theirs.
struct EntityChecker {
    struct Seen {
        var line: Int
        var schema: String
    }

    let file: String
    var seen: [String: Seen] = [:]
    /// Designations by the id of the entity they list, until it comes.
    var waiting: [String: [DesignationRecord]] = [:]
    var skipped: [String: Int] = [:]
    var lines = 0

    init(file: String) { self.file = file }

    static let expectedTarget = "the id of a target (\(FtMSchemata.targets.sorted().joined(separator: ", ")))"

    mutating func batch(_ lines: [(line: Int, text: String)]) throws(ImportFailure) -> SanctionsBatch {
        var issues: [ImportIssue] = []
        var batch = SanctionsBatch()
        for (lineNumber, text) in lines {
            self.lines += 1
            guard issues.count < FtMReader.maxIssues else { continue }
            let trimmed = text.trimmed
            if trimmed.isEmpty { continue }
            read(trimmed, line: lineNumber, into: &batch, issues: &issues)
        }
        guard issues.isEmpty else { throw ImportFailure(Array(issues.prefix(FtMReader.maxIssues))) }
        return batch
    }

    /// Sanctions whose entity never came.
    func finish() throws(ImportFailure) {
        let dangling = waiting.values.flatMap { $0 }.sorted { $0.line < $1.line }
        guard dangling.isEmpty else {
            throw ImportFailure(dangling.prefix(FtMReader.maxIssues).map {
                ImportIssue(RecordLocation(file: file, line: $0.line), field: "properties.entity", value: $0.targetID,
                            expected: "the id of an entity in the file (no line has it)")
            })
        }
    }

    mutating func read(_ text: String, line: Int, into batch: inout SanctionsBatch, issues: inout [ImportIssue]) {
        let location = RecordLocation(file: file, line: line)
        func issue(_ field: String, _ value: Any?, _ expected: String) {
            issues.append(ImportIssue(location, field: field, value: value.map(EntityChecker.show), expected: expected))
        }
        guard let json = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            return issue("(line)", String(text.prefix(60)), "a JSON object (this line is not JSON)")
        }
        guard let object = json as? [String: Any] else {
            return issue("(line)", String(text.prefix(60)), "a JSON object, one entity a line")
        }
        let before = issues.count
        let id = object["id"] as? String ?? ""
        if id.isEmpty {
            issue("id", object["id"], "the entity id, a string")
        } else if !EntityID.isValid(id) {
            issue("id", id, EntityID.expected)
        }
        let schema = object["schema"] as? String ?? ""
        if schema.isEmpty {
            issue("schema", object["schema"], "a FollowTheMoney schema such as Person, Company or Sanction")
        } else if !FtMSchemata.isKnown(schema) {
            issue("schema", schema, "a FollowTheMoney schema: one of \(FtMSchemata.targets.sorted().joined(separator: ", ")), Sanction or another FollowTheMoney schema")
        }
        var properties: [String: [String]] = [:]
        if let raw = object["properties"] as? [String: Any] {
            for (name, value) in raw.sorted(by: { $0.key < $1.key }) {
                guard let strings = value as? [Any], let values = strings as? [String], strings.allSatisfy({ $0 is String }) else {
                    issue("properties.\(name)", value, "an array of strings")
                    continue
                }
                properties[name] = values
            }
        } else {
            issue("properties", object["properties"], "an object of property names and arrays of strings")
        }
        var times: [String: String] = [:]
        for name in ["first_seen", "last_seen", "last_change"] {
            guard let value = object[name], !(value is NSNull) else { continue }
            if let text = value as? String, PartialDate.isTimestamp(text) {
                times[name] = text
            } else {
                issue(name, value, "a date-time YYYY-MM-DDTHH:MM:SS or a date YYYY-MM-DD")
            }
        }
        var datasets: [String] = []
        if let value = object["datasets"], !(value is NSNull) {
            if let values = value as? [Any], values.allSatisfy({ $0 is String }) {
                datasets = values as? [String] ?? []
            } else {
                issue("datasets", value, "an array of dataset names")
            }
        }
        if !id.isEmpty, EntityID.isValid(id) {
            if let earlier = seen[id] {
                issue("id", id, "an id not used before in the file (line \(earlier.line) has it)")
            } else if FtMSchemata.isKnown(schema) {
                seen[id] = Seen(line: line, schema: schema)
            }
        }
        guard issues.count == before else { return }

        if FtMSchemata.targets.contains(schema) {
            guard let target = target(id: id, schema: schema, properties: properties, object: object, datasets: datasets, times: times,
                                      location: location, issues: &issues) else { return }
            batch.targets.append(target)
            if let listings = waiting.removeValue(forKey: id) { batch.designations.append(contentsOf: listings) }
        } else if schema == FtMSchemata.sanction {
            for designation in designations(id: id, properties: properties, location: location, issues: &issues) {
                if let entity = seen[designation.targetID] {
                    if FtMSchemata.targets.contains(entity.schema) {
                        batch.designations.append(designation)
                    } else {
                        issues.append(ImportIssue(location, field: "properties.entity", value: designation.targetID,
                                                  expected: EntityChecker.expectedTarget + ": the entity on line \(entity.line) is of schema \(entity.schema)"))
                    }
                } else {
                    waiting[designation.targetID, default: []].append(designation)
                }
            }
        } else {
            skipped[schema, default: 0] += 1
            // Sanctions that were waiting for this entity list something that is not a target.
            for listing in waiting.removeValue(forKey: id) ?? [] {
                issues.append(ImportIssue(RecordLocation(file: file, line: listing.line), field: "properties.entity", value: id,
                                          expected: EntityChecker.expectedTarget + ": the entity on line \(line) is of schema \(schema)"))
            }
        }
    }

    func target(id: String, schema: String, properties: [String: [String]], object: [String: Any], datasets: [String],
                times: [String: String], location: RecordLocation, issues: inout [ImportIssue]) -> TargetRecord? {
        func values(_ names: [String]) -> [String] {
            var found: [String] = []
            var unique: Set<String> = []
            for name in names {
                for value in properties[name] ?? [] {
                    let value = value.trimmed
                    if !value.isEmpty, unique.insert(value).inserted { found.append(value) }
                }
            }
            return found
        }
        let names = values(["name"])
        guard let name = names.first ?? (object["caption"] as? String).map(\.trimmed).flatMap({ $0.isEmpty ? nil : $0 }) else {
            issues.append(ImportIssue(location, field: "properties.name", value: nil, expected: "the target's name (properties.name or caption)"))
            return nil
        }
        var birthDates: [String] = []
        for value in values(["birthDate"]) {
            if let date = PartialDate.parse(value) {
                birthDates.append(date.text)
            } else {
                issues.append(ImportIssue(location, field: "properties.birthDate", value: value, expected: "a date YYYY, YYYY-MM or YYYY-MM-DD"))
            }
        }
        let aliases = values(["name"] + FtMSchemata.aliasProperties).filter { $0 != name }
        return TargetRecord(
            line: location.line, id: id, schema: schema, name: name, aliases: aliases, birthDates: birthDates,
            countries: values(FtMSchemata.countryProperties), addresses: values(["address"]),
            identifiers: values(FtMSchemata.identifierProperties), phones: values(["phone"]), emails: values(["email"]),
            programIDs: values(["programId"]), datasets: datasets, firstSeen: times["first_seen"], lastSeen: times["last_seen"],
            lastChange: times["last_change"], isTarget: object["target"] as? Bool ?? true)
    }

    /// One designation for each entity the Sanction lists (nearly always one).
    func designations(id: String, properties: [String: [String]], location: RecordLocation, issues: inout [ImportIssue]) -> [DesignationRecord] {
        func values(_ name: String) -> [String] { (properties[name] ?? []).map(\.trimmed).filter { !$0.isEmpty } }
        func joined(_ name: String) -> String? { values(name).isEmpty ? nil : values(name).joined(separator: "; ") }
        func dates(_ name: String) -> [PartialDate] {
            values(name).compactMap { value in
                guard let date = PartialDate.parse(value) else {
                    issues.append(ImportIssue(location, field: "properties.\(name)", value: value, expected: "a date YYYY, YYYY-MM or YYYY-MM-DD"))
                    return nil
                }
                return date
            }
        }
        let entities = values("entity")
        if entities.isEmpty {
            issues.append(ImportIssue(location, field: "properties.entity", value: nil, expected: "the id of the sanctioned entity"))
        }
        let starts = dates("startDate"), listings = dates("listingDate"), ends = dates("endDate")
        let listedOn = (starts.isEmpty ? listings : starts).min { $0.firstDay < $1.firstDay }
        let delistedOn = ends.max { $0.firstDay < $1.firstDay }
        let text = SanctionText.join(values("program") + values("reason") + values("status") + values("startDate") + values("endDate"))
        return entities.map { entity in
            DesignationRecord(
                line: location.line, targetID: entity, key: id, jurisdiction: values("country").first.map(FtMSchemata.jurisdiction),
                authority: joined("authority"), programme: joined("program"), programID: values("programId").first,
                reason: joined("reason"), status: joined("status"), listedOn: listedOn, delistedOn: delistedOn,
                reference: values("authorityId").first ?? values("unscId").first, sourceURL: values("sourceUrl").first, text: text)
        }
    }

    /// A JSON value as an issue shows it.
    static func show(_ value: Any) -> String {
        switch value {
        case let text as String: return text
        case is NSNull: return "null"
        default:
            if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) {
                return String(decoding: data, as: UTF8.self)
            }
            return "\(value)"
        }
    }
}
