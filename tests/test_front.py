"""The admission rules of ``chainkg.server.front`` driven through its ASGI interface.

A WSGI app that holds each request for a while stands in for slow pages; the
requests are real ASGI calls on one event loop, as gunicorn's asgi worker makes them.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from chainkg.server.front import Front


def _slow_app(seconds: float):
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:  # noqa: ANN401
        time.sleep(seconds)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    return app


async def _request(front: Front, path: str = "/sparql", client: str = "10.0.0.1") -> int:
    scope = {"type": "http", "method": "GET", "path": path, "headers": [], "client": (client, 1234)}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await front(scope, receive, send)
    return next(m["status"] for m in sent if m["type"] == "http.response.start")


def _statuses(front: Front, *clients: str) -> list[int]:
    async def run() -> list[int]:
        return list(await asyncio.gather(*(_request(front, client=c) for c in clients)))
    # a fresh thread: asyncio.run refuses to start inside a loop that another test (Playwright's sync API) left running
    out: list[list[int]] = []
    thread = threading.Thread(target=lambda: out.append(asyncio.run(run())))
    thread.start()
    thread.join()
    return out[0]


def test_a_clients_extra_requests_wait_for_its_own_to_finish() -> None:
    # a browser sends several JSON requests side by side: the third waits, it is not refused
    front = Front(_slow_app(0.3), threads=8, per_client=2, queue_wait=5)
    assert _statuses(front, *["10.0.0.1"] * 5) == [200] * 5
    assert front.refused == 0


def test_a_client_over_its_share_for_too_long_gets_503_and_others_still_get_in() -> None:
    front = Front(_slow_app(1.0), threads=8, per_client=2, queue_wait=0.2)
    statuses = _statuses(front, *["10.0.0.1"] * 4, "10.0.0.2")
    assert sorted(statuses[:4]) == [200, 200, 503, 503]
    assert statuses[4] == 200  # another client is not held up by the first one's queue
    assert front.refused == 2


def test_default_share_is_half_the_threads() -> None:
    assert Front(_slow_app(0), threads=8).per_client == 4
    assert Front(_slow_app(0), threads=2).per_client == 2
