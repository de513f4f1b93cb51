"""The last views asked for are kept (``context.remember``) until the store is written."""

from __future__ import annotations

import urllib.parse

import pytest

ID = "https://w3id.org/chainkg/id/"


@pytest.fixture()
def written_app(fresh_store):  # noqa: ANN001, ANN201
    from chainkg.ingest.dispatch import build
    from chainkg.server.app import create_app

    build(fresh_store)
    return create_app({"TESTING": True, "CHAINKG_QUERY_WORKERS": 0}, store=fresh_store), fresh_store


def test_the_last_views_are_kept_until_the_store_is_written(written_app) -> None:  # noqa: ANN001
    app, store = written_app
    client = app.test_client()
    region = ID + "region/410300"
    url = "/explore.json?" + urllib.parse.urlencode({"iri": region, "limit": 7})
    first = client.get(url).get_json()
    kept = app.extensions["chainkg_recent"]["view"]
    assert len(kept[1]) == 1
    assert client.get(url).get_json()["nodes"] == first["nodes"] and len(kept[1]) == 1
    wide = "/explore.json?" + urllib.parse.urlencode({"iri": region, "limit": 500})
    new = ID + "company/remember-test"
    assert new not in {n["id"] for n in client.get(wide).get_json()["nodes"]}
    store.update(f"INSERT DATA {{ GRAPH <https://w3id.org/chainkg/graph/test-remember> {{ <{new}> a "
                 f"<https://w3id.org/chainkg/def#Company> ; <https://w3id.org/chainkg/def#locatedIn> <{region}> ; "
                 '<http://www.w3.org/2000/01/rdf-schema#label> "记住测试"@zh } }')
    after = client.get(wide).get_json()  # asked before the write: built again after it
    assert new in {n["id"] for n in after["nodes"]}
    assert app.extensions["chainkg_recent"]["view"][0] == store.version()
