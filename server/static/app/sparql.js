// The query editor: YASGUI served by the app, with its outbound look-ups switched off
// (see static/vendor/YASGUI-OFFLINE.md): no LOV, no prefix.cc, only our endpoint.
// The endpoint predeclares the project's prefixes, so queries open without PREFIX lines (the
// page lists them above the editor) and the editor does not add them as one types ckg:…;
// the example gallery opens a question in a new tab and runs it; a truncated result shows a
// notice (the server's X-Chainkg-Truncated header); result IRIs of this graph link to their
// entity pages here, not to w3id.org; results with ?source ?target, or a CONSTRUCT, are also
// drawn as a network.
(function () {
  "use strict";
  const cfg = JSON.parse(document.getElementById("sparql-config").textContent);
  const endpoint = new URL(cfg.endpoint, location.href).href;  // absolute: YASGUI calls new URL() on it
  const Yasqe = Yasgui.Yasqe;
  // 1. No LOV: remove the class/property completers from the static defaults (lodash merge cannot
  //    remove array items from a config) and make their fetchers inert.
  Yasqe.defaults.autocompleters = ["variables"];  // the prefix completer writes PREFIX lines into the query
  Yasqe.Autocompleters.class.get = () => [];
  Yasqe.Autocompleters.property.get = () => [];
  // 2. No prefix.cc: our own prefixes instead of any remote list.
  Yasqe.defaults.prefixCcApi = null;
  Yasqe.Autocompleters.prefixes.get = Object.entries(cfg.prefixes).map(([p, iri]) => `${p}: <${iri}>`).sort();

  const en = cfg.lang === "en";
  const starter = (en ? "# Industry chains and their names\n" : "# 产业链及其中文名\n") +
    "SELECT ?chain ?label WHERE {\n  ?chain a ckg:IndustryChain ; rdfs:label ?label .\n  FILTER(lang(?label) = \"" +
    (en ? "en" : "zh") + "\")\n} LIMIT 50";
  Yasqe.defaults.value = starter;

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    copyEndpointOnNewTab: true,
    populateFromUrl: false,
    persistenceId: null,
    tabName: en ? "Query" : "查询",
    yasqe: { value: starter },
    yasr: { prefixes: cfg.prefixes },
  });
  window.yasgui = yasgui;

  // IRIs of this graph (https://w3id.org/chainkg/id/…) open their page on this service; YASR's table
  // draws rows as it pages and sorts, so links are rewritten whenever rows appear.
  const ID_BASE = cfg.prefixes.id;
  function localLinks(root) {
    for (const a of root.querySelectorAll('a[href^="' + ID_BASE + '"]')) {
      a.href = cfg.entity_base + a.getAttribute("href").slice(ID_BASE.length);
      a.removeAttribute("target");
      a.dataset.local = "true";
    }
  }
  const yasguiEl = document.getElementById("yasgui");
  new MutationObserver(() => localLinks(yasguiEl)).observe(yasguiEl, { childList: true, subtree: true });

  const notice = document.getElementById("truncated");
  const panel = document.getElementById("network-panel");
  const netEl = document.getElementById("query-network");
  let network = null;

  function drawNetwork(tab) {
    const yasr = tab.getYasr();
    const results = yasr && yasr.results;
    let data = null;
    if (results && !results.hasError()) {
      try {
        data = window.ChainkgQueryNetwork.fromResults(results.getVariables() || [], results.getBindings() || [], cfg.prefixes);
      } catch (e) { data = null; }
    }
    if (network) { network.destroy(); network = null; }
    if (!data || !data.edges.length) { panel.hidden = true; return; }
    panel.hidden = false;
    network = window.ChainkgQueryNetwork.render(netEl, data);
  }

  const hooked = new WeakSet();
  function hook(tab) {
    const yasqe = tab && tab.getYasqe();
    if (!yasqe || hooked.has(yasqe)) return;
    hooked.add(yasqe);
    yasqe.on("queryResponse", (_instance, response) => {
      const truncated = !!(response && response.headers && response.headers.get &&
        response.headers.get("X-Chainkg-Truncated") === "true");
      notice.hidden = !truncated;
      document.body.dataset.truncated = String(truncated);
      setTimeout(() => { drawNetwork(tab); document.body.dataset.queryDone = String(Date.now()); }, 0);
    });
  }
  hook(yasgui.getTab());
  yasgui.on("tabSelect", () => setTimeout(() => hook(yasgui.getTab()), 0));
  yasgui.on("tabAdd", () => setTimeout(() => hook(yasgui.getTab()), 0));

  function openExample(name) {
    const ex = cfg.examples.find((e) => e.name === name);
    if (!ex) return;
    const tab = yasgui.addTab(true, { name: en && ex.title_en ? ex.title_en : ex.title_zh });
    hook(tab);
    tab.setQuery(ex.query);
    tab.query().catch(() => {});  // errors are shown by YASR
    history.replaceState(null, "", "?example=" + encodeURIComponent(name));
  }

  for (const a of document.querySelectorAll("#example-list a.example")) {
    a.addEventListener("click", (ev) => { ev.preventDefault(); openExample(a.dataset.name); });
  }
  if (cfg.example) {
    openExample(cfg.example);
  } else if (cfg.query) {
    const tab = yasgui.getTab();
    tab.setQuery(cfg.query);
  }
})();
