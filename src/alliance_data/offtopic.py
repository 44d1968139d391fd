"""Off-topic passages: other stories glued onto the end of an article.

Scrapes often append teasers of unrelated stories after the author's bio or
the comment box. A trailing passage is flagged when it sits past the visible
end of the article, or is cut off mid-sentence, *and* shares little
vocabulary with the article's body. Flagged passages are kept, with the
reason, and left out of statistics by default.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Sequence

from .text import STOP_WORDS_EN, ends_sentence, split_count


__all__ = ["flag_offtopic", "vocabulary_similarity"]

#: Past the article's end, a passage this dissimilar to the body is another story.
AFTER_END_MAX_SIMILARITY = 0.3
#: A trailing passage cut off mid-sentence needs to be even less similar.
CUT_OFF_MAX_SIMILARITY = 0.12
MIN_TEASER_WORDS = 20
#: ... and less than this share of the similarity the article's own passages have.
RELATIVE_LIMIT = 0.5

# Function words carry no topic (the package's one stop-word list, data/stopwords.toml).
STOP_WORDS = STOP_WORDS_EN
_WORD = re.compile(r"[a-z][a-z'’-]+")


def _bag(text: str) -> Counter:
    return Counter(w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOP_WORDS)


def vocabulary_similarity(a: Counter, b: Counter) -> float:
    """Cosine similarity of two bags of content words."""
    if not a or not b:
        return 0.0
    dot = sum(count * b[word] for word, count in a.items() if word in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def _cut_off(text: str) -> bool:
    return split_count(text) >= MIN_TEASER_WORDS and not ends_sentence(text)


def flag_offtopic(texts: Sequence[str], *, first_after_end: int | None = None) -> list[str | None]:
    """A reason for every passage that belongs to another story, else None.

    ``first_after_end`` is the position of the first passage past the visible
    end of the article (an author's bio, a comment box), if there is one.
    """
    n = len(texts)
    reasons: list[str | None] = [None] * n
    if n < 2:
        return reasons
    candidates: set[int] = set(range(first_after_end, n)) if first_after_end is not None else set()
    i = n - 1
    while i > 0 and _cut_off(texts[i]):  # a trailing run of passages cut off mid-sentence
        candidates.add(i)
        i -= 1
    if not candidates:
        return reasons
    body_end = min(candidates)
    bags = [_bag(t) for t in texts[:body_end]]
    body: Counter = Counter()
    for bag in bags:  # in place: a sum of Counters makes a new one at every step
        body.update(bag)
    if not body:
        return reasons
    # How similar the article's own passages are to the rest of it (leave one out):
    # long, varied texts have low similarities throughout, so the limit is relative too.
    own = sorted(vocabulary_similarity(bag, body - bag) for bag in bags[-8:] if bag)
    typical = own[len(own) // 2] if own else 0.0
    for i in sorted(candidates):
        similarity = vocabulary_similarity(_bag(texts[i]), body)
        after_end = first_after_end is not None and i >= first_after_end
        cut = _cut_off(texts[i])
        limit = AFTER_END_MAX_SIMILARITY if after_end else CUT_OFF_MAX_SIMILARITY
        limit = min(limit, RELATIVE_LIMIT * typical)
        if similarity < limit:
            where = "follows the end of the article" if after_end else "trails the article"
            cut_note = " and is cut off mid-sentence" if cut else ""
            reasons[i] = (
                f"{where}{cut_note}; shares little vocabulary with the article "
                f"(similarity {similarity:.2f} < {limit:.2f})"
            )
    return reasons
