"""An article's document page (issue 11): its title, its sentences as text in reading order with their
number and offsets, and under each sentence the facts that cite it, linked. Fails before: the page
listed the sentences as hash IRIs (``/id/sentence/article-…-036400648bfcf42c``) under "inDocument"."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from conftest import SEED_ARTICLE

from chainkg.graph.store import open_store
from chainkg.ingest.dispatch import build, ingest_path


@pytest.fixture(scope="module")
def doc_client() -> Iterator[object]:
    if not SEED_ARTICLE.is_file():
        pytest.skip(f"the seed article {SEED_ARTICLE} is missing")
    from chainkg.server.app import create_app

    store = open_store("memory")
    build(store)
    ingest_path(store, SEED_ARTICLE)
    yield store, create_app({"TESTING": True, "CHAINKG_QUERY_WORKERS": 0}, store=store).test_client()
    store.close()


def test_document_page_reads_as_the_article(doc_client) -> None:  # noqa: ANN001
    store, client = doc_client
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    rows = list(store.select(f"""SELECT ?d ?title (COUNT(?s) AS ?n) WHERE {{
        ?s <https://w3id.org/chainkg/def#inDocument> ?d ; <{nif}anchorOf> ?t .
        ?d <http://purl.org/dc/terms/title> ?title }} GROUP BY ?d ?title"""))
    assert rows
    doc, title, n = rows[0]["d"].value, rows[0]["title"].value, int(rows[0]["n"].value)
    html = client.get("/id/" + doc.split("/id/", 1)[1], headers={"Accept": "text/html"}).get_data(as_text=True)
    assert f"<h1>{title}" in html
    text = re.search(r'<section class="document-text" id="text">(.*?)</section>', html, re.S).group(1)
    items = re.findall(r'<li id="s(\d+)" value="\d+"><p class="sentence"><span class="data">([^<]+)</span> '
                       r'(?:<small class="offsets"[^>]*>\[(\d+)–(\d*)\]</small>)?', text)
    assert len(items) == n and [int(i[0]) for i in items] == list(range(1, n + 1))
    begins = [int(i[2]) for i in items if i[2]]
    assert len(begins) > 30 and begins == sorted(begins)  # the article's sentences in reading order
    assert "/id/sentence/" not in html  # no sentence shown as its IRI
    # facts under their sentence: a relation of Luoyang and a figure, both linked
    assert re.search(r'<a href="/id/region/410300">洛阳市</a> <span class="rel">[^<]+</span> <a href="/id/', text)
    assert re.search(r'<a href="/id/observation/[^"]+">[\d.]+ 亿元</a>', text)
