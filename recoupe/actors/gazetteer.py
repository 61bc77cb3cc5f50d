"""The actor gazetteer: names of states, capitals, seats of power, people, bodies, demonyms and places.

Everything linguistic lives in ``data/`` (see the header of each file); this module reads it,
derives the inflected forms of demonyms, resolves the ambiguity rules and drops names that
would point at two actors.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

KINDS = frozenset({"state", "capital", "seat", "person", "igo", "group", "demonym", "place"})
RULES = frozenset({"skip", "cased", "given_name", "surname", "after_article", "block"})

# When two files give the same text, the first kind in this order wins (the code is the same,
# otherwise the text is ambiguous and dropped): "Koweït" is a state before it is a capital, and
# a place (places.tsv) comes last.
_KIND_PRIORITY = ("state", "igo", "group", "person", "seat", "capital", "demonym", "place")

# Lower-case leading articles in the data are the elidable French ones ("au Caire", "de l'ONU"):
# the article is not part of the name. Capitalised ones (La Paz, La Haye) are.
_ELIDABLE = re.compile(r"^(?:le |la |les |l')")
_ANY_ARTICLE = re.compile(r"^(?:le |la |les |l')", re.IGNORECASE)


@dataclass(slots=True, frozen=True)
class GazetteerEntry:
    """One name of one actor, as matched in text."""

    text: str
    code: str
    kind: str  # state | capital | seat | person | igo | group | demonym | place
    cased: bool = False  # match only with this capitalisation (the lower-case form is a common word)
    given_name: bool = False  # also a first name: checked against the following word
    surname: bool = False  # also someone else's surname: checked against the preceding word
    article: bool = False  # French writes it with an elidable article ("le Caire", "le Kremlin")
    after_article: bool = False  # only after an article: "la Douma" (Russia), not "à Douma" (Syria)


@dataclass(slots=True)
class Gazetteer:
    entries: list[GazetteerEntry]
    institution_lemmas: dict[str, str]  # lemma -> body | official
    blockers: list[str] = field(default_factory=list)  # phrases that hide the names they contain
    roles: dict[str, str] = field(default_factory=dict)  # person's name -> role (president, ...)
    ambiguous: dict[str, set[str]] = field(default_factory=dict)  # dropped text -> its codes
    names: dict[str, str] = field(default_factory=dict)  # code -> French display name
    state_codes: frozenset[str] = frozenset()
    _index: dict[str, GazetteerEntry] = field(default_factory=dict)

    def name_of(self, code: str) -> str:
        """French display name of a code ("PRK" -> "Corée du Nord"); unknown codes come back as is."""
        return self.names.get(code, code)

    def is_state(self, code: str) -> bool:
        """True for ISO 3166-1 territories (and Kosovo), False for bodies, groups and names."""
        return code in self.state_codes

    def lookup(self, text: str) -> GazetteerEntry | None:
        """The entry a written name resolves to, ignoring case, accents and a leading article."""
        if not self._index:
            for entry in self.entries:
                self._index.setdefault(fold(entry.text).lower(), entry)
        return self._index.get(fold(strip_article(text, any_case=True)).lower())


def fold(text: str) -> str:
    """Remove accents and unify apostrophes, keeping case: "d’État" -> "d'Etat".

    French outlets often drop the accent on capitals ("Etats-Unis", "Elysée"); matching on folded
    text accepts both spellings with one pattern.
    """
    text = text.replace("\u2019", "'").replace("\u02bc", "'")
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def strip_article(text: str, *, any_case: bool = False) -> str:
    """Drop a leading elidable article: "le Kremlin" -> "Kremlin"; with any_case "La Russie" too."""
    pattern = _ANY_ARTICLE if any_case else _ELIDABLE
    return pattern.sub("", text.replace("\u2019", "'"), count=1)


def entity_code(name: str) -> str:
    """Code for a name outside the gazetteer: "The Guardian" -> "THE_GUARDIAN", "l'Élysée" -> "ELYSEE"."""
    text = fold(name).strip()
    text = re.sub(r"^(?:le|la|les)\s+|^l'\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r"[\s'\-]+", "_", text)
    text = re.sub(r"[^0-9A-Za-z_]", "", text)
    return re.sub(r"_+", "_", text).strip("_").upper()


def inflect_demonym(adjective: str) -> list[str]:
    """Masculine/feminine, singular/plural forms of a French demonym adjective.

    Regular French morphology; irregular forms (grecque, ouzbèke) are listed in the data file.
    Over-generating a form that does not exist costs nothing: it never occurs in text.
    """
    a = adjective
    if a.endswith("e"):  # russe, britannique, belge: same in both genders
        return [a, a + "s"]
    if a.endswith(("s", "x")):  # français, chinois: the masculine plural is unchanged
        return [a, a + "e", a + "es"]
    if a.endswith("en"):  # iranien, nord-coréen: the n doubles
        return [a, a + "ne", a + "s", a + "nes"]
    if a.endswith("on"):  # letton: lettone and lettonne are both in use
        return [a, a + "e", a + "ne", a + "s", a + "es", a + "nes"]
    if a.endswith("c"):  # turc -> turque, grec -> grecque
        stem = a if a.endswith("ec") else a[:-1]
        return [a, stem + "que", a + "s", stem + "ques"]
    if a.endswith("er"):
        return [a, a[:-2] + "ère", a + "s", a[:-2] + "ères"]
    return [a, a + "e", a + "s", a + "es"]


def read_tsv(path: Path) -> Iterator[list[str]]:
    """Rows of a data file: '#' lines are comments, the first other line is the header."""
    header_seen = False
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if not header_seen:
                header_seen = True
                continue
            yield [cell.strip() for cell in line.split("\t")]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _with_article(text: str, code: str, kind: str) -> GazetteerEntry:
    bare = strip_article(text)
    return GazetteerEntry(bare, code, kind, article=bare != text.replace("\u2019", "'"))


def raw_entries(
    data_dir: Path = DATA_DIR,
    names: dict[str, str] | None = None,
    roles: dict[str, str] | None = None,
) -> Iterator[GazetteerEntry]:
    """Every (text, code, kind) the data files give, in file order, before rules and dedup.

    ``names`` and ``roles``, when given, are filled with display names and people's roles.
    """
    names = {} if names is None else names
    roles = {} if roles is None else roles
    for code, lang, name in read_tsv(data_dir / "countries.tsv"):
        if lang == "fr":
            names.setdefault(code, name)
            yield GazetteerEntry(name, code, "state")
    for row in read_tsv(data_dir / "bodies.tsv"):
        text, code, kind = row[0], row[1], row[2]
        names.setdefault(code, strip_article(text))
        yield _with_article(text, code, kind)
    for row in read_tsv(data_dir / "people.tsv"):
        name, code, role = row[0], row[1], row[2]
        roles.setdefault(strip_article(name), role)
        yield _with_article(name, code, "person")
    for row in read_tsv(data_dir / "metonyms.tsv"):
        text, code, kind = row[0], row[1], (row[2] if len(row) > 2 and row[2] else "capital")
        yield _with_article(text, code, kind)
    for row in read_tsv(data_dir / "places.tsv"):
        yield _with_article(row[0], row[1], row[2] if len(row) > 2 and row[2] else "place")
    for row in read_tsv(data_dir / "demonyms.tsv"):
        code = row[0]
        forms: list[str] = []
        for adjective in _split(row[1] if len(row) > 1 else ""):
            forms.extend(inflect_demonym(adjective))
        forms.extend(_split(row[2] if len(row) > 2 else ""))
        for form in forms:
            yield GazetteerEntry(form, code, "demonym")


def _read_rules(data_dir: Path) -> tuple[dict[str, set[str]], list[str]]:
    rules: dict[str, set[str]] = {}
    blockers: list[str] = []
    for text, rule in read_tsv(data_dir / "ambiguity.tsv"):
        if rule not in RULES:
            raise ValueError(f"[A001] unknown ambiguity rule {rule!r} for {text!r}")
        if rule == "block":
            blockers.append(strip_article(text))
        else:
            rules.setdefault(fold(text).lower(), set()).add(rule)
    return rules, blockers


def build_gazetteer(data_dir: Path = DATA_DIR) -> Gazetteer:
    """Read the data files of ``data_dir`` into a Gazetteer (uncached; see load_gazetteer)."""
    names: dict[str, str] = {}
    roles: dict[str, str] = {}
    rules, blockers = _read_rules(data_dir)

    # Group by folded lower-case text: one text must name one actor.
    by_text: dict[str, list[GazetteerEntry]] = {}
    for entry in raw_entries(data_dir, names, roles):
        if entry.kind not in KINDS:
            raise ValueError(f"[A002] unknown kind {entry.kind!r} for {entry.text!r}")
        by_text.setdefault(fold(entry.text).lower(), []).append(entry)

    entries: list[GazetteerEntry] = []
    ambiguous: dict[str, set[str]] = {}
    for key, group in by_text.items():
        codes = {e.code for e in group}
        if len(codes) > 1:
            ambiguous[key] = codes
            continue
        text_rules = rules.get(key, set())
        if "skip" in text_rules:
            continue
        best = min(group, key=lambda e: _KIND_PRIORITY.index(e.kind))
        entries.append(
            GazetteerEntry(
                best.text,
                best.code,
                best.kind,
                cased="cased" in text_rules,
                given_name="given_name" in text_rules,
                surname="surname" in text_rules,
                article=any(e.article for e in group),
                after_article="after_article" in text_rules,
            )
        )
    states = frozenset(row[0] for row in read_tsv(data_dir / "countries.tsv"))
    institutions = {row[0].lower(): row[1] for row in read_tsv(data_dir / "institutions.tsv")}
    return Gazetteer(
        entries=entries,
        institution_lemmas=institutions,
        blockers=blockers,
        roles=roles,
        ambiguous=ambiguous,
        names=names,
        state_codes=states,
    )


@functools.lru_cache(maxsize=4)
def load_gazetteer(data_dir: str | None = None) -> Gazetteer:
    """The gazetteer of ``data_dir`` (default: the package's data), read once per process."""
    return build_gazetteer(Path(data_dir) if data_dir else DATA_DIR)
