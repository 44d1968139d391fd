"""Inputs whose passages all look alike must never bring the process down.

scikit-learn's t-SNE crashes with a segmentation fault (not an exception) when the
points it lays out have no spread, so these run the command line in a subprocess
and check its exit code: a crash would show as a negative code, not a failed assert.
"""

import json
import subprocess
import sys

import numpy as np
import pytest

from alliance_data.themes import _tsne


def _export(source, out):
    return subprocess.run(
        [sys.executable, "-m", "alliance_data.cli", "export", str(source), "--out", str(out)],
        capture_output=True, text=True, timeout=600,
    )


def test_five_identical_notes_export_cleanly(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    for i in range(5):
        (folder / f"note{i}.txt").write_text("alliance defense treaty signed\n", encoding="utf-8")
    result = _export(folder, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [json.loads(line) for line in (tmp_path / "out" / "passages.jsonl").read_text().splitlines()]
    assert len(rows) == 5


def test_a_thousand_identical_rows_export_cleanly(tmp_path):
    table = tmp_path / "rows.jsonl"
    table.write_text(
        "".join(json.dumps({"id": i, "text": "The alliance defense treaty was signed today."}) + "\n" for i in range(1000)),
        encoding="utf-8",
    )
    result = _export(table, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-2000:]
    assert len((tmp_path / "out" / "documents.jsonl").read_text().splitlines()) == 1000


@pytest.mark.parametrize("n", [0, 1, 2, 4, 6, 50])
def test_identical_points_share_one_finite_position(n):
    points = np.tile([[0.3, 0.1, 0.5]], (n, 1))
    xy = _tsne(points, 0)
    assert xy.shape == (n, 2) and np.isfinite(xy).all()
    assert len({tuple(row) for row in xy}) <= 1


def test_distinct_points_keep_distinct_positions_and_copies_share_them():
    rng = np.random.default_rng(1)
    distinct = rng.normal(size=(12, 4))
    points = np.vstack([distinct, distinct[:3]])  # three exact copies
    xy = _tsne(points, 0)
    assert len({tuple(np.round(row, 6)) for row in xy[:12]}) == 12
    np.testing.assert_array_equal(xy[12:], xy[:3])
    np.testing.assert_array_equal(xy, _tsne(points, 0))  # deterministic
