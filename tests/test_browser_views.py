"""The network views in headless Chromium, served by gunicorn, as an analyst uses them.

The store holds the bundled graph and the made-up region tests/data/qinglan (with its
machine-extracted facts), each ingested with the ``chainkg`` command. Every test also checks that
no request left 127.0.0.1 and that the page raised no error. Nodes are clicked where vis-network
draws them (``canvasToDOM``), not through a test hook. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest
from conftest import LiveServer, run_cli, start_server, stop_server
from lxml import etree

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent / "data"
ID = "https://w3id.org/chainkg/id/"
SETTLED = 'body[data-settled="true"]'


@pytest.fixture(scope="module")
def views_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = tmp_path_factory.mktemp("views") / "store"
    for args in [("build",), ("ingest", str(DATA / "qinglan")), ("ingest", str(DATA / "qinglan" / "extracted.ttl"))]:
        result = run_cli(*args, store=store)
        assert result.returncode == 0, result.stderr
    server = start_server(store, {"CHAINKG_UPDATE_TOKEN": ""})
    yield server
    stop_server(server)


def open_view(page, url: str) -> None:  # noqa: ANN001
    page.goto(url)
    page.wait_for_selector(SETTLED, state="attached", timeout=30_000)
    # the canvas wholly in the viewport, whatever the header's height: clicks go to page coordinates
    page.evaluate("document.getElementById('network').scrollIntoView({block: 'center'})")


def node_xy(page, iri: str) -> tuple[float, float]:  # noqa: ANN001
    """Where vis-network draws a node, in page coordinates."""
    return tuple(page.evaluate(
        """(id) => { const n = window.chainkgNetwork; const p = n.canvasToDOM(n.getPosition(id));
                     const r = document.getElementById('network').getBoundingClientRect();
                     return [p.x + r.left, p.y + r.top]; }""", iri))


def clean(page) -> None:  # noqa: ANN001
    assert page.outbound == [], page.outbound
    assert page.console_errors == [], page.console_errors


def test_chain_map_draws_its_nodes(page, views_server, artifacts) -> None:  # noqa: ANN001
    open_view(page, views_server.url + "/chain/nev")
    shown = page.evaluate("() => window.chainkgData.view.getIds()")
    positions = page.evaluate("() => window.chainkgNetwork.getPositions()")
    assert len(shown) == 29 and set(positions) == set(shown)
    assert ID + "company/qinglan-auto" in shown and ID + "segment/recycling" in shown
    x = {k: v["x"] for k, v in positions.items()}
    assert x[ID + "segment/lithium"] < x[ID + "segment/battery"] < x[ID + "segment/vehicles"]
    # it was drawn: the canvas has the size of its box and is not blank
    size = page.evaluate("() => { const c = document.querySelector('#network canvas'); return [c.width, c.height]; }")
    assert size[0] > 500 and size[1] > 300
    assert page.locator("#panel-body h2").first.inner_text() == "新能源汽车产业链"
    assert "860 亿元" in page.inner_text("#panel-body")  # the chain's statistics beside the map
    page.screenshot(path=str(artifacts / "chain-map-nev.png"))
    clean(page)


def test_clicking_a_node_shows_its_facts_and_provenance(page, views_server) -> None:  # noqa: ANN001
    open_view(page, views_server.url + "/chain/nev")
    leader = ID + "company/qinglan-auto"
    page.mouse.click(*node_xy(page, leader))
    page.wait_for_selector("#panel-body blockquote.cite")
    panel = page.inner_text("#panel-body")
    assert "青岚汽车集团" in panel and "Qinglan Automobile Group" in panel and "链主" in panel
    assert "青岚汽车集团作为链主企业，带动整车制造及上下游配套企业集聚发展。" in panel  # the sentence quoted
    assert "青岚市新能源汽车产业链发展报告（2024）" in panel and "2024-03-15" in panel and "人工整理" in panel
    assert page.locator("#panel-body a", has_text="实体页").get_attribute("href") == "/id/company/qinglan-auto"
    assert parse_qs(urlparse(page.url).query)["node"] == [leader]  # the selection is in the URL
    # a company with machine-extracted facts shows them apart
    page.mouse.click(*node_xy(page, ID + "company/qinglan-times"))
    page.wait_for_selector("#panel-body section.machine")
    machine = page.inner_text("#panel-body section.machine")
    assert "研发投入" in machine and "机器抽取" in machine and "营业收入" not in machine
    clean(page)


def test_clicking_an_edge_shows_where_it_came_from(page, views_server) -> None:  # noqa: ANN001
    open_view(page, views_server.url + "/chain/nev")
    leader = ID + "company/qinglan-auto"
    edge_id = page.evaluate(
        """(to) => window.chainkgData.edges.get({filter: (e) => e.rel === 'chainLeader' && e.to === to})[0].id""",
        leader)
    a, b = node_xy(page, ID + "chain/nev"), node_xy(page, leader)
    for t in (0.5, 0.4, 0.6, 0.3, 0.7):  # a point of the line that no node covers
        point = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
        box = page.locator("#network").bounding_box()
        hit = page.evaluate("([x, y]) => [window.chainkgNetwork.getEdgeAt({x: x, y: y}) || null, "
                            "window.chainkgNetwork.getNodeAt({x: x, y: y}) || null]",
                            [point[0] - box["x"], point[1] - box["y"]])
        if hit == [edge_id, None]:
            break
    else:
        pytest.fail("no free point on the chain-leader edge")
    page.mouse.click(*point)
    page.wait_for_selector("#panel-body .triple")
    panel = page.inner_text("#panel-body")
    assert "新能源汽车产业链 → 链主 → 青岚汽车集团" in panel and "chain leader" in panel
    assert "青岚汽车集团作为链主企业" in panel and "region folder qinglan" in panel
    clean(page)


def test_search_finds_luoyang_muye_by_alias_and_pinyin(page, views_server) -> None:  # noqa: ANN001
    page.goto(views_server.url + "/")
    box = page.locator("form.search input[name=q]")
    for typed in ["洛钼", "luoyang muye", "CMOC"]:
        box.fill(typed)
        first = page.locator("#suggest li a").first
        first.wait_for()
        assert first.inner_text().startswith("洛阳钼业"), typed
    box.fill("lymy")
    page.wait_for_selector("#suggest li a")
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/id/company/603993.SH")
    assert page.locator("h1").inner_text().startswith("洛阳钼业")
    clean(page)


def test_find_in_view_selects_the_node(page, views_server) -> None:  # noqa: ANN001
    open_view(page, views_server.url + "/chain/nev")
    page.fill("#find", "qlsd")  # pinyin initials of 青岚时代, found through the search index
    page.locator("#find-results li a", has_text="青岚时代").first.click()
    page.wait_for_selector("#panel-body blockquote.cite")
    assert page.evaluate("() => window.chainkgNetwork.getSelectedNodes()") == [ID + "company/qinglan-times"]
    clean(page)


def test_filters_and_selection_survive_a_shared_url(page, views_server, browser) -> None:  # noqa: ANN001
    open_view(page, views_server.url + "/chain/nev")
    page.uncheck('#legend input[data-class="Company"]')
    page.uncheck('#legend input[data-class="Policy"]')
    assert len(page.evaluate("() => window.chainkgData.view.getIds()")) == 29 - 14 - 2
    page.mouse.click(*node_xy(page, ID + "segment/battery"))
    page.wait_for_selector("#panel-body .sub")
    shared = page.url
    query = parse_qs(urlparse(shared).query)
    assert query["hide"] == ["Company,Policy"] and query["node"] == [ID + "segment/battery"]
    other = browser.new_page(viewport={"width": 1200, "height": 800})
    try:
        open_view(other, shared)
        assert len(other.evaluate("() => window.chainkgData.view.getIds()")) == 13
        assert not other.is_checked('#legend input[data-class="Company"]')
        assert other.evaluate("() => window.chainkgNetwork.getSelectedNodes()") == [ID + "segment/battery"]
        other.wait_for_selector("#panel-body .sub")
        assert other.locator("#panel-body h2").first.inner_text() == "动力电池"
        # the layout switch keeps the state
        href = other.get_attribute("#layout-force", "href")
        assert "hide=Company%2CPolicy" in href and "node=" in href
    finally:
        other.close()
    clean(page)


def test_force_layout_settles_and_stops(page, views_server) -> None:  # noqa: ANN001
    open_view(page, views_server.url + "/cluster/qinglan-new-energy?layout=force")
    assert len(page.evaluate("() => window.chainkgData.view.getIds()")) == 35
    # physics is off once settled: positions no longer change
    before = page.evaluate("() => window.chainkgNetwork.getPositions()")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.chainkgNetwork.getPositions()") == before
    assert int(page.get_attribute("body", "data-settle-ms")) > 0
    clean(page)


def test_double_click_expands_a_node_in_place(page, views_server) -> None:  # noqa: ANN001
    iri = ID + "company/chiyuan"
    open_view(page, views_server.url + "/explore?iri=" + quote(iri, safe=""))
    before = set(page.evaluate("() => window.chainkgData.view.getIds()"))
    segment = ID + "segment/drive"
    assert segment in before and ID + "segment/battery" not in before
    page.mouse.dblclick(*node_xy(page, segment))
    page.wait_for_url(re.compile(r".*expand=.*"))
    page.wait_for_selector("#status:has-text('+')")
    after = set(page.evaluate("() => window.chainkgData.view.getIds()"))
    assert before < after and ID + "segment/battery" in after
    assert parse_qs(urlparse(page.url).query)["expand"] == [segment]
    # the same URL opened again shows the same nodes
    open_view(page, page.url)
    assert set(page.evaluate("() => window.chainkgData.view.getIds()")) == after
    clean(page)


def test_neighbourhood_limit_is_stated(page, views_server) -> None:  # noqa: ANN001
    open_view(page, views_server.url + "/explore?iri=" + quote(ID + "region/qinglan", safe="") + "&limit=6")
    assert len(page.evaluate("() => window.chainkgData.view.getIds()")) == 6
    notice = page.inner_text("#omitted")
    assert "未显示" in notice and "left out" not in notice  # one language at a time
    page.select_option("#hops", "2")
    page.fill("#limit", "20")
    with page.expect_navigation():
        page.click("form.hops button")
    page.wait_for_selector(SETTLED, state="attached")
    assert "hops=2" in page.url and len(page.evaluate("() => window.chainkgData.view.getIds()")) == 20
    assert 2 in page.evaluate("() => window.chainkgData.nodes.map((n) => n.hop)")
    clean(page)


def test_downloads_png_and_gexf_of_the_current_view(page, views_server) -> None:  # noqa: ANN001
    open_view(page, views_server.url + "/chain/nev")
    page.uncheck('#legend input[data-class="Region"]')
    with page.expect_download() as png:
        page.click("#png")
    data = Path(png.value.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and png.value.suggested_filename == "chain-nev.png"
    with page.expect_download() as gexf:
        page.click("#gexf")
    doc = etree.parse(io.BytesIO(Path(gexf.value.path()).read_bytes()))
    nodes = {n.get("id") for n in doc.iter("{*}node")}
    assert len(nodes) == 28 and ID + "region/qinglan" not in nodes  # what is shown, not what is hidden
    assert len(list(doc.iter("{*}position"))) == 28
    clean(page)


def test_english_view(page, views_server) -> None:  # noqa: ANN001
    open_view(page, views_server.url + "/chain/nev?lang=en")
    label = page.evaluate(f"() => window.chainkgData.nodes.get('{ID}company/qinglan-times').label")
    assert label == "Qinglan Times"
    assert page.locator("h1").inner_text().startswith("New energy vehicle industry chain")
    clean(page)


def test_pages_load_nothing_from_outside(page, views_server) -> None:  # noqa: ANN001
    for path in ["/", "/chains", "/id/company/603993.SH", "/search?q=CMOC", "/sources", "/browse/Company"]:
        page.goto(views_server.url + path)
        page.wait_for_load_state("networkidle")
    open_view(page, views_server.url + "/chain/lv-ji-xin-cai-liao-chan-ye-lian")
    open_view(page, views_server.url + "/cluster/xin-neng-yuan-dian-chi-chan-ye-ji-qun")
    clean(page)


LEGEND = """() => {
    const classes = {}, relations = {};
    for (const box of document.querySelectorAll('#legend input[data-class]'))
        classes[box.dataset.class] = Number(box.parentElement.querySelector('small').textContent);
    for (const c of document.querySelectorAll('#legend [data-relation]'))
        relations[c.dataset.relation] = Number(c.querySelector('small').textContent);
    const positions = [...document.querySelectorAll('#legend [data-position]')].map((c) => Number(c.dataset.position));
    return {classes, relations, positions};
}"""

IN_VIEW = """() => {
    const d = window.chainkgData, shown = new Set(d.view.getIds()), classes = {}, relations = {};
    d.nodes.forEach((n) => { classes[n.group] = (classes[n.group] || 0) + 1; });
    const drawn = d.edgeView.get({filter: (e) => shown.has(e.from) && shown.has(e.to)});
    for (const e of drawn) relations[e.rel] = (relations[e.rel] || 0) + 1;
    const positions = [...new Set(d.nodes.get({filter: (n) => n.role === 'segment'}).map((n) => n.position || 2))];
    return {classes, relations, positions: positions.sort(), drawn: drawn.length};
}"""


def test_legend_and_filters_follow_a_double_click_expand(page, views_server) -> None:  # noqa: ANN001
    """Issue 11: after an expand the legend lists the classes now in the view, with their counts, and each
    new class is a working filter (before, the legend stayed as the page was first drawn)."""
    open_view(page, views_server.url + "/explore?iri=" + quote(ID + "company/chiyuan", safe=""))
    before = page.evaluate(LEGEND)
    assert before["classes"] == page.evaluate(IN_VIEW)["classes"]
    page.mouse.dblclick(*node_xy(page, ID + "segment/drive"))
    page.wait_for_selector("body[data-expanded='1']", state="attached")
    after, truth = page.evaluate(LEGEND), page.evaluate(IN_VIEW)
    assert after["classes"] == truth["classes"] and after["classes"] != before["classes"]
    assert after["relations"] == truth["relations"]
    new = sorted(set(after["classes"]) - set(before["classes"])) or sorted(
        c for c in after["classes"] if after["classes"][c] > before["classes"].get(c, 0))
    cls = new[0]
    page.uncheck(f'#legend input[data-class="{cls}"]')
    hidden = page.evaluate(f"() => window.chainkgData.view.get().filter((n) => n.group === '{cls}').length")
    assert hidden == 0
    clean(page)


def test_cluster_legend_lists_only_what_is_drawn(page, views_server) -> None:  # noqa: ANN001
    """Issue 11: a cluster map has no upstream/midstream/downstream entries unless segments are drawn, and
    the legend's edge counts add up to the edges drawn (and to the status line)."""
    open_view(page, views_server.url + "/cluster/qinglan-new-energy")
    legend, truth = page.evaluate(LEGEND), page.evaluate(IN_VIEW)
    assert legend["positions"] == truth["positions"]
    assert legend["relations"] == truth["relations"]
    assert sum(legend["relations"].values()) == truth["drawn"]
    assert f"{truth['drawn']} 条关系" in page.inner_text("#status")
    clean(page)


