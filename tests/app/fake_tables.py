"""Small built tables with the documented columns, for tests that must not depend on the pipeline.

Everything is plain pandas and stdlib objects, so a pickle of it loads anywhere.
"""

from __future__ import annotations

import hashlib
from types import SimpleNamespace

import pandas as pd

from alliance_data.eras import DECADES

from alliance_dashboard.corpora import CorpusChoice
from alliance_dashboard.selection import theme_membership
from alliance_dashboard.store import Tables, enrich_passages, filter_options

COLORS = {"Burden sharing": "#0072B2", "Taiwan Strait": "#D55E00", "Okinawa bases": "#009E73"}
#: Discovered topics: id → (label, colour); a passage mentioning Okinawa belongs to the first, any other to the second.
TOPICS = {"t00000000a1": ("okinawa · bases", "#E69F00"), "t00000000b2": ("burden · strait", "#56B4E9")}

DOCS = [
    # doc_id, source, title, outlet, date, date_min, date_max, method, era, family, canonical
    ("d000000000001", "001.txt", "Clinton and Hashimoto reaffirm alliance", "Reuters", "1996-04-17", "1996-04-17",
     "1996-04-17", "dateline", "1990s", "f000000000001", True),
    ("d000000000002", "002.txt", "Clinton and Hashimoto reaffirm alliance", "Reuters", "1996-04-17", "1996-04-01",
     "1996-04-30", "family", "1990s", "f000000000001", False),
    ("d000000000003", "003.txt", "US and Japan put muscle into alliance", "Taipei Times", "2005-03-14",
     "2005-03-14", "2005-03-14", "dateline", "2000s", "f000000000003", True),
    ("d000000000004", "004.txt", "Alliance upgrade amid Taiwan tension", "Asahi", "2024-04-10", "2024-01-01",
     "2024-12-31", "inferred", "2020s", "f000000000004", True),
]
PASSAGES = [
    ("d000000000001", "The United States and Japan reaffirmed the alliance. Okinawa bases will shrink.", "Okinawa bases",
     False),
    ("d000000000001", "Japan will share more of the burden of defence costs after 1960.", "Burden sharing", False),
    ("d000000000002", "The United States and Japan reaffirmed the alliance. Okinawa bases will shrink.", "Okinawa bases",
     False),
    ("d000000000003", "Roles and missions: Japan takes a larger share of the burden.", "Burden sharing", False),
    ("d000000000003", "Weather: sunny in Taipei tomorrow.", "Burden sharing", True),
    ("d000000000004", "Tension in the Taiwan Strait drives a command upgrade before 2027.", "Taiwan Strait", False),
    ("d000000000004", "Okinawa bases host Marines near the Taiwan Strait.", "Taiwan Strait", False),
]


def _pid(doc_id: str, text: str) -> str:
    return "p" + hashlib.sha256(f"{doc_id}\0{text}".encode()).hexdigest()[:12]


