"""Hostile content shared by the tests of issue 9: what an article, a feed or a file name may
carry that must stay data in every view and export (terminal markup, HTML, formulas, escapes)."""

from __future__ import annotations

from pathlib import Path

from recoupe.claims.merge import merge_claims
from recoupe.records import ActorMention, Document, Event
from recoupe.store import Store

MARKUP = "[/b]"  # closes a tag never opened: rich raises MarkupError when it reads it as markup
SIC = "[sic]"  # an editor's mark in a quote: rich drops it silently as an unknown style
ANSI = "\x1b[31mRED\x1b]0;title\x07"  # recolours the terminal and retitles its window
RTL = "\u202eevil\u202c"  # right-to-left override: reorders what is shown after it
HOSTILE = (
    MARKUP, SIC, "[bold red]styled[/]", "\\[b]", "<script>alert(1)</script>", "javascript:alert(1)",
    "=cmd|' /C calc'!A0", "+33 1", "-2+3", "@SUM(A1:A9)", "\tHT", "\rCR", ANSI, RTL, "soh\x01byte",
    "zéro\u200blargeur", "\u2028sep", "'quoted\"",
)
# (A NUL character is not here: the store refuses a document holding one, named in one error line,
# on both back-ends, since PostgreSQL text cannot keep it: tests/store checks that.)
# Raw characters that must never reach a terminal (escape sequences, bidi overrides, NUL, CR).
RAW_CONTROLS = ("\x1b", "\x07", "\x00", "\u202e", "\u202c", "\r", "\u2028")
# A cell starting with one of these is a formula in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

DOC_IDS = ("=cmd|calc", "[/b]doc")
OUTLETS = ("@Outlet [/b]", "=HYPERLINK(\"javascript:alert(1)\")")


def hostile_text(k: int) -> str:
    """All the hostile strings, in a sentence, starting with the k-th one."""
    parts = HOSTILE[k % len(HOSTILE):] + HOSTILE[:k % len(HOSTILE)]
    return " ".join(parts)


def hostile_store(path: Path) -> tuple[Store, str]:
    """A store whose every text field is hostile: two documents, two outlets, one story, claims.
    Returns the store and the story id."""
    store = Store(path)
    docs = []
    for n, (doc_id, outlet) in enumerate(zip(DOC_IDS, OUTLETS, strict=True)):
        text = f"{MARKUP} titre {SIC}\n" + hostile_text(n) + "\nLa Corée du Nord livre des obus à la Russie.\n"
        doc = Document.make(doc_id, text, title=f"{MARKUP} titre {SIC} {ANSI}{RTL}", outlet=outlet,
                            url="javascript:alert(1)", published="2024-03-0" + str(n + 1), language="fr",
                            path=f"in/{doc_id}\x1b.txt")
        evidence = f"Il a dit {SIC} que {MARKUP} " + hostile_text(n + 3)
        events = [
            Event(doc_id, 0, len(text), "AID", ["PRK", "=X"], ["RUS", MARKUP], context="military",
                  object=f"obus {SIC} {ANSI}", factuality="reported", speaker=f"{MARKUP} Kirby {RTL} =1+1",
                  trigger="livrer", source_text=[f"{ANSI}Corée"], target_text=[RTL], evidence=evidence),
            Event(doc_id, 1, 20, "ACCUSE", ["USA"], ["PRK"], factuality="denied" if n else "asserted",
                  speaker="@porte-parole", evidence=f"{SIC} <script>x</script>"),
        ]
        mentions = [ActorMention("PRK", f"{ANSI}Corée", 0, 5), ActorMention("=X", RTL, 6, 8, kind="group")]
        store.save_document(doc, events, mentions)
        docs.append(doc)
    story = "s-hostile"
    with store.batch():
        store.set_stories({d.id: story for d in docs})
    members = store.story_documents(story)
    events = [e for d in members for e in store.events(doc=d.id)]
    store.replace_claims(story, merge_claims(story, events, {d.id: d for d in members}))
    return store, story
