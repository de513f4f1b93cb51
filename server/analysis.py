"""Pages for the analyses of the national supply network: gaps (补链/强链), central
industries, supply paths. Each page has a ``.json`` twin with exactly what
``chainkg analyze … --format json`` prints, and the gap network downloads as
GEXF, GraphML, CSV tables or a standalone HTML file like every other view.

Before the national data is in, every analysis page says so and how to import it (the
same words on each, in the page's language), and still shows its form; the ``.json`` and
``.csv`` twins answer 400 with the same hint.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from chainkg.graph import analytics, listing
from chainkg.graph.analysis_networks import gap_network, industry_supply_network
from chainkg.graph.errors import UserError
from chainkg.ontology.namespaces import CKG
from chainkg.server.context import cached, remember, request_store, run_page
from chainkg.server.downloads import csv_link, gap_downloads, industry_downloads, json_link
from chainkg.server.exports import network_download
from chainkg.server.http import args, bad, int_arg
from chainkg.server.i18n import NO_NATIONAL_DATA, lang
from chainkg.server.lists import csv_response, respond
from chainkg.server.pages import entity_url

#: The direction of a strength (an industry the region has, linked to the chain), as the page shows it.
DIRECTIONS = {"upstream": ("上游", "upstream"), "downstream": ("下游", "downstream"), "both": ("上下游", "both ways")}
NO_DATA_MESSAGE = (NO_NATIONAL_DATA[1].rstrip(":") + ": chainkg ingest --format ashare-chain DIR")


def has_supply_network() -> bool:
    """Whether the national data (weighted upstream links between industries) is in the store."""
    return cached("has-supply-network", lambda: request_store().ask(f"ASK {{ ?l a <{CKG.UpstreamLink}> }}"))

bp = Blueprint("analysis", __name__, url_prefix="/analysis")


def _gap_args() -> tuple[str, str, str, int]:
    params = args()
    region = params.get("region", "").strip()[:100]
    industry = params.get("industry", "").strip()[:100]
    chain = params.get("chain", "").strip()[:300]
    hops = int_arg(params, "hops", 3, 1, 5)
    return region, industry, chain, hops


def _run_gaps() -> tuple[dict | None, dict[str, str]]:
    region, industry, chain, hops = _gap_args()
    keep = {k: v for k, v in (("region", region), ("industry", industry), ("chain", chain),
                              ("hops", str(hops))) if v}
    if not region or not (industry or chain):
        return None, keep
    if not has_supply_network():
        bad(400, NO_DATA_MESSAGE)
    # the last analyses asked for, until the store is written (any region and industry: not all of them kept)
    result = remember("gaps", (region, industry, chain, hops),
                      lambda: run_page(analytics.gaps, region, None if chain else industry, hops,
                                       chain=chain or None, limit=None, candidates=0))
    return result, keep


def city_chains(region: str) -> list[dict[str, str]]:
    """The chains (and clusters) located in ``region`` or a region inside it, for the chain picker."""
    if not region:
        return []
    # 160 ms at 100k companies (the region's name resolved, then partOfRegion* walked): kept like the analysis
    return remember("city-chains", region, lambda: _city_chains(region))


def _city_chains(region: str) -> list[dict[str, str]]:
    store = request_store()
    try:
        reg = analytics.resolve_region(store, region)
    except UserError:
        return []
    return store.rows(f"""SELECT ?c (SAMPLE(?l) AS ?label) WHERE {{
        VALUES ?t {{ <{CKG.IndustryChain}> <{CKG.IndustryCluster}> }}
        ?c a ?t ; <{CKG.locatedIn}> ?r ; <http://www.w3.org/2000/01/rdf-schema#label> ?l .
        ?r <{CKG.partOfRegion}>* <{reg.iri}> FILTER(lang(?l) = "zh") }} GROUP BY ?c ORDER BY ?label""")


@bp.get("/gaps")
def gaps() -> Response | str:
    """The gap analysis page: 补链 (upstream) and 延链 (downstream) lists, the paged gap table."""
    if request.path.endswith(".json"):
        result, _ = _run_gaps()
        if result is None:
            bad(400, "give ?region=…&chain=… or ?region=…&industry=…")
        return jsonify(_shown(result))
    region, industry, chain, hops = _gap_args()
    context = {"region": region, "industry": industry, "chain": chain, "hops": hops,
               "chains": city_chains(region), "no_data": not has_supply_network(), "directions": DIRECTIONS}
    try:
        result, keep = _run_gaps() if not context["no_data"] else (None, {})
    except UserError as exc:  # a region or an industry that is not in the graph: said on the page, with its form
        return Response(render_template("gaps.html", result=None, problem=str(exc), **context), status=400)
    if result is None:
        return render_template("gaps.html", result=None, **context)
    return respond(listing.GAPS, listing.gap_rows(result), title=("补链 / 延链分析", "Supply-chain gaps"),
                   filename="gaps", keep=keep, template="gaps.html", link=lambda r: entity_url(r["iri"]),
                   ignore={"candidates"}, gaps_result=result, extra_downloads=gap_downloads(keep), **context)


def _shown(result: dict) -> dict:
    """The JSON twin: the whole analysis, each gap's candidates cut to ``candidates`` (default 5;
    0: all; every candidate is in /analysis/gap-candidates.csv)."""
    n = int_arg(args(), "candidates", 5, 0, 100000)
    if not n:
        return result
    out = dict(result)
    for side in ("upstream", "downstream", "gaps"):
        out[side] = [{**g, "candidates": g["candidates"][:n]} for g in result[side]]
    return out


bp.add_url_rule("/gaps.json", view_func=gaps, endpoint="gaps_json")


@bp.get("/gaps.csv")
def gaps_csv() -> Response | str:
    """The gap table (both sides, filtered and sorted like the page), every row."""
    result, keep = _run_gaps()
    if result is None:
        bad(400, "give ?region=…&chain=… or ?region=…&industry=…")
    return respond(listing.GAPS, listing.gap_rows(result), title=("", ""), filename="gaps", keep=keep,
                   ignore={"candidates"})


@bp.get("/gap-candidates.csv")
def gap_candidates() -> Response | str:
    """Every candidate company of every gap: gap, side, rank, company, code, city, province, listing date."""
    result, keep = _run_gaps()
    if result is None:
        bad(400, "give ?region=…&chain=… or ?region=…&industry=…")
    return respond(listing.CANDIDATES, listing.candidate_rows(result), title=("", ""),
                   filename=f"gap-candidates-{result['region']['label']}-{result['industry']['label']}", keep=keep)


bp.add_url_rule("/gap-candidates.json", view_func=gap_candidates, endpoint="gap_candidates_json")


@bp.get("/gaps.<fmt>")
def gaps_download(fmt: str) -> Response:
    result, _ = _run_gaps()
    if result is None:
        bad(400, "give ?region=…&chain=… or ?region=…&industry=…")
    name = f"gaps-{result['region']['label']}-{result['industry']['label']}"
    title = f"{result['region']['label']} · {result['industry']['label']}"
    g = gap_network(result)
    return network_download(g, fmt, name, title=(f"{title} · 补链分析", f"{title} · gaps"),
                            vis=_gap_vis(g) if fmt == "html" else None)


#: How the gap network marks each industry (the page's gaps.js and the standalone file alike).
STATUS_STYLE = {"focus": {"background": "#d62728", "border": "#922b21"},
                "present": {"background": "#2ca02c", "border": "#1e8449"},
                "gap": {"background": "#ffffff", "border": "#ff7f0e"}}


def _gap_vis(g) -> dict:  # noqa: ANN001 - the gap network
    """The gap network drawn for the standalone file: focus, present and missing industries in their colours,
    each gap with its rank."""
    from chainkg.server.networks import to_vis

    vis = to_vis(g, layout="force", lang=lang(), kind="explore")
    for n in vis["nodes"]:
        d = g.nodes[n["id"]]
        status = d.get("status", "gap")
        n["color"] = STATUS_STYLE.get(status, STATUS_STYLE["gap"])
        if status == "gap":
            n["shapeProperties"] = {"borderDashes": [6, 4]}
            n["borderWidth"] = 3
            if d.get("rank"):
                n["label"] = f"#{d['rank']} {n['label']}"
    return vis


@bp.get("/industries")
def industries() -> Response | str:
    """The industries of the supply network with their centrality: paged, sortable, by sector."""
    rows = cached("list:industries", lambda: run_page(listing.industry_rows) if has_supply_network() else [])
    return respond(listing.INDUSTRIES, rows, title=("行业中心性", "Central industries of the supply network"),
                   filename="industries", template="industries.html", link=lambda r: entity_url(r["iri"]),
                   extra_downloads=industry_downloads() if rows else [])


bp.add_url_rule("/industries.json", view_func=industries, endpoint="industries_json")
bp.add_url_rule("/industries.csv", view_func=industries, endpoint="industries_csv")


@bp.get("/industries.<fmt>")
def industries_download(fmt: str) -> Response:
    if not has_supply_network():
        bad(400, NO_DATA_MESSAGE)
    return network_download(run_page(industry_supply_network), fmt, "industry-supply-network",
                            title=("行业供给网络", "Supply network of industries"))


@bp.get("/path")
def path() -> Response | str:
    """The shortest supply path between two industries (``.json`` and ``.csv`` twins)."""
    params = args()
    source = params.get("from", "").strip()[:100]
    target = params.get("to", "").strip()[:100]
    twin = request.path.rsplit(".", 1)[-1] if request.path.endswith((".json", ".csv")) else None
    no_data = not has_supply_network()
    if twin and (no_data or not (source and target)):
        bad(400, NO_DATA_MESSAGE if no_data else "give ?from=…&to=…")
    result, problem = None, None
    if source and target and not no_data:
        try:
            result = remember("path", (source, target), lambda: run_page(analytics.supply_path, source, target))
        except UserError as exc:
            if twin:
                raise
            problem = str(exc)
    if twin == "json":
        return jsonify(result)
    if twin == "csv":
        return csv_response(_path_csv(result), f"path-{source}-{target}")
    links = [json_link(url_for("analysis.path_json", **{"from": source, "to": target})),
             csv_link(url_for("analysis.path_csv", **{"from": source, "to": target}))]
    html = render_template("path.html", result=result, source=source, target=target, no_data=no_data,
                           problem=problem, path_links=links)
    return Response(html, status=400 if problem else 200, mimetype="text/html")


def _path_csv(result: dict) -> str:
    """One row per hop of the path: from, to, the weight of the link."""
    import csv
    import io

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["hop", "from", "from_code", "from_iri", "to", "to_code", "to_iri", "weight"])
    nodes = result["path"]
    for i, e in enumerate(result["edges"]):
        a, b = nodes[i], nodes[i + 1]
        w.writerow([i + 1, a.get("label"), a.get("notation", ""), a.get("iri"), b.get("label"),
                    b.get("notation", ""), b.get("iri"), e.get("weight")])
    return out.getvalue()


bp.add_url_rule("/path.json", view_func=path, endpoint="path_json")
bp.add_url_rule("/path.csv", view_func=path, endpoint="path_csv")
