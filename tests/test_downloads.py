"""Downloads (issue 11): every download offered wherever the data is shown, one look everywhere,
CSV files that Excel opens, and file names that say what a file is.

Decisions (README, "Downloads"): the CSV of every list and table page starts with a UTF-8 byte
order mark, so Excel shows the Chinese as Chinese; SPARQL's ``text/csv`` results stay as the W3C
specifies them (no BOM) unless ``format=csv-excel`` asks for one; the node and edge tables of a
network are a zip named ``.zip`` (``application/zip``), the old ``.csv`` URLs redirect to it.
Before this, list CSVs had no BOM, ``graph.csv`` was a zip, and GraphML / CSV were offered only
on the gaps page: each test below fails on that code.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest

BOM = b"\xef\xbb\xbf"
CHAIN = "/chain/lv-ji-xin-cai-liao-chan-ye-lian"
EXPLORE = "/explore?iri=https://w3id.org/chainkg/id/company/603993.SH"


def offered(html: str) -> dict[str, str]:
    """The downloads paragraph of a page: format -> link (buttons: their ``data-href`` or '')."""
    block = re.search(r'<p class="downloads"[^>]*>(.*?)</p>', html, re.S)
    assert block, "the page has no downloads paragraph"
    out = {}
    for tag in re.finditer(r"<(a|button)\b([^>]*)>", block.group(1)):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag.group(2)))
        out[attrs["data-fmt"]] = (attrs.get("href") or attrs.get("data-href") or "").replace("&amp;", "&")
    return out


def fetch_all(client, links: dict[str, str]) -> None:  # noqa: ANN001
    for fmt, href in links.items():
        if href:
            r = client.get(href)
            body = r.get_data()  # read to the end: the downloads stream
            assert r.status_code == 200 and body, (fmt, href, r.status_code, body[:300])


def test_list_csv_opens_in_excel(client) -> None:  # noqa: ANN001
    r = client.get("/browse/Company.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert r.data.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert "洛阳钼业" in {row["label"] for row in rows}
    assert "attachment" in r.headers["Content-Disposition"]


def test_sparql_csv_is_the_w3c_one_unless_excel_is_asked(client) -> None:  # noqa: ANN001
    query = "SELECT ?l WHERE { <https://w3id.org/chainkg/id/company/603993.SH> rdfs:label ?l }"
    plain = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/csv"})
    assert plain.status_code == 200 and plain.data.startswith(b"l\r\n")
    excel = client.get("/sparql", query_string={"query": query, "format": "csv-excel"})
    assert excel.status_code == 200 and excel.mimetype == "text/csv"
    assert excel.data.startswith(BOM) and excel.data[len(BOM):] == plain.data
    assert "attachment" in excel.headers["Content-Disposition"]
    # an example question's page offers both
    links = offered(client.get("/queries/chains-over-100bn", headers={"Accept": "text/html"}).get_data(as_text=True))
    assert {"csv", "json", "csv-excel"} <= set(links)
    r = client.get(links["csv-excel"])
    assert r.status_code == 200 and r.data.startswith(BOM)
    assert not client.get(links["csv"]).data.startswith(BOM)


def test_network_tables_are_a_zip_named_zip(client) -> None:  # noqa: ANN001
    r = client.get("/export/graph.zip")
    assert r.status_code == 200 and r.mimetype == "application/zip"
    assert 'filename="chainkg-graph.zip"' in r.headers["Content-Disposition"]
    assert set(zipfile.ZipFile(io.BytesIO(r.data)).namelist()) == {"nodes.csv", "edges.csv", "columns.json"}
    old = client.get("/export/graph.csv?size_by=degree")
    assert old.status_code == 308 and old.headers["Location"].endswith("/export/graph.zip?size_by=degree")
    r = client.get(f"/export{CHAIN}.zip")
    assert r.status_code == 200 and r.mimetype == "application/zip"


NETWORK = {"gexf", "graphml", "zip", "html", "json", "png"}


@pytest.mark.parametrize("url", [CHAIN, EXPLORE, "cluster"])
def test_every_network_view_offers_every_download(client, url: str) -> None:  # noqa: ANN001
    if url == "cluster":
        url = re.findall(r'href="(/cluster/[^"?]+)"', client.get("/clusters").get_data(as_text=True))[0]
    links = offered(client.get(url, headers={"Accept": "text/html"}).get_data(as_text=True))
    assert set(links) == NETWORK, links
    fetch_all(client, links)
    assert client.get(links["zip"]).mimetype == "application/zip"
    assert client.get(links["graphml"]).data.lstrip().startswith(b"<?xml")


@pytest.mark.parametrize("url,formats", [
    ("/browse/Company", {"json", "csv"}), ("/browse/Policy", {"json", "csv"}), ("/search?q=洛阳", {"json", "csv"}),
    ("/chains", {"json", "csv"}), ("/id/company/603993.SH", {"ttl", "jsonld", "nt", "json"}),
])
def test_every_list_and_entity_page_offers_its_twins(client, url: str, formats: set[str]) -> None:  # noqa: ANN001
    links = offered(client.get(url, headers={"Accept": "text/html"}).get_data(as_text=True))
    assert formats <= set(links), links
    fetch_all(client, links)


def test_analysis_pages_offer_every_download(national_app) -> None:  # noqa: ANN001
    client = national_app.test_client()
    gaps = "/analysis/gaps?region=洛阳&chain=https://w3id.org/chainkg/id/chain/lv-ji-xin-cai-liao-chan-ye-lian"
    links = offered(client.get(gaps, headers={"Accept": "text/html"}).get_data(as_text=True))
    assert {"json", "csv", "gexf", "graphml", "zip", "html", "png"} <= set(links), links
    fetch_all(client, links)
    assert client.get(links["csv"]).data.startswith(BOM)
    links = offered(client.get("/analysis/industries", headers={"Accept": "text/html"}).get_data(as_text=True))
    assert {"json", "csv", "gexf", "graphml", "zip", "html"} <= set(links), links
    fetch_all(client, {k: v for k, v in links.items() if k != "html"})  # the whole supply network: not drawn here
    links = offered(client.get("/analysis/path?from=铁矿石&to=乘用车", headers={"Accept": "text/html"})
                    .get_data(as_text=True))
    assert {"json", "csv"} <= set(links)
    fetch_all(client, links)


def test_the_nav_reaches_every_kind_of_page(app) -> None:  # noqa: ANN001
    client = app.test_client()
    nav = re.search(r"<nav[^>]*>(.*?)</nav>", client.get("/").get_data(as_text=True), re.S).group(1)
    hrefs = set(re.findall(r'href="([^"]+)"', nav))
    for target in ("/chains", "/clusters", "/browse/Company", "/analysis/gaps", "/analysis/industries",
                   "/analysis/path", "/queries", "/sparql", "/sources", "/help"):
        assert target in hrefs, target
        assert client.get(target).status_code == 200, target
    assert "/review" not in hrefs  # only for the holder of the update token


def test_the_nav_shows_review_when_signed_in(built_store) -> None:  # noqa: ANN001
    from chainkg.server.app import create_app

    client = create_app({"TESTING": True, "CHAINKG_UPDATE_TOKEN": "s3cret"}, store=built_store).test_client()
    assert 'href="/review"' not in client.get("/").get_data(as_text=True)
    html = client.get("/", headers={"Authorization": "Bearer s3cret"}).get_data(as_text=True)
    assert 'href="/review"' in re.search(r"<nav[^>]*>(.*?)</nav>", html, re.S).group(1)
