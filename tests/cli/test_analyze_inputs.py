"""`recoupe analyze` on inputs that share ids or carry hostile names and fields (issue 9): ids stay
unique within a run and across runs (the user is told on one line), nothing stored is overwritten
by another source, and every message names its item on one safe line."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hostile import ANSI, MARKUP, RAW_CONTROLS, RTL, SIC
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoupe.cli.main import main
from recoupe.cli.text import visible
from recoupe.store import Store

pytestmark = pytest.mark.model

AID = ("La France livre des canons à l'Ukraine\n\n"
       "Paris a annoncé jeudi que la France livre des canons Caesar à l'Ukraine, selon le ministère des Armées.\n")
ACCUSE = ("Moscou accuse Kiev\n\nLe Kremlin a accusé jeudi Kiev de bombarder des civils, selon l'agence TASS.\n")
SANCTION = "La Russie a condamné vendredi les sanctions imposées par Washington, a déclaré le porte-parole."
ENGLISH = "The United States imposed new sanctions on Russia on Friday, the spokesman said in Washington."


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def ids(db: Path) -> list[str]:
    with Store(db) as store:
        return list(store.document_ids())


def test_inputs_sharing_an_id_are_all_stored_and_the_user_is_told(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c" / "a").mkdir(parents=True)
    (tmp_path / "c" / "b").mkdir()
    (tmp_path / "c" / "a" / "article.txt").write_text(AID, encoding="utf-8")
    (tmp_path / "c" / "b" / "article.txt").write_text(ACCUSE, encoding="utf-8")
    (tmp_path / "c" / "feed.jsonl").write_text(json.dumps({"id": "article", "text": SANCTION}) + "\n",
                                               encoding="utf-8")
    first = run("analyze", "c", "--db", "t.db")
    assert first.exit_code == 0, first.stderr
    assert ids(tmp_path / "t.db") == ["article", "c/b/article", "c/feed/article"]
    told = [x for x in first.stderr.splitlines() if "[W110]" in x]
    assert told == [
        "c/b/article.txt (id c/b/article): [W110] id 'article' is already used by c/a/article.txt; "
        "stored as 'c/b/article'",
        "c/feed.jsonl:1 (id c/feed/article): [W110] id 'article' is already used by c/a/article.txt; "
        "stored as 'c/feed/article'",
    ]
    # a re-run finds every document again under its id: nothing new, nothing doubled
    again = run("analyze", "c", "--db", "t.db")
    assert again.exit_code == 0 and ids(tmp_path / "t.db") == ["article", "c/b/article", "c/feed/article"]
    assert re.search(r"unchanged \(skipped\)\s*│\s*3\s*│", again.stdout), again.stdout
    assert re.search(r"│ analysed\s*│\s*0\s*│", again.stdout), again.stdout
    # another file with a stored id, in a later run: a new id, the stored document untouched
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "article.txt").write_text(ACCUSE.replace("jeudi", "vendredi"), encoding="utf-8")
    later = run("analyze", "d/article.txt", "--db", "t.db")
    assert later.exit_code == 0
    assert "(stored)" in later.stderr and "stored as 'd/article'" in later.stderr
    with Store(tmp_path / "t.db") as store:
        texts = {d.id: d.text for d in store.documents()}
    assert texts["article"] == AID and "vendredi" in texts["d/article"]
    # the same path, changed: an update under its own id
    (tmp_path / "c" / "a" / "article.txt").write_text(AID.replace("jeudi", "mardi"), encoding="utf-8")
    update = run("analyze", "c/a/article.txt", "--db", "t.db")
    assert update.exit_code == 0 and "[W110]" not in update.stderr
    with Store(tmp_path / "t.db") as store:
        texts = {d.id: d.text for d in store.documents()}
    assert len(texts) == 4 and "mardi" in texts["article"]


def test_hostile_names_and_fields_give_safe_one_line_messages(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / f"in{MARKUP.replace('/', '')}"
    folder.mkdir()
    (folder / f"{ANSI}{RTL}[b]vide.txt").write_text("", encoding="utf-8")
    (folder / f"{SIC}{RTL}.txt").write_text(AID.replace("Caesar", f"Caesar {SIC} {MARKUP}"), encoding="utf-8")
    feed = [{"id": f"{MARKUP}\x1b[2J", "title": f"{MARKUP} {ANSI}", "outlet": "=cmd|' /C calc'!A0",
             "published": "2008-13-45", "text": SANCTION},
            {"id": "en", "text": ENGLISH}]
    (folder / "feed.jsonl").write_text("".join(json.dumps(x) + "\n" for x in feed), encoding="utf-8")
    result = run("analyze", folder.name, "--db", "h.db")
    assert result.exit_code == 1  # the empty file failed; the rest was analysed
    for raw in RAW_CONTROLS:
        assert raw not in result.stderr and raw not in result.stdout, repr(raw)
    lines = result.stderr.splitlines()
    assert any("[E100] empty file" in x and "\\x1b[31m" in x and "[b]vide" in x for x in lines)
    assert any(":1 (id [/b]\\x1b[2J): [W101] published '2008-13-45' is not a date" in x for x in lines)
    assert any("feed.jsonl:2 (id en): [E110] not French" in x for x in lines)
    assert "warnings (analysed anyway)" in result.stdout
    shown = run("events", "--db", "h.db")
    assert shown.exit_code == 0 and "[/b]\\x1b[2J" in shown.stdout
    stories = run("stories", "--db", "h.db")
    assert stories.exit_code == 0 and MARKUP in stories.stdout
    with Store(tmp_path / "h.db") as store:
        published = {d.id: d.published for d in store.documents()}
    assert published[f"{MARKUP}\x1b[2J"] is None  # stored as unknown, not as "2008-13-45"


name_chars = st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",))
file_names = st.text(name_chars, min_size=1, max_size=12).filter(lambda s: not s.startswith(".") and s.strip())
contents = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from([AID, SANCTION, MARKUP, SIC, ANSI, RTL, "\x00", "<p><div>", "\u200b", "{", "\n"]),
             max_size=6).map(lambda parts: "".join(parts).encode("utf-8")),
    st.just(json.dumps({"id": MARKUP, "title": ANSI, "text": SANCTION, "published": "2008-13-45"}).encode()),
)
batches = st.lists(st.tuples(file_names, st.sampled_from([".txt", ".html", ".jsonl"]), contents), min_size=1,
                   max_size=5, unique_by=lambda item: (item[0] + item[1]).lower())


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batches)
def test_fuzz_analyze_names_every_input_it_does_not_store(batch: list[tuple[str, str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        files = []
        for name, ext, data in batch:
            path = folder / f"{name}{ext}"
            path.write_bytes(data)
            files.append(path)
        db = Path(tmp) / "f.db"
        result = CliRunner().invoke(main, ["analyze", str(folder), "--db", str(db), "--quiet"])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code in (0, 1), result.stderr
        for raw in RAW_CONTROLS:
            assert raw not in result.stderr, repr(raw)
        with Store(db) as store:
            stored = {d.path for d in store.documents()}
        for path in files:
            if not path.name.lower().startswith(("readme", "license", "licence", "copying", "changelog", "authors")):
                assert str(path) in stored or visible(str(path), lines=False) in result.stderr, path
