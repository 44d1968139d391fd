import pytest

from alliance_data.clean import (Line, clean_lines, drop_menu_bullets, drop_repeated_lines, find_repeated_lines, flatten_markdown, join_fragments,
                                  markdown_shaped, normalize_text, remove_spans, sparse_copy)


def _rules(text):
    cleaned = clean_lines(normalize_text(text))
    return {r.text: r.rule for r in cleaned.removed}, [l.text for l in cleaned.lines if l.text]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("This story has been viewed 9120 times.", "view_counter"),
        ("1.2k views", "view_counter"),
        ("Comments will be moderated. Keep comments relevant to the article.", "comment_notice"),
        ("Leave a Comment", "comment_notice"),
        ("Your email address will not be published. Required fields are marked *", "comment_notice"),
        ("TOP top", "navigation"),
        ("Back to top", "navigation"),
        ("Source link", "navigation"),
        ("Exit mobile version", "navigation"),
        ("Share This Article", "share_prompt"),
        ("Follow us on Google news ,Twitter , and Join Whatsapp Group of example.in", "share_prompt"),
        ("Facebook | Twitter | LinkedIn", "share_prompt"),
        ("8 Min Read", "read_time"),
        ("5 min read", "read_time"),
        ("Article excerpt", "excerpt_marker"),
        ("Advertisement", "excerpt_marker"),
        ("An unknown error has occurred. Please click the button below to reload the page.", "site_error"),
        ("404 - Page not found", "site_error"),
        ("See also  U.S. schools battle cell phones in classrooms", "see_also"),
        ("Related: Tokyo weighs new base plan", "see_also"),
        ("ILLUSTRATION: MOUNTAIN PEOPLE", "caption"),
        ("Photo: Reuters", "caption"),
        ("Lee reported from Seoul. Julia Mio Inuma in Tokyo contributed to this report.", "contributor_credit"),
        ("© 2024 Example Media. All rights reserved.", "copyright"),
        ("=========", "separator"),
    ],
)
def test_furniture_line_is_removed_with_its_rule(line, rule):
    removed, kept = _rules(f"A real opening sentence of the article.\n\n{line}\n\nA real closing sentence.")
    assert removed == {line: rule}
    assert kept == ["A real opening sentence of the article.", "A real closing sentence."]


@pytest.mark.parametrize(
    "line",
    [
        "We share the view that the treaty must be upheld.",
        "Japan will also deploy missiles that can strike military targets in other countries.",
        "Related ministries met in Tokyo on Monday to discuss the plan for the new headquarters.",
        "404. Let those who have it in their power to change the system now recognize it.",
        "Top officials from both countries met in Washington last week to sign the agreement.",
    ],
)
def test_article_text_that_resembles_furniture_is_kept(line):
    removed, kept = _rules(f"Opening.\n\n{line}\n\nClosing.")
    assert removed == {} and line in kept


def test_wrapped_line_inside_a_paragraph_is_not_furniture():
    text = "Our delegation would like to say that we fully\nshare the view that the Assembly must act now.\n"
    removed, kept = _rules(text)
    assert removed == {}
    assert kept == ["Our delegation would like to say that we fully", "share the view that the Assembly must act now."]


def test_furniture_pattern_on_a_long_line_is_kept_and_flagged():
    long = "See also " + " ".join(["word"] * 40)
    cleaned = clean_lines(normalize_text(f"Start.\n\n{long}\n"))
    assert long in [l.text for l in cleaned.lines]
    assert [(f.rule, f.text) for f in cleaned.flagged] == [("see_also", long)]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Tous droits réservés © 2024 Exemple Média", "copyright"),
        ("Todos los derechos reservados © 2024 Ejemplo", "copyright"),
        ("Todos os direitos reservados.", "copyright"),
        ("Alle Rechte vorbehalten.", "copyright"),
        ("Riproduzione riservata", "copyright"),
        ("示例网版权所有", "copyright"),
        ("示例公司 版权所有", "copyright"),
        ("主办单位：示例新闻中心 版权所有：示例网", "copyright"),
        ("版權所有，翻印必究", "copyright"),
        ("版权声明：转载须经书面授权", "copyright"),
        ("未经许可，不得转载", "copyright"),
        ("記事・写真の無断転載を禁じます。", "copyright"),
        ("Partager", "share_prompt"),
        ("Suivez-nous sur Twitter", "share_prompt"),
        ("S’abonner", "share_prompt"),
        ("Compartir en Facebook", "share_prompt"),
        ("Suscríbete", "share_prompt"),
        ("Compartilhe", "share_prompt"),
        ("Folgen Sie uns auf Facebook", "share_prompt"),
        ("Iscriviti alla newsletter", "share_prompt"),
        ("分享到：", "share_prompt"),
        ("シェア", "share_prompt"),
        ("À lire aussi : Le sommet de Tokyo", "see_also"),
        ("Lea también: La cumbre de Tokio", "see_also"),
        ("Leia também", "see_also"),
        ("Lesen Sie auch: Der Gipfel in Tokio", "see_also"),
        ("Mehr zum Thema", "see_also"),
        ("Leggi anche", "see_also"),
        ("相关新闻", "see_also"),
        ("延伸閱讀：東京峰會", "see_also"),
        ("【関連記事】", "see_also"),
        ("Publicité", "excerpt_marker"),
        ("Leer más", "excerpt_marker"),
        ("Leia mais »", "excerpt_marker"),
        ("Anzeige", "excerpt_marker"),
        ("Continua a leggere", "excerpt_marker"),
        ("广告", "excerpt_marker"),
        ("続きを読む", "excerpt_marker"),
        ("Accueil", "navigation"),
        ("Volver arriba", "navigation"),
        ("Voltar ao topo", "navigation"),
        ("Nach oben", "navigation"),
        ("Torna su", "navigation"),
        ("返回顶部", "navigation"),
        ("下一篇：东京峰会", "navigation"),
        ("ページの先頭へ", "navigation"),
        ("Laisser un commentaire", "comment_notice"),
        ("Tu dirección de correo electrónico no será publicada.", "comment_notice"),
        ("Deixe uma resposta", "comment_notice"),
        ("Schreibe einen Kommentar", "comment_notice"),
        ("Lascia un commento", "comment_notice"),
        ("发表评论", "comment_notice"),
        ("コメントを書く", "comment_notice"),
        ("12 commentaires", "comment_notice"),
        ("0 comentarios", "comment_notice"),
        ("3 Kommentare", "comment_notice"),
        ("12条评论", "comment_notice"),
        ("3件のコメント", "comment_notice"),
        ("Comentar", "comment_notice"),
        ("Artículos relacionados", "see_also"),
        ("Ähnliche Beiträge", "see_also"),
        ("分享到微信", "share_prompt"),
        ("この記事をシェア", "share_prompt"),
        ("Crédit photo : AFP", "caption"),
        ("Foto: Reuters", "caption"),
        ("Bildquelle: dpa", "caption"),
        ("图片来源：新华社", "caption"),
        ("写真：共同", "caption"),
    ],
)
def test_furniture_line_in_another_language_is_removed_with_its_rule(line, rule):
    test_furniture_line_is_removed_with_its_rule(line, rule)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Share: Mail / Forum", "share_prompt"),            # bar: a button and what it names
        ("Pin it / Copy link, Email", "share_prompt"),      # buttons: a row of buttons
        ("Getty Images", "caption"),                        # credited: alone
        ("AFP Photo/Jane Roe", "caption"),                  # credited: before a slash and a name
        ("[… Read more]", "excerpt_marker"),                # bracketed
        ("… Read more", "excerpt_marker"),
        ("4 Responses", "comment_notice"),                  # counted
        ("No replies yet.", "comment_notice"),
        ("Loading ...", "site_error"),
        ("Related coverage: A new port for the fleet", "see_also"),  # label
        ("Picture courtesy of the archive", "caption"),     # opens
        ("Compiled by the night desk", "contributor_credit"),
        ("Follow @example", "share_prompt"),                # the rule's own shape: an account's handle
        ("(c) 2031 Example Press", "copyright"),
    ],
)
def test_each_shape_of_an_english_phrase_removes_its_line(line, rule):
    test_furniture_line_is_removed_with_its_rule(line, rule)


@pytest.mark.parametrize("line", [
    "(Sign up for the morning letter)",  # the rules' own phrases take no bracket before them
    "Search:",  # nor a mark after them
])
def test_english_phrases_match_as_written(line):
    removed, kept = _rules(f"A real opening sentence of the article.\n\n{line}\n\nA real closing sentence.")
    assert line not in removed


@pytest.mark.parametrize(
    "line",
    [
        "Partager les coûts de la défense reste un sujet sensible entre les deux pays.",
        "Compartir la información es clave para la alianza, dijo el ministro.",
        "Suche nach Überlebenden geht weiter",
        "Foto di gruppo dei ministri a Tokyo",
        "Inicio de las conversaciones entre Tokio y Washington",
        "相关报道称，美日同盟进一步加强。",
        "他未经许可进入了基地。",
        "新华社记者在报道中称，未经许可不得转载的规定已经放宽。",
        "他说，本书版权所有者已同意出版。",
        "分享经济在日本发展迅速。",
        "関連記事によると、日米同盟は強化された。",
        "12 commentaires ont été publiés sous l'article du ministre.",
        "1 commento di troppo: il ministro ha risposto.",
    ],
)
def test_article_text_in_another_language_that_resembles_furniture_is_kept(line):
    test_article_text_that_resembles_furniture_is_kept(line)


@pytest.mark.parametrize("line", [
    "Todos los derechos reservados " + " ".join(["palabra"] * 40),
    "版权声明：" + "本网站登载的文字图片多媒体资讯等内容的版权归本网所有" * 3,
])
def test_furniture_phrase_in_another_language_on_a_long_line_is_kept_and_flagged(line):
    # Words of Chinese count as characters / 2, so a long Chinese line is as long as it reads.
    cleaned = clean_lines(normalize_text(f"Start.\n\n{line}\n"))
    assert line in [l.text for l in cleaned.lines]
    assert [(f.rule, f.text) for f in cleaned.flagged] == [("copyright", line)]


def test_a_furniture_line_after_a_chinese_sentence_or_bracketed_note_is_furniture():
    # A line ending in 。 or 】 ends its sentence: the next line starts anew (no hard-wrapped paragraph).
    for above in ("美日两国外长在东京举行会谈，双方同意进一步加强同盟关系。", "【本文为编译稿件，仅供读者参考，不代表本网观点和立场】"):
        removed, kept = _rules(f"{above}\n分享到：\nCopyright © 2016 Example. All Rights Reserved")
        assert removed == {"分享到：": "share_prompt", "Copyright © 2016 Example. All Rights Reserved": "copyright"}
        assert kept == [above]


def test_scan_artefact_glued_into_a_sentence_is_cut_out():
    text, removed = remove_spans('The guideline further said(rt)0314p09.tif Japan should "engage".', line=7)
    assert text == 'The guideline further said Japan should "engage".'
    assert [(r.text, r.rule, r.line) for r in removed] == [("(rt)0314p09.tif", "scan_artefact", 7)]


def test_markup_left_in_text_is_a_span():
    text, removed = remove_spans("A <b>bold</b> claim.")
    assert text == "A bold claim." and {r.rule for r in removed} == {"markup"}


def test_normalize_text():
    assert normalize_text("a\u00a0b\u200bc\r\nd\te  ") == "a bc\nd e  "


def test_end_markers_only_in_the_second_half():
    text = "Leave a comment\n" + "\n".join(f"Paragraph {i}." for i in range(6)) + "\nLeave a Comment\n"
    cleaned = clean_lines(text)
    assert cleaned.end_markers == (8,)


def _doc(*texts):
    return [Line(i + 1, t) if t else Line(i + 1, "") for i, t in enumerate(texts)]


def test_repeated_short_lines_across_unrelated_documents_are_boilerplate():
    docs = {f"d{i}": _doc(f"Story {i} begins here and goes on.", "", "Subscribe to our channel", "", "End.") for i in range(3)}
    groups = {d: d for d in docs}
    drops = find_repeated_lines(docs, groups)
    assert drops == {"d0": {3}, "d1": {3}, "d2": {3}}
    from alliance_data.clean import CleanedLines

    cleaned = drop_repeated_lines(CleanedLines(tuple(docs["d0"]), (), (), ()), drops["d0"])
    assert [(r.rule, r.text) for r in cleaned.removed] == [("repeated_boilerplate", "Subscribe to our channel")]


def test_copies_of_one_article_do_not_count_as_repetition():
    docs = {f"d{i}": _doc("A subheading", "", "Text.") for i in range(3)}
    assert find_repeated_lines(docs, {"d0": "f", "d1": "f", "d2": "f"}) == {}
    assert find_repeated_lines(docs, {"d0": "a", "d1": "b", "d2": "c"}) != {}


# --------------------------------------------------------------------------- content blocks (copied web pages)

from alliance_data.clean import HEAD_LINES, find_content_blocks  # noqa: E402
from text_fixtures import ARTICLE_PARAGRAPHS, COMMENTS, DUTCH_ARTICLE, HEADLINES  # noqa: E402

ARTICLE = ARTICLE_PARAGRAPHS
MENU = ["Home", "News", "World", "Business", "Sport", "Opinion", "Culture", "Travel", "Video", "Podcasts"]


def _page(*parts: list[str]) -> str:
    return "\n".join(line for part in parts for line in part) + "\n"


def _cleaned(text):
    cleaned = clean_lines(normalize_text(text))
    return cleaned, [l.text for l in cleaned.lines if l.text], {r.text: r.rule for r in cleaned.removed}


def test_menu_run_goes_as_one_block_and_each_line_is_logged():
    cleaned, kept, removed = _cleaned(_page(MENU, ["Leaders agree on a joint command"], ARTICLE))
    assert kept == ["Leaders agree on a joint command"] + ARTICLE
    assert all(removed[item] in ("menu", "navigation") for item in MENU)
    assert removed["World"] == "menu" and removed["Podcasts"] == "menu"


def test_headline_list_after_the_article_goes_with_its_heading():
    cleaned, kept, removed = _cleaned(_page(ARTICLE, ["Most popular"], HEADLINES))
    assert kept == ARTICLE
    assert {removed[h] for h in HEADLINES} == {"headline_list"}
    assert "Most popular" in removed


def test_comment_thread_below_the_article_is_removed_as_a_thread():
    cleaned, kept, removed = _cleaned(_page(MENU, ARTICLE, ["24 comments"], COMMENTS))
    assert kept == ARTICLE
    assert removed["This is a terrible idea and the government should think again before it signs anything at all."] == "comment_thread"
    assert removed["Bob Stone • 3 hours ago"] == "comment_thread"


@pytest.mark.parametrize("header", ["December {day}, 2014 reader{day}:", "Reader {day} · 2020-05-{day}T17:52:00Z"])
def test_comments_under_a_date_and_a_handle_or_a_machine_time_stamp_are_a_thread(header):
    bodies = [line for line in COMMENTS if len(line.split()) > 8]
    thread = [part for day, body in enumerate(bodies, 10) for part in (header.format(day=day), body)]
    cleaned, kept, removed = _cleaned(_page(MENU, ARTICLE, ["Comments"], thread))
    assert kept == ARTICLE
    assert {removed[line] for line in thread} == {"comment_thread"}


@pytest.mark.parametrize("header", ["Ana · Hace {day} minutos", "Anne · il y a {day} heures", "Anna · vor {day} Stunden",
                                    "Anna · {day} ore fa", "Ana · há {day} dias", "读者{day} · {day}小时前"])
def test_comments_under_relative_time_stamps_in_other_languages_are_a_thread(header):
    bodies = [line for line in COMMENTS if len(line.split()) > 8]
    thread = [part for day, body in enumerate(bodies, 10) for part in (header.format(day=day), body)]
    cleaned, kept, removed = _cleaned(_page(MENU, ARTICLE, ["Comments"], thread))
    assert kept == ARTICLE
    assert {removed[line] for line in thread} == {"comment_thread"}


def test_a_relative_time_inside_a_long_sentence_is_no_comment_header():
    from alliance_data.clean import _comment_shape

    assert _comment_shape("Hace una hora")
    assert not _comment_shape("El tratado se firmó hace 60 años en Washington y desde entonces ha cambiado mucho el "
                              "equilibrio militar de toda la región del Pacífico occidental.")


def test_short_lines_inside_the_article_stay():
    article = ARTICLE[:2] + ["A new chapter", "Not everyone agrees."] + ARTICLE[2:]
    cleaned, kept, removed = _cleaned(_page(MENU, article, MENU))
    assert kept == article


def test_code_listing_inside_an_article_is_not_a_menu():
    code = ["function add(a, b) {", "return a + b;", "}", "const x = add(1, 2);", "console.log(x);", "// prints 3"]
    article = ARTICLE[:2] + code + ARTICLE[2:]
    cleaned, kept, removed = _cleaned(_page(MENU, article, MENU))
    assert kept == article


def test_prose_without_page_furniture_is_left_alone():
    text = "\n\n".join(ARTICLE) + "\n"
    assert find_content_blocks(text.split("\n"), {}) == {}
    cleaned, kept, removed = _cleaned(text)
    assert kept == ARTICLE and removed == {}


def test_a_page_without_prose_is_kept_rather_than_guessed():
    cleaned, kept, removed = _cleaned(_page(MENU, HEADLINES))
    assert "World" in kept and HEADLINES[0] in kept


def test_japanese_article_is_kept_and_its_menu_removed():
    menu = ["ホーム", "ニュース", "経済", "スポーツ", "エンタメ", "ログイン"]
    article = [
        "日米両政府は月曜日、地域における両国の部隊の作戦を計画し実行する統合司令部を設けることで合意した。"
        "両国の当局者は、これをここ数十年で最大の変化だと説明している。",
        "計画によると、新しい司令部には両国の士官が配置され、合意に署名した閣僚に報告することになる。"
        "ただし、この計画はまだ国会の承認を必要としている。",
        "批判する人々は、選挙の後に優先順位が変わるかもしれない相手と国をより強く結びつけることになると述べ、"
        "政府に対して司令部がどのように管理されるのかを説明するよう求めた。",
    ]
    cleaned, kept, removed = _cleaned(_page(menu, article, menu))
    assert kept == article
    assert removed["経済"] == "menu"


