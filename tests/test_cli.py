"""The chainkg command, run as a user runs it (a subprocess)."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from conftest import run_cli

COMMANDS = ["build", "ingest", "drop", "sources", "validate", "query", "stats", "export", "serve"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage: chainkg" in result.stdout


def test_query_lists_luoyang_molybdenum(built_store_dir: Path) -> None:
    result = run_cli("query", "SELECT ?c WHERE { ?c a <https://w3id.org/chainkg/def#Company> }",
                     store=built_store_dir)
    assert result.returncode == 0, result.stderr
    assert "603993.SH" in result.stdout
    labelled = run_cli("query", "SELECT ?l WHERE { ?c a ckg:Company ; rdfs:label ?l }", store=built_store_dir)
    assert "洛阳钼业" in labelled.stdout


@pytest.mark.parametrize("fmt", ["csv", "json", "tsv"])
def test_query_formats(built_store_dir: Path, fmt: str) -> None:
    result = run_cli("query", "SELECT ?l WHERE { ?c a ckg:IndustryChain ; rdfs:label ?l FILTER(lang(?l)='zh') }",
                     "--format", fmt, store=built_store_dir)
    assert result.returncode == 0, result.stderr
    assert "铝基新材料产业链" in result.stdout
    if fmt == "json":
        assert len(json.loads(result.stdout)["results"]["bindings"]) == 3


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml"])
def test_select_star_keeps_the_order_of_the_query(built_store_dir: Path, fmt: str) -> None:
    """``SELECT *`` prints its columns in the order the query names its variables (Oxigraph sorts them)."""
    query = ("SELECT * WHERE { ?subject a ckg:IndustryChain ; rdfs:label ?label FILTER(lang(?label) = 'zh') "
             "BIND(STRLEN(?label) AS ?aLength) } LIMIT 2")
    result = run_cli("query", query, "--format", fmt, store=built_store_dir)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    if fmt == "json":
        doc = json.loads(out)
        assert doc["head"]["vars"] == ["subject", "label", "aLength"]
        assert {"subject", "label", "aLength"} == set(doc["results"]["bindings"][0])
        return
    if fmt == "xml":
        assert out.index('name="subject"') < out.index('name="label"') < out.index('name="aLength"')
        return
    header = out.splitlines()[0]
    cells = [c.strip().lstrip("?") for c in header.replace("|", ",").replace("\t", ",").split(",")]
    assert cells == ["subject", "label", "aLength"], header
    first = out.splitlines()[2 if fmt == "table" else 1]
    assert "/id/chain/" in first.split("|" if fmt == "table" else ("," if fmt == "csv" else "\t"))[0]


def test_query_syntax_error_is_a_message_not_a_traceback(built_store_dir: Path) -> None:
    result = run_cli("query", "SELECT WHERE {", store=built_store_dir)
    assert result.returncode == 2
    assert "syntax error" in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_stats(built_store_dir: Path) -> None:
    result = run_cli("stats", "--format", "json", store=built_store_dir)
    stats = json.loads(result.stdout)
    counts = {c["class"].rsplit("#", 1)[-1]: c["count"] for c in stats["classes"]}
    assert counts["IndustryChain"] == 3 and counts["IndustryCluster"] == 2 and counts["Company"] == 2
    assert {g["graph"].rsplit("/", 1)[-1] for g in stats["graphs"]} >= {"region-luoyang", "ontology"}
    table = run_cli("stats", store=built_store_dir).stdout
    assert "ckg:Company" in table and "graph:region-luoyang" in table


def test_ingest_error_exit_code_and_message(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "sources.csv").write_text("id,title,date\ndoc,标题,2024-02-30\n", encoding="utf-8")
    (folder / "entities.csv").write_text("class,name_zh,source,sentence\n", encoding="utf-8")
    result = run_cli("ingest", str(folder), store=tmp_path / "store")
    assert result.returncode == 2
    assert "sources.csv, line 2, field 'date'" in result.stderr
    assert "Traceback" not in result.stderr
    assert "region-broken" not in run_cli("sources", store=tmp_path / "store").stdout


def test_ingest_then_drop(tmp_path: Path) -> None:
    store = tmp_path / "store"
    minicity = Path(__file__).parent / "data" / "minicity"
    assert run_cli("ingest", str(minicity), store=store).returncode == 0
    assert "region-minicity" in run_cli("sources", store=store).stdout
    dropped = run_cli("drop", "region-minicity", store=store)
    assert dropped.returncode == 0, dropped.stderr
    assert "region-minicity" not in run_cli("sources", store=store).stdout
    missing = run_cli("drop", "no-such-source", store=store)
    assert missing.returncode == 2 and "no source named" in missing.stderr


def test_build_if_empty_keeps_an_existing_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_cli("build", store=store).returncode == 0
    again = run_cli("build", "--if-empty", store=store)
    assert again.returncode == 0 and "already holds data" in again.stdout


def test_export_gexf_reads_back_with_the_same_counts(built_store_dir: Path, tmp_path: Path) -> None:
    from chainkg.graph.projection import entity_network
    from chainkg.graph.store import open_store

    out = tmp_path / "graph.gexf"
    result = run_cli("export", "--format", "gexf", "-o", str(out), store=built_store_dir)
    assert result.returncode == 0, result.stderr
    g = nx.read_gexf(out)
    # the exported projection, computed again from a copy of the store
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(built_store_dir, copy)
    expected = entity_network(open_store(copy))
    assert g.number_of_nodes() == expected.number_of_nodes() >= 39
    assert g.number_of_edges() == expected.number_of_edges() > 20
    labels = {d["label"] for _, d in g.nodes(data=True)}
    assert {"洛阳钼业", "铝基新材料产业链", "新能源电池产业集群"} <= labels
    classes = {d.get("class") for _, d in g.nodes(data=True)}
    assert {"Company", "IndustryChain", "IndustryCluster", "Region"} <= classes


def test_export_chain_scope_by_name(built_store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "chain.gexf"
    result = run_cli("export", "-f", "gexf", "-o", str(out), "--scope", "chain", "--key", "铝基新材料产业链",
                     store=built_store_dir)
    assert result.returncode == 0, result.stderr
    labels = {d["label"] for _, d in nx.read_gexf(out).nodes(data=True)}
    assert {"铝基新材料产业链", "新能源汽车", "高性能材料", "洛阳市"} <= labels


@pytest.mark.parametrize("key", ["洛阳市", "Luoyang"])
def test_export_region_scope_by_name_in_either_language(built_store_dir: Path, tmp_path: Path, key: str) -> None:
    out = tmp_path / "region.gexf"
    result = run_cli("export", "-f", "gexf", "-o", str(out), "--scope", "region", "--key", key, store=built_store_dir)
    assert result.returncode == 0, result.stderr
    assert "洛阳市" in {d["label"] for _, d in nx.read_gexf(out).nodes(data=True)}


def test_export_scope_by_a_name_written_another_way_or_unknown(built_store_dir: Path, tmp_path: Path) -> None:
    """Not the name as written: the search index finds it (铝基新材料 for 铝基新材料产业链), or says what it
    may be; an unknown name is a clear error, not a traceback."""
    out = tmp_path / "chain.gexf"
    result = run_cli("export", "-f", "gexf", "-o", str(out), "--scope", "chain", "--key", "铝基新材料",
                     store=built_store_dir)
    assert result.returncode == 0, result.stderr
    assert "铝基新材料产业链" in {d["label"] for _, d in nx.read_gexf(out).nodes(data=True)}
    result = run_cli("export", "-f", "gexf", "-o", str(out), "--scope", "chain", "--key", "量子纺织产业链",
                     store=built_store_dir)
    assert result.returncode != 0 and "no chain named '量子纺织产业链'" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_reading_a_served_store_works_and_writing_says_how(live_server) -> None:  # noqa: ANN001
    """While 'chainkg serve' holds the store: reads open it read-only, writes say how to go through it."""
    result = run_cli("stats", store=live_server.store_dir)
    assert result.returncode == 0, result.stderr
    assert "graph:region-luoyang" in result.stdout
    ask = "SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/chainkg/id/company/603993.SH> a ckg:Company }"
    result = run_cli("query", ask, "--format", "csv", store=live_server.store_dir)
    assert result.returncode == 0 and result.stdout.split() == ["n", "1"], result
    result = run_cli("drop", "region-luoyang", store=live_server.store_dir)
    assert result.returncode == 2
    assert "chainkg serve" in result.stderr and "update token" in result.stderr
    assert "Traceback" not in result.stderr
