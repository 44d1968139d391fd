"""Hostile corpus: ~100 files meant to crash the loader or exhaust memory, read by the command line.

Builds the folder in a temporary directory (gzip and zip bombs of 1 GB of zeros, a 200 MB
row, 10 MB of junk lines, deep JSON, corrupt archives, links out of the folder, pipes …
beside good articles), runs ``alliance-data summary`` and ``export`` on it in a subprocess
with the default limits, and prints: crashes, bad files named, good files loaded and the
child's peak memory (the target is at most 1 GB). Prints figures; never fails.

Usage: python bench/bench_hostile.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

GB = 1 << 30
MB = 1 << 20
ARTICLE = "Alliance notes {0}\n\nA paragraph about the alliance, missile defense and the bases in Okinawa ({0}).\n"


def _gzip_stream(path: Path, chunk: bytes, total: int) -> None:
    """A gzip file of ``total`` bytes of ``chunk`` repeated: one compressed member, repeated (gzip allows it)."""
    member = gzip.compress(chunk * (16 * MB // len(chunk)), compresslevel=9)
    with path.open("wb") as out:
        for _ in range(total // (16 * MB)):
            out.write(member)


def _zip_bomb(path: Path, member: str, total: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open(zipfile.ZipInfo(member), "w", force_zip64=True) as out:
            zeros = bytes(MB)
            for _ in range(total // MB):
                out.write(zeros)


def _write_chunks(path: Path, head: bytes, chunk: bytes, total: int, tail: bytes = b"") -> None:
    with path.open("wb") as out:
        out.write(head)
        for _ in range(total // len(chunk)):
            out.write(chunk)
        out.write(tail)


def build(folder: Path) -> tuple[dict[str, str], set[str]]:
    """The hostile folder: bad entries (name -> what it is) and the names of good documents."""
    bad: dict[str, str] = {}
    good: set[str] = set()

    def add_bad(name: str, what: str) -> Path:
        bad[name] = what
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        return folder / name

    # Bombs.
    _gzip_stream(add_bad("bomb-zeros.txt.gz", "1 GB of zeros, gzip"), bytes(MB), GB)
    _gzip_stream(add_bad("bomb-row.jsonl.gz", "one 1 GB row, gzip"), b"a" * MB, GB)
    _gzip_stream(add_bad("bomb-lines.csv.gz", "1 GB of blank lines, gzip"), b"\n" * MB, GB)
    _zip_bomb(folder / "bomb.zip", "zeros.txt", GB)
    bad["bomb.zip/zeros.txt"] = "zip holding a 1 GB member"
    with zipfile.ZipFile(folder / "nested.zip", "w") as archive:
        archive.write(folder / "bomb.zip", "inner.zip")
    bad["nested.zip/inner.zip"] = "a zip inside a zip"
    # Sizes.
    with add_bad("huge.txt", "200 MB sparse text file").open("wb") as out:
        out.truncate(200 * MB)
    _write_chunks(add_bad("row-200mb.jsonl", "one 200 MB JSONL row"), b'{"text": "', b"x" * MB, 200 * MB, b'"}\n')
    _write_chunks(add_bad("junk.jsonl", "10 MB of junk lines"), b"", b"junk!\n" * 1000, 10 * MB)
    _write_chunks(add_bad("junk.csv", "a CSV with one 50 MB field"), b'id,text\n1,"', b"y" * MB, 50 * MB, b'"\n')
    # Malformed content.
    add_bad("corrupt.txt.gz", "truncated gzip").write_bytes(gzip.compress(ARTICLE.format("x").encode() * 100)[:-50])
    add_bad("not-gzip.md.gz", "plain text named .gz").write_text(ARTICLE.format("not gzip"))
    add_bad("raw-deflate.txt.gz", "zlib stream named .gz").write_bytes(zlib.compress(b"text" * 1000))
    add_bad("deep.jsonl", "JSON nested 100,000 levels").write_text("[" * 100_000 + "\n")
    add_bad("deep-object.jsonl", "JSON objects nested 5,000 levels").write_text('{"a":' * 5_000 + "1" + "}" * 5_000 + "\n")
    add_bad("big-number.jsonl", "a 10,000-digit number").write_text('{"text": ' + "9" * 10_000 + "}\n")
    add_bad("array.jsonl", "rows that are not objects").write_text("[1, 2]\n\"text\"\nnull\n")
    add_bad("no-text.jsonl", "rows without a text column").write_text('{"title": "x"}\n' * 100)
    add_bad("open-quote.csv row 3 (line 6)", "unterminated quote")
    (folder / "open-quote.csv").write_text(f'id,text\n1,"{ARTICLE.format("csv fine")}"\n2,"never closed\n3,more\n4,more\n')
    good.add("open-quote.csv#1")
    add_bad("empty.txt", "empty").write_text("")
    add_bad("blank.md", "whitespace only").write_text(" \n\t\n")
    add_bad("scan.txt", "binary").write_bytes(bytes(range(256)) * 10)
    add_bad("image.html", "binary HTML").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(1000))
    add_bad("script.html", "HTML with no visible text").write_text("<html><script>" + "x();" * 1000 + "</script></html>")
    add_bad("fake.zip", "not a zip").write_bytes(b"PK\x03\x04 broken")
    add_bad("truncated.zip", "truncated zip").write_bytes((folder / "bomb.zip").read_bytes()[:500])
    with zipfile.ZipFile(add_bad("names.zip", "zip with unsafe names"), "w") as archive:
        archive.writestr("../../escape.txt", "x")
        archive.writestr("/etc/cron.d/evil.txt", "x")
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("ok.txt", ARTICLE.format("zip member"))
        archive.writestr("__MACOSX/._ok.txt", "x")
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    del bad["names.zip"]
    bad.update({f"names.zip/{n}": "unsafe zip member" for n in ("../../escape.txt", "/etc/cron.d/evil.txt", "link.txt")})
    bad.update({"names.zip/__MACOSX/._ok.txt": "macOS metadata", "names.zip/photo.jpg": "unsupported member"})
    good.add("names.zip/ok.txt")
    # The file system.
    outside = folder.parent / "outside-secret.txt"
    outside.write_text("root:x:0:0:secret\n")
    os.symlink(outside, add_bad("passwd.txt", "link out of the folder"))
    os.symlink("/etc/hostname", add_bad("hostname.txt", "absolute link out of the folder"))
    os.symlink("missing.txt", add_bad("dangling.txt", "dangling link"))
    os.symlink("loop-b.txt", add_bad("loop-a.txt", "link loop"))
    os.symlink("loop-a.txt", add_bad("loop-b.txt", "link loop"))
    (folder / "sub").mkdir()
    os.symlink("..", add_bad("sub/up", "folder link back to the root"))
    os.mkfifo(add_bad("pipe.txt", "named pipe"))
    add_bad(".hidden.txt", "hidden file").write_text(ARTICLE.format("hidden"))
    (add_bad("__MACOSX", "macOS metadata folder") / "x").mkdir(parents=True)
    add_bad("notes.docx", "unsupported type").write_bytes(b"PK\x03\x04")
    locked = add_bad("locked", "unreadable folder")
    locked.mkdir()
    (locked / "inside.txt").write_text(ARTICLE.format("locked"))
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads it anyway
        del bad["locked"]
        good.add("locked/inside.txt")
    # Good files, some in odd clothes.
    from alliance_data.load import bundled_sources

    for i, seed in enumerate(bundled_sources()):
        shutil.copy(seed, folder / f"seed-{i}.txt")
        good.add(f"seed-{i}.txt")
    for i in range(30):
        (folder / "sub" / f"note-{i:02}.txt").write_text(ARTICLE.format(f"note {i}"))
        good.add(f"sub/note-{i:02}.txt")
    encodings = {"utf16-le.txt": "utf-16-le", "utf16-bom.txt": "utf-16", "utf16-be.md": "utf-16-be",
                 "utf32.txt": "utf-32", "cp1252.txt": "cp1252", "bom.txt": "utf-8-sig"}
    for name, encoding in encodings.items():
        (folder / name).write_bytes(ARTICLE.format(f"caf\u00e9 {encoding}").encode(encoding))
        good.add(name)
    (folder / os.fsdecode(b"odd-\xff-name.txt")).write_text(ARTICLE.format("odd name"))
    good.add("odd-\ufffd-name.txt")
    (folder / "page.html").write_text(f"<html><body><p>{ARTICLE.format('html')}</p></body></html>")
    (folder / "article.md.gz").write_bytes(gzip.compress(ARTICLE.format("gzip").encode()))
    good.update({"page.html", "article.md.gz"})
    rows = [
        {"id": "r1", "text": ARTICLE.format("row 1"), "title": 1996, "author": ["A", "B"], "date": {"y": 1}},
        {"id": "r2", "text": ARTICLE.format("row 2 \ud800 lone surrogate")},
        "not json at all",
        {"id": "r3", "text": ARTICLE.format("row 3"), "date": 2005},
    ]
    (folder / "rows.jsonl").write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    good.update({"rows.jsonl#r1", "rows.jsonl#r2", "rows.jsonl#r3"})
    bad["rows.jsonl row 3"] = "a junk row between good ones"
    (folder / "table.csv").write_text(f'id,text\n1,"{ARTICLE.format("csv 1")}"\n2,"{ARTICLE.format("csv 2")}"\n')
    good.update({"table.csv#1", "table.csv#2"})
    return bad, good


def run_cli(args: list[str]) -> tuple[int, str, str, float, float]:
    """Exit code, stdout, stderr, seconds and the child's peak memory in MB."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "alliance_data.cli", *args], stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (child.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                seconds, usage.ru_maxrss / 1024)


