"""The review queue (chainkg.ingest.review, /review, chainkg review): decisions last across re-ingests."""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CHAINKG, ROOT, LiveServer, start_server, stop_server

from chainkg.graph.store import GraphStore
from chainkg.ingest.dispatch import build, ingest_path
from chainkg.ingest.review import decide, decisions_for, queue

ARTICLE = ROOT / "tests" / "text_fixtures" / "hefei-2024-nev.txt"
TOKEN = "review-token"


@pytest.fixture()
def reviewed(make_store) -> tuple[GraphStore, str]:  # noqa: ANN001
    store = make_store()
    build(store)
    (result,) = ingest_path(store, ARTICLE)
    return store, result.graph


def _first(facts: list, kind: str, *, where=lambda f: True):  # noqa: ANN001, ANN202
    return next(f for f in facts if f.kind == kind and where(f))


def test_queue_lists_extracted_facts_least_confident_first(reviewed: tuple[GraphStore, str]) -> None:
    store, graph = reviewed
    facts = queue(store, graph)
    assert {f.kind for f in facts} == {"entity", "statistic", "relation"}
    confidences = [f.confidence for f in facts]
    assert confidences == sorted(confidences)
    assert all(f.sentence for f in facts if f.kind == "statistic")


def test_rejected_and_edited_facts_stay_so_after_reingest(reviewed: tuple[GraphStore, str]) -> None:
    store, graph = reviewed
    facts = queue(store, graph)
    relation = _first(facts, "relation")
    stat = _first(facts, "statistic")
    entity = _first(facts, "entity")
    decide(store, graph, relation.iri, "reject")
    decide(store, graph, stat.iri, "edit", value="123.45")
    decide(store, graph, entity.iri, "accept")

    def check() -> None:
        assert not store.ask(f"ASK {{ GRAPH <{graph}> {{ <{relation.iri}> ?p ?o }} }}")
        value = store.rows(f"SELECT ?v WHERE {{ GRAPH <{graph}> {{ <{stat.iri}> sdmx-measure:obsValue ?v }} }}")
        assert [r["v"] for r in value] == ["123.45"]
        cur = store.rows(f"SELECT ?c WHERE {{ GRAPH <{graph}> {{ <{entity.iri}> ckg:curation ?c }} }}")
        assert [r["c"] for r in cur] == ["curated"]

    check()
    ingest_path(store, ARTICLE)  # the article again, extracted from scratch
    check()
    assert {d.action for d in decisions_for(store, graph)} == {"reject", "edit", "accept"}
    # the queue says what was decided
    decided = {f.iri: f.decision for f in queue(store, graph, with_candidates=False) if f.decision}
    assert decided == {relation.iri: "reject", stat.iri: "edit", entity.iri: "accept"}


def test_merge_moves_every_triple_to_the_existing_entity(reviewed: tuple[GraphStore, str]) -> None:
    store, graph = reviewed
    facts = queue(store, graph)
    entity = _first(facts, "entity", where=lambda f: f.entity_class == "Company")
    target = "https://w3id.org/chainkg/id/company/603993.SH"  # any existing company will do for the test
    decide(store, graph, entity.iri, "merge", target=target)
    assert not store.ask(f"ASK {{ GRAPH <{graph}> {{ {{ <{entity.iri}> ?p ?o }} UNION {{ ?s ?q <{entity.iri}> }} }} }}")
    aliases = {r["a"] for r in store.rows(f"SELECT ?a WHERE {{ GRAPH <{graph}> {{ <{target}> skos:altLabel ?a }} }}")}
    assert entity.text in aliases
    ingest_path(store, ARTICLE)
    assert not store.ask(f"ASK {{ GRAPH <{graph}> {{ <{entity.iri}> ?p ?o }} }}")


