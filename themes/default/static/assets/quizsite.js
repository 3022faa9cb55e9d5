// quizsite default theme: small enhancements; every page works without this file.
//
// 1. A link to #answer (or any id inside a <details>) opens it; printing shows every answer open.
// 2. A quiz's numbered list becomes a form: radio buttons (one answer) or checkboxes (several),
//    a Check button that marks each choice, says the result in a live region and opens the
//    answer, and Try again. The key is read from data-key inside the answer block.
// 3. Progress is kept in localStorage by post slug: listings mark answered quizzes, the home page
//    shows a score with a reset button and "Review your mistakes" (the quizzes answered wrong),
//    and "next unanswered" and "random quiz" links come from quizzes.json. Storage may be missing or refuse access (private mode): every access is
//    guarded, and the quiz still works; progress is just not kept.
// The page's words for what the theme's scripts print: a page not in English hands them over
// in <script id="quizsite-words"> (base.html); English otherwise. `{0}`, `{1}` are filled in.
// The other scripts, loaded after this one, call it as document.documentElement.quizsiteWord.
(function () {
  "use strict";
  var given = document.getElementById("quizsite-words");
  var words = {};
  try {
    words = given ? JSON.parse(given.textContent) : {};
  } catch (unreadable) {
    words = {};
  }
  document.documentElement.quizsiteWord = function (key, english) {
    var values = arguments;
    var text = typeof words[key] === "string" ? words[key] : english;
    return text.replace(/\{(\d)\}/g, function (all, n) { return values.length > +n + 2 ? values[+n + 2] : all; });
  };
})();

