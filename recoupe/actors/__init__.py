"""Actors: the gazetteer of states, bodies, groups and people, and the spaCy component that finds them.

Importing ``recoupe.actors.matcher`` registers the ``recoupe_actors`` pipeline factory.
"""

from __future__ import annotations

from recoupe.actors.gazetteer import Gazetteer, GazetteerEntry, entity_code, load_gazetteer

__all__ = ["Gazetteer", "GazetteerEntry", "entity_code", "load_gazetteer"]
