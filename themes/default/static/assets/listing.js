/* Quarto listing pages, enhanced: pages of `page-size` items with page buttons, the sort menu
   and filter box (`sort-ui`, `filter-ui`), sortable table columns, and filtering by a
   category (`#category=name`, as Quarto's links write it). Without this script every item is
   on the page and each category links to its tag page. */
(function () {
  "use strict";

  // The page's words, handed over by quizsite.js (every page loads it first); English, its
  // `{0}`, `{1}` filled in, should it not have run.
  var word = document.documentElement.quizsiteWord || function (key, english) {
    var values = arguments;
    return english.replace(/\{(\d)\}/g, function (all, n) { return values.length > +n + 2 ? values[+n + 2] : all; });
  };

  var listings = [];

  function readHash() {
    var found = {};
    var hash = window.location.hash.slice(1);
    if (!hash) return found;
    hash.split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at > 0) {
        try {
          found[part.slice(0, at)] = decodeURIComponent(part.slice(at + 1));
        } catch (e) {
          found[part.slice(0, at)] = part.slice(at + 1);
        }
      }
    });
    return found;
  }

  function writeHash(values) {
    var parts = [];
    Object.keys(values).forEach(function (key) {
      if (values[key] !== "" && values[key] !== undefined) {
        parts.push(key + "=" + encodeURIComponent(values[key]));
      }
    });
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (window.location.hash === hash) return;
    history.pushState(null, "", hash || window.location.pathname + window.location.search);
  }

  function Listing(section) {
    this.section = section;
    this.id = section.id;
    this.pageSize = parseInt(section.getAttribute("data-page-size"), 10) || 25;
    this.items = Array.prototype.slice.call(section.querySelectorAll(".listing-item"));
    this.container = this.items.length ? this.items[0].parentNode : null;
    this.order = this.items.slice();
    this.filter = "";
    this.category = "";
    this.page = 1;
    this.label = section.getAttribute("aria-label") || word("quizsite-this-listing", "this listing");
    this.status = section.querySelector(".listing-status");
    this.empty = section.querySelector(".listing-no-matching");
    this.texts = this.filterTexts();
    this.categoriesOf = this.items.map(function (item) {
      try {
        return JSON.parse(item.getAttribute("data-categories") || "[]");
      } catch (e) {
        return [];
      }
    });
    this.tools();
    this.tableHeadings();
  }

  Listing.prototype.filterTexts = function () {
    var fields = (this.section.getAttribute("data-filter-fields") || "").split(" ").filter(Boolean);
    var columns = [];
    var headings = this.section.querySelectorAll("thead th");
    Array.prototype.forEach.call(headings, function (th, n) {
      if (fields.indexOf(th.getAttribute("data-field")) >= 0) columns.push(n);
    });
    return this.items.map(function (item) {
      var words = [];
      if (item.tagName === "TR") {
        columns.forEach(function (n) {
          if (item.cells[n]) words.push(item.cells[n].textContent);
        });
      } else {
        fields.forEach(function (field) {
          Array.prototype.forEach.call(item.querySelectorAll(".listing-" + field), function (el) {
            words.push(el.textContent);
          });
        });
      }
      return words.join(" ").toLowerCase();
    });
  };

  Listing.prototype.tools = function () {
    var self = this;
    var tools = this.section.querySelector(".listing-tools");
    if (!tools) return;
    tools.hidden = false;
    var select = tools.querySelector("select");
    if (select) {
      select.addEventListener("change", function () {
        var choice = select.options[select.selectedIndex];
        self.sortBy(choice.value, choice.getAttribute("data-direction"), choice.getAttribute("data-kind"));
        self.markColumn(null);
      });
    }
    var input = tools.querySelector("input");
    if (input) {
      input.addEventListener("input", function () {
        self.filter = input.value.trim().toLowerCase();
        self.page = 1;
        self.update(true);
      });
    }
  };

  Listing.prototype.tableHeadings = function () {
    var self = this;
    Array.prototype.forEach.call(this.section.querySelectorAll("th[data-sort-kind]"), function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "listing-sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var direction = th.getAttribute("aria-sort") === "ascending" ? "desc" : "asc";
        self.sortBy(th.getAttribute("data-field"), direction, th.getAttribute("data-sort-kind"));
        self.markColumn(th, direction);
      });
    });
  };

  Listing.prototype.markColumn = function (chosen, direction) {
    Array.prototype.forEach.call(this.section.querySelectorAll("th[data-sort-kind]"), function (th) {
      if (th === chosen) th.setAttribute("aria-sort", direction === "desc" ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
  };

  Listing.prototype.sortBy = function (field, direction, kind) {
    var sign = direction === "desc" ? -1 : 1;
    function key(item) {
      if (field === "index") return parseInt(item.getAttribute("data-index"), 10);
      var value = item.getAttribute("data-sort-" + field) || "";
      if (kind === "number") return value === "" ? null : parseFloat(value);
      return value === "" ? null : value;
    }
    this.order = this.items.slice().sort(function (a, b) {
      var x = key(a), y = key(b);
      if (x === y) return parseInt(a.getAttribute("data-index"), 10) - parseInt(b.getAttribute("data-index"), 10);
      if (x === null) return 1; // an item without the field comes last either way
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sign;
    });
    this.page = 1;
    this.update(true);
  };

  Listing.prototype.matches = function (item) {
    var n = this.items.indexOf(item);
    if (this.category && this.categoriesOf[n].indexOf(this.category) < 0) return false;
    if (!this.filter) return true;
    var text = this.texts[n];
    return this.filter.split(/\s+/).every(function (word) {
      return text.indexOf(word) >= 0;
    });
  };

  Listing.prototype.update = function (announce) {
    var self = this;
    if (!this.container) return;
    var shown = this.order.filter(function (item) {
      return self.matches(item);
    });
    var pages = Math.max(1, Math.ceil(shown.length / this.pageSize));
    this.page = Math.min(Math.max(1, this.page), pages);
    var first = (this.page - 1) * this.pageSize;
    var onPage = shown.length > this.pageSize ? shown.slice(first, first + this.pageSize) : shown;
    this.order.forEach(function (item) {
      self.container.appendChild(item);
      item.hidden = onPage.indexOf(item) < 0;
    });
    if (this.empty) this.empty.hidden = shown.length > 0;
    this.pager(pages);
    if (announce && this.status) {
      var words = shown.length === this.items.length
        ? word("quizsite-listing-all", "{0} items", this.items.length)
        : word("quizsite-listing-some", "{0} of {1} items", shown.length, this.items.length);
      this.status.textContent = words +
        (pages > 1 ? ", " + word("quizsite-listing-page", "page {0} of {1}", this.page, pages) : "");
    }
  };

  Listing.prototype.pager = function (pages) {
    var self = this;
    var nav = this.section.querySelector(".listing-pagination");
    if (pages < 2) {
      if (nav) nav.remove();
      return;
    }
    var focused = nav && nav.contains(document.activeElement) ? document.activeElement.getAttribute("data-page") : null;
    if (!nav) {
      nav = document.createElement("nav");
      nav.className = "listing-pagination";
      nav.setAttribute("aria-label", word("quizsite-pages-of", "Pages of {0}", this.label));
      this.section.appendChild(nav);
    }
    var list = document.createElement("ul");
    function button(page, text, label, current, disabled) {
      var li = document.createElement("li");
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.setAttribute("data-page", String(page));
      if (label) b.setAttribute("aria-label", label);
      if (current) b.setAttribute("aria-current", "page");
      if (disabled) b.setAttribute("aria-disabled", "true");
      b.addEventListener("click", function () {
        if (disabled) return;
        var target = page === "previous" ? self.page - 1 : page === "next" ? self.page + 1 : page;
        self.goTo(target);
      });
      li.appendChild(b);
      list.appendChild(li);
    }
    button("previous", word("quizsite-previous", "Previous"), word("quizsite-previous-page", "Previous page"), false, this.page === 1);
    var shown = [];
    for (var n = 1; n <= pages; n++) {
      if (pages <= 7 || n === 1 || n === pages || Math.abs(n - this.page) <= 1) shown.push(n);
    }
    shown.forEach(function (n, i) {
      if (i > 0 && n - shown[i - 1] > 1) {
        var gap = document.createElement("li");
        gap.className = "listing-pagination-gap";
        gap.setAttribute("aria-hidden", "true");
        gap.textContent = "…";
        list.appendChild(gap);
      }
      button(n, String(n), word("quizsite-page-n", "Page {0}", n), n === self.page, false);
    });
    button("next", word("quizsite-next", "Next"), word("quizsite-next-page", "Next page"), false, this.page === pages);
    nav.replaceChildren(list);
    if (focused) {
      var again = nav.querySelector('[data-page="' + focused + '"]');
      if (again) again.focus();
    }
  };

  Listing.prototype.goTo = function (page) {
    this.page = page;
    this.update(true);
    var state = readHash();
    state[this.id + "-page"] = page > 1 ? String(page) : "";
    writeHash(state);
    var top = this.section.getBoundingClientRect().top;
    if (top < 0) this.section.scrollIntoView({ block: "start" });
  };

  function chooseCategory(name, fromHash) {
    listings.forEach(function (listing) {
      listing.category = name;
      listing.page = 1;
      listing.update(!fromHash);
    });
    Array.prototype.forEach.call(document.querySelectorAll(".listing-categories [data-category]"), function (link) {
      var on = link.getAttribute("data-category") === name && (name !== "" || link.classList.contains("category-all"));
      link.classList.toggle("active", on);
      if (on) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
  }

  function fromHash() {
    var state = readHash();
    chooseCategory(state.category || "", true);
    listings.forEach(function (listing) {
      var page = parseInt(state[listing.id + "-page"], 10);
      if (page > 1) {
        listing.page = page;
        listing.update(false);
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-listing]"), function (section) {
      listings.push(new Listing(section));
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-category]"), function (link) {
      var name = link.getAttribute("data-category");
      if (!link.hasAttribute("href")) link.setAttribute("href", "#category=" + encodeURIComponent(name));
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
        event.preventDefault();
        chooseCategory(name, false);
        writeHash(name ? { category: name } : {});
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("table.table-hover tbody"), function (body) {
      body.addEventListener("click", function (event) {
        if (event.target.closest("a, button") || String(window.getSelection())) return;
        var row = event.target.closest("tr");
        var link = row && row.querySelector("a[href]");
        if (link) window.location.href = link.href;
      });
    });
    fromHash();
    window.addEventListener("popstate", fromHash);
    window.addEventListener("hashchange", fromHash);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
