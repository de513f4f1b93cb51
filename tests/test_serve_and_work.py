"""Working on a store while ``chainkg serve`` holds it: reads from the CLI, and writes through the service."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from conftest import CHAINKG, ROOT, SHARED, LiveServer, start_server, stop_server

TOKEN = "serve-and-work-token"
SEED = SHARED / "corpus" / "luoyang-2024-new-industrialization.txt"
ARTICLE = "https://w3id.org/chainkg/graph/article-luoyang-2024-new-industrialization"


@pytest.fixture()
def served(built_store_dir: Path, tmp_path: Path) -> Iterator[LiveServer]:
    store_dir = tmp_path / "store"
    shutil.copytree(built_store_dir, store_dir)
    server = start_server(store_dir, {"CHAINKG_UPDATE_TOKEN": TOKEN})
    yield server
    stop_server(server)


def cli(store: Path, *args: str, token: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CHAINKG_UPDATE_TOKEN"}
    if token:
        env["CHAINKG_UPDATE_TOKEN"] = token
    return subprocess.run([*CHAINKG, "--store", str(store), *args], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, env=env)


def sparql(server: LiveServer, query: str) -> list[dict]:
    url = server.url + "/sparql?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())["results"]["bindings"]


def test_query_and_export_while_serving(served: LiveServer, tmp_path: Path) -> None:
    result = cli(served.store_dir, "query", "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ckg:Company }",
                 "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "2"
    out = tmp_path / "chain.gexf"
    result = cli(served.store_dir, "export", "-f", "gexf", "-o", str(out), "--scope", "chain",
                 "--key", "铝基新材料产业链")
    assert result.returncode == 0, result.stderr
    assert "铝基新材料产业链" in {d["label"] for _, d in nx.read_gexf(out).nodes(data=True)}


def test_an_article_ingested_into_a_running_service_appears_without_restart(served: LiveServer) -> None:
    before = sparql(served, f"SELECT * WHERE {{ GRAPH <{ARTICLE}> {{ ?s ?p ?o }} }} LIMIT 1")
    result = cli(served.store_dir, "ingest", str(SEED), "--date", "2025-09-30", token=TOKEN)
    assert result.returncode == 0, result.stderr
    assert "writing through it" in result.stderr
    rows = sparql(served, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ARTICLE}> {{ ?s ?p ?o }} }}")
    assert int(rows[0]["n"]["value"]) > 1000
    # the service's own views of the data follow: sources, search, set semantics
    with urllib.request.urlopen(served.url + "/sources?format=json", timeout=30) as resp:
        assert ARTICLE in {s["graph"] for s in json.loads(resp.read())}
    rows = sparql(served, "SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/chainkg/id/company/603993.SH> a "
                          "<https://w3id.org/chainkg/def#Company> }")
    assert rows[0]["n"]["value"] == "1"
    # and a drop goes the same way
    result = cli(served.store_dir, "drop", "article-luoyang-2024-new-industrialization", token=TOKEN)
    assert result.returncode == 0, result.stderr
    assert not sparql(served, f"SELECT * WHERE {{ GRAPH <{ARTICLE}> {{ ?s ?p ?o }} }} LIMIT 1")
    assert before == []


def test_a_write_without_the_token_says_how(served: LiveServer) -> None:
    result = cli(served.store_dir, "ingest", str(SEED))
    assert result.returncode == 2
    assert "chainkg serve" in result.stderr and "update token" in result.stderr
    result = cli(served.store_dir, "ingest", str(SEED), token="wrong")
    assert result.returncode == 2 and "refused the update token" in result.stderr
    assert "Traceback" not in result.stderr
