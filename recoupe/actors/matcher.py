"""spaCy component ``recoupe_actors``: marks who the actors of a document are.

It writes ``doc.spans["actors"]``: one Span per mention, ``label_`` = actor code (ISO alpha-3,
body code, or a normalised name) and ``kb_id_`` = kind (state, capital, seat, person, igo,
group, demonym, place from the gazetteer; person or entity for the model's own named entities).

Gazetteer names are found with two PhraseMatchers over an accent-folded copy of the document
(French outlets write both "États-Unis" and "Etats-Unis"): one case-insensitive, one exact for
names whose lower-case form is a common word. Longest non-overlapping matches win, so
"Conseil de sécurité de l'ONU" is UNSC, not UN. Articles are separate tokens and are never part
of a pattern: "la Russie", "de la Corée du Nord", "à l'Iran" all match on the name alone.
"""

from __future__ import annotations

from spacy.attrs import ORTH, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from recoupe.actors.gazetteer import Gazetteer, entity_code, fold, load_gazetteer
from recoupe.actors.introductions import introduced
from recoupe.records import ActorMention

SPANS_KEY = "actors"
_BLOCK = "__block__"

# Honorifics that may precede a name without being another first name ("M. Biden"); the
# officials of institutions.tsv ("le Président Macron") are added at load time.
_HONORIFICS = ("m.", "mme", "mlle", "monsieur", "madame", "dr", "docteur", "ayatollah", "imam", "mollah",
               "cheikh", "émir", "emir", "pape", "raïs", "guide", "maréchal", "capitaine", "lieutenant",
               "monseigneur", "sénatrice", "princesse", "première")
# Tokens after which a capitalised word starts a sentence or a quotation.
_OPENERS = frozenset({".", "!", "?", "…", ":", ";", "«", '"', "“", "—", "–", "(", "[", "|"})
_ARTICLES = frozenset({"le", "la", "les", "l'", "l\u2019"})
_CONTRACTED = frozenset({"du", "au", "des", "aux"})
_NAME_PARTICLES = frozenset({"de", "d'", "du", "del", "della", "da", "dos", "van", "von"})
_LEADING_NOISE = frozenset(
    {"le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "au", "aux",
     "m.", "mme", "mlle", "monsieur", "madame", "mademoiselle", "me", "dr"}
)
# A MISC entity is kept only when it names an organisation ("Front de libération ...", "IIES").
_ORG_WORDS_RAW = (
    "parti", "front", "mouvement", "union", "alliance", "armée", "brigades", "brigade", "forces", "groupe",
    "conseil", "comité", "agence", "institut", "institute", "fondation", "organisation", "fédération",
    "ligue", "association", "syndicat", "commission", "assemblée", "banque", "compagnie", "société",
    "coalition", "église", "université", "corps", "garde", "cour", "tribunal", "office", "bureau",
    "centre", "center", "council", "agency", "party", "group", "bank", "the",
)
_ORG_WORDS = frozenset(fold(w) for w in _ORG_WORDS_RAW)
_STATE_LIKE = frozenset({"state", "capital", "seat", "demonym", "place"})
# Folded token texts are cached by ORTH id; the cache is cleared past this many entries so that
# a long stream of documents cannot grow it without bound.
_MAX_FOLDED = 200_000


@Language.factory(
    "recoupe_actors",
    default_config={"use_entities": True, "data_dir": ""},
)
def make_actor_matcher(nlp: Language, name: str, use_entities: bool, data_dir: str) -> ActorMatcher:
    """``nlp.add_pipe("recoupe_actors")``; put it after "ner" so that the entities are there."""
    return ActorMatcher(nlp, name, use_entities=use_entities, data_dir=data_dir)


