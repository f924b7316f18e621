"""Metadata field hygiene: every field clean of invisible and direction-changing characters, and
bounded in length, whatever the page declared.

A title holding U+202E (right-to-left override) displays reversed wherever it is shown, and a
page may declare a title of a megabyte. Each field passes through the same normalizers as body
text (NFC, invisible and control characters removed, whitespace folded), then its cap from
:class:`~cleaners.config.LimitsConfig`; every cut is recorded as a ``limit`` removal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cleaners import provenance
from cleaners.config import LimitsConfig
from cleaners.model import Image, Removed
from cleaners.normalize import fold_whitespace, strip_invisible, to_nfc

# A cut looks back this far for a space, so a cut title ends on a whole word.
_WORD_BOUNDARY_SLACK = 0.2


def clean_text(value: str | None, *, keep_typographic: bool = False) -> str | None:
    """``value`` composed, without invisible or control characters, whitespace folded; None if empty."""
    if value is None:
        return None
    cleaned = fold_whitespace(strip_invisible(to_nfc(value)), keep_typographic=keep_typographic)
    return cleaned or None


def cut(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a space when one is near the end."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return head[:space] if space >= limit * (1 - _WORD_BOUNDARY_SLACK) else head


@dataclass
class FieldCleaner:
    """Cleans fields one by one and keeps a ``limit`` record of each cut."""

    limits: LimitsConfig
    #: Keep no-break and narrow no-break spaces, as the body does with ``keep_typographic_spaces``.
    keep_typographic: bool = False
    removed: list[Removed] = field(default_factory=list)

    def text(self, value: str | None, limit: int, name: str) -> str | None:
        cleaned = clean_text(value, keep_typographic=self.keep_typographic)
        if cleaned is not None and len(cleaned) > limit:
            self.removed.append(Removed(kind="limit", text=f"{name} cut to {limit} characters (was {len(cleaned)})",
                                        rule=provenance.LIMIT_FIELD))
            cleaned = cut(cleaned, limit)
        return cleaned

    def url(self, value: str | None, name: str) -> str | None:
        """A URL without whitespace or invisible characters; dropped (never cut) when too long."""
        if value is None:
            return None
        cleaned = "".join(strip_invisible(value).split())
        if len(cleaned) > self.limits.max_url_chars:
            self.removed.append(Removed(
                kind="limit", text=f"{name} dropped: {len(cleaned)} characters (at most {self.limits.max_url_chars})",
                rule=provenance.LIMIT_URL))
            return None
        return cleaned or None

    def authors(self, names: Sequence[str]) -> list[str]:
        kept: list[str] = []
        for name in names:
            cleaned = clean_text(name, keep_typographic=self.keep_typographic)
            if cleaned is None or cleaned in kept:
                continue
            if len(cleaned) > self.limits.max_author_chars:
                self.removed.append(Removed(kind="limit", text=f"author dropped: {len(cleaned)} characters "
                                            f"(at most {self.limits.max_author_chars}): {cut(cleaned, 80)}",
                                            rule=provenance.LIMIT_AUTHOR))
                continue
            kept.append(cleaned)
        if len(kept) > self.limits.max_authors:
            self.removed.append(Removed(kind="limit", text=f"{len(kept) - self.limits.max_authors} authors beyond "
                                        f"the first {self.limits.max_authors} dropped", rule=provenance.LIMIT_AUTHORS))
            kept = kept[: self.limits.max_authors]
        return kept

    def image(self, image: Image | None, name: str) -> Image | None:
        if image is None:
            return None
        url = self.url(image.url, f"{name} URL")
        caption = self.text(image.caption, self.limits.max_caption_chars, f"{name} caption")
        alt = self.text(image.alt, self.limits.max_caption_chars, f"{name} alt text")
        if url is None and caption is None and alt is None:
            return None
        return Image(url=url, caption=caption, alt=alt)

    def images(self, images: Sequence[Image]) -> list[Image]:
        cleaned = [found for found in (self.image(image, "image") for image in images) if found is not None]
        if len(cleaned) > self.limits.max_images:
            self.removed.append(Removed(kind="limit", text=f"{len(cleaned) - self.limits.max_images} images beyond "
                                        f"the first {self.limits.max_images} dropped", rule=provenance.LIMIT_IMAGES))
            cleaned = cleaned[: self.limits.max_images]
        return cleaned
