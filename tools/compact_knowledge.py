"""Compact /work/shared/knowledge/officeholders_world.csv into the package's data/officeholders_world.csv.gz.

Keeps only the offices the dater reads (heads of state and government, vice presidents, party leaders,
foreign and defence ministers, US national security advisers and treasury secretaries, US ambassadors to
the UN, heads of international organisations) and only the columns it uses; drops the rows the curated
US/Japan table (data/officeholders.csv) already covers. Deterministic: same input, same bytes.

Usage: python tools/compact_knowledge.py [SOURCE_CSV]
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
from pathlib import Path

SOURCE = Path("/work/shared/knowledge/officeholders_world.csv")
TARGET = Path(__file__).resolve().parents[1] / "src" / "alliance_data" / "data" / "officeholders_world.csv.gz"

KEEP = {
    "head_of_state", "head_of_government", "vice_president", "party_leader", "foreign_minister",
    "defence_minister", "national_security_adviser", "un_secretary_general", "nato_secretary_general",
    "eu_commission_president", "world_bank_president", "imf_managing_director", "unhcr_high_commissioner",
    "wto_director_general", "oas_secretary_general", "arab_league_secretary_general", "who_director_general",
    "iaea_director_general", "au_commission_chair", "eu_high_representative", "ecb_president",
    "eu_council_president", "un_deputy_secretary_general",
}
US_ONLY = {"finance_minister", "un_permanent_representative"}
# offices the curated table already covers, with exact days
CURATED = {("USA", "head_of_state"), ("USA", "head_of_government"), ("USA", "foreign_minister"),
           ("USA", "defence_minister"), ("JPN", "head_of_government"), ("JPN", "foreign_minister"),
           ("JPN", "defence_minister")}


def _short_source(source: str) -> str:
    """The source list without the build notes, Wikidata ids kept so each row can be re-derived."""
    parts = []
    for piece in source.split(" | "):
        piece = piece.strip()
        name = re.split(r"[;(]", piece)[0].strip()
        ids = re.findall(r"wd:Q\d+", piece)
        note = "; end not in this source" if "end not in this source" in piece else ""
        parts.append(name + (f" ({' '.join(ids)})" if ids else "") + note)
    return " | ".join(dict.fromkeys(parts))


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    rows = []
    with source.open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            office, country = r["office"], r["country"]
            if office in US_ONLY and country != "USA":
                continue
            if office not in KEEP | US_ONLY or (country, office) in CURATED:
                continue
            if office == "un_permanent_representative" and "United Nations" not in r["office_label"]:
                continue
            rows.append([office, country, r["office_label"], r["name"], r["aliases"], r["start"], r["end"],
                         _short_source(r["source"])])
    rows.sort(key=lambda r: (r[0], r[1], r[5], r[3]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["office", "country", "label", "name", "aliases", "start", "end", "source"])
    writer.writerows(rows)
    with TARGET.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(out.getvalue().encode("utf-8"))
    print(f"{len(rows):,} rows written to {TARGET} ({TARGET.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
