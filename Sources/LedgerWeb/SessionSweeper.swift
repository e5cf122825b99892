import ServiceLifecycle

/// Closes sessions left idle, every `interval`, and every session when the server stops.
struct SessionSweeper: Service {
    let sessions: SessionStore
    let interval: Duration

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await sessions.sweep()
            }
        }
        await sessions.removeAll()
    }
}
