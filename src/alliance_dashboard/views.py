"""Pure table shaping for the pages: frames in, display frames or escaped HTML out.

Pages stay thin by calling these; none of them imports streamlit. Text from
documents only reaches HTML through :func:`html.escape` here.
"""

from __future__ import annotations

import html
import re
from typing import Iterable, Mapping, Sequence
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from alliance_data.colors import text_color
from alliance_data.eras import DECADES, Eras
from alliance_data.search import parse_query, query_pattern
from alliance_data.shifts import theme_shares_over_time

from .display import UNDATED, UNTITLED, md_escape, plain
from .figures import NEUTRAL
from .store import model_or_none

#: The share of passages that carry no named theme (as the theme model calls it).
NO_NAMED_THEME = "No named theme"

__all__ = [
    "is_in",
    "membership_rows",
    "theme_counts",
    "theme_shares",
    "theme_intensity",
    "documents_table",
    "removed_counts",
    "families_table",
    "problems_table",
    "timeline_documents",
    "timeline_mentions",
    "kwic",
    "KWIC_COLUMNS",
    "count_hits",
    "search_terms",
    "highlight_terms",
    "passage_html",
    "offtopic_note",
    "share_url",
    "headline_numbers",
    "named_theme_counts",
    "era_support",
    "plain",
    "md_escape",
    "UNTITLED",
    "UNDATED",
    "passages_with_term",
    "md_escape",
    "word_diff_html",
    "align_by_terms",
    "distinctive_terms",
    "distinctive_terms_for",
    "era_theme_shares",
    "compare_documents_options",
    "family_options",
    "collation_rows",
    "aligned_passages",
    "NO_NAMED_THEME",
    "TERMS_SAMPLE_PER_ERA",
]


def membership_rows(view: pd.DataFrame, membership: pd.DataFrame) -> np.ndarray:
    """The theme-membership rows (bool matrix) of the passages in ``view``, in view order.

    Fast when ``view`` was filtered from the frame ``membership`` is aligned with
    (its index holds row positions there); otherwise looked up by passage_id.
    """
    positions = view.index.to_numpy()
    if (len(positions) and positions.dtype.kind in "iu" and positions.min() >= 0
            and positions.max() < len(membership)
            and np.array_equal(membership.index.to_numpy()[positions], view["passage_id"].to_numpy())):
        return membership.to_numpy(dtype=bool)[positions]
    return membership.reindex(view["passage_id"]).fillna(False).to_numpy(dtype=bool)


