/* Draws the page's charts from the figures embedded in it. No network, no CDN. */
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("cx-figures");
    if (!holder || !window.Plotly) { document.documentElement.dataset.chartsDrawn = "0"; return; }
    var figures = JSON.parse(holder.textContent);
    var jobs = [];
    Object.keys(figures).forEach(function (id) {
      var el = document.getElementById(id);
      if (!el) { return; }
      var fig = figures[id];
      jobs.push(window.Plotly.newPlot(el, fig.data, fig.layout, fig.config || {displayModeBar: false, responsive: true})
        .then(function () { el.dataset.drawn = "1"; }));
    });
    Promise.all(jobs).then(function () { document.documentElement.dataset.chartsDrawn = String(jobs.length); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
}());
