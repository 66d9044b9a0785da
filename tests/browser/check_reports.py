#!/usr/bin/env python3
"""Opens lorabook report pages in Debian's Chromium (headless, driven by Playwright) and checks them as a reader
meets them: at 1280 px nothing is clipped; at 390 px nothing overflows the viewport except inside a scroll
container that shows a cue, and no chart text renders under 11 px; printed, every table keeps its last column on
the page; no console errors; nothing is fetched from outside the file; in dark mode body text keeps a contrast of
at least 4.5:1.

    check_reports.py [--screenshots DIR] [--pdf-dir DIR] PAGE.html...

Exits 1 with one line per failure. A missing Chromium or Playwright is a failure, never a skip: `make deps`
installs both (apt `chromium`, pip `playwright`; no browser download).
"""
import argparse
import os
import shutil
import sys
import tempfile

CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
MIN_CHART_TEXT_PX = 11.0
MIN_CONTRAST = 4.5
# A4 printed with 15 mm margins: 180 mm of line at 96 px per inch.
PRINT_WIDTH_PX = round(180 / 25.4 * 96)

# Elements sticking out of the viewport, each with the nearest scrolling ancestor (if any) and whether it has a cue.
OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const bad = [];
  const flagged = new Set();
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right <= width + 1 && r.left >= -1) continue;
    // Report each overflowing subtree once, at its outermost element.
    const seen = flagged.has(el.parentElement);
    flagged.add(el);
    if (seen) continue;
    let a = el.parentElement, scroller = null;
    while (a && a !== document.body) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden' || s.overflowX === 'clip') { scroller = a; break; }
      a = a.parentElement;
    }
    if (scroller) {
      const sr = scroller.getBoundingClientRect();
      const inside = sr.right <= width + 1 && sr.left >= -1;
      const scrolls = getComputedStyle(scroller).overflowX === 'auto' || getComputedStyle(scroller).overflowX === 'scroll';
      if (inside && scrolls && scroller.classList.contains('has-scroll-cue')) continue;
      if (inside && !scrolls) { bad.push(describe(el) + ' is clipped by ' + describe(scroller)); continue; }
      if (inside) { bad.push(describe(el) + ' scrolls inside ' + describe(scroller) + ' without a scroll cue'); continue; }
    }
    bad.push(describe(el) + ' overflows the viewport (right edge ' + Math.round(r.right) + ' px of ' + width + ')');
  }
  function describe(e) {
    const id = e.id ? '#' + e.id : '';
    const cls = (typeof e.className === 'string' && e.className) ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
    const text = (e.textContent || '').trim().slice(0, 40).replace(/\\s+/g, ' ');
    return '<' + e.tagName.toLowerCase() + id + cls + '> "' + text + '"';
  }
  return [...new Set(bad)].slice(0, 12);
}
"""

# Tables and figures cut off: a table box whose content is wider than itself (on screen allowed only when it shows
# a scroll cue; on paper never), or a figure wider than the page.
CLIPPED_JS = """
(allowScrollCue) => {
  const bad = [];
  const width = document.documentElement.clientWidth;
  for (const wrap of document.querySelectorAll('.table-wrap')) {
    if (allowScrollCue && wrap.classList.contains('has-scroll-cue') && getComputedStyle(wrap).overflowX === 'auto') continue;
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      bad.push('table "' + (wrap.querySelector('caption, th') || wrap).textContent.trim().slice(0, 50) + '" is clipped: '
        + wrap.scrollWidth + ' px in ' + wrap.clientWidth + ' px');
    }
  }
  for (const t of document.querySelectorAll('table')) {
    const r = t.getBoundingClientRect();
    if (r.right > width + 1 && !t.closest('.table-wrap')) bad.push('table "' + t.textContent.trim().slice(0, 40) + '" runs off the page');
  }
  for (const f of document.querySelectorAll('figure, svg')) {
    const r = f.getBoundingClientRect();
    if (r.width > 0 && (r.right > width + 1 || r.left < -1)) bad.push('figure "' + f.textContent.trim().slice(0, 40) + '" runs off the page');
  }
  return bad;
}
"""

# Every visible text of every chart, with the size it renders at on screen.
CHART_TEXT_JS = """
() => {
  const small = [];
  for (const t of document.querySelectorAll('svg text')) {
    if (t.getClientRects().length === 0) continue;
    const svg = t.ownerSVGElement;
    if (!svg || getComputedStyle(svg).display === 'none') continue;
    const ctm = t.getScreenCTM();
    if (!ctm) continue;
    const scale = Math.hypot(ctm.a, ctm.b);
    const px = parseFloat(getComputedStyle(t).fontSize) * scale;
    if (px < %f) small.push('"' + t.textContent.slice(0, 30) + '" at ' + px.toFixed(1) + ' px');
  }
  return small;
}
""" % MIN_CHART_TEXT_PX

# Body text colour against the background behind it.
CONTRAST_JS = """
(minimum) => {
  function rgba(text) {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function background(e) {
    const layers = [];
    for (let a = e; a; a = a.parentElement) {
      const c = rgba(getComputedStyle(a).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let out = [255, 255, 255];
    for (const c of layers.reverse()) out = out.map((v, i) => c[i] * c[3] + v * (1 - c[3]));
    return out;
  }
  function luminance(c) {
    const l = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  }
  const bad = [];
  const selector = 'p, li, td, th, dd, dt, figcaption, caption, h1, h2, h3, .summary, .sample-text, .output-text';
  for (const e of document.querySelectorAll(selector)) {
    if (!e.textContent.trim() || e.getClientRects().length === 0) continue;
    const fg = rgba(getComputedStyle(e).color);
    const bg = background(e);
    const color = fg.slice(0, 3).map((v, i) => v * fg[3] + bg[i] * (1 - fg[3]));
    const [hi, lo] = [luminance(color), luminance(bg)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < minimum) bad.push('<' + e.tagName.toLowerCase() + '> "' + e.textContent.trim().slice(0, 30) + '" contrast ' + ratio.toFixed(2));
  }
  return [...new Set(bad)].slice(0, 8);
}
"""


# The script's conveniences work: show/hide all code, copy buttons, heading anchors, the current section.
CONVENIENCES_JS = """
() => {
  const bad = [];
  const cells = [...document.querySelectorAll('details.cell-code')];
  if (cells.length > 0) {
    const toggle = document.querySelector('.code-toggle button');
    if (!toggle || toggle.closest('[hidden]')) return ['no show/hide-all-code button'];
    toggle.click();
    if (!cells.every(c => c.open)) bad.push('"Show all code" left some code hidden');
    toggle.click();
    if (cells.some(c => c.open)) bad.push('"Hide all code" left some code shown');
    if (document.querySelectorAll('pre.code .copy-button').length !== document.querySelectorAll('pre.code').length)
      bad.push('a code block has no copy button');
  }
  for (const h of document.querySelectorAll('.content h2[id], .content h3[id]')) {
    const a = h.querySelector('a.heading-anchor');
    if (!a || a.getAttribute('href') !== '#' + h.id) { bad.push('heading "' + h.textContent.slice(0, 30) + '" has no anchor'); break; }
  }
  return bad;
}
"""


def find_chromium():
    explicit = os.environ.get("LORABOOK_CHROMIUM")
    candidates = [explicit] if explicit else CHROMIUM_CANDIDATES
    find_chromium.tried = candidates
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def check_page(browser, path, screenshots, failures):
    name = os.path.basename(path)
    url = "file://" + os.path.abspath(path)
    problems = []

    def fail(message):
        problems.append(message)

    def open_page(width, height, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and fail("console error at %d px: %s" % (width, m.text)))
        page.on("pageerror", lambda e: fail("script error at %d px: %s" % (width, e)))

        def route(r):
            if r.request.url == url or r.request.url.startswith("data:"):
                r.continue_()
            else:
                fail("fetches %s" % r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(url, wait_until="load")
        return context, page

    stem = os.path.splitext(name)[0]
    context, page = open_page(1280, 900)
    for item in page.evaluate(CLIPPED_JS, True):
        fail("at 1280 px: " + item)
    if screenshots:
        page.screenshot(path=os.path.join(screenshots, stem + "-1280.png"), full_page=True)
    for item in page.evaluate(CONVENIENCES_JS):
        fail("at 1280 px: " + item)
    # Scrolled to a section in the middle, the contents highlight it.
    target = page.evaluate("""() => { const hs = [...document.querySelectorAll('.content h2[id]')]
        .filter(h => document.querySelector('.toc a[href="#' + h.id + '"]'));
        if (hs.length < 3) return null; const h = hs[Math.floor(hs.length / 2)];
        window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 10); return h.id; }""")
    if target:
        page.wait_for_timeout(200)
        current = page.evaluate("() => { const a = document.querySelector('.toc a[aria-current]'); return a && a.getAttribute('href'); }")
        if current != "#" + target:
            fail("at 1280 px: scrolled to #%s, the contents highlight %s" % (target, current))
    context.close()

    context, page = open_page(390, 844, device_scale_factor=2, is_mobile=True, has_touch=True)
    for item in page.evaluate(OVERFLOW_JS):
        fail("at 390 px: " + item)
    for item in page.evaluate("() => [...document.querySelectorAll('.xref-missing')].map(e => e.textContent)"):
        fail("a cross-reference to nothing: " + item)
    duplicates = page.evaluate("""() => { const seen = new Set(), twice = new Set();
        for (const e of document.querySelectorAll('[id]')) { if (seen.has(e.id)) twice.add(e.id); seen.add(e.id); }
        return [...twice]; }""")
    for item in duplicates:
        fail("the id \"%s\" is used twice (links to it are ambiguous)" % item)
    for item in page.evaluate(CHART_TEXT_JS):
        fail("at 390 px, chart text under %g px: %s" % (MIN_CHART_TEXT_PX, item))
    if screenshots:
        page.screenshot(path=os.path.join(screenshots, stem + "-390.png"), full_page=True)
    context.close()

    # Print: lay the page out as print media at the printed line's width, then print it for real.
    context, page = open_page(PRINT_WIDTH_PX, 1000)
    page.emulate_media(media="print")
    for item in page.evaluate(CLIPPED_JS, False):
        fail("printed: " + item)
    lost = page.evaluate("""() => [...document.querySelectorAll('table')].filter(t => {
        const cells = t.querySelectorAll('tr > *:last-child');
        return [...cells].some(c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1);
      }).map(t => t.textContent.trim().slice(0, 40))""")
    for item in lost:
        fail("printed: the last column of table \"%s\" falls off the page" % item)
    with tempfile.TemporaryDirectory() as folder:
        pdf = os.path.join(folder, stem + ".pdf")
        page.pdf(path=pdf, format="A4", margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"})
        if os.path.getsize(pdf) < 1000:
            fail("printed: the PDF is empty")
    context.close()

    context, page = open_page(1280, 900, color_scheme="dark")
    for item in page.evaluate(CONTRAST_JS, MIN_CONTRAST):
        fail("dark mode: " + item)
    context.close()
    context, page = open_page(1280, 900, color_scheme="light")
    for item in page.evaluate(CONTRAST_JS, MIN_CONTRAST):
        fail("light mode: " + item)
    context.close()

    for problem in problems:
        failures.append("%s: %s" % (path, problem))
    print("%s %s" % ("ok  " if not problems else "FAIL", path))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--screenshots", help="write PAGE-1280.png and PAGE-390.png here")
    arguments = parser.parse_args()

    chromium = find_chromium()
    if chromium is None:
        sys.exit("error: Chromium not found (looked for %s; set LORABOOK_CHROMIUM). `make deps` installs Debian's "
                 "`chromium` package." % ", ".join(find_chromium.tried))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("error: Playwright for Python is missing; `make deps` runs `pip install playwright` "
                 "(the system Chromium is used, no browser is downloaded).")
    missing = [p for p in arguments.pages if not os.path.isfile(p)]
    if missing:
        sys.exit("error: no such page: " + ", ".join(missing))
    if arguments.screenshots:
        os.makedirs(arguments.screenshots, exist_ok=True)

    failures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for page in arguments.pages:
            check_page(browser, page, arguments.screenshots, failures)
        browser.close()
    for failure in failures:
        print(failure, file=sys.stderr)
    if failures:
        sys.exit("browser checks failed: %d problem(s) in %d page(s)" % (len(failures), len(arguments.pages)))
    print("browser checks passed: %d page(s)" % len(arguments.pages))


if __name__ == "__main__":
    main()
