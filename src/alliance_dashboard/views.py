"""Pure table shaping for the pages: frames in, display frames or escaped HTML out.

Pages stay thin by calling these; none of them imports streamlit. Text from
documents only reaches HTML through :func:`html.escape` here.
"""

from __future__ import annotations

import calendar
import html
import re
from typing import Iterable, Mapping, Sequence
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from alliance_data.colors import text_color
from alliance_data.export import document_table, passage_table, to_csv, to_jsonl
from alliance_data.rules import rule_meaning
from alliance_data.search import WithText, context_window, query_pattern

from .display import UNDATED, UNTITLED, md_escape, method_label, plain
from .figures import NEUTRAL

#: The two kinds of theme a page can show: the configured (named) themes, or the topics the model discovered.
THEME_KINDS = ("named", "discovered")
#: How each kind is called on the pages.
KIND_NOUNS = {"named": "named themes", "discovered": "discovered topics"}

__all__ = [
    "is_in", "documents_table", "removed_counts", "flagged_records", "document_doubts", "families_table", "problems_table", "timeline_documents",
    "timeline_mentions", "selected_mentions", "kwic_table", "document_dates", "highlight_terms", "passage_html", "offtopic_note", "share_url",
    "theme_names", "headline_numbers", "era_support", "plain", "md_escape", "UNTITLED", "UNDATED", "word_diff_html",
    "compare_documents_options", "family_options", "collation_rows", "passages_by_ids", "selection_documents",
    "selection_export", "EXPORT_TABLES", "EXPORT_FORMATS", "THEME_KINDS", "KIND_NOUNS",
]


def is_in(values: pd.Series, allowed: pd.Series) -> np.ndarray:
    """``values.isin(allowed)`` as a bool array, fast for large id columns.

    Arrow's ``is_in`` against the distinct allowed values (pandas' isin on an Arrow string column goes through
    Python objects); a categorical column is matched once per category. A missing value is never in.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values.dtype, pd.CategoricalDtype):
        inside = np.append(is_in(pd.Series(values.cat.categories), allowed), False)  # code -1: missing
        return inside[values.cat.codes.to_numpy()]
    allowed = pd.Series(allowed)
    if isinstance(allowed.dtype, pd.CategoricalDtype):  # the categories in use, not a value per row
        codes = allowed.cat.codes.to_numpy()
        allowed = pd.Series(allowed.cat.categories[np.unique(codes[codes >= 0])])
    wanted = pd.Series(pd.unique(allowed.dropna().to_numpy(dtype=object)), dtype=object)
    try:
        column = pa.array(values, from_pandas=True)
        found = pc.is_in(column, value_set=pa.array(wanted, type=column.type, from_pandas=True))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):  # mixed or unusual types
        return values.isin(wanted).to_numpy(dtype=bool) & values.notna().to_numpy()
    return found.fill_null(False).to_numpy(zero_copy_only=False).astype(bool, copy=False)


def _date_text(date: object, date_min: object, date_max: object) -> str:
    """A date as the tables show it: the day; a whole year or month as such ("1946", "1996-04"); else the best date
    with the range the evidence allows."""
    if not isinstance(date_min, str) or not isinstance(date_max, str):
        return UNDATED
    if date_min == date_max:
        return date_min
    if date_min[:4] == date_max[:4] and date_min[4:] == "-01-01" and date_max[4:] == "-12-31":
        return date_min[:4]
    if date_min[:7] == date_max[:7] and date_min[7:] == "-01" and date_max[7:] == _month_end(date_max[:7]):
        return date_min[:7]
    best = f"{date} " if isinstance(date, str) else ""
    return f"{best}({date_min} – {date_max})"


def _month_end(month: str) -> str:
    """The last day of a ``YYYY-MM`` month as ``-DD``."""
    try:
        year, number = int(month[:4]), int(month[5:7])
        return f"-{calendar.monthrange(year, number)[1]:02d}"
    except (ValueError, IndexError, calendar.IllegalMonthError):
        return ""


def document_dates(documents: pd.DataFrame) -> pd.Series:
    """Each document's date as the tables show it, by ``doc_id``: the date, or the best date and the range the
    evidence allows when that is wider than a day (an inferred date is never shown as if it were exact)."""
    return pd.Series([_date_text(*r) for r in zip(documents["date"], documents["date_min"], documents["date_max"])],
                     index=documents["doc_id"].to_numpy(), dtype=object)


def documents_table(documents: pd.DataFrame) -> pd.DataFrame:
    """One display row per document: title, outlet, date or range, method, era, family, canonical.

    Oldest first, as the passages are listed: by the earliest date the evidence allows, then the best date,
    title and id; undated documents last.
    """
    sizes = documents.groupby("family_id")["doc_id"].transform("size")
    order = pd.DataFrame({"min": pd.to_datetime(documents["date_min"], errors="coerce").to_numpy(),
                          "date": pd.to_datetime(documents["date"], errors="coerce").to_numpy(),
                          "title": documents["title"].fillna("").astype(str).to_numpy(),
                          "doc_id": documents["doc_id"].astype(str).to_numpy()})
    rows = order.sort_values(["min", "date", "title", "doc_id"], na_position="last", kind="stable").index.to_numpy()
    documents, sizes = documents.iloc[rows], sizes.iloc[rows]
    return pd.DataFrame({
        "title": documents["title"].map(lambda t: plain(t, UNTITLED)),
        "outlet": documents["outlet"].map(lambda t: plain(t, "—")),
        "date": document_dates(documents).to_numpy(),
        "date method": documents["date_method"].map(method_label),
        "era": documents["era"].fillna("—"),
        "family": [f"{f} ({n} versions)" if n > 1 else "—" for f, n in zip(documents["family_id"], sizes)],
        "canonical": documents["canonical"].astype(bool),
        "passages": documents["n_passages"].astype(int),
        "doc_id": documents["doc_id"],
    }).reset_index(drop=True)


def theme_names(themes: pd.DataFrame, kind: str, available: Iterable[str]) -> list[str]:
    """The names of one kind of theme (``THEME_KINDS``) in the themes table's order, those in ``available`` only."""
    if kind not in THEME_KINDS:
        raise ValueError(f"kind must be one of {THEME_KINDS}, got {kind!r}")
    present = set(available)
    return [str(n) for n in themes.loc[themes["kind"] == kind, "name"] if n in present]


