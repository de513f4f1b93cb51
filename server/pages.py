"""Pages for people: the home dashboard, entity pages (with RDF twins), search, sources.

Every entity IRI ``https://w3id.org/chainkg/id/{kind}/{key}`` is served at
``/id/{kind}/{key}``: HTML for a browser, Turtle / JSON-LD / N-Triples /
RDF/XML by content negotiation, and ``.ttl`` / ``.jsonld`` / ``.nt`` / ``.json``
twins of the same URL (Datasette style: every page addressable, with a
machine-readable twin). Pages are Chinese by default; ``?lang=en`` shows English
labels where the data has them.

Static files are linked with ``asset()``, which adds a content hash
(``?v=…``): a browser then keeps them for a year and asks again only when a
file changes, so vis-network is downloaded once, not with every page.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for

from chainkg.graph.describe import describe
from chainkg.graph.projection import ENTITY_CLASSES, list_entities
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
CLASS_SINGULAR = {
    "Company": "Company", "IndustryChain": "Industry chain", "ChainSegment": "Chain segment",
    "IndustryCluster": "Industry cluster", "Sector": "Sector", "Industry": "Industry", "Policy": "Policy",
    "Project": "Project", "Region": "Region", "Designation": "Designation", "Organization": "Organization",
}
#: Facts listed per relation on an entity page before "… and N more" (the neighbourhood view shows all).
FACTS_PER_GROUP = 100
ASSET_MAX_AGE = 365 * 24 * 3600


def entity_url(iri: str, **params: str) -> str:
    """The local URL of an entity page, or the IRI itself if it is not one of ours."""
    if iri.startswith(ID_BASE):
        return url_for("pages.entity", path=iri[len(ID_BASE):], **params)
    return iri


def safe_href(url: str | None) -> str | None:
    """``url`` if it may be a link (http, https or a path of this app), else None: no javascript: URLs."""
    if not url:
        return None
    if url.startswith(("http://", "https://")) or (url.startswith("/") and not url.startswith("//")):
        return url
    return None


@lru_cache(maxsize=256)
def _asset_version(path: str) -> str:
    return hashlib.sha1(path.encode() + Path(path).read_bytes()).hexdigest()[:10] if Path(path).is_file() else "0"


def asset(filename: str) -> str:
    """URL of a static file with a content hash, so it can be cached for a year."""
    folder = current_app.static_folder or ""
    return url_for("static", filename=filename, v=_asset_version(str(Path(folder) / filename)))


def query(**changes: str | None) -> str:
    """The current query string with some parameters changed (None removes one)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k not in changes]
    args += [(k, v) for k, v in changes.items() if v is not None]
    return urlencode(args)


@bp.app_context_processor
def _helpers() -> dict:
    lang = "en" if request.args.get("lang") == "en" else "zh"
    return {"entity_url": entity_url, "CLASS_LABELS": CLASS_LABELS, "CLASS_SINGULAR": CLASS_SINGULAR, "lang": lang,
            "asset": asset,
            "query": query, "safe_href": safe_href}


@bp.after_app_request
def _cache_assets(response: Response) -> Response:
    """Versioned static files (``?v=`` from ``asset()``) never change: cache them for a year."""
    if request.path.startswith("/static/") and request.args.get("v") and response.status_code == 200:
        response.cache_control.max_age = ASSET_MAX_AGE
        response.cache_control.public = True
        response.cache_control.immutable = True
    return response


def _scale(r: dict) -> float | None:
    try:
        return float(r["value"]) * 10 ** int(r.get("mult") or 0)
    except (KeyError, ValueError):
        return None


