"""The per-document stage in this process: the reference every other engine must equal."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from recoupe.engines import Chunk, Engine
from recoupe.engines.analysis import Analysis, analyse, model


class SerialEngine(Engine):
    name = "local"
    workers = 1

    def start(self) -> None:
        model()

    def warm_up(self) -> None:
        model()

    def map(self, chunks: Iterable[Chunk]) -> Iterator[tuple[Chunk, list[Analysis]]]:
        for chunk in chunks:
            yield chunk, analyse(chunk)
