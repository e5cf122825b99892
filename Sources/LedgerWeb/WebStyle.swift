import Foundation
import Crypto

/// The one style sheet, inline in every page, and the Content-Security-Policy that allows exactly it: no scripts,
/// no other styles, nothing from anywhere else. Sizes are in `rem` and `ch` and nothing is fixed in width, so pages
/// reflow at 200 % zoom; focus is always visible.
enum WebStyle {
    static let css = """
        :root{color-scheme:light;--ink:#1b1b1b;--muted:#555;--line:#c8c8c8;--accent:#0b4f8a;--bad:#a4000f;--good:#1d6b2f}
        *{box-sizing:border-box}
        body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
        a{color:var(--accent)}
        a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #e0a800;outline-offset:2px}
        .skip{position:absolute;left:-100vw}
        .skip:focus{position:static;display:block;padding:.5rem;background:#ffd}
        header{border-bottom:1px solid var(--line);padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}
        header nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
        header form{margin-left:auto;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
        main{padding:1rem;max-width:80rem}
        h1{font-size:1.5rem;margin:.5rem 0 1rem}
        h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
        .table{overflow-x:auto}
        table{border-collapse:collapse;width:100%}
        th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid var(--line)}
        th{font-weight:600}
        dl{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.25rem 1rem}
        dt{font-weight:600}
        dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
        form.entry{max-width:45rem}
        .field{margin:0 0 1rem}
        label{display:block;font-weight:600}
        .hint{color:var(--muted);font-size:.9rem;margin:.1rem 0}
        input[type=text],input[type=password],input[type=search],select,textarea{font:inherit;width:100%;max-width:40rem;padding:.35rem;border:1px solid #767676;border-radius:2px}
        textarea{min-height:5rem}
        [aria-invalid=true]{border-color:var(--bad);border-width:2px}
        .error{color:var(--bad);font-weight:600;margin:.2rem 0}
        .summary{border:2px solid var(--bad);padding:.5rem 1rem;margin:0 0 1rem}
        .notice{border:2px solid var(--good);padding:.5rem 1rem;margin:0 0 1rem}
        fieldset{border:1px solid var(--line);margin:0 0 1rem;padding:.5rem 1rem}
        .filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}
        .filters .field{margin:0;min-width:12rem}
        button{font:inherit;padding:.35rem 1rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:2px;cursor:pointer}
        button.plain,button.secondary{background:#fff;color:var(--accent)}
        legend{font-weight:bold;padding:0 .25rem}
        .actions{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;list-style:none;padding:0;margin:0 0 1rem;align-items:center}
        details{margin:.25rem 0}
        summary{cursor:pointer;color:var(--accent)}
        .link-form{display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:flex-start}
        .link-form>*{flex:1 1 20rem;min-width:0}
        .provision{border-left:4px solid var(--line);padding:0 1rem}
        blockquote{margin:.5rem 0;white-space:pre-wrap}
        .pages{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
        code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
        td .mono,td.mono{overflow-wrap:normal}
        """

    /// `sha256-…` of the style sheet, for the Content-Security-Policy.
    static let hash = "sha256-" + Data(SHA256.hash(data: Array(css.utf8))).base64EncodedString()

    static let contentSecurityPolicy =
        "default-src 'none'; style-src '\(hash)'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
}
