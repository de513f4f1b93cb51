"""Running one SPARQL query with a time limit that really stops it, and a row cap.

Why worker processes: pyoxigraph cannot cancel a query, so a thread that runs
one keeps running after its client gave up, and a dozen slow queries tie the
service up. The query runs instead in a child process that the server SIGKILLs
when the time limit passes: the work really stops, its memory is given back.

Why a pool of pre-forked children and not a fork per query: measured on this
machine (2 cores), forking the ~120 MB server process costs ~2 ms and the child's
exit another ~3 ms (page tables), more than the whole 2 ms budget for a small
query, and it grows with the store's memory. A pool of long-lived children forked
from the server (``CHAINKG_QUERY_WORKERS``, default 4) costs one round trip over a
Unix socket per query (~0.1 ms). The children share the open store with the
server copy-on-write, in memory or on disk, so nothing is loaded twice.

A child sees the store as it was when it was forked. The read-only service
never writes; with writes enabled (``/update``, the graph store protocol) the
server bumps a generation after each committed write and replaces every child
(idle ones at once, busy ones when they finish), so the next query sees the
write. A child that fails on a store file a later compaction removed is
replaced and the query is retried once.

The pool is forked when the app is created, before gunicorn starts its
request threads, so no lock of another thread is copied held; a replacement
forked later from a threaded server is checked with a probe query before use.
Each child resets the server's signal handlers, closes the sockets it inherited
(client connections of other requests, the listening socket), dies with its
parent (``PR_SET_PDEATHSIG``), and where the kernel allows it drops all network
access (a new, empty network namespace): a second line of defence, after
``chainkg.server.sparql_guard``, against a query opening a connection.

The row cap (``CHAINKG_ROW_LIMIT``): a SELECT is sent to the engine with
``LIMIT cap+1`` (see ``sparql_guard.with_row_limit``), serialized natively by
Oxigraph, and its rows counted on the serialized bytes with an exact, format
aware count (no result term becomes a Python object). If there are more than
``cap`` rows the extra one is cut and the response says so: the header
``X-Chainkg-Truncated: true`` (with ``X-Chainkg-Row-Limit``), and in the body a
``"chainkg": {"truncated": true, "rowLimit": N}`` member in SPARQL JSON results
and a ``<link href="…#truncated"/>`` in the head of SPARQL XML results. CSV and
TSV have no place for it beyond the header. CONSTRUCT and DESCRIBE are capped at
``cap`` triples the same way.
"""

from __future__ import annotations

import atexit
import ctypes
import json
import os
import signal
import socket
import stat
import struct
import threading
import time
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import pyoxigraph as ox

from chainkg.ontology.namespaces import PREFIXES
from chainkg.server.rdfout import RDF_MEDIA

#: media type -> pyoxigraph results format
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: media type -> pyoxigraph RDF format, for CONSTRUCT and DESCRIBE (the same table as entity pages)
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {media: fmt for media, (fmt, _) in RDF_MEDIA.items()}
TRUNCATED_LINK = "https://w3id.org/chainkg/def#truncated"
_PREFIXED_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)


