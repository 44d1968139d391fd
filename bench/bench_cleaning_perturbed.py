"""Cleaning on page layouts nobody has seen: the extraction-dev text copies, rearranged.

Each page's text copy is changed in one way at a time, and its clean text scored against
its own gold article as in ``bench_cleaning.py``:

- ``as copied``: the copy unchanged (the reference);
- ``shuffled around``: the blocks (lines between blank lines) above and below the article
  put in another order, as many above as before;
- ``menu above``: 200 lines of a site menu put on top;
- ``comments below``: a comment thread of 30 comments (names, times, a few sentences each,
  written here) put below;
- ``below another story``: another site's page in the same language (where the set has one) put above
  this one (two stories glued);
- ``another story below``: another page's copy put below this one;
- ``short article``: only the first one, two or three paragraphs of the article kept (by turns), the rest of its
  body dropped from the copy and from the gold (a brief, a short note among the page's furniture);
- ``short story below another`` / ``short story above another``: that short article glued below or above
  another page's copy (a second story of a paragraph or two next to a longer one);
- ``every line apart``: a blank line after every line of the copy (a "save as text", or a scrape that joins
  the page's blocks with blank lines), so no two lines of a menu touch;
- ``no blank lines``: every blank line of the copy dropped (a scrape that joins the page's blocks with single
  line breaks), so no blank line closes a paragraph;
- ``wrapped at 72``: every line longer than 72 characters hard-wrapped at 72 (an editor's or a mail program's
  wrap, "fmt"), so each paragraph runs over several lines as a menu does.

The worst outcome on an unseen page is losing most of its article, so besides mean F1 and
recall the bench counts pages losing more than 10 % and more than half of their article.
Every change is drawn from a fixed seed: the same pages give the same figures.

Prints figures; never fails. Usage: python bench/bench_cleaning_perturbed.py [--corpus DIR] [--worst N]
"""

from __future__ import annotations

import random
import statistics
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_cleaning import arguments_and_pages, site_half  # noqa: E402

from alliance_data.clean import normalize_key  # noqa: E402
from alliance_data.text import word_count  # noqa: E402
from alliance_data.load import RawDocument  # noqa: E402
from bench_cleaning_sensitivity import clean_text  # noqa: E402

SEED = 20260
MENU_WORDS = (
    "Home", "News", "World", "Politics", "Business", "Markets", "Tech", "Science", "Health", "Sport", "Football",
    "Culture", "Books", "Music", "Film", "Travel", "Food", "Style", "Opinion", "Editorials", "Letters", "Video",
    "Podcasts", "Photos", "Weather", "Local", "Europe", "Asia", "Americas", "Africa", "Middle East", "Economy",
    "Climate", "Education", "Obituaries", "Crosswords", "Newsletters", "Subscribe", "Log in", "Contact us",
)
NAMES = ("Ann Moser", "jdk1977", "Pat Kowalski", "R. Osei", "mira_t", "Hugo Lenz", "Sam Ortiz", "Kim Park",
         "old_reader", "Li Wen", "Tomás Ruiz", "Beth A.")
COMMENT_SENTENCES = (
    "I have read this twice and I am still not sure what the author wants us to take from it.",
    "This is exactly what I have been saying to my neighbours for years, and nobody listens.",
    "Thanks for writing this, it was a good read on a slow afternoon.",
    "The numbers in the third paragraph do not add up, unless I am missing something obvious.",
    "My father worked in that industry for thirty years and he would have laughed at this.",
    "Can anyone explain why this is news at all?",
    "I think you are being a little unfair to the people who were there at the time.",
    "We went there last summer with the kids and had a very different experience.",
    "It is a shame that the comments always end up in the same argument.",
    "Well said, and about time someone pointed it out in a paper like this one.",
    "I would like to see a follow-up piece when the final report comes out.",
    "Not sure why this was published without asking the other side for a comment.",
    "Same thing happened in our town, and the council did nothing about it for months.",
    "That is one way to look at it, but there is a lot more to the story than this.",
    "Does anyone know whether the original study is available to read somewhere?",
    "I stopped reading after the second paragraph because it was the usual nonsense.",
)


def article_span(lines: list[str], gold: str) -> tuple[int, int] | None:
    """First and last line of the copy whose words occur in the gold (lines of five words or more)."""
    haystack = " " + normalize_key(gold) + " "
    found = [i for i, line in enumerate(lines)
             if len(key := normalize_key(line)) and len(key.split()) >= 5 and f" {key} " in haystack]
    return (found[0], found[-1]) if found else None


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def shuffled_around(copy: str, gold: str, rng: random.Random) -> str:
    lines = copy.split("\n")
    span = article_span(lines, gold)
    if span is None:
        return copy
    above, below = _blocks(lines[:span[0]]), _blocks(lines[span[1] + 1:])
    pool = above + below
    rng.shuffle(pool)
    join = lambda blocks: "\n\n".join("\n".join(b) for b in blocks)  # noqa: E731
    return "\n\n".join(x for x in (join(pool[:len(above)]), "\n".join(lines[span[0]:span[1] + 1]),
                                   join(pool[len(above):])) if x)


def menu_above(copy: str, rng: random.Random, lines: int = 200) -> str:
    blocks, left = [], lines
    while left > 0:
        size = min(left, rng.randint(6, 14))
        blocks.append("\n".join(rng.choice(MENU_WORDS) for _ in range(size)))
        left -= size
    return "\n\n".join(blocks) + "\n\n" + copy


def comments_below(copy: str, rng: random.Random, comments: int = 30) -> str:
    parts = [f"{comments} Comments", "Sort by: Newest"]
    for _ in range(comments):
        parts.append(f"{rng.choice(NAMES)} · {rng.randint(1, 23)} hours ago")
        parts.append(" ".join(rng.sample(COMMENT_SENTENCES, rng.randint(1, 3))))
        parts.append("Reply")
    return copy + "\n\n" + "\n\n".join(parts)


