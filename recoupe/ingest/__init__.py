"""Ingest: article files in, `Document`s out, streaming (the first stage of the pipeline).

    for item in read_paths(["articles/"]):
        if isinstance(item, IngestError): report(item) else: analyse(item)
"""

from __future__ import annotations

from recoupe.ingest.language import SUPPORTED_LANGUAGES, detect_language, language_error
from recoupe.ingest.readers import MAX_BYTES, read_file, read_paths
from recoupe.ingest.sources import SUPPORTED, count_files, iter_files

__all__ = [
    "MAX_BYTES",
    "SUPPORTED",
    "SUPPORTED_LANGUAGES",
    "count_files",
    "detect_language",
    "iter_files",
    "language_error",
    "read_file",
    "read_paths",
]