def test_share_bar_above_the_article_under_a_long_menu_is_not_its_end():
    page = _page(MENU * 3, ["Share this"], ARTICLE, ["Share this article"])
    cleaned = clean_lines(normalize_text(page))
    lines = page.split("\n")
    assert cleaned.end_markers == (lines.index("Share this article") + 1,)


def test_a_paragraph_the_page_repeats_is_kept_once():
    cleaned, kept, removed = _cleaned(_page(MENU, ARTICLE, MENU, ARTICLE[:2]))
    assert kept == ARTICLE
    assert removed == {**removed, ARTICLE[0]: "repeated_in_page"}


def test_content_blocks_are_deterministic():
    page = _page(MENU, ARTICLE, ["Most popular"], HEADLINES, COMMENTS)
    assert clean_lines(normalize_text(page)) == clean_lines(normalize_text(page))


def test_article_broken_by_a_long_list_stays_one_article():
    # Two parts of one story (same vocabulary) on either side of a long list of short items.
    items = ["user type", "visit count", "past purchases", "time on site", "page views", "cart size",
             "device type", "browser", "source", "search term", "location", "language"]
    first = [p.replace("joint command", "joint command of the forces") for p in ARTICLE[:2]]
    page = _page(MENU, first, items, ARTICLE, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(p in kept for p in first + ARTICLE)


def test_table_rows_with_figures_inside_an_article_are_not_a_menu():
    table = ["Metro      Monthly change   12-month change", "Atlanta    0.7%             6.5%",
             "Boston     0.2%             5.3%", "Chicago    0.0%             2.4%", "Denver     1.1%             8.9%",
             "Miami      0.5%             7.0%"]
    article = ARTICLE[:2] + table + ARTICLE[2:]
    cleaned, kept, removed = _cleaned(_page(MENU, article, MENU))
    assert kept == article


def test_bulleted_list_inside_an_article_is_kept():
    bullets = ["• identify an ancestor living at the time", "• locate information about the service",
               "• understand pension law and its files", "• locate pension ledgers and vouchers",
               "• find the last and final payments"]
    article = ARTICLE[:2] + ["Specifically, students will learn how to:"] + bullets + ARTICLE[2:]
    cleaned, kept, removed = _cleaned(_page(MENU, article, MENU))
    assert kept == article


def _wrapped(paragraph: str, width: int = 45) -> list[str]:
    """A paragraph broken at spaces into lines of at most ``width`` characters, as a typist or converter wraps it."""
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line]


@pytest.mark.parametrize("upper", [False, True])
def test_hard_wrapped_speech_with_greetings_is_left_alone(upper):
    speech = ["Mr. President,", "Excellencies,", "Distinguished delegates,", ""]
    for paragraph in ARTICLE:
        speech += _wrapped(paragraph.upper() if upper else paragraph) + [""]
    speech += ["Thank you."]
    cleaned, kept, removed = _cleaned("\n".join(speech) + "\n")
    assert removed == {}


# --------------------------------------------------------------------------- no article text lost

def _blocks(*parts: list[str]) -> str:
    """Parts of a page as blocks (blank lines between them), as a select-all copy gives them."""
    return "\n\n".join("\n".join(part) for part in parts) + "\n"


VIDEO_PLAYER = ["Play Video", "Mute", "Current Time 0:00", "/", "Duration Time 0:00", "Loaded: 0%",
                "Remaining Time -0:00", "Fullscreen"]


def test_time_stamps_of_a_video_player_are_not_a_comment_thread():
    later = [f"In the city of Kobe, {p[0].lower()}{p[1:]}" for p in ARTICLE]
    cleaned, kept, removed = _cleaned(_page(MENU, ARTICLE, VIDEO_PLAYER, later, MENU))
    assert all(p in kept for p in ARTICLE + later)
    assert "comment_thread" not in removed.values()


AGENDA = ["Thursday, March 6, 2025 at 10:00 AM (Room 4, City Hall)", "Wednesday, June 11, 2025 at 2:30 PM",
          "Friday, October 3, 2025 at 9:00 AM (by telephone)"]


def test_dated_lines_after_the_article_are_not_logged_as_a_comment_thread():
    cleaned, kept, removed = _cleaned(_page(MENU, ARTICLE, AGENDA, MENU))
    assert all(p in kept for p in ARTICLE)
    # Kept, or removed with the menu run they are glued to: never taken for comments.
    assert all(line in kept or removed[line] != "comment_thread" for line in AGENDA)


def test_an_agenda_standing_as_its_own_block_below_the_article_stays_and_is_flagged():
    cleaned, kept, removed = _cleaned(_blocks(MENU, ARTICLE, AGENDA, ["Most popular"] + HEADLINES))
    assert kept == ARTICLE + AGENDA
    assert {r.text: r.rule for r in cleaned.flagged}[AGENDA[0]] == "article_list"
    assert all(h in removed for h in HEADLINES)


def test_an_agenda_running_into_the_box_below_it_stays_with_the_article():
    # A page laid out anew (a blank line only after a paragraph of prose) runs the agenda into the footer below it.
    foot = ["Get our newsletter", "Sign up", "Contact", "Privacy policy", "Terms of use"]
    cleaned, kept, removed = _cleaned(_blocks(MENU, ARTICLE, AGENDA + foot))
    assert kept == ARTICLE + AGENDA
    assert all(line in removed for line in foot)


def test_headlines_with_their_dates_after_them_are_no_agenda():
    dated = ["Harbour cranes stand idle as the strike enters a third week March 6, 2025",
             "Council votes to pave the old market square again June 11, 2025"]
    foot = ["Get our newsletter", "Sign up", "Contact", "Privacy policy", "Terms of use"]
    cleaned, kept, removed = _cleaned(_blocks(MENU, ARTICLE, dated + foot))
    assert kept == ARTICLE
    assert all(line in removed for line in dated)


def test_a_long_article_below_short_time_stamped_notes_is_not_a_comment_thread():
    notes = ["Updated 10:15", "Correction appended.", "Updated 11:40", "Map added.", "Updated 12:05"]
    later = [f"In the city of {town}, {p[0].lower()}{p[1:]}" for town in ("Nara", "Kobe", "Sendai", "Oita") for p in ARTICLE]
    cleaned, kept, removed = _cleaned(_page(MENU, ARTICLE, notes, later, MENU))
    assert all(p in kept for p in ARTICLE + later)


def test_bulleted_list_after_the_last_paragraph_stays_with_the_article():
    changes = ["+ Added a new kind of stone block", "+ Added rabbits that drop items", "+ Added a spectator mode",
               "* Trading has been rebalanced", "* Faster start on older machines", "- Removed an old bug"]
    cleaned, kept, removed = _cleaned(_blocks(MENU, ARTICLE, changes, ["Most popular"] + HEADLINES))
    assert all(line in kept for line in ARTICLE + changes)
    assert {removed[h] for h in HEADLINES} == {"headline_list"}


def test_list_led_in_by_a_colon_just_above_the_article_stays():
    needs = ["What you will need:", "A map of the area", "A compass", "Warm boots", "Water"]
    cleaned, kept, removed = _cleaned(_blocks(MENU, ["Five walks for the winter"] + needs, ARTICLE, MENU))
    assert all(line in kept for line in needs + ARTICLE)
    assert removed["Business"] == "menu"


def test_a_menu_under_a_bare_label_ending_in_a_colon_above_the_article_goes():
    # A search box's label over the site's sections: a label of a word or two is no lead-in to the article's list.
    menu = ["Find:"] + MENU + ["Sign in", "Weather", "Markets"]
    cleaned, kept, removed = _cleaned(_blocks(menu + ["Leaders agree on a joint command"], ARTICLE))
    assert all(line in kept for line in ARTICLE)
    assert removed["Find:"] == "menu" and removed["Podcasts"] == "menu"
    # short lines led in by more than a label ending in a colon are the article's own list above its text
    led = ["What the accord covers:", "Ports and airfields", "Fuel depots", "Joint patrols", "Training grounds"]
    cleaned, kept, removed = _cleaned(_blocks(MENU, led, ARTICLE))
    assert all(line in kept for line in led + ARTICLE)


def test_a_headline_over_a_box_of_widgets_stays_and_the_widgets_go():
    widgets = ["Rate:", "Rated 2 out of 5", "Give 1 star", "Give 2 stars", "Give 3 stars", "Give 4 stars",
               "Give 5 stars", "18", "Seen 314 times", "Photos"]
    headline = "Governments agree to joint command of their forces"
    byline = "Staff reporter | Tokyo | 08/01/2014"
    cleaned, kept, removed = _cleaned(_blocks(MENU, [headline], [byline], widgets, ARTICLE, MENU))
    assert kept == [headline, byline] + ARTICLE
    assert removed["Give 3 stars"] == "menu" and removed["Seen 314 times"] == "menu"
    # a headline that shares no words with the article is no headline of it: nothing is kept above
    other = "Weekend weather brings snow to the hills"
    cleaned, kept, removed = _cleaned(_blocks(MENU, [other], [byline], widgets, ARTICLE, MENU))
    assert other not in kept and headline not in kept


def test_table_with_column_rules_inside_an_article_is_not_a_menu():
    table = ["period │ status │ entries", "18:00 │ 200 │ 4084", "18:00 │ 404 │ 0", "17:59 │ 400 │ 12",
             "17:59 │ 500 │ 0", "17:58 │ 200 │ 3850"]
    article = ARTICLE[:2] + table + ARTICLE[2:]
    cleaned, kept, removed = _cleaned(_page(MENU, article, MENU))
    assert kept == article


def test_long_lines_without_sentence_marks_in_a_language_without_a_stop_list_are_prose():
    # Made-up words: no stop-word list covers them, and no line ends with a sentence mark (as in Thai).
    words = "valo kesta minura adeli torvan sepuli marako ilvena dostra kuvela perani soltu".split()
    paragraphs = [" ".join(words[(i + j) % len(words)] for j in range(36)) for i in range(3)]
    cleaned, kept, removed = _cleaned(_page(MENU, paragraphs, MENU))
    assert kept == paragraphs


def test_run_of_unpunctuated_chinese_lines_is_prose():
    punctuated = [
        "两国政府在周一同意建立一个联合司令部，负责计划和指挥双方部队在这个地区的行动，官员们说这是几十年来最大的变化。",
        "根据这个计划，新的司令部将由两国的军官组成，并且向签署协议的部长们报告，但是这个计划还需要得到国会的批准。",
        "批评者说这个协议会让国家和一个在选举以后可能改变优先事项的伙伴更加紧密地联系在一起，他们要求政府作出解释。",
    ]
    unpunctuated = [
        "我们在早上从城里出发的时候还在下着小雨 到了山上以后雨已经停了但是地上还是很湿",
        "营地的主人是一个很热情的人 他带着我们在园区里走了一圈并且给我们讲了这里的历史",
        "我们在园区里走了很久才找到了我们的营地",  # a shorter line does not break the run
        "晚上大家一起准备了很多好吃的东西 在树下一边吃饭一边聊天一直到了很晚才去睡觉",
        "第二天的天气终于变好了 我们在离开之前又在这个美丽的地方拍了很多的照片留作纪念",
    ]
    menu = ["首页", "新闻", "国际", "财经", "体育", "登录"]
    cleaned, kept, removed = _cleaned(_page(menu, punctuated, menu, unpunctuated, menu))
    assert all(line in kept for line in punctuated + unpunctuated)
    assert removed["财经"] == "menu"


def test_list_of_changes_written_as_clauses_inside_an_article_is_kept():
    changes = ["Fixed a crash when the window was closed during a download",
               "Printing now remembers margins chosen for the last page",
               "New setting to choose which bookmarks are shown in the toolbar",
               "Faster startup on older machines because the cache loads later",
               "Tabs playing sound can be muted from the list of tabs",
               "Address bar shows the search engine before anything is typed"]
    article = ARTICLE[:2] + ["What changed this week"] + changes + ARTICLE[2:]
    cleaned, kept, removed = _cleaned(_page(MENU, article, MENU))
    assert kept == article
    assert {r.text: r.rule for r in cleaned.flagged}[changes[0]] == "written_list"


def test_a_line_of_names_between_paragraphs_stays_and_a_tag_line_after_them_goes():
    names = ["Signed by Anna Berg (Nordbank) ; Louis Carre (Valmet) ; Kurt Dahl (Rhein Chemie) ; "
             "Marie Ebert (Ostsee Werke) ; Pierre Faure (Lumen) ; Jonas Graf (Alpina Holding)",
             "Hans Imhof (Imhof Bau) ; Claire Joly (Gaz Azur) ; Erik Krone (Krone Stahl) ; "
             "Sophie Lenoir (Banque Lenoir) ; Otto Maier (Maier Logistik) ; Paul Nadal (Nadal Aero)"]
    tags = "Tags Tokyo Washington Alliance Defence Budget Parliament Command Ministers Spring Exercises Region Forces"
    article = ARTICLE[:2] + names + ARTICLE[2:]
    cleaned, kept, removed = _cleaned(_page(MENU, article, [tags], MENU))
    assert kept == article
    assert tags in removed


def test_lists_kept_on_the_strength_of_their_shape_are_flagged():
    changes = ["+ Added a new kind of stone block", "+ Added rabbits that drop items", "+ Added a spectator mode",
               "* Trading has been rebalanced", "* Faster start on older machines", "- Removed an old bug"]
    cleaned = clean_lines(normalize_text(_blocks(MENU, ARTICLE, changes, ["Most popular"] + HEADLINES)))
    flagged = {r.text: r.rule for r in cleaned.flagged}
    assert {flagged[line] for line in changes} == {"article_list"}
    assert not set(flagged) & set(ARTICLE)


MARKUP_LISTING = ["<html>", "<head>", "<title>Test</title>", "</head>", "<body>",
                  '<script src="vendor/mocha.js"></script>', "</body>", "</html>"]


def test_lines_of_a_markup_listing_stay_and_markup_glued_into_a_sentence_goes():
    one_line = " ".join(MARKUP_LISTING)
    glued = "The minister <b>said</b> the plan would go ahead."
    cleaned = clean_lines(normalize_text(_page(["Save this page as index.html:"], MARKUP_LISTING, [one_line, glued])))
    kept = [l.text for l in cleaned.lines if l.text]
    assert kept[1:9] == MARKUP_LISTING and one_line in kept
    assert "The minister said the plan would go ahead." in kept
    assert [r.text for r in cleaned.removed if r.rule == "markup"] == ["<b>", "</b>"]


def test_signatories_after_the_last_paragraph_stay_flagged_and_headlines_after_them_go():
    signatories = ("Anna Berg (Nordbank) ; Louis Carre (Valmet) ; Kurt Dahl Jr. (Rhein Chemie) ; "
                   "Marie Ebert (Ostsee Werke) ; Pierre Faure (Lumen) ; Jonas Graf (Alpina Holding) ; "
                   "Hans Imhof (Imhof Bau) ; Claire Joly (Gaz Azur)")
    cleaned, kept, removed = _cleaned(_blocks(MENU, ARTICLE, [signatories], ["Most popular"] + HEADLINES))
    assert kept == ARTICLE + [signatories]
    assert {r.text: r.rule for r in cleaned.flagged}[signatories] == "name_list"
    assert {removed[h] for h in HEADLINES} == {"headline_list"}


def test_a_list_led_in_by_a_sentence_between_paragraphs_stays_and_a_bare_label_over_links_goes():
    items = ["Common causes of delay include the following:", "Weather", "Staff shortages", "Fuel costs",
             "Port strikes", "Customs checks"]
    links = ["More:", "Politics", "Markets", "Energy", "Shipping", "Trade"]
    article = ARTICLE[:2] + items + ARTICLE[2:3] + links + ARTICLE[3:]
    cleaned, kept, removed = _cleaned(_page(MENU, article, MENU))
    assert all(line in kept for line in ARTICLE + items)
    assert {r.text: r.rule for r in cleaned.flagged}["Weather"] == "article_list"
    assert all(link in removed for link in links[1:])


def test_ingredients_without_list_marks_between_the_article_and_its_steps_stay():
    intro = [p.replace("governments", "cooks") for p in ARTICLE[:2]]
    ingredients = ["Serves: 8", "1/4 pound celery root, peeled", "1 pound parsnips, peeled",
                   "2 pounds sweet potatoes, peeled", "1/2 cup milk", "1/4 cup packed brown sugar",
                   "2 tablespoons unsalted butter", "3/4 teaspoon salt", "1/4 teaspoon ground allspice"]
    filler = ["Prep Time: 15 minutes", "Cook Time: 40 minutes", "Level: easy"]
    steps = ARTICLE[2:]
    cleaned, kept, removed = _cleaned(_blocks(MENU, intro, filler, ingredients, steps, MENU))
    assert all(line in kept for line in intro + ingredients + steps)
    assert removed["Business"] == "menu"


def test_the_same_count_under_every_teaser_is_not_a_list_of_amounts():
    from alliance_data.clean import _AMOUNT, _mark_amounts, _Unit

    lines = ["0 comments", "0 comments", "0 comments", "Ingredients", "1/2 cup milk", "2 tablespoons butter",
             "3/4 teaspoon salt"]
    units = [_Unit(i, 2.0, None, 0, False, False) for i in range(len(lines))]
    assert [bool(_AMOUNT.match(line)) for line in lines] == [True] * 3 + [False] + [True] * 3
    assert [u.listing for u in _mark_amounts(units, lines)] == [False] * 4 + [True] * 3


LEAD = ("Glass jars on a kitchen shelf are not only pleasing to the eye, they also keep a little of the "
        "garden at home all winter and make a simple, handsome present.")
NEEDS = ["What the delegations brought:"] + [f"Folder {n}" for n in range(1, 13)]


