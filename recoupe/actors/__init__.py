"""Actors: the gazetteer of states, bodies, groups and people, and the spaCy component that finds them.

Importing this package registers the ``recoupe_actors`` pipeline factory:
``import recoupe.actors; nlp.add_pipe("recoupe_actors")`` (after "ner" when the model has one).
"""

from __future__ import annotations

from recoupe.actors.gazetteer import Gazetteer, GazetteerEntry, entity_code, load_gazetteer
from recoupe.actors.matcher import SPANS_KEY, ActorMatcher, actor_mentions

__all__ = [
    "SPANS_KEY",
    "ActorMatcher",
    "Gazetteer",
    "GazetteerEntry",
    "actor_mentions",
    "entity_code",
    "load_gazetteer",
]
