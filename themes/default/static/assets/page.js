// Quarto's page options on a post or page, as the article's data attributes ask
// (page_options.py writes them): a link beside each heading and hover previews of footnotes,
// citations and cross-references (both on unless turned off, as in a Quarto website);
// outside links marked or opened in a new window; images enlarged in a lightbox.
// Without JavaScript the page reads the same, without these aids.
(function () {
  "use strict";

  // The page's words, handed over by quizsite.js (every page loads it first); English, its
  // `{0}`, `{1}` filled in, should it not have run.
  var word = document.documentElement.quizsiteWord || function (key, english) {
    var values = arguments;
    return english.replace(/\{(\d)\}/g, function (all, n) { return values.length > +n + 2 ? values[+n + 2] : all; });
  };
  var article = document.querySelector("article.post");
  var body = article && article.querySelector(".post-body");
  if (!body) return;

  function words(element) {
    return (element.textContent || "").replace(/\s+/g, " ").trim();
  }

  // ---- Anchor links: a "#" link beside each heading, shown on hover and on focus. ----
  function addAnchors() {
    var headings = body.querySelectorAll("h2[id], h3[id], h4[id], h5[id], h6[id]");
    for (var i = 0; i < headings.length; i++) {
      var heading = headings[i];
      if (heading.closest(".tab-panel, .callout, .quiz-options")) continue;
      var link = document.createElement("a");
      link.className = "anchor-link";
      link.href = "#" + heading.id;
      link.setAttribute("aria-label", word("quizsite-section-link", "Link to this section: {0}", words(heading)));
      link.textContent = "#";
      heading.appendChild(link);
    }
  }

  // ---- Hover previews: the note, reference or figure a link leads to, in a popup. ----
  var KINDS = [
    ["footnotes", "sup.footnote-ref > a[href^='#fn']"],
    ["citations", "a[role='doc-biblioref'][href^='#ref-']"],
    ["crossrefs", "a.quarto-xref[href^='#']:not([href^='#sec-'])"],
  ];
  var popup = null;
  var shownFor = null;
  var hideTimer = 0;

  function previewOf(link) {
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return null;
    // A note already beside the text needs no popup.
    if (target.classList.contains("column-margin") &&
        target.getBoundingClientRect().left >= body.getBoundingClientRect().right) {
      return null;
    }
    var copy = target.cloneNode(true);
    copy.removeAttribute("id");
    if (copy.tagName === "LI") {  // a footnote of the list at the end: its content alone
      var note = document.createElement("div");
      note.append.apply(note, Array.prototype.slice.call(copy.childNodes));
      copy = note;
    }
    var inner = copy.querySelectorAll("[id], .footnote-backref");
    for (var i = 0; i < inner.length; i++) {
      if (inner[i].classList.contains("footnote-backref")) inner[i].remove();
      else inner[i].removeAttribute("id");
    }
    return copy;
  }

  function place(link) {
    popup.style.left = window.scrollX + "px";  // measured at the left edge: its widest
    popup.style.top = window.scrollY + "px";
    var box = link.getBoundingClientRect();
    var width = Math.min(popup.offsetWidth, document.documentElement.clientWidth - 16);
    var left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    var below = box.bottom + 8;
    var top = below + popup.offsetHeight > window.innerHeight && box.top > popup.offsetHeight + 16
      ? box.top - popup.offsetHeight - 8
      : below;
    popup.style.left = left + window.scrollX + "px";
    popup.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    clearTimeout(hideTimer);
    if (shownFor === link) return;
    hide();
    var content = previewOf(link);
    if (!content) return;
    if (!popup) {
      popup = document.createElement("div");
      popup.id = "hover-preview";
      popup.className = "hover-preview";
      popup.setAttribute("role", "tooltip");
      popup.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
      popup.addEventListener("mouseleave", hideSoon);
      document.body.appendChild(popup);
    }
    popup.replaceChildren(content);
    popup.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", "hover-preview");
    shownFor = link;
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!popup || !shownFor) return;
    popup.hidden = true;
    popup.replaceChildren();
    shownFor.removeAttribute("aria-describedby");
    shownFor = null;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 250);  // time to move the pointer into the popup
  }

  function addPreviews(off) {
    var selector = KINDS.filter(function (kind) { return off.indexOf(kind[0]) < 0; })
      .map(function (kind) { return kind[1]; }).join(", ");
    if (!selector) return;
    var links = body.querySelectorAll(selector);
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      link.addEventListener("mouseenter", function (event) { show(event.currentTarget); });
      link.addEventListener("mouseleave", hideSoon);
      link.addEventListener("focus", function (event) { show(event.currentTarget); });
      link.addEventListener("blur", hideSoon);
    }
    if (!links.length) return;
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && shownFor) hide();
    });
  }

  // ---- Outside links: an icon, and/or a new window (`link-external-*`). ----
  function markExternal(icon, newWindow, filter) {
    var inside = null;
    try {
      inside = filter ? new RegExp(filter) : null;
    } catch (error) {
      inside = null;  // not a regular expression JavaScript reads: every other host is outside
    }
    var links = body.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      if (!/^https?:$/.test(link.protocol) || link.host === location.host) continue;
      if (inside && inside.test(link.href)) continue;
      if (icon && !link.querySelector("img, svg")) link.classList.add("external-link");
      if (newWindow) {
        link.target = "_blank";
        link.rel = (link.rel ? link.rel + " " : "") + "noopener";
        var note = document.createElement("span");
        note.className = "visually-hidden";
        note.textContent = " (" + word("quizsite-new-window", "opens in a new window") + ")";
        link.appendChild(note);
      }
    }
  }

  // ---- Lightbox: a picture opens enlarged in a dialog; Escape or the button closes it. ----
  var dialog = null;
  var gallery = [];
  var current = 0;

  function captionOf(image) {
    var figure = image.closest("figure");
    var caption = figure && figure.querySelector("figcaption");
    return caption ? words(caption) : image.alt;
  }

  function buildDialog() {
    dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.setAttribute("aria-label", word("quizsite-enlarged-image", "Enlarged image"));
    dialog.innerHTML = '<figure><img alt=""><figcaption></figcaption></figure>' +
      '<button type="button" class="lightbox-prev">‹</button>' +
      '<button type="button" class="lightbox-next">›</button>' +
      '<button type="button" class="lightbox-close">×</button>';
    dialog.querySelector(".lightbox-prev").setAttribute("aria-label", word("quizsite-previous-image", "Previous image"));
    dialog.querySelector(".lightbox-next").setAttribute("aria-label", word("quizsite-next-image", "Next image"));
    dialog.querySelector(".lightbox-close").setAttribute("aria-label", word("quizsite-close", "Close"));
    dialog.querySelector(".lightbox-close").addEventListener("click", function () { dialog.close(); });
    dialog.querySelector(".lightbox-prev").addEventListener("click", function () { step(-1); });
    dialog.querySelector(".lightbox-next").addEventListener("click", function () { step(1); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();  // a click on the backdrop
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") step(-1);
      if (event.key === "ArrowRight") step(1);
    });
    document.body.appendChild(dialog);
  }

  function showImage(index) {
    current = (index + gallery.length) % gallery.length;
    var image = gallery[current];
    var big = dialog.querySelector("img");
    big.src = image.currentSrc || image.src;
    big.alt = image.alt;
    dialog.querySelector("figcaption").textContent = captionOf(image);
    var several = gallery.length > 1;
    dialog.querySelector(".lightbox-prev").hidden = !several;
    dialog.querySelector(".lightbox-next").hidden = !several;
  }

  function step(by) {
    if (gallery.length > 1) showImage(current + by);
  }

  function open(image) {
    hide();
    if (!dialog) buildDialog();
    var group = image.getAttribute("data-group");
    gallery = group
      ? Array.prototype.filter.call(body.querySelectorAll("img[data-lightbox-ready]"), function (other) {
        return other.getAttribute("data-group") === group;
      })
      : [image];
    showImage(gallery.indexOf(image));
    dialog.showModal();
    dialog.querySelector(".lightbox-close").focus();
  }

  function addLightbox(mode) {
    var chosen = body.querySelectorAll(mode === "auto"
      ? "img.lightbox, figure img, p > img:only-child"
      : "img.lightbox");
    for (var i = 0; i < chosen.length; i++) {
      var image = chosen[i];
      if (image.classList.contains("nolightbox") || image.closest("a, button, .column-margin")) continue;
      var inline = image.parentElement.tagName === "P" && words(image.parentElement);
      if (inline && !image.classList.contains("lightbox")) continue;  // a picture among words
      image.setAttribute("data-lightbox-ready", "");
      image.setAttribute("tabindex", "0");
      image.setAttribute("role", "button");
      image.setAttribute("aria-label", word("quizsite-enlarge-image", "Enlarge image") + (captionOf(image) ? ": " + captionOf(image) : ""));
      image.addEventListener("click", function (event) { open(event.currentTarget); });
      image.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          open(event.currentTarget);
        }
      });
    }
  }

  // ---- The table beside the text: the reader's section marked, and (`toc-expand`, Quarto's
  // default 1) only the levels asked for shown, with the branch of that section. ----
  function followContents() {
    var toc = article.querySelector(".toc:not(.toc-body)");
    if (!toc) return;
    var expand = toc.getAttribute("data-expand") || "1";
    var links = Array.prototype.slice.call(toc.querySelectorAll("a[href^='#']"));
    var targets = links.map(function (link) {
      return document.getElementById(decodeURIComponent(link.hash.slice(1)));
    });
    var pending = false;

    function update() {
      pending = false;
      var current = -1;
      for (var i = 0; i < targets.length; i++) {
        if (targets[i] && targets[i].getBoundingClientRect().top <= window.innerHeight * 0.25) current = i;
      }
      links.forEach(function (link, i) {
        if (i === current) link.setAttribute("aria-current", "location");
        else link.removeAttribute("aria-current");
      });
      var beside = getComputedStyle(toc).float !== "none";
      var open = current >= 0 ? links[current].closest("li") : null;
      var lists = toc.querySelectorAll("ul ul");
      for (var j = 0; j < lists.length; j++) {
        var list = lists[j];
        var depth = 1;
        for (var up = list.parentElement; up && up !== toc; up = up.parentElement) {
          if (up.tagName === "UL") depth++;
        }
        var shown = !beside || expand === "all" || depth <= Number(expand) ||
          (open && (list.contains(open) || list.parentElement === open));
        list.classList.toggle("toc-collapsed", !shown);
      }
    }

    function soon() {
      if (!pending) {
        pending = true;
        requestAnimationFrame(update);
      }
    }

    window.addEventListener("scroll", soon, { passive: true });
    window.addEventListener("resize", soon);
    update();
  }

  followContents();
  if (!article.hasAttribute("data-no-anchors")) addAnchors();
  addPreviews((article.getAttribute("data-no-hover") || "").split(" "));
  var icon = article.hasAttribute("data-external-icon");
  var newWindow = article.hasAttribute("data-external-newwindow");
  if (icon || newWindow) markExternal(icon, newWindow, article.getAttribute("data-external-filter"));
  var lightbox = article.getAttribute("data-lightbox");
  if (lightbox !== "none") addLightbox(lightbox);
})();
