import Foundation
import LedgerModel

/// Runs a producer of record batches on a thread of its own and hands its batches, in order, to a consumer on the
/// calling thread, with at most `capacity` batches waiting in between. An error on either side stops both: the
/// consumer's error is thrown as it is; otherwise the producer's (an ``ImportFailure`` listing every problem)
/// is thrown once the batches delivered before it were consumed.
enum BatchPipeline {
    /// The queue between the two threads.
    final class Channel: @unchecked Sendable {
        // Every member is read and written only while `condition` is locked.
        private let condition = NSCondition()
        private var batches: [[StagedRecord]] = []
        private var finished = false
        private var failure: (any Error)?
        private var cancelled = false
        let capacity: Int

        init(capacity: Int) { self.capacity = max(1, capacity) }

        /// Producer side: waits for room; throws ``Cancelled`` once the consumer gave up.
        func put(_ batch: [StagedRecord]) throws {
            condition.lock()
            defer { condition.unlock() }
            while batches.count >= capacity && !cancelled { condition.wait() }
            if cancelled { throw Cancelled() }
            batches.append(batch)
            condition.broadcast()
        }

        /// Producer side: no more batches, with the producer's error if it had one.
        func finish(_ error: (any Error)?) {
            condition.lock()
            finished = true
            failure = error
            condition.broadcast()
            condition.unlock()
        }

        /// Consumer side: the next batch, or nil at the end (throwing the producer's error, if any).
        func take() throws -> [StagedRecord]? {
            condition.lock()
            defer { condition.unlock() }
            while batches.isEmpty && !finished { condition.wait() }
            if !batches.isEmpty {
                let batch = batches.removeFirst()
                condition.broadcast()
                return batch
            }
            if let failure { throw failure }
            return nil
        }

        /// Consumer side: stop the producer and wait until it has.
        func cancel() {
            condition.lock()
            cancelled = true
            condition.broadcast()
            while !finished { condition.wait() }
            condition.unlock()
        }
    }

    struct Cancelled: Error {}

    static func run(capacity: Int, produce: @escaping @Sendable (_ deliver: ([StagedRecord]) throws -> Void) throws -> Void,
                    consume: ([StagedRecord]) throws -> Void) throws {
        let channel = Channel(capacity: capacity)
        let thread = Thread {
            do {
                try produce { batch in try channel.put(batch) }
                channel.finish(nil)
            } catch {
                channel.finish(error)
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        do {
            while let batch = try channel.take() { try consume(batch) }
        } catch {
            channel.cancel()
            throw error
        }
    }
}
