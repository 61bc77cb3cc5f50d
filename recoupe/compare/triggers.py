"""Which event types a text's words can trigger, read from the extractor's constructions.

The comparison uses it to tell an outlet that omits a claim from one whose text carries it but
whose event the extractor did not read. The words are the lemmas of the extractor's
constructions (recoupe/events/data/constructions/*.yaml, through `default_lexicon()`), each
giving the PLOVER type of its sense's frame, so a construction added to the extractor is a
trigger here too. What only the comparison needs (light words, the kinds of types one happening
may be coded as, irregular participles) is data/textcheck.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from recoupe.claims.stems import forms_of, stem
from recoupe.events.lexicon import Construction, Lexicon, default_lexicon

DATA = Path(__file__).parent / "data" / "textcheck.yaml"


@dataclass(slots=True, frozen=True)
class TriggerWords:
    """Stem -> the event types a word of that stem can trigger, and each type's kind.

    `idioms`: stem of a lemma whose senses (of some type) are idioms only -> (stems of the idioms'
    fixed words, type): "prendre" counts as ASSAULT only beside "otage" or "assaut".
    """

    types_of_stem: dict[str, frozenset[str]]
    kind_of_type: dict[str, frozenset[str]]
    idioms: dict[str, tuple[tuple[frozenset[str], str], ...]]

    def types(self, words: Iterable[str]) -> set[str]:
        stems = {stem(word) for word in words}
        found: set[str] = set()
        for s in stems:
            found |= self.types_of_stem.get(s, frozenset())
            for fixed, etype in self.idioms.get(s, ()):
                if fixed & stems:
                    found.add(etype)
        return found

    def kind(self, etype: str) -> frozenset[str]:
        """The types that can code the same happening as `etype` (itself included)."""
        return self.kind_of_type.get(etype, frozenset({etype}))


def _fixed_words(c: Construction) -> frozenset[str]:
    """An idiom's own words: its fixed object and the nouns of its fixed complement."""
    return c.fixed_obj.union(*(words for _, words in c.fixed_pp))


def load_triggers(lexicon: Lexicon | None = None, path: Path | None = None) -> TriggerWords:
    """The trigger words of a lexicon (the extractor's by default) and a text-check file (the default
    one, or a user's own with the same layout)."""
    lex = lexicon or default_lexicon()
    raw = yaml.safe_load((path or DATA).read_text(encoding="utf-8")) or {}
    light = frozenset(raw.get("light") or ())
    participles = raw.get("participles") or {}
    table: dict[str, set[str]] = {}
    idioms: dict[str, set[tuple[frozenset[str], str]]] = {}
    for c in lex.constructions():
        forms = forms_of(c.lemma, participles) if c.pos == "verb" else {c.lemma}
        fixed = _fixed_words(c)
        if fixed:  # an idiom counts with its own words, a light lemma's too
            key = frozenset(stem(w) for w in fixed)
            for form in forms:
                idioms.setdefault(stem(form), set()).add((key, c.frame.type))
        elif c.lemma not in light:
            for form in forms:
                table.setdefault(stem(form), set()).add(c.frame.type)
    kinds = {t: frozenset(group) for group in raw.get("kinds") or () for t in group}
    return TriggerWords({s: frozenset(ts) for s, ts in table.items()}, kinds,
                        {s: tuple(sorted(pairs, key=lambda p: (p[1], sorted(p[0])))) for s, pairs in idioms.items()})


@lru_cache(maxsize=1)
def default_triggers() -> TriggerWords:
    return load_triggers()


def trigger_types(lemmas: Iterable[str]) -> set[str]:
    """The PLOVER types that these words (lemmas or inflected forms) can trigger."""
    return default_triggers().types(lemmas)
