"""The JSON API's response records (pydantic), which FastAPI publishes in /api/openapi.json."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ListPage(BaseModel):
    total: int = Field(description="rows the filters select, over all pages")
    limit: int
    offset: int


class StoryItem(BaseModel):
    story: str
    title: str = Field(description="headline of the story's earliest document")
    docs: int
    outlets: int
    first: str | None
    last: str | None
    claims: int
    contested: int
    url: str


class StoriesPage(ListPage):
    actor_codes: list[str] | None = Field(None, description="codes the actor filter resolved to")
    items: list[StoryItem]


class DocumentItem(BaseModel):
    id: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None = Field(description="the article's address (http or https only)")
    page: str = Field(description="this document's page in recoupe")
    copy_of: str | None = Field(None, description="the document this one repeats (wire copy)")


class ClaimItem(BaseModel):
    id: str
    type: str
    source: list[str]
    target: list[str]
    objects: list[str]
    mode: str = Field(description="act | intended | requested: a report of the act, an intention to act and a "
                                  "request that someone act are three claims")
    code: str = Field(description="the claim as codes: 'PRK AID RUS (obus)'")
    sentence: str = Field(description="the claim as a French sentence built from the record")
    status: str = Field(description="corroborated | single | contested (a mention denies it)")
    independent_outlets: int
    cells: dict[str, str] = Field(description="outlet -> the factuality it gives the claim")
    evidence: dict[str, str] = Field(description="outlet -> the sentence the cell was read from")
    not_extracted: dict[str, str] = Field(description="outlet without a mention of the claim -> the sentence of its "
                                                      "text that may state it (no event was read there)")
    url: str


class OutletItem(BaseModel):
    outlet: str
    docs: list[str]
    adds: list[str] = Field(description="claim ids only this outlet reports")
    omits: list[str] = Field(description="claim ids two or more other independent outlets report and its text "
                                         "does not state")
    not_extracted: list[str] = Field(description="claim ids two or more other independent outlets report that its "
                                                 "text may state, though no event of them was read from it")
    copies_of: list[str]


class StoryOut(BaseModel):
    story: str
    title: str
    first: str | None
    last: str | None
    outlets: list[str]
    documents: list[DocumentItem]
    views: list[OutletItem]
    claims: ListPage
    claim_items: list[ClaimItem] = Field(description="this page of the claims, contested first")


class MentionItem(BaseModel):
    event: str
    doc: str
    outlet: str
    published: str | None
    factuality: str
    speaker: str | None
    start: int
    end: int
    evidence: str
    sentence: str
    copy_of: str | None
    document: str


class ClaimOut(BaseModel):
    id: str
    story: str
    type: str
    source: list[str]
    target: list[str]
    objects: list[str]
    mode: str = Field(description="act | intended | requested")
    code: str
    sentence: str
    status: str
    independent_outlets: int = Field(description="outlets counted once per group of wire copies")
    outlets: list[str]
    speakers: list[str]
    mentions: ListPage
    mention_items: list[MentionItem]


class EventItem(BaseModel):
    id: str
    doc: str
    start: int
    end: int
    type: str
    context: str | None
    source: list[str]
    target: list[str]
    object: str | None
    factuality: str
    speaker: str | None
    evidence: str
    sentence: str
    claim: str | None
    story: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None


class EventsPage(ListPage):
    actor_codes: list[str] | None = None
    items: list[EventItem]


class DocumentOut(DocumentItem):
    story: str | None
    text: str
    events: ListPage
    event_items: list[EventItem]


class ActorOut(BaseModel):
    code: str
    name: str
    kind: str | None = Field(description="state, igo, group, person... as the gazetteer or the texts tag it")
    events: int
    as_source: int
    as_target: int
    first: str | None
    last: str | None
    written: list[str] = Field(description="how the texts write it, most frequent first")


class GraphNode(BaseModel):
    id: str
    label: str
    mentions: int
    focus: bool


class GraphEdge(BaseModel):
    source: str
    target: str
    type: str
    firm: bool = Field(description="asserted or reported; false: alleged, possible, intended or denied")
    mentions: int


class GraphOut(BaseModel):
    code: str
    events: int
    truncated: bool
    nodes: list[GraphNode]
    edges: list[GraphEdge]


class OutletCount(BaseModel):
    outlet: str
    docs: int


class OutletsPage(ListPage):
    items: list[OutletCount]
