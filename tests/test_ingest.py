"""Ingest: the bundled build, idempotency, the SHACL failure path, RDF files, drop."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import URIRef

from chainkg.graph.store import GraphStore
from chainkg.ingest.datafolder import read_folder
from chainkg.ingest.dispatch import BUNDLED_REGIONS, build, ingest_path
from chainkg.ingest.errors import IngestError

MINICITY = Path(__file__).parent / "data" / "minicity"


def all_quads(store: GraphStore) -> set[tuple[str, str, str, str]]:
    """Every quad of every named graph but the catalog (which records when it was written)."""
    import io

    import pyoxigraph as ox

    from chainkg.graph.formats import by_name

    buf = io.BytesIO()
    store.dump(buf, by_name("nquads", "rdf"))
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
            for q in ox.parse(buf.getvalue(), format=ox.RdfFormat.N_QUADS)
            if not str(q.graph_name).endswith("/catalog>")}


def test_build_writes_one_graph_per_source(fresh_store: GraphStore) -> None:
    results = build(fresh_store)
    graphs = {r.graph for r in results}
    assert "https://w3id.org/chainkg/graph/region-luoyang" in graphs
    assert "https://w3id.org/chainkg/graph/ontology" in graphs
    sources = {s.graph: s for s in fresh_store.sources()}
    assert set(sources) == graphs
    luoyang = sources["https://w3id.org/chainkg/graph/region-luoyang"]
    assert luoyang.kind == "region-folder" and luoyang.triples > 1000 and luoyang.generated_at


def test_reingest_gives_exactly_the_same_triples(fresh_store: GraphStore) -> None:
    build(fresh_store)
    first = all_quads(fresh_store)
    build(fresh_store)
    second = all_quads(fresh_store)
    assert len(first) == len(second) > 1000
    assert first == second


def test_rdf_file_with_blank_nodes_is_idempotent(fresh_store: GraphStore, tmp_path: Path) -> None:
    ttl = tmp_path / "extra.ttl"
    ttl.write_text('@prefix ex: <http://example.org/> . ex:a ex:p [ ex:q "x" ] , [ ex:q "y" ] .\n', encoding="utf-8")
    ingest_path(fresh_store, ttl)
    first = all_quads(fresh_store)
    ingest_path(fresh_store, ttl)
    assert all_quads(fresh_store) == first
    assert len(first) == 4


def _copy_folder(tmp_path: Path, src: Path = MINICITY) -> Path:
    dst = tmp_path / src.name
    shutil.copytree(src, dst)
    return dst


def _replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "expect"),
    [
        ("statistics.csv", ",200,亿元,", ",二百,亿元,", ("statistics.csv, line 2, field 'value'", "not a number")),
        ("statistics.csv", ",6.5,%,", ",6.5,斤,", ("statistics.csv, line 3, field 'unit'", "unknown unit")),
        ("relations.csv", "acme,locatedIn,city", "acme,locatedIn,nowhere",
         ("relations.csv, line 2, field 'object'", "'nowhere' is not a key")),
        ("relations.csv", "acme,locatedIn,city", "acme,locatedIn,chain",
         ("relations.csv, line 2, field 'relation'", "must point at a ckg:Region")),
        ("relations.csv", "chain,chainLeader,acme", "chain,chainLeader,plan",
         ("relations.csv, line 4, field 'relation'", "ckg:Company")),
        ("entities.csv", "acme,Company,示例电池", "acme,Firm,示例电池",
         ("entities.csv, line 3, field 'class'", "unknown class")),
        ("entities.csv", "示例电池股份有限公司|EXB,,bulletin", "示例电池股份有限公司|EXB,12345,bulletin",
         ("entities.csv, line 3, field 'code'", "not a stock code")),
        ("entities.csv", ",bulletin,示例电池是锂电池产业链链主企业。", ",,示例电池是锂电池产业链链主企业。",
         ("entities.csv, line 3, field 'source'", "required value is empty")),
        ("sources.csv", "2024-03-01", "2024-13-01", ("sources.csv, line 3, field 'date'", "not a date")),
        ("segments.csv", "chain,upstream,1", "chain,sideways,1", ("segments.csv, line 2, field 'position'", "")),
        ("statistics.csv", "at-least,,,city", "at-least,,,chain",
         ("statistics.csv, line 2, field 'area'", "ckg:Region")),
        ("entities.csv", "key,class,", "key,klass,", ("entities.csv, line 1, field 'klass'", "unknown column")),
    ],
)
def test_bad_row_is_named_and_nothing_is_written(tmp_path: Path, file: str, old: str, new: str,
                                                 expect: tuple[str, str], make_store) -> None:  # noqa: ANN001
    folder = _copy_folder(tmp_path)
    _replace_in(folder / file, old, new)
    store = make_store()
    ingest_path(store, MINICITY)  # an earlier, good version of the same source
    before = all_quads(store)
    # the bad copy has another folder name, so write it over the good one to test "nothing written"
    good_graph = "https://w3id.org/chainkg/graph/region-minicity"
    with pytest.raises(IngestError) as info:
        ingest_path(store, folder)
    message = str(info.value)
    where, what = expect
    assert where in message and what in message, message
    assert all_quads(store) == before
    assert any(q[3] == f"<{good_graph}>" for q in before)


def test_failed_reingest_keeps_the_previous_version(tmp_path: Path, make_store) -> None:  # noqa: ANN001
    store = make_store()
    folder = _copy_folder(tmp_path)
    ingest_path(store, folder)
    before = all_quads(store)
    _replace_in(folder / "statistics.csv", ",6.5,%,", ",6.5%,%,")
    with pytest.raises(IngestError):
        ingest_path(store, folder)
    assert all_quads(store) == before


def test_drop_removes_one_source(fresh_store: GraphStore) -> None:
    build(fresh_store)
    ingest_path(fresh_store, MINICITY)
    graph = URIRef("https://w3id.org/chainkg/graph/region-minicity")
    assert fresh_store.has_graph(graph)
    assert fresh_store.drop_graph(graph)
    assert not fresh_store.has_graph(graph)
    assert "https://w3id.org/chainkg/graph/region-luoyang" in {s.graph for s in fresh_store.sources()}
    assert graph not in {URIRef(s.graph) for s in fresh_store.sources()}


def test_every_bundled_folder_reads_cleanly() -> None:
    folders = [p for p in BUNDLED_REGIONS.iterdir() if (p / "sources.csv").exists()]
    assert folders
    for folder in folders:
        assert len(read_folder(folder).graph) > 0


def test_bad_rdf_file_names_the_line(fresh_store: GraphStore, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p ex:b .\nex:a ex:p \"unterminated .\n")
    with pytest.raises(IngestError) as info:
        ingest_path(fresh_store, bad)
    assert "bad.ttl, line 3" in str(info.value)
    assert fresh_store.is_empty()
