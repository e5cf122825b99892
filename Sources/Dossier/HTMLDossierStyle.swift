/// The style sheet inlined into every HTML dossier: system fonts only, restrained colours, relation and gap
/// marking that does not rely on colour alone, tables that scroll on narrow screens, and print rules for A4.
enum HTMLDossierStyle {
    static let css = """
    :root {
      --ink: #1d1d1f; --muted: #5d5d63; --rule: #d9d6cf; --paper: #ffffff; --tint: #f6f4ef;
      --accent: #1f3a5f;
      --supports: #2d6a3e; --supports-bg: #eef6f0;
      --qualifies: #8a5a00; --qualifies-bg: #fbf4e4;
      --contradicts: #a12a2a; --contradicts-bg: #fbeeee;
      --gap: #b35c00; --gap-bg: #fff5e6;
      --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", sans-serif;
      --serif: Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, "Noto Serif", "DejaVu Serif", serif;
      --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
    }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body { margin: 0; background: var(--paper); color: var(--ink); font-family: var(--serif); font-size: 1.0625rem; line-height: 1.55; }
    main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
    h1, h2, h3, h4, h5 { font-family: var(--sans); line-height: 1.25; color: var(--ink); }
    h1 { font-size: 2rem; margin: 0.2rem 0 0.6rem; letter-spacing: -0.01em; }
    h2 { font-size: 1.5rem; margin: 2.6rem 0 1rem; padding-bottom: 0.3rem; border-bottom: 2px solid var(--accent); }
    h3 { font-size: 1.2rem; margin: 1.8rem 0 0.6rem; }
    h4 { font-size: 1.05rem; margin: 1.4rem 0 0.5rem; }
    h5 { font-size: 0.95rem; margin: 1rem 0 0.4rem; text-transform: uppercase; letter-spacing: 0.04em; }
    p { margin: 0.5rem 0; }
    a { color: var(--accent); text-decoration-thickness: 1px; text-underline-offset: 2px; }
    code { font-family: var(--mono); font-size: 0.85em; background: var(--tint); padding: 0.05em 0.3em; border-radius: 3px; }
    code.hash, .url-cell, .url { overflow-wrap: anywhere; word-break: break-all; }
    .muted { color: var(--muted); }
    td.sanctions-none { background: #fbeee6; } td.sanctions-designated { background: #e9f3ea; } td.sanctions-delisted { background: #f3f1e8; }
    p.caveat { border-left: 3px solid var(--rule); padding-left: 0.75rem; }
    blockquote { margin: 0.6rem 0; padding: 0.2rem 0 0.2rem 1rem; border-left: 3px solid var(--rule); color: #333; }
    .masthead { border-bottom: 1px solid var(--rule); padding-bottom: 1rem; }
    .kicker { font-family: var(--sans); text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.8rem; color: var(--muted); margin: 0; }
    .dateline { font-family: var(--sans); font-size: 0.95rem; color: var(--muted); }
    dl.provenance, dl.facts { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: 0.25rem 1rem; margin: 0.8rem 0; font-size: 0.95rem; }
    dl.provenance dt, dl.facts dt { font-family: var(--sans); font-weight: 600; font-size: 0.85rem; color: var(--muted); padding-top: 0.15rem; }
    dl.provenance dd, dl.facts dd { margin: 0; min-width: 0; }
    nav.toc { background: var(--tint); border-radius: 6px; padding: 0.6rem 1.2rem 0.8rem; margin: 1.5rem 0; font-family: var(--sans); font-size: 0.95rem; }
    nav.toc h2 { font-size: 1rem; border: 0; margin: 0.4rem 0; padding: 0; }
    nav.toc ol { margin: 0.2rem 0; padding-left: 1.3rem; }
    .toc-gaps { color: var(--gap); font-size: 0.85em; }
    ul.headline { list-style: none; padding: 0; margin: 0.8rem 0; display: flex; flex-wrap: wrap; gap: 0.6rem; font-family: var(--sans); }
    ul.headline li { background: var(--tint); border-radius: 6px; padding: 0.5rem 0.9rem; font-size: 0.9rem; }
    ul.headline strong { font-size: 1.35rem; display: block; }
    ul.headline li.has-gaps { background: var(--gap-bg); color: var(--gap); }
    .figure-tables { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: flex-start; }
    .figure-tables .table-wrap { flex: 1 1 14rem; }
    .table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 0.6rem 0 1rem; max-width: 100%; }
    table { border-collapse: collapse; font-family: var(--sans); font-size: 0.88rem; width: 100%; }
    caption { text-align: left; font-weight: 600; padding: 0.3rem 0; color: var(--ink); }
    th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.55rem; border-bottom: 1px solid var(--rule); }
    thead th { border-bottom: 2px solid var(--ink); font-weight: 600; }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    table.months th.num { white-space: normal; }
    table.months th[scope="row"] { white-space: nowrap; }
    .zero { color: #b0aca4; }
    .swatch { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 2px; margin-right: 0.3em; vertical-align: baseline; }
    table.records td { overflow-wrap: break-word; }
    table.attributes th { width: 30%; font-weight: 600; }
    table.records { min-width: 36rem; }
    figure { margin: 1rem 0; }
    figure svg { display: block; width: 100%; height: auto; max-width: 100%; }
    .figure-scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
    figcaption { font-family: var(--sans); font-size: 0.82rem; color: var(--muted); margin-top: 0.4rem; }
    .criterion { border-top: 1px solid var(--rule); margin-top: 2rem; }
    h2 + .criterion { border-top: 0; margin-top: 0; }
    .criterion > h3 .code { font-family: var(--mono); font-size: 0.95em; }
    .criterion > h3 .label { font-weight: 500; }
    .instrument { font-family: var(--sans); font-size: 0.9rem; }
    .provision { margin: 0.8rem 0 1.2rem; }
    .provision-text { font-size: 1rem; border-left-color: var(--accent); background: var(--tint); padding: 0.5rem 1rem; }
    .provision.unconfirmed .provision-text { border-left: 3px dashed var(--gap); }
    .text-status { font-family: var(--sans); font-size: 0.85rem; }
    .badge { display: inline-block; font-family: var(--sans); font-size: 0.8rem; font-weight: 600; padding: 0.05rem 0.45rem; border-radius: 3px; border: 1px solid currentColor; }
    .badge-ok { color: var(--supports); }
    .badge-warn { color: var(--gap); background: var(--gap-bg); }
    .element { margin: 1.6rem 0 2.2rem; padding-left: 1rem; border-left: 3px solid var(--rule); }
    .element.has-gaps { border-left-color: var(--gap); }
    .element > h4 .code { font-family: var(--mono); }
    .element-body { font-style: italic; }
    .basis { font-size: 0.9rem; }
    .corroboration { font-family: var(--sans); font-size: 0.9rem; }
    .corroboration h5, .evidence-group h5, .gaps h5 { margin-top: 1.1rem; }
    dl.counts { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.4rem 0; }
    dl.counts > div { border: 1px solid var(--rule); border-radius: 5px; padding: 0.25rem 0.7rem; min-width: 6.5rem; }
    dl.counts dt { font-size: 0.75rem; color: var(--muted); }
    dl.counts dd { margin: 0; font-size: 1.15rem; font-weight: 600; }
    dl.counts .rel-supports { border-top: 3px solid var(--supports); }
    dl.counts .rel-qualifies { border-top: 3px solid var(--qualifies); }
    dl.counts .rel-contradicts { border-top: 3px solid var(--contradicts); }
    .gaps { background: var(--gap-bg); border: 1px solid var(--gap); border-left-width: 5px; border-radius: 4px; padding: 0.3rem 1rem 0.5rem; margin: 1rem 0; }
    .gaps h5 { color: var(--gap); margin: 0.4rem 0; }
    .gaps ul { margin: 0.3rem 0; padding-left: 1.2rem; }
    .no-gaps { font-family: var(--sans); font-size: 0.85rem; color: var(--supports); }
    .evidence-group.rel-supports > h5 { color: var(--supports); }
    .evidence-group.rel-qualifies > h5 { color: var(--qualifies); }
    .evidence-group.rel-contradicts > h5 { color: var(--contradicts); }
    .evidence-group .count { font-weight: 400; }
    .evidence { border: 1px solid var(--rule); border-left: 5px solid var(--muted); border-radius: 4px; padding: 0.45rem 0.9rem; margin: 0.6rem 0; }
    .evidence.rel-supports { border-left-color: var(--supports); background: var(--supports-bg); }
    .evidence.rel-qualifies { border-left-color: var(--qualifies); background: var(--qualifies-bg); }
    .evidence.rel-contradicts { border-left-color: var(--contradicts); background: var(--contradicts-bg); }
    .rel-label { font-family: var(--sans); font-size: 0.75rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; padding: 0.05rem 0.4rem; border-radius: 3px; color: #fff; background: var(--muted); margin-right: 0.3rem; }
    .rel-supports .rel-label { background: var(--supports); }
    .rel-supports .rel-label::before { content: "✓ "; }
    .rel-qualifies .rel-label { background: var(--qualifies); }
    .rel-qualifies .rel-label::before { content: "≈ "; }
    .rel-contradicts .rel-label { background: var(--contradicts); }
    .rel-contradicts .rel-label::before { content: "✗ "; }
    .ev-head { margin: 0.2rem 0; font-weight: 600; }
    .ev-meta, .ev-foot { font-family: var(--sans); font-size: 0.82rem; color: var(--muted); margin: 0.2rem 0; }
    .argument { margin: 0.35rem 0; }
    .grade { font-family: var(--mono); font-weight: 700; font-size: 0.9em; background: #fff; border: 1px solid var(--rule); border-radius: 3px; padding: 0 0.3em; color: var(--ink); }
    .status { font-family: var(--sans); font-size: 0.8rem; font-weight: 600; border-radius: 3px; padding: 0 0.35em; border: 1px solid currentColor; }
    .status-verified { color: var(--supports); }
    .status-disputed { color: var(--contradicts); }
    .status-draft, .status-submitted { color: var(--qualifies); }
    .item { border-top: 1px solid var(--rule); padding: 0.6rem 0 1rem; }
    .item h3 { margin-top: 0.2rem; }
    .item-kind { font-family: var(--sans); font-size: 0.8rem; color: var(--muted); text-transform: none; margin: 0.6rem 0 0; }
    .item h4 { font-size: 0.9rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
    ul.plain { list-style: none; padding: 0; margin: 0; }
    .role { font-family: var(--sans); font-size: 0.8rem; color: var(--muted); }
    .role::before { content: "· "; }
    ol.item-sources { padding-left: 1.4rem; }
    ol.item-sources li { margin: 0.35rem 0; }
    .locator { font-family: var(--sans); font-size: 0.88rem; }
    blockquote.quote { font-style: italic; }
    .withheld { font-family: var(--sans); font-size: 0.85rem; color: var(--gap); background: var(--gap-bg); display: inline-block; padding: 0.1rem 0.5rem; border-radius: 3px; }
    .approx { font-family: var(--sans); font-size: 0.8rem; color: var(--gap); font-style: italic; }
    .recorded { font-family: var(--sans); font-size: 0.8rem; color: var(--muted); }
    .record { border-top: 1px solid var(--rule); padding: 0.2rem 0 0.6rem; }
    .record h3 { font-size: 1.05rem; }
    .lang-tag { font-family: var(--mono); font-size: 0.72rem; color: var(--muted); border: 1px solid var(--rule); border-radius: 3px; padding: 0 0.25em; }
    code.id { font-size: 0.75rem; }
    .section-note { color: var(--muted); font-size: 0.95rem; }
    .colophon { margin-top: 3rem; border-top: 1px solid var(--rule); font-family: var(--sans); font-size: 0.8rem; color: var(--muted); }
    @media (max-width: 40rem) {
      body { font-size: 1rem; }
      main { padding: 1rem 0.9rem 2rem; }
      h1 { font-size: 1.55rem; }
      h2 { font-size: 1.3rem; }
      dl.provenance, dl.facts { grid-template-columns: 1fr; gap: 0 0; }
      dl.provenance dd, dl.facts dd { margin-bottom: 0.4rem; }
      .element { padding-left: 0.6rem; }
      .evidence { padding: 0.4rem 0.6rem; }
      .figure-scroll svg { min-width: 34rem; }
    }
    @page { size: A4; margin: 16mm 15mm 18mm 15mm; }
    @media print {
      body { font-size: 10pt; line-height: 1.4; }
      main { max-width: none; padding: 0; }
      h2 { break-after: avoid; page-break-after: avoid; }
      h3, h4, h5 { break-after: avoid; page-break-after: avoid; }
      nav.toc { break-inside: avoid; }
      .criterion, #items, #sources, #methodology { break-before: page; page-break-before: always; }
      .evidence, .gaps, .record, tr, figure, dl.counts > div, blockquote { break-inside: avoid; page-break-inside: avoid; }
      h2 + .criterion { break-before: auto; page-break-before: auto; }
      table.figures, table.scale, table.attributes, dl.facts > dd { break-inside: avoid; page-break-inside: avoid; }
      .item-kind { break-after: avoid; page-break-after: avoid; }
      .table-wrap, .figure-scroll { overflow: visible; }
      .figure-scroll svg { min-width: 0; }
      .map-figure svg { max-height: 150mm; width: auto; margin: 0 auto; }
      table.records { min-width: 0; }
      a { color: inherit; text-decoration: none; }
      a[href^="http://"]::after, a[href^="https://"]::after { content: " <" attr(href) ">"; font-family: var(--mono); font-size: 0.8em; color: var(--muted); overflow-wrap: anywhere; word-break: break-all; }
      a[href^="exhibits/"]::after { content: " (" attr(href) ")"; font-family: var(--mono); font-size: 0.8em; color: var(--muted); word-break: break-all; }
      .evidence, .gaps, .provision-text, ul.headline li, .withheld, .badge-warn { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }

    """
}
