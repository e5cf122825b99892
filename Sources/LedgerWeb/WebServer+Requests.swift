import Hummingbird
import NIOCore
import Postgres

extension WebServer {
    /// The session cookie: the token of a session in the store.
    static let sessionCookie = "el_session"
    /// The sign-in form's cookie: the token its hidden field must repeat.
    static let signInCookie = "el_signin"

    /// A cookie as every cookie of this server is: HTTP only (no script reads it), SameSite=Strict (no other site
    /// sends it), for the whole site, and Secure off loopback (see ``secureCookies``). A `maxAge` of 0 deletes it.
    func cookie(_ name: String, value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// The signed-in session of a request, and its cookie's token.
    func signedIn(_ request: Request) async -> (SignedIn, token: String)? {
        guard let token = request.cookies[WebServer.sessionCookie]?.value, !token.isEmpty else { return nil }
        guard let signedIn = await sessions.find(token: token) else { return nil }
        return (signedIn, token)
    }

    /// Runs a page for a signed-in user; anyone else is sent to the sign-in page. Errors become pages: the
    /// database's refusal of a privilege is 403, a lost connection ends the session.
    func page(_ request: Request, _ body: (SignedIn) async throws -> Response) async throws -> Response {
        guard let (signedIn, token) = await signedIn(request) else {
            return PageResponse.redirect(to: "/sign-in")
        }
        do {
            return try await body(signedIn)
        } catch let error as PageError {
            return error.page(signedIn: signedIn)
        } catch let error as PostgresError where error.kind == .connection {
            await sessions.remove(token: token)
            return PageError(.serviceUnavailable, "The connection to the database was lost (\(error.message)). Sign in again.").page(signedIn: nil)
        } catch let error as PostgresError where error.sqlState == SQLState.insufficientPrivilege {
            return PageError(.forbidden, "The database does not allow your role this: \(error.message).").page(signedIn: signedIn)
        } catch let error as PostgresError {
            let state = error.sqlState.map { " (SQLSTATE \($0))" } ?? ""
            return PageError(.internalServerError, "The database refused: \(error.fullMessage)\(state)").page(signedIn: signedIn)
        } catch is NIOTooManyBytesError {
            return PageResponse.plain("The form is larger than this server accepts (64 KiB; a dossier spec 1 MiB); nothing was saved.", status: .contentTooLarge)
        }
    }

    /// Runs a form's action for a signed-in user, after checking the form's CSRF token against the session's:
    /// missing or wrong, it is refused with 403 and nothing is done.
    func formAction(_ request: Request, context: WebRequestContext, maxSize: Int? = nil, _ body: (SignedIn, FormData) async throws -> Response) async throws -> Response {
        try await page(request) { signedIn in
            let form = try await readForm(request, context: context, maxSize: maxSize)
            guard SecureToken.matches(form["csrf"], signedIn.formToken) else {
                return PageResponse.plain("The form's security token is missing or wrong, so nothing was done. Open the page again and send the form from there.", status: .forbidden)
            }
            return try await body(signedIn, form)
        }
    }

    /// The fields of a form sent as `application/x-www-form-urlencoded`, read up to the context's size limit.
    func readForm(_ request: Request, context: WebRequestContext, maxSize: Int? = nil) async throws -> FormData {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            throw PageError(.unsupportedMediaType, "Forms are sent as application/x-www-form-urlencoded.")
        }
        var request = request
        let buffer = try await request.collectBody(upTo: maxSize ?? context.maxUploadSize)
        return FormData(urlEncoded: Substring(String(buffer: buffer)))
    }

    /// The query string's fields.
    func query(_ request: Request) -> FormData {
        FormData(urlEncoded: Substring(request.uri.query ?? ""))
    }

    /// Runs `body` on the session's connection, as its role.
    func database<T: Sendable>(_ signedIn: SignedIn, _ body: @Sendable @escaping (Connection) throws -> T) async throws -> T {
        try await signedIn.session.run(body)
    }
}
