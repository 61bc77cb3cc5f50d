"""Claims and events read as French sentences built from the record.

"PRK AID RUS (obus d'artillerie), reported by John Kirby" reads "La Corée du Nord fournit des
obus d'artillerie à la Russie — selon John Kirby". The wording is data: verb phrases per PLOVER
type and factuality in `data/phrases.yaml`, the articles of actor names in `data/articles.tsv`
(bodies take theirs from the gazetteer's own data); display names come from the gazetteer.
The code stays available beside every sentence (the pages show it), since a sentence built by
rule can read awkwardly where the record is odd.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from recoupe.actors.gazetteer import DATA_DIR as GAZETTEER_DATA
from recoupe.actors.gazetteer import Gazetteer, load_gazetteer, read_tsv
from recoupe.compare.story import STRENGTH

DATA = Path(__file__).parent / "data"
_VOWEL = re.compile(r"^[aeiouyhàâäéèêëîïôöûüœæ]", re.IGNORECASE)
_ARTICLES = {"le", "la", "l'", "les"}
# "à le" -> "au": the contractions of French prepositions with the definite article
_CONTRACT = {("à", "le"): "au", ("à", "les"): "aux", ("de", "le"): "du", ("de", "les"): "des"}
# determiners an object may carry in the evidence, and what a negation turns them into ("pas d'obus")
_DETERMINERS = ("des", "les", "le", "la", "l'", "un", "une", "du", "de la", "de l'", "d'", "de", "ses", "son",
                "sa", "leur", "leurs")
_PARTITIVE = {"des", "un", "une", "du", "de la", "de l'", "d'", "de"}
_PARTICLES = {"de", "du", "des", "la", "le", "d", "von", "van", "al", "ben", "bin"}
_SPEAKER_ARTICLE = re.compile(r"^(Le|La|Les|L'|L’|Un|Une|Des|Ces|Ce|Cette) ")


@dataclass(slots=True, frozen=True)
class Actor:
    """An actor as a sentence names it: "la Corée du Nord" (plural: "les États-Unis")."""

    article: str  # "", "le", "la", "l'", "les"
    name: str
    plural: bool

    def after(self, preposition: str) -> str:
        """"à la Russie", "au Japon", "aux États-Unis", "avec l'Iran", "Israël"."""
        if not preposition:
            return self.bare()
        contracted = _CONTRACT.get((preposition.split()[-1], self.article))
        if contracted:
            head = preposition.rsplit(" ", 1)[0] + " " if " " in preposition else ""
            return f"{head}{contracted} {self.name}"
        if preposition.split()[-1] == "de" and not self.article and _VOWEL.match(self.name):
            return f"{preposition[:-2]}d'{self.name}"
        return f"{preposition} {self.bare()}"

    def bare(self) -> str:
        if not self.article:
            return self.name
        return f"{self.article}{self.name}" if self.article == "l'" else f"{self.article} {self.name}"


@dataclass(slots=True, frozen=True)
class Phrases:
    types: dict[str, dict[str, object]]
    factualities: dict[str, dict[str, object]]
    speaker: str
    unknown_source: Actor
    modes: dict[str, dict[str, str]]
    articles: dict[str, tuple[str, bool]]  # code -> (article, plural)


@lru_cache(maxsize=1)
def phrases() -> Phrases:
    raw = yaml.safe_load((DATA / "phrases.yaml").read_text(encoding="utf-8"))
    articles: dict[str, tuple[str, bool]] = {}
    for row in read_tsv(GAZETTEER_DATA / "bodies.tsv"):  # the display row of a body carries its article
        word = row[0].split(" ", 1)[0]
        article = next((a for a in _ARTICLES if word == a or (a.endswith("'") and word.startswith(a))), "")
        articles.setdefault(row[1], (article, article == "les"))
    for code, article, plural in read_tsv(DATA / "articles.tsv"):
        articles[code] = ("" if article == "-" else article, plural == "yes")
    words, plural = raw["unknown_source"]
    return Phrases(raw["types"], raw["factualities"], raw["speaker"], Actor("", words, bool(plural)),
                   raw.get("modes") or {}, articles)


def display_name(code: str, gazetteer: Gazetteer | None = None) -> str:
    """The French name of an actor code; a normalised name ("INGRID_BETANCOURT") reads as a name."""
    name = (gazetteer or load_gazetteer()).name_of(code)
    if name == code and ("_" in code or (len(code) > 5 and code.isalpha())):
        parts = code.lower().split("_")
        return " ".join(p if 0 < k < len(parts) - 1 and p in _PARTICLES else p.capitalize()
                        for k, p in enumerate(parts))
    return name


def actor(code: str, gazetteer: Gazetteer | None = None) -> Actor:
    g = gazetteer or load_gazetteer()
    name = display_name(code, g)
    known = phrases().articles.get(code)
    if known is not None:
        return Actor(known[0], name, known[1])
    if not g.is_state(code):
        return Actor("", name, False)
    if _VOWEL.match(name):
        return Actor("l'", name, False)
    first = name.split(" ", 1)[0].split("-", 1)[0]
    return Actor("la" if first.endswith("e") else "le", name, False)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


def _determined(obj: str, evidence: str) -> str:
    """The object with the determiner the evidence gives it ("obus" in "des obus" -> "des obus")."""
    if obj.lower().startswith(tuple(d + " " for d in _DETERMINERS)) or obj.lower().startswith(("l'", "d'")):
        return obj
    found = re.search(r"(\b[\w']+(?: la| l')?)\s*" + re.escape(obj).replace("'", "['’]"), evidence, re.IGNORECASE)
    before = found.group(1).lower().replace("’", "'") if found else ""
    if before in ("d'", "de", "du", "de la", "de l'", "des") or not before:
        plural = obj.split(" ", 1)[0].endswith(("s", "x"))
        if plural:
            before = "des"
        elif _VOWEL.match(obj):
            before = "de l'"
        else:  # "du" or "de la": the gender is unknown, and the bare object reads better than a wrong guess
            return obj
    elif before not in _DETERMINERS:
        before = "des" if obj.split(" ", 1)[0].endswith(("s", "x")) else ""
    if not before:
        return obj
    return f"{before}{obj}" if before.endswith("'") else f"{before} {obj}"


def _negated_object(obj: str) -> str:
    """After a negation the partitive becomes "de": "ne fournit pas d'obus"."""
    for det in sorted(_PARTITIVE, key=len, reverse=True):
        if obj.lower().startswith(det + " ") or (det.endswith("'") and obj.lower().startswith(det)):
            rest = obj[len(det):].lstrip()
            return f"d'{rest}" if _VOWEL.match(rest) else f"de {rest}"
    if obj.lower().startswith(tuple(d + " " for d in _DETERMINERS)):  # "les demandes", "ses forces"
        return obj
    return f"d'{obj}" if _VOWEL.match(obj) else f"de {obj}"


def _speaker(name: str) -> str:
    """"Les services américains" reads "les services américains" after "selon"."""
    return _SPEAKER_ARTICLE.sub(lambda m: m.group(1).lower() + " ", name.strip())


def sentence(
    etype: str,
    source: list[str],
    target: list[str],
    *,
    obj: str | None = None,
    factuality: str = "asserted",
    speakers: list[str] | None = None,
    evidence: str = "",
    gazetteer: Gazetteer | None = None,
    mode: str = "act",
) -> str:
    """One French sentence for a happening; falls back to the code form for an unknown type. A
    requested happening (`mode`) is asked of its source: "Il est demandé à X de ..."."""
    p = phrases()
    spec = p.types.get(etype)
    g = gazetteer or load_gazetteer()
    if spec is None:
        return f"{'+'.join(source) or '?'} {etype} {'+'.join(target) or '?'}"
    sources = [actor(c, g) for c in source] or [p.unknown_source]
    n = 1 if len(sources) > 1 or sources[0].plural else 0
    subject = _join([a.bare() for a in sources])
    written = obj.strip() if obj else ""
    verb, direct = _verb_and_object(spec, n, p.factualities.get(factuality, {"form": "present"}), written, evidence)
    complement = _complement(spec, source, target, g)
    requested = p.modes.get(mode) if mode == "requested" else None
    if requested is not None:  # the infinitive, asked of the source: no factuality form
        infinitive = str(spec["infinitive"])
        verb = ("d'" if _VOWEL.match(infinitive) else "de ") + infinitive
        direct = _determined(written, evidence) if written and spec["object"] == "direct" else spec["default"][n]  # type: ignore[index]
        subject = f"{requested['lead']} {_join([a.after('à') for a in sources])}"
    words = " ".join(w for w in (subject, verb, direct, complement) if w)
    text = words[0].upper() + words[1:]
    if written and spec["object"] == "note":
        text += f" ({written})"
    named = [_speaker(s) for s in speakers or [] if s and s.strip()]
    if named:
        shown = named[:2] + ([f"{len(named) - 2} autres"] if len(named) > 2 else [])
        text += " — " + p.speaker.format(speaker=_join(shown))
    return text


def _verb_and_object(spec: Any, n: int, form: Any, written: str, evidence: str) -> tuple[str, str]:
    """The verb in the factuality's form, and the direct object (negated with the verb)."""
    verb: str = spec["present"][n]
    direct: str = _determined(written, evidence) if written and spec["object"] == "direct" else spec["default"][n]
    if form["form"] == "conditional":
        verb = spec["conditional"][n]
    elif form["form"] == "modal":
        verb = f"{form['modal'][n]} {spec['infinitive']}"
    elif form["form"] == "negated":
        head, _, rest = verb.partition(" ")
        verb = ("n'" if _VOWEL.match(head) else "ne ") + head + " pas" + (" " + rest if rest else "")
        direct = _negated_object(direct) if direct else direct
    return verb, direct


def _complement(spec: Any, source: list[str], target: list[str], g: Gazetteer) -> str:
    """The target after its preposition; none when the sides are reciprocal ("A and B cooperate")."""
    preposition: str = spec["target"]
    reciprocal = len(source) > 1 and set(target) <= set(source)
    targets = [] if reciprocal else [actor(c, g) for c in target if c not in source] or [actor(c, g) for c in target]
    if not targets:
        return ""
    if preposition.split(" ")[-1] in ("à", "de"):  # repeated before each: "à l'Iran et à la Russie"
        return _join([a.after(preposition) for a in targets])
    return " ".join(w for w in (preposition, _join([a.bare() for a in targets])) if w)


def claim_factuality(factualities: list[str]) -> str:
    """The factuality a claim's sentence is written in: denied only when every mention denies it,
    otherwise the strongest a mention gives (asserted > reported > alleged > possible > intended)."""
    kept = [f for f in factualities if f != "denied"]
    if not kept:
        return "denied" if factualities else "asserted"
    rank = {f: i for i, f in enumerate(STRENGTH)}
    return min(kept, key=lambda f: rank.get(f, len(rank)))
