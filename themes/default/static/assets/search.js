// quizsite default theme: the search page (search/index.html). Loaded only there.
//
// The build writes the index under <base>search/ (see quizsite's search.py): index.json names
// the shard files (terms, which are stems, by their first two characters, or three in a big
// group, each with the posts holding it and a weight), the forms files (every word of the
// posts with its stem, by its first character, and again by its third, so that a word
// matching nothing as typed is also looked for with a typo in its first two) and
// the record files (link, title, date
// and text of twenty posts each). This file fetches index.json and only the files a query
// needs: a query word is looked up among the forms (a word one typo away, or a longer word it
// starts, counts too, for less), the posts holding a stem of every word are ranked, quoted
// phrases are checked in the records, and the results are listed as links with their date and
// an excerpt. The count goes to a live region; the results are plain links, reached with Tab.
// Nothing leaves the site.
(function () {
  "use strict";

  // The page's words, handed over by quizsite.js (every page loads it first); English, its
  // `{0}`, `{1}` filled in, should it not have run.
  var word = document.documentElement.quizsiteWord || function (key, english) {
    var values = arguments;
    return english.replace(/\{(\d)\}/g, function (all, n) { return values.length > +n + 2 ? values[+n + 2] : all; });
  };

  var doc = document;
  var page = doc.querySelector("[data-search]");
  if (!page || !window.fetch) return;
  var INDEX = new URL(page.getAttribute("data-search-index"), location.href);
  var PAGE_SIZE = 10;
  var DELAY = 200;  // ms of quiet typing before searching
  var EXCERPT_WORDS = 30;
  var MIN_TERM = 2, MAX_TERM = 40;  // as the index's terms (search.py's TERM_LENGTHS)
  var PREFIX_FROM = 3;  // a query word this long also finds longer words it starts
  var PARTIAL = 0.5;    // what such a partial match counts for, against a whole word
  var TYPO_FROM = 5;    // a query word this long also finds words one typo away
  var TYPO = 0.3;       // what such a match counts for; posts found so rank below the others

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

  // ---- Words: cut as the build cut the posts (search.py's terms_of: lower case, accents
  // dropped, letters and digits; a hyphenated or underscored word also whole; English
  // spellings folded). The index's terms are stems the page cannot make: a word is looked up
  // among the posts' word forms (search/f/), which give its stem.

  function length(word) { return Array.from(word).length; }

  var IZE = /(\w\w\w)([iy])z(e|es|ed|ing|er|ers|ation|ations|able)$/;
  var OUR = /(\w\w)our(s|ed|ing|ite|ites|able|ful|er|ers)?$/;
  var OUR_KEPT = ["scour", "flour", "detour", "devour", "contour", "velour", "paramour",
    "troubadour", "amour"];
  function spelling(word) {
    if (word.indexOf("z") >= 0) word = word.replace(IZE, "$1$2s$3");
    if (word.indexOf("our") >= 0 && OUR_KEPT.indexOf(word) < 0 &&
        OUR_KEPT.indexOf(word.replace(/s+$/, "")) < 0) {
      word = word.replace(OUR, function (all, head, tail) { return head + "or" + (tail || ""); });
    }
    return word;
  }

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function keep(word) {
    var n = length(word);
    return n >= MIN_TERM && n <= MAX_TERM;
  }

  // Every term of a text, as the index cut the posts: parts, and compounds whole.
  function terms(text) {
    var folded = fold(text);
    var words = folded.match(/[\p{L}\p{N}]+/gu) || [];
    (folded.match(/[\p{L}\p{N}]+(?:[-_][\p{L}\p{N}]+)+/gu) || []).forEach(function (compound) {
      words.push(compound.replace(/[-_]/g, ""));
    });
    return words.filter(keep).map(spelling);
  }

  // A query's words: a hyphenated or underscored word is one word (`k-means` is not every
  // post with "means"). Quoted phrases are also kept, as lists of their words.
  function queryWords(query) {
    var words = [];
    var phrases = [];
    function add(text) {
      var found = (fold(text).match(/[\p{L}\p{N}]+(?:[-_][\p{L}\p{N}]+)*/gu) || [])
        .map(function (w) { return w.replace(/[-_]/g, ""); }).filter(keep).map(spelling);
      found.forEach(function (w) { if (words.indexOf(w) < 0) words.push(w); });
      return found;
    }
    var rest = query.replace(/["\u201c\u201d\u201e]([^"\u201c\u201d\u201e]+)["\u201c\u201d\u201e]/g,
      function (all, inside) {
        var phrase = add(inside);
        if (phrase.length > 1) phrases.push(phrase);
        return " ";
      });
    add(rest);
    return { words: words, phrases: phrases };
  }

  // At most one typo (a letter changed, added, dropped, or two swapped) between a and b.
  function oneTypo(a, b) {
    if (a === b) return false;
    var x = Array.from(a), y = Array.from(b);
    if (Math.abs(x.length - y.length) > 1) return false;
    var i = 0;
    while (i < x.length && i < y.length && x[i] === y[i]) i++;
    if (x.length === y.length) {
      if (x.slice(i + 1).join("") === y.slice(i + 1).join("")) return true;  // changed
      return x[i] === y[i + 1] && x[i + 1] === y[i] &&
        x.slice(i + 2).join("") === y.slice(i + 2).join("");  // swapped
    }
    var long = x.length > y.length ? x : y, short = x.length > y.length ? y : x;
    return long.slice(i + 1).join("") === short.slice(i).join("");  // added or dropped
  }

  // ---- The index's files

  // Shard and record files are named by their content's hash, so each is fetched once and
  // kept. index.json is asked for again at every search (a revalidation, usually a 304): a
  // page left open across a rebuild or a deploy then reads the new files, never a mix.
  var files = {};
  function get(path, options) {
    return fetch(new URL(path, INDEX), options).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    });
  }
  function fetchJSON(path) {
    if (!files[path]) files[path] = get(path, {});
    return files[path];
  }
  var FORMAT = 3;  // search.py's FORMAT: an index of another shape is not read
  function loadIndex() {
    return get(INDEX.href, { cache: "no-cache" }).then(function (index) {
      if (index.format !== FORMAT) throw new Error("search index format " + index.format);
      return index;
    });
  }

  // The shard holding a term: its first three characters when the build split their group
  // of two (a big one), else its first two.
  function shardOf(index, term) {
    var chars = Array.from(term);
    var three = chars.slice(0, 3).join("");
    return index.shards[three] ? three : chars.slice(0, 2).join("");
  }

  // The word forms (form -> stem) in the files at `paths` (each fetched once) that `keep`
  // accepts, as one map: a file holds more than one lookup needs (search.py files forms by
  // one character, the lookups ask for two).
  function formsIn(paths, keep) {
    paths = paths.filter(function (path, n) { return path && paths.indexOf(path) === n; });
    return Promise.all(paths.map(fetchJSON)).then(function (loaded) {
      var picked = {};
      loaded.forEach(function (forms) {
        Object.keys(forms).forEach(function (form) {
          if (keep(Array.from(form))) picked[form] = forms[form];
        });
      });
      return picked;
    });
  }

  // The forms a word may stand for despite a typo in its first two characters: those whose
  // third and fourth characters are its own at two places from the second to the fourth
  // (such a typo leaves them in place or moves them by one), and for a swap of the second
  // and third, those starting as that makes them.
  function startTypoForms(index, chars) {
    var middles = index.middles || {};
    var pairs = [1, 2, 3].map(function (at) { return chars.slice(at, at + 2).join(""); })
      .filter(function (pair) { return Array.from(pair).length === 2; });
    var swapped = chars[0] + chars[2];
    var paths = [index.forms[chars[0]]].concat(pairs.map(function (pair) {
      return middles[Array.from(pair)[0]];
    }));
    return formsIn(paths, function (form) {
      return form.slice(0, 2).join("") === swapped ||
        (form.length >= 4 && pairs.indexOf(form.slice(2, 4).join("")) >= 0);
    });
  }

  // The stems a query word stands for, each with how well it fits (1: the word's own stem;
  // PARTIAL: a longer word it starts; TYPO: a word one typo away), and the word forms of the
  // posts that belong to them (marked in excerpts). The forms sharing its first two
  // characters are looked at first; only a word of TYPO_FROM characters that finds none of
  // its own (as typed, or as the start of a longer word) is then looked for with a typo in
  // those two: a word found as typed is taken as meant ("kmeans" is not "means" mistyped).
  function stemsOf(index, word) {
    var chars = Array.from(word);
    var n = chars.length;
    var fits = {};
    var marked = [];
    function look(forms, typosOnly) {
      function fit(form, share) {
        var stem = forms[form] || form;
        if (!(fits[stem] >= share)) fits[stem] = share;
      }
      Object.keys(forms).forEach(function (form) {
        if (form === word) fit(form, 1);
        else if (!typosOnly && n >= PREFIX_FROM && form.indexOf(word) === 0) fit(form, PARTIAL);
        else if (n >= TYPO_FROM && oneTypo(word, form)) fit(form, TYPO);
      });
      Object.keys(forms).forEach(function (form) {
        if (fits[forms[form] || form] !== undefined && marked.indexOf(form) < 0) marked.push(form);
      });
    }
    var start = chars.slice(0, 2).join("");
    return formsIn([index.forms[chars[0]]], function (form) {
      return form.slice(0, 2).join("") === start;
    }).then(function (forms) {
      look(forms, false);
      var found = Object.keys(fits).some(function (stem) { return fits[stem] > TYPO; });
      if (found || n < TYPO_FROM) return null;
      return startTypoForms(index, chars).then(function (more) { look(more, true); });
    }).then(function () {
      return { fits: fits, forms: marked };
    });
  }

  // Posts holding a query word: id -> [score, typo] (weight × rarity × fit, the best term's;
  // typo: found only through a word one typo away).
  function matches(index, word) {
    return stemsOf(index, word).then(function (found) {
      var stems = Object.keys(found.fits);
      var shards = stems.map(function (stem) { return shardOf(index, stem); })
        .filter(function (s, n, all) { return all.indexOf(s) === n && index.shards[s]; });
      return Promise.all(shards.map(function (s) { return fetchJSON(index.shards[s]); }))
        .then(function (loaded) {
          var scores = new Map();
          loaded.forEach(function (shard) {
            stems.forEach(function (stem) {
              var postings = shard[stem];
              if (!postings || !Object.prototype.hasOwnProperty.call(shard, stem)) return;
              var share = found.fits[stem];
              var rarity = Math.log(1 + index.posts / (postings.length / 2));
              for (var k = 0; k < postings.length; k += 2) {
                var score = share * postings[k + 1] * rarity;
                var before = scores.get(postings[k]);
                if (!before || before[0] < score) scores.set(postings[k], [score, share === TYPO]);
              }
            });
          });
          return { scores: scores, forms: found.forms };
        });
    });
  }

  // Ids of the posts holding every word of the query, best first: those found without a
  // typo before the others, then by score (newest first among equals).
  function find(index, words) {
    return Promise.all(words.map(function (word) { return matches(index, word); }))
      .then(function (perWord) {
        var found = [];
        perWord[0].scores.forEach(function (first, id) {
          var total = first[0], typos = first[1] ? 1 : 0;
          for (var n = 1; n < perWord.length; n++) {
            var hit = perWord[n].scores.get(id);
            if (!hit) return;
            total += hit[0];
            typos += hit[1] ? 1 : 0;
          }
          found.push([id, total, typos]);
        });
        found.sort(function (a, b) { return a[2] - b[2] || b[1] - a[1] || b[0] - a[0]; });
        var forms = [];
        perWord.forEach(function (w) { forms = forms.concat(w.forms); });
        return { ids: found.map(function (entry) { return entry[0]; }), forms: forms };
      });
  }

  // Whether a record holds each quoted phrase, its words one after another (in the title or
  // in the text the record keeps).
  function holdsPhrases(found, phrases) {
    var texts = [terms(found[1]), terms(found[3].replace(/`/g, " "))];
    return phrases.every(function (phrase) {
      return texts.some(function (words) {
        for (var i = 0; i + phrase.length <= words.length; i++) {
          var all = true;
          for (var k = 0; k < phrase.length && all; k++) all = words[i + k] === phrase[k];
          if (all) return true;
        }
        return false;
      });
    });
  }

  // The ids whose records hold the phrases (a query without phrases keeps them all).
  function withPhrases(index, ids, phrases) {
    if (!phrases.length) return Promise.resolve(ids);
    return Promise.all(ids.map(function (id) { return record(index, id); })).then(function (found) {
      return ids.filter(function (id, n) { return holdsPhrases(found[n], phrases); });
    });
  }

  function record(index, id) {
    return fetchJSON(index.chunks[Math.floor(id / index.chunk)]).then(function (chunk) {
      return chunk[id % index.chunk];
    });
  }

  // ---- Results

  // Some thirty words of the text around the first word found, those words marked, code
  // (between backticks in the record) in monospace.
  function excerpt(text, forms) {
    var pieces = text.split(/\s+/);
    var hits = pieces.map(function (piece) {
      return terms(piece).some(function (term) { return forms.indexOf(term) >= 0; });
    });
    var first = Math.max(0, hits.indexOf(true));
    var start = Math.max(0, first - 8);
    var end = Math.min(pieces.length, start + EXCERPT_WORDS);
    var out = doc.createDocumentFragment();
    var code = null;  // the <code> being filled, inside a code span
    var ticks = pieces.slice(0, start).join(" ").split("`").length - 1;
    if (ticks % 2) code = out.appendChild(h("code", {}, []));
    function put(node) { (code || out).appendChild(node); }
    function text_(value) {
      value.split("`").forEach(function (part, n) {
        if (n > 0) code = code ? null : out.appendChild(h("code", {}, []));
        if (part) put(doc.createTextNode(part));
      });
    }
    if (start > 0) out.insertBefore(doc.createTextNode("\u2026 "), out.firstChild);
    for (var n = start; n < end; n++) {
      if (n > start) put(doc.createTextNode(" "));
      if (!hits[n]) {
        text_(pieces[n]);
        continue;
      }
      // Mark the word, not the punctuation around it: "(dropout)," marks "dropout".
      var parts = pieces[n].match(/^([^\p{L}\p{N}]*)([\s\S]*?)([^\p{L}\p{N}]*)$/u);
      text_(parts[1]);
      put(h("mark", {}, [parts[2].replace(/`/g, "")]));
      text_(parts[3]);
    }
    if (end < pieces.length) out.appendChild(doc.createTextNode(" \u2026"));
    return out;
  }

  function item(found, forms) {
    return h("li", { "class": "search-result" }, [
      h("h2", { "class": "search-result-title" }, [h("a", { href: found[0] }, [found[1]])]),
      h("p", { "class": "search-result-meta" }, [found[2]]),
      h("p", { "class": "search-result-excerpt" }, [excerpt(found[3], forms)])
    ]);
  }

  var latest = 0;    // a newer search makes the answers of older ones stale
  var current = { index: null, ids: [], forms: [] };  // the search shown
  var shown = 0;
  var more = h("button", { type: "button", "class": "button search-more" }, [word("quizsite-search-more", "Show more results")]);
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
    var batch = current.ids.slice(shown, shown + PAGE_SIZE);
    return Promise.all(batch.map(function (n) { return record(current.index, n); }))
      .then(function (found) {
        if (id !== latest) return;
        var items = found.map(function (r) { return item(r, current.forms); });
        items.forEach(function (node) { list.appendChild(node); });
        shown += items.length;
        more.hidden = shown >= current.ids.length;
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
    var parsed = queryWords(query);
    list.setAttribute("aria-busy", "true");
    return loadIndex().then(function (index) {
      if (!parsed.words.length) return { index: index, ids: [], forms: [] };
      return find(index, parsed.words).then(function (found) {
        return withPhrases(index, found.ids, parsed.phrases).then(function (ids) {
          return { index: index, ids: ids, forms: found.forms };
        });
      });
    }).then(function (found) {
      if (id !== latest) return null;
      current = found;
      shown = 0;
      list.textContent = "";
      var count = found.ids.length;
      say(count === 0
        ? word("quizsite-search-none", "No posts match {1}. Try fewer or other words.", count, quoted(query))
        : count === 1
          ? word("quizsite-search-one", "1 post matches {1}.", count, quoted(query))
          : word("quizsite-search-many", "{0} posts match {1}.", count, quoted(query)),
      count === 0);
      return showNext(false);
    }).catch(function () {
      if (id !== latest) return;
      files = {};  // try afresh next time
      list.textContent = "";
      more.hidden = true;
      say(word("quizsite-search-failed", "Search is not available: its index could not be loaded."), true);
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
