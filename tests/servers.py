"""Real SPARQL servers for the tests, installed by the project and started here on loopback ports.

- ``OxigraphServer``: ``oxigraph serve`` from PyPI's ``oxigraph`` (a dev dependency), in
  memory, one per store the tests ask for: it starts in a fraction of a second, so
  every test gets a server of its own and nothing leaks between tests.
- ``VirtuosoServer``: Debian's ``virtuoso-opensource`` (installed by ``make test``),
  one per session in a temporary folder (it takes seconds to start); ``clear()``
  empties what chainkg wrote between tests. The anonymous SPARQL user is granted
  updates, which is safe only because the server listens on 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")
VIRTUOSO_VAD = Path("/usr/share/virtuoso-opensource-7/vad")
VIRTUOSO_HOSTING = Path("/usr/lib/x86_64-linux-gnu/virtuoso-opensource-7/hosting")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_warm(port: int, timeout: float = 600, proc: subprocess.Popen | None = None) -> float:
    """Until ``chainkg serve`` on ``port`` answers ``/health`` and says its warm-up is done; the seconds it took.

    ``proc``: the server's process; if it ends first (a store another server holds), say so at once instead of
    waiting out ``timeout`` (a benchmark once waited 600 s so and then failed on a refused connection)."""
    import http.client
    import json

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited with status {proc.returncode} before it was warm")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/health")
            if json.loads(conn.getresponse().read()).get("warm", True):
                break
        except (OSError, ValueError):
            pass
        finally:
            conn.close()
        time.sleep(0.2)
    else:
        raise TimeoutError(f"the server on port {port} was not warm after {timeout:.0f} s")
    return time.monotonic() - started


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        raise RuntimeError("the Oxigraph server is missing: `pip install oxigraph` (the dev extra has it)")
    return found


def _wait(url: str, proc: subprocess.Popen, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read() if proc.stderr else ""
            raise RuntimeError(f"{what} exited with {proc.returncode}: {err}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer at {url} within {timeout} s")


class OxigraphServer:
    """``oxigraph serve`` on a free loopback port (in memory unless ``location`` is given)."""

    def __init__(self, location: Path | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{self.port}"]
        if location is not None:
            args += ["--location", str(location)]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _wait(self.url + "/", self.proc, 30, "oxigraph serve")

    @property
    def spec(self) -> str:
        return "oxigraph+" + self.url

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {vad}
NumberOfBuffers = 20000
MaxDirtyBuffers = 12000
VADInstallDir = {vad}/
MaxSortedTopRows = 1000000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {vsp}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledDavVSP = 0
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
[Plugins]
LoadPath = {hosting}
"""


class VirtuosoServer:
    """Virtuoso 7 in a temporary folder, HTTP on a free loopback port."""

    def __init__(self) -> None:
        if not VIRTUOSO or not ISQL:
            raise RuntimeError("Virtuoso is missing: `make test` installs Debian's virtuoso-opensource")
        self.dir = Path(tempfile.mkdtemp(prefix="chainkg-virtuoso-"))
        vsp = Path("/var/lib/virtuoso-opensource-7/vsp")
        if not vsp.is_dir():
            vsp = self.dir / "vsp"
            vsp.mkdir()
        self.sql_port, self.http_port = free_port(), free_port()
        (self.dir / "virtuoso.ini").write_text(VIRTUOSO_INI.format(
            dir=self.dir, vsp=vsp, sql_port=self.sql_port, http_port=self.http_port, vad=VIRTUOSO_VAD,
            hosting=VIRTUOSO_HOSTING), encoding="utf-8")
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.proc = subprocess.Popen([VIRTUOSO, "-f", "-c", str(self.dir / "virtuoso.ini")], cwd=self.dir,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _wait(self.url + "/sparql?query=ASK%7B%7D", self.proc, 120, "virtuoso-t")
        subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                       check=True, capture_output=True, timeout=60)

    @property
    def spec(self) -> str:
        return "virtuoso+" + self.url

    def clear(self) -> None:
        """Drop every graph chainkg and the tests wrote (all but Virtuoso's own)."""
        query = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(!STRSTARTS(STR(?g), 'http://www.openlinksw.com/')"
                 " && !STRSTARTS(STR(?g), 'http://www.w3.org/') && !STRSTARTS(STR(?g), 'http://localhost')"
                 " && !STRSTARTS(STR(?g), 'http://localuriqaserver/') && !STRSTARTS(STR(?g), 'urn:')) }")
        url = self.url + "/sparql?" + urllib.parse.urlencode({"query": query, "format": "text/csv"})
        with urllib.request.urlopen(url, timeout=60) as resp:
            graphs = [line.strip().strip('"') for line in resp.read().decode().splitlines()[1:] if line.strip()]
        if graphs:
            update = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)
            data = urllib.parse.urlencode({"update": update}).encode()
            urllib.request.urlopen(urllib.request.Request(self.url + "/sparql", data=data), timeout=120).close()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def backends() -> list[str]:
    """The store backends the store-dependent tests run on (``CHAINKG_TEST_BACKENDS`` narrows them)."""
    names = os.environ.get("CHAINKG_TEST_BACKENDS", "embedded,oxigraph")
    return [n.strip() for n in names.split(",") if n.strip()]
