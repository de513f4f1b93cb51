"""Downloads: every network view as GEXF, GraphML, CSV tables or a standalone HTML file, and the store as RDF.

URLs: ``/export/{kind}/{key}.{fmt}`` for a view (kind: chain, cluster, region,
explore; the same ``hops``, ``limit`` and ``expand`` parameters as the view),
``POST /export/view.{fmt}`` for exactly what a page shows (its nodes and their
positions), ``/export/graph.{fmt}`` for every entity, ``/export/dump.{fmt}`` for
all triples (ttl, nt, nq, trig, jsonld). Files stream: the writers produce
chunks and the response sends them as they come.

Network formats (``fmt``): ``gexf``, ``graphml``, ``zip`` (the node and edge tables, two
CSV files in Gephi's spreadsheet layout, in one zip: the URL says what the file is; the old
``.csv`` URLs redirect to it) and ``html`` (the view as one offline page, written by pyvis:
``chainkg.server.standalone``; not for the whole graph, which is too large to draw).
"""

from __future__ import annotations

import math
import queue
import re
import threading
from collections.abc import Iterator
from urllib.parse import quote

from flask import Blueprint, Response, abort, redirect, request, stream_with_context

from chainkg.graph.exports import NETWORK_FORMATS, RDF_FORMATS, dump_store, rdf_format, write_network
from chainkg.graph.projection import MAX_NODES, network
from chainkg.graph.scopes import resolve_entity, scope_network
from chainkg.ontology.namespaces import ID_BASE
from chainkg.server import http
from chainkg.server.context import request_store
from chainkg.server.i18n import lang, pick, t
from chainkg.server.networks import DEFAULT_LIMIT, build_view

bp = Blueprint("exports", __name__, url_prefix="/export")


class _Pipe:
    """A write-only binary stream whose writes come out of ``chunks()``, for streaming a writer."""

    def __init__(self) -> None:
        self.q: queue.Queue[bytes | None] = queue.Queue(maxsize=64)

    def write(self, data: bytes) -> int:
        if data:
            self.q.put(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.q.put(None)

    def chunks(self) -> Iterator[bytes]:
        while (item := self.q.get()) is not None:
            yield item


def _stream(write, media: str, filename: str) -> Response:  # noqa: ANN001
    pipe = _Pipe()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            write(pipe)
        except BaseException as exc:  # noqa: BLE001 - reported after the stream ends
            errors.append(exc)
        finally:
            pipe.close()

    threading.Thread(target=run, daemon=True).start()
    response = Response(stream_with_context(pipe.chunks()), mimetype=media)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


#: URL suffix of a network download -> the writer's name in ``NETWORK_FORMATS`` (``html``: the standalone page).
DOWNLOADS = {"gexf": "gexf", "graphml": "graphml", "zip": "csv", "html": "html"}


def network_download(g, fmt: str, name: str, description: str | None = None, *,  # noqa: ANN001
                     title: tuple[str, str] | None = None, vis: dict | None = None,
                     view: tuple[str, str | None, str] = ("explore", None, "force")) -> Response:
    """The network ``g`` as a file in ``fmt``; ``html`` is drawn as the view ``(kind, focus, layout)``
    (or from ``vis``, already drawn) under ``title`` (zh, en)."""
    if fmt == "csv":  # the tables are a zip of two CSV files: the URL says so
        target = request.path[: -len(".csv")] + ".zip" + ("?" + request.query_string.decode() if request.query_string
                                                          else "")
        return redirect(target, code=308)  # type: ignore[return-value]
    if fmt not in DOWNLOADS:
        abort(404, description=f"unknown network format '{fmt}' (one of {', '.join(DOWNLOADS)})")
    if fmt == "html":
        return _standalone(g, name, title or (name, name), vis, view)
    f = NETWORK_FORMATS[DOWNLOADS[fmt]]
    fmt = DOWNLOADS[fmt]
    size_by = request.args.get("size_by", "degree")
    options = {"size_by": size_by, "description": description or name}
    if fmt != "gexf":
        options.pop("description")
    return _stream(lambda out: write_network(g, out, fmt, **options), f.media_type, f"{name}{f.extension}")


def _standalone(g, name: str, title: tuple[str, str], vis: dict | None,  # noqa: ANN001
                view: tuple[str, str | None, str]) -> Response:
    from chainkg.server.networks import CLASS_NAMES, POSITIONS, STYLE, UNASSIGNED, to_vis
    from chainkg.server.standalone import standalone_html

    language = lang()
    kind, focus, layout = view
    if vis is None:
        vis = to_vis(g, layout=layout, lang=language, kind=kind, focus=focus)
    vis = {**vis, "styles": STYLE, "class_names": CLASS_NAMES,
           "band_styles": {"0": UNASSIGNED, **{str(k): v for k, v in POSITIONS.items()}}}
    nodes, edges = len(vis["nodes"]), len(vis["edges"])
    subtitle = t(f"{nodes} 个节点、{edges} 条关系 · chainkg 导出，可离线打开",
                 f"{nodes} nodes, {edges} edges · exported by chainkg, opens offline")
    html = standalone_html(vis, title=pick(title), subtitle=subtitle, lang=language)
    response = Response(html, content_type="text/html; charset=utf-8")
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name, safe='')}.html"
    response.headers["Content-Security-Policy"] = "sandbox"  # served as a file to save, never as a page of this site
    return response