(function () {
  "use strict";

  var doc = document;
  var BASE = doc.documentElement.getAttribute("data-base-path") || "/";
  // The base path keeps two sites on one origin (user.github.io/a/, /b/) apart.
  var STORE_KEY = "quizsite:progress:" + BASE;

  function h(tag, attrs, children) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === false || value === null || value === undefined) return;
      node.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? doc.createTextNode(child) : child);
    });
    return node;
  }

  function all(selector, scope) {
    return Array.prototype.slice.call((scope || doc).querySelectorAll(selector));
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  // --- 1. Answers opened by links and for printing ---------------------------------------------

  // Open the <details> that holds the element a link points at (#answer or any id inside).
  function openTarget() {
    var id = location.hash.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch (malformed) {
      return; // "#%" and the like, from a mangled shared link: nothing to open
    }
    var target = id && doc.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

  // Print every answer open, then restore what the reader had closed.
  var closedForPrint = [];
  window.addEventListener("beforeprint", function () {
    closedForPrint = all("details").filter(function (d) { return !d.open; });
    closedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closedForPrint.forEach(function (d) { d.open = false; });
    closedForPrint = [];
  });

  // --- Wide code, tables and math ---------------------------------------------------------------

  // Code, wide tables and display math scroll sideways inside their box. One that does not
  // fit joins the Tab order, so that a keyboard can scroll it (Safari does not offer that by
  // itself); it leaves again when a wider window makes it fit.
  var SCROLLERS = ".post-body pre, .post-body table, .post-body .math.display";
  function scrollersReachable() {
    all(SCROLLERS).forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("tabindex", "0");
      else if (box.getAttribute("tabindex") === "0") box.removeAttribute("tabindex");
    });
  }
  var resizing = 0;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(scrollersReachable, 150);
  });
  scrollersReachable();

  // --- Progress store: {slug: {correct, chosen, tries, time}}; never throws ---------------------

  var store = {
    read: function () {
      var quizzes = {};
      try {
        var data = JSON.parse(window.localStorage.getItem(STORE_KEY) || "{}");
        var saved = (data && data.quizzes) || {};
        Object.keys(saved).forEach(function (slug) {
          if (saved[slug] && typeof saved[slug].correct === "boolean") quizzes[slug] = saved[slug];
        });
      } catch (e) {
        // No storage, or unreadable data: no progress.
      }
      return quizzes;
    },
    write: function (quizzes) {
      try {
        window.localStorage.setItem(STORE_KEY, JSON.stringify({ version: 1, quizzes: quizzes }));
        return true;
      } catch (e) {
        return false;
      }
    },
    clear: function () {
      try {
        window.localStorage.removeItem(STORE_KEY);
        return true;
      } catch (e) {
        return false;
      }
    },
    works: function () {
      try {
        var probe = STORE_KEY + ":probe";
        window.localStorage.setItem(probe, "1");
        window.localStorage.removeItem(probe);
        return true;
      } catch (e) {
        return false;
      }
    }
  };

  // Keep a result; false when storage refused it.
  function record(slug, correct, chosen) {
    if (!slug) return true;  // a page without a slug has nothing to keep
    var quizzes = store.read();
    var before = quizzes[slug];
    quizzes[slug] = {
      correct: correct,
      chosen: chosen,
      tries: ((before && before.tries) || 0) + 1,
      time: Date.now()
    };
    return store.write(quizzes);
  }

  // --- 2. The quiz form --------------------------------------------------------------------------

  // How the options list numbers its items (<ol type>): options lettered A-D are still
  // numbered 1-4 in the key and the stored answers; readers see the letters.
  function markerText(number, type) {
    if (type === "A" || type === "a") {
      var letter = number >= 1 && number <= 26 ? String.fromCharCode(64 + number) : String(number);
      return type === "a" ? letter.toLowerCase() : letter;
    }
    if (type === "I" || type === "i") {
      var numeral = "";
      var rest = number;
      [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"],
        [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]].forEach(function (pair) {
        while (rest >= pair[0]) { numeral += pair[1]; rest -= pair[0]; }
      });
      return type === "i" ? numeral.toLowerCase() : numeral;
    }
    return String(number);
  }

  function parseKey(text) {
    return String(text || "").split(/[^0-9]+/).filter(Boolean).map(Number);
  }

  function enhanceQuiz(quiz) {
    var list = quiz.querySelector(".quiz-options");
    var keyNode = quiz.querySelector("details .quiz-key[data-key]");
    var answer = keyNode && keyNode.closest("details");
    var key = parseKey(keyNode && keyNode.getAttribute("data-key"));
    if (!list || !answer || !key.length) return;
    var article = quiz.closest("[data-slug]");
    var slug = article ? article.getAttribute("data-slug") : "";
    var multiple = quiz.getAttribute("data-multiple") === "true" || key.length > 1;
    var labels = {
      correct: "Correct",
      wrong: "Wrong",
      missed: multiple ? "Right answer, not chosen" : "Right answer"
    };

    var options = all(":scope > li", list).map(function (item, index) {
      var number = item.value || index + 1;
      var input = h("input", {
        type: multiple ? "checkbox" : "radio",
        name: "quiz-choice",
        value: number,
        "class": "quiz-input"
      });
      var body = h("span", { "class": "quiz-option-body" });
      while (item.firstChild) body.appendChild(item.firstChild);
      var mark = h("span", { "class": "quiz-mark", hidden: true });
      item.appendChild(h("label", { "class": "quiz-choice" }, [
        input,
        h("span", { "class": "quiz-number" }, [markerText(number, list.getAttribute("type"))]),
        body,
        mark
      ]));
      return { item: item, input: input, mark: mark, number: number };
    });
    if (!options.length) return;

    var legend = multiple ? "Your answer: select all that apply" : "Your answer: choose one";
    var fieldset = h("fieldset", { "class": "quiz-fieldset" }, [
      h("legend", { "class": "visually-hidden" }, [legend])
    ]);
    var form = h("form", { "class": "quiz-form" });
    var check = h("button", { type: "submit", "class": "button button-primary quiz-check" }, ["Check"]);
    var retry = h("button", { type: "button", "class": "button quiz-retry", hidden: true }, ["Try again"]);
    var note = h("p", { "class": "quiz-note" });
    // The live region exists (empty) before anything is said, so screen readers announce changes.
    var status = h("div", { "class": "quiz-status", role: "status" });
    list.parentNode.insertBefore(form, list);
    fieldset.appendChild(list);
    form.appendChild(fieldset);
    form.appendChild(status);
    form.appendChild(h("div", { "class": "quiz-actions" }, [check, retry, note]));
    quiz.classList.add("quiz-interactive");

    var before = slug && store.read()[slug];
    if (before) {
      note.textContent = before.correct
        ? "You answered this one correctly before."
        : "You tried this one before; it was not right yet.";
    }

    var checked = false;

    function say(state, lead, rest) {
      status.textContent = "";
      if (!lead) return;
      status.appendChild(h("p", { "class": "quiz-result", "data-state": state }, [
        h("span", {}, [h("strong", {}, [lead]), rest ? " " + rest : ""])
      ]));
    }

    function clearMarks() {
      options.forEach(function (o) {
        o.item.classList.remove("is-correct", "is-wrong", "is-missed");
        o.mark.hidden = true;
        o.mark.textContent = "";
      });
      say();
      checked = false;
      check.hidden = false;
      retry.hidden = true;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = options.filter(function (o) { return o.input.checked; })
        .map(function (o) { return o.number; });
      clearMarks();
      if (!chosen.length) {
        say("empty", multiple ? "Choose at least one option," : "Choose an option,", "then press Check.");
        return;
      }
      var right = chosen.filter(function (n) { return key.indexOf(n) >= 0; }).length;
      var wrong = chosen.length - right;
      var correct = wrong === 0 && right === key.length;
      options.forEach(function (o) {
        var isKey = key.indexOf(o.number) >= 0;
        var state = o.input.checked ? (isKey ? "correct" : "wrong") : (isKey ? "missed" : "");
        if (!state) return;
        o.item.classList.add("is-" + state);
        o.mark.textContent = labels[state];
        o.mark.hidden = false;
      });
      var detail;
      if (correct) {
        detail = multiple ? "You found all " + key.length + " right answers." : "";
      } else if (multiple) {
        detail = right + " of " + key.length + " right answers chosen" +
          (wrong ? ", " + wrong + " wrong." : ".");
      } else {
        detail = "option " + markerText(chosen[0], list.getAttribute("type")) +
          " is not the right answer.";
      }
      say(correct ? "correct" : "wrong", correct ? "Correct!" : "Not quite:",
        (detail ? detail + " " : "") + "The explanation is open below.");
      answer.open = true;
      var kept = record(slug, correct, chosen);
      note.textContent = kept ? "" : "Your progress can\u2019t be saved in this browser.";
      checked = true;
      check.hidden = true;
      retry.hidden = false;
      retry.focus();
    });

    // Changing a choice after checking starts a fresh attempt (the answer stays open).
    fieldset.addEventListener("change", function () {
      if (checked) clearMarks();
    });

    retry.addEventListener("click", function () {
      options.forEach(function (o) { o.input.checked = false; });
      clearMarks();
      note.textContent = "";
      answer.open = false;
      options[0].input.focus();
    });
  }

  all(".quiz").forEach(enhanceQuiz);

  // --- Spoiler-free reading sidebar ------------------------------------------------------------

  // The sidebar's readings often name the answer, so the page folds them; they open once the
  // reader opens the answer (Check opens it too), or on a later visit to a quiz answered before.
  (function unfoldReadings() {
    var folds = all("[data-reading-fold]");
    if (!folds.length) return;
    function unfold() { folds.forEach(function (fold) { fold.open = true; }); }
    all(".quiz details").forEach(function (answer) {
      if (!answer.querySelector(".quiz-key")) return;
      answer.addEventListener("toggle", function () { if (answer.open) unfold(); });
      if (answer.open) unfold();
    });
    var post = doc.querySelector(".post[data-slug]");
    if (post && store.read()[post.getAttribute("data-slug")]) unfold();
  })();

  // --- 3. Progress in listings, the score, next-unanswered and random links ---------------------

  var quizList = null;
  function loadQuizzes() {
    if (!quizList) {
      quizList = (typeof fetch === "function"
        ? fetch(BASE + "quizzes.json", { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) throw new Error("quizzes.json: HTTP " + response.status);
          return response.json();
        }).then(function (data) {
          return ((data && data.quizzes) || []).filter(function (q) { return q && q.slug && q.url; });
        })
        : Promise.reject(new Error("no fetch"))
      ).catch(function () {
        return null;  // No list (opened from disk, or a theme without it): no links, no score.
      });
    }
    return quizList;
  }

  function markCards(saved) {
    all(".post-card[data-slug]").forEach(function (card) {
      var old = card.querySelector(".progress-mark");
      if (old) old.parentNode.removeChild(old);
      var entry = saved[card.getAttribute("data-slug")];
      if (!entry) return;
      (card.querySelector(".post-meta") || card).appendChild(h("span", {
        "class": "progress-mark " + (entry.correct ? "is-correct" : "is-wrong")
      }, [entry.correct ? "Answered correctly" : "Answered, not right yet"]));
    });
  }

  // The first quiz without a result after `current` in listing order (newest first), wrapping;
  // else the first one answered wrongly.
  function nextQuiz(quizzes, saved, current) {
    var start = 0;
    quizzes.forEach(function (q, i) { if (q.slug === current) start = i + 1; });
    var others = quizzes.slice(start).concat(quizzes.slice(0, start)).filter(function (q) {
      return q.slug !== current;
    });
    var fresh = others.filter(function (q) { return !saved[q.slug]; })[0];
    if (fresh) return { quiz: fresh, label: "Next unanswered quiz" };
    var missed = others.filter(function (q) { return !saved[q.slug].correct; })[0];
    return missed ? { quiz: missed, label: "Retry a missed quiz" } : null;
  }

  function jumpLinks(quizzes, saved, current) {
    var links = [];
    var next = nextQuiz(quizzes, saved, current);
    if (next) {
      links.push(h("a", { "class": "quiz-jump-link quiz-jump-next", href: next.quiz.url }, [
        h("span", { "class": "quiz-jump-label" }, [next.label + ":"]),
        " ",
        h("span", { "class": "quiz-jump-title" }, [next.quiz.title])
      ]));
    }
    var others = quizzes.filter(function (q) { return q.slug !== current; });
    if (others.length > 1 || (others.length && !next)) {
      var pick = others[Math.floor(Math.random() * others.length)];
      links.push(h("a", { "class": "quiz-jump-link quiz-jump-random", href: pick.url }, [
        h("span", { "class": "quiz-jump-label" }, ["Random quiz"])
      ]));
    }
    return links;
  }

  function renderProgress(panel, quizzes, saved) {
    var total = quizzes.length;
    var answered = quizzes.filter(function (q) { return saved[q.slug]; });
    var right = answered.filter(function (q) { return saved[q.slug].correct; }).length;
    var kept = store.works();
    panel.textContent = "";
    panel.appendChild(h("h2", { id: "quiz-progress-title" }, ["Your progress"]));
    panel.setAttribute("aria-labelledby", "quiz-progress-title");
    var score = h("p", { "class": "quiz-progress-score", tabindex: "-1" }, kept
      ? [h("strong", {}, [answered.length + " of " + plural(total, "quiz", "quizzes")]),
        " answered, " + right + " right"]
      : [plural(total, "quiz", "quizzes") + ". Your progress can\u2019t be saved in this browser."]);
    panel.appendChild(score);
    if (kept && total) {
      var bar = h("div", { "class": "quiz-progress-bar", "aria-hidden": "true" }, [
        h("span", { "class": "is-correct" }),
        h("span", { "class": "is-wrong" })
      ]);
      bar.children[0].style.width = (100 * right / total) + "%";
      bar.children[1].style.width = (100 * (answered.length - right) / total) + "%";
      panel.appendChild(bar);
    }
    var actions = h("div", { "class": "quiz-progress-actions" }, jumpLinks(quizzes, saved, ""));
    panel.appendChild(actions);
    var review = reviewList(quizzes, saved);
    if (review) panel.appendChild(review);
    if (answered.length) {
      var reset = h("button", { type: "button", "class": "button button-small quiz-reset" }, ["Reset progress"]);
      reset.addEventListener("click", function () {
        if (!window.confirm("Forget which quizzes you have answered on this site?")) return;
        store.clear();
        refresh(function () {
          var fresh = doc.querySelector(".quiz-progress-score");
          if (fresh) fresh.focus();
        });
      });
      actions.appendChild(reset);
    }
    panel.hidden = false;
  }

  // "Review your mistakes": the quizzes whose last answer was wrong, the latest first.
  function reviewList(quizzes, saved) {
    var missed = quizzes.filter(function (q) { return saved[q.slug] && !saved[q.slug].correct; });
    if (!missed.length) return null;
    missed.sort(function (a, b) { return (saved[b.slug].time || 0) - (saved[a.slug].time || 0); });
    return h("section", { "class": "quiz-review", "aria-labelledby": "quiz-review-title" }, [
      h("h3", { id: "quiz-review-title" }, ["Review your mistakes"]),
      h("p", { "class": "quiz-review-lead" }, [
        plural(missed.length, "quiz", "quizzes") + " answered wrong: try again."
      ]),
      h("ul", { "class": "quiz-review-list" }, missed.map(function (q) {
        var tries = saved[q.slug].tries || 1;
        return h("li", {}, [
          h("a", { href: q.url }, [q.title]),
          " ",
          h("span", { "class": "quiz-review-tries" }, ["(" + plural(tries, "try", "tries") + ")"])
        ]);
      }))
    ]);
  }

  function renderJump(nav, quizzes, saved, current) {
    var links = jumpLinks(quizzes, saved, current);
    nav.textContent = "";
    links.forEach(function (link) { nav.appendChild(link); });
    nav.hidden = !links.length;
  }

  function refresh(done) {
    var saved = store.read();
    markCards(saved);
    var panel = doc.querySelector("[data-quiz-progress]");
    var jump = doc.querySelector("[data-quiz-jump]");
    if (!panel && !jump) return;
    var post = doc.querySelector(".post[data-slug]");
    loadQuizzes().then(function (quizzes) {
      if (!quizzes) return;
      // A site without a quiz (a theme may keep the panel) shows no score of nothing.
      if (panel) quizzes.length ? renderProgress(panel, quizzes, saved) : (panel.hidden = true);
      if (jump) renderJump(jump, quizzes, saved, post ? post.getAttribute("data-slug") : "");
      if (done) done();
    });
  }

  refresh();
  // Another tab answered a quiz, or the page came back from the back/forward cache: redraw.
  window.addEventListener("storage", function (event) {
    if (event.key === STORE_KEY || event.key === null) refresh();
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) refresh();
  });
})();

