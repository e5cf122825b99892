import HTTPTypes
import Hummingbird

/// Responses the pages send: HTML with the headers every page carries, redirects, and plain refusals.
enum PageResponse {
    /// An HTML page. It may not be framed, sniffed as another type, cached (it shows what one role may read), or
    /// run any script: the Content-Security-Policy allows the inline style sheet and nothing else.
    static func html(_ page: HTML, status: HTTPResponse.Status = .ok) -> Response {
        let buffer = ByteBuffer(string: page.text)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentLength] = String(buffer.readableBytes)
        addCommonHeaders(&headers)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    /// 303 See Other: after a form, or to the sign-in page.
    static func redirect(to location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.contentLength] = "0"
        addCommonHeaders(&headers)
        return Response(status: .seeOther, headers: headers)
    }

    /// A short plain-text answer (too many sign-ins, a form without its token).
    static func plain(_ text: String, status: HTTPResponse.Status) -> Response {
        let buffer = ByteBuffer(string: text + "\n")
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.contentLength] = String(buffer.readableBytes)
        addCommonHeaders(&headers)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    static func addCommonHeaders(_ headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] = WebStyle.contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[PageResponse.referrerPolicy] = "no-referrer"
        headers[.cacheControl] = "no-store"
        headers[PageResponse.frameOptions] = "DENY"
    }

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
}
