"""Benchmark: network views at 2,000 nodes, server side and in headless Chromium, beside baselines.

Why: the views must stay usable at a few thousand nodes: the server should build the JSON of a
2,000-node view in under a second, and the page should settle (layout done, physics off) in under
ten seconds in headless Chromium on this machine. Those are measured here, never in a timed test.

What it does, in one run:

1. writes a synthetic region folder (one chain with 12 segments, ~1,950 companies, policies, a
   cluster, a sector, a region) to a temporary directory and ingests it with the region-folder
   importer into an on-disk store beside the bundled graph (SHACL only with ``--shacl``: it is
   not what is measured here);
2. serves the store with gunicorn (``chainkg serve``) and opens each view in headless Chromium
   (Debian's chromium, driven by playwright), reading ``data-settle-ms`` (milliseconds from
   navigation start to the moment the layout has settled and physics is off) and the wall time
   until the page says so;
3. times the server-side generation of each view's JSON with the app in-process (the Flask test
   client: projection, layout, pyvis assembly and JSON, no HTTP), median of ``--repeat`` runs,
   and splits the 2,000-node chain map into its steps.

Baselines, in the same run: the same neighbourhood with a 200-node limit, and the 2,000-node
chain map in its layered layout (no physics). Ratios are printed against them.

    .venv/bin/python benchmarks/bench_views.py                 # ~1,950 companies
    .venv/bin/python benchmarks/bench_views.py --companies 4000 --repeat 3
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from chainkg.graph.store import open_store
from chainkg.ingest.datafolder import read_folder
from chainkg.ingest.dispatch import build
from chainkg.ingest.pipeline import write_source

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ID = "https://w3id.org/chainkg/id/"
SYLLABLES = "新华东方恒泰金瑞宏远中科天成盛达博创海纳鑫源华晟精工智能材料电子科技装备动力储能"
POSITIONS = [("upstream", "上游"), ("midstream", "中游"), ("downstream", "下游")]


def write_region(folder: Path, companies: int, segments_per_position: int = 4, seed: int = 7) -> None:
    """A made-up region folder in the format of ingest/regions/README.md."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    sent = "合成基准数据，不对应任何真实地区。"

    def write(name: str, header: list[str], rows: list[list]) -> None:
        with open(folder / name, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(r + ["bench", sent] for r in rows)

    with open(folder / "sources.csv", "w", encoding="utf-8") as f:
        f.write("id,title,date\nbench,合成基准数据,2024-01-01\n")
    entities = [["bench-city", "Region", "基准市", "Bench City"],
                ["bench-cluster", "IndustryCluster", "基准产业集群", "Bench cluster"],
                ["bench-sector", "Sector", "基准领域", "Bench sector"],
                ["bench-chain", "IndustryChain", "基准产业链", "Bench chain"]]
    entities += [[f"bench-policy{i}", "Policy", f"基准政策{i}", f"Policy {i}"] for i in range(8)]
    names: set[str] = set()
    for i in range(companies):
        while (name := "".join(rnd.choice(SYLLABLES) for _ in range(rnd.randint(2, 4)))
               + rnd.choice(["股份", "集团", "科技", "有限公司"])) in names:
            pass
        names.add(name)
        entities.append([f"bench-c{i}", "Company", name, f"Company {i}"])
    write("entities.csv", ["key", "class", "name_zh", "name_en", "source", "sentence"], entities)
    segments = [[f"bench-s{p}{j}", "bench-chain", pos, j + 1, f"{zh}环节{j + 1}", f"{pos} {j + 1}"]
                for p, (pos, zh) in enumerate(POSITIONS) for j in range(segments_per_position)]
    write("segments.csv", ["key", "chain", "position", "order", "name_zh", "name_en", "source", "sentence"], segments)
    rel = [["bench-chain", "locatedIn", "bench-city"], ["bench-chain", "partOfCluster", "bench-cluster"],
           ["bench-chain", "inSector", "bench-sector"], ["bench-chain", "chainLeader", "bench-c0"]]
    rel += [[f"bench-policy{i}", "supports", "bench-chain" if i < 4 else segments[i][0]] for i in range(8)]
    rel += [[a[0], "upstreamOf", b[0]] for a, b in zip(segments, segments[1:], strict=False)]
    for i in range(companies):
        rel.append([f"bench-c{i}", "participatesIn", rnd.choice(segments)[0]])
        if rnd.random() < 0.2:
            rel.append([f"bench-c{i}", "participatesIn", rnd.choice(segments)[0]])
        rel.append([f"bench-c{i}", "locatedIn", "bench-city"])
    unique = list(dict.fromkeys(tuple(r) for r in rel))
    write("relations.csv", ["subject", "relation", "object", "source", "sentence"], [list(r) for r in unique])
    write("statistics.csv", ["subject", "metric", "value", "unit", "period", "source", "sentence"],
          [["bench-chain", "产业链规模", "1234.5", "亿元", "2023年"]])


def median_ms(fn, repeat: int) -> tuple[float, object]:  # noqa: ANN001
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), out


