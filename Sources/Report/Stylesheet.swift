/// The page's only stylesheet, inlined: a calm research-article look, light and dark, phone to print.
enum Stylesheet {
    static let css = """
        :root {
          --text: #1f2328; --muted: #59636e; --faint: #8c959f; --bg: #ffffff; --surface: #f6f8fa;
          --border: #d8dee4; --accent: #0b62a4; --accent-soft: #e7f0f8; --error: #b3261e; --error-soft: #fdecea;
          --ok: #1a7f37; --cached: #8250df; --highlight: #fff8c5;
          --kw: #a626a4; --st: #50a14f; --nu: #b76b01; --cm: #8c959f; --fn: #4078f2;
          --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", Arial, sans-serif;
          --serif: "Iowan Old Style", "Palatino Linotype", Palatino, Georgia, "Times New Roman", serif;
          --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --text: #e6edf3; --muted: #9da7b3; --faint: #6e7681; --bg: #0f1419; --surface: #161b22;
            --border: #30363d; --accent: #6cb6ff; --accent-soft: #132a40; --error: #ff7b72; --error-soft: #2d1415;
            --ok: #56d364; --cached: #d2a8ff; --highlight: #3b2f00;
            --kw: #d2a8ff; --st: #a5d6a7; --nu: #f2cc60; --cm: #8b949e; --fn: #79c0ff;
          }
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--bg); color: var(--text); font-family: var(--sans);
          font-size: 17px; line-height: 1.65; }
        a { color: var(--accent); text-decoration-thickness: 1px; text-underline-offset: 2px; }
        .title-block { max-width: 72rem; margin: 0 auto; padding: 3.5rem 1.5rem 1.75rem;
          border-bottom: 1px solid var(--border); }
        .title { font-size: 2.4rem; line-height: 1.15; margin: 0 0 .6rem; font-weight: 700; letter-spacing: -.015em; }
        .subtitle { font-size: 1.2rem; color: var(--muted); margin: 0 0 1.25rem; max-width: 48rem; }
        .byline { display: flex; flex-wrap: wrap; gap: .5rem 3rem; font-size: .9rem; }
        .byline div { display: flex; flex-direction: column; }
        .byline-key { text-transform: uppercase; letter-spacing: .06em; font-size: .72rem; color: var(--faint); }
        .page { max-width: 72rem; margin: 0 auto; padding: 0 1.5rem 4rem; display: grid;
          grid-template-columns: minmax(0, 1fr) 15rem; grid-template-areas: "content toc"; column-gap: 3.5rem; }
        .content { grid-area: content; min-width: 0; max-width: 50rem; }
        .toc { grid-area: toc; position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto;
          padding: 2rem 0 1rem; font-size: .85rem; }
        .toc-title { font-weight: 600; margin: 0 0 .5rem; text-transform: uppercase; letter-spacing: .06em;
          font-size: .72rem; color: var(--faint); }
        .toc ul { list-style: none; margin: 0; padding: 0 0 0 .8rem; border-left: 1px solid var(--border); }
        .toc li { margin: .3rem 0; line-height: 1.35; }
        .toc a { color: var(--muted); text-decoration: none; }
        .toc a:hover { color: var(--accent); }
        .toc .toc-depth-1 { padding-left: .9rem; }
        .toc .toc-depth-2 { padding-left: 1.8rem; font-size: .8rem; }
        h1, h2, h3, h4 { line-height: 1.25; scroll-margin-top: 1rem; }
        .content h1 { font-size: 1.8rem; margin: 2.5rem 0 1rem; }
        .content h2 { font-size: 1.45rem; margin: 2.5rem 0 .8rem; padding-bottom: .3rem; border-bottom: 1px solid var(--border); }
        .content h3 { font-size: 1.15rem; margin: 2rem 0 .6rem; }
        .prose p, .prose ul, .prose ol { margin: 0 0 1rem; }
        .prose blockquote { margin: 1rem 0; padding: .2rem 1rem; border-left: 3px solid var(--border); color: var(--muted); }
        .prose img { max-width: 100%; height: auto; }
        .prose hr { border: 0; border-top: 1px solid var(--border); margin: 2rem 0; }
        .prose table { border-collapse: collapse; margin: 1rem 0; font-size: .92rem; display: block; overflow-x: auto; }
        .prose th, .prose td { padding: .35rem .75rem; border-bottom: 1px solid var(--border); }
        .prose thead th { border-bottom: 2px solid var(--text); }
        .prose th:not([align]), .prose td:not([align]) { text-align: left; }
        .prose .footnotes { font-size: .85rem; color: var(--muted); border-top: 1px solid var(--border); margin-top: 2.5rem; }
        code, pre { font-family: var(--mono); font-size: .86em; }
        :not(pre) > code { background: var(--surface); border: 1px solid var(--border); border-radius: 4px; padding: .05em .3em; }
        pre { background: var(--surface); border: 1px solid var(--border); border-radius: 6px; padding: .8rem 1rem;
          overflow-x: auto; line-height: 1.5; }
        .math { font-family: var(--serif); font-size: 1.08em; white-space: nowrap; }
        .math i { font-style: italic; padding-right: .04em; }
        .math sub, .math sup { font-size: .72em; }
        .math.display { display: block; text-align: center; margin: 1rem 0; white-space: normal; }
        .math-unknown { font-family: var(--mono); font-size: .85em; color: var(--muted); }
        .cell { margin: 1.5rem 0; }
        .cell-code > summary, .cell-code-hidden { display: flex; align-items: center; gap: .6rem; font-size: .8rem;
          color: var(--muted); cursor: pointer; padding: .3rem .2rem; list-style: none; user-select: none; }
        .cell-code > summary::-webkit-details-marker { display: none; }
        .cell-code > summary::before { content: "\\25B8"; font-size: .75rem; color: var(--faint); transition: transform .15s; }
        .cell-code[open] > summary::before { transform: rotate(90deg); }
        .cell-code-hidden { cursor: default; }
        .cell-code-hidden::before { content: "\\25AA"; color: var(--faint); }
        .cell-id { font-family: var(--mono); color: var(--text); }
        .cell-status { margin-left: auto; padding: .05rem .55rem; border-radius: 999px; font-size: .72rem;
          border: 1px solid var(--border); white-space: nowrap; }
        .status-ran .cell-status { color: var(--ok); }
        .status-cached .cell-status { color: var(--cached); }
        .status-error .cell-status { color: var(--error); border-color: var(--error); }
        .status-not-run .cell-status { color: var(--faint); }
        .cell-code pre { margin: .25rem 0 0; border-left: 3px solid var(--accent); }
        .code .kw { color: var(--kw); } .code .st { color: var(--st); } .code .nu { color: var(--nu); }
        .code .cm { color: var(--cm); font-style: italic; } .code .fn { color: var(--fn); }
        .cell-outputs { margin-top: .6rem; display: flex; flex-direction: column; gap: 1rem; }
        .output-text { margin: 0; background: transparent; border: 0; border-left: 3px solid var(--border);
          border-radius: 0; padding: .2rem 1rem; white-space: pre-wrap; word-break: break-word; color: var(--muted); }
        .output-figure { margin: 0; }
        .output-figure svg { display: block; width: 100%; max-width: 100%; height: auto; }
        .chart .hover-targets circle:hover { fill-opacity: 1; }
        .chart .markers circle:hover { r: 5px; }
        .figure-row { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1.25rem; }
        .table-wrap { overflow-x: auto; }
        .report-table { border-collapse: collapse; margin: 0 auto; font-size: .92rem; font-variant-numeric: tabular-nums; }
        .report-table caption { caption-side: top; text-align: left; color: var(--muted); font-size: .88rem; padding-bottom: .5rem; }
        .report-table thead th { border-top: 2px solid var(--text); border-bottom: 1px solid var(--text); font-weight: 600; }
        .report-table tbody tr:last-child > * { border-bottom: 2px solid var(--text); }
        .report-table th, .report-table td { padding: .4rem .9rem; text-align: left; white-space: nowrap; }
        .report-table tbody th { font-weight: 500; }
        .report-table .num { text-align: right; }
        .report-table .best { background: var(--highlight); }
        .samples { display: flex; flex-direction: column; border-top: 1px solid var(--border); }
        .sample { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 1rem; padding: .6rem 0;
          border-bottom: 1px solid var(--border); font-size: .92rem; }
        .sample-label { font-family: var(--mono); font-size: .8rem; color: var(--muted); word-break: break-word; }
        .output-error { background: var(--error-soft); border-left: 4px solid var(--error); border-radius: 4px;
          padding: .7rem 1rem; font-size: .92rem; word-break: break-word; }
        .error-label { font-weight: 700; color: var(--error); text-transform: uppercase; font-size: .75rem; letter-spacing: .05em; }
        .error-position { font-size: .85em; }
        .run-metadata { margin-top: 3.5rem; font-size: .88rem; }
        .run-metadata dl { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .8rem 1.5rem; margin: 0; }
        .run-metadata dt { text-transform: uppercase; letter-spacing: .06em; font-size: .7rem; color: var(--faint); }
        .run-metadata dd { margin: 0; font-family: var(--mono); font-size: .82rem; word-break: break-all; }
        @media (max-width: 64rem) {
          .page { grid-template-columns: minmax(0, 1fr); grid-template-areas: "toc" "content"; }
          .content { max-width: none; }
          .toc { position: static; max-height: none; padding: 1.25rem 0 0; }
        }
        @media (max-width: 40rem) {
          body { font-size: 16px; }
          .title-block { padding: 2rem 1rem 1.25rem; }
          .title { font-size: 1.75rem; }
          .page { padding: 0 1rem 3rem; }
          .sample { grid-template-columns: minmax(0, 1fr); gap: .25rem; }
          pre { padding: .6rem .75rem; }
          .report-table { font-size: .85rem; }
          .report-table th, .report-table td { padding: .35rem .45rem; }
        }
        @media print {
          :root { --text: #000; --muted: #333; --faint: #555; --bg: #fff; --surface: #f4f4f4; --border: #bbb; }
          body { font-size: 11pt; }
          .toc { display: none; }
          .page { display: block; max-width: none; padding: 0; }
          .title-block { padding: 0 0 1rem; }
          a { color: inherit; text-decoration: none; }
          .cell, figure, .table-wrap, .sample, .output-error { break-inside: avoid; }
          .content h2, .content h3 { break-after: avoid; }
        }

        """
}
