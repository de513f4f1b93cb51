"""Benchmark: the standalone HTML file of a view (pyvis, JavaScript inlined) beside the GEXF of the same view.

Why: the file is meant to be mailed and opened offline, so what matters is its size (vis-network
inlined is ~470 kB whatever the view), the time the server takes to write it compared with the
GEXF file of the same network (the baseline, measured in the same run), and how long Chromium
takes to draw it from disk with the network cut off.

    .venv/bin/python benchmarks/bench_standalone.py [--repeat 5] [--national]

``--national`` also ingests the A-share data set from ../shared (a larger neighbourhood).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from chainkg.graph.store import open_store
from chainkg.ingest.dispatch import build
from chainkg.server.app import create_app

VIEWS = [
    ("chain map", "/export/chain/lv-ji-xin-cai-liao-chan-ye-lian.{fmt}"),
    ("neighbourhood, 2 hops", "/export/explore/region/410300.{fmt}?hops=2&limit=1000"),
]


def timed(client, url: str, repeat: int) -> tuple[float, int]:  # noqa: ANN001
    times, size = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = client.get(url)
        body = r.get_data()
        times.append(time.perf_counter() - t0)
        assert r.status_code == 200, (url, r.status_code, body[:300])
        size = len(body)
    return statistics.median(times), size


def settle(path: Path) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        ctx = b.new_context(viewport={"width": 1400, "height": 900})
        ctx.route("**", lambda route, req: route.continue_() if req.url.startswith("file://") else route.abort())
        page = ctx.new_page()
        t0 = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-settled='true']", state="attached", timeout=120_000)
        took = time.perf_counter() - t0
        nodes = page.evaluate("document.body.dataset.nodes")
        ctx.close()
        b.close()
    print(f"    Chromium, offline: settled in {took:.2f} s ({nodes} nodes)")
    return took


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--national", action="store_true")
    a = ap.parse_args()
    store = open_store("memory")
    build(store)
    if a.national:
        from chainkg.ingest.dispatch import ingest_path

        ingest_path(store, Path(__file__).resolve().parents[2] / "shared" / "datasets" / "ashare-chain",
                    fmt="ashare-chain")
    client = create_app({"TESTING": True}, store=store).test_client()
    tmp = Path(tempfile.mkdtemp())
    for name, url in VIEWS:
        gexf_s, gexf_b = timed(client, url.format(fmt="gexf"), a.repeat)
        html_s, html_b = timed(client, url.format(fmt="html"), a.repeat)
        print(f"{name}: GEXF {gexf_s * 1000:.0f} ms, {gexf_b / 1024:.0f} kB (baseline) · "
              f"HTML {html_s * 1000:.0f} ms ({html_s / gexf_s:.2f}x), {html_b / 1024:.0f} kB")
        path = tmp / (name.split(",")[0].replace(" ", "-") + ".html")
        path.write_bytes(client.get(url.format(fmt="html")).get_data())
        settle(path)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