def test_a_lead_paragraph_above_a_box_of_links_stays_with_the_article_and_the_links_go():
    box = ["Jars on a shelf (Staff)", "Other people are reading", "Ten things to know before the summit"]
    cleaned, kept, removed = _cleaned(_blocks(MENU, [LEAD], box, NEEDS, ARTICLE, MENU))
    assert kept[0] == LEAD and all(line in kept for line in NEEDS + ARTICLE)
    assert {r.text: r.rule for r in cleaned.flagged}[LEAD] == "lead_above"
    assert "Other people are reading" in removed


def test_a_paragraph_above_the_article_with_a_sentence_between_is_not_its_lead():
    between = ["The pictures were taken by our staff.", "Other people are reading", "Ten things to know before the summit"]
    cleaned, kept, removed = _cleaned(_blocks(MENU, [LEAD], between, NEEDS, ARTICLE, MENU))
    assert LEAD not in kept and all(line in kept for line in NEEDS + ARTICLE)


FIGURES = ("Revenue at Hanada Motors rose 12 percent to 4.1 trillion yen in the quarter to September. Sales in "
           "North America, Europe and Southeast Asia beat forecasts by analysts at Nomura, Mizuho and SMBC Nikko. "
           "Shares closed 3.4 percent higher in Tokyo on Tuesday.")


def test_a_paragraph_of_figures_after_a_subheading_below_the_last_paragraph_stays():
    # Sparse in function words (names, figures), but three sentences long: the article goes on.
    cleaned, kept, removed = _cleaned(_blocks(MENU, ARTICLE, ["What the figures show"], [FIGURES],
                                              ["Most popular"], HEADLINES, MENU))
    assert kept == ARTICLE + ["What the figures show", FIGURES]
    assert all(h in removed for h in HEADLINES)


def test_a_long_box_of_exclaiming_links_between_the_article_and_a_footer_goes():
    promos = ["Win a weekend in Kyoto!", "Play our daily quiz!", "Vote now!", "New puzzles!", "Shop the sale!",
              "Enter today!", "Free delivery!", "Meet the team!", "Join the club!", "Try it free!", "Big savings!",
              "Listen live!"]
    footer = "By using this site you agree that we may store and use cookies on your device as described in our policy."
    closing = "The ministry declined to comment."
    cleaned, kept, removed = _cleaned(_blocks(MENU, ARTICLE + [closing], promos, [footer]))
    assert kept == ARTICLE + [closing]
    assert all(p in removed for p in promos)


REFERENCES = [
    '^ Sato, Ken (3 May 2019). "How the harbour towns voted"', ". The Daily Courier. Retrieved 2 June 2020.",
    '^ Ito, Mari (2021). "Bases and budgets"', ". Policy Review. 14 (2): 33-41.",
    '^ "Treaty text and annexes"', ". Ministry archive. Retrieved 9 January 2022.",
    '^ Mori, Jun (12 March 2018). "A quiet summit in the spring"', ". Evening Post.",
]
NAVBOX = ["hide", "v", "t", "e", "Alliances in the Pacific", "Treaties", "Bases", "Exercises", "Summits",
          "Ministers", "Budgets", "Agreements", "Commands", "Ports", "Airfields"]


def test_a_reference_list_running_into_a_box_of_links_stays_and_the_box_goes():
    cleaned, kept, removed = _cleaned(_blocks(MENU, ARTICLE, ["References"], REFERENCES + NAVBOX))
    assert kept == ARTICLE + ["References"] + REFERENCES
    assert all(item in removed for item in NAVBOX[4:])


DIARY_ZH = [  # a travel diary written in clauses, one a line, with no sentence marks
    "周末一早我们从城里出发 沿着河边的公路开了三个小时才到山脚下的村子",
    "村口那棵老樟树据说已经有五百多年了 树下坐着几位晒太阳聊天的老人",
    "我们在老人的指点下找到了上山的小路 路面是用青石板一块一块铺起来的",
    "山上的雾气还没有散开 远处的竹林和茶园都像是被一层薄纱轻轻盖住了",
    "走了大约一个小时 终于看到了半山腰上那座白墙黑瓦的小茶馆",
    "茶馆的主人是一对年轻夫妻 他们把家里的老房子改成了可以住宿的民宿",
    "院子里种满了桂花和月季 一只黄色的小狗跑过来围着我们转来转去",
    "午饭是主人自己做的腊肉炒笋和山里的野菜 味道比城里的餐厅好太多了",
    "饭后我们沿着茶园的小路慢慢散步 看采茶的阿姨们熟练地摘下嫩叶",
    "傍晚下起了小雨 屋檐下的雨滴声让人觉得特别安静",
    "主人泡了一壶今年的新茶 茶汤清亮 香气在口中久久不散",
    "老张说他小时候每年春天都会跟着爷爷上山采茶",
    "天黑以后山里非常冷 我们围着火炉烤红薯一直聊到深夜",
    "第二天清晨被鸟叫声吵醒 推开窗户就能看到对面山头的日出",
    "云海在山谷里慢慢流动 阳光照在茶园上 整片山坡都变成了金色",
    "早餐有白粥 咸鸭蛋和主人腌的萝卜干 简单却让人吃得很满足",
    "临走前主人送了我们一小包自己炒的茶叶 说欢迎明年春天再来",
    "下山的路上我们又经过那棵老樟树 老人们还坐在原来的地方",
    "这次短短两天的旅行让我们暂时忘记了城市里的忙碌和烦恼",
    "如果你也想找一个安静的地方住几天 这个小村子一定不会让你失望",
    "民宿的房间不多 周末最好提前一个星期打电话预订",
    "从城里开车过来要注意最后一段山路比较窄 会车的时候一定要慢一点",
]
MENU_ZH = ["首页", "新闻", "体育", "财经", "科技", "旅游", "美食", "登录"]
RELATED_ZH = ["相关文章", "山里的秋天", "古镇一日游", "海边露营记", "上一篇", "下一篇"]
INTRO_ZH = "这是我们一家人的旅行日记，记录我们走过的地方和吃过的美食。所有的照片都是自己拍的，转载之前请先联系我们。"
FOOT_ZH = "如果您喜欢我们的文章，欢迎到我们的粉丝页按个赞，也可以在下面给我们留言。谢谢大家的支持！"


def test_a_diary_written_without_sentence_marks_stays_whole():
    # Only the blog's own notes are punctuated: the page's function-word density comes from its long lines.
    page = _blocks(MENU_ZH, [INTRO_ZH], ["山里的茶园两日游"], *[[line] for line in DIARY_ZH], [FOOT_ZH], RELATED_ZH)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in DIARY_ZH)
    assert all(item in removed for item in MENU_ZH + RELATED_ZH)


def test_clauses_counted_by_characters_are_judged_with_their_neighbours():
    from alliance_data.clean import _classify, _Unit

    # Twelve clauses of a diary, one a line, no sentence marks; two hold few function characters of their own
    # (names and places), one closes with an exclamation.
    densities = [0.15, 0.05, 0.22, 0.18, 0.12, 0.04, 0.19, 0.16, 0.14, 0.2, 0.13, 0.17]
    units = [_Unit(i, 12.0, d, 1 if i == 7 else 0, False, False) for i, d in enumerate(densities)]
    assert _classify(units, 0.12, by_chars=True) == ["good"] * len(units)
    # Words counted one by one (a spaced language) keep the stricter line-by-line judgement.
    assert "good" not in _classify(units, 0.12)


def test_a_short_closing_statement_below_the_last_paragraph_stays_and_a_call_to_act_goes():
    closing = "\u201cWe will keep talking,\u201d she said."
    cleaned, kept, removed = _cleaned(_blocks(MENU, ARTICLE + [closing], ["Most popular"] + HEADLINES))
    assert kept == ARTICLE + [closing]
    call = "Tell us what you think now!"
    cleaned, kept, removed = _cleaned(_blocks(MENU, ARTICLE + [call], ["Most popular"] + HEADLINES))
    assert kept == ARTICLE and call in removed


NOTES_ZH = ["电话：零九一二三四五六七八，地址：山城县茶园村六号，营业时间：早上八点到晚上九点。",
            "门票：成人五十元，儿童二十元，停车场免费，宠物可以入园，雨天照常营业。",
            "交通：国道三号转县道一二二，往茶园方向约二十公里，山路窄弯多，小心驾驶。"]
HILLTOP_ZH = [
    "我们到达山顶的时候已经是中午了 从观景台上可以看到整个山谷和远处弯弯曲曲的河流",
    "山顶上的风很大 吹得人站都站不稳 但是眼前的景色让我们觉得这一路的辛苦都是值得的",
    "下山的时候我们选择了另外一条小路 路边开满了不知道名字的小野花 还有几只蝴蝶在花丛中飞",
    "傍晚的天空从橘红慢慢变成深紫 西边最后一道光线照亮了远方的海面和港口的灯塔",
]


def test_shorter_clauses_between_two_stretches_of_a_diary_keep_it_one_article():
    # Long clauses, then shorter ones in pairs between the pictures, then long ones again on other things;
    # the page's few sentences are its sparse practical notes.
    shorter = DIARY_ZH[9:14] + DIARY_ZH[15:19] + DIARY_ZH[20:21]
    middle = []
    for n, line in enumerate(shorter):
        middle.append([line])
        if n % 2 == 1:
            middle.append(["（照片）"])
    page = _blocks(MENU_ZH, ["山里的茶园两日游"], *[[line] for line in DIARY_ZH[:8]], *middle,
                   *[[line] for line in HILLTOP_ZH], NOTES_ZH, RELATED_ZH)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in DIARY_ZH[:8] + shorter + HILLTOP_ZH)
    assert all(item in removed for item in MENU_ZH + RELATED_ZH)


def test_a_page_of_clauses_without_a_single_sentence_is_kept_as_it_is():
    page = _blocks(MENU_ZH, ["山里的茶园两日游"], *[[line] for line in DIARY_ZH[:8] + DIARY_ZH[12:17]], RELATED_ZH)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in DIARY_ZH[:8] + DIARY_ZH[12:17])


def test_a_table_set_out_in_columns_of_spaces_inside_the_article_stays():
    table = ["What the reader sees              What went wrong",
             "The page loads slowly             The server is short of memory",
             "Pictures are missing              The picture store is offline",
             "The search finds nothing          The index was not rebuilt",
             "Old prices are shown              A cache was not emptied",
             "The login fails                   The clock of the server is wrong"]
    article = ARTICLE[:2] + ["Common faults and their causes"] + table + ARTICLE[2:]
    cleaned, kept, removed = _cleaned(_page(MENU, article, MENU))
    assert kept == article


def test_a_list_of_short_phrases_led_in_between_paragraphs_stays_and_headlines_led_in_go():
    stops = ["The ferry calls at these places:", "The old harbour", "A fishing village on the cape",
             "Two islands in the bay", "The new container port"]
    led_headlines = ["Read these stories from our archive:"] + HEADLINES
    article = ARTICLE[:2] + stops + ARTICLE[2:3] + led_headlines + ARTICLE[3:]
    cleaned, kept, removed = _cleaned(_page(MENU, article, MENU))
    assert all(line in kept for line in ARTICLE + stops)
    flagged = {r.text: r.rule for r in cleaned.flagged}
    assert flagged[stops[1]] == "article_list"
    # Headlines under a lead-in are no list of the text's (between paragraphs they are kept on their shape only).
    assert all(flagged.get(h) != "article_list" for h in HEADLINES)


def test_lines_of_a_song_quoted_between_paragraphs_stay():
    # Unpunctuated short lines like a link list, but most go on in lower case from the line above.
    song = ["Under the bridge", "over the hill", "down to the river", "where the boats stand still",
            "into the morning", "out of the rain", "back to the harbour", "home again"]
    article = ARTICLE[:2] + song + ARTICLE[2:]
    cleaned, kept, removed = _cleaned(_blocks(MENU, article, ["Most popular"] + HEADLINES))
    assert kept == article


LONG_THREAD_SAYINGS = [
    "I have been reading this paper for years and I do not think I have ever seen it get a story so wrong.",
    "My brother was in the navy for a long time and he would tell you that none of this is new at all.",
    "It is all very well to talk about a plan, but what is going to happen to the people who live near the base?",
    "I would like to know who is paying for it, because it is not going to be the ones who signed it.",
    "We have been here before and it did not end well then, so I am not holding my breath this time.",
    "Thank you for a clear piece, it is the first one I have read that explains what it is all about.",
]


def _long_thread(comments: int) -> list[str]:
    """A comment thread of up to 30 comments, each saying two different things (no comment repeats another)."""
    lines = [f"{comments} comments"]
    for n in range(comments):
        lines += [f"Reader {n + 1} • {n % 9 + 1} hours ago",
                  f"{LONG_THREAD_SAYINGS[n % 6]} {LONG_THREAD_SAYINGS[(n + 1 + n // 6) % 6]}", "Reply"]
    return lines


def test_a_long_chatty_comment_thread_below_a_short_article_is_not_taken_for_the_article():
    # The thread holds several times the article's prose, set apart from it by a footer of links.
    thread = _long_thread(14)
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, ["Most popular"], HEADLINES, MENU, thread)
    cleaned, kept, removed = _cleaned(page)
    assert all(paragraph in kept for paragraph in ARTICLE)
    assert not any(line in kept for line in thread[1:])
    assert removed[thread[2]] == "comment_thread"


def test_comments_under_their_headers_do_not_set_the_page_s_typical_density():
    # A sparse, figure-laden article above many chatty comments keeps all of its paragraphs.
    thread = _long_thread(20)
    page = _page(MENU, ["Quarterly results"], [FIGURES, FIGURES.replace("Hanada", "Kurosaki"), FIGURES.replace("Hanada", "Mitoya")],
                 HEADLINES, MENU, thread)
    cleaned, kept, removed = _cleaned(page)
    assert FIGURES in kept and FIGURES.replace("Hanada", "Mitoya") in kept
    assert not any(line in kept for line in thread[1:])


HARBOUR_STORY = [
    "The harbour festival returned to the old port on Saturday after a break of three years, and the organisers said "
    "that more than forty thousand people had come to watch the boats sail in under the bridge at noon.",
    "Fishing families from the villages along the coast brought their boats decorated with flags and paper lanterns, "
    "as their grandparents had done, and the children of the local school sang on the pier until the light went.",
    "The mayor told the crowd that the town had waited a long time for this day, and that the money raised by the "
    "stalls would go to the repair of the sea wall that was damaged in the storms of the last winter.",
    "Some of the older visitors said that the festival was smaller than it had been in their youth, when the whole "
    "fleet was still at work, but most of them were glad that it was there at all after so long a wait.",
    "In the evening the lanterns were set on the water and drifted out past the lighthouse, where a crowd of people "
    "stood on the rocks to watch them go until the last of them was lost in the dark of the open sea.",
    "The organisers hope to hold the festival every summer from now on, and they have asked the towns along the "
    "coast to send their own boats next year, so that it can grow back into what it was in the old days.",
]


def test_a_second_story_not_far_short_of_the_first_is_kept_and_flagged():
    # Two stories on one page, a box of links between them: the shorter one is not thrown away.
    page = _page(MENU, ["Harbour festival returns after three years"], HARBOUR_STORY, HEADLINES, MENU,
                 ["Leaders agree on a joint command"], ARTICLE, HEADLINES)
    cleaned, kept, removed = _cleaned(page)
    assert all(paragraph in kept for paragraph in HARBOUR_STORY + ARTICLE)
    flagged = {r.text: r.rule for r in cleaned.flagged}
    assert all(flagged.get(paragraph) == "unsure_prose" for paragraph in ARTICLE)
    assert not any(paragraph in flagged for paragraph in HARBOUR_STORY)
    assert all(removed.get(h) for h in HEADLINES)


TEASERS = [part for n, headline in enumerate(HEADLINES[:5]) for part in (
    headline, f"Our reporter asks the people who live there what they expect the next {n + 2} years to bring.",
    f"{n + 3} December 2024")]


def test_teasers_of_other_stories_below_the_article_are_not_kept_as_a_second_story():
    # Each teaser's sentence stands between a headline and a date; together they hold over half the article's words.
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, HEADLINES, MENU, TEASERS, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert kept[-len(ARTICLE):] == ARTICLE
    assert not any(line in kept for line in TEASERS)
    assert not any(r.rule == "unsure_prose" for r in cleaned.flagged)


def test_teasers_with_a_byline_under_each_headline_below_the_article_go_with_the_furniture():
    # Label, headline, byline in lower case, teaser: the byline between headline and teaser does not hide the list.
    bylined = [part for n, headline in enumerate(HEADLINES[:4]) for part in (
        "TRAVEL", headline, f"by Writer Number{n}",
        f"Our reporter spent {n + 2} days there and asks the people who live there what they expect the years to bring.")]
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, bylined)
    cleaned, kept, removed = _cleaned(page)
    assert kept[-len(ARTICLE):] == ARTICLE
    assert not any(line in kept for line in bylined)


def test_teasers_right_below_the_article_go_with_the_furniture():
    # Headline, teaser, date, over and over, straight under the last paragraph: within reach of the article's prose,
    # but each teaser stands alone under its headline, and the article's paragraphs follow one another.
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, TEASERS, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert kept[-len(ARTICLE):] == ARTICLE
    assert not any(line in kept for line in TEASERS)
    assert all(removed.get(line) for line in TEASERS)


def test_teasers_between_the_article_and_its_last_lines_go_with_the_furniture():
    # The article's closing paragraph, set apart below a box of teasers, shares its vocabulary and stays; the box goes.
    closing = [f"In a statement, {ARTICLE[0][0].lower()}{ARTICLE[0][1:]}"]
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, MENU, TEASERS, MENU, closing, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert kept[-len(ARTICLE) - 1:] == ARTICLE + closing
    assert not any(line in kept for line in TEASERS)