def fake_tables(name: str = "alliance", key: str = "") -> Tables:
    documents = pd.DataFrame([{
        "doc_id": d, "source": s, "title": t, "subtitle": None, "author": None, "outlet": o, "dateline": None,
        "date": dt, "date_min": lo, "date_max": hi, "date_precision": "day", "date_method": m,
        "date_evidence": [f"evidence for {t}"], "era": e, "family_id": f, "canonical": c,
        "removed": [{"text": "Advertisement", "rule": "boilerplate"}], "clean_text": "", "n_passages": 0,
        "encoding": "utf-8",
    } for d, s, t, o, dt, lo, hi, m, e, f, c in DOCS])
    rows, position = [], {}
    for i, (doc_id, text, theme, off) in enumerate(PASSAGES):
        doc = documents.set_index("doc_id").loc[doc_id]
        pos = position.get(doc_id, 0)
        position[doc_id] = pos + 1
        rows.append({
            "passage_id": _pid(doc_id, text), "doc_id": doc_id, "family_id": doc["family_id"], "position": pos,
            "start": 0, "end": len(text), "text": text, "date": doc["date"], "date_min": doc["date_min"],
            "date_max": doc["date_max"], "era": doc["era"], "offtopic": off,
            "offtopic_reason": "weather report" if off else None, "duplicate": not doc["canonical"],
            "source": doc["source"], "title": doc["title"],
        })
    passages = pd.DataFrame(rows)
    documents["n_passages"] = documents["doc_id"].map(passages.groupby("doc_id").size()).fillna(0).astype(int)
    documents["clean_text"] = documents["doc_id"].map(passages.groupby("doc_id")["text"].agg("\n\n".join))
    themes_of = {_pid(d, t): th for d, t, th, _ in PASSAGES}
    assignments = pd.DataFrame({
        "passage_id": passages["passage_id"],
        "themes": [[themes_of[p]] for p in passages["passage_id"]],
        "theme_scores": [{themes_of[p]: 1.0} for p in passages["passage_id"]],
        "theme_reasons": [{themes_of[p]: "its own words"} for p in passages["passage_id"]],
        "cluster": ["t00000000a1" if "Okinawa" in t else "t00000000b2" for t in passages["text"]],
        "primary_theme": [themes_of[p] for p in passages["passage_id"]],
        "x": [float(i) for i in range(len(passages))],
        "y": [float(i % 3) for i in range(len(passages))],
    })
    themes = pd.DataFrame([{
        "theme_id": "t" + n[:3].lower(), "name": n, "kind": "named", "description": f"About {n.lower()}",
        "terms": n.lower().split(), "n_passages": int((assignments["primary_theme"] == n).sum()),
        "stability": 0.9, "color": c,
    } for n, c in COLORS.items()] + [{
        "theme_id": i, "name": n, "kind": "discovered", "description": f"Discovered: {n}", "terms": n.split(" · "),
        "n_passages": int((assignments["cluster"] == i).sum()), "stability": 0.8, "color": c,
    } for i, (n, c) in TOPICS.items()])
    mentions = pd.DataFrame([
        {"passage_id": passages["passage_id"][1], "doc_id": "d000000000001", "text": "1960", "year": 1960,
         "year_end": 1960, "kind": "year", "start": 59, "end": 63},
        {"passage_id": passages["passage_id"][5], "doc_id": "d000000000004", "text": "2027", "year": 2027,
         "year_end": 2027, "kind": "year", "start": 59, "end": 63},
    ])
    removed = pd.DataFrame([{"doc_id": d, "source": s, "rule": "boilerplate", "text": "Advertisement", "line": 3}
                            for d, s, *_ in DOCS])
    collation = pd.DataFrame([{
        "family_id": "f000000000001", "left_doc": "d000000000001", "right_doc": "d000000000002",
        "left_passage_id": passages["passage_id"][0], "right_passage_id": passages["passage_id"][2],
        "similarity": 1.0, "status": "same"}, {
        "family_id": "f000000000001", "left_doc": "d000000000001", "right_doc": "d000000000002",
        "left_passage_id": passages["passage_id"][1], "right_passage_id": None, "similarity": 0.0,
        "status": "left_only"}])
    corpus = SimpleNamespace(
        documents=documents, passages=passages, mentions=mentions, removed=removed, collation=collation,
        problems=(SimpleNamespace(source="broken.txt", reason="not valid UTF-8; read as cp1252", severity="warning"),),
        fingerprint="fake", eras=DECADES,
    )
    theme_tables = SimpleNamespace(themes=themes, assignments=assignments, model=None)
    view = enrich_passages(passages, documents, assignments, themes)
    return Tables(name, key, corpus, theme_tables, view, theme_membership(assignments, themes),
                  filter_options(corpus, theme_tables), {**COLORS, **{n: c for n, c in TOPICS.values()}})
