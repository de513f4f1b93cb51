// Draws query results as a network with the vis-network the app serves (never a CDN).
// Used by the example pages (/queries/<name>, data in #network-data) and by the query editor
// (window.ChainkgQueryNetwork.fromResults). Labels go in as text, never as HTML.
(function () {
  "use strict";
  const RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";

  function short(iri, prefixes) {
    let best = null;
    for (const [p, ns] of Object.entries(prefixes || {})) {
      if (iri.startsWith(ns) && (best === null || ns.length > prefixes[best].length)) best = p;
    }
    return best === null ? iri : best + ":" + iri.slice(prefixes[best].length);
  }

  // SELECT ?source ?target [?sourceLabel ?targetLabel ?relation|?label|?weight], or CONSTRUCT triples
  // (YASR gives them as ?subject ?predicate ?object): nodes and edges, or null if neither shape.
  function fromResults(vars, bindings, prefixes) {
    const nodes = new Map();
    const edges = [];
    const value = (b, k) => (b[k] ? b[k].value : undefined);
    function node(id, label) {
      if (!nodes.has(id)) nodes.set(id, { id: id, label: label || short(id, prefixes) });
      else if (label) nodes.get(id).label = label;
    }
    if (vars.includes("source") && vars.includes("target")) {
      for (const b of bindings) {
        const s = value(b, "source"), t = value(b, "target");
        if (!s || !t) continue;
        node(s, value(b, "sourceLabel"));
        node(t, value(b, "targetLabel"));
        edges.push({ from: s, to: t, label: value(b, "relation") || value(b, "label") || value(b, "weight") || "" });
      }
    } else if (vars.includes("subject") && vars.includes("predicate") && vars.includes("object")) {
      const labels = new Map();
      for (const b of bindings) {
        const s = b.subject, p = b.predicate, o = b.object;
        if (!s || !p || !o) continue;
        if (p.value === RDFS_LABEL && o.type !== "uri") {
          if (!labels.has(s.value) || o["xml:lang"] === "zh") labels.set(s.value, o.value);
          continue;
        }
        if (o.type !== "uri" && o.type !== "bnode") continue;
        node(s.value); node(o.value);
        edges.push({ from: s.value, to: o.value, label: short(p.value, prefixes) });
      }
      for (const [id, label] of labels) if (nodes.has(id)) nodes.get(id).label = label;
    } else {
      return null;
    }
    return { nodes: Array.from(nodes.values()), edges: edges };
  }

  function render(container, data) {
    const options = {
      nodes: { shape: "dot", size: 12, font: { size: 14 } },
      edges: { arrows: "to", font: { size: 11, align: "middle" }, smooth: { type: "dynamic" } },
      physics: { stabilization: { iterations: 200 } },
      interaction: { hover: true },
    };
    const network = new vis.Network(container, { nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) }, options);
    network.once("stabilizationIterationsDone", () => network.setOptions({ physics: { enabled: false } }));
    container.dataset.nodes = String(data.nodes.length);
    container.dataset.edges = String(data.edges.length);
    return network;
  }

  window.ChainkgQueryNetwork = { fromResults: fromResults, render: render };

  const embedded = document.getElementById("query-network-data");
  if (embedded) {
    window.chainkgQueryNetwork = render(document.getElementById("query-network"), JSON.parse(embedded.textContent));
  }
})();
