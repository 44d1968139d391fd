import numpy as np
import pandas as pd
import pytest

from alliance_data.families import collate, core_keys, document_keys, find_families, key_array, sentence_keys

ARTICLE = [
    "In the coming months US and Japanese officers will sit down in Tokyo to plan.",
    "If all goes well those efforts will produce a joint declaration next autumn.",
    "The critical feature is a bond between more nearly equal partners in policy.",
    "Among the vital issues to be worked out are roles and missions for both forces.",
]


def test_truncated_copy_and_copy_with_extra_lines_join_one_family():
    keys = {
        "a": sentence_keys(" ".join(ARTICLE)),
        "b": sentence_keys(" ".join(ARTICLE[:3])),  # truncated
        "c": sentence_keys("\n".join(ARTICLE + ["An unrelated teaser about the city metro goes on and on here."])),
        "z": sentence_keys("A different story about trade talks in Geneva this week, with many details."),
    }
    families = find_families(keys)
    assert families["a"] == families["b"] == families["c"]
    assert families["z"] != families["a"]
    assert families == find_families(dict(reversed(list(keys.items()))))  # order does not matter


def test_sentence_keys_ignore_case_quotes_and_spacing():
    assert sentence_keys("He said “we will act” in Tokyo today, officials added.") == sentence_keys(
        'he said  "we will act" in tokyo today officials added'
    )


def test_collation_marks_same_changed_and_one_sided():
    left = pd.DataFrame({"passage_id": ["l0", "l1", "l2"], "text": [ARTICLE[0], ARTICLE[1], ARTICLE[3]]})
    right = pd.DataFrame({
        "passage_id": ["r0", "r1", "r2"],
        "text": [ARTICLE[0], ARTICLE[1].replace("next autumn", "next year"), ARTICLE[2]],
    })
    rows = collate("f1", "L", "R", left, right)
    status = [(r["left_passage_id"], r["right_passage_id"], r["status"]) for r in rows]
    assert ("l0", "r0", "same") in status
    assert ("l1", "r1", "changed") in status
    assert ("l2", None, "left_only") in status and (None, "r2", "right_only") in status


def _paragraph(topic: str, n: int) -> str:
    """A long paragraph (over 30 words) whose sentences are distinct for each topic."""
    return " ".join(
        f"Sentence {i} of the report on {topic} explains one more detail of the matter at some length here."
        for i in range(n)
    )


SITE_FURNITURE = [
    "Highlight your strengths and take our quizzes to know yourself better today.",
    "Good sleepers are happier and healthier and they enjoy their mornings more.",
    "Join the community to start discussions and share advice on our stories.",
    "Do you have feedback or questions about the site and its many sections?",
]


def test_two_articles_from_one_site_sharing_furniture_are_no_family():
    texts = {
        "site-1": "\n".join([_paragraph("the harbour", 3), _paragraph("the bridge", 3)] + SITE_FURNITURE),
        "site-2": "\n".join([_paragraph("the election", 3)] + SITE_FURNITURE),
    }
    keys = {d: sentence_keys(t) for d, t in texts.items()}
    # On sentences alone the shorter page is mostly furniture, so it looks contained in the other:
    assert find_families(keys)["site-1"] == find_families(keys)["site-2"]
    families = find_families(keys, lambda d: core_keys(texts[d]))
    assert families["site-1"] != families["site-2"]
    # the same with the keys and paragraphs' keys as arrays, as a build holds them
    assert find_families({d: key_array(k) for d, k in keys.items()}, lambda d: key_array(core_keys(texts[d]))) == families


def test_copies_of_one_article_with_different_furniture_stay_one_family():
    from alliance_data.families import core_keys

    article = [_paragraph("the alliance", 3), _paragraph("the treaty", 2)]
    texts = {
        "copy-1": "\n".join(["Home News World"] + article + SITE_FURNITURE[:2]),
        "copy-2": "\n".join(article[:1] + ["Subscribe to our newsletter for more stories like this."]),
    }
    keys = {d: sentence_keys(t) for d, t in texts.items()}
    families = find_families(keys, lambda d: core_keys(texts[d]))
    assert families["copy-1"] == families["copy-2"]


@pytest.mark.parametrize("text", [
    "",
    "\n".join(ARTICLE),
    " ".join(ARTICLE) + "\nA short teaser line here.\n\n" + "\n".join(ARTICLE[:2]),
    # line breaks inside sentences, several blanks, a surrogate, Greek and Turkish capitals, sentence ends of all kinds
    "One two three four five six seven\neight nine ten eleven twelve thirteen!  Fourteen fifteen?\t\x0bsixteen "
    "seventeen eighteen nineteen twenty twenty-one twenty-two twenty-three twenty-four twenty-five twenty-six "
    "twenty-seven twenty-eight twenty-nine thirty. ΟΔΥΣΣΕΥΣ ΚΑΙ ΑΛΛΟΙ İstanbul x\ud800y ends here after all now.",
    ("word " * 29 + "end.\n") * 3 + ("word " * 30 + "end.\n") * 2,
])
def test_document_keys_are_sentence_and_core_keys(text):
    keys, core = document_keys(text)
    assert (frozenset(keys.tolist()), frozenset(core.tolist())) == (sentence_keys(text), core_keys(text))
    assert keys.dtype == core.dtype == np.uint64 and list(keys) == sorted(set(keys.tolist()))


