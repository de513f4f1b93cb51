"""A hostile label in the data runs nothing and shows as text, in a real browser.

tests/data/hostile is a made-up region whose names are cross-site-scripting attacks: a company
named ``<img src=x onerror=alert(1)>``, a policy named ``"><script>alert(1)</script>``, a chain,
segment, aliases, English names, a metric, a period, a document title and the quoted sentence
likewise. It is ingested with the ``chainkg`` command into a store that gunicorn serves. Each page
is checked three ways: no dialog opens, ``window.__pwned`` stays unset, and no element that an
attack would create exists (so the test would fail even where the Content-Security-Policy blocks
the script: escaping is checked, not only the CSP).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import LiveServer, run_cli, start_server, stop_server

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent / "data"
ID = "https://w3id.org/chainkg/id/"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = '"><script>alert(1)</script>'
#: Elements or attributes only an attack would put in the page.
INJECTED = ("img[src=x], img[src=y], img[src=z], svg[onload], iframe, b[onmouseover], i[onmouseover], "
            "[onerror], [onload], [onmouseover], script:not([src]):not([type='application/json'])")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = tmp_path_factory.mktemp("hostile") / "store"
    for args in [("build",), ("ingest", str(DATA / "hostile"))]:
        result = run_cli(*args, store=store)
        assert result.returncode == 0, result.stderr
    server = start_server(store, {"CHAINKG_UPDATE_TOKEN": ""})
    yield server
    stop_server(server)


@pytest.fixture()
def guarded(page) -> Iterator[object]:  # noqa: ANN001
    """The page, with every dialog and every request for an attack's image recorded."""
    page.dialogs, page.bait = [], []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: page.bait.append(r.url) if r.url.rsplit("/", 1)[-1] in ("x", "y", "z") else None)
    yield page
    assert page.dialogs == [], page.dialogs
    assert page.bait == [], page.bait
    assert page.outbound == [], page.outbound


def assert_inert(page) -> None:  # noqa: ANN001
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator(INJECTED).count() == 0, page.locator(INJECTED).evaluate_all("els => els.map(e => e.outerHTML)")


def settle(page, url: str) -> None:  # noqa: ANN001
    page.goto(url)
    page.wait_for_selector('body[data-settled="true"]', state="attached", timeout=30_000)


def node_xy(page, iri: str) -> tuple[float, float]:  # noqa: ANN001
    return tuple(page.evaluate(
        """(id) => { const n = window.chainkgNetwork; const p = n.canvasToDOM(n.getPosition(id));
                     const r = document.getElementById('network').getBoundingClientRect();
                     return [p.x + r.left, p.y + r.top]; }""", iri))


def test_chain_map_with_hostile_labels_runs_nothing(guarded, hostile_server, artifacts) -> None:  # noqa: ANN001
    page = guarded
    settle(page, hostile_server.url + "/chain/x-chain")
    labels = page.evaluate("() => window.chainkgData.nodes.map((n) => n.label_zh)")
    assert IMG in labels and SCRIPT in labels
    assert page.locator("h1").inner_text().startswith("<b onmouseover=alert(1)>测试产业链</b>")
    # hovering shows the tooltip: vis-network puts a string title in as text
    page.mouse.move(*node_xy(page, ID + "company/x-img"))
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert IMG in tooltip.inner_text() and tooltip.locator("img").count() == 0
    # clicking opens the panel: the name, aliases and the quoted sentence as text
    page.mouse.click(*node_xy(page, ID + "company/x-img"))
    page.wait_for_selector("#panel-body blockquote.cite")
    panel = page.inner_text("#panel-body")
    assert IMG in panel and "</script><script>window.__pwned=1</script>" in panel
    assert "' onmouseover='window.__pwned=1" in panel and "<svg/onload=window.__pwned=1>" in panel
    assert "<script>window.__pwned=1</script>测试报告" in panel  # the document title
    page.mouse.click(*node_xy(page, ID + "policy/x-script"))
    page.wait_for_selector("#panel-body .sub")
    assert page.locator("#panel-body h2").first.inner_text() == SCRIPT
    # the chain's own panel, with a hostile metric and period
    page.locator("#panel-body button.back").click()
    page.wait_for_selector("#panel-body table.stats")
    assert "<img src=y onerror=window.__pwned=1>规模" in page.inner_text("#panel-body table.stats")
    page.mouse.move(*node_xy(page, ID + "segment/x-svg"))
    page.wait_for_timeout(400)
    page.screenshot(path=str(artifacts / "hostile-chain-map.png"))
    assert_inert(page)


def test_other_views_with_hostile_labels(guarded, hostile_server) -> None:  # noqa: ANN001
    page = guarded
    for url in ["/chain/x-chain?lang=en&layout=force", "/cluster/x-cluster",
                "/explore?iri=" + quote(ID + "company/x-img", safe="") + "&hops=2"]:
        settle(page, hostile_server.url + url)
        page.fill("#find", "img")  # find in view lists the hostile name as text
        page.locator("#find-results li a").first.wait_for()
        found = " ".join(page.locator("#find-results li a").all_inner_texts())
        assert IMG in found or "</script><script>window.__pwned=1</script>" in found  # (its English name)
        assert_inert(page)


CHAIN = "<b onmouseover=alert(1)>测试产业链</b>"
EN_NAME = "</script><script>window.__pwned=1</script>"


@pytest.mark.parametrize(("path", "shown"), [
    ("/", CHAIN), ("/id/company/x-img", IMG), ("/id/company/x-img?lang=en", EN_NAME),
    ("/id/policy/x-script", SCRIPT), ("/id/chain/x-chain", CHAIN), ("/id/segment/x-svg", "<svg onload=alert(1)>"),
    ("/id/document/doc", "<script>window.__pwned=1</script>测试报告"), ("/browse/Company", IMG),
    ("/browse/Policy", SCRIPT), ("/search?q=img", IMG), ("/chains", CHAIN), ("/sources", "region folder hostile"),
])
def test_pages_with_hostile_labels(guarded, hostile_server, path: str, shown: str) -> None:  # noqa: ANN001
    page = guarded
    page.goto(hostile_server.url + path)
    page.wait_for_load_state("networkidle")
    for d in page.locator("details").all():  # open every "source" so its quote is rendered too
        d.evaluate("el => { el.open = true; }")
    assert_inert(page)
    assert shown in page.inner_text("body")


def test_search_suggestions_with_hostile_labels(guarded, hostile_server) -> None:  # noqa: ANN001
    page = guarded
    page.goto(hostile_server.url + "/")
    page.fill("form.search input[name=q]", "onerror")
    page.locator("#suggest li a").first.wait_for()
    assert any(IMG in t for t in page.locator("#suggest li a").all_inner_texts())
    assert_inert(page)
