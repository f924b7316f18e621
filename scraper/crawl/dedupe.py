"""Near-duplicate articles across URLs (the same story on two paths), by 128-bit simhash.

Each article's words are cut into overlapping 2-word shingles; the simhash of the shingles
differs in few bits for texts that differ in few words. On 200-word stories one changed word
moved the hash by at most 10 of 128 bits while distinct stories stayed 40 or more apart,
hence the default threshold of 12 bits. The index splits each hash into
``bits + 1`` bands: two hashes within ``bits`` differing bits agree on at least one whole band
(pigeonhole), so a lookup only compares against articles sharing a band.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict

_WORD = re.compile(r"\w+")
BITS = 128
_SHINGLE = 2


def simhash(text: str) -> int:
    """The 128-bit simhash of ``text``'s casefolded word 2-shingles (0 for an empty text)."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if not words:
        return 0
    shingles = [" ".join(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))]
    import numpy  # here, not at the top: the crawl's own process only compares hashes

    digests = b"".join(hashlib.blake2b(s.encode("utf-8"), digest_size=BITS // 8).digest() for s in shingles)
    # One row of BITS bits per shingle, most significant first; a bit is set when most shingles set it.
    rows = numpy.unpackbits(numpy.frombuffer(digests, dtype=numpy.uint8)).reshape(len(shingles), BITS)
    majority = rows.sum(axis=0, dtype=numpy.int64) * 2 > len(shingles)
    return int.from_bytes(numpy.packbits(majority).tobytes(), "big")


def distance(a: int, b: int) -> int:
    """Number of differing bits."""
    return (a ^ b).bit_count()


class NearDuplicateIndex:
    """Simhashes of written articles by URL; finds a written article within ``bits`` of a new one."""

    def __init__(self, bits: int) -> None:
        self.bits = bits
        bands = bits + 1
        self._widths = [(BITS * i // bands, BITS * (i + 1) // bands) for i in range(bands)]
        self._bands: defaultdict[tuple[int, int], dict[str, int]] = defaultdict(dict)
        self._by_url: dict[str, int] = {}

    def _keys(self, value: int) -> list[tuple[int, int]]:
        return [(i, (value >> lo) & ((1 << (hi - lo)) - 1)) for i, (lo, hi) in enumerate(self._widths)]

    def add(self, url: str, value: int) -> None:
        """Record (or replace) the simhash of the article written for ``url``."""
        self.remove(url)
        self._by_url[url] = value
        for key in self._keys(value):
            self._bands[key][url] = value

    def remove(self, url: str) -> None:
        old = self._by_url.pop(url, None)
        if old is not None:
            for key in self._keys(old):
                self._bands[key].pop(url, None)

    def find(self, url: str, value: int) -> str | None:
        """Another URL whose article is within ``bits`` of ``value``; the closest, then the first."""
        if value == 0:
            return None
        best: tuple[int, str] | None = None
        for key in self._keys(value):
            for other, other_value in self._bands.get(key, {}).items():
                if other == url:
                    continue
                gap = distance(value, other_value)
                if gap <= self.bits and (best is None or (gap, other) < best):
                    best = (gap, other)
        return best[1] if best else None

    def __len__(self) -> int:
        return len(self._by_url)
