import Hummingbird
import LedgerModel
import LedgerStore
import Postgres

/// Entering and changing evidence items: new, amend, withdraw, link and unlink. Each goes through the same
/// LedgerStore code as the command line (``ItemEntry``, ``LinkEntry``), as the signed-in role.
extension WebServer {
    func itemRoutes(_ router: Router<WebRequestContext>) {
        router.get("/items/new") { request, _ in
            try await self.page(request) { signedIn in
                guard let kind = self.query(request).nonEmpty("kind") else {
                    return PageResponse.html(ItemFormPage.kindChooser(signedIn: signedIn))
                }
                guard Vocabulary.evidenceKind.contains(kind) else {
                    return PageResponse.html(ItemFormPage.kindChooser(signedIn: signedIn, error: "“\(kind)” is not an evidence kind"), status: .unprocessableContent)
                }
                let attributes = try await self.database(signedIn) { try ItemFormPage.attributes(of: kind, on: $0) }
                let page = ItemFormPage(mode: .new, kind: kind, attributes: attributes, values: ["kind": kind])
                return PageResponse.html(page.html(signedIn: signedIn))
            }
        }
        router.post("/items") { request, context in
            try await self.formAction(request, context: context) { signedIn, form in
                try await self.saveItem(form, mode: .new, signedIn: signedIn)
            }
        }
        router.get("/item/amend") { request, _ in
            try await self.page(request) { signedIn in
                guard let id = self.query(request).nonEmpty("id") else { throw PageError.notFound("Say which item: /item/amend?id=…") }
                let page = try await self.database(signedIn) { conn -> ItemFormPage in
                    guard let item = try ItemFormPage.current(id: id, on: conn) else {
                        throw PageError.notFound("There is no evidence item with the id \(id).")
                    }
                    try ItemFormPage.checkAmendable(item)
                    let values = ItemFormPage.formValues(item)
                    let kind = values["kind"] ?? "other"
                    return ItemFormPage(mode: .amend, kind: kind, attributes: try ItemFormPage.attributes(of: kind, on: conn), values: values)
                }
                return PageResponse.html(page.html(signedIn: signedIn))
            }
        }
        router.post("/item/amend") { request, context in
            try await self.formAction(request, context: context) { signedIn, form in
                try await self.saveItem(form, mode: .amend, signedIn: signedIn)
            }
        }
        router.post("/item/withdraw") { request, context in
            try await self.formAction(request, context: context) { signedIn, form in
                let id = form.text("id"), reason = form.text("reason")
                let refused = try await self.database(signedIn) { conn -> ItemPage? in
                    var problem = "say why the item is withdrawn: the reason is its latest version"
                    if !reason.trimmingWhitespace().isEmpty {
                        do {
                            _ = try conn.scalar("SELECT ledger.withdraw_item(\(id), \(reason))", as: Int.self)
                            return nil
                        } catch let error as PostgresError where error.kind == .server && WebServer.isDataError(error) {
                            problem = error.message
                        }
                    }
                    var page = try ItemPage.read(conn, id: id)
                    page.withdrawal = (reason, problem)
                    return page
                }
                if let refused { return PageResponse.html(refused.html(signedIn: signedIn), status: .unprocessableContent) }
                return PageResponse.redirect(to: "/item?" + FormData.query([("id", id), ("saved", "withdrawn")]))
            }
        }
        router.get("/item/link") { request, _ in
            try await self.page(request) { signedIn in
                let query = self.query(request)
                guard let id = query.nonEmpty("id") else { throw PageError.notFound("Say which item: /item/link?id=…") }
                let element = query.nonEmpty("element")
                let page = try await self.database(signedIn) { try LinkFormPage.read($0, itemID: id, element: element) }
                return PageResponse.html(page.html(signedIn: signedIn))
            }
        }
        router.post("/item/link") { request, context in
            try await self.formAction(request, context: context) { signedIn, form in
                let entry = LinkEntry(itemID: form.text("id"), element: form.text("element"), relation: form.text("relation"),
                                      credibility: form.text("credibility"), argument: form.text("argument"), reason: form.nonEmpty("reason"))
                let outcome = try await self.database(signedIn) { conn -> Result<LinkEntry.Outcome, PageRefusal<LinkFormPage>> in
                    // A refused link comes back as the form, with what was sent and what was wrong.
                    var page = try LinkFormPage.read(conn, itemID: entry.itemID, element: entry.element)
                    do {
                        return .success(try entry.write(on: conn))
                    } catch let failure as ImportFailure {
                        page.add(failure)
                    } catch let error as PostgresError where error.kind == .server && WebServer.isDataError(error) {
                        page.otherErrors.append("The database refused the link: \(error.message)")
                    }
                    page.values = ["element": entry.element, "relation": entry.relation, "credibility": entry.credibility,
                                   "argument": entry.argument, "reason": entry.reason ?? ""]
                    return .failure(PageRefusal(page: page))
                }
                switch outcome {
                case .success(let result):
                    let saved = result == .created ? "linked" : result == .amended ? "link-amended" : "link-unchanged"
                    return PageResponse.redirect(to: "/item?" + FormData.query([("id", entry.itemID), ("saved", saved)]))
                case .failure(let refusal):
                    return PageResponse.html(refusal.page.html(signedIn: signedIn), status: .unprocessableContent)
                }
            }
        }
        router.post("/item/unlink") { request, context in
            try await self.formAction(request, context: context) { signedIn, form in
                let id = form.text("id"), element = form.text("element"), reason = form.text("reason")
                guard !reason.trimmingWhitespace().isEmpty else {
                    return PageResponse.redirect(to: "/item?" + FormData.query([("id", id), ("saved", "unlink-needs-reason")]))
                }
                let refusal = try await self.database(signedIn) { conn -> String? in
                    do {
                        try LinkEntry.withdraw(itemID: id, element: element, reason: reason, on: conn)
                        return nil
                    } catch let error as PostgresError where error.kind == .server && WebServer.isDataError(error) {
                        return error.message
                    }
                }
                if let refusal {
                    var page = try await self.database(signedIn) { try ItemPage.read($0, id: id) }
                    page.notice = "The link was not withdrawn: \(refusal)."
                    return PageResponse.html(page.html(signedIn: signedIn), status: .conflict)
                }
                return PageResponse.redirect(to: "/item?" + FormData.query([("id", id), ("saved", "unlinked")]))
            }
        }
    }

