"""Generate recoupe/actors/data/countries.tsv: ISO 3166-1 states with their French and English names.

Sources, so that the table is reproducible rather than typed by hand:
- pycountry: the ISO 3166-1 alpha-2 -> alpha-3 mapping, the English official/common names and
  their French translations (the iso3166-1 gettext catalogue pycountry ships);
- babel (Unicode CLDR): the short territory names in French (``fr``, plus ``fr_CA`` which has
  usual variants such as "Vietnam", "Nigéria") and English.

CLDR and ISO lack a few forms that French news uses all the time (abbreviations such as "RDC",
old or colloquial names such as "Birmanie"/"Swaziland", "Angleterre" for the United Kingdom);
those are the EXTRA_FR rows below, the only hand-written part.

Usage: python scripts/build_countries.py [OUTPUT]   (default: recoupe/actors/data/countries.tsv)
"""

from __future__ import annotations

import gettext
import re
import sys
from pathlib import Path

import babel
import pycountry

OUTPUT = Path(__file__).resolve().parent.parent / "recoupe" / "actors" / "data" / "countries.tsv"

# Kosovo has a CLDR code (XK) but no ISO 3166-1 entry; XKX is the code used by the EU and CAMEO.
USER_ASSIGNED = {"XK": "XKX"}

# Forms French outlets use that neither CLDR nor ISO provide. Several of these denote a part of
# a state (Angleterre, Écosse) or an older name (Swaziland, Macédoine); an event coder codes
# them as the state.
EXTRA_FR: list[tuple[str, str]] = [
    ("USA", "Amérique"),
    ("USA", "USA"),
    ("USA", "États-Unis d'Amérique"),
    ("GBR", "Grande-Bretagne"),
    ("GBR", "Angleterre"),
    ("GBR", "Écosse"),
    ("GBR", "Pays de Galles"),
    ("GBR", "Irlande du Nord"),
    ("COD", "RDC"),
    ("COD", "RD Congo"),
    ("COD", "Congo-Kinshasa"),
    ("COG", "Congo-Brazzaville"),
    ("CAF", "RCA"),
    ("CAF", "Centrafrique"),
    ("ARE", "EAU"),
    ("ARE", "Émirats"),
    ("PRK", "RPDC"),
    ("CHN", "Chine populaire"),
    ("MKD", "Macédoine"),
    ("SWZ", "Swaziland"),
    ("CZE", "République tchèque"),
    ("MDA", "Moldavie"),
    ("KGZ", "Kirghizie"),
    ("MMR", "Birmanie"),
    ("TLS", "Timor-Leste"),
    ("CPV", "Cabo Verde"),
    ("VAT", "Vatican"),
    ("VAT", "Cité du Vatican"),
    ("PSE", "Palestine"),
    ("PSE", "Autorité palestinienne"),
    ("GIN", "Guinée-Conakry"),
    ("BIH", "Bosnie"),
    ("TTO", "Trinidad-et-Tobago"),
    ("KNA", "Saint-Kitts-et-Nevis"),
    ("IRQ", "Iraq"),
    ("XKX", "République du Kosovo"),
]

# CLDR codes that are not countries: world regions (numeric), groupings, pseudo-locales.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}

_STATE_NOUN = re.compile(r"(?:République|Fédération|États?|Îles?|Royaume|Principauté|Sultanat|Union)(?:\s|$)")
_PREPOSITION_END = re.compile(r"(?:\s(?:de|du|des)|\sd['’])$")


def uninvert(name: str) -> str | None:
    """ISO's catalogue sorts by key word ("Corée, République de"); put it back in reading order.

    Returns None for forms that are not names a journalist would write.
    """
    if "province de" in name:  # "Taïwan, province de Chine" is a political label, not a name
        return None
    if ", " not in name:
        return name
    head, _, tail = name.partition(", ")
    if "," in tail or " et " in tail:  # lists of islands ("Bonaire, Saint-Eustache et Saba")
        return None
    tail = tail[0].upper() + tail[1:]
    if not _STATE_NOUN.match(tail):  # "Îles Vierges, États-Unis": a qualifier, not a name part
        return None
    if _PREPOSITION_END.search(tail):
        sep = "" if tail.endswith(("'", "’")) else " "
        return f"{tail}{sep}{head}"
    # "Syrienne, République arabe": the head is an adjective, lower-cased after the noun;
    # "Salomon, Îles": the head is a proper noun and keeps its capital.
    if head.endswith(("ienne", "aise", "ique")) or head == "Lao":
        head = head.lower()
    return f"{tail} {head}"


