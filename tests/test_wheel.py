"""The package as users install it: a wheel (not an editable install) in a fresh virtualenv.

Run from a folder outside the repository, so that nothing of the source tree is on the
path: the wheel alone must hold every subpackage and data file that ``chainkg`` needs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, free_port

pytestmark = pytest.mark.slow


def run(*args: str, cwd: Path, timeout: float = 600, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=timeout,
                            env={**os.environ, **(env or {})})
    assert result.returncode == 0, f"{args}: {result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    return result.stdout + result.stderr


def test_wheel_installs_and_runs(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT), cwd=tmp_path)
    (wheel,) = dist.glob("chainkg-*.whl")
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", str(venv), cwd=tmp_path)
    pip = venv / "bin" / "pip"
    run(str(pip), "install", "-q", str(wheel), cwd=tmp_path)
    chainkg = str(venv / "bin" / "chainkg")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {"PYTHONPATH": "", "CHAINKG_STORE": ""}
    assert "ingest" in run(chainkg, "--help", cwd=work, env=env)
    assert "region folder luoyang" in run(chainkg, "--store", "memory", "build", cwd=work, env=env)
    store = work / "store"
    run(chainkg, "--store", str(store), "build", cwd=work, env=env)
    out = run(chainkg, "--store", str(store), "query", "SELECT (COUNT(*) AS ?n) WHERE { ?c a ckg:Company }",
              "--format", "csv", cwd=work, env=env)
    assert out.split()[:2] == ["n", "2"]
    port = free_port()
    proc = subprocess.Popen([chainkg, "--store", str(store), "serve", "--port", str(port)], cwd=work,
                            env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
                    assert resp.status == 200 and "洛阳" in resp.read().decode()
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "the installed service did not answer"
                time.sleep(0.3)
        req = urllib.request.Request(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D",
                                     headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            assert b'"boolean":true' in resp.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql", timeout=10) as resp:  # the editor's assets
            assert resp.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)
