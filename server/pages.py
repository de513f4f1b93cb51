"""Pages for people: the home dashboard, entity pages (with RDF twins), search, sources.

Every entity IRI ``https://w3id.org/chainkg/id/{kind}/{key}`` is served at
``/id/{kind}/{key}``: HTML for a browser, Turtle / JSON-LD / N-Triples /
RDF/XML by content negotiation, and ``.ttl`` / ``.jsonld`` / ``.nt`` / ``.json``
twins of the same URL (Datasette style: every page addressable, with a
machine-readable twin). Pages are in one language at a time, Chinese by default;
``?lang=en`` (remembered, ``chainkg.server.i18n``) shows the interface in English and
English labels where the data has them.

Static files are linked with ``asset()``, which adds a content hash
(``?v=…``): a browser then keeps them for a year and asks again only when a
file changes, so vis-network is downloaded once, not with every page.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for

from chainkg.graph.describe import describe
from chainkg.graph.formats import Format
from chainkg.graph.projection import ENTITY_CLASSES, list_entities
from chainkg.graph.query import select_dicts
from chainkg.graph.search import search_index
from chainkg.graph.stats import graph_stats
from chainkg.graph.store import STAGING_PREFIX
from chainkg.ontology.namespaces import CKG, ID_BASE, PREFIXES
from chainkg.server import http
from chainkg.server.context import cached, request_store, run_page
from chainkg.server.downloads import entity_downloads
from chainkg.server.i18n import pick, t

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
    """The local URL of an entity page, or the IRI itself if it is not one of ours and is http(s);
    any other IRI (``javascript:…``, ``data:…``) is never a link target: ``#``."""
    if iri.startswith(ID_BASE):
        return url_for("pages.entity", path=iri[len(ID_BASE):], **params)
    return safe_href(iri) if http.is_http_iri(iri) else "#"


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
    from chainkg.server.downloads import list_downloads

    return {"entity_url": entity_url, "CLASS_LABELS": CLASS_LABELS, "CLASS_SINGULAR": CLASS_SINGULAR,
            "asset": asset, "query": query, "safe_href": safe_href, "signed_in": http.has_token,
            "list_links": list_downloads}


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
    """Chains and clusters with their largest scale statistic (产业链规模, 集群规模 …), largest first.

    Two queries joined here rather than one with the statistics in an OPTIONAL: on the generated
    100k graph (102,656 statistics) the one query filtered every statistic's metric label and took
    5.6 s; the metrics named …规模… are found first (a few), and then only their statistics (0.1 s).
    """
    ckg = str(CKG)
    store = request_store()
    metrics = " ".join(f"<{r['m']}>" for r in select_dicts(
        store, 'SELECT ?m WHERE { ?m a ckg:Metric ; rdfs:label ?l FILTER(CONTAINS(STR(?l), "规模")) }'))
    rows = select_dicts(store, f"""SELECT ?x ?class ?label ?label_en WHERE {{
              VALUES ?class {{ <{ckg}IndustryChain> <{ckg}IndustryCluster> }} ?x a ?class ; rdfs:label ?label .
              FILTER(lang(?label) = "zh")
              OPTIONAL {{ ?x rdfs:label ?label_en FILTER(lang(?label_en) = "en") }} }}""")
    figures: dict[str, list[dict]] = {}
    if metrics:
        for r in select_dicts(store, f"""SELECT ?x ?value ?unit ?mult ?period ?end ?bound ?bound_en ?status ?obs
                  WHERE {{
                  VALUES ?metric {{ {metrics} }}
                  ?obs ckg:metric ?metric ; ckg:subject ?x ; sdmx-measure:obsValue ?value ;
                       sdmx-attribute:unitMult ?mult ; sdmx-attribute:unitMeasure <{ID_BASE}unit/yuan> .
                  OPTIONAL {{ ?obs ckg:unitLabel ?unit }} OPTIONAL {{ ?obs ckg:periodLabel ?period }}
                  OPTIONAL {{ ?obs ckg:periodEnd ?end }}
                  OPTIONAL {{ ?obs ckg:valueBound/rdfs:label ?bound FILTER(lang(?bound) = "zh") }}
                  OPTIONAL {{ ?obs ckg:valueBound/rdfs:label ?bound_en FILTER(lang(?bound_en) = "en") }}
                  OPTIONAL {{ ?obs ckg:valueStatus/rdfs:label ?status FILTER(lang(?status) = "zh") }} }}"""):
            figures.setdefault(r["x"], []).append(r)
    best: dict[str, dict] = {}

    def rank(r: dict) -> tuple:  # a reported figure before a target or forecast, then the latest, then the largest
        return ("value" in r, "status" not in r, r.get("end", ""), r["scale"] or 0)

    for row in rows:
        for f in figures.get(row["x"]) or [{}]:
            r = {**row, **f}
            r = {**r, "scale": _scale(r), "class": r["class"].rsplit("#", 1)[-1]}
            cur = best.get(r["x"])
            if cur is None or rank(r) > rank(cur):
                best[r["x"]] = r
    return sorted(best.values(), key=lambda r: (-(r["scale"] or 0), r["label"]))


