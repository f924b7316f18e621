"""The DOM rules data, the selection evidence and the second opinion, step by step."""

from __future__ import annotations

import typing

from selectolax.lexbor import LexborHTMLParser

from cleaners.html.body import RawBlock, build_blocks
from cleaners.html.boilerplate import remove_dom_boilerplate, strip_silent
from cleaners.html.pipeline import extract_html_traced
from cleaners.html.rules import class_id_tokens, dom_rules
from cleaners.html.second_opinion import is_doubtful, prefer_second_opinion
from cleaners.html.select import select_content
from cleaners.model import RemovedKind

PROSE = "<p>A sentence of article prose, long enough to count, with a comma or two, and a full stop.</p>"


def test_every_rule_kind_is_a_model_kind() -> None:
    kinds = set(typing.get_args(RemovedKind))
    rules = dom_rules()
    for rule in (*rules.tag_rules, *rules.selector_rules, *rules.word_rules):
        assert rule.kind in kinds


def test_class_tokens_split_punctuation_and_camel_case_not_substrings() -> None:
    assert {"social", "share", "cookie", "banner", "comment"} <= class_id_tokens("socialShare cookie-banner comments")
    assert "share" not in class_id_tokens("shareholder-report")


def test_generated_hashes_in_class_names_are_no_words() -> None:
    # CSS modules append a hash after "__"; styled components name a class by one. Read as
    # camel case, "adKqa" would be an advertisement and "kAHMfN" nothing at all.
    assert "ad" not in class_id_tokens("mdx-table_root__adKqa")
    assert "ad" not in class_id_tokens("table-wrap adKqa")
    assert {"promo", "top"} <= class_id_tokens("style_topPromo__SGVhk")
    # BEM elements after "__" are words, camel-case too.
    assert "comments" in class_id_tokens("post__comments")
    assert "navbar" in class_id_tokens("header__navBar")
    assert "ad" in class_id_tokens("adContainer")


def test_whole_name_rules_read_a_camel_case_name_as_the_hyphenated_one() -> None:
    from cleaners.html.element_rules import whole_names
    from cleaners.html.rules import dom_rules

    # React sites name their footer "SiteFooter" where others write "site-footer".
    assert "site-footer" in whole_names("SiteFooter main-content")
    assert "site-footer" in whole_names("siteFooter")
    assert whole_names("kAHMfN") == {"kahmfn"}  # a generated hash is no camel-case name
    rule = dom_rules().word_rule_for("SiteFooter force-mobile")
    assert rule is not None and rule.kind == "footer"
    assert dom_rules().word_rule_for("Sitefooter") is None  # one word, no parts: not the name


def test_word_rule_needs_a_whole_token() -> None:
    tree = LexborHTMLParser(f'<body><div class="shareholders">{PROSE}</div><div class="share-bar">x</div></body>')
    assert tree.body is not None
    removed = remove_dom_boilerplate(tree.body)
    assert [(record.kind, record.text) for record in removed] == [("share", "x")]
    assert tree.css_first("div.shareholders") is not None


def test_link_dense_header_goes_and_an_article_header_with_a_standfirst_stays() -> None:
    standfirst = "<p>" + "A standfirst sentence that introduces the article at some length. " * 3 + "</p>"
    html = (
        '<body><header><a href="/">Home</a> <a href="/a">About</a></header>'
        f"<article><header><h2>Headline</h2>{standfirst}</header>{PROSE * 6}</article></body>"
    )
    tree = LexborHTMLParser(html)
    assert tree.body is not None
    removed = remove_dom_boilerplate(tree.body)
    assert [record.text for record in removed] == ["Home About"]
    assert tree.css_first("article header") is not None


def test_each_tag_rule_takes_its_own_tags_of_the_one_walk() -> None:
    html = (
        '<body><nav><a href="/">Home</a></nav><aside>Sidebar box</aside><noscript>Enable scripts</noscript>'
        f'<main>{PROSE * 6}</main><menu><li>Tools</li></menu><footer>Imprint</footer></body>'
    )
    tree = LexborHTMLParser(html)
    assert tree.body is not None
    removed = remove_dom_boilerplate(tree.body, page_type="article")
    assert [(record.rule, record.text) for record in removed] == [
        ("dom.navigation.tag", "Home"), ("dom.aside.tag", "Sidebar box"), ("dom.noscript.tag", "Enable scripts"),
        ("dom.navigation.tag", "Tools"), ("dom.footer.tag", "Imprint"),
    ]


