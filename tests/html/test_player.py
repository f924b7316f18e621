"""A media player's controls are not the article; its caption and the prose around it are."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from cleaners import extract
from cleaners.html.player import remove_player_controls

_PROSE = (
    "The hotel inspector said most guests never check the mattress seams, which is where the trouble "
    "starts, and that a torch and two minutes are enough to know whether to unpack. "
)
_PLAYER = (
    '<div class="player" role="region" aria-label="video player"><video src="/clip.mp4"></video>'
    '<div role="button"><span>Play Video</span></div>'
    '<div class="bar" role="group"><button>Play</button><div>Current Time 0:00</div><div>/</div>'
    '<div>Duration Time 1:42</div><div role="slider">Progress: 0%</div><button>Fullscreen</button></div>'
    '<div role="dialog"><p>This is a modal window.</p></div></div>'
)


def _page(player: str) -> str:
    paragraphs = "".join(f"<p>{_PROSE}</p>" for _ in range(4))
    return (
        f"<html><body><article><h1>Check the seams</h1>{paragraphs}"
        f"<div class='video'>{player}<p>Video shows the inspector at work</p></div>"
        f"{paragraphs}</article></body></html>"
    )


def test_controls_are_removed_and_recorded_caption_stays() -> None:
    article = extract(_page(_PLAYER).encode())
    for label in ("Play Video", "Current Time", "Fullscreen", "modal window"):
        assert label not in article.text
    assert "Video shows the inspector at work" in article.text
    records = [record for record in article.removed if record.rule == "media.player_controls"]
    assert len(records) == 1 and records[0].text.startswith("Play Video")


def test_a_video_inside_the_article_text_is_no_player() -> None:
    # The article's own container holds a video and a share button: too much text for a player.
    page = f"<body><div class='post'><video src='/a.mp4'></video><button>Share</button>{f'<p>{_PROSE}</p>' * 9}</div></body>"
    tree = LexborHTMLParser(page)
    assert tree.body is not None
    assert remove_player_controls(tree.body, 200) == []
    assert tree.body.text().count("mattress seams") == 9


def test_a_player_keeps_a_heading_or_prose_beside_its_controls() -> None:
    player = (
        "<div><video></video><button>Play</button><h3>Episode 4: The seams</h3>"
        f"<p>{_PROSE}</p></div>"
    )
    tree = LexborHTMLParser(f"<body>{player}</body>")
    assert tree.body is not None
    records = remove_player_controls(tree.body, 200)
    assert [record.text for record in records] == ["Play"]
    assert "Episode 4" in tree.body.text() and "mattress seams" in tree.body.text()
