"""French word stems, so that a lemma and the forms a text writes it in meet without a parser.

The claims and the comparison read cue and trigger words against stored evidence and article
texts, long after spaCy's parse is gone. Snowball's French stemmer (the maintained library
for this) brings the forms of regular verbs and their nouns to one stem: "protester",
"protesté", "protestation" -> "protest". It does not bring back the participles of irregular
verbs ("vendu" is not "vendr"), so `forms_of` adds them from an ending table kept in data
(`participles:` in compare/data/textcheck.yaml): "vendre" -> "vendu", "prendre" -> "pris".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of one lower-cased word."""
    return str(_stemmer().stemWord(word.lower()))


def words(text: str) -> Iterator[tuple[int, str]]:
    """(offset, lower-cased word) of each word of `text`; an elided article is cut off ("l'aide" -> "aide")."""
    for match in _WORD.finditer(text):
        word = match.group().lower().replace("’", "'")
        start = match.start()
        head, apostrophe, rest = word.partition("'")
        if apostrophe and len(head) <= 2 and rest:  # l', d', qu', s', n', j', jusqu' stays whole
            start += len(head) + 1
            word = rest
        yield start, word


def forms_of(lemma: str, participles: Mapping[str, Iterable[str]]) -> set[str]:
    """The lemma and the irregular forms its infinitive ending gives (longest ending first)."""
    out = {lemma}
    for ending in sorted(participles, key=len, reverse=True):
        if lemma.endswith(ending):
            root = lemma[: -len(ending)]
            out.update(root + form for form in participles[ending])
            break
    return out