// Quarto tabsets (`::: {.panel-tabset}`): the page holds every panel as a headed <section>;
// here each becomes an ARIA tabpanel behind a tablist of buttons, operated as the WAI-ARIA
// tabs pattern says (arrow keys move and select, Home and End go to the ends; only the
// selected tab is in the Tab order). Tabsets of the same data-group follow each other.
(function () {
  "use strict";

  var word = document.documentElement.quizsiteWord;

  var doc = document;
  var sets = doc.querySelectorAll(".panel-tabset");
  if (!sets.length) return;
  var count = 0;

  function select(set, index, focus) {
    set.tabs.forEach(function (tab, k) {
      var on = k === index;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      set.panels[k].hidden = !on;
    });
    if (focus) set.tabs[index].focus();
  }

  function follow(set, index) {
    var group = set.root.getAttribute("data-group");
    var name = set.tabs[index].textContent;
    all.forEach(function (other) {
      if (other === set || !group || other.root.getAttribute("data-group") !== group) return;
      other.tabs.forEach(function (tab, k) {
        if (tab.textContent === name) select(other, k, false);
      });
    });
  }

  function build(root) {
    var panels = Array.prototype.filter.call(root.children, function (child) {
      return child.classList.contains("tab-panel");
    });
    if (!panels.length) return null;
    count += 1;
    var list = doc.createElement("div");
    list.className = "tab-list";
    list.setAttribute("role", "tablist");
    var set = { root: root, tabs: [], panels: panels };
    panels.forEach(function (panel, k) {
      var heading = panel.querySelector(".tab-heading");
      var id = "tabset-" + count + "-" + (k + 1);
      var tab = doc.createElement("button");
      tab.type = "button";
      tab.className = "tab";
      tab.id = id + "-tab";
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", id);
      tab.textContent = heading ? heading.textContent : word("quizsite-tab-n", "Tab {0}", k + 1);
      panel.id = panel.id || id;
      tab.setAttribute("aria-controls", panel.id);
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
      panel.tabIndex = 0;
      list.appendChild(tab);
      set.tabs.push(tab);
      tab.addEventListener("click", function () {
        select(set, k, false);
        follow(set, k);
      });
    });
    list.addEventListener("keydown", function (event) {
      var at = set.tabs.indexOf(doc.activeElement);
      var last = set.tabs.length - 1;
      var to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: last }[event.key];
      if (at < 0 || to === undefined) return;
      event.preventDefault();
      to = to > last ? 0 : to < 0 ? last : to;
      select(set, to, true);
      follow(set, to);
    });
    root.insertBefore(list, panels[0]);
    root.classList.add("tabset-ready");
    select(set, 0, false);
    return set;
  }

  var all = [];
  Array.prototype.forEach.call(sets, function (root) {
    var set = build(root);
    if (set) all.push(set);
  });
})();