def _pairwise_families(keys):
    """Families by comparing every pair of documents: the rule written out plainly, as a reference."""
    from itertools import combinations

    from alliance_data.families import MAX_POSTING, MIN_CONTAINMENT, MIN_SHARED, family_id

    holders = {}
    for doc_id, doc_keys in keys.items():
        for key in doc_keys:
            holders.setdefault(key, set()).add(doc_id)
    parent = {d: d for d in keys}

    def root(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in combinations(sorted(keys), 2):
        shared = sum(1 for k in keys[a] & keys[b] if len(holders[k]) <= MAX_POSTING)
        smaller = min(len(keys[a]), len(keys[b]))
        if shared >= MIN_SHARED and smaller and shared / smaller >= MIN_CONTAINMENT:
            ra, rb = root(a), root(b)
            parent[max(ra, rb)] = min(ra, rb)
    groups = {}
    for d in keys:
        groups.setdefault(root(d), []).append(d)
    return {d: family_id(members) for members in groups.values() for d in members}


def test_families_equal_a_pairwise_comparison_and_skip_keys_in_too_many_documents():
    from alliance_data.families import MAX_POSTING

    boilerplate = "Thank you for reading this story, please share it with your friends today."
    keys = {f"d{i:03d}": sentence_keys(f"{boilerplate}\nA story number {i} about the harbour, the ships and the port.")
            for i in range(MAX_POSTING + 5)}  # one shared sentence, in too many documents to count
    keys["copy-a"] = sentence_keys(" ".join(ARTICLE))
    keys["copy-b"] = sentence_keys(" ".join(ARTICLE[1:]))
    keys["other"] = sentence_keys(" ".join(ARTICLE[:1]) + " A different story about trade talks in Geneva this week.")
    keys["small"] = frozenset({1, 2, 3})  # keys need not be sentence hashes
    keys["small-copy"] = frozenset({1, 2})
    families = find_families(keys)
    assert families == _pairwise_families(keys)
    assert families["copy-a"] == families["copy-b"] and families["small"] == families["small-copy"]
    # The keys as arrays (as a build holds them) give the same families
    assert find_families({d: key_array(k) for d, k in keys.items()}) == families
    assert len({families[f"d{i:03d}"] for i in range(MAX_POSTING + 5)}) == MAX_POSTING + 5


def test_the_characters_beyond_ascii_whose_lower_case_holds_an_ascii_letter():
    # What document_keys relies on to make a text lower case after encoding it.
    from alliance_data.families import _LOWER_TO_ASCII

    found = {c for c in map(chr, range(0x80, 0x110000)) if any(ch.isascii() for ch in c.lower())}
    assert found == set(_LOWER_TO_ASCII)


@pytest.mark.parametrize("text", [
    "One two three four five six seven. ÉTÉ À PARIS IL FAIT BEAU CHAUD.\nA line of the article with words",
    "İSTANBUL WAS THE CITY OF THE MEETING TODAY.\nThe Kelvin sign \u212a in KELVIN SCALE READINGS HERE.",
    "Straße und Grüße aus der Stadt im Sommer heute.\n" + " ".join(["word"] * 40) + ". And more of it here now.",
])
def test_document_keys_are_the_sentence_and_core_keys(text):
    from alliance_data.families import core_keys, document_keys, sentence_keys

    keys, core = document_keys(text)
    assert (frozenset(keys.tolist()), frozenset(core.tolist())) == (sentence_keys(text), core_keys(text))


def test_collating_pairs_together_gives_each_pair_s_rows_in_order():
    from alliance_data.corpus import collate_pairs

    def frame(doc: str, texts: list[str]) -> pd.DataFrame:
        return pd.DataFrame({"passage_id": [f"{doc}-{i}" for i in range(len(texts))], "text": texts})

    base = frame("a", ["The harbour opened at dawn.", "Boats left for the reef.", "Nets were mended at noon."])
    first = frame("b", ["The harbour opened at dawn.", "Boats left early for the outer reef.", "A storm came."])
    second = frame("c", ["Nets were mended at noon."])
    pairs = [("f1", "a", "b", base, first), ("f1", "a", "c", base, second)]
    rows = collate_pairs(pairs)
    assert rows == collate(*pairs[0]) + collate(*pairs[1])
    assert [r["right_doc"] for r in rows] == ["b"] * len(collate(*pairs[0])) + ["c"] * len(collate(*pairs[1]))
    assert {r["status"] for r in rows} >= {"same", "left_only"}
    assert collate_pairs([]) == []
