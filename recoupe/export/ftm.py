"""Export FollowTheMoney entities as JSON lines, the bulk format Aleph and `ftm` tools load.

The mapping (valid for followthemoney 4.11):

- a document -> `Article` (title, body text, outlet as publisher, date, URL);
- an actor code -> `PublicBody` for a state (with its `country`), `Organization` for an
  international body or a non-state group, `LegalEntity` for any other code;
- an event -> `Event` (sources as `organizer`, targets as `involved`, the article as `proof`,
  the evidence as `summary`, the speaker in `namesMentioned`), plus one `UnknownLink`
  source -> target per pair of actors, so Aleph's network view draws the direction.

Ids are `make_id` of fixed parts (the document id, the actor code, the event id), so a re-export
merges into the same Aleph entities instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, TextIO

from recoupe.errors import RecoupeError
from recoupe.export.events import json_line
from recoupe.export.graph import ActorInfo, describe_actors
from recoupe.records import Document, Event

if TYPE_CHECKING:
    from followthemoney import EntityProxy

FTM_VERSION = "4.11.2"
ID_PREFIX = "recoupe"
ACTOR_SCHEMA = {"state": "PublicBody", "igo": "Organization", "group": "Organization", "entity": "LegalEntity"}
ACTOR_CLASSIFICATION = {
    "state": "state or government", "igo": "international organisation", "group": "non-state group",
}


class ExportDependencyError(RecoupeError):
    """An export format needs an optional dependency that is not installed."""

    code = "E500"


def _model() -> Any:
    try:
        from followthemoney import model
    except ImportError as exc:
        raise ExportDependencyError(
            f"the ftm export needs followthemoney: pip install 'recoupe[ftm]' (followthemoney=={FTM_VERSION})"
        ) from exc
    return model


class _Entities:
    """Makes the entities of one export and writes each once, as soon as it is complete."""

    def __init__(self, out: TextIO) -> None:
        self.model = _model()
        self.out = out
        self.count = 0
        self.actors: dict[str, str] = {}  # code -> entity id, for actors already written
        self.articles: dict[str, Document] = {}  # doc id -> its document, without the text kept
        self.article_ids: dict[str, str] = {}

    def make(self, schema: str, *id_parts: str) -> EntityProxy:
        entity = self.model.make_entity(schema)
        entity.make_id(ID_PREFIX, schema, *id_parts)
        return entity

    def write(self, entity: EntityProxy) -> None:
        self.out.write(json_line(entity.to_dict(), sort_keys=True))
        self.count += 1

    def article(self, doc: Document) -> None:
        entity = self.make("Article", doc.id)
        entity.add("name", doc.title or doc.id)
        entity.add("title", doc.title or None)
        entity.add("bodyText", doc.text)
        entity.add("publisher", doc.outlet)
        entity.add("publishedAt", doc.published)
        entity.add("sourceUrl", doc.url)
        entity.add("language", doc.language)
        entity.add("fileName", PurePath(doc.path).name if doc.path else None)
        self.write(entity)
        # Events need the document's date, outlet and URL, not its text: keep a light copy.
        self.articles[doc.id] = Document(doc.id, "", doc.title, doc.outlet, doc.url, doc.published)
        self.article_ids[doc.id] = str(entity.id)

    def actor(self, code: str, info: ActorInfo) -> str:
        known = self.actors.get(code)
        if known is not None:
            return known
        entity = self.make(ACTOR_SCHEMA[info.kind], code)
        entity.add("name", info.name)
        if info.name != code:
            entity.add("abbreviation", code)
        if info.kind == "state":
            entity.add("country", code)  # FtM normalises ISO alpha-3 to its alpha-2 country values
        entity.add("classification", ACTOR_CLASSIFICATION.get(info.kind))
        self.write(entity)
        self.actors[code] = str(entity.id)
        return self.actors[code]

    def event(self, event: Event) -> None:
        codes = [c for c in dict.fromkeys([*event.source, *event.target]) if c not in self.actors]
        for code, info in describe_actors(codes).items():
            self.actor(code, info)
        doc = self.articles.get(event.doc)
        proof = self.article_ids.get(event.doc)
        obj = f" ({event.object})" if event.object else ""
        name = f"{'+'.join(event.source) or '?'} {event.type} {'+'.join(event.target) or '?'}{obj}"
        entity = self.make("Event", event.id)
        entity.add("name", name)
        entity.add("summary", event.evidence or None)
        entity.add("description", self._attribution(event))
        entity.add("keywords", [event.type, event.context, event.factuality])
        entity.add("organizer", [self.actors[c] for c in event.source])
        entity.add("involved", [self.actors[c] for c in event.target])
        entity.add("namesMentioned", event.speaker)
        entity.add("recordId", event.id)
        if doc is not None:
            entity.add("date", doc.published)
            entity.add("publisher", doc.outlet)
            entity.add("sourceUrl", doc.url)
        entity.add("proof", proof)
        self.write(entity)
        for source in dict.fromkeys(event.source):
            for target in dict.fromkeys(event.target):
                if source != target:  # a reciprocal event links A and B both ways, never A to A
                    self.link(event, source, target, doc, proof)

    def link(self, event: Event, source: str, target: str, doc: Document | None, proof: str | None) -> None:
        entity = self.make("UnknownLink", event.id, source, target)
        entity.add("subject", self.actors[source])
        entity.add("object", self.actors[target])
        entity.add("role", f"{event.type}/{event.context}" if event.context else event.type)
        entity.add("status", event.factuality)
        entity.add("description", event.evidence or None)
        entity.add("recordId", event.id)
        if doc is not None:
            entity.add("date", doc.published)
            entity.add("publisher", doc.outlet)
        entity.add("proof", proof)
        self.write(entity)

    @staticmethod
    def _attribution(event: Event) -> str:
        """"reported by John Kirby": how the outlet presents the event, readable in Aleph."""
        if event.speaker:
            return f"{event.factuality} ({event.speaker})"
        return event.factuality


def write_ftm(events: Iterable[Event], docs: Iterable[Document], out: TextIO) -> int:
    """Write FtM entities (articles, actors, events, links) as JSON lines; return how many.

    `docs` are read first: events of a document not among them are still written, without
    the article as proof. Raises ExportDependencyError when followthemoney is not installed.
    """
    entities = _Entities(out)
    for doc in docs:
        entities.article(doc)
    for event in events:
        entities.event(event)
    return entities.count