// Navbar dropdowns (`<details class="site-nav-menu">`) open and close without this; here one
// opening closes the others, and Escape or a click elsewhere closes an open one.
(function () {
  "use strict";

  var menus = document.querySelectorAll(".site-nav-menu");
  if (!menus.length) return;

  function closeAll(except) {
    Array.prototype.forEach.call(menus, function (menu) {
      if (menu !== except) menu.open = false;
    });
  }

  Array.prototype.forEach.call(menus, function (menu) {
    menu.addEventListener("toggle", function () {
      if (menu.open) closeAll(menu);
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !menu.open) return;
      menu.open = false;
      menu.querySelector("summary").focus();  // focus stays where the reader was
    });
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest(".site-nav-menu")) closeAll(null);
  });
})();

// The light/dark toggle. The head's inline script applied the reader's scheme before the page
// was drawn and left its function on <html> (quizsiteScheme); the button switches the scheme
// and keeps the choice as Quarto keeps it: "default" for the scheme the author named first,
// "alternate" for the other.
(function () {
  "use strict";

  var root = document.documentElement;
  var apply = root.quizsiteScheme;
  var button = document.querySelector(".scheme-toggle");
  if (!apply || !button) return;
  var KEY = "quarto-color-scheme";
  var first = root.getAttribute("data-scheme-toggle") === "dark" ? "dark" : "light";

  function stored() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (blocked) {
      return null;  // storage refused (private mode): the choice lasts for this page only
    }
  }

  // Comments (giscus, utterances) in the page's scheme: the script's theme before it runs,
  // the widget's own message once its frame is there ("light-name dark-name" on the script).
  var WIDGETS = { "https://giscus.app": ["giscus-frame", "data-theme"],
                  "https://utteranc.es": ["utterances-frame", "theme"] };
  function commentTheme(origin) {
    var dark = root.getAttribute("data-theme-scheme") === "dark";
    Array.prototype.forEach.call(document.querySelectorAll("script[data-scheme-themes]"), function (script) {
      var from = Object.keys(WIDGETS).filter(function (o) { return script.src.indexOf(o) === 0; })[0];
      if (!from || (origin && origin !== from)) return;
      var theme = script.getAttribute("data-scheme-themes").split(" ")[dark ? 1 : 0];
      script.setAttribute(WIDGETS[from][1], theme);
      var frame = document.querySelector("iframe." + WIDGETS[from][0]);
      if (!frame || !frame.contentWindow) return;
      var message = from === "https://giscus.app"
        ? { giscus: { setConfig: { theme: theme } } } : { type: "set-theme", theme: theme };
      frame.contentWindow.postMessage(message, from);
    });
  }
  var themed = {};
  window.addEventListener("message", function (event) {
    if (!WIDGETS[event.origin] || themed[event.origin]) return;
    themed[event.origin] = true;  // the widget's first word: its frame is ready
    commentTheme(event.origin);
  });

  // The button's state, Quarto's body classes (which authors' stylesheets aim at), comments.
  function show() {
    var dark = root.getAttribute("data-theme-scheme") === "dark";
    button.setAttribute("aria-pressed", dark ? "true" : "false");
    document.body.classList.toggle("quarto-dark", dark);
    document.body.classList.toggle("quarto-light", !dark);
    commentTheme("");
  }

  button.addEventListener("click", function () {
    var next = root.getAttribute("data-theme-scheme") === "dark" ? "light" : "dark";
    apply(next);
    try {
      window.localStorage.setItem(KEY, next === first ? "default" : "alternate");
    } catch (blocked) {
      // not kept: the next page starts from the author's or the reader's scheme again
    }
    show();
  });

  // Until the reader chooses, a page that follows their system follows it as it changes.
  if (root.getAttribute("data-scheme-toggle") === "auto" && window.matchMedia) {
    var query = window.matchMedia("(prefers-color-scheme: dark)");
    var follow = function (event) {
      if (stored()) return;
      apply(event.matches ? "dark" : "light");
      show();
    };
    if (query.addEventListener) query.addEventListener("change", follow);
  }
  show();
})();
