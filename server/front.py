"""The server model: gunicorn's asyncio worker reads every request, a bounded pool of threads runs the app.

Why not gunicorn's threaded worker: it gives a connection to a thread as soon as it
is readable, and the thread then reads the request. A client that trickles its
headers or its body (slowloris) holds the thread for as long as it likes; eight
such connections held all eight threads of ``chainkg serve`` for over 60 s. Here
gunicorn's ``asgi`` worker (an asyncio event loop, part of gunicorn itself) reads
every request, and this module hands only *complete* requests (headers and body)
to the threads that run the Flask app. A slow client costs a buffer in the event
loop, not a thread, and is dropped when it is too slow: the headers must arrive
within ``CHAINKG_HEADER_TIMEOUT`` seconds (default 10) of the connection, the body
within ``CHAINKG_BODY_TIMEOUT`` (default 30); a response the client does not read
is dropped after ``CHAINKG_SEND_TIMEOUT`` seconds without progress (default 30).
A client may hold at most ``CHAINKG_CONNECTIONS_PER_CLIENT`` connections (64).

Measured on this machine (2 cores, ``benchmarks/bench_reliability.py``): with eight
slowloris connections open, a static file took over 60 s under the threaded worker
and answers at its usual median here (figures in the README).

Admission, decided in the event loop before a thread is taken:

- **Light requests** (``/static/…``, ``/health``, the favicon) have their own two
  threads, so they are answered while every other thread is busy.
- **Every other request** needs one of ``CHAINKG_THREADS`` (default 8) threads; when
  all are busy it waits for one at most ``CHAINKG_QUEUE_WAIT`` seconds (default 2),
  in a queue of at most four requests per thread, and is then refused with 503 and
  ``Retry-After`` instead of waiting in a queue without end. Pages that build networks or run analyses
  (``/explore``, ``/chain/``, ``/cluster/``, ``/analysis/``, ``/export/``) may take
  at most half of the threads, so a crowd of them leaves room for queries.
- **Per client** (the peer address; with ``CHAINKG_PROXY_FIX=N``, the address the
  N-th proxy saw): at most ``CHAINKG_REQUESTS_PER_CLIENT`` (default half of the
  threads, at least 2) requests at a time; more wait in the same bounded queue and
  get 503 with ``Retry-After`` when none of theirs finished in time. One client
  cannot take every thread, nor (queries being one thread each) every query worker.
  Waiting rather than refusing at once matters for browsers: one page of the
  explorer sends its JSON requests side by side (a first version refused the third
  at once, and double-clicking a node while the legend loaded failed with 503).

The time and memory bounds of the work itself are the query workers'
(``chainkg.graph.backends.workers``): SPARQL and page code that builds networks run
there, killed at their time limit or memory ceiling.
"""

from __future__ import annotations

import asyncio
import io
import os
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import unquote_to_bytes

from gunicorn.asgi import protocol as _asgi_protocol
from gunicorn.workers import gasgi

LIGHT_PREFIXES = ("/static/",)
LIGHT_PATHS = ("/health", "/favicon.ico", "/favicon.svg")
HEAVY_PREFIXES = ("/explore", "/chain/", "/cluster/", "/analysis/", "/export/")
RETRY_AFTER = "5"


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, "") or default)
    except ValueError:
        return default


def classify(path: str) -> str:
    """``light``, ``heavy`` or ``normal``: which lane a request goes to."""
    if path.startswith(LIGHT_PREFIXES) or path in LIGHT_PATHS:
        return "light"
    if path.startswith(HEAVY_PREFIXES):
        return "heavy"
    return "normal"