def headline_numbers(tables, view: pd.DataFrame, counts: pd.DataFrame, n_themes: int) -> dict[str, tuple[int, int]]:
    """The Overview's headline numbers as ``{name: (selected, whole corpus)}``.

    Documents, eras and removed lines count those with a passage in ``view``; themes, those in
    ``counts`` (theme counts of the same view: the Overview's chart) out of ``n_themes`` of that kind.
    """
    corpus = tables.corpus
    selected_docs = set(view["doc_id"].unique())
    return {
        "documents": (len(selected_docs), len(corpus.documents)),
        "eras": (int(view["era"].dropna().nunique()), len(tables.options.eras)),
        "themes": (len(counts), n_themes),
        "removed lines": (int(corpus.removed["doc_id"].isin(selected_docs).sum()), len(corpus.removed)),
    }


def era_support(shares: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Documents and passages behind each era of a theme-shares table, and the eras resting on one document."""
    per_era = shares.drop_duplicates("era")[["era", "n_documents", "n_era_passages"]].rename(
        columns={"n_era_passages": "n_passages"}).reset_index(drop=True)
    return per_era, per_era.loc[per_era["n_documents"] == 1, "era"].tolist()


def removed_counts(removed: pd.DataFrame) -> pd.DataFrame:
    """Removed lines per cleaning rule, most first, with what the rule removes."""
    if removed.empty:
        return pd.DataFrame(columns=["rule", "lines removed", "documents", "what it removes"])
    counts = removed.groupby("rule").agg(n=("doc_id", "size"), docs=("doc_id", "nunique")).reset_index()
    counts = counts.sort_values(["n", "rule"], ascending=[False, True], kind="mergesort")
    counts["what it removes"] = counts["rule"].map(rule_meaning)
    return counts.rename(columns={"n": "lines removed", "docs": "documents"}).reset_index(drop=True)


def flagged_records(flagged: object) -> list[dict]:
    """A document's ``flagged`` value (its lines kept although a rule had doubts) as a list of records."""
    return [r for r in flagged if isinstance(r, dict)] if isinstance(flagged, (list, tuple, np.ndarray)) else []


def document_doubts(removed: pd.DataFrame, flagged: object) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One document's cleaning log as the Read page shows it: its removed lines (``line``, ``rule``, ``text``) and
    the lines it kept although a rule had doubts (``rule``, ``text``, from the documents table's ``flagged``
    records), each with the rule's meaning in ``why``."""
    removed = removed[["line", "rule", "text"]].assign(why=removed["rule"].map(rule_meaning))
    records = flagged_records(flagged)
    kept = pd.DataFrame({"rule": [str(r.get("rule", "")) for r in records],
                         "text": [str(r.get("text", "")) for r in records]})
    return removed.reset_index(drop=True), kept.assign(why=kept["rule"].map(rule_meaning))


def families_table(documents: pd.DataFrame) -> pd.DataFrame:
    """Near-duplicate families with more than one member: who is canonical, who are the copies."""
    sizes = documents.groupby("family_id")["doc_id"].transform("size")
    multi = documents[sizes > 1].sort_values(["family_id", "canonical", "source"], ascending=[True, False, True],
                                             kind="mergesort")
    rows = []
    for family, members in multi.groupby("family_id", sort=True):
        canonical = members[members["canonical"].astype(bool)]
        first = canonical.iloc[0] if not canonical.empty else members.iloc[0]
        rows.append({
            "family": family,
            "versions": len(members),
            "canonical": f"{plain(first['title'], UNTITLED)} — {plain(first['source'])}",
            "copies": "; ".join(str(s) for s in members.loc[~members["canonical"].astype(bool), "source"]),
        })
    return pd.DataFrame(rows, columns=["family", "versions", "canonical", "copies"])


def problems_table(problems: Iterable[object]) -> pd.DataFrame:
    """Load problems (``alliance_data.load.LoadProblem``) as rows: file, reason, severity."""
    rows = [{"file": p.source, "reason": p.reason, "severity": p.severity} for p in problems]
    return pd.DataFrame(rows, columns=["file", "reason", "severity"])


_TIMELINE_COLUMNS = ["doc_id", "title", "date", "date_min", "date_max", "date_method", "date_evidence"]


def timeline_documents(documents: pd.DataFrame, view: pd.DataFrame, *, limit: int | None = None) -> pd.DataFrame:
    """The documents that still have a passage under the current filters (at most ``limit``, spread evenly in time).

    Only the columns the timeline draws are kept, so a large corpus's texts are never copied.
    """
    columns = [c for c in _TIMELINE_COLUMNS if c in documents.columns]
    kept = documents.loc[is_in(documents["doc_id"], view["doc_id"]), columns]
    if limit is not None and len(kept) > limit:
        kept = kept.sort_values(["date_min", "doc_id"], kind="mergesort", na_position="last")
        step = len(kept) / limit
        kept = kept.iloc[[int(i * step) for i in range(limit)]]
    return kept


def selected_mentions(mentions: pd.DataFrame, view: pd.DataFrame, *, mention_rows: np.ndarray | None = None) -> pd.DataFrame:
    """The references to past or future years the passages of ``view`` make (rows of ``mentions``; no text read).

    ``mention_rows``: each mention's row in the whole view (``Tables.mention_rows``), when ``view``'s index holds
    those rows; the mentions are then found by row (in a column ``_row``) instead of by id.
    """
    if mention_rows is None:
        return mentions[is_in(mentions["passage_id"], view["passage_id"])]
    selected = np.zeros(max(int(mention_rows.max(initial=-1)), int(view.index.max()) if len(view) else -1) + 2, dtype=bool)
    selected[view.index.to_numpy()] = True
    held = np.flatnonzero(selected[mention_rows])  # a row of -1 reads the last cell, never set
    return mentions.iloc[held].assign(_row=mention_rows[held])


def timeline_mentions(mentions: pd.DataFrame, view: pd.DataFrame, *, width: int = 90,
                      limit: int | None = None,
                      with_text: WithText | None = None,
                      mention_rows: np.ndarray | None = None) -> pd.DataFrame:
    """References to past or future years made by the filtered passages, with a snippet and title.

    At most ``limit`` of them, spread evenly over the years, when more. ``with_text`` gives rows of ``view``
    their text when the view holds none (``Tables.with_text``); ``mention_rows`` as for :func:`selected_mentions`.
    """
    columns = ["year", "year_end", "kind", "text", "title", "doc_id", "passage_id", "snippet"]
    m = selected_mentions(mentions, view, mention_rows=mention_rows)
    if limit is not None and len(m) > limit:
        m = m.sort_values(["year", "passage_id", "start"], kind="mergesort").iloc[:: -(-len(m) // limit)]
    if m.empty:
        return pd.DataFrame(columns=columns)
    cited = view.loc[np.unique(m["_row"].to_numpy())] if mention_rows is not None else \
        view.loc[is_in(view["passage_id"], m["passage_id"])].drop_duplicates("passage_id")
    cited = (cited if with_text is None else with_text(cited))[["passage_id", "title", "text"]]
    info = cited.drop_duplicates("passage_id").set_index("passage_id")
    m = m.join(info.rename(columns={"text": "passage_text"}), on="passage_id")
    snippets = [context_window(t, int(s), int(e), width) for t, s, e in zip(m["passage_text"], m["start"], m["end"])]
    m = m.assign(snippet=[f"{l}{c}{r}" for l, c, r in snippets])
    return m[columns].sort_values(["year", "doc_id"], kind="mergesort").reset_index(drop=True)


def kwic_table(rows: pd.DataFrame, documents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Keyword-in-context rows (``alliance_data.search.kwic``) for display: titles and dates as one plain line.

    With the corpus's ``documents``, each row shows its document's date as :func:`document_dates` gives it (with
    the range the evidence allows), worked out for the listed rows' documents only.
    """
    if documents is None:
        shown = rows["date"]
    else:
        shown = rows["doc_id"].map(document_dates(documents[is_in(documents["doc_id"], rows["doc_id"])]))
    return rows.assign(title=[plain(t, UNTITLED) for t in rows["title"]],
                       date=[plain(d, UNDATED) for d in shown],
                       era=[plain(e, "—") for e in rows["era"]])


def highlight_terms(text: str, terms: Iterable[str]) -> str:
    """Escape ``text`` and wrap whole-word occurrences of ``terms`` (words or phrases) in ``<mark>``.

    Terms are found in the raw text with ``alliance_data.search`` (as the search filter
    finds them); every piece of document text is escaped on its own, so the only markup
    in the result is our ``<mark>``.
    """
    text = text or ""
    pattern = query_pattern([t.strip() for t in terms if t and t.strip()])
    if pattern is None:
        return html.escape(text)
    out: list[str] = []
    last = 0
    for found in pattern.finditer(text):
        out.append(html.escape(text[last:found.start()]))
        out.append(f"<mark>{html.escape(found.group(0))}</mark>")
        last = found.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def passage_html(text: str, *, theme: str | None, color: str | None, marked_terms: Iterable[str] = (),
                 note: str | None = None) -> str:
    """A passage block with a coloured left border and a theme badge; all document text escaped."""
    color = color if color and re.fullmatch(r"#[0-9a-fA-F]{3,8}", color) else NEUTRAL
    ink = text_color(color) if len(color) in (4, 7) else "#000000"
    badge = (f'<span style="background:{color};color:{ink};border-radius:4px;padding:1px 6px;'
             f'font-size:0.8em;">{html.escape(theme)}</span> ') if theme else ""
    extra = f' <span style="color:#666;font-size:0.8em;">{html.escape(note)}</span>' if note else ""
    body = highlight_terms(text, marked_terms)
    return (f'<div style="border-left:5px solid {color};padding:4px 10px;margin:6px 0;'
            f'background:#fafafa;line-height:1.5;">{badge}{extra}{"<br>" if badge or extra else ""}{body}</div>')


def share_url(base: str, page: str, params: Mapping[str, Sequence[str] | str]) -> str:
    """A link to ``page`` with ``params`` (repeated keys for lists), on ``base`` when known."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        for v in [value] if isinstance(value, str) else value:
            pairs.append((key, str(v)))
    query = urlencode(pairs)
    path = page.strip("/")
    root = base.rstrip("/") + "/" if base else "./"
    return f"{root}{path}" + (f"?{query}" if query else "")


def word_diff_html(left: str, right: str) -> tuple[str, str]:
    """Two escaped HTML strings: words only on the left in <del>, only on the right in <ins>."""
    import difflib

    a, b = (left or "").split(), (right or "").split()
    out_a: list[str] = []
    out_b: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        chunk_a = html.escape(" ".join(a[i1:i2]))
        chunk_b = html.escape(" ".join(b[j1:j2]))
        if op == "equal":
            out_a.append(chunk_a)
            out_b.append(chunk_b)
            continue
        if chunk_a:
            out_a.append(f'<del style="background:#fde0dd;">{chunk_a}</del>')
        if chunk_b:
            out_b.append(f'<ins style="background:#e5f5e0;text-decoration:none;">{chunk_b}</ins>')
    return " ".join(out_a), " ".join(out_b)


def compare_documents_options(documents: pd.DataFrame) -> tuple[list[str], dict[str, str]]:
    """Document ids in date order and a readable label for each."""
    ordered = documents.sort_values(["date_min", "title", "doc_id"], kind="mergesort", na_position="last")
    labels = {d: f"{plain(t, UNTITLED)} — {plain(dt, UNDATED)}{'' if c else ' (copy)'}"
              for d, t, dt, c in zip(ordered["doc_id"], ordered["title"], ordered["date"], ordered["canonical"])}
    return ordered["doc_id"].tolist(), labels


def family_options(documents: pd.DataFrame, *, family: str | None = None) -> tuple[list[str], dict[str, str]]:
    """Families with several versions (or, given ``family``, its non-canonical members) and labels."""
    if family is None:
        sizes = documents.groupby("family_id")["doc_id"].size()
        multi = documents[documents["family_id"].isin(sizes[sizes > 1].index) & documents["canonical"].astype(bool)]
        multi = multi.sort_values(["family_id"], kind="mergesort")
        labels = {f: f"{plain(t, UNTITLED)} ({int(sizes[f])} versions)" for f, t in zip(multi["family_id"], multi["title"])}
        return multi["family_id"].tolist(), labels
    members = documents[(documents["family_id"] == family) & ~documents["canonical"].astype(bool)]
    members = members.sort_values(["source"], kind="mergesort")
    labels = {d: f"{plain(s)} — {plain(dt, UNDATED)}" for d, s, dt in zip(members["doc_id"], members["source"], members["date"])}
    return members["doc_id"].tolist(), labels


def offtopic_note(reason: object) -> str | None:
    """A short note for a passage flagged as belonging to another story (None for an on-topic one)."""
    return f"off-topic: {reason}" if isinstance(reason, str) and reason else None


def collation_rows(collation: pd.DataFrame, passages: pd.DataFrame, family: str, right_doc: str, *,
                   with_text: WithText | None = None) -> pd.DataFrame:
    """The collation of one version against its canonical copy, with both passages' text, in reading order.

    ``with_text`` gives rows of ``passages`` their text when they hold none (``Tables.with_text``).
    """
    columns = ["status", "similarity", "left_text", "right_text", "left_position", "right_position",
               "left_offtopic", "right_offtopic"]
    rows = collation[(collation["family_id"] == family) & (collation["right_doc"] == right_doc)]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    named = passages[passages["passage_id"].isin(pd.concat([rows["left_passage_id"], rows["right_passage_id"]])
                                                  .dropna()).to_numpy(dtype=bool)]
    if with_text is not None:
        named = with_text(named)
    info = named.set_index("passage_id")[["text", "position", "offtopic_reason"]]
    left = info.reindex(rows["left_passage_id"])
    right = info.reindex(rows["right_passage_id"])
    out = pd.DataFrame({
        "status": rows["status"].to_numpy(),
        "similarity": pd.to_numeric(rows["similarity"], errors="coerce").fillna(0.0).to_numpy(),
        "left_text": left["text"].fillna("").to_numpy(),
        "right_text": right["text"].fillna("").to_numpy(),
        "left_position": left["position"].to_numpy(),
        "right_position": right["position"].to_numpy(),
        "left_offtopic": left["offtopic_reason"].to_numpy(),  # why a passage belongs to another story, if it does
        "right_offtopic": right["offtopic_reason"].to_numpy(),
    })
    key = out["left_position"].fillna(out["right_position"]).astype(float)
    return out.assign(_key=key).sort_values(["_key", "right_position"], kind="mergesort").drop(columns="_key") \
        .reset_index(drop=True)[columns]




def passages_by_ids(side: pd.DataFrame, ids: Iterable[str]) -> pd.DataFrame:
    """The passages of ``side`` whose id is among ``ids``, in ``side``'s order."""
    return side[side["passage_id"].isin(list(ids)).to_numpy(dtype=bool)]


def selection_documents(documents: pd.DataFrame, view: pd.DataFrame) -> pd.DataFrame:
    """The documents with at least one passage in ``view``, in corpus order."""
    return documents[is_in(documents["doc_id"], view["doc_id"])]


#: What the selection can be exported as: the tables, and the formats (``alliance_data.export`` writers).
EXPORT_TABLES = ("passages", "documents")
EXPORT_FORMATS = {"csv": ("CSV", to_csv, "text/csv"), "jsonl": ("JSON Lines", to_jsonl, "application/jsonl")}


def selection_export(table: str, documents: pd.DataFrame, view: pd.DataFrame, themes) -> pd.DataFrame:
    """The passages of ``view``, or their documents, as ``alliance_data.export`` writes them (one column list)."""
    if table == "passages":
        return passage_table(view, themes)
    if table == "documents":
        return document_table(selection_documents(documents, view))
    raise ValueError(f"table must be one of {EXPORT_TABLES}, got {table!r}")
