// Mermaid diagrams (```{mermaid} in a post): loaded, after Mermaid's own bundle, only by pages
// that hold one. Mermaid draws each <pre class="mermaid"> once the page has loaded, in its
// dark theme when the page is dark (the scheme chosen with the toggle or kept by the theme, else
// the reader's system's), as the rest of the page is.
(function () {
  "use strict";
  if (!window.mermaid) return;
  var chosen = document.documentElement.getAttribute("data-theme-scheme");
  var dark = chosen ? chosen === "dark"
    : window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  window.mermaid.initialize({ startOnLoad: true, theme: dark ? "dark" : "default", securityLevel: "strict" });
})();
