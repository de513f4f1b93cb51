"""Downloads: every network view as GEXF, GraphML or CSV tables, and the store as RDF.

URLs: ``/export/{kind}/{key}.{fmt}`` for a view (kind: chain, cluster, region,
explore; the same ``hops``, ``limit`` and ``expand`` parameters as the view),
``POST /export/view.{fmt}`` for exactly what a page shows (its nodes and their
positions), ``/export/graph.{fmt}`` for every entity, ``/export/dump.{fmt}`` for
all triples (ttl, nt, nq, trig, jsonld). Files stream: the writers produce
chunks and the response sends them as they come.
"""

from __future__ import annotations

import math
import queue
import re
import threading
from collections.abc import Iterator

from flask import Blueprint, Response, abort, request, stream_with_context

from chainkg.graph.exports import NETWORK_FORMATS, RDF_FORMATS, dump_store, rdf_format, write_network
from chainkg.graph.projection import MAX_NODES, network
from chainkg.graph.scopes import resolve_entity, scope_network
from chainkg.ontology.namespaces import ID_BASE
from chainkg.server.app import request_store
from chainkg.server.networks import build_view

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


def network_download(g, fmt: str, name: str, description: str | None = None) -> Response:  # noqa: ANN001
    f = NETWORK_FORMATS.get(fmt)
    if f is None:
        abort(404, description=f"unknown network format '{fmt}' (one of {', '.join(NETWORK_FORMATS)})")
    size_by = request.args.get("size_by", "degree")
    options = {"size_by": size_by, "description": description or name}
    if fmt != "gexf":
        options.pop("description")
    return _stream(lambda out: write_network(g, out, fmt, **options), f.media_type, f"{name}{f.extension}")


@bp.get("/graph.<fmt>")
def whole_graph(fmt: str) -> Response:
    return network_download(scope_network(request_store(), "graph"), fmt, "chainkg-graph")


@bp.get("/dump.<fmt>")
def dump(fmt: str) -> Response:
    try:
        f = rdf_format(fmt)
    except (KeyError, ValueError):
        abort(404, description=f"unknown RDF format '{fmt}' (one of {', '.join(RDF_FORMATS)})")
    store = request_store()
    return _stream(lambda out: dump_store(store, out, f), f.media_type, f"chainkg{f.extension}")


@bp.get("/<kind>/<path:key>.<fmt>", endpoint="view_export")
def view_export(kind: str, key: str, fmt: str) -> Response:
    """A view as a file: the same network the page shows for the same URL parameters
    (``hops``, ``limit``, ``expand``), without the positions the browser computed."""
    if kind not in ("chain", "cluster", "region", "explore"):
        abort(404, description=f"unknown view '{kind}'")
    store = request_store()
    hops = request.args.get("hops", 1, type=int)
    limit = min(max(request.args.get("limit", 200, type=int) or 200, 1), MAX_NODES)
    expand_iris = [e for e in request.args.getlist("expand") if e.startswith(("http://", "https://"))]
    if kind == "region":
        g = scope_network(store, kind, key, hops=hops, limit=limit)
    else:
        iri = key if key.startswith(("http://", "https://")) else (
            ID_BASE + key if kind == "explore" else resolve_entity(store, kind, key))
        g = build_view(store, kind, iri, layout="force", hops=hops if hops in (1, 2) else 1, limit=limit,
                       expand_iris=expand_iris)
        if iri not in g:
            abort(404, description=f"no {kind} <{iri}> in this graph")
    return network_download(g, fmt, f"{kind}-{key.rsplit('/', 1)[-1]}")


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
        if not iri.startswith(("http://", "https://")) or any(c in iri for c in '<>" {}|\\^`'):
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
