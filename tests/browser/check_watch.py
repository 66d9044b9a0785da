#!/usr/bin/env python3
"""Drives `lorabook watch` as a reader does, in Debian's Chromium (headless, driven by Playwright): opens the served
page, saves edits to the notebook, and checks that the open page reloads by itself with the new content (no
navigation by the test), what ran again each time, and that a failed run shows its error in the page.

    check_watch.py LORABOOK

Exits 1 with one line per failure. A missing Chromium or Playwright is a failure, never a skip.
"""
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

from check_reports import find_chromium

# A hang guard for each wait (a run takes well under a second here), never a measure of speed.
WAIT_SECONDS = 120

NOTEBOOK = """---
title: Watched in a browser
---

{prose}

```swift {{#parameters}}
let size = {size}
```

```swift {{#sum cache=true}}
var total = 0
for i in 0..<size {{ total = total + i }}
```

```swift {{#shown}}
markdown("The total is \\({shown}).")
```
"""


class Watch:
    """`lorabook watch` in a folder, its standard error read line by line as it comes."""

    def __init__(self, lorabook, folder):
        self.folder = folder
        self.lines = queue.Queue()
        self.log = []
        self.process = subprocess.Popen([lorabook, "watch", "nb.md", "--port", "0"], cwd=folder,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern):
        """The first line from now on that matches `pattern`, and every line read until it."""
        seen = []
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            seen.append(line)
            self.log.append(line)
            match = re.search(pattern, line)
            if match:
                return match, seen
        raise RuntimeError("no line matching %r; lorabook printed:\n%s" % (pattern, "\n".join(self.log)))

    def save(self, **values):
        # Written the way many editors save: a new file renamed over the old one.
        path = os.path.join(self.folder, "nb.md")
        with open(path + ".new", "w") as f:
            f.write(NOTEBOOK.format(**values))
        os.replace(path + ".new", path)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_watch.py LORABOOK")
    lorabook = os.path.abspath(sys.argv[1])
    chromium = find_chromium()
    if chromium is None:
        sys.exit("error: Chromium not found (looked for %s; set LORABOOK_CHROMIUM)" % ", ".join(find_chromium.tried))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sys.exit("error: Playwright for Python is missing; `make deps` runs `pip install playwright`")

    failures = []

    def expect(condition, message):
        print("%s %s" % ("ok  " if condition else "FAIL", message))
        if not condition:
            failures.append(message)

    with tempfile.TemporaryDirectory() as folder:
        first = dict(prose="The first version of the prose.", size=4, shown="total")
        with open(os.path.join(folder, "nb.md"), "w") as f:
            f.write(NOTEBOOK.format(**first))
        watch = Watch(lorabook, folder)
        try:
            match, _ = watch.wait_for(r"serving (http://127\.0\.0\.1:\d+/)")
            url = match.group(1)
            watch.wait_for(r"run 1 done")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page()
                errors = []
                page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.on("response", lambda r: errors.append("%d for %s" % (r.status, r.url)) if r.status >= 400 else None)
                page.goto(url)
                body = page.inner_text("body")
                expect("The first version of the prose." in body and "The total is 6." in body,
                       "the served page shows the first run")

                def reloads_with(text, edit, what):
                    # A mark that only this load of the page carries: gone after a reload.
                    page.evaluate("window.__lorabookWatchMark = true")
                    watch.save(**edit)
                    _, lines = watch.wait_for(r"run \d+ (done|failed)")
                    try:
                        page.wait_for_function("t => document.body.innerText.includes(t)", arg=text,
                                               timeout=WAIT_SECONDS * 1000)
                        shown = True
                    except Exception:
                        shown = False
                    reloaded = page.evaluate("window.__lorabookWatchMark === undefined")
                    expect(shown and reloaded, "%s: the open page reloaded by itself and shows %r" % (what, text))
                    return lines

                prose = dict(first, prose="The second version of the prose.")
                lines = reloads_with("The second version of the prose.", prose, "a prose edit")
                expect(any("[sum] cached" in line for line in lines), "a prose edit takes the cached cell from the cache")

                parameter = dict(prose, size=5)
                lines = reloads_with("The total is 10.", parameter, "a parameter edit")
                expect(not any("[sum] cached" in line for line in lines), "a parameter edit runs the cell that reads it")

                lines = reloads_with("totl", dict(parameter, shown="totl"), "a failing edit")
                expect(any("failed" in line for line in lines), "a failing edit is said on the terminal")
                on_disk = open(os.path.join(folder, "nb.html")).read()
                expect("The total is 10." in on_disk and "data-lorabook-watch" not in on_disk,
                       "the last good report stays on disk, without the reload script")

                expect(not errors, "no console errors (%s)" % "; ".join(errors))
                browser.close()
        finally:
            if watch.process.poll() is None:
                watch.process.send_signal(signal.SIGINT)
            try:
                status = watch.process.wait(timeout=WAIT_SECONDS)
            except subprocess.TimeoutExpired:
                watch.process.kill()
                status = None
        expect(status == 0, "Ctrl-C stops watch with status 0 (got %s)" % status)

    if failures:
        sys.exit("watch browser checks failed: %d problem(s)" % len(failures))
    print("watch browser checks passed")


if __name__ == "__main__":
    main()
