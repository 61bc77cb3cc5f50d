"""Story quality on RPM2 as a dated feed: B-cubed and pairwise precision, recall and F1 of `recoupe
analyze` against the gold stories, with the same articles undated as the baseline of the same run.

The feed (../shared/data/rpm2.jsonl: RPM2's 400 articles with publication dates) is analysed once
with the full pipeline into a temporary database (or `--db` FILE, reused when it exists), exactly
as `recoupe analyze` does; its stories are scored with ../shared/eval/score_stories.py. The stored
fingerprints are then clustered again without their publication dates (what the plain-text files
give) and scored the same way. Each gold story the clusterer split is listed with the sizes of its
pieces and the title of each piece's first article, to show where recall is lost.

    .venv/bin/python bench/stories.py [--feed FILE] [--gold FILE] [--db FILE] [--json]
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_stories", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def splits(gold: dict[str, str], system: dict[str, str], titles: dict[str, str]) -> list[dict[str, Any]]:
    """Each gold story spread over several system stories: the pieces' sizes and first titles."""
    out = []
    members: dict[str, list[str]] = defaultdict(list)
    for doc in sorted(gold):
        members[gold[doc]].append(doc)
    for story, docs in sorted(members.items()):
        pieces = Counter(system[d] for d in docs if d in system)
        if len(pieces) > 1:
            first = {s: next(d for d in docs if system.get(d) == s) for s in pieces}
            out.append({"gold": story, "pieces": [{"docs": n, "first": first[s], "title": titles.get(first[s], "")}
                                                  for s, n in pieces.most_common()]})
    return out


def run(feed: Path, gold_path: Path, db: Path) -> dict[str, Any]:
    from recoupe.pipeline import Options, analyze
    from recoupe.store import Store
    from recoupe.stories.cluster import StoryClusterer

    scorer = _scorer(SHARED / "eval" / "score_stories.py")
    gold = scorer.assignment(gold_path)
    with Store(db) as store:
        if not any(True for _ in store.document_ids()):
            analyze([feed], store, options=Options())
        dated = {doc: story for story, docs in store.stories() for doc in docs}
        titles = {h[0]: h[1] for h in store.headlines()}
        features = [f for f, _ in store.features()]
    clusterer = StoryClusterer()
    undated = {a.doc: a.story for a in clusterer.add_all(
        sorted((dataclasses.replace(f, date=None) for f in features), key=lambda f: f.doc))}
    return {
        "feed": str(feed), "documents": len(dated),
        "dated": scorer.score(gold, dated), "undated": scorer.score(gold, undated),
        "splits": splits(gold, dated, titles),
        "merges": [dict(Counter(gold[d] for d in docs if d in gold)) for docs in _groups(dated).values()
                   if len({gold.get(d) for d in docs}) > 1],
    }


def _groups(assignment: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for doc, story in assignment.items():
        out[story].append(doc)
    return out


def show(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"Stories on {result['feed']} ({result['documents']} documents)")
    for col in ("input", "B³ P", "B³ R", "B³ F1", "pairwise P", "pairwise R", "pairwise F1"):
        table.add_column(col, justify="right" if col != "input" else "left")
    for name, label in (("undated", "undated (baseline: the texts alone)"), ("dated", "dated feed")):
        s = result[name]
        table.add_row(label, *(f"{s[k]:.3f}" for k in ("bcubed_p", "bcubed_r", "bcubed_f1", "pairwise_p",
                                                         "pairwise_r", "pairwise_f1")))
    ratio = result["dated"]["bcubed_f1"] / max(result["undated"]["bcubed_f1"], 1e-9)
    table.caption = f"B³ F1 dated / undated = {ratio:.2f}"
    console = Console()
    console.print(table)
    split = Table(title="gold stories split on the dated feed", title_justify="left")
    for col in ("gold", "pieces (documents)", "first article of each piece"):
        split.add_column(col)
    for row in result["splits"]:
        split.add_row(row["gold"], " + ".join(str(p["docs"]) for p in row["pieces"]),
                      Text("\n".join(f"{p['first']}: {p['title']}" for p in row["pieces"])))
    console.print(split)
    for merged in result["merges"]:
        console.print(Text(f"merged: {merged}"), style="red")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feed", type=Path, default=SHARED / "data" / "rpm2.jsonl")
    parser.add_argument("--gold", type=Path, default=SHARED / "gold" / "rpm2.stories.jsonl")
    parser.add_argument("--db", type=Path, default=None, help="database to analyse into (reused if it exists)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the tables")
    args = parser.parse_args(argv)
    if not args.feed.is_file():
        parser.error(f"no feed at {args.feed}")
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.feed, args.gold, args.db or Path(tmp) / "feed.db")
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        show(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
