"""Every rule of the PLOVER coding policy (recoupe/events/data/policy.yaml) codes its own example as
the example says, and the table is validated when it is loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from recoupe.events.grammar import LexiconError
from recoupe.events.lexicon import parse_expected
from recoupe.events.policy import load_policy

from .expectations import explain, satisfied

RULES = load_policy()


@pytest.mark.model
@pytest.mark.parametrize("k", range(len(RULES)), ids=[r.name for r in RULES])
def test_policy_rule_example(nlp: Any, k: int) -> None:
    text, _, expect = RULES[k].example.partition("=>")
    expected = [parse_expected(RULES[k].name, e) for e in expect.split(";") if e.strip()]
    events = list(nlp(text.strip())._.events or [])
    missing = [e for e in expected if not satisfied(e, events)]
    assert not missing, explain(text, missing, events)


def test_unknown_keys_and_finders_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "policy.yaml"
    bad.write_text("rules:\n  - {name: x, when: {colour: red}, then: {drop: true}}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="E130"):
        load_policy(bad)
    bad.write_text("rules:\n  - {name: x, when: {}, then: {target_from: nowhere}}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="E131"):
        load_policy(bad)
