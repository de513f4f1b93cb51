"""GEXF, GraphML and CSV exports, read back with networkx, xmllint/lxml and csv.

The graph built here is hostile on purpose: every trap named in issue 6 (part 5)
is in it, and each test checks one of them. The expected values are written
out by hand, not derived from the exporter's own code.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal, URIRef

from chainkg.graph.exports import (
    NETWORK_FORMATS,
    PALETTE,
    GraphSource,
    class_color,
    iter_gexf,
    read_gexf,
    read_tables,
    write_gexf,
    write_graphml,
    write_network,
    write_tables_dir,
    write_tables_zip,
)
from chainkg.graph.exports.schema import FALLBACK_PALETTE, NO_CLASS_COLOR

try:  # numpy is not a dependency of chainkg; its values are tested when it is there
    import numpy as np
except ImportError:  # pragma: no cover - the same graph with plain Python values
    np = None


def np_or(kind: str, value):
    return getattr(np, kind)(value) if np is not None else value


XSD_NS = "http://www.w3.org/2001/XMLSchema#"
GEXF_XSD = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "gexf" / "1.3" / "gexf.xsd"
DAY = dt.date(2024, 6, 1)

A = "https://w3id.org/chainkg/id/company/603993.SH"
B = "https://w3id.org/chainkg/id/region/410300"
C = "https://w3id.org/chainkg/id/chain/lv-ji-xin-cai-liao"
D = "https://w3id.org/chainkg/id/cluster/zhuang-bei"
BAD = "https://w3id.org/chainkg/id/x/bad\x01id"


def lit(value: str, dtype: str) -> Literal:
    return Literal(value, datatype=URIRef(XSD_NS + dtype))


def hostile_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node(
        A,
        label='洛阳钼业 <&"> \x00\x1f 😀',
        label_en="CMOC",
        **{"class": "Company"},
        type="ckg:Company",
        start=lit("2024-01-01", "date"),
        id="should-not-replace-the-id",
        weight=5,
        revenue=Decimal("1e30"),
        big=2**70,
        n64=np_or("int64", 7),
        f32=np_or("float32", 1.5),
        lit_dec=lit("1.50", "decimal"),
        lit_int=lit("12", "integer"),
        name_zh=Literal("洛阳", lang="zh"),
        missing=None,
        tags=["铝", "钼"],
        nums=[1, 2, 3],
        mixed=1,
        note="line1\nline2\tend\r",
        founded=dt.date(1969, 1, 1),
        x=np_or("float64", 1.5),
        y=-2.0,
    )
    g.add_node(
        B,
        label="洛阳市",
        label_en="Luoyang",
        **{"class": "Region"},
        mixed="x",
        tags="single",
        big=3,
        revenue=2,
        Label="upper-case Label is reserved too",
        missing=None,
    )
    g.add_node(C, label_en="Aluminium-based new materials", **{"class": "IndustryChain"})
    g.add_node(D, **{"class": "Widget"})
    g.add_node(BAD, label="bad id")
    g.add_edge(A, B, relation="locatedIn", label="位于", weight=0)
    g.add_edge(A, B, relation="participatesIn", label="参与", weight=-1.5)
    g.add_edge(A, B, relation="partOfCluster", weight=np_or("float64", 2.5))
    g.add_edge(
        B,
        C,
        relation="supports",
        type="undirected",
        kind="x",
        id="zzz",
        start=lit("2024-05-01", "date"),
    )
    g.add_edge(C, D, relation=URIRef("https://w3id.org/chainkg/def#upstreamOf"), weight=Decimal("0.0"))
    g.add_edge(D, D, relation="r", weight=1)
    g.add_edge(BAD, A, relation="mentions", share=lit("0.25", "decimal"))
    return g


#: Node attributes expected after a round trip (GEXF, CSV): hand-written.
EXPECTED_NODES = {
    A: {
        "label": '洛阳钼业 <&"> 😀',
        "label_en": "CMOC",
        "class": "Company",
        "attr_type": "ckg:Company",
        "attr_start": "2024-01-01",
        "attr_id": "should-not-replace-the-id",
        "attr_weight": 5,
        "revenue": 1e30,
        "big": 2**70,
        "n64": 7,
        "f32": 1.5,
        "lit_dec": 1.5,
        "lit_int": 12,
        "name_zh": "洛阳",
        "tags": ["铝", "钼"],
        "nums": [1, 2, 3],
        "mixed": "1",
        "note": "line1\nline2\tend\r",
        "founded": "1969-01-01",
        "degree": 4,
    },
    B: {
        "label": "洛阳市",
        "label_en": "Luoyang",
        "class": "Region",
        "mixed": "x",
        "tags": ["single"],
        "big": 3,
        "revenue": 2.0,
        "attr_Label": "upper-case Label is reserved too",
        "degree": 4,
    },
    C: {
        "label": "Aluminium-based new materials",
        "label_en": "Aluminium-based new materials",
        "class": "IndustryChain",
        "degree": 2,
    },
    D: {"label": "zhuang-bei", "class": "Widget", "degree": 3},
}
NODE_TYPES = {
    "label_en": "string",
    "class": "string",
    "attr_type": "string",
    "attr_start": "string",
    "attr_id": "string",
    "attr_weight": "integer",
    "revenue": "double",
    "big": "biginteger",
    "n64": "integer",
    "f32": "double",
    "lit_dec": "double",
    "lit_int": "integer",
    "name_zh": "string",
    "tags": "liststring",
    "nums": "listinteger",
    "mixed": "string",
    "note": "string",
    "founded": "string",
    "attr_Label": "string",
    "degree": "integer",
}
UPSTREAM = "https://w3id.org/chainkg/def#upstreamOf"
#: (source, target, relation) -> expected edge attributes (GEXF read-back).
EXPECTED_EDGES = {
    (A, B, "locatedIn"): {"label": "位于", "weight": 1e-9, "weight_stated": 0.0},
    (A, B, "participatesIn"): {"label": "参与", "weight": -1.5},
    (A, B, "partOfCluster"): {"weight": 2.5},
    (B, C, "supports"): {
        "attr_type": "undirected",
        "attr_kind": "x",
        "attr_id": "zzz",
        "attr_start": "2024-05-01",
    },
    (C, D, UPSTREAM): {"weight": 1e-9, "weight_stated": 0.0},
    (D, D, "r"): {"weight": 1.0},
    ("BAD", A, "mentions"): {"share": 0.25},
}
EDGE_TYPES = {
    "relation": "string",
    "attr_type": "string",
    "attr_kind": "string",
    "attr_id": "string",
    "attr_start": "string",
    "share": "double",
    "weight_stated": "double",
}


@pytest.fixture(scope="module")
def gexf_bytes() -> bytes:
    buf = io.BytesIO()
    write_gexf(hostile_graph(), buf, last_modified=DAY, description="hostile <test>")
    return buf.getvalue()


def bad_id(graph: nx.Graph) -> str:
    (nid,) = [n for n in graph if str(n).startswith("https://w3id.org/chainkg/id/x/badid~")]
    return nid


# -- schema validation ---------------------------------------------------------------------


def schema_copy(data: bytes, tmp_path: Path) -> Path:
    """The copy the XSD README asks for: viz namespace replaced by the GEXF one."""
    p = tmp_path / "copy.gexf"
    p.write_bytes(data.replace(b"http://gexf.net/1.3/viz", b"http://gexf.net/1.3"))
    return p


def xmllint_validate(data: bytes, tmp_path: Path) -> subprocess.CompletedProcess:
    if not GEXF_XSD.exists():
        pytest.skip(f"GEXF schema not found at {GEXF_XSD}")
    if shutil.which("xmllint") is None:
        pytest.skip("xmllint missing (apt-get install libxml2-utils)")
    return subprocess.run(
        ["xmllint", "--noout", "--schema", str(GEXF_XSD), str(schema_copy(data, tmp_path))],
        capture_output=True,
        text=True,
    )


def lxml_validate(data: bytes) -> tuple[bool, str]:
    etree = pytest.importorskip("lxml.etree")
    if not GEXF_XSD.exists():
        pytest.skip(f"GEXF schema not found at {GEXF_XSD}")
    schema = etree.XMLSchema(etree.parse(str(GEXF_XSD)))
    doc = etree.fromstring(data.replace(b"http://gexf.net/1.3/viz", b"http://gexf.net/1.3"))
    ok = schema.validate(doc)
    return ok, str(schema.error_log)


def test_gexf_validates_with_xmllint(gexf_bytes, tmp_path):
    r = xmllint_validate(gexf_bytes, tmp_path)
    assert r.returncode == 0, r.stderr
    assert "validates" in r.stderr


def test_gexf_validates_with_lxml(gexf_bytes):
    ok, log = lxml_validate(gexf_bytes)
    assert ok, log


def test_the_validator_rejects_what_it_should(tmp_path):
    """networkx writes numpy ints as type "int", which is no GEXF type: the check bites."""
    np = pytest.importorskip("numpy")
    g = nx.DiGraph()
    g.add_node("a", v=np.int64(1))
    buf = io.BytesIO()
    nx.write_gexf(g, buf, version="1.3")
    r = xmllint_validate(buf.getvalue(), tmp_path)
    assert r.returncode != 0
    assert lxml_validate(buf.getvalue())[0] is False


def test_small_and_empty_graphs_validate(tmp_path):
    for g in (nx.MultiDiGraph(), nx.Graph([("a", "b")]), nx.DiGraph([("a", "b")])):
        buf = io.BytesIO()
        write_gexf(g, buf, last_modified=DAY)
        assert lxml_validate(buf.getvalue())[0]
        assert xmllint_validate(buf.getvalue(), tmp_path).returncode == 0


# -- round trip: same nodes, edges, values -------------------------------------------------


def test_gexf_round_trip_nodes(gexf_bytes):
    g = read_gexf(gexf_bytes)
    assert set(g) == {A, B, C, D, bad_id(g)}
    for n, expected in EXPECTED_NODES.items():
        got = {k: v for k, v in g.nodes[n].items() if k != "viz"}
        assert got == expected, n
    bad = g.nodes[bad_id(g)]
    assert bad["label"] == "bad id" and bad["degree"] == 1


def test_gexf_round_trip_edges(gexf_bytes):
    g = read_gexf(gexf_bytes)
    assert isinstance(g, nx.MultiDiGraph)
    bad = bad_id(g)
    got = {}
    for u, v, k, d in g.edges(keys=True, data=True):
        u = "BAD" if u == bad else u
        assert k == d.pop("id")  # distinct GEXF edge ids, used as keys
        assert d.pop("kind") == d["relation"]  # GEXF 1.3 kind = relation
        got[(u, v, d.pop("relation"))] = d
    assert got == EXPECTED_EDGES
    assert len({k for *_e, k in g.edges(keys=True)}) == 7


def test_gexf_column_types(gexf_bytes):
    from lxml import etree

    doc = etree.fromstring(gexf_bytes)
    ns = {"g": "http://gexf.net/1.3"}
    for cls, expected in (("node", NODE_TYPES), ("edge", EDGE_TYPES)):
        attrs = doc.findall(f".//g:attributes[@class='{cls}']/g:attribute", ns)
        got = {a.get("title"): a.get("type") for a in attrs}
        assert got == expected
        assert all(a.get("id") == a.get("title") for a in attrs)


def test_plain_networkx_reader_reads_files_without_1_3_only_types():
    """nx.read_gexf knows no biginteger or list types; everything else reads as is."""
    g = nx.MultiDiGraph()
    g.add_node(A, label="洛阳钼业", label_en="CMOC", revenue=Decimal("12.5"), n=np_or("int64", 3))
    g.add_node(B, label="洛阳市", n=2**40, flag=True)
    g.add_edge(A, B, relation="locatedIn", weight=2)
    g.add_edge(A, B, relation="participatesIn")
    buf = io.BytesIO()
    write_gexf(g, buf, size_by=None)
    h = nx.read_gexf(io.BytesIO(buf.getvalue()))
    assert h.nodes[A]["revenue"] == 12.5 and h.nodes[A]["n"] == 3
    assert h.nodes[B]["n"] == 2**40 and h.nodes[B]["flag"] is True
    assert h.nodes[A]["label"] == "洛阳钼业" and h.nodes[A]["label_en"] == "CMOC"
    assert sorted(d["relation"] for *_e, d in h.edges(data=True)) == [
        "locatedIn",
        "participatesIn",
    ]
    assert h.number_of_edges() == 2


def test_networkx_reader_fails_on_1_3_types_ours_does_not(gexf_bytes):
    with pytest.raises(KeyError):
        nx.read_gexf(io.BytesIO(gexf_bytes))
    assert read_gexf(gexf_bytes).nodes[A]["big"] == 2**70


# -- the points of the issue, one by one ---------------------------------------------------


def test_viz_color_by_class(gexf_bytes):
    g = read_gexf(gexf_bytes)

    def rgb(n):
        c = g.nodes[n]["viz"]["color"]
        return (c["r"], c["g"], c["b"])

    assert rgb(A) == PALETTE["Company"]
    assert rgb(B) == PALETTE["Region"]
    assert rgb(C) == PALETTE["IndustryChain"]
    assert rgb(D) in FALLBACK_PALETTE  # unknown class: stable colour from its name
    assert rgb(D) == class_color("Widget")
    assert rgb(bad_id(g)) == NO_CLASS_COLOR
    assert class_color("https://w3id.org/chainkg/def#Company") == PALETTE["Company"]
    assert class_color("ckg:Company") == PALETTE["Company"]


def test_viz_size_by_degree(gexf_bytes):
    g = read_gexf(gexf_bytes)
    sizes = {n: g.nodes[n]["viz"]["size"] for n in g}
    # degrees: A 4, B 4, C 2, D 3 (a self-loop counts twice), bad 1 -> [5, 50]
    assert sizes[A] == sizes[B] == 50.0
    assert sizes[bad_id(g)] == 5.0
    assert sizes[C] == pytest.approx(20.0)
    assert sizes[D] == pytest.approx(35.0)


def test_viz_size_by_attribute():
    g = nx.MultiDiGraph()
    g.add_node("a", revenue=Decimal("10"))
    g.add_node("b", revenue=30)
    g.add_node("c")  # no value: smallest size
    buf = io.BytesIO()
    write_gexf(g, buf, size_by="revenue", min_size=1, max_size=11)
    h = read_gexf(buf.getvalue())
    assert [h.nodes[n]["viz"]["size"] for n in "abc"] == [1.0, 11.0, 1.0]
    assert "degree" not in h.nodes["a"]


def test_size_by_degree_uses_a_degree_attribute_when_nodes_have_one():
    g = nx.MultiDiGraph()
    g.add_node("a", degree=10)
    g.add_node("b", degree=0)
    g.add_edge("a", "b")
    h = read_gexf(b"".join(c.encode() for c in iter_gexf(g, min_size=0, max_size=10)))
    assert h.nodes["a"]["degree"] == 10 and h.nodes["a"]["viz"]["size"] == 10.0


def test_size_by_errors():
    g = nx.MultiDiGraph()
    g.add_node("a", name="x")
    with pytest.raises(ValueError, match="no node has this attribute"):
        write_gexf(g, io.BytesIO(), size_by="revenue")
    with pytest.raises(ValueError, match="no numeric value"):
        write_gexf(g, io.BytesIO(), size_by="name")
    write_gexf(g, io.BytesIO(), size_by=None)


def test_positions_only_when_computed(gexf_bytes):
    g = read_gexf(gexf_bytes)
    assert g.nodes[A]["viz"]["position"] == {"x": 1.5, "y": -2.0, "z": 0.0}
    assert all("position" not in g.nodes[n]["viz"] for n in (B, C, D))
    assert "x" not in g.nodes[A] and "attr_x" not in g.nodes[A]  # consumed, not an attribute


def test_positions_with_z_and_non_numeric():
    g = nx.MultiDiGraph()
    g.add_node("a", x=1, y=2, z=3)
    g.add_node("b", x="left", y=2)
    buf = io.BytesIO()
    write_gexf(g, buf)
    h = read_gexf(buf.getvalue())
    assert h.nodes["a"]["viz"]["position"] == {"x": 1.0, "y": 2.0, "z": 3.0}
    assert "position" not in h.nodes["b"]["viz"]


def test_zh_labels_with_english_attribute(gexf_bytes):
    g = read_gexf(gexf_bytes)
    assert g.nodes[B]["label"] == "洛阳市" and g.nodes[B]["label_en"] == "Luoyang"
    # no zh label: the English one; no label at all: the IRI's local name
    assert g.nodes[C]["label"] == "Aluminium-based new materials"
    assert g.nodes[D]["label"] == "zhuang-bei"


def test_reserved_names_are_renamed_not_reinterpreted(gexf_bytes):
    g = read_gexf(gexf_bytes)
    a = g.nodes[A]
    assert "start" not in a and "end" not in a and "pid" not in a
    assert a["attr_id"] == "should-not-replace-the-id"  # the node keeps its IRI id
    assert a["attr_type"] == "ckg:Company" and a["attr_weight"] == 5
    assert g.graph["mode"] == "static"
    text = gexf_bytes.decode()
    assert ' start="' not in text and ' end="' not in text and ' pid="' not in text
    assert ' type="undirected"' not in text  # an attribute named type never sets direction


def test_case_insensitive_duplicates_get_distinct_columns():
    g = nx.MultiDiGraph()
    g.add_node("a", Revenue=1, revenue=2, attr_type="kept", type="renamed")
    h = read_gexf(b"".join(c.encode() for c in iter_gexf(g, size_by=None)))
    assert {k: v for k, v in h.nodes["a"].items() if k not in ("viz", "label")} == {
        "Revenue": 1,
        "revenue_2": 2,
        "attr_type": "kept",
        "attr_type_2": "renamed",
    }


def test_parallel_relations_kept_apart(gexf_bytes):
    from lxml import etree

    doc = etree.fromstring(gexf_bytes)
    edges = doc.findall(".//{http://gexf.net/1.3}edge")
    ab = [e for e in edges if e.get("source") == A and e.get("target") == B]
    assert len(ab) == 3
    assert len({e.get("id") for e in edges}) == len(edges) == 7
    assert {e.get("kind") for e in ab} == {"locatedIn", "participatesIn", "partOfCluster"}
    assert all(e.get("type") is None for e in edges)


def test_zero_and_negative_weights(gexf_bytes):
    from lxml import etree

    doc = etree.fromstring(gexf_bytes)
    weights = [e.get("weight") for e in doc.findall(".//{http://gexf.net/1.3}edge")]
    assert "0" not in weights and "0.0" not in weights  # Gephi would drop these edges
    assert "-1.5" in weights  # negative weights kept (Gephi warns, keeps)


@pytest.mark.parametrize(
    ("policy", "n_edges", "weights"),
    [("epsilon", 3, [1e-9, 2.0, None]), ("drop", 2, [2.0, None]), ("keep", 3, [0.0, 2.0, None])],
)
def test_zero_weight_policies(policy, n_edges, weights):
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", relation="p", weight=0)
    g.add_edge("a", "b", relation="q", weight=2)
    g.add_edge("b", "a", relation="r")
    buf = io.BytesIO()
    write_gexf(g, buf, zero_weight=policy)
    h = read_gexf(buf.getvalue())
    assert h.number_of_edges() == n_edges
    assert [d.get("weight") for *_e, d in h.edges(data=True)] == weights
    stated = [d.get("weight_stated") for *_e, d in h.edges(data=True)]
    assert stated[0] == (0.0 if policy == "epsilon" else None)
    if policy == "drop":
        assert h.nodes["a"]["degree"] == 2  # degree counts exported edges
    with pytest.raises(ValueError):
        write_gexf(g, io.BytesIO(), zero_weight="zero")


def test_non_numeric_weight_goes_to_weight_stated():
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", weight="heavy")
    g.add_edge("a", "b", weight=0)
    h = read_gexf(b"".join(c.encode() for c in iter_gexf(g)))
    (e0, e1) = [d for *_e, d in h.edges(data=True)]
    assert "weight" not in e0 and e0["weight_stated"] == "heavy"
    assert e1["weight"] == 1e-9 and e1["weight_stated"] == "0.0"  # mixed column: string


def test_edges_with_equal_attributes_keep_their_own_values():
    # the writer formats an attribute set once for every edge that has it (schema._memo_key):
    # 1, 1.0 and True are equal in Python and print differently; a list cannot be a key
    g = nx.MultiDiGraph()
    for i, (flag, tags) in enumerate([(1, ["a"]), (1.0, ["a"]), (True, ["b"]), (1, ["a"]), (1.0, ["b"])]):
        g.add_edge(f"n{i}", f"n{i + 1}", relation="r", flag=flag)
        g.add_edge(f"n{i}", f"n{i + 1}", relation="s", tags=tags)
    g.add_edge("n0", "n1", key="zero", relation="r", weight=0)
    g.add_edge("n1", "n2", key="zero", relation="r", weight=0)
    h = read_gexf(b"".join(c.encode() for c in iter_gexf(g)))
    edges = [d for *_e, d in h.edges(data=True)]
    assert [d["flag"] for d in edges if "flag" in d] == ["1", "1.0", "true", "1", "1.0"]  # a string column
    assert [d["tags"] for d in edges if "tags" in d] == [["a"], ["a"], ["b"], ["a"], ["b"]]
    assert [(d["weight"], d["weight_stated"]) for d in edges if "weight_stated" in d] == [(1e-9, 0.0)] * 2
    dropped = b"".join(c.encode() for c in iter_gexf(g, zero_weight="drop")).decode()
    assert dropped.count("<edge ") == 10 and '<edges count="10">' in dropped


def test_control_characters_removed_everywhere(gexf_bytes):
    assert not any(b < 0x20 and b not in (0x09, 0x0A, 0x0D) for b in gexf_bytes)
    g = read_gexf(gexf_bytes)
    assert g.nodes[A]["note"] == "line1\nline2\tend\r"  # legal whitespace survives
    assert "😀" in g.nodes[A]["label"]


def test_control_characters_in_ids_never_merge_nodes():
    g = nx.MultiDiGraph()
    g.add_edge("a\x01", "a")
    h = read_gexf(b"".join(c.encode() for c in iter_gexf(g)))
    assert h.number_of_nodes() == 2 and "a" in h


def test_undirected_graph():
    g = nx.MultiGraph()
    g.add_edge("a", "b", relation="p")
    g.add_edge("a", "b", relation="q")
    h = read_gexf(b"".join(c.encode() for c in iter_gexf(g)))
    assert not h.is_directed() and h.number_of_edges() == 2


def test_meta_and_determinism(gexf_bytes):
    again = io.BytesIO()
    write_gexf(hostile_graph(), again, last_modified=DAY, description="hostile <test>")
    assert again.getvalue() == gexf_bytes
    assert b'lastmodifieddate="2024-06-01"' in gexf_bytes
    assert b"<description>hostile &lt;test&gt;</description>" in gexf_bytes


def test_gexf_streams_in_chunks():
    g = nx.MultiDiGraph()
    for i in range(3000):
        g.add_edge(f"n{i}", f"n{i + 1}", relation="upstreamOf", label="上游于")
    chunks = list(iter_gexf(g, chunk_size=4096))
    assert len(chunks) > 20
    assert max(len(c) for c in chunks[1:-1]) < 4096 + 1024


def test_graph_source_streams_without_networkx(gexf_bytes):
    g = hostile_graph()
    src = GraphSource(
        nodes=lambda: iter(list(g.nodes(data=True))),
        edges=lambda: ((u, v, d) for u, v, d in g.edges(data=True)),
    )
    buf = io.BytesIO()
    write_gexf(src, buf, last_modified=DAY, description="hostile <test>")
    assert buf.getvalue() == gexf_bytes


def test_write_to_path(tmp_path):
    p = tmp_path / "out.gexf"
    write_network(hostile_graph(), p, "gexf", last_modified=DAY)
    assert read_gexf(p).number_of_nodes() == 5
    with pytest.raises(ValueError, match="unknown network format"):
        write_network(hostile_graph(), tmp_path / "x", "dot")


@pytest.mark.parametrize(
    "value",
    [None, Decimal("1.5"), dt.date(2024, 1, 1), Literal("1.5", datatype=URIRef(XSD_NS + "decimal"))],
)
def test_networkx_writer_baseline_fails_where_ours_works(value, tmp_path):
    """Why the project has its own writer (kept honest: if networkx improves, this says so)."""
    g = nx.MultiDiGraph()
    g.add_node("a", v=value)
    with pytest.raises((TypeError, nx.NetworkXError)):
        nx.write_gexf(g, io.BytesIO(), version="1.3")
    buf = io.BytesIO()
    write_gexf(g, buf)
    assert lxml_validate(buf.getvalue())[0]


def test_networkx_writer_breaks_xml_on_control_characters():
    g = nx.MultiDiGraph()
    g.add_node("a", v="x\x01y")
    buf = io.BytesIO()
    nx.write_gexf(g, buf, version="1.3")
    with pytest.raises(Exception):  # noqa: B017 - any parse error will do
        nx.read_gexf(io.BytesIO(buf.getvalue()))
    ours = io.BytesIO()
    write_gexf(g, ours)
    assert read_gexf(ours.getvalue()).nodes["a"]["v"] == "xy"


# -- GraphML -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graphml_bytes() -> bytes:
    buf = io.BytesIO()
    write_graphml(hostile_graph(), buf)
    return buf.getvalue()


def graphml_expected(n: str) -> dict:
    """GraphML has no list or big-integer types: those come back as their text."""
    exp = dict(EXPECTED_NODES[n])
    for k, v in exp.items():
        if isinstance(v, list):
            exp[k] = json.dumps(v, ensure_ascii=False)
    if "big" in exp:
        exp["big"] = str(exp["big"])
    return exp


def test_graphml_round_trip(graphml_bytes):
    g = nx.read_graphml(io.BytesIO(graphml_bytes))
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g) == {A, B, C, D, bad_id(g)}
    for n in EXPECTED_NODES:
        got = {k: v for k, v in g.nodes[n].items() if k not in ("r", "g", "b", "size", "x", "y")}
        assert got == graphml_expected(n), n
    assert (g.nodes[A]["r"], g.nodes[A]["g"], g.nodes[A]["b"]) == PALETTE["Company"]
    assert (g.nodes[A]["x"], g.nodes[A]["y"]) == (1.5, -2.0)
    assert "x" not in g.nodes[B]
    assert g.nodes[A]["size"] == 50.0
    got = {}
    for u, v, d in g.edges(data=True):
        u = "BAD" if u == bad_id(g) else u
        got[(u, v, d.pop("relation"))] = d
    assert got == EXPECTED_EDGES


def test_graphml_key_types(graphml_bytes):
    from lxml import etree

    doc = etree.fromstring(graphml_bytes)
    keys = {
        (k.get("for"), k.get("attr.name")): k.get("attr.type")
        for k in doc.findall("{http://graphml.graphdrawing.org/xmlns}key")
    }
    assert keys[("node", "big")] == "string"  # GraphML has no big integers
    assert keys[("node", "n64")] == "int"
    assert keys[("node", "revenue")] == "double"
    assert keys[("node", "tags")] == "string"
    assert keys[("node", "label")] == "string"
    assert keys[("node", "r")] == "int"
    assert keys[("edge", "weight")] == "double"
    assert keys[("edge", "weight_stated")] == "double"
    assert len(keys) == len(doc.findall("{http://graphml.graphdrawing.org/xmlns}key"))


def test_graphml_streams_and_handles_control_characters():
    g = nx.MultiDiGraph()
    g.add_node("a\x02", label="x\x03", v="ok\x04")
    buf = io.BytesIO()
    write_graphml(g, buf)
    h = nx.read_graphml(io.BytesIO(buf.getvalue()))
    (n,) = h.nodes
    assert h.nodes[n]["label"] == "x" and h.nodes[n]["v"] == "ok"


# -- CSV tables ----------------------------------------------------------------------------


def table_expected_nodes() -> dict:
    exp = {}
    for n, attrs in EXPECTED_NODES.items():
        row = {"Id": n, "Label": attrs["label"]}
        row.update({k: v for k, v in attrs.items() if k != "label"})
        exp[n] = row
    return exp


def check_tables(nodes: list[dict], edges: list[dict]) -> None:
    by_id = {r["Id"]: r for r in nodes}
    assert len(by_id) == 5
    for n, row in table_expected_nodes().items():
        assert by_id[n] == row, n
    bad = next(i for i in by_id if i.startswith("https://w3id.org/chainkg/id/x/badid~"))
    got = {}
    for r in edges:
        assert r.pop("Type") == "Directed"
        assert r.pop("Kind") == r["relation"]
        assert r.pop("Id").startswith("e")
        u = "BAD" if r["Source"] == bad else r.pop("Source")
        r.pop("Source", None)
        key = (u, r.pop("Target"), r.pop("relation"))
        if "Label" in r:
            r["label"] = r.pop("Label")
        if "Weight" in r:
            r["weight"] = r.pop("Weight")
        got[key] = r
    assert got == EXPECTED_EDGES


def test_tables_zip_round_trip(tmp_path):
    p = tmp_path / "net.zip"
    write_tables_zip(hostile_graph(), p)
    check_tables(*read_tables(p))
    with zipfile.ZipFile(p) as zf:
        assert sorted(zf.namelist()) == ["columns.json", "edges.csv", "nodes.csv"]
        nodes_csv = zf.read("nodes.csv")
        edges_csv = zf.read("edges.csv")
        columns = json.loads(zf.read("columns.json"))
    assert not nodes_csv.startswith(b"\xef\xbb\xbf")  # no BOM: Gephi must see "Id"
    assert nodes_csv.split(b"\r\n", 1)[0].startswith(b"Id,Label,label_en,class,")
    assert edges_csv.startswith(b"Source,Target,Type,Id,Label,Weight,Kind,relation")
    assert columns["nodes"]["big"] == "biginteger" and columns["nodes"]["tags"] == "liststring"


def test_tables_dir_round_trip(tmp_path):
    nodes, edges = write_tables_dir(hostile_graph(), tmp_path / "t")
    assert nodes.name == "nodes.csv" and edges.name == "edges.csv"
    check_tables(*read_tables(tmp_path / "t"))


class _NoSeek(io.RawIOBase):
    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        self.data += b
        return len(b)


def test_tables_zip_to_a_non_seekable_stream():
    out = _NoSeek()
    write_network(hostile_graph(), out, "csv")
    check_tables(*read_tables(io.BytesIO(bytes(out.data))))


def test_network_formats_registry():
    assert set(NETWORK_FORMATS) == {"gexf", "graphml", "csv"}
    assert NETWORK_FORMATS["gexf"].media_type == "application/gexf+xml"
