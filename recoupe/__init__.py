"""recoupe: cross-check the news — sourced PLOVER events from French articles."""

__version__ = "0.1.0"
