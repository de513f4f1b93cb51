"""One entity, one IRI across sources (issue 9): names, aliases, full names and codes link a
new source's entities to those of other sources; ambiguous names are reported, never guessed."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

from chainkg.graph.store import open_store
from chainkg.ingest.dispatch import ingest_path
from chainkg.ingest.linking import links_of
from chainkg.ontology.namespaces import ID_BASE

PREFIXES = """@prefix ckg: <https://w3id.org/chainkg/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix schema: <https://schema.org/> .
@prefix id: <https://w3id.org/chainkg/id/> .
"""

NATIONAL = PREFIXES + """
<https://w3id.org/chainkg/id/company/603993.SH> a ckg:Company ; rdfs:label "洛阳钼业"@zh ;
    skos:altLabel "洛钼"@zh , "CMOC"@en ; schema:legalName "洛阳栾川钼业集团股份有限公司"@zh ;
    ckg:stockCode "603993.SH" ; ckg:curation "curated" .
<https://w3id.org/chainkg/id/company/300361.SZ> a ckg:Company ; rdfs:label "奥赛康"@zh ; ckg:stockCode "300361.SZ" ;
    ckg:curation "curated" .
<https://w3id.org/chainkg/id/company/002755.SZ> a ckg:Company ; rdfs:label "奥赛康"@zh ; ckg:stockCode "002755.SZ" ;
    ckg:curation "curated" .
<https://w3id.org/chainkg/id/company/zhong-xin-zhong-gong> a ckg:Company ; rdfs:label "中信重工"@zh ;
    ckg:curation "curated" .
<https://w3id.org/chainkg/id/chain/lv> a ckg:IndustryChain ; rdfs:label "铝基新材料产业链"@zh ;
    skos:altLabel "铝基新材料"@zh ;
    ckg:curation "curated" .
"""

ARTICLE = PREFIXES + """
<https://w3id.org/chainkg/id/company/luo-mu> a ckg:Company ; rdfs:label "洛钼"@zh ; ckg:curation "extracted" ;
    ckg:hasDesignation <https://w3id.org/chainkg/id/designation/top> .
<https://w3id.org/chainkg/id/designation/top> a ckg:Designation ; rdfs:label "全球企业1000强"@zh ;
    ckg:curation "extracted" .
<https://w3id.org/chainkg/id/company/luo-yang-luan-chuan-mu-ye-ji-tuan-gu-fen-you-xian-gong-si>
    a ckg:Company ; rdfs:label "洛阳栾川钼业集团股份有限公司"@zh ;
    ckg:curation "extracted" .
<https://w3id.org/chainkg/id/company/ao-sai-kang> a ckg:Company ; rdfs:label "奥赛康"@zh ; ckg:curation "extracted" .
<https://w3id.org/chainkg/id/chain/lv-ji-xin-cai-liao> a ckg:IndustryChain ; rdfs:label "铝基新材料"@zh ;
    ckg:curation "extracted" .
<https://w3id.org/chainkg/id/company/601608.SH> a ckg:Company ; rdfs:label "中信重工"@zh ; ckg:stockCode "601608.SH" ;
    ckg:curation "curated" .
