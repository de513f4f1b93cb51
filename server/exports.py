"""Downloads: every network view as GEXF, GraphML or CSV tables, and the store as RDF.

URLs: ``/export/{kind}/{key}.{fmt}`` for a view (kind: chain, cluster, region,
explore), ``/export/graph.{fmt}`` for every entity, ``/export/dump.{fmt}`` for
all triples (ttl, nt, nq, trig, jsonld). Files stream: the writers produce
chunks and the response sends them as they come.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

from flask import Blueprint, Response, abort, request, stream_with_context

from chainkg.graph.exports import NETWORK_FORMATS, RDF_FORMATS, dump_store, rdf_format, write_network
from chainkg.graph.scopes import scope_network
from chainkg.server.app import request_store

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


def _network_response(g, fmt: str, name: str) -> Response:  # noqa: ANN001
    f = NETWORK_FORMATS.get(fmt)
    if f is None:
        abort(404, description=f"unknown network format '{fmt}' (one of {', '.join(NETWORK_FORMATS)})")
    size_by = request.args.get("size_by", "degree")
    options = {"size_by": size_by, "description": name}
    if fmt != "gexf":
        options.pop("description")
    return _stream(lambda out: write_network(g, out, fmt, **options), f.media_type, f"{name}{f.extension}")


@bp.get("/graph.<fmt>")
def whole_graph(fmt: str) -> Response:
    return _network_response(scope_network(request_store(), "graph"), fmt, "chainkg-graph")


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
    if kind not in ("chain", "cluster", "region", "explore"):
        abort(404, description=f"unknown view '{kind}'")
    g = scope_network(request_store(), kind, key, hops=request.args.get("hops", 1, type=int),
                      limit=min(request.args.get("limit", 200, type=int), 5000))
    return _network_response(g, fmt, f"{kind}-{key.rsplit('/', 1)[-1]}")
