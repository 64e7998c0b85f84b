/* Draws the page's charts from the figures embedded in it. No network, no CDN. */
(function () {
  "use strict";
  var DASHES = {dash: "6 4", dot: "2 3", dashdot: "6 3 2 3", longdash: "10 4"};
  // A legend in the page, under the chart: it wraps like text on a phone instead of
  // squeezing the plot, and a reader can select and read it.
  function legend(el, fig) {
    var seen = {};
    var items = [];
    fig.data.forEach(function (trace) {
      if (!trace.name || trace.showlegend === false || seen[trace.name]) { return; }
      seen[trace.name] = true;
      var mode = trace.mode || "lines";
      var line = trace.line || {};
      var marker = trace.marker || {};
      var color = line.color || (typeof marker.color === "string" ? marker.color : "#2458a6");
      var svg = '<svg width="26" height="12" viewBox="0 0 26 12" aria-hidden="true">';
      if (trace.type === "bar") {
        svg += '<rect x="7" y="1" width="12" height="10" fill="' + (marker.color || color) + '"/>';
      } else if (mode.indexOf("lines") >= 0) {
        svg += '<line x1="1" y1="6" x2="25" y2="6" stroke="' + color + '" stroke-width="' +
          Math.max(1.5, line.width || 2) + '"' + (DASHES[line.dash] ? ' stroke-dasharray="' + DASHES[line.dash] + '"' : "") + "/>";
      }
      if (trace.type !== "bar" && mode.indexOf("markers") >= 0) {
        var mc = typeof marker.color === "string" ? marker.color : color;
        svg += marker.symbol === "diamond"
          ? '<path d="M13 1.5l4.5 4.5-4.5 4.5-4.5-4.5z" fill="' + mc + '"/>'
          : '<circle cx="13" cy="6" r="3" fill="' + mc + '"/>';
      }
      svg += "</svg>";
      var li = document.createElement("li");
      li.innerHTML = svg;
      li.appendChild(document.createTextNode(trace.name));
      items.push(li);
    });
    if (!items.length) { return; }
    var list = document.createElement("ul");
    list.className = "chart-legend";
    items.forEach(function (li) { list.appendChild(li); });
    // chart and legend share one box, so a grid of charts keeps its columns
    var frame = el.parentNode;
    if (!frame.classList.contains("chart-frame")) {
      frame = document.createElement("div");
      frame.className = "chart-frame";
      el.parentNode.insertBefore(frame, el);
      frame.appendChild(el);
    }
    var old = frame.querySelector(".chart-legend");
    if (old) { old.remove(); }
    frame.appendChild(list);
  }
  // Dark mode (the reader's system setting): lighter lines and light text on the
  // charts, which are drawn on the page's own background.
  var DARK = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  var DARK_COLOURS = {"#2458a6": "#79a9ff", "#7a4fb3": "#b995f2", "#6b7280": "#a3acb8",
    "#e5e7eb": "#2c3541", "#9aa3ae": "#8793a1", "#dbe4f3": "#24344b", "#8a94a3": "#9aa5b3",
    "#5b6573": "#a3adba", "#1b7a3d": "#62d48e", "#c0262d": "#ff8a84"};
  function forScheme(fig) {
    if (!DARK) { return fig; }
    var text = JSON.stringify(fig).replace(/#[0-9a-f]{6}/gi, function (c) { return DARK_COLOURS[c.toLowerCase()] || c; });
    var out = JSON.parse(text);
    out.layout.font = Object.assign({}, out.layout.font, {color: "#d9dfe7"});
    Object.keys(out.layout).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        out.layout[key] = Object.assign({gridcolor: "#2c3541"}, out.layout[key], {linecolor: "#4a5563", zerolinecolor: "#4a5563"});
      }
    });
    return out;
  }
  function drawFigure(el, raw) {
    var fig = forScheme(raw);
    if (fig.htmlLegend) { legend(el, fig); }
    return window.Plotly.newPlot(el, fig.data, fig.layout, fig.config || {displayModeBar: false, responsive: true})
      .then(function () { el.dataset.drawn = "1"; });
  }
  window.cxDrawFigure = drawFigure;
  function draw() {
    var holder = document.getElementById("cx-figures");
    var root = document.documentElement;
    // The moment every chart is drawn, for the 4K draw benchmark and the browser tests.
    function done(count) {
      root.dataset.chartsDrawnMs = String(Math.round(window.performance.now()));
      root.dataset.chartsDrawn = String(count);
    }
    if (!holder || !window.Plotly) { done(0); return; }
    var figures = JSON.parse(holder.textContent);
    var jobs = [];
    Object.keys(figures).forEach(function (id) {
      var el = document.getElementById(id);
      if (!el) { return; }
      jobs.push(drawFigure(el, figures[id]));
    });
    Promise.all(jobs).then(function () { done(jobs.length); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
}());
/* Long lists fold on every screen: the first N items show and a button shows the rest
   ("Show all 60 comments"). Without scripts every item shows. A filter calls refold. */
(function () {
  "use strict";
  function items(list) {
    var rows = list.tagName === "TABLE" ? list.tBodies[0].rows : list.children;
    return Array.prototype.slice.call(rows);
  }
  function setup(list) {
    var limit = Number(list.dataset.fold);
    var noun = list.dataset.foldNoun || "items";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "fold-toggle";
    button.setAttribute("aria-expanded", "false");
    if (list.id) { button.setAttribute("aria-controls", list.id); }
    var anchor = list.parentNode.classList.contains("table-wrap") ? list.parentNode : list;
    anchor.parentNode.insertBefore(button, anchor.nextSibling);
    var open = false;
    function refold() {
      var shown = items(list).filter(function (item) { return !item.hidden; });
      shown.forEach(function (item, index) { item.classList.toggle("folded", !open && index >= limit); });
      button.hidden = shown.length <= limit;
      button.textContent = open ? "Show fewer " + noun : "Show all " + shown.length + " " + noun;
      button.setAttribute("aria-expanded", String(open));
    }
    button.addEventListener("click", function () { open = !open; refold(); });
    list.cxRefold = refold;
    refold();
  }
  function init() { Array.prototype.forEach.call(document.querySelectorAll("[data-fold]"), setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
/* Client-side comment filter: by score band and theme, no server involved. */
(function () {
  "use strict";
  function setup(form) {
    var list = document.getElementById(form.dataset.filterFor);
    if (!list) { return; }
    var items = Array.prototype.slice.call(list.querySelectorAll("li.comment"));
    var counter = form.querySelector(".filter-count");
    function apply() {
      var band = form.elements.band ? form.elements.band.value : "";
      var theme = form.elements.theme ? form.elements.theme.value : "";
      var shown = 0;
      items.forEach(function (li) {
        var themes = (li.dataset.themes || "").split("|");
        var ok = (!band || li.dataset.band === band) && (!theme || themes.indexOf(theme) >= 0);
        li.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (counter) { counter.textContent = shown + " of " + items.length + " shown"; }
      if (list.cxRefold) { list.cxRefold(); }
    }
    form.hidden = false;
    form.addEventListener("change", apply);
    apply();
  }
  function init() { Array.prototype.forEach.call(document.querySelectorAll("form.comment-filter"), setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
/* Segment switch: shows every metric card for one customer segment (product, region...).
   All variants are in the page; this only chooses which is visible, draws its trend the
   first time, and keeps the choice in the URL (?segment=ID) so a link shares it. */
(function () {
  "use strict";
  function fromUrl() {
    var query = new URLSearchParams(window.location.search).get("segment");
    if (query !== null) { return query; }
    var hash = /(?:^#|&)segment=([^&]*)/.exec(window.location.hash);
    return hash ? decodeURIComponent(hash[1]) : "";
  }
  function keep(value) {
    var url = new URL(window.location.href);
    if (value) { url.searchParams.set("segment", value); } else { url.searchParams.delete("segment"); }
    try {
      window.history.replaceState(null, "", url.toString());
    } catch (err) {
      // some browsers refuse to rewrite a file:// URL's query; the hash still works
      window.location.hash = value ? "segment=" + encodeURIComponent(value) : "";
    }
  }
  function setup(form) {
    var select = form.elements.segment;
    var status = form.querySelector(".segment-status");
    var holder = document.getElementById("cx-segment-figures");
    var figures = holder ? JSON.parse(holder.textContent) : {};
    var slots = Array.prototype.slice.call(document.querySelectorAll(".seg-slot"));
    function drawLazy(variant) {
      Array.prototype.forEach.call(variant.querySelectorAll(".chart-lazy"), function (el) {
        var fig = figures[el.id];
        el.classList.remove("chart-lazy");
        el.classList.add("chart");
        if (!fig || !window.Plotly) { return; }
        window.cxDrawFigure(el, fig)
          .then(function () {
            var root = document.documentElement;
            root.dataset.chartsDrawn = String(Number(root.dataset.chartsDrawn || 0) + 1);
          });
      });
    }
    function apply(value) {
      var option = null;
      Array.prototype.forEach.call(select.options, function (o) { if (o.value === value) { option = o; } });
      if (!option) { value = ""; }
      select.value = value;
      var split = 0;
      slots.forEach(function (slot) {
        var variants = Array.prototype.slice.call(slot.querySelectorAll(".seg-variant"));
        var match = null;
        var whole = null;
        variants.forEach(function (v) {
          if (v.dataset.segment === value) { match = v; }
          if (v.dataset.segment === "") { whole = v; }
        });
        var chosen = match || whole;
        variants.forEach(function (v) { v.hidden = v !== chosen; });
        var missing = slot.querySelector(".seg-missing");
        if (missing) { missing.hidden = !(value && !match); }
        if (value && match) { split += 1; drawLazy(match); }
      });
      var group = option && option.parentNode && option.parentNode.label;
      status.textContent = value
        ? option.textContent + (group ? " (" + group + ")" : "") + ": " + split + " of " + slots.length +
          " metrics have numbers for this segment; the others show all customers"
        : "";
      document.documentElement.dataset.segment = value;
    }
    form.hidden = false;
    select.addEventListener("change", function () { apply(select.value); keep(select.value); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply(fromUrl());
  }
  function init() {
    var form = document.querySelector("form.segment-switch");
    if (form) { setup(form); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());

/* A link to something folded away (a scorecard, an older comment) opens its <details>. */
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    if (target) { target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", openTarget);
  } else { openTarget(); }
}());
/* A filter over a long list (every open issue): the words typed must all appear in an
   item's text. Everything is in the page, so it works from file:// too; without scripts
   the form stays hidden and the whole list shows. ?q=words opens the list filtered. */
(function () {
  "use strict";
  function setup(form) {
    var list = document.getElementById(form.dataset.filterFor);
    if (!list) { return; }
    var items = Array.prototype.slice.call(list.children);
    var texts = items.map(function (li) { return li.getAttribute("data-text") || ""; });
    var input = form.querySelector("input");
    var counter = form.querySelector(".filter-count");
    var noun = form.dataset.filterNoun || "items";
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (li, index) {
        var ok = words.every(function (w) { return texts[index].indexOf(w) >= 0; });
        li.hidden = !ok;
        if (ok) { shown += 1; }
      });
      counter.textContent = shown + " of " + items.length + " " + noun;
    }
    input.value = new URLSearchParams(window.location.search).get("q") || "";
    form.hidden = false;
    input.addEventListener("input", apply);
    apply();
  }
  function init() { Array.prototype.forEach.call(document.querySelectorAll("form.list-filter"), setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