def drop_parenthetical(name: str, code: str, taken: dict[str, set[str]]) -> str:
    """CLDR qualifies some names: "Myanmar (Birmanie)", "Saint-Martin (partie néerlandaise)".

    The head alone is the usual name, unless another territory already uses it (the two
    Saint-Martin): then the qualified form is kept whole so that it stays unambiguous.
    """
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    if not m:
        return name
    head = m.group(1)
    return name if taken.get(head.casefold(), {code}) - {code} else head


def strip_article(name: str) -> str:
    """ISO's "L'État de Palestine": the article is not part of the name."""
    return re.sub(r"^(?:L['’]|La |Le |Les )", "", name) if name[:2] in ("L'", "L’") else name


def build_rows() -> list[tuple[str, str, str]]:
    fr_tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    cldr = {
        "fr": [babel.Locale.parse("fr").territories, babel.Locale.parse("fr_CA").territories],
        "en": [babel.Locale.parse("en").territories],
    }
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str, str]] = set()

    def add(code: str, lang: str, name: str | None) -> None:
        if not name:
            return
        name = " ".join(name.replace("\u2011", "-").split())
        key = (code, lang, name.casefold())  # "Îles Cook" and "îles Cook" are one name
        if key not in seen:
            seen.add(key)
            rows.append((code, lang, name))

    # Unqualified short names, to tell whether dropping a qualifier would create a clash.
    taken: dict[str, set[str]] = {}
    for tables in cldr.values():
        for table in tables:
            for a2, name in table.items():
                if "(" not in name:
                    taken.setdefault(name.casefold(), set()).add(str(a2))

    alpha2s = sorted(
        k
        for k in (str(key) for key in cldr["fr"][0])
        if len(k) == 2 and k.isalpha() and k not in NOT_COUNTRIES
        and (pycountry.countries.get(alpha_2=k) is not None or k in USER_ASSIGNED)
    )
    for a2 in alpha2s:
        country = pycountry.countries.get(alpha_2=a2)
        code = USER_ASSIGNED[a2] if country is None else str(country.alpha_3)
        # French: CLDR short name first (it becomes the display name), then ISO's names.
        for table in cldr["fr"]:
            if a2 in table:
                add(code, "fr", drop_parenthetical(table[a2], a2, taken))
        if country is not None:
            for field in ("common_name", "name", "official_name"):
                value = getattr(country, field, None)
                if value:
                    fr = uninvert(strip_article(fr_tr.gettext(value)))
                    if fr and "(" not in fr:
                        add(code, "fr", fr)
        for table in cldr["en"]:
            if a2 in table:
                add(code, "en", drop_parenthetical(table[a2], a2, taken))
        if country is not None:
            for field in ("common_name", "name", "official_name"):
                value = getattr(country, field, None)
                if value and "," not in value and "(" not in value:
                    add(code, "en", strip_article(value[0].upper() + value[1:]))
    for code, name in EXTRA_FR:
        add(code, "fr", name)
    # By code, French before English; sort is stable so source order (CLDR first) is kept.
    return sorted(rows, key=lambda r: (r[0], r[1] != "fr"))


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUTPUT
    rows = build_rows()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# Generated by scripts/build_countries.py from pycountry and babel (CLDR). Do not edit.\n")
        fh.write("code\tlang\tname\n")
        for code, lang, name in rows:
            fh.write(f"{code}\t{lang}\t{name}\n")
    print(f"{len(rows)} rows, {len({r[0] for r in rows})} codes -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
