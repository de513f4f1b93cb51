"""Running one SPARQL query (or one page's graph work) with a time limit and a memory ceiling that really stop it.

Why worker processes: pyoxigraph cannot cancel a query, so a thread that runs
one keeps running after its client gave up, and a dozen slow queries tie the
service up. The query runs instead in a child process that the server SIGKILLs
when the time limit passes: the work really stops, its memory is given back.
The same processes run the Python code of the pages that build networks
(``WorkerPool.call``: a neighbourhood of 5,000 nodes, a gap analysis), so that
page code is bounded the same way.

The memory ceiling: each worker sets ``RLIMIT_AS`` to its size once the store is
open plus ``memory_limit`` bytes (``CHAINKG_WORKER_MEMORY_MB``, default 256); the
module of a page function is imported with the ceiling lifted and the ceiling counted
again from the size after it, so that it bounds a job's data, not the code. A
1.4 KB query that doubles a string nineteen times asks for a gigabyte per row
before a single byte is serialized (the byte cap cannot help there); under the
ceiling the allocation fails, the engine aborts (Rust) or Python raises
``MemoryError``, and the client gets a 503 that says the query needed more memory
than a query may use. Workers run with one malloc arena
(``MALLOC_ARENA_MAX=1``), so that address space reserved ahead for other arenas
does not hide what a job allocates. When a worker dies on a job, the server reaps it
and reads how it ended: SIGABRT (the engine's failed allocation) or SIGKILL (the
kernel's OOM killer) is memory, 503; SIGSEGV is a stack overflow on a query nested
too deeply, 400. Deciding by the stderr words alone failed 2 of 6 full test runs:
an allocation at the ceiling can abort before it writes anything.

Two ways to start a worker, chosen by the store:

- **On disk** (``path`` given; what ``chainkg serve`` runs): each worker is a fresh
  Python process (``python -m chainkg.graph.backends.workers``, started with
  ``subprocess``, i.e. fork *and exec*) that opens the store itself with
  ``pyoxigraph.Store.read_only``. Nothing of the threaded server is copied into
  it, so no lock can be copied held (forking the threaded server once deadlocked
  a child, and 3 of 259 re-forked workers failed their start-up check). After a
  write the server bumps a generation; each job carries it, and a worker that
  sees a newer one reopens its read-only store first (45 ms on the bundled
  graph, measured on this machine) and then sees the write: no worker is killed
  or re-forked for a write, so readers never wait for one. A read-only store
  that fails on a file a compaction removed is reopened and the job retried, and
  before each job a worker whose table files a compaction removed reopens first
  (``_ChildStore.keep_tables``: pyoxigraph spins on such a file instead of failing).
- **In memory** (tests, ``--store memory``): a child can only reach the data by
  being forked, so these workers are forked, before the server starts its threads
  (``prefork``), and replaced after each write.

Why a pool of long-lived workers and not a process per query: forking the ~120 MB
server costs ~2 ms and the child's exit another ~3 ms (page tables), more than the
whole 2 ms budget for a small query; a round trip to a waiting worker over a Unix
socket costs ~0.1 ms. Starting a fresh worker (≈0.5 s) happens only at start-up and
when one was killed.

When every worker is busy, a request waits at most ``queue_wait`` seconds
(``CHAINKG_QUEUE_WAIT``, default 2) for one and is then refused with 503 (the HTTP
layer adds ``Retry-After``): a burst of expensive queries beyond the pool's
capacity is turned away quickly instead of queueing without end.

Each worker resets the server's signal handlers, closes the sockets it inherited,
dies with its parent (``PR_SET_PDEATHSIG``), and where the kernel allows it drops
all network access (a new, empty network namespace): a second line of defence,
after ``chainkg.graph.sparql_text`` and the refusal policy of the HTTP layer,
against a query opening a connection.

The caps on what a query may return (rows, bytes) are applied where the result is
serialized, in the worker (``chainkg.graph.results``), so a huge result never
crosses the socket.
"""

