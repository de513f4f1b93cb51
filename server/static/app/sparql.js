// The query editor: YASGUI served by the app, with its outbound look-ups switched off
// (see static/vendor/YASGUI-OFFLINE.md): no LOV, no prefix.cc, only our endpoint.
(function () {
  "use strict";
  const cfg = JSON.parse(document.getElementById("sparql-config").textContent);
  const endpoint = new URL(cfg.endpoint, location.href).href;
  const Yasqe = Yasgui.Yasqe;
  Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  Yasqe.Autocompleters.class.get = () => [];
  Yasqe.Autocompleters.property.get = () => [];
  Yasqe.defaults.prefixCcApi = null;
  Yasqe.Autocompleters.prefixes.get = Object.entries(cfg.prefixes).map(([p, iri]) => `${p}: <${iri}>`).sort();
  const header = Object.entries(cfg.prefixes).filter(([p]) => ["ckg", "id", "rdfs", "skos", "qb", "sdmx-measure"].includes(p))
    .map(([p, iri]) => `PREFIX ${p}: <${iri}>`).join("\n");
  window.yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    copyEndpointOnNewTab: true,
    populateFromUrl: false,
    persistenceId: null,
    yasqe: { value: header + "\n\nSELECT ?chain ?label WHERE {\n  ?chain a ckg:IndustryChain ; rdfs:label ?label .\n} LIMIT 50" },
    yasr: { prefixes: cfg.prefixes },
  });
})();
