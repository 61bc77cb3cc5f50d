"""Which language an article is written in, so non-French articles can be set aside."""

from __future__ import annotations

from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from recoupe.errors import LanguageError
from recoupe.records import Document

SUPPORTED_LANGUAGES = ("fr",)

# The languages a French news pipeline actually meets. Restricting lingua to them makes it
# faster and avoids exotic false positives on short texts (e.g. "Kim Jong-un" read as Dutch).
DETECTED_LANGUAGES = ("fr", "en", "de", "es", "it", "pt", "nl", "ar", "ru")

# The opening of an article settles its language; reading more only costs time
# (lingua's cost is linear in the length: ~2.3 ms for 3000 characters, ~0.9 ms for 1000).
_WINDOW = 3000
# Below this many letters (a bare headline, a name, a number) any answer is a guess.
_MIN_LETTERS = 20
# Ask lingua to abstain when two languages score close ("Le Monde": French 0.27, Dutch 0.27);
# on RPM2 this changes nothing (400/400 French) but turns guesses on short texts into None.
_MIN_DISTANCE = 0.1


@cache
def _detector() -> LanguageDetector:
    # Built once per process: the models load lazily and are shared by every call.
    # High-accuracy mode is kept: low-accuracy mode was only ~10% faster on RPM2.
    languages = [Language.from_iso_code_639_1(IsoCode639_1.from_str(code)) for code in DETECTED_LANGUAGES]
    builder = LanguageDetectorBuilder.from_languages(*languages)
    return builder.with_minimum_relative_distance(_MIN_DISTANCE).build()


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language of `text`, or None when too short or unsure."""
    sample = text[:_WINDOW]
    if not _has_letters(sample, _MIN_LETTERS):
        return None
    found = _detector().detect_language_of(sample)
    return None if found is None else found.iso_code_639_1.name.lower()


def language_error(doc: Document) -> LanguageError | None:
    """The error to report when `doc` is in a language recoupe does not analyse.

    An undetected language (None) is let through: a short or mixed text is more
    likely a French dispatch with names in it than a foreign article.
    """
    if doc.language is None or doc.language in SUPPORTED_LANGUAGES:
        return None
    name = _language_name(doc.language)
    return LanguageError(
        f"not French: detected {name} ({doc.language}); recoupe analyses French articles only",
        path=f"{doc.path}:{doc.line}" if doc.path and doc.line else doc.path,  # a .jsonl names its line
        doc=doc.id,
    )


def _language_name(code: str) -> str:
    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(code)).name.title()
    except ValueError:  # a code set by hand, outside lingua's list
        return code


def _has_letters(text: str, needed: int) -> bool:
    # Stops at the first `needed` letters, so a normal article costs almost nothing here.
    count = 0
    for char in text:
        if char.isalpha():
            count += 1
            if count >= needed:
                return True
    return False