from __future__ import annotations

import atexit
import ctypes
import errno
import importlib
import json
import os
import pickle
import resource
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyoxigraph as ox

from chainkg.graph.results import QueryError, QueryJob, QueryResult, QueryTimeout, evaluate
from chainkg.ontology.namespaces import PREFIXES

#: Bytes a worker may allocate beyond its size once the store is open (0: no ceiling).
DEFAULT_MEMORY_LIMIT = 256 * 1024 * 1024
#: Seconds a request waits for a free worker before it is refused with 503.
DEFAULT_QUEUE_WAIT = 2.0
#: Seconds a new worker has to open the store and answer its start-up check.
STARTUP_TIMEOUT = 20.0


class MemoryLimitError(QueryError):
    """A job needed more memory than a worker may use (503)."""

    def __init__(self, limit: int, what: str = "query") -> None:
        mb = limit // (1024 * 1024)
        super().__init__(503, f"the {what} needed more memory than the limit of {mb} MB per query and was "
                              "stopped; make it more selective (fewer or shorter values)")


def _graph(iri: str) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if iri == "" else ox.NamedNode(iri)


def execute(store: ox.Store, job: QueryJob) -> QueryResult:
    """Evaluate ``job.query`` on ``store`` and serialize it; raises QueryError for the client's mistakes.

    Without a dataset in the job the default graph is the store's own default graph, which
    the embedded backend keeps as the merge of every named graph (set semantics).
    """
    kwargs: dict[str, Any] = {"base_iri": job.base or None, "prefixes": PREFIXES if job.prefixes else None}
    if job.default_graph is not None or job.named_graphs is not None:
        kwargs["default_graph"] = [_graph(g) for g in job.default_graph or []]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs or []]
    try:
        result = store.query(job.query, **kwargs)
    except SyntaxError as exc:
        raise QueryError(400, f"SPARQL syntax error: {exc}", detail={"syntax": str(exc)}) from None
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        raise QueryError(400, f"query failed: {exc}") from None
    return evaluate(result, job)


# -- framing ---------------------------------------------------------------------------

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
    """Move this (single-threaded) process into an empty network namespace, if the kernel lets us."""
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


def _vm_size() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _set_memory_ceiling(limit: int) -> None:
    """The soft ``RLIMIT_AS``: this process's size now plus ``limit`` (0: none). The hard limit stays open so
    that the worker itself can lift the ceiling while it reopens the store (RocksDB starts threads then, and
    a thread whose stack cannot be mapped aborts the process)."""
    if limit <= 0:
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (_vm_size() + limit, resource.RLIM_INFINITY))
    except (ValueError, OSError):
        pass


def _lift_memory_ceiling() -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    except (ValueError, OSError):
        pass


# -- the worker ------------------------------------------------------------------------


