// Draws the network of a gap analysis: the focus industries, the industries the region
// already has (强链) and the missing ones (补链), which stand out. Labels are set as text.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("gap-data").textContent);
  const en = document.documentElement.lang === "en";
  function T(zh, enText) { return en ? enText : zh; }
  const colors = { focus: "#d62728", present: "#2ca02c", gap: "#ff7f0e" };
  const nodes = data.nodes.map(function (n) {
    const gap = n.status === "gap";
    return {
      id: n.id, label: (gap && n.rank ? "#" + n.rank + " " : "") + n.label,
      title: n.label + " · " + n.notation + " · " + T("本地 " + n.local + " / 外地 " + n.elsewhere,
        n.local + " local / " + n.elsewhere + " elsewhere"),
      color: { background: gap ? "#ffffff" : colors[n.status], border: colors[n.status] || "#999" },
      borderWidth: gap ? 3 : 1, shapeProperties: { borderDashes: gap ? [6, 4] : false },
      shape: n.status === "focus" ? "box" : "dot", size: gap ? 12 + Math.min(20, (n.score || 0) / 2) : 14,
      font: { color: gap ? "#b35900" : "#222" },
    };
  });
  // Only the tie that brings each industry one hop closer to the focus, the strongest one:
  // with all 1,000+ links among 60 industries the picture is a hairball.
  const distance = {};
  data.nodes.forEach(function (n) { distance[n.id] = n.distance || 0; });
  const best = {};
  data.edges.forEach(function (e) {
    [[e.source, e.target], [e.target, e.source]].forEach(function (pair) {
      const far = pair[0], near = pair[1];
      if (distance[far] > 0 && distance[near] === distance[far] - 1 && (!best[far] || best[far].weight < e.weight)) {
        best[far] = e;
      }
    });
  });
  const kept = Object.values(best);
  const edges = kept.map(function (e, i) {
    return { id: "e" + i, from: e.source, to: e.target, arrows: "to", value: e.weight, title: String(e.weight),
             color: { color: "#bbbbbb" } };
  });
  const network = new vis.Network(document.getElementById("gap-network"),
    { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) },
    { physics: { solver: "forceAtlas2Based", stabilization: { iterations: 300 } },
      edges: { scaling: { min: 1, max: 6 }, smooth: false }, interaction: { hover: true } });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    document.body.dataset.settled = "true";
  });
  // white behind the network, so that the PNG is not transparent
  network.on("beforeDrawing", function (ctx) {
    ctx.save(); ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height); ctx.restore();
  });
  const png = document.getElementById("gap-png");
  if (png) png.addEventListener("click", function () {
    const canvas = document.querySelector("#gap-network canvas");
    network.redraw();
    canvas.toBlob(function (blob) {
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "gaps.png";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
    }, "image/png");
  });
  network.on("doubleClick", function (p) {
    if (p.nodes.length) location.href = "/id/" + p.nodes[0].split("/id/")[1];
  });
  window.chainkgNetwork = network;
})();
