"""What the cleaner keeps that is not article: the kept lines of the extraction-dev text copies that are not in
their page's gold, summed by words and grouped by shape, per site half.

A kept line is "in the gold" when its words occur in the gold article as they stand. Each kept line outside the gold
is grouped by where it lies (``before`` the first kept gold line, ``inside`` the article's kept lines, ``after``
the last), by its shape (``prose``: fifteen words or more ending a sentence; ``short``: fewer than eight words;
``mid``: the rest) and by the rule that flagged it while keeping it (``-``: none). The largest groups say where
precision is lost; a few lines of each are printed (page ids, not page text, lead each line).

Prints figures; never fails. Usage: python bench/bench_cleaning_kept.py [--corpus DIR] [--examples N]
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cleaning import arguments_and_pages, site_half  # noqa: E402

from alliance_data.clean import clean_lines, normalize_key, read_as_page  # noqa: E402
from alliance_data.text import word_count  # noqa: E402

_SENTENCE_END = re.compile(r"[.!?。！？][\"”’')\]]*$")


def _shape(text: str) -> str:
    words = word_count(text)
    if words >= 15 and _SENTENCE_END.search(text):
        return "prose"
    return "short" if words < 8 else "mid"


def kept_outside_gold(page: dict) -> list[tuple[tuple[str, str, str], float, str]]:
    """``((place, shape, flag), words, text)`` for each kept line of a page's text copy that is not in its gold."""
    cleaned = clean_lines(read_as_page(page["text_copy"]))
    gold = " " + normalize_key(page["gold"]) + " "
    flags = {r.line: r.rule for r in cleaned.flagged}
    kept = [line for line in cleaned.lines if line.text.strip()]
    in_gold = [bool(key := normalize_key(line.text)) and f" {key} " in gold for line in kept]
    found = [k for k, inside in enumerate(in_gold) if inside]
    if not found:
        return []
    out = []
    for k, line in enumerate(kept):
        if in_gold[k]:
            continue
        place = "before" if k < found[0] else "after" if k > found[-1] else "inside"
        out.append(((place, _shape(line.text), flags.get(line.number, "-")), word_count(line.text), line.text))
    return out


def main() -> None:
    args, found = arguments_and_pages(__doc__, examples={"type": int, "default": 3})
    if found is None:
        return
    _, pages = found
    for half in "AB":
        words: Counter = Counter()
        examples: dict[tuple, list[str]] = defaultdict(list)
        chosen = [page for page in pages if site_half(page["site"]) == half]
        for page in chosen:
            for group, count, text in kept_outside_gold(page):
                words[group] += count
                examples[group].append(f"{page['id']}: {text[:100]}")
        print(f"sites half {half}: {len(chosen)} pages, {sum(words.values()):.0f} kept words outside the gold")
        for group, count in words.most_common():
            print(f"  {count:7.0f} words  {' / '.join(group)}")
            for line in examples[group][:args.examples]:
                print(f"             {line}")


if __name__ == "__main__":
    main()
