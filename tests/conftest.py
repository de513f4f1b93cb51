"""Shared fixtures: the bundled graph in memory, the Flask app, a real gunicorn server,
and headless Chromium.

The server fixture runs ``chainkg serve`` (gunicorn) on a free loopback port
against a store built by ``chainkg build`` in a temporary folder, the way a
user runs it. The browser fixture drives Debian's chromium with the Python
playwright package and records every request that does not go to 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import OxigraphServer, backends

from chainkg.graph.store import GraphStore, open_store
from chainkg.ingest.dispatch import build

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "test-artifacts"
CHAINKG = [sys.executable, "-m", "chainkg.server.cli"]
CHROMIUM = "/usr/bin/chromium"


def run_cli(*args: str, store: str | os.PathLike[str] = "memory", stdin: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the ``chainkg`` command as a user would, returning its output."""
    return subprocess.run([*CHAINKG, "--store", str(store), *args], capture_output=True, text=True,
                          input=stdin, timeout=timeout, cwd=ROOT)


@pytest.fixture(scope="session", params=backends())
def backend(request: pytest.FixtureRequest) -> str:
    """The store backend of the store-dependent tests: ``embedded`` (Oxigraph in process) and
    ``oxigraph`` (an Oxigraph server started for the test, spoken to over the SPARQL protocols)."""
    return request.param


@pytest.fixture(scope="session")
def servers() -> Iterator[list]:
    started: list = []
    yield started
    for server in started:
        server.stop()


def new_store(backend: str, started: list) -> GraphStore:
    """An empty store of ``backend``; a server it needed is added to ``started`` (stopped by the caller)."""
    if backend == "embedded":
        return open_store("memory")
    if backend == "oxigraph":
        server = OxigraphServer()
        started.append(server)
        return open_store(server.spec)
    raise ValueError(f"unknown test backend {backend!r}")


@pytest.fixture(scope="session")
def built_store(backend: str, servers: list) -> GraphStore:
    """The bundled graph (ontology + region folders) in a store of each backend. Do not write to it."""
    store = new_store(backend, servers)
    build(store)
    return store


@pytest.fixture()
def make_store(backend: str) -> Iterator[object]:
    """A factory of empty stores of the test's backend; their servers stop after the test."""
    started: list = []
    yield lambda: new_store(backend, started)
    for server in started:
        server.stop()


@pytest.fixture()
def fresh_store(make_store) -> GraphStore:  # noqa: ANN001
    return make_store()


@pytest.fixture(scope="session")
def app(built_store: GraphStore):  # noqa: ANN201
    from chainkg.server.app import create_app

    return create_app({"TESTING": True}, store=built_store)


@pytest.fixture()
def client(app):  # noqa: ANN001, ANN201
    return app.test_client()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not answer within {timeout} s")


class LiveServer:
    def __init__(self, url: str, store_dir: Path, proc: subprocess.Popen) -> None:
        self.url, self.store_dir, self.proc = url, store_dir, proc
        self.host, self.port = url.split("//", 1)[1].rstrip("/").split(":")


def start_server(store_dir: Path, extra_env: dict[str, str] | None = None, *args: str) -> LiveServer:
    port = free_port()
    env = {**os.environ, **(extra_env or {})}
    proc = subprocess.Popen([*CHAINKG, "--store", str(store_dir), "serve", "--port", str(port), *args],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    wait_for(url + "/", proc)
    return LiveServer(url, store_dir, proc)


def stop_server(server: LiveServer) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.proc.kill()


@pytest.fixture(scope="session")
def built_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store on disk holding the bundled graph, built by ``chainkg build``."""
    store_dir = tmp_path_factory.mktemp("store") / "store"
    result = run_cli("build", store=store_dir)
    assert result.returncode == 0, result.stderr
    return store_dir


@pytest.fixture(scope="session")
def live_server(built_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """gunicorn serving a copy of the bundled graph on a free loopback port (read-only)."""
    yield from _serve_copy(built_store_dir, tmp_path_factory, "served")


def _serve_copy(source: Path, tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[LiveServer]:
    """gunicorn serving a copy of the store folder ``source``, read-only, stopped after."""
    store_dir = tmp_path_factory.mktemp(name) / "store"
    shutil.copytree(source, store_dir)
    server = start_server(store_dir, {"CHAINKG_UPDATE_TOKEN": ""})
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


class OutboundLog(list):
    """Requests a page made to anything but 127.0.0.1 (they are also aborted)."""


@pytest.fixture()
def page(browser) -> Iterator[object]:  # noqa: ANN001
    """A fresh page; ``page.outbound`` lists every request that tried to leave 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    outbound = OutboundLog()

    def guard(route, request) -> None:  # noqa: ANN001
        url = request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            outbound.append(url)
            route.abort()

    context.route("**/*", guard)
    pg.outbound = outbound
    pg.console_errors = []
    pg.on("pageerror", lambda exc: pg.console_errors.append(str(exc)))
    yield pg
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


ASHARE = SHARED / "datasets" / "ashare-chain"
SEED_ARTICLE = SHARED / "corpus" / "luoyang-2024-new-industrialization.txt"


@pytest.fixture(scope="session")
def national_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store on disk with the bundled Luoyang folder, the A-share data set and the seed
    article, ingested by the CLI in that order, as a new user would (issue 9).

    The data are read from ../shared, never copied into the repo; the tests that need them
    are skipped, with the reason, when they are absent.
    """
    if not (ASHARE / "company.json").is_file() or not SEED_ARTICLE.is_file():
        pytest.skip(f"the A-share data set ({ASHARE}) or the seed article ({SEED_ARTICLE}) is missing")
    store_dir = tmp_path_factory.mktemp("national") / "store"
    report = store_dir.parent / "quality.json"
    for args in (("build",), ("ingest", "--format", "ashare-chain", str(ASHARE), "--report", str(report)),
                 ("ingest", str(SEED_ARTICLE))):
        result = run_cli(*args, store=store_dir, timeout=300)
        assert result.returncode == 0, result.stderr
    return store_dir


@pytest.fixture(scope="session")
def national_store(national_store_dir: Path) -> Iterator[GraphStore]:
    """The national store opened read-only in this process (do not write to it)."""
    store = open_store(national_store_dir, read_only=True)
    yield store
    store.close()


@pytest.fixture(scope="session")
def national_app(national_store: GraphStore):  # noqa: ANN201
    from chainkg.server.app import create_app

    return create_app({"TESTING": True}, store=national_store)


@pytest.fixture(scope="session")
def national_server(national_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """gunicorn serving a copy of the national store on a free loopback port (read-only)."""
    yield from _serve_copy(national_store_dir, tmp_path_factory, "national-served")
