"""The cross-source comparison of one story: who agrees, who adds, who contradicts."""

from __future__ import annotations

from dataclasses import dataclass, field

from recoupe.claims.records import Claim


@dataclass(slots=True)
class ClaimStatus:
    """One claim seen across the story's outlets."""

    claim: Claim
    outlets: list[str]  # outlets that mention it ("unknown outlet (doc id)" when a document has none)
    independent_outlets: int  # outlets counted once per near-duplicate (wire copy) group
    independent_speakers: int
    status: str  # corroborated | single | contested
    # per outlet: the strongest factuality it gives the claim (asserted > reported > ...),
    # "denied" when any of its mentions denies it
    cells: dict[str, str] = field(default_factory=dict)
    # per outlet: the evidence sentence shown on hover
    evidence: dict[str, str] = field(default_factory=dict)
    # distinct wordings of the happening (trigger lemma or object as written) per outlet,
    # filled only when outlets word it differently
    wordings: dict[str, list[str]] = field(default_factory=dict)
    # for a claim two independent outlets report: per outlet that has no mention of it but whose
    # text may state it, that sentence (the extractor did not read it there: not an omission)
    unextracted: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class OutletView:
    """What one outlet adds to the story and what it omits."""

    outlet: str
    docs: list[str]
    adds: list[str]  # claim ids only this outlet reports
    omits: list[str]  # claim ids that two other independent outlets report and its text does not state
    duplicates_of: list[str] = field(default_factory=list)  # docs its wire copy repeats
    # claim ids that two other independent outlets report and its text may state, though the
    # extractor read no event of it there
    not_extracted: list[str] = field(default_factory=list)


@dataclass(slots=True)
class StoryComparison:
    story: str
    title: str  # the title of the earliest (or first) document
    docs: list[str]
    outlets: list[str]
    first_seen: str | None
    last_seen: str | None
    claims: list[ClaimStatus]
    views: list[OutletView]

    @property
    def contested(self) -> list[ClaimStatus]:
        return [c for c in self.claims if c.status == "contested"]

    @property
    def corroborated(self) -> list[ClaimStatus]:
        return [c for c in self.claims if c.status == "corroborated"]