    /// POST /items and /item/amend: shows the fields of another kind, or looks up names typed into reference
    /// fields, or records the item; a refusal shows the form again with the problems and what was typed.
    func saveItem(_ form: FormData, mode: ItemFormPage.Mode, signedIn: SignedIn) async throws -> Response {
        var values = ItemFormPage.values(from: form)
        if mode == .amend { values["review_status"] = nil }
        let kind = values["kind"]?.trimmingWhitespace() ?? ""
        let refresh = form.text("action") == "refresh"
        let typed = values
        let outcome = try await database(signedIn) { conn -> Result<String, PageRefusal<ItemFormPage>> in
            var page = ItemFormPage(mode: mode, kind: kind, values: typed)
            if Vocabulary.evidenceKind.contains(kind) { page.attributes = try ItemFormPage.attributes(of: kind, on: conn) }
            if refresh {
                page.notice = "The fields of \(Vocabulary.evidenceKind.contains(kind) ? "a \(kind)" : "this kind") are shown. Nothing was saved."
                return .failure(PageRefusal(page: page, status: .ok))
            }
            if mode == .amend, let id = typed["id"], let current = try ItemFormPage.current(id: id.trimmingWhitespace(), on: conn) {
                try ItemFormPage.checkAmendable(current)
            }
            guard try page.resolveReferences(on: conn) else { return .failure(PageRefusal(page: page)) }
            let (item, rows) = page.item()
            let entry = ItemEntry(item: item)
            do {
                switch mode {
                case .new:
                    try entry.add(on: conn) { $0 }
                    return .success("added")
                case .amend:
                    let summary = try entry.amend(on: conn, reason: typed["reason"] ?? "") { $0 }
                    return .success(summary.totalWritten == 0 ? "unchanged" : "amended")
                }
            } catch let failure as ImportFailure {
                page.add(failure, rows: rows)
            } catch let error as PostgresError where error.kind == .server && WebServer.isDataError(error) {
                page.otherErrors.append("The database refused the item: \(error.message)")
            }
            return .failure(PageRefusal(page: page))
        }
        switch outcome {
        case .success(let saved):
            return PageResponse.redirect(to: "/item?" + FormData.query([("id", values["id"]?.trimmingWhitespace()), ("saved", saved)]))
        case .failure(let refusal):
            return PageResponse.html(refusal.page.html(signedIn: signedIn), status: refusal.status)
        }
    }
}