# Other stories on the article's own topic, each a teaser under its headline: they share its vocabulary.
_TOPICAL_TEASERS = [part for n, (headline, teaser) in enumerate([
    ("Joint command faces its first test in the spring", "Officials from both capitals say the command will hold "
     "its first exercises before the budget for the forces is published."),
    ("Parliament in Tokyo to vote on the defence plans", "The ministers who signed the agreement want the "
     "parliament to approve the new headquarters before the election."),
    ("Critics ask who will control the new command", "The government has not explained how officers from both "
     "countries will report to the ministers, critics of the deal said."),
    ("What the joint command means for the region", "The largest change in decades to how the forces in the "
     "region plan their operations, officials in both capitals said."),
]) for part in (headline, teaser)]


def test_teasers_on_the_articles_topic_set_apart_below_it_go_with_the_furniture():
    # A box of other stories on the same topic below the article, past a block of links: sharing the article's
    # vocabulary does not make them its sections.
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, ["Share", "Tweet"], MENU, _TOPICAL_TEASERS, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert kept[-len(ARTICLE):] == ARTICLE
    assert not any(line in kept for line in _TOPICAL_TEASERS)
    assert all(removed.get(line) for line in _TOPICAL_TEASERS)


# Two teasers of other stories set alike (a label, a headline sharing the teaser's words, the teaser, a dated byline),
# close below the article: too few for a list, but their words are none of the article's, nor each other's.
_TEASER_PAIR = [
    "Film", "Old lighthouse keepers return to the cliff museum",
    "The lighthouse keepers who worked on the cliff until the lamps were automated came back to open the museum "
    "that now fills their old cottages.",
    "By Mary Lane on 4 May 2024",
    "Music", "Village choir wins the national singing contest",
    "A choir of forty singers from a small village won the national contest with a programme of old songs that "
    "their teacher found in a church archive.",
    "By Mary Lane on 3 May 2024",
]


def test_two_teasers_set_alike_below_the_article_go_with_the_furniture():
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, ["Defence Politics Asia"], _TEASER_PAIR, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert kept[-len(ARTICLE):] == ARTICLE
    assert not any(line in kept for line in _TEASER_PAIR[1:4] + _TEASER_PAIR[5:])
    assert removed.get(_TEASER_PAIR[2]) and removed.get(_TEASER_PAIR[6])


def test_the_articles_last_two_sections_under_their_headings_stay():
    # Set alike too, but on the article's topic: its own sections, not other stories.
    sections = [
        "Next steps", "The joint command and its new headquarters",
        "Officers from both countries will staff the headquarters of the joint command from the spring, the "
        "ministers said.",
        "Updated 4 May 2024",
        "Reactions", "Critics of the joint command ask the ministers",
        "Critics asked the ministers how the joint command and its officers would be controlled by the parliament.",
        "Updated 4 May 2024",
    ]
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, ["Defence Politics Asia"], sections, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in ARTICLE + [sections[2], sections[6]])


def test_two_teasers_set_unlike_below_the_article_stay():
    # Only one of them has a dated byline under it: no repeated unit, too little evidence for a box of other stories.
    unlike = _TEASER_PAIR[:7]
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, ["Defence Politics Asia"], unlike, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in ARTICLE + [unlike[2], unlike[6]])


def test_topical_sections_between_parts_of_the_article_stay():
    # The article's own sections under their headings, below a list of the parts it names and above its last
    # paragraph: the article goes on below them, so they are no list of other stories at its foot.
    parts = ["The parts of the plan:"] + [f"Part {n}: the {word}" for n, word in enumerate(
        ("command", "headquarters", "officers", "ministers", "budget", "exercises", "parliament", "region", "capitals",
         "forces"), start=1)]
    closing = [f"In a statement, {ARTICLE[0][0].lower()}{ARTICLE[0][1:]}"]
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, parts, _TOPICAL_TEASERS, closing, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in ARTICLE + _TOPICAL_TEASERS + closing)


def test_topical_sections_running_on_from_the_article_stay():
    # The same lines straight under the last paragraph go on with the article: its own sections.
    cleaned, kept, removed = _cleaned(_page(MENU, ["Leaders agree on a joint command"], ARTICLE, _TOPICAL_TEASERS, MENU))
    assert kept[-len(ARTICLE) - len(_TOPICAL_TEASERS):] == ARTICLE + _TOPICAL_TEASERS


def test_a_closing_sentence_dense_with_names_and_figures_stays_with_the_article():
    # Few function words (names, figures): below the page's density for prose, but on the article's topic.
    closing = ("Joint Command HQ Tokyo: 2 ministers, 14 officers, 3 exercises, defence budget 2025 (parliament "
               "vote) - capitals Tokyo and Canberra.")
    cleaned, kept, removed = _cleaned(_page(MENU, ["Leaders agree on a joint command"], ARTICLE, [closing], MENU,
                                            _TOPICAL_TEASERS, MENU))
    assert kept[-len(ARTICLE) - 1:] == ARTICLE + [closing]
    # A line of the same shape on another topic is the site's.
    other = "Harbour Lights Ltd: 12 boats, 3 piers, 40 lanterns, entry 5 euros (children 2) - Ueno and Mitoya."
    cleaned, kept, removed = _cleaned(_page(MENU, ["Leaders agree on a joint command"], ARTICLE, [other], MENU,
                                            _TOPICAL_TEASERS, MENU))
    assert other not in kept


_TITLE_CASE_HEADLINES = [
    "These Seaside Towns Will Make You Want To Move To The Coast.",
    "Ten Harbour Recipes That Are Better Than Anything In The City.",
    "He Rowed Across The Bay Every Morning For A Year. This Is What He Saw.",
    "The Lighthouse Keepers Who Never Left Their Island.",
    "Why The Best Fish Markets Open Before The Sun Comes Up.",
    "Twelve Boats That Look Like They Came From Another Century.",
]


def test_headlines_in_title_case_ending_with_a_full_stop_go_as_a_list():
    # Each has a full stop, but every word opens with a capital, function words too: headlines, not sentences.
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, _TITLE_CASE_HEADLINES, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert kept[-len(ARTICLE):] == ARTICLE
    assert all(removed.get(line) for line in _TITLE_CASE_HEADLINES)


def test_title_case_needs_function_words_in_capitals_and_a_full_stop():
    from alliance_data.clean import _title_case
    from alliance_data.text import stop_words

    english = stop_words()["en"].words
    assert _title_case("Why The Best Fish Markets Open Before The Sun Comes Up.", english)
    assert not _title_case("Why The Best Fish Markets Open Before The Sun Comes Up?", english)  # a question: kept
    assert not _title_case("Why the best fish markets open before the sun comes up.", english)  # a sentence
    assert not _title_case("Alice Walker, Bob Stone, Carol King, Dan Brown.", english)  # names, no function words
    assert not _title_case("The Sun Comes Up.", english)  # too short to tell


def test_an_article_whose_paragraphs_stand_under_their_own_headings_is_kept():
    # A story told in sections, one paragraph under each heading, after an opening in paragraphs: the sections
    # share the story's vocabulary, so they are its own, not a list of other stories.
    sections = [part for n, p in enumerate(ARTICLE)
                for part in (f"Part {n + 1}: what the plan means", f"Seen from the ministry, {p[0].lower()}{p[1:]}")]
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, sections, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in sections)
    assert kept[-len(sections):] == sections


def test_a_page_of_sections_without_an_opening_in_paragraphs_is_kept():
    # Nothing on the page is written in paragraphs one after another: the teaser shape decides nothing.
    sections = [part for n, paragraph in enumerate(ARTICLE) for part in (f"Step {n + 1}", paragraph)]
    cleaned, kept, removed = _cleaned(_page(MENU, ["How to read the new plan"], sections, MENU))
    assert all(paragraph in kept for paragraph in ARTICLE)


LONG_HARBOUR_STORY = HARBOUR_STORY + [f"In the town of {town}, {p[0].lower()}{p[1:]}"
                                      for town in ("Ueno", "Mitoya") for p in HARBOUR_STORY]


@pytest.mark.parametrize("short_first", [True, False])
def test_a_short_story_glued_to_a_much_longer_one_is_kept_and_flagged(short_first):
    # The short story holds under a third of the long one's words: it is a story all the same (paragraphs of
    # sentences one after another), so it stays, flagged, and the furniture between the two goes.
    short = [MENU, ["Leaders agree on a joint command"], ARTICLE, HEADLINES, MENU]
    long = [MENU, ["Harbour festival returns after three years"], LONG_HARBOUR_STORY, HEADLINES, MENU]
    cleaned, kept, removed = _cleaned(_page(*(short + long if short_first else long + short)))
    assert all(paragraph in kept for paragraph in ARTICLE + LONG_HARBOUR_STORY)
    flagged = {r.text: r.rule for r in cleaned.flagged}
    assert all(flagged.get(paragraph) == "unsure_prose" for paragraph in ARTICLE)
    assert not any(paragraph in flagged for paragraph in LONG_HARBOUR_STORY)
    assert all(removed.get(h) for h in HEADLINES)


def test_a_note_below_the_article_opening_with_a_mark_the_article_uses_stays_flagged():
    agenda = ["Thursday, March 6, 2025 at 10:00 AM (Room 4, City Hall)", "Wednesday, June 11, 2025 at 2:30 PM **By telephone"]
    note = "** To take part by telephone, ask the clerk's office for the number"
    cleaned, kept, removed = _cleaned(_blocks(MENU, ARTICLE, agenda, [note], ["Get our newsletter", "Sign up"] + MENU))
    assert kept[-1] == note and all(p in kept for p in ARTICLE)
    assert {r.text: r.rule for r in cleaned.flagged}[note] == "article_note"
    # Without the mark in the article, the same line goes with the furniture below it.
    plain = [agenda[0], agenda[1].replace(" **By telephone", "")]
    cleaned, kept, removed = _cleaned(_blocks(MENU, ARTICLE, plain, [note], ["Get our newsletter", "Sign up"] + MENU))
    assert note in removed



def test_headlines_alternating_with_dated_bylines_are_list_shaped():
    # "Jan." and initials end no sentence: the byline lines do not make the list read like prose.
    from alliance_data.clean import _list_shaped, _Unit
    from alliance_data.text import count_sentence_ends

    lines = [part for day, headline in enumerate(HEADLINES, 1) for part in (headline, f"By Ann J. Lee | Jan. {day}, 2015")]
    units = [_Unit(i, len(line.split()), 0.3, count_sentence_ends(line), False, False, False,
                   count_sentence_ends(line, abbreviations=True)) for i, line in enumerate(lines)]
    assert all(u.ends for u in units[1::2])  # every byline has full stops ...
    assert _list_shaped(units)  # ... that ends no sentence


def test_any_text_looks_for_blocks_in_a_text_not_shaped_like_a_page():
    lines = ARTICLE + COMMENTS
    assert find_content_blocks(lines, {}) == {}  # no run of short lines: not a page
    found = find_content_blocks(lines, {}, any_text=True)
    assert {found.get(i) for i in range(len(ARTICLE), len(lines))} == {"comment_thread"}
    assert not any(i in found for i in range(len(ARTICLE)))


def test_comments_do_not_set_the_density_of_an_article_written_as_one_long_paragraph():
    # One sparse paragraph of many sentences (a press release) and a footer sentence: too few lines to go by,
    # so the page's long lines set the bar — without the comments under their headers.
    release = " ".join([FIGURES.replace("Hanada", name) for name in ("Hanada", "Kurosaki", "Mitoya", "Ogura", "Sakai")])
    thread = _long_thread(20)
    tags = ["Tags: results, Hanada Motors, Kurosaki, Mitoya, Ogura, Sakai, Nomura, Mizuho, SMBC Nikko, Tokyo, yen, "
            "quarterly earnings"]
    footer = ["The material on this site may not be reproduced, distributed or transmitted without written permission."]
    page = _blocks(MENU, ["Quarterly results"], [release], tags, footer, MENU, thread)
    cleaned, kept, removed = _cleaned(page)
    assert release in kept
    assert not any(line in kept for line in thread[1:])


GERMAN_ARTICLE = [
    "Die Stadt hat am Montag beschlossen, dass der alte Hafen bis zum Sommer des kommenden Jahres umgebaut werden "
    "soll, und die Bewohner sind darüber nicht alle glücklich.",
    "Viele von ihnen haben in den letzten Wochen an den Versammlungen teilgenommen, in denen die Pläne der Verwaltung "
    "vorgestellt wurden, und sie haben dort ihre Sorgen deutlich gemacht.",
    "Der Bürgermeister sagte, dass die Arbeiten in mehreren Schritten durchgeführt werden, damit die Fischer ihre "
    "Boote auch während der Bauzeit im Hafen lassen können.",
    "Nach den Angaben der Stadt wird das Projekt mehr als zwanzig Millionen Euro kosten, von denen ein großer Teil "
    "aus einem Programm des Landes bezahlt werden soll.",
]


def test_a_page_s_language_is_that_of_its_text_not_of_its_comments():
    # A long thread in another language under the article does not make the article read as sparse prose.
    thread = _long_thread(30)
    cleaned, kept, removed = _cleaned(_blocks(MENU, ["Der Hafen wird umgebaut"], GERMAN_ARTICLE, MENU, thread))
    assert all(paragraph in kept for paragraph in GERMAN_ARTICLE)
    assert removed[thread[2]] == "comment_thread"


def test_a_thread_under_an_article_not_written_in_paragraphs_goes_and_the_article_stays():
    # A schedule (no prose) above a thread: the thread is the page's only prose, but not its article.
    schedule = [f"{day}, {month} {n}, 2025 at 10:00 AM in the council chamber of the old town hall (public session)"
                for n, (day, month) in enumerate([("Monday", "March"), ("Tuesday", "April"), ("Friday", "May"), ("Friday", "June"),
                                                  ("Thursday", "September"), ("Monday", "October"),
                                                  ("Wednesday", "November")], 3)]
    thread = _long_thread(12)
    cleaned, kept, removed = _cleaned(_blocks(MENU, ["Meetings of the board in 2025"], schedule, thread))
    assert all(line in kept for line in schedule)
    assert not any(line in kept for line in thread[1:])
    assert removed[thread[2]] == "comment_thread"


def test_a_page_that_is_only_a_comment_thread_is_kept_and_flagged():
    # Nothing above the thread to take for an article (a forum's page): kept as it is, its comments flagged.
    thread = _long_thread(12)
    cleaned, kept, removed = _cleaned(_blocks(MENU, thread))
    assert all(line in kept for line in thread[1:])
    assert {r.rule for r in cleaned.flagged if r.text == thread[2]} == {"comment_thread"}


SPARSE_REPORT = [FIGURES.replace("Hanada", name) for name in ("Hanada", "Kurosaki", "Mitoya", "Ogura", "Sakai")]


@pytest.mark.parametrize("sparse_first", [True, False])
def test_an_article_glued_to_a_longer_story_from_another_site_is_kept_and_flagged(sparse_first):
    # Two pages copied into one: the longer, chattier story sets the page's density, under which the figures
    # read as sparse; judged on its own part of the page the report is a story all the same.
    report = [MENU, ["Quarterly results at five carmakers"], SPARSE_REPORT, MENU]
    festival = [MENU, ["The harbour festival is back"], LONG_HARBOUR_STORY, MENU]
    cleaned, kept, removed = _cleaned(_blocks(*(report + festival if sparse_first else festival + report)))
    assert all(p in kept for p in SPARSE_REPORT + LONG_HARBOUR_STORY)
    assert {r.rule for r in cleaned.flagged if r.text in SPARSE_REPORT} == {"unsure_prose"}
    assert not any(item in kept for item in MENU)


SECTION_WORDS = ["Politics", "Markets", "Climate", "Obituaries", "Crosswords", "Newsletters", "Weather", "Podcasts",
                 "Europe", "Asia", "Americas", "Africa", "Tokyo", "Osaka", "Kobe", "Nagoya", "Sapporo"]


def test_a_long_menu_does_not_hide_the_language_of_the_page_s_text():
    # Four hundred menu lines of words that are no function words: the page's language is still that of its
    # longer lines, so a long line of tags below the article reads as one (no function words), not as prose.
    menu = [SECTION_WORDS[(n * 7) % 17] for n in range(400)]
    tags = ["Tags: " + ", ".join(f"{SECTION_WORDS[n % 17]} {SECTION_WORDS[(n * 3 + 2) % 17]}" for n in range(16))]
    cleaned, kept, removed = _cleaned(_blocks(menu, ["Leaders agree on a joint command"], ARTICLE, tags, menu[:30]))
    assert all(paragraph in kept for paragraph in ARTICLE)
    assert tags[0] not in kept


