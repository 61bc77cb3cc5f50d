"""Floors for dates, places and actor kinds on the dated dev set (issue 12)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from dated import score  # noqa: E402


def test_dated_dev_set_floors(nlp) -> None:  # type: ignore[no-untyped-def]
    res = score(HERE / "data" / "dated_dev.yaml", nlp)
    assert res["matched"] >= 18, res
    assert res["date_day"] >= 0.9, res["errors"]
    assert res["place"] >= 0.9, res["errors"]
    assert res["kind"] >= 0.9, res["errors"]