VIEWS = [  # (name, path) — the first two are the baselines
    ("explore-200", f"/explore?iri={ID}region/bench-city&hops=2&limit=200"),
    ("chain-layered", "/chain/bench-chain"),
    ("chain-force", "/chain/bench-chain?layout=force"),
    ("explore-2000", f"/explore?iri={ID}region/bench-city&hops=2&limit=2000"),
    ("cluster-layered", "/cluster/bench-cluster"),
]


def server_side(store_dir: Path, repeat: int) -> dict[str, dict]:
    from chainkg.graph.projection import chain_network
    from chainkg.server.app import create_app
    from chainkg.server.networks import to_vis

    store = open_store(store_dir)
    app = create_app({"TESTING": True}, store=store)
    client = app.test_client()
    out = {}
    for name, path in VIEWS:
        json_path = path.replace("/explore?", "/explore.json?") if "?" in path and path.startswith("/explore") \
            else path.split("?")[0] + ".json" + ("?" + path.split("?")[1] if "?" in path else "")
        client.get(json_path)  # warm up (search index, caches)
        ms, resp = median_ms(lambda p=json_path: client.get(p), repeat)
        data = resp.get_json()
        out[name] = {"ms": ms, "nodes": len(data["nodes"]), "edges": len(data["edges"]),
                     "bytes": len(resp.get_data()), "omitted": data["omitted"]}
    chain = ID + "chain/bench-chain"
    proj_ms, g = median_ms(lambda: chain_network(store, chain), repeat)
    vis_ms, vis = median_ms(lambda: to_vis(g, layout="layered", kind="chain", focus=chain), repeat)
    dump_ms, _ = median_ms(lambda: json.dumps(vis, ensure_ascii=False), repeat)
    out["chain-layered"]["steps"] = {"projection": proj_ms, "layout+pyvis": vis_ms, "json": dump_ms}
    store.flush()
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browser_side(store_dir: Path, repeat: int) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "CHAINKG_UPDATE_TOKEN": ""}
    proc = subprocess.Popen([sys.executable, "-m", "chainkg.server.cli", "--store", str(store_dir), "serve",
                             "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        out = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
            for name, path in VIEWS:
                settle, wall = [], []
                for _ in range(repeat):
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    t = time.perf_counter()
                    page.goto(base + path, timeout=120_000, wait_until="commit")
                    page.wait_for_selector('body[data-settled="true"]', state="attached", timeout=120_000)
                    wall.append((time.perf_counter() - t) * 1000)
                    settle.append(float(page.get_attribute("body", "data-settle-ms")))
                    shown = page.evaluate("() => window.chainkgData.view.length")
                    page.close()
                out[name] = {"settle_ms": statistics.median(settle), "wall_ms": statistics.median(wall), "nodes": shown}
            browser.close()
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--companies", type=int, default=1950, help="companies in the synthetic chain (default 1950)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement; the median is reported")
    ap.add_argument("--no-browser", action="store_true", help="server side only")
    ap.add_argument("--shacl", action="store_true", help="validate the synthetic region on ingest (slow, not measured)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="chainkg-bench-views-") as tmp:
        tmp_path = Path(tmp)
        folder = tmp_path / "benchcity"
        write_region(folder, args.companies)
        store_dir = tmp_path / "store"
        store = open_store(store_dir)
        build(store)
        t = time.perf_counter()
        triples = write_source(store, read_folder(folder), check=args.shacl)
        ingest_s = time.perf_counter() - t
        store.flush()
        del store
        gc.collect()  # releases the store's lock for gunicorn
        print(f"synthetic region: {args.companies} companies, {triples} triples, ingested in {ingest_s:.1f} s "
              f"({'with' if args.shacl else 'without'} SHACL)")
        print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, {CHROMIUM}\n")

        browser = None if args.no_browser else browser_side(store_dir, min(args.repeat, 3))
        server = server_side(store_dir, args.repeat)
        print(f"server side: JSON of each view (Flask test client, in-process, median of {args.repeat})")
        print(f"{'view':16} {'nodes':>6} {'edges':>6} {'left out':>8} {'JSON kB':>8} {'ms':>8} {'x 200-node':>10}")
        base = server["explore-200"]["ms"]
        for name, _ in VIEWS:
            r = server[name]
            print(f"{name:16} {r['nodes']:6} {r['edges']:6} {r['omitted']:8} {r['bytes'] / 1024:8.0f} {r['ms']:8.0f} "
                  f"{r['ms'] / base:10.1f}")
        steps = server["chain-layered"]["steps"]
        print("chain-layered, by step (ms): " + ", ".join(f"{k} {v:.0f}" for k, v in steps.items()))

        if browser is not None:
            print(f"\nheadless Chromium: navigation start -> layout settled, physics off (median of "
                  f"{min(args.repeat, 3)}; wall = goto() to the page saying so)")
            print(f"{'view':16} {'nodes':>6} {'settle ms':>10} {'wall ms':>8} {'x 200-node':>10} {'x layered':>9}")
            b200 = browser["explore-200"]["settle_ms"]
            blay = browser["chain-layered"]["settle_ms"]
            for name, _ in VIEWS:
                r = browser[name]
                print(f"{name:16} {r['nodes']:6} {r['settle_ms']:10.0f} {r['wall_ms']:8.0f} "
                      f"{r['settle_ms'] / b200:10.1f} {r['settle_ms'] / blay:9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
