"""Real SPARQL clients that nobody here wrote, against ``chainkg serve``: SPARQLWrapper (every return
format, GET and POST), rdflib's ``SPARQLStore`` as a Graph and as a Dataset, and a Node.js client
(``fetch-sparql-endpoint`` from npm, installed by ``make test`` into tests/node).

Each client sends what it sends in the wild: SPARQLWrapper puts ``format=``/``output=`` beside its
Accept header, rdflib names ``urn:x-rdflib:default`` as the default graph, the Node client asks
with ``Accept`` lists that carry q-values.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import pytest
import rdflib
from conftest import ROOT, LiveServer
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

CHAINS = """PREFIX ckg: <https://w3id.org/chainkg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?chain ?label WHERE { ?chain a ckg:IndustryChain ; rdfs:label ?label FILTER(lang(?label) = "zh") }
ORDER BY ?label"""
COMPANIES = """PREFIX ckg: <https://w3id.org/chainkg/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a ckg:Company ; rdfs:label ?l }"""
NODE = ROOT / "tests" / "node"


def wrapper(server: LiveServer, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    w = SPARQLWrapper(server.url + "/sparql")
    w.setQuery(query)
    w.setReturnFormat(fmt)
    w.setMethod(method)
    return w


@pytest.mark.parametrize("method", ["GET", POST])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select(live_server: LiveServer, fmt: str, method: str) -> None:
    result = wrapper(live_server, CHAINS, fmt, method).query()
    data = result.convert()
    if fmt == JSON:
        labels = [b["label"]["value"] for b in data["results"]["bindings"]]
    elif fmt == XML:
        labels = [n.firstChild.nodeValue for n in data.getElementsByTagName("literal")]
    else:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        labels = [line.split("," if fmt == CSV else "\t")[-1].strip().strip('"').split('"@')[0]
                  for line in text.splitlines()[1:] if line.strip()]
    assert sorted(labels) == ["先进合金材料产业链", "光电产业链", "铝基新材料产业链"]


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_ask(live_server: LiveServer, fmt: str) -> None:
    w = wrapper(live_server, "ASK { <https://w3id.org/chainkg/id/company/603993.SH> ?p ?o }", fmt)
    data = w.query().convert()
    if fmt == JSON:
        assert data["boolean"] is True
    elif fmt == XML:
        assert data.getElementsByTagName("boolean")[0].firstChild.nodeValue == "true"
    else:
        assert b"true" in (data if isinstance(data, bytes) else data.encode())


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, XML, JSONLD, JSON])
def test_sparqlwrapper_construct(live_server: LiveServer, fmt: str) -> None:
    data = wrapper(live_server, COMPANIES, fmt).query().convert()
    if not isinstance(data, rdflib.Graph):
        raw = data if isinstance(data, bytes | str) else json.dumps(data)
        parse_as = {TURTLE: "turtle", N3: "n3", JSONLD: "json-ld", JSON: "json-ld"}[fmt]
        data = rdflib.Graph().parse(data=raw, format=parse_as)
    labels = {str(o) for o in data.objects()}
    assert "洛阳钼业" in labels


def test_rdflib_sparqlstore_as_a_graph(live_server: LiveServer) -> None:
    g = rdflib.Graph(store=SPARQLStore(live_server.url + "/sparql", returnFormat="json"))
    rows = list(g.query(CHAINS))
    assert "铝基新材料产业链" in {str(r.label) for r in rows}
    cmoc = rdflib.URIRef("https://w3id.org/chainkg/id/company/603993.SH")
    assert (cmoc, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/chainkg/def#Company")) in g
    assert len(list(g.triples((cmoc, rdflib.RDFS.label, None)))) >= 1


def test_rdflib_sparqlstore_as_a_dataset(live_server: LiveServer) -> None:
    ds = rdflib.Dataset(store=SPARQLStore(live_server.url + "/sparql", returnFormat="json"))
    rows = list(ds.query(CHAINS))  # rdflib sends default-graph-uri=urn:x-rdflib:default
    assert "铝基新材料产业链" in {str(r.label) for r in rows}
    graphs = {str(r[0]) for r in ds.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert "https://w3id.org/chainkg/graph/region-luoyang" in graphs


def test_node_client(live_server: LiveServer) -> None:
    node = shutil.which("node")
    if node is None or not (NODE / "node_modules" / "fetch-sparql-endpoint").is_dir():
        pytest.fail("the Node client is not installed: `make test` runs `npm ci` in tests/node")
    # the client sends its queries without PREFIX lines: the endpoint predeclares ckg: and rdfs:
    result = subprocess.run([node, "client.mjs", live_server.url + "/sparql"], cwd=NODE, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert "铝基新材料产业链" in {r["label"] for r in out["select"]}
    assert out["ask"] is True
    assert "洛阳钼业" in {t[2] for t in out["construct"]}


def test_csv_from_sparqlwrapper_is_the_engine_csv(live_server: LiveServer) -> None:
    """CSV results are the SPARQL 1.1 CSV format (no BOM: that is for the spreadsheet downloads)."""
    data = wrapper(live_server, CHAINS, CSV).query().convert()
    raw = data if isinstance(data, bytes) else data.encode()
    assert raw.startswith(b"chain,label\r\n")
    assert io.BytesIO(raw).read(3) != b"\xef\xbb\xbf"
