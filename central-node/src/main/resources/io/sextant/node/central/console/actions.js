// The closed loop: actions awaiting a person's approval (approve, deny), every action with its
// timeline (proposed, approved, applied, verified or rolled back), and the incidents' times.
"use strict";
const Actions = (() => {
  function steps(a) {
    return Draw.el("ol", { class: "timeline" }, ...a.steps.map(s => Draw.el("li", { class: "step-" + s.state },
      Draw.el("span", { class: "when", text: Draw.time(s.time) }), " ",
      Draw.el("strong", { text: s.state }), " ", Draw.el("span", { text: s.detail || "" }))));
  }

  function head(a) {
    return Draw.el("span", { class: "action-head" },
      Draw.el("strong", { class: "state state-" + a.state, text: a.state }), " ",
      Draw.el("span", { text: a.kind + " " + a.target }), " ",
      Draw.el("span", { class: "muted", text: "runbook " + a.runbook + " · site " + a.site + " · " + a.id }));
  }

  function pending(a, ctx) {
    const by = ctx.who.name;
    const decide = (verb, body) => () => App.act(Api.post("/api/v1/actions/" + encodeURIComponent(a.id) + "/" + verb, body));
    return Draw.el("div", { class: "action pending", "data-action": a.id }, Draw.el("div", {}, head(a)),
      Draw.el("div", { class: "muted", text: "requested " + Draw.time(a.requestedAt) }),
      ctx.canAct ? Draw.el("div", { class: "buttons" },
        Draw.button("Approve", decide("approve", { by }), "act approve"),
        Draw.button("Deny", decide("deny", { by, reason: "denied in the console" }), "act deny")) : null,
      steps(a));
  }

  function action(a) {
    return Draw.el("details", { class: "action", "data-action": a.id, open: openIds.has(a.id) ? "" : null,
      ontoggle: e => { if (e.target.open) openIds.add(a.id); else openIds.delete(a.id); } },
      Draw.el("summary", {}, head(a)), steps(a));
  }
  const openIds = new Set();

  function incident(i) {
    return Draw.el("tr", {},
      Draw.el("td", { text: i.kind }), Draw.el("td", { text: i.target }),
      Draw.el("td", { text: Draw.time(i.detected) }), Draw.el("td", { text: Draw.time(i.located) }),
      Draw.el("td", { text: Draw.time(i.mitigated) }), Draw.el("td", { text: Draw.time(i.verified) }),
      Draw.el("td", { text: i.action ? i.actionState + " " + i.action : "" }),
      Draw.el("td", { text: Draw.duration(i.timeToRepair) }));
  }

  async function refresh(ctx) {
    const [all, incidents] = await Promise.all([Api.get("/api/v1/actions"), Api.get("/api/v1/incidents")]);
    const waiting = all.filter(a => a.pending);
    App.pending(waiting.length);
    Draw.replace(document.getElementById("pending"), ...(waiting.length ? waiting.map(a => pending(a, ctx))
      : [Draw.el("p", { class: "muted", text: "No action awaits approval." })]));
    Draw.replace(document.getElementById("actions"), ...all.filter(a => !a.pending).map(action));
    Draw.replace(document.querySelector("#incidents tbody"), ...incidents.map(incident));
  }
  return { refresh };
})();
