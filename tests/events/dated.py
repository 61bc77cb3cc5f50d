"""Dates, places and actor kinds of events, scored on dated articles (issue 12).

A set is a YAML list of ``{published, text, events}``; each gold event carries, beside SPEC's
fields, ``date``/``date_precision``, ``place_code`` and ``source_kind``/``target_kind``. System events
are matched to gold as in ``test_devset.py`` (type, a shared code on each side); on matched events:

- date: right when the system date equals the gold date, on gold events the text dates to the day;
- place: right when the system's place country equals the gold's (both none counts as right);
- kind: each gold actor's kind against the kind the system gives the same code on the same side.

Run ``python tests/events/dated.py FILE`` to print the report.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_devset import Ev, match_item


def _gold(entry: dict[str, Any]) -> list[tuple[Ev, dict[str, Any]]]:
    return [(Ev(e["type"], tuple(e["source"]), tuple(e["target"]), e.get("factuality"), e.get("speaker"),
                bool(e.get("optional", False))), e) for e in entry.get("events") or []]


def score(path: Path, nlp: Any) -> dict[str, Any]:
    from recoupe.events.timing import resolve

    counts: Counter[str] = Counter()
    errors: list[str] = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        doc = nlp(entry["text"])
        events = list(doc._.events or [])
        resolve(events, str(entry["published"]))
        system = [Ev(e.type, tuple(e.source), tuple(e.target), e.factuality, e.speaker) for e in events]
        gold = _gold(entry)
        pairs, _missed, _fps, _opt = match_item([g for g, _ in gold], system)
        raw = {id(g): e for g, e in gold}
        for g, s in pairs:
            ge, se = raw[id(g)], events[system.index(s)]
            counts["matched"] += 1
            if ge.get("date_precision") == "day":
                counts["day_gold"] += 1
                ok = se.date == str(ge.get("date"))
                counts["day_right"] += ok
                if not ok:
                    errors.append(f"date {se.date} ({se.date_text!r}) for {ge.get('date')} ({ge.get('date_text')!r})")
            counts["place_right"] += (se.place_code or None) == (ge.get("place_code") or None)
            for side, kinds in (("source", "source_kind"), ("target", "target_kind")):
                for code, kind in zip(ge[side], ge.get(kinds) or [], strict=False):
                    got = dict(zip(getattr(se, side), getattr(se, kinds), strict=False)).get(code)
                    if got is None:
                        continue
                    counts["kind_gold"] += 1
                    counts["kind_right"] += got == kind
    return {
        "matched": counts["matched"],
        "date_day": counts["day_right"] / counts["day_gold"] if counts["day_gold"] else 0.0,
        "day_events": counts["day_gold"],
        "place": counts["place_right"] / counts["matched"] if counts["matched"] else 0.0,
        "kind": counts["kind_right"] / counts["kind_gold"] if counts["kind_gold"] else 0.0,
        "kind_sides": counts["kind_gold"],
        "errors": errors,
    }


def main() -> int:
    from recoupe.nlp import build_nlp

    res = score(Path(sys.argv[1]), build_nlp())
    print(f"matched events {res['matched']}: date to the day {res['date_day']:.3f} (of {res['day_events']}), "
          f"place country {res['place']:.3f}, actor kind {res['kind']:.3f} (of {res['kind_sides']} sides)")
    if "-v" in sys.argv:
        print("\n".join(res["errors"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