def chain_ranking() -> list[dict]:
    """Chains and clusters with their largest scale statistic (产业链规模, 集群规模 …), largest first."""
    ckg = str(CKG)
    rows = select_dicts(
        request_store(),
        f"""SELECT ?x ?class ?label ?label_en ?value ?unit ?mult ?period ?end ?bound ?bound_en ?status ?obs WHERE {{
              VALUES ?class {{ <{ckg}IndustryChain> <{ckg}IndustryCluster> }} ?x a ?class ; rdfs:label ?label .
              FILTER(lang(?label) = "zh")
              OPTIONAL {{ ?x rdfs:label ?label_en FILTER(lang(?label_en) = "en") }}
              OPTIONAL {{ ?obs ckg:subject ?x ; ckg:metric/rdfs:label ?m ; sdmx-measure:obsValue ?value ;
                           sdmx-attribute:unitMult ?mult ; sdmx-attribute:unitMeasure ?u .
                          FILTER(CONTAINS(STR(?m), "规模") && ?u = <{ID_BASE}unit/yuan>)
                          OPTIONAL {{ ?obs ckg:unitLabel ?unit }} OPTIONAL {{ ?obs ckg:periodLabel ?period }}
                          OPTIONAL {{ ?obs ckg:periodEnd ?end }}
                          OPTIONAL {{ ?obs ckg:valueBound/rdfs:label ?bound FILTER(lang(?bound) = "zh") }}
                          OPTIONAL {{ ?obs ckg:valueBound/rdfs:label ?bound_en FILTER(lang(?bound_en) = "en") }}
                          OPTIONAL {{ ?obs ckg:valueStatus/rdfs:label ?status FILTER(lang(?status) = "zh") }} }}
            }}""",
    )
    best: dict[str, dict] = {}

    def rank(r: dict) -> tuple:  # a reported figure before a target or forecast, then the latest, then the largest
        return ("value" in r, "status" not in r, r.get("end", ""), r["scale"] or 0)

    for r in rows:
        r = {**r, "scale": _scale(r), "class": r["class"].rsplit("#", 1)[-1]}
        cur = best.get(r["x"])
        if cur is None or rank(r) > rank(cur):
            best[r["x"]] = r
    return sorted(best.values(), key=lambda r: (-(r["scale"] or 0), r["label"]))


def _view_url(r: dict) -> str:
    kind = "chain" if r["class"] == "IndustryChain" else "cluster"
    return url_for(f"networks.{kind}", key=r["x"].rsplit("/", 1)[-1])


@bp.get("/")
def home() -> str:
    """The dashboard: counts by class, chains by scale, clusters with their chains, sources."""
    store = request_store()
    stats = graph_stats(store)
    counts = [c for c in stats["classes"] if c["class"].rsplit("#", 1)[-1] in CLASS_LABELS]
    ranking = chain_ranking()
    for r in ranking:
        r["url"] = _view_url(r)
    chains = [r for r in ranking if r["class"] == "IndustryChain"]
    top = max((r["scale"] or 0 for r in chains), default=0) or 1
    scale_of = {r["x"]: r for r in ranking}
    ckg = str(CKG)
    members: dict[str, list[dict]] = {}
    for r in select_dicts(store, f"""SELECT DISTINCT ?k ?x ?label ?class WHERE {{
              ?x <{ckg}partOfCluster> ?k ; a ?class ; rdfs:label ?label FILTER(lang(?label) = "zh")
              VALUES ?class {{ {" ".join(f"<{c}>" for c in ENTITY_CLASSES)} }} }} ORDER BY ?label"""):
        r["class"] = ENTITY_CLASSES[r["class"]]
        if not any(m["x"] == r["x"] for m in members.get(r["k"], [])):
            members.setdefault(r["k"], []).append(r)
    for r in select_dicts(store, f"""SELECT DISTINCT ?k ?x ?label WHERE {{ ?x <{ckg}drives> ?k ;
              rdfs:label ?label FILTER(lang(?label) = "zh") ?k a <{ckg}IndustryCluster> }}"""):
        if not any(m["x"] == r["x"] for m in members.get(r["k"], [])):
            members.setdefault(r["k"], []).append({**r, "class": "drives"})
    clusters = []
    for cluster in list_entities(store, "IndustryCluster"):
        ms = members.get(cluster["iri"], [])
        clusters.append({**cluster, "url": url_for("networks.cluster", key=cluster["iri"].rsplit("/", 1)[-1]),
                         "scale": scale_of.get(cluster["iri"]),
                         "chains": [m for m in ms if m["class"] == "IndustryChain"],
                         "members": [m for m in ms if m["class"] != "IndustryChain"]})
    documents = select_dicts(store, """SELECT ?d ?title ?date ?url ?publisher WHERE {
              ?d a ckg:SourceDocument ; dcterms:title ?title . OPTIONAL { ?d dcterms:issued ?date }
              OPTIONAL { ?d schema:url ?url } OPTIONAL { ?d dcterms:publisher ?publisher } }
              ORDER BY DESC(?date) ?title LIMIT 50""")
    sources = [s for s in store.sources() if s.kind != "ontology"]
    return render_template("home.html", stats=stats, counts=counts, chains=chains, top=top,
                           clusters=clusters, sources=sources, documents=documents)


