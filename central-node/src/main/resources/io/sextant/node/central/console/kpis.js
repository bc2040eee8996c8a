// Per-site KPI charts in SVG: one metric's series over the last minutes (the centre's clock), with
// the detections raised on it marked where they fired and resolved.
"use strict";
const Kpis = (() => {
  const W = 760, H = 300, L = 60, R = 10, T = 10, B = 30;
  const COLORS = 12; // console.css has .color-0 .. .color-11
  let sites = [];

  function label(labels) {
    const keys = Object.keys(labels || {}).sort();
    return keys.length ? keys.map(k => k + "=" + labels[k]).join(", ") : "(no labels)";
  }

  function chart(c) {
    const from = Date.parse(c.from), to = Date.parse(c.to);
    const values = c.lines.flatMap(l => l.points.map(p => p.v))
      .concat(c.detections.filter(d => d.observed != null).map(d => d.observed));
    let lo = Math.min(...values), hi = Math.max(...values);
    if (!values.length) { lo = 0; hi = 1; }
    if (hi === lo) { hi = lo + 1; }
    const x = t => L + (W - L - R) * (t - from) / (to - from);
    const y = v => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
    const svg = Draw.svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, class: "chart",
      role: "img", "aria-label": c.metric + " at " + c.site });
    svg.appendChild(Draw.svg("rect", { x: L, y: T, width: W - L - R, height: H - T - B, class: "plot" }));
    for (const [v, yy] of [[hi, y(hi)], [lo, y(lo)]]) {
      svg.appendChild(Draw.svg("text", { x: L - 4, y: yy + 4, class: "axis", "text-anchor": "end", text: +v.toPrecision(4) }));
    }
    svg.appendChild(Draw.svg("text", { x: L, y: H - 8, class: "axis", text: Draw.time(c.from) }));
    svg.appendChild(Draw.svg("text", { x: W - R, y: H - 8, class: "axis", "text-anchor": "end", text: Draw.time(c.to) }));
    c.lines.forEach((l, i) => {
      svg.appendChild(Draw.svg("polyline", { class: "series color-" + (i % COLORS),
        points: l.points.map(p => x(p.t) + "," + y(p.v)).join(" ") }, Draw.svg("title", { text: label(l.labels) })));
    });
    for (const d of c.detections) {
      if (d.observed == null) continue;
      svg.appendChild(Draw.svg("circle", { cx: x(Date.parse(d.time)), cy: y(d.observed), r: 5,
        class: "detection detection-" + d.state.toLowerCase() },
        Draw.svg("title", { text: d.state + " " + d.detector + " on " + d.resource + " at " + Draw.time(d.time)
          + ": observed " + d.observed + (d.expected != null ? ", expected " + d.expected : "") })));
    }
    return svg;
  }

  function legend(c) {
    const items = c.lines.map((l, i) => Draw.el("li", {},
      Draw.el("span", { class: "swatch color-" + (i % COLORS) }), label(l.labels)));
    const out = c.detections.map(d => Draw.el("li", { class: "detection-" + d.state.toLowerCase(),
      text: Draw.time(d.time) + " " + d.state + " " + d.detector + " on " + d.resource
        + (d.observed != null ? ": observed " + (+d.observed.toPrecision(4)) : "")
        + (d.expected != null ? ", expected " + (+d.expected.toPrecision(4)) : "") }));
    if (c.omitted) out.unshift(Draw.el("li", { class: "muted", text: c.omitted + " more series not drawn" }));
    if (!c.detections.length) out.push(Draw.el("li", { class: "muted", text: "No detection in this range." }));
    return [Draw.el("ul", { class: "series-legend" }, ...items), ...out];
  }

  function options(select, values, keep) {
    const current = keep || select.value;
    Draw.replace(select, ...values.map(v => Draw.el("option", { value: v, text: v })));
    if (values.includes(current)) select.value = current;
  }

  async function refresh(ctx, topology) {
    const siteSel = document.getElementById("kpi-site"), metricSel = document.getElementById("kpi-metric");
    const known = topology ? topology.sites : sites;
    if (known.join() !== sites.join() || !siteSel.options.length) { sites = known; options(siteSel, sites); }
    if (!siteSel.value) return;
    const metrics = await Api.get("/api/v1/kpis/" + encodeURIComponent(siteSel.value));
    options(metricSel, metrics);
    if (!metricSel.value) {
      Draw.replace(document.getElementById("kpi-chart"), Draw.el("p", { class: "muted", text: "No KPI stored for this site yet." }));
      return;
    }
    const c = await Api.get("/api/v1/kpis/" + encodeURIComponent(siteSel.value) + "/" + encodeURIComponent(metricSel.value)
      + "?minutes=" + encodeURIComponent(document.getElementById("kpi-minutes").value));
    Draw.replace(document.getElementById("kpi-chart"), chart(c));
    Draw.replace(document.getElementById("kpi-detections"), ...legend(c));
  }
  return { refresh };
})();
