"""The spaCy pipeline: the French model plus recoupe's actor and event components."""

from .model import MODEL, build_nlp

__all__ = ["MODEL", "build_nlp"]
