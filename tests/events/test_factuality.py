"""Every row of the attribution table (recoupe/events/data/attribution.yaml) reads its example: the
clause it governs takes the row's reading or flag."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from recoupe.events.factuality import load_steps
from recoupe.events.grammar import LexiconError
from recoupe.events.lexicon import DATA

ROWS = yaml.safe_load((DATA / "attribution.yaml").read_text(encoding="utf-8"))["steps"]


@pytest.mark.model
@pytest.mark.parametrize("k", range(len(ROWS)), ids=[f"{r['parent']}:{r.get('cue') or ''}:{k}"
                                                   for k, r in enumerate(ROWS)])
def test_attribution_row_reads_its_example(nlp: Any, k: int) -> None:
    row = ROWS[k]
    doc = nlp(row["ex"])
    tools = nlp.get_pipe("recoupe_events").tools(doc)
    readings = [tools.att.read(c) for c in doc._.clauses]
    if row.get("reading"):
        assert any(r.factuality == row["reading"] for r in readings), (row["ex"], [r.factuality for r in readings])
    if row.get("flag"):
        assert any(getattr(r, row["flag"]) for r in readings), row["ex"]


def test_unknown_keys_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "attribution.yaml"
    bad.write_text("steps:\n  - {parent: verb, cue: no_such_cue, relations: [xcomp]}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="E120"):
        load_steps(bad)
