// A real third-party SPARQL client (fetch-sparql-endpoint) against a chainkg endpoint.
// usage: node client.mjs ENDPOINT  -> prints one JSON object with what each query gave
import { SparqlEndpointFetcher } from 'fetch-sparql-endpoint';

const endpoint = process.argv[2];
const fetcher = new SparqlEndpointFetcher({ timeout: 20000 });
const out = {};

const bindings = await fetcher.fetchBindings(endpoint,
  'SELECT ?chain ?label WHERE { ?chain a ckg:IndustryChain ; rdfs:label ?label FILTER(lang(?label) = "zh") } ORDER BY ?label');
out.select = [];
for await (const b of bindings) out.select.push({ chain: b.chain.value, label: b.label.value });

out.ask = await fetcher.fetchAsk(endpoint, 'ASK { <https://w3id.org/chainkg/id/company/603993.SH> a ckg:Company }');

const triples = await fetcher.fetchTriples(endpoint,
  'CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a ckg:Company ; rdfs:label ?l }');
out.construct = [];
for await (const t of triples) out.construct.push([t.subject.value, t.predicate.value, t.object.value]);

console.log(JSON.stringify(out));
