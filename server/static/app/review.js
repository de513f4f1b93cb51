// The review queue: one click (or one key) per decision; every text is set as text, never as HTML.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("review-config").textContent);
  const rows = Array.from(document.querySelectorAll("#review-table tr.fact"));
  let current = 0;

  // highlight the mention in its sentence, as text nodes around a <mark>
  rows.forEach(function (row) {
    const cell = row.querySelector(".sentence");
    const mention = cell.dataset.mention;
    const text = cell.textContent;
    const at = mention ? text.indexOf(mention) : -1;
    if (at < 0) return;
    cell.textContent = "";
    cell.append(document.createTextNode(text.slice(0, at)));
    const mark = document.createElement("mark");
    mark.textContent = mention;
    cell.append(mark, document.createTextNode(text.slice(at + mention.length)));
  });

  function select(i) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r, k) { r.classList.toggle("selected", k === current); });
    rows[current].focus();
  }

  function send(row, action, extra) {
    const body = Object.assign({ source: config.source, fact: row.dataset.fact, action: action }, extra || {});
    return fetch(config.decide, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Chainkg-Review": "1" },
      body: JSON.stringify(body),
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        const cell = row.querySelector(".decision");
        if (!r.ok) { cell.textContent = "✗ " + (data.message || r.status); row.classList.add("failed"); return; }
        cell.textContent = action;
        row.classList.remove("failed");
        row.classList.add("decided");
      });
    });
  }

  function act(row, action) {
    if (action === "edit") {
      const en = document.documentElement.lang === "en";
      const value = window.prompt(row.dataset.kind === "statistic" ? (en ? "New value" : "新的数值")
        : (en ? "New name" : "新的名称"), "");
      if (value === null || !value.trim()) return;
      return send(row, "edit", { value: value.trim() });
    }
    if (action === "merge") {
      const chosen = row.querySelector(".candidates input:checked");
      if (!chosen) return;
      return send(row, "merge", { target: chosen.value });
    }
    return send(row, action);
  }

  rows.forEach(function (row, i) {
    row.addEventListener("click", function () { select(i); });
    row.querySelectorAll("button[data-action]").forEach(function (b) {
      b.addEventListener("click", function (ev) { ev.stopPropagation(); select(i); act(row, b.dataset.action); });
    });
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.target && (ev.target.tagName === "INPUT" || ev.target.tagName === "TEXTAREA")) return;
    const row = rows[current];
    if (!row) return;
    const keys = { a: "accept", r: "reject", e: "edit", m: "merge" };
    if (ev.key === "j" || ev.key === "ArrowDown") { select(current + 1); ev.preventDefault(); }
    else if (ev.key === "k" || ev.key === "ArrowUp") { select(current - 1); ev.preventDefault(); }
    else if (keys[ev.key]) { act(row, keys[ev.key]); ev.preventDefault(); }
    else if (/^[1-5]$/.test(ev.key)) {
      const options = row.querySelectorAll(".candidates input");
      const n = parseInt(ev.key, 10) - 1;
      if (options[n]) { options[n].checked = true; ev.preventDefault(); }
    }
  });
  select(0);
  // the rows are in the page before this script runs: say when their handlers are attached
  const table = document.getElementById("review-table");
  if (table) table.dataset.ready = "true";
})();
