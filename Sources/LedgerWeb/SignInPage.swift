/// The sign-in form: a PostgreSQL user name and password. It carries a token that must match a cookie set with
/// it, so that another site cannot sign a browser in behind its user's back.
struct SignInPage {
    var user = ""
    var error: String? = nil
    /// The token of the form (and of the cookie sent with it).
    var formToken: String

    var html: HTML {
        let userField = FormField(name: "user", label: "User name", control: .text(autocomplete: "username"),
                                  hint: "Your PostgreSQL user name.", required: true, value: user)
        let passwordField = FormField(name: "password", label: "Password", control: .text(type: "password", autocomplete: "current-password"),
                                      required: true)
        let problem: HTML = error.map { "<div class=\"summary\" role=\"alert\"><p class=\"error\">\($0)</p></div>" } ?? .empty
        return PageLayout.page(title: "Sign in", signedIn: nil, content: """
            <p>Sign in with your own database role: what you may read and change is what the ledger's database allows that role.</p>
            \(problem)
            <form method="post" action="/sign-in" class="entry">
            <input type="hidden" name="csrf" value="\(formToken)">
            \(userField.html)
            \(passwordField.html)
            <button type="submit">Sign in</button>
            </form>
            """)
    }
}
