"""One base exception; subclasses carry the document and the stage that failed."""

from __future__ import annotations


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
        return f"{where}: [{self.code}] {self.message}"


class IngestError(RecoupeError):
    """A file could not be read as an article (binary, empty, too big, malformed)."""

    code = "E100"


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
