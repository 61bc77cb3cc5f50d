"""Export the actor graph for Gephi and other graph tools: GEXF 1.3 or GraphML, written by hand.

Nodes are actor codes; a directed edge source -> target aggregates every event of one type
between the two. Its weight counts the mentions that state the event as fact (asserted by the
outlet, or reported from a speaker who states it): an alleged, denied, possible or intended
mention is no evidence that it happened, and is counted apart, one edge attribute per
factuality (`events` counts them all). The XML is built with xml.etree so the export needs no
graph library.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from recoupe.export.events import check_format
from recoupe.records import FACTUALITIES, Event

GRAPH_FORMATS = ("gexf", "graphml")
GEXF_NS = "http://gexf.net/1.3"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_GEXF_SCHEMA = f"{GEXF_NS} {GEXF_NS}/gexf.xsd"
_GRAPHML_SCHEMA = f"{GRAPHML_NS} {GRAPHML_NS}/1.0/graphml.xsd"

# Characters XML 1.0 cannot carry at all, even escaped: a stray one in a label would make the
# whole file unreadable to Gephi.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# (attribute id, type) of nodes and edges; the type names are GEXF's, mapped for GraphML below.
NODE_ATTRIBUTES = (("kind", "string"), ("events", "integer"))
EDGE_ATTRIBUTES = (
    ("type", "string"), ("contexts", "string"), ("events", "integer"), ("documents", "integer"),
    *((f, "integer") for f in FACTUALITIES),
)
_GRAPHML_TYPES = {"string": "string", "integer": "int", "double": "double"}


@dataclass(slots=True, frozen=True)
class ActorInfo:
    """How an actor code reads in a graph or an entity list."""

    code: str
    name: str  # French display name, or the code itself when the gazetteer does not know it
    kind: str  # state | igo | group | entity


def describe_actors(codes: Iterable[str]) -> dict[str, ActorInfo]:
    """Name and kind of each code, from the actor gazetteer."""
    # Imported here: the gazetteer package pulls in spaCy, which a plain export should not pay
    # for until it has actors to name.
    from recoupe.actors.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    body_kinds = {e.code: e.kind for e in gazetteer.entries if e.kind in ("igo", "group")}
    info: dict[str, ActorInfo] = {}
    for code in codes:
        kind = "state" if gazetteer.is_state(code) else body_kinds.get(code, "entity")
        info[code] = ActorInfo(code, gazetteer.name_of(code), kind)
    return info


# The factualities that weigh an edge: the event stated as fact.
STATED = ("asserted", "reported")


@dataclass(slots=True)
class Relation:
    """Every event of one type from one actor to another."""

    source: str
    target: str
    type: str
    events: int = 0
    docs: set[str] = field(default_factory=set)
    contexts: set[str] = field(default_factory=set)
    factualities: Counter[str] = field(default_factory=Counter)

    @property
    def weight(self) -> int:
        """The mentions that state it as fact (asserted or reported)."""
        return sum(self.factualities[f] for f in STATED)


def relations(events: Iterable[Event]) -> tuple[Counter[str], list[Relation]]:
    """Events per actor, and the relations sorted by (source, target, type).

    A reciprocal event lists both actors on both sides: it yields A -> B and B -> A, never A -> A.
    """
    actors: Counter[str] = Counter()
    by_key: dict[tuple[str, str, str], Relation] = {}
    for event in events:
        actors.update(set(event.source) | set(event.target))
        for source in dict.fromkeys(event.source):
            for target in dict.fromkeys(event.target):
                if source == target:
                    continue
                key = (source, target, event.type)
                relation = by_key.get(key)
                if relation is None:
                    relation = by_key[key] = Relation(source, target, event.type)
                relation.events += 1
                relation.docs.add(event.doc)
                if event.context:
                    relation.contexts.add(event.context)
                relation.factualities[event.factuality] += 1
    return actors, [by_key[key] for key in sorted(by_key)]


def _text(value: object) -> str:
    return _NOT_XML.sub("", str(value))


def _node_values(code: str, actors: Counter[str], info: dict[str, ActorInfo]) -> dict[str, object]:
    return {"kind": info[code].kind, "events": actors[code]}


def _edge_values(relation: Relation) -> dict[str, object]:
    values: dict[str, object] = {
        "type": relation.type,
        "contexts": ";".join(sorted(relation.contexts)),
        "events": relation.events,
        "documents": len(relation.docs),
    }
    values.update({f: relation.factualities.get(f, 0) for f in FACTUALITIES})
    return values


def _gexf(actors: Counter[str], edges: list[Relation], info: dict[str, ActorInfo]) -> ET.Element:
    # Namespace declarations as plain attributes: ET.register_namespace would change the
    # process-wide prefix table for every other ElementTree user.
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "xmlns:xsi": XSI_NS, "xsi:schemaLocation": _GEXF_SCHEMA,
                               "version": "1.3"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "recoupe"
    ET.SubElement(meta, "description").text = "Actors and the events between them (PLOVER types)"
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    for cls, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        declared = ET.SubElement(graph, "attributes", {"class": cls})
        for name, type_ in attributes:
            ET.SubElement(declared, "attribute", {"id": name, "title": name, "type": type_})
    nodes = ET.SubElement(graph, "nodes")
    for code in sorted(actors):
        node = ET.SubElement(nodes, "node", {"id": _text(code), "label": _text(info[code].name)})
        values = ET.SubElement(node, "attvalues")
        for name, value in _node_values(code, actors, info).items():
            ET.SubElement(values, "attvalue", {"for": name, "value": _text(value)})
    links = ET.SubElement(graph, "edges")
    for n, relation in enumerate(edges):
        # kind = the event type: GEXF 1.3 keeps parallel edges apart only when their kinds differ.
        edge = ET.SubElement(links, "edge", {
            "id": f"e{n}", "source": _text(relation.source), "target": _text(relation.target),
            "label": relation.type, "kind": relation.type, "weight": str(float(relation.weight)),
        })
        values = ET.SubElement(edge, "attvalues")
        for name, value in _edge_values(relation).items():
            ET.SubElement(values, "attvalue", {"for": name, "value": _text(value)})
    return root


def _graphml(actors: Counter[str], edges: list[Relation], info: dict[str, ActorInfo]) -> ET.Element:
    root = ET.Element("graphml", {"xmlns": GRAPHML_NS, "xmlns:xsi": XSI_NS, "xsi:schemaLocation": _GRAPHML_SCHEMA})
    # Keys must come before the graph. Gephi reads "label" and "weight" by these names.
    keys = [("node", "label", "string"), *(("node", n, t) for n, t in NODE_ATTRIBUTES),
            ("edge", "weight", "double"), *(("edge", n, t) for n, t in EDGE_ATTRIBUTES)]
    for domain, name, type_ in keys:
        ET.SubElement(root, "key", {"id": f"{domain[0]}_{name}", "for": domain, "attr.name": name,
                                    "attr.type": _GRAPHML_TYPES[type_]})
    graph = ET.SubElement(root, "graph", {"id": "actors", "edgedefault": "directed"})
    for code in sorted(actors):
        node = ET.SubElement(graph, "node", {"id": _text(code)})
        for name, value in {"label": info[code].name, **_node_values(code, actors, info)}.items():
            ET.SubElement(node, "data", {"key": f"n_{name}"}).text = _text(value)
    for n, relation in enumerate(edges):
        edge = ET.SubElement(graph, "edge", {"id": f"e{n}", "source": _text(relation.source),
                                             "target": _text(relation.target)})
        ET.SubElement(edge, "data", {"key": "e_weight"}).text = str(float(relation.weight))
        for name, value in _edge_values(relation).items():
            ET.SubElement(edge, "data", {"key": f"e_{name}"}).text = _text(value)
    return root


def write_graph(events: Iterable[Event], out: TextIO, *, format: str = "gexf") -> int:
    """Write the actor graph of `events` as GEXF 1.3 or GraphML to `out`; return the number of edges."""
    name = check_format(format, GRAPH_FORMATS)
    actors, edges = relations(events)
    info = describe_actors(sorted(actors)) if actors else {}
    root = _gexf(actors, edges, info) if name == "gexf" else _graphml(actors, edges, info)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
    return len(edges)