class QueryError(Exception):
    """A query the engine refused or could not finish; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class QueryResult:
    """The serialized answer: ``body`` in ``media``; ``rows`` counted, ``truncated`` if the cap cut it."""

    kind: str                    # "solutions", "boolean" or "triples"
    media: str
    body: bytes
    rows: int | None = None
    truncated: bool = False
    meta: dict[str, Any] = field(default_factory=dict)


# -- executing (in a worker, or in-process) -------------------------------------


def _graph(iri: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if iri == "" else ox.NamedNode(iri)


def execute(store: ox.Store, job: dict[str, Any]) -> QueryResult:
    """Evaluate ``job["query"]`` on ``store`` and serialize it; raises QueryError for the client's mistakes.

    ``job`` keys: ``query``; ``default_graph`` / ``named_graphs`` (lists of IRIs,
    or None) from the protocol; ``union`` (the default graph is the union of all
    graphs); ``tabular`` / ``graph`` (the negotiated media type for each kind of
    result, or None if the client accepts none); ``row_limit``; ``capped``
    (False when the query's own LIMIT is within the cap).
    """
    kwargs: dict[str, Any] = {"base_iri": job.get("base") or None}
    if job.get("default_graph") is not None or job.get("named_graphs") is not None:
        kwargs["default_graph"] = [_graph(g) for g in job.get("default_graph") or []]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.get("named_graphs") or []]
    elif job.get("union", True):
        kwargs["use_default_graph_as_union"] = True
    try:
        result = store.query(job["query"], **kwargs)
    except SyntaxError as exc:
        raise QueryError(400, f"SPARQL syntax error: {exc}") from None
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        raise QueryError(400, f"query failed: {exc}") from None
    cap = int(job.get("row_limit") or 0)
    try:
        if isinstance(result, ox.QueryBoolean):
            media = job.get("tabular")
            if media is None:
                raise QueryError(406, "ASK results are available as " + ", ".join(RESULT_FORMATS))
            return QueryResult("boolean", media, result.serialize(format=RESULT_FORMATS[media]))
        if isinstance(result, ox.QueryTriples):
            media = job.get("graph")
            if media is None:
                raise QueryError(406, "CONSTRUCT and DESCRIBE results are available as " + ", ".join(GRAPH_FORMATS))
            fmt = GRAPH_FORMATS[media]
            triples = list(islice(result, cap + 1)) if cap else list(result)
            truncated = bool(cap) and len(triples) > cap
            if truncated:
                del triples[cap:]
            prefixes = PREFIXES if fmt in _PREFIXED_FORMATS else None
            body = ox.serialize(triples, format=fmt, prefixes=prefixes)
            return QueryResult("triples", media, body, rows=len(triples), truncated=truncated)
        media = job.get("tabular")
        if media is None:
            raise QueryError(406, "SELECT results are available as " + ", ".join(RESULT_FORMATS))
        if cap and not job.get("capped", True):
            cap = 0
        if cap and job.get("rewritten") is False:
            return _select_via_tsv(result, media, cap)
        body = result.serialize(format=RESULT_FORMATS[media])
        rows = count_rows(body, media)
        truncated = bool(cap) and rows > cap
        if truncated:
            body = cut_rows(body, media, rows, cap)
            rows = cap
        return QueryResult("solutions", media, body, rows=rows, truncated=truncated)
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(400, f"query failed: {exc}") from None


def _select_via_tsv(result: ox.QuerySolutions, media: str, cap: int) -> QueryResult:
    """Cap a SELECT the engine was not asked to LIMIT (the guard could not place one)."""
    body = result.serialize(format=RESULT_FORMATS[media])
    rows = count_rows(body, media)
    if rows <= cap:
        return QueryResult("solutions", media, body, rows=rows)
    return QueryResult("solutions", media, _cut_generic(body, media, cap), rows=cap, truncated=True)


def _cut_generic(body: bytes, media: str, cap: int) -> bytes:
    """Keep the first ``cap`` rows of any SELECT result: through TSV, where a row is a line (all native)."""
    fmt = RESULT_FORMATS[media]
    tsv = body if fmt == ox.QueryResultsFormat.TSV else \
        ox.parse_query_results(body, format=fmt).serialize(format=ox.QueryResultsFormat.TSV)
    end = -1
    for _ in range(cap + 1):
        end = tsv.index(b"\n", end + 1)
    tsv = tsv[: end + 1]
    if fmt == ox.QueryResultsFormat.TSV:
        return tsv
    out = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=fmt)
    return _mark(out, media, cap)


def count_rows(body: bytes, media: str) -> int:
    """The number of solutions in a serialized SELECT result, exactly, without parsing it.

    JSON: outside strings (a raw ``"`` cannot occur inside one once ``\\\\`` and
    ``\\"`` are removed), each row opens an object right after ``[`` or ``,``; no
    other object does. XML: ``<`` is always escaped in text, so ``<result>`` is
    a row. TSV: one row per line (newlines in literals are escaped). CSV: one row
    per CRLF outside quotes.
    """
    if media == "application/sparql-results+json":
        if b"{}" not in body:
            # Fast path (no empty solution anywhere): rows are separated by ``},{"``, which cannot
            # occur inside a string (its quote would be escaped) nor inside a row (bindings of a
            # row are separated by ``},"``), so one C-level count does it.
            return 0 if b'"bindings":[]' in body else body.count(b'},{"') + 1
        outside = b"".join(body.replace(b"\\\\", b"").replace(b'\\"', b"").split(b'"')[0::2])
        return outside.count(b"[{") + outside.count(b",{")
    if media == "application/sparql-results+xml":
        return body.count(b"<result>")
    if media == "text/tab-separated-values":
        return max(body.count(b"\n") - 1, 0)
    parts = body.split(b'"')
    return max(sum(p.count(b"\r\n") for p in parts[0::2]) - 1, 0)


def cut_rows(body: bytes, media: str, rows: int, cap: int) -> bytes:
    """``body`` without rows past ``cap``, marked as truncated.

    The engine was asked for ``cap + 1`` rows, so normally exactly one row is cut,
    found from the end: in JSON a row boundary ``},{"`` cannot occur inside a
    string (its quote would be escaped) and an empty last row is ``{}]}}``.
    """
    if rows != cap + 1:
        return _cut_generic(body, media, cap)
    if media == "application/sparql-results+json":
        cut = len(body) - 6 if body.endswith(b",{}]}}") else body.rfind(b'},{"') + 1
        return _mark(body[:cut] + b"]}}", media, cap)
    if media == "application/sparql-results+xml":
        return _mark(body[: body.rfind(b"<result>")] + b"</results></sparql>", media, cap)
    if media == "text/tab-separated-values":
        return body[: body.rfind(b"\n", 0, len(body) - 1) + 1]
    pos = len(body) - 2
    while True:  # CSV: the last CRLF before the final one with an even number of quotes after it
        pos = body.rfind(b"\r\n", 0, pos)
        if pos < 0 or body.count(b'"', pos + 2) % 2 == 0:
            return body[: pos + 2] if pos >= 0 else body


def _mark(body: bytes, media: str, cap: int) -> bytes:
    """Say in the body itself that rows were cut (JSON member, XML head link)."""
    if media == "application/sparql-results+json":
        marker = json.dumps({"truncated": True, "rowLimit": cap}).encode()
        return body[:-1] + b',"chainkg":' + marker + b"}"
    if media == "application/sparql-results+xml":
        head_end = body.find(b"</head>")
        if head_end < 0:
            return body
        return body[:head_end] + f'<link href="{TRUNCATED_LINK}"/>'.encode() + body[head_end:]
    return body


# -- the worker pool --------------------------------------------------------------

_HEADER = struct.Struct("!I")
_libc = None


def _libc_call(name: str, *args: int) -> int:
    global _libc
    try:
        if _libc is None:
            _libc = ctypes.CDLL(None, use_errno=True)
        return int(getattr(_libc, name)(*args))
    except (OSError, AttributeError):
        return -1


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(_HEADER.pack(len(payload)) + payload)


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            raise EOFError("worker closed the connection")
        buf += chunk
    return bytes(buf)


def _recv(sock: socket.socket) -> bytes:
    (n,) = _HEADER.unpack(_recv_exact(sock, _HEADER.size))
    return _recv_exact(sock, n)


def _isolate_network() -> bool:
    """Move this (single-threaded, forked) process into an empty network namespace, if the kernel lets us."""
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    if _libc_call("unshare", clone_newnet) == 0:
        return True
    uid, gid = os.getuid(), os.getgid()
    if _libc_call("unshare", clone_newuser | clone_newnet) != 0:
        return False
    try:
        with open("/proc/self/setgroups", "w") as f:
            f.write("deny")
        with open("/proc/self/uid_map", "w") as f:
            f.write(f"{uid} {uid} 1")
        with open("/proc/self/gid_map", "w") as f:
            f.write(f"{gid} {gid} 1")
    except OSError:
        pass
    return True


def _child_main(sock: socket.socket, store: ox.Store, isolate: bool) -> None:
    """The worker: answer jobs from ``sock`` until it closes. Never returns."""
    code = 0
    try:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGUSR1,
                    signal.SIGUSR2, signal.SIGCHLD, signal.SIGWINCH, signal.SIGABRT):
            try:
                signal.signal(sig, signal.SIG_DFL)
            except (OSError, ValueError):
                pass
        _libc_call("prctl", 1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        if os.getppid() == 1:
            os._exit(0)
        keep = sock.fileno()
        for name in os.listdir("/proc/self/fd"):
            fd = int(name)
            if fd == keep or fd < 3:
                continue
            try:
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.close(fd)
            except OSError:
                pass
        isolated = _isolate_network() if isolate else False
        while True:
            try:
                raw = _recv(sock)
            except (EOFError, OSError):
                break
            job = json.loads(raw)
            if job.get("ping"):
                try:
                    store.query("ASK { ?s ?p ?o }")
                    _send(sock, json.dumps({"ok": True, "isolated": isolated}).encode())
                except Exception as exc:  # noqa: BLE001 - reported to the parent, which drops this worker
                    _send(sock, json.dumps({"ok": False, "status": 500, "message": str(exc)}).encode())
                continue
            try:
                res = execute(store, job)
                head = {"ok": True, "kind": res.kind, "media": res.media, "rows": res.rows,
                        "truncated": res.truncated, "size": len(res.body)}
                _send(sock, json.dumps(head).encode())
                sock.sendall(res.body)
            except QueryError as exc:
                _send(sock, json.dumps({"ok": False, "status": exc.status, "message": exc.message}).encode())
            except Exception as exc:  # noqa: BLE001 - the engine failed; the parent answers 500 and may retry
                _send(sock, json.dumps({"ok": False, "status": 500, "retry": True,
                                        "message": f"{type(exc).__name__}: {exc}"}).encode())
    except BaseException:  # noqa: BLE001 - a worker must never fall back into the server's code
        code = 1
    finally:
        os._exit(code)


class _Worker:
    def __init__(self, pid: int, sock: socket.socket, generation: int) -> None:
        self.pid, self.sock, self.generation = pid, sock, generation
        self.jobs = 0


class QueryTimeout(QueryError):
    def __init__(self, seconds: float) -> None:
        super().__init__(503, f"the query did not finish within the time limit of {seconds:g} s and was stopped; "
                              "make it more selective, or add a LIMIT")


class WorkerPool:
    """Pre-forked query processes sharing the open store; see the module docstring for why."""

    def __init__(self, store: ox.Store, size: int = 4, *, isolate_network: bool = True) -> None:
        self.store = store
        self.size = max(1, size)
        self.isolate_network = isolate_network
        self.generation = 0
        self.isolated: bool | None = None
        self._idle: list[_Worker] = []
        self._all: dict[int, _Worker] = {}
        self._cond = threading.Condition()
        self._closed = False
        atexit.register(self.close)

    # -- lifecycle
    def prefork(self) -> None:
        """Fork every worker now (call before the server starts its threads)."""
        with self._cond:
            while len(self._all) < self.size:
                worker = self._spawn()
                if worker is None:
                    break
                self._idle.append(worker)

    def _spawn(self) -> _Worker | None:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            parent.close()
            _child_main(child, self.store, self.isolate_network)
        child.close()
        worker = _Worker(pid, parent, self.generation)
        self._all[pid] = worker
        try:
            parent.settimeout(5)
            _send(parent, b'{"ping": true}')
            answer = json.loads(_recv(parent))
            if not answer.get("ok"):
                raise OSError(answer.get("message"))
            self.isolated = bool(answer.get("isolated"))
        except (OSError, EOFError, ValueError):
            self._kill(worker)
            return None
        return worker

    def _kill(self, worker: _Worker) -> None:
        self._all.pop(worker.pid, None)
        try:
            os.kill(worker.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(worker.pid, 0)
        except ChildProcessError:
            pass
        worker.sock.close()

    def close(self) -> None:
        """Stop every worker (at exit, and in tests)."""
        with self._cond:
            self._closed = True
            for worker in list(self._all.values()):
                self._kill(worker)
            self._idle.clear()
            self._cond.notify_all()

    def recycle(self) -> None:
        """After a write: replace every worker so that the next query sees it."""
        with self._cond:
            self.generation += 1
            for worker in self._idle:
                self._kill(worker)
            self._idle.clear()
            self._cond.notify_all()

    def pids(self) -> list[int]:
        with self._cond:
            return list(self._all)

    # -- running a job
    def _acquire(self, deadline: float) -> _Worker:
        with self._cond:
            while True:
                if self._closed:
                    raise QueryError(503, "the query service is shutting down")
                while self._idle:
                    worker = self._idle.pop()
                    if worker.generation == self.generation:
                        return worker
                    self._kill(worker)
                if len(self._all) < self.size:
                    worker = self._spawn()
                    if worker is not None:
                        return worker
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise QueryError(503, "all query workers are busy; try again shortly")
                self._cond.wait(min(remaining, 0.5))

    def _release(self, worker: _Worker) -> None:
        with self._cond:
            if worker.generation == self.generation and not self._closed and worker.pid in self._all:
                self._idle.append(worker)
            else:
                self._kill(worker)
            self._cond.notify()

    def _discard(self, worker: _Worker) -> None:
        with self._cond:
            self._kill(worker)
            self._cond.notify()

    def run(self, job: dict[str, Any], timeout: float) -> QueryResult:
        """Run ``job`` (see ``execute``) in a worker; QueryTimeout if it takes longer than ``timeout`` s."""
        deadline = time.monotonic() + timeout
        for attempt in range(2):
            worker = self._acquire(deadline)
            try:
                worker.sock.settimeout(max(deadline - time.monotonic(), 0.001))
                _send(worker.sock, json.dumps(job).encode())
            except OSError:
                self._discard(worker)  # a worker that died while idle: take another one
                if attempt == 0:
                    continue
                raise QueryError(503, "the query workers are restarting; try again") from None
            try:
                head = json.loads(_recv(worker.sock))
                body = _recv_exact(worker.sock, head["size"]) if head.get("ok") else b""
            except TimeoutError:
                self._discard(worker)
                raise QueryTimeout(timeout) from None
            except (OSError, EOFError, ValueError):
                # the worker died on this query: the engine crashed on it (e.g. a stack overflow on a
                # query nested or chained thousands deep). Not retried: it would crash again.
                self._discard(worker)
                raise QueryError(400, "the query engine stopped while evaluating this query (it is probably "
                                      "nested or chained too deeply); simplify it") from None
            if not head.get("ok") and head.get("retry"):
                self._discard(worker)
                if attempt == 0:
                    continue
                raise QueryError(500, head.get("message", "the query failed"))
            self._release(worker)
            if not head.get("ok"):
                raise QueryError(int(head.get("status", 500)), head.get("message", "the query failed"))
            return QueryResult(head["kind"], head["media"], body, rows=head.get("rows"),
                               truncated=bool(head.get("truncated")))
        raise QueryError(500, "the query worker failed")  # pragma: no cover
