"""The example questions as pages: ``/queries`` (the gallery) and ``/queries/<name>``.

Each question (``chainkg.server.gallery``) is an HTML page that runs it, with a form for
its parameters, a table, and a network when the result has ``?source ?target`` or is a
CONSTRUCT, and ``.csv`` / ``.tsv`` / ``.json`` twins (``.ttl`` / ``.nt`` / ``.jsonld`` for a
CONSTRUCT) that go through the SPARQL protocol code of ``/sparql``.

Why the answer of an example at its default values is kept per store version (``context.cached``, built by
``chainkg serve``'s warm-up, ``app.WARMUP_PATHS``): the gallery links every example at its defaults, and at
national scale some of them cannot be answered in a page's time however they are written. Measured on the
generated 100k graph (3.1 M triples; ``benchmarks/bench_pages.py``): the engine alone takes 1.1 s to count
the companies of each industry and 1.3 s to find a name among 331,000 labels and aliases; with the answer
kept, the page is a look-up. Other values run as the query they are (bounded by the time limit), and only
the defaults are kept, so what is held is bounded by the number of examples.

Why the page shows one page of rows (``chainkg.graph.listing``: ``page``, ``size``, ``sort``, ``q``, as every
list of the service) with the total: some answers have thousands of rows (8,128 companies with a designation
at 100k), which made one HTML page of megabytes and a network of thousands of nodes; the ``.csv`` / ``.json``
twins hold every row (up to the endpoint's row limit), and the network is drawn from the rows shown.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from chainkg.graph import listing
from chainkg.graph.query import shorten
from chainkg.graph.results import QueryError, QueryResult
from chainkg.ontology.namespaces import PREFIXES
from chainkg.server import http
from chainkg.server.context import cached, run_job
from chainkg.server.downloads import query_downloads
from chainkg.server.gallery import (
    Canned,
    CannedError,
    Param,
    bound_values,
    load_queries,
    network_of_rows,
    network_of_triples,
    query_text,
)
from chainkg.server.lists import query_of
from chainkg.server.protocol import Answer, build_job, query_failed, result_response

bp = Blueprint("canned", __name__)

#: URL suffix -> (``format=`` value for the query pipeline, which kind of result it is for)
SUFFIXES = {"json": "json", "csv": "csv", "tsv": "tsv", "xml": "xml", "ttl": "ttl", "nt": "nt",
            "jsonld": "jsonld"}


def _get(name: str) -> Canned:
    queries = load_queries()
    if name not in queries:
        abort(404, description=f"no example query named {name!r}; see /queries")
    return queries[name]


def _defaults(canned: Canned) -> dict[str, str]:
    return {p.name: p.default or "" for p in canned.params}


def _answer(canned: Canned, values: dict[str, str], fmt: str) -> tuple[QueryResult, Answer | None, Answer | None]:
    """The result of ``canned`` at ``values`` in ``fmt``; at its default values kept per store version."""
    text = query_text(canned, values)
    job, tab, graph, _ = build_job(text, MultiDict({"format": fmt}), with_prefixes=False)
    if values == _defaults(canned):
        return cached(f"example:{canned.name}:{fmt}", lambda: run_job(job)), tab, graph
    return run_job(job), tab, graph


def _run(canned: Canned, values: dict[str, str], fmt: str) -> Response:
    try:
        result, tab, graph = _answer(canned, values, fmt)
    except CannedError as exc:
        abort(400, description=str(exc))
    except QueryError as exc:
        query_failed(exc, query_text(canned, values))
    return result_response(result, tab, graph)


def _options(param: Param) -> list[tuple[str, str]]:
    """Choices for a drop-down: instances of ``ckg:<options>`` with their Chinese names, kept per store version
    (the 500 first of 100,000 companies by name took 7.6 s a page at 100k companies)."""
    if not param.options or not re.match(r"^[A-Za-z]+$", param.options):
        return []
    try:
        return cached(f"options:{param.options}", lambda: _read_options(param))
    except (QueryError, ValueError, KeyError):  # not kept: the next page asks again
        return []


def _read_options(param: Param) -> list[tuple[str, str]]:
    text = (f"PREFIX ckg: <{PREFIXES['ckg']}>\nPREFIX rdfs: <{PREFIXES['rdfs']}>\n"
            f"SELECT ?x (SAMPLE(?l) AS ?label) WHERE {{ ?x a ckg:{param.options} . "
            "OPTIONAL { ?x rdfs:label ?l FILTER(lang(?l) = \"zh\") } } GROUP BY ?x ORDER BY ?label LIMIT 500")
    job, _, _, _ = build_job(text, MultiDict({"format": "json"}), with_prefixes=False)
    rows = json.loads(run_job(job).body)["results"]["bindings"]
    return [(r["x"]["value"], r.get("label", r["x"])["value"]) for r in rows]


def _with_value(options: list[tuple[str, str]], value: str) -> list[tuple[str, str]]:
    """The choices with the current value among them (the first 500 of a national class may not hold it)."""
    if not options or not value:
        return options
    full = PREFIXES["id"] + value[3:] if value.startswith("id:") else value
    if any(iri == full for iri, _ in options):
        return options
    return [(full, value), *options]


def _cell(term: dict[str, str] | None) -> dict[str, str]:
    if term is None:
        return {"text": ""}
    value = term.get("value", "")
    if term.get("type") == "uri":
        href = "/id/" + value[len(PREFIXES["id"]):] if value.startswith(PREFIXES["id"]) else value
        return {"text": shorten(value), "href": href, "title": value}
    return {"text": value, "title": term.get("datatype", term.get("xml:lang", ""))}


# -- routes -----------------------------------------------------------------------------


@bp.get("/queries")
def gallery() -> Response | str:
    queries = list(load_queries().values())
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    if best == "application/json" and request.accept_mimetypes["application/json"] > \
            request.accept_mimetypes["text/html"]:
        return gallery_json()
    return render_template("queries.html", queries=queries)


@bp.get("/queries.json")
def gallery_json() -> Response:
    return jsonify([{"name": c.name, "title_zh": c.title_zh, "title_en": c.title_en, "description": c.description,
                     "description_zh": c.description_zh, "description_en": c.description_en,
                     "url": url_for("canned.query_page", name=c.name, _external=True),
                     "params": [p.__dict__ for p in c.params], "query": c.text}
                    for c in load_queries().values()])


@bp.get("/queries/<name>")
def query_page(name: str) -> Response | str:
    if "." in name:
        stem, _, suffix = name.rpartition(".")
        if suffix not in SUFFIXES:
            abort(404, description=f"no format .{suffix}; use " + ", ".join("." + s for s in SUFFIXES))
        canned = _get(stem)
        try:
            values = bound_values(canned, http.args())
        except CannedError as exc:
            abort(400, description=str(exc))
        excel = suffix == "csv" and http.args().get("format") == "csv-excel"
        response = _run(canned, values, "csv-excel" if excel else SUFFIXES[suffix])
        if suffix in ("csv", "tsv"):
            how = "attachment" if excel else "inline"
            response.headers["Content-Disposition"] = f'{how}; filename="{stem}.{suffix}"'
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response
    canned = _get(name)
    args = http.args()
    error = None
    data: dict[str, Any] = {"variables": [], "rows": [], "truncated": False, "network": None}
    values: dict[str, str] = _defaults(canned)
    status = 200
    table = _table(canned.name, [])
    paged = None
    try:
        values = bound_values(canned, args)
        data = _page_data(canned, values)
        table = _table(canned.name, data["variables"])
        paged = listing.run(table, data["rows"], query_of(table, keep={p.name for p in canned.params}))
    except CannedError as exc:
        error, status = str(exc), 400
    except QueryError as exc:
        error, status = exc.message, exc.status
    shown = paged["rows"] if paged else []
    network = _shown_network(data, shown)
    fields = [{"param": p, "value": values.get(p.name, ""), "options": _with_value(_options(p), values.get(p.name, ""))}
              for p in canned.params]
    suffixes = ["ttl", "nt", "jsonld"] if canned.form in ("CONSTRUCT", "DESCRIBE") else ["csv", "tsv", "json"]
    query_args = {p.name: values.get(p.name, "") for p in canned.params}
    editor_text = None
    try:
        editor_text = query_text(canned, values, all_prefixes=False)
    except CannedError:
        editor_text = canned.text
    state = {**query_args, **{k: v for k, v in args.items() if k in ("q", "sort", "desc", "size")}}
    html = render_template("query.html", canned=canned, fields=fields, variables=data["variables"],
                           table=[r["_cells"] for r in shown], result=paged, state=state,
                           network=network, error=error, truncated=data["truncated"], suffixes=suffixes,
                           query_args=query_args, editor_text=editor_text,
                           download_links=query_downloads(canned.name, suffixes, query_args),
                           row_limit=current_app.config.get("CHAINKG_ROW_LIMIT"))
    return Response(html, status=status, mimetype="text/html")


def _table(name: str, variables: list[str]) -> listing.Table:
    """The page's table: the answer's variables as columns, in the query's own order (``n``) unless asked."""
    return listing.Table(name=f"example-{name}", columns=[listing.Column("n", "#", "#", numeric=True),
                                                          *(listing.Column(v, v, v) for v in variables)],
                         facets=[], text=tuple(variables), default_sort="n", id_key="n")


