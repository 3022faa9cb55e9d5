// Cookie consent (`website: cookie-consent`), loaded only by sites that ask for it.
//
// Scripts written inert (type="text/plain" with a cookie-consent level, as Quarto writes
// Google Analytics and authors write their own) run once the reader consents: for
// `type: express` after they accept, for `type: implied` unless they decline. Scripts marked
// strictly-necessary always run. The choice is kept in localStorage; until it is made, a
// banner asks, and a footer link ("Cookie preferences") asks again. Without JavaScript,
// nothing tracks and nothing is asked.
(function () {
  "use strict";

  var doc = document;
  var me = doc.currentScript;
  var settings = {};
  try {
    settings = JSON.parse((me && me.getAttribute("data-consent")) || "{}");
  } catch (bad) {
    settings = {};
  }
  var implied = settings.type === "implied";
  var BASE = doc.documentElement.getAttribute("data-base-path") || "/";
  var KEY = "quizsite:cookie-consent:" + BASE;

  function stored() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (refused) {
      return null;
    }
  }

  function store(value) {
    try {
      window.localStorage.setItem(KEY, value);
    } catch (refused) {
      // Private mode: the choice holds for this page only.
    }
  }

  var ran = false;

  // Each inert script again as a live one, in place, in document order.
  function runScripts(all) {
    var selector = 'script[type="text/plain"][cookie-consent]';
    Array.prototype.slice.call(doc.querySelectorAll(selector)).forEach(function (inert) {
      var level = inert.getAttribute("cookie-consent");
      if (!all && level !== "strictly-necessary") return;
      var live = doc.createElement("script");
      Array.prototype.slice.call(inert.attributes).forEach(function (attr) {
        if (attr.name !== "type" && attr.name !== "cookie-consent") {
          live.setAttribute(attr.name, attr.value);
        }
      });
      live.text = inert.text;
      inert.parentNode.replaceChild(live, inert);
    });
    if (all) ran = true;
  }

  var banner = null;

  function close(choice) {
    store(choice);
    if (choice === "yes" && !ran) runScripts(true);
    if (banner) banner.hidden = true;
  }

  function button(text, choice) {
    var node = doc.createElement("button");
    node.type = "button";
    node.className = "consent-" + choice;
    node.textContent = text;
    node.addEventListener("click", function () { close(choice); });
    return node;
  }

  function showBanner() {
    if (!banner) {
      banner = doc.createElement("section");
      banner.className = "consent-banner consent-" + (settings.style || "simple") +
        (settings.palette ? " consent-" + settings.palette : "");
      banner.setAttribute("aria-label", "Cookie consent");
      var text = doc.createElement("p");
      text.textContent = implied
        ? "This site uses cookies to count its visits. You may turn them off."
        : "This site would like to use cookies to count its visits. Do you accept?";
      if (settings.policy) {
        var link = doc.createElement("a");
        link.href = settings.policy;
        link.textContent = "Privacy policy";
        text.appendChild(doc.createTextNode(" "));
        text.appendChild(link);
      }
      var actions = doc.createElement("p");
      actions.className = "consent-actions";
      actions.appendChild(button(implied ? "OK" : "Accept", "yes"));
      actions.appendChild(button("Decline", "no"));
      banner.appendChild(text);
      banner.appendChild(actions);
      // First in the page after the skip link, so the keyboard reaches it early.
      var skip = doc.querySelector(".skip-link");
      doc.body.insertBefore(banner, skip ? skip.nextSibling : doc.body.firstChild);
    }
    banner.hidden = false;
  }

  function preferencesLink() {
    var own = doc.getElementById("open_preferences_center");
    if (own) {
      own.addEventListener("click", function (event) {
        event.preventDefault();
        showBanner();
      });
      return;
    }
    var link = doc.createElement("button");
    link.type = "button";
    link.className = "consent-preferences";
    link.textContent = settings.prefs || "Cookie preferences";
    link.addEventListener("click", showBanner);
    var footer = doc.querySelector("footer.site-footer") || doc.body;
    footer.appendChild(link);
  }

  var choice = stored();
  runScripts(choice === "yes" || (implied && choice !== "no"));
  if (choice === null) showBanner();
  preferencesLink();
})();
