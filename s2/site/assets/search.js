// quizsite default theme: the search page (search/index.html). Loaded only there.
//
// The build writes the index under <base>search/ (see quizsite's search.py): index.json names
// the shard files (terms by their first two characters, or three in a big group, each with
// the posts holding it and a weight) and the record files (link, title, date and text of twenty posts each). This file
// fetches index.json and only the shards and records a query needs, ranks the posts that hold
// every word of the query, and lists them as links with their date and an excerpt. The count
// goes to a live region; the results are plain links, reached with Tab. Nothing leaves the site.
(function () {
  "use strict";

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

  // ---- Words: cut as the build cut the posts (lower case, accents dropped, letters and digits)

  function length(word) { return Array.from(word).length; }

  function terms(text) {
    var folded = text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
    return (folded.match(/[\p{L}\p{N}]+/gu) || []).filter(function (word) {
      var n = length(word);
      return n >= MIN_TERM && n <= MAX_TERM;
    });
  }

  // A query word stands for itself and, without a plural or -ing/-ed/-ly ending, for its stem:
  // "networks" finds "network" and "networking" as well.
  var ENDINGS = [["ies", "y"], ["es", ""], ["s", ""], ["ing", ""], ["ed", ""], ["ly", ""]];
  function forms(word) {
    var found = [word];
    ENDINGS.some(function (ending) {
      var stem = word.slice(0, -ending[0].length) + ending[1];
      if (word.slice(-ending[0].length) !== ending[0] || length(stem) < PREFIX_FROM) return false;
      found.push(stem);
      return true;
    });
    return found;
  }

  // How well an index term answers a query word's forms: 1 for one of them, PARTIAL for a
  // longer word starting with one, 0 otherwise.
  function fit(term, wordForms) {
    var best = 0;
    wordForms.forEach(function (form) {
      if (term === form) best = 1;
      else if (length(form) >= PREFIX_FROM && term.indexOf(form) === 0) {
        best = Math.max(best, PARTIAL);
      }
    });
    return best;
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
  var FORMAT = 1;  // search.py's FORMAT: an index of another shape is not read
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

  // Posts holding a query word: id -> score (weight × rarity of the term, the best term's).
  function matches(index, word) {
    var wordForms = forms(word);
    var shards = wordForms.map(function (form) { return shardOf(index, form); })
      .filter(function (s, n, all) { return all.indexOf(s) === n && index.shards[s]; });
    return Promise.all(shards.map(function (s) { return fetchJSON(index.shards[s]); }))
      .then(function (loaded) {
        var scores = new Map();
        loaded.forEach(function (shard) {
          Object.keys(shard).forEach(function (term) {
            var share = fit(term, wordForms);
            if (!share) return;
            var postings = shard[term];
            var rarity = Math.log(1 + index.posts / (postings.length / 2));
            for (var k = 0; k < postings.length; k += 2) {
              var score = share * postings[k + 1] * rarity;
              if (!(scores.get(postings[k]) >= score)) scores.set(postings[k], score);
            }
          });
        });
        return scores;
      });
  }

  // Ids of the posts holding every word of the query, best first (newest first among equals).
  function find(index, words) {
    return Promise.all(words.map(function (word) { return matches(index, word); }))
      .then(function (perWord) {
        var found = [];
        perWord[0].forEach(function (score, id) {
          var total = score;
          for (var n = 1; n < perWord.length; n++) {
            if (!perWord[n].has(id)) return;
            total += perWord[n].get(id);
          }
          found.push([id, total]);
        });
        found.sort(function (a, b) { return b[1] - a[1] || b[0] - a[0]; });
        return found.map(function (pair) { return pair[0]; });
      });
  }

  function record(index, id) {
    return fetchJSON(index.chunks[Math.floor(id / index.chunk)]).then(function (chunk) {
      return chunk[id % index.chunk];
    });
  }

  // ---- Results

  // Some thirty words of the text around the first word found, those words marked.
  function excerpt(text, words) {
    var wordForms = words.map(forms);
    var pieces = text.split(/\s+/);
    var hits = pieces.map(function (piece) {
      return terms(piece).some(function (term) {
        return wordForms.some(function (f) { return fit(term, f) > 0; });
      });
    });
    var first = Math.max(0, hits.indexOf(true));
    var start = Math.max(0, first - 8);
    var end = Math.min(pieces.length, start + EXCERPT_WORDS);
    var out = doc.createDocumentFragment();
    if (start > 0) out.appendChild(doc.createTextNode("… "));
    for (var n = start; n < end; n++) {
      if (n > start) out.appendChild(doc.createTextNode(" "));
      if (!hits[n]) {
        out.appendChild(doc.createTextNode(pieces[n]));
        continue;
      }
      // Mark the word, not the punctuation around it: "(dropout)," marks "dropout".
      var parts = pieces[n].match(/^([^\p{L}\p{N}]*)([\s\S]*?)([^\p{L}\p{N}]*)$/u);
      out.appendChild(doc.createTextNode(parts[1]));
      out.appendChild(h("mark", {}, [parts[2]]));
      out.appendChild(doc.createTextNode(parts[3]));
    }
    if (end < pieces.length) out.appendChild(doc.createTextNode(" …"));
    return out;
  }

  function item(found, words) {
    return h("li", { "class": "search-result" }, [
      h("h2", { "class": "search-result-title" }, [h("a", { href: found[0] }, [found[1]])]),
      h("p", { "class": "search-result-meta" }, [found[2]]),
      h("p", { "class": "search-result-excerpt" }, [excerpt(found[3], words)])
    ]);
  }

  var latest = 0;    // a newer search makes the answers of older ones stale
  var current = { index: null, ids: [], words: [] };  // the search shown
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
    var batch = current.ids.slice(shown, shown + PAGE_SIZE);
    return Promise.all(batch.map(function (n) { return record(current.index, n); }))
      .then(function (found) {
        if (id !== latest) return;
        var items = found.map(function (r) { return item(r, current.words); });
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
    var words = terms(query).filter(function (w, n, all) { return all.indexOf(w) === n; });
    list.setAttribute("aria-busy", "true");
    return loadIndex().then(function (index) {
      return (words.length ? find(index, words) : Promise.resolve([])).then(function (ids) {
        return { index: index, ids: ids, words: words };
      });
    }).then(function (found) {
      if (id !== latest) return null;
      current = found;
      shown = 0;
      list.textContent = "";
      var count = found.ids.length;
      say(count === 0
        ? "No posts match " + quoted(query) + ". Try fewer or other words."
        : count + (count === 1 ? " post matches " : " posts match ") + quoted(query) + ".",
      count === 0);
      return showNext(false);
    }).catch(function () {
      if (id !== latest) return;
      files = {};  // try afresh next time
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
