"""Lists at national scale (issue 9): paged, sortable, faceted, with JSON and CSV twins from
one mechanism, no page over 300 KB; the company list in Chromium."""

from __future__ import annotations

import csv
import io
import urllib.parse
import urllib.request

import pytest

from chainkg.graph import listing

LIMIT = 300 * 1024


def test_the_mechanism_filters_counts_sorts_and_pages() -> None:
    table = listing.Table("t", [listing.Column("label", "名", "name"), listing.Column("n", "数", "n", numeric=True)],
                          [listing.Facet("kind", "类", "kind"), listing.Facet("tag", "标", "tag")])
    rows = [{"iri": f"i{i}", "label": f"x{i}", "n": i, "kind": "a" if i % 2 else "b",
             "tag": ["p", "q"] if i % 3 == 0 else ["p"]} for i in range(10)]
    r = listing.run(table, rows, listing.Query(filters={"kind": "a"}, sort="n", desc=True, size=3))
    assert [x["n"] for x in r["rows"]] == [9, 7, 5] and r["count"] == 5 and r["pages"] == 2
    kinds = {v["value"]: v["count"] for v in r["facets"][0]["values"]}
    assert kinds == {"a": 5, "b": 5}  # a facet counts over the other filters only
    tags = {v["value"]: v["count"] for v in r["facets"][1]["values"]}
    assert tags == {"p": 5, "q": 2}
    r = listing.run(table, rows, listing.Query(filters={"tag": "q"}, page=9))
    assert r["page"] == 1 and {x["n"] for x in r["all_rows"]} == {0, 3, 6, 9}
    assert listing.check(table, {"nope": "1"}, None) and listing.check(table, {}, "nope")
    text = listing.to_csv(table, r["all_rows"])
    assert text.splitlines()[0] == "label,n" and len(text.splitlines()) == 5


