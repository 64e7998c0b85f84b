/* The layout check one wall screen must pass, run in the page by the browser tests.
 *
 * Looks at every rendered element (plotly's SVG text included): nothing outside the
 * viewport, nothing outside the content box of the screen on show, no text box whose
 * content is bigger than the box (clipped), no text clipped by an ancestor that hides
 * overflow, and the smallest font size in use. Plotly's own off-screen text-measuring
 * element (#js-plotly-tester) is not part of what is shown and is skipped. */
() => {
  const vw = window.innerWidth, vh = window.innerHeight;
  const out = {minFont: 1e9, minFontAt: "", outside: [], clipped: [], spill: [], texts: 0,
               scrollW: document.documentElement.scrollWidth, scrollH: document.documentElement.scrollHeight, vw, vh};
  const describe = (node) => {
    const text = (node.textContent || "").trim().slice(0, 40);
    const cls = node.getAttribute("class") || "";
    return `${node.tagName.toLowerCase()}${node.id ? "#" + node.id : ""}${cls ? "." + String(cls).split(" ").join(".") : ""} "${text}"`;
  };
  const visible = (node) => node.checkVisibility({checkOpacity: false, checkVisibilityCSS: true});
  const screen = document.querySelector(".screen.is-active");
  let box = null;
  if (screen) {
    const r = screen.getBoundingClientRect(), cs = getComputedStyle(screen);
    box = {left: r.left + parseFloat(cs.paddingLeft), top: r.top + parseFloat(cs.paddingTop),
           right: r.right - parseFloat(cs.paddingRight), bottom: r.bottom - parseFloat(cs.paddingBottom)};
  }
  for (const node of document.querySelectorAll("body *")) {
    if (node.closest("#js-plotly-tester, script, style")) continue;
    if (!visible(node)) continue;
    const r = node.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1) out.outside.push(describe(node) + ` ${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.right)},${Math.round(r.bottom)}`);
    if (box && node !== screen && screen.contains(node) && (r.left < box.left - 1 || r.top < box.top - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1))
      out.spill.push(describe(node) + ` ${Math.round(r.left)},${Math.round(r.top)},${Math.round(r.right)},${Math.round(r.bottom)}`);
    const card = node.parentElement && node.parentElement.closest(".card");
    if (card) {
      const cr = card.getBoundingClientRect();
      if (r.left < cr.left - 1 || r.top < cr.top - 1 || r.right > cr.right + 1 || r.bottom > cr.bottom + 1)
        out.spill.push(describe(node) + " sticks out of " + describe(card));
    }
    const hasText = Array.from(node.childNodes).some((c) => c.nodeType === 3 && c.textContent.trim());
    if (!hasText) continue;
    out.texts += 1;
    const size = parseFloat(getComputedStyle(node).fontSize);
    if (size < out.minFont) { out.minFont = size; out.minFontAt = describe(node); }
    if (node instanceof HTMLElement && getComputedStyle(node).display !== "inline") {
      if (node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1)
        out.clipped.push(describe(node) + ` scroll ${node.scrollWidth}x${node.scrollHeight} client ${node.clientWidth}x${node.clientHeight}`);
    }
    for (let a = node.parentElement; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX !== "visible" || cs.overflowY !== "visible") {
        const ar = a.getBoundingClientRect();
        if (r.left < ar.left - 1 || r.top < ar.top - 1 || r.right > ar.right + 1 || r.bottom > ar.bottom + 1) {
          out.clipped.push(describe(node) + " clipped by " + describe(a));
          break;
        }
      }
    }
  }
  if (screen) {
    const charts = screen.querySelectorAll("[data-chart]");
    out.charts = charts.length;
    out.drawn = Array.from(charts).filter((c) => c.getAttribute("data-drawn") === "1" && c.querySelector("svg.main-svg")).length;
    out.screen = screen.getAttribute("data-screen");
  }
  const foot = document.querySelector(".foot");
  out.footer = foot && foot.checkVisibility() ? foot.innerText.replace(/\s+/g, " ") : "";
  return out;
}
