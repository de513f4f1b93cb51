"""The embedded store: pyoxigraph in this process, on disk or in memory.

Layout (``chainkg.graph.store``): one named graph per source, the catalog graph, and the
store's own default graph kept as the merge of all named graphs. A query without a
dataset therefore runs on Oxigraph's default graph as it is, with no union flag: set
semantics, and faster than the union (no scan of every graph).

Writes. ``replace_graph`` and ``drop_graph`` compute in Python what changes: the
source's added and removed triples, its catalog entry, the triples the merge gains,
and the removed ones that no other graph still states (one index look-up each).
The change is then applied in one transaction: one ``extend`` when nothing is removed
(a first ingest; the cheapest transactional write there is), else one SPARQL update of
``DELETE DATA``/``INSERT DATA``. A dropped graph larger than ``PATTERN_LIMIT``
triples, and a replacement that removes some triples and changes more than that many,
go by a pattern update instead (``merge.py``), so that the change never becomes a
query text of millions of triples; a large graph replaced by nearly the same content
(re-ingesting an updated national file) is compared by index look-ups (``_diff``), not
by a pattern update: 7 s instead of 126 s for 422,819 unchanged triples. ``update`` (SPARQL Update through the
service) is rewritten and wrapped by ``merge.Merge.wrap_update``. Writes from threads of
one process are serialized by a lock, because a diff is computed against the state the
write replaces.

Measured on 360,000 triples (this machine): ``extend`` into one graph 8.4 s, into the
graph and the merge 14–27 s (shared machine; two copies, about twice the work);
``bulk_load`` 4.8 s but not atomic.

Bulk loads. ``replace_graph(bulk=True)`` (what ``chainkg ingest`` asks for) lets a *new*
source of at least ``BULK_MIN`` triples, in a store on disk that no service is serving,
go through Oxigraph's bulk loader, three to four times faster than a transaction. It
is made safe against a crash by a marker: the catalog records ``ckg:loadingSince``
(one transaction) before the load and replaces it by the source's entry after; a store
opened with a marker left drops that half-loaded source and what only it stated in the
merge. What it does not give is isolation: a process that opens the store read-only
during the load may see part of the source. Through a running service, and for every
source that replaces an older version, writes stay transactional.

Faults (a full disk, any IO error). An ``OSError`` of the engine becomes a ``StoreError``
that names the cause in words and no path of this machine (``_short``: RocksDB puts the
file it failed on in its message); the server answers it with 503 and ``Retry-After``.
RocksDB stops taking writes after a failed one (a "background error") and, without a
``Resume`` that pyoxigraph does not expose, stays so until the store is reopened: the
first write after a fault therefore reopens the store (``_recover``), a read-only copy
serving readers meanwhile, so writes work again as soon as space is back (measured on a
64 MB tmpfs filled to the last byte: the write fails, reads go on, the write after the
filler file is removed succeeds). A store that cannot be opened for writing at all (a
full disk: RocksDB writes a new manifest when it opens) is opened read-only instead: a
command that only reads works, and a write tries to reopen it for writing first and
fails with the cause while it cannot.

Reading while another process writes: Oxigraph allows one writer per directory, and
``open(read_only=True)`` opens a store that another process holds (RocksDB read-only,
seeing what that process had written when it was opened). A ``chainkg serve`` records
its address in the store folder (``SERVER_FILE``), so that a command that must write
can go through it (``chainkg.graph.backends.served``).
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import URIRef

from chainkg.graph.backends.merge import Merge
from chainkg.graph.errors import StoreError
from chainkg.graph.formats import Format
from chainkg.graph.results import QueryError, QueryJob, QueryResult, tsv_value_rows
from chainkg.graph.store import (
    STAGING_PREFIX,
    GraphStore,
    SourceMeta,
    StoreLocked,
    Triples,
    catalog_triples,
    triple_set,
)
from chainkg.ontology.namespaces import CATALOG_GRAPH, PREFIXES

#: Above this many changed triples a change is sent as SPARQL patterns, not as data.
PATTERN_LIMIT = 200_000
#: A new source of at least this many triples may be bulk-loaded (``replace_graph(bulk=True)``).
BULK_MIN = 10_000
#: A bulk load serializes and loads its triples this many at a time.
BULK_PART = 250_000
#: A running ``chainkg serve`` writes its address here, in the store folder.
SERVER_FILE = ".chainkg-server.json"
DEFAULT = ox.DefaultGraph()
CATALOG = ox.NamedNode(str(CATALOG_GRAPH))
#: In the catalog while a source is being bulk-loaded; a store opened with it left drops that source.
LOADING = ox.NamedNode("https://w3id.org/chainkg/def#loadingSince")


def _node(graph: str | URIRef | ox.NamedNode) -> ox.NamedNode:
    return graph if isinstance(graph, ox.NamedNode) else ox.NamedNode(str(graph))


def _data_block(quads: Iterable[ox.Quad]) -> str:
    """Quads as the body of INSERT DATA / DELETE DATA: default-graph triples bare, others in GRAPH blocks."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        key = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(key, []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = [" ".join(by_graph.pop(""))] if "" in by_graph else []
    parts += [f"GRAPH {g} {{ {' '.join(lines)} }}" for g, lines in by_graph.items()]
    return " ".join(parts)