class _ChildStore:
    """The store as a worker sees it: the forked one, or an on-disk store opened read-only and reopened
    whenever the server's generation moved on."""

    def __init__(self, store: ox.Store | None, path: str | None, memory_limit: int = 0) -> None:
        self.path = path
        self.memory_limit = memory_limit
        #: the table files there were when the store was opened, and the folder's mtime when last looked at
        self._tables: set[str] = set()
        self._seen_mtime = 0
        self.store = store if store is not None else self._open()
        #: the server's write generation this store has seen (None: just opened, so it has seen them all)
        self.generation: int | None = None
        self._graph_store: Any = None

    def _open(self) -> ox.Store:
        assert self.path is not None
        last: Exception | None = None
        for attempt in range(50):  # the primary may be compacting: a file listed a moment ago is gone
            try:
                self._seen_mtime = os.stat(self.path).st_mtime_ns
                self._tables = self._table_files()
                return ox.Store.read_only(self.path)
            except (OSError, RuntimeError) as exc:
                last = exc
                time.sleep(0.01 * (attempt + 1))
        raise OSError(f"cannot open the store for reading: {last}")

    def _table_files(self) -> set[str]:
        assert self.path is not None
        return {n for n in os.listdir(self.path) if n.endswith(".sst")}

    def keep_tables(self) -> None:
        """Reopen before a job when the primary's compaction removed a table file this store may still read.

        Why: a read-only RocksDB store opens its table files lazily (18 of 45 after a first query on the 100k
        graph), so a file that a compaction of the primary removed after the open is read as an IO error, and
        pyoxigraph 0.5 does not stop there: the iterator yields the error again and again and the query spins
        until the time limit (seen in a full test run, reproduced on loopback under load: an ``ASK`` right after
        a 1 MB write answered 503 after 30 s in 1 of 7-10 tries, the worker at 100% CPU inside
        ``RocksDbDecodingQuadIterator``). A ``stat`` of the folder per job (microseconds) says whether any file
        came or went; only then is it listed."""
        if self.path is None:
            return
        try:
            mtime = os.stat(self.path).st_mtime_ns
            if mtime == self._seen_mtime:
                return
            self._seen_mtime = mtime
            if self._tables - self._table_files():
                self.reopen()
        except OSError:
            pass  # the folder itself is gone or unreadable: the job reports what the engine says

    def reopen(self) -> None:
        """Open the store afresh (it then sees every write committed so far), the old one closed first."""
        if self.path is None:
            return
        _lift_memory_ceiling()
        try:
            self._graph_store = None
            self.store = None  # type: ignore[assignment] - the old store closes (its threads end) here
            self.store = self._open()
        finally:
            _set_memory_ceiling(self.memory_limit)

    def import_module(self, name: str) -> Any:  # noqa: ANN401 - a module
        """Import a page function's module with the ceiling lifted, and count the ceiling from the size after
        it: the ceiling bounds what a job allocates, not the code it runs. (Imported under the ceiling, a fresh
        worker's first page failed in a full test run: an 8 MB ceiling broke the import of networkx halfway,
        as ``SystemError`` or ``OSError: [Errno 12]``, and the page was answered 500.)"""
        if name in sys.modules:
            return sys.modules[name]
        _lift_memory_ceiling()
        try:
            return importlib.import_module(name)
        finally:
            _set_memory_ceiling(self.memory_limit)

    def follow(self, generation: int) -> None:
        if self.path is not None and self.generation is not None and generation != self.generation:
            self.reopen()
        self.generation = generation

    def graph_store(self, version: str) -> Any:  # noqa: ANN401 - an EmbeddedStore
        """The store as a ``GraphStore`` for page code, its version pinned to the server's."""
        from chainkg.graph.backends.embedded import EmbeddedStore

        if self._graph_store is None or self._graph_store._ox is not self.store:
            self._graph_store = EmbeddedStore(self.store, self.path or "memory", read_only=True)
        self._graph_store.pinned_version = version
        return self._graph_store


def _out_of_memory(exc: BaseException) -> bool:
    """Whether ``exc`` is an allocation that failed under the ceiling: Python's ``MemoryError``, or an
    ``OSError`` with ENOMEM (an import or a file read that could not map its pages: seen in a full test run,
    where a fresh worker importing a networkx submodule under an 8 MB ceiling got 500 instead of 503)."""
    return isinstance(exc, MemoryError) or (isinstance(exc, OSError) and exc.errno == errno.ENOMEM)


