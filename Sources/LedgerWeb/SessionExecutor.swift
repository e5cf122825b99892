import Dispatch

/// A serial executor on a dispatch queue of its own. A ``LedgerSession`` runs on one, so that libpq's blocking
/// calls wait on a thread of that queue, never on an event loop of the server nor on a thread of Swift's
/// cooperative pool, and one session's statements never overlap.
final class SessionExecutor: SerialExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async {
            job.runSynchronously(on: self.asUnownedSerialExecutor())
        }
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
