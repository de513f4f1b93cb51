"""Pages for people: the home dashboard, entity pages (with RDF twins), search, sources.

Every entity IRI ``https://w3id.org/chainkg/id/{kind}/{key}`` is served at
``/id/{kind}/{key}``: HTML for a browser, Turtle / JSON-LD / N-Triples /
RDF/XML by content negotiation, and ``.ttl`` / ``.jsonld`` / ``.nt`` / ``.json``
twins of the same URL (Datasette style: every page addressable, with a
machine-readable twin).
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for

from chainkg.graph.describe import describe
from chainkg.graph.projection import list_entities
from chainkg.graph.query import select_dicts
from chainkg.graph.search import search_index
from chainkg.graph.stats import graph_stats
from chainkg.ontology.namespaces import CKG, ID_BASE, PREFIXES
from chainkg.server.app import request_store
from chainkg.server.rdfout import GRAPH_MEDIA, SUFFIX_MEDIA, content_type, negotiate_rdf, serialize_triples

bp = Blueprint("pages", __name__)

CLASS_LABELS = {
    "Company": ("企业", "Companies"), "IndustryChain": ("产业链", "Industry chains"),
    "ChainSegment": ("产业链环节", "Chain segments"), "IndustryCluster": ("产业集群", "Clusters"),
    "Sector": ("产业领域", "Sectors"), "Industry": ("行业", "Industries"), "Policy": ("政策举措", "Policies"),
    "Project": ("项目", "Projects"), "Region": ("行政区", "Regions"), "Designation": ("称号", "Designations"),
    "Organization": ("机构", "Organizations"),
}


def entity_url(iri: str, **params: str) -> str:
    """The local URL of an entity page, or the IRI itself if it is not one of ours."""
    if iri.startswith(ID_BASE):
        return url_for("pages.entity", path=iri[len(ID_BASE):], **params)
    return iri


@bp.app_context_processor
def _helpers() -> dict:
    return {"entity_url": entity_url, "CLASS_LABELS": CLASS_LABELS, "lang": request.args.get("lang", "zh")}


def chain_ranking() -> list[dict]:
    """Chains and clusters with their latest scale statistic, largest first."""
    ckg = str(CKG)
    rows = select_dicts(
        request_store(),
        f"""SELECT ?x ?class ?label ?value ?unit ?mult ?period ?bound WHERE {{
              VALUES ?class {{ <{ckg}IndustryChain> <{ckg}IndustryCluster> }} ?x a ?class ; rdfs:label ?label .
              FILTER(lang(?label) = "zh")
              OPTIONAL {{ ?o ckg:subject ?x ; ckg:metric/rdfs:label ?m ; sdmx-measure:obsValue ?value ;
                           sdmx-attribute:unitMult ?mult .
                          FILTER(CONTAINS(STR(?m), "规模"))
                          OPTIONAL {{ ?o ckg:unitLabel ?unit }} OPTIONAL {{ ?o ckg:periodLabel ?period }}
                          OPTIONAL {{ ?o ckg:valueBound/rdfs:label ?bound FILTER(lang(?bound) = "zh") }} }}
            }}""",
    )
    best: dict[str, dict] = {}
    for r in rows:
        scale = float(r["value"]) * 10 ** int(r["mult"]) if "value" in r else None
        cur = best.get(r["x"])
        if cur is None or (scale or 0) > (cur["scale"] or 0):
            best[r["x"]] = {**r, "scale": scale, "class": r["class"].rsplit("#", 1)[-1]}
    return sorted(best.values(), key=lambda r: (-(r["scale"] or 0), r["label"]))


@bp.get("/")
def home() -> str:
    store = request_store()
    stats = graph_stats(store)
    counts = [c for c in stats["classes"] if c["class"].rsplit("#", 1)[-1] in CLASS_LABELS]
    ranking = chain_ranking()
    top = max((r["scale"] or 0 for r in ranking), default=0) or 1
    clusters = []
    for cluster in list_entities(store, "IndustryCluster"):
        members = select_dicts(store, f"""SELECT DISTINCT ?x ?label WHERE {{ ?x ckg:partOfCluster <{cluster['iri']}> ;
                                            rdfs:label ?label FILTER(lang(?label) = "zh") }} ORDER BY ?label""")
        clusters.append({**cluster, "members": members})
    return render_template("home.html", stats=stats, counts=counts, ranking=ranking, top=top,
                           clusters=clusters, sources=store.sources())


def _entity_triples(iri: str) -> ox.QueryTriples:
    return request_store().ox.query(
        f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}",
        use_default_graph_as_union=True,
    )


@bp.get("/id/<path:path>")
def entity(path: str) -> Response | str:
    store = request_store()
    iri = ID_BASE + path
    twin = None
    if "." in path:
        stem, suffix = path.rsplit(".", 1)
        if suffix in SUFFIX_MEDIA or suffix == "json":
            if describe(store, ID_BASE + stem) is not None or describe(store, iri) is None:
                iri, twin = ID_BASE + stem, suffix
    if twin == "json":
        facts = describe(store, iri)
        if facts is None:
            abort(404, description=f"no entity <{iri}> in this graph")
        return jsonify(facts)
    media = SUFFIX_MEDIA[twin] if twin else negotiate_rdf(request, GRAPH_MEDIA)
    if media is not None:
        if describe(store, iri) is None:
            abort(404, description=f"no entity <{iri}> in this graph")
        body = serialize_triples(_entity_triples(iri), media)
        response = Response(body, content_type=content_type(media))
        response.headers["Vary"] = "Accept"
        return response
    facts = describe(store, iri)
    if facts is None:
        abort(404, description=f"no entity <{iri}> in this graph")
    response = Response(render_template("entity.html", e=facts, path=path, prefixes=PREFIXES))
    response.headers["Vary"] = "Accept"
    return response


@bp.get("/search")
def search() -> Response | str:
    q = request.args.get("q", "").strip()[:200]
    classes = set(request.args.getlist("class")) or None
    limit = min(max(request.args.get("limit", 20, type=int) or 20, 1), 100)
    hits = search_index(request_store()).search(q, limit=limit, classes=classes) if q else []
    for h in hits:
        h["url"] = entity_url(h["iri"])
    if request.args.get("format") == "json" or request.path.endswith(".json"):
        return jsonify(query=q, results=hits)
    if len(hits) == 1 and request.args.get("go"):
        return redirect(hits[0]["url"])
    return render_template("search.html", q=q, hits=hits)


bp.add_url_rule("/search.json", view_func=search, endpoint="search_json")


@bp.get("/browse/<class_name>")
def browse(class_name: str) -> str:
    if class_name not in CLASS_LABELS:
        abort(404, description=f"unknown class '{class_name}'")
    return render_template("browse.html", class_name=class_name,
                           items=list_entities(request_store(), class_name))


@bp.get("/sources")
def sources() -> Response | str:
    items = request_store().sources()
    if request.args.get("format") == "json":
        return jsonify([s.__dict__ for s in items])
    return render_template("sources.html", sources=items)
