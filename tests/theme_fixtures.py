"""A tiny literal passages table shared by the theme tests."""

from __future__ import annotations

import pandas as pd

ROWS = [
    # passage_id, doc_id, era, text
    ("p01", "d1", "1990s", "Japan agreed to study ballistic missile defense with Patriot interceptors against missile attack."),
    ("p02", "d1", "1990s", "Air defense units will deploy Patriot interceptors near Tokyo to intercept incoming missiles."),
    ("p03", "d1", "1990s", "The missile defense radar and interceptor batteries protect bases from ballistic missile attack."),
    ("p04", "d1", "1990s", "Naval vessels sailed to the Taiwan Strait as Beijing fired missiles near Taiwan."),
    ("p05", "d1", "1990s", "A crisis in the Taiwan Strait would test whether Japan supports American ships near Taiwan."),
    ("p06", "d1", "1990s", "Rice farmers protested tariffs on imported rice and the price of rice in Tokyo markets."),
    ("p07", "d2", "2020s", "A new joint headquarters will let the commander of US forces coordinate command and control."),
    ("p08", "d2", "2020s", "The command structure changes: a four-star commander and a joint operational command headquarters."),
    ("p09", "d2", "2020s", "Officials said the headquarters upgrade gives the commander more authority over joint operations."),
    ("p10", "d2", "2020s", "Japan will deploy Tomahawk cruise missiles that can strike targets in other countries."),
    ("p11", "d2", "2020s", "Long-range strike missiles give Japan a counterstrike capability against distant targets."),
    ("p12", "d2", "2020s", "Rice prices rose again as farmers in Niigata reported a poor rice harvest this autumn."),
    ("p13", "d3", "2020s", "Tension over Taiwan grew as Beijing held drills around Taiwan and the Taiwan Strait."),
    ("p14", "d3", "2020s", "Officials met at the Pacific Command in Hawaii to discuss rice exports and farm trade."),
]
EXTRA_ROWS = [
    # The same story scraped twice, and a passage from another story.
    ("p15", "d4", "2020s", "A new joint headquarters will let the commander of US forces coordinate command and control.", True, False),
    ("p16", "d4", "2020s", "A celebrity chef opened a ramen restaurant in Osaka with a long queue of diners.", False, True),
]


def tiny_passages(extra: bool = False) -> pd.DataFrame:
    rows = [(pid, doc, era, text, False, False) for pid, doc, era, text in ROWS]
    if extra:
        rows += EXTRA_ROWS
    frame = pd.DataFrame(rows, columns=["passage_id", "doc_id", "era", "text", "duplicate", "offtopic"])
    frame["position"] = frame.groupby("doc_id").cumcount()
    return frame
