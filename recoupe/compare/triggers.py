"""Which event types a text's words can trigger, read from the trigger words of data/triggers.yaml.

The comparison uses it to tell an outlet that omits a claim from one whose text carries it but
whose event the extractor did not read. It deliberately does not import the extractor's lexicon
(recoupe/events), which is free to change shape: it keeps its own word lists, per PLOVER type.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from recoupe.claims.stems import forms_of, stem

DATA = Path(__file__).parent / "data" / "triggers.yaml"


@dataclass(slots=True, frozen=True)
class TriggerWords:
    """Stem -> the event types a word of that stem can trigger, and each type's kind."""

    types_of_stem: dict[str, frozenset[str]]
    kind_of_type: dict[str, frozenset[str]]

    def types(self, words: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for word in words:
            found |= self.types_of_stem.get(stem(word), frozenset())
        return found

    def kind(self, etype: str) -> frozenset[str]:
        """The types that can code the same happening as `etype` (itself included)."""
        return self.kind_of_type.get(etype, frozenset({etype}))


def load_triggers(path: Path | None = None) -> TriggerWords:
    """Read a trigger file (the default one, or a user's own with the same layout)."""
    raw = yaml.safe_load((path or DATA).read_text(encoding="utf-8"))
    light = frozenset(raw.get("light") or ())
    participles = raw.get("participles") or {}
    table: dict[str, set[str]] = {}
    for etype, parts in (raw.get("types") or {}).items():
        words: set[str] = set()
        for lemma in parts.get("verbs") or ():
            if lemma not in light:
                words |= forms_of(lemma, participles)
        words |= {lemma for lemma in parts.get("nouns") or () if lemma not in light}
        for word in words:
            table.setdefault(stem(word), set()).add(etype)
    kinds = {t: frozenset(group) for group in raw.get("kinds") or () for t in group}
    return TriggerWords({s: frozenset(ts) for s, ts in table.items()}, kinds)


@lru_cache(maxsize=1)
def default_triggers() -> TriggerWords:
    return load_triggers()


def trigger_types(lemmas: Iterable[str]) -> set[str]:
    """The PLOVER types that these words (lemmas or inflected forms) can trigger."""
    return default_triggers().types(lemmas)
