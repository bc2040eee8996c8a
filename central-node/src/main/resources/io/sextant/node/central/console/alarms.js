// The alarm list (TMF642): filter by text, severity and state; ack, clear, comment and mark as a
// false alarm, each a call of the alarm API in the caller's name.
"use strict";
const Alarms = (() => {
  const BASE = "/tmf-api/alarmManagement/v4/alarm";
  const RANK = { critical: 0, major: 1, minor: 2, warning: 3, indeterminate: 4, cleared: 5 };
  let last = [];
  let note = null; // {kind: "comment"|"false", id}

  function matches(a) {
    const text = document.getElementById("alarm-filter").value.trim().toLowerCase();
    const sev = document.getElementById("alarm-severity").value;
    const state = document.getElementById("alarm-state").value;
    if (sev && a.perceivedSeverity !== sev) return false;
    if (state === "open" && a.state === "cleared") return false;
    if (state === "cleared" && a.state !== "cleared") return false;
    if (!text) return true;
    return [a.id, a.alarmedObject && a.alarmedObject.id, a.probableCause, a.specificProblem, a.sourceSystemId]
      .some(v => v && String(v).toLowerCase().includes(text));
  }

  function actions(a, ctx) {
    if (!ctx.canAct) return [];
    const by = { userId: ctx.who.name };
    const open = a.state !== "cleared";
    const run = (path, body) => () => App.act(Api.post(BASE + "/" + encodeURIComponent(a.id) + path, body));
    return [
      open && a.ackState !== "acknowledged" && Draw.button("Ack", run("/ack", by), "act ack"),
      open && a.ackState === "acknowledged" && Draw.button("Unack", run("/unack", by), "act unack"),
      open && Draw.button("Clear", run("/clear", by), "act clear"),
      Draw.button("Comment", () => ask("comment", a), "act comment"),
      Draw.button("False alarm", () => ask("false", a), "act false-alarm"),
    ];
  }

  function ask(kind, a) {
    note = { kind, id: a.id };
    const form = document.getElementById("alarm-note");
    document.getElementById("alarm-note-title").textContent =
      (kind === "comment" ? "Comment on " : "Mark as a false alarm (note): ") + a.id;
    const input = document.getElementById("alarm-note-text");
    input.value = "";
    form.hidden = false;
    input.focus();
  }

  function send(ctx) {
    const text = document.getElementById("alarm-note-text").value.trim();
    if (!note || (note.kind === "comment" && !text)) return;
    const call = note.kind === "comment"
      ? Api.post(BASE + "/" + encodeURIComponent(note.id) + "/comment", { userId: ctx.who.name, comment: text })
      : Api.post("/api/v1/feedback/false-alarm", { alarmId: note.id, by: ctx.who.name, note: text || null });
    const done = note.kind === "comment" ? null
      : label => "Marked as a false alarm: a " + label.kind + " label on " + label.resource + " for the next training.";
    note = null;
    document.getElementById("alarm-note").hidden = true;
    App.act(call, done);
  }

  function row(a, ctx) {
    const comments = (a.comment || []).map(c => c.userId + ": " + c.comment).join("\n");
    return Draw.el("tr", { class: "sev-" + a.perceivedSeverity + (a.state === "cleared" ? " cleared" : ""),
        "data-alarm": a.id },
      Draw.el("td", { class: "sev", text: a.perceivedSeverity }),
      Draw.el("td", { text: a.state }),
      Draw.el("td", { class: "ack", text: a.ackState }),
      Draw.el("td", { class: "resource", text: (a.alarmedObject && a.alarmedObject.id) || "" },
        a.isRootCause ? Draw.el("span", { class: "tag", text: "root cause" }) : null),
      Draw.el("td", { text: a.probableCause }),
      Draw.el("td", { class: "problem", text: a.specificProblem || "" }),
      Draw.el("td", { class: "time", text: Draw.time(a.alarmRaisedTime) }),
      Draw.el("td", { class: "comments", title: comments, text: (a.comment || []).length || "" }),
      Draw.el("td", { class: "buttons" }, ...actions(a, ctx)));
  }

  function render(ctx) {
    const shown = last.filter(matches).sort((x, y) => (RANK[x.perceivedSeverity] ?? 9) - (RANK[y.perceivedSeverity] ?? 9)
      || String(y.alarmRaisedTime).localeCompare(String(x.alarmRaisedTime)));
    document.getElementById("alarm-count").textContent = shown.length + " of " + last.length + " alarms";
    Draw.replace(document.querySelector("#alarm-table tbody"), ...shown.map(a => row(a, ctx)));
  }

  async function refresh(ctx) {
    last = await Api.get(BASE);
    render(ctx);
  }

  function init(ctx) {
    for (const id of ["alarm-filter", "alarm-severity", "alarm-state"]) {
      document.getElementById(id).addEventListener("input", () => render(ctx));
    }
    document.getElementById("alarm-note").addEventListener("submit", e => { e.preventDefault(); send(ctx); });
    document.getElementById("alarm-note-cancel").addEventListener("click", () => {
      note = null;
      document.getElementById("alarm-note").hidden = true;
    });
  }
  return { init, refresh };
})();
