"""Text from documents and links as the dashboard shows it: one line, plain, never markup.

The one home of "what a missing title reads as" and of markdown escaping; views,
figures and pages import from here.
"""

from __future__ import annotations

import math
import re

import pandas as pd

__all__ = ["UNTITLED", "UNDATED", "DATE_HELP", "METHOD_LABELS", "REMOVED_LINE_HELP", "PLAIN_LIMIT", "plain", "md_escape",
           "is_missing", "method_label", "counted"]

#: What a missing title or date reads as, wherever one is shown.
UNTITLED = "(untitled)"
UNDATED = "undated"
#: What a table's date column holds.
DATE_HELP = ("The document's date: a day, a whole month or year when that is what is known, else the best date "
             "with the range the evidence allows in brackets. Reading the document shows the evidence.")
#: How a document was dated, in words (the codes of ``alliance_data.dates.METHODS``; tables and exports keep the
#: codes). Written here so the first page needs none of the dating code.
METHOD_LABELS = {"dateline": "dateline or stamp", "metadata": "metadata", "page metadata": "page metadata",
                 "inferred": "inferred from the text", "family": "from a copy of the article", "none": UNDATED}
#: What the removal log's line number points to, wherever the log is shown.
REMOVED_LINE_HELP = ("The line in the file as it was loaded (for a row of a table, in its text; for a web page, in the "
                     "text taken from it); 0: a line the web page's extractor left out")
#: Markdown and Streamlit's own markup (``:red[…]``, ``:material/…:``, ``$…$``) are neutralised by escaping these.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~<>$:@])")
#: A leading ``-``, ``+`` or ``1.`` would start a list.
_MD_LIST_START = re.compile(r"^(\s*|\s*\d+)([-+.)])(?=\s|$)")
#: Markdown turns ``http://…``, ``www.…`` and ``name@host`` into links even when escaped; an invisible
#: word joiner after the scheme, after ``www`` and before ``@`` keeps them plain text that reads the same.
_AUTOLINK_START = re.compile(r"(?i)\b(https?|ftps?|mailto|www)(?=[:.])|(?=@)")
_WORD_JOINER = "\u2060"
#: Longest text shown from one value of a document or a link (titles, URL values in notices).
PLAIN_LIMIT = 300


def counted(n: int, noun: str, plural: str | None = None, *, verb: str | None = None) -> str:
    """``n`` with its noun in the right number: "1 passage", "2,045 passages", "3 passage pairs"; with ``verb``
    (its plain form) the verb agrees: "1 passage matches", "2 passages match"."""
    text = f"{n:,} {noun if n == 1 else plural or noun + 's'}"
    if verb is None:
        return text
    return f"{text} {verb if n != 1 else verb + ('es' if verb.endswith(('s', 'sh', 'ch', 'x', 'z')) else 's')}"


def is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def plain(value: object, missing: str = "", *, limit: int = PLAIN_LIMIT) -> str:
    """One line of plain text for a title, date or link value: missing values (None, NaN, "") read as ``missing``.

    Whitespace runs (newlines included) become one space, so a value can never break out of
    its heading or table cell; text past ``limit`` characters is cut with an ellipsis.
    """
    if is_missing(value):
        return missing
    text = " ".join(str(value).split())  # str.split() splits on the characters regex \s matches
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def md_escape(text: object) -> str:
    """Text safe to place inside st.markdown: no markup, directive or link can form from it; missing → ""."""
    out = "" if is_missing(text) else str(text)
    out = _AUTOLINK_START.sub(lambda m: (m.group(1) or "") + _WORD_JOINER, out)
    out = _MD_SPECIAL.sub(r"\\\1", out)
    return _MD_LIST_START.sub(lambda m: m.group(1) + "\\" + m.group(2), out)


def method_label(method: object) -> str:
    """How a document was dated, in words: its method's label, the code itself when it has none."""
    return METHOD_LABELS.get(method, plain(method, "—")) if isinstance(method, str) else "—"