def test_silent_tags_leave_no_audit() -> None:
    tree = LexborHTMLParser("<body><script>var x = 1;</script><style>p{}</style><p>text</p></body>")
    assert tree.body is not None
    strip_silent(tree.body)
    assert tree.body.text() == "text"


def test_selection_prefers_the_prose_container_over_link_lists() -> None:
    links = "".join(f'<li><a href="/{i}">Another story number {i} with a long title</a></li>' for i in range(30))
    tree = LexborHTMLParser(f'<body><div id="list"><ul>{links}</ul></div><div id="story">{PROSE * 14}</div></body>')
    assert tree.body is not None
    selection = select_content(tree.body)
    assert [node.attributes.get("id") for node in selection.nodes] == ["story"]
    assert not is_doubtful(selection)


def test_short_selection_is_doubtful() -> None:
    tree = LexborHTMLParser(f"<body><div>{PROSE}</div></body>")
    assert tree.body is not None
    assert is_doubtful(select_content(tree.body))


def test_second_opinion_is_taken_unless_clearly_shorter() -> None:
    ours = [RawBlock("paragraph", "one two three four five six seven eight nine ten")]
    assert prefer_second_opinion(ours, [RawBlock("paragraph", "one two three four five six seven eight")])
    assert not prefer_second_opinion(ours, [RawBlock("paragraph", "one two")])
    assert not prefer_second_opinion(ours, [])


def test_link_pruning_inside_the_selection_is_audited() -> None:
    related = "<ul>" + "".join(f'<li><a href="/{i}">Related story {i}</a></li>' for i in range(5)) + "</ul>"
    tree = LexborHTMLParser(f"<body><div id=a>{PROSE * 3}{related}{PROSE}</div></body>")
    node = tree.css_first("#a")
    assert node is not None
    blocks, removed = build_blocks([node])
    assert [block.type for block in blocks] == ["paragraph"] * 4
    assert [record.kind for record in removed] == ["boilerplate"]
    assert "Related story 0" in removed[0].text


def test_a_paragraph_is_pruned_by_its_links_share_not_by_having_links() -> None:
    mention = f'<p>{PROSE} See <a href="/more">the report</a>.</p>'
    link_line = '<p><a href="/next">Next: how the ferry was rebuilt</a></p>'
    tree = LexborHTMLParser(f"<body><div id=a>{PROSE * 2}{mention}{link_line}</div></body>")
    node = tree.css_first("#a")
    assert node is not None
    blocks, removed = build_blocks([node])
    assert blocks[-1].text.endswith("See the report.")
    assert [(record.rule, record.text) for record in removed] == [("body.link_line", "Next: how the ferry was rebuilt")]


def test_where_link_dense_content_stays_only_a_tree_of_short_links_goes() -> None:
    branch = "".join(f'<li><a href="/{i}">Service {i}</a><ul><li><a href="/{i}/a">Part {i}</a></li></ul></li>' for i in range(5))
    cards = "<ul>" + "".join(f'<li><a href="/c{i}">Card {i}</a></li>' for i in range(9)) + "</ul>"
    tree = LexborHTMLParser(f"<body><div id=a>{PROSE}<ul>{branch}</ul>{cards}</div></body>")
    node = tree.css_first("#a")
    assert node is not None
    blocks, removed = build_blocks([node], prune_links=False)
    assert [record.rule for record in removed] == ["body.menu_list"]
    assert "Card 8" in blocks[-1].text and not any("Part 0" in block.text for block in blocks)


def test_trace_reports_which_selector_answered() -> None:
    article, trace = extract_html_traced(f"<body><article>{PROSE * 30}</article></body>")
    assert trace.selector == "own"
    assert len(article.body) == 1  # a short paragraph repeated verbatim is a markup duplicate
    assert [record.kind for record in article.removed] == ["duplicate"] * 29
    long_paragraph = "<p>" + "An author's refrain that is long enough to be written on purpose. " * 4 + "</p>"
    article, _ = extract_html_traced(f"<body><article>{long_paragraph * 12}</article></body>")
    assert len(article.body) == 12