class ActorMatcher:
    """Gazetteer matches plus the model's PER/ORG entities, as ``doc.spans["actors"]``."""

    def __init__(
        self,
        nlp: Language,
        name: str = "recoupe_actors",
        *,
        use_entities: bool = True,
        data_dir: str = "",
    ) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.use_entities = use_entities
        self.gazetteer: Gazetteer = load_gazetteer(data_dir or None)
        self._insensitive = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._labels: dict[int, tuple[str, str, str]] = {}  # match id -> (code, kind, flags)
        self._folded: dict[int, str] = {}  # ORTH id -> the shadow word (folded text)
        self._officials = frozenset(
            lemma for lemma, kind in self.gazetteer.institution_lemmas.items() if kind == "official")
        self._titles = frozenset(_HONORIFICS) | self._officials
        self._build(nlp)

    def _build(self, nlp: Language) -> None:
        """Patterns grouped by (code, kind, flags): one matcher key per group keeps ids few."""
        groups: dict[tuple[str, str, str, bool], list[str]] = {}
        for e in self.gazetteer.entries:
            flags = "".join(
                flag for flag, on in (("g", e.given_name), ("s", e.surname), ("a", e.article),
                                      ("d", e.after_article)) if on
            )
            if e.kind == "person" and " " not in e.text:
                flags += "s"  # a bare surname ("Biden") after another first name is someone else
            if e.cased and e.text.isupper():
                flags += "u"  # an acronym that is also a word: EAU, USA, PAM
            groups.setdefault((e.code, e.kind, flags, e.cased), []).append(e.text)
        for text in self.gazetteer.blockers:
            groups.setdefault((_BLOCK, _BLOCK, "", False), []).append(text)
        for (code, kind, flags, cased), texts in groups.items():
            key = f"{code}\t{kind}\t{flags}"
            self._labels[self.vocab.strings.add(key)] = (code, kind, flags)
            matcher = self._exact if cased else self._insensitive
            matcher.add(key, self._patterns(nlp, texts))

    def _patterns(self, nlp: Language, texts: list[str]) -> list[Doc]:
        patterns: list[Doc] = []
        seen: set[tuple[str, ...]] = set()
        for text in texts:
            # Tokenise both spellings: an accent can change how a hyphenated word is split.
            for variant in (text, fold(text)):
                words = tuple(fold(t.text) for t in nlp.make_doc(variant))
                if words and words not in seen:
                    seen.add(words)
                    patterns.append(Doc(self.vocab, words=list(words)))
        return patterns

    def __call__(self, doc: Doc) -> Doc:
        spans = self.gazetteer_spans(doc)
        if self.use_entities and doc.ents:
            spans = self._with_entities(doc, spans)
        spans = sorted(spans, key=lambda s: (s.start, s.end))
        doc.spans[SPANS_KEY] = introduced(doc, spans, self._officials)
        return doc

    def gazetteer_spans(self, doc: Doc) -> list[Span]:
        """Longest non-overlapping gazetteer matches that pass the ambiguity checks."""
        if len(doc) == 0:
            return []
        shadow = self._shadow(doc)
        candidates: list[tuple[int, int, str, str]] = []
        for matcher in (self._insensitive, self._exact):
            for match_id, start, end in matcher(shadow):
                code, kind, flags = self._labels[match_id]
                if code == _BLOCK or _plausible(doc, start, end, kind, flags, self._titles):
                    candidates.append((start, end, code, kind))
        candidates.sort(key=lambda c: (c[0] - c[1], c[0]))  # longest first, then leftmost
        taken = [False] * len(doc)
        spans: list[Span] = []
        for start, end, code, kind in candidates:
            if any(taken[start:end]):
                continue
            for i in range(start, end):
                taken[i] = True
            if code != _BLOCK:  # a blocker only hides what it covers
                spans.append(Span(doc, start, end, label=code, kb_id=kind))
        return spans

    def _shadow(self, doc: Doc) -> Doc:
        """The accent-folded copy of `doc` the patterns match on (same tokens, same spaces).

        Read from two integer columns, with each distinct word folded once, rather than
        through a Token object and a fold() per word."""
        cols = doc.to_array([ORTH, SPACY]).tolist()
        folded = self._folded
        if len(folded) > _MAX_FOLDED:
            folded.clear()
        strings = self.vocab.strings
        words: list[str] = []
        for orth, _space in cols:
            word = folded.get(orth)
            if word is None:
                text = strings[orth]
                word = folded[orth] = fold(text) or text
            words.append(word)
        return Doc(self.vocab, words=words, spaces=[bool(space) for _orth, space in cols])

    def _with_entities(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Add the model's PER/ORG (and organisation-like MISC) entities the gazetteer missed."""
        result = list(spans)
        for ent in doc.ents:
            if ent.label_ not in ("PER", "ORG", "MISC"):
                continue
            start, end = _trim(doc, ent.start, ent.end)
            if start >= end or not (doc[start].text[:1].isupper() or doc[start].text[:1].isdigit()):
                continue  # "ministre des Affaires étrangères": a description, not a name
            if any(t.is_space for t in doc[start:end]) or _common_word(doc[start:end]):
                continue
            if ent.label_ == "MISC" and not _looks_like_org(doc[start:end]):
                continue
            inside = [s for s in result if s.start < end and start < s.end]
            if inside:
                # "George Washington", "Paris Hilton": a person's name that contains a place.
                if ent.label_ == "PER" and all(
                    s.kb_id_ in _STATE_LIKE and start <= s.start and s.end <= end and s.end - s.start < end - start
                    for s in inside
                ):
                    result = [s for s in result if s not in inside]
                else:
                    continue
            code = entity_code(doc[start:end].text)
            if code:
                kind = "person" if ent.label_ == "PER" else "entity"
                result.append(Span(doc, start, end, label=code, kb_id=kind))
        return result


def _sentence_initial(doc: Doc, i: int) -> bool:
    if i == 0 or doc[i].is_sent_start:
        return True
    prev = doc[i - 1]
    return prev.is_space or prev.text in _OPENERS


def _is_name_word(doc: Doc, i: int) -> bool:
    return 0 <= i < len(doc) and doc[i].is_alpha and doc[i].is_title


def _other_name_before(doc: Doc, start: int, titles: frozenset[str]) -> bool:
    """A capitalised word before the match that is neither a title nor a sentence start."""
    i = start - 1
    if not _is_name_word(doc, i) or doc[i].lower_ in titles:
        return False
    return not _sentence_initial(doc, i)


def _shouting(doc: Doc, i: int) -> bool:
    """An all-capitals word (not a lone letter) at position i."""
    if not 0 <= i < len(doc):
        return False
    text = doc[i].text
    return len(text) >= 2 and text.isupper() and any(c.isalpha() for c in text)


def _name_after(doc: Doc, end: int) -> bool:
    return _is_name_word(doc, end)


def _plausible(doc: Doc, start: int, end: int, kind: str, flags: str, titles: frozenset[str]) -> bool:
    """Checks that a name in this context denotes its actor."""
    # Part of a compound word: "russo-ukrainien", "latino-américain" (a lower-case prefix), or a
    # lower-case suffix glued on. Compounds of two names ("Israël-Hamas") stay.
    if start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_ \
            and not doc[start - 1].whitespace_ and doc[start - 2].text[:1].islower():
        return False
    if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].text[:1].islower():
        return False
    single = end - start == 1
    if "u" in flags and (_shouting(doc, start - 1) or _shouting(doc, end)):
        return False  # "GOUTTE D'EAU": an all-capitals headline, not the acronym
    after_article = start > 0 and doc[start - 1].lower_ in _ARTICLES
    if kind in ("capital", "place") and "a" not in flags and after_article:
        return False  # "la Vienne" is the French département; a capital takes no article
    if "d" in flags and not (after_article or (start > 0 and doc[start - 1].lower_ in _CONTRACTED)):
        return False  # "la Douma" is the Russian parliament, "à Douma" a Syrian town
    if "g" in flags:
        # "Maurice Papon", "Dominique de Villepin", "Washington Post".
        if _name_after(doc, end):
            return False
        if end + 1 < len(doc) and doc[end].lower_ in _NAME_PARTICLES and _name_after(doc, end + 1):
            return False
    if "s" in flags and _other_name_before(doc, start, titles):
        return False  # "Hunter Biden", "Richard Wagner"
    # One-word place names inside a longer proper name: "Real Madrid", "Iran Air", "Russie Unie";
    # places of any length: "New York Times", "Whitney Houston". Unless the model's entities
    # end the place where the next name begins ("vers les États-Unis Adolfo Macías").
    return not (((single and kind in ("state", "capital", "seat")) or kind == "place")
                and (_name_after(doc, end) or _other_name_before(doc, start, titles))
                and not _own_location(doc, start, end))


