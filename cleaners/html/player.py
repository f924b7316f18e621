"""Media players' controls: the text a video or audio player draws around its media.

A scripted player (Video.js, JW Player, Plyr, a site's own) wraps its ``<video>`` or ``<audio>``
in a container of controls: a play button, a progress bar, time read-outs ("Current Time 0:00"),
settings dialogs. A reader sees icons and a picture; read as text, the labels land in the
article. They are found by structure: the media's container holds controls (buttons, sliders,
progress bars), and its other children are the player's chrome, not the article, unless they
carry a caption, a heading or a paragraph of prose.
"""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from cleaners import provenance
from cleaners.html.text import fold
from cleaners.model import Removed

_MEDIA = "video, audio"
_CONTROLS = "button, [role=button], [role=slider], [role=progressbar], [role=timer], input[type=range], progress"
_KEPT = "figcaption, h1, h2, h3, h4, h5, h6"
# A player's chrome is short; a container with more text than this around its media is a part of
# the page that holds a video, not a player.
_MAX_CHROME_CHARS = 1000
# A paragraph this long is prose, not a control's label.
_PROSE_CHARS = 120
_CLIMB = 3


def remove_player_controls(root: LexborNode, audit_chars: int) -> list[Removed]:
    """Remove the chrome of each media player; one record per player."""
    records: list[Removed] = []
    done: set[int] = set()
    for media in root.css(_MEDIA):
        player = _player(media)
        if player is None or player.mem_id in done:
            continue
        done.add(player.mem_id)
        chrome = [child for child in _element_children(player) if _is_chrome(child)]
        text = fold(" ".join(child.text(separator=" ") for child in chrome))
        for child in chrome:
            child.decompose()
        if text:
            records.append(Removed(kind="navigation", text=text[:audit_chars], rule=provenance.PLAYER_CONTROLS))
    return records


def _player(media: LexborNode) -> LexborNode | None:
    """The nearest container of ``media`` that also holds controls, if its text is chrome-sized."""
    node = media.parent
    for _ in range(_CLIMB):
        if node is None or node.tag in ("body", "html", "-document"):
            return None
        if node.css_first(_CONTROLS) is not None:
            chars = len(node.text(strip=True))
            return node if chars <= _MAX_CHROME_CHARS and len(node.css(_MEDIA)) == 1 else None
        node = node.parent
    return None


def _element_children(node: LexborNode) -> list[LexborNode]:
    return [child for child in node.iter() if child.is_element_node]


def _is_chrome(child: LexborNode) -> bool:
    if child.tag in ("video", "audio", "source", "track", "script", "style"):
        return False
    if child.css_matches(_KEPT) or child.css_first(_KEPT) is not None:
        return False
    return all(len(paragraph.text(strip=True)) < _PROSE_CHARS for paragraph in child.css("p"))