def test_standfirst_before_the_body_joins_the_selection() -> None:
    lead = '<div class="intro"><p>' + "The standfirst sums the story up in two calm sentences. " * 2 + "</p></div>"
    tree = LexborHTMLParser(f'<body><div class="row">{lead}<div class="text">{PROSE * 12}</div></div></body>')
    assert tree.body is not None
    selection = select_content(tree.body)
    text = " ".join(node.text() for node in selection.nodes)
    assert text.startswith("The standfirst sums") and text.count("A sentence of article prose") == 12
    links = "<ul>" + "".join(f'<li><a href="/{i}">Other story {i}</a></li>' for i in range(40)) + "</ul>"
    tree = LexborHTMLParser(f'<body><div class="row">{lead}<div class="text">{PROSE * 12}</div>{links}</div></body>')
    assert tree.body is not None
    selection = select_content(tree.body)
    assert [node.attributes.get("class") for node in selection.nodes] == ["intro", "text"]


_PROSE = "The ferry will run again from Monday, the council said, after a winter of costly repairs. "


def _removed_kinds(html: str) -> list[tuple[str, str]]:
    tree = LexborHTMLParser(html)
    assert tree.body is not None
    strip_silent(tree.body)
    return [(record.kind, record.text) for record in remove_dom_boilerplate(tree.body)]


def test_a_lone_teaser_without_links_is_the_articles_lead() -> None:
    page = f"<body><article><h1>Ferry</h1><div class='teaser-text'>{_PROSE}</div><p>{_PROSE * 6}</p></article></body>"
    assert _removed_kinds(page) == []


def test_teasers_that_link_elsewhere_or_repeat_are_related_articles() -> None:
    linked = f"<div class='teaser'><a href='/other'>Another story</a> {_PROSE}</div>"
    page = f"<body><article><h1>Ferry</h1><p>{_PROSE * 6}</p></article>{linked}</body>"
    assert [kind for kind, _ in _removed_kinds(page)] == ["related"]
    listing = "".join(f"<div class='teaser-text'>Story {n}: {_PROSE}</div>" for n in range(3))
    page = f"<body><article><h1>Ferry</h1><p>{_PROSE * 6}</p></article><section>{listing}</section></body>"
    assert [kind for kind, _ in _removed_kinds(page)] == ["related"] * 3


def test_a_node_saying_the_declared_description_is_the_articles_summary() -> None:
    page = (
        f"<body><article><h1>Ferry</h1><div class='teaser-text'>{_PROSE}</div>"
        f"<div class='teaser-text'>Story 2: {_PROSE}</div><p>{_PROSE * 6}</p></article></body>"
    )
    tree = LexborHTMLParser(page)
    assert tree.body is not None
    removed = remove_dom_boilerplate(tree.body, description=_PROSE)
    assert [record.text for record in removed] == [f"Story 2: {_PROSE}".strip()]


def test_social_embeds_left_as_placeholders_are_removed_and_a_quoted_tweet_stays() -> None:
    instagram = (
        "<blockquote class='instagram-media' data-instgrm-permalink='https://www.instagram.com/p/x/'>"
        "<div><a href='https://www.instagram.com/p/x/'>View this post on Instagram</a></div>"
        "<p><a href='https://www.instagram.com/p/x/'>A post shared by Ferry Fans (@ferryfans)</a></p></blockquote>"
    )
    facebook = (
        "<div class='fb-post' data-href='https://www.facebook.com/x/posts/1'><blockquote class='fb-xfbml-parse-ignore'>"
        "<p>Back on the water from Monday!</p>Posted by <a href='https://www.facebook.com/x'>Ferry Co</a> on "
        "<a href='https://www.facebook.com/x/posts/1'>Monday, 7 February 2022</a></blockquote></div>"
    )
    card = "<blockquote class='wp-embedded-content'><a href='/older-story/'>The ferry's last winter</a></blockquote>"
    tweet = "<blockquote class='twitter-tweet'><p>The ferry is back, and so are the queues.</p></blockquote>"
    body = "".join(f"<p>{_PROSE * 3}</p>" for _ in range(5))
    page = f"<body><article><h1>Ferry</h1>{body}{instagram}{facebook}{card}{tweet}</article></body>"
    removed = _removed_kinds(page)
    assert [kind for kind, _ in removed] == ["embed", "embed", "related"]
    assert removed[0][1] == "View this post on Instagram A post shared by Ferry Fans (@ferryfans)"
    article = extract_html_traced(page.encode())[0]
    assert "The ferry is back, and so are the queues." in article.text
    assert "Instagram" not in article.text and "Posted by" not in article.text


