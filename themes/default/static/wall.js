/* cxsite wall mode: rotates the screens, draws their charts, picks up new builds.
 *
 * Made to run unattended for weeks on a TV:
 * - one rotation timer and one poll timer, each re-armed only after it has fired;
 * - the next screen is laid out and drawn while hidden, then faded in over the old one;
 * - the charts of a screen that has been left are purged, so nothing piles up;
 * - new builds are checked for (../build.json, never cached) and only reloaded onto once
 *   the new wall page answers with the new build id; if the site cannot be reached the
 *   wall keeps what it has and says since when it has been offline.
 * No request ever leaves the site's own origin.
 *
 * URL parameters: rotate=SECONDS (0 stays on one screen), screen=K (1-based start),
 * poll=SECONDS (0 never checks for new builds), segment=ID (the wall of one customer
 * segment, e.g. segment=motor).
 */
(function () {
  "use strict";

  var REFERENCE_LINES = 1080; // chart sizes in the page are px at 1080 lines
  var MAX_FADE_MS = 400; // a short cross-fade: two text-heavy screens should not blend for long
  var STORE_KEY = "cxsite-wall";
  var PLOT_CONFIG = { staticPlot: true, displayModeBar: false, responsive: false };
  var FONT_KEYS = /font$/i;
  var SCALED_KEYS = { ticklen: 1, tickwidth: 1, linewidth: 1, gridwidth: 1, borderwidth: 1, standoff: 1 };

  var config = readJson("wall-config") || {};
  var figures = readJson("wall-figures") || {};
  var params = new URLSearchParams(window.location.search);
  // ?segment=ID pins the wall to one customer segment: each has its own wall page,
  // built with that segment's numbers; go there, keeping every other parameter.
  var pinned = params.get("segment");
  if (pinned !== null && pinned !== (config.segment || "") &&
      (pinned === "" || (config.segments || []).indexOf(pinned) >= 0)) {
    window.location.replace((config.wall_root || "") +
      (pinned ? "segments/" + encodeURIComponent(pinned) + "/" : "") + "index.html" + window.location.search);
    return;
  }
  var screens = Array.prototype.slice.call(document.querySelectorAll(".screen[data-screen]"));
  var dots = Array.prototype.slice.call(document.querySelectorAll(".dots .dot"));
  var el = {
    stale: document.getElementById("wall-stale"),
    staleText: document.getElementById("wall-stale-text"),
    offline: document.getElementById("wall-offline"),
    offlineTime: document.getElementById("wall-offline-time"),
    paused: document.getElementById("wall-paused"),
    counter: document.getElementById("wall-counter")
  };
  var rotateMs = seconds(params.get("rotate"), config.rotate_seconds) * 1000;
  var pollMs = seconds(params.get("poll"), config.poll_seconds) * 1000;
  var state = {
    current: -1, // index of the screen on show
    target: -1, // index of the screen being prepared while busy
    queued: null, // a move asked for while busy, done when the switch ends
    leaving: null, // the screen just left: still drawn under the new one until the next switch
    busy: false,
    paused: false,
    stale: null,
    offlineSince: null,
    rotateTimer: 0,
    pollTimer: 0,
    redrawPending: false,
    switches: 0
  };

  function readJson(id) {
    var node = document.getElementById(id);
    try {
      return node ? JSON.parse(node.textContent) : null;
    } catch (err) {
      console.error("wall: cannot read #" + id, err);
      return null;
    }
  }

  function seconds(text, fallback) {
    var value = text === null ? NaN : Number(text);
    if (isFinite(value) && value >= 0) { return value; }
    return Number(fallback) >= 0 ? Number(fallback) : 0;
  }

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  // ------------------------------------------------------------------ charts

  /* Chart sizes were written for 1080 lines; scale every pixel size to this screen. */
  function scaleSizes(node, factor, parentKey) {
    Object.keys(node).forEach(function (key) {
      var value = node[key];
      if (typeof value === "number") {
        if ((key === "size" && (FONT_KEYS.test(parentKey) || parentKey === "marker")) ||
            (key === "width" && parentKey === "line") ||
            parentKey === "margin" || SCALED_KEYS[key]) {
          node[key] = value * factor;
        }
      } else if (value && typeof value === "object") {
        scaleSizes(value, factor, Array.isArray(value) ? parentKey : key);
      }
    });
  }

  function remPx() {
    return parseFloat(window.getComputedStyle(document.documentElement).fontSize) || 10.8;
  }

  function drawChart(box) {
    var source = figures[box.id];
    if (!source || !window.Plotly) { return Promise.resolve(); }
    // A fresh copy each time: Plotly keeps and changes the objects it is given.
    var figure = JSON.parse(JSON.stringify(source));
    var factor = remPx() * 100 / REFERENCE_LINES;
    scaleSizes(figure.layout, factor, "layout");
    figure.data.forEach(function (trace) { scaleSizes(trace, factor, "trace"); });
    figure.layout.width = Math.max(1, Math.floor(box.clientWidth));
    figure.layout.height = Math.max(1, Math.floor(box.clientHeight));
    figure.layout.autosize = false;
    figure.layout.transition = { duration: 0 };
    return window.Plotly.newPlot(box, figure.data, figure.layout, PLOT_CONFIG).then(function () {
      box.setAttribute("data-drawn", "1");
    });
  }

  function purgeCharts(screen) {
    each(screen.querySelectorAll("[data-chart]"), function (box) {
      if (window.Plotly) { window.Plotly.purge(box); }
      box.removeAttribute("data-drawn");
    });
    screen.removeAttribute("data-drawn");
  }

  // --------------------------------------------------------------------- fit

  function overflows(node) {
    return node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1;
  }

  /* Undo a previous fit, so a screen is fitted afresh each time it is shown. */
  function unfit(screen) {
    each(screen.querySelectorAll("[data-fit-item]"), function (item) { item.hidden = false; });
    each(screen.querySelectorAll("[data-fit-text][data-full]"), function (node) {
      node.textContent = node.getAttribute("data-full");
      node.removeAttribute("data-full");
      node.removeAttribute("title");
    });
  }

  /* Make every part of a screen fit without clipping: first drop the least important
   * list items (they stay on the site), then shorten long texts at a word. */
  function fit(screen) {
    each(screen.querySelectorAll("[data-fit]"), function (box) {
      var items = box.querySelectorAll("[data-fit-item]");
      for (var i = items.length - 1; i >= 0 && overflows(box); i--) { items[i].hidden = true; }
    });
    each(screen.querySelectorAll("[data-fit-text]"), shorten);
  }

  function shorten(node) {
    if (!overflows(node)) { return; }
    var full = node.textContent;
    var words = full.split(/\s+/);
    var low = 1, high = words.length - 1, best = 1;
    node.setAttribute("data-full", full);
    node.setAttribute("title", full);
    while (low <= high) {
      var mid = (low + high) >> 1;
      node.textContent = words.slice(0, mid).join(" ") + "…";
      if (overflows(node)) { high = mid - 1; } else { best = mid; low = mid + 1; }
    }
    node.textContent = words.slice(0, best).join(" ") + "…";
  }

  // --------------------------------------------------------------- rotation

  function prepare(screen) {
    screen.hidden = false;
    screen.classList.add("is-preparing");
    unfit(screen);
    fit(screen);
    var jobs = [];
    each(screen.querySelectorAll("[data-chart]"), function (box) { jobs.push(drawChart(box)); });
    return Promise.all(jobs).then(function () {
      screen.setAttribute("data-drawn", String(jobs.length));
      screen.setAttribute("data-drawn-ms", String(Math.round(window.performance.now())));
    });
  }

  function retire(screen) {
    purgeCharts(screen);
    screen.classList.remove("is-active", "is-leaving", "is-preparing");
    screen.hidden = true;
  }

  function reveal(next, previous) {
    next.classList.remove("is-preparing");
    next.classList.add("is-active");
    if (previous && previous !== next) {
      previous.classList.remove("is-active");
      previous.classList.add("is-leaving");
      state.leaving = previous;
    }
  }

  function go(index) {
    var count = screens.length;
    if (!count) { return; }
    index = ((index % count) + count) % count;
    if (state.busy) { state.queued = index; return; }
    if (index === state.current) { arm(); return; }
    clearTimeout(state.rotateTimer);
    state.rotateTimer = 0;
    state.busy = true;
    state.target = index;
    if (state.leaving) { retire(state.leaving); state.leaving = null; }
    var next = screens[index];
    var previous = state.current >= 0 ? screens[state.current] : null;
    // Through a promise, so that even an error thrown while preparing ends the switch.
    Promise.resolve().then(function () { return prepare(next); }).catch(function (err) {
      console.error("wall: could not draw screen " + next.id, err);
    }).then(function () {
      reveal(next, previous);
      state.current = index;
      state.switches += 1;
      showPosition();
      finish();
    });
  }

  function finish() {
    state.busy = false;
    if (state.redrawPending) { state.redrawPending = false; redraw(); }
    if (state.queued !== null) {
      var queued = state.queued;
      state.queued = null;
      go(queued);
      return;
    }
    arm();
  }

  function arm() {
    clearTimeout(state.rotateTimer);
    state.rotateTimer = 0;
    if (state.paused || rotateMs <= 0 || screens.length < 2) { return; }
    state.rotateTimer = setTimeout(function () {
      state.rotateTimer = 0;
      go(state.current + 1);
    }, rotateMs);
  }

  function position() {
    if (state.queued !== null) { return state.queued; }
    return state.busy ? state.target : state.current;
  }

  function showPosition() {
    var screen = screens[state.current];
    document.documentElement.setAttribute("data-screen", screen.getAttribute("data-screen"));
    document.documentElement.setAttribute("data-switches", String(state.switches));
    if (el.counter) { el.counter.textContent = (state.current + 1) + " / " + screens.length; }
    dots.forEach(function (dot, i) { dot.classList.toggle("is-current", i === state.current); });
    checkStale();
  }

  /* Redraw the screen on show after its space changed (window size, stale banner). */
  function redraw() {
    if (state.busy) { state.redrawPending = true; return; }
    var screen = screens[state.current];
    if (!screen) { return; }
    if (state.leaving) { retire(state.leaving); state.leaving = null; }
    purgeCharts(screen);
    state.busy = true;
    Promise.resolve().then(function () { return prepare(screen); }).catch(function (err) {
      console.error("wall: could not redraw screen " + screen.id, err);
    }).then(function () {
      screen.classList.remove("is-preparing");
      finish();
    });
  }

  /* The footer's marks come and go; its texts are fitted again around them. */
  function refitFooter() {
    var foot = document.querySelector(".foot");
    if (foot) { unfit(foot); fit(foot); }
  }

  function togglePause() {
    state.paused = !state.paused;
    if (el.paused) { el.paused.hidden = !state.paused; }
    refitFooter();
    document.documentElement.setAttribute("data-paused", state.paused ? "1" : "0");
    if (!state.busy) { arm(); }
  }

  function onKey(event) {
    if (event.key === "ArrowRight" || event.key === "PageDown") {
      event.preventDefault();
      go(position() + 1);
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      event.preventDefault();
      go(position() - 1);
    } else if (event.key === " " || event.code === "Space") {
      event.preventDefault();
      togglePause();
    }
  }

  function onResize() {
    if (state.resizeFrame) { return; }
    state.resizeFrame = window.requestAnimationFrame(function () {
      state.resizeFrame = 0;
      redraw();
    });
  }

  // ------------------------------------------------------------ stale data

  function checkStale() {
    if (!el.stale) { return; }
    var limitDays = Number(config.stale_after_periods) * Number(config.period_days);
    var age = ageInDays(config.data_as_of);
    var stale = age === null || age > limitDays;
    if (stale === state.stale) { return; }
    var first = state.stale === null;
    state.stale = stale;
    if (stale && el.staleText) {
      el.staleText.textContent = age === null
        ? "This site has no data yet."
        : "The newest data is from " + longDate(config.data_as_of) + ", " + age +
          " days ago (limit: " + plural(config.stale_after_periods, config.period_unit) +
          "). Check the data feed and the build.";
    }
    el.stale.hidden = !stale;
    document.documentElement.setAttribute("data-stale", stale ? "1" : "0");
    if (!first) { redraw(); }
  }

  function plural(count, word) {
    return count + " " + word + (Number(count) === 1 ? "" : "s");
  }

  function ageInDays(isoDate) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate || "");
    if (!parts) { return null; }
    var day = new Date(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]));
    return Math.floor((Date.now() - day.getTime()) / 86400000);
  }

  function longDate(isoDate) {
    var parts = isoDate.split("-");
    var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    return Number(parts[2]) + " " + months[Number(parts[1]) - 1] + " " + parts[0];
  }

  // ---------------------------------------------------------- new builds

  function schedulePoll() {
    clearTimeout(state.pollTimer);
    state.pollTimer = 0;
    if (pollMs > 0) { state.pollTimer = setTimeout(poll, pollMs); }
  }

  function poll() {
    state.pollTimer = 0;
    fetch("../build.json", { cache: "no-store" }).then(function (response) {
      if (!response.ok) { throw new Error("build.json answered " + response.status); }
      return response.json();
    }).then(function (info) {
      setOnline(true);
      if (info && info.build_id && info.build_id !== config.build_id) {
        return reloadIfPublished(info.build_id);
      }
      return null;
    }).catch(function () {
      setOnline(false);
    }).then(function () {
      checkStale();
      schedulePoll();
    });
  }

  /* Reload only onto a complete new site: the wall page itself must answer 200 and
   * already carry the new build id. Otherwise try again at the next poll. */
  function reloadIfPublished(buildId) {
    var page = window.location.pathname + window.location.search;
    return fetch(page, { cache: "no-store" }).then(function (response) {
      if (response.status !== 200) { return null; }
      return response.text().then(function (text) {
        if (text.indexOf('"build_id":"' + buildId + '"') === -1) { return; }
        remember();
        window.location.reload();
      });
    });
  }

  function setOnline(online) {
    var was = state.offlineSince === null;
    if (online) {
      state.offlineSince = null;
      if (el.offline) { el.offline.hidden = true; }
      document.documentElement.setAttribute("data-offline", "0");
    } else {
      if (state.offlineSince === null) {
        state.offlineSince = new Date();
        if (el.offlineTime) { el.offlineTime.textContent = clock(state.offlineSince); }
      }
      if (el.offline) { el.offline.hidden = false; }
      document.documentElement.setAttribute("data-offline", "1");
    }
    if (was !== (state.offlineSince === null)) { refitFooter(); }
  }

  function clock(date) {
    return ("0" + date.getHours()).slice(-2) + ":" + ("0" + date.getMinutes()).slice(-2);
  }

  /* Carry the screen on show and the pause across a reload onto a new build. */
  function remember() {
    try {
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify({ screen: state.current, paused: state.paused }));
    } catch (err) { /* storage can be off in kiosk profiles: start from the URL instead */ }
  }

  function recall() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORE_KEY) || "null");
      window.sessionStorage.removeItem(STORE_KEY);
      return saved;
    } catch (err) {
      return null;
    }
  }

  // ------------------------------------------------------------------ start

  function start() {
    var fade = rotateMs > 0 ? Math.min(MAX_FADE_MS, rotateMs / 4) : MAX_FADE_MS;
    document.documentElement.style.setProperty("--fade", Math.round(fade) + "ms");
    checkStale();
    refitFooter();
    var saved = recall();
    var first = Math.floor(seconds(params.get("screen"), 1)) - 1;
    if (saved && saved.screen >= 0 && saved.screen < screens.length) {
      first = saved.screen;
      if (saved.paused) { togglePause(); }
    }
    document.addEventListener("keydown", onKey);
    window.addEventListener("resize", onResize);
    go(first >= 0 && first < screens.length ? first : 0);
    if (window.location.protocol !== "file:") { schedulePoll(); }
  }

  start();
}());
