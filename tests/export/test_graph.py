"""Actor graph export: GEXF 1.3 and GraphML, parsed back with ElementTree."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

from recoupe.export.graph import EDGE_ATTRIBUTES, GEXF_NS, GRAPHML_NS, relations, write_graph
from recoupe.records import Event

G = f"{{{GEXF_NS}}}"
M = f"{{{GRAPHML_NS}}}"


def events() -> list[Event]:
    return [
        Event("d1", 0, 10, "AID", ["PRK"], ["RUS"], context="military", factuality="reported"),
        Event("d2", 0, 10, "AID", ["PRK"], ["RUS"], context="military", factuality="denied"),
        Event("d2", 20, 30, "AID", ["PRK"], ["RUS"], factuality="reported"),
        Event("d2", 40, 50, "COOPERATE", ["PRK", "RUS"], ["PRK", "RUS"]),  # reciprocal
        Event("d3", 0, 10, "REJECT", ["RUS"], ["UNSC"], context="diplomatic"),
        Event("d3", 20, 30, "ACCUSE", ["USA"], []),  # no target: a node, no edge
        Event("d4", 0, 10, "THREATEN", ["A<&\"B\x01"], ["RUS"]),  # unsafe code: escaped, never invalid XML
    ]


def render(format: str) -> tuple[int, ET.Element]:
    out = io.StringIO()
    count = write_graph(events(), out, format=format)
    text = out.getvalue()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return count, ET.fromstring(text.encode("utf-8"))


def test_relations_aggregate_and_skip_self_loops() -> None:
    actors, edges = relations(events())
    assert [(e.source, e.target, e.type) for e in edges] == [
        ("A<&\"B\x01", "RUS", "THREATEN"), ("PRK", "RUS", "AID"), ("PRK", "RUS", "COOPERATE"),
        ("RUS", "PRK", "COOPERATE"), ("RUS", "UNSC", "REJECT"),
    ]
    aid = edges[1]
    assert (aid.events, aid.docs, aid.contexts) == (3, {"d1", "d2"}, {"military"})
    assert aid.factualities == {"reported": 2, "denied": 1}
    assert actors["RUS"] == 6 and actors["USA"] == 1


def test_gexf_structure() -> None:
    count, root = render("gexf")
    assert count == 5
    assert root.tag == f"{G}gexf" and root.get("version") == "1.3"
    graph = root.find(f"{G}graph")
    assert graph is not None and graph.get("defaultedgetype") == "directed"
    declared = {a.get("class"): [x.get("id") for x in a] for a in graph.findall(f"{G}attributes")}
    assert declared["edge"] == [name for name, _ in EDGE_ATTRIBUTES]
    nodes = {n.get("id"): n for n in graph.iter(f"{G}node")}
    assert set(nodes) == {"A<&\"B", "PRK", "RUS", "UNSC", "USA"}
    assert nodes["RUS"].get("label") == "Russie"
    values = {v.get("for"): v.get("value") for v in nodes["UNSC"].iter(f"{G}attvalue")}
    assert values == {"kind": "igo", "events": "1"}
    edges = list(graph.iter(f"{G}edge"))
    assert all(e.get("source") != e.get("target") for e in edges)
    aid = next(e for e in edges if e.get("kind") == "AID")
    # weight: the mentions that state it (2 reported); the denied one is an attribute, not weight
    assert (aid.get("source"), aid.get("target"), aid.get("weight"), aid.get("label")) == ("PRK", "RUS", "2.0", "AID")
    values = {v.get("for"): v.get("value") for v in aid.iter(f"{G}attvalue")}
    assert values["type"] == "AID" and values["documents"] == "2" and values["contexts"] == "military"
    assert (values["reported"], values["denied"], values["asserted"]) == ("2", "1", "0")
    assert len({e.get("id") for e in edges}) == len(edges)
    cooperate = [(e.get("source"), e.get("target")) for e in edges if e.get("kind") == "COOPERATE"]
    assert cooperate == [("PRK", "RUS"), ("RUS", "PRK")]


def test_graphml_structure() -> None:
    count, root = render("graphml")
    assert count == 5
    assert root.tag == f"{M}graphml"
    keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.findall(f"{M}key")}
    assert keys["n_label"] == ("node", "label", "string") and keys["e_weight"] == ("edge", "weight", "double")
    assert keys["e_events"] == ("edge", "events", "int")
    children = [child.tag for child in root]
    assert children.index(f"{M}graph") == len(children) - 1  # keys before the graph
    graph = root.find(f"{M}graph")
    assert graph is not None and graph.get("edgedefault") == "directed"
    labels = {n.get("id"): {d.get("key"): d.text for d in n} for n in graph.findall(f"{M}node")}
    assert labels["PRK"]["n_label"] == "Corée du Nord" and labels["PRK"]["n_kind"] == "state"
    edges = graph.findall(f"{M}edge")
    assert len(edges) == 5
    for edge in edges:
        data = {d.get("key"): d.text for d in edge}
        assert set(data) <= set(keys) and edge.get("source") != edge.get("target")
    reject = next(e for e in edges if e.get("target") == "UNSC")
    data = {d.get("key"): d.text for d in reject}
    assert (data["e_type"], data["e_weight"], data["e_asserted"]) == ("REJECT", "1.0", "1")


@pytest.mark.parametrize("format", ["gexf", "graphml"])
def test_deterministic_and_empty(format: str) -> None:
    first, second = io.StringIO(), io.StringIO()
    write_graph(events(), first, format=format)
    write_graph(events()[::-1], second, format=format)  # input order does not matter
    assert first.getvalue() == second.getvalue()
    empty = io.StringIO()
    assert write_graph([], empty, format=format) == 0
    ET.fromstring(empty.getvalue().encode("utf-8"))


@pytest.mark.parametrize("format", ["gexf", "graphml"])
def test_networkx_reads_it(format: str) -> None:
    """A second reader (only when networkx happens to be installed, e.g. with the ftm extra)."""
    nx = pytest.importorskip("networkx")
    out = io.StringIO()
    write_graph(events(), out, format=format)
    data = io.BytesIO(out.getvalue().encode("utf-8"))
    graph = nx.read_gexf(data, version="1.3") if format == "gexf" else nx.read_graphml(data)
    assert graph.is_directed() and graph.number_of_edges() == 5
    assert graph.nodes["RUS"]["label"] == "Russie"


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="gexf, graphml"):
        write_graph(events(), io.StringIO(), format="dot")


def test_graph_edge_weight_counts_stated_mentions_and_keeps_the_others_apart() -> None:
    """Weight = asserted + reported; alleged, denied, possible and intended are attributes of their own."""
    mixed = [Event("d", k, k + 5, "AID", ["PRK"], ["RUS"], factuality=f)
             for k, f in enumerate(["asserted", "reported", "reported", "alleged", "denied", "denied", "possible",
                                    "intended"])]
    mixed.append(Event("d", 50, 55, "ACCUSE", ["USA"], ["PRK"], factuality="alleged"))  # stated by no one
    want = {"asserted": "1", "reported": "2", "alleged": "1", "denied": "2", "possible": "1", "intended": "1",
            "events": "8"}
    out = io.StringIO()
    write_graph(mixed, out, format="gexf")
    edges = list(ET.fromstring(out.getvalue().encode("utf-8")).iter(f"{G}edge"))
    aid = next(e for e in edges if e.get("kind") == "AID")
    assert aid.get("weight") == "3.0"
    values = {v.get("for"): v.get("value") for v in aid.iter(f"{G}attvalue")}
    assert {k: values[k] for k in want} == want
    accuse = next(e for e in edges if e.get("kind") == "ACCUSE")
    assert accuse.get("weight") == "0.0"
    out = io.StringIO()
    write_graph(mixed, out, format="graphml")
    edges = list(ET.fromstring(out.getvalue().encode("utf-8")).iter(f"{M}edge"))
    data = {d.get("key"): d.text for d in next(e for e in edges if e.get("source") == "PRK")}
    assert data["e_weight"] == "3.0"
    assert {k: data[f"e_{k}"] for k in want} == want
