"""One base exception; subclasses carry the document and the stage that failed."""

from __future__ import annotations

import logging
import re
from pathlib import PurePath

_LINE_SUFFIX = re.compile(r":\d+$")  # "feed.jsonl:12": the line of a .jsonl


class RecoupeError(Exception):
    """Base of every error recoupe raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, path: str | None = None, doc: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.doc = doc

    def line(self) -> str:
        """One clear line for the terminal: where, code, what."""
        where = self.path or self.doc or "-"
        if self.path and self.doc and self.doc != PurePath(_LINE_SUFFIX.sub("", self.path)).stem:
            where = f"{self.path} (id {self.doc})"  # a .jsonl line, or an id made unique
        return f"{where}: [{self.code}] {self.message}"


class IngestError(RecoupeError):
    """A file could not be read as an article (binary, empty, too big, malformed)."""

    code = "E100"


class FetchError(IngestError):
    """A URL could not be fetched: network failure, timeout, HTTP error, robots.txt refusal.

    `transient` errors (timeouts, 429, 5xx) may succeed later, so `watch` tries them again
    next cycle; the others (404, robots.txt disallow) are remembered and not retried.
    """

    code = "E120"

    def __init__(self, message: str, *, url: str, status: int | None = None, transient: bool = False) -> None:
        super().__init__(message, path=url)
        self.url = url
        self.status = status
        self.transient = transient


class LanguageError(RecoupeError):
    """The article is not in a language recoupe analyses."""

    code = "E110"


class AnalysisError(RecoupeError):
    """The NLP stage failed on a document."""

    code = "E200"


class EngineError(RecoupeError):
    """The worker processes or the Dask cluster could not be started or reached."""

    code = "E210"


class StoreError(RecoupeError):
    """The database could not be opened or written."""

    code = "E300"


class UnknownActorError(RecoupeError):
    """An actor asked for (`--actor`) that is neither a code of the store or the gazetteer nor a
    name, demonym or capital the gazetteer resolves; `path` names the store."""

    code = "E311"


class InputWarning(RecoupeError):
    """A value of an input was unusable and set aside (the document itself is analysed):
    logged on the `recoupe` logger, one line each, never raised."""

    code = "W100"


class IdWarning(InputWarning):
    """A document's id was already taken by another input; it was stored under another id."""

    code = "W110"


def warn(problem: InputWarning) -> None:
    """Report `problem` on the `recoupe` logger; the CLI prints it as one line."""
    logging.getLogger("recoupe.ingest").warning("%s", problem.line(), extra={"problem": problem})
