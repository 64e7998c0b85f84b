/* Draws the page's charts from the figures embedded in it. No network, no CDN. */
(function () {
  "use strict";
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
      var fig = figures[id];
      jobs.push(window.Plotly.newPlot(el, fig.data, fig.layout, fig.config || {displayModeBar: false, responsive: true})
        .then(function () { el.dataset.drawn = "1"; }));
    });
    Promise.all(jobs).then(function () { done(jobs.length); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
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
    }
    form.hidden = false;
    form.addEventListener("change", apply);
    apply();
  }
  function init() { Array.prototype.forEach.call(document.querySelectorAll("form.comment-filter"), setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
