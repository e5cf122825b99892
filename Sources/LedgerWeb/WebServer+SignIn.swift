import Hummingbird
import NIOCore
import Postgres

extension WebServer {
    /// GET /sign-in: the form, with a new form token in a cookie (or the one the browser has).
    func signInForm(_ request: Request) async -> Response {
        if await signedIn(request) != nil { return PageResponse.redirect(to: "/") }
        return signInPage(SignInPage(formToken: SecureToken.make()), status: .ok)
    }

    func signInPage(_ page: SignInPage, status: HTTPResponse.Status) -> Response {
        var response = PageResponse.html(page.html, status: status)
        response.setCookie(cookie(WebServer.signInCookie, value: page.formToken))
        return response
    }

    /// POST /sign-in: checks the form's token, the sign-in limit, then the password — by connecting to the
    /// database as the user. A wrong password shows the form again with the user name kept, never the password.
    func signIn(_ request: Request, context: WebRequestContext) async throws -> Response {
        let form: FormData
        do {
            form = try await readForm(request, context: context)
        } catch is NIOTooManyBytesError {
            return PageResponse.plain("The form is larger than this server accepts; nobody was signed in.", status: .contentTooLarge)
        } catch let error as PageError {
            return PageResponse.plain(error.message, status: error.status)
        }
        guard let cookieToken = request.cookies[WebServer.signInCookie]?.value, !cookieToken.isEmpty,
              SecureToken.matches(form["csrf"], cookieToken) else {
            return PageResponse.plain("The sign-in form's security token is missing or wrong. Open the sign-in page again and sign in from there.", status: .forbidden)
        }
        let user = form.text("user"), password = form.text("password")
        let address = context.clientAddress
        if await limits.isLimited(user: user, address: address) {
            return PageResponse.plain("Too many failed sign-ins for this user name or from this address. Wait five minutes, then try again.", status: .tooManyRequests)
        }
        var page = SignInPage(user: user, formToken: cookieToken)
        if user.isEmpty || password.isEmpty {
            page.error = "Give both your user name and your password."
            return signInPage(page, status: .unprocessableContent)
        }
        if user.utf8.contains(0) || password.utf8.contains(0) {
            page.error = "A user name or password cannot contain a NUL character."
            return signInPage(page, status: .unprocessableContent)
        }
        let session = LedgerSession()
        let identity: SessionIdentity
        do {
            identity = try await session.open(conninfo: target.conninfo(user: user, password: password))
        } catch is PasswordNotChecked {
            await limits.recordFailure(user: user, address: address)
            page.error = "The database let this role in without checking its password, so a password typed here proves nothing. Ask the database's administrator to require passwords (scram-sha-256 in pg_hba.conf) for the roles that sign in here."
            return signInPage(page, status: .forbidden)
        } catch let error as PostgresError where error.sqlState == SQLState.invalidPassword || error.sqlState == SQLState.invalidAuthorization {
            await limits.recordFailure(user: user, address: address)
            page.error = "The user name or the password is wrong."
            return signInPage(page, status: .unprocessableContent)
        } catch let error as PostgresError {
            // The reason (host names, paths) goes to the log, not to someone who has not signed in.
            context.logger.warning("sign-in: the database cannot be reached", metadata: ["error": "\(String(reflecting: error))"])
            page.error = "The ledger's database cannot be reached just now. Try again later; the server's log says why."
            return signInPage(page, status: .serviceUnavailable)
        }
        let token = await sessions.add(session: session, identity: identity)
        var response = PageResponse.redirect(to: "/")
        response.setCookie(cookie(WebServer.sessionCookie, value: token))
        response.setCookie(cookie(WebServer.signInCookie, value: "", maxAge: 0))
        return response
    }

    /// POST /sign-out: closes the session's connection and forgets it.
    func signOut(_ request: Request, context: WebRequestContext) async throws -> Response {
        try await formAction(request, context: context) { _, _ in
            if let token = request.cookies[WebServer.sessionCookie]?.value { await sessions.remove(token: token) }
            var response = PageResponse.redirect(to: "/sign-in")
            response.setCookie(cookie(WebServer.sessionCookie, value: "", maxAge: 0))
            return response
        }
    }
}
