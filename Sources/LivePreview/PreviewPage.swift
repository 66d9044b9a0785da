import Foundation
import Report

/// The pages the preview serves: a report with the reload script added (only as served: the file on disk never
/// holds it), and the small pages shown before the first run or when a notebook cannot be run at all.
public enum PreviewPage {
    /// Marks the script, so a test (or a reader of the page source) can tell a served page from the report file.
    public static let scriptMarker = "data-lorabook-watch"

    /// `html` with the reload script before its closing `</body>` (at the end when there is none).
    public static func injecting(into html: String, version: Int) -> String {
        let script = reloadScript(version: version)
        guard let close = html.range(of: "</body>", options: [.backwards, .caseInsensitive]) else { return html + script }
        return html.replacingCharacters(in: close.lowerBound..<close.lowerBound, with: script)
    }

    /// A page of its own: a title and a message (an error's text is shown as written, in a preformatted block).
    public static func message(title: String, text: String, version: Int) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>\(HTMLEscaping.escape(title))</title>
        <style>
        body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; padding: 1rem; border-left: 4px solid #b3261e;
              background: color-mix(in srgb, currentColor 6%, transparent); }
        </style>
        </head>
        <body>
        <h1>\(HTMLEscaping.escape(title))</h1>
        <pre>\(HTMLEscaping.escape(text))</pre>
        </body>
        </html>

        """.replacingOccurrences(of: "</body>", with: reloadScript(version: version) + "</body>")
    }

    /// Listens on `/events`: reloads when the server's version is not the one this page was served with (keeping
    /// the scroll position), and shows a small badge while a new run is going.
    static func reloadScript(version: Int) -> String {
        """
        <script \(scriptMarker)>
        (() => {
          const served = \(version);
          const key = 'lorabook-watch-scroll';
          const saved = sessionStorage.getItem(key);
          if (saved !== null) { sessionStorage.removeItem(key); window.scrollTo(0, Number(saved)); }
          const source = new EventSource('/events');
          source.addEventListener('version', (event) => {
            if (Number(event.data) === served) return;
            sessionStorage.setItem(key, String(window.scrollY));
            location.reload();
          });
          source.addEventListener('running', () => {
            if (document.getElementById('lorabook-watch-badge')) return;
            const badge = document.createElement('div');
            badge.id = 'lorabook-watch-badge';
            badge.setAttribute('role', 'status');
            badge.textContent = 'running the notebook again…';
            badge.style.cssText = 'position:fixed;right:1rem;bottom:1rem;padding:.4rem .8rem;border-radius:.4rem;'
              + 'background:#1f3a5f;color:#fff;font:14px system-ui,sans-serif;z-index:1000';
            document.body.appendChild(badge);
          });
        })();
        </script>

        """
    }
}
