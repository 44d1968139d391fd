from alliance_data.offtopic import flag_offtopic

BODY = [
    "The alliance between Japan and the United States will upgrade its command structure in Tokyo.",
    "Officials said the joint command headquarters would coordinate Japanese and American forces.",
    "The command upgrade reflects concern about China and North Korea, alliance officials said.",
]
TEASER = ("The topic of intergenerational conflict on the Taipei metro has been making headlines as a passenger "
          "kicked an elderly woman over a priority seat, and a video of the incident went viral online while")


def test_teaser_after_the_end_is_flagged_with_a_reason():
    reasons = flag_offtopic(BODY + [TEASER], first_after_end=3)
    assert reasons[:3] == [None, None, None]
    assert reasons[3].startswith("follows the end of the article and is cut off mid-sentence")


def test_trailing_cut_off_teaser_without_an_end_marker_is_flagged():
    assert flag_offtopic(BODY + [TEASER])[3] is not None


def test_on_topic_passage_after_the_end_is_kept():
    closing = "Alliance officials said the command headquarters in Tokyo would coordinate Japanese forces with American ones."
    assert flag_offtopic(BODY + [closing], first_after_end=3) == [None] * 4


def test_nothing_flagged_without_candidates():
    assert flag_offtopic(BODY) == [None, None, None]
