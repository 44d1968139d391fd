import pytest

from alliance_data.corpus import load_corpus
from alliance_data.extract import EXTRACTOR_RULE, extract_html
from text_fixtures import ARTICLE_PARAGRAPHS, COMMENTS, HEADLINES

PARAGRAPHS = ARTICLE_PARAGRAPHS
MENU = ["World", "Business", "Technology", "Climate", "Opinion"]
PAGE = f"""<!DOCTYPE html>
<html><head>
<title>Allies agree on a joint command | Example News</title>
<meta property="og:title" content="Allies agree on a joint command">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2019-11-20T01:07:00Z">
</head><body>
<nav><ul>{''.join(f'<li><a href="/{m.lower()}">{m}</a></li>' for m in MENU)}</ul></nav>
<article>
<h1>Allies agree on a joint command</h1>
{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}
</article>
<footer><p>Copyright 2019 Example News. All rights reserved.</p>
<ul><li><a href="/about">About us</a></li><li><a href="/careers">Careers at Example</a></li></ul></footer>
</body></html>
"""


@pytest.fixture(scope="module")
def page():
    return extract_html(PAGE)


def test_article_text_without_menus_and_footer(page):
    for paragraph in PARAGRAPHS:
        assert paragraph in page.text
    for item in MENU + ["Careers at Example"]:
        assert item not in page.text


def test_visible_lines_left_out_are_returned_for_the_log(page):
    assert set(MENU) <= set(page.removed)
    assert "Careers at Example" in page.removed
    assert not any(p in page.removed for p in PARAGRAPHS)


def test_page_metadata(page):
    assert page.meta["title"] == "Allies agree on a joint command"
    assert page.meta["author"] == "Jane Doe"
    assert page.meta["outlet"] == "Example News"
    assert page.meta["date"] == "2019-11-20"
    assert page.meta["html_title"] == "Allies agree on a joint command | Example News"


def test_extraction_is_deterministic(page):
    assert extract_html(PAGE) == page


def test_page_without_an_article_falls_back_to_its_visible_text():
    result = extract_html("<html><body><p>Hi</p></body></html>")
    assert result.text.strip() == "Hi" and result.removed == ()


