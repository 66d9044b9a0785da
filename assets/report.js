// The report page's script, inlined into every page. The page reads fully without it; this adds conveniences:
// show/hide all code, copy buttons, heading anchors, the current section in the contents, and tables that widen
// into the page margin and then scroll with a visible cue.
"use strict";
(function () {
  const content = document.querySelector(".content");
  if (!content) return;

  // Prose tables get the same wrapper as the cells' tables, so they widen and scroll the same way.
  for (const table of content.querySelectorAll(".prose table")) {
    if (table.parentElement.classList.contains("table-wrap")) continue;
    const wrap = document.createElement("div");
    wrap.className = "table-wrap";
    table.parentElement.insertBefore(wrap, table);
    wrap.appendChild(table);
  }

  // A table wider than the column first widens into the margin (class "wide"), and only then scrolls, with a cue.
  // Display math wider than the screen scrolls inside its wrapper, with the same cue.
  const wraps = [...content.querySelectorAll(".table-wrap, .math-display")];
  function fitTables() {
    for (const wrap of wraps) {
      wrap.classList.remove("wide", "has-scroll-cue");
      const table = wrap.querySelector("table");
      if (table && table.scrollWidth > wrap.clientWidth + 1) wrap.classList.add("wide");
      if (wrap.scrollWidth > wrap.clientWidth + 1) wrap.classList.add("has-scroll-cue");
    }
  }
  fitTables();
  let resizeTimer = 0;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(fitTables, 100);
  });
  window.addEventListener("beforeprint", function () {
    for (const wrap of wraps) wrap.classList.remove("wide", "has-scroll-cue");
  });
  window.addEventListener("afterprint", fitTables);

  // Heading anchors: a "#" link after each heading that has an id.
  for (const heading of content.querySelectorAll("h2[id], h3[id], h4[id]")) {
    const anchor = document.createElement("a");
    anchor.className = "heading-anchor";
    anchor.href = "#" + heading.id;
    anchor.setAttribute("aria-label", "Link to this section");
    anchor.textContent = "#";
    heading.appendChild(anchor);
  }

  // Copy buttons on shown code.
  function copyText(text, button) {
    const done = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 1500);
    };
    const fallback = function () {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy"); done(); } catch (error) { button.textContent = "Select and copy"; }
      area.remove();
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }
  for (const pre of content.querySelectorAll("pre.code, .prose pre")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy this code");
    button.addEventListener("click", function () { copyText(pre.querySelector("code") ? pre.querySelector("code").textContent : pre.textContent, button); });
    pre.classList.add("has-copy");
    pre.appendChild(button);
  }

  // Show or hide the code of every cell at once.
  const cells = [...content.querySelectorAll("details.cell-code")];
  const toolbar = document.querySelector(".code-toggle");
  if (toolbar && cells.length > 0) {
    const button = toolbar.querySelector("button");
    const update = function () {
      const allOpen = cells.every(function (cell) { return cell.open; });
      button.textContent = allOpen ? "Hide all code" : "Show all code";
      button.setAttribute("aria-pressed", allOpen ? "true" : "false");
    };
    button.addEventListener("click", function () {
      const open = !cells.every(function (cell) { return cell.open; });
      for (const cell of cells) cell.open = open;
      update();
    });
    for (const cell of cells) cell.addEventListener("toggle", update);
    toolbar.hidden = false;
    update();
  }

  // The contents highlight the section being read.
  const links = new Map();
  for (const link of document.querySelectorAll(".toc a[href^='#']")) links.set(decodeURIComponent(link.getAttribute("href").slice(1)), link);
  const headings = [...document.querySelectorAll(".content h1[id], .content h2[id], .content h3[id], #run-metadata")]
    .filter(function (heading) { return links.has(heading.id); });
  function highlight() {
    let current = null;
    for (const heading of headings) {
      if (heading.getBoundingClientRect().top <= 120) current = heading; else break;
    }
    for (const link of links.values()) link.removeAttribute("aria-current");
    if (current) links.get(current.id).setAttribute("aria-current", "true");
  }
  if (headings.length > 0) {
    let pending = false;
    window.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; highlight(); });
    }, { passive: true });
    highlight();
  }
})();