def test_hidden_tab_panels_are_opened_by_readers_popovers_are_not() -> None:
    # Documentation shows one code sample per language: the other panels are hidden until their
    # tab is clicked, so they stay; a popover (a prompt opened by a control) goes.
    panels = "".join(
        f'<div role="tabpanel" id="p-{lang}"{"" if lang == "python" else " hidden"}>'
        f"<p>Create a file called send.{lang} and paste the {lang} sample below into it.</p></div>"
        for lang in ("python", "ruby", "go")
    )
    tree = LexborHTMLParser(
        f'<body><div role="tablist"><button>python</button></div><div class="panels">{panels}</div>'
        '<div popover id="prompt"><p>Turn on notifications for this site.</p></div>'
        '<div style="display: none" role="tabpanel"><p>Install the Java kit first.</p></div></body>'
    )
    assert tree.body is not None
    removed = remove_dom_boilerplate(tree.body)
    hidden = [record.text for record in removed if record.kind == "hidden"]
    assert hidden == ["Turn on notifications for this site."]
    for kept in ("send.ruby", "send.go", "Install the Java kit first."):
        assert kept in tree.body.text()


def test_closed_accordions_are_opened_by_readers() -> None:
    # FAQ answers and collapsed sections are hidden until their question is clicked: they stay.
    # A hidden element of no such widget still goes.
    answers = "".join(
        f'<div class="{cls}" aria-hidden="true"><p>{text}</p></div>'
        for cls, text in (
            ("Accordion__Body", "Returns are free within thirty days of delivery."),
            ("faq-answer", "Shipping takes two to four working days."),
            ("panel collapse", "Every order ships in recycled packaging."),
        )
    )
    tree = LexborHTMLParser(
        f"<body><section><h2>Questions</h2><p>{_PROSE * 3}</p>{answers}</section>"
        '<div class="note" aria-hidden="true"><p>Spin the wheel for a surprise coupon.</p></div></body>'
    )
    assert tree.body is not None
    removed = remove_dom_boilerplate(tree.body)
    assert [record.text for record in removed if record.kind == "hidden"] == ["Spin the wheel for a surprise coupon."]
    for kept in ("Returns are free", "two to four working days", "recycled packaging"):
        assert kept in tree.body.text()


def test_sidebar_widgets_go_page_builder_widgets_stay() -> None:
    # WordPress names a sidebar's widgets "widget" and "widget_<kind>"; page builders put "widget"
    # inside the name of every block, the page's own short blocks (a feature, a price) too.
    sidebar = (
        "<div class='widget widget_recent_entries'><h3>Recent posts</h3><ul><li><a href='/a'>Older news</a></li></ul></div>"
        "<div class='widgetcontainer widget_text'><div class='textwidget'>Follow the council on its feed.</div></div>"
    )
    features = "".join(
        f"<div class='elementor-widget elementor-widget-text-editor'><div class='elementor-widget-container'><p>{text}</p>"
        "</div></div>"
        for text in ("Crossings every hour from six.", "Bicycles travel free.", "Season tickets at half price.")
    )
    page = f"<body><main><h1>Ferry</h1><p>{_PROSE * 4}</p>{features}</main><div class='col'>{sidebar}</div></body>"
    texts = " ".join(text for _, text in _removed_kinds(page))
    assert "Older news" in texts and "Follow the council" in texts
    for kept in ("every hour", "Bicycles", "Season tickets"):
        assert kept not in texts


def test_a_banner_is_an_advertisement_except_on_a_service_page() -> None:
    banner = "<div class='hero-banner'><h2>Pest control that stays</h2><p>One visit a season keeps ants out.</p></div>"
    page = f"<body><main><h1>Our service</h1><p>{_PROSE * 4}</p>{banner}</main></body>"
    for page_type, removed in (("article", True), ("other", True), ("service", False)):
        tree = LexborHTMLParser(page)
        assert tree.body is not None
        records = remove_dom_boilerplate(tree.body, page_type=page_type)
        assert any(record.rule == "dom.advertisement.banner" for record in records) is removed, page_type
        assert ("ants out" in tree.body.text()) is not removed


