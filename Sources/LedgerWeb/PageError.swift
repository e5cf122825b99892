import Hummingbird

/// A request the server will not carry out, with the status and a sentence for the user.
struct PageError: Error {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    static func notFound(_ message: String) -> PageError { PageError(.notFound, message) }

    /// The page for the error, in the frame of the signed-in user's pages.
    func page(signedIn: SignedIn?) -> Response {
        let title: String
        switch status.code {
        case 403: title = "Not allowed"
        case 404: title = "Not found"
        case 503: title = "The database cannot be reached"
        default: title = "Something went wrong"
        }
        return PageResponse.html(PageLayout.page(title: title, signedIn: signedIn, content: "<p>\(message)</p>"), status: status)
    }
}
