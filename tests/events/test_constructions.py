"""Every example of every construction (recoupe/events/data/constructions/*.yaml) gives the events it
says it gives: one generic test over the data, so a new construction is a new entry, not new code."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.events.lexicon import Construction, Expected, default_lexicon
from recoupe.records import Event

from .expectations import explain, satisfied

CONSTRUCTIONS = default_lexicon().constructions()
EXAMPLES = [(c, k) for c in CONSTRUCTIONS for k in range(len(c.examples))]


def test_every_construction_has_an_example() -> None:
    missing = sorted({c.id for c in CONSTRUCTIONS if not c.examples})
    assert not missing, f"constructions without an example: {missing}"


@pytest.mark.model
@pytest.mark.parametrize(("construction", "k"), EXAMPLES, ids=[f"{c.id}.{k}" for c, k in EXAMPLES])
def test_construction_example_gives_its_events(nlp: Any, construction: Construction, k: int) -> None:
    example = construction.examples[k]
    events: list[Event] = list(nlp(example.text)._.events or [])
    if not example.events:
        assert not events, explain(example.text, (), events)
    missing: list[Expected] = [e for e in example.events if not satisfied(e, events)]
    assert not missing, explain(example.text, missing, events)
