"""The linguistic data of the extractor, read and validated: frames, word classes, the
constructions (one entry per lemma or idiom sense, each with its examples), the cues of
factuality and attribution, the descriptions that refer back, and the coding policy.

Every file is checked against its schema when it is loaded: an unknown key, an unknown frame,
class or cue name, or a construction without an example is an error naming the file and the
entry (``LexiconError``), so a typo never silently disables a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..records import EVENT_TYPES, FACTUALITIES
from .grammar import LexiconError

DATA = Path(__file__).parent / "data"
ROLES = frozenset({"source", "target", "both", "object", "transit"})
FRAME_KEYS = frozenset({"type", "context", "agent", "obj", "obj_actor", "obj_adj", "obj_event_agent", "obj_part_of",
                        "pp", "reciprocal", "tags", "doc"})
SENSE_KEYS = frozenset({"frame", "when_obj", "when_mod", "when_pp", "when_obj_actor", "when_clause", "when_reflexive",
                        "when_subj", "support_only", "fixed_obj", "fixed_pp", "ex", "note"})
DESCRIPTION_KEYS = frozenset({"home", "home_bodies", "local_bodies", "generic_states", "descriptions", "kinds",
                              "mention_kinds", "code_kinds"})
CUE_NAMES = frozenset({
    "speech_verbs", "report_nouns", "allegation_verbs", "allegation_nouns", "hedge_verbs", "hedge_adverbs",
    "hedge_adjectives", "opinion_verbs", "intention_verbs", "commitment_verbs", "announcement_verbs",
    "near_future_forms", "readiness_adjectives", "intention_nouns", "intention_verb_noun", "conative_verbs",
    "conative_nouns", "object_control_verbs", "denial_forms", "denial_verbs", "denial_objects", "false_predicates",
    "qualify_verbs", "appeal_verbs", "blocking_verbs", "hit_verbs", "act_nouns", "stationed_verbs", "voting_bodies",
    "modal_verbs", "admission_verbs", "denunciation_verbs", "claim_verbs", "attribution_verbs", "reaction_verbs",
    "refusal_verbs"})


@dataclass(slots=True, frozen=True)
class Frame:
    """How the slots of a predicate map to event roles (see data/frames.yaml)."""

    name: str
    type: str
    context: str | None
    agent: str | None  # role of the subject (a noun's possessive, adjective, "par X")
    obj: str | None  # role of a non-actor direct object
    obj_actor: str | None  # role of an actor in object position
    obj_adj: str | None  # role of a nationality adjective on the object
    obj_event_agent: str | None  # role of the agent of an event noun in object position
    obj_part_of: str | None  # "quatre régions d'Ukraine": the whole owns the part
    pp: dict[str, str]
    reciprocal: bool
    tags: frozenset[str]


@dataclass(slots=True, frozen=True)
class Expected:
    """An event an example must give (type, sides; factuality and speaker when stated)."""

    type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    factuality: str | None = None
    speaker: str | None = None
    absent: bool = False  # "not TYPE SRC -> TGT": the example must not give this event


@dataclass(slots=True, frozen=True)
class Example:
    text: str
    events: tuple[Expected, ...]


@dataclass(slots=True, frozen=True)
class Construction:
    """One sense of a verb, noun or idiom, the conditions that select it, and its examples."""

    id: str  # "verb:bombarder#0": provenance of the events it gives
    lemma: str
    pos: str  # verb | noun
    frame: Frame
    when_obj: frozenset[str] = frozenset()  # lemmas the object must have (classes expanded)
    when_mod: frozenset[str] = frozenset()  # lemmas one modifier of a noun must have
    when_pp: tuple[tuple[str, frozenset[str]], ...] = ()  # (preposition, lemmas) one complement must match
    when_obj_actor: bool = False  # the object must name an actor
    when_clause: bool = False  # the predicate must govern an infinitive or a clause
    when_reflexive: bool = False  # a pronominal verb ("se retirer")
    when_subj: frozenset[str] = frozenset()  # lemmas the subject (or what it counts) must have
    support_only: bool = False  # a noun that counts only as the object of a support verb
    fixed_obj: frozenset[str] = frozenset()  # an idiom's object ("prendre livraison de")
    fixed_pp: tuple[tuple[str, frozenset[str]], ...] = ()  # an idiom's complement ("pointer du doigt")
    examples: tuple[Example, ...] = ()
    file: str = ""


@dataclass(slots=True)
class Lexicon:
    frames: dict[str, Frame]
    verbs: dict[str, list[Construction]]
    nouns: dict[str, list[Construction]]
    classes: dict[str, frozenset[str]]
    class_context: dict[str, str]
    support_verbs: frozenset[str]
    recipient_verbs: frozenset[str]
    cues: dict[str, frozenset[str]]
    descriptions: dict[str, frozenset[str]] = field(default_factory=dict)
    generic_states: frozenset[str] = frozenset()
    home_bodies: frozenset[str] = frozenset()
    local_bodies: frozenset[str] = frozenset()
    home: str = ""
    kinds: dict[str, str] = field(default_factory=dict)  # a body's or a crowd's noun -> its kind of actor
    mention_kinds: dict[str, str] = field(default_factory=dict)  # a gazetteer kind -> its kind of actor
    code_kinds: dict[str, str] = field(default_factory=dict)  # an organisation's code -> its kind of actor
    institutions: frozenset[str] = frozenset()
    predicate_nouns: frozenset[str] = frozenset()

    def object_context(self, lemma: str) -> str | None:
        for name, ctx in self.class_context.items():
            if lemma in self.classes.get(name, frozenset()):
                return ctx
        return None

    def in_class(self, lemma: str, name: str) -> bool:
        return lemma in self.classes.get(name, frozenset())

    def cue(self, name: str) -> frozenset[str]:
        if name not in CUE_NAMES:
            raise LexiconError(f"[E102] unknown cue name {name!r}")
        return self.cues.get(name, frozenset())

    def is_speech(self, lemma: str) -> bool:
        return any(lemma in self.cues[k] for k in ("speech_verbs", "allegation_verbs", "denial_verbs",
                                                    "reaction_verbs"))

    @property
    def known_verbs(self) -> frozenset[str]:
        """Every verb lemma the data names: constructions, cues, support and recipient verbs."""
        cued = (words for name, words in self.cues.items() if name.endswith("_verbs"))
        return frozenset(self.verbs).union(*cued, self.support_verbs, self.recipient_verbs)

    def constructions(self) -> list[Construction]:
        return [c for table in (self.verbs, self.nouns) for senses in table.values() for c in senses]


# -- loading ----------------------------------------------------------------------------------

def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise LexiconError(f"[E100] {path.name}: not valid YAML ({e})") from e


def _check_keys(where: str, spec: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(spec) - allowed)
    if unknown:
        raise LexiconError(f"[E103] {where}: unknown keys {unknown}")


def _frame(name: str, spec: dict[str, Any]) -> Frame:
    where = f"frames.yaml: {name}"
    _check_keys(where, spec, FRAME_KEYS)
    if spec.get("type") not in EVENT_TYPES:
        raise LexiconError(f"[E104] {where}: type {spec.get('type')!r} is not a PLOVER type")
    roles = [spec.get(k) for k in ("agent", "obj", "obj_actor", "obj_adj", "obj_event_agent", "obj_part_of")]
    roles += list((spec.get("pp") or {}).values())
    bad = [r for r in roles if r is not None and r not in ROLES]
    if bad:
        raise LexiconError(f"[E105] {where}: unknown roles {bad}")
    return Frame(name=name, type=spec["type"], context=spec.get("context"), agent=spec.get("agent"),
                 obj=spec.get("obj"), obj_actor=spec.get("obj_actor"), obj_adj=spec.get("obj_adj"),
                 obj_event_agent=spec.get("obj_event_agent"), obj_part_of=spec.get("obj_part_of"),
                 pp=dict(spec.get("pp") or {}), reciprocal=bool(spec.get("reciprocal", False)),
                 tags=frozenset(spec.get("tags") or ()) | {name})


def _expand(where: str, items: Any, classes: dict[str, frozenset[str]]) -> frozenset[str]:
    out: set[str] = set()
    for it in [items] if isinstance(items, str) else list(items or []):
        it = str(it)
        if it == "@actor":
            out.add(it)
        elif it.startswith("@"):
            if it[1:] not in classes:
                raise LexiconError(f"[E106] {where}: unknown class {it!r}")
            out |= classes[it[1:]]
        else:
            out.add(it)
    return frozenset(out)


def parse_expected(where: str, text: str) -> Expected:
    """'AID PRK -> RUS | reported | John Kirby' (factuality and speaker optional); a leading 'not'
    says the event must not be given."""
    head, *rest = [p.strip() for p in text.split("|")]
    absent = head.startswith("not ")
    head = head.removeprefix("not ").strip()
    try:
        etype, sides = head.split(None, 1)
        src, tgt = (tuple(s.strip() for s in side.split(",") if s.strip()) for side in sides.split("->"))
    except ValueError as e:
        raise LexiconError(f"[E107] {where}: expected 'TYPE SRC -> TGT', got {text!r}") from e
    if etype not in EVENT_TYPES or (rest and rest[0] not in FACTUALITIES):
        raise LexiconError(f"[E108] {where}: bad type or factuality in {text!r}")
    return Expected(etype, src, tgt, rest[0] if rest else None, rest[1] if len(rest) > 1 else None, absent)


def _examples(where: str, raw: Any) -> tuple[Example, ...]:
    out = []
    for item in [raw] if isinstance(raw, str) else list(raw or []):
        text, arrow, expect = str(item).partition("=>")
        if not arrow:
            raise LexiconError(f"[E115] {where}: an example needs '=>' and its events: {item!r}")
        events = tuple(parse_expected(where, e) for e in expect.split(";") if e.strip())
        out.append(Example(text.strip(), events))
    return tuple(out)


def _sense(lemma: str, pos: str, k: int, s: dict[str, Any], frames: dict[str, Frame],
           classes: dict[str, frozenset[str]], file: str) -> Construction:
    where = f"{file}: {pos} {lemma!r} sense {k}"
    _check_keys(where, s, SENSE_KEYS)
    if s.get("frame") not in frames:
        raise LexiconError(f"[E109] {where}: unknown frame {s.get('frame')!r}")

    def pps(key: str) -> tuple[tuple[str, frozenset[str]], ...]:
        return tuple((p, _expand(where, v, classes)) for p, v in (s.get(key) or {}).items())

    return Construction(
        id=f"{pos}:{lemma}#{k}", lemma=lemma, pos=pos, frame=frames[s["frame"]],
        when_obj=_expand(where, s.get("when_obj"), classes), when_mod=frozenset(s.get("when_mod") or ()),
        when_pp=pps("when_pp"), when_obj_actor=bool(s.get("when_obj_actor", False)),
        when_clause=bool(s.get("when_clause", False)), when_reflexive=bool(s.get("when_reflexive", False)),
        when_subj=_expand(where, s.get("when_subj"), classes),
        support_only=bool(s.get("support_only", False)), fixed_obj=_expand(where, s.get("fixed_obj"), classes),
        fixed_pp=pps("fixed_pp"), examples=_examples(where, s.get("ex")), file=file)


def _local(paths: list[Path], frames: dict[str, Frame], classes: dict[str, frozenset[str]]) -> None:
    """A constructions file may define the classes and frames its entries need (a file per PLOVER
    type holds what it uses); a name defined twice anywhere is an error."""
    for path in paths:
        raw = _read(path) or {}
        for name, words in (raw.get("classes") or {}).items():
            if name in classes:
                raise LexiconError(f"[E113] {path.name}: class {name!r} is defined twice")
            classes[str(name)] = frozenset(map(str, words))
    for path in paths:
        raw = _read(path) or {}
        for name, spec in (raw.get("frames") or {}).items():
            if name in frames:
                raise LexiconError(f"[E114] {path.name}: frame {name!r} is defined twice")
            frames[str(name)] = _frame(str(name), spec)


def _constructions(paths: list[Path], frames: dict[str, Frame], classes: dict[str, frozenset[str]]
                   ) -> tuple[dict[str, list[Construction]], dict[str, list[Construction]]]:
    verbs: dict[str, list[Construction]] = {}
    nouns: dict[str, list[Construction]] = {}
    aliases: dict[str, tuple[str, str]] = {}
    for path in paths:
        raw = _read(path) or {}
        _check_keys(path.name, raw, frozenset({"classes", "frames", "verbs", "nouns", "verb_aliases"}))
        for pos, table in (("verb", verbs), ("noun", nouns)):
            for lemma, senses in (raw.get(pos + "s") or {}).items():
                lemma = str(lemma)
                if lemma in table:  # one file per lemma: the order of its senses is its priority
                    other = table[lemma][0].file
                    raise LexiconError(f"[E110] {path.name}: {pos} {lemma!r} is also defined in {other}")
                if not senses:
                    raise LexiconError(f"[E111] {path.name}: {pos} {lemma!r} has no sense")
                table[lemma] = [_sense(lemma, pos, k, s, frames, classes, path.name) for k, s in enumerate(senses)]
        for alias, verb in (raw.get("verb_aliases") or {}).items():
            aliases[str(alias)] = (str(verb), path.name)
    for alias, (verb, file) in aliases.items():
        if verb not in verbs:
            raise LexiconError(f"[E112] {file}: alias {alias!r} of unknown verb {verb!r}")
        verbs.setdefault(alias, verbs[verb])
    return verbs, nouns


def _institutions() -> frozenset[str]:
    from ..actors.gazetteer import load_gazetteer

    return frozenset(load_gazetteer().institution_lemmas)


def load_lexicon(data: Path | None = None) -> Lexicon:
    """Read every data file of the extractor; a user may point to a copy of the folder to extend it."""
    root = data or DATA
    classes_raw = _read(root / "classes.yaml") or {}
    _check_keys("classes.yaml", classes_raw, frozenset({"classes", "contexts", "support_verbs", "recipient_verbs"}))
    classes = {k: frozenset(map(str, v)) for k, v in classes_raw["classes"].items()}
    frames = {k: _frame(k, v) for k, v in (_read(root / "frames.yaml") or {}).items()}
    files = sorted((root / "constructions").glob("*.yaml"))
    _local(files, frames, classes)
    verbs, nouns = _constructions(files, frames, classes)
    cues_raw = _read(root / "cues.yaml") or {}
    unknown = sorted(set(cues_raw) - CUE_NAMES)
    if unknown:
        raise LexiconError(f"[E102] cues.yaml: unknown cue names {unknown}")
    cues = {k: frozenset(map(str, cues_raw.get(k) or ())) for k in CUE_NAMES}
    desc = _read(root / "descriptions.yaml") or {}
    _check_keys("descriptions.yaml", desc, DESCRIPTION_KEYS)
    descriptions = {str(k): frozenset(v) for k, v in (desc.get("descriptions") or {}).items()}
    cue_nouns = set().union(*(cues[k] for k in ("report_nouns", "allegation_nouns", "intention_nouns",
                                                "conative_nouns", "denial_objects")))
    return Lexicon(
        frames=frames, verbs=verbs, nouns=nouns, classes=classes,
        class_context=dict(classes_raw.get("contexts") or {}),
        support_verbs=frozenset(classes_raw.get("support_verbs") or ()),
        recipient_verbs=frozenset(classes_raw.get("recipient_verbs") or ()), cues=cues,
        descriptions=descriptions, generic_states=frozenset(desc.get("generic_states") or ()),
        home_bodies=frozenset(desc.get("home_bodies") or ()), local_bodies=frozenset(desc.get("local_bodies") or ()),
        home=str(desc.get("home") or ""), kinds={str(k): str(v) for k, v in (desc.get("kinds") or {}).items()},
        mention_kinds={str(k): str(v) for k, v in (desc.get("mention_kinds") or {}).items()},
        code_kinds={str(k): str(v) for k, v in (desc.get("code_kinds") or {}).items()},
        institutions=_institutions(), predicate_nouns=frozenset(nouns) | frozenset(cue_nouns))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()
