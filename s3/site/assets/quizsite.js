// quizsite default theme: small enhancements; every page works without this file.
//
// 1. A link to #answer (or any id inside a <details>) opens it; printing shows every answer open.
// 2. A quiz's numbered list becomes a form: radio buttons (one answer) or checkboxes (several),
//    a Check button that marks each choice, says the result in a live region and opens the
//    answer, and Try again. The key is read from data-key inside the answer block.
// 3. Progress is kept in localStorage by post slug: listings mark answered quizzes, the home page
//    shows a score with a reset button, and "next unanswered" and "random quiz" links come from
//    quizzes.json. Storage may be missing or refuse access (private mode): every access is
//    guarded, and the quiz still works; progress is just not kept.
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
    var id = decodeURIComponent(location.hash.slice(1));
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
        h("span", { "class": "quiz-number" }, [String(number)]),
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
        detail = "option " + chosen[0] + " is not the right answer.";
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
      if (panel) renderProgress(panel, quizzes, saved);
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