@bp.get("/graph.<fmt>")
def whole_graph(fmt: str) -> Response:
    if fmt == "html":
        abort(404, description="the whole graph has no standalone HTML (too large to draw): "
                               "download the HTML of a chain, a cluster or a neighbourhood, or GEXF for Gephi")
    return network_download(scope_network(request_store(), "graph"), fmt, "chainkg-graph")


@bp.get("/dump.<fmt>")
def dump(fmt: str) -> Response:
    try:
        f = rdf_format(fmt)
    except (KeyError, ValueError):
        abort(404, description=f"unknown RDF format '{fmt}' (one of {', '.join(RDF_FORMATS)})")
    store = request_store()
    return _stream(lambda out: dump_store(store, out, f), f.media, f"chainkg{f.extension}")


@bp.get("/<kind>/<path:key>.<fmt>", endpoint="view_export")
def view_export(kind: str, key: str, fmt: str) -> Response:
    """A view as a file: the same network the page shows for the same URL parameters
    (``hops``, ``limit``, ``expand``), without the positions the browser computed."""
    if kind not in ("chain", "cluster", "region", "explore"):
        abort(404, description=f"unknown view '{kind}'")
    if "." in fmt:  # a key with a dot (a stock code: company/603993.SH.html): the format is what follows the last
        dotted, fmt = fmt.rsplit(".", 1)
        key = f"{key}.{dotted}"
    store = request_store()
    # the same parameters, with the same bounds, as the page of the view (server/networks.py): 400 if bad
    hops = http.int_arg(request.args, "hops", 1, 1, 2)
    limit = http.int_arg(request.args, "limit", DEFAULT_LIMIT, 1, MAX_NODES)
    if request.args.get("layout", "layered") not in ("layered", "force"):
        abort(400, description="layout is 'layered' or 'force'")
    expand_iris = [e for e in request.args.getlist("expand") if http.is_http_iri(e)]
    if kind == "region":
        g = scope_network(store, kind, key, hops=hops, limit=limit)
    else:
        iri = key if http.is_http_iri(key) else (
            ID_BASE + key if kind == "explore" else resolve_entity(store, kind, key))
        g = build_view(store, kind, iri, layout="force", hops=hops, limit=limit,
                       expand_iris=expand_iris)
        if iri not in g:
            abort(404, description=f"no {kind} <{iri}> in this graph")
    focus = next((n for n, d in g.nodes(data=True) if d.get("role") == "focus"), None) if kind == "region" else iri
    label = g.nodes[focus] if focus in g else {}
    names = {"chain": ("产业链图谱", "Chain map"), "cluster": ("集群图谱", "Cluster map"),
             "region": ("地区", "Region"), "explore": ("关系图", "Neighbourhood")}[kind]
    name_zh = label.get("label", key)
    title = (f"{name_zh} · {names[0]}", f"{label.get('label_en') or name_zh} · {names[1]}")
    layered = kind in ("chain", "cluster") and request.args.get("layout", "layered") == "layered"
    layout = "layered" if layered else "force"
    return network_download(g, fmt, f"{kind}-{key.rsplit('/', 1)[-1]}", title=title,
                            view=("explore" if kind == "region" else kind, focus, layout))


@bp.post("/view.<fmt>", endpoint="current_view")
def current_view(fmt: str) -> Response:
    """The view a page is showing, as a file: the page posts the nodes it shows, with their
    positions; labels, classes and relations come from the store, never from the request."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("nodes"), list):
        abort(400, description='post JSON {"nodes": [{"id": IRI, "x": .., "y": ..}], "title": ..}')
    positions: dict[str, tuple[float, float]] = {}
    for n in body["nodes"][:MAX_NODES]:
        if not isinstance(n, dict) or not isinstance(n.get("id"), str):
            continue
        iri = n["id"]
        if not http.is_http_iri(iri):
            continue
        x, y = n.get("x"), n.get("y")
        ok = all(isinstance(v, int | float) and math.isfinite(v) for v in (x, y))
        positions[iri] = (float(x), -float(y)) if ok else (math.nan, math.nan)  # Gephi's y axis points up
    g = network(request_store(), positions)
    for iri, (x, y) in positions.items():
        if iri in g and math.isfinite(x):
            g.nodes[iri]["x"], g.nodes[iri]["y"] = round(x, 2), round(y, 2)
    title = body.get("title") if isinstance(body.get("title"), str) else "view"
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", str(body.get("name") or "view"))[:80].strip("-") or "view"
    return network_download(g, fmt, name, description=title[:200])
