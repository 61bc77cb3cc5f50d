"""Dates, places and actor kinds of events, scored on dated articles (issue 12).

A set is a YAML list of ``{published, text, events}``; each gold event carries, beside SPEC's
fields, ``date``/``date_precision``, ``place_code`` and ``source_kind``/``target_kind``. System events
are matched to gold as in ``test_devset.py`` (type, a shared code on each side); on matched events:

- date: right when the system date equals the gold date, on gold events the text dates to the day;
- place: right when the system's place country equals the gold's (both none counts as right);
- kind: each gold actor's kind against the kind the system gives the same code on the same side.

Run ``python tests/events/dated.py FILE [-v]`` to print the report (``-v``: each error, with the item's
index in the set; ``--first-pairing``: keep test_devset's pairing, without the tie-break on the extras).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_devset import Ev, compatible, match_item


def _gold(entry: dict[str, Any]) -> list[tuple[Ev, dict[str, Any]]]:
    return [(Ev(e["type"], tuple(e["source"]), tuple(e["target"]), e.get("factuality"), e.get("speaker"),
                bool(e.get("optional", False))), e) for e in entry.get("events") or []]


def _agreement(ge: dict[str, Any], se: Any) -> int:
    """How many of the extras a system event shares with a gold one (date, place country, kinds)."""
    n = int(se.date == str(ge.get("date"))) + int((se.place_code or None) == (ge.get("place_code") or None))
    for side in ("source", "target"):
        got = dict(zip(getattr(se, side), getattr(se, f"{side}_kind"), strict=False))
        n += sum(got.get(c) == k for c, k in zip(ge[side], ge.get(f"{side}_kind") or [], strict=False))
    return n


def repair(pairs: list[tuple[int, int]], gold: list[tuple[Ev, dict[str, Any]]], system: list[Ev],
           events: list[Any]) -> list[tuple[int, int]]:
    """Among pairings of the same size, the one whose pairs agree most on the extras: two gold events
    a system event is equally compatible with ("rappelé mercredi ... au lendemain de la réception"
    and "doit recevoir mardi prochain") are told apart by their date, place and kinds. Swaps of two
    pairs, or of a pair's gold for an unpaired compatible required gold, until none helps."""
    pairs = list(pairs)
    ok = lambda gi, si: compatible(gold[gi][0], system[si])  # noqa: E731
    agree = lambda gi, si: _agreement(gold[gi][1], events[si])  # noqa: E731
    changed = True
    while changed:
        changed = False
        for a in range(len(pairs)):
            for b in range(a + 1, len(pairs)):
                (g1, s1), (g2, s2) = pairs[a], pairs[b]
                if ok(g1, s2) and ok(g2, s1) and agree(g1, s2) + agree(g2, s1) > agree(g1, s1) + agree(g2, s2):
                    pairs[a], pairs[b], changed = (g1, s2), (g2, s1), True
            free = [gi for gi, (g, _) in enumerate(gold) if not g.optional and gi not in {p[0] for p in pairs}]
            for gi in free:
                g1, s1 = pairs[a]
                if ok(gi, s1) and agree(gi, s1) > agree(g1, s1):
                    pairs[a], changed = (gi, s1), True
    return pairs


def score(path: Path, nlp: Any, *, first_pairing: bool = False) -> dict[str, Any]:
    from recoupe.events.timing import resolve

    counts: Counter[str] = Counter()
    errors: list[str] = []
    for n, entry in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
        doc = nlp(entry["text"])
        events = list(doc._.events or [])
        resolve(events, str(entry["published"]))
        system = [Ev(e.type, tuple(e.source), tuple(e.target), e.factuality, e.speaker) for e in events]
        gold = _gold(entry)
        found, _missed, _fps, _opt = match_item([g for g, _ in gold], system)
        pairs = [(next(i for i, (x, _) in enumerate(gold) if x is g), next(i for i, x in enumerate(system) if x is s))
                 for g, s in found]
        if not first_pairing:
            pairs = repair(pairs, gold, system, events)
        for gi, si in pairs:
            (g, ge), se = gold[gi], events[si]
            counts["matched"] += 1
            if ge.get("date_precision") == "day":
                counts["day_gold"] += 1
                ok = se.date == str(ge.get("date"))
                counts["day_right"] += ok
                if not ok:
                    errors.append(f"[{n}] {g.type} date {se.date} ({se.date_text!r}) for {ge.get('date')} "
                                  f"({ge.get('date_text')!r})")
            place_ok = (se.place_code or None) == (ge.get("place_code") or None)
            counts["place_right"] += place_ok
            if not place_ok:
                errors.append(f"[{n}] {g.type} place {se.place_code} ({se.place!r}) for {ge.get('place_code')} "
                              f"({ge.get('place')!r})")
            for side, kinds in (("source", "source_kind"), ("target", "target_kind")):
                for code, kind in zip(ge[side], ge.get(kinds) or [], strict=False):
                    got = dict(zip(getattr(se, side), getattr(se, kinds), strict=False)).get(code)
                    if got is None:
                        continue
                    counts["kind_gold"] += 1
                    counts["kind_right"] += got == kind
                    if got != kind:
                        texts = dict(zip(getattr(se, side), getattr(se, f"{side}_text"), strict=False))
                        errors.append(f"[{n}] {g.type} {side} {code} kind {got} ({texts.get(code)!r}) for {kind}")
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

    res = score(Path(sys.argv[1]), build_nlp(), first_pairing="--first-pairing" in sys.argv)
    print(f"matched events {res['matched']}: date to the day {res['date_day']:.3f} (of {res['day_events']}), "
          f"place country {res['place']:.3f}, actor kind {res['kind']:.3f} (of {res['kind_sides']} sides)")
    if "-v" in sys.argv:
        print("\n".join(res["errors"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
