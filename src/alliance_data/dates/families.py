"""Near-duplicate copies share a date: an undated or merely inferred copy takes its dated sibling's."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .intervals import PRECISIONS


# --------------------------------------------------------------------------- families

_FAMILY_COLUMNS = ("family_id", "date", "date_min", "date_max", "date_precision", "date_method", "date_evidence")
_PRECISION_RANK = {p: i for i, p in enumerate(PRECISIONS)}


def _donor(dated: pd.DataFrame) -> pd.Series:
    """The family member whose date the others take: canonical first, then the sharpest, then by id."""
    def key(i: Any) -> tuple:
        canonical = bool(dated.at[i, "canonical"]) if "canonical" in dated.columns else False
        ident = str(dated.at[i, "doc_id"]) if "doc_id" in dated.columns else str(i)
        return (not canonical, _PRECISION_RANK.get(dated.at[i, "date_precision"], 9), ident)

    return dated.loc[min(dated.index, key=key)]


def propagate_family_dates(documents: pd.DataFrame) -> pd.DataFrame:
    """Give undated or merely inferred copies the date of a near-duplicate with a dateline or metadata.

    A copy whose own inferred interval is sharper and lies inside the dated member's keeps its
    own estimate. Returns a new frame; each changed copy's evidence starts with a sentence naming
    the dated member and whether the two agree, followed by its own evidence.
    """
    missing = [c for c in _FAMILY_COLUMNS if c not in documents.columns]
    if missing:
        raise ValueError(f"documents lacks the column(s) {', '.join(missing)} needed to propagate family dates")
    out = documents.copy()
    out["date_evidence"] = [list(e) if isinstance(e, (list, tuple)) else [] for e in out["date_evidence"]]
    strong = out["date_method"].isin(["dateline", "metadata", "page metadata"])
    sizes = out.groupby("family_id")["family_id"].transform("size")
    for family in sorted(out.loc[(sizes > 1) & strong, "family_id"].unique()):
        members = out[out["family_id"] == family]
        donor = _donor(members[strong[members.index]])
        label = donor["source"] if isinstance(donor.get("source"), str) else donor.get("doc_id", "")
        lead = f"A near-duplicate copy ({label}) is dated {donor['date']} by its {donor['date_method']}"
        for i in members.index:
            if strong[i]:
                continue
            own_lo, own_hi, own = out.at[i, "date_min"], out.at[i, "date_max"], out.at[i, "date_evidence"]
            has_own = isinstance(own_lo, str) and isinstance(own_hi, str)
            if has_own and donor["date_min"] <= own_lo and own_hi <= donor["date_max"] \
                    and (own_lo, own_hi) != (donor["date_min"], donor["date_max"]):
                out.at[i, "date_evidence"] = [f"{lead} ({donor['date_min']} to {donor['date_max']}), which agrees "
                                              "with the document's own sharper evidence"] + own
                continue
            sentence = lead
            if has_own and own_lo <= donor["date_max"] and donor["date_min"] <= own_hi:
                sentence += f"; this agrees with the document's own evidence ({own_lo} to {own_hi})"
            elif has_own:
                sentence += (f"; the document's own evidence pointed to {own_lo} to {own_hi}, "
                             f"the copy's {donor['date_method']} is preferred")
            for column in ("date", "date_min", "date_max", "date_precision"):
                out.at[i, column] = donor[column]
            out.at[i, "date_method"] = "family"
            out.at[i, "date_evidence"] = [sentence] + own
    return out
