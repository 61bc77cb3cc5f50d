"""The event lexicon and the factuality cues, read from the YAML files beside this module."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"


@dataclass(slots=True, frozen=True)
class Frame:
    """How the syntactic slots of a trigger map to event roles."""

    name: str
    type: str
    context: str | None
    agent: str | None  # role of the agent slot
    obj: str | None  # role of a non-actor direct object
    obj_actor: str | None  # role of an actor in object position
    obj_adj: str | None  # role of a nationality adjective on the object
    obj_event_agent: str | None  # role of the agent of an event noun in object position
    obj_part_of: str | None  # "quatre régions d'Ukraine": the whole owns the part
    pp: dict[str, str]
    reciprocal: bool


@dataclass(slots=True, frozen=True)
class Sense:
    """One reading of a trigger lemma and the conditions that select it."""

    frame: Frame
    when_obj: frozenset[str] = frozenset()  # lemmas the object must have (classes expanded)
    when_mod: frozenset[str] = frozenset()  # lemmas one modifier of a noun must have
    when_pp: tuple[tuple[str, frozenset[str]], ...] = ()  # (preposition, lemmas) one complement must match
    when_obj_actor: bool = False  # the object must be an actor
    when_clause: bool = False  # the trigger must govern an infinitive or a clause ("appeler X à faire")
    support_only: bool = False  # a noun that counts only as the object of a support verb


@dataclass(slots=True)
class Lexicon:
    verbs: dict[str, list[Sense]]
    nouns: dict[str, list[Sense]]
    classes: dict[str, frozenset[str]]
    class_context: dict[str, str]
    support_verbs: frozenset[str]
    recipient_verbs: frozenset[str]
    cues: dict[str, frozenset[str]] = field(default_factory=dict)

    def object_context(self, lemma: str) -> str | None:
        for name, ctx in self.class_context.items():
            if lemma in self.classes.get(name, frozenset()):
                return ctx
        return None

    def in_class(self, lemma: str, name: str) -> bool:
        return lemma in self.classes.get(name, frozenset())

    def cue(self, name: str) -> frozenset[str]:
        return self.cues.get(name, frozenset())


def _expand(items: list[str], classes: dict[str, frozenset[str]]) -> frozenset[str]:
    out: set[str] = set()
    for it in items:
        if it.startswith("@"):
            out |= classes.get(it[1:], frozenset())
            if it == "@actor":
                out.add("@actor")
        else:
            out.add(it)
    return frozenset(out)


def _frame(name: str, spec: dict[str, Any]) -> Frame:
    return Frame(
        name=name,
        type=spec["type"],
        context=spec.get("context"),
        agent=spec.get("agent"),
        obj=spec.get("obj"),
        obj_actor=spec.get("obj_actor"),
        obj_adj=spec.get("obj_adj"),
        obj_event_agent=spec.get("obj_event_agent"),
        obj_part_of=spec.get("obj_part_of"),
        pp=dict(spec.get("pp") or {}),
        reciprocal=bool(spec.get("reciprocal", False)),
    )


def _senses(entries: dict[str, list[dict[str, Any]]], frames: dict[str, Frame],
            classes: dict[str, frozenset[str]]) -> dict[str, list[Sense]]:
    out: dict[str, list[Sense]] = {}
    for lemma, senses in entries.items():
        out[lemma] = [
            Sense(
                frame=frames[s["frame"]],
                when_obj=_expand(list(s.get("when_obj") or []), classes),
                when_mod=frozenset(s.get("when_mod") or []),
                when_pp=tuple((p, _expand([v] if isinstance(v, str) else list(v), classes))
                              for p, v in (s.get("when_pp") or {}).items()),
                when_obj_actor=bool(s.get("when_obj_actor", False)),
                when_clause=bool(s.get("when_clause", False)),
                support_only=bool(s.get("support_only", False)),
            )
            for s in senses or []
        ]
    return out


def load_lexicon(lexicon_path: Path | None = None, cues_path: Path | None = None) -> Lexicon:
    """Read the lexicon; a user may point to their own files to extend it without code changes."""
    lex = yaml.safe_load((lexicon_path or DATA / "lexicon.yaml").read_text(encoding="utf-8"))
    cues = yaml.safe_load((cues_path or DATA / "cues.yaml").read_text(encoding="utf-8"))
    classes = {k: frozenset(v) for k, v in lex["classes"].items()}
    frames = {k: _frame(k, v) for k, v in lex["frames"].items()}
    return Lexicon(
        verbs=_senses(lex.get("verbs") or {}, frames, classes),
        nouns=_senses(lex.get("nouns") or {}, frames, classes),
        classes=classes,
        class_context=dict(lex.get("contexts") or {}),
        support_verbs=frozenset(lex.get("support_verbs") or []),
        recipient_verbs=frozenset(lex.get("recipient_verbs") or []),
        cues={k: frozenset(v) for k, v in cues.items()},
    )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()
