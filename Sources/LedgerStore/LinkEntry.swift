import Foundation
import LedgerModel
import Postgres

/// A link from an evidence item to a criterion element (`evidence-ledger evidence link`, the web link form): one
/// link per item and criterion, `ITEM/CRITERION`; linking again with another relation, credibility or argument
/// records a new version of it, which needs a reason. Written by ``RecordImporter`` with its log entry.
public struct LinkEntry: Sendable, Equatable {
    public var itemID: String
    /// An element code, or a provision code when the provision has no elements.
    public var element: String
    public var relation: String
    /// Information credibility, 1–6, as typed.
    public var credibility: String
    public var argument: String
    /// Why the link changes; needed when it exists already.
    public var reason: String?

    public init(itemID: String, element: String, relation: String, credibility: String, argument: String, reason: String? = nil) {
        self.itemID = itemID
        self.element = element
        self.relation = relation
        self.credibility = credibility
        self.argument = argument
        self.reason = reason
    }

    public var linkID: String { "\(itemID)/\(element)" }

    /// What the link writes: a new link, a new version of it, or nothing (the same as its current version).
    public enum Outcome: Sendable, Equatable {
        case created, amended, unchanged
    }

    /// What is wrong before anything is asked of the database, by field (`element`, `relation`, `credibility`,
    /// `argument`); empty when nothing is.
    public var problems: [String: String] {
        var found: [String: String] = [:]
        if element.isEmpty { found["element"] = "choose the element (or provision) the item bears on" }
        if !Vocabulary.linkRelation.contains(relation) {
            found["relation"] = relation.isEmpty ? "choose supports, qualifies or contradicts" : "\"\(relation)\" is not supports, qualifies or contradicts"
        }
        if Int(credibility).map({ !(1...6).contains($0) }) ?? true {
            found["credibility"] = credibility.isEmpty ? "choose a grade from 1 to 6" : "\"\(credibility)\" is not a grade from 1 to 6"
        }
        if argument.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { found["argument"] = "give the reasoning, in words" }
        return found
    }

    /// Whether the link exists already (then a change needs a reason).
    public func exists(on connection: Connection) throws -> Bool {
        try connection.scalar("SELECT count(*) FROM ledger.entity WHERE entity_type = 'link' AND external_id = \(linkID)", as: Int.self) != 0
    }

    /// Writes the link. Throws ``ImportFailure`` (nothing written) when the item or criterion is unknown, a field
    /// is wrong, or the link exists and no reason is given.
    @discardableResult
    public func write(on connection: Connection) throws -> Outcome {
        var issues = problems.sorted { $0.key < $1.key }.map { field, message in
            ImportIssue(RecordLocation(file: "link", line: 1), field: field, value: nil, expected: message)
        }
        let exists = try exists(on: connection)
        let reason = self.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if exists && reason.isEmpty {
            issues.append(ImportIssue(RecordLocation(file: "link", line: 1), field: "reason", value: nil,
                                      expected: "why the link \(linkID) changes: it exists already, and a new version says why"))
        }
        if try ItemEntry.existing([itemID], on: connection).isEmpty {
            issues.append(ImportIssue(RecordLocation(file: "link", line: 1), field: "item", value: itemID, expected: "the id of an item in the ledger"))
        }
        guard issues.isEmpty, let grade = Int(credibility) else { throw ImportFailure(issues) }
        if exists, try connection.scalar("""
            SELECT v.withdrawn FROM ledger.entity e
            CROSS JOIN LATERAL (SELECT withdrawn FROM ledger.link_version lv WHERE lv.entity_id = e.id ORDER BY lv.version DESC LIMIT 1) v
            WHERE e.entity_type = 'link' AND e.external_id = \(linkID)
            """, as: Bool.self) == true {
            // A withdrawn link is linked again: a new version, not withdrawn, with what it now says and why. (An
            // import carries a withdrawal over; linking again on purpose undoes it.)
            try connection.query("""
                INSERT INTO ledger.link_version (entity_id, version, item_id, criterion_id, criterion_type, relation, credibility, argument, withdrawn, change_reason)
                SELECT cur.entity_id, cur.version + 1, cur.item_id, c.id, c.entity_type, \(relation)::ledger.link_relation,
                       \(String(grade))::ledger.information_credibility, \(argument), false, \(reason)
                FROM ledger.entity e
                CROSS JOIN LATERAL (SELECT * FROM ledger.link_version lv WHERE lv.entity_id = e.id ORDER BY lv.version DESC LIMIT 1) cur
                JOIN ledger.entity c ON c.entity_type IN ('element', 'provision') AND c.external_id = \(element)
                WHERE e.entity_type = 'link' AND e.external_id = \(linkID)
                """)
            return .amended
        }
        let record = StagedRecord(kind: .link, externalID: linkID, location: RecordLocation(file: "link", line: 1), columns: [
            "item_id": .string(itemID), "criterion_id": .string(element), "relation": .string(relation),
            "credibility": .integer(grade), "argument": .string(argument),
        ])
        let summary = try RecordImporter(connection: connection).write([record], reason: exists ? reason : "evidence link")
        return summary.totalWritten == 0 ? .unchanged : exists ? .amended : .created
    }

    /// Withdraws the link with the reason (it stays in history); returns its new version number.
    @discardableResult
    public static func withdraw(itemID: String, element: String, reason: String, on connection: Connection) throws -> Int {
        try connection.scalar("SELECT ledger.withdraw_link(\(itemID + "/" + element), \(reason))", as: Int.self) ?? 0
    }
}