def _period_sums(periods: pd.Series, rows: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Per period: the column sums of ``rows`` and the number of rows."""
    codes, labels = pd.factorize(periods, sort=True)
    rows = np.asarray(rows, dtype=np.float64).reshape(len(codes), -1)
    sums = np.zeros((len(labels), rows.shape[1]))
    for j in range(rows.shape[1]):  # one pass per column: no sparse matrix, so no scipy import for a first page
        sums[:, j] = np.bincount(codes, weights=rows[:, j], minlength=len(labels))
    return [str(x) for x in labels], sums, np.bincount(codes, minlength=len(labels))


def is_in(values: pd.Series, allowed: pd.Series) -> np.ndarray:
    """``values.isin(allowed)`` as a bool array, fast for large string columns (a Python set, not Arrow's isin)."""
    allowed_set = set(allowed.to_numpy(dtype=object))
    return np.fromiter((v in allowed_set for v in values.to_numpy(dtype=object)), dtype=bool, count=len(values))


def theme_counts(view: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """Passages per theme among ``view`` (a passage may count for several themes)."""
    counts = membership_rows(view, membership).sum(axis=0)
    keep = counts > 0
    return pd.DataFrame({"theme": membership.columns[keep].astype(str), "n_passages": counts[keep].astype(int)})


def theme_shares(view: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    """Primary-theme shares per era with the passages and documents behind each.

    Columns: era, theme, n_passages, share, n_documents (with the theme), era_passages, era_documents.
    """
    columns = ["era", "theme", "n_passages", "share", "n_documents", "era_passages", "era_documents"]
    dated = view.dropna(subset=["era"])
    if dated.empty:
        return pd.DataFrame(columns=columns)
    dated = dated.assign(theme=dated["primary_theme"].fillna("(none)"))
    grouped = dated.groupby(["era", "theme"], sort=True).agg(
        n_passages=("passage_id", "size"), n_documents=("doc_id", "nunique")).reset_index()
    per_era = dated.groupby("era").agg(era_passages=("passage_id", "size"), era_documents=("doc_id", "nunique"))
    grouped = grouped.join(per_era, on="era")
    grouped["share"] = grouped["n_passages"] / grouped["era_passages"]
    rank = {e: i for i, e in enumerate(order)}
    grouped = grouped.sort_values(["era", "theme"], key=lambda s: s.map(rank) if s.name == "era" else s, kind="mergesort")
    return grouped[columns].reset_index(drop=True)


def theme_intensity(view: pd.DataFrame, membership: pd.DataFrame, *, by: str = "era", eras: Eras = DECADES,
                    include_excluded: bool = False) -> pd.DataFrame:
    """Each theme's share of the analysed passages of ``view`` per era or year (``shifts.theme_shares_over_time``).

    Pass the selection *without* its theme filter: the shares are of all its passages.
    """
    rows = membership_rows(view, membership) if len(view) else np.zeros((0, membership.shape[1]), dtype=bool)
    aligned = pd.DataFrame(rows, columns=[str(c) for c in membership.columns])
    light = view[["passage_id", "era", "year_min", "year_max", "duplicate", "offtopic"]].reset_index(drop=True)
    return theme_shares_over_time(light, aligned, by=by, eras=eras, include_excluded=include_excluded)


def _date_text(date: object, date_min: object, date_max: object) -> str:
    if not isinstance(date_min, str) or not isinstance(date_max, str):
        return UNDATED
    if date_min == date_max:
        return date_min
    best = f"{date} " if isinstance(date, str) else ""
    return f"{best}({date_min} – {date_max})"


def documents_table(documents: pd.DataFrame) -> pd.DataFrame:
    """One display row per document: title, outlet, date or range, method, era, family, canonical."""
    sizes = documents.groupby("family_id")["doc_id"].transform("size")
    return pd.DataFrame({
        "title": documents["title"].map(lambda t: plain(t, UNTITLED)),
        "outlet": documents["outlet"].map(lambda t: plain(t, "—")),
        "date": [_date_text(*r) for r in zip(documents["date"], documents["date_min"], documents["date_max"])],
        "date method": documents["date_method"],
        "era": documents["era"].fillna("—"),
        "family": [f"{f} ({n} versions)" if n > 1 else "—" for f, n in zip(documents["family_id"], sizes)],
        "canonical": documents["canonical"].astype(bool),
        "passages": documents["n_passages"].astype(int),
        "doc_id": documents["doc_id"],
    }).reset_index(drop=True)


def _named_themes(tables) -> set[str]:
    themes = tables.themes.themes
    return set(themes.loc[themes["kind"] == "named", "name"])


def named_theme_counts(tables, view: pd.DataFrame) -> pd.DataFrame:
    """Passages per named theme among ``view`` (discovered clusters left out)."""
    counts = theme_counts(view, tables.membership)
    return counts[counts["theme"].isin(_named_themes(tables))].reset_index(drop=True)


def headline_numbers(tables, view: pd.DataFrame, named_counts: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """The Overview's headline numbers as ``{name: (selected, whole corpus)}``.

    Documents, eras and removed lines count those with a passage in ``view``; named themes,
    those in ``named_counts`` (:func:`named_theme_counts` of the same view: the Overview's chart).
    """
    corpus = tables.corpus
    selected_docs = set(view["doc_id"].unique())
    return {
        "documents": (len(selected_docs), len(corpus.documents)),
        "eras": (int(view["era"].dropna().nunique()), len(tables.options.eras)),
        "named themes": (len(named_counts), len(_named_themes(tables))),
        "removed lines": (int(corpus.removed["doc_id"].isin(selected_docs).sum()), len(corpus.removed)),
    }


def era_support(shares: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Documents and passages behind each era of a theme-shares table, and the eras resting on one document."""
    per_era = shares.drop_duplicates("era")[["era", "era_documents", "era_passages"]].rename(
        columns={"era_documents": "n_documents", "era_passages": "n_passages"}).reset_index(drop=True)
    return per_era, per_era.loc[per_era["n_documents"] == 1, "era"].tolist()


def removed_counts(removed: pd.DataFrame) -> pd.DataFrame:
    """Removed lines per cleaning rule, most first."""
    if removed.empty:
        return pd.DataFrame(columns=["rule", "lines removed", "documents"])
    counts = removed.groupby("rule").agg(n=("text", "size"), docs=("doc_id", "nunique")).reset_index()
    counts = counts.sort_values(["n", "rule"], ascending=[False, True], kind="mergesort")
    return counts.rename(columns={"n": "lines removed", "docs": "documents"}).reset_index(drop=True)


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
    """Load problems as rows: file, reason, severity."""
    rows = [{"file": getattr(p, "source", str(p)), "reason": getattr(p, "reason", ""),
             "severity": getattr(p, "severity", "error")} for p in problems]
    return pd.DataFrame(rows, columns=["file", "reason", "severity"])


_TIMELINE_COLUMNS = ["doc_id", "title", "date", "date_min", "date_max", "date_method", "date_evidence"]


def timeline_documents(documents: pd.DataFrame, view: pd.DataFrame, *, limit: int | None = None) -> pd.DataFrame:
    """The documents that still have a passage under the current filters (at most ``limit``, spread evenly in time).

    Only the columns the timeline draws are kept, so a large corpus's texts are never copied.
    """
    columns = [c for c in _TIMELINE_COLUMNS if c in documents.columns]
    mask = documents["doc_id"].isin(pd.unique(view["doc_id"])).to_numpy()
    kept = documents.loc[mask, columns]
    if limit is not None and len(kept) > limit:
        kept = kept.sort_values(["date_min", "doc_id"], kind="mergesort", na_position="last")
        step = len(kept) / limit
        kept = kept.iloc[[int(i * step) for i in range(limit)]]
    return kept


def timeline_mentions(mentions: pd.DataFrame, view: pd.DataFrame, *, width: int = 90,
                      limit: int | None = None) -> pd.DataFrame:
    """References to past or future years made by the filtered passages, with a snippet and title."""
    columns = ["year", "year_end", "kind", "text", "title", "doc_id", "passage_id", "snippet"]
    m = mentions[is_in(mentions["passage_id"], view["passage_id"])]
    if limit is not None and len(m) > limit:
        m = m.sort_values(["year", "passage_id", "start"], kind="mergesort").iloc[:: -(-len(m) // limit)]
    if m.empty:
        return pd.DataFrame(columns=columns)
    cited = view.loc[is_in(view["passage_id"], m["passage_id"]), ["passage_id", "title", "text"]]
    info = cited.drop_duplicates("passage_id").set_index("passage_id")
    m = m.join(info.rename(columns={"text": "passage_text"}), on="passage_id")
    snippets = [_window(t, int(s), int(e), width) for t, s, e in zip(m["passage_text"], m["start"], m["end"])]
    m = m.assign(snippet=[f"{l}{c}{r}" for l, c, r in snippets])
    return m[columns].sort_values(["year", "doc_id"], kind="mergesort").reset_index(drop=True)


def _window(text: str, start: int, end: int, width: int) -> tuple[str, str, str]:
    """Up to ``width`` characters each side of ``text[start:end]``, cut only between words, "…" where cut."""
    left_from, right_to = max(0, start - width), min(len(text), end + width)
    left, right = text[left_from:start], text[end:right_to]
    if left_from > 0:
        if not text[left_from - 1].isspace() and not left[:1].isspace():  # the cut went through a word
            left = left.split(None, 1)[1] if len(left.split(None, 1)) == 2 else ""
        left = "…" + left.lstrip()
    if right_to < len(text):
        if not text[right_to].isspace() and not right[-1:].isspace():
            right = right.rsplit(None, 1)[0] if len(right.rsplit(None, 1)) == 2 else ""
        right = right.rstrip() + "…"
    return " ".join(left.split()), text[start:end], " ".join(right.split())


KWIC_COLUMNS = ["doc_id", "passage_id", "title", "date", "era", "left", "match", "right", "context"]


def kwic(view: pd.DataFrame, query: str, *, width: int = 60, limit: int = 500) -> pd.DataFrame:
    """Keyword in context: one row per occurrence of a term of ``query`` (whole words, "phrases", any case).

    Rows run in date order (undated last), then document and passage order; ``left`` and
    ``right`` hold up to ``width`` characters of whole words each side, and ``context``
    the three joined with the hit in ⟦ ⟧, so the hit sits mid-line. The terms are those of
    ``alliance_data.search``, the same as the filter and the highlighting.
    """
    pattern = query_pattern(query or "")
    if pattern is None or view.empty:
        return pd.DataFrame(columns=KWIC_COLUMNS)
    columns = ["doc_id", "passage_id", "title", "era", "text"] + [c for c in ("date_min", "date", "position")
                                                                   if c in view.columns]
    ordered = view[columns]
    keys = [c for c in ("date_min", "doc_id", "position") if c in ordered.columns]
    ordered = ordered.sort_values(keys, kind="mergesort", na_position="last")
    rows = []
    for row in ordered.itertuples(index=False):
        for found in pattern.finditer(row.text or ""):
            left, match, right = _window(row.text, found.start(), found.end(), width)
            before = " " if found.start() > 0 and row.text[found.start() - 1].isspace() else ""
            after = " " if found.end() < len(row.text) and row.text[found.end()].isspace() else ""
            rows.append({"doc_id": row.doc_id, "passage_id": row.passage_id, "title": plain(row.title, UNTITLED),
                         "date": plain(getattr(row, "date", None), UNDATED), "era": row.era or "—",
                         "left": left, "match": match, "right": right,
                         "context": f"{left}{before}⟦{match}⟧{after}{right}"})
            if len(rows) >= limit:
                return pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def count_hits(view: pd.DataFrame, query: str) -> tuple[int, int, int]:
    """Occurrences of the search terms in ``view``, and the passages and documents holding one (as :func:`kwic` counts)."""
    pattern = query_pattern(query or "")
    if pattern is None or view.empty:
        return 0, 0, 0
    counts = view["text"].fillna("").astype(str).str.count(pattern).to_numpy()
    found = counts > 0
    return int(counts.sum()), int(found.sum()), int(view.loc[found, "doc_id"].nunique())


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


def search_terms(query: str) -> list[str]:
    """The terms of a search text (words and "quoted phrases") for highlighting."""
    return parse_query(query or "")


def passages_with_term(view: pd.DataFrame, term: str) -> pd.DataFrame:
    """Passages in ``view`` containing ``term`` as a whole word (case-insensitive)."""
    if not term:
        return view.iloc[0:0]
    pattern = r"(?<!\w)" + re.escape(term) + r"(?!\w)"
    return view[view["text"].str.contains(pattern, case=False, regex=True, na=False)]


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


def align_by_terms(left: pd.DataFrame, right: pd.DataFrame, *, top_n: int = 20, min_similarity: float = 0.1
                   ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Pair passages across two sides by TF-IDF cosine (best match each, greedy, one-to-one).

    Returns pairs (left_id, right_id, similarity, shared_terms), left_only and right_only passages.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    columns = ["left_id", "right_id", "similarity", "shared_terms"]
    if left.empty or right.empty:
        return pd.DataFrame(columns=columns), left, right
    vectorizer = TfidfVectorizer(stop_words="english", min_df=1, token_pattern=r"(?u)\b[A-Za-z][A-Za-z\-]{2,}\b")
    try:
        matrix = vectorizer.fit_transform(pd.concat([left["text"], right["text"]]).tolist())
    except ValueError:  # nothing but stop words
        return pd.DataFrame(columns=columns), left, right
    a, b = matrix[: len(left)], matrix[len(left):]
    sims = (a @ b.T).toarray()
    terms = vectorizer.get_feature_names_out()
    order = sorted(((sims[i, j], i, j) for i in range(sims.shape[0]) for j in range(sims.shape[1])
                    if sims[i, j] >= min_similarity), key=lambda t: (-t[0], t[1], t[2]))
    used_l: set[int] = set()
    used_r: set[int] = set()
    rows = []
    for sim, i, j in order:
        if i in used_l or j in used_r:
            continue
        used_l.add(i)
        used_r.add(j)
        shared = a[i].multiply(b[j])
        idx = shared.nonzero()[1]
        weights = shared.toarray()[0][idx]
        shared_terms = [terms[k] for k, _ in sorted(zip(idx, weights), key=lambda t: (-t[1], terms[t[0]]))[:8]]
        rows.append({"left_id": left["passage_id"].iloc[i], "right_id": right["passage_id"].iloc[j],
                     "similarity": float(round(sim, 4)), "shared_terms": shared_terms})
        if len(rows) >= top_n:
            break
    pairs = pd.DataFrame(rows, columns=columns)
    return (pairs, left[~left["passage_id"].isin(pairs["left_id"])],
            right[~right["passage_id"].isin(pairs["right_id"])])


def distinctive_terms(view: pd.DataFrame, order: Sequence[str], *, top_n: int = 15) -> pd.DataFrame:
    """Terms most typical of each era against the others (TF-IDF over one pseudo-document per era)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    columns = ["era", "term", "score", "n_passages"]
    dated = view.dropna(subset=["era"])
    eras = [e for e in order if e in set(dated["era"])]
    if not eras:
        return pd.DataFrame(columns=columns)
    texts = [" ".join(dated.loc[dated["era"] == e, "text"]) for e in eras]
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True,
                                 token_pattern=r"(?u)\b[A-Za-z][A-Za-z\-]{2,}\b")
    try:
        matrix = vectorizer.fit_transform(texts).toarray()
    except ValueError:
        return pd.DataFrame(columns=columns)
    terms = vectorizer.get_feature_names_out()
    rows = []
    for k, era in enumerate(eras):
        best = sorted(range(len(terms)), key=lambda j: (-matrix[k, j], terms[j]))[:top_n]
        in_era = dated[dated["era"] == era]
        for j in best:
            if matrix[k, j] > 0:
                n = len(passages_with_term(in_era, terms[j]))
                rows.append({"era": era, "term": terms[j], "score": float(matrix[k, j]), "n_passages": n})
    return pd.DataFrame(rows, columns=columns)


#: Above this many passages, distinctive terms are estimated from a fixed sample per era.
TERMS_SAMPLE_PER_ERA = 4_000


def distinctive_terms_for(tables, view: pd.DataFrame, order: Sequence[str], *, top_n: int = 15,
                          per_era: int = TERMS_SAMPLE_PER_ERA) -> pd.DataFrame:
    """Distinctive terms per era: era, term, score, n_passages, passage_ids, sampled.

    The theme model's log-odds when it has one. An era with more than
    ``per_era`` passages is represented by a fixed random sample of them (the
    same every time), which keeps a large corpus interactive; ``sampled`` says so.
    """
    model = model_or_none(tables)
    analysed = view[~view["duplicate"] & ~view["offtopic"] & view["era"].notna()]
    sizes = analysed.groupby("era").size()
    sampled = bool((sizes > per_era).any())
    if sampled:
        rng = np.random.default_rng(0)
        positions = []
        for era, rows in analysed.groupby("era", sort=True).indices.items():
            positions.append(np.sort(rng.choice(rows, per_era, replace=False)) if len(rows) > per_era else rows)
        analysed = analysed.iloc[np.sort(np.concatenate(positions))]
    if model is not None:
        from alliance_data.themes import distinctive_terms_by_era

        found = distinctive_terms_by_era(analysed, model, top_n=top_n)
        terms = pd.DataFrame({
            "era": found["era"], "term": found["term"], "score": found["z"].astype(float),
            "n_passages": [len(ids) for ids in found["passage_ids"]],
            "passage_ids": [list(ids) for ids in found["passage_ids"]],
        }).reset_index(drop=True)
    else:
        terms = distinctive_terms(analysed, order, top_n=top_n)
        terms["passage_ids"] = [passages_with_term(analysed[analysed["era"] == e], t)["passage_id"].tolist()
                                for e, t in zip(terms["era"], terms["term"])]
    terms["sampled"] = sampled
    return terms


def era_theme_shares(tables, view: pd.DataFrame, order: Sequence[str], *, include_excluded: bool = False
                     ) -> pd.DataFrame:
    """Named-theme shares per era with the passages and documents behind each era.

    The same figures as ``alliance_data.themes.theme_shares_by_era`` (each passage
    splits a weight of 1 across its named themes, or gives it to "No named theme"),
    computed on the membership matrix so a large corpus answers at once.
    Columns: era, theme, n_passages, share, era_passages, era_documents (in era order).
    """
    columns = ["era", "theme", "n_passages", "share", "era_passages", "era_documents"]
    table = getattr(tables.themes, "themes", None)
    if table is None or model_or_none(tables) is None:
        return theme_shares(view, order)
    light = view[["passage_id", "doc_id", "era", "duplicate", "offtopic"]]
    chosen = light if include_excluded else light[~light["duplicate"] & ~light["offtopic"]]
    chosen = chosen[chosen["era"].notna()]
    if chosen.empty:
        return pd.DataFrame(columns=columns)
    named = [n for n in table.loc[table["kind"] == "named", "name"] if n in tables.membership.columns]
    rows = membership_rows(chosen, tables.membership[named]) if named else np.zeros((len(chosen), 0), dtype=bool)
    counts = rows.sum(axis=1)
    none = counts == 0
    weights = np.where(none[:, None], 0.0, rows / np.maximum(counts, 1)[:, None])
    full = np.column_stack([rows, none])
    weights = np.column_stack([weights, none.astype(float)])
    eras = chosen["era"].astype(str)
    labels, n_sum, era_rows = _period_sums(eras, full)
    _, w_sum, _ = _period_sums(eras, weights)
    docs = chosen.groupby(eras)["doc_id"].nunique().reindex(labels).to_numpy()
    names = named + [NO_NAMED_THEME]
    out = pd.DataFrame({
        "era": np.repeat(labels, len(names)), "theme": np.tile(names, len(labels)),
        "n_passages": n_sum.ravel().astype(int), "share": (w_sum / era_rows[:, None]).ravel(),
        "era_passages": np.repeat(era_rows, len(names)), "era_documents": np.repeat(docs, len(names)),
    })
    out = out[out["n_passages"] > 0]
    rank = {e: i for i, e in enumerate(order)}
    out = out.assign(_rank=out["era"].map(rank).fillna(len(rank)), _none=out["theme"].eq(NO_NAMED_THEME))
    out = out.sort_values(["_rank", "_none", "share", "theme"], ascending=[True, True, False, True], kind="mergesort")
    return out[columns].reset_index(drop=True)


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


def collation_rows(collation: pd.DataFrame, passages: pd.DataFrame, family: str, right_doc: str) -> pd.DataFrame:
    """The collation of one version against its canonical copy, with both passages' text, in reading order."""
    columns = ["status", "similarity", "left_text", "right_text", "left_position", "right_position",
               "left_offtopic", "right_offtopic"]
    rows = collation[(collation["family_id"] == family) & (collation["right_doc"] == right_doc)]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    info = passages.set_index("passage_id")[["text", "position", "offtopic_reason"]]
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


def aligned_passages(tables, left: pd.DataFrame, right: pd.DataFrame, *, top_n: int = 20,
                     min_similarity: float = 0.1) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Pairs (left_id, right_id, similarity, shared_terms), left_only, right_only: the theme model's when it has one."""
    model = model_or_none(tables)
    if model is not None and not left.empty and not right.empty:
        try:
            from alliance_data.themes import align_passages

            found = align_passages(left, right, model, top_n=top_n, min_similarity=min_similarity)
            pairs = found.pairs[["left_id", "right_id", "similarity", "shared_terms"]].reset_index(drop=True)
            pairs["shared_terms"] = [list(t) if isinstance(t, (list, tuple)) else [] for t in pairs["shared_terms"]]
            return pairs, _as_passages(found.left_only, left), _as_passages(found.right_only, right)
        except Exception:  # a different helper signature: fall back to plain TF-IDF pairing
            pass
    return align_by_terms(left, right, top_n=top_n, min_similarity=min_similarity)


def _as_passages(value: object, side: pd.DataFrame) -> pd.DataFrame:
    if isinstance(value, pd.DataFrame):
        if "passage_id" in value.columns:
            return side[side["passage_id"].isin(value["passage_id"])]
        return side.iloc[0:0]
    ids = set(value if isinstance(value, (list, tuple, set, pd.Series, pd.Index)) else [])
    return side[side["passage_id"].isin(ids)]