#: Chains and clusters the dashboard shows (the largest; all of them are in the lists it links to).
DASHBOARD_TOP = 30
#: Members shown per cluster on the dashboard (the cluster's page has them all).
DASHBOARD_MEMBERS = 12


def _view_url(r: dict) -> str:
    kind = "chain" if r["class"] == "IndustryChain" else "cluster"
    return url_for(f"networks.{kind}", key=r["x"].rsplit("/", 1)[-1])


@bp.get("/")
def home() -> str:
    """The dashboard: counts by class, chains by scale, clusters with their chains, sources."""
    return render_template("home.html", **cached("dashboard", dashboard))


def dashboard() -> dict:
    """What the dashboard shows, built once per store version (8 s on the generated 100k graph)."""
    store = request_store()
    stats = graph_stats(store)
    counts = [c for c in stats["classes"] if c["class"].rsplit("#", 1)[-1] in CLASS_LABELS]
    ranking = chain_ranking()
    for r in ranking:
        r["url"] = _view_url(r)
    chains = [r for r in ranking if r["class"] == "IndustryChain"]
    chains_total = len(chains)
    chains = chains[:DASHBOARD_TOP]
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
        others = [m for m in ms if m["class"] != "IndustryChain"]
        clusters.append({**cluster, "url": url_for("networks.cluster", key=cluster["iri"].rsplit("/", 1)[-1]),
                         "scale": scale_of.get(cluster["iri"]),
                         "chains": [m for m in ms if m["class"] == "IndustryChain"][:DASHBOARD_MEMBERS],
                         "members": others[:DASHBOARD_MEMBERS], "more": max(0, len(others) - DASHBOARD_MEMBERS)})
    clusters_total = len(clusters)
    if clusters_total > DASHBOARD_TOP:  # the largest (stable: by scale, then as listed)
        clusters.sort(key=lambda c: -((c["scale"] or {}).get("scale") or 0))
        clusters = clusters[:DASHBOARD_TOP]
    documents = select_dicts(store, """SELECT ?d ?title ?date ?url ?publisher WHERE {
              ?d a ckg:SourceDocument ; dcterms:title ?title . OPTIONAL { ?d dcterms:issued ?date }
              OPTIONAL { ?d schema:url ?url } OPTIONAL { ?d dcterms:publisher ?publisher } }
              ORDER BY DESC(?date) ?title LIMIT 50""")
    sources = [s for s in store.sources() if s.kind != "ontology"]
    return {"stats": stats, "counts": counts, "chains": chains, "top": top, "chains_total": chains_total,
            "clusters": clusters, "clusters_total": clusters_total, "sources": sources, "documents": documents}


def _exists(iri: str) -> bool:
    return http.is_iri(iri) and request_store().mentions(iri)


