import Foundation

/// Runs `body` on a thread of its own, inside `group` (`group.wait()` returns once it has ended). For the long
/// pieces of work of a streamed dossier build, which spend much of their time waiting on each other through queues
/// and on the server: as work items of the shared pool, each would hold one of its threads while it waits, and the
/// pool starts more only as it sees them blocked.
func runOnOwnThread(_ group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
    group.enter()
    let thread = Thread {
        body()
        group.leave()
    }
    thread.start()
}
