// DOM and SVG builders. Every value from the API becomes a text node or an attribute set through
// the DOM, never markup: a label holding "<script>" is shown as those characters.
"use strict";
const Draw = (() => {
  const SVG = "http://www.w3.org/2000/svg";
  function fill(node, attrs, children) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "text") node.textContent = String(v);
      else if (k.startsWith("on")) node.addEventListener(k.substring(2), v);
      else node.setAttribute(k, String(v));
    }
    for (const c of children) {
      if (c === undefined || c === null || c === false) continue;
      node.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  const el = (tag, attrs, ...children) => fill(document.createElement(tag), attrs, children);
  const svg = (tag, attrs, ...children) => fill(document.createElementNS(SVG, tag), attrs, children);
  function replace(parent, ...children) {
    parent.replaceChildren(...children.filter(c => c !== undefined && c !== null && c !== false));
  }
  // ISO instant -> "2026-01-02 03:04:05" (UTC, as the API gives it).
  function time(iso) {
    if (!iso) return "";
    return String(iso).replace("T", " ").replace(/\.\d+/, "").replace("Z", "");
  }
  // ISO-8601 duration (PT1M3.5S) -> "1m 4s".
  function duration(iso) {
    if (!iso) return "";
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso);
    if (!m) return String(iso);
    const s = (+(m[1] || 0)) * 3600 + (+(m[2] || 0)) * 60 + Math.round(+(m[3] || 0));
    return (s >= 60 ? Math.floor(s / 60) + "m " : "") + (s % 60) + "s";
  }
  function button(label, onclick, cls) {
    return el("button", { type: "button", class: cls || "act", onclick }, label);
  }
  return { el, svg, replace, time, duration, button };
})();