def test_html_file_in_a_corpus_is_dated_by_its_metadata_and_logs_the_extractor(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    doc = corpus.documents.iloc[0]
    assert doc["title"] == "Allies agree on a joint command"
    assert doc["date_method"] == "page metadata" and doc["date"] == "2019-11-20"
    assert any("2019-11-20" in e for e in doc["date_evidence"])
    removed = corpus.removed
    assert set(MENU) <= set(removed.loc[removed["rule"] == EXTRACTOR_RULE, "text"])
    text = " ".join(corpus.passages["text"])
    assert all(p in text for p in PARAGRAPHS) and "Technology" not in text


CAPTION = "Officers of both forces at the signing in Tokyo on Monday (Photo: Jane Doe)"
PAGE_WITH_CAPTION = f"""<html><head><title>Allies agree on a joint command</title></head><body>
<nav><ul>{''.join(f'<li><a href="/{m.lower()}">{m}</a></li>' for m in MENU)}</ul></nav>
<article><h1>Allies agree on a joint command</h1><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>
<div class="caption"><span>{CAPTION}</span></div><h2>What comes next</h2><p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>
</article><footer><p>Copyright 2019 Example News. All rights reserved.</p></footer></body></html>"""


def test_a_caption_inside_the_article_that_the_extractor_drops_is_put_back_in_place():
    page = extract_html(PAGE_WITH_CAPTION)
    text = page.text
    assert CAPTION in text
    assert text.index(PARAGRAPHS[1]) < text.index(CAPTION) < text.index(PARAGRAPHS[2])
    assert CAPTION not in page.removed
    for item in MENU:
        assert item not in text.split("\n")


def test_extracted_lines_far_from_the_article_do_not_widen_it():
    from alliance_data.extract import ANCHOR_GAP, _article_lines

    keys = ["a footer line that the extractor kept"] + ["x"] * (ANCHOR_GAP + 5) + ["article text"] * 5
    anchors = [0] + list(range(ANCHOR_GAP + 6, ANCHOR_GAP + 11))
    assert _article_lines(anchors, keys) == (ANCHOR_GAP + 6, ANCHOR_GAP + 10)
    assert _article_lines([3, 10, 20], ["word"] * 21) == (3, 20)


def test_a_lead_paragraph_just_above_the_extracted_text_is_put_back_before_it():
    from alliance_data.extract import _restore_missed

    lead = ("Leaders of the two allies met in Tokyo on Monday and signed the agreement that had been "
            "negotiated for more than a year, officials said.")
    visible = "\n".join(MENU + ["", lead, ""] + [line for p in PARAGRAPHS for line in (p, "")] + MENU)
    extracted = "\n".join(PARAGRAPHS)
    restored = _restore_missed(visible, extracted).split("\n")
    assert restored == [lead] + PARAGRAPHS


def test_lines_put_back_are_flagged_in_the_corpus(tmp_path):
    from alliance_data.extract import RESTORED_RULE

    assert extract_html(PAGE_WITH_CAPTION).restored == (CAPTION,)
    (tmp_path / "page.html").write_text(PAGE_WITH_CAPTION, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    flagged = corpus.documents.iloc[0]["flagged"]
    assert {"text": CAPTION, "rule": RESTORED_RULE} in list(flagged)
    assert CAPTION in corpus.documents.iloc[0]["clean_text"]


def test_a_table_the_detector_keeps_between_extracted_paragraphs_joins_them_into_one_article():
    from alliance_data.extract import ANCHOR_GAP, _article_lines

    # Extracted paragraphs at lines 0-4 and far below; between them a table, one cell a line.
    table = range(5, 5 + 3 * ANCHOR_GAP)
    below = list(range(table[-1] + 1, table[-1] + 4))
    keys = ["article text"] * 5 + ["cell"] * len(table) + ["more text"] * 3
    anchors = list(range(5)) + below
    assert _article_lines(anchors, keys, set(table)) == (0, below[-1])
    # Without the detector's word for the lines between, the heavier run alone is the article.
    assert _article_lines(anchors, keys, set(table[1:])) == (0, 4)




def _page_with(below: list[str]) -> str:
    """An article in one container with ``below`` as paragraphs after it (the extractor keeps them)."""
    return f"""<html><head><title>Allies agree on a joint command</title></head><body>
<nav><ul>{''.join(f'<li><a href="/{m.lower()}">{m}</a></li>' for m in MENU)}</ul></nav>
<main><div><h1>Allies agree on a joint command</h1>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}
{''.join(f'<p>{line}</p>' for line in below)}</div></main></body></html>"""


def test_a_comment_thread_the_extractor_keeps_under_the_article_is_removed_and_logged_as_a_thread(tmp_path):
    from alliance_data.extract import THREAD_RULE

    page = extract_html(_page_with(COMMENTS))
    assert all(p in page.text for p in PARAGRAPHS)
    assert not any(line in page.text.split("\n") for line in COMMENTS)
    assert set(page.blocks) == {(line, THREAD_RULE) for line in COMMENTS}
    assert not set(COMMENTS) & set(page.removed)  # logged once, under the thread's rule
    (tmp_path / "page.html").write_text(_page_with(COMMENTS), encoding="utf-8")
    removed = load_corpus(tmp_path).removed
    assert set(COMMENTS) <= set(removed.loc[removed["rule"] == THREAD_RULE, "text"])


def test_entries_under_clock_times_without_comment_words_stay_in_the_extracted_text():
    # A live report's entries under the time they were written: no relative time, no "Reply".
    entries = [part for hour, line in zip((9, 10, 11), (COMMENTS[1], COMMENTS[4], COMMENTS[7]))
               for part in (f"{hour}:15 am", line)]
    page = extract_html(_page_with(entries))
    assert all(line in page.text.split("\n") for line in entries)
    assert page.blocks == ()




@pytest.mark.parametrize("removed_on_page", [True, False])
def test_a_headline_list_in_the_extracted_text_goes_only_when_the_page_lost_it_too(removed_on_page):
    from alliance_data.clean import CleanedLines, Removal
    from alliance_data.extract import _drop_blocks

    text = "\n".join(["Allies agree on a joint command", *PARAGRAPHS, "Most popular", *HEADLINES])
    page = CleanedLines((), tuple(Removal(h, "headline_list", n) for n, h in enumerate(HEADLINES, 40))
                        if removed_on_page else (), (), ())
    kept, blocks = _drop_blocks(text, page)
    assert all(p in kept.split("\n") for p in PARAGRAPHS)
    if removed_on_page:
        assert {(h, "headline_list") for h in HEADLINES} <= set(blocks)
        assert not any(h in kept.split("\n") for h in HEADLINES)
    else:
        assert blocks == () and kept == text


HEAD = ["Allies agree on a joint command", "By Jane Doe", "November 20, 2019"]


def _visible(*parts: list[str]) -> str:
    return "\n".join(line for part in parts for p in part for line in (p, "")) + "\n"


def test_the_article_head_above_its_first_paragraph_is_not_put_back():
    from alliance_data.extract import _restore

    # The extractor keeps the headline and the paragraphs.
    visible = _visible(MENU, HEAD, PARAGRAPHS[:2], [CAPTION], PARAGRAPHS[2:], MENU)
    text, restored = _restore(visible, "\n".join(HEAD[:1] + PARAGRAPHS))
    assert restored == (CAPTION,)  # the caption between paragraphs goes back; the byline and date do not
    assert not {"By Jane Doe", "November 20, 2019"} & set(text.split("\n"))


OTHER_STORIES = ["Ten things to know before the summit", "Why the yen keeps falling this winter",
                 "Inside the race to build new fighter jets"]
RELATED = "Related article: Allies held talks on the command last spring"


@pytest.mark.parametrize("below", [[CAPTION], OTHER_STORIES])
def test_below_the_last_paragraph_only_a_short_run_between_extracted_lines_goes_back(below):
    from alliance_data.extract import TAIL_RUN, _restore

    visible = _visible(MENU, PARAGRAPHS, below, [RELATED], MENU)
    text, restored = _restore(visible, "\n".join(PARAGRAPHS + [RELATED]))
    if len(below) <= TAIL_RUN:
        assert restored == tuple(below)
        assert text.split("\n") == PARAGRAPHS + below + [RELATED]
    else:  # a box of other stories below the article
        assert restored == ()


SHARE = "Share this story"
NOTE = "This story first ran in the weekend edition of the paper"


def _tail_case(visible_parts: list[list[str]], removed: dict[str, str], marker: str | None, extracted: list[str]):
    """``_drop_tail`` on a made-up page: its visible lines (each followed by a blank line), the lines its content
    detector removed with their rules, its end-of-article line, and the extracted text's lines."""
    from alliance_data.clean import CleanedLines, Line, Removal
    from alliance_data.extract import _drop_tail

    visible = _visible(*visible_parts)
    lines = visible.split("\n")
    kept = tuple(Line(n, line) for n, line in enumerate(lines, 1) if line and line not in removed and line != marker)
    gone = tuple(Removal(line, removed[line], n) for n, line in enumerate(lines, 1) if line in removed)
    ends = tuple(n for n, line in enumerate(lines, 1) if line == marker)
    if marker:
        gone += (Removal(marker, "share_prompt", ends[0]),)
    return _drop_tail("\n".join(extracted), visible, CleanedLines(kept, gone, (), ends))


@pytest.mark.parametrize("removed_on_page", [True, False])
def test_a_box_of_stories_below_the_share_bar_goes_when_the_page_lost_it_as_a_block(removed_on_page):
    removed = dict.fromkeys(HEADLINES, "headline_list") if removed_on_page else {}
    # The extractor left the share bar out and kept the box of other stories under it.
    text, blocks = _tail_case([PARAGRAPHS, [SHARE], HEADLINES], removed, SHARE, PARAGRAPHS + HEADLINES)
    if removed_on_page:
        assert text.split("\n") == PARAGRAPHS
        assert blocks == tuple((h, "headline_list") for h in HEADLINES)
    else:
        assert blocks == () and text.split("\n") == PARAGRAPHS + HEADLINES


def test_lines_below_the_last_paragraph_stay_without_a_visible_end_or_a_jump_over_the_page():
    # No share bar between the article and the box, and the box right under it: the extractor's word stands.
    removed = dict.fromkeys(HEADLINES, "headline_list")
    text, blocks = _tail_case([PARAGRAPHS, HEADLINES], removed, None, PARAGRAPHS + HEADLINES)
    assert blocks == () and text.split("\n") == PARAGRAPHS + HEADLINES


def test_a_single_line_below_the_share_bar_stays_a_run_of_them_goes():
    from alliance_data.extract import TAIL_BLOCK_LINES

    removed = {NOTE: "menu", **dict.fromkeys(HEADLINES, "headline_list")}
    text, blocks = _tail_case([PARAGRAPHS, [SHARE, NOTE], MENU, HEADLINES[:TAIL_BLOCK_LINES - 1]],
                              removed, SHARE, PARAGRAPHS + [NOTE])
    assert blocks == () and NOTE in text.split("\n")
    # the same note heading a run of stories the page lost as a block goes with them
    text, blocks = _tail_case([PARAGRAPHS, [SHARE, NOTE], HEADLINES], removed, SHARE, PARAGRAPHS + [NOTE] + HEADLINES)
    assert text.split("\n") == PARAGRAPHS
    assert [rule for _, rule in blocks] == ["menu"] + ["headline_list"] * len(HEADLINES)


def test_a_box_the_extractor_reached_by_jumping_over_the_page_goes_without_a_share_bar():
    from alliance_data.extract import ANCHOR_GAP

    filler = [f"Section {n}" for n in range(ANCHOR_GAP)]  # page lines the extractor left out (a blank after each)
    removed = {**dict.fromkeys(HEADLINES, "headline_list"), **dict.fromkeys(filler, "menu")}
    text, blocks = _tail_case([PARAGRAPHS, filler, HEADLINES], removed, None, PARAGRAPHS + HEADLINES)
    assert text.split("\n") == PARAGRAPHS
    assert {line for line, _ in blocks} == set(HEADLINES)