def test_bad_decisions_are_refused(reviewed: tuple[GraphStore, str]) -> None:
    from chainkg.graph.errors import UserError

    store, graph = reviewed
    stat = _first(queue(store, graph), "statistic")
    with pytest.raises(UserError, match="not a number"):
        decide(store, graph, stat.iri, "edit", value="lots")
    with pytest.raises(UserError, match="unknown review action"):
        decide(store, graph, stat.iri, "ignore")
    with pytest.raises(UserError, match="existing entity"):
        decide(store, graph, stat.iri, "merge", target="https://example.org/nothing")


def test_cli_review_prompt(tmp_path: Path) -> None:
    store = tmp_path / "store"
    for args in (["build"], ["ingest", str(ARTICLE)]):
        assert subprocess.run([*CHAINKG, "--store", str(store), *args], capture_output=True, cwd=ROOT).returncode == 0
    result = subprocess.run([*CHAINKG, "--store", str(store), "review", "article-hefei-2024-nev"],
                            input="r\na\ns\nq\n", capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "least confident first" in result.stdout and "2 decisions recorded" in result.stdout


# -- the page, in Chromium ------------------------------------------------------------------------


NEWS = """洛阳钼业集团扩建新能源材料项目

来源：本地日报  2024-05-06
本报讯 5月6日，洛阳钼业集团与宁德时代签约，在洛阳市建设年产5万吨新能源材料项目，总投资120亿元。
该项目投产后，预计年产值可达200亿元，带动上下游企业30家。
"""


@pytest.fixture()
def review_server(built_store_dir: Path, tmp_path: Path) -> Iterator[LiveServer]:
    store_dir = tmp_path / "store"
    shutil.copytree(built_store_dir, store_dir)
    news = tmp_path / "luoyang-news.txt"
    news.write_text(NEWS, encoding="utf-8")
    for path in (ARTICLE, news):
        subprocess.run([*CHAINKG, "--store", str(store_dir), "ingest", str(path)], check=True, capture_output=True,
                       cwd=ROOT)
    server = start_server(store_dir, {"CHAINKG_UPDATE_TOKEN": TOKEN})
    yield server
    stop_server(server)


def _facts(server: LiveServer) -> list[dict]:
    req = urllib.request.Request(server.url + "/review?source=article-luoyang-news&format=json",
                                 headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())["facts"]


@pytest.mark.browser
def test_review_page_accept_reject_merge_in_chromium(review_server: LiveServer, page, artifacts: Path) -> None:  # noqa: ANN001
    page.goto(review_server.url + "/review?source=article-luoyang-news")
    page.fill("input[name=token]", TOKEN)
    page.click("button[type=submit]")
    # the rows are server-rendered: wait for review.js to have attached its handlers, not for the rows
    page.wait_for_selector("#review-table[data-ready=true]")
    rows = page.locator("#review-table tr.fact")
    assert rows.count() >= 3
    # one accept by click, one reject by keyboard, one merge by click
    from playwright.sync_api import expect

    decided = page.locator("#review-table tr.decided")
    first = rows.nth(0)
    first.locator("button[data-action=accept]").click()
    expect(decided).to_have_count(1)
    rows.nth(1).click()
    page.keyboard.press("r")
    expect(decided).to_have_count(2)
    mergeable = page.locator("#review-table tr.fact:not(.decided):has(button[data-action=merge])").first
    merged_fact = mergeable.get_attribute("data-fact")
    mergeable.locator("button[data-action=merge]").click()
    expect(decided).to_have_count(3)
    page.screenshot(path=str(artifacts / "review.png"), full_page=True)
    assert page.outbound == [] and page.console_errors == []
    decided = {f["iri"]: f["decision"] for f in _facts(review_server) if f["decision"]}
    assert sorted(decided.values()) == ["accept", "merge", "reject"]
    assert decided[merged_fact] == "merge"


def test_review_needs_the_token(review_server: LiveServer) -> None:
    req = urllib.request.Request(review_server.url + "/review/decide", data=b"{}", method="POST",
                                 headers={"Content-Type": "application/json", "X-Chainkg-Review": "1"})
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(req, timeout=30)
    assert exc.value.code == 401
