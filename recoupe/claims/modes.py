"""A mention's mode: does it report the act, an intention to act, or a request that someone act?

Mentions of different modes are different claims (merge.py never merges them), and the claim's
label says which a claim is. The cue words are data (data/modes.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from recoupe.claims.stems import stem, words
from recoupe.records import Event

DATA = Path(__file__).parent / "data" / "modes.yaml"
# where a governing request word can no longer stand: the sentence's or the clause's start ("La
# Thaïlande, autrefois appelée Siam, avait négocié"; "des demandes d'extradition, qui les accuse")
_CLAUSE_START = re.compile(r"[.!?…]+[\"»”']?\s+|\n|[,;:()]")
_LOOK_BACK = 300  # characters: enough for `reach` words
ACT, INTENDED, REQUESTED = "act", "intended", "requested"
MODES = (ACT, INTENDED, REQUESTED)


@dataclass(slots=True, frozen=True)
class ModeCues:
    request_stems: frozenset[str]
    continuation_stems: frozenset[str]
    reach: int  # how many words before the trigger a cue may stand


def load_modes(path: Path | None = None) -> ModeCues:
    raw = yaml.safe_load((path or DATA).read_text(encoding="utf-8"))

    def stems(key: str) -> frozenset[str]:
        return frozenset(stem(w) for w in raw.get(key) or ())

    return ModeCues(stems("request_cues"), stems("continuation_cues"), int(raw.get("reach", 10)))


@lru_cache(maxsize=1)
def default_modes() -> ModeCues:
    return load_modes()


def _lead_in(event: Event, text: str | None) -> str:
    """What its clause says before the trigger: the governing verb often stands before the
    evidence span ("a demandé à son homologue [d'ordonner le retrait]")."""
    if text is not None and 0 <= event.trigger_start <= len(text):
        head = text[max(0, event.trigger_start - _LOOK_BACK): event.trigger_start]
        return _CLAUSE_START.split(head)[-1]
    offset = event.trigger_start - event.start
    return event.evidence[:offset] if 0 < offset <= len(event.evidence) else ""


def mode_of(event: Event, cues: ModeCues | None = None, text: str | None = None) -> str:
    """`requested` when a request word stands shortly before the trigger in its sentence of `text`
    (the document's text; the evidence clause without it), `intended` for an announced or planned
    act (not one to be continued), else `act` (asserted, reported, alleged, possible or denied)."""
    cues = cues or default_modes()
    before = {stem(w) for _, w in list(words(_lead_in(event, text)))[-cues.reach:]}
    if event.type != "REQUEST" and before & cues.request_stems:
        return REQUESTED
    if event.factuality == "intended" and not before & cues.continuation_stems:
        return INTENDED
    return ACT