def _entity_triples(iri: str) -> list:
    return list(request_store().construct(
        f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"))


#: The RDF twins of an entity page (``.ttl`` …) and what negotiation offers beside HTML.
ENTITY_FORMATS: list[Format] = [f for f in http.offers_of("rdf") if f.name in ("turtle", "ntriples", "jsonld",
                                                                               "rdfxml")]
TWINS: dict[str, Format] = {f.suffix: f for f in ENTITY_FORMATS}


def entity_views(e: dict) -> list[dict]:
    """The network views an entity appears in: its own map, the maps of the chains and clusters it
    belongs to (opened with the entity selected), and its neighbourhood."""
    iri, cls = e["iri"], e.get("class", "")
    ckg = str(CKG)
    out: list[dict] = []
    key = iri.rsplit("/", 1)[-1]
    if cls == "IndustryChain" and iri.startswith(ID_BASE + "chain/"):
        out.append({"label": t("产业链图谱", "Chain map"), "url": url_for("networks.chain", key=key)})
    if cls == "IndustryCluster" and iri.startswith(ID_BASE + "cluster/"):
        out.append({"label": t("集群图谱", "Cluster map"), "url": url_for("networks.cluster", key=key)})
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
        name = t("产业链图谱", "Chain map") if r["kind"] == "chain" else t("集群图谱", "Cluster map")
        out.append({"label": f"{name}{t('：', ': ')}{r['label']}",
                    "url": url_for(f"networks.{r['kind']}", key=r["v"].rsplit("/", 1)[-1], node=iri)})
    out.append({"label": t("关系图", "Neighbourhood"), "url": url_for("networks.explore", iri=iri)})
    return out


@bp.get("/id/<path:path>")
def entity(path: str) -> Response | str:
    """An entity: HTML, or RDF by content negotiation, or a ``.ttl``/``.jsonld``/``.nt``/``.rdf``/``.json`` twin."""
    import pyoxigraph as ox

    store = request_store()
    iri = ID_BASE + path
    if not http.is_iri(iri):
        abort(404, description=f"no entity with the path {path[:200]!r} in this graph")
    twin = None
    if "." in path:
        stem, suffix = path.rsplit(".", 1)
        if (suffix in TWINS or suffix == "json") and (_exists(ID_BASE + stem) or not _exists(iri)):
            iri, twin, path = ID_BASE + stem, suffix, stem
    if not _exists(iri):
        abort(404, description=f"no entity <{iri}> in this graph")
    if twin == "json":
        return jsonify(describe(store, iri))
    fmt = TWINS[twin] if twin else None
    if fmt is None:
        best = http.negotiate([http.HTML, *ENTITY_FORMATS], fmt=request.args.get("format"), kind="rdf")
        fmt = best if isinstance(best, Format) else None
    if fmt is not None:
        body = ox.serialize(_entity_triples(iri), format=fmt.ox, prefixes=PREFIXES if fmt.prefixed else None)  # type: ignore[arg-type]
        response = Response(body, content_type=fmt.content_type)
        response.headers["Vary"] = "Accept"
        if twin:
            response.headers["Link"] = f'<{url_for("pages.entity", path=path)}>; rel="alternate"; type="text/html"'
        return response
    facts = describe(store, iri)
    has_text = any(grp["predicate"] == str(CKG.inDocument) for grp in facts["incoming"])
    sentences = document_text(store, iri) if has_text else []
    if sentences:  # the sentences are shown as the text below, not as a list of their IRIs
        facts["incoming"] = [grp for grp in facts["incoming"] if grp["predicate"] != str(CKG.inDocument)]
    response = Response(render_template("entity.html", e=facts, path=path, prefixes=PREFIXES,
                                        views=entity_views(facts), per_group=FACTS_PER_GROUP, sentences=sentences,
                                        download_links=entity_downloads(path)))
    response.headers["Vary"] = "Accept"
    return response


def document_text(store, iri: str) -> list[dict]:  # noqa: ANN001 - a GraphStore
    """The sentences of a document in reading order (number, offsets, text), each with the facts that
    cite it: statements (subject, relation, object), observations and mentioned entities."""
    nif, ckg, rdf = PREFIXES["nif"], str(CKG), PREFIXES["rdf"]
    rows = select_dicts(store, f"""SELECT ?s ?text ?b ?e WHERE {{ ?s <{ckg}inDocument> <{iri}> ;
          <{nif}anchorOf> ?text . OPTIONAL {{ ?s <{nif}beginIndex> ?b }} OPTIONAL {{ ?s <{nif}endIndex> ?e }} }}""")
    if not rows:
        return []
    # sentences cited by a curated folder have no offsets: after the article's, in the order of their text
    sentences = sorted(({"iri": r["s"], "text": r["text"], "begin": int(r["b"]) if r.get("b") else None,
                         "end": int(r["e"]) if r.get("e") else None, "facts": []} for r in rows),
                       key=lambda r: (r["begin"] is None, r["begin"] or 0, r["text"]))
    by_iri = {s["iri"]: s for s in sentences}
    rdfs = PREFIXES["rdfs"]

    def label(v: str) -> str:
        return "".join(f'OPTIONAL {{ ?{v} <{rdfs}label> ?{v}_{lg} FILTER(lang(?{v}_{lg}) = "{lg}") }} '
                       for lg in ("zh", "en"))

    facts = select_dicts(store, f"""SELECT ?s ?x ?cls ?a ?p ?o ?x_zh ?x_en ?a_zh ?a_en ?o_zh ?o_en ?p_zh ?p_en
                                          ?m ?m_zh ?m_en ?ms ?ms_zh ?ms_en ?val ?unit WHERE {{
          ?s <{ckg}inDocument> <{iri}> . ?x <{ckg}sentence> ?s . OPTIONAL {{ ?x a ?cls }}
          OPTIONAL {{ ?x <{rdf}subject> ?a ; <{rdf}predicate> ?p ; <{rdf}object> ?o .
                      {label("a")} {label("o")} {label("p")} }}
          OPTIONAL {{ ?x <{ckg}subject> ?ms ; <{ckg}metric> ?m ; <{PREFIXES['sdmx-measure']}obsValue> ?val .
                      OPTIONAL {{ ?x <{ckg}unitLabel> ?unit }} {label("ms")} {label("m")} }}
          {label("x")} }}""")
    seen: set[tuple[str, str]] = set()
    for f in facts:
        if (f["s"], f["x"]) in seen or f["s"] not in by_iri:
            continue
        seen.add((f["s"], f["x"]))

        def name(v: str, f: dict = f) -> str:
            return t(f.get(v + "_zh") or f.get(v + "_en") or "", f.get(v + "_en") or f.get(v + "_zh") or "") or \
                f.get(v, "").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

        cls = (f.get("cls") or "").rsplit("#", 1)[-1]
        if f.get("a"):
            item = {"kind": "statement", "subject": name("a"), "subject_url": entity_url(f["a"]),
                    "relation": name("p"), "object": name("o"), "object_url": entity_url(f["o"])}
        elif f.get("m"):  # a figure: whose, what, how much
            item = {"kind": "statement", "subject": name("ms"), "subject_url": entity_url(f["ms"]),
                    "relation": name("m"), "object": f"{f['val']} {f.get('unit') or ''}".strip(),
                    "object_url": entity_url(f["x"])}
        else:
            item = {"kind": cls, "label": name("x"), "url": entity_url(f["x"]),
                    "class_label": pick(CLASS_LABELS.get(cls, (cls, cls)))}
        by_iri[f["s"]]["facts"].append(item)
    for n, s in enumerate(sentences, start=1):
        s["n"] = n
    return sentences


@bp.get("/search")
def search() -> Response | str:
    """Search by Chinese name, alias, English name or pinyin (``洛钼``, ``CMOC``, ``luoyang muye``)."""
    q = request.args.get("q", "").strip()[:200]
    classes = {c for v in request.args.getlist("class") for c in v.split(",") if c} or None
    limit = min(max(request.args.get("limit", 20, type=int) or 20, 1), 100)
    hits = search_index(request_store()).search(q, limit=SEARCH_MAX, classes=classes) if q else []
    for rank, h in enumerate(hits, start=1):
        h["url"] = entity_url(h["iri"])
        h["class_label"] = pick(CLASS_LABELS.get(h["class"], (h["class"], h["class"])))
        h["rank"] = rank
        h["kind"] = h["class"]
        view = _entity_view_url(h)
        if view:
            h["view"] = view
    if request.args.get("go") and len(hits) == 1 and hits[0]["url"].startswith("/") \
            and not hits[0]["url"].startswith("//"):
        return redirect(hits[0]["url"])  # only to this service's own pages: never an open redirect
    from chainkg.graph import listing
    from chainkg.server.lists import fmt_of, query_of, respond

    keep = {k: v for k, v in (("q", q), ("class", ",".join(sorted(classes or [])))) if v}
    if fmt_of() == "json":
        # the search box reads ``results`` (the first ``limit`` hits); the list twin beside it
        result = listing.run(listing.SEARCH, hits, query_of(listing.SEARCH, keep=set(keep) | {"limit", "go"}))
        return jsonify(query=q, results=hits[:limit], **listing.public(result))
    return respond(listing.SEARCH, hits, title=("搜索", "Search"), filename="search", keep=keep,
                   template="search.html", link=lambda r: r["url"], q_search=q, hits=hits,
                   classes=sorted(classes or []), ignore={"limit", "go"})


SEARCH_MAX = 2000


def _entity_view_url(hit: dict) -> str | None:
    iri = hit["iri"]
    if hit["class"] == "IndustryChain" and iri.startswith(ID_BASE + "chain/"):
        return url_for("networks.chain", key=iri.rsplit("/", 1)[-1])
    if hit["class"] == "IndustryCluster" and iri.startswith(ID_BASE + "cluster/"):
        return url_for("networks.cluster", key=iri.rsplit("/", 1)[-1])
    return url_for("networks.explore", iri=iri)


bp.add_url_rule("/search.json", view_func=search, endpoint="search_json")
bp.add_url_rule("/search.csv", view_func=search, endpoint="search_csv")


@bp.get("/browse/<class_name>")
def browse(class_name: str) -> Response | str:
    """Every entity of one class, with links to its page and views (``?format=json`` for the list)."""
    from chainkg.graph import listing
    from chainkg.server.lists import respond

    name = class_name.removesuffix(".json").removesuffix(".csv")
    if name not in CLASS_LABELS:
        abort(404, description=f"unknown class '{name}'")
    zh, en = CLASS_LABELS[name]
    if name == "Company":
        table = listing.COMPANIES
        # built here, not in a query worker: the list has no parameter a client could make costly, and at
        # national scale it outgrows a worker's memory ceiling (101,370 companies: 10 s, 400 MB); built once
        # per store version, and ahead of the first request by the warm-up of chainkg serve
        rows = cached("list:Company", lambda: listing.company_rows(request_store()))
    else:
        table = listing.entity_table(name, zh, en)
        class_iri = next(iri for iri, local in ENTITY_CLASSES.items() if local == name)
        rows = cached(f"list:{name}", lambda: run_page(listing.entity_rows, class_iri))
    return respond(table, rows, title=(zh, en), filename=f"chainkg-{name}", template="browse.html",
                   link=lambda r: entity_url(r["iri"]), class_name=name)


@bp.get("/help")
def help() -> str:  # noqa: A001 - the route's name
    """What each page does, how to query and download, the command line: the service's own documentation."""
    from chainkg.server.gallery import load_queries

    return render_template("help.html", prefixes=PREFIXES, examples=list(load_queries().values())[:3])


@bp.get("/sources")
def sources() -> Response | str:
    """The sources ingested (one named graph each) and when; also every other named graph (one written
    through /update or the graph store protocol has no catalog entry), so that a dropped graph leaves the
    list and a new one appears in it at once."""
    from chainkg.graph.store import SourceInfo
    from chainkg.ontology.namespaces import CATALOG_GRAPH

    store = request_store()
    items = store.sources()
    listed = {s.graph for s in items}
    sizes = store.graph_sizes()
    items = [s for s in items if s.graph in sizes]
    items += [SourceInfo(g, g, "graph", "", "", n) for g, n in sizes.items()
              if g not in listed and g != str(CATALOG_GRAPH) and not g.startswith(STAGING_PREFIX)]
    if request.args.get("format") == "json":
        return jsonify([s.__dict__ for s in items])
    return render_template("sources.html", sources=items)
