import Foundation
import Testing
@testable import LedgerStore

/// The queue between a streamed dossier build's threads. No database.
@Suite struct HandOffTests {
    struct Stop: Error {}

    /// A putter faster than the taker: everything comes out once, in order, and `take` ends after `finish`.
    @Test func itemsComeOutInOrderAndTheQueueStaysBounded() throws {
        let queue = HandOff<[Int]>(limit: 2)
        let done = DispatchGroup()
        final class Taken: @unchecked Sendable { var items: [Int] = [] }
        let taken = Taken()
        done.enter()
        Thread {
            while let item = queue.take() {
                usleep(100)
                taken.items += item
            }
            done.leave()
        }.start()
        for i in 0..<500 { try queue.put([i]) }
        queue.finish()
        done.wait()
        #expect(taken.items == Array(0..<500))
        #expect(queue.failure == nil)
    }

    /// The taker's failure wakes a putter waiting on a full queue, which throws it; what waited is dropped.
    @Test func aFailureReachesTheWaitingPutter() throws {
        let queue = HandOff<Int>(limit: 1)
        try queue.put(1)
        let failed = DispatchGroup()
        failed.enter()
        Thread {
            usleep(20_000)
            _ = queue.take()
            queue.fail(Stop())
            failed.leave()
        }.start()
        // The first put waits for room, or throws once the taker has failed; either way the next one throws.
        _ = try? queue.put(2)
        failed.wait()
        #expect(throws: Stop.self) { try queue.put(3) }
        #expect(queue.take() == nil)
        #expect(queue.failure is Stop)
    }
}
