import Hummingbird
import NIOCore

/// What every request carries besides itself: the client's address, for the sign-in limit.
struct WebRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The client's IP address, or "unknown".
    let clientAddress: String

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Forms are small: a body larger than this is refused with 413 before it is read whole.
    var maxUploadSize: Int { 64 * 1024 }
}