def _own_location(doc: Doc, start: int, end: int) -> bool:
    """The model tags exactly this span as a location, and what follows as another entity."""
    return (doc[start].ent_iob_ == "B" and doc[start].ent_type_ == "LOC"
            and all(t.ent_iob_ == "I" for t in doc[start + 1:end])
            and (end == len(doc) or doc[end].ent_iob_ in ("B", "O", "")))


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading articles/honorifics and trailing punctuation from an entity's span.

    The model sometimes runs an entity on into a figure ("Caisse d'Epargne 1,1 milliard"): cut
    at a number followed by a lower-case word; a final number is part of the name ("France 2").
    """
    while start < end and doc[start].lower_.replace("\u2019", "'") in _LEADING_NOISE:
        start += 1
    for i in range(start + 1, end - 1):
        if doc[i].like_num and doc[i + 1].is_lower:
            end = i
            break
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


def _common_word(span: Span) -> bool:
    """A one-word "entity" the tagger reads as a common word: "Mardi", "Reste", "Chef"."""
    if len(span) != 1:
        return False
    token = span[0]
    if len(token.text) < 2:
        return True
    return bool(token.pos_) and token.pos_ not in ("PROPN", "X") and not token.is_upper


def _looks_like_org(span: Span) -> bool:
    if any(fold(t.lower_) in _ORG_WORDS for t in span):
        return True
    text = span.text
    return len(span) == 1 and text.isupper() and 2 <= len(text) <= 8 and text.isalnum()


_MENTION_KIND = {"capital": "state", "seat": "state", "demonym": "state"}


def actor_mentions(doc: Doc) -> list[ActorMention]:
    """``doc.spans["actors"]`` as records; capitals, seats and demonyms count as their state."""
    if SPANS_KEY not in doc.spans:
        return []
    return [
        ActorMention(
            code=span.label_,
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            kind=_MENTION_KIND.get(span.kb_id_, span.kb_id_),
        )
        for span in doc.spans[SPANS_KEY]
    ]
