"""The title is the headline a reader sees: declared titles and the page's <h1> read together."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaners.metadata.heading_text import respace, tidy_heading
from cleaners.metadata.headline import TitleEvidence, choose_headline
from cleaners.metadata.rules import metadata_rules
from tests.metadata.pages import page_metadata


def page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_h1_that_matches_a_title_part_is_the_headline_without_the_section() -> None:
    meta = page_metadata(page(
        '<meta property="og:title" content="Kayaks | Boats &amp; Water | Outdoor Co-op">',
        "<nav><a href=/>Outdoor Co-op</a></nav><h1>Kayaks</h1><p>Our kayaks.</p>",
    ))
    assert meta.title == "Kayaks"
    assert meta.title_source == "h1"


def test_logo_h1_marks_the_site_part_and_is_never_the_title() -> None:
    # The site's name set as an <h1> in the header: equal to the title's last part.
    meta = page_metadata(page(
        "<title>Why herbs keep pests away – Green Thumb Notes</title>",
        "<header><h1>Green Thumb Notes</h1></header><article><p>Text.</p></article>",
    ))
    assert meta.title == "Why herbs keep pests away"
    both = page_metadata(page(
        "<title>Certificate vs certification | Example Online</title>",
        "<h1> Example Online </h1><h1>Certificate vs certification</h1>",
    ))
    assert both.title == "Certificate vs certification"


def test_a_hash_that_ends_a_name_is_no_anchor_mark() -> None:
    # "C#" and "F#" end in the sign that some generators append as a heading's anchor link.
    meta = page_metadata(page("<title>Getting started with C# | Dev Notes</title>", "<h1>Getting started with C#</h1>"))
    assert meta.title == "Getting started with C#"
    assert tidy_heading("Installation¶") == "Installation"
    assert tidy_heading("json — JSON encoder and decoder ¶") == "json — JSON encoder and decoder"
    assert tidy_heading("Options #") == "Options"
    assert tidy_heading("What is F#") == "What is F#"


def test_h1_after_the_site_in_the_title_is_the_headline_not_a_logo() -> None:
    # "Site | Headline" is all the page declares; its <h1> shows the headline, the title's last part.
    article = "<article><h1>Council votes to rebuild the old bridge</h1><p>Text.</p></article>"
    bare = page_metadata(page("<title>Daily Planet - Council votes to rebuild the old bridge</title>", article))
    assert bare.title == "Council votes to rebuild the old bridge"
    short = "<article><h1>Bridge to be rebuilt</h1><p>Text.</p></article>"
    named = page_metadata(page(
        '<title>Daily Planet | Bridge to be rebuilt</title><meta property="og:site_name" content="Daily Planet">', short
    ))
    assert named.title == "Bridge to be rebuilt"
    # A home page's "Brand | Tagline" shows its tagline as the <h1>: the brand stays the title.
    home = page_metadata(page(
        '<title>Daily Planet | News that matters to all of us</title><link rel="canonical" href="https://planet.example/">',
        "<h1>News that matters to all of us</h1><p>Text.</p>",
    ))
    assert home.title == "Daily Planet"


def test_h1_equal_to_a_whole_declared_title_is_no_logo_where_another_title_puts_the_site_first() -> None:
    # "Site | Headline" in og:title makes the headline its last part; a declared title that is the
    # headline alone shows the <h1> is the headline, not the site's logo.
    meta = page_metadata(page(
        '<meta property="og:title" content="Hedgerow Review | Why moths fly at night">'
        '<meta name="title" content="Why moths fly at night">',
        "<h1>Why moths fly at night</h1><p>Text.</p>",
    ))
    assert meta.title == "Why moths fly at night"


def test_reworded_h1_that_shares_most_words_is_the_headline() -> None:
    meta = page_metadata(page(
        '<meta property="og:title" content="Best sewing machines for beginners: my top 7">',
        "<h1>The 7 best sewing machines for a beginner</h1><p>Text.</p>",
    ))
    assert meta.title == "The 7 best sewing machines for a beginner"


def test_slogan_h1_that_shares_few_words_leaves_the_declared_title() -> None:
    meta = page_metadata(page(
        '<meta property="og:title" content="Small business accounting software | Ledgerly">',
        "<h1>Keep your books in order without the stress</h1>",
    ))
    assert meta.title == "Small business accounting software"
    assert meta.title_source == "og:title"


def test_breadcrumb_name_in_microdata_is_not_a_title() -> None:
    meta = page_metadata(page(
        "<title>Which release fixed the resolver? - General - Example Forums</title>",
        '<ol itemscope itemtype="https://schema.org/BreadcrumbList"><li itemprop="itemListElement" itemscope '
        'itemtype="https://schema.org/ListItem"><a itemprop="item" href="/"><span itemprop="name">Board index</span>'
        "</a></li></ol><div><p>post</p></div>",
    ))
    assert meta.title == "Which release fixed the resolver?"


def test_heading_text_keeps_the_declared_spacing_and_loses_anchor_marks() -> None:
    meta = page_metadata(page(
        '<meta property="og:title" content="How AI can cut your planning cycle | Example">',
        "<h1>How AI can cut your planning C<span>ycle</span> ¶</h1>",
    ))
    assert meta.title == "How AI can cut your planning Cycle"
    assert tidy_heading("json — JSON encoder and decoder ¶") == "json — JSON encoder and decoder"


def test_heading_keeps_its_own_spaces_between_digits() -> None:
    # The share card writes the measurement without spaces; the page shows "30 1/8" in one text node.
    meta = page_metadata(page(
        '<meta property="og:title" content="KALLAX shelf unit, white, 301/8x575/8&quot; - Shop">',
        '<h1><span>KALLAX</span> <span>Shelf unit, white, <a href="#">30 1/8x57 5/8"</a></span></h1>',
    ))
    assert meta.title == 'KALLAX Shelf unit, white, 30 1/8x57 5/8"'


def test_section_number_before_a_manual_heading_is_not_its_title() -> None:
    # A book's chapter page numbers its <h1>; its <title> names the chapter without the number.
    meta = page_metadata(page(
        "<title>Tool - Branches in a Nutshell</title>",
        "<h1>3.1 Tool Branching - Branches in a Nutshell</h1><p>Text.</p>",
    ))
    assert meta.title == "Tool Branching - Branches in a Nutshell"
    # A number the declared title holds as well is the headline's own.
    kept = page_metadata(page(
        '<meta property="og:title" content="2.5 million visitors came to the fair | Example">',
        "<h1>2.5 million visitors came to the fair</h1>",
    ))
    assert kept.title == "2.5 million visitors came to the fair"


@given(st.text(max_size=60), st.text(max_size=60))
def test_respace_changes_only_spaces(shown: str, written: str) -> None:
    out = respace(shown, written)
    assert out == shown or [c for c in out if not c.isspace()] == [c for c in shown if not c.isspace()]


def test_byline_without_a_telling_class_is_found_by_its_leading_word() -> None:
    meta = page_metadata(page(
        "<title>Soil notes</title>",
        '<h1>Soil notes</h1><div class="meta"><p class="text-sm">By <!-- --><a href="/people/jane">Jane Roe</a></p></div>'
        "<p>Text of the article.</p>",
    ))
    assert meta.authors == ("Jane Roe",)


def test_sentence_that_starts_with_by_is_not_a_byline() -> None:
    meta = page_metadata(page(
        "<title>Newsletter</title>",
        "<h1>Newsletter</h1><form><p>By submitting this form, you agree to our terms.</p></form><p>Text.</p>",
    ))
    assert meta.authors == ()


def test_byline_label_in_its_own_element_names_the_author_in_the_next() -> None:
    meta = page_metadata(page(
        "<title>Soil notes</title>",
        '<h1>Soil notes</h1><div class="meta"><p class="grey">Written by</p><p class="grey">Jane Roe</p></div>'
        "<p>Text of the article.</p>",
    ))
    assert meta.authors == ("Jane Roe",)
    shouted = page_metadata(page("<title>Soil</title>", "<small>WRITTEN BY</small> <p><strong>Ben Kurz</strong></p>"))
    assert shouted.authors == ("Ben Kurz",)


def test_a_label_that_closes_a_menu_item_names_no_one() -> None:
    meta = page_metadata(page(
        "<title>Soil notes</title>",
        '<nav><ul><li><a href="/c"><span>Contributors</span></a></li><li><a href="/l"><span>Local News</span></a></li>'
        "</ul><p>BY INDUSTRY</p><p>Farming Cooperatives</p></nav><h1>Soil notes</h1><p>Text of the article.</p>",
    ))
    assert meta.authors == ()


def test_a_link_to_the_authors_page_names_the_author() -> None:
    meta = page_metadata(page(
        "<title>Soil notes</title>",
        '<h1>Soil notes</h1><p class="meta">by <a href="/author/jane-roe/">Jane Roe</a> · May 3</p><p>Text.</p>',
    ))
    assert meta.authors == ("Jane Roe",)


def test_h1_that_is_the_declared_title_with_a_kicker_before_it_leaves_the_declared_title() -> None:
    meta = page_metadata(page(
        '<meta name="twitter:title" content="Which tent suits a family of four?">',
        "<h1>Thread: Which tent suits a family of four?</h1><p>Text.</p>",
    ))
    assert meta.title == "Which tent suits a family of four?"


def test_h1_headline_stops_at_a_bar() -> None:
    # A bar is never prose: what follows it in the <h1> is a label or tagline.
    meta = page_metadata(page(
        '<meta property="og:title" content="Why moths fly at night | Opinion | Hedgerow Review">',
        "<h1>Why moths fly at night | Opinion</h1><p>Text.</p>",
    ))
    assert meta.title == "Why moths fly at night"


def test_declared_title_that_is_only_the_site_name_gives_way_to_the_h1() -> None:
    meta = page_metadata(page(
        '<meta property="og:title" content="Glowbrand"><meta property="og:url" content="https://www.glowbrand.com/p/set">',
        "<h1>Custom Skincare Set</h1><p>Text.</p>",
    ))
    assert meta.title == "Custom Skincare Set"


def test_double_encoded_title_is_decoded() -> None:
    meta = page_metadata(page(
        "<title>A Beginner\u00e2\u0080\u0099s Guide to Moths | Hedgerow Review</title>",
        "<h1>A Beginner\u00e2\u0080\u0099s Guide to Moths</h1><p>Text.</p>",
    ))
    assert meta.title == "A Beginner\u2019s Guide to Moths"


def test_accented_title_is_not_taken_for_mojibake() -> None:
    meta = page_metadata(page(
        "<title>Crème brûlée à São Paulo, ©2024 | Hedgerow Review</title>",
        "<h1>Crème brûlée à São Paulo, ©2024</h1><p>Text.</p>",
    ))
    assert meta.title == "Crème brûlée à São Paulo, ©2024"


def test_declared_title_whose_template_left_the_headline_out_gives_way_to_the_h1() -> None:
    meta = page_metadata(page("<title>| Hedgerow Review</title>", "<h1>Moth Gadgets</h1><p>Text.</p>"))
    assert meta.title == "Moth Gadgets"


def test_reworded_h1_among_many_section_headings_is_not_the_headline() -> None:
    meta = page_metadata(page(
        '<meta property="og:title" content="Small adventures with small language models">',
        "<h1>Moth Notes</h1><h1>Small is the new large</h1><h1>What is a model?</h1><h1>So many models!</h1>"
        "<p>Text.</p>",
    ))
    assert meta.title == "Small adventures with small language models"


def test_an_h1_that_is_a_declared_title_is_no_logo_even_inside_the_site_name() -> None:
    html = (
        '<html><head><meta property="og:title" content="Smokeless Fire Pits Collection">'
        '<meta property="og:site_name" content="Smokeless Fire Pits Collection Ember Works">'
        "<title>Smokeless Fire Pits Collection Ember Works</title></head><body>"
        "<h1>Smokeless Fire Pits Collection</h1><h1>Learn About Our Smokeless Fire Pits</h1>"
        "<p>Body text.</p></body></html>"
    )
    assert page_metadata(html).title == "Smokeless Fire Pits Collection"


def test_a_lone_h1_names_the_page_whose_only_title_is_site_and_tagline() -> None:
    html = (
        "<html><head><title>Chatter - The heart of the conversation</title></head><body>"
        "<h1>Best laptop for college in 2026? (Price, battery life)</h1><p>Body text.</p></body></html>"
    )
    assert page_metadata(html).title == "Best laptop for college in 2026? (Price, battery life)"


def test_a_title_that_keeps_its_leading_part_is_not_outvoted_by_a_lone_h1() -> None:
    html = (
        "<html><head><title>Investment strategy review request, 2024 version - Money Forum</title></head><body>"
        "<h1>Money Forum</h1><p>Body text.</p></body></html>"
    )
    assert page_metadata(html).title == "Investment strategy review request, 2024 version"


def test_a_service_page_h1_that_reorders_the_declared_words_is_the_headline() -> None:
    evidence = TitleEvidence(
        declared=(("og:title", "Graphic Design Course Online | Studio School"),),
        headings=("Online Graphic Design Course",),
        site_names=("Studio School",),
        url=None,
    )
    assert choose_headline(evidence, metadata_rules(), reworded_h1=False).title == "Online Graphic Design Course"
    slogan = TitleEvidence(
        declared=(("og:title", "Graphic Design Course Online | Studio School"),),
        headings=("Design your future online",),
        site_names=("Studio School",),
        url=None,
    )
    assert choose_headline(slogan, metadata_rules(), reworded_h1=False).title == "Graphic Design Course Online"


def test_a_declared_title_cut_short_gives_way_to_the_one_that_goes_on() -> None:
    # An SEO plugin cuts the JSON-LD headline mid-sentence; og:title goes on past the cut.
    whole = "Ask the Gardener: Why Do My Tomatoes Split After Rain? Three Readers Get Answers (Including the One Fix"
    cut = '{"@context":"https://schema.org","@type":"Article","headline":"' + whole + '"}'
    meta = page_metadata(page(
        f'<script type="application/ld+json">{cut}</script>'
        f'<meta property="og:title" content="{whole} That Always Works) - Green Thumb Notes">',
        "<article><p>Text.</p></article>",
    ))
    assert meta.title == f"{whole} That Always Works)"
    # A title the other only adds its site to is no cut copy: it stays the headline.
    kept = page_metadata(page(
        '<script type="application/ld+json">{"@type":"Article","headline":"Why herbs keep pests away from '
        'the kitchen garden all summer long"}</script>'
        "<title>Why herbs keep pests away from the kitchen garden all summer long - Green Thumb Notes</title>",
        "<article><p>Text.</p></article>",
    ))
    assert kept.title == "Why herbs keep pests away from the kitchen garden all summer long"


def test_of_two_h1_from_the_same_title_part_the_shorter_run_is_the_headline() -> None:
    # A forum shows "Headline - Forum" in its bar and the bare headline above the thread.
    meta = page_metadata(page(
        "<title>Tips for a first trip to Kyoto - Japan Forum - Travel Talk</title>",
        "<h1 class='bar'>Tips for a first trip to Kyoto - Japan Forum</h1>"
        "<div><h1>Tips for a first trip to Kyoto</h1><p>Text.</p></div>",
    ))
    assert meta.title == "Tips for a first trip to Kyoto"


def test_a_home_page_title_that_joins_brand_and_tagline_with_a_dash_stays_whole() -> None:
    # On a home page the site is the subject: "Brand - Tagline" is its title, brand included.
    canonical = '<link rel="canonical" href="https://www.calmly.com/">'
    joined = page_metadata(page(
        f'<meta property="og:title" content="Calmly - Online therapy for everyone">{canonical}',
        "<h1>Feel better, starting today</h1><p>Text.</p>",
    ))
    assert joined.title == "Calmly - Online therapy for everyone"
    # A bar sets the brand apart as a field; a one-word part is a section, not a tagline.
    barred = page_metadata(page(f"<title>Calmly | Online therapy for everyone</title>{canonical}", "<p>Text.</p>"))
    assert barred.title == "Online therapy for everyone"
    section = page_metadata(page(
        f'<title>Calmly - Shop</title><meta property="og:site_name" content="Calmly">{canonical}', "<p>Text.</p>"
    ))
    assert section.title == "Shop"  # the site part goes as on any page
    # Below the home page the brand is a site part as ever.
    inner = page_metadata(page(
        '<title>Calmly - Online therapy for everyone</title><link rel="canonical" href="https://www.calmly.com/about">',
        "<p>Text.</p>",
    ))
    assert inner.title == "Online therapy for everyone"


def test_a_declared_title_that_adds_the_year_or_count_to_the_h1_is_the_headline() -> None:
    # The template shows the year apart from the <h1>; og:title keeps it in the headline.
    meta = page_metadata(page(
        '<script type="application/ld+json">{"@type":"Article","headline":"15 Best Online Tutoring Platforms"}</script>'
        '<meta property="og:title" content="15 Best Online Tutoring Platforms 2025 | Study Hub">',
        "<article><h1>15 Best Online Tutoring Platforms</h1><p>Text.</p></article>",
    ))
    assert meta.title == "15 Best Online Tutoring Platforms 2025"
    # Other words added are another wording, not a number the <h1> left out.
    other = page_metadata(page(
        '<meta property="og:title" content="15 Best Online Tutoring Platforms Reviewed | Study Hub">'
        "<title>15 Best Online Tutoring Platforms | Study Hub</title>",
        "<article><h1>15 Best Online Tutoring Platforms</h1><p>Text.</p></article>",
    ))
    assert other.title == "15 Best Online Tutoring Platforms"


def test_a_logo_h1_glued_to_the_title_without_a_separator_is_removed() -> None:
    # The site's name, an <h1> that links to the front page, opens <title> with only a space.
    meta = page_metadata(page(
        "<title>janedoe.net Vibe Coding</title>",
        '<header><h1><a href="/">janedoe.net</a></h1></header><article><p>Text.</p></article>',
    ))
    assert meta.title == "Vibe Coding"
    # Only a whole word: a logo that opens the title's first word leaves it whole.
    word = page_metadata(page(
        "<title>Vibes of the week</title>",
        '<header><h1><a href="/">Vibe</a></h1></header><article><p>Text.</p></article>',
    ))
    assert word.title == "Vibes of the week"
