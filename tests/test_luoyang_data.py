"""The bundled Luoyang folder holds what the seed article says, each row citing its sentence."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from chainkg.graph.query import select_dicts
from chainkg.ingest.dispatch import BUNDLED_REGIONS

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "luoyang-2024-new-industrialization.txt"
FOLDER = BUNDLED_REGIONS / "luoyang"


def rows(name: str) -> list[dict[str, str]]:
    with (FOLDER / name).open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@pytest.mark.skipif(not ARTICLE.exists(), reason="the corpus is in ../shared")
def test_every_quoted_sentence_is_in_the_article() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    for name in ["entities.csv", "segments.csv", "relations.csv", "statistics.csv"]:
        for i, row in enumerate(rows(name)):
            assert row["sentence"] and row["sentence"] in text, (name, i, row["sentence"])


CHAINS = {"铝基新材料产业链": "1000", "光电产业链": "500", "先进合金材料产业链": "500"}
CLUSTERS = {"新能源电池产业集群": "1000", "绿色石化产业集群": "1000"}


@pytest.mark.parametrize(("name", "value"), [*CHAINS.items(), *CLUSTERS.items()])
def test_chains_and_clusters_have_scale_and_source(built_store, name: str, value: str) -> None:  # noqa: ANN001
    found = select_dicts(built_store, f"""
        SELECT ?x ?v ?unit ?bound ?text WHERE {{
          ?x rdfs:label "{name}"@zh .
          ?o ckg:subject ?x ; sdmx-measure:obsValue ?v ; ckg:unitLabel ?unit ; ckg:valueBound ?bound ;
             ckg:sentence/nif:anchorOf ?text .
        }}""")
    assert found, name
    assert {r["v"] for r in found} == {value}
    assert all(r["unit"] == "亿元" and r["bound"].endswith("AtLeast") for r in found)
    assert all(r["text"] for r in found)


def test_all_statistics_have_unit_value_and_sentence(built_store) -> None:  # noqa: ANN001
    obs = select_dicts(built_store, """
        SELECT ?o ?v ?mult ?s WHERE { ?o a qb:Observation ; sdmx-measure:obsValue ?v ;
          sdmx-attribute:unitMeasure ?u ; sdmx-attribute:unitMult ?mult ; ckg:sentence ?s }""")
    assert len(obs) >= 60


def test_counts_are_statistics_not_invented_companies(built_store) -> None:  # noqa: ANN001
    companies = select_dicts(built_store, "SELECT ?c WHERE { ?c a ckg:Company }")
    assert len(companies) == 2  # 洛阳钼业 and 中州时代: the only companies the article names
    leaders = select_dicts(built_store, """SELECT ?v WHERE { ?o ckg:metric/rdfs:label ?m ;
        sdmx-measure:obsValue ?v FILTER(CONTAINS(?m, "头雁")) }""")
    assert {"13"} <= {r["v"] for r in leaders}


def test_aliases_resolve_to_one_company(built_store) -> None:  # noqa: ANN001
    found = select_dicts(built_store, """SELECT DISTINCT ?c WHERE { ?c a ckg:Company ;
        skos:altLabel|rdfs:label ?n FILTER(STR(?n) IN ("洛阳钼业", "CMOC", "洛阳栾川钼业集团股份有限公司")) }""")
    assert [r["c"] for r in found] == ["https://w3id.org/chainkg/id/company/603993.SH"]
