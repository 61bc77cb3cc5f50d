"""A claim: one real-world happening, and every mention of it across documents (SPEC section 4)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True, frozen=True)
class Mention:
    """One event mention of a claim, with its provenance."""

    event: str  # Event.id
    doc: str
    outlet: str | None
    start: int
    end: int
    factuality: str
    speaker: str | None
    object: str | None
    evidence: str
    published: str | None = None
    trigger: str = ""


@dataclass(slots=True)
class Claim:
    """Mentions merged because they state the same happening, whatever their factuality.

    `mode` says what the mentions state: the act ("act"), an intention to act ("intended") or a
    request that someone act ("requested"); see modes.py. The id is deterministic: "c" + hash of
    the earliest mention's event id within the story.
    """

    id: str
    story: str
    type: str
    source: list[str]
    target: list[str]
    context: str | None = None
    objects: list[str] = field(default_factory=list)  # distinct objects as written
    mentions: list[Mention] = field(default_factory=list)
    mode: str = "act"

    @property
    def outlets(self) -> list[str]:
        return sorted({m.outlet or m.doc for m in self.mentions})

    @property
    def speakers(self) -> list[str]:
        return sorted({m.speaker for m in self.mentions if m.speaker})

    @property
    def factualities(self) -> list[str]:
        return sorted({m.factuality for m in self.mentions})

    @property
    def first_seen(self) -> str | None:
        dates = [m.published for m in self.mentions if m.published]
        return min(dates) if dates else None

    @property
    def last_seen(self) -> str | None:
        dates = [m.published for m in self.mentions if m.published]
        return max(dates) if dates else None

    @property
    def label(self) -> str:
        """"PRK AID RUS (obus d'artillerie)": what the claim says, for tables; a claim of an intention
        or a request says so ("THA RETREAT KHM (troupes), requested")."""
        obj = f" ({self.objects[0]})" if self.objects else ""
        mode = f", {self.mode}" if self.mode != "act" else ""
        return f"{'+'.join(self.source) or '?'} {self.type} {'+'.join(self.target) or '?'}{obj}{mode}"