def _answer(child: _ChildStore, sock: socket.socket, message: dict[str, Any], payload: bytes,
            memory_limit: int) -> None:
    child.follow(int(message.get("generation", 0)))
    child.keep_tables()
    if message.get("call"):
        module, name = message["call"]
        args, kwargs = pickle.loads(payload)
        try:
            func = getattr(child.import_module(module), name)
            value = func(child.graph_store(message.get("version", "")), *args, **kwargs)
        except QueryError as exc:
            _send(sock, json.dumps({"ok": False, "status": exc.status, "message": exc.message}).encode())
            return
        except Exception as exc:  # noqa: BLE001 - pickled back and raised in the server as it was
            if _out_of_memory(exc):
                _send(sock, json.dumps({"ok": False, "status": 503, "memory": True}).encode())
                return
            body = pickle.dumps(exc)
            _send(sock, json.dumps({"ok": False, "raise": True, "size": len(body)}).encode())
            sock.sendall(body)
            return
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        _send(sock, json.dumps({"ok": True, "size": len(body)}).encode())
        sock.sendall(body)
        return
    job = QueryJob.from_dict(message["job"])
    for attempt in range(2):
        try:
            res = execute(child.store, job)
            break
        except QueryError as exc:
            if attempt == 0 and child.path is not None and "No such file" in exc.message:
                child.reopen()  # a file a compaction removed: reopen and try once more
                continue
            raise
        except Exception as exc:
            if not _out_of_memory(exc):
                raise
            _send(sock, json.dumps({"ok": False, "status": 503, "memory": True}).encode())
            return
    head = {"ok": True, "kind": res.kind, "media": res.media, "rows": res.rows,
            "truncated": res.truncated, "reason": res.reason, "size": len(res.body)}
    _send(sock, json.dumps(head).encode())
    sock.sendall(res.body)


def _serve(sock: socket.socket, child: _ChildStore, isolated: bool, memory_limit: int) -> None:
    while True:
        try:
            raw = _recv(sock)
        except (EOFError, OSError):
            return
        split = raw.index(b"\n") if b"\n" in raw else len(raw)
        message = json.loads(raw[:split])
        payload = raw[split + 1:]
        if message.get("ping"):
            try:
                child.follow(int(message.get("generation", 0)))
                child.store.query("ASK { ?s ?p ?o }")
                _send(sock, json.dumps({"ok": True, "isolated": isolated}).encode())
            except Exception as exc:  # noqa: BLE001 - reported to the parent, which drops this worker
                _send(sock, json.dumps({"ok": False, "status": 500, "message": str(exc)}).encode())
            continue
        try:
            _answer(child, sock, message, payload, memory_limit)
        except QueryError as exc:
            _send(sock, json.dumps({"ok": False, "status": exc.status, "message": exc.message,
                                    "detail": exc.detail}).encode())
        except Exception as exc:  # noqa: BLE001 - the engine failed; the parent answers 500 and may retry
            if _out_of_memory(exc):
                _send(sock, json.dumps({"ok": False, "status": 503, "memory": True}).encode())
                continue
            _send(sock, json.dumps({"ok": False, "status": 500, "retry": True,
                                    "message": f"{type(exc).__name__}: {exc}"}).encode())