def _exists(iri: str) -> bool:
    node = ox.NamedNode(iri)
    ox_store = request_store().ox
    return (next(iter(ox_store.quads_for_pattern(node, None, None, None)), None) is not None
            or next(iter(ox_store.quads_for_pattern(None, None, node, None)), None) is not None)


def _entity_triples(iri: str) -> ox.QueryTriples:
    return request_store().ox.query(
        f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}",
        use_default_graph_as_union=True,
    )


def entity_views(e: dict) -> list[dict]:
    """The network views an entity appears in: its own map, the maps of the chains and clusters it
    belongs to (opened with the entity selected), and its neighbourhood."""
    iri, cls = e["iri"], e.get("class", "")
    ckg = str(CKG)
    out: list[dict] = []
    key = iri.rsplit("/", 1)[-1]
    if cls == "IndustryChain" and iri.startswith(ID_BASE + "chain/"):
        out.append({"label": "产业链图谱 Chain map", "url": url_for("networks.chain", key=key)})
    if cls == "IndustryCluster" and iri.startswith(ID_BASE + "cluster/"):
        out.append({"label": "集群图谱 Cluster map", "url": url_for("networks.cluster", key=key)})
    rows = select_dicts(request_store(), f"""SELECT DISTINCT ?v ?kind ?label WHERE {{
          {{ <{iri}> <{ckg}segmentOf> ?v BIND("chain" AS ?kind) }}
          UNION {{ <{iri}> <{ckg}participatesIn> ?v . ?v a <{ckg}IndustryChain> BIND("chain" AS ?kind) }}
          UNION {{ <{iri}> <{ckg}participatesIn>/<{ckg}segmentOf> ?v BIND("chain" AS ?kind) }}
          UNION {{ ?v <{ckg}chainLeader> <{iri}> BIND("chain" AS ?kind) }}
          UNION {{ <{iri}> <{ckg}supports> ?v . ?v a <{ckg}IndustryChain> BIND("chain" AS ?kind) }}
          UNION {{ <{iri}> <{ckg}partOfCluster> ?v . ?v a <{ckg}IndustryCluster> BIND("cluster" AS ?kind) }}
          UNION {{ <{iri}> <{ckg}drives> ?v . ?v a <{ckg}IndustryCluster> BIND("cluster" AS ?kind) }}
          ?v rdfs:label ?label FILTER(lang(?label) = "zh") }} ORDER BY ?kind ?label""")
    for r in rows:
        if not r["v"].startswith(ID_BASE + r["kind"] + "/"):
            continue
        name = "产业链图谱" if r["kind"] == "chain" else "集群图谱"
        out.append({"label": f"{name}：{r['label']}",
                    "url": url_for(f"networks.{r['kind']}", key=r["v"].rsplit("/", 1)[-1], node=iri)})
    out.append({"label": "关系图 Neighbourhood", "url": url_for("networks.explore", iri=iri)})
    return out