def test_a_page_in_a_language_without_a_list_is_judged_by_its_own_function_words(monkeypatch):
    # Dutch has no stop-word list: the page's function words come from its own prose, and a long line of tags
    # below the article (no sentence mark, none of those words) reads as tags, not as an unpunctuated paragraph.
    tags = ["Onderwerpen: " + " ".join(["Fietspad", "Veerpont", "Dorpshuis", "Begroting", "Aannemer", "Scheuren",
                                        "Provincie", "Wethouder", "Fundering", "Inspecteurs", "Oever", "Schepen",
                                        "Materiaal", "Najaar", "Winter", "School", "Kosten", "Besluit", "Raad",
                                        "Uitstel", "Discussie", "Dorp", "Zomer", "Avond", "Stad", "Fiets", "Opening",
                                        "Water", "Kinderen", "Mensen", "Verkeersveiligheid"])]
    page = _blocks(MENU, ["Oude brug gaat in het voorjaar dicht"], DUTCH_ARTICLE, tags, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(paragraph in kept for paragraph in DUTCH_ARTICLE)
    assert tags[0] not in kept
    # Without the derived words the line is judged by its length alone, and kept as prose.
    monkeypatch.setattr("alliance_data.clean.derived_stop_words", lambda lines: None)
    cleaned, kept, removed = _cleaned(page)
    assert all(paragraph in kept for paragraph in DUTCH_ARTICLE) and tags[0] in kept


def test_a_long_comment_in_paragraphs_below_the_article_is_no_second_story():
    # Five paragraphs between a comment's header and its footer read as a story of their own; they are a comment.
    long_comment = ["Ann Moser • 2 hours ago"] + LONG_HARBOUR_STORY[:5] + ["Reply"]
    page = _blocks(MENU, ["Leaders agree on a joint command"], ARTICLE, MENU, HEADLINES, MENU, ["12 comments"],
                   long_comment, _long_thread(4)[1:])
    cleaned, kept, removed = _cleaned(page)
    assert all(paragraph in kept for paragraph in ARTICLE)
    assert not any(line in kept for line in long_comment)


# Matches that run over a line break, end at a line start, follow blank lines or start the text.
_LINE_RULE_TEXTS = [
    "",
    "\n",
    "Advertisement",
    "Opening.\n\n1,234\nviews\nTail sentence of the article.",
    "Opening.\n1,234\n\nviews\n\nmore\n",
    "Share\n\nmore\n\n   \n\tAdvertisement \nClosing.",
    "=========\n---\n\n***\nBody text that stays.\nShare: Facebook | Twitter\n",
    "Photo: Reuters\nvideo: \nviews: 12\n\n\n404\nPage not found\nBack to top",
    "Comments are closed.\n3 comments\nno replies yet\n© 2024 Example Media. All rights reserved.",
    "Lead line\n   \n\n  \n5 min\nread\n8 Min Read\n",
]


def _line_start_patterns():
    from alliance_data.clean import _CONTINUED, _LINE_PATTERN, _OPEN_RUN, _SHORT_RUN

    return [_LINE_PATTERN, _CONTINUED, _SHORT_RUN, _OPEN_RUN]


def _same_matches(pattern, text):
    from alliance_data.clean import line_start_matches

    found = [(m.span(), m.lastgroup) for m in line_start_matches(pattern, text)]
    return found == [(m.span(), m.lastgroup) for m in pattern.finditer(text)]


_MENU = "Home\nNews\nWorld\nSports\nOpinion\nThe article starts here and it goes on for a while.\n"
_WRAPPED = "The delegation of Japan wishes to state that the\nresolution before us is one that we\nsupport fully.\n"


@pytest.mark.parametrize("text", _LINE_RULE_TEXTS + [_MENU, _WRAPPED, _MENU * 3 + _WRAPPED * 2])
def test_patterns_tried_at_line_starts_find_what_the_search_finds(text):
    for pattern in _line_start_patterns():
        assert _same_matches(pattern, text), pattern.pattern[:60]


def _same_at_line_breaks(text):
    """The line-break forms of the page tests find at ``text``'s line starts what their ``^`` forms find there."""
    from alliance_data.clean import (_CONTINUED, _CONTINUED_BREAK, _OPEN_RUN, _OPEN_RUN_BREAK, _SHORT_RUN,
                                     _SHORT_RUN_BREAK, line_start_matches)

    broken = "\n" + text
    starts = [m.start() for m in line_start_matches(_CONTINUED, text)]
    # A match of a line-break form begins at the break before the line (at the line's own place in ``text``).
    assert [m.start() for m in _CONTINUED_BREAK.finditer(broken)] == starts  # each line start counted once
    for pattern, at_breaks in ((_SHORT_RUN, _SHORT_RUN_BREAK), (_OPEN_RUN, _OPEN_RUN_BREAK)):
        first = next(iter(line_start_matches(pattern, text)), None)
        found = at_breaks.search(broken)
        assert (first and first.span()) == (found and (found.start(), found.end() - 1))


_HEADLINES = "\n".join(f"Ministers meet over plan number {i}" for i in range(6)) + "\n"
_LONG_OPEN = "a line of forty characters or more that runs on\nto the next line, which continues it\n" * 3


@pytest.mark.parametrize("text", _LINE_RULE_TEXTS + [
    _MENU, _WRAPPED, _HEADLINES, _LONG_OPEN, _MENU * 3 + _WRAPPED * 2, "", "\n", "\n\nhome\nnews\nworld\n\n",
    "Home\nnews\nWorld\nSport",  # a lower-case line breaks a run
    _WRAPPED.replace("\n", "\n\n") + _HEADLINES,
])
def test_page_tests_at_line_breaks_find_what_they_find_at_line_starts(text):
    _same_at_line_breaks(text)


def test_page_tests_at_line_breaks_tell_a_page_from_prose():
    from alliance_data.clean import _page_like

    assert _page_like(_MENU) and _page_like(_HEADLINES)
    assert not _page_like(_WRAPPED * 4) and not _page_like(_LONG_OPEN)
    assert not _page_like("One sentence that ends.\nAnother one that ends too.\n")


def test_a_pattern_without_a_line_start_has_no_line_break_form():
    import re

    from alliance_data.clean import _at_line_breaks

    with pytest.raises(ValueError):
        _at_line_breaks(re.compile("abc"))


def test_an_empty_match_at_a_line_start_is_found_as_the_search_finds_it():
    import re

    from alliance_data.clean import line_start_matches

    pattern = re.compile(r"^(?:x*)", re.MULTILINE)
    text = "xx\n\nax\nxxx"
    assert [m.span() for m in line_start_matches(pattern, text)] == [m.span() for m in pattern.finditer(text)]


def test_patterns_tried_at_line_starts_find_what_the_search_finds_in_the_seed_corpus(seed_corpus):
    from alliance_data.clean import _LINE_PATTERN, _SHORT_RUN

    texts = [normalize_text(t) for t in seed_corpus.documents["clean_text"]]
    texts += ["\n".join(r for r in seed_corpus.removed["text"])]  # the lines the rules removed, side by side
    assert any(_LINE_PATTERN.search(t) for t in texts) and any(_SHORT_RUN.search(t) for t in texts)
    for text in texts:
        for pattern in _line_start_patterns():
            assert _same_matches(pattern, text), pattern.pattern[:60]
        _same_at_line_breaks(text)


# --------------------------------------------------------------------------- copies made another way

def _markdown_page() -> str:
    menu = [f"  * [{item}](https://example.com/{item.lower()})" for item in MENU]
    article = [line for paragraph in ARTICLE for line in [*_wrapped(paragraph, width=78), ""]]
    return _blocks(menu, ["# Leaders agree on a joint command", "",
                          "![A harbour at dawn](https://example.com/img/harbour.jpg)"], article, menu)


def test_flatten_markdown_reads_a_converter_s_markdown_as_the_page_s_text():
    text = ("# A *joint* command\n\n"
            "The ministers met in [Tokyo](https://example.com/tokyo \"Tokyo\") and agreed on a\n"
            "**new** command, see [the\nstatement](/news/2024/statement-of-the-\nministers.html) \\- in full.\n\n"
            "![Ministers](https://example.com/a.jpg)\n\n"
            "  * [Home](https://example.com/)\n  * [ ![logo](/logo.png) ](https://example.com/)\n")
    assert flatten_markdown(text) == (
        "A *joint* command\n\n"
        "The ministers met in Tokyo and agreed on a new command, see the statement - in full.\n\n\n\n"
        "Home\n\n")


@pytest.mark.parametrize("text", [
    "Tokyo and Washington [updated] (Reuters) agreed on #alliance plans.\nThe [second] (minor) point.\n",
    "# Minutes\n\nThe meeting opened at ten.\nThe [chair](https://example.com) spoke.\n",
])
def test_flatten_markdown_leaves_a_text_that_is_not_markdown_as_it_is(text):
    # Fewer than MARKDOWN_MARKS links, images and headings: a plain copy that happens to hold a bracket or a hash.
    assert not markdown_shaped(text)
    assert flatten_markdown(text) == text


def test_a_markdown_copy_keeps_its_wrapped_paragraphs_whole_and_loses_its_menu():
    cleaned, kept, removed = _cleaned(flatten_markdown(_markdown_page()))
    assert all(paragraph in kept for paragraph in ARTICLE)
    assert not any(item in kept for item in MENU)
    assert not any("](" in line for line in kept)


def test_flatten_markdown_drops_the_bullet_of_a_link_item_and_keeps_that_of_a_written_item():
    text = ("## Menu\n\n## Steps\n\n  * [Home](/)\n    * [World](/world)\n"
            "  * Cut the foam a little smaller than the glass\n  * Press the [moss](/moss) around the plant\n")
    assert flatten_markdown(text).split("\n")[4:] == [
        "Home", "World", "  * Cut the foam a little smaller than the glass", "  * Press the moss around the plant", ""]


def _source_layout(paragraphs: list[str]) -> str:
    """Paragraphs as a converter that puts every text node on a line gives them: each sentence broken around a
    link (the link, from a word in lower case, on its own line), the source's blank lines around the pieces."""
    parts = []
    for paragraph in paragraphs:
        words = paragraph.split()
        a = next(i for i in range(3, len(words) - 4) if words[i][0].islower() and words[i + 2][0].islower())
        pieces = [" ".join(words[:a]) + " ", " ".join(words[a:a + 2]), "", " " + " ".join(words[a + 2:])]
        parts.append("\n".join(pieces) + "\n\n\n\n\n")
    return "\n\n\n".join(parts)


def test_join_fragments_joins_a_sentence_broken_around_its_links_in_a_source_layout_copy():
    text = _source_layout(["The ministers met in Tokyo on Monday and agreed on a new joint command for the forces."])
    text += "\n" * 20
    assert sparse_copy(text)
    assert [line for line in join_fragments(text).split("\n") if line.strip()] == [
        "The ministers met in Tokyo on Monday and agreed on a new joint command for the forces."]


@pytest.mark.parametrize(("pieces", "expected"), [
    # punctuation after a link: the sentence goes on (no space before the comma)
    (["He told", "Reuters", ", a day later, that the talks were over."], ["He told", "Reuters, a day later, that the talks were over."]),
    # a line ending a sentence or with a colon: what follows is a line of its own
    (["The talks were over.", "nobody said so."], ["The talks were over.", "nobody said so."]),
    (["What you need:", "moss and a glass"], ["What you need:", "moss and a glass"]),
    # one-word lines in lower case (a menu written so) stay apart
    (["mom", "style", "food"], ["mom", "style", "food"]),
])
def test_join_fragments_joins_only_a_piece_that_goes_on_with_an_open_sentence(pieces, expected):
    text = "\n".join(pieces) + "\n" * 40
    assert [line for line in join_fragments(text).split("\n") if line.strip()] == expected


def test_join_fragments_leaves_a_browser_s_copy_as_it_is():
    # A hard-wrapped paragraph in a copy with few blank lines: the content detector reads it as a paragraph.
    text = "\n".join(_wrapped(" ".join(ARTICLE), width=60)) + "\n\n" + "\n".join(MENU) + "\n"
    assert not sparse_copy(text)
    assert join_fragments(text) == text


def test_a_source_layout_copy_keeps_its_article_s_paragraphs_whole():
    menu = "\n\n\n".join(MENU)  # the menu's items too on lines of their own between the source's blank lines
    text = menu + "\n\n\n\n" + _source_layout(ARTICLE) + menu + "\n"
    assert sparse_copy(text)
    cleaned, kept, removed = _cleaned(join_fragments(text))
    assert all(paragraph in kept for paragraph in ARTICLE)


def _bulleted_page() -> str:
    """A page as a text-mode browser lays it out: every list item with a bullet, nested ones with another."""
    menu = [f"  * {item}" for item in MENU[:5]] + [f"    + {item}" for item in MENU[5:]]
    steps = ["  * Cut the foam a little smaller than the glass and press it into the dish until it sits flat.",
             "  * Press the moss around each plant, then mist the whole of it with water twice a week."]
    return _blocks(menu, ["Leaders agree on a joint command"], ARTICLE[:2], steps, ARTICLE[2:], menu)


def test_drop_menu_bullets_drops_the_bullets_of_short_items_in_a_bulleted_copy():
    flat = drop_menu_bullets(_bulleted_page()).split("\n")
    assert all(item in flat for item in MENU)
    # written items (a sentence, or many words) keep theirs: the article's own list
    assert sum(1 for line in flat if line.startswith("  * ")) == 2


def test_drop_menu_bullets_leaves_a_copy_with_few_bullets_as_it_is():
    text = _blocks(MENU, ["Leaders agree on a joint command"], ARTICLE, ["• Tokyo", "• Osaka"], ARTICLE, ARTICLE)
    assert drop_menu_bullets(text) == text


def test_a_bulleted_copy_loses_its_menu_and_keeps_its_article_and_its_list():
    cleaned, kept, removed = _cleaned(drop_menu_bullets(_bulleted_page()))
    assert all(paragraph in kept for paragraph in ARTICLE)
    assert sum(1 for line in kept if line.startswith("* ")) == 2
    assert not any(item in kept for item in MENU)


_WORD_TESTED_TEXTS = [
    "Body of the article goes here.\nAnn Lee contributed.\nMore text.",
    "Body text.\nJohn Smith and Ken Ito contributed reporting to this story. Extra words\n",
    "Staff\nreported from Tokyo.\nAnn\nLee reported from Osaka.",
    "Intro.\nAdditional reporting by Ken Ito\nEdited by Ann Lee\ncompiled by the desk",
    "Ann Lee contr\u0130buted.\nKen Ito contr\u0131buted.\n\u212aen Ito reported from Seoul.",
    "新闻正文。\n光明网版权所有\n腾讯公司 版權所有\n未经许可，不得转载\n無断転載禁止",
    "A speech without any credit line at all.\n\nIt goes on over several lines\nand ends here.",
    "Mr. President, allow me to begin.\n  \n\t\n08-51570 26\n \nthat the Goals were in danger of not being attained",
]


def _rules_as_written():
    """The line rules without the quick tests of their first characters, all of them."""
    from alliance_data.clean import _LINE_ALTERNATIVES, _line_pattern

    return _line_pattern(_LINE_ALTERNATIVES, guarded=False)


# Lines that open with every kind of character the rules look at: blanks, brackets, digits, signs, other scripts.
_FIRST_CHARACTER_TEXTS = [
    "  Advertisement\n\t\tShare\n [Read more]\n(Photo: Reuters)\n【関連記事】\n「続きを読む」\n  12 comments\n",
    "\u2014\u2014\u2014\n___\n...\n#1\n@user\n404\n4 min read\n1,234 views\n\u00a9 2024 Example\n(c) 2024 X\n",
    "\u00c9 proibida a reprodu\u00e7\u00e3o\nTous droits r\u00e9serv\u00e9s\nVER M\u00c1S\n\u0421\u043c\u043e\u0442\u0440\u0438\u0442\u0435 \u0442\u0430\u043a\u0436\u0435\n",
    "www.example.com/page\nhttp://example.com\n\u2026 more\n\n\nmore\n \nread more\n\u017fhare\n\u212aen Ito contributed.\n",
    "Home\nhome\nHOME\nTop\nback to top\nMenu\nSearch\nClose\nprint this article\nE-mail this story\n",
]


@pytest.mark.parametrize("text", _WORD_TESTED_TEXTS + _FIRST_CHARACTER_TEXTS + _LINE_RULE_TEXTS + [_MENU, _WRAPPED])
def test_the_line_rules_tried_over_a_document_find_what_all_of_them_find(text):
    from alliance_data.clean import _LINE_PATTERN, _line_pattern_for, line_start_matches

    written = [(m.span(), m.lastgroup) for m in _rules_as_written().finditer(text)]
    assert [(m.span(), m.lastgroup) for m in _LINE_PATTERN.finditer(text)] == written
    found = [(m.span(), m.lastgroup) for m in line_start_matches(_line_pattern_for(text), text)]
    assert found == written


def test_each_line_rule_is_tested_on_its_first_character():
    from alliance_data.clean import _GUARDED_ALTERNATIVES, _LINE_ALTERNATIVES

    guarded = [name for name in _LINE_ALTERNATIVES if _GUARDED_ALTERNATIVES[name] != _LINE_ALTERNATIVES[name]]
    assert {"navigation", "share_prompt", "url", "copyright", "contributor_credit"} <= set(guarded)
    lines = "".join(_FIRST_CHARACTER_TEXTS)
    assert len(list(_rules_as_written().finditer(lines))) >= 20  # the texts above do meet the rules


def test_a_document_without_the_words_of_a_rule_is_matched_without_it():
    from alliance_data.clean import _LEAN_LINE_PATTERN, _LINE_PATTERN, _line_pattern_for

    assert _LEAN_LINE_PATTERN is not _LINE_PATTERN  # the words were read from the rules
    assert _line_pattern_for(_WRAPPED) is _LEAN_LINE_PATTERN
    assert _line_pattern_for(_WORD_TESTED_TEXTS[0]) is _LINE_PATTERN
    assert _line_pattern_for(_WORD_TESTED_TEXTS[4]) is _LINE_PATTERN  # a folded letter: all the rules
    assert _line_pattern_for(_WORD_TESTED_TEXTS[5]) is _LINE_PATTERN  # a notice after a name
    lines = [m.group().strip() for m in _LINE_PATTERN.finditer("\n".join(_WORD_TESTED_TEXTS))]
    assert any(line.startswith("Ann Lee contributed.") for line in lines) and "光明网版权所有" in lines


def test_the_line_rules_tried_over_each_seed_document_find_what_all_of_them_find(seed_corpus):
    from alliance_data.clean import _line_pattern_for, line_start_matches

    texts = [normalize_text(t) for t in seed_corpus.documents["clean_text"]]
    texts += ["\n".join(r for r in seed_corpus.removed["text"])]
    written = _rules_as_written()
    for text in texts:
        found = [(m.span(), m.lastgroup) for m in line_start_matches(_line_pattern_for(text), text)]
        assert found == [(m.span(), m.lastgroup) for m in written.finditer(text)]


@pytest.mark.parametrize("text", [
    "He said(rt)0314p09.tif Japan would.\nA plain line.\n\nThe <b>bold</b> word and [caption id=1]x[/caption]\nfile.PDF\nlast",
    "no hint at all\nin these lines",
    "<\n[\n.jpg\n\n.jpeg!\nx.tiff.png",
])
def test_the_lines_with_a_span_hint_are_those_a_search_of_each_line_finds(text):
    from alliance_data.clean import _SPAN_HINT, _hinted_lines, clean_lines, remove_spans

    lines = text.split("\n")
    assert _hinted_lines(text) == {i for i, line in enumerate(lines) if _SPAN_HINT.search(line)}
    cleaned = clean_lines(text, content_blocks=False)
    assert [line.text for line in cleaned.lines] == [remove_spans(line)[0].strip() for line in lines]


# --------------------------------------------------------------------------- short stories under their own head

BRIEF_HEAD = ["Harbour festival returns to the old port after three years", "By Ann Moser | 12 May 2024, 10:32"]
LEGAL = [
    "The material on this site may not be reproduced, distributed, transmitted or otherwise used, except with the "
    "prior written permission of the publisher, and all of the rights in it are reserved by the publisher.",
    "Rules of the community apply to all of the content that you upload or otherwise submit to this site, and "
    "the publisher may remove any of it at any time and for any reason that it sees fit to give.",
]


def test_a_one_paragraph_brief_under_its_headline_and_date_outweighed_by_a_footer_is_kept():
    # The brief's one paragraph is lighter than the site's legal notes at the foot of the page, which the detector
    # takes for the article; its headline shares the paragraph's words and a dated line stands between them.
    page = _blocks(MENU, BRIEF_HEAD, HARBOUR_STORY[:1], MENU, HEADLINES, ["© 2024 The Harbour Times"], LEGAL)
    cleaned, kept, removed = _cleaned(page)
    assert HARBOUR_STORY[0] in kept
    assert all(removed.get(item) for item in MENU)


def test_a_brief_under_its_head_is_the_article_and_the_heavier_legal_notes_below_it_go():
    # The legal notes hold more words than the brief, but they have no head and are no story in paragraphs: the brief
    # under its headline and dated byline is the page's article, and the notes go with the page's furniture.
    page = _blocks(MENU, BRIEF_HEAD, HARBOUR_STORY[:1], MENU, HEADLINES, ["© 2024 The Harbour Times"], LEGAL)
    cleaned, kept, removed = _cleaned(page)
    assert sum(len(line.split()) for line in LEGAL) > len(HARBOUR_STORY[0].split())
    assert HARBOUR_STORY[0] in kept and BRIEF_HEAD[0] in kept
    assert not any(line in kept for line in LEGAL)
    assert HARBOUR_STORY[0] not in {r.text for r in cleaned.flagged}


def test_a_brief_read_a_little_short_of_prose_under_its_head_is_the_article_over_heavier_legal_notes():
    # The brief's one paragraph, dense with names, reads a little short of the page's prose (set by the legal notes):
    # it stands under its headline and dated byline, the notes have no head and are no story, so the brief is the
    # article, kept unflagged, and the notes and the headlines go.
    brief = ("HARBOURTOWN - Boat crews, lantern makers and brass bands from Dover and Calais return to the Old Port on "
             "Sunday for the Harbour Festival, which was called off in each of the last three years.")
    page = _blocks(MENU, BRIEF_HEAD, [brief], MENU, HEADLINES, ["© 2024 The Harbour Times"], LEGAL)
    cleaned, kept, removed = _cleaned(page)
    assert kept == BRIEF_HEAD + [brief]
    assert all(removed.get(line) for line in LEGAL + HEADLINES)
    assert not cleaned.flagged


#: The site's prose close below a brief: a note on its prints and one on its writers, sharing no topic words with it.
SITE_PROMO = [
    "Prints of the pictures our photographers take can be ordered in three sizes from the shop, and each of them "
    "comes framed in oak within a week, or it can be sent to your door unframed.",
    "Our writers answer questions from readers every Friday afternoon, so send yours in through the form on the "
    "contact page of our website before noon on Thursday.",
]


def test_a_brief_under_its_head_ends_above_the_sites_prose_set_close_below_it_past_a_box_of_links():
    # Two paragraphs under the brief's headline and dated byline, two short lines of a box (its label and a link), then
    # the site's own prose, close enough to join the brief's prose but sharing none of its words: it goes.
    page = _blocks(MENU, BRIEF_HEAD + HARBOUR_STORY[:2] + ["Around the region", "Weather and roads"] + SITE_PROMO, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in BRIEF_HEAD + HARBOUR_STORY[:2])
    assert all(removed.get(line) for line in SITE_PROMO)


def test_the_sites_prose_below_a_brief_past_a_menu_does_not_join_it_by_its_weight():
    # The site's prose, nearly as heavy as the brief but past a menu and with no head of its own, shares none of the
    # brief's words: it goes, and the brief under its headline and dated byline stays.
    page = _blocks(MENU, BRIEF_HEAD, HARBOUR_STORY[:2], MENU, SITE_PROMO, MENU)
    cleaned, kept, removed = _cleaned(page)
    promo, brief = (sum(len(line.split()) for line in part) for part in (SITE_PROMO, HARBOUR_STORY[:2]))
    from alliance_data.clean import SECOND_CLUSTER_SHARE

    assert SECOND_CLUSTER_SHARE * brief <= promo <= brief
    assert all(line in kept for line in BRIEF_HEAD + HARBOUR_STORY[:2])
    assert all(removed.get(line) for line in SITE_PROMO)


def test_a_brief_under_its_head_goes_on_past_short_lines_to_prose_that_shares_its_words():
    # The same brief with its third paragraph below two short lines (a picture's label and credit), sharing the
    # story's words (the festival, the harbour, the boats): the article goes on past them.
    third = ("The harbour festival will be held again next summer, the organisers said, and the boats of the old "
             "port will sail in under the bridge at noon as they did this year.")
    page = _blocks(MENU, BRIEF_HEAD + HARBOUR_STORY[:2] + ["The boats at noon", "Picture: Ann Moser"] + [third], MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in BRIEF_HEAD + HARBOUR_STORY[:2] + [third])


def test_a_summary_under_the_head_does_not_take_the_place_of_the_article_body_that_shares_its_words():
    # The page's head over a summary of the story (its first paragraph, as a box of links shows it), the site's menu,
    # then the story's body, short of a story, that opens with the same paragraph: the body is the article, kept.
    summary = ("HARBOURTOWN - Boat crews, lantern makers and brass bands from Dover and Calais return to the Old Port "
               "on Sunday for the Harbour Festival, which was called off in each of the last three years.")
    body = ["(Harbour Times) - Boat crews, lantern makers and brass bands from Dover and Calais return to the Old "
            "Port on Sunday for the Harbour Festival, which was called off in each of the last three years.",
            "The festival had been one of the things that the town was known for, and many of the people who live "
            "there said that they had missed it more than they could say when it was called off."]
    page = _blocks(MENU, BRIEF_HEAD, [summary], MENU, MENU, body, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in body)


def test_a_short_story_under_its_head_below_a_longer_one_is_kept_and_flagged():
    page = _blocks(MENU, ["Leaders agree on a joint command"], ARTICLE, HEADLINES, MENU, BRIEF_HEAD, HARBOUR_STORY[:2],
                   MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(paragraph in kept for paragraph in ARTICLE + HARBOUR_STORY[:2])
    flagged = {r.text: r.rule for r in cleaned.flagged}
    assert all(flagged.get(paragraph) == "unsure_prose" for paragraph in HARBOUR_STORY[:2])
    assert all(removed.get(item) for item in HEADLINES)


@pytest.mark.parametrize("head", [
    # a standfirst (a sentence sharing the story's words) between the headline and the dated byline
    ["Harbour festival returns to the old port after three years",
     "Boats and paper lanterns filled the old port again for the harbour festival.", "By Ann Moser | 12 May 2024, 10:32"],
    # a headline whose only full stop is an abbreviation's
    ["Harbour festival returns to the old port on Dec. 12 after three years", "By Ann Moser | 12 May 2024, 10:32"],
])
def test_a_short_story_under_a_fuller_head_below_a_longer_one_is_kept_and_flagged(head):
    page = _blocks(MENU, ["Leaders agree on a joint command"], ARTICLE, HEADLINES, MENU, head, HARBOUR_STORY[:2], MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(paragraph in kept for paragraph in ARTICLE + HARBOUR_STORY[:2])
    flagged = {r.text: r.rule for r in cleaned.flagged}
    assert all(flagged.get(paragraph) == "unsure_prose" for paragraph in HARBOUR_STORY[:2])


#: A story's buttons between its dated byline and its first paragraph: short lines, each a word or two.
STORY_BUTTONS = ["Print", "Email", "Text size", "Listen"]


def test_a_short_story_is_found_under_its_head_over_a_caption():
    # A picture's caption (a short statement sharing no words with the paragraph) over the picture's link.
    between = ["Lanterns hung over a quiet street in the evening light.", "View full size image"]
    page = _blocks(MENU, ["Leaders agree on a joint command"], ARTICLE, HEADLINES, MENU, BRIEF_HEAD, between,
                   HARBOUR_STORY[:1], MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(paragraph in kept for paragraph in ARTICLE + HARBOUR_STORY[:1])
    assert {r.text: r.rule for r in cleaned.flagged}.get(HARBOUR_STORY[0]) == "unsure_prose"


def test_a_story_headline_with_an_amount_in_it_heads_its_short_story():
    head = ["Harbour festival returns to the old port with a $2 million sea wall fund", BRIEF_HEAD[1]]
    page = _blocks(MENU, ["Leaders agree on a joint command"], ARTICLE, HEADLINES, MENU, head, HARBOUR_STORY[:1], MENU)
    cleaned, kept, removed = _cleaned(page)
    assert HARBOUR_STORY[0] in kept and head[0] in kept


def test_the_head_of_a_short_story_keeps_its_headline_and_date_not_its_buttons():
    page = _blocks(MENU, ["Leaders agree on a joint command"], ARTICLE, HEADLINES, MENU, BRIEF_HEAD, STORY_BUTTONS,
                   HARBOUR_STORY[:1], MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in BRIEF_HEAD + HARBOUR_STORY[:1])
    assert not any(button in kept for button in STORY_BUTTONS)


def test_a_brief_under_its_head_is_the_story_of_a_page_with_a_list_of_teasers():
    # A paragraph under its headline and dated byline, and a list of four teasers below it holding more words: the
    # list is the site's, the brief is the page's story (a brief is not one of the teasers: it stands alone).
    teasers = TEASERS[:12]
    page = _blocks(MENU, BRIEF_HEAD, HARBOUR_STORY[:1], MENU, teasers, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert HARBOUR_STORY[0] in kept
    assert not any(line in kept for line in teasers)


def test_a_sentence_sharing_no_words_with_a_paragraph_ends_the_search_for_its_head():
    # A sentence above the paragraph that is not about it (a notice) is no standfirst: what stands above it is
    # another block's, not the paragraph's head.
    head = ["Harbour festival returns to the old port after three years", "By Ann Moser | 12 May 2024, 10:32",
            "Members can read every story of the archive without a limit on the number of pages."]
    page = _blocks(MENU, ["Leaders agree on a joint command"], ARTICLE, HEADLINES, MENU, head, HARBOUR_STORY[:1], MENU)
    cleaned, kept, removed = _cleaned(page)
    assert HARBOUR_STORY[0] not in kept


def test_a_paragraph_under_a_dated_label_that_shares_no_words_with_it_is_no_story():
    promotion = ["Daily newsletter", "Sign up today, 12 May 2024",
                 "Get the best of our reporting in your inbox every morning, with the stories that matter most to "
                 "readers and a few that you would not have found on your own, all free of charge."]
    page = _blocks(MENU, ["Leaders agree on a joint command"], ARTICLE, MENU, promotion, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert promotion[2] not in kept and kept[-len(ARTICLE):] == ARTICLE


def test_dated_teasers_one_after_another_are_a_list_not_short_stories():
    # Each teaser sentence shares words with its headline and has a date above it: several such heads in a row are
    # a list of other stories.
    teasers = [part for place in ("Osaka", "Nagoya", "Sapporo") for part in (
        f"New harbour bridge opens in {place} after years of work", f"12 May 2024, 10:{len(place)}2",
        f"The new harbour bridge in {place} opened to traffic on Sunday after years of work, and the city expects "
        f"it to carry thousands of cars a day between the port and the old town by the end of the year.")]
    page = _blocks(MENU, ["Leaders agree on a joint command"], ARTICLE, MENU, teasers, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert kept[-len(ARTICLE):] == ARTICLE
    assert not any(line in kept for line in teasers)



#: A box of other stories between a short story's dated byline and its paragraph: more lines than a head runs to.
OTHER_STORIES_BOX = ["More from this author", *HEADLINES, "Most read", "Top stories", "Sign up", "Share", "Comments"]


def test_a_short_story_is_found_under_its_head_set_far_above_over_a_box_of_other_stories():
    # The headline shares the paragraph's words and a dated byline stands under it; a box of other stories' headlines
    # (no sentence among them) stands between the head and the paragraph: the head is found all the same, kept with
    # the paragraph, and the other stories' headlines between go.
    assert len(OTHER_STORIES_BOX) > HEAD_LINES
    page = _blocks(MENU, ["Leaders agree on a joint command"], ARTICLE, MENU, BRIEF_HEAD, OTHER_STORIES_BOX,
                   HARBOUR_STORY[:1], MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in ARTICLE + BRIEF_HEAD + HARBOUR_STORY[:1])
    assert {r.text: r.rule for r in cleaned.flagged}.get(HARBOUR_STORY[0]) == "unsure_prose"
    assert not any(headline in kept for headline in HEADLINES)


@pytest.mark.parametrize("head", [
    # a headline sharing the paragraph's words under a date, with another date below it: two dates in a row are a
    # list of dated stories
    ["Harbour festival returns to the old port after three years", "12 May 2024, 10:32",
     "Ministers meet over the budget", "11 May 2024, 09:15"],
    # a headline sharing its words under its own date (as a list of other stories sets each item: date, then
    # headline): a head set that far up is dated under its headline
    ["12 May 2024, 10:32", "Harbour festival returns to the old port after three years"],
])
def test_a_dated_headline_far_above_a_paragraph_in_a_list_shape_is_not_its_head(head):
    # Far above the paragraph, past a box of headlines: the paragraph has no head there.
    page = _blocks(MENU, ["Leaders agree on a joint command"], ARTICLE, MENU, head, OTHER_STORIES_BOX,
                   HARBOUR_STORY[:1], MENU)
    cleaned, kept, removed = _cleaned(page)
    assert HARBOUR_STORY[0] not in kept
    assert kept[-len(ARTICLE):] == ARTICLE


def test_a_short_story_is_found_under_its_head_over_a_caption_of_prose_length():
    # A picture's caption of prose length sharing no more than a word with the paragraph, alone among the story's
    # buttons, between the dated byline and the paragraph: a sentence alone is no story's last paragraph, so the
    # search for the head goes on past it.
    caption = ("A picture of the pier taken from the top of the lighthouse by one of our readers with a phone on "
               "Saturday, 11 May 2024.")
    page = _blocks(MENU, ["Leaders agree on a joint command"], ARTICLE, HEADLINES, MENU, BRIEF_HEAD, STORY_BUTTONS,
                   [caption], STORY_BUTTONS, HARBOUR_STORY[:1], MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in ARTICLE + BRIEF_HEAD + HARBOUR_STORY[:1])
    assert {r.text: r.rule for r in cleaned.flagged}.get(HARBOUR_STORY[0]) == "unsure_prose"


def test_the_last_paragraph_of_a_story_above_ends_the_search_for_a_head():
    # The paragraph right above follows another sentence of prose: the end of a story above, not a caption; the
    # headline above that story's paragraphs is not the head of the paragraph below.
    above = ["Harbour festival returns to the old port after three years", "By Ann Moser | 12 May 2024, 10:32",
             *LEGAL]
    page = _blocks(MENU, ["Leaders agree on a joint command"], ARTICLE, HEADLINES, MENU, above, STORY_BUTTONS,
                   HARBOUR_STORY[:1], MENU)
    cleaned, kept, removed = _cleaned(page)
    assert HARBOUR_STORY[0] not in {r.text for r in cleaned.flagged}



#: A brief's lede dense with names (a little short of the page's prose density), a long headline of another story
#: written with many function words (it sets the page's bar for prose), and a line of tags.
NAMED_LEDE = ("HARBOURTOWN - Boat crews, lantern makers, brass bands and choirs from Dover and Calais: the Harbour "
              "Festival returns to the Old Port on Sunday after three years in which it was called off, organisers "
              "said.")
LONG_HEADLINE = ("What all of the new rules on the sale of the old hall will mean for each of us who live here and for "
                 "all of our children")
TAG_LINE = ("Tags: Dover, Calais, Old Port, Harbour Festival, Brass Bands, Lanterns, Boats, Summer Events, "
            "Harbourtown News")


def test_a_brief_short_of_prose_on_a_page_with_no_prose_is_found_under_its_one_head():
    # No line of the page reads as prose; the lede stands under its headline (sharing its words) and dated byline,
    # past a box of other stories: the brief is the page's article, and the menus, the box and the tags go.
    page = _blocks(MENU, BRIEF_HEAD, OTHER_STORIES_BOX, [NAMED_LEDE], MENU, [LONG_HEADLINE], [TAG_LINE], MENU)
    cleaned, kept, removed = _cleaned(page)
    assert kept == BRIEF_HEAD + [NAMED_LEDE]
    assert all(removed.get(line) for line in MENU[1:] + HEADLINES + [LONG_HEADLINE, TAG_LINE])


def test_a_page_with_no_prose_and_no_head_over_its_sentences_is_kept_whole():
    # The same page with a headline that shares no words with the lede: nothing to go by, so every line stays.
    head = ["Ministers meet over the budget", BRIEF_HEAD[1]]
    page = _blocks(MENU, head, OTHER_STORIES_BOX, [NAMED_LEDE], MENU, [LONG_HEADLINE], [TAG_LINE], MENU)
    cleaned, kept, removed = _cleaned(page)
    assert NAMED_LEDE in kept and LONG_HEADLINE in kept and TAG_LINE in kept and all(h in kept for h in HEADLINES)


# --------------------------------------------------------------------------- line numbers of the document brought

from alliance_data.clean import read_as_page, read_page, to_document_lines  # noqa: E402


def _document_line(text: str, number: int) -> str:
    return normalize_text(text).split("\n")[number - 1]


def test_read_page_gives_each_joined_line_the_document_line_it_begins_on():
    text = _markdown_page()
    page = read_page(text)
    assert page.text == read_as_page(text) and len(page.lines) == page.text.count("\n") + 1
    assert list(page.lines) == sorted(set(page.lines))  # one document line for one page line, in order
    for line, number in zip(page.text.split("\n"), page.lines):
        if line.strip():  # each line of the page text begins on its document line (a wrapped paragraph: its first)
            assert _document_line(text, number).lstrip(" *[#").startswith(line[:12]), (line, number)
    wrapped = _wrapped(ARTICLE[1], width=78)
    first = normalize_text(text).split("\n").index(wrapped[0]) + 1
    assert page.lines[page.text.split("\n").index(ARTICLE[1])] == first


def test_read_page_of_a_document_it_does_not_change_says_so():
    text = _page(MENU, ARTICLE)
    assert read_page(text) == (normalize_text(text), None)


def test_an_image_whose_description_runs_over_lines_moves_the_lines_below_it_up():
    text = ("# Title\n\n![A harbour\nat dawn](/a.jpg) Caption\n\n[One](/1) and [two](/2)\n\nThe end of it.\n")
    page = read_page(text)
    assert page.text.split("\n")[2] == " Caption"
    assert [page.lines[k] for k, line in enumerate(page.text.split("\n")) if line.strip()] == [1, 3, 6, 8]


def test_the_removal_log_of_a_markdown_copy_points_to_the_lines_of_the_file():
    text = _markdown_page()
    page = read_page(text)
    cleaned = to_document_lines(clean_lines(page.text), page.lines)
    assert cleaned.removed and cleaned.lines
    for removal in cleaned.removed:  # "Home" was removed from "  * [Home](https://example.com/home)"
        assert f"[{removal.text}]" in _document_line(text, removal.line) or removal.text in _document_line(text, removal.line)
    kept = {line.text: line.number for line in cleaned.lines if line.text}
    assert _document_line(text, kept[ARTICLE[2]]) == _wrapped(ARTICLE[2], width=78)[0]


def test_the_removal_log_of_a_source_layout_copy_points_to_the_lines_of_the_file():
    menu = "\n".join(MENU)
    text = menu + "\n\n\n\n" + _source_layout(ARTICLE) + "\n" * 20 + menu + "\n"
    page = read_page(text)
    assert sparse_copy(text) and page.lines is not None and len(page.lines) < text.count("\n") + 1
    cleaned = to_document_lines(clean_lines(page.text), page.lines)
    assert {r.text for r in cleaned.removed} >= set(MENU)
    for removal in cleaned.removed:
        assert _document_line(text, removal.line).strip() == removal.text
    for line in cleaned.lines:
        if line.text:  # a joined sentence begins on its first piece's line
            assert line.text.startswith(_document_line(text, line.number).strip())


def test_to_document_lines_without_a_map_changes_nothing():
    cleaned = clean_lines(normalize_text(_page(MENU, ARTICLE)))
    assert to_document_lines(cleaned, None) is cleaned


def test_a_date_under_the_sentence_of_a_story_above_is_not_the_head_of_the_next_one():
    # "You may also like": each teaser's byline and date follow its sentence, so the next teaser's headline has the
    # date of the one above it over it.
    box = ["You may also like", "Leaders agree on a joint command",
           "The two governments agreed on a joint command for their forces, the largest change in decades.",
           "By Ann Moser on 04 May 2024", "Harbour festival returns to the old port after three years",
           HARBOUR_STORY[0]]
    page = _blocks(MENU, ["A market town in the hills"], ARTICLE_HILLS, MENU, box, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert HARBOUR_STORY[0] not in kept
    assert not any(r.rule == "unsure_prose" for r in cleaned.flagged)


def test_a_comment_under_a_dated_header_is_no_short_story():
    thread = ["Harbour festival returns to the old port", "On May 4, 2024, at 12:15 PM, harbour_fan wrote:",
              HARBOUR_STORY[0]]
    page = _blocks(MENU, ["A market town in the hills"], ARTICLE_HILLS, MENU, thread, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert HARBOUR_STORY[0] not in kept


ARTICLE_HILLS = [
    "The market town in the hills has held its weekly market on the same square for more than four hundred years, "
    "and the farmers who come down from the valleys still set up their stalls before the sun is over the church.",
    "This year the council has paved the square again, and the traders said that the new stones were easier on the "
    "carts, although some of the older ones missed the sound that the wheels used to make on the cobbles.",
    "The town's museum has put together a small show about the history of the market, with photographs of the "
    "square taken over a hundred years, and it will stay open on market days until the end of the summer.",
    "Visitors who come by train can walk up from the station in a quarter of an hour, and on market days a bus "
    "runs every half hour from the station to the square and back again until the last stall has closed.",
]


# --------------------------------------------------------------------------- a page's end matter

_BLURB = "Our writers cover defence and diplomacy from three cities and answer the questions of readers every week."
# An article long enough that the blurb is under a tenth of its words.
_LONG_ARTICLE = ARTICLE + [f"{paragraph[:-1]}, the minister added in a second statement." for paragraph in ARTICLE]


def _page_with_foot(*foot: str, between: tuple[str, ...] = ("Share", "Tweet", "Email", "Print")) -> str:
    return _page(MENU, _LONG_ARTICLE, [*between, ""], list(foot))


def test_a_short_paragraph_below_the_last_block_of_furniture_is_the_pages_end_matter():
    cleaned, kept, removed = _cleaned(_page_with_foot(_BLURB))
    assert kept == _LONG_ARTICLE
    assert removed[_BLURB] == "page_block"


def test_a_long_foot_below_the_furniture_is_kept():
    foot = [f"{paragraph} {paragraph}" for paragraph in ARTICLE[:3]]  # as long as the article: a second text
    cleaned, kept, removed = _cleaned(_page_with_foot(*foot))
    assert all(paragraph in kept for paragraph in foot)


def test_a_short_story_under_its_own_head_below_the_furniture_is_kept():
    head = "Leaders meet again in Tokyo"
    cleaned, kept, removed = _cleaned(_page_with_foot(head, _BLURB))
    assert head in kept and _BLURB in kept


def test_the_articles_last_paragraph_after_a_short_line_stays():
    cleaned, kept, removed = _cleaned(_page(MENU, ARTICLE[:3], ["Advertisement", ""], ARTICLE[3:], ["Share", "Tweet"]))
    assert kept == ARTICLE


_FORM = ["Rules for readers",
         "The views readers post here are their own, and the editors may take down any view that breaks the law "
         "or insults another reader without warning.",
         "Name (*):", "Your view (*):", "Fields marked (*) must be filled in", "Warning",
         "Bear in mind that each reader answers for what he or she posts, and that the editors hand the details "
         "of a reader over to the courts when they are asked for them."]


def test_what_a_page_keeps_below_a_share_bar_under_most_of_its_prose_goes():
    # A comment form with its rules, written in sentences, right under the share bar below the article's end and
    # over the site's footer.
    cleaned, kept, removed = _cleaned(_page(MENU, _LONG_ARTICLE, ["Share", "Tweet"], _FORM, MENU))
    assert kept == _LONG_ARTICLE
    assert {removed[line] for line in _FORM} == {"page_block"}


def test_a_comment_forms_instructions_end_the_article_and_the_sites_blurb_below_goes():
    instructions = ("To post a comment, sign in with one of your accounts and write below; the editors read every "
                    "comment before it appears and take down those that break the rules of the site.")
    blurb = ("The opinion desk has kept this page since the paper first went online, and its writers answer the "
             "letters that readers send about the stories of the week.")
    cleaned, kept, removed = _cleaned(_page(MENU, _LONG_ARTICLE, ["Comments", instructions], MENU, [blurb], MENU))
    assert kept[-len(_LONG_ARTICLE):] == _LONG_ARTICLE
    assert removed[instructions] == "comment_notice"
    assert blurb in removed


def test_a_share_bar_with_a_third_of_the_article_below_it_is_no_end():
    article = _LONG_ARTICLE[:5] + ["Share", "Tweet"] + _LONG_ARTICLE[5:]
    cleaned, kept, removed = _cleaned(_page(MENU, article, MENU))
    assert kept == _LONG_ARTICLE


def test_paragraphs_one_after_another_below_a_share_bar_under_a_longer_story_stay():
    # A second story glued below the first one's share bar: three paragraphs in a row are no site's lines.
    above = _LONG_ARTICLE + [f"{paragraph[:-1]}, a spokesman said later." for paragraph in ARTICLE]
    cleaned, kept, removed = _cleaned(_page(MENU, above, ["Share", "Tweet"], _HOW_TO[:3], MENU))
    assert all(paragraph in kept for paragraph in _HOW_TO[:3])


def test_text_cut_to_the_article_loses_no_end_matter():
    text = _page(ARTICLE, ["Share", "Tweet", "Email", "Print", "Subscribe"], [_BLURB])
    cleaned = clean_lines(normalize_text(text), content_blocks=False)
    assert _BLURB in [line.text for line in cleaned.lines]


# --------------------------------------------------------------------------- a foot that addresses the reader

_LETTERS_NOTE = ("If you would like to give your view on anything you read here, you can write to the editors, "
                 "and your letter may be printed.")
_HOW_TO = [
    "Tomatoes grow best in a sunny corner of the garden, in soil that has been dug over and fed with compost "
    "before the young plants go in at the end of spring.",
    "Water the plants at the foot of the stem rather than over the leaves, and give them a little more water "
    "once the first fruit has set, since a dry spell makes the fruit split.",
    "Tie each stem to a cane as it grows and pinch out the side shoots every week, so that the plant puts its "
    "strength into the fruit rather than into leaves.",
    "When you pick your tomatoes, leave them on a sunny windowsill for a day or two, and your fruit will "
    "ripen evenly; you can keep the green ones for chutney.",
]


def test_a_sentence_addressing_the_reader_about_the_site_at_the_foot_of_a_page_goes():
    # Right under the article (no block of furniture between it and the article): not the end-matter rule's.
    cleaned, kept, removed = _cleaned(_page(MENU, ARTICLE, [_LETTERS_NOTE], MENU))
    assert kept == ARTICLE
    assert removed[_LETTERS_NOTE] == "page_block"


def test_an_article_that_addresses_its_reader_keeps_its_last_paragraph():
    # Its last paragraph speaks to the reader too, about the article's own topic.
    cleaned, kept, removed = _cleaned(_page(MENU, _HOW_TO, MENU))
    assert kept == _HOW_TO


def test_a_closing_sentence_in_the_first_person_plural_stays():
    # An organisation's post speaks for itself as "we" to its end: only the second person marks a site's notice.
    closing = "We are glad to have shared this work and we hope to say more about our plans in the months ahead."
    cleaned, kept, removed = _cleaned(_page(MENU, ARTICLE, [closing], MENU))
    assert kept == ARTICLE + [closing]


def test_text_cut_to_the_article_keeps_a_sentence_addressing_the_reader():
    cleaned = clean_lines(normalize_text(_page(ARTICLE, [_LETTERS_NOTE])), content_blocks=False)
    assert _LETTERS_NOTE in [line.text for line in cleaned.lines]


# --------------------------------------------------------------------------- another text below the article

_ERROR_FORM = [
    "Spotted an error?",
    "Mark the words in question and press the button beside them to send the marked passage to the editors.",
    "Each marked passage goes to the editors with the page's address, and the editors answer within two working days.",
]


def test_sentences_sharing_none_of_the_articles_words_below_a_short_line_at_its_foot_go():
    cleaned, kept, removed = _cleaned(_page(MENU, ["Leaders agree on a joint command"], ARTICLE, _ERROR_FORM, MENU))
    assert kept == ["Leaders agree on a joint command"] + ARTICLE + _ERROR_FORM[:1]
    assert all(removed[line] == "page_block" for line in _ERROR_FORM[1:])


def test_an_article_that_turns_to_another_subject_at_its_foot_keeps_its_last_paragraphs():
    # A change of subject under a subheading, but in the article's words (the command, its officers, the region).
    background = [
        "Background",
        "The last time the region saw such a command was after the war, when officers from several countries ran "
        "the ports and the railways for almost ten years.",
        "Historians say that command was dissolved when the forces of the region were strong enough to stand alone, "
        "and that officials at the time expected it to return one day.",
    ]
    cleaned, kept, removed = _cleaned(_page(MENU, ["Leaders agree on a joint command"], ARTICLE, background, MENU))
    assert kept == ["Leaders agree on a joint command"] + ARTICLE + background


def test_other_text_at_the_foot_of_a_short_article_is_kept_and_flagged_not_cut():
    # Beside a two-paragraph article, a foot of three sentences is too large to be sure of what it is weighed against
    # (the text above may be no article at all): it stays, its lines doubted.
    foot = _ERROR_FORM + [
        "Letters to the editors may be shortened for reasons of space, and those who write are asked to give their "
        "full name."]
    cleaned, kept, removed = _cleaned(_page(MENU, ["Leaders agree on a joint command"], ARTICLE[:2], foot, MENU))
    assert kept == ["Leaders agree on a joint command"] + ARTICLE[:2] + foot
    assert {r.text: r.rule for r in cleaned.flagged} == dict.fromkeys(foot[1:], "unsure_foot")


def test_a_single_line_sharing_none_of_the_articles_words_is_left_to_the_other_rules():
    cleaned, kept, removed = _cleaned(_page(MENU, ["Leaders agree on a joint command"], ARTICLE, _ERROR_FORM[:2], MENU))
    assert _ERROR_FORM[1] in kept


# --------------------------------------------------------------------------- a copy with every line apart

from alliance_data.clean import MENU_RUN_LINES, close_gaps, spaced_page  # noqa: E402


def _every_line_apart(text: str) -> str:
    return "\n\n".join(line for line in text.split("\n") if line.strip()) + "\n"


def _clean_page(text: str):
    page = read_page(text)
    cleaned = to_document_lines(clean_lines(page.text), page.lines)
    return [l.text for l in cleaned.lines if l.text], {r.text: (r.rule, r.line) for r in cleaned.removed}


def test_a_page_copied_with_every_line_apart_loses_its_menus_as_a_browser_s_copy_does():
    browser = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, ["Most popular"], HEADLINES)
    apart = _every_line_apart(browser)
    assert spaced_page(apart) and not spaced_page(browser)
    kept, removed = _clean_page(apart)
    assert kept == _clean_page(browser)[0]
    assert all(paragraph in kept for paragraph in ARTICLE)
    assert {removed[item][0] for item in MENU} <= {"menu", "navigation"} and removed["World"][0] == "menu"
    assert {removed[h][0] for h in HEADLINES} == {"headline_list"}
    # the log points to the file's own lines
    lines = normalize_text(apart).split("\n")
    assert all(lines[number - 1] == text for text, (_, number) in removed.items())


def test_an_article_written_with_a_blank_line_after_each_paragraph_is_read_as_it_is():
    # a headline, a byline and a date over the paragraphs, each block apart: no menu's worth of short lines
    text = _every_line_apart(_page(["Leaders agree on a joint command", "By Ann Lee", "March 3, 2024"], ARTICLE))
    assert not spaced_page(text)
    assert read_page(text) == (normalize_text(text), None)


def test_close_gaps_keeps_a_blank_line_after_each_paragraph_only():
    text = _every_line_apart(_page(MENU[:MENU_RUN_LINES], ARTICLE[:2], MENU[:2]))
    closed = close_gaps(text).split("\n")
    assert closed[:MENU_RUN_LINES] == MENU[:MENU_RUN_LINES]  # the menu's items one after another
    assert closed[MENU_RUN_LINES:MENU_RUN_LINES + 4] == [ARTICLE[0], "", ARTICLE[1], ""]
    # one short line fewer and it is not a menu's worth: left as it is
    fewer = _every_line_apart(_page(MENU[:MENU_RUN_LINES - 1], ARTICLE[:2], ["Home"]))
    assert close_gaps(fewer) == fewer


from alliance_data.clean import packed_page  # noqa: E402


def test_a_page_copied_with_no_blank_line_is_read_with_a_blank_line_after_each_paragraph():
    browser = _blocks(MENU, ["Leaders agree on a joint command"], ARTICLE, ["Most popular"], HEADLINES)
    packed = "\n".join(line for line in browser.split("\n") if line.strip()) + "\n"
    assert packed_page(packed) and not packed_page(browser)
    page = read_page(packed)
    lines = page.text.split("\n")
    for paragraph in ARTICLE:  # each paragraph of prose is followed by a blank line numbered as the paragraph
        k = lines.index(paragraph)
        assert lines[k + 1] == "" and page.lines[k + 1] == page.lines[k]
    kept, removed = _clean_page(packed)
    assert all(paragraph in kept for paragraph in ARTICLE) and "Home" not in kept
    file_lines = normalize_text(packed).split("\n")
    assert all(file_lines[number - 1] == text for text, (_, number) in removed.items())


def test_a_short_note_with_no_blank_line_is_read_as_it_is():
    text = "\n".join(["Leaders agree on a joint command", "By Ann Lee"] + ARTICLE) + "\n"
    assert not packed_page(text)
    assert read_page(text) == (normalize_text(text), None)


import textwrap  # noqa: E402

from alliance_data.clean import wrap_width  # noqa: E402


def _wrapped_at(text: str, width: int) -> str:
    return "\n".join(piece for line in text.split("\n")
                     for piece in (textwrap.wrap(line, width) if len(line) > width else [line])) + "\n"


def test_a_page_copied_wrapped_at_a_width_gets_its_paragraphs_back_whole():
    browser = _blocks(MENU, ["Leaders agree on a joint command"], *[[p] for p in ARTICLE], ["Most popular"], HEADLINES)
    wrapped = _wrapped_at(browser, 72)
    assert wrap_width(wrapped) == max(len(line) for line in wrapped.split("\n")) and wrap_width(browser) is None
    page = read_page(wrapped)
    assert all(paragraph in page.text.split("\n") for paragraph in ARTICLE)
    assert all(item in page.text.split("\n") for item in MENU)  # short lines stay lines of their own
    kept, removed = _clean_page(wrapped)
    assert kept == _clean_page(browser)[0]
    file_lines = normalize_text(wrapped).split("\n")
    assert all(file_lines[number - 1] == text for text, (_, number) in removed.items())
    # each paragraph is numbered as the line it begins on
    first = {line: number for line, number in zip(page.text.split("\n"), page.lines)}
    assert all(file_lines[first[p] - 1] == textwrap.wrap(p, 72)[0] for p in ARTICLE)


def test_an_article_wrapped_at_a_width_with_no_menu_is_read_as_it_is():
    cable = _wrapped_at(_blocks(["SUBJECT: TALKS ON THE JOINT COMMAND"], ARTICLE * 2), 68)
    assert wrap_width(cable) is None
    assert read_page(cable) == (normalize_text(cable), None)


def test_a_word_broken_at_its_hyphen_by_the_wrap_is_joined_without_a_space():
    paragraph = " ".join([ARTICLE[0].replace("a joint command", "a long-awaited joint command")] * 3)
    # a width at which the wrap breaks "long-awaited" at its hyphen
    width = next(w for w in range(50, 90) if any(line.endswith("long-") for line in textwrap.wrap(paragraph, w)))
    text = "\n".join(MENU) + "\n\n" + _wrapped_at(paragraph, width)
    assert wrap_width(text) == width
    assert paragraph in read_page(text).text.split("\n")


def test_headlines_that_fill_a_wrapped_line_by_chance_stay_lines_of_their_own():
    # Headlines in title case one under another, two of them close to the width: the next one's first word would not
    # have fitted on the line above, yet none reads on from the one above (a capital after a capitalised word), and a
    # shorter headline between them fills no line.
    headlines = ["Harbour Festival Returns To The Old Port After Three Years Of Waiting",
                 "Fishermen Decorate Their Boats For The Parade",
                 "Council Approves Repairs To The Sea Wall Damaged In Last Winter's Storms",
                 "Museum Opens A Show On Four Hundred Years Of The Weekly Market Square"]
    width = 72
    filled = [(h, n) for h, n in zip(headlines, headlines[1:]) if len(h) + 1 + len(n.split()[0]) > width]
    assert len(filled) == 2 and all(len(h) <= width for h in headlines)
    text = _wrapped_at(_blocks(MENU, ["Leaders agree on a joint command"], *[[p] for p in ARTICLE], headlines), width)
    assert wrap_width(text) == width
    lines = read_page(text).text.split("\n")
    assert all(paragraph in lines for paragraph in ARTICLE)
    assert all(headline in lines for headline in headlines)


def test_a_title_case_headline_wrapped_in_a_block_of_its_own_is_joined_whole():
    # A headline in title case broken once by the wrap, alone between blank lines: nothing reads on across the
    # break, but a block broken at every line but its last is one wrapped line.
    headline = "Harbour Festival Returns To The Old Port After Three Years Of Waiting For The Boats"
    width = 72
    text = _wrapped_at(_blocks(MENU, [headline], *[[p] for p in ARTICLE]), width)
    assert wrap_width(text) == width and headline not in text.split("\n")
    assert headline in read_page(text).text.split("\n")


def test_a_wrapped_paragraph_broken_between_two_names_is_joined_whole():
    # A break between two capitalised words ("Prime Minister" / "Ann Berg") in a block whose text reads on across
    # its other breaks: the block is wrapped text, and that break joins too.
    paragraph = " ".join(["The agreement will be signed in the spring, Prime Minister Ann Berg of New South Port "
                          "told the Harbour Council Of The North on Tuesday, after talks that went further than "
                          "anyone expected."] * 3)

    def names_apart(w: int) -> bool:
        pieces = textwrap.wrap(paragraph, w)
        return any(a.split()[-1][:1].isupper() and b[:1].isupper() for a, b in zip(pieces, pieces[1:]))

    width = next(w for w in range(60, 90) if names_apart(w) and max(map(len, textwrap.wrap(paragraph, w))) == w)
    text = "\n".join(MENU) + "\n\n" + _wrapped_at(paragraph, width)
    assert wrap_width(text) == width
    assert paragraph in read_page(text).text.split("\n")


# --------------------------------------------------------------------------- credits, teasers, repeated link texts

def _in_page(*lines: str) -> str:
    """``lines`` inside the article of a copied page (a menu above it and below it)."""
    return _blocks(MENU, ARTICLE[:2], list(lines), ARTICLE[2:], MENU)


def _page_rules(text):
    cleaned, kept, removed = _cleaned(text)
    assert all(p in kept for p in ARTICLE)
    return cleaned, kept, removed


@pytest.mark.parametrize(
    "line",
    [
        "Jane Roe/Getty Images",
        "(Sam Poe/AFP/Getty Images)",
        "Getty",
        "2019 Getty Images",
        "Ann Lee | Getty Images",
        "Kim Park/Yonhap via Getty Images",
        "Photographer: Ann Lee/Bloomberg",
        "Harbour cranes stand idle at the port on Monday. (AP Photo)",
        "Harbour cranes stand idle at the port on Monday. Sam Poe/Kyodo",
        "Harbour cranes stand idle at the port on Monday Credit: Sam Poe/AFP",
        "Des grues immobiles au port lundi. | Foto: Reuters",
    ],
)
def test_a_picture_credit_or_a_caption_closed_by_its_credit_is_removed_as_a_caption(line):
    cleaned, kept, removed = _page_rules(_in_page(line))
    assert removed[line] == "caption" and line not in kept


@pytest.mark.parametrize(
    "line",
    [
        "The minister said so in an interview with Reuters",
        "TOKYO (Kyodo)",
        "The talks ended without a deal. (Reuters)",
        "the figures were first reported by the Associated Press",
        "By Ann Bloomberg",
        "Good news",
    ],
)
def test_a_line_that_names_an_agency_without_a_credits_shape_is_not_a_caption(line):
    cleaned, kept, removed = _page_rules(_in_page(line))
    assert removed.get(line) != "caption" and line not in [f.text for f in cleaned.flagged]


def test_a_caption_closed_by_its_credit_beyond_the_captions_length_is_kept_and_flagged():
    line = " ".join(["The harbour cranes stood idle"] * 6) + ". (AP Photo)"
    cleaned, kept, removed = _page_rules(_in_page(line))
    assert line in kept
    assert ("caption", line) in [(f.rule, f.text) for f in cleaned.flagged]


def test_a_credit_in_a_text_that_is_no_page_is_left_to_the_line_rules():
    text = "A real opening sentence of the speech.\n\nJane Roe/Getty Images\n\nA real closing sentence.\n"
    removed, kept = _rules(text)
    assert removed == {} and "Jane Roe/Getty Images" in kept


def _teasers(count: int) -> list[str]:
    return [f"Story {n} sums up what happened at the harbour on day {n} and why it… Read more Read more"
            for n in range(1, count + 1)]


def test_teasers_cut_short_before_their_link_are_removed_as_excerpts():
    headed = [[f"What the harbour strike means for day {n} of the talks", teaser] for n, teaser in enumerate(_teasers(3))]
    cleaned, kept, removed = _page_rules(_blocks(MENU, ARTICLE[:2], *headed, ARTICLE[2:], MENU))
    assert all(removed[t] == "excerpt_marker" for t in _teasers(3))


def test_a_single_text_cut_short_before_its_link_is_kept_and_flagged():
    cleaned, kept, removed = _page_rules(_in_page(*_teasers(1)))
    assert _teasers(1)[0] in kept
    assert ("excerpt_marker", _teasers(1)[0]) in [(f.rule, f.text) for f in cleaned.flagged]


@pytest.mark.parametrize("line", ["He paused... more or less.", "It was late… Read more of the report below, he said."])
def test_an_ellipsis_in_a_sentence_is_no_teaser(line):
    cleaned, kept, removed = _page_rules(_in_page(line, line.replace("late", "later"), line.replace("He", "She")))
    assert "excerpt_marker" not in removed.values()
    assert "excerpt_marker" not in [f.rule for f in cleaned.flagged]


@pytest.mark.parametrize("line", ["Partner Offers Partner Offers", "Why Harbours Matter Now Why Harbours Matter Now Why Harbours Matter Now"])
def test_a_link_text_written_over_again_is_navigation(line):
    cleaned, kept, removed = _page_rules(_in_page(line))
    assert removed[line] == "navigation"


@pytest.mark.parametrize("line", ["Stop the war! Stop the war!", "New York, New York", "The end of the end of the end"])
def test_a_repeated_chant_or_phrase_inside_a_line_is_no_link_text(line):
    cleaned, kept, removed = _page_rules(_in_page(line))
    assert removed.get(line) != "navigation"


def test_the_page_above_a_thread_that_goes_is_read_again_without_it():
    # A short, sparse note (figures) under a long thread that outweighs it: with the thread gone, the page's menus and
    # headline list go as on a page with no thread, and the note stays.
    thread = _long_thread(20)
    cleaned, kept, removed = _cleaned(_blocks(MENU, ["Results"], [FIGURES], MENU, HEADLINES, MENU, thread))
    assert FIGURES in kept
    assert not any(line in kept for line in thread[1:])
    assert not any(line in kept for line in MENU + HEADLINES)


def test_a_thread_under_its_count_goes_below_a_short_listing():
    # Two agenda lines (too few words to be an article in paragraphs) above "14 comments" and the thread: the thread
    # is the page's comments, not the page.
    agenda = ["Tuesday, May 6, 2025 at 2:30 PM: the finance committee meets in room 4 of the town hall (open to all)",
              "Monday, June 2, 2025 at 3:00 PM: the finance committee meets by telephone (call the clerk for the number)"]
    thread = _long_thread(14)
    cleaned, kept, removed = _cleaned(_blocks(MENU, ["Finance committee meetings"], agenda, MENU, thread))
    assert all(line in kept for line in agenda)
    assert not any(line in kept for line in thread[1:])
    assert removed[thread[2]] == "comment_thread"


def test_a_page_that_is_only_a_thread_under_its_count_stays_a_forum():
    # The count of comments with nothing but a menu above it: the page is the thread (kept, flagged).
    thread = _long_thread(14)
    cleaned, kept, removed = _cleaned(_blocks(MENU, ["Which bike for a long tour?"], MENU, thread))
    assert all(line in kept for line in thread[1:])


def test_a_short_page_s_language_is_not_guessed_from_its_thread():
    # Too few long lines to tell the page's language from them: the guess over all its lines leaves the thread out,
    # and a short German article keeps its paragraphs under a long English thread.
    thread = _long_thread(30)
    cleaned, kept, removed = _cleaned(_blocks(MENU, ["Der Hafen wird umgebaut"], GERMAN_ARTICLE[:2], MENU, thread))
    assert all(paragraph in kept for paragraph in GERMAN_ARTICLE[:2])
    assert not any(line in kept for line in thread[1:])


def _head_of(lines, kinds):
    """The story head the detector finds above the last line (a paragraph), units made as the detector makes them."""
    from alliance_data.clean import _LIST_ITEM, _TABLE_ROW, _Unit, _story_head
    from alliance_data.text import count_sentence_ends, stop_density, word_count
    units = [_Unit(i, word_count(t), stop_density(t, "en"), count_sentence_ends(t), t.endswith(":"),
                   bool(_LIST_ITEM.match(t) or _TABLE_ROW.search(t)), t[:1].islower(),
                   count_sentence_ends(t, abbreviations=True)) for i, t in enumerate(lines)]
    return _story_head(units, kinds, lines, len(lines) - 1, "en")


def test_a_date_above_a_headline_heads_its_story_only_with_no_sentence_between():
    paragraph = HARBOUR_STORY[0]
    head = ["12 May 2024", "Harbour festival returns to the old port"]
    assert _head_of(head + [paragraph], ["bad", "bad", "good"]) == 1
    # The date of a list of dated headlines above a sign-up form's sentence: no head of the paragraph below.
    form = ["Friends of the old port can sign up for our weekly letter here."]
    assert _head_of(head[:1] + form + head[1:] + [paragraph], ["bad", "bad", "bad", "good"]) is None


@pytest.mark.parametrize("line", [
    "A caption said(ab)12x.jpg and <i>more</i> here [caption id=3]photo[/caption] too.",
    "Only a file fig2-b.PNG glued in, and a bracket [note] that is no markup.",
    "Only markup: <span class='x'>word</span> and [gallery ids=1,2] and a < b.",
    "A file name without a digit, map.pdf, and one with it: 7.tif",
    "Nothing but prose here.",
])
def test_span_removal_tries_only_the_rules_a_line_can_match_and_finds_what_all_of_them_find(line):
    from alliance_data.clean import _SPAN_PATTERN

    text, removed = remove_spans(line, line=3)
    expected = [(m.group(0), m.lastgroup, 3) for m in _SPAN_PATTERN.finditer(line)]
    assert [(r.text, r.rule, r.line) for r in removed] == expected
    if expected:
        assert text != line and all(r.text not in text for r in removed)
    else:
        assert text == line


def test_normalize_text_drops_every_invisible_character_and_makes_every_odd_space_one_space():
    import re

    from alliance_data.clean import _INVISIBLE_CHARS, _SPACE_CHARS

    text = "".join(f"w{i}{c}{d}" for i, (c, d) in enumerate(zip(_INVISIBLE_CHARS * 2, _SPACE_CHARS * 3))) + "\tend"
    expected = re.sub(f"[{_SPACE_CHARS}]", " ", re.sub(f"[{_INVISIBLE_CHARS}]", "", text))
    assert normalize_text(text) == expected
    assert not any(c in normalize_text(text) for c in _INVISIBLE_CHARS + _SPACE_CHARS)
    assert normalize_text("plain words") == "plain words"


# Other stories' summaries, each under a headline sharing its words, one per box of the page (a stream of teasers).
_STREAM = [
    ("Why the yen keeps falling against the dollar this winter",
     "Traders say the yen keeps falling against the dollar as the winter goes on and prices at home rise with it."),
    ("Inside the race to build the next generation of fighter jets",
     "Three companies are in the race to build the fighter jets, and each of them says its design will win the day."),
    ("The small town that became the centre of a diplomatic storm",
     "A small town on the coast found itself at the centre of a storm when two envoys met in its only hotel last week."),
    ("What the new budget means for families across the country",
     "The new budget gives families across the country a little more for their children but takes it back in fuel."),
]


def test_a_summary_of_the_story_above_a_stream_of_teasers_does_not_stretch_the_article_over_them():
    # The page opens with a summary of its story under a headline, then a stream of other stories' summaries, each in a
    # box of its own; the story sits below. The summary shares the story's vocabulary, but the article does not reach
    # over the stream to it: the summary and the stream go, the story stays.
    summary = ["Joint command agreed by the two governments",
               "The two governments agreed on Monday to set up a joint command for their forces in the region, "
               "which officials described as the largest change in decades."]
    stream = [line for headline, teaser in _STREAM for line in (*MENU[:9], headline, teaser)]
    page = _page(MENU, summary, stream, MENU, ["Leaders agree on a joint command"], ARTICLE, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(paragraph in kept for paragraph in ARTICLE)
    assert not any(teaser in kept for _, teaser in _STREAM)
    assert summary[1] not in kept


def test_a_part_of_the_article_beyond_a_box_or_two_of_teasers_stays():
    # Two boxes of other stories' summaries between the article's parts: fewer than a stream, the far part stays.
    closing = [f"In a statement, {ARTICLE[0][0].lower()}{ARTICLE[0][1:]}"]
    boxes = [line for headline, teaser in _STREAM[:2] for line in (*MENU[:9], headline, teaser)]
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, boxes, MENU[:9], closing, MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in ARTICLE + closing)


# Pictures of the article's story, each a caption (sharing the article's words, ending no sentence) over its credit.
_PICTURES = ["Officers from both countries outside the new headquarters", "Jane Roe/Getty Images",
             "The ministers who signed the agreement on Monday", "Sam Poe/AFP/Getty Images",
             "Forces of the two governments on exercises in the region", "Jane Roe/Getty Images"]


def _apart(lines: list[str]) -> list[str]:
    """Lines with a blank line after each, as a browser copies a picture's caption and its credit."""
    return [part for line in lines for part in (line, "")]


def test_captions_of_pictures_below_the_article_stay():
    # A gallery under the last paragraph: captions and credits are short lines ending no sentence, a menu's shape,
    # but each caption stands by its credit and speaks of the article's story.
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, _apart(_PICTURES), ["Share", "Tweet"], MENU, HEADLINES)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in ARTICLE + _PICTURES[::2])
    assert removed["Jane Roe/Getty Images"] == "caption"
    assert all(removed.get(line) for line in MENU + HEADLINES)


def test_captions_of_pictures_between_the_articles_paragraphs_stay():
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE[:2], _apart(_PICTURES), ARTICLE[2:], MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in ARTICLE + _PICTURES[::2])
    flagged = {r.text: r.rule for r in cleaned.flagged}
    assert all(flagged.get(line) == "picture_caption" for line in _PICTURES[::2])


def test_a_gallery_of_another_story_below_the_article_goes():
    # Credits alone do not make a gallery the article's: these captions share none of its words.
    other = ["Dancers at the carnival in the old port", "Jane Roe/Getty Images",
             "A parade of floats along the harbour wall", "Sam Poe/AFP/Getty Images",
             "Fireworks over the bay at midnight", "Jane Roe/Getty Images"]
    page = _page(MENU, ["Leaders agree on a joint command"], ARTICLE, _apart(other), MENU)
    cleaned, kept, removed = _cleaned(page)
    assert all(line in kept for line in ARTICLE)
    assert not any(line in kept for line in other)