def _has_blank_nodes(triples: Iterable[ox.Triple]) -> bool:
    return any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class EmbeddedStore(GraphStore):
    """A pyoxigraph store; see the module docstring."""

    kind = "embedded"
    merge = Merge(None)

    def __init__(self, store: ox.Store, location: str, *, read_only: bool = False) -> None:
        self._ox = store
        self.location = location
        self.read_only = read_only
        self.kind = "memory" if location == "memory" else "embedded"
        self._lock = threading.RLock()
        self._writes = 0
        self._token = uuid.uuid4().hex[:8]
        self.pool: Any = None  # chainkg.graph.backends.workers.WorkerPool, when started
        #: why the last write failed (an IO error); the next write reopens the store first (``_recover``)
        self.fault: str | None = None
        self._fallback = False  # self._ox is a read-only copy standing in for the writer after a fault
        #: set in a query worker: the version of the server's store this read-only copy follows
        self.pinned_version: str | None = None

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def memory(cls) -> EmbeddedStore:
        return cls(ox.Store(), "memory")

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> EmbeddedStore:
        if path.exists() and not path.is_dir():
            raise StoreError(f"--store {path}: not a directory")
        if read_only and not path.exists():
            raise StoreError(f"--store {path}: no store there (run 'chainkg build' or 'chainkg ingest' first)")
        try:
            path.mkdir(parents=True, exist_ok=True)
            store = cls(ox.Store(str(path)), str(path))
        except OSError as exc:
            msg = str(exc)
            if "lock" not in msg.lower():
                # a full disk (or another IO error) while opening for writing: reading may still work
                try:
                    fallback = cls._read_only(path)
                except StoreError:
                    raise StoreError(f"cannot open the store at {path}: {_short(msg)}") from None
                if not read_only:
                    fallback.read_only, fallback.fault, fallback._fallback = False, _short(msg), True
                return fallback
            server = running_server(path)
            if read_only:
                return cls._read_only(path)
            who = (f"'chainkg serve' (pid {server['pid']}, {server['url']})" if server else "another process")
            raise StoreLocked(f"the store at {path} is in use by {who}", path, server) from None
        store.remove_stale_staging()
        return store

    @classmethod
    def _read_only(cls, path: Path) -> EmbeddedStore:
        """Open for reading a store another process writes. The writer may compact while this opens
        (a file named by the manifest is gone by the time it is read): that is retried."""
        import time

        for attempt in range(10):
            try:
                return cls(ox.Store.read_only(str(path)), str(path), read_only=True)
            except (OSError, RuntimeError) as exc:
                if attempt == 9 or "No such file" not in str(exc):
                    raise StoreError(f"cannot open the store at {path} for reading: {_short(str(exc))}") from None
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("not reached")

    # -- queries ------------------------------------------------------------------------------

    def start_workers(self, size: int, *, isolate_network: bool = True, prefork: bool = False,
                      memory_limit: int | None = None, queue_wait: float | None = None) -> None:
        """Run ``run()`` jobs and ``call()``s in ``size`` killable worker processes (``workers.WorkerPool``).

        On disk the workers open the store read-only themselves; in memory they are forked. The
        store owns them: they stop with ``close()``, when this store object is collected, or at exit
        (the pool registers itself with ``atexit``), never because an app that served it is gone.
        """
        import weakref

        from chainkg.graph.backends import workers

        if size <= 0:
            return
        self.pool = workers.WorkerPool(
            self._ox, size, path=self.location if self.kind == "embedded" else None,
            isolate_network=isolate_network,
            memory_limit=workers.DEFAULT_MEMORY_LIMIT if memory_limit is None else memory_limit,
            queue_wait=workers.DEFAULT_QUEUE_WAIT if queue_wait is None else queue_wait)
        self.pool.version = self.version()
        weakref.finalize(self, self.pool.close)  # the pool holds the pyoxigraph store, never this object
        if prefork:
            self.pool.prefork()

    def call(self, func: Any, *args: Any, timeout: float | None = None, client: str = "",  # noqa: ANN401
             **kwargs: Any) -> Any:
        """``func(self, *args, **kwargs)``, in a query worker (time limit, memory ceiling) when they run."""
        if self.pool is not None and timeout:
            return self.pool.call(func, args, kwargs, timeout, self.version(), client)
        return func(self, *args, **kwargs)

    def run(self, job: QueryJob, *, timeout: float | None = None) -> QueryResult:
        if self.pool is not None and timeout:
            return self.pool.run(job, timeout)
        from chainkg.graph.backends.workers import execute

        return execute(self._ox, job)

    def _query(self, sparql: str) -> Any:  # noqa: ANN401 - a pyoxigraph result
        try:
            return self._ox.query(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise QueryError(400, f"SPARQL syntax error: {exc}", detail={"syntax": str(exc)}) from None
        except OSError as exc:
            raise StoreError(f"the store cannot be read: {_short(str(exc))}") from None

    def select(self, sparql: str, *, timeout: float | None = None) -> ox.QuerySolutions:
        result = self._query(sparql)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError(400, "not a SELECT query")
        return result

    def rows(self, sparql: str) -> list[dict[str, str]]:
        return tsv_value_rows(self.select(sparql).serialize(format=ox.QueryResultsFormat.TSV))

    def ask(self, sparql: str) -> bool:
        return bool(self._query(sparql))

    def construct(self, sparql: str) -> ox.QueryTriples:
        result = self._query(sparql)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError(400, "not a CONSTRUCT or DESCRIBE query")
        return result

    # -- graphs -------------------------------------------------------------------------------

    def graph_sizes(self) -> dict[str, int]:
        return {r[0].value: int(r[1].value) for r in self._ox.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")}

    def has_graph(self, graph: str | URIRef) -> bool:
        return self._ox.contains_named_graph(_node(graph))

    def read_graph(self, graph: str | None, fmt: Format) -> bytes:
        source = DEFAULT if graph is None else _node(graph)
        return self._ox.dump(format=fmt.ox, from_graph=source,  # type: ignore[arg-type]
                             prefixes=PREFIXES if fmt.prefixed else None)

    def dump(self, out: str | os.PathLike[str] | IO[bytes], fmt: Format, *, graph: str | None = None) -> None:
        prefixes = dict(PREFIXES) if fmt.prefixed else None
        if graph is not None:
            self._ox.dump(out, fmt.ox, from_graph=_node(graph), prefixes=prefixes)  # type: ignore[arg-type]
        elif fmt.datasets:
            quads = (q for q in self._ox.quads_for_pattern(None, None, None, None)
                     if not isinstance(q.graph_name, ox.DefaultGraph))
            ox.serialize(quads, out, fmt.ox, prefixes=prefixes)  # type: ignore[arg-type]
        else:
            self._ox.dump(out, fmt.ox, from_graph=DEFAULT, prefixes=prefixes)  # type: ignore[arg-type]

    def version(self) -> str:
        if self.pinned_version:
            return self.pinned_version
        return f"{self._token}:{self._writes}"

    def flush(self) -> None:
        if self.kind == "embedded" and not self.read_only and self.fault is None:
            try:
                self._ox.flush()
            except OSError as exc:
                self.fault = _short(str(exc))
                raise StoreError(f"the store cannot write to disk: {self.fault}") from None

    def check_writable(self) -> None:
        super().check_writable()
        if self.fault is not None:
            self._recover()

    def _recover(self) -> None:
        """Reopen the store for writing after a fault (module docstring, "Faults"); StoreError while it cannot.

        A read-only copy takes the readers first (it opens beside the writer), then the failed writer is let go
        (its lock with it) and a new one opened; if that fails, the read-only copy stays and the next write
        tries again."""
        with self._lock:
            if self.fault is None or self.kind != "embedded":
                return
            if not self._fallback:
                try:
                    readers = ox.Store.read_only(self.location)
                except (OSError, RuntimeError):
                    raise StoreError(f"the write failed and nothing was changed: {self.fault}") from None
                self._swap(readers)  # the failed writer is let go here (nothing else holds it)
                self._fallback = True
            try:
                store = ox.Store(self.location)
            except OSError as exc:
                if "lock" not in str(exc).lower():
                    self.fault = _short(str(exc))
                # else a reader still holds the old writer for a moment: the next write tries again
                raise StoreError(f"the write failed and nothing was changed: {self.fault}") from None
            self._swap(store)
            self._fallback = False
            self.fault = None
            self._writes += 1
            if self.pool is not None:
                self.pool.recycle(self.version())
            self.remove_stale_staging()

    def _swap(self, store: ox.Store) -> None:
        self._ox = store
        if self.pool is not None:
            self.pool.store = store

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    # -- writes -------------------------------------------------------------------------------

    def replace_graph(self, graph: str | URIRef, triples: Triples, *, label: str, kind: str, location: str,
                      software: str = "chainkg", bulk: bool = False,
                      progress: Callable[[int], None] | None = None) -> int:
        self.check_writable()
        target = _node(graph)
        new = triple_set(triples)
        meta = set(catalog_triples(target.value, SourceMeta(label, kind, location, software), len(new), _now()))
        with self._lock:
            if bulk and len(new) >= BULK_MIN and self.kind == "embedded" and \
                    not self._ox.contains_named_graph(target):
                self._bulk_new(target, new, meta, progress)
                return len(new)
            added, removed = self._diff(target, new)
            if _has_blank_nodes(removed) or removed and len(added) + len(removed) > PATTERN_LIMIT:
                # DELETE DATA cannot name a blank node; a large change is cheaper as patterns
                self._replace_by_patterns(target, new, meta)
                return len(new)
            old_meta = {q.triple for q in self._ox.quads_for_pattern(target, None, None, CATALOG)}
            self._apply({target: (added, removed), CATALOG: (meta - old_meta, old_meta - meta)})
        return len(new)

    def _diff(self, target: ox.NamedNode, new: set[ox.Triple]) -> tuple[set[ox.Triple], set[ox.Triple]]:
        """(added, removed) triples of ``target`` when it becomes ``new``. A large graph is compared by
        index look-ups and one scan rather than as a second set in memory: re-ingesting a national
        file of 422,819 unchanged triples took 126 s as a pattern update and takes a few seconds so."""
        if self._size(target) <= PATTERN_LIMIT:
            old = {q.triple for q in self._ox.quads_for_pattern(None, None, None, target)}
            return new - old, old - new
        added = {t for t in new if ox.Quad(t.subject, t.predicate, t.object, target) not in self._ox}
        removed = {q.triple for q in self._ox.quads_for_pattern(None, None, None, target) if q.triple not in new}
        return added, removed

    def drop_graph(self, graph: str | URIRef) -> bool:
        self.check_writable()
        target = _node(graph)
        with self._lock:
            if not self._ox.contains_named_graph(target):
                return False
            old = set() if self._size(target) > PATTERN_LIMIT else \
                {q.triple for q in self._ox.quads_for_pattern(None, None, None, target)}
            if not old or _has_blank_nodes(old):
                self._write_update(" ;\n".join(self.merge.drop_ops(target.value)))
                return True
            old_meta = {q.triple for q in self._ox.quads_for_pattern(target, None, None, CATALOG)}
            self._apply({target: (set(), old), CATALOG: (set(), old_meta)}, drop=[target])
        return True

    def update(self, sparql: str, *, base: str | None = None) -> None:
        self.check_writable()
        text, _ = self.merge.wrap_update(sparql)
        with self._lock:
            self._write_update(text, base=base)

    def remove_stale_staging(self) -> None:
        """Drop staging graphs left by a process that died mid-write, and sources it was bulk-loading."""
        if self.read_only:
            return
        try:
            for g in list(self._ox.named_graphs()):
                if isinstance(g, ox.NamedNode) and g.value.startswith(STAGING_PREFIX):
                    self._ox.remove_graph(g)
            for q in list(self._ox.quads_for_pattern(None, LOADING, None, CATALOG)):
                self._ox.update(" ;\n".join(self.merge.drop_ops(q.subject.value)))
        except OSError as exc:  # a full disk: left for the next time the store is opened for writing
            self.fault = _short(str(exc))

    def _bulk_new(self, target: ox.NamedNode, new: set[ox.Triple], meta: set[ox.Triple],
                  progress: Callable[[int], None] | None = None) -> None:
        """A large new source through Oxigraph's bulk loader (module docstring, "Bulk loads"): every part of
        ``BULK_PART`` triples into the source's graph, then every part into the merge, each part serialized
        as N-Triples when it is loaded (memory: never the whole text).

        Measured at 3.1 million triples (shared machine, so roughly): the parts alternating between the two
        graphs took 133 s, one ``bulk_load`` per graph reading a stream of the parts 137 s and 4.0 GB, this
        order 89 s and 2.5 GB."""
        marker = ox.Quad(target, LOADING, ox.Literal(_now()), CATALOG)
        self._write(lambda: self._ox.extend([marker]))
        triples = list(new)
        try:
            for graph in (target, DEFAULT):
                for i in range(0, len(triples), BULK_PART):
                    # lenient: the text is our own serialization of terms pyoxigraph parsed and checked already
                    data = ox.serialize(triples[i:i + BULK_PART], format=ox.RdfFormat.N_TRIPLES)
                    self._write(lambda g=graph, d=data: self._ox.bulk_load(d, format=ox.RdfFormat.N_TRIPLES,
                                                                           to_graph=g, lenient=True))
                    del data
                    if progress is not None:
                        progress(min(BULK_PART, len(triples) - i))
        except BaseException:
            try:
                self._ox.update(" ;\n".join(self.merge.drop_ops(target.value)))
            except OSError:
                pass  # the marker stays: the source is dropped when the store is next opened for writing
            raise
        add = [ox.Quad(t.subject, t.predicate, t.object, g) for t in meta for g in (CATALOG, DEFAULT)]
        self._write_update(f"DELETE DATA {{ {_data_block([marker])} }} ;\nINSERT DATA {{ {_data_block(add)} }}")

    # -- internals ------------------------------------------------------------------------------

    def _size(self, graph: ox.NamedNode) -> int:
        if not self._ox.contains_named_graph(graph):
            return 0
        return int(next(iter(self._ox.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")))[0].value)

    def _stated_elsewhere(self, t: ox.Triple, removed_from: set[ox.NamedNode]) -> bool:
        for q in self._ox.quads_for_pattern(t.subject, t.predicate, t.object, None):
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and g not in removed_from:
                return True
        return False

    def _apply(self, changes: dict[ox.NamedNode, tuple[set[ox.Triple], set[ox.Triple]]], *,
               drop: Iterable[ox.NamedNode] = ()) -> None:
        """Apply per-graph (added, removed) triples and the merge's share of them, in one transaction."""
        add_q = [ox.Quad(t.subject, t.predicate, t.object, g) for g, (added, _) in changes.items() for t in added]
        del_q = [ox.Quad(t.subject, t.predicate, t.object, g) for g, (_, removed) in changes.items() for t in removed]
        merge_add = {t for added, _ in changes.values() for t in added}
        losing: dict[ox.Triple, set[ox.NamedNode]] = {}
        for g, (_, removed) in changes.items():
            for t in removed:
                losing.setdefault(t, set()).add(g)
        merge_del = [t for t, gs in losing.items() if t not in merge_add and not self._stated_elsewhere(t, gs)]
        add_q += [ox.Quad(t.subject, t.predicate, t.object, DEFAULT) for t in merge_add]
        del_q += [ox.Quad(t.subject, t.predicate, t.object, DEFAULT) for t in merge_del]
        drops = [g for g in drop]
        if not del_q and not drops:
            if add_q:
                self._write(lambda: self._ox.extend(add_q))
            return
        ops = []
        if del_q:
            ops.append(f"DELETE DATA {{ {_data_block(del_q)} }}")
        if add_q:
            ops.append(f"INSERT DATA {{ {_data_block(add_q)} }}")
        ops += [f"DROP SILENT GRAPH {g}" for g in drops]
        self._write_update(" ;\n".join(ops))

    def _replace_by_patterns(self, target: ox.NamedNode, new: set[ox.Triple], meta: set[ox.Triple]) -> None:
        """A large replacement: stage the new triples (one extend), then one update swaps them in."""
        staged = ox.NamedNode(STAGING_PREFIX + uuid.uuid4().hex)
        try:
            self._write(lambda: self._ox.extend(ox.Quad(t.subject, t.predicate, t.object, staged) for t in new))
            ntriples = " ".join(f"{t.subject} {t.predicate} {t.object} ." for t in meta)
            ops = [*self.merge.replace_ops(target.value, staged.value), *self.merge.catalog(target.value, ntriples)]
            self._write_update(" ;\n".join(ops))
        finally:
            if self._ox.contains_named_graph(staged):
                self._write(lambda: self._ox.remove_graph(staged))

    def _write_update(self, text: str, *, base: str | None = None) -> None:
        self._write(lambda: self._ox.update(text, base_iri=base))

    def _write(self, action: Any) -> None:  # noqa: ANN401 - a callable
        try:
            action()
        except SyntaxError:
            raise
        except OSError as exc:
            self.fault = _short(str(exc))
            raise StoreError(f"the write failed and nothing was changed: {self.fault}") from None
        self._writes += 1
        if self.pool is not None:
            self.pool.recycle(self.version())


def _short(message: str) -> str:
    """A store error without the machine's paths in it (RocksDB puts the file it failed on first)."""
    import re

    msg = re.sub(r"(/[^\s:]+)+", "<store>", message)
    if "No space left" in message or "ENOSPC" in message:
        return "the disk is full (no space left on device)"
    if "Disk quota exceeded" in message:
        return "the disk quota is exceeded"
    if "File too large" in message:
        return "a file of the store reached the size limit of this process (file too large)"
    if "Read-only file system" in message:
        return "the disk is mounted read-only"
    return msg[:300]


# -- the running server's address ---------------------------------------------------------------


def register_server(path: str | os.PathLike[str], url: str) -> bool:
    """Record in the store folder that ``chainkg serve`` (this process) serves it at ``url``.

    False (and a warning) when it cannot be written (a full disk): the service still starts; commands that
    write then cannot find it and say that the store is in use."""
    p = Path(path) / SERVER_FILE
    try:
        Path(path).mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps({"url": url, "pid": os.getpid()}), encoding="utf-8")
        return True
    except OSError as exc:
        import sys

        try:
            p.unlink()
        except OSError:
            pass
        print(f"chainkg: warning: cannot record the service's address in the store folder "
              f"({_short(str(exc))})", file=sys.stderr)
        return False


def unregister_server(path: str | os.PathLike[str]) -> None:
    p = Path(path) / SERVER_FILE
    try:
        info = json.loads(p.read_text(encoding="utf-8"))
        if info.get("pid") == os.getpid():
            p.unlink()
    except (OSError, ValueError):
        pass


def running_server(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The ``{"url", "pid"}`` of the ``chainkg serve`` holding the store at ``path``, if it is alive."""
    p = Path(path) / SERVER_FILE
    try:
        info = json.loads(p.read_text(encoding="utf-8"))
        os.kill(int(info["pid"]), 0)
        return info
    except (OSError, ValueError, KeyError, TypeError):
        return None
