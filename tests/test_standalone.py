"""The standalone HTML file of a view (issue 11, deliverable 5): written by pyvis with its
JavaScript inlined, opened from disk in Chromium with every request refused, it draws the
network, and a label that is HTML in the data shows as text.

Fails before: there was no ``/export/{kind}/{key}.html`` (404) and no such download on the pages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from chainkg.graph.store import open_store
from chainkg.ingest.dispatch import build

ID = "https://w3id.org/chainkg/id/"
CKG = "https://w3id.org/chainkg/def#"
XSS = "<script>alert(1)</script>"
XSS_EN = "<img src=x onerror=alert(2)>"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def xss_client() -> Iterator[object]:
    """The bundled graph plus a company whose names are HTML, located in Luoyang."""
    from chainkg.server.app import create_app

    store = open_store("memory")
    build(store)
    store.update(f"""INSERT DATA {{ GRAPH <urn:x-test:xss> {{
        <{ID}company/xss> a <{CKG}Company> ; <http://www.w3.org/2000/01/rdf-schema#label> "{XSS}"@zh ,
            "{XSS_EN}"@en ; <{CKG}locatedIn> <{ID}region/410300> . }} }}""")
    yield create_app({"TESTING": True}, store=store).test_client()
    store.close()  # its query workers are forked from this process: they must not outlive the module


def download(client, url: str, path: Path) -> tuple[Path, str]:  # noqa: ANN001
    r = client.get(url)
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    assert r.mimetype == "text/html" and "attachment" in r.headers["Content-Disposition"]
    html = r.get_data(as_text=True)
    path.write_text(html, encoding="utf-8")
    return path, html


def no_cdn(html: str) -> None:
    """No script, stylesheet or image the file would fetch: everything is inlined."""
    tags = re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html, re.I)
    remote = [t for t in tags if re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", t, re.I)]
    assert remote == [], remote
    assert "vis.Network" in html and len(html) > 300_000  # vis-network itself is in the file


def open_offline(browser, path: Path):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    refused: list[str] = []

    def only_files(route, request) -> None:  # noqa: ANN001
        if request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(request.url)
            route.abort()

    context.route("**", only_files)
    page = context.new_page()
    page.dialogs, page.errors, page.refused = [], [], refused
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-settled='true']", state="attached", timeout=60_000)
    return context, page


def drawn_pixels(page) -> int:  # noqa: ANN001
    """Pixels of the canvas that are not background white: nodes and edges were drawn."""
    return page.evaluate("""() => {
        const c = document.querySelector('#network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240) n++;
        return n;
    }""")


@pytest.mark.parametrize("view,title", [("chain/lv-ji-xin-cai-liao-chan-ye-lian", "铝基新材料产业链"),
                                        ("cluster/xin-neng-yuan-dian-chi-chan-ye-ji-qun", "新能源电池产业集群")])
def test_chain_and_cluster_maps_as_offline_files(xss_client, browser, tmp_path: Path, view: str,  # noqa: ANN001
                                                 title: str) -> None:
    path, html = download(xss_client, f"/export/{view}.html", tmp_path / "view.html")
    no_cdn(html)
    expected = len(xss_client.get(f"/{view}.json").get_json()["nodes"])
    context, page = open_offline(browser, path)
    try:
        assert page.evaluate("document.body.dataset.nodes") == str(expected)
        assert page.locator("#node-list li").count() == expected
        assert drawn_pixels(page) > 5000
        assert page.title().startswith(title)
        assert page.refused == [] and page.errors == [], (page.refused, page.errors)
    finally:
        context.close()


@pytest.mark.parametrize("lang,label", [("zh", XSS), ("en", XSS_EN)])
def test_html_in_the_data_shows_as_text(xss_client, browser, tmp_path: Path, lang: str, label: str) -> None:  # noqa: ANN001
    path, html = download(xss_client, f"/export/explore/company/xss.html?lang={lang}", tmp_path / f"xss-{lang}.html")
    no_cdn(html)
    assert XSS not in html and XSS_EN not in html  # escaped wherever it is written
    nodes = json.loads(re.search(r'<script type="application/json" id="vis-nodes">(.*?)</script>', html, re.S)
                       .group(1))
    context, page = open_offline(browser, path)
    try:
        assert page.evaluate("document.body.dataset.nodes") == str(len(nodes)) and len(nodes) >= 2
        item = page.locator("#node-list li", has_text=label)
        assert item.count() == 1
        item.click()
        assert page.inner_text("#details h2") == label
        assert page.locator("#details script, #details img, #node-list script, #node-list img").count() == 0
        assert drawn_pixels(page) > 1000
        assert page.dialogs == [] and page.errors == [] and page.refused == [], \
            (page.dialogs, page.errors, page.refused)
    finally:
        context.close()


def test_the_views_offer_the_file(xss_client) -> None:  # noqa: ANN001
    html = xss_client.get("/explore?iri=" + ID + "company/xss", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'href="/export/explore/company/xss.html?' in html.replace("&amp;", "&")


def test_gap_analysis_as_an_offline_file(national_app, browser, tmp_path: Path) -> None:  # noqa: ANN001
    query = "region=洛阳&chain=" + ID + "chain/lv-ji-xin-cai-liao-chan-ye-lian"
    client = national_app.test_client()
    path, html = download(client, f"/analysis/gaps.html?{query}", tmp_path / "gaps.html")
    no_cdn(html)
    nodes = json.loads(re.search(r'<script type="application/json" id="vis-nodes">(.*?)</script>', html, re.S)
                       .group(1))
    assert len(nodes) >= 5
    context, page = open_offline(browser, path)
    try:
        assert page.evaluate("document.body.dataset.nodes") == str(len(nodes))
        assert drawn_pixels(page) > 5000
        assert page.refused == [] and page.errors == [], (page.refused, page.errors)
    finally:
        context.close()
