// The topology map in SVG: backbone routers on an inner ring, each site outside the router it is
// homed on (its cheapest link), links coloured by state (a located lossy link red, one traffic
// was moved off dashed), and every rerouted probe path drawn along its new route.
"use strict";
const Topology = (() => {
  const W = 760, H = 560, CX = W / 2, CY = H / 2, R_ROUTER = 140, R_SITE = 240;

  function layout(t) {
    const pos = {};
    t.routers.forEach((r, i) => {
      const a = 2 * Math.PI * i / Math.max(1, t.routers.length) - Math.PI / 2;
      pos[r] = { x: CX + R_ROUTER * Math.cos(a), y: CY + R_ROUTER * Math.sin(a), angle: a };
    });
    const home = {};
    for (const s of t.sites) {
      const own = t.links.filter(l => (l.a === s && pos[l.b]) || (l.b === s && pos[l.a]))
        .sort((x, y) => x.cost - y.cost);
      const r = own.length ? (own[0].a === s ? own[0].b : own[0].a) : t.routers[0];
      (home[r] = home[r] || []).push(s);
    }
    const step = 2 * Math.PI / Math.max(1, t.routers.length) / 3;
    for (const [r, sites] of Object.entries(home)) {
      const base = pos[r] ? pos[r].angle : 0;
      sites.forEach((s, i) => {
        const a = base + (i - (sites.length - 1) / 2) * step;
        pos[s] = { x: CX + R_SITE * Math.cos(a), y: CY + R_SITE * Math.sin(a) };
      });
    }
    return pos;
  }

  // The nodes a path visits, from its source along its links.
  function hops(path, links) {
    const byId = Object.fromEntries(links.map(l => [l.id, l]));
    const out = [path.src];
    let at = path.src;
    for (const id of path.links) {
      const l = byId[id];
      if (!l) break;
      at = l.a === at ? l.b : l.a;
      out.push(at);
    }
    return out;
  }

  function draw(t) {
    const pos = layout(t);
    const map = Draw.svg("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, id: "topology-svg",
      role: "img", "aria-label": "topology map" });
    for (const l of t.links) {
      const a = pos[l.a], b = pos[l.b];
      if (!a || !b) continue;
      const line = Draw.svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "link link-" + l.state.toLowerCase(),
        "data-link": l.id, "data-state": l.state },
        Draw.svg("title", { text: l.id + " (" + l.a + " - " + l.b + ", cost " + l.cost + "): " + l.state
          + (l.estimatedLoss != null ? ", estimated loss " + (100 * l.estimatedLoss).toFixed(1) + " %" : "") }));
      map.appendChild(line);
      if (l.state !== "OK") {
        map.appendChild(Draw.svg("text", { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 6, class: "link-label",
          text: l.id + " " + l.state.toLowerCase() }));
      }
    }
    for (const p of t.paths.filter(p => p.rerouted)) {
      const pts = hops(p, t.links).map(n => pos[n]).filter(Boolean).map(q => q.x + "," + q.y).join(" ");
      map.appendChild(Draw.svg("polyline", { points: pts, class: "path-rerouted", "data-path": p.id },
        Draw.svg("title", { text: "path " + p.id + " rerouted: " + p.links.join(" > ") })));
    }
    for (const [kind, names] of [["router", t.routers], ["site", t.sites]]) {
      for (const n of names) {
        const q = pos[n];
        if (!q) continue;
        map.appendChild(Draw.svg("g", { class: "node " + kind, "data-node": n },
          kind === "router" ? Draw.svg("rect", { x: q.x - 9, y: q.y - 9, width: 18, height: 18 })
            : Draw.svg("circle", { cx: q.x, cy: q.y, r: 13 }),
          Draw.svg("text", { x: q.x, y: q.y + (kind === "router" ? 24 : 28), text: n })));
      }
    }
    return map;
  }

  function notes(t) {
    const out = [];
    for (const l of t.links.filter(l => l.state !== "OK")) {
      out.push(Draw.el("li", { class: "link-note-" + l.state.toLowerCase(), text: "link " + l.id + " (" + l.a + " - "
        + l.b + ") " + l.state + (l.estimatedLoss != null ? ", estimated loss " + (100 * l.estimatedLoss).toFixed(1)
        + " %" : "") + (l.diagnosis ? ", diagnosis " + l.diagnosis : "") }));
    }
    for (const p of t.paths.filter(p => p.rerouted)) {
      out.push(Draw.el("li", { class: "path-note", text: "path " + p.id + " rerouted: " + p.links.join(" > ")
        + " (usually " + (p.usualLinks || []).join(" > ") + ")" }));
    }
    if (!out.length) out.push(Draw.el("li", { class: "muted", text: "Every link is OK." }));
    return out;
  }

  async function refresh() {
    const t = await Api.get("/api/v1/topology");
    Draw.replace(document.getElementById("topology-map"), draw(t));
    Draw.replace(document.getElementById("topology-notes"), ...notes(t));
    return t;
  }
  return { refresh };
})();