#: A gold line of at least this many words is one of the article's paragraphs (shorter ones: its headline, a
#: subheadings, a byline).
PARAGRAPH_WORDS = 20


def short_article(copy: str, gold: str, paragraphs: int) -> tuple[str, str]:
    """The copy and the gold with only the article's first ``paragraphs`` paragraphs: gold lines after the last
    one kept are dropped from the gold, and the copy's lines that hold them (below that paragraph's own line,
    within the article) from the copy. A page whose paragraphs cannot be found in its copy comes back as it is."""
    gold_lines = [line for line in gold.split("\n") if line.strip()]
    long = [k for k, line in enumerate(gold_lines) if word_count(line) >= PARAGRAPH_WORDS]
    if len(long) <= paragraphs:
        return copy, gold
    kept_gold, dropped_gold = gold_lines[:long[paragraphs - 1] + 1], gold_lines[long[paragraphs - 1] + 1:]
    lines = copy.split("\n")
    span = article_span(lines, gold)
    last_kept = " " + normalize_key(kept_gold[-1]) + " "
    keys = [normalize_key(line) for line in lines]
    mark = next((i for i, key in enumerate(keys) if key and len(key.split()) >= 5 and f" {key} " in last_kept), None)
    if span is None or mark is None:
        return copy, gold
    dropped = " " + " ".join(normalize_key(line) for line in dropped_gold) + " "
    kept = " " + " ".join(normalize_key(line) for line in kept_gold) + " "
    out = [line for i, line in enumerate(lines)
           if not (mark < i <= span[1] and keys[i] and f" {keys[i]} " in dropped and f" {keys[i]} " not in kept)]
    return "\n".join(out), "\n".join(kept_gold)


def every_line_apart(copy: str) -> str:
    return "\n\n".join(line for line in copy.split("\n") if line.strip()) + "\n"


def no_blank_lines(copy: str) -> str:
    return "\n".join(line for line in copy.split("\n") if line.strip()) + "\n"


def wrapped_at(copy: str, width: int = 72) -> str:
    return "\n".join(piece for line in copy.split("\n")
                     for piece in (textwrap.wrap(line, width) if len(line) > width else [line]))


def perturbations(pages: list[dict]) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Each perturbation's text per page id, and the gold it is scored against where that is not the page's own."""
    out: dict[str, dict[str, str]] = {name: {} for name in (
        "as copied", "shuffled around", "menu above", "comments below", "below another story", "another story below",
        "short article", "short story below another", "short story above another", "every line apart",
        "no blank lines", "wrapped at 72")}
    golds: dict[str, dict[str, str]] = {name: {} for name in out}
    for n, page in enumerate(pages):
        rng = random.Random(f"{SEED}:{page['id']}")
        # A page from elsewhere in the set, in the same language where there is one (a site glues its own stories).
        same = [p for p in pages if p["lang"] == page["lang"] and p["site"] != page["site"]]
        others = same or [p for p in pages if p["site"] != page["site"]]
        other = others[(n * 7 + 3) % len(others)]["text_copy"]
        copy = page["text_copy"]
        out["as copied"][page["id"]] = copy
        out["shuffled around"][page["id"]] = shuffled_around(copy, page["gold"], rng)
        out["menu above"][page["id"]] = menu_above(copy, rng)
        out["every line apart"][page["id"]] = every_line_apart(copy)
        out["no blank lines"][page["id"]] = no_blank_lines(copy)
        out["wrapped at 72"][page["id"]] = wrapped_at(copy)
        out["comments below"][page["id"]] = comments_below(copy, rng)
        out["below another story"][page["id"]] = other + "\n\n" + copy
        out["another story below"][page["id"]] = copy + "\n\n" + other
        short, gold = short_article(copy, page["gold"], 1 + n % 3)
        out["short article"][page["id"]] = short
        out["short story below another"][page["id"]] = other + "\n\n" + short
        out["short story above another"][page["id"]] = short + "\n\n" + other
        for name in ("short article", "short story below another", "short story above another"):
            golds[name][page["id"]] = gold
    return out, golds


def main() -> None:
    args, found = arguments_and_pages(__doc__, worst={"type": int, "default": 5})
    if found is None:
        return
    prf, pages = found
    print(f"text copies, {len(pages)} pages, each changed one way at a time (seed {SEED})")
    texts_by_name, golds = perturbations(pages)
    for name, texts in texts_by_name.items():
        rows = []
        for page in pages:
            gold = golds[name].get(page["id"], page["gold"])
            p, r, f, _, _ = prf(gold, clean_text(RawDocument(f"{page['id']}.txt", texts[page["id"]])))
            rows.append((page["id"], p, r, f, site_half(page["site"])))
        halves = "  ".join(f"{h}: F1 {statistics.fmean(x[3] for x in rows if x[4] == h):.3f}"
                           f" lose {sum(1 for x in rows if x[4] == h and x[2] < 0.9):2d}" for h in "AB")
        print(f"  {name:20s} F1 {statistics.fmean(x[3] for x in rows):.3f}  P {statistics.fmean(x[1] for x in rows):.3f}"
              f"  R {statistics.fmean(x[2] for x in rows):.3f}  losing >10 %: {sum(1 for x in rows if x[2] < 0.9):3d}"
              f"  >50 %: {sum(1 for x in rows if x[2] < 0.5):3d}   {halves}")
        worst = sorted(rows, key=lambda x: x[2])[:args.worst]
        print("      lowest recall: " + ", ".join(f"{x[0]} {x[2]:.2f}" for x in worst if x[2] < 0.9))


if __name__ == "__main__":
    main()
