// Code blocks (loaded only by pages that show code or a Code menu; the page works without it).
//
// 1. A copy button on each highlighted code block when the page's <body> has
//    .code-copy-hover (shown on hover and on keyboard focus, as Quarto's) or .code-copy-always.
//    It copies the code as written: no line numbers, no annotation markers. A live region says
//    "Copied" (or that copying failed).
// 2. Quarto's Code menu (code-tools): "Show All Code" and "Hide All Code" open and close every
//    folded block (hidden without this script, which is what makes them work); "View Source"
//    opens the embedded source in a modal dialog (without this script it is a link to it).
(function () {
  "use strict";

  var doc = document;

  // The page's words, handed over by quizsite.js (every page loads it first); English, its
  // `{0}`, `{1}` filled in, should it not have run.
  var word = document.documentElement.quizsiteWord || function (key, english) {
    var values = arguments;
    return english.replace(/\{(\d)\}/g, function (all, n) { return values.length > +n + 2 ? values[+n + 2] : all; });
  };

  function all(selector, scope) {
    return Array.prototype.slice.call((scope || doc).querySelectorAll(selector));
  }

  // --- 1. Copy buttons -------------------------------------------------------------------------

  var status = null;

  function say(text) {
    if (!status) {
      status = doc.createElement("p");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      doc.body.appendChild(status);
    }
    status.textContent = "";
    // A fresh text node after a tick, so a second copy is announced again.
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function codeText(pre) {
    var code = pre.querySelector("code") || pre;
    var copy = code.cloneNode(true);
    all(".linenos, .code-annotation-anchor", copy).forEach(function (node) {
      node.parentNode.removeChild(node);
    });
    return copy.textContent.replace(/\n$/, "");
  }

  // The clipboard API needs a secure page (https, localhost); elsewhere a hidden text area
  // and the older copy command do it.
  function writeText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = doc.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      doc.body.appendChild(area);
      area.select();
      var done = false;
      try {
        done = doc.execCommand("copy");
      } catch (refused) {
        done = false;
      }
      doc.body.removeChild(area);
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  function addButton(pre) {
    var frame = doc.createElement("div");
    frame.className = "code-copy-frame";
    // The frame takes the block's place and its margins, so the button sits on the block.
    var style = window.getComputedStyle(pre);
    frame.style.marginTop = style.marginTop;
    frame.style.marginBottom = style.marginBottom;
    pre.parentNode.insertBefore(frame, pre);
    frame.appendChild(pre);
    pre.style.marginTop = "0";
    pre.style.marginBottom = "0";
    var button = doc.createElement("button");
    button.type = "button";
    button.className = "code-copy-button";
    button.setAttribute("aria-label", word("quizsite-copy-code", "Copy code"));
    button.title = word("copy-button-tooltip", "Copy to clipboard");
    button.innerHTML =
      '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">' +
      '<path fill="currentColor" d="M4 1.5A1.5 1.5 0 0 1 5.5 0h7A1.5 1.5 0 0 1 14 1.5v9a1.5 1.5 0 0 1-1.5 1.5h-7A1.5 1.5 0 0 1 4 10.5zm1.5-.5a.5.5 0 0 0-.5.5v9a.5.5 0 0 0 .5.5h7a.5.5 0 0 0 .5-.5v-9a.5.5 0 0 0-.5-.5zM2 4.5a.5.5 0 0 1 1 0v10a.5.5 0 0 0 .5.5h7a.5.5 0 0 1 0 1h-7A1.5 1.5 0 0 1 2 14.5z"/></svg>';
    button.addEventListener("click", function () {
      writeText(codeText(pre)).then(function () {
        frame.classList.add("code-copied");
        button.title = word("copy-button-tooltip-success", "Copied");
        say(button.title);
        window.setTimeout(function () {
          frame.classList.remove("code-copied");
          button.title = word("copy-button-tooltip", "Copy to clipboard");
        }, 1500);
      }, function () {
        say(word("quizsite-copy-failed", "Could not copy: select the code and copy it instead"));
      });
    });
    frame.appendChild(button);
  }

  var body = doc.body;
  if (body.classList.contains("code-copy-hover") || body.classList.contains("code-copy-always")) {
    all("main pre.highlight").forEach(function (pre) {
      if (pre.closest(".code-copy-frame, .code-source")) return;
      addButton(pre);
    });
  }

  // --- 2. The Code menu --------------------------------------------------------------------------

  var menu = doc.querySelector(".code-tools");
  if (!menu) return;
  var folds = all("details.code-fold");

  function closeMenu() {
    menu.open = false;
    menu.querySelector("summary").focus();
  }

  all("[data-code-tools]", menu).forEach(function (item) {
    var action = item.getAttribute("data-code-tools");
    if (action === "show" || action === "hide") {
      if (!folds.length) return; // nothing folded: nothing to show or hide
      item.closest("li").hidden = false;
      menu.hidden = false;
      item.addEventListener("click", function () {
        folds.forEach(function (fold) { fold.open = action === "show"; });
        closeMenu();
      });
    } else if (action === "source") {
      var dialog = doc.getElementById("code-source");
      if (!dialog || typeof dialog.showModal !== "function") return;
      item.addEventListener("click", function (event) {
        event.preventDefault();
        menu.open = false;
        dialog.showModal();
      });
    }
  });

  // Escape closes the open menu and gives the focus back to its button.
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open) {
      event.preventDefault();
      closeMenu();
    }
  });
  // A click elsewhere closes it, as a menu does.
  doc.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });

  var source = doc.getElementById("code-source");
  if (source && typeof source.showModal === "function") {
    source.querySelector("[data-code-source-close]").addEventListener("click", function (event) {
      event.preventDefault();
      source.close();
    });
  }
})();
