"""The plain-text path: page dumps, other scrapers' text output, web-archive text records."""

from cleaners.text.pipeline import extract_text

__all__ = ["extract_text"]