@bp.get("/id/<path:path>")
def entity(path: str) -> Response | str:
    """An entity: HTML, or RDF by content negotiation, or a ``.ttl``/``.jsonld``/``.nt``/``.json`` twin."""
    store = request_store()
    iri = ID_BASE + path
    twin = None
    if "." in path:
        stem, suffix = path.rsplit(".", 1)
        if (suffix in SUFFIX_MEDIA or suffix == "json") and (_exists(ID_BASE + stem) or not _exists(iri)):
            iri, twin, path = ID_BASE + stem, suffix, stem
    if not _exists(iri):
        abort(404, description=f"no entity <{iri}> in this graph")
    if twin == "json":
        return jsonify(describe(store, iri))
    media = SUFFIX_MEDIA[twin] if twin else negotiate_rdf(request, GRAPH_MEDIA)
    if media is not None:
        body = serialize_triples(_entity_triples(iri), media)
        response = Response(body, content_type=content_type(media))
        response.headers["Vary"] = "Accept"
        if twin:
            response.headers["Link"] = f'<{url_for("pages.entity", path=path)}>; rel="alternate"; type="text/html"'
        return response
    facts = describe(store, iri)
    response = Response(render_template("entity.html", e=facts, path=path, prefixes=PREFIXES,
                                        views=entity_views(facts), per_group=FACTS_PER_GROUP))
    response.headers["Vary"] = "Accept"
    return response


@bp.get("/search")
def search() -> Response | str:
    """Search by Chinese name, alias, English name or pinyin (``洛钼``, ``CMOC``, ``luoyang muye``)."""
    q = request.args.get("q", "").strip()[:200]
    classes = {c for v in request.args.getlist("class") for c in v.split(",") if c} or None
    limit = min(max(request.args.get("limit", 20, type=int) or 20, 1), 100)
    hits = search_index(request_store()).search(q, limit=limit, classes=classes) if q else []
    for h in hits:
        h["url"] = entity_url(h["iri"])
        h["class_label"] = CLASS_LABELS.get(h["class"], (h["class"], h["class"]))[0]
        view = _entity_view_url(h)
        if view:
            h["view"] = view
    if request.args.get("format") == "json" or request.path.endswith(".json"):
        return jsonify(query=q, results=hits)
    if len(hits) == 1 and request.args.get("go"):
        return redirect(hits[0]["url"])
    return render_template("search.html", q=q, hits=hits, classes=sorted(classes or []))


def _entity_view_url(hit: dict) -> str | None:
    iri = hit["iri"]
    if hit["class"] == "IndustryChain" and iri.startswith(ID_BASE + "chain/"):
        return url_for("networks.chain", key=iri.rsplit("/", 1)[-1])
    if hit["class"] == "IndustryCluster" and iri.startswith(ID_BASE + "cluster/"):
        return url_for("networks.cluster", key=iri.rsplit("/", 1)[-1])
    return url_for("networks.explore", iri=iri)


bp.add_url_rule("/search.json", view_func=search, endpoint="search_json")


@bp.get("/browse/<class_name>")
def browse(class_name: str) -> Response | str:
    """Every entity of one class, with links to its page and views (``?format=json`` for the list)."""
    name = class_name.removesuffix(".json")
    if name not in CLASS_LABELS:
        abort(404, description=f"unknown class '{name}'")
    items = list_entities(request_store(), name)
    if request.args.get("format") == "json" or class_name.endswith(".json"):
        return jsonify([{**e, "url": entity_url(e["iri"])} for e in items])
    return render_template("browse.html", class_name=name, items=items)


@bp.get("/sources")
def sources() -> Response | str:
    """The sources ingested (one named graph each) and when."""
    items = request_store().sources()
    if request.args.get("format") == "json":
        return jsonify([s.__dict__ for s in items])
    return render_template("sources.html", sources=items)