#: The interface strings the view scripts build, as the literal pairs of their ``T(zh, en)`` calls.
_T_PAIR = re.compile(r'\bT\("((?:[^"\\]|\\.)+)",\s*"((?:[^"\\]|\\.)+)"\)')
_SCRIPTS = Path(__file__).resolve().parent.parent / "server" / "static" / "app"


def _script_strings() -> list[tuple[str, str]]:
    pairs = []
    for script in ("network.js", "gaps.js"):
        pairs += _T_PAIR.findall((_SCRIPTS / script).read_text(encoding="utf-8"))
    return [(zh, en) for zh, en in pairs if zh.strip() and en.strip() and zh != en]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", ["/chain/nev", "/cluster/qinglan-new-energy",
                                  "/explore?iri=" + ID + "company/qinglan-times"])
def test_script_built_text_is_in_the_page_language(page, views_server, path: str, lang: str) -> None:  # noqa: ANN001
    """What the view scripts write (status line, legend, panels, buttons) is in the page's language only: no
    string of the other language among their ``T(zh, en)`` pairs is on the page once it has settled."""
    pairs = _script_strings()
    assert len(pairs) > 20  # the scripts' own strings, read from them
    open_view(page, views_server.url + path + ("&" if "?" in path else "?") + f"lang={lang}")
    text = page.evaluate("() => document.body.innerText")
    other = [en if lang == "zh" else zh for zh, en in pairs]
    own = [zh if lang == "zh" else en for zh, en in pairs]
    assert any(s in text for s in own), "no script-built string found: the test would prove nothing"
    wrong = sorted({s for s in other if len(s) > 2 and s in text})
    assert not wrong, wrong
    clean(page)