def test_on_a_forum_only_a_form_with_fields_is_a_form() -> None:
    posts = "<form><input type='hidden' name='token'><div class='post'><p>I get about twelve miles a charge.</p></div></form>"
    search = "<form><input type='search' name='q'><label>Search this forum</label></form>"
    page = f"<body><main><h1>Range</h1><p>{_PROSE * 4}</p>{posts}{search}</main></body>"
    for page_type, posts_removed in (("forum", False), ("article", True), ("other", True)):
        tree = LexborHTMLParser(page)
        assert tree.body is not None
        remove_dom_boilerplate(tree.body, page_type=page_type)
        assert ("twelve miles" in tree.body.text()) is not posts_removed, page_type
        assert "Search this forum" not in tree.body.text(), page_type


def test_on_a_forum_comments_attached_to_an_answer_are_not_posts() -> None:
    comment = "<li itemprop='comment' itemscope itemtype='https://schema.org/Comment'>Did you try a reboot first?</li>"
    answer = (f"<div itemscope itemtype='https://schema.org/Answer'><p>{_PROSE}</p><ul>{comment}</ul></div>")
    page = f"<body><main itemscope itemtype='https://schema.org/QAPage'><h1>Question</h1>{answer}</main></body>"
    for page_type, removed in (("forum", True), ("article", False)):
        tree = LexborHTMLParser(page)
        assert tree.body is not None
        remove_dom_boilerplate(tree.body, page_type=page_type)
        assert ("reboot" in tree.body.text()) is not removed, page_type
        assert _PROSE.strip()[:40] in tree.body.text()


def test_on_a_service_page_a_sections_header_stays_and_the_sites_footer_goes_prose_and_all() -> None:
    section = (
        "<section><header><h2>Record in a few clicks</h2><p>Share anywhere.</p></header><p>Our pitch.</p></section>"
        "<section><header><a href='/projects/chess'>Chessboard: 5th prize</a></header></section>"
    ) + f"<section><p>{_PROSE * 6}</p></section>"
    footer = f"<footer><p>{_PROSE}</p><p>{_PROSE}</p><p>{_PROSE}</p><a href='/terms'>Terms</a></footer>"
    page = f"<body><header><a href='/'>Home</a><a href='/pricing'>Pricing</a></header><h1>Video</h1>{section}{footer}</body>"
    for page_type, service in (("article", False), ("service", True)):
        tree = LexborHTMLParser(page)
        assert tree.body is not None
        rules = {record.rule for record in remove_dom_boilerplate(tree.body, page_type=page_type)}
        assert ("dom.header.service_banner" in rules) is service, page_type
        assert ("Share anywhere" in tree.body.text()) is service, page_type
        assert ("Terms" in tree.body.text()) is not service, page_type
        assert "Chessboard" not in tree.body.text(), page_type


def test_filters_and_sort_menus_are_navigation() -> None:
    facets = (
        "<div class='search-facets'><h3>Brand</h3><ul><li><label><input type='checkbox'> Alder (12)</label></li>"
        "<li><label><input type='checkbox'> Birch (7)</label></li></ul><h3>Condition</h3><ul><li>New</li><li>Used</li></ul></div>"
        "<div class='sort-by'>Sort by: Featured</div>"
    )
    cards = "".join(f"<div class='card'><h2>Walnut desk {n}</h2><p>{_PROSE}</p></div>" for n in range(4))
    removed = _removed_kinds(f"<body><main><h1>Desks</h1>{facets}<div class='grid'>{cards}</div></main></body>")
    assert ("navigation", "Brand Alder (12) Birch (7) Condition New Used") in removed
    assert ("navigation", "Sort by: Featured") in removed
    assert all("Walnut desk" not in text for _, text in removed)


