"""The A-share chain importer: quality report counts, normalisation, mapping, one transaction.

The data set is read from ../shared/datasets/ashare-chain (never copied into the
repo); the tests that need it are skipped, with the reason, when it is absent.
Small hand-made data sets (in tmp_path) cover the error paths.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef

from chainkg.graph.store import from_ox
from chainkg.ingest.ashare import build_source, clean, ingest_ashare
from chainkg.ingest.ashare.codes import read_code
from chainkg.ingest.ashare.link import duplicate_companies, resolve_company
from chainkg.ingest.ashare.rdf import ASHARE_GRAPH, SCHEME, company_iri, industry_iri
from chainkg.ingest.errors import IngestError
from chainkg.ontology.namespaces import CKG, SCHEMA, entity_iri

# rdflib's XSD namespace warns when pytest probes module attributes, so plain IRIs here.
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets" / "ashare-chain"
needs_data = pytest.mark.skipif(
    not (DATA / "company.json").is_file(),
    reason=f"the A-share chain data set is not at {DATA} (see ../shared/datasets/README.md)",
)

#: The counts ../shared/datasets/README.md gives for the data set.
README = {
    "company.json": 4654,
    "industry.json": 511,
    "industry_industry.json": 480,
    "company_industry.json": 4430,
    "industry_up.json": 335,
    "upstream_edges": 5256,
    "bare_code": 752,
    "suffixed_code": 3902,
    "time_not_a_date": 86,
    "duplicate_code": 53,
    "dangling_company": 103,
}


@pytest.fixture(scope="module")
def data():
    if not (DATA / "company.json").is_file():
        pytest.skip(f"the A-share chain data set is not at {DATA}")
    return clean(DATA)


@pytest.fixture(scope="module")
def source():
    if not (DATA / "company.json").is_file():
        pytest.skip(f"the A-share chain data set is not at {DATA}")
    return build_source(DATA)


# -- codes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, code, form",
    [
        ("603993.SH", "603993.SH", "suffixed"),
        ("603993", "603993.SH", "bare"),
        ("688096", "688096.SH", "bare"),
        ("900901", "900901.SH", "bare"),
        ("301079", "301079.SZ", "bare"),
        ("001216", "001216.SZ", "bare"),
        ("200011", "200011.SZ", "bare"),
        ("430047", "430047.BJ", "bare"),
        ("830799", "830799.BJ", "bare"),
        ("920002", "920002.BJ", "bare"),
        ("300957.sz", "300957.SZ", "lowercase"),
        (" 600876.SH ", "600876.SH", "suffixed"),
        ("60399", None, "malformed"),
        ("603993.HK", None, "unknown-suffix"),
        ("123456", None, "unknown-prefix"),
        (None, None, "malformed"),
    ],
)
def test_code_normal_form(raw, code, form):
    reading = read_code(raw)
    assert (reading.code, reading.form) == (code, form)


def test_written_suffix_that_contradicts_the_rules_is_flagged():
    reading = read_code("600000.SZ")
    assert reading.code == "600000.SZ" and reading.conflict == "SH"


# -- the quality report against the data set's README ---------------------------------------


@needs_data
def test_report_counts_match_the_dataset_readme(data):
    r = data.report
    for name in ("company.json", "industry.json", "industry_industry.json",
                 "company_industry.json", "industry_up.json"):
        assert r.files[name] == README[name], name
    for key in ("bare_code", "suffixed_code", "time_not_a_date", "duplicate_code",
                "dangling_company"):
        assert r.count(key) == README[key], key
    assert r.count("bare_code") + r.count("suffixed_code") == README["company.json"]
    assert r.counts["upstream_links"] == README["upstream_edges"]


@needs_data
def test_report_details(data):
    r = data.report
    # every inferred suffix agrees with the row's own exchange name
    assert r.defects["bare_code"].breakdown == {"agrees with location": 752}
    assert r.defects["time_not_a_date"].breakdown == {"exchange name": 81, "-": 5}
    assert r.count("lowercase_suffix") == 1
    assert r.count("location_not_an_exchange") == 1
    assert r.count("exchange_conflict") == 0
    assert r.count("code_unreadable") == 0
    # 53 codes on 121 rows: 4,654 rows make 4,586 companies
    assert sum(int(k.split()[0]) * v for k, v in r.defects["duplicate_code"].breakdown.items()) == 121
    assert r.counts["companies"] == 4654 - (121 - 53)
    # level marks: 45 level-2 and 45 level-3 names in industry.json
    assert r.defects["level_marked_name"].breakdown == {"industry.json Ⅱ": 45,
                                                       "industry.json Ⅲ": 45}
    assert r.count("level_marked_name_upstream") == 43
    assert r.count("upstream_name_unknown") == 0 and r.count("upstream_name_variant") == 2
    assert r.count("industry_unresolved") == 0
    # examples name the file and the line
    ex = r.defects["dangling_company"].examples[0]
    assert ex["file"] == "company_industry.json" and isinstance(ex["line"], int)


@needs_data
def test_report_json_and_summary(data, tmp_path):
    path = data.report.write_json(tmp_path / "q.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["defects"]["dangling_company"]["count"] == 103
    assert doc["defects"]["bare_code"]["examples"][0]["line"] == 1
    summary = data.report.summary()
    for text in ("752", "3,902", "86", "53", "103", "bare_code", "dangling_company"):
        assert text in summary


# -- normalisation decisions -----------------------------------------------------------------


@needs_data
def test_companies_are_keyed_by_one_normal_form(data):
    assert all(c.code[-3:] in (".SH", ".SZ", ".BJ") for c in data.companies.values())
    cmoc = data.companies["603993.SH"]
    assert (cmoc.name, cmoc.fullname, cmoc.listing_date) == (
        "洛阳钼业", "洛阳栾川钼业集团股份有限公司", "2012-10-09")
    assert cmoc.regions == ["410300", "410324"]
    # a bare code in company.json meets its suffixed form in company_industry.json
    assert data.companies["688071.SH"].industry is not None


@needs_data
def test_nothing_invented(data):
    # a dangling company_industry row does not make a company
    assert "688616.SH" not in data.companies
    # an exchange name in 'time' gives no listing date
    assert data.companies["300948.SZ"].listing_date is None
    # duplicated code: the plausible row wins (江苏京源环保, not 大连港)
    assert data.companies["688096.SH"].fullname == "江苏京源环保股份有限公司"
    # ten rows, ten unrelated full names and dates: both left out
    assert data.companies["688078.SH"].fullname is None
    assert data.companies["688078.SH"].listing_date is None
    assert data.companies["688078.SH"].name == "龙软科技"


@needs_data
def test_seven_luoyang_companies_are_located(data):
    luoyang = {c.name for c in data.companies.values() if "410300" in c.regions}
    assert {"洛阳钼业", "新强联", "建龙微纳", "洛阳玻璃", "轴研科技", "隆华科技",
            "北玻股份"} <= luoyang


# -- the RDF -------------------------------------------------------------------------------


def _graph(sg) -> Graph:
    """The import's pyoxigraph triples as an rdflib Graph, to test with rdflib's API."""
    g = Graph()
    for t in sg.content():
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return g


@needs_data
def test_company_triples(source):
    g = _graph(source[0])
    c = company_iri("603993.SH")
    assert c == entity_iri("Company", "603993.SH")
    assert (c, RDF.type, CKG.Company) in g
    assert (c, RDFS.label, Literal("洛阳钼业", lang="zh")) in g
    assert (c, SCHEMA.legalName, Literal("洛阳栾川钼业集团股份有限公司", lang="zh")) in g
    assert (c, SKOS.altLabel, Literal("洛阳栾川钼业集团股份有限公司", lang="zh")) in g
    assert (c, CKG.stockCode, Literal("603993.SH")) in g
    assert (c, CKG.exchange, Literal("上海证券交易所", lang="zh")) in g
    assert (c, CKG.listingDate, Literal("2012-10-09", datatype=XSD_DATE)) in g
    assert set(g.objects(c, CKG.locatedIn)) == {entity_iri("Region", "410300"),
                                                entity_iri("Region", "410324")}
    (industry,) = g.objects(c, CKG.inIndustry)
    assert (industry, RDF.type, CKG.Industry) in g


@needs_data
def test_shenwan_scheme(source):
    g = _graph(source[0])
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in g
    metals = industry_iri("240300")
    assert metals == entity_iri("Industry", "sw2021-240300")
    assert (metals, SKOS.notation, Literal("240300")) in g
    assert (metals, SKOS.prefLabel, Literal("工业金属", lang="zh")) in g
    assert (metals, RDFS.label, Literal("工业金属", lang="zh")) in g
    assert (metals, SKOS.broader, industry_iri("240000")) in g
    assert (industry_iri("240000"), SKOS.topConceptOf, SCHEME) in g
    assert (industry_iri("240301"), SKOS.broader, metals) in g
    # 511 concepts and the 3 classification levels
    assert len(set(g.subjects(SKOS.inScheme, SCHEME))) == 511 + 3
    marked = [s for s, o in g.subject_objects(SKOS.prefLabel) if str(o).endswith("Ⅱ")]
    assert len(marked) == 45
    for s in marked:
        assert (s, SKOS.altLabel, Literal(str(g.value(s, SKOS.prefLabel))[:-1], lang="zh")) in g


@needs_data
def test_upstream_links_are_qualified_and_direct(source):
    g = _graph(source[0])
    links = list(g.subjects(RDF.type, CKG.UpstreamLink))
    assert len(links) == 5256
    link = links[0]
    up, down = g.value(link, CKG.upstreamIndustry), g.value(link, CKG.downstreamIndustry)
    assert (up, CKG.upstreamOf, down) in g
    weight = g.value(link, CKG.weight)
    assert weight.datatype == XSD_DECIMAL and weight.toPython() > 0
    # 磷肥及磷化工 supplies 大众出版 with weight 4 (industry_up.json, line 1)
    pub, phos = industry_iri("720902"), industry_iri("220802")
    link = entity_iri("UpstreamLink", "sw2021-220802-720902")
    assert (link, CKG.upstreamIndustry, phos) in g and (link, CKG.downstreamIndustry, pub) in g
    assert int(g.value(link, CKG.weight).toPython()) == 4


@needs_data
def test_regions_in_the_graph(source):
    g = _graph(source[0])
    ly = entity_iri("Region", "410300")
    assert (ly, RDF.type, CKG.Region) in g
    assert (ly, RDFS.label, Literal("洛阳市", lang="zh")) in g
    assert (ly, SKOS.altLabel, Literal("洛阳", lang="zh")) in g
    assert (ly, CKG.divisionCode, Literal("410300")) in g
    assert (ly, CKG.adminLevel, Literal("prefecture")) in g
    assert (ly, CKG.partOfRegion, entity_iri("Region", "410000")) in g
    assert (entity_iri("Region", "410324"), CKG.partOfRegion, ly) in g


@needs_data
def test_stable_iris_no_blank_nodes(source):
    g = _graph(source[0])
    assert not any(isinstance(t, BNode) for triple in g for t in triple)
    again = _graph(build_source(DATA)[0])
    assert set(g) == set(again)


@needs_data
def test_origins_point_at_lines(source):
    sg = source[0]
    origin = sg.origins[(company_iri("603993.SH"), None)]
    line = (DATA / "company.json").read_text(encoding="utf-8").splitlines()[origin.line - 1]
    assert '"603993.SH"' in line and origin.file == "company.json"


# -- into the store, one transaction ---------------------------------------------------------


@needs_data
def test_ingest_into_store_with_shacl(tmp_path, make_store):
    store = make_store()
    messages: list[str] = []
    report = ingest_ashare(store, DATA, tmp_path / "quality.json", progress=messages.append)
    assert (tmp_path / "quality.json").is_file()
    assert "dangling_company" in messages[0]
    (written,) = list(report)
    assert written.graph == str(ASHARE_GRAPH) and written.triples == report.triples > 70000
    rows = list(store.select(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ASHARE_GRAPH}> {{ ?c a <{CKG.Company}> }} }}"))
    assert int(rows[0]["n"].value) == 4586
    # re-import replaces, never duplicates
    ingest_ashare(store, DATA, check=False)
    rows = list(store.select(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ASHARE_GRAPH}> {{ ?s ?p ?o }} }}"))
    assert int(rows[0]["n"].value) == report.triples
    # linking by name, alias and full name
    assert resolve_company(store, "洛阳钼业") == [str(company_iri("603993.SH"))]
    assert resolve_company(store, "洛阳栾川钼业集团股份有限公司") == [
        str(company_iri("603993.SH"))]
    assert duplicate_companies(store) == []


@needs_data
def test_luoyang_region_folder_reuses_the_national_iri(make_store):
    from chainkg.ingest.datafolder import read_folder
    from chainkg.ingest.pipeline import write_source

    store = make_store()
    ingest_ashare(store, DATA, check=False)
    write_source(store, read_folder(ROOT / "ingest" / "regions" / "luoyang"))
    assert duplicate_companies(store) == []
    iris = resolve_company(store, "洛阳钼业")
    assert iris == [str(company_iri("603993.SH"))]
    rows = store.select(
        f"""SELECT DISTINCT ?c WHERE {{ GRAPH ?g {{ ?c a <{CKG.Company}> ;
              <http://www.w3.org/2004/02/skos/core#altLabel> "洛钼集团"@zh }} }}""")
    assert [r["c"].value for r in rows] == iris


# -- error paths on small hand-made data sets ------------------------------------------------


def _write(tmp_path: Path, files: dict[str, list[object]]) -> Path:
    base = {
        "company.json": [], "industry.json": [], "industry_industry.json": [],
        "company_industry.json": [], "industry_up.json": [],
    }
    base.update(files)
    for name, rows in base.items():
        text = "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)
                         for r in rows)
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
    return tmp_path


def test_broken_json_names_file_and_line(tmp_path):
    d = _write(tmp_path, {"industry.json": ['{"code": "110000", "name": "农林牧渔"}', '{"code": ']})
    with pytest.raises(IngestError) as err:
        clean(d)
    assert "industry.json, line 2" in str(err.value)


def test_missing_field_names_it(tmp_path):
    d = _write(tmp_path, {"company.json": [{"name": "x", "code": "600000"}]})
    with pytest.raises(IngestError) as err:
        clean(d)
    assert "company.json, line 1, field 'fullname'" in str(err.value)


def test_not_a_dataset(tmp_path):
    with pytest.raises(IngestError, match="missing company.json"):
        clean(tmp_path)


def test_failed_ingest_writes_nothing(tmp_path, make_store):
    d = _write(tmp_path, {"industry.json": ["not json"]})
    store = make_store()
    with pytest.raises(IngestError):
        ingest_ashare(store, d)
    assert store.is_empty()


def test_small_dataset_defects(tmp_path):
    company = {"name": "甲", "fullname": "洛阳甲股份有限公司", "location": "上海证券交易所"}
    d = _write(tmp_path, {
        "company.json": [
            dict(company, code="600001", time="2001-01-01"),
            dict(company, code="600001.SH", time="上海证券交易所"),
            dict(company, code="000002", location="上海证券交易所", time="2002-02-02"),
            dict(company, code="12345", time="2003-03-03"),
        ],
        "industry.json": [{"code": "240000", "name": "有色金属"},
                          {"code": "240300", "name": "工业金属"},
                          {"code": "240301", "name": "铝"},
                          {"code": "240302", "name": "铜Ⅲ"}],
        "industry_industry.json": [
            {"from_code": "240300", "from_industry": "工业金属", "to_code": "240000",
             "to_industry": "有色金属"},
            {"from_code": "240301", "from_industry": "铝", "to_code": "240300",
             "to_industry": "工业金属"},
            {"from_code": "240302", "from_industry": "铜", "to_code": "240300",
             "to_industry": "工业金属"},
        ],
        "company_industry.json": [
            {"company_code": "600001.SH", "industry_code": "999999", "industry_name": "铝",
             "company_name": "甲"},
            {"company_code": "600009.SH", "industry_code": "240301", "industry_name": "铝",
             "company_name": "乙"},
        ],
        "industry_up.json": [
            {"industry": "铝", "ups": {"铜": 2, "铜Ⅲ": 3, "锡": 1, "铅": "x"}},
        ],
    })
    data = clean(d)
    r = data.report
    assert r.count("bare_code") == 1  # 600001; 000002's location contradicts its prefix
    assert r.count("exchange_conflict") == 1 and "000002.SZ" not in data.companies
    assert r.count("code_unreadable") == 1
    assert r.count("duplicate_code") == 1
    assert data.companies["600001.SH"].listing_date == "2001-01-01"  # rows agree on the rest
    assert r.count("unknown_industry_code") == 1
    assert data.companies["600001.SH"].industry == "240301"
    assert r.count("dangling_company") == 1
    assert r.count("hierarchy_mismatch") == 1  # 铜 is called 铜Ⅲ in industry.json
    assert r.count("upstream_name_variant") == 1  # 铜 -> 铜Ⅲ without the mark
    assert r.count("upstream_name_unknown") == 2  # 锡 and 铅: no such industry
    assert [(u.upstream, u.downstream, int(u.weight)) for u in data.upstream] == [
        ("240302", "240301", 2)]
    assert r.count("upstream_duplicate") == 1  # 铜Ⅲ is the same industry as 铜
