"""An embedded store that a running ``chainkg serve`` holds: read it here, write through the service.

Why: Oxigraph allows one writer process per store folder, and the service is that
process. A team still needs to add this week's articles without taking the service
down: ``chainkg ingest`` then reads the store read-only in its own process (for the
gazetteer, the SHACL context, what the source replaces) and sends the finished source
to the service (``PUT /sources``, with the update token), which writes it in one
transaction like any ingest; readers of the service see the old source or the new
one. Drops go the same way (``DELETE /sources``). After a write the read-only view is
opened again, so that what this process reads next includes it.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import URIRef

from chainkg.graph.backends.embedded import EmbeddedStore
from chainkg.graph.errors import StoreError
from chainkg.graph.formats import Format
from chainkg.graph.results import QueryJob, QueryResult
from chainkg.graph.store import GraphStore, Triples, as_ox_triples


class ServedStore(GraphStore):
    """Reads from the store folder (read-only), writes through the ``chainkg serve`` at ``url``."""

    kind = "served"

    def __init__(self, path: Path, url: str, token: str, *, timeout: float = 600) -> None:
        self.path = path
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.location = f"{path} (through the service at {self.url})"
        self._reader = EmbeddedStore._read_only(path)
        self._writes = 0

    def _reopen(self) -> None:
        self._writes += 1
        self._reader = EmbeddedStore._read_only(self.path)

    def _send(self, method: str, params: dict[str, str], data: bytes | None = None) -> int:
        url = f"{self.url}/sources?{urllib.parse.urlencode(params)}"
        req = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/n-triples"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(req, timeout=self.timeout) as resp:
                return resp.status
        except urllib.error.HTTPError as exc:
            if exc.code == 404 and method == "DELETE":
                return 404
            text = exc.read(2000).decode("utf-8", "replace").strip()
            if exc.code == 401:
                raise StoreError(f"the service at {self.url} refused the update token (HTTP 401); give the token "
                                 "it was started with (CHAINKG_UPDATE_TOKEN or --update-token)") from None
            if exc.code == 404:
                raise StoreError(f"the service at {self.url} is read-only (started without an update token); "
                                 "restart it with --update-token to write while it runs") from None
            raise StoreError(f"the service at {self.url} did not take the write (HTTP {exc.code}): {text}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the service at {self.url}: {getattr(exc, 'reason', exc)}") from None

    # -- reads: the local read-only view -----------------------------------------------------------

    def run(self, job: QueryJob, *, timeout: float | None = None) -> QueryResult:
        return self._reader.run(job, timeout=timeout)

    def select(self, sparql: str, *, timeout: float | None = None) -> ox.QuerySolutions:
        return self._reader.select(sparql, timeout=timeout)

    def ask(self, sparql: str) -> bool:
        return self._reader.ask(sparql)

    def construct(self, sparql: str) -> ox.QueryTriples:
        return self._reader.construct(sparql)

    def graph_sizes(self) -> dict[str, int]:
        return self._reader.graph_sizes()

    def has_graph(self, graph: str | URIRef) -> bool:
        return self._reader.has_graph(graph)

    def read_graph(self, graph: str | None, fmt: Format) -> bytes:
        return self._reader.read_graph(graph, fmt)

    def dump(self, out: str | os.PathLike[str] | IO[bytes], fmt: Format, *, graph: str | None = None) -> None:
        self._reader.dump(out, fmt, graph=graph)

    def version(self) -> str:
        return f"served:{self._writes}"

    # -- writes: through the service --------------------------------------------------------------

    def replace_graph(self, graph: str | URIRef, triples: Triples, *, label: str, kind: str, location: str,
                      software: str = "chainkg", bulk: bool = False,
                      progress: Callable[[int], None] | None = None) -> int:
        data = ox.serialize(list(as_ox_triples(triples)), format=ox.RdfFormat.N_TRIPLES)
        self._send("PUT", {"graph": str(graph), "label": label, "kind": kind, "location": location,
                           "software": software}, data)
        self._reopen()
        return data.count(b"\n")

    def drop_graph(self, graph: str | URIRef) -> bool:
        found = self._send("DELETE", {"graph": str(graph)}) != 404
        self._reopen()
        return found

    def update(self, sparql: str, *, base: str | None = None) -> None:
        req = urllib.request.Request(f"{self.url}/update", data=sparql.encode("utf-8"), method="POST", headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/sparql-update"})
        try:
            urllib.request.build_opener(urllib.request.ProxyHandler({})).open(req, timeout=self.timeout).close()
        except urllib.error.HTTPError as exc:
            raise StoreError(f"the service at {self.url} refused the update (HTTP {exc.code}): "
                             f"{exc.read(2000).decode('utf-8', 'replace')}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the service at {self.url}: {getattr(exc, 'reason', exc)}") from None
        self._reopen()
