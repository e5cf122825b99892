import Hummingbird
import LedgerModel
import LedgerStore
import Postgres

extension WebServer {
    /// Every page. All but the sign-in page need a session; every POST but sign-in checks the session's form token.
    func router() -> Router<WebRequestContext> {
        let router = Router(context: WebRequestContext.self)
        router.get("/sign-in") { request, _ in await self.signInForm(request) }
        router.post("/sign-in") { request, context in try await self.signIn(request, context: context) }
        router.post("/sign-out") { request, context in try await self.signOut(request, context: context) }
        router.get("/") { request, _ in
            try await self.page(request) { signedIn in
                var page = try await self.database(signedIn) { try LedgerStatePage.read($0) }
                page.verifierKey = self.configuration.verifierKey?.keyString
                page.verification = await self.lastVerification.outcome
                return PageResponse.html(page.html(signedIn: signedIn))
            }
        }
        router.get("/items") { request, _ in
            try await self.page(request) { signedIn in
                let filters = ItemListPage.Filters(self.query(request))
                let page = try await self.database(signedIn) { try ItemListPage.read($0, filters: filters) }
                return PageResponse.html(page.html(signedIn: signedIn), status: page.problems.isEmpty ? .ok : .unprocessableContent)
            }
        }
        router.get("/item") { request, _ in
            try await self.page(request) { signedIn in
                guard let id = self.query(request).nonEmpty("id") else { throw PageError.notFound("Say which item: /item?id=…") }
                var page = try await self.database(signedIn) { try ItemPage.read($0, id: id) }
                page.notice = self.query(request).nonEmpty("saved").flatMap(ItemPage.savedNotice)
                return PageResponse.html(page.html(signedIn: signedIn))
            }
        }
        router.get("/sources") { request, _ in
            try await self.page(request) { signedIn in
                let query = self.query(request)
                var page = try await self.database(signedIn) { try SourceListPage.read($0, after: query.text("after")) }
                page.added = query.nonEmpty("added")
                return PageResponse.html(page.html(signedIn: signedIn))
            }
        }
        router.get("/sources/new") { request, _ in
            try await self.page(request) { signedIn in
                PageResponse.html(SourceFormPage().html(signedIn: signedIn))
            }
        }
        router.post("/sources") { request, context in
            try await self.formAction(request, context: context) { signedIn, form in
                try await self.addSource(form, signedIn: signedIn)
            }
        }
        router.get("/search") { request, _ in
            try await self.page(request) { signedIn in
                let text = self.query(request).nonEmpty("q") ?? ""
                let page = try await self.database(signedIn) { try NameSearchPage.read($0, text: text) }
                return PageResponse.html(page.html(signedIn: signedIn))
            }
        }
        router.get("/review") { request, _ in
            try await self.page(request) { signedIn in
                let query = self.query(request)
                var page = try await self.database(signedIn) { conn -> ReviewQueuePage? in
                    try ReviewQueuePage.isReviewer(conn) ? try ReviewQueuePage.read(conn, after: query.text("after")) : nil
                }
                guard page != nil else { throw PageError(.forbidden, "The review queue is for reviewers (members of ledger_reviewer).") }
                if let id = query.nonEmpty("done"), let status = query.nonEmpty("status") { page?.done = (id, status) }
                return PageResponse.html(page!.html(signedIn: signedIn))
            }
        }
        router.post("/review") { request, context in
            try await self.formAction(request, context: context) { signedIn, form in
                try await self.review(form, signedIn: signedIn)
            }
        }
        itemRoutes(router)
        exhibitRoutes(router)
        dossierRoutes(router)
        verificationRoutes(router)
        return router
    }

    /// POST /sources: adds the source, or shows the form again with its problems and what was typed.
    func addSource(_ form: FormData, signedIn: SignedIn) async throws -> Response {
        let (typed, entry) = SourceFormPage.entry(from: form)
        var page = SourceFormPage(values: typed)
        do {
            try await database(signedIn) { conn in try entry.add(on: conn, reason: "source add") { $0 } }
        } catch let failure as ImportFailure {
            page.add(failure)
            return PageResponse.html(page.html(signedIn: signedIn), status: .unprocessableContent)
        } catch let error as PostgresError where error.kind == .server && WebServer.isDataError(error) {
            page.otherErrors.append("The database refused the source: \(error.message)")
            return PageResponse.html(page.html(signedIn: signedIn), status: .unprocessableContent)
        }
        return PageResponse.redirect(to: "/sources?" + FormData.query([("added", entry.id)]))
    }

    /// POST /review: records a verdict on an item as `evidence-ledger review` does.
    func review(_ form: FormData, signedIn: SignedIn) async throws -> Response {
        let review = ItemReview(itemID: form.text("id"), status: form.text("status"), note: form.text("note"))
        let after = form.text("after")
        let problems = review.problems
        let outcome = try await database(signedIn) { conn -> (allowed: Bool, refusal: String?, page: ReviewQueuePage?) in
            guard try ReviewQueuePage.isReviewer(conn) else { return (false, nil, nil) }
            var refusal: String?
            if problems.isEmpty {
                do {
                    try review.record(on: conn)
                    return (true, nil, nil)
                } catch let error as PostgresError where error.kind == .server && WebServer.isDataError(error) {
                    refusal = error.message
                }
            }
            return (true, refusal, try ReviewQueuePage.read(conn, after: after))
        }
        guard outcome.allowed else { throw PageError(.forbidden, "Reviews are recorded by reviewers (members of ledger_reviewer).") }
        guard var page = outcome.page else {
            return PageResponse.redirect(to: "/review?" + FormData.query([("after", after), ("done", review.itemID), ("status", review.status)]))
        }
        var shown = problems
        if let refusal = outcome.refusal { shown[""] = refusal }
        page.refused = (review, shown)
        return PageResponse.html(page.html(signedIn: signedIn), status: .unprocessableContent)
    }

    /// Refusals about the data (classes 22 and 23, the ledger's own EL codes other than EL101 and EL107, which
    /// are about permission), shown beside the form rather than as an error page.
    static func isDataError(_ error: PostgresError) -> Bool {
        guard let state = error.sqlState else { return false }
        if state == "EL101" || state == "EL107" { return false }
        return state.hasPrefix("22") || state.hasPrefix("23") || state.hasPrefix("EL")
    }
}
