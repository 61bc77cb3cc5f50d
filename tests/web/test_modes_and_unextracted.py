"""The story and claim pages and their API on both back-ends: a claim says its mode (a request for
an act is no report of it, and reads as one), and an outlet whose text states what two others
report, though no event was read from it, is "not extracted" there, with its sentence, never
said to omit it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pg_schemas import BACKENDS, Schemas, pg_server

from recoupe.claims.merge import merge_claims
from recoupe.records import ActorMention, Document, Event
from recoupe.store import Store
from recoupe.web.app import create_app

STORY = "s-tir"
TEXTS = {
    "a": ("Tir de missile\nLe Japon a protesté contre la Corée du Nord après le tir. "
          "Hun Sen a demandé à la Thaïlande de retirer ses troupes."),
    "b": "Tir nord-coréen\nLe Japon a protesté contre la Corée du Nord, selon Tokyo.",
    # states the protest, but the extractor read no event from it
    "c": "Pyongyang tire encore\nLe Japon a <b>vivement</b> protesté. La Corée du Nord se tait.",
}
OUTLETS = {"a": "Le Monde", "b": "Libération", "c": "Ouest-France"}
PROTEST = "Le Japon a protesté contre la Corée du Nord"


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _mention(doc: str, code: str, part: str) -> ActorMention:
    return ActorMention(code, part, *_span(TEXTS[doc], part), "state")


def _protest(doc: str) -> Event:
    start, end = _span(TEXTS[doc], PROTEST)
    return Event(doc, start, end, "ACCUSE", ["JPN"], ["PRK"], evidence=PROTEST, trigger="protester",
                 trigger_start=TEXTS[doc].index("protesté"))


def build(path: str) -> str:
    docs = {d: Document.make(d, text, title=text.partition("\n")[0], outlet=OUTLETS[d],
                             published=f"2024-03-0{k}") for k, (d, text) in enumerate(TEXTS.items(), 1)}
    text = TEXTS["a"]
    start, end = _span(text, "retirer ses troupes")
    retreat = Event("a", start, end, "RETREAT", ["THA"], ["KHM"], object="troupes", evidence="retirer ses troupes",
                    trigger="retirer", trigger_start=start)
    events = {"a": [_protest("a"), retreat], "b": [_protest("b")], "c": []}
    actors = {"a": [_mention("a", "JPN", "Le Japon"), _mention("a", "PRK", "la Corée du Nord")],
              "b": [_mention("b", "JPN", "Le Japon"), _mention("b", "PRK", "la Corée du Nord")],
              "c": [_mention("c", "JPN", "Le Japon"), _mention("c", "PRK", "La Corée du Nord")]}
    with Store(path) as store:
        for d, doc in docs.items():
            store.save_document(doc, events[d], actors[d])
        store.set_stories({d: STORY for d in docs})
        evs = [e for d in docs for e in store.events(doc=d)]
        store.replace_claims(STORY, merge_claims(STORY, evs, docs))
    return path


@pytest.fixture(scope="module", params=BACKENDS)
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    if request.param == "sqlite":
        path = build(str(Path(tmp_path_factory.mktemp("modes")) / "web.db"))
        with TestClient(create_app(path)) as c:
            yield c
        return
    schemas = Schemas(pg_server())
    try:
        with TestClient(create_app(build(schemas.make()))) as c:
            yield c
    finally:
        schemas.drop()


def _claims(client: TestClient) -> dict[str, dict[str, object]]:
    body = client.get(f"/api/stories/{STORY}").json()
    return {str(c["type"]): c for c in body["claim_items"]}


def test_a_requested_act_is_a_claim_of_its_own_and_reads_as_a_request(client: TestClient) -> None:
    retreat = _claims(client)["RETREAT"]
    assert retreat["mode"] == "requested" and str(retreat["code"]).endswith(", requested")
    assert retreat["sentence"] == "Il est demandé à la Thaïlande de reculer face au Cambodge (troupes)"
    claim = client.get(str(retreat["url"]).replace("/claims/", "/api/claims/")).json()
    assert claim["mode"] == "requested"
    page = client.get(str(retreat["url"])).text
    assert "Il est demandé à la Thaïlande" in page and "requested" in page
    assert _claims(client)["ACCUSE"]["mode"] == "act"


def test_an_outlet_whose_text_states_the_claim_is_not_said_to_omit_it(client: TestClient) -> None:
    accuse = _claims(client)["ACCUSE"]
    assert accuse["cells"] == {"Le Monde": "asserted", "Libération": "asserted"}
    assert accuse["not_extracted"] == {"Ouest-France": "Le Japon a <b>vivement</b> protesté."}
    views = {v["outlet"]: v for v in client.get(f"/api/stories/{STORY}").json()["views"]}
    assert views["Ouest-France"]["omits"] == [] and views["Ouest-France"]["not_extracted"] == [accuse["id"]]
    page = client.get(f"/stories/{STORY}").text
    assert "f-unextracted" in page and "Not extracted" in page
    assert "Le Japon a &lt;b&gt;vivement&lt;/b&gt; protesté." in page and "<b>vivement" not in page  # text stays text
