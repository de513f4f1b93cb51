// Network views (chain maps, cluster maps, neighbourhoods), drawn with the vis-network the app serves.
//
// Safety: every label, alias, fact and quote from the data goes into the page as text
// (textContent, or a plain-string vis-network title, which vis-network renders with innerText),
// never as HTML; links are only made to this app's pages or to http(s) URLs.
// State: layout, language, hidden classes, expanded nodes and the selected node live in the URL,
// so a copied URL reopens the same view. Physics (force layout) stops once the layout settles;
// then <body data-settled="true" data-settle-ms="…"> is set (tests and benchmarks wait for it).
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("network-data").textContent);
  const state = data.state;
  const en = state.lang === "en";
  const ID_BASE = "https://w3id.org/chainkg/id/";
  const container = document.getElementById("network");
  const panelBody = document.getElementById("panel-body");
  const statusEl = document.getElementById("status");
  const hidden = new Set(state.hide || []);
  const expanded = new Set(state.expand || []);

  // -- helpers ---------------------------------------------------------------------------------
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null && text !== "") e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function append(parent, ...children) {
    for (const c of children) if (c) parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    return parent;
  }
  function localHref(iri) {
    return typeof iri === "string" && iri.startsWith(ID_BASE) ? "/id/" + iri.slice(ID_BASE.length) : null;
  }
  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }
  function link(text, href) {
    const a = el("a", text);
    if (href) a.href = href;
    return a;
  }
  function className(cls) {
    const n = data.class_names[cls];
    return n ? (en ? n[1] : n[0]) : (cls || "");
  }
  function pick(zh, enText) { return en && enText ? enText : zh; }
  function T(zh, enText) { return en ? enText : zh; }  // a string of the interface, in the page's language
  function sep() { return T("、", ", "); }
  function setStatus(text) { statusEl.textContent = text; }
  // What is drawn: the nodes not filtered out, and the edges vis-network draws (both ends shown).
  function drawnEdges() {
    const shown = new Set(view.getIds());
    return edgeView.get({ filter: (e) => shown.has(e.from) && shown.has(e.to) });
  }
  function counts() {
    const n = view.length, m = drawnEdges().length;
    let text = T(n + " 个节点 · " + m + " 条关系", n + " nodes · " + m + " edges");
    if (n !== nodes.length || m !== edges.length) {
      text += T("（共 " + nodes.length + " 个节点、" + edges.length + " 条关系）",
        " (of " + nodes.length + " nodes, " + edges.length + " edges)");
    }
    return text;
  }

  // -- data ------------------------------------------------------------------------------------
  function tooltip(n) {
    const lines = [pick(n.label_zh, n.label_en), className(n.group)];
    if (n.aliases && n.aliases.length) lines.push(T("别名：", "Aliases: ") + n.aliases.join(sep()));
    if (n.leader) lines.push(T("★ 链主", "★ chain leader"));
    if (n.gap) lines.push(T("暂无本地企业（补链）", "no local company (a gap to fill)"));
    if (n.more) lines.push(T("另有 " + n.more + " 个相邻实体未显示，双击展开", n.more + " more neighbours: double-click to expand"));
    return lines.join("\n");
  }
  function prepNode(n) {
    n.title = tooltip(n);  // a string: vis-network shows it as text
    if (n.w) n.widthConstraint = { minimum: n.w, maximum: n.w };
    return n;
  }
  function prepEdge(e) {
    const r = data.relations[e.rel] || {};
    Object.assign(e, (data.edge_styles || {})[e.rel] || {});
    e.title = pick(r.label || e.rel, r.label_en);
    e.predicate = r.iri;
    return e;
  }
  const nodes = new vis.DataSet(data.nodes.map(prepNode));
  const edges = new vis.DataSet(data.edges.map(prepEdge));
  const view = new vis.DataView(nodes, { filter: (n) => !hidden.has(n.group) });
  // Layered maps hide "other" relations (not the chain's structure, not touching the focus) unless asked.
  let showAll = !!state.all;
  const edgeView = new vis.DataView(edges, { filter: (e) => showAll || !e.secondary });
  const options = data.options;
  const network = new vis.Network(container, { nodes: view, edges: edgeView }, options);
  window.chainkgNetwork = network;  // for tests and the browser console
  window.chainkgData = { nodes: nodes, edges: edges, view: view, edgeView: edgeView };

  // -- drawing: white background (for PNG) and the upstream/midstream/downstream bands ----------
  network.on("beforeDrawing", function (ctx) {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    ctx.strokeStyle = "#aab7b8";
    ctx.setLineDash([8, 6]);
    for (const l of data.lanes || []) {
      ctx.beginPath(); ctx.moveTo(l.x0, l.y); ctx.lineTo(l.x1, l.y); ctx.stroke();
    }
    ctx.setLineDash([]);
    for (const b of data.bands || []) {
      const st = data.band_styles[String(b.position)] || {};
      ctx.fillStyle = st.band || "#f7f7f7";
      ctx.fillRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
      ctx.strokeStyle = st.border || "#d5d8dc";
      ctx.lineWidth = 1;
      ctx.strokeRect(b.x0, b.y0, b.x1 - b.x0, b.y1 - b.y0);
      ctx.fillStyle = st.border || "#566573";
      ctx.font = "bold 20px 'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
      ctx.textBaseline = "top";
      ctx.fillText(en ? st.en : st.zh, b.x0 + 12, b.y0 + 10, Math.max(40, b.x1 - b.x0 - 24));
    }
  });

  // -- fitting: the whole network, never blown up beyond 110 % ---------------------------------
  function fitView(animate) {
    network.fit({ maxZoomLevel: 1.1, animation: animate ? { duration: 300 } : false });
  }

  // -- settling --------------------------------------------------------------------------------
  let settled = false;
  function markSettled() {
    if (settled) return;
    settled = true;
    document.body.dataset.settled = "true";
    document.body.dataset.settleMs = String(Math.round(performance.now()));
    refreshCounts();
    if (state.node && nodes.get(state.node)) selectNode(state.node, true);
  }
  if (options.physics && options.physics.enabled) {
    network.on("stabilizationProgress", function (p) {
      setStatus(T("布局中… ", "Laying out… ") + Math.round((100 * p.iterations) / p.total) + "%");
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      fitView(false);
      markSettled();
    });
  } else {
    network.once("afterDrawing", function () { fitView(false); markSettled(); });
  }

  // -- URL state -------------------------------------------------------------------------------
  function syncUrl() {
    const u = new URL(location.href);
    if (hidden.size) u.searchParams.set("hide", Array.from(hidden).join(",")); else u.searchParams.delete("hide");
    u.searchParams.delete("expand");
    for (const e of expanded) u.searchParams.append("expand", e);
    if (state.node) u.searchParams.set("node", state.node); else u.searchParams.delete("node");
    if (showAll) u.searchParams.set("all", "1"); else u.searchParams.delete("all");
    history.replaceState(null, "", u.toString());
    for (const a of document.querySelectorAll("#layout-layered, #layout-force, #lang-zh, #lang-en, #lang-switch, .downloads a.dl")) {
      const t = new URL(a.href, location.href);
      for (const k of ["hide", "expand", "node", "all"]) {
        t.searchParams.delete(k);
        for (const v of u.searchParams.getAll(k)) t.searchParams.append(k, v);
      }
      a.href = t.toString();
    }
  }

  // -- the legend: what is in the view, built from the data (again after every expansion) -------
  // Node classes with their counts (each a filter), the segment positions, the leader and gap marks
  // and the relation kinds that are drawn; nothing that the view does not contain.
  const legendEl = document.getElementById("legend");
  const legendTitle = legendEl.querySelector(".legend-title");
  function chip(text, count) {
    const c = el("span", null, "chip");
    c.appendChild(document.createTextNode(text));
    if (count !== undefined) c.appendChild(el("small", String(count)));
    return c;
  }
  function sw(cls, color, border) {
    const s = el("span", null, "sw " + cls);
    if (color) s.style.setProperty("--c", color);
    if (border) s.style.setProperty("--b", border);
    return s;
  }
  function buildLegend() {
    const parts = [legendTitle];
    const byClass = {};
    nodes.forEach((n) => { byClass[n.group] = (byClass[n.group] || 0) + 1; });
    for (const cls of Object.keys(data.styles)) {
      if (!byClass[cls]) continue;
      const st = data.styles[cls];
      const label = el("label", null, "chip");
      const box = el("input");
      box.type = "checkbox";
      box.dataset.class = cls;
      box.checked = !hidden.has(cls);
      label.append(box, sw("sw-" + st.shape, st.color, st.border), document.createTextNode(className(cls)),
        el("small", String(byClass[cls])));
      parts.push(label);
    }
    const marks = [];
    const segments = nodes.get({ filter: (n) => n.role === "segment" });
    const positions = new Set(segments.map((n) => n.position || 2));
    for (const p of [1, 2, 3]) {
      if (!positions.has(p)) continue;
      const st = data.band_styles[String(p)];
      const c = chip(T(st.zh, st.en));
      c.prepend(sw("sw-box", st.color, st.border));
      c.dataset.position = String(p);
      marks.push(c);
    }
    if (nodes.get({ filter: (n) => n.leader }).length) {
      const c = chip(T("★ 链主", "★ leader")); c.prepend(sw("sw-box sw-leader")); c.dataset.mark = "leader"; marks.push(c);
    }
    if (segments.some((n) => n.gap)) {
      const c = chip(T("暂无本地企业", "gap")); c.prepend(sw("sw-box sw-gap")); c.dataset.mark = "gap"; marks.push(c);
    }
    const byRel = {};
    drawnEdges().forEach((e) => { byRel[e.rel] = (byRel[e.rel] || 0) + 1; });
    const rels = Object.keys(byRel).sort((a, b) => byRel[b] - byRel[a]);
    if (marks.length) parts.push(el("span", null, "sep"), ...marks);
    if (rels.length) parts.push(el("span", null, "sep"));
    for (const rel of rels) {
      const r = data.relations[rel] || {};
      const style = (data.edge_styles || {})[rel] || {};
      const c = chip(pick(r.label || rel, r.label_en), byRel[rel]);
      c.prepend(sw("sw-line" + (style.dashes ? " sw-dashed" : ""), style.color || "#99a3a4"));
      c.dataset.relation = rel;
      parts.push(c);
    }
    if (state.layout === "layered" && edges.get({ filter: (e) => e.secondary }).length) {
      const label = el("label", null, "chip");
      const box = el("input");
      box.type = "checkbox"; box.id = "secondary"; box.checked = showAll;
      label.append(box, document.createTextNode(T("其他关系", "other relations")));
      parts.push(label);
    }
    legendEl.replaceChildren(...parts);
  }
  function refreshCounts() { buildLegend(); setStatus(counts()); }
  legendEl.addEventListener("change", function (ev) {
    const box = ev.target;
    if (box.dataset && box.dataset.class) {
      if (box.checked) hidden.delete(box.dataset.class); else hidden.add(box.dataset.class);
      view.refresh();
    } else if (box.id === "secondary") {
      showAll = box.checked;
      edgeView.refresh();
    } else {
      return;
    }
    syncUrl();
    refreshCounts();
  });
  buildLegend();
  setStatus(counts());

  // -- side panel ------------------------------------------------------------------------------
  function citationEl(c) {
    const q = el("blockquote", null, "cite " + (c.curation === "extracted" ? "extracted" : "curated"));
    q.appendChild(el("p", "“" + c.sentence + "”", "quote"));
    const f = el("footer");
    const title = c.title || c.document;
    const url = safeUrl(c.url);
    append(f, "— ", url ? link(title, url) : el("span", title));
    if (url) f.lastChild.rel = "noopener noreferrer";
    if (c.date) append(f, ", " + c.date);
    if (c.begin !== undefined && c.end !== undefined) append(f, " [" + c.begin + "–" + c.end + "]");
    append(f, " · ", el("span", c.curation === "extracted"
      ? T("机器抽取", "extracted") + (c.method ? " (" + c.method + ")" : "") : T("人工整理", "curated"), "curation"));
    q.appendChild(f);
    return q;
  }
  function sources(list, label) {
    const d = el("details", null, "sources");
    d.appendChild(el("summary", label || (T("来源", "Source") + " (" + list.length + ")")));
    list.forEach((c) => d.appendChild(citationEl(c)));
    return d;
  }
  function nodeRef(iri, text) {
    // A name in the panel: selects the node when it is in the view, else links to its page.
    const a = link(text, localHref(iri) || safeUrl(iri));
    if (nodes.get(iri)) {
      a.classList.add("in-view");
      a.addEventListener("click", function (ev) {
        if (ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
        ev.preventDefault();
        selectNode(iri, true);
      });
    }
    return a;
  }
  function statsTable(stats) {
    const table = el("table", null, "stats");
    const head = el("tr");
    [T("指标", "Metric"), T("数值", "Value"), T("时期", "Period"), T("来源", "Source")].forEach((h) => head.appendChild(el("th", h)));
    append(table, append(el("thead"), head));
    const tbody = el("tbody");
    for (const s of stats) {
      const tr = el("tr", null, (s.curation === "extracted" ? "extracted" : "curated") + ((s.conflicts || []).length ? " conflict" : ""));
      const m = el("td");
      append(m, el("span", pick(s.metric, s.metric_en)));
      if (s.compared_to) append(m, el("small", " (" + s.compared_to + ")"));
      for (const c of s.conflicts || []) {  // two sources disagree: both kept, shown here
        const w = el("strong", T(" ⚠ 数据冲突", " ⚠ conflict") + " (" + c.kind + ")", "conflict");
        w.title = c.note;
        append(m, w);
      }
      if ((s.graphs || []).length > 1) append(m, el("small", " · " + T(s.graphs.length + " 个来源", s.graphs.length + " sources")));
      tr.appendChild(m);
      const v = [pick(s.bound, s.bound_en), s.value, s.unit].filter(Boolean).join(" ");
      tr.appendChild(el("td", v + (s.status ? " · " + s.status : ""), "num"));
      const period = el("td", s.period || (s.period_start ? s.period_start + " – " + s.period_end : ""));
      if (s.period_start) period.title = s.period_start + " – " + s.period_end;  // the period resolved to dates
      tr.appendChild(period);
      const src = el("td");
      if (s.citations && s.citations.length) src.appendChild(sources(s.citations, s.curation === "extracted" ? T("机器", "machine") : T("原文", "source")));
      tr.appendChild(src);
      tbody.appendChild(tr);
    }
    table.appendChild(tbody);
    return table;
  }
  function factsList(groups, outgoing) {
    const dl = el("dl", null, "facts");
    for (const g of groups) {
      dl.appendChild(el("dt", pick(g.label, g.label_en) + (outgoing ? "" : " ←")));
      for (const f of g.facts.slice(0, 60)) {
        const dd = el("dd");
        if (f.is_iri) dd.appendChild(nodeRef(f.value, pick(f.value_label, f.value_label_en)));
        else dd.appendChild(el("span", f.value_label));
        if (f.curation === "extracted") dd.appendChild(el("span", T("机器抽取", "extracted"), "badge extracted"));
        if (f.citations && f.citations.length) dd.appendChild(sources(f.citations));
        dl.appendChild(dd);
      }
      if (g.facts.length > 60) dl.appendChild(el("dd", T("… 另有 " + (g.facts.length - 60) + " 项", "… " + (g.facts.length - 60) + " more"), "muted"));
    }
    return dl;
  }
  function splitGroups(groups, curation) {
    return (groups || []).map((g) => Object.assign({}, g, {
      facts: g.facts.filter((f) => (f.curation === "extracted") === (curation === "extracted")),
    })).filter((g) => g.facts.length);
  }
  function viewLinks(e) {
    const p = el("p", null, "links");
    const items = [];
    const page = localHref(e.iri);
    if (page) items.push(link(T("实体页", "entity page"), page));
    const ex = new URL("/explore", location.href);
    ex.searchParams.set("iri", e.iri);
    items.push(link(T("关系图", "neighbourhood"), ex.pathname + ex.search));
    const key = e.iri.startsWith(ID_BASE) ? e.iri.slice(ID_BASE.length) : "";
    if (e["class"] === "IndustryChain" && key.startsWith("chain/")) items.push(link(T("产业链图谱", "chain map"), "/" + key));
    if (e["class"] === "IndustryCluster" && key.startsWith("cluster/")) items.push(link(T("集群图谱", "cluster map"), "/" + key));
    items.forEach((a, i) => { if (i) p.appendChild(document.createTextNode(" · ")); p.appendChild(a); });
    return p;
  }
  function entitySection(e, parts) {
    const curated = (e.citations || []).filter((c) => c.curation !== "extracted");
    const extracted = (e.citations || []).filter((c) => c.curation === "extracted");
    if (curated.length) { parts.push(el("h3", T("来源", "Source"))); curated.forEach((c) => parts.push(citationEl(c))); }
    const statsC = (e.statistics || []).filter((s) => s.curation !== "extracted");
    const statsX = (e.statistics || []).filter((s) => s.curation === "extracted");
    if (statsC.length) {
      parts.push(el("h3", T("统计数据", "Statistics")));
      parts.push(statsTable(statsC));
    }
    const outC = splitGroups(e.outgoing, "curated"), inC = splitGroups(e.incoming, "curated");
    const outX = splitGroups(e.outgoing, "extracted"), inX = splitGroups(e.incoming, "extracted");
    if (outC.length || inC.length) {
      parts.push(el("h3", outX.length || inX.length ? T("关系（人工整理）", "Relations, curated") : T("关系", "Relations")));
      if (outC.length) parts.push(factsList(outC, true));
      if (inC.length) parts.push(factsList(inC, false));
    }
    if (outX.length || inX.length || extracted.length || statsX.length) {
      const box = el("section", null, "machine");
      box.appendChild(el("h3", T("机器抽取", "Extracted by a program")));
      extracted.forEach((c) => box.appendChild(citationEl(c)));
      if (statsX.length) box.appendChild(statsTable(statsX));
      if (outX.length) box.appendChild(factsList(outX, true));
      if (inX.length) box.appendChild(factsList(inX, false));
      parts.push(box);
    }
    if (e.sources && e.sources.length) {
      parts.push(el("h3", T("数据来源", "Source graphs")));
      const ul = el("ul", null, "graphs");
      e.sources.forEach((s) => ul.appendChild(el("li", s.label)));
      parts.push(ul);
    }
  }
  async function fetchJson(url) {
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    if (!res.ok) throw new Error(res.status + " " + res.statusText);
    return res.json();
  }
  let panelSeq = 0;
  async function showNode(id) {
    const mine = ++panelSeq;
    const n = nodes.get(id) || { id: id, label_zh: id, group: "" };
    panelBody.replaceChildren(el("h2", pick(n.label_zh, n.label_en)), el("p", T("载入中…", "Loading…"), "muted"));
    const href = localHref(id);
    let e;
    try {
      // An IRI outside this app's namespace has no page here: what the view knows about it is all there is.
      e = href ? await fetchJson(href + ".json")
        : { iri: id, label: n.label_zh, label_en: n.label_en, "class": n.group, aliases: n.aliases || [] };
    } catch (err) {
      if (mine === panelSeq) panelBody.replaceChildren(el("h2", pick(n.label_zh, n.label_en)), el("p", T("无法载入：", "Cannot load: ") + err.message, "error"));
      return;
    }
    if (mine !== panelSeq) return;
    const parts = [backButton()];
    const h = el("h2", pick(e.label, e.label_en));
    if (n.leader) h.prepend(el("span", "★ ", "star"));
    parts.push(h);
    const sub = el("p", null, "sub");
    append(sub, el("span", className(e["class"]), "cls"));
    if (en ? e.label : e.label_en) append(sub, " · ", el("span", en ? e.label : e.label_en));
    parts.push(sub);
    if (n.leader) parts.push(el("p", T("★ 链主企业", "★ chain leader"), "leader-note"));
    if (n.gap) parts.push(el("p", T("本环节暂无本地企业（补链方向）", "No local company in this segment: a gap to fill."), "gap-note"));
    if (e.aliases && e.aliases.length) {
      const p = el("p", T("别名：", "Aliases: "), "aliases");
      e.aliases.forEach((a) => p.appendChild(el("span", a, "alias")));
      parts.push(p);
    }
    parts.push(el("p", e.iri, "iri"));
    parts.push(viewLinks(e));
    if (n.more) {
      const b = el("button", T("展开 " + n.more + " 个相邻实体", "Expand " + n.more + " neighbours"));
      b.type = "button";
      b.addEventListener("click", () => expandNode(id));
      parts.push(b);
    }
    entitySection(e, parts);
    panelBody.replaceChildren(...parts);
    panelBody.scrollTop = 0;
  }
  async function showEdge(id) {
    const mine = ++panelSeq;
    const edge = edges.get(id);
    if (!edge) return;
    const r = data.relations[edge.rel] || {};
    panelBody.replaceChildren(el("h2", pick(r.label || edge.rel, r.label_en)), el("p", T("载入中…", "Loading…"), "muted"));
    const u = new URL(data.urls.edge, location.href);
    u.searchParams.set("s", edge.from); u.searchParams.set("p", r.iri); u.searchParams.set("o", edge.to);
    let f;
    try { f = await fetchJson(u.pathname + u.search); } catch (err) {
      if (mine === panelSeq) panelBody.appendChild(el("p", T("无法载入：", "Cannot load: ") + err.message, "error"));
      return;
    }
    if (mine !== panelSeq) return;
    const parts = [backButton(), el("h2", pick(f.label, f.label_en))];
    parts.push(el("p", T("关系", "Relation") + (!en && f.label_en ? " · " + f.label_en : ""), "sub"));
    const triple = el("p", null, "triple");
    append(triple, nodeRef(f.subject.iri, pick(f.subject.label, f.subject.label_en)), " → ",
      el("b", pick(f.label, f.label_en)), " → ", nodeRef(f.object.iri, pick(f.object.label, f.object.label_en)));
    parts.push(triple);
    parts.push(el("p", f.predicate, "iri"));
    if (f.citations.length) { parts.push(el("h3", T("来源", "Source"))); f.citations.forEach((c) => parts.push(citationEl(c))); }
    if (f.extracted.length) {
      const box = el("section", null, "machine");
      box.appendChild(el("h3", T("机器抽取", "Extracted by a program")));
      f.extracted.forEach((c) => box.appendChild(citationEl(c)));
      parts.push(box);
    }
    if (!f.citations.length && !f.extracted.length) parts.push(el("p", T("没有引用句子", "No sentence cited"), "muted"));
    if (f.graphs.length) {
      parts.push(el("h3", T("数据来源", "Source graphs")));
      const ul = el("ul", null, "graphs");
      f.graphs.forEach((g) => ul.appendChild(el("li", g.label)));
      parts.push(ul);
    }
    panelBody.replaceChildren(...parts);
  }
  function backButton() {
    const b = el("button", T("← 概览", "← Overview"), "back");
    b.type = "button";
    b.addEventListener("click", function () { network.unselectAll(); state.node = ""; syncUrl(); showOverview(); });
    return b;
  }
  let focusFacts = null;
  async function showOverview() {
    const mine = ++panelSeq;
    const parts = [el("h2", data.title)];
    const alt = en ? data.title_zh : data.title_en;
    const sub = el("p", null, "sub");
    append(sub, el("span", className(data.focus_class), "cls"));
    if (alt && alt !== data.title) append(sub, " · ", el("span", alt));
    parts.push(sub);
    parts.push(el("p", counts(), "muted"));
    if (data.omitted) parts.push(el("p", T("另有 " + data.omitted + " 个实体未显示（上限）", data.omitted + " entities left out (limit)"), "notice"));
    if (!focusFacts) {
      try { focusFacts = await fetchJson(data.urls.entity + ".json"); } catch (err) { focusFacts = null; }
      if (mine !== panelSeq) return;
    }
    if (focusFacts && focusFacts.statistics && focusFacts.statistics.length) {
      parts.push(el("h3", T("统计数据", "Statistics")));
      parts.push(statsTable(focusFacts.statistics));
    }
    if (data.outline && data.outline.length) {
      parts.push(el("h3", T("环节与企业", "Segments and companies")));
      let cur = null, chain = null;
      const multiChain = new Set(data.outline.map((s) => s.chain)).size > 1;
      for (const s of data.outline) {
        if (multiChain && s.chain !== chain) {
          chain = s.chain; cur = null;
          const c = nodes.get(chain);
          parts.push(append(el("h4", null, "chain"), nodeRef(chain, c ? pick(c.label_zh, c.label_en) : chain)));
        }
        if (s.position !== cur) {
          cur = s.position;
          const st = data.band_styles[String(cur)] || {};
          parts.push(el("h4", T(st.zh || "", st.en || ""), "pos pos-" + cur));
        }
        const seg = nodes.get(s.iri);
        const row = el("div", null, "outline-seg");
        row.appendChild(nodeRef(s.iri, seg ? pick(seg.label_zh, seg.label_en) : s.iri));
        if (!s.companies.length) row.appendChild(el("span", T("暂无本地企业", "gap"), "badge gap"));
        const ul = el("ul");
        for (const c of s.companies) {
          const cn = nodes.get(c);
          const li = el("li");
          if (cn && cn.leader) li.appendChild(el("span", "★ ", "star"));
          li.appendChild(nodeRef(c, cn ? pick(cn.label_zh, cn.label_en) : c));
          if (cn && cn.national) {  // placed by the Shenwan alignment and the national data, not by a source
            const tag = el("small", " " + (cn.code || "") + " · " + (cn.industry || "") + " · " + T("全国数据", "national data"), "muted");
            tag.title = T("申万行业对应（全国数据）", "same Shenwan industry as the segment (national data)");
            li.appendChild(tag);
          }
          ul.appendChild(li);
        }
        row.appendChild(ul);
        parts.push(row);
      }
    }
    if (focusFacts) {
      const rel = splitGroups(focusFacts.outgoing, "curated").filter((g) => !/segmentOf$/.test(g.predicate));
      if (rel.length) { parts.push(el("h3", T("关系", "Relations"))); parts.push(factsList(rel, true)); }
      const curated = (focusFacts.citations || []).filter((c) => c.curation !== "extracted");
      if (curated.length) { parts.push(el("h3", T("来源", "Source"))); curated.forEach((c) => parts.push(citationEl(c))); }
    }
    parts.push(el("p", T("单击节点或关系查看事实与来源。", "Click a node or a relation for its facts and sources."), "muted"));
    if (mine === panelSeq) panelBody.replaceChildren(...parts);
  }
  function selectNode(id, focus) {
    if (!nodes.get(id)) return;
    const n = nodes.get(id);
    if (hidden.has(n.group)) {
      hidden.delete(n.group);
      view.refresh();
      refreshCounts();
    }
    network.selectNodes([id]);
    if (focus) network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: { duration: 300 } });
    state.node = id;
    syncUrl();
    showNode(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) { state.node = params.nodes[0]; syncUrl(); showNode(params.nodes[0]); }
    else if (params.edges.length) showEdge(params.edges[0]);
    else if (state.node) { state.node = ""; syncUrl(); showOverview(); }
  });

  // -- expanding a node in place ---------------------------------------------------------------
  async function expandNode(id) {
    if (expanded.has(id)) return;
    expanded.add(id);
    setStatus(T("展开中…", "Expanding…"));
    const u = new URL(data.urls.json, location.href);
    u.searchParams.delete("expand");
    for (const e of expanded) u.searchParams.append("expand", e);
    let more;
    try { more = await fetchJson(u.pathname + u.search); } catch (err) {
      expanded.delete(id);
      setStatus(T("无法展开：", "Cannot expand: ") + err.message);
      return;
    }
    Object.assign(data.relations, more.relations);
    Object.assign(data.edge_styles, more.edge_styles);
    const anchor = network.getPosition(id);
    const fresh = more.nodes.filter((n) => !nodes.get(n.id));
    const layered = !(options.physics && options.physics.enabled);
    fresh.forEach((n, i) => {
      if (!layered || n.x === undefined) {
        const a = (2 * Math.PI * i) / Math.max(1, fresh.length), r = 160 + 8 * fresh.length;
        n.x = anchor.x + r * Math.cos(a); n.y = anchor.y + r * Math.sin(a);
      }
      prepNode(n);
    });
    // Nodes already shown keep their place; their labels and "+N left out" counts are refreshed.
    nodes.update(more.nodes.filter((n) => nodes.get(n.id)).map((n) => prepNode({
      id: n.id, label: n.label, more: n.more || 0, expanded: !!n.expanded, label_zh: n.label_zh,
      label_en: n.label_en, aliases: n.aliases, group: n.group, leader: n.leader, gap: n.gap,
    })));
    nodes.add(fresh);
    edges.add(more.edges.filter((e) => !edges.get(e.id)).map(prepEdge));
    syncUrl();
    const left = more.omitted_by_expansion ? T(" · 另有 " + more.omitted_by_expansion + " 个未显示", " · " + more.omitted_by_expansion + " left out") : "";
    if (!layered && fresh.length) {
      network.setOptions({ physics: { enabled: true } });
      network.stabilize(Math.min(200, 60 + fresh.length));
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({ physics: { enabled: false } });
        setStatus(counts() + " · +" + fresh.length + left);
      });
    } else {
      setStatus(counts() + " · +" + fresh.length + left);
    }
    buildLegend();
    document.body.dataset.expanded = String(expanded.size);
  }
  network.on("doubleClick", function (params) {
    if (params.nodes.length) expandNode(params.nodes[0]);
  });

  // -- find in view ----------------------------------------------------------------------------
  const find = document.getElementById("find");
  const findList = document.getElementById("find-results");
  let findTimer = null, findSeq = 0;
  function localMatches(q) {
    const needle = q.toLowerCase();
    return nodes.get({
      filter: (n) => [n.label_zh, n.label_en].concat(n.aliases || []).some((s) => s && s.toLowerCase().includes(needle)),
    }).slice(0, 8);
  }
  function renderFind(items) {
    findList.replaceChildren();
    for (const it of items) {
      const li = el("li");
      const a = link(it.label, it.href);
      a.appendChild(el("small", " " + it.note));
      a.addEventListener("click", function (ev) {
        if (it.inView) { ev.preventDefault(); selectNode(it.id, true); findList.hidden = true; }
      });
      li.appendChild(a);
      findList.appendChild(li);
    }
    findList.hidden = items.length === 0;
  }
  find.addEventListener("input", function () {
    clearTimeout(findTimer);
    const q = find.value.trim();
    if (!q) { renderFind([]); return; }
    const local = localMatches(q).map((n) => ({ id: n.id, label: pick(n.label_zh, n.label_en), note: className(n.group) + T(" · 在图中", " · in view"), inView: true, href: localHref(n.id) }));
    renderFind(local);
    findTimer = setTimeout(async function () {
      const mine = ++findSeq;
      const u = new URL(data.urls.search, location.href);
      u.searchParams.set("q", q); u.searchParams.set("limit", "8");
      let res;
      try { res = await fetchJson(u.pathname + u.search); } catch (err) { return; }
      if (mine !== findSeq) return;
      const seen = new Set(local.map((l) => l.id));
      const remote = res.results.filter((h) => !seen.has(h.iri)).map((h) => ({
        id: h.iri, label: pick(h.label, h.label_en), inView: !!nodes.get(h.iri),
        note: className(h["class"]) + (nodes.get(h.iri) ? T(" · 在图中", " · in view") : T(" · 不在图中", " · not in view")) +
          (h.matched !== h.label ? " · " + h.matched : ""),
        href: h.url,
      }));
      renderFind(local.concat(remote).slice(0, 10));
    }, 150);
  });
  find.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { findList.hidden = true; return; }
    if (ev.key === "Enter") {
      ev.preventDefault();
      const first = findList.querySelector("a");
      if (first) first.click();
    }
  });
  document.addEventListener("click", function (ev) { if (!findList.contains(ev.target) && ev.target !== find) findList.hidden = true; });

  // -- toolbar ---------------------------------------------------------------------------------
  document.getElementById("fit").addEventListener("click", () => fitView(true));
  const relayout = document.getElementById("relayout");
  if (relayout) relayout.addEventListener("click", function () {
    setStatus(T("布局中…", "Laying out…"));
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(options.physics.stabilization.iterations);
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      fitView(true);
      setStatus(counts());
    });
  });
  document.getElementById("fullscreen").addEventListener("click", function () {
    const wrap = document.getElementById("view-body");
    if (document.fullscreenElement) document.exitFullscreen(); else if (wrap.requestFullscreen) wrap.requestFullscreen();
  });
  document.addEventListener("fullscreenchange", () => setTimeout(() => { network.redraw(); fitView(false); }, 100));
  function fileName(ext) {
    const base = (data.kind + "-" + (data.key || "view")).replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 80);
    return base + ext;
  }
  function download(blob, name) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  document.getElementById("png").addEventListener("click", function () {
    const canvas = container.querySelector("canvas");
    network.redraw();
    canvas.toBlob((blob) => download(blob, fileName(".png")), "image/png");
  });
  document.getElementById("gexf").addEventListener("click", async function () {  // the nodes shown, where they are
    const ids = view.getIds();
    const pos = network.getPositions(ids);
    const body = { title: data.title, name: fileName(""), nodes: ids.map((id) => ({ id: id, x: pos[id] ? pos[id].x : null, y: pos[id] ? pos[id].y : null })) };
    setStatus(T("导出中…", "Exporting…"));
    const res = await fetch(data.urls.gexf_post, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) { setStatus(T("导出失败：", "Export failed: ") + res.status); return; }
    download(await res.blob(), fileName(".gexf"));
    setStatus(counts());
  });
  document.getElementById("share").addEventListener("click", async function () {
    syncUrl();
    const btn = this;
    const label = btn.textContent;
    try { await navigator.clipboard.writeText(location.href); btn.textContent = T("已复制", "Copied"); }
    catch (err) { window.prompt(T("复制链接", "Copy this link"), location.href); }
    setTimeout(() => { btn.textContent = label; }, 2000);
  });

  showOverview();
  syncUrl();
})();