class Front:
    """An ASGI application running a WSGI app in bounded threads, with the admission rules above."""

    def __init__(self, wsgi_app: Callable[..., Any], *, threads: int = 8, light_threads: int = 2,
                 per_client: int | None = None, heavy: int | None = None, max_body: int = 2 * 1024 * 1024,
                 body_timeout: float = 30.0, send_timeout: float = 30.0, proxies: int = 0,
                 queue_wait: float = 2.0) -> None:
        self.app = wsgi_app
        self.threads = max(1, threads)
        self.per_client = per_client if per_client else max(2, self.threads // 2)
        self.heavy = heavy if heavy else max(1, self.threads // 2)
        self.max_body = max_body
        self.body_timeout = body_timeout
        self.send_timeout = send_timeout
        self.proxies = proxies
        self.queue_wait = queue_wait
        self.waiting = 0
        self._freed: asyncio.Condition | None = None
        self.pool = ThreadPoolExecutor(self.threads, thread_name_prefix="chainkg-app")
        self.light_pool = ThreadPoolExecutor(max(1, light_threads), thread_name_prefix="chainkg-light")
        self.busy = 0
        self.busy_heavy = 0
        self.by_client: dict[str, int] = {}
        self.refused = 0

    # -- admission (event loop only: no lock needed)
    def client_of(self, scope: dict[str, Any]) -> str:
        client = (scope.get("client") or ("", 0))[0] or ""
        if self.proxies > 0:
            for name, value in scope.get("headers", []):
                if name == b"x-forwarded-for":
                    hops = [h.strip() for h in value.decode("latin-1").split(",") if h.strip()]
                    if len(hops) >= self.proxies:
                        return hops[-self.proxies]
        return client

    def admit(self, lane: str, client: str) -> tuple[str | None, bool]:
        """(None, _) if the request may take a thread now, else (why not, whether waiting may help)."""
        if lane == "light":
            return None, False
        if self.by_client.get(client, 0) >= self.per_client:
            return (f"this client already has {self.per_client} requests running, the most one client may "
                    "have at a time; wait for them to finish"), True
        if self.busy >= self.threads:
            return "the service is busy (every request thread is taken); try again in a few seconds", True
        if lane == "heavy" and self.busy_heavy >= self.heavy:
            return ("too many network views and analyses are being built at the moment; try again in a few "
                    "seconds"), True
        return None, False

    async def wait_admission(self, lane: str, client: str) -> str | None:
        """Admit the request, waiting a little for a thread when only the service's capacity is in the way."""
        refusal, may_wait = self.admit(lane, client)
        if refusal is None or not may_wait or self.waiting >= 4 * self.threads or self.queue_wait <= 0:
            return refusal
        if self._freed is None:
            self._freed = asyncio.Condition()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.queue_wait
        self.waiting += 1
        try:
            async with self._freed:
                while refusal is not None and may_wait:
                    remaining = deadline - loop.time()
                    if remaining <= 0:
                        break
                    try:
                        await asyncio.wait_for(self._freed.wait(), remaining)
                    except TimeoutError:
                        break
                    refusal, may_wait = self.admit(lane, client)
            return refusal
        finally:
            self.waiting -= 1

    async def _notify(self) -> None:
        if self._freed is not None and self.waiting:
            async with self._freed:
                self._freed.notify_all()

    def enter(self, lane: str, client: str) -> None:
        if lane == "light":
            return
        self.busy += 1
        self.busy_heavy += lane == "heavy"
        self.by_client[client] = self.by_client.get(client, 0) + 1

    def leave(self, lane: str, client: str, *, counted: bool = True) -> None:
        """The request's thread is free; ``counted``: it still counts against its client's share."""
        if lane == "light":
            return
        self.busy -= 1
        self.busy_heavy -= lane == "heavy"
        if counted:
            self.leave_client(client)

    def leave_client(self, client: str) -> None:
        left = self.by_client.get(client, 1) - 1
        if left > 0:
            self.by_client[client] = left
        else:
            self.by_client.pop(client, None)

    # -- ASGI
    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    self.pool.shutdown(wait=False)
                    self.light_pool.shutdown(wait=False)
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        length = _content_length(scope)
        if length is not None and length > self.max_body:
            await _plain(send, 413, f"the request body is over the limit of {self.max_body} bytes")
            return
        body = await self._read_body(receive, send)
        if body is None:
            return
        lane = classify(scope.get("path", ""))
        client = self.client_of(scope)
        refusal = await self.wait_admission(lane, client)
        if refusal is not None:
            self.refused += 1
            await _plain(send, 503, refusal, {"retry-after": RETRY_AFTER})
            return
        self.enter(lane, client)
        loop = asyncio.get_running_loop()
        counted = [lane != "light"]

        async def send_and_count(message: dict[str, Any]) -> None:
            # the response is out: the client may send its next request at once, and it must not find this
            # one still counted (the thread may take a while to return, on a loaded machine)
            await send(message)
            if message.get("type") == "http.response.body" and not message.get("more_body") and counted[0]:
                counted[0] = False
                self.leave_client(client)

        try:
            pool = self.light_pool if lane == "light" else self.pool
            await loop.run_in_executor(pool, self._run, scope, body, send_and_count, loop)
        finally:
            self.leave(lane, client, counted=counted[0])
            await self._notify()

    async def _read_body(self, receive: Callable[..., Any], send: Callable[..., Any]) -> bytes | None:
        body = bytearray()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.body_timeout
        while True:
            remaining = deadline - loop.time()
            try:
                message = await asyncio.wait_for(receive(), timeout=max(remaining, 0.001))
            except TimeoutError:
                await _plain(send, 408, f"the request body did not arrive within {self.body_timeout:g} s")
                return None
            if message["type"] == "http.disconnect":
                return None
            body += message.get("body", b"")
            if len(body) > self.max_body:
                await _plain(send, 413, f"the request body is over the limit of {self.max_body} bytes")
                return None
            if not message.get("more_body"):
                return bytes(body)

    def _run(self, scope: dict[str, Any], body: bytes, send: Callable[..., Any],
             loop: asyncio.AbstractEventLoop) -> None:
        """In a thread: run the WSGI app and send its response through the event loop (with back-pressure)."""
        environ = wsgi_environ(scope, body)
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:  # noqa: ANN401
            if exc_info and started and started[0] is True:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [status, headers]
            return lambda data: None  # the legacy write() callable: unused by Flask

        def push(message: dict[str, Any]) -> None:
            asyncio.run_coroutine_threadsafe(send(message), loop).result(self.send_timeout)

        head = scope.get("method") == "HEAD"
        result: Iterable[bytes] = self.app(environ, start_response)
        try:
            buffered: list[bytes] = []
            size = 0
            sent_start = False
            for chunk in result:
                if not chunk:
                    continue
                buffered.append(bytes(chunk))
                size += len(chunk)
                if size >= 65536:
                    if not sent_start:
                        push(_start(started))
                        sent_start = True
                    if not head:
                        push({"type": "http.response.body", "body": b"".join(buffered), "more_body": True})
                    buffered, size = [], 0
            if not sent_start:
                push(_start(started))
            push({"type": "http.response.body", "body": b"" if head else b"".join(buffered), "more_body": False})
        except Exception:  # noqa: BLE001 - the client went away or stopped reading: drop the response
            pass
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()


def _start(started: list[Any]) -> dict[str, Any]:
    status, headers = started
    return {"type": "http.response.start", "status": int(status.split(" ", 1)[0]),
            "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]}


async def _plain(send: Callable[..., Any], status: int, message: str, headers: dict[str, str] | None = None) -> None:
    from werkzeug.http import HTTP_STATUS_CODES

    body = f"{status} {HTTP_STATUS_CODES.get(status, 'Error')}: {message}\n".encode()
    extra = [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close"), *extra]})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _content_length(scope: dict[str, Any]) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def wsgi_environ(scope: dict[str, Any], body: bytes) -> dict[str, Any]:
    """The WSGI environ of an ASGI HTTP request whose body has been read (PEP 3333)."""
    raw = scope.get("raw_path") or scope.get("path", "/").encode("utf-8")
    raw = raw.split(b"?", 1)[0]
    server = scope.get("server") or ("127.0.0.1", 80)
    client = scope.get("client") or ("", 0)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope.get("method", "GET"),
        "SCRIPT_NAME": scope.get("root_path", "") or "",
        "PATH_INFO": unquote_to_bytes(raw).decode("latin-1"),
        "QUERY_STRING": (scope.get("query_string") or b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1] if len(server) > 1 else 80),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": str(client[0]),
        "REMOTE_PORT": str(client[1] if len(client) > 1 else 0),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in scope.get("headers", []):
        key = name.decode("latin-1").upper().replace("-", "_")
        text = value.decode("latin-1")
        if key == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = text
        elif key == "CONTENT_LENGTH":
            environ["CONTENT_LENGTH"] = text
        else:
            key = "HTTP_" + key
            environ[key] = f"{environ[key]},{text}" if key in environ else text
    if body and "CONTENT_LENGTH" not in environ:
        environ["CONTENT_LENGTH"] = str(len(body))
    return environ


# -- the gunicorn worker ---------------------------------------------------------------------------


class _Protocol(_asgi_protocol.ASGIProtocol):
    """gunicorn's HTTP/1 protocol with a deadline for the headers and a cap on connections per client."""

    header_timeout = 10.0
    per_client = 64
    _counts: dict[str, int] = {}
    _lock = threading.Lock()

    def connection_made(self, transport: Any) -> None:  # noqa: ANN401
        peer = transport.get_extra_info("peername")
        self._peer = str(peer[0]) if peer else ""
        counts = _Protocol._counts
        counts[self._peer] = counts.get(self._peer, 0) + 1
        self._header_timer = None
        super().connection_made(transport)
        if counts[self._peer] > self.per_client:
            self._close_transport()
            return
        self._header_timer = self.worker.loop.call_later(self.header_timeout, self._headers_too_slow)

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if self._current_request is None:
            self._close_transport()
            if self._request_ready is not None:
                self._request_ready.set()

    def _on_headers_complete(self) -> Any:  # noqa: ANN401
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None
        return super()._on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self._conn_lost_handled:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None
            left = _Protocol._counts.get(self._peer, 1) - 1
            if left > 0:
                _Protocol._counts[self._peer] = left
            else:
                _Protocol._counts.pop(self._peer, None)
        super().connection_lost(exc)


class Worker(gasgi.ASGIWorker):
    """``gunicorn --worker-class chainkg.server.front.Worker``: the ASGI worker with ``_Protocol``."""

    def init_process(self) -> None:
        _Protocol.header_timeout = _env_float("CHAINKG_HEADER_TIMEOUT", 10.0)
        _Protocol.per_client = int(_env_float("CHAINKG_CONNECTIONS_PER_CLIENT", 64))
        gasgi.ASGIProtocol = _Protocol  # type: ignore[misc] - the worker builds its protocol from this name
        super().init_process()


def create_front(config: dict[str, Any] | None = None) -> Front:
    """The app gunicorn serves (``chainkg.server.front:create_front()``): the Flask app behind a ``Front``."""
    from chainkg.server.app import create_app

    app = create_app(config)
    if os.environ.get("CHAINKG_WARMUP", "1") != "0":
        from chainkg.server.app import WARMUP_PATHS
        from chainkg.server.context import start_warmup

        start_warmup(app, WARMUP_PATHS)
    threads = int(_env_float("CHAINKG_THREADS", 8))
    return Front(app, threads=threads,
                 per_client=int(_env_float("CHAINKG_REQUESTS_PER_CLIENT", 0)) or None,
                 max_body=int(app.config.get("MAX_CONTENT_LENGTH") or 2 * 1024 * 1024),
                 body_timeout=_env_float("CHAINKG_BODY_TIMEOUT", 30.0),
                 send_timeout=_env_float("CHAINKG_SEND_TIMEOUT", 30.0),
                 proxies=int(app.config.get("CHAINKG_PROXY_FIX") or 0),
                 queue_wait=float(app.config.get("CHAINKG_QUEUE_WAIT", 2.0)))
