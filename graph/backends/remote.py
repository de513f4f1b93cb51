"""A remote SPARQL 1.1 server as the store: Query, Update and Graph Store protocols over HTTP.

Why: when a province's or a country's companies outgrow one embedded store, people move
the data to a server they already run (Oxigraph server, Virtuoso, Apache Jena Fuseki,
GraphDB …). chainkg then sends every question to the server as a query and every write
as an update: nothing pulls the whole dataset to answer what a query can answer.

Choosing the server: ``--store oxigraph+http://host:7878``, ``virtuoso+http://host:8890``,
``fuseki+http://host:3030/ds``, ``sparql+http://host/sparql`` (any server, query and
update at that URL), or a plain ``http://…``, in which case the server's ``Server``
header decides (Oxigraph and Virtuoso say who they are; anything else is treated as a
generic SPARQL 1.1 endpoint at that URL). ``SERVERS`` holds each kind's endpoints and
dataset layout; ``CHAINKG_QUERY_URL``, ``CHAINKG_UPDATE_URL`` and ``CHAINKG_GSP_URL``
override the endpoints. Credentials: ``CHAINKG_STORE_USER`` / ``CHAINKG_STORE_PASSWORD``
(HTTP Basic or Digest, as the server asks) or ``CHAINKG_STORE_TOKEN`` (a bearer token).
``CHAINKG_STORE_TIMEOUT`` (seconds, default 60) bounds every request.

The merged default graph (``chainkg.graph.store``): on Oxigraph and Fuseki it is the
server's default graph; on Virtuoso, whose queries without a dataset read every graph
(each triple once per graph that holds it), it is the named graph ``graph/merged``, and
each query is sent with ``default-graph-uri`` for it and ``named-graph-uri`` for every
chainkg graph, so that ``GRAPH ?g`` does not see the merge (nor Virtuoso's own graphs).

What each tested server guarantees (docs/remote-stores.md): Oxigraph applies one update
request in one transaction, so a replaced source and its merge change are seen together;
Virtuoso commits a request's operations together too, but it compiles ``INSERT DATA``
to SQL and refuses a long one, so every source is first uploaded to a staging graph by
a Graph Store PUT (as is a source larger than ``INLINE_LIMIT`` elsewhere); a reader that
asks ``GRAPH ?g`` at that moment sees the staging graph, and the merge never changes
before the swap.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import IO, Any

import pyoxigraph as ox
from rdflib import URIRef

from chainkg.graph.backends.merge import Merge
from chainkg.graph.errors import StoreError
from chainkg.graph.formats import JSON_RESULTS, NTRIPLES, Format
from chainkg.graph.results import QueryError, QueryJob, QueryResult, QueryTimeout, result_from_body
from chainkg.graph.sparql_text import analyze
from chainkg.graph.store import STAGING_PREFIX, GraphStore, SourceMeta, Triples, as_ox_triples, catalog_triples
from chainkg.ontology.namespaces import CATALOG_GRAPH, GRAPH_BASE, PREFIXES

#: Sources up to this size (N-Triples bytes) go inline in the one update request that replaces them.
INLINE_LIMIT = 4 * 1024 * 1024
MERGED_GRAPH = GRAPH_BASE + "merged"
PREFIX_HEADER = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


@dataclass(frozen=True)
class ServerKind:
    """Where a kind of server has its endpoints (relative to the URL given), and its dataset layout."""

    name: str
    query: str
    update: str
    gsp: str | None
    merged_graph: str | None = None     # None: the server's default graph holds the merge
    list_named_graphs: bool = False     # send named-graph-uri for every chainkg graph with each query
    #: named graphs of the server's own, never listed or counted (IRI prefixes)
    system_graphs: tuple[str, ...] = ()
    timeout_param: str | None = None    # a query parameter giving the server a time limit (ms)
    #: sources up to this size (N-Triples bytes) go inline in the update that replaces them; larger ones are
    #: uploaded to a staging graph first (Virtuoso compiles INSERT DATA to SQL and refuses long ones)
    inline_limit: int = INLINE_LIMIT
    #: send ASK as SELECT … LIMIT 1 (Virtuoso 7 answers ASK { GRAPH <g> … } true for a graph that
    #: is not among the request's named graphs, while the SELECT finds nothing)
    ask_via_select: bool = False


SERVERS: dict[str, ServerKind] = {
    "oxigraph": ServerKind("oxigraph", "query", "update", "store"),
    "fuseki": ServerKind("fuseki", "query", "update", "data"),
    "virtuoso": ServerKind("virtuoso", "sparql", "sparql", "sparql-graph-crud", merged_graph=MERGED_GRAPH,
                           list_named_graphs=True,
                           system_graphs=("http://www.openlinksw.com/", "http://localhost:", "http://localuriqaserver/",
                                          "http://www.w3.org/ns/ldp#", "http://www.w3.org/2002/07/owl#",
                                          "urn:activitystreams-owl:map", "virtrdf:"),
                           timeout_param="timeout", inline_limit=0, ask_via_select=True),
    "sparql": ServerKind("sparql", "", "", None),
}


class RemoteStore(GraphStore):
    """A SPARQL 1.1 server (see the module docstring)."""

    kind = "remote"

    def __init__(self, base: str, server: ServerKind, *, timeout: float = 60.0,
                 auth: tuple[str, str] | None = None, token: str | None = None,
                 query_url: str | None = None, update_url: str | None = None, gsp_url: str | None = None) -> None:
        self.base = base.rstrip("/")
        self.server = server
        self.merge = Merge(server.merged_graph)
        self.timeout = timeout
        self.query_url = query_url or _join(self.base, server.query)
        self.update_url = update_url or _join(self.base, server.update)
        self.gsp_url = gsp_url or (_join(self.base, server.gsp) if server.gsp else None)
        self.location = self.base
        self._token = token
        self._opener = _opener(self.query_url, auth)
        self._writes = 0
        self._lock = threading.RLock()
        self._named: tuple[str, list[str]] | None = None
        self._version_cache: tuple[float, str] | None = None

    @classmethod
    def from_spec(cls, spec: str) -> RemoteStore:
        scheme, rest = spec.split("://", 1)
        kind_name = scheme.split("+", 1)[0] if "+" in scheme else None
        url = scheme.rsplit("+", 1)[-1] + "://" + rest
        env = os.environ
        user, password = env.get("CHAINKG_STORE_USER"), env.get("CHAINKG_STORE_PASSWORD")
        auth = (user, password or "") if user else None
        token = env.get("CHAINKG_STORE_TOKEN") or None
        try:
            timeout = float(env.get("CHAINKG_STORE_TIMEOUT", "60"))
        except ValueError:
            raise StoreError("CHAINKG_STORE_TIMEOUT must be a number of seconds") from None
        if kind_name is None:
            kind_name = _detect(url, auth, token, timeout)
        if kind_name not in SERVERS:
            raise StoreError(f"--store {spec}: unknown kind of server '{kind_name}' (one of "
                             + ", ".join(f"{k}+http://…" for k in SERVERS) + ")")
        return cls(url, SERVERS[kind_name], timeout=timeout, auth=auth, token=token,
                   query_url=env.get("CHAINKG_QUERY_URL") or None, update_url=env.get("CHAINKG_UPDATE_URL") or None,
                   gsp_url=env.get("CHAINKG_GSP_URL") or None)

    # -- HTTP -----------------------------------------------------------------------------------

    def _request(self, method: str, url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
                 timeout: float | None = None, limit: int = 0) -> tuple[int, dict[str, str], bytes, bool]:
        """One request; (status, headers, body, cut at ``limit`` bytes). 4xx/5xx raise."""
        req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        if self._token:
            req.add_header("Authorization", f"Bearer {self._token}")
        wait = timeout or self.timeout
        try:
            with self._opener.open(req, timeout=wait) as resp:
                body, cut = _read(resp, limit)
                return resp.status, {k.lower(): v for k, v in resp.headers.items()}, body, cut
        except urllib.error.HTTPError as exc:
            text = _read(exc, 4000)[0].decode("utf-8", "replace").strip()
            raise _server_error(exc.code, text, url) from None
        except TimeoutError:
            raise QueryTimeout(wait) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, TimeoutError | socket.timeout):
                raise QueryTimeout(wait) from None
            raise StoreError(f"cannot reach the SPARQL server at {self.base}: {reason}") from None
        except (ConnectionError, OSError) as exc:
            raise StoreError(f"the SPARQL server at {self.base} broke the connection: {exc}") from None

    def _dataset(self, job: QueryJob | None = None) -> list[tuple[str, str]]:
        if job is not None and (job.default_graph is not None or job.named_graphs is not None):
            return [("default-graph-uri", g) for g in job.default_graph or []] + [
                ("named-graph-uri", g) for g in job.named_graphs or []]
        if job is not None and analyze(job.query).has_dataset:
            return []
        if self.server.merged_graph is None:
            return []
        params = [("default-graph-uri", self.server.merged_graph)]
        if self.server.list_named_graphs:
            params += [("named-graph-uri", g) for g in self._named_graphs()]
        return params

    def _post_query(self, query: str, accept: str, *, params: list[tuple[str, str]] | None = None,
                    timeout: float | None = None, limit: int = 0, base: str | None = None) -> tuple[bytes, bool]:
        fields = [("query", query), *(params or [])]
        if self.server.timeout_param and timeout:
            fields.append((self.server.timeout_param, str(int(timeout * 1000))))
        data = urllib.parse.urlencode(fields).encode()
        _, _, body, cut = self._request("POST", self.query_url, data=data, timeout=timeout, limit=limit,
                                        headers={"Content-Type": "application/x-www-form-urlencoded",
                                                 "Accept": accept})
        return body, cut

    def _post_update(self, text: str) -> None:
        data = urllib.parse.urlencode([("update", text)]).encode()
        with self._lock:
            self._request("POST", self.update_url, data=data,
                          headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "*/*"})
            self._writes += 1
            self._named = None
            self._version_cache = None

    # -- queries --------------------------------------------------------------------------------

    def run(self, job: QueryJob, *, timeout: float | None = None) -> QueryResult:
        info = analyze(job.query)
        triples = info.form in ("CONSTRUCT", "DESCRIBE")
        if triples and job.graph is None:
            raise QueryError(406, "CONSTRUCT and DESCRIBE results are available as RDF (text/turtle …)")
        if not triples and job.results is None:
            raise QueryError(406, "SELECT and ASK results are available as SPARQL results (JSON, XML, CSV, TSV)")
        if info.form == "ASK" and self.server.ask_via_select:
            answer = self._ask_via_select(job.query, self._dataset(job), timeout)
            return QueryResult("boolean", job.results, _boolean(answer, job.results))
        accept = NTRIPLES.media if triples else job.results or JSON_RESULTS.media
        text = PREFIX_HEADER + job.query if job.prefixes else job.query
        try:
            body, cut = self._post_query(text, accept, params=self._dataset(job), timeout=timeout,
                                         limit=job.byte_limit, base=job.base)
        except QueryError as exc:
            if job.prefixes and exc.detail.get("syntax"):
                raise _shifted(exc, PREFIX_HEADER.count("\n")) from None
            raise
        kind = "triples" if triples else "boolean" if info.form == "ASK" else "solutions"
        return result_from_body(kind, job.graph if triples else accept, body, job, bytes_cut=cut)

    def select(self, sparql: str, *, timeout: float | None = None) -> ox.QuerySolutions:
        body, _ = self._post_query(_with_prefixes(sparql), JSON_RESULTS.media, params=self._dataset(),
                                   timeout=timeout)
        result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError(400, "not a SELECT query")
        return result

    def ask(self, sparql: str) -> bool:
        if self.server.ask_via_select:
            return self._ask_via_select(_with_prefixes(sparql), self._dataset())
        body, _ = self._post_query(_with_prefixes(sparql), JSON_RESULTS.media, params=self._dataset())
        return bool(json.loads(body).get("boolean"))

    def _ask_via_select(self, sparql: str, params: list[tuple[str, str]], timeout: float | None = None) -> bool:
        body, _ = self._post_query(ask_as_select(sparql), JSON_RESULTS.media, params=params, timeout=timeout)
        return bool(json.loads(body)["results"]["bindings"])

    def construct(self, sparql: str) -> Iterable[ox.Triple]:
        body, _ = self._post_query(_with_prefixes(sparql), NTRIPLES.media, params=self._dataset())
        return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))

    # -- graphs -----------------------------------------------------------------------------------

    def _graph_filter(self) -> str:
        excluded = [f'!STRSTARTS(STR(?g), "{p}")' for p in self.server.system_graphs]
        excluded.append(f'!STRSTARTS(STR(?g), "{STAGING_PREFIX}")')
        if self.server.merged_graph:
            excluded.append(f"?g != <{self.server.merged_graph}>")
        return f"FILTER({' && '.join(excluded)})"

    def graph_sizes(self) -> dict[str, int]:
        body, _ = self._post_query(
            f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter()} }} GROUP BY ?g",
            JSON_RESULTS.media)
        rows = json.loads(body)["results"]["bindings"]
        return dict(sorted((r["g"]["value"], int(r["n"]["value"])) for r in rows))

    def _named_graphs(self) -> list[str]:
        version = self.version()
        if self._named is None or self._named[0] != version:
            body, _ = self._post_query(
                f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._graph_filter()} }}", JSON_RESULTS.media)
            self._named = (version, sorted(r["g"]["value"] for r in json.loads(body)["results"]["bindings"]))
        return self._named[1]

    def has_graph(self, graph: str | URIRef) -> bool:
        body, _ = self._post_query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", JSON_RESULTS.media)
        return bool(json.loads(body).get("boolean"))

    def read_graph(self, graph: str | None, fmt: Format) -> bytes:
        if graph is None:
            triples = self.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        else:
            body, _ = self._post_query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                                       NTRIPLES.media)
            triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        return ox.serialize(triples, format=fmt.ox, prefixes=PREFIXES if fmt.prefixed else None)  # type: ignore[arg-type]

    def dump(self, out: str | os.PathLike[str] | IO[bytes], fmt: Format, *, graph: str | None = None) -> None:
        if graph is not None or not fmt.datasets:
            data = self.read_graph(graph, fmt)
            if isinstance(out, str | os.PathLike):
                with open(out, "wb") as f:
                    f.write(data)
            else:
                out.write(data)
            return
        quads: list[ox.Quad] = []
        for g in self.graph_sizes():
            body, _ = self._post_query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}",
                                       NTRIPLES.media)
            node = ox.NamedNode(g)
            quads += [ox.Quad(t.subject, t.predicate, t.object, node)
                      for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
        ox.serialize(quads, out, fmt.ox, prefixes=PREFIXES if fmt.prefixed else None)  # type: ignore[arg-type]

    def version(self) -> str:
        now = time.monotonic()
        if self._version_cache and now - self._version_cache[0] < 1.0:
            return self._version_cache[1]
        body, _ = self._post_query(
            f"""SELECT (MAX(STR(?t)) AS ?v) (COUNT(?g) AS ?n) WHERE {{ GRAPH <{CATALOG_GRAPH}> {{
                ?g <http://www.w3.org/ns/prov#generatedAtTime> ?t }} }}""", JSON_RESULTS.media)
        rows = json.loads(body)["results"]["bindings"]
        row = rows[0] if rows else {}
        token = f"{row.get('v', {}).get('value', '')}/{row.get('n', {}).get('value', '0')}/{self._writes}"
        self._version_cache = (now, token)
        return token

    # -- writes -----------------------------------------------------------------------------------

    def update(self, sparql: str, *, base: str | None = None) -> None:
        self.check_writable()
        text, _ = self.merge.wrap_update(sparql)
        if base:
            text = f"BASE <{base}>\n{text}"
        self._post_update(text)

    def replace_graph(self, graph: str | URIRef, triples: Triples, *, label: str, kind: str, location: str,
                      software: str = "chainkg", bulk: bool = False,
                      progress: Callable[[int], None] | None = None) -> int:
        self.check_writable()
        target = str(graph)
        lines = {f"{t.subject} {t.predicate} {t.object} ." for t in as_ox_triples(triples)}
        count = len(lines)
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        meta = " ".join(f"{t.subject} {t.predicate} {t.object} ."
                        for t in catalog_triples(target, SourceMeta(label, kind, location, software), count, now))
        staged = STAGING_PREFIX + uuid.uuid4().hex
        ntriples = "\n".join(sorted(lines))
        ops: list[str] = []
        if len(ntriples) <= self.server.inline_limit or self.gsp_url is None:
            ops.append(f"INSERT DATA {{ GRAPH <{staged}> {{ {ntriples} }} }}")
        else:
            self._put(staged, ntriples.encode())
        ops += [*self.merge.replace_ops(target, staged), *self.merge.catalog(target, meta),
                f"DROP SILENT GRAPH <{staged}>"]
        try:
            self._post_update(" ;\n".join(ops))
        except BaseException:
            self._silent(f"DROP SILENT GRAPH <{staged}>")
            raise
        return count

    def drop_graph(self, graph: str | URIRef) -> bool:
        self.check_writable()
        if not self.has_graph(graph):
            return False
        self._post_update(" ;\n".join(self.merge.drop_ops(str(graph))))
        return True

    def _put(self, graph: str, ntriples: bytes) -> None:
        assert self.gsp_url is not None
        url = self.gsp_url + ("&" if "?" in self.gsp_url else "?") + urllib.parse.urlencode({"graph": graph})
        self._request("PUT", url, data=ntriples, headers={"Content-Type": "application/n-triples"},
                      timeout=max(self.timeout, 300))

    def _silent(self, text: str) -> None:
        try:
            self._post_update(text)
        except (StoreError, QueryError):
            pass

    def with_kind(self, **changes: Any) -> RemoteStore:  # noqa: ANN401
        """The same server with some of its ``ServerKind`` changed (tests, unusual servers)."""
        return RemoteStore(self.base, replace(self.server, **changes), timeout=self.timeout, token=self._token)


# -- helpers ------------------------------------------------------------------------------------


def _join(base: str, path: str) -> str:
    return base if not path else f"{base}/{path}"


def _shifted(exc: QueryError, lines: int) -> QueryError:
    """The error with its line numbers counted from the query's own first line (``lines`` were put before it)."""
    def fix(text: str) -> str:
        return re.sub(r"(\d+):(\d+)", lambda m: f"{max(1, int(m.group(1)) - lines)}:{m.group(2)}", text, count=1)

    return QueryError(exc.status, fix(exc.message), detail={"syntax": fix(exc.detail["syntax"])})


def _with_prefixes(sparql: str) -> str:
    """The project's prefixes before a query of chainkg's own code (which may use ``ckg:`` …).

    A prefix the query declares again wins (a later PREFIX of the same name replaces it).
    """
    return PREFIX_HEADER + sparql


def ask_as_select(sparql: str) -> str:
    """An ASK query as ``SELECT * … LIMIT 1`` (same answer: a row or none)."""
    from chainkg.graph.sparql_text import tokenize, with_row_limit

    form = next((t for t in tokenize(sparql) if t.kind == "word" and t.upper == "ASK"), None)
    if form is None:
        return sparql
    text = sparql[:form.start] + "SELECT *" + sparql[form.end:]  # WHERE is optional in both forms
    limited, _ = with_row_limit(text, analyze(text), 0)
    return limited


def _boolean(answer: bool, media: str) -> bytes:
    """A boolean result serialized by pyoxigraph itself (an ASK on an empty store)."""
    from chainkg.graph.results import RESULT_MEDIA

    result = ox.Store().query("ASK {}" if answer else "ASK { FILTER(false) }")
    return result.serialize(format=RESULT_MEDIA[media])


def _read(resp: Any, limit: int) -> tuple[bytes, bool]:  # noqa: ANN401 - an http.client response
    if not limit:
        return resp.read(), False
    parts, size = [], 0
    while True:
        chunk = resp.read(min(1 << 16, limit + 1 - size))
        if not chunk:
            return b"".join(parts), False
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            return b"".join(parts)[:limit], True


def _server_error(status: int, text: str, url: str) -> Exception:
    message = re.sub(r"\s+", " ", text)[:600] or f"HTTP {status}"
    if status in (400, 406, 415):
        syntax = "syntax" in message.lower() or "parse" in message.lower() or "expected" in message.lower()
        return QueryError(400 if status == 400 else status,
                          ("SPARQL syntax error: " if syntax else "the SPARQL server refused the request: ") + message,
                          detail={"syntax": message} if syntax else None)
    if status in (401, 403):
        return StoreError(f"the SPARQL server at {url} refused the credentials (HTTP {status}); set "
                          "CHAINKG_STORE_USER and CHAINKG_STORE_PASSWORD, or CHAINKG_STORE_TOKEN")
    if status == 404:
        return StoreError(f"no SPARQL endpoint at {url} (HTTP 404); give the kind of server "
                          "(oxigraph+http://, virtuoso+http://, fuseki+http://) or CHAINKG_QUERY_URL")
    if status in (503, 504):
        return QueryError(503, f"the SPARQL server is busy or timed out (HTTP {status}): {message}")
    return StoreError(f"the SPARQL server at {url} failed (HTTP {status}): {message}")


def _opener(url: str, auth: tuple[str, str] | None) -> urllib.request.OpenerDirector:
    handlers: list[Any] = [urllib.request.ProxyHandler({})]  # never through a proxy from the environment
    if auth:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        parsed = urllib.parse.urlsplit(url)
        manager.add_password(None, f"{parsed.scheme}://{parsed.netloc}/", auth[0], auth[1])
        handlers += [urllib.request.HTTPBasicAuthHandler(manager), urllib.request.HTTPDigestAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


def _detect(url: str, auth: tuple[str, str] | None, token: str | None, timeout: float) -> str:
    """The kind of server at ``url``, from its ``Server`` header."""
    req = urllib.request.Request(url, method="GET")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if auth:
        req.add_header("Authorization", "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode())
    try:
        with _opener(url, None).open(req, timeout=min(timeout, 10)) as resp:
            server = resp.headers.get("Server", "")
    except urllib.error.HTTPError as exc:
        server = exc.headers.get("Server", "") if exc.headers else ""
    except (urllib.error.URLError, OSError) as exc:
        raise StoreError(f"cannot reach the SPARQL server at {url}: {getattr(exc, 'reason', exc)}") from None
    low = server.lower()
    if "oxigraph" in low:
        return "oxigraph"
    if "virtuoso" in low:
        return "virtuoso"
    if "fuseki" in low or "jena" in low:
        return "fuseki"
    return "sparql"
