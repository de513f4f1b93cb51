"""``GraphStore.rows`` of the embedded store reads the engine's TSV: the same values as the terms give."""

from __future__ import annotations

from chainkg.graph.store import GraphStore, open_store

DATA = r"""INSERT DATA { GRAPH <http://example.org/g> { <http://a> <http://p> "x\ty\n\"q\" \\ é \u00e9"@zh ,
    42, "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date>, "", <http://b>, true, 1.5, "tab\there", "𝄞",
    "1e3"^^<http://www.w3.org/2001/XMLSchema#double> . <http://a> <http://q> [ <http://p> "in a blank node" ] } }"""


def test_rows_from_tsv_equal_rows_from_terms() -> None:
    store = open_store("memory")
    store.update(DATA)
    query = "SELECT ?s ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?o <http://nope> ?none } }"
    fast, slow = store.rows(query), GraphStore.rows(store, query)

    def key(row: dict) -> list:
        return sorted(row.items())

    assert len(fast) == 12 and sorted(fast, key=key) == sorted(slow, key=key)
    assert {"s": "http://a", "o": 'x\ty\n"q" \\ é é'} in fast and {"s": "http://a", "o": ""} in fast
    # a row whose only variable is unbound is a row, not nothing
    assert store.rows("SELECT ?x WHERE { OPTIONAL { <http://a> <http://zz> ?x } }") == [{}]
    assert store.rows("SELECT ?x WHERE { <http://a> <http://zz> ?x }") == []
