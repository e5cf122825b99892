import Foundation

/// A bounded queue from one thread to another: `put` waits while `limit` items wait, and throws the taking thread's
/// error once it has failed; `take` waits for the next item, nil once `finish` has been called and nothing waits;
/// `fail` (on the taking thread) keeps its error, drops what waits and wakes a waiting `put`. An item handed over is
/// the taking thread's (`put` takes it over, so that a batch's last reference, and its freeing, is that thread's).
/// Only the queue and the error are shared, under the lock: so the unchecked `Sendable`.
final class HandOff<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item] = []
    private var finished = false
    private var error: Error?
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func put(_ item: consuming Item) throws {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= limit && error == nil { condition.wait() }
        if let error { throw error }
        items.append(item)
        condition.broadcast()
    }

    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    func take() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished && error == nil { condition.wait() }
        guard error == nil, !items.isEmpty else { return nil }
        condition.broadcast()
        return items.removeFirst()
    }

    func fail(_ error: Error) {
        condition.lock()
        if self.error == nil { self.error = error }
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// The taking thread's error, if it failed.
    var failure: Error? {
        condition.lock()
        defer { condition.unlock() }
        return error
    }
}
