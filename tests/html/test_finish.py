"""The last HTML steps over built blocks: duplicates, title, bylines, credits, edge debris."""

from __future__ import annotations

from cleaners import ExtractConfig
from cleaners.html.body import RawBlock
from cleaners.html.finish import finish_blocks
from cleaners.html.pipeline import repair_mixed_utf8

SENTENCE = "This is a full sentence of the article body, long enough to be real prose here."


def _finish(*blocks: RawBlock, title: str | None = None, authors: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    body, _removed = finish_blocks(list(blocks), title=title, config=ExtractConfig(), authors=authors)
    return [(block.type, block.text) for block in body]


def test_heading_that_repeats_the_title_is_dropped() -> None:
    blocks = (RawBlock("heading", "A Long Enough Headline Here", 1), RawBlock("paragraph", SENTENCE))
    assert _finish(*blocks, title="A Long Enough Headline Here | Example Site") == [("paragraph", SENTENCE)]


def test_a_generators_anchor_mark_leaves_the_heading_but_a_name_keeps_its_hash() -> None:
    blocks = (RawBlock("heading", "Requirements¶", 2), RawBlock("heading", "Working with C#", 2), RawBlock("paragraph", SENTENCE))
    assert _finish(*blocks) == [("heading", "Requirements"), ("heading", "Working with C#"), ("paragraph", SENTENCE)]


def test_short_repeats_are_duplicates_long_repeats_are_kept() -> None:
    long_text = SENTENCE * 3
    out = _finish(RawBlock("paragraph", "Part one ends here."), RawBlock("paragraph", long_text),
                  RawBlock("paragraph", "Part one ends here."), RawBlock("paragraph", long_text))
    assert out == [("paragraph", "Part one ends here."), ("paragraph", long_text), ("paragraph", long_text)]


def test_with_copies_every_verbatim_repeat_goes() -> None:
    long_text = SENTENCE * 3
    blocks = [RawBlock("heading", "Details", 2), RawBlock("paragraph", long_text), RawBlock("list_item", "Cotton"),
              RawBlock("heading", "Details", 2), RawBlock("paragraph", long_text), RawBlock("list_item", "Cotton")]
    body, removed = finish_blocks(blocks, title=None, config=ExtractConfig(), copies=True)
    assert [block.text for block in body] == ["Details", long_text, "Cotton"]
    assert [record.kind for record in removed] == ["duplicate"] * 3


def test_byline_naming_the_author_at_an_edge_is_dropped() -> None:
    out = _finish(RawBlock("paragraph", "By Jane Example, 3 May"), RawBlock("paragraph", SENTENCE),
                  authors=("Jane Example",))
    assert out == [("paragraph", SENTENCE)]


def test_an_interviewers_question_naming_the_author_is_no_byline() -> None:
    question = "Jane Example: Where did you first arrive in Europe?"
    out = _finish(RawBlock("paragraph", question), RawBlock("paragraph", SENTENCE), authors=("Jane Example",))
    assert out == [("paragraph", question), ("paragraph", SENTENCE)]


def test_credit_and_copyright_lines_at_the_edges_are_dropped() -> None:
    out = _finish(RawBlock("paragraph", SENTENCE), RawBlock("paragraph", "Photo: Agency / Someone"),
                  RawBlock("paragraph", "© 2024 Example Media. All rights reserved."))
    assert out == [("paragraph", SENTENCE)]


def test_credit_lines_named_by_their_own_word_are_dropped_at_the_edges() -> None:
    credits = ("Photocredits Studio North: Jane Example", "Bildcredit: (c) Example - depositphotos.com",
               "Photo (cc) : Example", "+++ Credits: Titelbild Example Studio", "– alle Bilder von Jane Example –",
               "Photo Source: Jane Example from Pexels.", "Illustrationen / Fotos: Example")
    for credit in credits:
        assert _finish(RawBlock("paragraph", SENTENCE), RawBlock("paragraph", credit)) == [("paragraph", SENTENCE)]
    for sentence in ("Photographers lined the quay before the ferry left.", "All pictures were taken on the day."):
        assert ("paragraph", sentence) in _finish(RawBlock("paragraph", SENTENCE), RawBlock("paragraph", sentence))


def test_agency_sign_offs_at_the_edges_are_dropped() -> None:
    for sign_off in ("aja/PAP", "(dr/spot)", "dpa / lsw"):
        assert _finish(RawBlock("paragraph", SENTENCE), RawBlock("paragraph", sign_off)) == [("paragraph", SENTENCE)]
    prose = [RawBlock("paragraph", f"{SENTENCE} Part {n}.") for n in range(8)]
    assert ("paragraph", "TCP/IP") in _finish(*prose[:4], RawBlock("paragraph", "TCP/IP"), *prose[4:])


def test_head_debris_and_trailing_headings_go_sign_offs_stay() -> None:
    out = _finish(RawBlock("paragraph", "5 min read"), RawBlock("paragraph", SENTENCE),
                  RawBlock("paragraph", "Cheers, Anna"), RawBlock("heading", "Related", 2))
    assert out == [("paragraph", SENTENCE), ("paragraph", "Cheers, Anna")]


def test_code_keeps_its_lines_and_tables_their_rows() -> None:
    out = _finish(RawBlock("code", "def f():\n\treturn 1\n"), RawBlock("table", "a | b\n\n c  |  d "),
                  RawBlock("paragraph", SENTENCE))
    assert out[:2] == [("code", "def f():\n    return 1"), ("table", "a | b\nc | d")]


def test_text_level_boilerplate_runs_over_the_blocks() -> None:
    body, removed = finish_blocks(
        [RawBlock("paragraph", SENTENCE), RawBlock("paragraph", "sept − trois =")], title=None, config=ExtractConfig()
    )
    assert [block.text for block in body] == [SENTENCE]
    assert [record.kind for record in removed] == ["captcha"]


def test_mixed_utf8_repair() -> None:
    assert repair_mixed_utf8("café ".encode() * 50 + "thé".encode("latin-1")) == "café " * 50 + "thé"
    assert repair_mixed_utf8(b"plain ascii") is None
    assert repair_mixed_utf8("thé ".encode("latin-1") * 20) is None  # not mostly UTF-8


def test_an_about_the_author_box_at_the_end_goes_a_note_naming_the_authors_stays() -> None:
    bio = "Jane Example is a science reporter based in Lyon who writes about rivers, energy and public health."
    note = "This article builds on joint research by Jane Example and two colleagues at the regional desk of the paper."
    body = [RawBlock("paragraph", SENTENCE)] * 1 + [RawBlock("paragraph", SENTENCE + " Two.")]
    assert _finish(*body, RawBlock("paragraph", bio), authors=("Jane Example",)) == [
        ("paragraph", SENTENCE), ("paragraph", SENTENCE + " Two.")
    ]
    assert ("paragraph", note) in _finish(*body, RawBlock("paragraph", note), authors=("Jane Example",))


def test_captions_with_a_credit_go_anywhere_sentences_about_photos_stay() -> None:
    captions = [
        "The ferry in dry dock at the harbour. (Photo: Agency)", "Harbour at dawn © Agency / Name",
        "Figure 2: the hull after repairs", "Photograph by Ann Smith, Harbour Trust", "Abbildung 3: Der Rumpf",
    ]
    keep = ["The minister took a photo of the crowd", "He paid with his credit card", SENTENCE]
    blocks = [RawBlock("paragraph", SENTENCE)] * 0
    for caption in captions:
        blocks += [RawBlock("paragraph", SENTENCE + f" {len(blocks)}."), RawBlock("paragraph", caption)]
    blocks += [RawBlock("paragraph", SENTENCE + " Middle.")] + [RawBlock("paragraph", text + " here and now.") for text in keep]
    blocks += [RawBlock("paragraph", SENTENCE + " End.")] * 1
    out = [text for _, text in _finish(*blocks)]
    assert not set(captions) & set(out)
    assert all(text + " here and now." in out for text in keep)


def test_a_closing_contact_section_goes_a_closing_section_with_prose_stays() -> None:
    article = [RawBlock("paragraph", SENTENCE + f" {n}.") for n in range(5)]
    contact = [RawBlock("heading", "Press contact", 2), RawBlock("paragraph", "Jane Example"),
               RawBlock("paragraph", "Tel. +49 30 1234 567"), RawBlock("paragraph", "press@example.org")]
    assert _finish(*article, *contact) == [("paragraph", block.text) for block in article]
    closing = [RawBlock("heading", "Conclusion", 2), RawBlock("paragraph", SENTENCE)]
    assert _finish(*article, *closing)[-2:] == [("heading", "Conclusion"), ("paragraph", SENTENCE)]


def test_a_run_of_headings_at_the_end_is_a_list_not_leftover_labels() -> None:
    article = [RawBlock("paragraph", SENTENCE + f" {n}.") for n in range(5)]
    ranking = [RawBlock("heading", f"{n}. Actor Number {n}", 3) for n in range(1, 6)]
    assert len(_finish(*article, *ranking)) == 10
    assert len(_finish(*article, RawBlock("heading", "Related", 2))) == 5


def test_a_lone_count_goes_only_where_posts_carry_counters() -> None:
    blocks = [RawBlock("paragraph", SENTENCE), RawBlock("paragraph", "19,378"), RawBlock("list_item", "2"),
              RawBlock("paragraph", "Won 3 - 1 at home.")]
    for counters, expected in ((True, [SENTENCE, "Won 3 - 1 at home."]), (False, [block.text for block in blocks])):
        body, _removed = finish_blocks(blocks, title=None, config=ExtractConfig(), counters=counters)
        assert [block.text for block in body] == expected