def _page_data(canned: Canned, values: dict[str, str]) -> dict[str, Any]:
    """The answer as rows for the page (and, for a CONSTRUCT, its network); at the defaults kept per version."""
    if values == _defaults(canned):
        return cached(f"example-page:{canned.name}", lambda: _build_page_data(canned, values))
    return _build_page_data(canned, values)


def _build_page_data(canned: Canned, values: dict[str, str]) -> dict[str, Any]:
    form = canned.form
    result, _, _ = _answer(canned, values, "nt" if form in ("CONSTRUCT", "DESCRIBE") else "json")
    network = None
    if result.kind == "triples":
        import pyoxigraph as ox

        network = network_of_triples(result.body)
        variables = ["subject", "predicate", "object"]
        bindings = [{k: {"type": "uri" if isinstance(v, ox.NamedNode) else "literal", "value": v.value}
                     for k, v in zip(variables, (t.subject, t.predicate, t.object), strict=True)}
                    for t in ox.parse(result.body, format=ox.RdfFormat.N_TRIPLES)]
    elif result.kind == "boolean":
        variables = ["boolean"]
        bindings = [{"boolean": {"type": "literal", "value": str(json.loads(result.body)["boolean"]).lower()}}]
    else:
        body = json.loads(result.body)
        variables, bindings = body["head"]["vars"], body["results"]["bindings"]
    rows = [{"n": i, **{v: b[v]["value"] for v in variables if v in b}, "_binding": b,
             "_cells": [_cell(b.get(v)) for v in variables]} for i, b in enumerate(bindings, start=1)]
    return {"variables": variables, "rows": rows, "truncated": result.truncated, "network": network,
            "kind": result.kind}


def _shown_network(data: dict[str, Any], shown: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The network of the rows on the page: a ``?source ?target`` answer, or a CONSTRUCT's relations."""
    if data.get("kind") == "triples" and data.get("network"):
        keep = {(r["_binding"]["subject"]["value"], shorten(r["_binding"]["predicate"]["value"]),
                 r["_binding"]["object"]["value"]) for r in shown}
        edges = [e for e in data["network"]["edges"] if (e["from"], e["label"], e["to"]) in keep]
        used = {x for e in edges for x in (e["from"], e["to"])}
        return {"nodes": [n for n in data["network"]["nodes"] if n["id"] in used], "edges": edges}
    return network_of_rows(data["variables"], [r["_binding"] for r in shown])
