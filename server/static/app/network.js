// Draws a network view from the JSON in #network-data with the vis-network the app serves.
// Every label and fact goes into the page as text (textContent), never as HTML, so a hostile
// name in the data shows as what it is. Physics stops once the layout has settled.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("network-data").textContent);
  const container = document.getElementById("network");
  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.chainkgNetwork = network;  // for tests and the browser console
  window.chainkgData = { nodes: nodes, edges: edges };

  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    document.body.dataset.settled = "true";
  });
  if (!data.options.physics || !data.options.physics.enabled) {
    document.body.dataset.settled = "true";
  }

  const panel = document.getElementById("panel");
  const body = document.getElementById("panel-body");

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function entityHref(iri) {
    const base = "https://w3id.org/chainkg/id/";
    return iri.startsWith(base) ? "/id/" + iri.slice(base.length) : iri;
  }
  function citation(c) {
    const q = el("blockquote", "“" + c.sentence + "”", "cite " + (c.curation || "curated"));
    const f = el("footer", "— " + (c.title || c.document) + (c.date ? ", " + c.date : "") +
      " · " + (c.curation === "extracted" ? "机器抽取 extracted" + (c.method ? " (" + c.method + ")" : "") : "人工整理 curated"));
    q.appendChild(f);
    return q;
  }
  async function showNode(id) {
    const node = nodes.get(id);
    body.replaceChildren(el("p", "…"));
    panel.hidden = false;
    const res = await fetch(entityHref(id) + ".json");
    if (!res.ok) { body.replaceChildren(el("p", "无法加载 cannot load: " + res.status)); return; }
    const e = await res.json();
    const parts = [el("h2", e.label), el("p", (e.label_en || "") + " · " + (e["class"] || ""), "sub")];
    if (e.aliases && e.aliases.length) parts.push(el("p", "别名 aliases: " + e.aliases.join("、")));
    const link = el("a", "实体页 entity page →"); link.href = entityHref(id); parts.push(el("p")); parts[parts.length - 1].appendChild(link);
    const curated = (e.citations || []).filter(c => c.curation !== "extracted");
    const extracted = (e.citations || []).filter(c => c.curation === "extracted");
    if (curated.length) { parts.push(el("h3", "来源 Source")); curated.forEach(c => parts.push(citation(c))); }
    if (extracted.length) { parts.push(el("h3", "机器抽取 Extracted")); extracted.forEach(c => parts.push(citation(c))); }
    if (e.statistics && e.statistics.length) {
      parts.push(el("h3", "统计数据 Statistics"));
      const table = el("table", null, "stats");
      for (const s of e.statistics) {
        const tr = el("tr", null, s.curation);
        tr.appendChild(el("td", s.metric));
        tr.appendChild(el("td", (s.bound ? s.bound + " " : "") + s.value + " " + (s.unit || ""), "num"));
        tr.appendChild(el("td", s.period + (s.period_start ? " (" + s.period_start + "–" + s.period_end + ")" : "")));
        const src = el("td");
        (s.citations || []).forEach(c => { const d = el("details"); d.appendChild(el("summary", "来源")); d.appendChild(citation(c)); src.appendChild(d); });
        tr.appendChild(src);
        table.appendChild(tr);
      }
      parts.push(table);
    }
    for (const [title, groups] of [["关系 Relations", e.outgoing], ["被引用 Incoming", e.incoming]]) {
      if (!groups || !groups.length) continue;
      parts.push(el("h3", title));
      const dl = el("dl", null, "facts");
      for (const g of groups) {
        dl.appendChild(el("dt", g.label));
        for (const f of g.facts) {
          const dd = el("dd");
          if (f.is_iri) { const a = el("a", f.value_label); a.href = entityHref(f.value); dd.appendChild(a); }
          else dd.textContent = f.value_label;
          (f.citations || []).forEach(c => { const d = el("details"); d.appendChild(el("summary", "来源")); d.appendChild(citation(c)); dd.appendChild(d); });
          dl.appendChild(dd);
        }
      }
      parts.push(dl);
    }
    body.replaceChildren(...parts);
  }
  function showEdge(id) {
    const edge = edges.get(id);
    const from = nodes.get(edge.from), to = nodes.get(edge.to);
    body.replaceChildren(el("h2", edge.label || edge.relation),
      el("p", (from ? from.label_zh : edge.from) + " → " + (to ? to.label_zh : edge.to)),
      el("p", edge.predicate, "sub"));
    panel.hidden = false;
  }
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });
  network.on("doubleClick", async function (params) {
    if (!params.nodes.length) return;
    const url = new URL("/explore.json", location.href);
    url.searchParams.set("iri", params.nodes[0]);
    url.searchParams.set("limit", "60");
    const res = await fetch(url);
    if (!res.ok) return;
    const more = await res.json();
    nodes.update(more.nodes.filter(n => !nodes.get(n.id)).map(n => Object.assign(n, { level: undefined })));
    const have = new Set(edges.get().map(e => e.from + "|" + e.to + "|" + e.predicate));
    edges.add(more.edges.filter(e => !have.has(e.from + "|" + e.to + "|" + e.predicate))
      .map((e, i) => Object.assign(e, { id: "x" + Date.now() + "-" + i })));
  });
  document.getElementById("panel-close").addEventListener("click", function () { panel.hidden = true; });
  document.getElementById("fullscreen").addEventListener("click", function () {
    const wrap = container.parentElement;
    if (document.fullscreenElement) document.exitFullscreen(); else wrap.requestFullscreen();
  });
  document.getElementById("png").addEventListener("click", function () {
    const canvas = container.querySelector("canvas");
    const a = document.createElement("a");
    a.href = canvas.toDataURL("image/png");
    a.download = (data.title || "network") + ".png";
    a.click();
  });
})();