def _prepare_child(keep: set[int]) -> None:
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGUSR1,
                signal.SIGUSR2, signal.SIGCHLD, signal.SIGWINCH, signal.SIGABRT):
        try:
            signal.signal(sig, signal.SIG_DFL)
        except (OSError, ValueError):
            pass
    _libc_call("prctl", 1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd in keep or fd < 3:
            continue
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:
            pass


def _forked_main(sock: socket.socket, store: ox.Store, isolate: bool, memory_limit: int, stderr_fd: int) -> None:
    """A forked worker (memory stores): answer jobs from ``sock`` until it closes. Never returns."""
    code = 0
    try:
        os.dup2(stderr_fd, 2)
        _prepare_child({sock.fileno()})
        if os.getppid() == 1:
            os._exit(0)
        isolated = _isolate_network() if isolate else False
        _set_memory_ceiling(memory_limit)
        _serve(sock, _ChildStore(store, None), isolated, memory_limit)
    except BaseException:  # noqa: BLE001 - a worker must never fall back into the server's code
        code = 1
    finally:
        os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """A worker started with ``python -m chainkg.graph.backends.workers FD PATH ISOLATE MEMORY``."""
    fd, path, isolate, memory = (argv or sys.argv[1:])[:4]
    sock = socket.socket(fileno=int(fd))
    _prepare_child({sock.fileno()})
    isolated = _isolate_network() if isolate == "1" else False
    try:
        child = _ChildStore(None, path, int(memory))
    except (OSError, RuntimeError) as exc:
        _send(sock, json.dumps({"ok": False, "message": str(exc)}).encode())
        return 1
    # page code (networkx …) is imported on the first page, under the ceiling: a worker that only ever
    # runs queries stays small (45 MB instead of 113 MB)
    _set_memory_ceiling(int(memory))
    _serve(sock, child, isolated, int(memory))
    return 0


# -- the pool ----------------------------------------------------------------------------


#: What a worker that died on a job wrote to stderr when it ran out of memory under its ceiling (the engine's
#: allocator, Python, the OS).
_MEMORY_WORDS = ("memory allocation", "MemoryError", "out of memory", "Cannot allocate memory", "os error 12")
#: How a worker that died on a job ended, measured on this machine (``os.waitpid``): an allocation that fails
#: under the ceiling aborts the engine (SIGABRT, usually after "memory allocation of N bytes failed", but
#: once in a full ``make test`` with nothing written); the kernel's OOM killer sends SIGKILL; a query nested
#: or chained thousands deep overflows the stack, and the engine dies of SIGSEGV without a word. So the exit
#: signal, not stderr alone, tells memory (503) from depth (400).
_MEMORY_SIGNALS = (signal.SIGABRT, signal.SIGKILL)
_STACK_SIGNALS = (signal.SIGSEGV, signal.SIGBUS)


class _Worker:
    def __init__(self, pid: int, sock: socket.socket, generation: int, stderr: Any,  # noqa: ANN401
                 proc: subprocess.Popen | None = None) -> None:
        self.pid, self.sock, self.generation, self.stderr, self.proc = pid, sock, generation, stderr, proc
        self.client = ""
        #: how it ended (``os.waitpid``): the exit code, or minus the signal; None while it runs
        self.status: int | None = None

    def wait_exit(self, grace: float) -> bool:
        """Reap the worker if it exits within ``grace`` seconds (a worker that died on a job closes its
        socket a moment before it can be reaped); record how it ended."""
        end = time.monotonic() + grace
        while self.status is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.status = 0
                break
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                if self.proc is not None:
                    self.proc.returncode = self.status  # reaped here: Popen must not wait for it again
                break
            if time.monotonic() >= end:
                return False
            time.sleep(0.002)
        return True

    def cause_of_death(self) -> str:
        """``memory``, ``depth`` or ``unknown``: why a worker that died on a job died (see ``_MEMORY_SIGNALS``)."""
        words = self.last_words()
        if any(m in words for m in _MEMORY_WORDS):
            return "memory"
        if self.status is None or self.status >= 0:
            return "unknown"
        sig = -self.status
        if sig in _MEMORY_SIGNALS:
            return "memory"
        if sig in _STACK_SIGNALS or "overflowed its stack" in words:
            return "depth"
        return "unknown"

    def last_words(self) -> str:
        """What the worker wrote to its standard error (the engine's message when it aborted)."""
        try:
            self.stderr.seek(0)
            return self.stderr.read()[-4000:].decode("utf-8", "replace")
        except (OSError, ValueError):
            return ""


class WorkerPool:
    """Query and page workers sharing the store; see the module docstring for why."""

    def __init__(self, store: ox.Store, size: int = 4, *, path: str | None = None, isolate_network: bool = True,
                 memory_limit: int = DEFAULT_MEMORY_LIMIT, queue_wait: float = DEFAULT_QUEUE_WAIT) -> None:
        self.store = store
        self.path = path
        self.size = max(1, size)
        self.isolate_network = isolate_network
        self.memory_limit = memory_limit
        self.queue_wait = queue_wait
        self.generation = 0
        self.version = ""
        self.isolated: bool | None = None
        self.started = 0
        self.failed_starts = 0
        self._idle: list[_Worker] = []
        self._all: dict[int, _Worker] = {}
        self._starting = 0
        #: page calls may take at most this many workers at once, so that queries always find one
        self.page_share = max(1, self.size // 2)
        self._pages = 0
        #: one client (``QueryJob.client``) may hold at most this many workers at once
        self.client_share = max(1, self.size // 2)
        self._clients: dict[str, int] = {}
        self._cond = threading.Condition()
        self._closed = False
        self._spawner = ThreadPoolExecutor(1, thread_name_prefix="chainkg-spawner")
        atexit.register(self.close)

    # -- lifecycle
    def prefork(self) -> None:
        """Start every worker now (for memory stores: call before the server starts its threads)."""
        with self._cond:
            while len(self._all) < self.size:
                worker = self._spawn_locked()
                if worker is None:
                    break
                self._idle.append(worker)

    def _spawn_locked(self) -> _Worker | None:
        """Start one worker; the lock is released while a worker on disk opens the store."""
        self._starting += 1
        try:
            if self.path is None:
                worker = self._fork()
            else:
                self._cond.release()
                try:
                    worker = self._exec()
                finally:
                    self._cond.acquire()
            if worker is not None:
                self._all[worker.pid] = worker
                if self._closed:
                    self._kill(worker)
                    return None
            return worker
        finally:
            self._starting -= 1

    def _fork(self) -> _Worker | None:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        stderr = tempfile.TemporaryFile()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            parent.close()
            _forked_main(child, self.store, self.isolate_network, self.memory_limit, stderr.fileno())
        child.close()
        return self._check(_Worker(pid, parent, self.generation, stderr))

    def _exec(self) -> _Worker | None:
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        stderr = tempfile.TemporaryFile()
        try:
            # started from one long-lived thread: PR_SET_PDEATHSIG fires when the *thread* that started a
            # worker ends, and the request threads that need a worker may be short-lived
            proc = self._spawner.submit(
                subprocess.Popen,
                [sys.executable, "-m", "chainkg.graph.backends.workers", str(child.fileno()), str(self.path),
                 "1" if self.isolate_network else "0", str(self.memory_limit)],
                pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
                close_fds=True, env={**os.environ, "MALLOC_ARENA_MAX": "1"}).result()
        except (OSError, RuntimeError):  # RuntimeError: the pool is closing
            parent.close()
            child.close()
            return None
        finally:
            child.close()
        return self._check(_Worker(proc.pid, parent, self.generation, stderr, proc))

    def _check(self, worker: _Worker) -> _Worker | None:
        """The start-up check: the worker opened the store and answers a query."""
        self.started += 1
        try:
            worker.sock.settimeout(STARTUP_TIMEOUT)
            _send(worker.sock, json.dumps({"ping": True, "generation": worker.generation}).encode())
            answer = json.loads(_recv(worker.sock))
            if not answer.get("ok"):
                raise OSError(answer.get("message"))
            self.isolated = bool(answer.get("isolated"))
        except (OSError, EOFError, ValueError) as exc:
            self.last_start_error = f"{exc} {worker.last_words()[-500:]}"
            self.failed_starts += 1
            self._reap(worker)
            return None
        return worker

    def _reap(self, worker: _Worker) -> None:
        if worker.status is None:  # not reaped yet (a reaped pid may already be another process's)
            try:
                os.kill(worker.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            worker.wait_exit(5)
        worker.sock.close()

    def _kill(self, worker: _Worker) -> None:
        self._all.pop(worker.pid, None)
        self._reap(worker)
        try:
            worker.stderr.close()
        except OSError:
            pass

    def close(self) -> None:
        """Stop every worker (at exit, and in tests)."""
        with self._cond:
            self._closed = True
            for worker in list(self._all.values()):
                self._kill(worker)
            self._idle.clear()
            self._cond.notify_all()

    def recycle(self, version: str = "") -> None:
        """After a write: the next job of each worker sees it (reopened on disk, re-forked in memory)."""
        with self._cond:
            self.generation += 1
            self.version = version
            if self.path is None:
                for worker in self._idle:
                    self._kill(worker)
                self._idle.clear()
            self._cond.notify_all()

    def pids(self) -> list[int]:
        with self._cond:
            return list(self._all)

    # -- running a job
    def _acquire(self, deadline: float, page: bool = False, client: str = "") -> _Worker:
        wait_until = min(deadline, time.monotonic() + self.queue_wait)
        with self._cond:
            while True:
                if self._closed:
                    raise QueryError(503, "the query service is shutting down")
                if client and self._clients.get(client, 0) >= self.client_share:
                    remaining = wait_until - time.monotonic()
                    if remaining <= 0:
                        raise QueryError(503, f"this client already runs {self.client_share} queries, the most one "
                                              "client may run at a time; try again when they are done")
                    self._cond.wait(min(remaining, 0.5))
                    continue
                if page and self._pages >= self.page_share:
                    remaining = wait_until - time.monotonic()
                    if remaining <= 0:
                        raise QueryError(503, f"{self.page_share} pages are being built at the moment, the most "
                                              "at a time; try again in a few seconds")
                    self._cond.wait(min(remaining, 0.5))
                    continue
                while self._idle:
                    worker = self._idle.pop()
                    if self.path is not None or worker.generation == self.generation:
                        return self._take(worker, page, client)
                    self._kill(worker)
                if len(self._all) + self._starting < self.size:
                    worker = self._spawn_locked()
                    if worker is not None:
                        return self._take(worker, page, client)
                remaining = wait_until - time.monotonic()
                if remaining <= 0 and self._starting:
                    # a worker is on its way (one killed at its limit is being replaced): worth the wait, up
                    # to the job's own deadline; a slow start on a loaded machine is not a busy service
                    remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise QueryError(503, f"all {self.size} query workers are busy; try again in a few seconds")
                self._cond.wait(min(remaining, 0.5))

    def _take(self, worker: _Worker, page: bool, client: str) -> _Worker:
        self._pages += page
        worker.client = client
        if client:
            self._clients[client] = self._clients.get(client, 0) + 1
        return worker

    def _untake(self, worker: _Worker, page: bool) -> None:
        self._pages -= page
        client, worker.client = worker.client, ""
        self._client_done(client)

    def _client_done(self, client: str) -> None:
        if client:
            left = self._clients.get(client, 1) - 1
            if left > 0:
                self._clients[client] = left
            else:
                self._clients.pop(client, None)

    def _release(self, worker: _Worker, page: bool = False) -> None:
        with self._cond:
            self._untake(worker, page)
            current = self.path is not None or worker.generation == self.generation
            if current and not self._closed and worker.pid in self._all:
                self._idle.append(worker)
            else:
                self._kill(worker)
            self._cond.notify()

    def _discard(self, worker: _Worker, page: bool = False, died: bool = False) -> str:
        """Kill ``worker`` (a replacement starts in the background). ``died``: it died on its job; return
        why (``_Worker.cause_of_death``), else ""."""
        cause = ""
        if died:
            worker.wait_exit(2.0)  # outside the lock: nobody waits for the moment it takes to be reaped
            cause = worker.cause_of_death()
        client = worker.client
        with self._cond:
            self._untake(worker, page)
            self._kill(worker)
            replace = self.path is not None and not self._closed
            if replace and client:
                # the client whose job cost a worker holds its place until the replacement is up: else its
                # queued jobs take the idle workers meanwhile and another client waits for the start (2 s
                # on a loaded machine; seen in tests/test_hostile_load.py)
                self._clients[client] = self._clients.get(client, 0) + 1
            self._cond.notify_all()
        if replace:
            threading.Thread(target=self._replenish, args=(client,), daemon=True).start()
        return cause

    def _replenish(self, client: str = "") -> None:
        with self._cond:
            try:
                if not self._closed and len(self._all) + self._starting < self.size:
                    worker = self._spawn_locked()
                    if worker is not None:
                        self._idle.append(worker)
            finally:
                self._client_done(client)
                self._cond.notify_all()

    def _exchange(self, message: dict[str, Any], payload: bytes, timeout: float,
                  what: str, client: str = "") -> tuple[dict[str, Any], bytes]:
        """Send one job to a worker and read its answer (head, body); retried once on a worker that died idle."""
        deadline = time.monotonic() + timeout
        page = what == "page"
        for attempt in range(2):
            worker = self._acquire(deadline, page, client)
            message = {"version": self.version, **message, "generation": self.generation}
            try:
                worker.sock.settimeout(max(deadline - time.monotonic(), 0.001))
                _send(worker.sock, json.dumps(message).encode() + (b"\n" + payload if payload else b""))
            except OSError:
                self._discard(worker, page)  # a worker that died while idle: take another one
                if attempt == 0:
                    continue
                raise QueryError(503, "the query workers are restarting; try again") from None
            try:
                head = json.loads(_recv(worker.sock))
                size = head.get("size")
                body = _recv_exact(worker.sock, size) if size else b""
            except TimeoutError:
                self._discard(worker, page)
                raise QueryTimeout(timeout) from None
            except (OSError, EOFError, ValueError):
                # the worker died on this job: out of memory (the engine aborts when an allocation fails
                # under the ceiling), or the engine crashed on it (a stack overflow on a query nested or
                # chained thousands deep). Not retried: it would fail again.
                cause = self._discard(worker, page, died=True)
                if cause == "memory":
                    raise MemoryLimitError(self.memory_limit, what) from None
                if cause == "depth":  # tests/test_sparql_endpoint.py, test_garbage_bodies_get_4xx
                    raise QueryError(400, f"the query engine stopped while evaluating this {what} (it is "
                                          "nested or chained too deeply); simplify it") from None
                raise QueryError(503, f"the query engine stopped unexpectedly while evaluating this {what} "
                                      f"(exit status {worker.status}); try again, or simplify it") from None
            if not head.get("ok") and head.get("retry"):
                self._discard(worker, page)
                if attempt == 0:
                    continue
                raise QueryError(500, head.get("message", "the query failed"))
            if head.get("memory"):
                self._discard(worker, page)  # its heap may be fragmented near the ceiling: start afresh
                raise MemoryLimitError(self.memory_limit, what)
            self._release(worker, page)
            return head, body
        raise QueryError(500, "the query worker failed")  # pragma: no cover

    def run(self, job: QueryJob, timeout: float) -> QueryResult:
        """Run ``job`` (see ``execute``) in a worker; QueryTimeout if it takes longer than ``timeout`` s."""
        head, body = self._exchange({"job": job.to_dict()}, b"", timeout, "query", job.client)
        if not head.get("ok"):
            raise QueryError(int(head.get("status", 500)), head.get("message", "the query failed"),
                             detail=head.get("detail"))
        return QueryResult(head["kind"], head["media"], body, rows=head.get("rows"),
                           truncated=bool(head.get("truncated")), reason=head.get("reason") or "")

    def call(self, func: Callable[..., Any], args: tuple, kwargs: dict[str, Any], timeout: float,  # noqa: ANN401
             version: str = "", client: str = "") -> Any:
        """``func(store, *args, **kwargs)`` in a worker, with the time limit and the memory ceiling.

        ``func`` is a module-level function (named by module and name, imported in the worker);
        arguments and result are pickled. An exception it raises is raised here.
        """
        payload = pickle.dumps((args, kwargs))
        head, body = self._exchange({"call": [func.__module__, func.__name__], "version": version}, payload,
                                    timeout, "page", client)
        if head.get("ok"):
            return pickle.loads(body)
        if head.get("raise"):
            raise pickle.loads(body)
        raise QueryError(int(head.get("status", 500)), head.get("message", "the page failed"))


if __name__ == "__main__":  # pragma: no cover - a worker process
    sys.exit(main())
