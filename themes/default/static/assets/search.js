// quizsite default theme: the search page (search/index.html). Loaded only there.
//
// The build writes Pagefind's index and script into <base>pagefind/; this file loads that
// script, searches for the words in the box (and in ?q=, which the header's search box sends)
// and lists the matching quizzes as links with their date and an excerpt. The count goes to a
// live region; the results are plain links, reached with Tab. Nothing leaves the site.
(function () {
  "use strict";

  var doc = document;
  var page = doc.querySelector("[data-search]");
  if (!page) return;
  var BASE = doc.documentElement.getAttribute("data-base-path") || "/";
  var BUNDLE = page.getAttribute("data-search-bundle") || BASE + "pagefind/";
  var PAGE_SIZE = 10;
  var DELAY = 200;  // ms of quiet typing before searching

  var form = page.querySelector(".search-form");
  var input = page.querySelector("input[name=q]");
  var status = page.querySelector("[data-search-status]");
  var list = page.querySelector("[data-search-results]");
  var fallback = page.querySelector("[data-search-fallback]");
  if (!form || !input || !status || !list) return;

  function h(tag, attrs, children) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? doc.createTextNode(child) : child);
    });
    return node;
  }

  // Pagefind's script, loaded once, on the first search.
  var engine = null;
  function load() {
    if (!engine) {
      engine = import(BUNDLE + "pagefind.js").then(function (pagefind) {
        return Promise.resolve(pagefind.options({ baseUrl: BASE })).then(function () {
          return pagefind;
        });
      });
    }
    return engine;
  }

  // Pagefind's excerpt is escaped text with <mark> around the words found: keep just that.
  function excerpt(html) {
    var holder = doc.createElement("template");
    holder.innerHTML = html || "";
    var out = doc.createDocumentFragment();
    Array.prototype.forEach.call(holder.content.childNodes, function (node) {
      out.appendChild(node.nodeName === "MARK"
        ? h("mark", {}, [node.textContent])
        : doc.createTextNode(node.textContent));
    });
    return out;
  }

  function item(data) {
    var meta = data.meta || {};
    var children = [
      h("h2", { "class": "search-result-title" }, [
        h("a", { href: data.url }, [meta.title || data.url])
      ])
    ];
    if (meta.date) children.push(h("p", { "class": "search-result-meta" }, [meta.date]));
    children.push(h("p", { "class": "search-result-excerpt" }, [excerpt(data.excerpt)]));
    return h("li", { "class": "search-result" }, children);
  }

  var latest = 0;    // a newer search makes the answers of older ones stale
  var results = [];  // Pagefind's results of the current search, loaded PAGE_SIZE at a time
  var shown = 0;
  var more = h("button", { type: "button", "class": "button search-more" }, ["Show more results"]);
  more.hidden = true;

  function say(text, offerFallback) {
    status.textContent = text;
    if (fallback) fallback.hidden = !offerFallback;
  }

  function quoted(query) {
    return "\u201c" + query + "\u201d";
  }

  function showNext(focusFirst) {
    var id = latest;
    var batch = results.slice(shown, shown + PAGE_SIZE);
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (found) {
      if (id !== latest) return;
      var items = found.map(item);
      items.forEach(function (node) { list.appendChild(node); });
      shown += items.length;
      more.hidden = shown >= results.length;
      if (focusFirst && items.length) items[0].querySelector("a").focus();
    });
  }

  function search(query) {
    var id = ++latest;
    query = query.trim();
    var url = query ? "?q=" + encodeURIComponent(query).replace(/%20/g, "+") : location.pathname;
    if (window.history && history.replaceState) history.replaceState(null, "", url);
    if (!query) {
      list.textContent = "";
      more.hidden = true;
      say("", false);
      return Promise.resolve();
    }
    list.setAttribute("aria-busy", "true");
    return load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (answer) {
      if (id !== latest) return null;
      results = (answer && answer.results) || [];
      shown = 0;
      list.textContent = "";
      var count = results.length;
      say(count === 0
        ? "No quizzes match " + quoted(query) + ". Try fewer or other words."
        : count + (count === 1 ? " quiz matches " : " quizzes match ") + quoted(query) + ".",
      count === 0);
      return showNext(false);
    }).catch(function () {
      if (id !== latest) return;
      list.textContent = "";
      more.hidden = true;
      say("Search is not available: its index could not be loaded.", true);
    }).then(function () {
      if (id === latest) list.removeAttribute("aria-busy");
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { search(input.value); }, DELAY);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search(input.value);
  });
  more.addEventListener("click", function () { showNext(true); });
  list.parentNode.insertBefore(more, list.nextSibling);

  var query = new URLSearchParams(location.search).get("q") || "";
  input.value = query;
  if (query.trim()) search(query);
})();
