// Mermaid diagrams (```{mermaid} in a post): loaded, after Mermaid's own bundle, only by pages
// that hold one. Mermaid draws each <pre class="mermaid"> once the page has loaded, in its
// dark theme when the reader's system is dark, as the rest of the page is.
(function () {
  "use strict";
  if (!window.mermaid) return;
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  window.mermaid.initialize({ startOnLoad: true, theme: dark ? "dark" : "default", securityLevel: "strict" });
})();
