// The console's shell: log in with a bearer token, learn the caller's role (a viewer gets no
// button that acts), switch tabs, and refresh the open tab every few seconds without a reload.
"use strict";
const App = (() => {
  const EVERY_MS = 3000;
  const ctx = { who: null, canAct: false, topology: null };
  let timer = null, busy = false, again = false;
  const $ = id => document.getElementById(id);

  function tab() {
    const t = (location.hash || "#alarms").substring(1);
    return ["alarms", "topology", "actions", "kpis"].includes(t) ? t : "alarms";
  }

  async function refresh() {
    if (!ctx.who) return;
    // One refresh at a time; a tab switched during one is drawn right after it, not 3 s later.
    if (busy) { again = true; return; }
    busy = true;
    try {
      const t = tab();
      for (const s of document.querySelectorAll("section.tab")) s.hidden = s.id !== "tab-" + t;
      for (const a of document.querySelectorAll("#tabs a")) a.classList.toggle("active", a.dataset.tab === t);
      if (t === "alarms") await Alarms.refresh(ctx);
      if (t === "topology") ctx.topology = await Topology.refresh(ctx);
      if (t === "actions") await Actions.refresh(ctx);
      if (t === "kpis") {
        if (!ctx.topology) ctx.topology = await Api.get("/api/v1/topology");
        await Kpis.refresh(ctx, ctx.topology);
      }
      if (t !== "actions") pending((await Api.get("/api/v1/actions?pending=true")).length);
      $("error").textContent = "";
      $("updated").textContent = "updated " + new Date().toLocaleTimeString();
      $("updated").dataset.at = String(Date.now());
    } catch (e) {
      if (e instanceof Api.HttpError && e.status === 401) { logout("The token is no longer accepted: " + e.message); }
      else { $("error").textContent = "Refresh failed: " + e.message; }
    } finally {
      busy = false;
      if (again) { again = false; refresh(); }
    }
  }

  function pending(n) {
    $("pending-badge").hidden = !n;
    $("pending-badge").textContent = n ? String(n) : "";
  }

  // Runs an operator's call, shows its error if any or what it did (done: the answer -> a
  // sentence), and refreshes at once.
  async function act(call, done) {
    let answer;
    try {
      answer = await call;
    } catch (e) {
      $("error").textContent = "Refused: " + e.message;
      return;
    }
    $("notice").textContent = done ? done(answer) : "";
    await refresh();
  }

  async function login() {
    try {
      ctx.who = await Api.get("/api/v1/whoami");
    } catch (e) {
      Api.forget();
      logout(e instanceof Api.HttpError && e.status === 401 ? "That token is not known to this centre." : e.message);
      return;
    }
    ctx.canAct = ctx.who.role === "OPERATOR" || ctx.who.role === "ADMIN";
    $("who").textContent = ctx.who.name + " (" + ctx.who.role.toLowerCase() + ")";
    $("login").hidden = true;
    $("app").hidden = false;
    $("logout").hidden = false;
    await refresh();
    if (!timer) timer = setInterval(refresh, EVERY_MS);
  }

  // Forgets the session and what it showed: the next caller sees only what its own role draws.
  function logout(message) {
    Api.forget();
    ctx.who = null;
    ctx.canAct = false;
    ctx.topology = null;
    for (const sel of ["#alarm-table tbody", "#pending", "#actions", "#incidents tbody", "#topology-map",
      "#topology-notes", "#kpi-chart", "#kpi-detections"]) {
      Draw.replace(document.querySelector(sel));
    }
    $("alarm-note").hidden = true;
    $("notice").textContent = "";
    clearInterval(timer);
    timer = null;
    $("app").hidden = true;
    $("logout").hidden = true;
    $("who").textContent = "";
    $("login").hidden = false;
    $("login-error").textContent = message || "";
    $("token").value = "";
  }

  function start() {
    $("login-form").addEventListener("submit", e => {
      e.preventDefault();
      Api.setToken($("token").value.trim());
      login();
    });
    $("logout").addEventListener("click", () => logout(""));
    window.addEventListener("hashchange", refresh);
    for (const id of ["kpi-site", "kpi-metric", "kpi-minutes"]) $(id).addEventListener("change", refresh);
    Alarms.init(ctx);
    if (Api.token()) login(); else logout("");
  }
  document.addEventListener("DOMContentLoaded", start);
  return { act, pending };
})();