def report(label: str, bad: dict[str, str], good: set[str], result: tuple[int, str, str, float, float],
           loaded: set[str] | None) -> None:
    code, out, err, seconds, peak = result
    crashed = code not in (0,) or "Traceback" in err
    lines = err.splitlines()
    named = {name for name in bad if any(line.split(": ", 1)[-1].startswith(f"{name}: ") for line in lines)}
    print(f"{label}: exit {code}, crashes {int(crashed)}, {seconds:.1f} s, peak memory {peak:,.0f} MB "
          f"({'within' if peak <= 1024 else 'OVER'} the 1 GB target)")
    print(f"  bad entries named with a reason: {len(named)} of {len(bad)}; problem lines: {len(lines)}")
    for name in sorted(set(bad) - named):
        print(f"    not named: {name} ({bad[name]})")
    if loaded is not None:
        print(f"  good documents loaded: {len(loaded & good)} of {len(good)}"
              + (f"; missing: {sorted(good - loaded)}" if good - loaded else ""))
    else:
        print(f"  {out.splitlines()[0] if out else 'no summary'} (expected {len(good)} documents)")
    if crashed:
        print("  stderr tail:", err[-1500:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="build the folder here and keep it")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)  # the builder's own process
    args = parser.parse_args()
    if args.build:
        bad, good = build(args.build)
        print(json.dumps({"bad": bad, "good": sorted(good)}))
        return
    base = Path(tempfile.mkdtemp(prefix="hostile-")) if args.keep is None else args.keep
    folder = base / "corpus"
    folder.mkdir(parents=True)
    try:
        start = time.perf_counter()
        # Built in a process of its own: Linux counts a parent's peak memory in its children's ru_maxrss.
        built = json.loads(subprocess.run([sys.executable, __file__, "--build", str(folder)], check=True,
                                          capture_output=True, text=True).stdout)
        bad, good = built["bad"], set(built["good"])
        files = sum(1 for _ in folder.rglob("*"))
        print(f"hostile folder: {files} entries ({len(bad)} bad, {len(good)} good documents) "
              f"built in {time.perf_counter() - start:.1f} s")
        report("summary", bad, good, run_cli(["summary", str(folder)]), None)
        out = base / "export"
        result = run_cli(["export", str(folder), "--out", str(out)])
        loaded = set()
        if (out / "documents.jsonl").exists():
            loaded = {json.loads(line)["source"] for line in (out / "documents.jsonl").read_text("utf-8").splitlines()}
        report("export", bad, good, result, loaded)
    finally:
        if args.keep is None:
            (folder / "locked").chmod(0o755) if (folder / "locked").exists() else None
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