/// A form shown again instead of a change, as an error value so it can travel in a `Result`.
struct PageRefusal<Page: Sendable>: Error, Sendable {
    var page: Page
    var status: HTTPResponse.Status = .unprocessableContent
}

extension ItemFormPage {
    /// ``ItemEntry/current(id:on:)``, with a range no form can show as a refusal (409).
    static func current(id: String, on conn: Connection) throws -> [String: JSONValue]? {
        do {
            return try ItemEntry.current(id: id, on: conn)
        } catch let problem as LogProblem {
            throw PageError(.conflict, "This item cannot be amended in the browser: \(problem.description).")
        }
    }

    /// Refuses (409) to amend in the browser an item that is withdrawn, or that the form cannot show whole.
    static func checkAmendable(_ item: [String: JSONValue]) throws {
        if case .string("withdrawn") = item["review_status"] {
            throw PageError(.conflict, "This item is withdrawn: it stays in the ledger with its history and is no longer amended.")
        }
        for key in ["actors", "sources", "exhibits"] {
            if case .array(let list) = item[key], list.count > maximumRows - 2 {
                throw PageError(.conflict, "This item has \(list.count) \(key); the form shows at most \(maximumRows - 2). Amend it with evidence-ledger evidence amend.")
            }
        }
    }

    /// The form's fields for an item as an items-file entry (the amend form starts from the current version).
    static func formValues(_ item: [String: JSONValue]) -> [String: String] {
        func text(_ value: JSONValue?) -> String? {
            switch value {
            case .string(let s): return s
            case .integer(let n): return String(n)
            default: return nil
            }
        }
        var values: [String: String] = [:]
        for key in ["id", "kind", "title", "description", "place", "acting_state", "territorial_state", "claim_status", "review_status"] {
            if let value = text(item[key]) { values[key] = value }
        }
        if case .object(let occurred) = item["occurred"] {
            values["occurred_from"] = text(occurred["from"])
            values["occurred_to"] = text(occurred["to"])
            values["precision"] = text(occurred["precision"])
        }
        if case .object(let attributes) = item["attributes"] {
            for (name, value) in attributes { values["attr_" + name] = text(value) }
        }
        for (key, fields) in [("actors", [("actor", "actor"), ("role", "role")]),
                              ("sources", [("source", "source"), ("locator", "locator"), ("quote", "quote")]),
                              ("exhibits", [("exhibit", "exhibit"), ("note", "exhibit_note")])] {
            guard case .array(let list) = item[key] else { continue }
            for (i, entry) in list.enumerated() {
                guard case .object(let object) = entry else { continue }
                for (json, form) in fields { values["\(form)_\(i + 1)"] = text(object[json]) }
            }
        }
        return values
    }

    /// The first step of a new item: its kind, which decides its fields.
    static func kindChooser(signedIn: SignedIn, error: String? = nil) -> HTML {
        let field = FormField(name: "kind", label: "Kind of evidence", control: .select(options: Vocabulary.evidenceKind, blank: "choose a kind"),
                              hint: "Each kind has its own details: a missile launch has a weapon system, a count and a launch area; a rail transport its route.",
                              required: true, error: error)
        return PageLayout.page(title: "New evidence item", signedIn: signedIn, current: "/items/new", content: """
            \(FormField.summary([field]))
            <form method="get" action="/items/new" class="entry">
            \(field.html)
            <button type="submit">Continue</button>
            </form>
            """)
    }
}