def test_an_id_spelling_the_sections_heading_names_no_role() -> None:
    # A table of contents' anchor: the id is the heading's slug, and "popular" in it is the
    # section's subject. The same word as a class name marks a list of popular stories.
    section = (
        "<div id='1-heading-how-popular-are-walking-holidays'><h2>How popular are walking holidays?</h2>"
        f"<p>{_PROSE}</p></div>"
    )
    popular = "<div class='popular'><h3>Most read</h3><p>Tide tables for the coming week</p></div>"
    removed = _removed_kinds(f"<body><main><h1>Walking</h1><p>{_PROSE * 4}</p>{section}{popular}</main></body>")
    assert all("walking holidays" not in text for _, text in removed)
    assert ("related", "Most read Tide tables for the coming week") in removed


def test_a_one_line_note_is_no_content_for_holding_most_of_a_near_empty_page() -> None:
    # A script-rendered app serves only its "enable JavaScript" note: removed all the same.
    tree = LexborHTMLParser("<body><noscript>You need to enable JavaScript to run this app.</noscript><div id='root'></div></body>")
    assert tree.body is not None
    records = remove_dom_boilerplate(tree.body)
    assert [record.rule for record in records] == ["dom.noscript.tag"]
    long_note = "<body><noscript><p>" + _PROSE * 3 + "</p></noscript><div id='root'></div></body>"
    tree = LexborHTMLParser(long_note)
    assert tree.body is not None
    assert remove_dom_boilerplate(tree.body) == []


def test_text_for_screen_readers_only_is_hidden_inline_too() -> None:
    # A shop card's price labels are spans moved off screen; class-word rules skip inline
    # elements, this selector rule does not.
    card = (
        "<div class='price'><span class='visually-hidden'>Regular price</span> <s>$209.99</s>"
        "<span class='sr-only'>Sale price</span> $129.99</div>"
    )
    removed = _removed_kinds(f"<body><main><h1>Headphones</h1><p>{_PROSE * 3}</p>{card}</main></body>")
    assert ("hidden", "Regular price") in removed and ("hidden", "Sale price") in removed


def test_a_node_is_alone_in_its_parent_when_its_siblings_hold_only_whitespace_or_comments() -> None:
    from cleaners.html.text import alone_in_parent, fold

    tree = LexborHTMLParser(
        "<section><div id=a> <!-- note --> <h3 id=h><a id=x href=/x>Read  this</a></h3>\n</div></section>"
        "<div id=b><a id=y href=/y>Read</a> more</div>"
    )
    expected = {"x": True, "h": True, "a": True, "y": False, "b": False}
    for node_id, alone in expected.items():
        node = tree.css_first(f"#{node_id}")
        assert node is not None and node.parent is not None
        assert alone_in_parent(node) is alone
        # The same answer as comparing the parent's whole text, folded.
        assert (fold(node.parent.text()) == fold(node.text())) is alone


def test_a_selector_leaves_out_only_the_entries_naming_what_the_page_lacks() -> None:
    from cleaners.html.names import PageNames, selector_entries

    whole = ".page .Share:not(.x), ol#Comments,[role=navigation], [class^=qc-cmp2]"
    entries = selector_entries(whole)
    # The subject's names count, not an ancestor's (which may lie above the queried node).
    assert [(need.kind, need.name, need.partial) if need else None for _, need in entries] == [
        ("class", "share", False), ("id", "comments", False), None, ("class", "qc-cmp2", True),
    ]
    assert PageNames.of(["page sharing", "qc"], ["comments-list"]).selector(entries, whole) == "[role=navigation]"
    assert PageNames.of(["SHARE x qc-cmp2-root"], ["Comments"]).selector(entries, whole) == whole  # any case
    assert PageNames.of([], ["comments"]).selector(entries, whole) == " ol#Comments,[role=navigation]"
    no_role = selector_entries("#a, .b")
    assert PageNames.of(["c"], ["d"]).selector(no_role, "#a, .b") is None
    assert PageNames.of([], []).selector((), "form") == "form"


def test_line_breaks_split_their_container_and_a_page_without_them_is_left_alone() -> None:
    from cleaners.html.lines import split_line_blocks

    line = "A line of the old post that runs long enough to stand as a paragraph of its own, as it was meant."
    tree = LexborHTMLParser(f"<body><div id=post>{'<br><br>'.join([line] * 5)}</div></body>")
    assert tree.body is not None
    assert split_line_blocks(tree.body) == 1
    plain = LexborHTMLParser(f"<body><div>{PROSE}</div></body>")
    assert plain.body is not None
    before = plain.html
    assert split_line_blocks(plain.body) == 0
    assert plain.html == before
