"""Search (issue 11): an English company name that is not a name in the data as a whole is found by its
words. Fails before: "Luoyang Molybdenum" found nothing (the data's English name of 洛阳钼业 is CMOC Group).

(The served app builds the index as it starts: main's warm-up, ``context.start_warmup``, asks for
``/search.json``; benchmarks/bench_search.py measures the cold and the warm search.)
"""

from __future__ import annotations


def labels(client, q: str) -> list[str]:  # noqa: ANN001
    data = client.get("/search.json", query_string={"q": q}).get_json()
    return [r["label"] for r in data["rows"]]


def test_english_words_find_the_company(client) -> None:  # noqa: ANN001
    assert labels(client, "Luoyang Molybdenum")[0] == "洛阳钼业"
    assert labels(client, "molybdenum luoyang")[0] == "洛阳钼业"
    assert labels(client, "CMOC Group") == ["洛阳钼业"]  # a whole name still wins alone
    assert labels(client, "xyz abc") == []  # words found nowhere find nothing
