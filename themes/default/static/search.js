/* Site search: Pagefind's UI over the static index in pagefind/ when the site is served
   over http(s). Browsers refuse Pagefind's index (fetch and an ES module) on file://
   pages, so there — or whenever Pagefind cannot load — the page says why and filters
   the plain list of every page by the words typed instead. */
(function () {
  "use strict";
  var holder = document.getElementById("search");
  var fallback = document.getElementById("search-fallback");
  if (!holder || !fallback) { return; }
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var top = document.getElementById("site-search-q");
  if (top) { top.value = query; }

  function useFallback(why) {
    holder.hidden = true;
    fallback.hidden = false;
    document.getElementById("search-fallback-why").textContent = why;
    var input = document.getElementById("search-fallback-q");
    var items = Array.prototype.slice.call(document.querySelectorAll("#search-list li"));
    var counter = fallback.querySelector(".filter-count");
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (li) {
        var text = li.getAttribute("data-text");
        var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
        li.hidden = !ok;
        if (ok) { shown += 1; }
      });
      counter.textContent = shown + " of " + items.length + " pages";
    }
    input.value = query;
    input.addEventListener("input", apply);
    apply();
    document.documentElement.dataset.search = "fallback";
  }

  if (window.location.protocol === "file:") {
    useFallback("Full-text search needs the site to be opened from a web server or share " +
      "served over http(s): browsers do not let a page opened as a file load the search " +
      "index. Below, every page, filtered by name, owner and open issue as you type.");
    return;
  }
  var bundle = holder.getAttribute("data-bundle");
  var script = document.createElement("script");
  script.src = bundle + "pagefind-ui.js";
  script.onerror = function () {
    useFallback("The search index could not be loaded. Below, every page, filtered by " +
      "name, owner and open issue as you type.");
  };
  script.onload = function () {
    // Result links are made from the site's root as served, so the site works under any path.
    var base = new URL(holder.getAttribute("data-root") || "./", window.location.href).pathname;
    var ui = new window.PagefindUI({
      element: "#search", bundlePath: bundle, baseUrl: base,
      showSubResults: true, showImages: false, resetStyles: false
    });
    // Pagefind's input has a placeholder but no label: give it one for screen readers.
    function label() {
      var input = holder.querySelector("input");
      if (!input) { return false; }
      input.setAttribute("aria-label", "Search the site");
      return true;
    }
    if (!label()) {
      var watcher = new MutationObserver(function () { if (label()) { watcher.disconnect(); } });
      watcher.observe(holder, {childList: true, subtree: true});
    }
    if (query) { ui.triggerSearch(query); }
    document.documentElement.dataset.search = "pagefind";
  };
  document.head.appendChild(script);
}());
