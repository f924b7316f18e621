"""Property tests: random and mutated HTML always yields a schema-valid article or a cleaners error."""

from __future__ import annotations

from pathlib import Path

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import DEFAULT_CONFIG, Article, CleanersError, ExtractConfig
from cleaners.html import extract_html
from cleaners.schema import load_article_schema

VALIDATOR = jsonschema.Draft202012Validator(load_article_schema())
PAGES = sorted((Path(__file__).parent / "pages").glob("*.html"))
TAGS = ["div", "p", "span", "a", "ul", "ol", "li", "table", "tr", "td", "h1", "h2", "h3", "blockquote", "pre",
        "figure", "figcaption", "img", "br", "nav", "header", "footer", "aside", "form", "input", "script", "article"]
ATTRS = ['', ' class="comments"', ' id="respond"', ' hidden', ' style="display:none"', ' class="share social"',
         ' aria-hidden="true"', ' class="related-posts"', ' role="navigation"', ' src="/a.png"', ' href="#x"',
         ' src="http://[::1"', ' srcset="a.png 1x, b.png 2x"', ' data-src="//[bad"']
WORDS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(content: str | bytes, config: ExtractConfig = DEFAULT_CONFIG) -> None:
    try:
        article = extract_html(content, url="https://example.org/page/", config=config)
    except CleanersError:
        return
    assert isinstance(article, Article)
    VALIDATOR.validate(article.to_dict())
    assert article.text == "\n\n".join(block.text for block in article.body)
    assert all(block.text.strip() for block in article.body)


@st.composite
def html_fragments(draw: st.DrawFn) -> str:
    """Tags, attributes and text in any order: unbalanced, unclosed, nested at random."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 60))):
        choice = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(TAGS))
        if choice == 0:
            parts.append(f"<{tag}{draw(st.sampled_from(ATTRS))}>")
        elif choice == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(WORDS))
    return "".join(parts)


@SETTINGS
@given(html_fragments())
def test_random_markup_gives_a_valid_article(html: str) -> None:
    _check(html)
    _check(html, ExtractConfig(use_trafilatura=False))


@SETTINGS
@given(st.binary(max_size=2_000))
def test_random_bytes_give_an_article_or_a_cleaners_error(data: bytes) -> None:
    _check(data)


@SETTINGS
@given(
    page=st.sampled_from(PAGES),
    cuts=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 200)), max_size=8),
    insert=html_fragments(),
)
def test_mutated_pages_give_a_valid_article(page: Path, cuts: list[tuple[float, int]], insert: str) -> None:
    """Real-looking pages with slices deleted and random markup spliced in."""
    html = page.read_text("utf-8")
    for where, length in cuts:
        start = int(where * len(html))
        html = html[:start] + html[start + length :]
    middle = len(html) // 2
    _check(html[:middle] + insert + html[middle:])


@SETTINGS
@given(st.sampled_from(PAGES), st.lists(st.integers(0, 255), min_size=1, max_size=20), st.floats(0, 1))
def test_pages_with_corrupted_bytes(page: Path, noise: list[int], where: float) -> None:
    data = page.read_bytes()
    at = int(where * len(data))
    _check(data[:at] + bytes(noise) + data[at:])
