"""The national-scale generator (benchmarks/gen_national.py) at a small size, through the normal ingest
path, and the bulk load that large new sources take."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import ROOT, run_cli

from chainkg.graph.backends.embedded import LOADING, EmbeddedStore
from chainkg.graph.store import open_store

GENERATOR = ROOT / "benchmarks" / "gen_national.py"


@pytest.fixture(scope="module")
def national_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("national") / "national-300.nt"
    result = subprocess.run([sys.executable, str(GENERATOR), "--companies", "300", "--seed", "3", "-o", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return out


def test_generator_is_deterministic(national_file: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.nt"
    subprocess.run([sys.executable, str(GENERATOR), "--companies", "300", "--seed", "3", "-o", str(again)],
                   check=True, capture_output=True, timeout=300)
    assert again.read_bytes() == national_file.read_bytes()


def test_generated_data_goes_through_the_normal_ingest(national_file: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = run_cli("ingest", str(national_file), store=store, timeout=600)
    assert result.returncode == 0, result.stderr  # SHACL ran: the generator writes what the shapes accept
    # a large file reports its phases, and the alignment of its thousand chains in a few lines
    for phase in ("read", "checked", "written", "derived graphs"):
        assert re.search(rf"^\s*(national-300.nt: )?{phase}\b.* in \d+\.\d s$", result.stderr, re.M), phase
    shown = re.findall(r"^  (?:not )?aligned .*$", result.stderr, re.M)
    assert 0 < len(shown) <= 20 and len(set(shown)) == len(shown), shown  # each line once, with its count
    assert re.search(r"^  not aligned .* \(×\d+\)$", result.stderr, re.M)  # the same name of many cities: counted

    def n(query: str) -> int:
        out = run_cli("query", query, "--format", "csv", store=store)
        assert out.returncode == 0, out.stderr
        return int(out.stdout.split()[1])

    assert n("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ckg:Company ; ckg:stockCode ?code }") == 300
    assert n("SELECT (COUNT(*) AS ?n) WHERE { ?c a ckg:Company }") == 300  # set semantics
    assert n("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x ckg:chainLeader ?c }") > 10
    assert n("""SELECT (COUNT(*) AS ?n) WHERE { ?o a qb:Observation ; ckg:sentence ?s . ?s nif:anchorOf ?t ;
                                               ckg:inDocument ?d }""") >= 300
    assert n("SELECT (COUNT(*) AS ?n) WHERE { ?c ckg:locatedIn ?r . ?r ckg:partOfRegion ?p }") >= 300
    out = run_cli("analyze", "gaps", "--region", "北京", "--industry", "工业金属", store=store)
    assert "Traceback" not in out.stderr


def test_a_bulk_load_left_half_done_is_removed_when_the_store_opens(tmp_path: Path) -> None:
    """A crash during a bulk load leaves its marker in the catalog: the next open drops that source."""
    path = tmp_path / "store"
    store = open_store(path)
    assert isinstance(store, EmbeddedStore)
    keep = "https://w3id.org/chainkg/graph/keep"
    half = "https://w3id.org/chainkg/graph/half"
    shared = ox.Triple(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.Literal("1"))
    own = ox.Triple(ox.NamedNode("http://example.org/b"), ox.NamedNode("http://example.org/p"), ox.Literal("2"))
    store.replace_graph(keep, [shared], label="keep", kind="test", location="test")
    # what a process killed in the middle of _bulk_new leaves: the marker, part of the graph and of the merge
    raw = store._ox  # noqa: SLF001 - simulating the crash needs the store underneath
    catalog = ox.NamedNode("https://w3id.org/chainkg/graph/catalog")
    raw.extend([ox.Quad(ox.NamedNode(half), LOADING, ox.Literal("2026-01-01T00:00:00+00:00"), catalog)])
    raw.bulk_extend([ox.Quad(*t, ox.NamedNode(half)) for t in (shared, own)] +
                    [ox.Quad(*t, ox.DefaultGraph()) for t in (shared, own)])
    raw.flush()
    del store, raw
    reopened = open_store(path)
    assert not reopened.has_graph(half)
    assert reopened.ask('ASK { <http://example.org/a> <http://example.org/p> "1" }')  # still stated by keep
    assert not reopened.ask('ASK { <http://example.org/b> <http://example.org/p> "2" }')  # only half stated it
    assert not reopened.ask(f"ASK {{ <{half}> ?p ?o }}")


def test_bulk_and_transactional_ingest_write_the_same_quads(national_file: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """What `chainkg ingest` bulk-loads (in parts, the merge with it, the derived graphs) is quad for quad what
    `--atomic` writes in one transaction; only the catalog's times differ."""
    from chainkg.graph.backends import embedded
    from chainkg.ingest.dispatch import ingest_path

    monkeypatch.setattr(embedded, "BULK_PART", 7_000)  # several parts, as a national file has
    quads = []
    for bulk in (True, False):
        store = open_store(tmp_path / f"store-{bulk}")
        ingest_path(store, national_file, bulk=bulk, progress=lambda _line: None)
        generated = ox.NamedNode("http://www.w3.org/ns/prov#generatedAtTime")
        quads.append({q for q in store._ox.quads_for_pattern(None, None, None, None)  # noqa: SLF001
                      if q.predicate != generated})
        assert not any(q.predicate == LOADING for q in quads[-1])
    assert len(quads[0]) > 3 * 7_000
    assert quads[0] == quads[1]
