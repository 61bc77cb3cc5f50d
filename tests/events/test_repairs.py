"""Every named parser repair fires on its own example (recoupe/events/repairs.py): the clause reader
notes the repairs it applies on each clause record."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.events.repairs import REPAIRS, retag

pytestmark = pytest.mark.model

# repairs applied outside the clause reader's slots
_ELSEWHERE = {"mistagged_verb", "infinitive_host", "verb_lemma"}


@pytest.mark.parametrize("name", sorted(set(REPAIRS) - _ELSEWHERE))
def test_repair_fires_on_its_example(nlp: Any, name: str) -> None:
    doc = nlp(REPAIRS[name].example)
    noted = {r for c in doc._.clauses for r in c.repairs} | {
        a.repair for c in doc._.clauses for a in (c.subj, c.obj, *c.comps) if a is not None}
    assert name in noted, f"{REPAIRS[name].example}: repairs noted {sorted(noted)}"


def test_mistagged_verb_is_retagged(nlp: Any) -> None:
    doc = nlp.make_doc(REPAIRS["mistagged_verb"].example)
    for _name, proc in nlp.pipeline:
        if _name == "recoupe_events":
            break
        doc = proc(doc)
    assert retag(doc, frozenset({"livrer"})), [(t.text, t.pos_) for t in doc]


def test_infinitive_host_controls_its_infinitive(nlp: Any) -> None:
    doc = nlp(REPAIRS["infinitive_host"].example)
    procurer = next(t for t in doc if t.lemma_ == "procurer")
    assert REPAIRS["infinitive_host"].fn(procurer).lemma_ == "tentative"


def test_a_verb_lemmatised_as_itself_takes_its_infinitive(nlp: Any) -> None:
    doc = nlp(REPAIRS["verb_lemma"].example)
    assert "chercher" in {t.lemma_ for t in doc}