def test_company_list_is_paged_faceted_and_has_twins(national_app) -> None:  # noqa: ANN001
    client = national_app.test_client()
    page = client.get("/browse/Company")
    assert page.status_code == 200 and len(page.data) < LIMIT
    data = client.get("/browse/Company.json").get_json()
    assert data["total"] > 4500 and len(data["rows"]) == listing.DEFAULT_PAGE_SIZE
    assert {f["key"] for f in data["facets"]} == {"province", "city", "sector", "industry", "exchange", "kind"}
    henan = client.get("/browse/Company.json", query_string={"province": "河南省", "size": "200"}).get_json()
    assert 0 < henan["count"] < 200 and all(r["province"] == "河南省" for r in henan["rows"])
    city = client.get("/browse/Company.json", query_string={"city": "洛阳市", "exchange": "上海证券交易所"}).get_json()
    codes = {r["code"] for r in city["rows"]}
    assert "603993.SH" in codes and all(c.endswith(".SH") for c in codes)
    rows = list(csv.DictReader(io.StringIO(client.get("/browse/Company.csv", query_string={"province": "河南省"})
                                           .get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == henan["count"]
    ordered = client.get("/browse/Company.json", query_string={"sort": "listing_date", "desc": "1"}).get_json()
    dates = [r["listing_date"] for r in ordered["rows"]]
    assert dates == sorted(dates, reverse=True)
    assert client.get("/browse/Company.json", query_string={"sort": "nope"}).status_code == 400
    assert client.get("/browse/Company.json", query_string={"color": "red"}).status_code == 400
    assert client.get("/browse/Company.json", query_string={"page": "x"}).status_code == 400
    # one company, one row
    store = national_app.extensions["chainkg_store"] if "chainkg_store" in national_app.extensions else None
    lines = client.get("/browse/Company.csv").get_data(as_text=True).splitlines()
    assert len(lines) - 1 == data["total"]
    if store is not None:
        n = store.rows("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/chainkg/def#Company> }")
        assert int(n[0]["n"]) == data["total"]


@pytest.mark.parametrize("path, query", [
    ("/browse/Company", {}), ("/browse/Company", {"sector": "机械设备"}),
    ("/analysis/industries", {}), ("/browse/Region", {}), ("/browse/IndustryChain", {}),
    ("/analysis/gaps", {"region": "洛阳", "chain": "https://w3id.org/chainkg/id/chain/lv-ji-xin-cai-liao-chan-ye-lian"}),
    ("/analysis/gaps", {"region": "洛阳", "industry": "工业金属"}),
])
def test_no_page_is_larger_than_300_kb(national_app, path: str, query: dict) -> None:  # noqa: ANN001
    r = national_app.test_client().get(path, query_string=query)
    assert r.status_code == 200 and len(r.data) < LIMIT, (path, len(r.data))


def test_gap_table_and_candidates_download(national_app) -> None:  # noqa: ANN001
    client = national_app.test_client()
    q = {"region": "洛阳", "chain": "https://w3id.org/chainkg/id/chain/lv-ji-xin-cai-liao-chan-ye-lian"}
    upstream = {**q, "side": listing.SIDES["upstream"]}
    text = client.get("/analysis/gaps.csv", query_string=upstream).get_data(as_text=True)
    up = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert up and {r["side"] for r in up} == {listing.SIDES["upstream"]}
    cands = list(csv.DictReader(io.StringIO(client.get("/analysis/gap-candidates.csv", query_string=q)
                                            .get_data(as_text=True).lstrip("\ufeff"))))
    first = [r for r in cands if r["gap"] == up[0]["label"]]
    assert first and all(r["code"] for r in first)
    assert len({(r["gap"], r["code"]) for r in cands}) == len(cands)
    html = client.get("/analysis/gaps", query_string=q).get_data(as_text=True)
    assert "铝基新材料产业链" in html and "补链" in html and "延链" in html


@pytest.mark.browser
def test_company_list_first_page_and_filters_in_chromium(national_server, page, artifacts) -> None:  # noqa: ANN001
    # the page's own response, as goto returns it (a "response" listener may not have run yet when goto returns:
    # a clean-clone run saw it empty)
    first = page.goto(national_server.url + "/browse/Company")
    assert first is not None and first.ok and len(first.body()) < LIMIT
    rows = page.locator("table.list tbody tr")
    assert rows.count() == listing.DEFAULT_PAGE_SIZE
    # filter by exchange, then by province, from the facets
    page.locator('section.facet[data-facet="exchange"] a', has_text="深圳证券交易所").first.click()
    page.wait_for_load_state()
    assert "exchange=" in page.url
    codes = page.locator("table.list tbody tr td:nth-child(2)").all_inner_texts()
    assert codes and all(c.endswith(".SZ") for c in codes)
    page.locator('section.facet[data-facet="province"] a', has_text="河南省").first.click()
    page.wait_for_load_state()
    provinces = page.locator("table.list tbody tr td:nth-child(6)").all_inner_texts()
    assert provinces and set(provinces) == {"河南省"}
    # the JSON twin says the same
    twin = page.locator("p.downloads a.dl-json").get_attribute("href")
    with urllib.request.urlopen(national_server.url + twin) as resp:
        import json

        data = json.loads(resp.read())
    assert data["filters"] == {"exchange": "深圳证券交易所", "province": "河南省"}
    assert len(data["rows"]) == rows.count()
    # sort by listing date, next page
    page.locator("table.list thead a", has_text="上市日期").click()
    page.wait_for_load_state()
    assert "sort=listing_date" in urllib.parse.unquote(page.url)
    page.screenshot(path=str(artifacts / "company-list.png"), full_page=False)
    assert page.outbound == [] and page.console_errors == []


def test_search_results_are_paged_and_faceted(national_app) -> None:  # noqa: ANN001
    client = national_app.test_client()
    data = client.get("/search.json", query_string={"q": "电子", "size": "10"}).get_json()
    assert data["count"] > 10 and len(data["rows"]) == 10 and data["pages"] > 1
    assert data["results"]  # the search box's list is still there
    kinds = {v["value"]: v["count"] for v in data["facets"][0]["values"]}
    assert len(kinds) >= 2
    kind = next(iter(kinds))
    only = client.get("/search.json", query_string={"q": "电子", "kind": kind, "size": "200"}).get_json()
    assert only["count"] == kinds[kind] and {r["kind"] for r in only["rows"]} == {kind}
    page2 = client.get("/search.json", query_string={"q": "电子", "size": "10", "page": "2"}).get_json()
    assert not {r["iri"] for r in page2["rows"]} & {r["iri"] for r in data["rows"]}
    text = client.get("/search.csv", query_string={"q": "电子"}).get_data(as_text=True)
    assert len(text.strip().splitlines()) == data["count"] + 1
    html = client.get("/search", query_string={"q": "电子"})
    assert html.status_code == 200 and len(html.data) < LIMIT
