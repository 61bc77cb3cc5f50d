"""Coverage of the extractor's data on a set of texts: which constructions, repairs and policy
rules fire, how often, on which sentence first, and which constructions never fire.

    python scripts/coverage.py tests/events/data/devset*.yaml        # dev-set YAML files
    python scripts/coverage.py --examples                             # the constructions' own examples
    python scripts/coverage.py --never FILE...                        # list what never fires
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml


def _texts(paths: list[Path], examples: bool) -> list[str]:
    from recoupe.events.lexicon import default_lexicon

    if examples:
        return [e.text for c in default_lexicon().constructions() for e in c.examples]
    out: list[str] = []
    for p in paths:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        out += [item["text"] for item in data]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--examples", action="store_true", help="run the constructions' own examples")
    parser.add_argument("--never", action="store_true", help="list the constructions that never fire")
    args = parser.parse_args()
    from recoupe.events.lexicon import default_lexicon
    from recoupe.nlp import build_nlp

    nlp = build_nlp()
    rules: Counter[str] = Counter()
    repairs: Counter[str] = Counter()
    first: dict[str, str] = {}
    for text in _texts(args.files, args.examples):
        doc = nlp(text)
        for c in doc._.clauses:
            for r in {*c.repairs, *(a.repair for a in (c.subj, c.obj, *c.comps) if a is not None and a.repair)}:
                repairs[r] += 1
                first.setdefault("repair:" + r, doc[c.pred].sent.text)
        for e in doc._.events or []:
            rules[e.rule] += 1
            first.setdefault(e.rule, e.evidence)
    print(f"{'construction':<36} {'events':>6}  first evidence")
    for rule, n in rules.most_common():
        print(f"{rule:<36} {n:>6}  {first[rule][:90]}")
    print(f"\n{'repair':<36} {'clauses':>6}  first sentence")
    for r, n in repairs.most_common():
        print(f"{r:<36} {n:>6}  {first['repair:' + r][:90]}")
    if args.never:
        never = sorted(c.id for c in default_lexicon().constructions() if c.id not in rules)
        print(f"\nnever fired ({len(never)}): " + ", ".join(never))
    return 0


if __name__ == "__main__":
    sys.exit(main())
