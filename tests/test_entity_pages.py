"""Entity pages and their RDF twins, search, the home dashboard, and escaping on the server side.

Every entity IRI dereferences: HTML for a browser, Turtle / JSON-LD / N-Triples by content
negotiation and as ``.ttl`` / ``.jsonld`` / ``.nt`` twins. The made-up regions tests/data/qinglan
(with an RDF file of machine-extracted facts) and tests/data/hostile (names that are attacks) are
ingested through the normal path beside the bundled Luoyang folder.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import new_store
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from chainkg.ingest.dispatch import build, ingest_path
from chainkg.server.app import create_app

DATA = Path(__file__).parent / "data"
ID = "https://w3id.org/chainkg/id/"
TIMES = ID + "company/qinglan-times"


@pytest.fixture(scope="module")
def pages_app(backend: str, servers: list):  # noqa: ANN201
    store = new_store(backend, servers)
    build(store)
    for path in ["qinglan", "qinglan/extracted.ttl", "hostile"]:
        ingest_path(store, DATA / path)
    return create_app({"TESTING": True}, store=store)


@pytest.fixture()
def pc(pages_app):  # noqa: ANN001, ANN201
    return pages_app.test_client()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_entity_page_shows_labels_facts_statistics_and_sources(pc) -> None:  # noqa: ANN001
    r = pc.get("/id/company/qinglan-times", headers={"Accept": "text/html"})
    assert r.status_code == 200 and {v.strip() for v in r.headers["Vary"].split(",")} == {"Accept", "Cookie"}
    html = r.get_data(as_text=True)
    text = text_of(html)
    assert "<h1>青岚时代" in html and "Qinglan Times" in text and "企业" in text
    for alias in ["岚时代", "QLT", "青岚时代新能源科技有限公司"]:
        assert f'<span class="alias">{alias}</span>' in html
    # facts grouped by relation, outgoing and incoming, with the sentence each came from
    assert "参与" in text and 'href="/id/segment/battery"' in html
    assert "← 建设主体" in text and "年产20GWh动力电池项目" in text  # incoming: the project it builds
    assert "中游方面，青岚时代、星能电池生产动力电池" in text
    # statistics as a table, with unit and period
    row = re.search(r"<tr class=\"curated\">\s*<td>营业收入</td>.*?</tr>", html, re.S).group(0)
    assert "150" in row and "亿元" in row and "2023年" in row and "青岚时代2023年营业收入150亿元" in row
    # links to the views it appears in, opened with it selected
    assert "/chain/nev?node=" + TIMES in html
    assert "/cluster/qinglan-new-energy?node=" in html and "/explore?iri=" in html
    assert "region folder qinglan" in text  # the source graphs


def test_extracted_facts_are_shown_apart(pc) -> None:  # noqa: ANN001
    html = pc.get("/id/company/qinglan-times").get_data(as_text=True)
    curated, machine = html.split('<section class="machine">')
    assert "研发投入" not in curated and "研发投入" in machine and "12" in machine
    assert "专精特新“小巨人”" in machine and "机器抽取 (pattern)" in machine
    assert "青岚时代近日获评国家级专精特新“小巨人”企业" in machine
    data = pc.get("/id/company/qinglan-times.json").get_json()
    facts = [f for g in data["outgoing"] for f in g["facts"]]
    assert {f["curation"] for f in facts} == {"curated", "extracted"}
    assert next(s for s in data["statistics"] if s["metric"] == "研发投入")["curation"] == "extracted"
    # a page with curated facts only has no machine section
    assert '<section class="machine">' not in pc.get("/id/company/chiyuan").get_data(as_text=True)


def test_english_labels_with_lang_en(pc) -> None:  # noqa: ANN001
    html = pc.get("/id/company/qinglan-times?lang=en").get_data(as_text=True)
    assert "<h1>Qinglan Times" in html and '<dd class="data">青岚时代</dd>' in html
    assert "<td>Revenue</td>" in html and ">Power batteries</a>" in html
    assert "participates in" in html
    chain = pc.get("/id/chain/lv-ji-xin-cai-liao-chan-ye-lian?lang=en").get_data(as_text=True)
    assert "<h1>Aluminium-based new materials industry chain" in chain
    # no English label: the Chinese one
    assert "<h1>中州时代" in pc.get("/id/company/zhong-zhou-shi-dai?lang=en").get_data(as_text=True)


@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
    ("application/rdf+xml", "xml"), ("text/turtle;q=0.9, text/html;q=0.5", "turtle"),
])
def test_content_negotiation_returns_parseable_rdf(pc, accept: str, fmt: str) -> None:  # noqa: ANN001
    r = pc.get("/id/company/qinglan-times", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith(accept.split(";")[0])
    assert r.headers["Vary"] == "Accept"
    g = Graph().parse(data=r.get_data(as_text=True), format=fmt)
    assert (URIRef(TIMES), RDFS.label, Literal("青岚时代", lang="zh")) in g
    assert (URIRef(TIMES), URIRef("https://w3id.org/chainkg/def#participatesIn"), URIRef(ID + "segment/battery")) in g


@pytest.mark.parametrize(("suffix", "fmt", "media"), [
    ("ttl", "turtle", "text/turtle"), ("jsonld", "json-ld", "application/ld+json"),
    ("nt", "nt", "application/n-triples"),
])
def test_rdf_twins(pc, suffix: str, fmt: str, media: str) -> None:  # noqa: ANN001
    r = pc.get(f"/id/company/qinglan-times.{suffix}")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith(media)
    g = Graph().parse(data=r.get_data(as_text=True), format=fmt)
    assert (URIRef(TIMES), RDFS.label, Literal("Qinglan Times", lang="en")) in g
    # a stock code with a dot is not mistaken for a twin
    assert pc.get("/id/company/603993.SH").status_code == 200
    assert pc.get("/id/company/603993.SH.ttl").headers["Content-Type"].startswith("text/turtle")


def test_browsers_get_html_and_unknown_entities_404(pc) -> None:  # noqa: ANN001
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = pc.get("/id/company/qinglan-times", headers={"Accept": browser})
    assert r.headers["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" in r.headers
    for path in ["/id/company/nobody", "/id/company/nobody.ttl", "/id/company/nobody.json"]:
        assert pc.get(path, headers={"Accept": browser}).status_code == 404, path


@pytest.mark.parametrize("q", ["洛钼", "CMOC", "luoyang muye", "luoyangmuye", "lymy", "洛阳栾川钼业", "603993"])
def test_search_finds_luoyang_muye(pc, q: str) -> None:  # noqa: ANN001
    hits = pc.get("/search.json", query_string={"q": q}).get_json()["results"]
    assert hits and hits[0]["label"] == "洛阳钼业", (q, hits[:3])
    assert hits[0]["url"] == "/id/company/603993.SH" and hits[0]["class_label"] == "企业"


def test_search_by_class_and_page(pc) -> None:  # noqa: ANN001
    hits = pc.get("/search.json?q=xinnengyuan&class=IndustryChain").get_json()["results"]
    assert hits and {h["class"] for h in hits} == {"IndustryChain"}
    assert hits[0]["view"].startswith("/chain/")
    html = pc.get("/search?q=qlsd").get_data(as_text=True)  # initials of 青岚时代
    assert "青岚时代" in html
    assert pc.get("/search?q=CMOC&go=1").headers["Location"].endswith("/id/company/603993.SH")


def test_home_dashboard(pc) -> None:  # noqa: ANN001
    html = pc.get("/").get_data(as_text=True)
    ranking = html.split('id="chain-ranking"')[1].split("</ol>")[0]
    names = re.findall(r'class="name" href="([^"]+)">([^<]+)</a>', ranking)
    order = [n for _, n in names]
    assert order[:2] == ["铝基新材料产业链", "新能源汽车产业链"]  # 不低于 1000 亿元, then 860 亿元
    assert set(order[2:4]) == {"光电产业链", "先进合金材料产业链"} and order[4] == "储能产业链"
    assert ("/chain/nev", "新能源汽车产业链") in names  # every bar links to its chain map
    assert "860 亿元" in ranking  # the reported figure, not the 2025 target
    clusters = html.split('class="clusters"')[1]
    assert 'href="/cluster/qinglan-new-energy"' in clusters
    assert 'href="/chain/storage">储能产业链</a>' in clusters
    assert "region folder qinglan" in html and "青岚市新能源汽车产业链发展报告（2024）" in html
    counts = re.findall(r'href="/browse/(\w+)">\s*<b>(\d+)</b>', html)
    assert ("IndustryChain", "6") in counts  # 3 from Luoyang, 2 from Qinglan, 1 hostile
    assert int(dict(counts)["Company"]) >= 16


def test_browse_and_sources(pc) -> None:  # noqa: ANN001
    html = pc.get("/browse/IndustryChain").get_data(as_text=True)
    assert 'href="/chain/nev"' in html and "/explore?iri=" in html
    assert pc.get("/browse/Nothing").status_code == 404
    chains = pc.get("/browse/IndustryChain.json").get_json()["rows"]
    assert {"iri": ID + "chain/nev", "url": "/id/chain/nev"}.items() <= next(
        c for c in chains if c["label"] == "新能源汽车产业链").items()
    src = json.loads(pc.get("/sources?format=json").get_data())
    assert {"region folder qinglan", "RDF file extracted.ttl"} <= {s["label"] for s in src}


HOSTILE_PAGES = ["/", "/chain/x-chain", "/cluster/x-cluster", "/id/company/x-img", "/id/policy/x-script",
                 "/id/chain/x-chain", "/id/segment/x-svg", f"/explore?iri={ID}company/x-img", "/browse/Company",
                 "/browse/Policy", "/search?q=img", "/search?q=script", "/chains", "/sources",
                 "/id/document/doc", "/id/company/x-img?lang=en", "/chain/x-chain?lang=en"]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_hostile_names_are_escaped_in_html(pc, path: str) -> None:  # noqa: ANN001
    r = pc.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 200, path
    html = r.get_data(as_text=True)
    for raw in ["<img src=", "<svg", "<script>alert", "<script>window", "<b onmouseover", "<i onmouseover",
                "<iframe", "onmouseover='", "</title><script"]:
        assert raw not in html, (path, raw)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    for attrs, body in scripts:  # only our files, and JSON data that cannot close its element
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
        assert "</" not in body
    if path.startswith("/id/company/x-img") or path == "/browse/Company":
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_hostile_names_are_plain_strings_in_view_json(pc) -> None:  # noqa: ANN001
    data = pc.get("/chain/x-chain.json").get_json()
    labels = {n["label_zh"] for n in data["nodes"]}
    assert "<img src=x onerror=alert(1)>" in labels and '"><script>alert(1)</script>' in labels
    assert all("title" not in n for n in data["nodes"])  # tooltips are made as text by the page
