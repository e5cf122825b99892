import Foundation
import LedgerModel
import Postgres

/// A reviewer's verdict on an evidence item (`evidence-ledger review`, the web review queue): a new version of
/// the item with the status, the note and the reviewer, written by `ledger.review_item`. The database decides who
/// may review (members of ledger_reviewer) and records the session user as the reviewer.
public struct ItemReview: Sendable, Equatable {
    /// The statuses a review may record: verified or disputed, or submitted to put the item back in the queue.
    public static let statuses = ["verified", "disputed", "submitted"]

    public var itemID: String
    public var status: String
    public var note: String

    public init(itemID: String, status: String, note: String) {
        self.itemID = itemID
        self.status = status
        self.note = note
    }

    /// What is wrong with the review before it is sent, by field (`status`, `note`); empty when nothing is.
    public var problems: [String: String] {
        var found: [String: String] = [:]
        if !ItemReview.statuses.contains(status) {
            found["status"] = "\"\(status)\" is not verified, disputed or submitted"
        }
        if note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            found["note"] = "say what was checked, or why the item is disputed"
        }
        return found
    }

    /// Records the review; returns the item's new version number.
    @discardableResult
    public func record(on connection: Connection) throws -> Int {
        try connection.scalar("SELECT ledger.review_item(\(itemID), \(status)::ledger.review_status, \(note))", as: Int.self) ?? 0
    }
}