"""


def _ingest(tmp_path: Path) -> tuple:
    (tmp_path / "national.ttl").write_text(NATIONAL, encoding="utf-8")
    (tmp_path / "article.ttl").write_text(ARTICLE, encoding="utf-8")
    store = open_store("memory")
    ingest_path(store, tmp_path / "national.ttl")
    (result,) = ingest_path(store, tmp_path / "article.ttl")
    return store, result.graph


def test_names_aliases_and_full_names_resolve_to_one_iri(tmp_path: Path) -> None:
    store, graph = _ingest(tmp_path)
    cmoc = ID_BASE + "company/603993.SH"
    # 洛钼 (alias) and the registered full name both became 603993.SH, and its relation moved with it
    assert store.ask(f"ASK {{ GRAPH <{graph}> {{ <{cmoc}> <https://w3id.org/chainkg/def#hasDesignation> ?d }} }}")
    for slug in ("company/luo-mu", "company/luo-yang-luan-chuan-mu-ye-ji-tuan-gu-fen-you-xian-gong-si",
                 "chain/lv-ji-xin-cai-liao"):
        assert not store.mentions(ID_BASE + slug), slug
    names = store.rows(f"SELECT ?l WHERE {{ <{cmoc}> <http://www.w3.org/2000/01/rdf-schema#label> ?l "
                       "FILTER(lang(?l) = 'zh') }")
    assert names == [{"l": "洛阳钼业"}]  # one Chinese name; 洛钼 stays an alias
    links = {r["name"]: r for r in links_of(store, graph)}
    assert links["洛钼"]["to"] == cmoc and links["洛钼"]["method"].endswith("#ByAlias")
    assert links["洛阳栾川钼业集团股份有限公司"]["method"].endswith("#ByFullName")
    assert links["铝基新材料"]["to"] == ID_BASE + "chain/lv"


def test_ambiguous_names_are_reported_with_candidates_and_not_linked(tmp_path: Path) -> None:
    store, graph = _ingest(tmp_path)
    links = {r["name"]: r for r in links_of(store, graph)}
    assert "to" not in links["奥赛康"]
    assert set(links["奥赛康"]["candidates"].split()) == {ID_BASE + "company/300361.SZ", ID_BASE + "company/002755.SZ"}
    assert store.mentions(ID_BASE + "company/ao-sai-kang")  # kept apart, under its own IRI
    # a code-keyed company whose name another source gave without a code: reported, not merged
    assert "give it the code 601608.SH" in links["中信重工"]["note"]


def test_cli_ingest_prints_what_it_linked_and_what_it_could_not(tmp_path: Path) -> None:
    (tmp_path / "national.ttl").write_text(NATIONAL, encoding="utf-8")
    (tmp_path / "article.ttl").write_text(ARTICLE, encoding="utf-8")
    store = tmp_path / "store"
    assert run_cli("ingest", str(tmp_path / "national.ttl"), store=store).returncode == 0
    r = run_cli("ingest", str(tmp_path / "article.ttl"), store=store)
    assert r.returncode == 0, r.stderr
    assert "洛钼 → <https://w3id.org/chainkg/id/company/603993.SH> (ByAlias)" in r.stdout
    assert "not linked 奥赛康" in r.stdout and "300361.SZ" in r.stdout


def test_national_sources_agree_on_one_iri_per_company(national_store) -> None:  # noqa: ANN001
    names = ["洛阳钼业", "洛钼", "CMOC", "洛阳栾川钼业集团股份有限公司", "603993.SH"]
    values = " ".join(f'"{n}"' for n in names)
    rows = national_store.rows(f"""SELECT DISTINCT ?c WHERE {{ VALUES ?n {{ {values} }}
        ?c a <https://w3id.org/chainkg/def#Company> ;
           <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel>|
           <https://schema.org/legalName>|<https://w3id.org/chainkg/def#stockCode> ?x FILTER(STR(?x) = ?n) }}""")
    assert rows == [{"c": ID_BASE + "company/603993.SH"}]
    graphs = national_store.rows(f"""SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{ID_BASE}company/603993.SH> a ?t }} }}""")
    assert len(graphs) == 3  # the folder, the national data and the article
    # the chains, clusters and policies the article names are the folder's
    minted = national_store.rows("""SELECT ?e WHERE {
        GRAPH ?g { ?e a ?t ; <https://w3id.org/chainkg/def#curation> "extracted" }
        VALUES ?t { <https://w3id.org/chainkg/def#IndustryChain> <https://w3id.org/chainkg/def#IndustryCluster> } }""")
    assert minted == []
    # 机器人 (a company's short name and a Shenwan industry) is not taken for 300024.SZ
    assert not national_store.ask(f"""ASK {{ <{ID_BASE}company/300024.SZ>
        <https://w3id.org/chainkg/def#locatedIn> <{ID_BASE}region/410300> }}""")
